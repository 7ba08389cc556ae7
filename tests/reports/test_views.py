"""The report pages: lists, creating, the detail page's cost, submitting and re-assembling
through the browser."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import login
from tests.reports.helpers import finding
from xuncha.reports import services
from xuncha.reports.models import Report


def test_assemble_edit_and_submit_through_the_pages(ns, client):
    finding(ns.a, 1, "落实乡村振兴决策部署不到位", drafter=ns.member, area=ns.areas[0])
    login(client, ns.member)
    home = client.get(reverse("reports:home", args=[ns.a.pk]))
    body = home.content.decode()
    assert home.status_code == 200 and "style=" not in body
    assert 'value="leads"' not in body  # a member may not assemble the leads report
    response = client.post(reverse("reports:create", args=[ns.a.pk]), {"kind": "inspection"})
    report = Report.objects.get(kind="inspection")
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:detail", args=[report.pk]
    )
    detail = client.get(response["Location"]).content.decode()
    assert "落实乡村振兴决策部署不到位" in detail and "style=" not in detail
    # Submitting without an overall assessment is refused with a message.
    client.post(reverse("reports:submit", args=[report.pk]))
    assert Report.objects.get(pk=report.pk).status == "drafting"
    services.save_version(report, actor=ns.member, texts={"assessment": "总体较好。"})
    finding(ns.a, 2, "违规发放津补贴", drafter=ns.member, area=ns.areas[1])
    client.post(reverse("reports:reassemble", args=[report.pk]))
    assert services.latest_version(report).number == 3
    client.post(reverse("reports:submit", args=[report.pk]))
    assert Report.objects.get(pk=report.pk).status == "in_approval"
    # The leader sees the hearing to record.
    login(client, ns.leader_a)
    detail = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert reverse("reports:step", args=[report.steps.get(status="pending").pk]) in detail
    assert 'value="leads"' in client.get(reverse("reports:home", args=[ns.a.pk])).content.decode()


def test_round_page_creates_round_reports(ns, client):
    login(client, ns.personas.office_a)
    url = reverse("reports:round", args=[ns.round.pk])
    assert client.get(url).status_code == 200
    response = client.post(reverse("reports:create_round", args=[ns.round.pk]), {"kind": "summary"})
    assert response.status_code == 302
    assert Report.objects.filter(kind="summary", round=ns.round).exists()
    # A second summary: refused, said on the page.
    client.post(reverse("reports:create_round", args=[ns.round.pk]), {"kind": "summary"})
    assert Report.objects.filter(kind="summary").count() == 1
    # A member drafts a special-topic report of the team's own targets only.
    login(client, ns.member)
    client.post(
        reverse("reports:create_round", args=[ns.round.pk]),
        {"kind": "special_topic", "team": ns.team2.pk},
    )
    client.post(reverse("reports:create_round", args=[ns.round.pk]), {"kind": "special_topic"})
    assert not Report.objects.filter(kind="special_topic").exists()
    client.post(
        reverse("reports:create_round", args=[ns.round.pk]),
        {"kind": "special_topic", "team": ns.people.team_a1.pk},
    )
    assert Report.objects.get(kind="special_topic").team == ns.people.team_a1


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_detail_page_cost_does_not_grow_with_the_findings(ns, client):
    for n in range(1, 4):
        finding(ns.a, n, f"问题{n}", drafter=ns.member, area=ns.areas[n % 4])
    report = services.create_report(
        kind="inspection", round=ns.round, inspection=ns.a, actor=ns.member
    )
    login(client, ns.personas.office_a)
    url = reverse("reports:detail", args=[report.pk])
    client.get(url)  # the first request of a session loads more than the page
    few = _queries(client, url)
    for n in range(4, 30):
        finding(ns.a, n, f"问题{n}", drafter=ns.member, area=ns.areas[n % 4])
    services.reassemble(report, actor=ns.member)
    assert report.items.count() == 29
    assert _queries(client, url) == few


def test_summary_page_names_leads_only_to_those_who_may_see_them(ns, client):
    from tests.reports.helpers import lead

    finding(ns.a, 1, "落实乡村振兴决策部署不到位", drafter=ns.member, area=ns.areas[0])
    lead(ns.a, 1, registered_by=ns.member)
    report = services.create_report(kind="summary", round=ns.round, actor=ns.personas.office_a)
    url = reverse("reports:detail", args=[report.pk])
    login(client, ns.personas.head_a)
    page = client.get(url).content.decode()
    assert "发现问题线索1件，已另行报告。" in page and "viewer-only" in page
    word = client.get(reverse("reports:download", args=[report.pk, "docx"])).content
    assert word[:2] == b"PK"
    login(client, ns.personas.office_a)
    page = client.get(url).content.decode()
    assert "（一）甲一县农业农村局" in page and "线索" not in page
