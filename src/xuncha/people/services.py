"""Every write to cadres, talent pools and teams. Each service checks the actor's scope (actor=None
only from management commands), runs in one transaction and writes its audit event in it."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import acting_role, authorize, role_for, visible_users
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.orgs.models import Level, Unit, UnitKind
from xuncha.people.models import (
    Availability,
    Cadre,
    FamilyRelation,
    PoolKind,
    PoolMembership,
    Posting,
    Specialty,
    TalentPool,
    Team,
    TrainingRecord,
)
from xuncha.people.records import RecordModel, kind_for

CADRE_FIELDS = (
    "full_name",
    "gender",
    "birth_year",
    "unit",
    "post",
    "rank",
    "specialty",
    "expertise",
    "education",
    "native_place",
    "phone",
    "user",
    "is_active",
    "notes",
)
POOL_FIELDS = ("jurisdiction", "kind", "name", "description")
MEMBERSHIP_FIELDS = ("pool", "cadre", "joined_on", "removed_on", "removal_reason")
# Tags a cadre's further expertise may hold: every specialty but "other".
EXPERTISE_VALUES = tuple(v for v in Specialty.values if v != Specialty.OTHER)
REGION_KINDS = (UnitKind.PARTY_COMMITTEE, UnitKind.WORKING_COMMITTEE)
TEAM_FIELDS = ("jurisdiction", "number", "name")

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 34 → 三十四 (enough for team numbers)."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (_DIGITS[tens] if tens > 1 else "") + "十" + (_DIGITS[ones] if ones else "")
    return str(n)


def default_team_name(number: int) -> str:
    # Team names are data (they appear in documents as written), not interface text.
    return f"第{chinese_number(number)}巡察组"


def _check(actor, unit: Unit) -> str:
    """The acting role, after checking that people.edit reaches `unit`; "" for commands."""
    return authorize(actor, Capability.PEOPLE_EDIT, unit.path)


def _require_jurisdiction(unit: Unit) -> None:
    if not unit.has_office:
        raise ValidationError(
            {"jurisdiction": _("Only a unit with an inspection office keeps pools and teams.")}
        )


def normalize_expertise(value: str | Iterable[str] | None, specialty: str) -> str:
    """Further expertise as stored: known Specialty values, comma-separated, in the order of
    `Specialty`, without repeats and without the main specialty (it is a skill already)."""
    if value is None:
        return ""
    tokens = value.split(",") if isinstance(value, str) else list(value)
    tags = {str(t).strip() for t in tokens} - {""}
    unknown = sorted(tags - set(EXPERTISE_VALUES))
    if unknown:
        raise ValidationError(
            {"expertise": _("Unknown expertise: %(values)s.") % {"values": "、".join(unknown)}}
        )
    return ",".join(v for v in EXPERTISE_VALUES if v in tags and v != specialty)


def is_home_region(unit: Unit) -> bool:
    """A county or district party committee (or a zone's working committee): what a cadre's
    home region names for the region recusal of cross inspections."""
    return unit.level == Level.COUNTY and unit.kind in REGION_KINDS


def _require_unit_in_reach(actor, unit: Unit | None, field: str) -> None:
    """A unit named in a record must be one the actor can see (unit.view): the same answer as
    for a code that does not exist."""
    if (
        unit is not None
        and actor is not None
        and role_for(actor, Capability.UNIT_VIEW, unit.path) is None
    ):
        raise ValidationError({field: _("No unit with this code in your scope.")})


def _check_native_place(actor, unit: Unit | None) -> None:
    if unit is None:
        return
    _require_unit_in_reach(actor, unit, "native_place")
    if not is_home_region(unit):
        raise ValidationError(
            {
                "native_place": _(
                    "Choose a county or district party committee: the home region is a county, "
                    "not a department or a township."
                )
            }
        )


def create_cadre(*, actor, unit: Unit, full_name: str, **fields) -> Cadre:
    """Register a cadre who may serve on inspection teams, at their work unit."""
    with transaction.atomic():
        role = _check(actor, unit)
        cadre = Cadre(
            unit=unit,
            full_name=full_name.strip(),
            **{k: v for k, v in fields.items() if k in CADRE_FIELDS and k != "expertise"},
        )
        cadre.expertise = normalize_expertise(fields.get("expertise"), cadre.specialty)
        _check_native_place(actor, cadre.native_place)
        if cadre.user is not None:
            _validate_account(actor, cadre.user, cadre)
        cadre.full_clean()
        cadre.save()
        record(
            EventType.CADRE_CREATED,
            actor=actor,
            role=role,
            unit=unit,
            obj=cadre,
            changes=diff({}, snapshot(cadre, CADRE_FIELDS)),
        )
    return cadre


def update_cadre(cadre: Cadre, *, actor, **fields) -> Cadre:
    """Change a cadre's record; moving them to another work unit needs scope over both units."""
    with transaction.atomic():
        cadre = (
            Cadre.objects.select_for_update(of=("self",)).select_related("unit").get(pk=cadre.pk)
        )
        role = _check(actor, cadre.unit)
        new_unit = fields.get("unit")
        if new_unit is not None and new_unit.pk != cadre.unit_id:
            _check(actor, new_unit)
        before = snapshot(cadre, CADRE_FIELDS)
        for key, value in fields.items():
            if key in CADRE_FIELDS and key != "expertise":
                setattr(cadre, key, value.strip() if key == "full_name" else value)
        # Normalized again when only the main specialty changes, so it never repeats there.
        cadre.expertise = normalize_expertise(
            fields.get("expertise", cadre.expertise), cadre.specialty
        )
        if cadre.native_place_id != before["native_place"]:
            _check_native_place(actor, cadre.native_place)
        if cadre.user_id != before["user"] and cadre.user is not None:
            _validate_account(actor, cadre.user, cadre)
        cadre.full_clean()
        changes = diff(before, snapshot(cadre, CADRE_FIELDS))
        if changes:
            cadre.save()
            record(
                EventType.CADRE_UPDATED,
                actor=actor,
                role=role,
                unit=cadre.unit,
                obj=cadre,
                changes=changes,
            )
    return cadre


# --- The cadre's own account ------------------------------------------------------------------


def _validate_account(actor, user, cadre: Cadre) -> None:
    """The account a cadre may be linked to: one the actor can see (the same answer for an
    account that does not exist), active, and not linked to another cadre."""
    visible = user is not None and (
        actor is None or visible_users(actor).filter(pk=user.pk).exists()
    )
    if not visible:
        raise ValidationError({"user": _("No such account in your scope.")})
    if not user.is_active:
        raise ValidationError({"user": _("This account is disabled.")})
    if Cadre.objects.filter(user_id=user.pk).exclude(pk=cadre.pk).exists():
        raise ValidationError({"user": _("This account is already linked to another cadre.")})


def link_account(cadre: Cadre, user, *, actor, reason: str = "") -> Cadre:
    """Link a cadre to the account they sign in with, so that their duties, pledges, gift and
    recusal declarations find them. The office keeping the cadre's record does it (people.edit
    at the work unit); one cadre per account."""
    with transaction.atomic():
        cadre = (
            Cadre.objects.select_for_update(of=("self",)).select_related("unit").get(pk=cadre.pk)
        )
        role = _check(actor, cadre.unit)
        _validate_account(actor, user, cadre)
        if cadre.user_id == user.pk:
            return cadre
        before = cadre.user_id
        cadre.user = user
        try:
            with transaction.atomic():
                cadre.save(update_fields=["user"])
        except IntegrityError:  # linked to another cadre at the same moment
            raise ValidationError(
                {"user": _("This account is already linked to another cadre.")}
            ) from None
        record(
            EventType.CADRE_ACCOUNT_LINKED,
            actor=actor,
            role=role,
            unit=cadre.unit,
            obj=cadre,
            changes={"user": [before, user.pk]},
            reason=(reason or "").strip(),
        )
    return cadre


def unlink_account(cadre: Cadre, *, actor, reason: str = "") -> Cadre:
    """Take the account away from a cadre (a wrong link, an account closed)."""
    with transaction.atomic():
        cadre = (
            Cadre.objects.select_for_update(of=("self",)).select_related("unit").get(pk=cadre.pk)
        )
        role = _check(actor, cadre.unit)
        if cadre.user_id is None:
            raise ValidationError(_("No account is linked to this cadre."))
        before = cadre.user_id
        cadre.user = None
        cadre.save(update_fields=["user"])
        record(
            EventType.CADRE_ACCOUNT_LINKED,
            actor=actor,
            role=role,
            unit=cadre.unit,
            obj=cadre,
            changes={"user": [before, None]},
            reason=(reason or "").strip(),
        )
    return cadre


def create_pool(
    *, actor, jurisdiction: Unit, kind: str, name: str = "", description: str = ""
) -> TalentPool:
    """Open a talent pool of a jurisdiction (the unit that runs an inspection office)."""
    with transaction.atomic():
        role = _check(actor, jurisdiction)
        _require_jurisdiction(jurisdiction)
        kind = PoolKind(kind)
        pool = TalentPool(
            jurisdiction=jurisdiction,
            kind=kind,
            name=name.strip() or f"{jurisdiction.display_name}{kind.label}",
            description=description,
        )
        pool.full_clean()
        pool.save()
        record(
            EventType.POOL_CREATED,
            actor=actor,
            role=role,
            unit=jurisdiction,
            obj=pool,
            changes=diff({}, snapshot(pool, POOL_FIELDS)),
        )
    return pool


def add_to_pool(
    pool: TalentPool, cadre: Cadre, *, actor, joined_on: date | None = None
) -> PoolMembership:
    """Admit a cadre to a talent pool, or re-admit one removed earlier (the removal is cleared
    and the cadre joins again on `joined_on`). The cadre must work in a unit of the pool's
    jurisdiction, so that everyone who sees the pool may see its members."""
    with transaction.atomic():
        role = _check(actor, pool.jurisdiction)
        cadre = Cadre.objects.select_related("unit").get(pk=cadre.pk)
        if not cadre.unit.path.startswith(pool.jurisdiction.path):
            raise ValidationError(
                {"cadre": _("The cadre does not work in a unit of this pool's jurisdiction.")}
            )
        if not pool.is_active:
            raise ValidationError({"pool": _("This talent pool is closed.")})
        joined_on = joined_on or timezone.localdate()
        if joined_on > timezone.localdate():
            raise ValidationError({"joined_on": _("The date of entry cannot be in the future.")})
        membership = (
            PoolMembership.objects.select_for_update().filter(pool=pool, cadre=cadre).first()
        )
        if membership is not None and membership.removed_on is None:
            raise ValidationError({"cadre": _("The cadre is already in this pool.")})
        if membership is None:
            membership = PoolMembership(pool=pool, cadre=cadre)
            before = dict.fromkeys(MEMBERSHIP_FIELDS)
            reason = ""
        else:
            if joined_on < membership.removed_on:
                raise ValidationError(
                    {
                        "joined_on": _(
                            "The cadre can rejoin on or after the day of removal (%(day)s)."
                        )
                        % {"day": membership.removed_on.isoformat()}
                    }
                )
            before = snapshot(membership, MEMBERSHIP_FIELDS)
            reason = _("Re-admitted after removal")
        membership.joined_on = joined_on
        membership.removed_on = None
        membership.removal_reason = ""
        membership.save()
        record(
            EventType.POOL_MEMBER_ADDED,
            actor=actor,
            role=role,
            unit=pool.jurisdiction,
            obj=membership,
            changes=diff(before, snapshot(membership, MEMBERSHIP_FIELDS)),
            reason=reason,
        )
    return membership


def remove_from_pool(
    membership: PoolMembership, *, actor, reason: str, removed_on: date | None = None
) -> PoolMembership:
    """Take a cadre out of a talent pool, with the reason (transfer, retirement, discipline…).
    The membership stays, marked removed, so the pool's history shows who left and why."""
    with transaction.atomic():
        membership = (
            PoolMembership.objects.select_for_update(of=("self",))
            .select_related("pool", "pool__jurisdiction")
            .get(pk=membership.pk)
        )
        role = _check(actor, membership.pool.jurisdiction)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Give the reason for the removal.")})
        if membership.removed_on is not None:
            raise ValidationError(_("The cadre has already been removed from this pool."))
        removed_on = removed_on or timezone.localdate()
        if removed_on > timezone.localdate():
            raise ValidationError({"removed_on": _("The date of removal cannot be in the future.")})
        if removed_on < membership.joined_on:
            raise ValidationError(
                {
                    "removed_on": _(
                        "The cadre joined the pool on %(day)s; the removal cannot be earlier."
                    )
                    % {"day": membership.joined_on.isoformat()}
                }
            )
        before = snapshot(membership, MEMBERSHIP_FIELDS)
        membership.removed_on = removed_on
        membership.removal_reason = reason
        membership.full_clean()
        membership.save()
        record(
            EventType.POOL_MEMBER_REMOVED,
            actor=actor,
            role=role,
            unit=membership.pool.jurisdiction,
            obj=membership,
            changes=diff(before, snapshot(membership, MEMBERSHIP_FIELDS)),
            reason=reason,
        )
    return membership


# --- Entries of a cadre's record ------------------------------------------------------------


def _clean_text(value):
    return value.strip() if isinstance(value, str) else value


def _validate_record(entry: RecordModel, *, actor, changed: set[str]) -> None:
    """The rules full_clean does not know, with messages a clerk understands."""
    if "unit" in changed and getattr(entry, "unit_id", None):
        _require_unit_in_reach(actor, entry.unit, "unit")
    if isinstance(entry, Posting):
        if entry.unit_id is None and not entry.organization:
            raise ValidationError(
                {
                    "organization": _(
                        "Pick a unit of the tree or type the name of the organization or school."
                    )
                }
            )
        if entry.unit_id is not None and entry.organization:
            raise ValidationError(
                {
                    "organization": _(
                        "Either pick a unit of the tree or type the name of an "
                        "organization outside it, not both."
                    )
                }
            )
        if entry.ended_on and entry.started_on and entry.ended_on < entry.started_on:
            raise ValidationError({"ended_on": _("The end cannot be before the start.")})
    elif isinstance(entry, FamilyRelation):
        if entry.unit_id is not None and entry.employer:
            raise ValidationError(
                {
                    "employer": _(
                        "Either pick a unit of the tree or type the employer outside it, not both."
                    )
                }
            )
    elif isinstance(entry, Availability):
        if entry.starts_on and entry.ends_on:
            if entry.ends_on < entry.starts_on:
                raise ValidationError({"ends_on": _("The end cannot be before the start.")})
            overlap = (
                Availability.objects.filter(
                    cadre_id=entry.cadre_id,
                    starts_on__lte=entry.ends_on,
                    ends_on__gte=entry.starts_on,
                )
                .exclude(pk=entry.pk)
                .first()
            )
            if overlap is not None:
                raise ValidationError(
                    {
                        "starts_on": _(
                            "This period overlaps the one already recorded from "
                            "%(start)s to %(end)s."
                        )
                        % {
                            "start": overlap.starts_on.isoformat(),
                            "end": overlap.ends_on.isoformat(),
                        }
                    }
                )
    elif isinstance(entry, TrainingRecord) and entry.hours is not None and entry.hours <= 0:
        raise ValidationError({"hours": _("Enter the hours as a number above 0.")})


def _check_fields(model, fields: dict) -> None:
    unknown = set(fields) - set(kind_for(model).fields)
    if unknown:
        raise TypeError(f"{model.__name__} has no editable fields {sorted(unknown)}")


def add_record(cadre: Cadre, model: type[RecordModel], *, actor, **fields) -> RecordModel:
    """Add an entry to a cadre's record: a résumé line, a relative, a working relation, a period
    of availability, a training or a reward. Needs people.edit over the cadre's work unit."""
    kind = kind_for(model)
    _check_fields(model, fields)
    with transaction.atomic():
        # The cadre row is locked so that two clerks cannot add overlapping periods at once.
        cadre = (
            Cadre.objects.select_for_update(of=("self",)).select_related("unit").get(pk=cadre.pk)
        )
        role = _check(actor, cadre.unit)
        entry = model(cadre=cadre, **{k: _clean_text(v) for k, v in fields.items()})
        _validate_record(entry, actor=actor, changed=set(fields))
        entry.full_clean()
        entry.save()
        record(
            EventType.CADRE_RECORD_ADDED,
            actor=actor,
            role=role,
            unit=cadre.unit,
            obj=entry,
            changes={"cadre": [None, cadre.pk], **diff({}, snapshot(entry, kind.fields))},
        )
    return entry


def update_record(entry: RecordModel, *, actor, **fields) -> RecordModel:
    """Change an entry of a cadre's record; the audit event keeps the fields that changed."""
    model = type(entry)
    kind = kind_for(model)
    _check_fields(model, fields)
    with transaction.atomic():
        entry = model.objects.select_related("cadre", "cadre__unit").get(pk=entry.pk)
        cadre = (
            Cadre.objects.select_for_update(of=("self",))
            .select_related("unit")
            .get(pk=entry.cadre_id)
        )
        role = _check(actor, cadre.unit)
        before = snapshot(entry, kind.fields)
        for key, value in fields.items():
            setattr(entry, key, _clean_text(value))
        changed = {k for k, v in snapshot(entry, kind.fields).items() if before[k] != v}
        _validate_record(entry, actor=actor, changed=changed)
        entry.full_clean()
        changes = diff(before, snapshot(entry, kind.fields))
        if changes:
            entry.save()
            record(
                EventType.CADRE_RECORD_CHANGED,
                actor=actor,
                role=role,
                unit=cadre.unit,
                obj=entry,
                changes=changes,
            )
    return entry


def remove_record(entry: RecordModel, *, actor, reason: str = "") -> None:
    """Remove an entry from a cadre's record (entered by mistake, or no longer true). The audit
    event keeps what it said."""
    model = type(entry)
    kind = kind_for(model)
    with transaction.atomic():
        entry = model.objects.select_related("cadre", "cadre__unit").get(pk=entry.pk)
        cadre = entry.cadre
        role = _check(actor, cadre.unit)
        before = {"cadre": cadre.pk, **snapshot(entry, kind.fields)}
        object_id = entry.pk
        entry.delete()
        record(
            EventType.CADRE_RECORD_REMOVED,
            actor=actor,
            role=role,
            unit=cadre.unit,
            object_type=model._meta.label_lower,
            object_id=object_id,
            changes={k: [v, None] for k, v in before.items()},
            reason=(reason or "").strip(),
        )


# --- Import ---------------------------------------------------------------------------------


def import_cadres(*, actor, rows: list[dict], source: str = "") -> dict[str, int]:
    """Create and update cadres from a checked spreadsheet, all or nothing.

    `rows` come from `xuncha.people.importing.plan_import`: each is {"row": spreadsheet row
    number, "cadre_id": the cadre a row updates or None, "unit_id", "fields": {cadre field:
    value, native_place as a unit id}, "pools": [pool ids to join], "joined_on"}. Every write
    goes through `create_cadre`, `update_cadre` and `add_to_pool`, which check scope again and
    write their own events; one CADRES_IMPORTED event carries the counts. Raises
    ValidationError naming the row on the first problem; nothing is written then.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0, "pool_entries": 0}
    with transaction.atomic():
        unit_ids = {r["unit_id"] for r in rows} | {
            r["fields"]["native_place"] for r in rows if r["fields"].get("native_place")
        }
        units = Unit.objects.in_bulk(unit_ids)
        cadres = Cadre.objects.select_related("unit").in_bulk(
            [r["cadre_id"] for r in rows if r.get("cadre_id")]
        )
        pools = TalentPool.objects.select_related("jurisdiction").in_bulk(
            {p for r in rows for p in r.get("pools", [])}
        )
        for spec in rows:
            try:
                _import_row(
                    spec, actor=actor, units=units, cadres=cadres, pools=pools, counts=counts
                )
            except (ValidationError, PermissionDenied, KeyError) as exc:
                message = (
                    " ".join(exc.messages)
                    if isinstance(exc, ValidationError)
                    else _("The unit, cadre or pool is no longer in your scope.")
                )
                raise ValidationError(
                    _("Row %(row)s: %(message)s")
                    % {"row": spec.get("row", "?"), "message": message}
                ) from None
        record(
            EventType.CADRES_IMPORTED,
            actor=actor,
            role=acting_role(actor),
            object_type="people.cadre",
            changes={**counts, "rows": len(rows), "file": source[:200]},
        )
    return counts


def _import_row(spec: dict, *, actor, units, cadres, pools, counts) -> None:
    fields = {k: v for k, v in spec["fields"].items() if k in CADRE_FIELDS}
    if "native_place" in fields:
        fields["native_place"] = units[fields["native_place"]] if fields["native_place"] else None
    unit = units[spec["unit_id"]]
    if spec.get("cadre_id"):
        cadre = cadres[spec["cadre_id"]]
        before = snapshot(cadre, CADRE_FIELDS)
        cadre = update_cadre(cadre, actor=actor, unit=unit, **fields)
        changed = snapshot(cadre, CADRE_FIELDS) != before
        counts["updated" if changed else "unchanged"] += 1
    else:
        full_name = fields.pop("full_name")
        cadre = create_cadre(actor=actor, unit=unit, full_name=full_name, **fields)
        counts["created"] += 1
    for pool_id in spec.get("pools", []):
        add_to_pool(pools[pool_id], cadre, actor=actor, joined_on=spec.get("joined_on"))
        counts["pool_entries"] += 1


def create_team(*, actor, jurisdiction: Unit, number: int, name: str = "") -> Team:
    """Set up a numbered inspection team of a jurisdiction (第一巡察组 = 1)."""
    with transaction.atomic():
        role = _check(actor, jurisdiction)
        _require_jurisdiction(jurisdiction)
        if Team.objects.filter(jurisdiction=jurisdiction, number=number).exists():
            raise ValidationError(
                {"number": _("This jurisdiction already has a team with this number.")}
            )
        team = Team(
            jurisdiction=jurisdiction, number=number, name=name.strip() or default_team_name(number)
        )
        team.full_clean()
        team.save()
        record(
            EventType.TEAM_CREATED,
            actor=actor,
            role=role,
            unit=jurisdiction,
            obj=team,
            changes=diff({}, snapshot(team, TEAM_FIELDS)),
        )
    return team
