"""generate(): which template a document is made from, how it is stored, hashed and audited,
PDF, and that a transaction that rolls back leaves no file behind."""

import hashlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from pypdf import PdfReader

from tests.documents.helpers import docx_text, edited_shipped, make_template
from xuncha.audit.models import AuditEvent, EventType
from xuncha.documents import services
from xuncha.documents.generation import generate
from xuncha.documents.models import DocumentTemplate, GeneratedDocument
from xuncha.documents.registry import registry
from xuncha.documents.rendering import shipped_path

NOTICE = "fieldwork_notice.docx"
TITLE = "关于第一巡察组对甲一县农业农村局开展巡察的通知"


def _generate(ns, *, fmt="docx", inspection=None, context=None, name=NOTICE):
    inspection = inspection or ns.plans.inspection_a1
    return generate(
        name,
        context if context is not None else registry()[name].sample_context(),
        source=inspection,
        filename="巡察通知",
        actor=ns.personas.office_a,
        role="office_staff",
        fmt=fmt,
        inspection=inspection,
    )


def _office_version(unit, actor, data: bytes, *, name=NOTICE, version=1) -> DocumentTemplate:
    """An office version written straight to the table (the upload checks are bypassed, as by
    someone with database access)."""
    row = DocumentTemplate(
        unit=unit,
        name=name,
        version=version,
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    row.file.save("t.docx", ContentFile(data), save=False)
    row.save()
    return row


def _generated_files() -> set[Path]:
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT) / "generated"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_generate_stores_the_file_with_its_hash_and_audits(ns):
    before = AuditEvent.objects.count()
    document = _generate(ns)
    assert document.pk and document.format == "docx" and document.filename == "巡察通知.docx"
    stored = Path(document.file.path).read_bytes()
    assert stored == document.content
    assert document.sha256 == hashlib.sha256(stored).hexdigest() and document.size == len(stored)
    shipped = hashlib.sha256(shipped_path(NOTICE).read_bytes()).hexdigest()
    assert document.template_version == f"shipped:{shipped[:12]}"
    assert (document.object_type, document.object_id) == (
        "plans.inspection",
        str(ns.plans.inspection_a1.pk),
    )
    assert document.unit == ns.tree.county_a1 and document.generated_by == ns.personas.office_a
    assert TITLE in docx_text(stored)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("seq")
    assert event.event_type == EventType.DOCUMENT_GENERATED
    assert event.changes["sha256"] == document.sha256
    assert event.changes["template_version"] == document.template_version
    assert event.unit == ns.plans.inspection_a1.target


def test_lookup_nearest_office_then_directory_then_shipped(ns, settings, tmp_path):
    office = ns.personas.office_a
    # The deployment's directory beats the shipped file.
    directory = edited_shipped(NOTICE, "{{ addressee }}：", "致{{ addressee }}：")
    (tmp_path / NOTICE).write_bytes(directory)
    settings.DOCUMENT_TEMPLATE_DIR = str(tmp_path)
    document = _generate(ns)
    assert document.template_version == f"dir:{hashlib.sha256(directory).hexdigest()[:12]}"
    assert "致中共甲一县农业农村局党组：" in docx_text(document.content)
    # The city office's own version beats the directory, for every county below it.
    city_v1 = services.upload_template(
        ns.tree.city_a,
        NOTICE,
        edited_shipped(NOTICE, "{{ addressee }}：", "市{{ addressee }}："),
        actor=office,
    )
    city_v2 = services.upload_template(
        ns.tree.city_a,
        NOTICE,
        edited_shipped(NOTICE, "{{ addressee }}：", "市二{{ addressee }}："),
        actor=office,
    )
    assert (city_v1.version, city_v2.version) == (1, 2)
    document = _generate(ns)
    assert document.template_version == f"office:{city_v2.pk}v2"
    assert "市二中共甲一县农业农村局党组：" in docx_text(document.content)
    # The county office (nearest the issuing unit) beats the city.
    county = services.upload_template(
        ns.tree.county_a1,
        NOTICE,
        edited_shipped(NOTICE, "{{ addressee }}：", "县{{ addressee }}："),
        actor=office,
    )
    assert _generate(ns).template_version == f"office:{county.pk}v1"
    # City B's inspection never sees city A's templates.
    assert _generate(ns, inspection=ns.plans.inspection_b).template_version.startswith("dir:")
    # Rolling back, one step at a time.
    services.set_template_active(county, actor=office, active=False)
    assert _generate(ns).template_version == f"office:{city_v2.pk}v2"
    services.set_template_active(city_v2, actor=office, active=False)
    assert _generate(ns).template_version == f"office:{city_v1.pk}v1"
    services.set_template_active(city_v1, actor=office, active=False)
    assert _generate(ns).template_version.startswith("dir:")
    services.set_template_active(city_v2, actor=office, active=True)
    assert _generate(ns).template_version == f"office:{city_v2.pk}v2"


def test_a_transaction_that_rolls_back_leaves_no_file(ns):
    before = _generated_files()
    with pytest.raises(RuntimeError), transaction.atomic():
        document = _generate(ns)
        path = Path(document.file.path)
        assert path.is_file()
        raise RuntimeError("the caller's later step failed")
    assert not path.exists()
    assert not GeneratedDocument.objects.exists()
    assert _generated_files() == before


def test_a_failed_audit_leaves_no_file(ns, monkeypatch):
    from xuncha.documents import generation

    def broken(*args, **kwargs):
        raise RuntimeError("audit chain locked")

    before = _generated_files()
    monkeypatch.setattr(generation, "record", broken)
    with pytest.raises(RuntimeError):
        _generate(ns)
    assert _generated_files() == before and not GeneratedDocument.objects.exists()


def test_a_committed_document_keeps_its_file(ns, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document = _generate(ns)
    assert callbacks
    del callbacks
    import gc

    gc.collect()
    assert Path(document.file.path).is_file()


def test_context_must_be_plain_data(ns):
    before = AuditEvent.objects.count()
    with pytest.raises(TypeError):
        _generate(ns, context={**registry()[NOTICE].sample_context(), "addressee": ns.tree.dept_a1})
    assert AuditEvent.objects.count() == before and not GeneratedDocument.objects.exists()


def test_an_unsafe_office_template_generates_nothing(ns):
    _office_version(
        ns.tree.county_a1, ns.personas.office_a, make_template("{{ ''.__class__.__mro__ }}")
    )
    before = (AuditEvent.objects.count(), _generated_files())
    with pytest.raises(ValidationError) as caught:
        _generate(ns)
    assert caught.value.code == "template_unsafe"
    assert (AuditEvent.objects.count(), _generated_files()) == before
    assert not GeneratedDocument.objects.exists()


def test_an_altered_office_template_is_refused(ns):
    version = _office_version(
        ns.tree.county_a1,
        ns.personas.office_a,
        edited_shipped(NOTICE, "{{ addressee }}：", "{{ addressee }}："),
    )
    Path(version.file.path).write_bytes(make_template("{{ addressee }}"))
    with pytest.raises(ValidationError) as caught:
        _generate(ns)
    assert caught.value.code == "template_altered"


def test_pdf_is_a4_with_the_text_and_cjk_fonts(ns):
    document = _generate(ns, fmt="pdf")
    assert document.filename == "巡察通知.pdf" and document.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(document.content))
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 1 and abs(float(box.height) - 841.9) < 1
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert TITLE in text and "中共甲一县委巡察工作领导小组办公室" in text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("CJK" in f for f in fonts), fonts
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        out = subprocess.run(  # noqa: S603 (a fixed tool on our own output)
            [pdftotext, "-", "-"], input=document.content, capture_output=True, check=True
        ).stdout.decode()
        assert TITLE in out.replace("\n", "")


def test_pdf_without_weasyprint_is_a_clear_error(ns, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    before = (AuditEvent.objects.count(), _generated_files())
    with pytest.raises(ValidationError) as caught:
        _generate(ns, fmt="pdf")
    assert caught.value.code == "pdf_unavailable"
    assert (AuditEvent.objects.count(), _generated_files()) == before
    # Word still works.
    assert _generate(ns).format == "docx"


def test_verify_finds_an_altered_or_missing_file(ns):
    document = _generate(ns)
    assert services.verify_document(document).ok
    Path(document.file.path).write_bytes(b"altered")
    check = services.verify_document(document)
    assert not check.ok and not check.missing
    assert check.actual == hashlib.sha256(b"altered").hexdigest()
    Path(document.file.path).unlink()
    assert services.verify_document(document).missing
