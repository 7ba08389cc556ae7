"""A seated team for the working-paper tests: county A1's inspection with a leader (张建国,
account leader_a1), a deputy leader (李秀英, account deputy_a1) and a member (王志强, the
persona member_a1), a focus area of the round, and a stationing record of each side."""

from datetime import date
from types import SimpleNamespace

import pytest

from tests.factories import make_people, make_plans, make_user
from tests.matrix.duties import staff_rounds
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent
from xuncha.fieldwork.models import FieldVisit
from xuncha.findings import services
from xuncha.findings.models import (
    ConductJudgment,
    Finding,
    FindingEvidence,
    FindingReview,
    ImmediateFix,
)
from xuncha.people.models import Cadre
from xuncha.plans.models import FocusArea
from xuncha.staffing.models import MemberRole, TeamMember

DAY = date(2026, 3, 10)


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    plans = make_plans(tree, people)
    ns = SimpleNamespace(tree=tree, personas=personas, people=people, plans=plans)
    staff_rounds(ns)
    ns.leader = make_user(
        "leader_a1",
        unit=tree.county_a1,
        full_name="张建国",
        roles=[(Role.TEAM_LEADER, tree.county_a1)],
    )
    Cadre.objects.filter(pk=people.in_a1.pk).update(user=ns.leader)
    ns.deputy = make_user(
        "deputy_a1",
        unit=tree.dept_a1,
        full_name="李秀英",
        roles=[(Role.DEPUTY_LEADER, tree.county_a1)],
    )
    Cadre.objects.filter(pk=people.in_dept.pk).update(user=ns.deputy)
    ns.deputy_seat = TeamMember.objects.create(
        round=plans.round_a1,
        team=people.team_a1,
        cadre=people.in_dept,
        role=MemberRole.DEPUTY_LEADER,
    )
    ns.member = personas.member_a1
    ns.office = personas.office_a
    ns.inspection = plans.inspection_a1
    ns.focus = FocusArea.objects.create(
        jurisdiction=tree.county_a1,
        group="四个聚焦",
        text="聚焦群众身边腐败问题和不正之风",
        order=2,
    )
    ns.focus_first = FocusArea.objects.create(
        jurisdiction=tree.county_a1,
        group="四个聚焦",
        text="聚焦贯彻落实党的路线方针政策和党中央决策部署",
        order=1,
    )
    ns.focus_other = FocusArea.objects.create(
        jurisdiction=tree.county_a1,
        group="三大问题",
        text="党的建设缺失",
        order=1,
    )
    plans.round_a1.focus_areas.add(ns.focus, ns.focus_first)
    ns.visit = FieldVisit.objects.create(
        inspection=ns.inspection,
        kind=FieldVisit.Kind.DOWNWARD,
        visited_on=DAY,
        place="城关镇农机站",
        findings="农机购置补贴台账与发放名单不一致。",
    )
    ns.visit_b = FieldVisit.objects.create(
        inspection=plans.inspection_b,
        kind=FieldVisit.Kind.VISIT,
        visited_on=DAY,
        place="乙县某站",
        findings="乙县的材料",
    )
    return ns


COMPLETE = {
    "basis": "违反《中国共产党纪律处分条例》有关规定。",
    "facts": "2025年，该局向不符合条件的12户发放农机购置补贴共计36万元。",
    "suggestion": "全面清理补贴发放台账，追回违规资金。",
    "discipline": "work",
}


def draft(ns, actor=None, **fields) -> Finding:
    """A working paper written by the member (a preparer), complete enough to submit."""
    data = {"title": "农机购置补贴发放不规范", "focus_area": ns.focus, **COMPLETE, **fields}
    return services.create_finding(ns.inspection, actor=actor or ns.member, **data)


def state() -> tuple:
    """Rows and audit events: a refused action leaves them all as they were."""
    return (
        Finding.objects.count(),
        FindingReview.objects.count(),
        FindingEvidence.objects.count(),
        ConductJudgment.objects.count(),
        ImmediateFix.objects.count(),
        list(Finding.objects.order_by("pk").values_list("status", "title", "updated_at")),
        AuditEvent.objects.exclude(event_type__startswith="auth.").count(),
    )
