"""Writing working papers: from a handed-off draft problem or directly, numbering, the landing
page, classification rules, articles and standard wording, evidence from the inspection's
records only, and who may see a paper at all."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.findings.conftest import DAY, draft, state
from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork import services_briefing
from xuncha.fieldwork.briefing import token_of
from xuncha.findings import services
from xuncha.findings.models import Finding, FindingEvidence
from xuncha.knowledge.models import Article, Regulation, Wording


def _handed_off(ns, summary="补贴发放不公开"):
    problem = services_briefing.raise_problem(
        ns.inspection,
        actor=ns.member,
        day=DAY,
        subgroup="finance",
        summary=summary,
        detail="台账与名单不一致",
        focus_area=ns.focus,
        sources=[
            {"kind": "visit", "label": "城关镇农机站走访", "obj": ns.visit},
            {"kind": "interview", "label": "与站长谈话", "note": "站长承认未公示"},
        ],
    )
    services_briefing.corroborate(problem, actor=ns.leader)
    services_briefing.hand_off(ns.inspection, [problem], actor=ns.leader)
    problem.refresh_from_db()
    return problem


def test_start_from_a_handed_off_problem_carries_everything_over(ns, as_user):
    problem = _handed_off(ns)
    client = as_user(ns.member)
    home = client.get(reverse("findings:home", args=[ns.inspection.pk])).content.decode()
    assert "补贴发放不公开" in home and reverse("findings:start", args=[problem.pk]) in home
    response = client.post(reverse("findings:start", args=[problem.pk]))
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert response["Location"] == reverse("findings:edit", args=[finding.pk])
    assert finding.draft_problem == problem and finding.number == 1
    assert (finding.title, finding.facts, finding.focus_area) == (
        "补贴发放不公开",
        "台账与名单不一致",
        ns.focus,
    )
    assert finding.drafter == ns.member and finding.source_method == "visit"
    rows = list(finding.evidence.order_by("id").values_list("kind", "label", "note", "object_id"))
    assert rows == [
        ("visit", "城关镇农机站走访", "", ns.visit.pk),
        ("interview", "与站长谈话", "站长承认未公示", None),
    ]
    # Started once: the problem leaves the "to be drafted" list and cannot start again.
    home = client.get(reverse("findings:home", args=[ns.inspection.pk])).content.decode()
    assert reverse("findings:start", args=[problem.pk]) not in home
    before = state()
    with pytest.raises(ValidationError) as exc:
        services.start_from_problem(problem, actor=ns.member)
    assert exc.value.code == "started"
    assert state() == before


def test_only_handed_off_problems_start_a_paper(ns):
    problem = services_briefing.raise_problem(
        ns.inspection,
        actor=ns.member,
        day=DAY,
        subgroup="finance",
        summary="未交接的问题",
        sources=[{"kind": "other", "label": "电话核实"}],
    )
    before = state()
    with pytest.raises(ValidationError) as exc:
        services.start_from_problem(problem, actor=ns.member)
    assert exc.value.code == "not_handed_off"
    assert state() == before


def test_numbers_run_per_inspection(ns):
    first, second = draft(ns), draft(ns, title="第二个问题")
    other = services.create_finding(
        ns.plans.inspection_b, actor=None, drafter=ns.office, title="乙县问题"
    )
    assert (first.number, second.number, other.number) == (1, 2, 1)


def test_create_through_the_page_keeps_input_on_errors(ns, as_user):
    client = as_user(ns.member)
    url = reverse("findings:create", args=[ns.inspection.pk])
    assert client.get(url).status_code == 200
    before = state()
    response = client.post(
        url,
        {
            "title": "违规发放补贴",
            "responsible_kind": "unit",
            "scope": "individual",
            "disposition": "feedback",
            "work_style": "formalism",
            "eight_rules": "dining",
            "facts": "事实保留",
        },
    )
    assert response.status_code == 200
    assert "事实保留" in response.content.decode()
    assert "eight_rules" in response.context["form"].errors
    assert state() == before
    response = client.post(
        url,
        {
            "title": "违规发放补贴",
            "responsible_kind": "unit",
            "scope": "individual",
            "disposition": "feedback",
            "work_style": "hedonism",
            "eight_rules": "dining",
            "focus_area": ns.focus.pk,
        },
    )
    finding = Finding.objects.get()
    assert response.status_code == 302
    assert (finding.work_style, finding.eight_rules, finding.focus_area) == (
        "hedonism",
        "dining",
        ns.focus,
    )
    assert list(finding.preparers.all()) == [ns.member]


@pytest.mark.parametrize(
    "fields,key",
    [
        ({"focus_area": "other"}, "focus_area"),
        ({"eight_rules": "gifts", "discipline": "work"}, "eight_rules"),
        ({"disposition": "functional_department"}, "receiver"),
        ({"responsible_kind": "individual"}, "responsible_person"),
        ({"is_conduct": True}, "responsible_person"),
    ],
)
def test_classification_rules(ns, fields, key):
    if fields.get("focus_area") == "other":
        fields = {**fields, "focus_area": ns.focus_other}
    before = state()
    with pytest.raises(ValidationError) as exc:
        services.create_finding(ns.inspection, actor=ns.member, title="问题", **fields)
    assert key in exc.value.error_dict
    assert state() == before


def test_eight_rules_go_with_integrity_discipline_too(ns):
    finding = services.create_finding(
        ns.inspection,
        actor=ns.member,
        title="收受礼金",
        discipline="integrity",
        eight_rules="gifts",
    )
    assert finding.eight_rules == "gifts"


def test_receiver_is_a_department_of_the_jurisdiction_outside_the_target(ns):
    before = state()
    with pytest.raises(ValidationError) as exc:
        services.create_finding(
            ns.inspection,
            actor=ns.member,
            title="问题",
            disposition="functional_department",
            receiver=ns.tree.dept_a1,
        )
    assert "receiver" in exc.value.error_dict
    assert state() == before
    finding = services.create_finding(
        ns.inspection,
        actor=ns.member,
        title="问题",
        disposition="functional_department",
        receiver=ns.tree.county_a1,
    )
    services.update_finding(finding, actor=ns.member, disposition="feedback")
    finding.refresh_from_db()
    assert finding.receiver is None


def test_articles_and_standard_wording(ns, as_user):
    regulation = Regulation.objects.create(
        owner=ns.tree.city_a, title="中国共产党纪律处分条例", level="party_regulation"
    )
    article = Article.objects.create(
        regulation=regulation, number="第一百零二条", order=102, text="违反有关规定……"
    )
    wording = Wording.objects.create(
        owner=ns.tree.city_a, focus="聚焦群众身边腐败问题", text="惠民资金发放不规范"
    )
    finding = draft(ns)
    client = as_user(ns.member)
    data = {
        "title": finding.title,
        "responsible_kind": "unit",
        "scope": "individual",
        "disposition": "feedback",
        "discipline": "work",
        "basis": "依据",
        "facts": "事实",
        "suggestion": "建议",
        "regulations": [article.pk],
        "wording": wording.pk,
    }
    response = client.post(reverse("findings:edit", args=[finding.pk]), data)
    assert response.status_code == 302
    assert list(finding.regulations.all()) == [article]
    wording.refresh_from_db()
    assert wording.times_used == 1
    # Saving again with the same wording does not count it twice.
    client.post(reverse("findings:edit", args=[finding.pk]), {**data, "facts": "事实二"})
    wording.refresh_from_db()
    assert wording.times_used == 1
    # An article that does not exist is refused; nothing changes.
    before = state()
    response = client.post(
        reverse("findings:edit", args=[finding.pk]), {**data, "regulations": [article.pk, 999999]}
    )
    assert response.status_code == 200 and "regulations" in response.context["form"].errors
    assert state() == before
    page = client.get(reverse("findings:edit", args=[finding.pk])).content.decode()
    assert f'name="regulations" value="{article.pk}" checked' in page
    assert 'id="wording-suggestions"' in page and "knowledge/wording.js" in page


def test_evidence_from_the_inspections_records_only(ns, as_user):
    finding = draft(ns)
    client = as_user(ns.member)
    listing = client.get(reverse("findings:records", args=[finding.pk]), {"kind": "visit"})
    assert "城关镇农机站" in listing.content.decode()
    assert "乙县某站" not in listing.content.decode()
    response = client.post(
        reverse("findings:evidence_add", args=[finding.pk]),
        {"record": token_of(ns.visit), "note": "台账不一致"},
    )
    assert response.status_code == 302
    evidence = FindingEvidence.objects.get()
    assert (evidence.kind, evidence.object_id, evidence.note) == (
        "visit",
        ns.visit.pk,
        "台账不一致",
    )
    assert evidence.label.startswith("下沉") or "城关镇农机站" in evidence.label
    # A record of team B's inspection cannot be linked: refused, nothing changed.
    before = state()
    response = client.post(
        reverse("findings:evidence_add", args=[finding.pk]), {"record": token_of(ns.visit_b)}
    )
    assert response.status_code == 302
    assert state() == before
    with pytest.raises(ValidationError) as exc:
        services.add_evidence(finding, actor=ns.member, obj=ns.visit_b)
    assert "record" in exc.value.error_dict
    # The same record twice is one piece of evidence.
    with pytest.raises(ValidationError):
        services.add_evidence(finding, actor=ns.member, obj=ns.visit)
    # A described source.
    client.post(
        reverse("findings:evidence_add", args=[finding.pk]),
        {"kind": "other", "label": "电话核实三户", "note": "均未领到补贴"},
    )
    assert finding.evidence.count() == 2
    client.post(reverse("findings:evidence_remove", args=[evidence.pk]))
    assert list(finding.evidence.values_list("label", flat=True)) == ["电话核实三户"]
    events = AuditEvent.objects.filter(event_type=EventType.FINDING_EVIDENCE_CHANGED)
    assert events.count() == 3
    # The label of evidence is case text: concealed in the audit trail.
    assert "电话核实" not in str(list(events.values_list("changes", flat=True)))


def test_team_b_cannot_see_team_a_papers(ns, as_user):
    finding = draft(ns)
    outsider_leader = ns.people.in_b
    from tests.factories import make_user
    from xuncha.people.models import Cadre

    account = make_user("leader_b", unit=ns.tree.county_b1)
    Cadre.objects.filter(pk=outsider_leader.pk).update(user=account)
    client = as_user(account)
    for url in (
        reverse("findings:detail", args=[finding.pk]),
        reverse("findings:home", args=[ns.inspection.pk]),
        reverse("findings:paper_file", args=[finding.pk]),
        reverse("findings:records", args=[finding.pk]),
    ):
        assert client.get(url).status_code == 404
    before = state()
    assert client.post(reverse("findings:submit", args=[finding.pk])).status_code == 404
    assert state() == before
    # A team A member does not reach inspection B's papers either.
    other = services.create_finding(
        ns.plans.inspection_b, actor=None, drafter=ns.office, title="乙县问题"
    )
    member = as_user(ns.member)
    assert member.get(reverse("findings:detail", args=[other.pk])).status_code == 404


def test_leading_group_reads_but_never_writes(ns, as_user):
    finding = draft(ns)
    viewer = ns.personas.viewer_a
    client = as_user(viewer)
    assert client.get(reverse("findings:detail", args=[finding.pk])).status_code == 200
    before = state()
    with pytest.raises(PermissionDenied):
        services.update_finding(finding, actor=viewer, facts="改")
    assert client.get(reverse("findings:edit", args=[finding.pk])).status_code == 403
    assert state() == before


def test_landing_page_counts_filters_and_constant_queries(ns, as_user):
    client = as_user(ns.member)
    for i in range(3):
        draft(ns, title=f"问题{i}")
    url = reverse("findings:home", args=[ns.inspection.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    counts = {value: n for value, _label, n in response.context["counts"]}
    assert counts == {
        "draft": 3,
        "pending_deputy": 0,
        "pending_leader": 0,
        "returned": 0,
        "confirmed": 0,
        "withdrawn": 0,
    }
    for i in range(12):
        draft(ns, title=f"更多问题{i}", discipline="", work_style="formalism")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    filtered = client.get(url, {"work_style": "formalism", "discipline": ""})
    assert filtered.context["page"].paginator.count == 15
    filtered = client.get(url, {"discipline": "work"})
    assert filtered.context["page"].paginator.count == 3


def test_timeline_names_fields_but_never_the_words(ns, as_user):
    finding = draft(ns)
    services.update_finding(finding, actor=ns.member, cause="制度执行不严格的原因")
    page = as_user(ns.leader).get(reverse("findings:detail", args=[finding.pk]))
    entries = page.context["timeline"]
    assert any("原因" in e["detail"] or "cause" in e["detail"] for e in entries)
    changes = AuditEvent.objects.filter(event_type=EventType.FINDING_CHANGED).get().changes
    assert "制度执行不严格" not in str(changes)


def test_interview_notes_on_a_paper_are_audited_views(ns, as_user):
    from xuncha.interviews.models import Interview, Interviewee

    person = Interviewee.objects.create(
        inspection=ns.inspection, name="钱某", post="站长", category="key_post"
    )
    interview = Interview.objects.create(
        inspection=ns.inspection,
        interviewee=person,
        held_on=DAY,
        asker=ns.people.in_a1,
        recorder=ns.people.in_a2,
        record="谈话记录全文",
        summary="承认未公示",
    )
    finding = draft(ns)
    services.add_evidence(finding, actor=ns.member, obj=interview, note="承认未公示")
    listing = as_user(ns.member).get(
        reverse("findings:records", args=[finding.pk]), {"kind": "interview"}
    )
    assert "谈话记录全文" not in listing.content.decode()
    viewed = AuditEvent.objects.filter(event_type=EventType.INTERVIEW_VIEWED)
    before = viewed.count()
    page = as_user(ns.leader).get(reverse("findings:detail", args=[finding.pk]))
    assert "与钱某（站长）谈话" in page.content.decode()
    assert viewed.count() == before + 1
    as_user(ns.leader).get(reverse("findings:paper_file", args=[finding.pk]))
    assert viewed.count() == before + 2
