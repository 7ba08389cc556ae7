"""Writing a jurisdiction's planning settings (time limits and choices, with defaults)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import role_for
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.orgs.models import Unit
from xuncha.people.models import Specialty
from xuncha.plans.models import PlanningSettings
from xuncha.plans.services._common import check, require_jurisdiction

SETTINGS_FIELDS = (
    "deconfliction_months",
    "round_approver",
    "notice_days",
    "outline_lead_days",
    "survey_flag_percent",
    "worked_within_years",
    "worked_longer_than_years",
    "superior_within_years",
    "min_team_size",
    "max_team_size",
    "required_expertise",
)


def _normalize_expertise(value: str) -> str:
    """ "finance | audit, discipline" → "finance|audit,discipline"; unknown tags refused."""
    groups = []
    for group in (value or "").split(","):
        tags = [t.strip() for t in group.split("|") if t.strip()]
        if not tags:
            continue
        unknown = [t for t in tags if t not in Specialty.values]
        if unknown:
            raise ValidationError(
                {
                    "required_expertise": _("Unknown expertise: %(tags)s. Use %(known)s.")
                    % {"tags": "、".join(unknown), "known": ", ".join(Specialty.values)}
                }
            )
        groups.append("|".join(tags))
    return ",".join(groups)


def update_settings(jurisdiction: Unit, *, actor, **fields) -> PlanningSettings:
    """Change the planning settings of a jurisdiction (created with the defaults on first
    change). The round approver must be someone who may approve plans there."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, jurisdiction)
        require_jurisdiction(jurisdiction)
        found = (
            PlanningSettings.objects.select_for_update().filter(jurisdiction=jurisdiction).first()
        )
        current = found or PlanningSettings(jurisdiction=jurisdiction)
        before = snapshot(current, SETTINGS_FIELDS)
        for key, value in fields.items():
            if key in SETTINGS_FIELDS:
                setattr(current, key, value)
        current.required_expertise = _normalize_expertise(current.required_expertise)
        approver = current.round_approver
        if approver is not None and (
            not approver.is_active
            or role_for(approver, Capability.PLAN_APPROVE, jurisdiction.path) is None
        ):
            raise ValidationError(
                {
                    "round_approver": _(
                        "The approver must be an active account that may approve plans of this "
                        "jurisdiction."
                    )
                }
            )
        current.full_clean()
        changes = diff(before, snapshot(current, SETTINGS_FIELDS))
        if changes:
            current.save()
            record(
                EventType.SETTINGS_UPDATED,
                actor=actor,
                role=role,
                unit=jurisdiction,
                obj=current,
                changes=changes,
            )
    return current
