"""Files attached to stationing records.

Any record of an inspection (a meeting, an answered information request, a requested document,
a petition…) can carry files. A record type becomes attachable by registering itself once
(`register`) with the path from it to its inspection; the upload, download and removal pages
and API then work for it through the inspection's choke point. Files are checked by their
content, not their name, and stored under a random name; the original name is kept in the row.
"""

import hashlib
import mimetypes
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.documents.files import save_in_transaction
from xuncha.fieldwork.access import authorize_fieldwork, fieldwork_q
from xuncha.fieldwork.models import Attachment

MAX_BYTES = getattr(settings, "XUNCHA_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)


@dataclass(frozen=True)
class Attachable:
    key: str
    model: type[models.Model]
    inspection_path: str  # e.g. "inspection" or "request__inspection"
    # Optional narrower rule for reading (e.g. petitions whose attachments may name the
    # reporter): called with (user, obj) after the inspection's choke point has let them in.
    may_view: Callable | None = None


_REGISTRY: dict[str, Attachable] = {}


def register(key: str, model, inspection_path: str = "inspection", may_view=None) -> None:
    _REGISTRY[key] = Attachable(key, model, inspection_path, may_view)


def attachable(key: str) -> Attachable | None:
    return _REGISTRY.get(key)


def key_of(obj) -> str:
    for entry in _REGISTRY.values():
        if isinstance(obj, entry.model):
            return entry.key
    raise LookupError(f"{type(obj).__name__} is not attachable")


def inspection_of(obj):
    """The inspection a stationing record belongs to: through its registered path, else its
    own `inspection`; None for what is not stationing material."""
    try:
        entry = _REGISTRY[key_of(obj)]
    except LookupError:
        return getattr(obj, "inspection", None)
    target = obj
    for part in entry.inspection_path.split("__"):
        target = getattr(target, part)
    return target


# --- Content checks ----------------------------------------------------------------------------

_OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" not in names:
                return None
            # A zip bomb: refuse what would unpack beyond 20 times the limit.
            if sum(info.file_size for info in archive.infolist()) > 20 * MAX_BYTES:
                return None
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    for prefix, (mime, _ext) in _OOXML.items():
        if any(name.startswith(prefix) for name in names):
            return mime
    return None


def _text_kind(data: bytes) -> str | None:
    if b"\x00" in data[:65536]:
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "text/plain"
    return None


def sniff(data: bytes) -> str | None:
    """The type of the content, or None when it is not one we accept."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"  # Word 97–2003 or Excel 97–2003 (OLE2)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3"):
        return "audio/mpeg"
    if head[4:8] == b"ftyp":
        return "audio/mp4"
    if head.startswith(b"RIFF") and data[8:12] == b"WAVE":
        return "audio/wav"
    return _text_kind(data)


_STRICT = {"pdf", "image"}


def _family(mime: str) -> str:
    if mime == "application/pdf":
        return "pdf"
    return mime.split("/", 1)[0]


def check_upload(name: str, data: bytes) -> str:
    """The checked MIME type of an upload; ValidationError with a message for the person."""
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    mime = sniff(data)
    if mime is None:
        raise ValidationError(
            _("This kind of file is not accepted: PDF, images, Word, Excel, text or audio only."),
            code="type",
        )
    guessed = mimetypes.guess_type(name)[0]
    if guessed and _family(guessed) != _family(mime) and (
        _family(guessed) in _STRICT or _family(mime) in _STRICT
    ):
        raise ValidationError(_("The file's content does not match its name."), code="mismatch")
    return mime


def clean_name(name: str, default=None) -> str:
    """A file name as shown and stored: no path, no control characters, at most 200
    characters; `default` (else "attachment") when nothing is left."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or (_("attachment") if default is None else default)


# --- Services ------------------------------------------------------------------------------------


def add_attachment(obj, name: str, data: bytes, *, actor) -> Attachment:
    """Attach a file to a registered record of an inspection."""
    inspection = inspection_of(obj)
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        return store_attachment(obj, inspection, name, data, actor=actor, role=role)


def store_attachment(obj, inspection, name: str, data: bytes, *, actor, role: str) -> Attachment:
    """Check, store and audit a file of `obj`, for services that authorized the uploader their
    own way (the unit's liaison replying to an immediate fix). Call inside the transaction; the
    stored file goes if it rolls back."""
    mime = check_upload(name, data)
    attachment = Attachment(
        inspection=inspection,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        name=clean_name(name),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        mime=mime,
        uploaded_by=actor,
    )
    save_in_transaction(attachment.file, "upload", data)
    attachment.save()
    record(
        EventType.ATTACHMENT_ADDED, actor=actor, role=role,
        unit=inspection.target, obj=attachment,
        changes={"record": f"{key_of(obj)}:{obj.pk}", "name": attachment.name,
                 "size": attachment.size, "sha256": attachment.sha256},
    )
    return attachment


def remove_attachment(attachment: Attachment, *, actor, reason: str = "") -> None:
    """The office, or whoever uploaded the file, removes it; a member never removes another's
    evidence."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, attachment.inspection)
        if role.startswith("team:") and attachment.uploaded_by_id != actor.pk:
            raise PermissionDenied
        record(
            EventType.ATTACHMENT_REMOVED, actor=actor, role=role,
            unit=attachment.inspection.target, obj=attachment,
            changes={"name": attachment.name, "sha256": attachment.sha256}, reason=reason,
        )
        stored = attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.storage.delete(stored))


def record_download(attachment: Attachment, *, actor, role: str = "") -> None:
    record(
        EventType.ATTACHMENT_DOWNLOADED, actor=actor, role=role,
        unit=attachment.inspection.target, obj=attachment,
        changes={"name": attachment.name},
    )


# --- Reads ---------------------------------------------------------------------------------------


def attachments_of(obj):
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("uploaded_by")


def visible_attachments(user):
    q = fieldwork_q(user, "inspection__")
    qs = Attachment.objects.select_related("inspection", "inspection__target", "content_type")
    return qs.none() if q is None else qs.filter(q)


def record_of(attachment: Attachment):
    """The record the attachment hangs on, through the registry (None if gone)."""
    model = attachment.content_type.model_class()
    return model._default_manager.filter(pk=attachment.object_id).first() if model else None


def may_view_attachment(user, attachment: Attachment) -> bool:
    obj = record_of(attachment)
    if obj is None:
        return False
    entry = _REGISTRY.get(key_of(obj))
    return entry is not None and (entry.may_view is None or entry.may_view(user, obj))
