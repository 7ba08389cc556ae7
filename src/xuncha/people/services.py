"""Every write to cadres, talent pools and teams. Each service checks the actor's scope (actor=None
only from management commands), runs in one transaction and writes its audit event in it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import authorize
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.orgs.models import Unit
from xuncha.people.models import Cadre, PoolKind, PoolMembership, TalentPool, Team

CADRE_FIELDS = (
    "full_name",
    "gender",
    "birth_year",
    "unit",
    "post",
    "rank",
    "specialty",
    "phone",
    "user",
    "is_active",
    "notes",
)
POOL_FIELDS = ("jurisdiction", "kind", "name", "description")
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


def create_cadre(*, actor, unit: Unit, full_name: str, **fields) -> Cadre:
    """Register a cadre who may serve on inspection teams, at their work unit."""
    with transaction.atomic():
        role = _check(actor, unit)
        cadre = Cadre(
            unit=unit, full_name=full_name, **{k: v for k, v in fields.items() if k in CADRE_FIELDS}
        )
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
        cadre = Cadre.objects.select_for_update().select_related("unit").get(pk=cadre.pk)
        role = _check(actor, cadre.unit)
        new_unit = fields.get("unit")
        if new_unit is not None and new_unit.pk != cadre.unit_id:
            _check(actor, new_unit)
        before = snapshot(cadre, CADRE_FIELDS)
        for key, value in fields.items():
            if key in CADRE_FIELDS:
                setattr(cadre, key, value)
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
    """Admit a cadre to a talent pool. The cadre must work in a unit of the pool's jurisdiction,
    so that everyone who sees the pool may see its members."""
    with transaction.atomic():
        role = _check(actor, pool.jurisdiction)
        cadre = Cadre.objects.select_related("unit").get(pk=cadre.pk)
        if not cadre.unit.path.startswith(pool.jurisdiction.path):
            raise ValidationError(
                {"cadre": _("The cadre does not work in a unit of this pool's jurisdiction.")}
            )
        if PoolMembership.objects.filter(pool=pool, cadre=cadre).exists():
            raise ValidationError({"cadre": _("The cadre is already in this pool.")})
        membership = PoolMembership(pool=pool, cadre=cadre)
        if joined_on is not None:
            membership.joined_on = joined_on
        membership.save()
        record(
            EventType.POOL_MEMBER_ADDED,
            actor=actor,
            role=role,
            unit=pool.jurisdiction,
            obj=membership,
            changes={
                "pool": [None, pool.pk],
                "cadre": [None, cadre.pk],
                "joined_on": [None, membership.joined_on],
            },
        )
    return membership


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
