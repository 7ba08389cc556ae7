"""The access choke point of petitions.

A petition of an inspection is stationing material: it is read by whoever reaches the
inspection (`fieldwork.access.fieldwork_q`: the office, the team by its seat, grant holders) and
written by the office and the team (`authorize_fieldwork`). A petition received for a
jurisdiction in general (no inspection yet; issue 7's public intake) is read by those whose
petition.view *and* fieldwork.view reach the jurisdiction — the office and upper reviewers: team
roles hold petition.view at their county too, but a team reaches only its own inspection.

The reporter's identity is narrower still: the office (fieldwork.edit at the jurisdiction) and
the team's leader and deputy leaders. Everyone else who reaches the petition sees that the
identity is withheld.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from xuncha.accounts.permissions import authorize, role_for, scope_q, signed_in
from xuncha.accounts.roles import Capability
from xuncha.fieldwork.access import authorize_fieldwork, fieldwork_q, seat
from xuncha.petitions.models import Petition
from xuncha.staffing.models import MemberRole

C = Capability
IDENTITY_SEATS = frozenset({MemberRole.LEADER, MemberRole.DEPUTY_LEADER})


def petition_q(user) -> Q | None:
    """The petitions the user reaches, as one predicate; None for none."""
    if not signed_in(user):
        return None
    parts = []
    material = fieldwork_q(user, "inspection__")
    if material is not None:
        parts.append(material)
    general = scope_q(user, C.PETITION_VIEW, "jurisdiction__path")
    office = scope_q(user, C.FIELDWORK_VIEW, "jurisdiction__path")
    if general is not None and office is not None:
        parts.append(Q(inspection__isnull=True) & general & office)
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def visible_petitions(user) -> QuerySet[Petition]:
    """Petitions the user may read (their content; never the identity)."""
    q = petition_q(user)
    qs = Petition.objects.select_related(
        "inspection",
        "inspection__round",
        "inspection__round__jurisdiction",
        "inspection__target",
        "inspection__team",
        "jurisdiction",
    )
    return qs.none() if q is None else qs.filter(q)


def get_petition_for_user(user, pk: int) -> Petition:
    """The petition, or 404 alike for 'does not exist' and 'not yours'."""
    return get_object_or_404(visible_petitions(user), pk=pk)


def authorize_petition(actor, petition: Petition) -> str:
    """For services that change a petition: the office or the inspection's team (grant holders
    and the leading group only read). Returns the acting role for the audit trail."""
    if petition.inspection_id:
        return authorize_fieldwork(actor, petition.inspection)
    return authorize(actor, C.FIELDWORK_EDIT, petition.jurisdiction.path)


def may_write_petition(user, petition: Petition) -> bool:
    if not signed_in(user):
        return False
    try:
        authorize_petition(user, petition)
    except PermissionDenied:
        return False
    return True


def identity_role(user, petition: Petition) -> str:
    """The role that lets the user see the reporter's identity; PermissionDenied otherwise.
    The command line (None) passes with no role."""
    if user is None:
        return ""
    if not signed_in(user):
        raise PermissionDenied
    role = role_for(user, C.FIELDWORK_EDIT, petition.jurisdiction.path)
    if role:
        return role
    if petition.inspection_id:
        member = seat(user, petition.inspection)
        if member is not None and member.role in IDENTITY_SEATS:
            return f"team:{member.role}"
    raise PermissionDenied


def may_see_identity(user, petition: Petition) -> bool:
    """Whether the user may reveal the identity (each reveal is still audited). Also decides
    who may open a petition's attachments: letters carry names."""
    try:
        identity_role(user, petition)
    except PermissionDenied:
        return False
    return user is not None
