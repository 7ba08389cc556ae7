"""The stationing day in the API: work logs, the evening briefing's material and draft problems,
the hand-off to findings, and the live statistics. Same choke point as the pages."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from xuncha.core.api import call_service, invalid
from xuncha.fieldwork import briefing, services_briefing, statistics
from xuncha.fieldwork.access import get_stationing_for_user, visible_stationings
from xuncha.fieldwork.models import DraftProblem, SourceKind, Subgroup, WorkLog
from xuncha.plans.models import FocusArea, Round

router = Router(tags=["fieldwork"])


class DayQuery(Schema):
    day: date | None = None


class WorkLogOut(Schema):
    id: int
    day: date
    author_id: int
    author: str
    content: str
    next_steps: str
    updated_at: datetime

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author.full_name or obj.author.username


class WorkLogIn(Schema):
    day: date
    content: str = Field(..., max_length=5000)
    next_steps: str = Field("", max_length=2000)


class SourceOut(Schema):
    kind: str
    label: str
    note: str
    record: str | None = None

    @staticmethod
    def resolve_record(obj) -> str | None:
        return f"{obj.content_type_id}:{obj.object_id}" if obj.content_type_id else None


class ProblemOut(Schema):
    id: int
    inspection_id: int
    day: date
    subgroup: Subgroup
    summary: str
    detail: str
    focus_area_id: int | None
    status: str
    raised_by_id: int | None
    corroborated_by_id: int | None
    corroborated_at: datetime | None
    handed_off_at: datetime | None
    sources: list[SourceOut]

    @staticmethod
    def resolve_sources(obj) -> list:
        return list(obj.sources.all())


class SourceIn(Schema):
    kind: SourceKind = SourceKind.OTHER
    label: str = Field("", max_length=200)
    note: str = Field("", max_length=2000)
    record: str | None = Field(
        None, description="A material token 'content type id:record id' from the briefing."
    )


class ProblemIn(Schema):
    day: date
    subgroup: Subgroup
    summary: str = Field(..., max_length=300)
    detail: str = Field("", max_length=5000)
    focus_area_id: int | None = None
    sources: list[SourceIn] = Field(..., min_length=1)


class DropIn(Schema):
    reason: str = Field(..., max_length=1000)


class HandOffIn(Schema):
    problem_ids: list[int] = Field(..., min_length=1)


class MaterialOut(Schema):
    kind: str
    label: str
    note: str
    url: str = ""
    token: str


class BriefingOut(Schema):
    day: date
    material: list[MaterialOut]
    problems: list[ProblemOut]
    work_logs: list[WorkLogOut]


class InspectionStatistics(Schema):
    inspection_id: int
    team: str
    target: str
    figures: dict[str, int]


class RoundStatistics(Schema):
    round_id: int
    inspections: list[InspectionStatistics]
    total: dict[str, int]


def _source_spec(item: SourceIn) -> dict:
    spec = {"kind": item.kind, "label": item.label, "note": item.note}
    if item.record:
        spec["obj"] = briefing.resolve_token(item.record)
    return spec


@router.get("/inspections/{inspection_id}/work-logs", response=list[WorkLogOut])
def list_work_logs(request, inspection_id: int, query: Query[DayQuery]):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    qs = WorkLog.objects.filter(inspection=inspection).select_related("author")
    if query.day:
        qs = qs.filter(day=query.day)
    return list(qs.order_by("-day", "author_id")[:500])


@router.post("/inspections/{inspection_id}/work-logs", response=WorkLogOut)
def save_work_log(request, inspection_id: int, payload: WorkLogIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    return call_service(services_briefing.save_work_log, inspection, actor=request.auth,
                  **payload.dict())


@router.get("/inspections/{inspection_id}/briefing", response=BriefingOut)
def get_briefing(request, inspection_id: int, query: Query[DayQuery]):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    day = query.day or briefing.default_day(inspection)
    return {
        "day": day,
        "material": briefing.shown(briefing.day_material(inspection, day), actor=request.auth,
                                   via="api_briefing"),
        "problems": list(briefing.problems(inspection, day)),
        "work_logs": list(briefing.work_logs(inspection, day)),
    }


@router.get("/inspections/{inspection_id}/problems", response=list[ProblemOut])
def list_problems(request, inspection_id: int, query: Query[DayQuery]):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    return list(briefing.problems(inspection, query.day))


@router.post("/inspections/{inspection_id}/problems", response={201: ProblemOut})
def raise_problem(request, inspection_id: int, payload: ProblemIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    focus = None
    if payload.focus_area_id is not None:
        focus = FocusArea.objects.filter(pk=payload.focus_area_id).first()
        if focus is None:
            raise invalid(ValidationError({"focus_area": _("Choose a focus area of this round.")}))
    try:
        sources = [_source_spec(item) for item in payload.sources]
    except ValidationError as exc:
        raise invalid(exc) from None
    problem = call_service(
        services_briefing.raise_problem, inspection, actor=request.auth, day=payload.day,
        subgroup=payload.subgroup, summary=payload.summary, detail=payload.detail,
        focus_area=focus, sources=sources,
    )
    return Status(201, problem)


@router.post("/problems/{problem_id}/sources", response=ProblemOut)
def add_source(request, problem_id: int, payload: SourceIn):
    problem = briefing.get_problem_for_user(request.auth, problem_id)
    try:
        spec = _source_spec(payload)
    except ValidationError as exc:
        raise invalid(exc) from None
    call_service(services_briefing.add_source, problem, actor=request.auth, **spec)
    return briefing.get_problem_for_user(request.auth, problem_id)


@router.post("/problems/{problem_id}/corroborate", response=ProblemOut)
def corroborate(request, problem_id: int):
    problem = briefing.get_problem_for_user(request.auth, problem_id)
    return call_service(services_briefing.corroborate, problem, actor=request.auth)


@router.post("/problems/{problem_id}/drop", response=ProblemOut)
def drop(request, problem_id: int, payload: DropIn):
    problem = briefing.get_problem_for_user(request.auth, problem_id)
    return call_service(services_briefing.drop_problem, problem, actor=request.auth,
                  reason=payload.reason)


@router.post("/inspections/{inspection_id}/problems/hand-off", response=list[ProblemOut])
def hand_off(request, inspection_id: int, payload: HandOffIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    chosen = list(DraftProblem.objects.filter(inspection=inspection, pk__in=payload.problem_ids))
    call_service(services_briefing.hand_off, inspection, chosen, actor=request.auth)
    return list(briefing.problems(inspection).filter(pk__in=[p.pk for p in chosen]))


def _stats_row(inspection, figures) -> dict:
    return {"inspection_id": inspection.pk, "team": inspection.team.name,
            "target": inspection.target.name, "figures": figures}


@router.get("/inspections/{inspection_id}/statistics", response=InspectionStatistics)
def inspection_statistics(request, inspection_id: int):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    return _stats_row(inspection, statistics.inspection_statistics([inspection.pk])[inspection.pk])


@router.get("/rounds/{round_id}/statistics", response=RoundStatistics)
def round_statistics(request, round_id: int):
    found = get_object_or_404(Round, pk=round_id)
    inspections = list(visible_stationings(request.auth).filter(round=found).order_by("pk"))
    if not inspections:
        raise Http404
    stats = statistics.inspection_statistics(i.pk for i in inspections)
    return {
        "round_id": found.pk,
        "inspections": [_stats_row(i, stats[i.pk]) for i in inspections],
        "total": statistics.totals(stats),
    }
