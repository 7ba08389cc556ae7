"""Every write to the organization tree. Each service checks scope, runs in one transaction and
writes its audit event in it."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import acting_role, authorize, require
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.orgs.models import LeadershipMember, Level, Unit
from xuncha.orgs.tree import MAX_DEPTH, step

UNIT_FIELDS = (
    "code", "name", "short_name", "level", "kind", "sector", "headcount", "party_members",
    "contact_person", "contact_phone", "address", "has_office", "is_sensitive", "description",
)
LEADERSHIP_FIELDS = ("name", "post", "is_principal", "since", "order")

# A child may not sit at a higher administrative level than its parent.
_LEVEL_RANK = {Level.PROVINCE: 0, Level.CITY: 1, Level.COUNTY: 2, Level.TOWNSHIP: 3,
               Level.VILLAGE: 4, Level.OTHER: 5}


def _check_level(level: str, parent: Unit | None) -> None:
    if parent is None or level == Level.OTHER or parent.level == Level.OTHER:
        return
    if _LEVEL_RANK[Level(level)] < _LEVEL_RANK[Level(parent.level)]:
        raise ValidationError(
            {"level": _("A unit cannot be at a higher level than its parent unit.")}
        )


def _insert(unit: Unit, parent: Unit | None) -> Unit:
    """Save a new unit and give it its path (its id is part of the path)."""
    if parent is not None and parent.depth + 1 >= MAX_DEPTH:
        raise ValidationError(_("The organization tree is too deep here."))
    unit.parent = parent
    unit.path = "tmp" + uuid.uuid4().hex
    unit.depth = 0 if parent is None else parent.depth + 1
    unit.save(force_insert=True)
    unit.path = (parent.path if parent else "") + step(unit.pk)
    Unit.objects.filter(pk=unit.pk).update(path=unit.path)
    return unit


def create_unit(*, actor, parent: Unit | None, **fields) -> Unit:
    """Add a unit under `parent` (a root unit only from commands, where actor is None)."""
    with transaction.atomic():
        if parent is None and actor is not None:
            raise PermissionDenied
        role = authorize(actor, Capability.UNIT_EDIT, parent.path) if parent else ""
        unit = Unit(**{k: v for k, v in fields.items() if k in UNIT_FIELDS})
        _check_level(unit.level, parent)
        unit.full_clean(exclude=["path", "parent"])
        _insert(unit, parent)
        record(EventType.UNIT_CREATED, actor=actor, role=role, unit=unit, obj=unit,
               changes=diff({}, snapshot(unit, (*UNIT_FIELDS, "parent"))))
    return unit


def update_unit(unit: Unit, *, actor, **fields) -> Unit:
    """Change a unit's profile (not its place in the tree: see `move_unit`)."""
    with transaction.atomic():
        role = require(actor, Capability.UNIT_EDIT, unit.path)
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(unit, UNIT_FIELDS)
        for key, value in fields.items():
            if key in UNIT_FIELDS:
                setattr(unit, key, value)
        _check_level(unit.level, unit.parent)
        unit.full_clean()
        changes = diff(before, snapshot(unit, UNIT_FIELDS))
        if changes:
            unit.save()
            record(EventType.UNIT_UPDATED, actor=actor, role=role, unit=unit, obj=unit,
                   changes=changes)
    return unit


def move_unit(unit: Unit, *, actor, new_parent: Unit, reason: str = "") -> Unit:
    """Put a unit and its whole subtree under another parent (reorganization)."""
    with transaction.atomic():
        role = require(actor, Capability.UNIT_EDIT, unit.path)
        require(actor, Capability.UNIT_EDIT, new_parent.path)
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        new_parent = Unit.objects.get(pk=new_parent.pk)
        if new_parent.path.startswith(unit.path):
            raise ValidationError(_("A unit cannot be moved under itself or its own subunit."))
        if unit.parent_id == new_parent.pk:
            return unit
        _check_level(unit.level, new_parent)
        old_path, old_parent_id = unit.path, unit.parent_id
        new_path = new_parent.path + step(unit.pk)
        depth_delta = new_parent.depth + 1 - unit.depth
        deepest = Unit.objects.under(unit).order_by("-depth").values_list("depth", flat=True)[0]
        if deepest + depth_delta >= MAX_DEPTH:
            raise ValidationError(_("The organization tree is too deep here."))
        Unit.objects.under(unit).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + depth_delta,
        )
        Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
        unit.refresh_from_db()
        record(EventType.UNIT_MOVED, actor=actor, role=role, unit=unit, obj=unit, reason=reason,
               changes={"parent": [old_parent_id, new_parent.pk]})
    return unit


def set_unit_active(unit: Unit, *, actor, active: bool, reason: str = "") -> Unit:
    """Dissolve a unit (it stays in the tree for history) or restore it."""
    with transaction.atomic():
        role = require(actor, Capability.UNIT_EDIT, unit.path)
        if not active and not reason.strip():
            raise ValidationError({"reason": _("Give the reason for dissolving the unit.")})
        if not active and Unit.objects.filter(parent=unit, is_active=True).exists():
            raise ValidationError(_("Dissolve or move the active units below it first."))
        if unit.is_active == active:
            return unit
        Unit.objects.filter(pk=unit.pk).update(is_active=active)
        unit.is_active = active
        record(EventType.UNIT_DEACTIVATED if not active else EventType.UNIT_UPDATED,
               actor=actor, role=role, unit=unit, obj=unit, reason=reason,
               changes={"is_active": [not active, active]})
    return unit


def record_sensitive_view(unit: Unit, *, actor) -> None:
    """Views of sensitive units are audited."""
    if unit.is_sensitive:
        with transaction.atomic():
            record(EventType.UNIT_VIEWED, actor=actor, unit=unit, obj=unit)


def add_leadership_member(unit: Unit, *, actor, **fields) -> LeadershipMember:
    """Add a member of the unit's leadership team (actor None only from commands)."""
    with transaction.atomic():
        role = authorize(actor, Capability.UNIT_EDIT, unit.path)
        member = LeadershipMember(unit=unit, **{k: v for k, v in fields.items()
                                                if k in LEADERSHIP_FIELDS})
        member.full_clean()
        member.save()
        record(EventType.LEADERSHIP_ADDED, actor=actor, role=role, unit=unit, obj=member,
               changes=diff({}, snapshot(member, LEADERSHIP_FIELDS)))
    return member


def update_leadership_member(member: LeadershipMember, *, actor, **fields) -> LeadershipMember:
    with transaction.atomic():
        role = require(actor, Capability.UNIT_EDIT, member.unit.path)
        before = snapshot(member, LEADERSHIP_FIELDS)
        for key, value in fields.items():
            if key in LEADERSHIP_FIELDS:
                setattr(member, key, value)
        member.full_clean()
        changes = diff(before, snapshot(member, LEADERSHIP_FIELDS))
        if changes:
            member.save()
            record(EventType.LEADERSHIP_UPDATED, actor=actor, role=role, unit=member.unit,
                   obj=member, changes=changes)
    return member


def remove_leadership_member(member: LeadershipMember, *, actor, reason: str = "") -> None:
    with transaction.atomic():
        role = require(actor, Capability.UNIT_EDIT, member.unit.path)
        record(EventType.LEADERSHIP_REMOVED, actor=actor, role=role, unit=member.unit,
               obj=member, reason=reason,
               changes={k: [v, None] for k, v in snapshot(member, LEADERSHIP_FIELDS).items()})
        member.delete()


def import_units(*, actor, rows: list[dict], source: str = "") -> dict[str, int]:
    """Create and update units from a checked spreadsheet, all or nothing.

    `rows` come from `xuncha.orgs.importing.plan_import`, parents before children: each is
    {"row": spreadsheet row number, "code", "parent_code", "fields": {profile field: value}}.
    Scope is checked again here with capability `unit.import` (on the unit for an update, on the
    parent for a new unit), so a plan made earlier cannot reach beyond the actor's scope now.
    Writes a UNIT_CREATED / UNIT_UPDATED event per unit that changes and one UNITS_IMPORTED
    event with the counts. Raises ValidationError naming the row on the first problem.
    """
    try:
        return _import_units(actor=actor, rows=rows, source=source)
    except IntegrityError:
        # A unit code taken by someone else between the check and the write.
        raise ValidationError(
            _("The tree changed while importing; nothing was written. Check the file again.")
        ) from None


def _import_units(*, actor, rows: list[dict], source: str) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        by_code: dict[str, Unit] = {}
        codes = sorted({r["code"] for r in rows} | {r["parent_code"] for r in rows} - {""})
        locked = Unit.objects.select_for_update(of=("self",)).select_related("parent")
        for i in range(0, len(codes), 500):
            for unit in locked.filter(code__in=codes[i : i + 500]):
                by_code[unit.code] = unit
        for spec in rows:
            try:
                _import_row(spec, actor=actor, by_code=by_code, counts=counts)
            except ValidationError as exc:
                raise ValidationError(
                    _("Row %(row)s: %(message)s")
                    % {"row": spec.get("row", "?"), "message": " ".join(exc.messages)}
                ) from None
        record(EventType.UNITS_IMPORTED, actor=actor, role=acting_role(actor),
               object_type="orgs.unit",
               changes={**counts, "rows": len(rows), "file": source[:200]})
    return counts


def _import_row(spec: dict, *, actor, by_code: dict[str, Unit], counts: dict[str, int]) -> None:
    fields = {k: v for k, v in spec["fields"].items() if k in UNIT_FIELDS and k != "code"}
    unit = by_code.get(spec["code"])
    if unit is not None:
        role = require(actor, Capability.UNIT_IMPORT, unit.path)
        current_parent = unit.parent.code if unit.parent_id else ""
        if (spec["parent_code"] or "") != current_parent:
            raise ValidationError(_("The import does not move units; use the Move page."))
        before = snapshot(unit, UNIT_FIELDS)
        for key, value in fields.items():
            setattr(unit, key, value)
        _check_level(unit.level, unit.parent)
        # The code is unchanged, so skip the per-row uniqueness query; the index still holds.
        unit.full_clean(validate_unique=False)
        changes = diff(before, snapshot(unit, UNIT_FIELDS))
        if not changes:
            counts["unchanged"] += 1
            return
        unit.save()
        record(EventType.UNIT_UPDATED, actor=actor, role=role, unit=unit, obj=unit,
               changes=changes, reason=_("Import"))
        counts["updated"] += 1
        return
    parent = by_code.get(spec["parent_code"] or "")
    if parent is None:
        raise ValidationError(_("No unit with the parent code in your scope."))
    role = require(actor, Capability.UNIT_IMPORT, parent.path)
    unit = Unit(code=spec["code"], **fields)
    _check_level(unit.level, parent)
    # The plan checked the code against the tree; the unique index catches a race.
    unit.full_clean(exclude=["path", "parent"], validate_unique=False)
    _insert(unit, parent)
    unit.parent = parent
    by_code[unit.code] = unit
    record(EventType.UNIT_CREATED, actor=actor, role=role, unit=unit, obj=unit,
           changes=diff({}, snapshot(unit, (*UNIT_FIELDS, "parent"))), reason=_("Import"))
    counts["created"] += 1
