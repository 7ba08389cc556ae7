"""The access choke point of problem leads. Nothing else may decide who sees a lead.

A lead is seen by exactly three kinds of people:
- the leader of the inspection's team (a seat with role `leader` in that round);
- the office head: capability `lead.oversee` reaching the round's jurisdiction;
- users holding an active `LeadGrant` for that lead or for every lead of the inspection (the
  leader or the office head grants; a hand-over request grants its approver).
Office staff, deputy leaders, members, the leading group and upper levels see nothing of a lead,
not even that it exists, unless granted: every list, count, search, export, report and API
response about leads filters through `lead_q`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from xuncha.accounts.permissions import role_for, scope_q, signed_in
from xuncha.accounts.roles import Capability
from xuncha.leads.models import Lead, LeadGrant, LeadHandover
from xuncha.staffing.models import MemberRole, TeamMember

C = Capability


def _active_grants(user):
    today = timezone.localdate()
    return LeadGrant.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today), user=user, revoked_at__isnull=True
    )


def _keepers_q(user, inspection: str) -> list[Q]:
    """The office head and the team leader of the inspections at path `inspection` ("" for
    Inspection itself, else e.g. "inspection__")."""
    leader = Q(
        Exists(
            TeamMember.objects.filter(
                round=OuterRef(f"{inspection}round"),
                team=OuterRef(f"{inspection}team"),
                cadre__user=user,
                role=MemberRole.LEADER,
            )
        )
    )
    head = scope_q(user, C.LEAD_OVERSEE, f"{inspection}round__jurisdiction__path")
    return [leader] if head is None else [head, leader]


def _any(parts: list[Q]) -> Q:
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def lead_q(user, prefix: str = "") -> Q | None:
    """The leads (at `prefix`, e.g. "lead__") the user may see; None for none."""
    if not signed_in(user):
        return None
    lead_ref = f"{prefix}pk" if prefix else "pk"
    grants = Q(
        Exists(
            _active_grants(user).filter(
                Q(lead__isnull=True) | Q(lead=OuterRef(lead_ref)),
                inspection=OuterRef(f"{prefix}inspection"),
            )
        )
    )
    return _any([*_keepers_q(user, f"{prefix}inspection__"), grants])


def all_leads_q(user, prefix: str = "") -> Q | None:
    """The inspections (at `prefix`, e.g. "inspection__") whose every lead the user may see:
    `may_see_all_leads` as one predicate, for lists of leads reports."""
    if not signed_in(user):
        return None
    grants = Q(
        Exists(
            _active_grants(user).filter(
                inspection=OuterRef(prefix.removesuffix("__") if prefix else "pk"),
                lead__isnull=True,
            )
        )
    )
    return _any([*_keepers_q(user, prefix), grants])


def visible_leads(user) -> QuerySet[Lead]:
    """Every lead the user may see."""
    q = lead_q(user)
    qs = Lead.objects.select_related(
        "inspection",
        "inspection__round",
        "inspection__round__jurisdiction",
        "inspection__target",
        "inspection__team",
    )
    return qs.none() if q is None else qs.filter(q)


def get_lead_for_user(user, pk: int) -> Lead:
    """The lead, or 404 alike for 'does not exist' and 'not yours'. Callers audit the view."""
    return get_object_or_404(visible_leads(user), pk=pk)


def is_leader(user, inspection) -> bool:
    return (
        signed_in(user)
        and TeamMember.objects.filter(
            round_id=inspection.round_id,
            team_id=inspection.team_id,
            cadre__user=user,
            role=MemberRole.LEADER,
        ).exists()
    )


def head_role(user, inspection) -> str | None:
    return role_for(user, C.LEAD_OVERSEE, inspection.round.jurisdiction.path)


def keeper_role(user, inspection) -> str | None:
    """How the user keeps the inspection's leads (may see all, edit, assess and grant): the
    office head's role or "team:leader"; None otherwise."""
    if not signed_in(user):
        return None
    role = head_role(user, inspection)
    if role:
        return role
    return "team:leader" if is_leader(user, inspection) else None


def keeper_inspections(user) -> QuerySet:
    """Inspections whose leads the user keeps. Grants and hand-overs to record are looked up
    among these only, so that whoever does not keep them gets 404 whether or not the object
    exists (a 403 would tell a member which grant ids exist)."""
    from xuncha.plans.models import Inspection

    qs = Inspection.objects.select_related("round", "round__jurisdiction", "team", "target")
    if not signed_in(user):
        return qs.none()
    q = Q(
        Exists(
            TeamMember.objects.filter(
                round=OuterRef("round"),
                team=OuterRef("team"),
                cadre__user=user,
                role=MemberRole.LEADER,
            )
        )
    )
    head = scope_q(user, C.LEAD_OVERSEE, "round__jurisdiction__path")
    if head is not None:
        q |= head
    return qs.filter(q)


def numbered_inspection_ids(user, inspection_ids) -> set[int]:
    """Of these inspections, those whose lead numbers the user may see: the keepers' and the
    inspection-wide grantees' (`may_see_all_leads`), in one query. To anyone else a number
    would tell how many leads the inspection has (No. 5 means 1 to 4 exist)."""
    from xuncha.plans.models import Inspection

    ids = set(inspection_ids)
    if not ids or not signed_in(user):
        return set()
    wide = Q(Exists(_active_grants(user).filter(inspection=OuterRef("pk"), lead__isnull=True)))
    return set(
        Inspection.objects.filter(Q(pk__in=keeper_inspections(user).values("pk")) | wide)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )


def handovers_to_decide(user) -> QuerySet[LeadHandover]:
    """Hand-overs put to the user, on leads the user still sees: the only ones looked up for a
    decision, so anyone else gets 404 whether or not the request exists."""
    return LeadHandover.objects.filter(
        approver_id=getattr(user, "pk", None), lead__in=visible_leads(user).values("pk")
    )


def handovers_to_record(user) -> QuerySet[LeadHandover]:
    """Hand-overs of the leads of inspections the user keeps: the only ones looked up to
    record, 404 alike for anyone else."""
    return LeadHandover.objects.filter(lead__inspection__in=keeper_inspections(user).values("pk"))


def may_see_all_leads(user, inspection) -> bool:
    """The keepers, and holders of an inspection-wide grant: those who may read the leads
    report of the inspection."""
    if keeper_role(user, inspection):
        return True
    return _active_grants(user).filter(inspection=inspection, lead__isnull=True).exists()


def authorize_keeper(actor, inspection) -> str:
    """For services that change leads or their grants: the leader or the office head; actor
    None is the command line. Returns the acting role for the audit trail."""
    if actor is None:
        return ""
    role = keeper_role(actor, inspection)
    if role is None:
        raise PermissionDenied
    return role


def reader_role(user, lead: Lead) -> str:
    """How a reader reaches the lead, for the audit trail of a view."""
    return keeper_role(user, lead.inspection) or "grant"


def lead_inspections(user) -> QuerySet:
    """Inspections whose leads page opens for the user: those whose stationing material the
    user reaches (the page then shows only the leads `lead_q` lets through, and looks the same
    whether or not any exist), the office head's, and those where the user holds a grant.
    Whether a page opens never depends on whether leads exist."""
    from xuncha.fieldwork.access import fieldwork_q
    from xuncha.plans.models import Inspection

    qs = Inspection.objects.select_related("round", "round__jurisdiction", "team", "target")
    if not signed_in(user):
        return qs.none()
    q = Q(Exists(_active_grants(user).filter(inspection=OuterRef("pk"))))
    for part in (fieldwork_q(user), scope_q(user, C.LEAD_OVERSEE, "round__jurisdiction__path")):
        if part is not None:
            q |= part
    return qs.filter(q)


def get_lead_inspection_for_user(user, pk: int):
    """The inspection for a leads page, or 404 alike for 'does not exist' and 'not yours'."""
    return get_object_or_404(lead_inspections(user), pk=pk)


def may_export(user, inspection) -> bool:
    """The keepers and holders of a grant in the inspection: those whose export may hold a
    lead. Decided by the reader's own seat and grants, never by whether leads exist."""
    if keeper_role(user, inspection):
        return True
    return signed_in(user) and _active_grants(user).filter(inspection=inspection).exists()
