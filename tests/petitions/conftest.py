"""A county A1 inspection with a seated team: 张建国 leads it (account `leader_a1`), 王志强 is a
member (account `member_a1`); 赵外人 leads team B (account `leader_b`) at county B1."""

from datetime import date
from types import SimpleNamespace

import pytest

from tests.factories import make_people, make_plans, make_user
from tests.matrix.duties import staff_rounds
from xuncha.accounts.roles import Role
from xuncha.people.models import Cadre
from xuncha.petitions import services

RECEIVED = date(2026, 3, 5)
REPORTER = "刘举报"


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    ns = SimpleNamespace(
        tree=tree, personas=personas, people=people, plans=make_plans(tree, people)
    )
    staff_rounds(ns)
    leader = make_user(
        "leader_a1",
        unit=tree.county_a1,
        full_name="张建国",
        roles=[(Role.TEAM_LEADER, tree.county_a1)],
    )
    Cadre.objects.filter(pk=people.in_a1.pk).update(user=leader)
    leader_b = make_user(
        "leader_b",
        unit=tree.county_b1,
        full_name="赵外人",
        roles=[(Role.TEAM_LEADER, tree.county_b1)],
    )
    Cadre.objects.filter(pk=people.in_b.pk).update(user=leader_b)
    ns.leader = leader
    ns.leader_b = leader_b
    ns.member = personas.member_a1
    ns.inspection = ns.plans.inspection_a1
    return ns


def register(
    inspection, *, actor=None, named=True, summary="反映局长违规收受礼金", subjects=None, **fields
):
    """A petition of `inspection` (named by 刘举报 unless `named` is False)."""
    identity = (
        {
            "name": REPORTER,
            "phone": "13800001111",
            "id_number": "",
            "address": "甲一县城关镇",
            "work_unit": "城关镇农技站",
        }
        if named
        else None
    )
    values = {
        "received_on": RECEIVED,
        "channel": "letter",
        "summary": summary,
        "content": "信访人反映该局局长在项目验收中收受礼金。",
        "subjects": [{"name": "钱局长", "post": "局长"}] if subjects is None else subjects,
    }
    values.update(fields)
    return services.register_petition(
        inspection, actor=actor, anonymous=not named, identity=identity, **values
    )
