"""Word files of interviews (GB/T 9704 layout): the outline, for the team to print or the
liaison to hand over (only the questions handed over: never those kept for the interviewer,
never sources); and an interview record to read back and sign."""

from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from docxtpl import DocxTemplate

from xuncha.documents import chinese_date, lines, safe_filename
from xuncha.interviews import reference as ref
from xuncha.interviews.delivery import GENERAL, INDIVIDUAL
from xuncha.interviews.models import Interview, InterviewOutline, OutlineKind

SHIPPED = Path(__file__).resolve().parent / "docx"


def _template(name: str) -> Path:
    """An office's own copy (DOCUMENT_TEMPLATE_DIR) before the shipped one."""
    custom = getattr(settings, "DOCUMENT_TEMPLATE_DIR", "") or ""
    if custom and (Path(custom) / name).is_file():
        return Path(custom) / name
    return SHIPPED / name


def _render(name: str, context: dict) -> bytes:
    doc = DocxTemplate(_template(name))
    doc.render(context, autoescape=True)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _numbered(texts: list[str]) -> list[str]:
    return [f"{n}. {text}" for n, text in enumerate(texts, 1)]


def outline_docx(outline: InterviewOutline, content: list[dict]) -> tuple[str, bytes]:
    """(file name, bytes) of the outline with `content` as from `delivery.package` (or the
    snapshot sent to the liaison)."""
    general = [item["text"] for item in content if item["part"] == GENERAL]
    own = [item["text"] for item in content if item["part"] == INDIVIDUAL]
    individual = outline.kind == OutlineKind.INDIVIDUAL
    parts = []
    if individual:
        if general:
            parts.append({"heading": ref.PART_GENERAL, "questions": _numbered(general)})
        if own:
            parts.append(
                {"heading": ref.PART_INDIVIDUAL if general else "", "questions": _numbered(own)}
            )
    else:
        parts.append({"heading": "", "questions": _numbered(general or own)})
    person = outline.interviewee
    inspection = outline.inspection
    context = {
        "title": ref.OUTLINE_TITLE_INDIVIDUAL if individual else ref.OUTLINE_TITLE_GENERAL,
        "person": str(person) if person else "",
        "planned": chinese_date(person.planned_on) if person and person.planned_on else "",
        "intro": ref.OUTLINE_INTRO,
        "parts": parts,
        "team": inspection.team.name,
        "dated": chinese_date(timezone.localdate()),
    }
    content = _render("interview_outline.docx", context)
    stem = (
        f"{ref.OUTLINE_TITLE_INDIVIDUAL}（{person.name}）"
        if individual
        else (f"{ref.OUTLINE_TITLE_GENERAL}（{inspection.target.name}）")
    )
    return safe_filename(f"{stem}.docx"), content


def record_docx(interview: Interview) -> tuple[str, bytes]:
    """(file name, bytes) of an interview record to print, read back and sign. Callers audit
    it as a view (INTERVIEW_VIEWED, via "export")."""
    when = chinese_date(interview.held_on)
    if interview.starts_at:
        when += f" {interview.starts_at:%H:%M}"
        if interview.ends_at:
            when += f"—{interview.ends_at:%H:%M}"
    context = {
        "when": when,
        "place": interview.place,
        "person": str(interview.interviewee),
        "asker": interview.asker.full_name,
        "recorder": interview.recorder.full_name,
        "team": interview.inspection.team.name,
        "lines": lines(interview.record),
        "problems": _numbered(interview.problem_lines),
        "leads": _numbered(interview.lead_lines),
    }
    name = f"谈话记录（{interview.interviewee.name}，{interview.held_on:%Y-%m-%d}）.docx"
    return safe_filename(name), _render("interview_record.docx", context)
