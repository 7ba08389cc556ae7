"""Grants: one lead or every lead of the inspection, with an end date, revoked at once."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import login, make_user
from tests.leads.conftest import SECRET_TEXT, counts, events, register
from xuncha.audit.models import EventType
from xuncha.leads import selectors, services_access
from xuncha.leads.access import may_see_all_leads, visible_leads
from xuncha.leads.models import LeadGrant


@pytest.fixture
def two(ns):
    return (
        register(ns.inspection, actor=ns.member),
        register(ns.inspection, actor=ns.member, name="李另案", content="另一条线索内容"),
    )


def test_per_lead_grant_shows_that_lead_only(client, ns, two):
    first, second = two
    login(client, ns.leader)
    response = client.post(
        reverse("leads:grant", args=[ns.inspection.pk]),
        {"username": "deputy", "lead": first.pk, "reason": "协助核实"},
    )
    assert response["Location"] == reverse("leads:detail", args=[first.pk])
    assert list(visible_leads(ns.deputy)) == [first]
    login(client, ns.deputy)
    body = client.get(reverse("leads:home", args=[ns.inspection.pk])).content.decode()
    assert SECRET_TEXT in body and "另一条线索内容" not in body
    assert client.get(reverse("leads:detail", args=[second.pk])).status_code == 404
    assert selectors.lead_counts(ns.deputy, [ns.inspection.pk]) == {ns.inspection.pk: 1}
    assert not may_see_all_leads(ns.deputy, ns.inspection)
    assert not selectors.leads_for_report(ns.deputy, ns.inspection).exists()


def test_inspection_grant_shows_every_lead_and_the_report(client, ns, two):
    login(client, ns.personas.head_a)
    response = client.post(
        reverse("leads:grant", args=[ns.inspection.pk]),
        {"username": "viewer_a", "reason": "领导小组审阅问题线索报告"},
    )
    assert response["Location"] == reverse("leads:grants", args=[ns.inspection.pk])
    viewer = ns.personas.viewer_a
    assert set(visible_leads(viewer)) == set(two)
    assert may_see_all_leads(viewer, ns.inspection)
    assert selectors.leads_for_report(viewer, ns.inspection).count() == 2
    event = events(EventType.LEAD_GRANTED)[-1]
    assert event.reason == "领导小组审阅问题线索报告" and event.actor_role == "office_head"


def test_expired_grant_shows_nothing(ns, two):
    grant = services_access.grant_lead_access(
        ns.inspection, ns.deputy, actor=ns.leader, reason="协助核实"
    )
    assert visible_leads(ns.deputy).count() == 2
    LeadGrant.objects.filter(pk=grant.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    assert visible_leads(ns.deputy).count() == 0
    assert selectors.lead_counts(ns.deputy, [ns.inspection.pk]) == {ns.inspection.pk: 0}


def test_revocation_takes_effect_at_once(client, ns, two):
    grant = services_access.grant_lead_access(
        ns.inspection, ns.deputy, actor=ns.leader, reason="协助核实", lead=two[0]
    )
    login(client, ns.deputy)
    url = reverse("leads:detail", args=[two[0].pk])
    assert client.get(url).status_code == 200
    login(client, ns.leader)
    before = counts()
    client.post(reverse("leads:revoke", args=[grant.pk]), {"reason": ""})
    assert counts() == before  # a revocation needs a reason
    client.post(reverse("leads:revoke", args=[grant.pk]), {"reason": "核实结束"})
    login(client, ns.deputy)
    assert client.get(url).status_code == 404
    assert client.get(f"/api/leads/{two[0].pk}").status_code == 404
    with pytest.raises(ValidationError):
        services_access.revoke_lead_access(grant, actor=ns.leader, reason="again")


@pytest.mark.parametrize(
    "user_name, message_field",
    [
        ("leader", "user"),  # oneself
        ("head_a", "user"),  # a keeper already sees everything
    ],
)
def test_pointless_grants_are_refused(ns, two, user_name, message_field):
    user = getattr(ns, user_name, None) or getattr(ns.personas, user_name)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services_access.grant_lead_access(ns.inspection, user, actor=ns.leader, reason="x")
    assert message_field in exc.value.error_dict
    assert counts() == before


def test_grant_checks(ns, two):
    before = counts()
    disabled = make_user("gone", unit=ns.tree.county_a1)
    disabled.is_active = False
    disabled.save()
    before = counts()
    for kwargs in (
        {"user": disabled, "reason": "x"},
        {"user": ns.deputy, "reason": ""},
        {"user": ns.deputy, "reason": "x", "expires_on": timezone.localdate() - timedelta(1)},
        {"user": ns.deputy, "reason": "x", "lead": register(ns.inspection_b, actor=ns.leader_b)},
    ):
        user = kwargs.pop("user")
        with pytest.raises(ValidationError):
            services_access.grant_lead_access(ns.inspection, user, actor=ns.leader, **kwargs)
    before = counts()
    services_access.grant_lead_access(ns.inspection, ns.deputy, actor=ns.leader, reason="x")
    with pytest.raises(ValidationError):  # the same grant twice
        services_access.grant_lead_access(
            ns.inspection, ns.deputy, actor=ns.leader, reason="x", lead=two[0]
        )
    assert counts()["LeadGrant"] == before["LeadGrant"] + 1


def test_only_keepers_grant(client, ns, two):
    for user in (ns.deputy, ns.member, ns.personas.office_a, ns.personas.viewer_a):
        login(client, user)
        before = counts()
        with pytest.raises(PermissionDenied):
            services_access.grant_lead_access(ns.inspection, ns.member, actor=user, reason="x")
        response = client.post(
            reverse("leads:grant", args=[ns.inspection.pk]),
            {"username": "member_a1", "reason": "x"},
        )
        assert response.status_code == 403
        assert counts() == before


def test_unknown_account_reads_like_one_out_of_reach(client, ns, two):
    """The leader grants within the team (no user.view of their own)."""
    login(client, ns.leader)
    before = counts()
    for name in ("nobody", "outsider"):
        response = client.post(
            reverse("leads:grant", args=[ns.inspection.pk]), {"username": name, "reason": "x"}
        )
        assert response.status_code == 200 and response.context["form"].errors["username"]
    assert counts() == before


def test_grants_page_lists_current_and_past(client, ns, two):
    grant = services_access.grant_lead_access(
        ns.inspection, ns.deputy, actor=ns.leader, reason="协助核实", lead=two[0]
    )
    services_access.revoke_lead_access(grant, actor=ns.leader, reason="结束")
    login(client, ns.leader)
    body = client.get(reverse("leads:grants", args=[ns.inspection.pk])).content.decode()
    assert "协助核实" in body and "孙副组长" in body


def test_a_grantees_export_holds_their_lead_only(client, ns, two):
    from io import BytesIO

    from openpyxl import load_workbook

    services_access.grant_lead_access(
        ns.inspection, ns.deputy, actor=ns.leader, reason="协助核实", lead=two[0]
    )
    login(client, ns.deputy)
    response = client.get(reverse("leads:export", args=[ns.inspection.pk]))
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)
    assert len(rows) == 2 and rows[1][4] == SECRET_TEXT
    assert events(EventType.LEAD_EXPORTED)[-1].changes["ids"] == [two[0].pk]
