"""Findings files that cannot be made — an office template failing on real data, PDF this
server cannot make — answer 422 with the reason instead of an error 500: nothing is stored,
nothing is audited."""

import sys

import pytest
from django.urls import reverse

from tests.documents.helpers import edited_shipped
from tests.findings.conftest import draft
from tests.findings.test_fix import _confirmed_fix
from xuncha.audit.models import AuditEvent
from xuncha.documents.models import GeneratedDocument
from xuncha.documents.services import upload_template

# Fine on the samples' titles, refused on the real ones (…台账…).
FAILS_ON_REAL_DATA = "{{ title }}{% if '台账' in title %}{{ subtitle }}{% endif %}"


def _office_version(ns, name: str):
    data = edited_shipped(name, "{{ title }}", FAILS_ON_REAL_DATA)
    return upload_template(ns.inspection.round.jurisdiction, name, data, actor=ns.office)


def _state() -> tuple:
    return (
        GeneratedDocument.objects.count(),
        AuditEvent.objects.exclude(event_type__startswith="auth.").count(),
    )


def _refused(client, url: str, reason: str = "subtitle") -> None:
    before = _state()
    response = client.get(url)
    assert response.status_code == 422
    assert reason in response.context["errors"][0]
    assert _state() == before


def test_the_working_paper_with_a_broken_office_template(ns, as_user):
    finding = draft(ns, title="补贴发放台账与名单不一致")
    _office_version(ns, "findings_working_paper.docx")
    _refused(as_user(ns.member), reverse("findings:paper_file", args=[finding.pk]))


def test_the_fix_letters_with_a_broken_office_template(ns, as_user):
    finding, fix = _confirmed_fix(ns)
    _office_version(ns, "findings_immediate_fix.docx")
    _refused(as_user(ns.leader), reverse("findings:fix_letter", args=[finding.pk]))
    liaison = as_user(ns.personas.liaison_a1)
    _refused(liaison, reverse("findings:liaison_letter", args=[fix.pk]))


@pytest.fixture
def no_weasyprint(monkeypatch):
    """WeasyPrint cannot be loaded (as without Pango)."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)


def test_pdf_this_server_cannot_make_answers_422(ns, as_user, no_weasyprint):
    finding = draft(ns)
    client = as_user(ns.member)
    paper = reverse("findings:paper_file", args=[finding.pk])
    _refused(client, f"{paper}?format=pdf", "WeasyPrint")
    listing = reverse("findings:list_file", args=[ns.inspection.pk])
    _refused(client, f"{listing}?format=pdf", "WeasyPrint")
    assert client.get(paper).status_code == 200  # Word still works
