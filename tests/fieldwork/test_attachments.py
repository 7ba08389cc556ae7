"""Files of stationing records: content-checked on upload, served only through the inspection's
choke point, every download audited, refusals change nothing."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import make_people, make_plans, make_user
from tests.matrix.duties import staff_rounds
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork import attachments
from xuncha.fieldwork.models import Attachment, Meeting, MeetingKind
from xuncha.people.models import Cadre


def _state():
    """Attachments and audit events other than signing in."""
    return (Attachment.objects.count(),
            AuditEvent.objects.exclude(event_type__startswith="auth.").count())


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    plans = make_plans(tree, people)
    ns = SimpleNamespace(tree=tree, personas=personas, people=people, plans=plans)
    staff_rounds(ns)
    ns.meeting = Meeting.objects.create(
        inspection=plans.inspection_a1, kind=MeetingKind.SYMPOSIUM, title="中层干部座谈会",
        held_on=plans.round_a1.starts_on,
    )
    ns.meeting_b = Meeting.objects.create(
        inspection=plans.inspection_b, kind=MeetingKind.SYMPOSIUM, title="乙县座谈会",
        held_on=plans.round_b.starts_on,
    )
    return ns


@pytest.mark.parametrize("data,name,code", [
    (b"", "a.pdf", "empty"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00binary", "invoice.pdf", "type"),
    (PDF, "photo.jpg", "mismatch"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "scan.pdf", "mismatch"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "scan.png", None),
    ("会议记录".encode("gb18030"), "notes.txt", None),
])
def test_content_decides_the_type(data, name, code):
    if code is None:
        assert attachments.check_upload(name, data)
    else:
        with pytest.raises(ValidationError) as err:
            attachments.check_upload(name, data)
        assert err.value.code == code


def test_zip_bomb_and_fake_office_file_refused(monkeypatch):
    import io
    import zipfile

    monkeypatch.setattr(attachments, "MAX_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"0" * (21 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(ValidationError):
        attachments.check_upload("bomb.docx", buffer.getvalue())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("evil.sh", "rm -rf /")
    with pytest.raises(ValidationError):
        attachments.check_upload("plan.docx", buffer.getvalue())


def test_member_attaches_and_office_downloads(ns, as_user):
    member = as_user(ns.personas.member_a1)
    url = reverse("fieldwork:attach", args=["meeting", ns.meeting.pk])
    response = member.post(url, {"file": SimpleUploadedFile("座谈记录.pdf", PDF), "next": "/x/"})
    assert response.status_code == 302
    stored = Attachment.objects.get()
    assert stored.name == "座谈记录.pdf" and stored.mime == "application/pdf"
    assert "座谈记录" not in stored.file.name  # random name on disk
    office = as_user(ns.personas.office_a)
    before = AuditEvent.objects.filter(event_type=EventType.ATTACHMENT_DOWNLOADED).count()
    response = office.get(reverse("fieldwork:attachment", args=[stored.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(
        event_type=EventType.ATTACHMENT_DOWNLOADED).count() == before + 1


def test_outsiders_and_readers_cannot_attach(ns, as_user):
    before = _state()
    url = reverse("fieldwork:attach", args=["meeting", ns.meeting.pk])
    for persona, status in (("outsider", 404), ("norole", 404), ("viewer_a", 403)):
        response = as_user(getattr(ns.personas, persona)).post(
            url, {"file": SimpleUploadedFile("a.pdf", PDF)}
        )
        assert response.status_code == status, persona
    # An unknown record type, and team A's member on team B's meeting: alike 404.
    member = as_user(ns.personas.member_a1)
    assert member.post(reverse("fieldwork:attach", args=["user", 1]),
                       {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 404
    assert member.post(reverse("fieldwork:attach", args=["meeting", ns.meeting_b.pk]),
                       {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 404
    assert _state() == before


def test_bad_file_changes_nothing(ns, as_user):
    before = _state()
    response = as_user(ns.personas.member_a1).post(
        reverse("fieldwork:attach", args=["meeting", ns.meeting.pk]),
        {"file": SimpleUploadedFile("run.pdf", b"MZ\x90\x00binary\x00")},
    )
    assert response.status_code == 302
    assert _state() == before


def test_remove_and_download_scope(ns, as_user):
    found = attachments.add_attachment(ns.meeting, "a.pdf", PDF, actor=ns.personas.office_a)
    other = attachments.add_attachment(ns.meeting_b, "b.pdf", PDF, actor=ns.personas.outsider)
    office = as_user(ns.personas.office_a)
    assert office.get(reverse("fieldwork:attachment", args=[other.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        attachments.remove_attachment(found, actor=ns.personas.viewer_a)
    response = office.post(reverse("fieldwork:attachment_remove", args=[found.pk]))
    assert response.status_code == 302 and not Attachment.objects.filter(pk=found.pk).exists()
    assert AuditEvent.objects.filter(event_type=EventType.ATTACHMENT_REMOVED).count() == 1


def test_a_member_removes_only_own_files(ns, as_user):
    leader = make_user("leader_a1", unit=ns.tree.county_a1,
                       roles=[(Role.TEAM_LEADER, ns.tree.county_a1)])
    Cadre.objects.filter(pk=ns.people.in_a1.pk).update(user=leader)
    theirs = attachments.add_attachment(ns.meeting, "组长的记录.pdf", PDF, actor=leader)
    mine = attachments.add_attachment(ns.meeting, "我的记录.pdf", PDF, actor=ns.personas.member_a1)
    before = _state()
    with pytest.raises(PermissionDenied):
        attachments.remove_attachment(theirs, actor=ns.personas.member_a1)
    assert _state() == before
    attachments.remove_attachment(mine, actor=ns.personas.member_a1)
    attachments.remove_attachment(theirs, actor=ns.personas.office_a)
    assert not Attachment.objects.exists()
