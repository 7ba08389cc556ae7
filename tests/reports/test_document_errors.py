"""A report file that cannot be made — an office template failing on real data, a template
crawling on it, PDF this server cannot make — answers 422 with the reason: nothing is stored
and nothing is audited."""

import sys

import pytest
from django.urls import reverse

from tests.documents.helpers import edited_shipped
from tests.factories import login
from tests.reports.helpers import finding
from xuncha.audit.models import AuditEvent
from xuncha.documents import sandbox
from xuncha.documents.models import GeneratedDocument
from xuncha.documents.services import upload_template
from xuncha.reports import services
from xuncha.reports.export import pdf_available

NAME = "report_inspection.docx"
# Fine on the sample ("关于对区农委党组巡察情况的报告"), refused on the real title.
FAILS_ON_REAL_DATA = "{{ title }}{% if '农业农村局' in title %}{{ subtitle }}{% endif %}"
# One level-3 heading in the sample, three in the real report: only then it crawls.
CRAWLS_ON_REAL_DATA = (
    "{{ title }}{% if sections|selectattr('level', 'eq', 3)|list|length != 1 %}"
    "{% for i in range(10000) %}{% set n = range(10000)|list|sort|length %}{% endfor %}"
    "{% endif %}"
)


@pytest.fixture
def report(ns):
    finding(ns.a, 1, "落实乡村振兴决策部署不到位", drafter=ns.member, area=ns.areas[0])
    finding(ns.a, 2, "违规发放津补贴", drafter=ns.member, area=ns.areas[1])
    finding(ns.a, 3, "财务报销审核把关不严", drafter=ns.member)
    return services.create_report(
        kind="inspection", round=ns.round, inspection=ns.a, actor=ns.member
    )


def _office_version(ns, replacement: str):
    data = edited_shipped(NAME, "{{ title }}", replacement)
    return upload_template(ns.round.jurisdiction, NAME, data, actor=ns.personas.office_a)


def _state() -> tuple:
    return (
        GeneratedDocument.objects.count(),
        AuditEvent.objects.exclude(event_type__startswith="auth.").count(),
    )


def test_a_template_failing_on_real_data_answers_422_with_the_reason(ns, report, client):
    _office_version(ns, FAILS_ON_REAL_DATA)
    login(client, ns.member)
    before = _state()
    response = client.get(reverse("reports:download", args=[report.pk, "docx"]))
    assert response.status_code == 422
    assert response.context["errors"] and "subtitle" in response.context["errors"][0]
    assert "subtitle" in response.content.decode()
    assert _state() == before


def test_the_api_answers_422_with_the_reason(ns, report, client):
    _office_version(ns, FAILS_ON_REAL_DATA)
    login(client, ns.member)
    before = _state()
    response = client.post(
        f"/api/reports/{report.pk}/document", {"format": "docx"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "subtitle" in str(response.json())
    assert _state() == before


def test_a_template_crawling_on_real_data_is_stopped_by_the_clock(ns, report, client, monkeypatch):
    _office_version(ns, CRAWLS_ON_REAL_DATA)  # its trial on the sample data passes
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.3)
    login(client, ns.member)
    before = _state()
    response = client.get(reverse("reports:download", args=[report.pk, "docx"]))
    assert response.status_code == 422
    assert "0.3" in response.context["errors"][0]
    assert _state() == before


@pytest.fixture
def no_weasyprint(monkeypatch):
    """WeasyPrint cannot be loaded (as without Pango)."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    pdf_available.cache_clear()
    yield
    pdf_available.cache_clear()


def test_without_weasyprint_pdf_is_not_offered_and_answers_422(ns, report, client, no_weasyprint):
    assert pdf_available() is False
    login(client, ns.member)
    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert page.context["formats"] == ["docx"]
    before = _state()
    response = client.get(reverse("reports:download", args=[report.pk, "pdf"]))
    assert response.status_code == 422 and "WeasyPrint" in response.context["errors"][0]
    api = client.post(
        f"/api/reports/{report.pk}/document", {"format": "pdf"}, content_type="application/json"
    )
    assert api.status_code == 422
    assert _state() == before
    # Word still works.
    assert client.get(reverse("reports:download", args=[report.pk, "docx"])).status_code == 200
