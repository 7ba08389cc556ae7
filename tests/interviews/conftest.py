"""An inspection (county A1's team 1 at dept_a1) with a seated team of four, the target's
leadership team, and the same in county B1 for the other side.

Team A: 张建国 leader, 李秀英 deputy, 王志强 member (account `member_a1`), 孙立 member.
The target's leadership: 陈明 (党组书记、局长, principal), 刘强 (副局长), 周敏 (纪检组长)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.factories import make_cadre, make_people, make_plans
from tests.matrix.duties import staff_rounds
from xuncha.orgs.models import LeadershipMember
from xuncha.plans.models import Inspection
from xuncha.staffing.models import MemberRole, TeamMember


def build(tree, personas) -> SimpleNamespace:
    people = make_people(tree)
    ns = SimpleNamespace(
        tree=tree, personas=personas, people=people, plans=make_plans(tree, people)
    )
    staff_rounds(ns)
    round_a = ns.plans.round_a1
    ns.deputy = TeamMember.objects.create(
        round=round_a, team=people.team_a1, cadre=people.in_dept, role=MemberRole.DEPUTY_LEADER
    )
    ns.sun = make_cadre(tree.county_a1, "孙立", post="科员")
    TeamMember.objects.create(
        round=round_a, team=people.team_a1, cadre=ns.sun, role=MemberRole.MEMBER
    )
    # Stationing starts in a week, so that proposed dates lie ahead whatever day tests run.
    today = timezone.localdate()
    Inspection.objects.filter(pk=ns.plans.inspection_a1.pk).update(
        stationed_from=today + timedelta(days=7), stationed_until=today + timedelta(days=50)
    )
    ns.plans.inspection_a1.refresh_from_db()
    ns.inspection = ns.plans.inspection_a1
    ns.leaders = [
        LeadershipMember.objects.create(
            unit=tree.dept_a1, name="陈明", post="党组书记、局长", is_principal=True, order=1
        ),
        LeadershipMember.objects.create(unit=tree.dept_a1, name="刘强", post="副局长", order=2),
        LeadershipMember.objects.create(unit=tree.dept_a1, name="周敏", post="纪检组长", order=3),
    ]
    return ns


@pytest.fixture
def ns(tree, personas):
    return build(tree, personas)


@pytest.fixture(autouse=True)
def no_other_sources(monkeypatch):
    """Petitions and questionnaires come from other areas: their selectors are stood in for."""
    from xuncha.interviews import generation

    monkeypatch.setattr(generation, "petition_points", lambda inspection, *, name, post: [])
    monkeypatch.setattr(generation, "flagged_survey_questions", lambda inspection: [])
