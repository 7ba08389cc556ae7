"""Hand-over during stationing (边巡边移交): a keeper asks a leading-group member, who is
granted the lead to decide; a refusal returns the lead; after approval a keeper records the
hand-over. One open request per lead."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import login, make_user
from tests.leads.conftest import SECRET_TEXT, counts, events, register
from xuncha.accounts.roles import Role
from xuncha.audit.models import EventType
from xuncha.leads import services, services_access
from xuncha.leads.access import visible_leads
from xuncha.leads.models import Lead, LeadGrant, LeadHandover
from xuncha.plans.models import Inspection, Stage

H = LeadHandover.Status


@pytest.fixture
def lead(ns):
    return register(ns.inspection, actor=ns.member)


def _request(ns, lead, approver=None, actor=None):
    return services_access.request_handover(
        lead,
        actor=actor or ns.leader,
        reason="涉嫌严重违纪，需立即移交",
        approver=approver or ns.personas.viewer_a,
        receiver="discipline_commission",
    )


def test_the_whole_way_through_the_pages(client, ns, lead):
    viewer = ns.personas.viewer_a
    assert client.get(reverse("leads:approvals")).status_code == 302  # not signed in
    login(client, viewer)
    assert SECRET_TEXT not in client.get(reverse("leads:approvals")).content.decode()
    login(client, ns.leader)
    page = client.get(reverse("leads:detail", args=[lead.pk]))
    assert page.context["may_request_handover"]
    assert list(page.context["handover_form"].fields["approver"].queryset) == [viewer]
    response = client.post(
        reverse("leads:handover_request", args=[lead.pk]),
        {
            "reason": "涉嫌严重违纪，需立即移交",
            "receiver": "discipline_commission",
            "approver": viewer.pk,
        },
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == Lead.Status.HANDOVER_REQUESTED
    handover = LeadHandover.objects.get()
    grant = LeadGrant.objects.get(user=viewer)
    assert grant.lead == lead and grant.reason == "审批边巡边移交"
    # The approver now sees the lead, in "my approvals" and on its page.
    login(client, viewer)
    approvals = client.get(reverse("leads:approvals"))
    assert "钱秘密" in approvals.content.decode()
    assert events()[-1].event_type == EventType.LEAD_LISTED
    page = client.get(reverse("leads:detail", args=[lead.pk]))
    assert page.context["may_decide"] and SECRET_TEXT in page.content.decode()
    response = client.post(
        reverse("leads:handover_decide", args=[handover.pk]),
        {"decision": "approve", "comment": "同意"},
    )
    assert response["Location"] == reverse("leads:approvals")
    handover.refresh_from_db()
    assert handover.status == H.APPROVED and handover.decided_at is not None
    # The leader records the hand-over.
    login(client, ns.leader)
    response = client.post(
        reverse("leads:handover_record", args=[handover.pk]),
        {
            "received_by": "县纪委第三监督检查室 王某",
            "handed_over_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    handover.refresh_from_db()
    lead.refresh_from_db()
    assert handover.status == H.HANDED_OVER and lead.status == Lead.Status.HANDED_OVER
    kinds = [e.event_type for e in events()]
    for kind in (
        EventType.LEAD_HANDOVER_REQUESTED,
        EventType.LEAD_HANDOVER_DECIDED,
        EventType.LEAD_HANDED_OVER,
    ):
        assert kind in kinds
    requested = events(EventType.LEAD_HANDOVER_REQUESTED)[-1]
    assert "严重违纪" not in str(requested.changes)


def test_refusal_returns_the_lead_to_where_it_was(ns, lead):
    services.assess_lead(lead, actor=ns.leader, assessment="可查", proposed_disposal="hold")
    handover = _request(ns, lead)
    before = counts()
    with pytest.raises(ValidationError):  # a refusal needs a reason
        services_access.decide_handover(handover, actor=ns.personas.viewer_a, approve=False)
    assert counts() == before
    services_access.decide_handover(
        handover, actor=ns.personas.viewer_a, approve=False, comment="随巡察报告一并移交"
    )
    lead.refresh_from_db()
    assert lead.status == Lead.Status.ASSESSED
    # A new request may follow a refusal.
    assert _request(ns, lead).status == H.PENDING


def test_one_open_request_per_lead(ns, lead):
    _request(ns, lead)
    before = counts()
    with pytest.raises(ValidationError):
        _request(ns, lead)
    assert counts() == before


def test_only_the_named_approver_decides(client, ns, lead):
    other = make_user(
        "viewer_a2", unit=ns.tree.city_a, roles=[(Role.LEADING_GROUP, ns.tree.city_a)]
    )
    handover = _request(ns, lead)
    login(client, other)
    before = counts()
    for user in (other, ns.leader, ns.personas.head_a):
        with pytest.raises(PermissionDenied):
            services_access.decide_handover(handover, actor=user, approve=True)
    # The other leading-group member does not even see the lead.
    response = client.post(
        reverse("leads:handover_decide", args=[handover.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    assert counts() == before
    # Not put to the leader: looked up among the caller's own requests only, 404 alike.
    login(client, ns.leader)
    before = counts()
    response = client.post(
        reverse("leads:handover_decide", args=[handover.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    assert counts() == before


def test_revoking_the_approvers_grant_closes_their_door(client, ns, lead):
    handover = _request(ns, lead)
    grant = LeadGrant.objects.get(user=ns.personas.viewer_a)
    services_access.revoke_lead_access(grant, actor=ns.leader, reason="改由他人审批")
    login(client, ns.personas.viewer_a)
    assert "钱秘密" not in client.get(reverse("leads:approvals")).content.decode()
    assert (
        client.post(
            reverse("leads:handover_decide", args=[handover.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )


@pytest.mark.parametrize("bad", ["approver_is_no_leading_group", "self", "stage", "status"])
def test_requests_that_are_refused_change_nothing(ns, lead, bad):
    approver = ns.personas.viewer_a
    actor = ns.leader
    if bad == "approver_is_no_leading_group":
        approver = ns.personas.office_a
    elif bad == "self":
        actor = make_user(
            "head_lg",
            unit=ns.tree.city_a,
            roles=[(Role.OFFICE_HEAD, ns.tree.city_a), (Role.LEADING_GROUP, ns.tree.city_a)],
        )
        approver = actor
    elif bad == "stage":
        Inspection.objects.filter(pk=ns.inspection.pk).update(stage=Stage.REPORTING)
        lead = Lead.objects.get(pk=lead.pk)
    else:
        services.withdraw_lead(lead, actor=ns.leader, reason="重复")
    before = counts()
    with pytest.raises(ValidationError):
        _request(ns, lead, approver=approver, actor=actor)
    assert counts() == before


def test_only_keepers_request_and_record(ns, lead):
    before = counts()
    for user in (ns.deputy, ns.member, ns.personas.office_a):
        with pytest.raises(PermissionDenied):
            _request(ns, lead, actor=user)
    assert counts() == before
    handover = _request(ns, lead)
    services_access.decide_handover(handover, actor=ns.personas.viewer_a, approve=True)
    before = counts()
    with pytest.raises(PermissionDenied):  # the approver reads the lead, no more
        services_access.record_handover(handover, actor=ns.personas.viewer_a, received_by="x")
    with pytest.raises(ValidationError):
        services_access.record_handover(handover, actor=ns.leader, received_by=" ")
    assert counts() == before


def test_a_pending_request_cannot_be_recorded(ns, lead):
    handover = _request(ns, lead)
    with pytest.raises(ValidationError):
        services_access.record_handover(handover, actor=ns.leader, received_by="某")


def test_approver_sees_only_the_lead_put_to_them(ns, lead):
    other = register(ns.inspection, actor=ns.member, name="李另案", content="另一条")
    _request(ns, lead)
    assert list(visible_leads(ns.personas.viewer_a)) == [lead]
    assert other not in visible_leads(ns.personas.viewer_a)
