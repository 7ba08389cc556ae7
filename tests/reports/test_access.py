"""Who reads which report, through every path: the inspection report is the inspection's
stationing material; the leads report does not exist for anyone who may not see every lead
(lists, counts, API, download); round reports are the office's and, for a team's special-topic
report, that team's."""

import pytest
from django.urls import reverse

from tests.factories import login
from tests.reports.helpers import finding, lead
from xuncha.audit.models import AuditEvent, EventType
from xuncha.documents.models import GeneratedDocument
from xuncha.fieldwork import services as fieldwork_services
from xuncha.leads.models import LeadGrant
from xuncha.reports import services
from xuncha.reports.access import visible_reports


@pytest.fixture
def reports(ns):
    finding(
        ns.a, 1, "落实乡村振兴决策部署不到位", drafter=ns.member, area=ns.areas[0], scope="common"
    )
    ns.lead = lead(ns.a, 1, registered_by=ns.member, subjects=(("钱某某", "副局长"),))
    ns.inspection_report = services.create_report(
        kind="inspection", round=ns.round, inspection=ns.a, actor=ns.member
    )
    ns.leads_report = services.create_report(
        kind="leads", round=ns.round, inspection=ns.a, actor=ns.leader_a
    )
    ns.special = services.create_report(
        kind="special_topic", round=ns.round, team=ns.people.team_a1, actor=ns.member
    )
    ns.summary = services.create_report(kind="summary", round=ns.round, actor=ns.personas.office_a)
    ns.report_b = services.create_report(
        kind="inspection", round=ns.plans.round_b, inspection=ns.b, actor=ns.personas.outsider
    )
    return ns


def _ids(user):
    return set(visible_reports(user).values_list("pk", flat=True))


def test_who_reads_which_report(reports):
    ns = reports
    i, leads, special, summary = (
        ns.inspection_report.pk,
        ns.leads_report.pk,
        ns.special.pk,
        ns.summary.pk,
    )
    assert _ids(ns.personas.office_a) == {i, special, summary}
    assert _ids(ns.personas.viewer_a) == {i, special, summary}
    assert _ids(ns.personas.head_a) == {i, leads, special, summary}
    assert _ids(ns.leader_a) == {i, leads, special}
    assert _ids(ns.member) == {i, special}
    assert _ids(ns.personas.outsider) == {ns.report_b.pk}
    assert _ids(ns.member_b) == {ns.report_b.pk}  # team B's leader: their own only
    for nobody in (
        ns.personas.norole,
        ns.personas.liaison_a1,
        ns.personas.sysadmin_a,
        ns.personas.auditor_a,
    ):
        assert _ids(nobody) == set()


def test_grants(reports, tree):
    ns = reports
    from tests.factories import make_user

    guest = make_user("guest", unit=tree.county_a1)
    fieldwork_services.grant_access(ns.a, guest, actor=ns.personas.office_a, reason="协助")
    assert _ids(guest) == {ns.inspection_report.pk}
    # A grant of one lead is not enough for the leads report; an inspection-wide one is.
    LeadGrant.objects.create(
        inspection=ns.a,
        lead=ns.lead,
        user=ns.personas.viewer_a,
        reason="审批移交",
        granted_by=ns.personas.head_a,
    )
    assert ns.leads_report.pk not in _ids(ns.personas.viewer_a)
    LeadGrant.objects.create(
        inspection=ns.a, user=ns.personas.viewer_a, reason="听取报告", granted_by=ns.personas.head_a
    )
    assert ns.leads_report.pk in _ids(ns.personas.viewer_a)


@pytest.mark.parametrize("persona", ["office_a", "viewer_a", "member"])
def test_leads_report_does_not_exist_for_others(reports, client, persona):
    ns = reports
    user = ns.member if persona == "member" else getattr(ns.personas, persona)
    login(client, user)
    before = (
        AuditEvent.objects.filter(event_type__startswith="lead.").count(),
        GeneratedDocument.objects.count(),
    )
    pk = ns.leads_report.pk
    page = client.get(reverse("reports:home", args=[ns.a.pk])).content.decode()
    assert "问题线索的报告" not in page and f"/reports/{pk}/" not in page
    for name in ("detail", "versions", "diff", "edit"):
        assert client.get(reverse(f"reports:{name}", args=[pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[pk, "docx"])).status_code == 404
    assert client.post(reverse("reports:submit", args=[pk])).status_code == 404
    listed = client.get("/api/reports/", {"inspection_id": ns.a.pk}).json()
    assert pk not in [r["id"] for r in listed["items"]]
    assert listed["count"] == 1
    assert client.get(f"/api/reports/{pk}").status_code == 404
    assert (
        client.post(
            f"/api/reports/{pk}/document", {"format": "docx"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(f"/api/reports/{pk}/versions").status_code == 404
    step = ns.leads_report.steps.first()
    assert step is None  # not submitted: nothing to record either way
    assert (
        AuditEvent.objects.filter(event_type__startswith="lead.").count(),
        GeneratedDocument.objects.count(),
    ) == before


def test_leads_report_for_those_who_may(reports, client):
    ns = reports
    for user in (ns.leader_a, ns.personas.head_a):
        login(client, user)
        page = client.get(reverse("reports:home", args=[ns.a.pk])).content.decode()
        assert "发现问题线索的报告" in page
        detail = client.get(reverse("reports:detail", args=[ns.leads_report.pk]))
        assert "钱某某（副局长）" in detail.content.decode()
    listed = AuditEvent.objects.filter(event_type=EventType.LEAD_LISTED).order_by("seq")
    assert listed.count() == 2 and listed.last().changes["leads"] == [ns.lead.pk]


def test_team_b_cannot_reach_team_a(reports, client):
    ns = reports
    from xuncha.staffing.models import TeamMember

    # 赵外人 leads team B in its round; he reaches nothing of team A's inspection.
    assert TeamMember.objects.filter(cadre__user=ns.member_b).exists()
    login(client, ns.member_b)
    for report in (ns.inspection_report, ns.special, ns.summary, ns.leads_report):
        assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:home", args=[ns.a.pk])).status_code == 404
    assert client.get(reverse("reports:round", args=[ns.round.pk])).status_code == 404
    assert client.get(reverse("reports:detail", args=[ns.report_b.pk])).status_code == 200


def test_round_page_shows_what_each_may_see(reports, client):
    ns = reports
    login(client, ns.member)
    page = client.get(reverse("reports:round", args=[ns.round.pk])).content.decode()
    assert ns.special.title in page and ns.summary.title not in page
    assert "甲一县财政局" not in page  # team 2's target is not the member's business
    assert client.get(reverse("reports:detail", args=[ns.summary.pk])).status_code == 404
    login(client, ns.personas.office_a)
    page = client.get(reverse("reports:round", args=[ns.round.pk])).content.decode()
    assert ns.special.title in page and ns.summary.title in page
    assert "线索" not in page


def test_every_view_is_audited(reports, client):
    ns = reports
    login(client, ns.personas.viewer_a)
    before = AuditEvent.objects.filter(event_type=EventType.REPORT_VIEWED).count()
    pk = ns.inspection_report.pk
    client.get(reverse("reports:detail", args=[pk]))
    client.get(reverse("reports:versions", args=[pk]))
    client.get(f"/api/reports/{pk}")
    events = AuditEvent.objects.filter(event_type=EventType.REPORT_VIEWED).order_by("seq")
    assert events.count() == before + 3
    assert events.last().actor_role == "leading_group"
    assert events.last().unit_id == ns.a.target_id
