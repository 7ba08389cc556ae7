"""Finding the template of an official document and filling it (docxtpl, in the sandbox).

Which file a document is made from, in order:
1. the office's own version: the newest active `DocumentTemplate` of that name at the nearest
   unit on the path from the issuing unit up to the root (a county office's own template wins
   over the city's, which wins over the province's);
2. the deployment's directory, the `DOCUMENT_TEMPLATE_DIR` setting;
3. the template shipped in `docx/` (written by build_templates).
Each carries a version recorded with every generated file: "office:<id>v<n>", "dir:<sha12>" or
"shipped:<sha12>".
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xuncha.documents.fill import render_template
from xuncha.orgs.tree import STEP

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SHIPPED_DIR = Path(__file__).resolve().parent / "docx"


class Origin:
    OFFICE = "office"
    DIRECTORY = "dir"
    SHIPPED = "shipped"


@dataclass(frozen=True)
class ResolvedTemplate:
    """The bytes of a template as found by the lookup, and where they came from."""

    name: str
    data: bytes
    origin: str
    version: str
    office: object = None  # the DocumentTemplate when origin is "office"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def check_name(template: str) -> None:
    """A template is named by its file name ("authorization.docx"), never by a path."""
    if Path(template).name != template or not template.endswith(".docx") or "\\" in template:
        raise ValueError(f"not a template name: {template!r}")


def template_path(template: str) -> Path:
    """The file of a template in the deployment's directory, else the shipped one (the
    office's own versions are not files here: see `resolve_template`)."""
    check_name(template)
    custom = getattr(settings, "DOCUMENT_TEMPLATE_DIR", "") or ""
    if custom:
        candidate = Path(custom) / template
        if candidate.is_file():
            return candidate
    path = SHIPPED_DIR / template
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


def shipped_path(template: str) -> Path:
    check_name(template)
    return SHIPPED_DIR / template


def file_template(template: str) -> ResolvedTemplate:
    """The directory's or the shipped template, ignoring offices' versions."""
    path = template_path(template)
    data = path.read_bytes()
    origin = Origin.SHIPPED if path.parent == SHIPPED_DIR else Origin.DIRECTORY
    digest = hashlib.sha256(data).hexdigest()
    return ResolvedTemplate(template, data, origin, f"{origin}:{digest[:12]}")


def office_template(version) -> ResolvedTemplate:
    """One office version's bytes; refused if the stored file no longer has its hash."""
    with version.file.open("rb") as fh:
        data = fh.read()
    if hashlib.sha256(data).hexdigest() != version.sha256:
        raise ValidationError(
            _(
                "The stored file of template version %(version)s has been altered; activate "
                "another version or upload it again."
            )
            % {"version": version.version},
            code="template_altered",
        )
    return ResolvedTemplate(
        version.name, data, Origin.OFFICE, f"office:{version.pk}v{version.version}", version
    )


def versions_in_use(unit, names: list[str] | None = None) -> dict:
    """For each template name, the office version documents of `unit` are made from: the
    newest active version at the nearest unit from `unit` up to the root. One query."""
    from xuncha.documents.models import DocumentTemplate

    if unit is None:
        return {}
    ids = [int(unit.path[i : i + STEP]) for i in range(0, len(unit.path), STEP)]
    qs = DocumentTemplate.objects.filter(unit_id__in=ids, is_active=True).select_related(
        "unit", "uploaded_by"
    )
    if names is not None:
        qs = qs.filter(name__in=names)
    best: dict = {}
    for candidate in qs:
        current = best.get(candidate.name)
        key = (len(candidate.unit.path), candidate.version)
        if current is None or key > (len(current.unit.path), current.version):
            best[candidate.name] = candidate
    return best


def office_version_in_use(template: str, unit):
    """The office version of `template` in use for `unit`, or None."""
    return versions_in_use(unit, [template]).get(template)


def resolve_template(template: str, unit=None) -> ResolvedTemplate:
    """The template a document issued by `unit` is made from (see the module docstring)."""
    check_name(template)
    version = office_version_in_use(template, unit)
    if version is not None:
        return office_template(version)
    try:
        return file_template(template)
    except FileNotFoundError:
        raise ValidationError(
            _("There is no document template named %(name)s.") % {"name": template},
            code="template_missing",
        ) from None


def render_docx_versioned(template: str, context: dict, *, unit=None) -> tuple[bytes, str]:
    """The filled template and the version of the template used."""
    resolved = resolve_template(template, unit)
    return render_template(resolved.data, context), resolved.version


def render_docx(template: str, context: dict, *, unit=None) -> bytes:
    """The template filled with `context` in the sandbox, as the bytes of a .docx file.
    Values are escaped for XML, so names with & or < cannot break the document. Pages and
    services use `generation.generate`, which also stores and audits the file."""
    return render_docx_versioned(template, context, unit=unit)[0]


def chinese_date(value: date | None) -> str:
    """A date as official documents write it: 2026年3月2日 (GB/T 9704-2012 uses Arabic digits
    and no leading zeros)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_period(start: date | None, end: date | None) -> str:
    """2026年3月2日至4月17日; the year is repeated only when it changes."""
    if start is None or end is None:
        return chinese_date(start or end)
    if start == end:
        return chinese_date(start)
    tail = chinese_date(end) if end.year != start.year else f"{end.month}月{end.day}日"
    return f"{chinese_date(start)}至{tail}"


def lines(text: str) -> list[str]:
    """Text as paragraphs: one per non-empty line, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
