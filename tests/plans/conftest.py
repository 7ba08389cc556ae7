"""Planning fixtures on the persona tree: make_people and make_plans (tests/factories.py), and a
hand-counted coverage world for county A1."""

from datetime import date
from types import SimpleNamespace

import pytest

from tests.factories import make_people, make_plans, make_unit
from xuncha.orgs.models import Level, UnitKind
from xuncha.plans.models import CoverageEntry, CoveragePlan, Inspection, Round, Stage


@pytest.fixture
def people(tree):
    return make_people(tree)


@pytest.fixture
def plans(tree, people):
    return make_plans(tree, people)


def dept(name, parent, **fields):
    return make_unit(name, parent=parent, level=Level.COUNTY, kind=UnitKind.DEPARTMENT, **fields)


def make_round(jurisdiction, year, number, starts_on, ends_on, **fields):
    fields.setdefault("name", f"{jurisdiction.name}{year}年第{number}轮")
    return Round.objects.create(
        jurisdiction=jurisdiction,
        year=year,
        number=number,
        starts_on=starts_on,
        ends_on=ends_on,
        **fields,
    )


@pytest.fixture
def world(tree, people, plans):
    """County A1 in its term 2021-10-01 … 2026-09-30 (plans.term_a1).

    Active units in its scope (7), two of them villages:
        dept_a1      planned inspection only (round_a1, 2026)          not inspected
        finance      stationed in 2022                                 inspected
        education    reporting, round of 2023                          inspected
        health       authorized only (2024)                            not inspected
        township     inspected by the city (another jurisdiction)      not inspected
        east village archived, 2022                                    inspected (village)
        west village stationed, but its own window starts after the term  not inspected
    Not in scope: a dissolved bureau; dept_a1 inspected in 2020 (before the term) adds nothing.

    Coverage plan: finance 2022, east 2022, education 2023, health 2025, dept_a1 2026,
    township 2026, west 2026.
    """
    t, p = tree, people
    finance = dept("甲一县财政局", t.county_a1)
    education = dept("甲一县教育局", t.county_a1)
    health = dept("甲一县卫健局", t.county_a1)
    township = make_unit(
        "甲一县城关镇", parent=t.county_a1, level=Level.TOWNSHIP, kind=UnitKind.TOWNSHIP_COMMITTEE
    )
    east = make_unit(
        "城关镇东村", parent=township, level=Level.VILLAGE, kind=UnitKind.VILLAGE_COMMITTEE
    )
    west = make_unit(
        "城关镇西村", parent=township, level=Level.VILLAGE, kind=UnitKind.VILLAGE_COMMITTEE
    )
    old = dept("甲一县旧局", t.county_a1)
    old.is_active = False
    old.save(update_fields=["is_active"])

    r2020 = make_round(t.county_a1, 2020, 1, date(2020, 4, 1), date(2020, 5, 15))
    r2022 = make_round(
        t.county_a1, 2022, 1, date(2022, 3, 1), date(2022, 4, 15), term=plans.term_a1
    )
    r2023 = make_round(
        t.county_a1, 2023, 1, date(2023, 3, 1), date(2023, 4, 15), term=plans.term_a1
    )
    r2024 = make_round(
        t.county_a1, 2024, 1, date(2024, 3, 1), date(2024, 4, 15), term=plans.term_a1
    )
    r2026b = make_round(
        t.county_a1, 2026, 2, date(2026, 9, 1), date(2026, 10, 30), term=plans.term_a1
    )
    city_round = make_round(t.city_a, 2023, 1, date(2023, 5, 1), date(2023, 6, 15), kind="elevated")
    team = p.team_a1
    city_team = p.team_a1  # any team will do for rows written straight to the table
    ins = SimpleNamespace(
        before=Inspection.objects.create(
            round=r2020, team=team, target=t.dept_a1, stage=Stage.ARCHIVED
        ),
        finance=Inspection.objects.create(
            round=r2022, team=team, target=finance, stage=Stage.STATIONED
        ),
        east=Inspection.objects.create(round=r2022, team=team, target=east, stage=Stage.ARCHIVED),
        education=Inspection.objects.create(
            round=r2023, team=team, target=education, stage=Stage.REPORTING
        ),
        health=Inspection.objects.create(
            round=r2024, team=team, target=health, stage=Stage.AUTHORIZED
        ),
        township=Inspection.objects.create(
            round=city_round, team=city_team, target=township, stage=Stage.STATIONED
        ),
        west=Inspection.objects.create(
            round=r2026b,
            team=team,
            target=west,
            stage=Stage.STATIONED,
            stationed_from=date(2026, 10, 8),
            stationed_until=date(2026, 10, 30),
        ),
    )
    plan = CoveragePlan.objects.create(term=plans.term_a1)
    for unit, year in (
        (finance, 2022),
        (east, 2022),
        (education, 2023),
        (health, 2025),
        (t.dept_a1, 2026),
        (township, 2026),
        (west, 2026),
    ):
        CoverageEntry.objects.create(plan=plan, unit=unit, planned_year=year)
    return SimpleNamespace(
        term=plans.term_a1,
        plan=plan,
        finance=finance,
        education=education,
        health=health,
        township=township,
        east=east,
        west=west,
        old=old,
        ins=ins,
        rounds=SimpleNamespace(
            r2020=r2020, r2022=r2022, r2023=r2023, r2024=r2024, r2026b=r2026b, city=city_round
        ),
    )


@pytest.fixture
def unchanged():
    """Assert that a block changes no row of the watched apps (no audit event either):

    with unchanged():
        refused_call()
    """
    from contextlib import contextmanager

    from tests.authz import fingerprint

    @contextmanager
    def check():
        before = fingerprint()
        yield
        assert fingerprint() == before, "a refused action changed the database"

    return check
