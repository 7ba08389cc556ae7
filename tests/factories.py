"""Plain factory functions for tests (no fixture files)."""

import functools
import itertools
from types import SimpleNamespace

from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from xuncha.accounts.models import RoleAssignment, User
from xuncha.orgs import services as org_services
from xuncha.orgs.models import Level, Unit, UnitKind
from xuncha.people import services as people_services
from xuncha.people.models import PoolKind, Specialty

PASSWORD = "Test-Passw0rd!"


@functools.cache
def _password_hash() -> str:
    # Argon2 is slow on purpose; hash the shared test password once.
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)
_codes = itertools.count(1)


def make_unit(name: str, *, parent: Unit | None = None, level: str = Level.COUNTY,
              kind: str = UnitKind.PARTY_COMMITTEE, **fields) -> Unit:
    fields.setdefault("code", f"T{next(_codes):05d}")
    fields.setdefault("short_name", name[:60])
    return org_services.create_unit(actor=None, parent=parent, name=name, level=level, kind=kind,
                                    **fields)


def make_user(username: str, *, unit: Unit | None = None, roles=(), otp: bool = True,
              full_name: str = "") -> User:
    """An account with roles given as (role, unit) or (role, unit, include_descendants)."""
    with transaction.atomic():
        user = User(username=username, full_name=full_name or username, unit=unit)
        user.password = _password_hash()
        user.save()
        for spec in roles:
            role, at, *rest = spec
            RoleAssignment.objects.create(user=user, role=role, unit=at,
                                          include_descendants=rest[0] if rest else True)
        if otp:
            TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def login(client, user: User) -> None:
    """Sign in through the session, the second factor already passed."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def make_cadre(unit, full_name: str, **fields):
    return people_services.create_cadre(actor=None, unit=unit, full_name=full_name, **fields)


def make_people(tree):
    """Cadres, pools and teams: some in city A's scope, one set in city B's."""
    t = tree
    in_a1 = make_cadre(
        t.county_a1, "张建国", post="纪委副书记", rank="正科级", specialty=Specialty.DISCIPLINE
    )
    in_dept = make_cadre(
        t.dept_a1, "李秀英", post="财务科科长", rank="一级主任科员", specialty=Specialty.FINANCE
    )
    in_a2 = make_cadre(t.county_a2, "王志强", post="科员", specialty=Specialty.AUDIT)
    in_b = make_cadre(t.county_b1, "赵外人", post="科长", specialty=Specialty.LAW)
    leaders_a1 = people_services.create_pool(
        actor=None, jurisdiction=t.county_a1, kind=PoolKind.LEADER, name="甲一县组长库"
    )
    staff_a1 = people_services.create_pool(
        actor=None, jurisdiction=t.county_a1, kind=PoolKind.STAFF, name="甲一县工作人员库"
    )
    pool_b = people_services.create_pool(
        actor=None, jurisdiction=t.county_b1, kind=PoolKind.STAFF, name="乙一县工作人员库"
    )
    people_services.add_to_pool(leaders_a1, in_a1, actor=None)
    people_services.add_to_pool(staff_a1, in_dept, actor=None)
    people_services.add_to_pool(pool_b, in_b, actor=None)
    team_a1 = people_services.create_team(
        actor=None, jurisdiction=t.county_a1, number=1, name="甲一县委第一巡察组"
    )
    team_b = people_services.create_team(
        actor=None, jurisdiction=t.county_b1, number=1, name="乙一县委第一巡察组"
    )
    return SimpleNamespace(
        in_a1=in_a1,
        in_dept=in_dept,
        in_a2=in_a2,
        in_b=in_b,
        leaders_a1=leaders_a1,
        staff_a1=staff_a1,
        pool_b=pool_b,
        team_a1=team_a1,
        team_b=team_b,
    )


def make_plans(tree, people):
    """A term, a round and an inspection in county A1 (team_a1 at dept_a1), and the like in
    county B1 (team_b at dept_b1), written straight to the tables."""
    from datetime import date

    from xuncha.plans.models import Inspection, Round, Term

    t, p = tree, people
    dept_b1 = make_unit("乙一县农业农村局", parent=t.county_b1, level=Level.COUNTY,
                        kind=UnitKind.DEPARTMENT, code="B1101")
    term_a1 = Term.objects.create(jurisdiction=t.county_a1, name="甲一县第十二届",
                                  starts_on=date(2021, 10, 1), ends_on=date(2026, 9, 30))
    term_b = Term.objects.create(jurisdiction=t.county_b1, name="乙一县第十二届",
                                 starts_on=date(2021, 10, 1), ends_on=date(2026, 9, 30))
    round_a1 = Round.objects.create(jurisdiction=t.county_a1, term=term_a1, year=2026, number=1,
                                    name="甲一县委2026年第一轮巡察", starts_on=date(2026, 3, 2),
                                    ends_on=date(2026, 4, 17))
    round_b = Round.objects.create(jurisdiction=t.county_b1, term=term_b, year=2026, number=1,
                                   name="乙一县委2026年第一轮巡察", starts_on=date(2026, 3, 2),
                                   ends_on=date(2026, 4, 17))
    inspection_a1 = Inspection.objects.create(round=round_a1, team=p.team_a1, target=t.dept_a1)
    inspection_b = Inspection.objects.create(round=round_b, team=p.team_b, target=dept_b1)
    return SimpleNamespace(dept_b1=dept_b1, term_a1=term_a1, term_b=term_b, round_a1=round_a1,
                           round_b=round_b, inspection_a1=inspection_a1,
                           inspection_b=inspection_b)
