"""The access choke point of stationing material.

An inspection's material is seen by three kinds of people, and no one else:
- the office: fieldwork.view reaching the round's jurisdiction (fieldwork.edit to change it);
- the team: a cadre with this account seated on the inspection's team in its round, whatever
  roles the account holds — so a member of team A never reaches team B's material, even when
  both teams work under the same county;
- those the office grants, read-only, until the grant is revoked or runs out.
Every page, API operation, export and count of stationing material filters through
`fieldwork_q` (a Q over the inspection, with a prefix for related models).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from xuncha.accounts.permissions import role_for, scope_q, signed_in
from xuncha.accounts.roles import Capability
from xuncha.fieldwork.models import InspectionGrant
from xuncha.plans.models import Inspection
from xuncha.staffing.models import TeamMember

C = Capability


def fieldwork_q(user, prefix: str = "", *, write: bool = False) -> Q | None:
    """The inspections (at `prefix`, e.g. "inspection__") whose material the user reaches; None
    for none. `write` leaves out grants, which are read-only."""
    if not signed_in(user):
        return None
    parts = []
    office = scope_q(
        user, C.FIELDWORK_EDIT if write else C.FIELDWORK_VIEW, f"{prefix}round__jurisdiction__path"
    )
    if office is not None:
        parts.append(office)
    parts.append(Q(Exists(TeamMember.objects.filter(
        round=OuterRef(f"{prefix}round"), team=OuterRef(f"{prefix}team"), cadre__user=user
    ))))
    if not write:
        today = timezone.localdate()
        parts.append(Q(Exists(InspectionGrant.objects.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today),
            inspection=OuterRef(f"{prefix}pk" if not prefix else prefix.removesuffix("__")),
            user=user, revoked_at__isnull=True,
        ))))
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def visible_stationings(user, *, write: bool = False) -> QuerySet[Inspection]:
    """Inspections whose stationing material the user reaches."""
    q = fieldwork_q(user, write=write)
    qs = Inspection.objects.select_related("round", "round__jurisdiction", "team", "target")
    return qs.none() if q is None else qs.filter(q)


def get_stationing_for_user(user, pk: int, *, write: bool = False) -> Inspection:
    """The inspection, or 404 alike for 'does not exist' and 'not yours'."""
    return get_object_or_404(visible_stationings(user, write=write), pk=pk)


def seat(user, inspection: Inspection) -> TeamMember | None:
    """The user's seat on the inspection's team, if any."""
    if not signed_in(user):
        return None
    return (
        TeamMember.objects.filter(
            round_id=inspection.round_id, team_id=inspection.team_id, cadre__user=user
        )
        .select_related("cadre")
        .first()
    )


def office_role(user, inspection: Inspection, capability: Capability = C.FIELDWORK_EDIT):
    return role_for(user, capability, inspection.round.jurisdiction.path)


def may_manage_grants(user, inspection: Inspection) -> bool:
    """Only the office grants and revokes access."""
    return office_role(user, inspection) is not None


def authorize_fieldwork(actor, inspection: Inspection) -> str:
    """For services that write stationing material: the office (fieldwork.edit) or a seat on
    the team; actor None is the command line. Returns the acting role for the audit trail."""
    if actor is None:
        return ""
    role = office_role(actor, inspection)
    if role:
        return role
    member = seat(actor, inspection)
    if member is not None:
        return f"team:{member.role}"
    raise PermissionDenied


def may_write(user, inspection: Inspection) -> bool:
    """Whether `authorize_fieldwork` would let the user write the inspection's material."""
    return signed_in(user) and (
        office_role(user, inspection) is not None or seat(user, inspection) is not None
    )


def reader_role(user, inspection: Inspection) -> str:
    """How a reader reaches the inspection's material, for the audit trail of a view: the
    office role, the seat on the team, or an office grant."""
    if user is None:
        return ""
    role = office_role(user, inspection, C.FIELDWORK_VIEW)
    if role:
        return role
    member = seat(user, inspection)
    return f"team:{member.role}" if member else "grant"
