"""Every write of the documents app: an office's own template versions (upload, activate,
deactivate), template previews, and the audit of re-downloading a stored document.

An uploaded template is checked before it is accepted: a real Word file (a zip holding
word/document.xml, no macros, no links to outside resources, not a zip bomb), then filled in
the sandbox with the template's sample data. A broken or unsafe template is refused with the
reason and the template line; nothing is stored.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from lxml import etree

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.documents.access import authorize_templates
from xuncha.documents.files import save_in_transaction
from xuncha.documents.fill import render_template
from xuncha.documents.generation import generate_from
from xuncha.documents.models import DocumentTemplate, GeneratedDocument
from xuncha.documents.registry import info
from xuncha.documents.rendering import (
    DOCX_CONTENT_TYPE,
    ResolvedTemplate,
    file_template,
    office_template,
    office_version_in_use,
)

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 500
MAX_RATIO = 200  # unpacked / packed size of one entry

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_HYPERLINK = "/hyperlink"


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def check_template_file(filename: str, data: bytes) -> None:
    """Refuse what is not a plain Word template (see the module docstring)."""
    from xuncha.fieldwork.attachments import check_upload

    if len(data) > MAX_TEMPLATE_BYTES:
        raise _refuse(
            _("The template is larger than %(mb)d MB.") % {"mb": MAX_TEMPLATE_BYTES // 2**20},
            "too_large",
        )
    not_word = _("Upload a Word document (.docx) made from the template.")
    if not filename.lower().endswith(".docx"):
        raise _refuse(not_word, "type")
    try:
        mime = check_upload(filename, data)
    except ValidationError as exc:
        if exc.code in ("empty", "too_large"):
            raise
        raise _refuse(not_word, "type") from None
    if mime != DOCX_CONTENT_TYPE:
        raise _refuse(not_word, "type")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
            if (
                len(entries) > MAX_ENTRIES
                or sum(e.file_size for e in entries) > (MAX_UNPACKED_BYTES)
                or any(e.file_size > MAX_RATIO * max(e.compress_size, 1) for e in entries)
            ):
                raise _refuse(_("The file unpacks to far more than its size: refused."), "bomb")
            if "word/document.xml" not in names:
                raise _refuse(not_word, "type")
            if any(
                n.lower().endswith((".bin", "vbaproject.bin")) or "vba" in n.lower() for n in names
            ):
                raise _refuse(
                    _("The template contains macros: save it as a .docx without macros."), "macros"
                )
            for name in names:
                if name.endswith(".rels") and _external_links(archive.read(name)):
                    raise _refuse(
                        _(
                            "The template refers to files or addresses outside the "
                            "document; remove linked pictures and attached "
                            "templates."
                        ),
                        "external",
                    )
    except zipfile.BadZipFile:
        raise _refuse(not_word, "type") from None


def _external_links(rels: bytes) -> bool:
    try:
        root = etree.fromstring(rels, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return True
    return any(
        rel.get("TargetMode") == "External" and not rel.get("Type", "").endswith(_HYPERLINK)
        for rel in root.iter(f"{_REL_NS}Relationship")
    )


def trial_render(name: str, data: bytes) -> bytes:
    """Fill an uploaded template with its sample data in the sandbox; ValidationError with the
    template line if it is broken or unsafe."""
    entry = info(name)
    sample = entry.sample_context() if entry else None
    if sample is None:
        raise _refuse(
            _(
                "This template has no sample data to try a new version on; it cannot be "
                "replaced yet."
            ),
            "no_sample",
        )
    return render_template(data, sample)


def upload_template(
    unit, name: str, data: bytes, *, actor, filename: str = "", note: str = ""
) -> DocumentTemplate:
    """A new version of template `name` for the office of `unit`, in use at once (for the
    unit and every unit below without its own)."""
    with transaction.atomic():
        role = authorize_templates(actor, unit)
        if info(name) is None:
            raise _refuse(
                _("There is no document template named %(name)s.") % {"name": name},
                "template_missing",
            )
        if not unit.has_office:
            raise _refuse(
                _("Only a unit with an inspection office keeps its own templates."), "not_office"
            )
        check_template_file(filename or name, data)
        trial_render(name, data)
        digest = hashlib.sha256(data).hexdigest()
        latest = (
            DocumentTemplate.objects.filter(unit=unit, name=name).aggregate(n=Max("version"))["n"]
            or 0
        )
        version = DocumentTemplate(
            unit=unit,
            name=name,
            version=latest + 1,
            sha256=digest,
            note=(note or "").strip()[:300],
            is_active=True,
            uploaded_by=actor,
        )
        save_in_transaction(version.file, f"{digest[:16]}.docx", data)
        version.full_clean(exclude=["file"])
        try:
            with transaction.atomic():
                version.save()
        except IntegrityError:
            raise _refuse(
                _("Another version was uploaded at the same moment; try again."), "conflict"
            ) from None
        record(
            EventType.TEMPLATE_UPLOADED,
            actor=actor,
            role=role,
            unit=unit,
            obj=version,
            changes={
                "template": name,
                "version": version.version,
                "sha256": digest,
                "size": len(data),
                "note": version.note,
            },
        )
    return version


def set_template_active(
    version: DocumentTemplate, *, actor, active: bool, reason: str = ""
) -> DocumentTemplate:
    """Take a version out of use (rolling back to the one before it, or to the shipped
    template) or put it back."""
    with transaction.atomic():
        role = authorize_templates(actor, version.unit)
        if active:
            office_template(version)  # refuse a version whose file was altered
        changed = DocumentTemplate.objects.filter(pk=version.pk, is_active=not active).update(
            is_active=active
        )
        if not changed:
            raise _refuse(
                _("This version is already in use.")
                if active
                else _("This version is already out of use."),
                "unchanged",
            )
        record(
            EventType.TEMPLATE_CHANGED,
            actor=actor,
            role=role,
            unit=version.unit,
            obj=version,
            changes={
                "template": version.name,
                "version": version.version,
                "is_active": [not active, active],
            },
            reason=(reason or "").strip()[:500],
        )
        version.is_active = active
    return version


def in_use(name: str, unit) -> ResolvedTemplate:
    """The template an office's documents are made from now (its own, an upper office's, the
    deployment's or the shipped one)."""
    version = office_version_in_use(name, unit)
    return office_template(version) if version is not None else file_template(name)


def preview_template(
    unit, name: str, *, actor, fmt: str = "docx", version: DocumentTemplate | None = None
) -> GeneratedDocument:
    """The template (the version in use, or `version`) filled with its sample data, stored and
    audited like any generated document, about the version (or the office's unit)."""
    role = authorize_templates(actor, unit)
    entry = info(name)
    if entry is None or entry.sample is None:
        raise _refuse(_("This template has no sample data to preview."), "no_sample")
    resolved = office_template(version) if version is not None else in_use(name, unit)
    source = resolved.office if resolved.office is not None else unit
    return generate_from(
        resolved,
        entry.sample_context(),
        source=source,
        actor=actor,
        role=role,
        fmt=fmt,
        unit=unit,
        filename=f"{entry.title}（示例，{resolved.version}）",
    )


def record_document_download(document: GeneratedDocument, *, actor, role: str = "") -> None:
    """A stored document downloaded again; a stored interview record is also a view of the
    record (every view of one is audited)."""
    unit = document.inspection.target if document.inspection_id else document.unit
    with transaction.atomic():
        record(
            EventType.DOCUMENT_DOWNLOADED,
            actor=actor,
            role=role,
            unit=unit,
            obj=document,
            changes={
                "template": document.template,
                "sha256": document.sha256,
                "about": f"{document.object_type}:{document.object_id}",
            },
        )
        if document.object_type == "interviews.interview":
            record(
                EventType.INTERVIEW_VIEWED,
                actor=actor,
                role=role,
                unit=unit,
                object_type=document.object_type,
                object_id=document.object_id,
                changes={"via": "stored_document", "document": document.pk},
            )


@dataclass(frozen=True)
class Verification:
    """The stored file checked against the hash recorded when it was generated."""

    ok: bool
    missing: bool
    actual: str
    recorded: str


def verify_document(document: GeneratedDocument) -> Verification:
    try:
        with document.file.open("rb") as fh:
            digest = hashlib.sha256()
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError, ValueError):
        return Verification(False, True, "", document.sha256)
    actual = digest.hexdigest()
    return Verification(actual == document.sha256, False, actual, document.sha256)
