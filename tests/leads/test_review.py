"""Defects a security review found: probing grant and hand-over ids (403 against 404), lead
numbers telling how many leads exist, registering before stationing, the approver's grant that
never ended, grants to accounts outside the team's side, leads changing under a report in
approval, and a broken template answering 500."""

import json
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.factories import login, make_user
from tests.leads.conftest import SECRET_TEXT, counts, events, register
from xuncha.accounts.roles import Role
from xuncha.audit.models import EventType
from xuncha.leads import selectors, services, services_access
from xuncha.leads.models import Lead, LeadGrant, LeadHandover
from xuncha.plans.models import Inspection, Stage

H = LeadHandover.Status
API = "/api/leads"


def _json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _handover(ns, lead, approver=None):
    return services_access.request_handover(
        lead,
        actor=ns.leader,
        reason="涉嫌严重违纪，需立即移交",
        approver=approver or ns.personas.viewer_a,
        receiver="discipline_commission",
    )


# --- 1a: no 403-against-404 oracle ----------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "deputy", "office_a", "viewer_a"])
def test_revoking_answers_404_alike_to_who_does_not_keep(client, ns, who):
    """A grant that exists and one that does not answer the same to anyone but a keeper."""
    lead = register(ns.inspection, actor=ns.member)
    grant = services_access.grant_lead_access(
        ns.inspection, ns.deputy, actor=ns.leader, reason="协助核实", lead=lead
    )
    missing = LeadGrant.objects.order_by("-pk").first().pk + 1000
    user = getattr(ns, who, None) or getattr(ns.personas, who)
    login(client, user)
    before = counts()
    for pk in (grant.pk, missing):
        url = reverse("leads:revoke", args=[pk])
        assert client.post(url, {"reason": "试探"}).status_code == 404
        response = _json(client, f"{API}/grants/{pk}/revoke", {"reason": "试探"})
        assert response.status_code == 404
    assert counts() == before
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_keeper_still_revokes(client, ns):
    lead = register(ns.inspection, actor=ns.member)
    grant = services_access.grant_lead_access(
        ns.inspection, ns.deputy, actor=ns.leader, reason="协助核实", lead=lead
    )
    login(client, ns.personas.head_a)
    response = _json(client, f"{API}/grants/{grant.pk}/revoke", {"reason": "核实结束"})
    assert response.status_code == 200
    assert response.json()["revoked_at"]
    # The keeper of another inspection gets 404, like for a missing grant.
    other = register(ns.inspection_b, actor=ns.leader_b)
    grant_b = LeadGrant.objects.create(
        inspection=ns.inspection_b, lead=other, user=ns.member, reason="协助核实"
    )
    login(client, ns.leader)
    before = counts()
    assert (
        client.post(reverse("leads:revoke", args=[grant_b.pk]), {"reason": "x"}).status_code == 404
    )
    assert counts() == before


def test_recording_and_deciding_answer_404_to_others(client, ns):
    """The approver sees the lead but does not keep it: recording answers 404, as for a
    hand-over that does not exist; deciding answers 404 to all but the approver."""
    lead = register(ns.inspection, actor=ns.member)
    handover = _handover(ns, lead)
    services_access.decide_handover(handover, actor=ns.personas.viewer_a, approve=True)
    login(client, ns.personas.viewer_a)
    before = counts()
    for pk in (handover.pk, handover.pk + 1000):
        url = reverse("leads:handover_record", args=[pk])
        assert client.post(url, {"received_by": "县纪委 王某"}).status_code == 404
        response = _json(client, f"{API}/handovers/{pk}/record", {"received_by": "王某"})
        assert response.status_code == 404
    assert counts() == before
    login(client, ns.leader)
    before = counts()
    for pk in (handover.pk, handover.pk + 1000):
        response = _json(client, f"{API}/handovers/{pk}/decide", {"approve": False, "comment": "x"})
        assert response.status_code == 404
    assert counts() == before


# --- 1b: numbers only to those who see every lead --------------------------------------------


@pytest.fixture
def three(ns):
    return [register(ns.inspection, actor=ns.member, content=f"第{i}条线索内容") for i in (1, 2, 3)]


def test_a_single_lead_grantee_sees_no_number(client, ns, three):
    third = three[2]
    services_access.grant_lead_access(
        ns.inspection, ns.deputy, actor=ns.leader, reason="协助核实", lead=third
    )
    login(client, ns.deputy)
    page = client.get(reverse("leads:home", args=[ns.inspection.pk]))
    [shown] = page.context["leads"]
    assert shown.shown_number is None and third.reference in shown.label
    body = page.content.decode()
    assert third.reference in body and "第3号" not in body
    for name in ("leads:mine",):
        response = client.get(reverse(name))
        assert response.context["leads"][0].shown_number is None
        assert third.reference in response.content.decode()
    detail = client.get(reverse("leads:detail", args=[third.pk]))
    assert detail.context["lead"].shown_number is None
    assert third.reference in detail.content.decode()
    # The API: number null, the reference instead.
    item = client.get(f"{API}/?inspection_id={ns.inspection.pk}").json()["items"][0]
    assert item["number"] is None and item["reference"] == third.reference
    assert client.get(f"{API}/{third.pk}").json()["number"] is None
    # The Word file and its name.
    response = client.get(reverse("leads:word", args=[third.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert third.reference in disposition and "%E7%AC%AC3%E5%8F%B7" not in disposition
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert third.reference in text and "第3号" not in text
    # The workbook.
    response = client.get(reverse("leads:export", args=[ns.inspection.pk]))
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[1][0] == third.reference


def test_keepers_and_inspection_wide_grantees_see_numbers(client, ns, three):
    services_access.grant_lead_access(ns.inspection, ns.deputy, actor=ns.leader, reason="汇总")
    for user in (ns.leader, ns.personas.head_a, ns.deputy):
        login(client, user)
        page = client.get(reverse("leads:home", args=[ns.inspection.pk]))
        assert [lead.shown_number for lead in page.context["leads"]] == [1, 2, 3]
        items = client.get(f"{API}/?inspection_id={ns.inspection.pk}").json()["items"]
        assert sorted(i["number"] for i in items) == [1, 2, 3]
        response = client.get(reverse("leads:word", args=[three[2].pk]))
        assert "%E7%AC%AC3%E5%8F%B7" in response["Content-Disposition"]  # 第3号


def test_the_approver_sees_no_number(client, ns, three):
    _handover(ns, three[1])
    login(client, ns.personas.viewer_a)
    page = client.get(reverse("leads:approvals"))
    assert page.context["handovers"][0].lead.shown_number is None
    assert three[1].reference in page.content.decode()


def test_references_differ_and_say_nothing_of_the_count(three):
    refs = {lead.reference for lead in three}
    assert len(refs) == 3
    assert all(ref.startswith("XS-") and len(ref) == 11 for ref in refs)
    assert not any(str(lead.pk) == ref[3:] for lead, ref in zip(three, refs, strict=False))


def test_a_registrant_learns_no_id_and_a_keeper_does(client, ns):
    payload = {
        "subjects": [{"name": "钱秘密", "post": "局长"}],
        "sources": [{"kind": "petition", "label": "举报信"}],
        "content": SECRET_TEXT,
    }
    login(client, ns.member)
    response = _json(client, f"{API}/inspections/{ns.inspection.pk}", payload)
    assert response.status_code == 201
    assert "id" not in response.json() and "number" not in response.json()
    login(client, ns.leader)
    response = _json(client, f"{API}/inspections/{ns.inspection.pk}", payload)
    assert response.status_code == 201
    assert response.json()["id"] == Lead.objects.order_by("-pk").first().pk
    assert response.json()["number"] == 2


# --- 1c: registering from the stationing onward ---------------------------------------------


@pytest.mark.parametrize("stage", [Stage.PLANNED, Stage.AUTHORIZED])
def test_no_lead_before_stationing(client, ns, stage):
    Inspection.objects.filter(pk=ns.inspection.pk).update(stage=stage)
    ns.inspection.refresh_from_db()
    login(client, ns.member)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        register(ns.inspection, actor=ns.leader)
    assert exc.value.code == "stage"
    response = client.post(
        reverse("leads:create", args=[ns.inspection.pk]),
        {
            "subjects-TOTAL_FORMS": "1",
            "subjects-INITIAL_FORMS": "0",
            "subjects-MIN_NUM_FORMS": "0",
            "subjects-MAX_NUM_FORMS": "20",
            "subjects-0-name": "吴某",
            "source_kind": "other",
            "source_label": "上级交办",
            "content": "反映违规发放津补贴",
            "proposed_receiver": "discipline_commission",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert counts() == before


@pytest.mark.parametrize(
    "stage", [Stage.STATIONED, Stage.REPORTING, Stage.FED_BACK, Stage.RECTIFYING, Stage.REVIEWED]
)
def test_leads_are_registered_from_stationing_onward(ns, stage):
    Inspection.objects.filter(pk=ns.inspection.pk).update(stage=stage)
    ns.inspection.refresh_from_db()
    assert register(ns.inspection, actor=ns.member).number == 1


# --- 1d: the approver's grant ends; who may be granted ---------------------------------------


def _approver_grant(ns, lead):
    return LeadGrant.objects.get(lead=lead, user=ns.personas.viewer_a)


def test_refusal_ends_the_approvers_grant(client, ns):
    lead = register(ns.inspection, actor=ns.member)
    handover = _handover(ns, lead)
    services_access.decide_handover(
        handover, actor=ns.personas.viewer_a, approve=False, comment="证据不足"
    )
    grant = _approver_grant(ns, lead)
    assert grant.revoked_at is not None
    [event] = events(EventType.LEAD_GRANT_REVOKED)
    assert event.object_id == str(grant.pk) and event.reason
    login(client, ns.personas.viewer_a)
    assert client.get(reverse("leads:detail", args=[lead.pk])).status_code == 404


def test_recording_the_hand_over_ends_the_approvers_grant(client, ns):
    lead = register(ns.inspection, actor=ns.member)
    handover = _handover(ns, lead)
    services_access.decide_handover(handover, actor=ns.personas.viewer_a, approve=True)
    assert _approver_grant(ns, lead).revoked_at is None  # approved: still open
    login(client, ns.leader)
    response = client.post(
        reverse("leads:handover_record", args=[handover.pk]), {"received_by": "县纪委 王某"}
    )
    assert response.status_code == 302
    assert _approver_grant(ns, lead).revoked_at is not None
    [event] = events(EventType.LEAD_GRANT_REVOKED)
    assert event.actor_id == ns.leader.pk and event.reason
    login(client, ns.personas.viewer_a)
    assert client.get(reverse("leads:detail", args=[lead.pk])).status_code == 404


def test_a_grant_held_before_the_request_stays(ns):
    lead = register(ns.inspection, actor=ns.member)
    own = services_access.grant_lead_access(
        ns.inspection, ns.personas.viewer_a, actor=ns.personas.head_a, reason="领导小组阅看"
    )
    handover = _handover(ns, lead)
    services_access.decide_handover(
        handover, actor=ns.personas.viewer_a, approve=False, comment="证据不足"
    )
    own.refresh_from_db()
    assert own.revoked_at is None
    assert not events(EventType.LEAD_GRANT_REVOKED)


def test_grants_only_to_the_accounts_the_form_offers(ns):
    lead = register(ns.inspection, actor=ns.member)
    partner = make_user(
        "partner_a1",
        unit=ns.tree.dept_a1,
        roles=[(Role.PARTNER_DEPARTMENT, ns.tree.dept_a1)],
    )
    stranger = make_user("stranger", unit=ns.tree.county_a1)  # no seat, not in the leader's scope
    before = counts()
    for actor, user in (
        (ns.personas.head_a, ns.personas.liaison_a1),
        (ns.personas.head_a, partner),
        (ns.leader, ns.personas.liaison_a1),
        (ns.leader, stranger),
        (None, partner),
    ):
        assert not selectors.grantable_users(actor, ns.inspection).filter(pk=user.pk).exists()
        with pytest.raises(ValidationError) as exc:
            services_access.grant_lead_access(
                ns.inspection, user, actor=actor, reason="协助核实", lead=lead
            )
        assert "user" in exc.value.error_dict
    assert counts() == before
    # The office head grants an account of its scope; the leader a seated member.
    services_access.grant_lead_access(
        ns.inspection, stranger, actor=ns.personas.head_a, reason="协助核实", lead=lead
    )
    services_access.grant_lead_access(
        ns.inspection, ns.member, actor=ns.leader, reason="协助核实", lead=lead
    )


# --- 2a: a lead carried by a leads report in approval stays as it is -------------------------


def _report(ns, lead, status="in_approval", active=True):
    from xuncha.reports.models import Report, ReportItem

    report = Report.objects.create(
        kind="leads",
        round=ns.inspection.round,
        inspection=ns.inspection,
        team=ns.inspection.team,
        title="问题线索报告",
        status=status,
        chain="team_meeting,leading_group",
        created_by=ns.leader,
    )
    ReportItem.objects.create(report=report, lead=lead, active=active)
    return report


def _changes(ns, lead):
    finding = _finding(ns)
    return {
        "update": lambda: services.update_lead(lead, actor=ns.leader, content="改写"),
        "assess": lambda: services.assess_lead(
            lead, actor=ns.leader, assessment="可查", proposed_disposal="talk_inquiry"
        ),
        "withdraw": lambda: services.withdraw_lead(lead, actor=ns.leader, reason="重复"),
        "link_finding": lambda: services.link_finding(lead, actor=ns.leader, finding=finding),
        "handover": lambda: _handover(ns, lead),
    }


def _finding(ns):
    from xuncha.findings.models import Finding

    return Finding.objects.create(
        inspection=ns.inspection, number=1, title="违规发放津补贴", drafter=ns.leader
    )


@pytest.mark.parametrize("status", ["in_approval", "approved"])
@pytest.mark.parametrize("action", ["update", "assess", "withdraw", "link_finding", "handover"])
def test_a_lead_in_a_report_under_approval_does_not_change(client, ns, status, action):
    lead = register(ns.inspection, actor=ns.member)
    _report(ns, lead, status=status)
    change = _changes(ns, lead)[action]
    before = counts()
    with pytest.raises(ValidationError) as exc:
        change()
    assert exc.value.code == "in_report"
    assert counts() == before
    lead.refresh_from_db()
    assert lead.content == SECRET_TEXT and lead.status == Lead.Status.REGISTERED
    assert lead.finding_id is None


def test_the_pages_of_a_lead_in_a_report_under_approval(client, ns):
    lead = register(ns.inspection, actor=ns.member)
    _report(ns, lead)
    login(client, ns.leader)
    page = client.get(reverse("leads:detail", args=[lead.pk]))
    assert page.context["locked"] and not page.context["editable"]
    assert not page.context["assessable"] and not page.context["may_request_handover"]
    assert client.get(reverse("leads:edit", args=[lead.pk])).status_code == 302
    response = client.post(
        reverse("leads:assess", args=[lead.pk]),
        {"assessment": "可查", "proposed_disposal": "talk_inquiry"},
    )
    assert response.status_code == 200 and response.context["assess_form"].errors
    before = counts()
    response = _json(client, f"{API}/{lead.pk}/withdraw", {"reason": "重复"})
    assert response.status_code == 422
    assert counts() == before
    lead.refresh_from_db()
    assert lead.status == Lead.Status.REGISTERED and not lead.assessment
    assert not events(EventType.LEAD_CHANGED)


@pytest.mark.parametrize(
    "status, active", [("drafting", True), ("returned", True), ("in_approval", False)]
)
def test_a_draft_or_dropped_report_does_not_hold_the_lead(ns, status, active):
    lead = register(ns.inspection, actor=ns.member)
    _report(ns, lead, status=status, active=active)
    services.assess_lead(lead, actor=ns.leader, assessment="可查", proposed_disposal="hold")
    services.update_lead(lead, actor=ns.leader, content="改写")
    _handover(ns, lead)


# --- 3b: a broken template is a page with the reason, not an error 500 ----------------------


def test_a_document_that_cannot_be_made_is_explained(client, ns, monkeypatch):
    lead = register(ns.inspection, actor=ns.member)

    def broken(*args, **kwargs):
        raise ValidationError("模板第3段有误，无法生成")

    monkeypatch.setattr("xuncha.leads.views_lead.generate", broken)
    login(client, ns.leader)
    before = counts()
    for suffix in ("", "?format=pdf"):
        response = client.get(reverse("leads:word", args=[lead.pk]) + suffix)
        assert response.status_code == 422
        assert "模板第3段有误" in response.content.decode()
    assert counts() == before
