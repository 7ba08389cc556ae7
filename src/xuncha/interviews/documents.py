"""Word (or PDF) files of interviews in GB/T 9704 layout, made through
`xuncha.documents.generation.generate` (stored, hashed, audited; the office may replace the
templates, see `document_templates.py`): the outline, for the team to print or the liaison to
hand over (only the questions handed over: never those kept for the interviewer, never
sources); and an interview record to read back and sign."""

from django.utils import timezone

from xuncha.documents import chinese_date, lines
from xuncha.documents.generation import generate
from xuncha.documents.models import GeneratedDocument
from xuncha.interviews import reference as ref
from xuncha.interviews.delivery import GENERAL, INDIVIDUAL
from xuncha.interviews.models import Interview, InterviewOutline, OutlineKind


def _numbered(texts: list[str]) -> list[str]:
    return [f"{n}. {text}" for n, text in enumerate(texts, 1)]


def outline_docx(
    outline: InterviewOutline, content: list[dict], *, actor, role: str, fmt: str = "docx"
) -> GeneratedDocument:
    """The outline with `content` as from `delivery.package` (or the snapshot sent to the
    liaison), generated, stored and audited."""
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
    stem = (
        f"{ref.OUTLINE_TITLE_INDIVIDUAL}（{person.name}）"
        if individual
        else (f"{ref.OUTLINE_TITLE_GENERAL}（{inspection.target.name}）")
    )
    return generate(
        "interview_outline.docx",
        context,
        source=outline,
        filename=stem,
        actor=actor,
        role=role,
        fmt=fmt,
        inspection=inspection,
    )


def record_docx(interview: Interview, *, actor, role: str, fmt: str = "docx") -> GeneratedDocument:
    """An interview record to print, read back and sign, generated, stored and audited.
    Callers also audit it as a view (INTERVIEW_VIEWED, via "export")."""
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
    return generate(
        "interview_record.docx",
        context,
        source=interview,
        filename=f"谈话记录（{interview.interviewee.name}，{interview.held_on:%Y-%m-%d}）",
        actor=actor,
        role=role,
        fmt=fmt,
        inspection=interview.inspection,
    )
