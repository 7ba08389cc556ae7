"""Reports in the API: the same choke point (`reports.access`) and services as the pages.
A leads report a caller may not see is absent from every answer, as on the pages."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xuncha.core.api import call_service, invalid
from xuncha.documents.http import api_generated
from xuncha.fieldwork.access import get_stationing_for_user
from xuncha.reports import approval, selectors, services
from xuncha.reports.access import get_report_for_user, visible_reports
from xuncha.reports.diffing import diff_sections
from xuncha.reports.export import FORMATS, generate_report_document
from xuncha.reports.models import ApprovalStep, ReportKind

router = Router(tags=["reports"])
K = ReportKind


class ReportOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    round_id: int
    inspection_id: int | None
    team_id: int | None
    chain: list[str]
    version: int
    created_at: datetime
    updated_at: datetime
    approved_at: datetime | None

    @staticmethod
    def resolve_chain(obj) -> list[str]:
        return obj.stages

    @staticmethod
    def resolve_version(obj) -> int:
        latest = getattr(obj, "latest", None)
        return latest if latest is not None else services.latest_version(obj).number


class SectionOut(Schema):
    key: str
    heading: str
    level: int
    text: str
    generated: bool
    edited: bool
    viewer_only: str = ""

    @staticmethod
    def resolve_generated(obj) -> bool:
        return obj.get("generated") is not None


class DecisionOut(Schema):
    step_id: int
    use: str
    note: str


class ItemOut(Schema):
    id: int
    position: int
    active: bool
    finding_id: int | None
    lead_id: int | None
    label: str
    decisions: list[DecisionOut]


class StepOut(Schema):
    id: int
    order: int
    stage: str
    status: str
    version: int | None
    held_on: date | None
    meeting_id: int | None
    opinion: str
    recorded_by: str
    recorded_at: datetime | None

    @staticmethod
    def resolve_version(obj) -> int | None:
        return obj.version.number if obj.version_id else None

    @staticmethod
    def resolve_recorded_by(obj) -> str:
        if not obj.recorded_by_id:
            return ""
        return obj.recorded_by.full_name or obj.recorded_by.username


class DeadlineOut(Schema):
    due: date
    overdue: bool
    days_left: int


class ReportDetail(Schema):
    id: int
    kind: str
    title: str
    status: str
    round_id: int
    inspection_id: int | None
    team_id: int | None
    chain: list[str]
    version: int
    created_at: datetime
    updated_at: datetime
    approved_at: datetime | None
    sections: list[SectionOut]
    items: list[ItemOut]
    steps: list[StepOut]
    final_decisions: dict[int, str]
    secretary_deadline: DeadlineOut | None


class CreateIn(Schema):
    kind: str
    inspection_id: int | None = None
    round_id: int | None = None
    team_id: int | None = None


class SaveIn(Schema):
    texts: dict[str, str]
    note: str = ""
    base: int | None = None


class ReassembleIn(Schema):
    note: str = ""


class ReassembledOut(Schema):
    version: int
    kept_edits: list[str]


class VersionOut(Schema):
    number: int
    note: str
    author: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author.full_name or obj.author.username


class DiffSectionOut(Schema):
    key: str
    heading: str
    old_heading: str
    status: str
    ops: list[tuple[str, str]]


class DiffOut(Schema):
    a: int
    b: int
    sections: list[DiffSectionOut]


class DecisionIn(Schema):
    item_id: int
    use: str
    note: str = ""


class StepIn(Schema):
    held_on: date
    decision: str
    opinion: str = ""
    meeting_id: int | None = None
    decisions: list[DecisionIn]


class DocumentIn(Schema):
    format: str = "docx"


def _detail(report, user):
    version = services.latest_version(report)
    steps = selectors.steps_of(report)
    items = [
        {
            "id": i.pk,
            "position": i.position,
            "active": i.active,
            "finding_id": i.finding_id,
            "lead_id": i.lead_id,
            "label": selectors.item_label(i),
            "decisions": [
                {"step_id": d.step_id, "use": d.use, "note": d.note} for d in i.decisions.all()
            ],
        }
        for i in selectors.items_with_decisions(report)
    ]
    return {
        **{
            f: getattr(report, f)
            for f in (
                "id",
                "kind",
                "title",
                "status",
                "round_id",
                "inspection_id",
                "team_id",
                "created_at",
                "updated_at",
                "approved_at",
            )
        },
        "chain": report.stages,
        "version": version.number,
        "sections": selectors.viewer_sections(report, version, user),
        "items": items,
        "steps": steps,
        "final_decisions": approval.final_decisions(report),
        "secretary_deadline": approval.secretary_deadline(report),
    }


@router.get("/", response=list[ReportOut], summary="Reports the caller may read")
@paginate
def list_reports(
    request, inspection_id: int | None = None, round_id: int | None = None, kind: str = ""
):
    qs = visible_reports(request.auth).annotate(latest=Max("versions__number"))
    if inspection_id is not None:
        qs = qs.filter(inspection_id=inspection_id)
    if round_id is not None:
        qs = qs.filter(round_id=round_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("round_id", "inspection_id", "kind", "id")


@router.post("/", response={201: ReportDetail}, summary="Assemble a new report")
def create_report(request, payload: CreateIn):
    from xuncha.people.models import Team

    if payload.kind in (K.INSPECTION, K.LEADS):
        if payload.inspection_id is None:
            raise invalid(ValidationError(_("This kind of report belongs to one inspection.")))
        inspection = get_stationing_for_user(request.auth, payload.inspection_id)
        round, team = inspection.round, None
    elif payload.kind in (K.SPECIAL_TOPIC, K.SUMMARY):
        if payload.round_id is None:
            raise invalid(ValidationError(_("This kind of report belongs to a round.")))
        round = selectors.get_round_for_user(request.auth, payload.round_id)
        inspection = None
        team = None
        if payload.team_id is not None:
            team = Team.objects.filter(pk=payload.team_id, inspections__round=round).first()
            if team is None:
                raise invalid(ValidationError(_("The team has no inspection in this round.")))
    else:
        raise invalid(ValidationError(_("Unknown kind of report.")))
    report = call_service(
        services.create_report,
        kind=payload.kind,
        round=round,
        inspection=inspection,
        team=team,
        actor=request.auth,
    )
    report = get_report_for_user(request.auth, report.pk)
    return Status(201, _detail(report, request.auth))


@router.get("/{report_id}", response=ReportDetail, summary="One report: text, items, hearings")
def get_report(request, report_id: int):
    report = get_report_for_user(request.auth, report_id)
    services.record_view(report, actor=request.auth, what="api")
    return _detail(report, request.auth)


@router.get("/{report_id}/versions", response=list[VersionOut], summary="Versions of a report")
@paginate
def list_versions(request, report_id: int):
    report = get_report_for_user(request.auth, report_id)
    services.record_view(report, actor=request.auth, what="api versions")
    return report.versions.select_related("author").order_by("-number")


@router.post(
    "/{report_id}/versions", response={201: VersionOut}, summary="Save the text as a new version"
)
def save_version(request, report_id: int, payload: SaveIn):
    report = get_report_for_user(request.auth, report_id)
    version = call_service(
        services.save_version,
        report,
        texts=payload.texts,
        actor=request.auth,
        note=payload.note,
        base=payload.base,
    )
    return Status(201, version)


@router.get("/{report_id}/diff", response=DiffOut, summary="Differences between two versions")
def diff(request, report_id: int, a: int, b: int):
    report = get_report_for_user(request.auth, report_id)
    found = {v.number: v for v in report.versions.filter(number__in=[a, b])}
    if a not in found or b not in found:
        raise Http404
    services.record_view(report, actor=request.auth, what=f"api diff {a}-{b}")
    return {"a": a, "b": b, "sections": diff_sections(found[a].sections, found[b].sections)}


@router.post(
    "/{report_id}/reassemble",
    response={201: ReassembledOut},
    summary="Assemble again from the working papers, keeping the team's text",
)
def reassemble(request, report_id: int, payload: ReassembleIn):
    report = get_report_for_user(request.auth, report_id)
    version, conflicts = call_service(
        services.reassemble, report, actor=request.auth, note=payload.note
    )
    return Status(201, {"version": version.number, "kept_edits": conflicts})


@router.post("/{report_id}/submit", response=ReportDetail, summary="Submit for approval")
def submit(request, report_id: int):
    report = get_report_for_user(request.auth, report_id)
    call_service(services.submit, report, actor=request.auth)
    return _detail(get_report_for_user(request.auth, report_id), request.auth)


@router.post("/steps/{step_id}", response=StepOut, summary="Record a body's hearing")
def record_step(request, step_id: int, payload: StepIn):
    from xuncha.fieldwork.models import Meeting

    step = get_object_or_404(
        ApprovalStep.objects.select_related("report").filter(
            report__in=visible_reports(request.auth).values("pk")
        ),
        pk=step_id,
    )
    meeting = None
    if payload.meeting_id is not None:
        meeting = Meeting.objects.filter(
            pk=payload.meeting_id, inspection_id=step.report.inspection_id
        ).first()
        if meeting is None:
            raise invalid(ValidationError(_("No such meeting of this inspection.")))
    hearing = approval.Hearing(
        held_on=payload.held_on,
        decision=payload.decision,
        opinion=payload.opinion,
        meeting=meeting,
        decisions={d.item_id: (d.use, d.note) for d in payload.decisions},
    )
    recorded = call_service(approval.record_step, step, actor=request.auth, hearing=hearing)
    return ApprovalStep.objects.select_related("version", "recorded_by").get(pk=recorded.pk)


@router.post(
    "/{report_id}/document", summary="Generate the report as Word or PDF", response={200: None}
)
def document(request, report_id: int, payload: DocumentIn):
    report = get_report_for_user(request.auth, report_id)
    if payload.format not in FORMATS:
        raise invalid(ValidationError(_("Unknown document format.")))
    return api_generated(
        lambda fmt: generate_report_document(report, actor=request.auth, fmt=fmt), payload.format
    )
