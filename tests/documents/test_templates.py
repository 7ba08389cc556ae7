"""An office's own templates: the pages, the checks an upload goes through (a real Word file,
not a zip bomb, no macros or outside links, tried on sample data in the sandbox), activation
and rollback, previews, and the API."""

import base64
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.authz import fingerprint
from tests.documents.helpers import docx_text, edited_shipped, make_template
from xuncha.audit.models import AuditEvent, EventType
from xuncha.documents import services
from xuncha.documents.models import DocumentTemplate, GeneratedDocument
from xuncha.documents.rendering import shipped_path

NAME = "evaluation_letter.docx"
GOOD = ("特此函告。", "特此函告，请予支持。")


def _url(view: str, ns, **extra) -> str:
    return reverse(f"documents:{view}", kwargs={"pk": ns.tree.county_a1.pk, **extra})


def _upload(client, ns, data: bytes, filename: str = "评价函.docx", note: str = "调整结尾"):
    return client.post(
        _url("template_upload", ns, name=NAME),
        {"file": SimpleUploadedFile(filename, data), "note": note},
    )


def _with_entry(name: str, data: bytes, base: bytes | None = None) -> bytes:
    """`base` (the shipped template by default) with one more archive entry."""
    source = zipfile.ZipFile(io.BytesIO(base or shipped_path(NAME).read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, data)
    return out.getvalue()


def _external_link() -> bytes:
    source = zipfile.ZipFile(shipped_path(NAME))
    out = io.BytesIO()
    rel = (
        '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/attachedTemplate" Target="http://evil.example/t.dotm" '
        'TargetMode="External"/></Relationships>'
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.decode().replace("</Relationships>", rel).encode()
            target.writestr(info, data)
    return out.getvalue()


def test_the_office_sees_every_template_and_what_it_receives(ns, as_user):
    client = as_user(ns.personas.office_a)
    offices = client.get(reverse("documents:offices"))
    assert offices.status_code == 200
    body = offices.content.decode()
    assert "甲一县委" in body and "乙一县委" not in body
    listing = client.get(_url("templates", ns)).content.decode()
    for title in ("巡察组组长授权书", "巡察通知", "谈话记录", "巡察工作人员表现情况函"):
        assert title in listing
    page = client.get(_url("template", ns, name=NAME))
    assert page.status_code == 200
    text = page.content.decode()
    assert "巡察工作人员表现情况函" in text and "home_unit" in text and "评定等次" in text
    shipped = client.get(_url("template_file", ns, name=NAME) + "?which=shipped")
    assert shipped.status_code == 200 and shipped.content == shipped_path(NAME).read_bytes()


def test_upload_puts_a_version_in_use_and_rollback_takes_it_out(ns, as_user):
    client = as_user(ns.personas.office_a)
    response = _upload(client, ns, edited_shipped(NAME, *GOOD))
    assert response.status_code == 302
    version = DocumentTemplate.objects.get(unit=ns.tree.county_a1, name=NAME)
    assert version.version == 1 and version.is_active and version.note == "调整结尾"
    event = AuditEvent.objects.get(event_type=EventType.TEMPLATE_UPLOADED)
    assert event.actor == ns.personas.office_a and event.changes["sha256"] == version.sha256
    current = client.get(_url("template_file", ns, name=NAME))
    assert "特此函告，请予支持。" in docx_text(current.content)
    page = client.get(_url("template", ns, name=NAME))
    assert page.context["version"] == version
    # Take it out of use: the standard template again.
    response = client.post(
        reverse("documents:version_deactivate", kwargs={"pk": version.pk}), {"reason": "用回标准"}
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert not version.is_active
    changed = AuditEvent.objects.get(event_type=EventType.TEMPLATE_CHANGED)
    assert changed.changes["is_active"] == [True, False] and changed.reason == "用回标准"
    assert client.get(_url("template", ns, name=NAME)).context["version"] is None
    # Twice is refused, nothing changes.
    before = fingerprint()
    client.post(reverse("documents:version_deactivate", kwargs={"pk": version.pk}))
    assert fingerprint() == before
    client.post(reverse("documents:version_activate", kwargs={"pk": version.pk}))
    version.refresh_from_db()
    assert version.is_active


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"%PDF-1.4\n%%EOF\n", "评价函.docx", "type"),
        (b"just text", "评价函.txt", "type"),
        (shipped_path(NAME).read_bytes(), "评价函.pdf", "type"),
        (make_template("关于{{ cadre }同志"), "评价函.docx", "template_error"),
        (make_template("{{ cadre.__class__.__mro__ }}"), "评价函.docx", "template_unsafe"),
        (make_template("{% include 'pledge.docx' %}"), "评价函.docx", "template_unsafe"),
        (make_template("{{ settings.SECRET_KEY }}"), "评价函.docx", "template_error"),
        (
            make_template("{% for i in range(99999999) %}{% endfor %}"),
            "评价函.docx",
            "template_unsafe",
        ),
        (_with_entry("word/vbaProject.bin", b"\x00" * 64), "评价函.docx", "macros"),
        (_with_entry("word/media/big.bin", b"0" * (60 * 1024 * 1024)), "评价函.docx", "bomb"),
        (_external_link(), "评价函.docx", "external"),
    ],
)
def test_an_upload_that_is_not_a_safe_template_is_refused(ns, data, filename, code):
    before = fingerprint()
    with pytest.raises(ValidationError) as caught:
        services.upload_template(
            ns.tree.county_a1, NAME, data, actor=ns.personas.office_a, filename=filename
        )
    assert caught.value.code == code, caught.value.messages
    assert fingerprint() == before


def test_a_refused_upload_shows_the_form_again_with_the_reason(ns, as_user):
    client = as_user(ns.personas.office_a)
    before = fingerprint()
    response = _upload(client, ns, make_template("组长：{{ cadre.__class__ }}"), note="试一试")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors and "组长：{{ cadre.__class__ }}" in str(form.errors)
    assert form["note"].value() == "试一试"
    assert fingerprint() == before


def test_an_oversized_file_is_refused_before_reading(ns, as_user):
    client = as_user(ns.personas.office_a)
    before = fingerprint()
    response = _upload(client, ns, b"PK" + b"0" * (6 * 1024 * 1024))
    assert response.status_code == 200 and response.context["form"].errors
    assert fingerprint() == before


def test_without_template_manage_nothing_is_reachable_or_changed(ns, as_user):
    version = services.upload_template(
        ns.tree.county_a1, NAME, edited_shipped(NAME, *GOOD), actor=ns.personas.office_a
    )
    for persona in ("viewer_a", "member_a1", "outsider"):
        client = as_user(getattr(ns.personas, persona))
        before = fingerprint()
        for url in (
            _url("templates", ns),
            _url("template", ns, name=NAME),
            _url("template_file", ns, name=NAME),
            reverse("documents:version_file", kwargs={"pk": version.pk}),
            f"/api/documents/offices/{ns.tree.county_a1.pk}/templates",
        ):
            assert client.get(url).status_code == 404, (persona, url)
        assert _upload(client, ns, edited_shipped(NAME, *GOOD)).status_code == 404
        for name in ("version_deactivate", "version_preview"):
            response = client.post(reverse(f"documents:{name}", kwargs={"pk": version.pk}))
            assert response.status_code == 404
        assert fingerprint() == before
    with pytest.raises(Exception) as caught:
        services.set_template_active(version, actor=ns.personas.viewer_a, active=False)
    assert caught.type.__name__ == "PermissionDenied"


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_preview_generates_the_sample_through_generate(ns, as_user, fmt):
    client = as_user(ns.personas.office_a)
    response = client.post(_url("template_preview", ns, name=NAME), {"format": fmt})
    assert response.status_code == 200
    document = GeneratedDocument.objects.get()
    assert document.format == fmt and document.object_type == "orgs.unit"
    assert document.inspection is None and document.unit == ns.tree.county_a1
    assert response["X-Content-SHA256"] == document.sha256
    if fmt == "docx":
        assert "关于王志强同志参加巡察工作表现情况的函" in docx_text(response.content)
    else:
        assert response.content.startswith(b"%PDF")
    # The preview is listed on the template page and reachable to the office only.
    assert document in client.get(_url("template", ns, name=NAME)).context["previews"]
    assert client.get(reverse("documents:document", kwargs={"pk": document.pk})).status_code == 200
    viewer = as_user(ns.personas.viewer_a)
    assert viewer.get(reverse("documents:document", kwargs={"pk": document.pk})).status_code == 404


def test_a_version_is_previewed_before_it_is_used_again(ns, as_user):
    version = services.upload_template(
        ns.tree.county_a1, NAME, edited_shipped(NAME, *GOOD), actor=ns.personas.office_a
    )
    services.set_template_active(version, actor=ns.personas.office_a, active=False)
    response = as_user(ns.personas.office_a).post(
        reverse("documents:version_preview", kwargs={"pk": version.pk}), {"format": "docx"}
    )
    assert "特此函告，请予支持。" in docx_text(response.content)
    document = GeneratedDocument.objects.get()
    assert document.object_type == "documents.documenttemplate"
    assert document.template_version == f"office:{version.pk}v1"


def test_the_api_lists_uploads_and_rolls_back(ns, as_user):
    client = as_user(ns.personas.office_a)
    base = f"/api/documents/offices/{ns.tree.county_a1.pk}/templates"
    listing = client.get(base).json()
    assert {t["name"] for t in listing} >= {NAME, "interview_record.docx"}
    assert next(t for t in listing if t["name"] == NAME)["in_use"] == "standard"
    payload = {
        "content_base64": base64.b64encode(edited_shipped(NAME, *GOOD)).decode(),
        "filename": "评价函.docx",
        "note": "接口上传",
    }
    created = client.post(f"{base}/{NAME}/versions", payload, content_type="application/json")
    assert created.status_code == 201 and created.json()["version"] == 1
    detail = client.get(f"{base}/{NAME}").json()
    assert detail["in_use"] == f"office:{created.json()['id']}v1"
    assert detail["variables"]["grade"] == "评定等次"
    refused = client.post(
        f"{base}/{NAME}/versions",
        {"content_base64": base64.b64encode(make_template("{{ x.__class__ }}")).decode()},
        content_type="application/json",
    )
    assert refused.status_code == 422 and "__class__" in refused.json()["detail"]
    off = client.post(
        f"/api/documents/template-versions/{created.json()['id']}/deactivate",
        {"reason": "回退"},
        content_type="application/json",
    )
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert client.get(f"{base}/{NAME}").json()["in_use"] == "standard"
    again = client.post(
        f"/api/documents/template-versions/{created.json()['id']}/deactivate",
        {},
        content_type="application/json",
    )
    assert again.status_code == 422
