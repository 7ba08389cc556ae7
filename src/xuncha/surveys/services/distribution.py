"""Getting answers in: one-time anonymous links, the public answer path, paper forms.

A link's token is random (192 bits) and shown once, when issued; only its SHA-256 is stored.
Answering through a link needs no account and leaves nothing that identifies the respondent:
no address, browser, cookie or session, no audit event (an event would carry the request's
source address), and the response does not point to the link. The link is spent by a
conditional UPDATE (`used_on IS NULL`) in the same transaction as the response, so two
submissions racing on one link cannot both count.
"""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.surveys import bank
from xuncha.surveys.models import Answer, Survey, SurveyLink, SurveyResponse, SurveyVersion
from xuncha.surveys.services._common import actor_or_none, lock_survey, refuse_closed
from xuncha.surveys.services.editing import publish_survey

MAX_LINKS_PER_BATCH = 500
MAX_REMARK = 1000


class LinkUnusable(Exception):
    """The token opens nothing to answer; `reason` is unknown, used, closed or not_open."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_links(survey: Survey, count: int, *, actor) -> list[str]:
    """Make `count` one-time links and return their tokens (the only time they exist in
    clear). A draft survey is published and opened first."""
    with transaction.atomic():
        survey, role = lock_survey(survey, actor)
        refuse_closed(survey)
        if not isinstance(count, int) or not 1 <= count <= MAX_LINKS_PER_BATCH:
            raise ValidationError(
                {
                    "count": _("Issue between 1 and %(max)d links at a time.")
                    % {"max": MAX_LINKS_PER_BATCH}
                }
            )
        if survey.status == Survey.Status.DRAFT:
            publish_survey(survey, actor=actor)
            survey.status = Survey.Status.OPEN
        batch = (survey.links.aggregate(n=Max("batch"))["n"] or 0) + 1
        tokens = [secrets.token_urlsafe(24) for _n in range(count)]
        by = actor_or_none(actor)
        now = timezone.now()
        SurveyLink.objects.bulk_create(
            [
                SurveyLink(
                    survey=survey,
                    token_hash=token_hash(t),
                    batch=batch,
                    issued_by=by,
                    issued_at=now,
                )
                for t in tokens
            ]
        )
        record(
            EventType.SURVEY_LINKS_ISSUED,
            actor=actor,
            role=role,
            unit=survey.inspection.target,
            obj=survey,
            changes={"count": [None, count], "batch": [None, batch]},
        )
    return tokens


def _published(survey: Survey, number: int | None) -> SurveyVersion:
    versions = survey.versions.filter(published_at__isnull=False)
    version = (versions.filter(number=number) if number else versions.order_by("-number")).first()
    if version is None:
        raise ValidationError({"version": _("This version of the survey is not published.")})
    return version


def resolve_link(token: str) -> tuple[Survey, SurveyVersion]:
    """The survey a token opens and the version to show, or LinkUnusable."""
    link = (
        SurveyLink.objects.select_related("survey")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if link is None:
        raise LinkUnusable("unknown")
    survey = link.survey
    if survey.status == Survey.Status.CLOSED:
        raise LinkUnusable("closed")
    if link.used_on is not None:
        raise LinkUnusable("used")
    if survey.status != Survey.Status.OPEN:
        raise LinkUnusable("not_open")
    return survey, _published(survey, None)


def build_answers(version: SurveyVersion, answers: dict) -> list[Answer]:
    """Unsaved answers from {key: (value, remark)}; skipped questions get no row. Raises
    ValidationError for an unknown question, option, or a too long remark."""
    questions = list(version.questions.all())
    known = {q.key for q in questions}
    unknown = [k for k in answers if k not in known]
    if unknown:
        raise ValidationError(_("The form has questions that are not in the survey."))
    out = []
    for q in questions:
        value, remark = answers.get(q.key, ("", ""))
        value, remark = (value or "").strip(), (remark or "").strip()
        if value and value not in dict(bank.OPTIONS[q.kind]):
            raise ValidationError(_("Question %(n)d has no such answer.") % {"n": q.position})
        if remark and not q.allow_remark:
            raise ValidationError(_("Question %(n)d takes no remark.") % {"n": q.position})
        if len(remark) > MAX_REMARK:
            raise ValidationError(
                _("The remark to question %(n)d is longer than %(max)d characters.")
                % {"n": q.position, "max": MAX_REMARK}
            )
        if value or remark:
            out.append(Answer(question=q, key=q.key, value=value, remark=remark))
    if not out:
        raise ValidationError(_("Answer at least one question."))
    return out


def _save(response: SurveyResponse, answers: list[Answer]) -> SurveyResponse:
    response.save()
    for a in answers:
        a.response = response
    Answer.objects.bulk_create(answers)
    return response


def submit_answers(
    token: str, answers: dict, *, version_number: int | None = None
) -> SurveyResponse:
    """The public path: answer the survey a link opens, once. `answers` is
    {question key: (option value, remark)}; `version_number` is the version the respondent
    was shown (the latest published one when None)."""
    with transaction.atomic():
        link = (
            SurveyLink.objects.select_related("survey")
            .filter(token_hash=token_hash(token or ""))
            .first()
        )
        if link is None:
            raise LinkUnusable("unknown")
        survey = link.survey
        if survey.status == Survey.Status.CLOSED:
            raise LinkUnusable("closed")
        if survey.status != Survey.Status.OPEN:
            raise LinkUnusable("not_open")
        if link.used_on is not None:
            raise LinkUnusable("used")
        version = _published(survey, version_number)
        rows = build_answers(version, answers)
        today = timezone.localdate()
        spent = SurveyLink.objects.filter(
            pk=link.pk, used_on__isnull=True, survey__status=Survey.Status.OPEN
        ).update(used_on=today)
        if spent != 1:
            raise LinkUnusable("used")
        response = SurveyResponse(
            survey=survey, version=version, channel=SurveyResponse.Channel.WEB, submitted_on=today
        )
        return _save(response, rows)


def enter_paper_form(
    survey: Survey,
    answers: dict,
    *,
    actor,
    version_number: int | None = None,
    sheet_number: str = "",
) -> SurveyResponse:
    """Staff type in one paper sheet (channel "paper"), while the survey is open."""
    with transaction.atomic():
        survey, role = lock_survey(survey, actor)
        if survey.status != Survey.Status.OPEN:
            raise ValidationError(_("Paper forms are entered while the survey is open."))
        version = _published(survey, version_number)
        rows = build_answers(version, answers)
        sheet_number = (sheet_number or "").strip()[:20]
        if sheet_number and survey.responses.filter(sheet_number=sheet_number).exists():
            raise ValidationError(
                {"sheet_number": _("Sheet %(n)s has been entered already.") % {"n": sheet_number}}
            )
        response = SurveyResponse(
            survey=survey,
            version=version,
            channel=SurveyResponse.Channel.PAPER,
            submitted_on=timezone.localdate(),
            entered_by=actor_or_none(actor),
            sheet_number=sheet_number,
        )
        try:
            with transaction.atomic():
                _save(response, rows)
        except IntegrityError:
            raise ValidationError(
                {"sheet_number": _("Sheet %(n)s has been entered already.") % {"n": sheet_number}}
            ) from None
        record(
            EventType.SURVEY_PAPER_ENTERED,
            actor=actor,
            role=role,
            unit=survey.inspection.target,
            obj=response,
            changes={
                "version": [None, version.number],
                "answers": [None, len(rows)],
                "sheet_number": [None, sheet_number],
            },
        )
    return response
