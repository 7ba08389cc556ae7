"""Recusals in the API (/api/recusals): the same choke points and services as the pages."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xuncha.core.api import forbidden, invalid
from xuncha.people.permissions import get_cadre_for_user, own_cadre, visible_cadres
from xuncha.plans.permissions import get_round_for_user
from xuncha.staffing import recusal as services
from xuncha.staffing.models import RecusalKind, RecusalSource, RecusalStatus
from xuncha.staffing.recusal import (
    get_recusal_for_user,
    may_check,
    visible_recusals,
)
from xuncha.staffing.rules import rule_label

router = Router(tags=["recusals"])


class RecusalOut(Schema):
    id: int
    cadre_id: int
    cadre_name: str
    target_id: int
    target_name: str
    round_id: int | None
    kind: str
    source: str
    rule: str
    label: str
    detail: str
    detail_redacted: bool
    raised_by: str
    status: str
    decision_reason: str
    substitute_id: int | None
    decided_by: str
    decided_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_cadre_name(obj) -> str:
        return obj.cadre.full_name

    @staticmethod
    def resolve_target_name(obj) -> str:
        return obj.target.name

    @staticmethod
    def resolve_label(obj) -> str:
        if obj.source == RecusalSource.RULE:
            return str(rule_label(obj.rule))
        return str(obj.get_source_display())

    @staticmethod
    def resolve_detail(obj) -> str:
        # The explanation names relatives and former colleagues: only for those the choke
        # point lets read it (the leading group sees the rule, not the detail).
        return obj.detail if getattr(obj, "detail_visible", False) else ""

    @staticmethod
    def resolve_detail_redacted(obj) -> bool:
        return not getattr(obj, "detail_visible", False)

    @staticmethod
    def resolve_decided_by(obj) -> str:
        return obj.decided_by.get_username() if obj.decided_by_id else ""


class DeclarationIn(Schema):
    cadre_id: int | None = None  # the caller's own cadre record when left out
    target_id: int
    round_id: int | None = None
    kind: RecusalKind
    detail: str


class ObjectionIn(Schema):
    cadre_id: int
    target_id: int
    round_id: int | None = None
    raised_by: str
    kind: RecusalKind = RecusalKind.OFFICIAL_DUTY
    detail: str


class DecisionIn(Schema):
    status: RecusalStatus
    reason: str = ""
    substitute_id: int | None = None


class ReopenIn(Schema):
    reason: str


class ScanOut(Schema):
    new: int
    known: int
    cleared: int
    reopened: int
    cadres: int
    targets: int
    created_ids: list[int]


class ConflictOut(Schema):
    rule: str
    label: str
    detail: str
    leader_only: bool


class CheckOut(Schema):
    target_id: int
    target_name: str
    conflicts: list[ConflictOut]
    recusal_ids: list[int]
    blocked_as_leader: bool
    blocked_as_member: bool


def _run(call):
    try:
        return call()
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None


@router.get("/", response=list[RecusalOut], summary="Recusals the caller may see")
@paginate
def list_recusals(
    request,
    round_id: int | None = None,
    cadre_id: int | None = None,
    status: RecusalStatus | None = None,
    source: RecusalSource | None = None,
):
    user = request.auth
    qs = visible_recusals(user).order_by("-created_at", "-id")
    filters = {}
    if round_id is not None:
        qs = qs.filter(round_id=round_id)
        filters["round"] = round_id
    if cadre_id is not None:
        qs = qs.filter(cadre_id=cadre_id)
        filters["cadre"] = cadre_id
    if status is not None:
        qs = qs.filter(status=status)
        filters["status"] = str(status)
    if source is not None:
        qs = qs.filter(source=source)
        filters["source"] = str(source)
    # A round's (or a cadre's) recusals read through the API are audited as the round's page is;
    # a read that shows nothing is not recorded.
    if (round_id is not None or cadre_id is not None) and qs.exists():
        round = (
            services.reviewable_rounds(user).filter(pk=round_id).first()
            if round_id is not None
            else None
        )
        services.record_viewed(
            user,
            unit=round.jurisdiction if round else None,
            obj=round,
            changes={"filter": filters},
        )
    return qs


@router.get("/{int:recusal_id}", response=RecusalOut, summary="One recusal")
def get_recusal(request, recusal_id: int):
    recusal = get_recusal_for_user(request.auth, recusal_id)
    services.record_viewed(request.auth, unit=services.home_unit(recusal), obj=recusal)
    return recusal


@router.post("/declarations", response={201: RecusalOut}, summary="Declare a conflict of interest")
def declare(request, payload: DeclarationIn):
    user = request.auth
    mine = own_cadre(user)
    if payload.cadre_id is None or (mine is not None and payload.cadre_id == mine.pk):
        if mine is None:
            raise invalid(ValidationError(_("No cadre record is linked to this account.")))
        cadre = mine
    else:
        cadre = get_cadre_for_user(user, payload.cadre_id)
    round = None
    if payload.round_id is not None:
        round = get_object_or_404(services.declarable_rounds(user, cadre), pk=payload.round_id)
        target = get_object_or_404(services.round_targets(round), pk=payload.target_id)
    else:
        target = get_object_or_404(services.declarable_units(user, cadre), pk=payload.target_id)
    recusal = _run(
        lambda: services.declare(
            cadre, target, actor=user, round=round, kind=payload.kind, detail=payload.detail
        )
    )
    return Status(201, get_recusal_for_user(user, recusal.pk))


@router.post("/objections", response={201: RecusalOut}, summary="Record an objection of the target")
def object_to(request, payload: ObjectionIn):
    user = request.auth
    cadre = get_cadre_for_user(user, payload.cadre_id)
    round = None
    if payload.round_id is not None:
        round = get_round_for_user(user, payload.round_id)
        target = get_object_or_404(services.round_targets(round), pk=payload.target_id)
    else:
        target = get_object_or_404(services.declarable_units(user, cadre), pk=payload.target_id)
    recusal = _run(
        lambda: services.object_to(
            cadre,
            target,
            actor=user,
            round=round,
            raised_by=payload.raised_by,
            kind=payload.kind,
            detail=payload.detail,
        )
    )
    return Status(201, get_recusal_for_user(user, recusal.pk))


@router.post("/{int:recusal_id}/decision", response=RecusalOut, summary="Decide on an open recusal")
def decide(request, recusal_id: int, payload: DecisionIn):
    user = request.auth
    recusal = get_recusal_for_user(user, recusal_id)
    substitute = None
    if payload.substitute_id is not None:
        substitute = get_object_or_404(visible_cadres(user), pk=payload.substitute_id)
    _run(
        lambda: services.decide(
            recusal,
            actor=user,
            status=payload.status,
            reason=payload.reason,
            substitute=substitute,
        )
    )
    return get_recusal_for_user(user, recusal_id)


@router.post("/{int:recusal_id}/reopen", response=RecusalOut, summary="Reopen a decision")
def reopen(request, recusal_id: int, payload: ReopenIn):
    user = request.auth
    recusal = get_recusal_for_user(user, recusal_id)
    _run(lambda: services.reopen(recusal, actor=user, reason=payload.reason))
    return get_recusal_for_user(user, recusal_id)


@router.post(
    "/rounds/{int:round_id}/scan", response=ScanOut, summary="Scan the recusal rules of a round"
)
def scan_round(request, round_id: int):
    user = request.auth
    round = get_round_for_user(user, round_id)
    return _run(lambda: services.scan_round(round, actor=user))


@router.get(
    "/rounds/{int:round_id}/cadres/{int:cadre_id}/check",
    response=list[CheckOut],
    summary="Every rule for one cadre against every target of a round",
)
def check(request, round_id: int, cadre_id: int):
    user = request.auth
    round = get_round_for_user(user, round_id)
    cadre = get_cadre_for_user(user, cadre_id)
    if not may_check(user, cadre, round):
        raise forbidden()
    rows = services.check_cadre(user, cadre, round)
    services.record_viewed(user, unit=round.jurisdiction, obj=round, changes={"cadre": cadre.pk})
    return [
        CheckOut(
            target_id=row.target.pk,
            target_name=row.target.name,
            conflicts=[
                ConflictOut(
                    rule=c.rule, label=str(c.label), detail=c.detail, leader_only=c.leader_only
                )
                for c in row.conflicts
            ],
            recusal_ids=[r.pk for r in row.recusals],
            blocked_as_leader=bool(row.as_leader),
            blocked_as_member=bool(row.as_member),
        )
        for row in rows
    ]
