"""Findings, leads and focus areas for report tests, written straight to the tables (the
findings and leads apps have their own services and tests)."""

from datetime import date
from types import SimpleNamespace

from tests.factories import make_people, make_plans, make_unit, make_user
from tests.matrix.duties import staff_rounds
from xuncha.findings.models import ConductJudgment, Finding
from xuncha.leads.models import Lead, LeadSubject
from xuncha.orgs.models import Level, UnitKind
from xuncha.people.models import Cadre
from xuncha.plans.models import FocusArea, Inspection

FACTS = (
    "2025年该局在采购办公设备过程中，未按规定履行集中采购程序，由分管副局长直接指定"
    "供应商，涉及金额18.6万元；部分合同签订时间晚于实际供货时间，付款凭证缺少验收单。"
)


def focus_areas(jurisdiction, round) -> list[FocusArea]:
    """The "four focuses" in order, chosen for the round."""
    texts = [
        "聚焦贯彻落实党的路线方针政策和党中央决策部署",
        "聚焦群众身边腐败问题和不正之风",
        "聚焦基层党组织软弱涣散、组织力欠缺问题",
        "聚焦巡视巡察整改落实情况",
    ]
    areas = [
        FocusArea.objects.create(jurisdiction=jurisdiction, group="四个聚焦", text=t, order=n)
        for n, t in enumerate(texts, 1)
    ]
    round.focus_areas.set(areas)
    return areas


def finding(
    inspection,
    number,
    title,
    *,
    drafter,
    area=None,
    status="confirmed",
    scope="individual",
    facts=FACTS,
    suggestion="",
    disposition="feedback",
    judgment=None,
) -> Finding:
    found = Finding.objects.create(
        inspection=inspection,
        number=number,
        title=title,
        focus_area=area,
        status=status,
        scope=scope,
        facts=facts,
        suggestion=suggestion,
        disposition=disposition,
        drafter=drafter,
        is_conduct=judgment is not None,
    )
    if judgment is not None:
        ConductJudgment.objects.create(
            finding=found,
            person="刘某某",
            post="副局长",
            experience="tolerable",
            exploration="tolerable",
            purpose="tolerable",
            judgment=judgment,
            outcome="tolerance" if judgment == "mistake" else "correction",
            reasoning="系在推进改革中因缺乏经验出现的失误，未谋取私利",
            judged_by=drafter,
        )
    return found


def lead(
    inspection,
    number,
    *,
    registered_by,
    content="反映某副局长在工程招标中收受好处费",
    subjects=(("刘某某", "副局长"),),
    receiver="discipline_commission",
    disposal="preliminary_verification",
    status="assessed",
) -> Lead:
    found = Lead.objects.create(
        inspection=inspection,
        number=number,
        source_kind="petition",
        content=content,
        proposed_receiver=receiver,
        proposed_disposal=disposal,
        status=status,
        registered_by=registered_by,
    )
    for name, post in subjects:
        LeadSubject.objects.create(lead=found, name=name, post=post)
    return found


def world(tree, personas) -> SimpleNamespace:
    """Team A (张建国 leads with an account, 王志强 is a member) inspects dept_a1 in county A1's
    round with the four focuses; team B (赵外人 with an account) inspects county B1's unit. A
    second inspection of round A1 by team 2 inspects the county's finance bureau."""
    people = make_people(tree)
    ns = SimpleNamespace(
        tree=tree, personas=personas, people=people, plans=make_plans(tree, people)
    )
    staff_rounds(ns)
    ns.leader_a = make_user("leader_a", unit=tree.county_a1, full_name="张建国")
    Cadre.objects.filter(pk=people.in_a1.pk).update(user=ns.leader_a)
    ns.member = personas.member_a1
    ns.member_b = make_user("member_b", unit=tree.county_b1, full_name="赵外人")
    Cadre.objects.filter(pk=people.in_b.pk).update(user=ns.member_b)
    ns.a, ns.b = ns.plans.inspection_a1, ns.plans.inspection_b
    ns.round = ns.plans.round_a1
    Inspection.objects.filter(pk=ns.a.pk).update(
        stationed_from=date(2026, 3, 2), stationed_until=date(2026, 4, 17)
    )
    ns.a.refresh_from_db()
    ns.areas = focus_areas(tree.county_a1, ns.round)
    from xuncha.people.services import create_team

    ns.team2 = create_team(
        actor=None, jurisdiction=tree.county_a1, number=2, name="甲一县委第二巡察组"
    )
    finance = make_unit(
        "甲一县财政局",
        parent=tree.county_a1,
        level=Level.COUNTY,
        kind=UnitKind.DEPARTMENT,
        code="A1102",
    )
    ns.a2 = Inspection.objects.create(round=ns.round, team=ns.team2, target=finance)
    return ns
