"""Helpers shared by the interview services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xuncha.people.models import Cadre
from xuncha.plans.models import Inspection
from xuncha.staffing.models import TeamMember


def team_seats(inspection: Inspection) -> list[TeamMember]:
    """The inspection's team in its round, leader first."""
    return list(
        TeamMember.objects.filter(round_id=inspection.round_id, team_id=inspection.team_id)
        .select_related("cadre")
        .order_by("role", "cadre__full_name", "pk")
    )


def check_pair(
    inspection: Inspection,
    asker: Cadre | None,
    recorder: Cadre | None,
    *,
    asker_field: str = "interviewer",
    required: bool = False,
) -> None:
    """Who asks and who records: seated on the inspection's team, and never the same person
    (DOMAIN.md §3: one asks, one records)."""
    errors = {}
    if required and asker is None:
        errors[asker_field] = _("Say who asks.")
    if required and recorder is None:
        errors["recorder"] = _("Say who records.")
    seated = {m.cadre_id for m in team_seats(inspection)} if (asker or recorder) else set()
    if asker is not None and asker.pk not in seated:
        errors[asker_field] = _("Only a member of the inspection's team can interview.")
    if recorder is not None and recorder.pk not in seated:
        errors["recorder"] = _("Only a member of the inspection's team can record.")
    if asker is not None and recorder is not None and asker.pk == recorder.pk:
        errors["recorder"] = _("One asks and another records: choose two different members.")
    if errors:
        raise ValidationError(errors)


def clean_text(value) -> str:
    return (value or "").strip()
