"""Questionnaires and appraisals in the API: the same choke point as the pages
(`fieldwork.access` through `surveys.permissions`) and the same services."""

from datetime import datetime

from django.db.models import Count, Q
from django.urls import reverse
from ninja import Router, Schema, Status

from xuncha.core.api import call_service, forbidden
from xuncha.fieldwork.access import get_stationing_for_user, may_write
from xuncha.surveys import bank, services
from xuncha.surveys.catalogue import default_keys
from xuncha.surveys.models import Question, Survey
from xuncha.surveys.permissions import (
    get_survey_for_user,
    may_use_bank,
    visible_bank_questions,
)
from xuncha.surveys.results import survey_results

router = Router(tags=["surveys"])


class SurveyOut(Schema):
    id: int
    inspection_id: int
    kind: str
    title: str
    status: str
    created_at: datetime
    opened_at: datetime | None
    closed_at: datetime | None
    paper_forms_issued: int
    links_issued: int
    links_used: int
    responses: int
    paper_responses: int


class QuestionOut(Schema):
    key: str
    position: int
    kind: str
    area: str
    text: str
    negative: str
    allow_remark: bool
    subject: str
    subject_post: str
    source: str


class VersionOut(Schema):
    number: int
    published_at: datetime | None
    responses: int


class SurveyDetail(SurveyOut):
    intro: str
    versions: list[VersionOut]
    questions: list[QuestionOut]
    draft_questions: list[QuestionOut]


class SurveyIn(Schema):
    kind: str
    title: str = ""
    areas: list[str] | None = None
    keys: list[str] | None = None


class QuestionIn(Schema):
    bank_key: str = ""
    text: str = ""
    kind: str = bank.YES_NO
    area: str = ""
    negative: str = ""
    allow_remark: bool = True


class CloseIn(Schema):
    reason: str = ""


class LinksIn(Schema):
    count: int


class LinksOut(Schema):
    survey_id: int
    tokens: list[str]
    paths: list[str]


class AnswerIn(Schema):
    key: str
    value: str = ""
    remark: str = ""


class PaperIn(Schema):
    version: int | None = None
    sheet_number: str = ""
    answers: list[AnswerIn]


class PaperOut(Schema):
    id: int
    survey_id: int
    version: int
    channel: str
    sheet_number: str
    answers: int


class QuestionResultOut(Schema):
    key: str
    number: int
    text: str
    area: str
    kind: str
    subject: str
    subject_post: str
    in_current: bool
    versions: list[int]
    counts: dict[str, int]
    answered: int
    negative: str
    negative_share: float | None
    good_share: float | None
    poor_share: float | None
    flagged: bool
    remarks: list[str]


class ResultsOut(Schema):
    survey_id: int
    flag_percent: int
    responses: int
    web: int
    paper: int
    links_issued: int
    links_used: int
    versions: list[VersionOut]
    questions: list[QuestionResultOut]
    subjects: list[QuestionResultOut]


class BankItemOut(Schema):
    key: str
    area: str
    kind: str
    text: str
    negative: str
    allow_remark: bool
    builtin: bool
    jurisdiction: str


def _counted(qs):
    return qs.annotate(
        links_issued=Count("links", distinct=True),
        links_used=Count("links", filter=Q(links__used_on__isnull=False), distinct=True),
        responses_n=Count("responses", distinct=True),
        paper_n=Count("responses", filter=Q(responses__channel="paper"), distinct=True),
    )


def _out(survey: Survey) -> dict:
    survey = _counted(Survey.objects.filter(pk=survey.pk)).get()
    return _row(survey)


def _row(s: Survey) -> dict:
    return {
        "id": s.pk,
        "inspection_id": s.inspection_id,
        "kind": s.kind,
        "title": s.title,
        "status": s.status,
        "created_at": s.created_at,
        "opened_at": s.opened_at,
        "closed_at": s.closed_at,
        "paper_forms_issued": s.paper_forms_issued,
        "links_issued": s.links_issued,
        "links_used": s.links_used,
        "responses": s.responses_n,
        "paper_responses": s.paper_n,
    }


def _writable(request, survey_id: int) -> Survey:
    survey = get_survey_for_user(request.auth, survey_id)
    if not may_write(request.auth, survey.inspection):
        raise forbidden()
    return survey


@router.get("/bank", response=list[BankItemOut])
def list_bank(request):
    """The built-in items and the offices' own items in use that the caller reaches."""
    if not may_use_bank(request.auth):
        raise forbidden()
    own = [q.as_item() for q in visible_bank_questions(request.auth).filter(active=True)]
    return [
        {**i.__dict__, "builtin": i.builtin}
        for i in bank.QUESTIONNAIRE_ITEMS + own + bank.APPRAISAL_ITEMS
    ]


@router.get("/inspections/{inspection_id}", response=list[SurveyOut])
def list_surveys(request, inspection_id: int):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    return [
        _row(s)
        for s in _counted(Survey.objects.filter(inspection=inspection)).order_by("kind", "pk")
    ]


@router.post("/inspections/{inspection_id}", response={201: SurveyOut})
def create_survey(request, inspection_id: int, payload: SurveyIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    if not may_write(request.auth, inspection):
        raise forbidden()
    keys = payload.keys
    if keys is None and payload.areas is not None:
        keys = default_keys(inspection.round.jurisdiction, payload.kind, areas=payload.areas)
    survey = call_service(
        services.create_survey,
        inspection,
        actor=request.auth,
        kind=payload.kind,
        title=payload.title,
        keys=keys,
    )
    return Status(201, _out(survey))


def _questions(version) -> list[Question]:
    return list(version.questions.all()) if version else []


@router.get("/{survey_id}", response=SurveyDetail)
def get_survey(request, survey_id: int):
    survey = get_survey_for_user(request.auth, survey_id)
    versions = list(survey.versions.annotate(n=Count("responses")).order_by("number"))
    published = [v for v in versions if v.published]
    draft = [v for v in versions if not v.published]
    return {
        **_out(survey),
        "intro": survey.intro,
        "versions": [
            {"number": v.number, "published_at": v.published_at, "responses": v.n} for v in versions
        ],
        "questions": _questions(published[-1] if published else None),
        "draft_questions": _questions(draft[0] if draft else None),
    }


@router.get("/{survey_id}/results", response=ResultsOut)
def get_results(request, survey_id: int):
    survey = get_survey_for_user(request.auth, survey_id)
    data = survey_results(survey)

    def rows(results):
        return [
            {
                **r.__dict__,
                "answered": r.answered,
                "negative_share": r.negative_share,
                "good_share": r.good_share if r.kind == bank.GRADE else None,
                "poor_share": r.poor_share if r.kind == bank.GRADE else None,
            }
            for r in results
        ]

    return {
        "survey_id": survey.pk,
        "flag_percent": data["percent"],
        **{k: data[k] for k in ("responses", "web", "paper", "links_issued", "links_used")},
        "versions": data["versions"],
        "questions": rows(data["questions"]),
        "subjects": rows(data["subjects"]),
    }


@router.post("/{survey_id}/questions", response={201: QuestionOut})
def add_question(request, survey_id: int, payload: QuestionIn):
    """A bank item (`bank_key`) or the team's own question."""
    survey = _writable(request, survey_id)
    if payload.bank_key:
        call_service(services.add_bank_questions, survey, [payload.bank_key], actor=request.auth)
        key = payload.bank_key
    else:
        key = call_service(
            services.add_question,
            survey,
            actor=request.auth,
            text=payload.text,
            kind=payload.kind,
            area=payload.area,
            negative=payload.negative,
            allow_remark=payload.allow_remark,
        ).key
    version = survey.versions.order_by("-number").first()
    return Status(201, version.questions.get(key=key))


@router.post("/{survey_id}/publish", response=SurveyOut)
def publish(request, survey_id: int):
    survey = _writable(request, survey_id)
    call_service(services.publish_survey, survey, actor=request.auth)
    return _out(survey)


@router.post("/{survey_id}/close", response=SurveyOut)
def close(request, survey_id: int, payload: CloseIn):
    survey = _writable(request, survey_id)
    call_service(services.close_survey, survey, actor=request.auth, reason=payload.reason)
    return _out(survey)


@router.post("/{survey_id}/links", response={201: LinksOut})
def issue_links(request, survey_id: int, payload: LinksIn):
    """The tokens are in this answer only; the platform keeps their hashes."""
    survey = _writable(request, survey_id)
    tokens = call_service(services.issue_links, survey, payload.count, actor=request.auth)
    return Status(
        201,
        {
            "survey_id": survey.pk,
            "tokens": tokens,
            "paths": [reverse("survey_public:answer", kwargs={"token": t}) for t in tokens],
        },
    )


@router.post("/{survey_id}/paper", response={201: PaperOut})
def enter_paper(request, survey_id: int, payload: PaperIn):
    survey = _writable(request, survey_id)
    answers = {a.key: (a.value, a.remark) for a in payload.answers}
    response = call_service(
        services.enter_paper_form,
        survey,
        answers,
        actor=request.auth,
        version_number=payload.version,
        sheet_number=payload.sheet_number,
    )
    return Status(
        201,
        {
            "id": response.pk,
            "survey_id": survey.pk,
            "version": response.version.number,
            "channel": response.channel,
            "sheet_number": response.sheet_number,
            "answers": response.answers.count(),
        },
    )
