"""Surveys at county A1's inspection (team_a1 at dept_a1): the office (office_a), the team's
member 王志强 (member_a1), and a member of team 2 of the same county and round (member_t2),
who must never reach team 1's surveys."""

from types import SimpleNamespace

import pytest

from tests.factories import make_cadre, make_people, make_plans, make_unit, make_user
from tests.matrix.duties import staff_rounds
from xuncha.accounts.roles import Role
from xuncha.orgs import services as org_services
from xuncha.people.models import Cadre
from xuncha.people.services import create_team
from xuncha.plans.models import Inspection
from xuncha.staffing.models import MemberRole, TeamMember


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    space = SimpleNamespace(
        tree=tree, personas=personas, people=people, plans=make_plans(tree, people)
    )
    staff_rounds(space)
    for order, (name, post) in enumerate(
        [("陈明", "党组书记、局长"), ("刘芳", "党组成员、副局长"), ("周伟", "党组成员、纪检组长")],
        start=1,
    ):
        org_services.add_leadership_member(
            tree.dept_a1, actor=None, name=name, post=post, is_principal=order == 1, order=order
        )
    team2 = create_team(actor=None, jurisdiction=tree.county_a1, number=2)
    other = make_unit("甲一县财政局", parent=tree.county_a1, code="A1102")
    space.inspection2 = Inspection.objects.create(
        round=space.plans.round_a1, team=team2, target=other
    )
    cadre = make_cadre(tree.county_a1, "孙二组")
    account = make_user(
        "member_t2",
        unit=tree.county_a1,
        full_name="孙二组",
        roles=[(Role.TEAM_MEMBER, tree.county_a1)],
    )
    Cadre.objects.filter(pk=cadre.pk).update(user=account)
    TeamMember.objects.create(
        round=space.plans.round_a1, team=team2, cadre=cadre, role=MemberRole.LEADER
    )
    personas.member_t2 = account
    space.inspection = space.plans.inspection_a1
    return space
