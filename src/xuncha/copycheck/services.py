"""Every write of the copied-text check: upload (and compare at once), recheck, removal.

The comparison runs inside the upload's transaction, so a material is never stored without
its matches. The recheck of a whole inspection runs synchronously too: django-tasks is not
configured in this project (settings has no TASKS), and it is fast enough to wait for — one
upload against 500 materials of 3,000 characters takes about a second, the recheck of an
inspection's twenty materials against them about two.
"""

import hashlib
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.copycheck.access import authorize_removal, authorize_upload
from xuncha.copycheck.corpus import compare_materials
from xuncha.copycheck.extraction import MAX_TEXT_CHARS, clean, extract
from xuncha.copycheck.models import MaterialKind, UnitMaterial
from xuncha.core.text import compact_map
from xuncha.documents.files import save_in_transaction
from xuncha.fieldwork.access import authorize_fieldwork
from xuncha.fieldwork.attachments import clean_name
from xuncha.orgs.models import Unit
from xuncha.plans.models import Inspection, Round


def _check_fields(inspection: Inspection, unit, kind: str, title: str, author: str) -> None:
    errors = {}
    if kind not in MaterialKind.values:
        errors["kind"] = _("Choose the kind of material.")
    if not title:
        errors["title"] = _("Give the material a title.")
    elif len(title) > 200:
        errors["title"] = _("The title is longer than 200 characters.")
    if len(author) > 100:
        errors["author"] = _("The name is longer than 100 characters.")
    elif kind == MaterialKind.SELF_CRITICISM and not author:
        errors["author"] = _("Say whose self-criticism this is.")
    target = inspection.target
    if (
        not isinstance(unit, Unit)
        or not unit.is_active
        or not (unit.path == target.path or unit.path.startswith(target.path))
    ):
        errors["unit"] = _("Choose the inspected unit or a unit under it.")
    if errors:
        raise ValidationError(errors)


def _text_of(text: str | None, file_name: str | None, data: bytes | None) -> str:
    if data is not None and text:
        raise ValidationError(_("Upload a file or paste the text, not both."), code="both")
    if data is not None:
        found = extract(file_name or "", data)
        if not found or not compact_map(found)[0]:
            raise ValidationError(
                {
                    "file": _(
                        "No text could be read from the file. For a scanned document, "
                        "paste the text instead."
                    )
                },
                code="no_text",
            )
        return found
    found = clean(text or "")
    if not compact_map(found)[0]:
        raise ValidationError({"text": _("Upload a file or paste the text.")}, code="empty")
    return found


def _serialize(inspection: Inspection) -> None:
    """Uploads and rechecks of one round take turns (a row lock on the round; SQLite locks the
    whole database anyway), so two materials uploaded at the same moment still meet."""
    list(Round.objects.select_for_update().filter(pk=inspection.round_id).values_list("pk"))


def upload_material(
    inspection: Inspection,
    *,
    actor,
    unit: Unit,
    kind: str,
    title: str,
    author: str = "",
    text: str | None = None,
    file_name: str | None = None,
    data: bytes | None = None,
) -> UnitMaterial:
    """Store a unit's material (a file, or pasted text) and compare it at once with its
    corpus. The team or the office uploads for the target and the units under it; so does the
    target's liaison, whose uploads the unit sees afterwards."""
    title, author = (title or "").strip(), (author or "").strip()
    # Checked once before reading the file (parsing a PDF is not for anyone), again below.
    authorize_upload(actor, inspection)
    _check_fields(inspection, unit, kind, title, author)
    body = _text_of(text, file_name, data)
    if len(body) > MAX_TEXT_CHARS:
        raise ValidationError(
            _("The text is longer than %(n)d characters.") % {"n": MAX_TEXT_CHARS},
            code="too_long",
        )
    normalized = compact_map(body)[0]
    with transaction.atomic():
        role, by_unit = authorize_upload(actor, inspection)
        _serialize(inspection)
        material = UnitMaterial(
            inspection=inspection,
            unit=unit,
            kind=kind,
            title=title,
            author=author,
            text=body,
            normalized=normalized,
            uploaded_by=actor,
            by_unit=by_unit,
        )
        if data is not None:
            material.file_name = clean_name(file_name or "", default=title)
            material.sha256 = hashlib.sha256(data).hexdigest()
            save_in_transaction(material.file, "upload", data)
        try:
            material.full_clean()
            material.save()
            matches = compare_materials([material], inspection.round, kind)
            record(
                EventType.MATERIAL_UPLOADED,
                actor=actor,
                role=role,
                unit=inspection.target,
                obj=material,
                changes={
                    "kind": kind,
                    "title": title,
                    "author": author,
                    "unit": unit.name,
                    "file": material.file_name,
                    "sha256": material.sha256,
                    "characters": len(normalized),
                    "by_unit": by_unit,
                    "matches": matches,
                },
            )
        except Exception:
            if material.file:
                material.file.delete(save=False)
            raise
    material.refresh_from_db(fields=["checked_at"])
    return material


def recheck(inspection: Inspection, *, actor) -> dict:
    """Compare every material of the inspection again (after the threshold changed, or after
    other units' and earlier rounds' material arrived): pairs are updated, added or removed."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        _serialize(inspection)
        by_kind: dict[str, list[UnitMaterial]] = defaultdict(list)
        for material in UnitMaterial.objects.filter(inspection=inspection).only("id", "kind"):
            by_kind[material.kind].append(material)
        matches = sum(
            compare_materials(found, inspection.round, kind) for kind, found in by_kind.items()
        )
        summary = {"materials": sum(len(v) for v in by_kind.values()), "matches": matches}
        record(
            EventType.COPY_CHECK_RUN,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=inspection,
            changes=summary,
        )
    return summary


def remove_material(material: UnitMaterial, *, actor, reason: str = "") -> None:
    """The office, or the team member who uploaded it, removes a material and its matches."""
    with transaction.atomic():
        material = (
            UnitMaterial.objects.select_for_update(of=("self",))
            .select_related("inspection", "inspection__round__jurisdiction", "inspection__target")
            .get(pk=material.pk)
        )
        role = authorize_removal(actor, material)
        record(
            EventType.MATERIAL_REMOVED,
            actor=actor,
            role=role,
            unit=material.inspection.target,
            obj=material,
            changes={"title": material.title, "kind": material.kind, "sha256": material.sha256},
            reason=(reason or "").strip()[:500],
        )
        stored = material.file.name
        storage = material.file.storage
        material.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))
