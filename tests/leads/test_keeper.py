"""The keepers' work on a lead: correcting it, assessing it, relating a finding, withdrawing
it. Only the team leader and the office head may; a refusal changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import login
from tests.leads.conftest import SECRET_TEXT, counts, events, register
from xuncha.audit.models import EventType
from xuncha.findings.models import Finding
from xuncha.leads import services, services_access
from xuncha.leads.models import Lead


@pytest.fixture
def lead(ns):
    return register(ns.inspection, actor=ns.member)


def _finding(inspection, drafter, number=1, **fields):
    return Finding.objects.create(
        inspection=inspection, number=number, title="违规发放津补贴", drafter=drafter, **fields
    )


def test_leader_assesses_through_the_page(client, ns, lead):
    login(client, ns.leader)
    response = client.post(
        reverse("leads:assess", args=[lead.pk]),
        {"assessment": "线索具体，可查性强。", "proposed_disposal": "preliminary_verification"},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == Lead.Status.ASSESSED and lead.assessment == "线索具体，可查性强。"
    event = events(EventType.LEAD_CHANGED)[-1]
    assert event.actor_role == "team:leader" and "可查性" not in str(event.changes)


def test_bad_assessment_rerenders_the_lead(client, ns, lead):
    login(client, ns.leader)
    before = counts()
    response = client.post(
        reverse("leads:assess", args=[lead.pk]), {"assessment": " ", "proposed_disposal": "hold"}
    )
    assert response.status_code == 200 and SECRET_TEXT in response.content.decode()
    lead.refresh_from_db()
    assert lead.status == Lead.Status.REGISTERED
    # Showing the lead again is a view, and only that.
    after = counts()
    assert after["AuditEvent"] == before["AuditEvent"] + 1
    assert events()[-1].event_type == EventType.LEAD_VIEWED


def test_office_head_edits(client, ns, lead, tree):
    login(client, ns.personas.head_a)
    url = reverse("leads:edit", args=[lead.pk])
    assert SECRET_TEXT in client.get(url).content.decode()
    data = {
        "subjects-TOTAL_FORMS": "2",
        "subjects-INITIAL_FORMS": "0",
        "subjects-MIN_NUM_FORMS": "0",
        "subjects-MAX_NUM_FORMS": "20",
        "subjects-0-name": "钱秘密",
        "subjects-0-post": "党组书记、局长",
        "subjects-1-name": "吴副局长",
        "subjects-1-post": "副局长",
        "content": "更正后的线索内容",
        "proposed_receiver": "functional_department",
        "receiver_unit": str(tree.dept_a1.pk),
        "proposed_disposal": "talk_inquiry",
    }
    assert client.post(url, data).status_code == 302
    lead.refresh_from_db()
    assert lead.content == "更正后的线索内容" and lead.receiver_unit == tree.dept_a1
    assert [s.name for s in lead.subjects.all()] == ["钱秘密", "吴副局长"]
    # The source described at registration is kept.
    assert lead.sources.get().label == "县纪委转来的举报信"
    assert "吴副局长" in lead.search_text
    event = events(EventType.LEAD_CHANGED)[-1]
    assert "更正后" not in str(event.changes) and "吴副局长" not in str(event.changes)


def test_link_a_finding_of_the_same_inspection_only(client, ns, lead):
    mine = _finding(ns.inspection, ns.member)
    other = _finding(ns.inspection_b, ns.leader_b)
    login(client, ns.leader)
    url = reverse("leads:link_finding", args=[lead.pk])
    assert client.post(url, {"finding": mine.pk}).status_code == 302
    lead.refresh_from_db()
    assert lead.finding == mine
    before = counts()
    response = client.post(url, {"finding": other.pk})
    assert response.status_code == 200  # re-shown with the error
    lead.refresh_from_db()
    assert lead.finding == mine
    with pytest.raises(ValidationError):
        services.link_finding(lead, actor=ns.leader, finding=other)
    assert counts()["Lead"] == before["Lead"]


def test_withdraw_needs_a_reason_and_ends_the_lead(client, ns, lead):
    login(client, ns.leader)
    url = reverse("leads:withdraw", args=[lead.pk])
    before = counts()
    client.post(url, {"reason": ""})
    assert counts() == before
    client.post(url, {"reason": "与第2号线索重复"})
    lead.refresh_from_db()
    assert lead.status == Lead.Status.WITHDRAWN and lead.withdrawn_reason == "与第2号线索重复"
    with pytest.raises(ValidationError):
        services.assess_lead(lead, actor=ns.leader, assessment="x", proposed_disposal="hold")
    with pytest.raises(ValidationError):
        services.update_lead(lead, actor=ns.leader, content="改")


@pytest.mark.parametrize("who", ["deputy", "member"])
def test_team_members_may_not_keep(client, ns, lead, who):
    user = getattr(ns, who)
    login(client, user)
    before = counts()
    for name, data in (
        ("assess", {"assessment": "x", "proposed_disposal": "hold"}),
        ("withdraw", {"reason": "x"}),
        ("edit", {"content": "x"}),
        ("link_finding", {"finding": ""}),
    ):
        assert client.post(reverse(f"leads:{name}", args=[lead.pk]), data).status_code == 404
    for call in (
        lambda: services.assess_lead(lead, actor=user, assessment="x", proposed_disposal="hold"),
        lambda: services.update_lead(lead, actor=user, content="x"),
        lambda: services.withdraw_lead(lead, actor=user, reason="x"),
        lambda: services.link_finding(lead, actor=user, finding=None),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert counts() == before


def test_a_grantee_reads_but_may_not_change(client, ns, lead):
    services_access.grant_lead_access(
        ns.inspection, ns.deputy, actor=ns.leader, reason="协助核实", lead=lead
    )
    login(client, ns.deputy)
    assert SECRET_TEXT in client.get(reverse("leads:detail", args=[lead.pk])).content.decode()
    before = counts()
    response = client.post(
        reverse("leads:assess", args=[lead.pk]), {"assessment": "x", "proposed_disposal": "hold"}
    )
    assert response.status_code == 403
    assert client.get(reverse("leads:edit", args=[lead.pk])).status_code == 403
    assert client.get(reverse("leads:grants", args=[ns.inspection.pk])).status_code == 403
    assert counts() == before
    lead.refresh_from_db()
    assert lead.status == Lead.Status.REGISTERED
