"""Immediate fixes: the letter, sending it once the paper is confirmed, the liaison who sees
only what was sent to their own unit (never the facts or basis), the reply with files, the
team accepting it, and overdue letters."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_unit, make_user
from tests.findings.conftest import draft, state
from xuncha.accounts.roles import Role
from xuncha.findings import access, services_fix, services_review
from xuncha.findings.models import ImmediateFix

SECRET_FACTS = "站长钱某将补贴资金转入亲属账户"
SECRET_BASIS = "违反《中国共产党纪律处分条例》第一百零二条"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _confirmed_fix(ns, *, send=True):
    finding = draft(
        ns,
        disposition="immediate_fix",
        facts=SECRET_FACTS,
        basis=SECRET_BASIS,
        title="补贴发放台账不规范",
    )
    services_review.submit(finding, actor=ns.member)
    services_review.approve(finding, actor=ns.deputy)
    services_review.confirm(finding, actor=ns.leader)
    fix, created = services_fix.save_fix(
        finding, actor=ns.member, requirement="立即规范补贴台账，公示发放名单"
    )
    assert created
    if send:
        services_fix.send_fix(fix, actor=ns.leader)
    fix.refresh_from_db()
    return finding, fix


def test_due_date_defaults_to_the_jurisdictions_setting(ns):
    finding = draft(ns, disposition="immediate_fix")
    fix, _created = services_fix.save_fix(finding, actor=ns.member, requirement="立即整改")
    assert fix.due_on == timezone.localdate() + timedelta(days=10)
    assert fix.status == "draft"


def test_only_immediate_fix_findings_have_a_letter(ns):
    finding = draft(ns)
    before = state()
    with pytest.raises(ValidationError) as exc:
        services_fix.save_fix(finding, actor=ns.member, requirement="整改")
    assert exc.value.code == "not_immediate"
    assert state() == before


def test_the_letter_goes_out_after_confirmation_by_the_leading_seats(ns):
    finding = draft(ns, disposition="immediate_fix")
    fix, _ = services_fix.save_fix(finding, actor=ns.member, requirement="立即整改")
    before = state()
    with pytest.raises(ValidationError) as exc:
        services_fix.send_fix(fix, actor=ns.leader)
    assert exc.value.code == "unconfirmed"
    assert state() == before
    finding, fix = _confirmed_fix(ns, send=False)
    before = state()
    with pytest.raises(PermissionDenied):
        services_fix.send_fix(fix, actor=ns.member)
    assert state() == before
    services_fix.send_fix(fix, actor=ns.deputy)
    fix.refresh_from_db()
    assert fix.status == "sent" and fix.sent_by == ns.deputy
    with pytest.raises(ValidationError):
        services_fix.save_fix(finding, actor=ns.member, requirement="改")
    # The letter handed over keeps the disposition (after reopening the paper).
    services_review.reopen(finding, actor=ns.leader, comment="补充证据")
    from xuncha.findings import services

    with pytest.raises(ValidationError) as exc:
        services.update_finding(finding, actor=ns.member, disposition="feedback")
    assert "disposition" in exc.value.error_dict


def test_liaison_sees_only_the_letters_sent_to_the_unit(ns, as_user):
    draft_finding = draft(ns, disposition="immediate_fix", title="尚未交办的问题")
    services_fix.save_fix(draft_finding, actor=ns.member, requirement="未发送")
    finding, fix = _confirmed_fix(ns)
    liaison = ns.personas.liaison_a1
    client = as_user(liaison)
    listing = client.get(reverse("findings:liaison_fixes")).content.decode()
    assert "补贴发放台账不规范" in listing and "尚未交办的问题" not in listing
    page = client.get(reverse("findings:liaison_fix", args=[fix.pk])).content.decode()
    assert "立即规范补贴台账" in page and fix.due_on.isoformat() in page
    assert SECRET_FACTS not in page and SECRET_BASIS not in page
    # The liaison never reaches the working paper itself.
    for url in (
        reverse("findings:detail", args=[finding.pk]),
        reverse("findings:paper_file", args=[finding.pk]),
        reverse("findings:home", args=[ns.inspection.pk]),
    ):
        assert client.get(url).status_code == 404
    api = client.get("/api/findings/liaison/immediate-fixes").json()
    assert [row["title"] for row in api] == ["补贴发放台账不规范"]
    assert SECRET_FACTS not in str(api) and SECRET_BASIS not in str(api)
    # The letter itself carries the title and the requirement, not the facts.
    letter = client.get(reverse("findings:liaison_letter", args=[fix.pk]))
    assert letter.status_code == 200
    from io import BytesIO

    from docx import Document

    text = "\n".join(p.text for p in Document(BytesIO(letter.content)).paragraphs)
    assert "立行立改问题交办函" in text and "立即规范补贴台账" in text
    assert SECRET_FACTS not in text


def test_a_liaison_of_another_unit_gets_404(ns, as_user):
    _finding, fix = _confirmed_fix(ns)
    other_unit = make_unit("甲一县财政局", parent=ns.tree.county_a1, code="A1102")
    other = make_user(
        "liaison_other", unit=other_unit, roles=[(Role.UNIT_LIAISON, other_unit, False)]
    )
    client = as_user(other)
    assert client.get(reverse("findings:liaison_fix", args=[fix.pk])).status_code == 404
    assert client.get(reverse("findings:liaison_letter", args=[fix.pk])).status_code == 404
    before = state()
    response = client.post(reverse("findings:liaison_fix", args=[fix.pk]), {"reply": "已整改"})
    assert response.status_code == 404
    response = client.post(
        f"/api/findings/liaison/immediate-fixes/{fix.pk}/reply",
        {"reply": "已整改"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert state() == before
    assert (
        "补贴发放台账不规范" not in client.get(reverse("findings:liaison_fixes")).content.decode()
    )


def test_reply_with_files_and_acceptance(ns, as_user):
    finding, fix = _confirmed_fix(ns)
    liaison = ns.personas.liaison_a1
    client = as_user(liaison)
    response = client.post(
        reverse("findings:liaison_fix", args=[fix.pk]), {"reply": "已公示发放名单并规范台账"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("findings:liaison_file_add", args=[fix.pk]),
        {"file": SimpleUploadedFile("公示照片.pdf", PDF)},
    )
    assert response.status_code == 302
    fix.refresh_from_db()
    assert fix.status == "replied" and fix.replied_by == liaison
    attachment = fix.reply_files.get()
    download = client.get(reverse("findings:liaison_file", args=[attachment.pk]))
    assert download.status_code == 200
    # The team sees the reply and its file on the paper.
    page = as_user(ns.leader).get(reverse("findings:detail", args=[finding.pk])).content.decode()
    assert "已公示发放名单" in page and "公示照片.pdf" in page
    # A member does not accept; the leader does, and then the reply is closed.
    before = state()
    with pytest.raises(PermissionDenied):
        services_fix.accept_fix(fix, actor=ns.member)
    assert state() == before
    as_user(ns.leader).post(reverse("findings:fix_accept", args=[finding.pk]))
    fix.refresh_from_db()
    assert fix.status == "accepted"
    before = state()
    with pytest.raises(ValidationError):
        services_fix.reply_fix(fix, actor=liaison, reply="再补充")
    assert state() == before
    # The team never replies for the unit.
    with pytest.raises(PermissionDenied):
        services_fix.reply_fix(fix, actor=ns.leader, reply="代为回复")


def test_overdue_letters_are_red(ns, as_user):
    _finding, fix = _confirmed_fix(ns)
    ImmediateFix.objects.filter(pk=fix.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    fix.refresh_from_db()
    assert access.is_overdue(fix)
    page = as_user(ns.leader).get(reverse("findings:fixes", args=[ns.inspection.pk]))
    assert 'class="overdue"' in page.content.decode()
    liaison_page = as_user(ns.personas.liaison_a1).get(reverse("findings:liaison_fixes"))
    assert 'class="overdue"' in liaison_page.content.decode()
    services_fix.reply_fix(fix, actor=ns.personas.liaison_a1, reply="已整改")
    fix.refresh_from_db()
    assert not access.is_overdue(fix)
