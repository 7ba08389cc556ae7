"""Who reaches unit material and its matches.

- The team, the office and those the office grants reach an inspection's material through the
  stationing choke point (`fieldwork_q`); writing (upload, recheck, removal) is
  `authorize_fieldwork`, and a team member removes only what they uploaded.
- The target's liaison (liaison.receive held at the target unit itself, not over a subtree)
  uploads the unit's material once the unit knows of the inspection (notice sent, or stationed),
  and sees the uploads handed in by the unit and nothing else: never the team's uploads, never a
  score or a match.
- A match is seen by whoever sees one of its two materials; the other side's text only by those
  who see that material too (see `selectors.match_view`).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from xuncha.accounts.permissions import grants, signed_in
from xuncha.accounts.roles import Capability, capabilities_of
from xuncha.copycheck.models import CopyMatch, UnitMaterial
from xuncha.fieldwork.access import authorize_fieldwork, fieldwork_q
from xuncha.plans.models import STAGE_ORDER, Inspection, Stage

_MATERIAL_RELATED = (
    "inspection",
    "inspection__round",
    "inspection__round__jurisdiction",
    "inspection__target",
    "inspection__team",
    "unit",
    "uploaded_by",
)
# Stages at which the target knows of the inspection whether or not a notice was recorded.
_KNOWN_STAGES = STAGE_ORDER[STAGE_ORDER.index(Stage.STATIONED) :]


def visible_materials(user) -> QuerySet[UnitMaterial]:
    q = fieldwork_q(user, "inspection__")
    qs = UnitMaterial.objects.select_related(*_MATERIAL_RELATED)
    return qs.none() if q is None else qs.filter(q)


def get_material_for_user(user, pk: int) -> UnitMaterial:
    """The material, or 404 alike for 'does not exist' and 'not yours'."""
    return get_object_or_404(visible_materials(user), pk=pk)


def visible_matches(user) -> QuerySet[CopyMatch]:
    """Matches one of whose materials the user sees."""
    mine = fieldwork_q(user, "material__inspection__")
    theirs = fieldwork_q(user, "other__inspection__")
    qs = CopyMatch.objects.select_related(
        *(f"material__{r}" for r in _MATERIAL_RELATED),
        *(f"other__{r}" for r in _MATERIAL_RELATED),
    )
    return qs.none() if mine is None else qs.filter(mine | theirs)


def get_match_for_user(user, pk: int) -> CopyMatch:
    return get_object_or_404(visible_matches(user), pk=pk)


# --- The target's liaison ----------------------------------------------------------------------


def liaison_units(user) -> dict[int, str]:
    """{unit id: role} of the units where the user is the liaison. The door is the unit itself:
    a liaison role held over a subtree does not make its holder every unit's liaison."""
    return {
        g.unit_id: g.role
        for g in grants(user)
        if Capability.LIAISON_RECEIVE in capabilities_of(g.role)
    }


def _known_to_unit() -> Q:
    return Q(stage__in=_KNOWN_STAGES) | Q(
        notice__sent_on__isnull=False, notice__sent_on__lte=timezone.localdate()
    )


def liaison_inspections(user) -> QuerySet[Inspection]:
    """Inspections of the units where the user is the liaison, once the unit knows of them."""
    units = liaison_units(user) if signed_in(user) else {}
    qs = Inspection.objects.select_related("round", "round__jurisdiction", "team", "target")
    if not units:
        return qs.none()
    return qs.filter(_known_to_unit(), target_id__in=units).order_by("-round__starts_on", "pk")


def liaison_materials(user) -> QuerySet[UnitMaterial]:
    """What the liaison's unit handed in, and nothing the team uploaded."""
    units = liaison_units(user) if signed_in(user) else {}
    qs = UnitMaterial.objects.select_related(*_MATERIAL_RELATED)
    if not units:
        return qs.none()
    return qs.filter(by_unit=True, inspection__target_id__in=units)


def is_liaison(user) -> bool:
    return signed_in(user) and bool(liaison_units(user))


def authorize_upload(actor, inspection: Inspection) -> tuple[str, bool]:
    """(role for the audit trail, whether the unit hands it in): the team or the office, else
    the target's own liaison once the unit knows of the inspection."""
    try:
        return authorize_fieldwork(actor, inspection), False
    except PermissionDenied:
        role = liaison_units(actor).get(inspection.target_id)
        if role is None or not liaison_inspections(actor).filter(pk=inspection.pk).exists():
            raise
        return role, True


def authorize_removal(actor, material: UnitMaterial) -> str:
    """The office removes any material, a team member only what they uploaded."""
    role = authorize_fieldwork(actor, material.inspection)
    if role.startswith("team:") and material.uploaded_by_id != actor.pk:
        raise PermissionDenied
    return role


def may_remove(user, material: UnitMaterial) -> bool:
    try:
        authorize_removal(user, material)
    except PermissionDenied:
        return False
    return signed_in(user)
