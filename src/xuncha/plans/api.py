"""Planning in the API (/api/plans): terms with their coverage, coverage plan entries, rounds
with their approval steps, inspections with their stage changes, focus areas and settings. The
same choke points and services as the pages."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from xuncha.accounts.permissions import has_capability
from xuncha.accounts.roles import Capability
from xuncha.core.api import forbidden, invalid
from xuncha.orgs.models import Unit
from xuncha.plans import selectors, services
from xuncha.plans.models import (
    CoveragePlan,
    FocusArea,
    PlanningSettings,
    PlanStatus,
    RoundKind,
    RoundStatus,
    Stage,
    Term,
)
from xuncha.plans.permissions import (
    approvers_of,
    can,
    get_inspection_for_user,
    get_jurisdiction_for_user,
    get_round_for_user,
    get_term_for_user,
    sees_planning,
    visible_focus_areas,
    visible_inspections,
    visible_rounds,
    visible_terms,
)

router = Router(tags=["plans"])
MAX_LIMIT = 100


def _require_somewhere(user, capability: Capability = Capability.PLAN_VIEW) -> None:
    """403 for a list when the capability reaches no unit at all (as on the pages)."""
    if not has_capability(user, capability):
        raise forbidden()


def _call(action):
    """Run a service; its refusals become 403 and its validation errors 422."""
    try:
        return action()
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None


# --- Schemas ------------------------------------------------------------------------------------


class CoverageOut(Schema):
    units: int
    inspected: int
    percent: float
    villages: int
    villages_inspected: int
    village_percent: float


class TermOut(Schema):
    id: int
    jurisdiction_id: int
    jurisdiction_name: str
    name: str
    starts_on: date
    ends_on: date
    plan_status: str
    coverage: CoverageOut


class YearOut(Schema):
    year: int
    planned: int
    inspected: int
    overdue: int
    inspected_in_year: int
    is_over: bool


class TermDetailOut(TermOut):
    planned: int
    unplanned: int
    overdue: int
    years: list[YearOut]


class TermPage(Schema):
    items: list[TermOut]
    count: int


class CoverageEntryOut(Schema):
    id: int
    unit_id: int
    unit_code: str = Field(..., alias="unit.code")
    unit_name: str = Field(..., alias="unit.name")
    unit_level: str = Field(..., alias="unit.level")
    planned_year: int
    note: str
    inspected: bool = Field(..., alias="done")
    in_scope: bool


class FocusAreaOut(Schema):
    id: int
    jurisdiction_id: int
    group: str
    text: str
    order: int
    is_active: bool


class RoundEventOut(Schema):
    action: str
    actor_id: int | None
    actor_name: str
    comment: str
    at: datetime


class InspectionOut(Schema):
    id: int
    round_id: int
    round_name: str = Field(..., alias="round.name")
    team_id: int
    team_name: str = Field(..., alias="team.name")
    target_id: int
    target_name: str = Field(..., alias="target.name")
    stage: str
    stationed_from: date | None
    stationed_until: date | None
    window_start: date
    window_end: date
    work_plan: str
    lookback_of_id: int | None
    deconfliction_warnings: list[str]
    deconfliction_reason: str

    @staticmethod
    def resolve_window_start(obj) -> date:
        return obj.window[0]

    @staticmethod
    def resolve_deconfliction_warnings(obj, context) -> list[str]:
        # Other levels' plans: for the planners of the round only, as on the page.
        if not sees_planning(context["request"].auth, obj):
            return []
        return list(obj.deconfliction_warnings)

    @staticmethod
    def resolve_deconfliction_reason(obj, context) -> str:
        return obj.deconfliction_reason if sees_planning(context["request"].auth, obj) else ""

    @staticmethod
    def resolve_window_end(obj) -> date:
        return obj.window[1]


class InspectionEventOut(Schema):
    from_stage: str
    to_stage: str
    title: str
    note: str
    actor_name: str
    at: datetime


class InspectionDetailOut(InspectionOut):
    events: list[InspectionEventOut]

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.order_by("at", "id"))


class RoundOut(Schema):
    id: int
    jurisdiction_id: int
    jurisdiction_name: str = Field(..., alias="jurisdiction.name")
    term_id: int | None
    year: int
    number: int
    name: str
    kind: str
    theme: str
    starts_on: date
    ends_on: date
    status: str
    focus_area_ids: list[int]
    focus_notes: str
    work_plan: str
    submitted_at: datetime | None
    approved_by_id: int | None
    approved_at: datetime | None

    @staticmethod
    def resolve_focus_area_ids(obj) -> list[int]:
        return sorted(a.pk for a in obj.focus_areas.all())


class RoundDetailOut(RoundOut):
    inspections: list[InspectionOut]
    events: list[RoundEventOut]

    @staticmethod
    def resolve_inspections(obj) -> list:
        return list(obj.inspections.select_related("round__jurisdiction", "team", "target"))

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.all())


class RoundIn(Schema):
    jurisdiction_id: int
    kind: RoundKind = RoundKind.REGULAR
    starts_on: date
    ends_on: date
    term_id: int | None = None
    name: str = Field("", max_length=120)
    theme: str = Field("", max_length=200)
    focus_area_ids: list[int] = []
    focus_notes: str = ""
    work_plan: str = ""


class RoundPatch(Schema):
    kind: RoundKind | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    term_id: int | None = None
    name: str | None = Field(None, max_length=120)
    theme: str | None = Field(None, max_length=200)
    focus_area_ids: list[int] | None = None
    focus_notes: str | None = None
    work_plan: str | None = None
    # Needed when new dates raise deconfliction warnings for targets following the round's dates.
    deconfliction_reason: str | None = None


class CommentIn(Schema):
    comment: str = ""


class InspectionIn(Schema):
    target_id: int
    team_id: int
    stationed_from: date | None = None
    stationed_until: date | None = None
    work_plan: str = ""
    lookback_of_id: int | None = None
    deconfliction_reason: str = ""


class TransitionIn(Schema):
    to_stage: Stage
    note: str = ""


class SettingsOut(Schema):
    jurisdiction_id: int
    deconfliction_months: int
    round_approver_id: int | None
    notice_days: int
    outline_lead_days: int
    survey_flag_percent: int
    worked_within_years: int
    worked_longer_than_years: int
    superior_within_years: int
    min_team_size: int
    max_team_size: int
    required_expertise: str


class SettingsPatch(Schema):
    deconfliction_months: int | None = Field(None, ge=1, le=120)
    round_approver_id: int | None = None
    notice_days: int | None = Field(None, ge=0, le=60)
    outline_lead_days: int | None = Field(None, ge=0, le=30)
    survey_flag_percent: int | None = Field(None, ge=1, le=100)
    worked_within_years: int | None = Field(None, ge=0, le=30)
    worked_longer_than_years: int | None = Field(None, ge=0, le=30)
    superior_within_years: int | None = Field(None, ge=0, le=30)
    min_team_size: int | None = Field(None, ge=2, le=30)
    max_team_size: int | None = Field(None, ge=2, le=30)
    required_expertise: str | None = Field(None, max_length=200)


# --- Terms ----------------------------------------------------------------------------------------


def _term_out(term: Term, cov: selectors.Coverage, status: str) -> dict:
    return {
        "id": term.pk,
        "jurisdiction_id": term.jurisdiction_id,
        "jurisdiction_name": term.jurisdiction.name,
        "name": term.name,
        "starts_on": term.starts_on,
        "ends_on": term.ends_on,
        "plan_status": status,
        "coverage": {
            "units": cov.units,
            "inspected": cov.inspected,
            "percent": cov.percent,
            "villages": cov.villages,
            "villages_inspected": cov.villages_inspected,
            "village_percent": cov.village_percent,
        },
    }


@router.get("/terms", response=TermPage, summary="Terms in scope, with their coverage")
def list_terms(request, jurisdiction_id: int | None = None, limit: int = 50, offset: int = 0):
    _require_somewhere(request.auth)
    qs = visible_terms(request.auth).order_by("jurisdiction__path", "-starts_on")
    if jurisdiction_id is not None:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    terms = list(qs[offset : offset + limit])
    statuses = dict(CoveragePlan.objects.filter(term__in=terms).values_list("term_id", "status"))
    covs = selectors.coverage_for_terms(terms)
    return {
        "items": [_term_out(t, covs[t.pk], statuses.get(t.pk, PlanStatus.DRAFT)) for t in terms],
        "count": qs.count(),
    }


@router.get(
    "/terms/{int:term_id}",
    response=TermDetailOut,
    summary="One term: coverage, the per-year table, unplanned and overdue counts",
)
def get_term(request, term_id: int):
    term = get_term_for_user(request.auth, term_id)
    report = selectors.coverage_report(term)
    plan = CoveragePlan.objects.filter(term=term).first()
    out = _term_out(term, report.coverage, plan.status if plan else PlanStatus.DRAFT)
    out.update(
        planned=report.planned,
        unplanned=report.unplanned,
        overdue=report.overdue,
        years=[vars(row) for row in report.years],
    )
    return out


@router.get(
    "/terms/{int:term_id}/coverage",
    response=list[CoverageEntryOut],
    summary="The coverage plan of a term, unit by unit",
)
@paginate
def list_coverage(request, term_id: int, year: int | None = None):
    term = get_term_for_user(request.auth, term_id)
    qs = selectors.plan_entries(term)
    if year is not None:
        qs = qs.filter(planned_year=year)
    return qs


# --- Focus areas and settings --------------------------------------------------------------------


@router.get("/focus-areas", response=list[FocusAreaOut], summary="Focus areas in scope")
@paginate
def list_focus_areas(request, jurisdiction_id: int | None = None, active: bool | None = None):
    _require_somewhere(request.auth)
    qs = visible_focus_areas(request.auth).order_by("jurisdiction__path", "group", "order", "id")
    if jurisdiction_id is not None:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


@router.get(
    "/settings/{int:jurisdiction_id}",
    response=SettingsOut,
    summary="Planning settings of a jurisdiction (defaults when never changed)",
)
def get_settings(request, jurisdiction_id: int):
    jurisdiction = get_jurisdiction_for_user(request.auth, jurisdiction_id)
    return PlanningSettings.for_unit(jurisdiction)


@router.patch(
    "/settings/{int:jurisdiction_id}",
    response=SettingsOut,
    summary="Change planning settings of a jurisdiction",
)
def update_settings(request, jurisdiction_id: int, payload: SettingsPatch):
    jurisdiction = get_jurisdiction_for_user(request.auth, jurisdiction_id)
    _require_edit(request.auth, jurisdiction)
    fields = payload.dict(exclude_unset=True)
    if "round_approver_id" in fields:
        approver_id = fields.pop("round_approver_id")
        fields["round_approver"] = None
        if approver_id is not None:
            # Only the accounts the page offers; any other id (missing, not an approver, out of
            # sight) gets the same answer.
            fields["round_approver"] = approvers_of(jurisdiction).filter(pk=approver_id).first()
            if fields["round_approver"] is None:
                raise invalid(ValidationError({"round_approver": _no_such("approver")}))
    return _call(lambda: services.update_settings(jurisdiction, actor=request.auth, **fields))


def _require_edit(user, jurisdiction: Unit) -> None:
    """403 before any id of the payload is looked up: someone who may not write learns nothing
    from how the ids would have been answered."""
    if not can(user, Capability.PLAN_EDIT, jurisdiction):
        raise forbidden()


def _no_such(what: str) -> str:
    return {
        "approver": _(
            "The approver must be an active account that may approve plans of this jurisdiction."
        ),
        "term": _("No such term of this jurisdiction."),
        "focus": _("No such focus area of this jurisdiction."),
        "team": _(
            "Choose an active team of the jurisdiction (of a sibling jurisdiction for a cross "
            "round)."
        ),
        "target": _("This unit is not in the scope of the round's jurisdiction."),
        "inspection": _("Choose an earlier inspection of the same target."),
    }[what]


# --- Rounds ----------------------------------------------------------------------------


@router.get("/rounds", response=list[RoundOut], summary="Rounds in scope")
@paginate
def list_rounds(
    request,
    jurisdiction_id: int | None = None,
    year: int | None = None,
    status: RoundStatus | None = None,
    kind: RoundKind | None = None,
):
    _require_somewhere(request.auth)
    qs = (
        visible_rounds(request.auth)
        .prefetch_related("focus_areas")
        .order_by("-year", "jurisdiction__path", "-number")
    )
    if jurisdiction_id is not None:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    if year is not None:
        qs = qs.filter(year=year)
    if status is not None:
        qs = qs.filter(status=status)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs


@router.get(
    "/rounds/{int:round_id}",
    response=RoundDetailOut,
    summary="One round with its task split and approval chain",
)
def get_round(request, round_id: int):
    return get_round_for_user(request.auth, round_id)


def _round_fields(jurisdiction: Unit, data: dict) -> dict:
    """Turn ids of the payload into objects of the round's jurisdiction (422 otherwise)."""
    fields = dict(data)
    if "term_id" in fields:
        term_id = fields.pop("term_id")
        fields["term"] = None
        if term_id is not None:
            fields["term"] = Term.objects.filter(pk=term_id, jurisdiction=jurisdiction).first()
            if fields["term"] is None:
                raise invalid(ValidationError(_no_such("term")))
    if "focus_area_ids" in fields:
        ids = set(fields.pop("focus_area_ids") or [])
        areas = list(FocusArea.objects.filter(pk__in=ids, jurisdiction=jurisdiction))
        if len(areas) != len(ids):
            raise invalid(ValidationError(_no_such("focus")))
        fields["focus_areas"] = areas
    return fields


@router.post("/rounds", response={201: RoundDetailOut}, summary="Draft a round")
def create_round(request, payload: RoundIn):
    jurisdiction = get_jurisdiction_for_user(request.auth, payload.jurisdiction_id)
    fields = _round_fields(jurisdiction, payload.dict(exclude={"jurisdiction_id"}))
    round = _call(
        lambda: services.create_round(actor=request.auth, jurisdiction=jurisdiction, **fields)
    )
    return Status(201, round)


@router.patch("/rounds/{int:round_id}", response=RoundDetailOut, summary="Change a draft round")
def update_round(request, round_id: int, payload: RoundPatch):
    round = get_round_for_user(request.auth, round_id)
    data = {
        k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k == "term_id"
    }
    fields = _round_fields(round.jurisdiction, data)
    return _call(lambda: services.update_round(round, actor=request.auth, **fields))


@router.post(
    "/rounds/{int:round_id}/submit",
    response=RoundDetailOut,
    summary="Submit a draft round for approval",
)
def submit_round(request, round_id: int, payload: CommentIn):
    round = get_round_for_user(request.auth, round_id)
    return _call(lambda: services.submit_round(round, actor=request.auth, comment=payload.comment))


@router.post(
    "/rounds/{int:round_id}/approve", response=RoundDetailOut, summary="Approve a submitted round"
)
def approve_round(request, round_id: int, payload: CommentIn):
    round = get_round_for_user(request.auth, round_id)
    return _call(lambda: services.approve_round(round, actor=request.auth, comment=payload.comment))


@router.post(
    "/rounds/{int:round_id}/return",
    response=RoundDetailOut,
    summary="Return a submitted round for revision, with a comment",
)
def return_round(request, round_id: int, payload: CommentIn):
    round = get_round_for_user(request.auth, round_id)
    return _call(lambda: services.return_round(round, actor=request.auth, comment=payload.comment))


@router.post(
    "/rounds/{int:round_id}/inspections",
    response={201: InspectionDetailOut},
    summary="Assign a target to a team (a deconfliction reason when warned)",
)
def create_inspection(request, round_id: int, payload: InspectionIn):
    user = request.auth
    round = get_round_for_user(user, round_id)
    _require_edit(user, round.jurisdiction)
    # Ids resolve only among what the round may take and the person may see; anything else,
    # missing or not, gets the answer the service gives for a wrong choice.
    target = services.eligible_targets(round).filter(pk=payload.target_id).first()
    if target is None:
        raise invalid(ValidationError({"target": _no_such("target")}))
    team = services.eligible_teams(round).filter(pk=payload.team_id).first()
    if team is None:
        raise invalid(ValidationError({"team": _no_such("team")}))
    lookback = None
    if payload.lookback_of_id is not None:
        lookback = (
            services.lookback_candidates(
                round, target, payload.stationed_from or round.starts_on, user=user
            )
            .filter(pk=payload.lookback_of_id)
            .first()
        )
        if lookback is None:
            raise invalid(ValidationError({"lookback_of": _no_such("inspection")}))
    inspection = _call(
        lambda: services.add_inspection(
            round,
            actor=request.auth,
            target=target,
            team=team,
            stationed_from=payload.stationed_from,
            stationed_until=payload.stationed_until,
            work_plan=payload.work_plan,
            lookback_of=lookback,
            deconfliction_reason=payload.deconfliction_reason,
        )
    )
    return Status(201, inspection)


# --- Inspections ----------------------------------------------------------------------------


@router.get("/inspections", response=list[InspectionOut], summary="Inspections in scope")
@paginate
def list_inspections(
    request,
    round_id: int | None = None,
    team_id: int | None = None,
    stage: Stage | None = None,
    year: int | None = None,
    target_id: int | None = None,
):
    if not (
        has_capability(request.auth, Capability.PLAN_VIEW)
        or has_capability(request.auth, Capability.INSPECTION_VIEW)
    ):
        raise forbidden()
    qs = visible_inspections(request.auth).order_by(
        "-round__year",
        "round__jurisdiction__path",
        "-round__number",
        "team__number",
        "target__path",
    )
    if round_id is not None:
        qs = qs.filter(round_id=round_id)
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    if stage is not None:
        qs = qs.filter(stage=stage)
    if year is not None:
        qs = qs.filter(round__year=year)
    if target_id is not None:
        qs = qs.filter(target_id=target_id)
    return qs


@router.get(
    "/inspections/{int:inspection_id}",
    response=InspectionDetailOut,
    summary="One inspection with its timeline",
)
def get_inspection(request, inspection_id: int):
    return get_inspection_for_user(request.auth, inspection_id)


@router.post(
    "/inspections/{int:inspection_id}/transition",
    response=InspectionDetailOut,
    summary="Move an inspection to its next stage",
)
def transition_inspection(request, inspection_id: int, payload: TransitionIn):
    inspection = get_inspection_for_user(request.auth, inspection_id)
    return _call(
        lambda: services.transition(
            inspection, payload.to_stage, actor=request.auth, note=payload.note
        )
    )


from xuncha.plans import api_approvals  # noqa: E402, F401  -- registers the plan approval routes
