"""Editing a report: every save a version, a diff between any two, locks while heard."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import login
from tests.reports.helpers import finding
from xuncha.audit.models import AuditEvent, EventType
from xuncha.reports import services
from xuncha.reports.diffing import diff_sections, ops_html, text_ops
from xuncha.reports.models import ReportVersion


@pytest.fixture
def report(ns):
    ns.f1 = finding(ns.a, 1, "落实乡村振兴决策部署不到位", drafter=ns.member, area=ns.areas[0])
    return services.create_report(
        kind="inspection", round=ns.round, inspection=ns.a, actor=ns.member
    )


def test_each_save_is_a_new_version(ns, report):
    key = f"finding-{ns.f1.pk}"
    v2 = services.save_version(
        report, actor=ns.member, texts={"assessment": "总体较好。"}, note="写总体评价", base=1
    )
    v3 = services.save_version(
        report,
        actor=ns.personas.office_a,
        texts={key: "2025年，该局未按要求推进乡村振兴项目。"},
        base=2,
    )
    assert (v2.number, v3.number) == (2, 3)
    assert v2.note == "写总体评价"
    assert v3.note == "修改：1.落实乡村振兴决策部署不到位"  # named when no note is given
    texts = {s["key"]: s["text"] for s in v3.sections}
    assert texts["assessment"] == "总体较好。"
    event = AuditEvent.objects.filter(event_type=EventType.REPORT_SAVED).order_by("seq").last()
    assert event.changes == {"version": 3, "sections": 1}
    assert "乡村振兴" not in str(event.changes)


def test_bad_saves_change_nothing(ns, report):
    services.save_version(report, actor=ns.member, texts={"assessment": "甲"})
    before = (ReportVersion.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:  # someone saved version 2 meanwhile
        services.save_version(report, actor=ns.member, texts={"assessment": "乙"}, base=1)
    assert exc.value.code == "stale"
    with pytest.raises(ValidationError):
        services.save_version(report, actor=ns.member, texts={"nonexistent": "乙"})
    with pytest.raises(ValidationError):
        services.save_version(report, actor=ns.member, texts={"assessment": "甲"})
    with pytest.raises(ValidationError):
        services.save_version(report, actor=ns.member, texts={"assessment": "长" * 30_001})
    for refused in (ns.personas.viewer_a, ns.member_b, ns.personas.outsider):
        with pytest.raises(PermissionDenied):
            services.save_version(report, actor=refused, texts={"assessment": "乙"})
    assert (ReportVersion.objects.count(), AuditEvent.objects.count()) == before


def test_diff_between_any_two_versions(ns, report):
    key = f"finding-{ns.f1.pk}"
    original = services.latest_version(report).sections
    services.save_version(report, actor=ns.member, texts={"assessment": "总体较好。"})
    services.save_version(report, actor=ns.member, texts={key: "该局未按要求推进项目。"})
    v3 = services.latest_version(report).sections
    rows = {r["key"]: r for r in diff_sections(original, v3)}
    assert rows["assessment"]["status"] == "changed"
    assert rows["assessment"]["ops"] == [("insert", "总体较好。")]
    assert rows["preamble"]["status"] == "same"
    assert rows[key]["status"] == "changed"
    ops = rows[key]["ops"]
    assert "".join(t for op, t in ops if op != "delete") == "该局未按要求推进项目。"
    assert (
        "".join(t for op, t in ops if op != "insert")
        == dict((s["key"], s["text"]) for s in original)[key]
    )
    assert text_ops("巡察发现问题", "巡察组发现问题") == [
        ("equal", "巡察"),
        ("insert", "组"),
        ("equal", "发现问题"),
    ]
    html = ops_html([("equal", "<b>"), ("delete", "甲"), ("insert", "乙\n丙")])
    assert html == ('&lt;b&gt;<del class="diff-del">甲</del><ins class="diff-ins">乙<br>丙</ins>')


def test_diff_page_and_api(ns, report, client):
    services.save_version(report, actor=ns.member, texts={"assessment": "总体较好。"})
    login(client, ns.personas.viewer_a)  # the leading group reads
    page = client.get(reverse("reports:diff", args=[report.pk]), {"a": 1, "b": 2})
    body = page.content.decode()
    assert page.status_code == 200
    assert '<ins class="diff-ins">总体较好。</ins>' in body
    assert "style=" not in body
    assert (
        client.get(reverse("reports:diff", args=[report.pk]), {"a": 1, "b": 9}).status_code == 404
    )
    api = client.get(f"/api/reports/{report.pk}/diff", {"a": 1, "b": 2}).json()
    changed = [s for s in api["sections"] if s["status"] != "same"]
    assert changed == [
        {
            "key": "assessment",
            "heading": "",
            "old_heading": "",
            "status": "changed",
            "ops": [["insert", "总体较好。"]],
        }
    ]
    versions = client.get(reverse("reports:versions", args=[report.pk]))
    assert versions.status_code == 200 and "按问题底稿汇编生成" in versions.content.decode()


def test_edit_page_saves_a_version_and_keeps_input_on_error(ns, report, client):
    login(client, ns.member)
    url = reverse("reports:edit", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200
    sections = services.latest_version(report).sections
    data = {f"s_{s['key']}": s["text"] for s in sections}
    data.update({"base": 1, "note": "", "s_assessment": "该局党组能够履行管党治党责任。"})
    response = client.post(url, data)
    assert response.status_code == 302
    assert services.latest_version(report).number == 2
    # Posting over version 1 again: refused, the text typed is still there.
    data["s_assessment"] = "另一种写法"
    again = client.post(url, data)
    assert again.status_code == 200 and "另一种写法" in again.content.decode()
    assert services.latest_version(report).number == 2
    # Readers who may not draft get 403 on the edit page.
    login(client, ns.personas.viewer_a)
    assert client.get(url).status_code == 403


def test_locked_while_heard(ns, report, client):
    services.save_version(report, actor=ns.member, texts={"assessment": "总体较好。"})
    services.submit(report, actor=ns.member)
    login(client, ns.member)
    url = reverse("reports:edit", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200 and "report-warning" in page.content.decode()
    sections = services.latest_version(report).sections
    data = {f"s_{s['key']}": s["text"] + "改" for s in sections}
    data["base"] = 2
    client.post(url, data)
    client.post(reverse("reports:reassemble", args=[report.pk]))
    assert services.latest_version(report).number == 2
