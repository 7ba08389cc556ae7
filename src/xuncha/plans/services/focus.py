"""A jurisdiction's list of focus areas (监督重点) that rounds choose from."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.orgs.models import Unit
from xuncha.plans.models import FocusArea
from xuncha.plans.reference import REFERENCE_FOCUS_AREAS
from xuncha.plans.services._common import check, clean_text, require_jurisdiction

FOCUS_FIELDS = ("group", "text", "order", "is_active")


def ensure_reference_focus_areas(jurisdiction: Unit, *, actor=None) -> int:
    """Copy the reference sets (三个聚焦, 四个聚焦, 三大问题) into the jurisdiction's list, each
    set only if the jurisdiction has no focus area of that set yet, so local rewording and
    deactivation survive. Idempotent; returns the number of focus areas added."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, jurisdiction)
        require_jurisdiction(jurisdiction)
        present = set(
            FocusArea.objects.filter(jurisdiction=jurisdiction).values_list("group", flat=True)
        )
        added = [
            FocusArea(jurisdiction=jurisdiction, group=group, text=text, order=(i + 1) * 10)
            for group, texts in REFERENCE_FOCUS_AREAS.items()
            if group not in present
            for i, text in enumerate(texts)
        ]
        if not added:
            return 0
        FocusArea.objects.bulk_create(added)
        record(
            EventType.FOCUS_AREA_CHANGED,
            actor=actor,
            role=role,
            unit=jurisdiction,
            object_type="plans.focusarea",
            changes={"added": [[a.group, a.text] for a in added]},
        )
    return len(added)


def _clean(area: FocusArea) -> None:
    area.group = clean_text(area.group)
    area.text = clean_text(area.text)
    if not area.text:
        raise ValidationError({"text": _("Write the focus area.")})
    if not area.group:
        raise ValidationError({"group": _("Name the set, for example 四个聚焦.")})
    clash = FocusArea.objects.filter(
        jurisdiction_id=area.jurisdiction_id, group=area.group, text=area.text
    ).exclude(pk=area.pk)
    if clash.exists():
        raise ValidationError({"text": _("This set already has this focus area.")})
    area.full_clean()


def create_focus_area(
    *, actor, jurisdiction: Unit, group: str, text: str, order: int | None = None
) -> FocusArea:
    """Add a focus area to the jurisdiction's list (at the end of its set unless ordered)."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, jurisdiction)
        require_jurisdiction(jurisdiction)
        if order is None:
            last = FocusArea.objects.filter(
                jurisdiction=jurisdiction, group=clean_text(group)
            ).aggregate(m=Max("order"))["m"]
            order = (last or 0) + 10
        area = FocusArea(jurisdiction=jurisdiction, group=group, text=text, order=order)
        _clean(area)
        area.save()
        record(
            EventType.FOCUS_AREA_CHANGED,
            actor=actor,
            role=role,
            unit=jurisdiction,
            obj=area,
            changes=diff({}, snapshot(area, FOCUS_FIELDS)),
        )
    return area


def update_focus_area(area: FocusArea, *, actor, **fields) -> FocusArea:
    """Reword, regroup, reorder, deactivate or reactivate a focus area. Rounds that chose it
    keep it."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, area.jurisdiction)
        area = (
            FocusArea.objects.select_for_update(of=("self",))
            .select_related("jurisdiction")
            .get(pk=area.pk)
        )
        before = snapshot(area, FOCUS_FIELDS)
        for key in FOCUS_FIELDS:
            if key in fields and fields[key] is not None:
                setattr(area, key, fields[key])
        _clean(area)
        changes = diff(before, snapshot(area, FOCUS_FIELDS))
        if changes:
            area.save()
            record(
                EventType.FOCUS_AREA_CHANGED,
                actor=actor,
                role=role,
                unit=area.jurisdiction,
                obj=area,
                changes=changes,
            )
    return area


def set_focus_area_active(area: FocusArea, *, actor, active: bool) -> FocusArea:
    return update_focus_area(area, actor=actor, is_active=active)
