"""Fixtures of the copied-text check: county A1's inspection (team 1 at the agriculture
bureau, with a station under it), a second team's inspection in the same round, and texts that
share nothing unless a test makes them."""

from types import SimpleNamespace

import pytest

from tests.copycheck.helpers import COPIED, SECRET_OTHER, pair_of, up
from tests.factories import make_people, make_plans, make_unit
from tests.matrix.duties import staff_rounds
from xuncha.copycheck.models import MaterialKind
from xuncha.orgs.models import Level, UnitKind
from xuncha.people.services import create_team
from xuncha.plans.models import Inspection


@pytest.fixture
def cc(tree, personas):
    people = make_people(tree)
    plans = make_plans(tree, people)
    ns = SimpleNamespace(tree=tree, personas=personas, people=people, plans=plans)
    duties = staff_rounds(ns)
    station = make_unit(
        "甲一县农技推广站",
        parent=tree.dept_a1,
        level=Level.COUNTY,
        kind=UnitKind.DEPARTMENT,
        code="A1111",
    )
    finance = make_unit(
        "甲一县财政局",
        parent=tree.county_a1,
        level=Level.COUNTY,
        kind=UnitKind.DEPARTMENT,
        code="A1102",
    )
    team2 = create_team(
        actor=None, jurisdiction=tree.county_a1, number=2, name="甲一县委第二巡察组"
    )
    inspection2 = Inspection.objects.create(round=plans.round_a1, team=team2, target=finance)
    ns.station, ns.finance, ns.inspection2 = station, finance, inspection2
    ns.inspection = plans.inspection_a1
    ns.member = personas.member_a1
    ns.duties = duties
    return ns


@pytest.fixture
def pair(cc):
    """Team 1's plan and team 2's (another target of the round), copied from each other."""
    ours = up(
        cc.inspection,
        actor=cc.member,
        kind=MaterialKind.RECTIFICATION_PLAN,
        author="",
        title="农业农村局整改方案",
        text=COPIED + "我局自行增加的内容，共三条。",
    )
    theirs = up(
        cc.inspection2,
        kind=MaterialKind.RECTIFICATION_PLAN,
        author="",
        title="财政局整改方案",
        text=COPIED + SECRET_OTHER + "，另有五条。",
    )
    return ours, theirs, pair_of(ours, theirs)
