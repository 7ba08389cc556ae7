"""County A1's inspection, stationed, with a seated team: 张建国 leads it (account `leader`,
no role: a leader reaches leads through the seat alone), 孙副组长 is its deputy (account
`deputy`), 王志强 a member (`member_a1`); 赵外人 leads team B (account `leader_b`)."""

from types import SimpleNamespace

import pytest

from tests.factories import make_cadre, make_people, make_plans, make_user
from tests.matrix.duties import staff_rounds
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent
from xuncha.leads import services
from xuncha.leads.models import Lead, LeadGrant, LeadHandover, LeadSource, LeadSubject
from xuncha.people.models import Cadre
from xuncha.plans.models import Inspection, Stage
from xuncha.staffing.models import MemberRole, TeamMember

SECRET_NAME = "钱秘密"
SECRET_TEXT = "收受工程老板礼金二十万元"


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    ns = SimpleNamespace(
        tree=tree, personas=personas, people=people, plans=make_plans(tree, people)
    )
    duties = staff_rounds(ns)
    Inspection.objects.filter(pk__in=[ns.plans.inspection_a1.pk, ns.plans.inspection_b.pk]).update(
        stage=Stage.STATIONED
    )
    ns.plans.inspection_a1.refresh_from_db()
    ns.plans.inspection_b.refresh_from_db()
    leader = make_user("leader", unit=tree.county_a1, full_name="张建国")
    Cadre.objects.filter(pk=people.in_a1.pk).update(user=leader)
    deputy_cadre = make_cadre(tree.county_a1, "孙副组长", post="纪委常委")
    TeamMember.objects.create(
        round=ns.plans.round_a1,
        team=people.team_a1,
        cadre=deputy_cadre,
        role=MemberRole.DEPUTY_LEADER,
    )
    deputy = make_user(
        "deputy",
        unit=tree.county_a1,
        full_name="孙副组长",
        roles=[(Role.DEPUTY_LEADER, tree.county_a1)],
    )
    Cadre.objects.filter(pk=deputy_cadre.pk).update(user=deputy)
    leader_b = make_user(
        "leader_b",
        unit=tree.county_b1,
        full_name="赵外人",
        roles=[(Role.TEAM_LEADER, tree.county_b1)],
    )
    Cadre.objects.filter(pk=people.in_b.pk).update(user=leader_b)
    ns.duties = duties
    ns.leader, ns.deputy, ns.leader_b = leader, deputy, leader_b
    ns.member = personas.member_a1
    ns.inspection = ns.plans.inspection_a1
    ns.inspection_b = ns.plans.inspection_b
    return ns


def register(inspection, *, actor, name=SECRET_NAME, content=SECRET_TEXT, **fields) -> Lead:
    values = {
        "subjects": [{"name": name, "post": "局长", "cadre_level": "乡科级正职"}],
        "sources": [{"kind": "petition", "label": "县纪委转来的举报信"}],
        "content": content,
        "proposed_disposal": "preliminary_verification",
    }
    values.update(fields)
    return services.register_lead(inspection, actor=actor, **values)


def counts() -> dict:
    """Rows of the lead tables and the audit trail, to show a refusal changed nothing."""
    return {
        model.__name__: model.objects.count()
        for model in (Lead, LeadSubject, LeadSource, LeadGrant, LeadHandover, AuditEvent)
    }


def events(kind=None):
    qs = AuditEvent.objects.order_by("seq")
    return list(qs.filter(event_type=kind) if kind else qs)
