"""The Word (or PDF) files of findings, through `documents.generation.generate`, which stores
each with its hash and template version and audits it: the working paper of one finding, the
finding list of an inspection, and the immediate-fix letter. Contexts are plain data (the
templates are rendered in a sandbox). Callers have passed the choke point."""


from django.utils import timezone

from xuncha.documents.generation import generate
from xuncha.documents.pdf import available as pdf_available
from xuncha.documents.rendering import chinese_date, lines
from xuncha.fieldwork.access import reader_role
from xuncha.fieldwork.attachments import attachments_of
from xuncha.findings import labels as L
from xuncha.findings.models import Finding, ImmediateFix, ResponsibleKind
from xuncha.findings.selectors import audit_interview_notes, confirmed_findings
from xuncha.findings.services_judgment import judgment_text

NUMERALS = "一二三四五六七八九十"


def fmt_of(value: str | None) -> str:
    return "pdf" if value == "pdf" and pdf_available() else "docx"


def _ordinal(i: int) -> str:
    if i <= 10:
        return NUMERALS[i - 1]
    tens, ones = divmod(i, 10)
    return f"{NUMERALS[tens - 1] if tens > 1 else ''}十{NUMERALS[ones - 1] if ones else ''}"


def _inspection_line(inspection) -> str:
    return f"{inspection.round.name}　{inspection.team.name}　被巡察单位：{inspection.target.name}"


def _who(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def classification_lines(finding: Finding) -> list[str]:
    out = []
    if finding.focus_area_id:
        out.append(f"监督重点：{finding.focus_area.text}")
    if finding.discipline:
        out.append(f"违反纪律：{L.zh(L.DISCIPLINE, finding.discipline)}")
    if finding.work_style:
        style = L.zh(L.WORK_STYLE, finding.work_style)
        if finding.eight_rules:
            style += f"（违反中央八项规定精神：{L.zh(L.EIGHT_RULES, finding.eight_rules)}）"
        out.append(f"“四风”问题：{style}")
    elif finding.eight_rules:
        out.append(f"违反中央八项规定精神：{L.zh(L.EIGHT_RULES, finding.eight_rules)}")
    nature = [
        L.zh(L.NATURE_DEPTH, finding.nature_depth),
        L.zh(L.NATURE_PRINCIPLE, finding.nature_principle),
        L.zh(L.NATURE_ORIGIN, finding.nature_origin),
    ]
    if any(nature):
        out.append(f"问题性质：{'；'.join(n for n in nature if n)}")
    out.append(f"共性或个性：{L.zh(L.SCOPE, finding.scope)}")
    if finding.source_method:
        out.append(f"发现方式：{L.zh(L.SOURCE, finding.source_method)}")
    return out


def responsible_lines(finding: Finding) -> list[str]:
    unit = finding.responsible_unit or finding.inspection.target
    out = [f"责任主体：{L.zh(L.RESPONSIBLE, finding.responsible_kind)}", f"所在单位：{unit.name}"]
    if finding.responsible_person:
        person = finding.responsible_person
        if finding.responsible_post:
            person += f"（{finding.responsible_post}）"
        label = "责任人" if finding.responsible_kind == ResponsibleKind.INDIVIDUAL else "相关人员"
        out.append(f"{label}：{person}")
    return out


def disposition_text(finding: Finding) -> str:
    text = L.zh(L.DISPOSITION, finding.disposition)
    if finding.receiver_id:
        text += f"（{finding.receiver.name}）"
    return text


def paper_context(finding: Finding) -> dict:
    judgment = judgment_text(finding)
    evidence = [
        {"n": i, "kind": L.zh(L.SOURCE, e.kind), "label": e.label, "note": e.note}
        for i, e in enumerate(finding.evidence.order_by("id"), start=1)
    ]
    reviews = [
        {
            "at": f"{timezone.localtime(r.at):%Y-%m-%d %H:%M}",
            "who": _who(r.reviewer),
            "role": L.signer(r.role),
            "step": L.zh(L.STEP, r.step),
            "comment": r.comment,
        }
        for r in finding.reviews.select_related("reviewer").order_by("at", "id")
    ]
    return {
        "inspection": _inspection_line(finding.inspection),
        "number": finding.number,
        "status": L.zh(L.STATUS, finding.status),
        "title": finding.title,
        "classification": classification_lines(finding),
        "basis": lines(finding.basis),
        "articles": [
            f"{a}：{a.text}"
            for a in finding.regulations.select_related("regulation").order_by(
                "regulation__title", "order", "id"
            )
        ],
        "facts": lines(finding.facts),
        "amount": f"{finding.amount:,.2f}" if finding.amount is not None else "",
        "cause": lines(finding.cause),
        "harm": lines(finding.harm),
        "responsible": responsible_lines(finding),
        "disposition": disposition_text(finding),
        "suggestion": lines(finding.suggestion),
        "judgment": judgment,
        "judgment_note": "尚未作出认定。" if finding.is_conduct else "不涉及个人行为认定。",
        "evidence": evidence,
        "attachments": "、".join(a.name for a in attachments_of(finding)),
        "reviews": reviews,
        "drafter": _who(finding.drafter),
        "made_on": chinese_date(timezone.localdate()),
    }


def paper_document(finding: Finding, *, actor, fmt: str = "docx"):
    """The working paper of one finding (问题底稿); interview notes among its evidence make it
    an audited view of those interviews."""
    inspection = finding.inspection
    audit_interview_notes(finding, list(finding.evidence.all()), actor=actor, via="finding_paper")
    return generate(
        "findings_working_paper.docx",
        paper_context(finding),
        source=finding,
        filename=f"问题底稿第{finding.number}号-{finding.title[:30]}",
        actor=actor,
        role=reader_role(actor, inspection),
        fmt=fmt,
        inspection=inspection,
    )


def list_context(inspection) -> dict:
    groups: list[dict] = []
    by_focus: dict[object, dict] = {}
    n = 0
    for finding in confirmed_findings(inspection):
        key = finding.focus_area_id
        if key not in by_focus:
            by_focus[key] = {
                "name": finding.focus_area.text if finding.focus_area_id else "其他问题",
                "findings": [],
            }
            groups.append(by_focus[key])
        n += 1
        nature = [
            L.zh(L.DISCIPLINE, finding.discipline),
            L.zh(L.WORK_STYLE, finding.work_style),
            L.zh(L.SCOPE, finding.scope),
        ]
        by_focus[key]["findings"].append(
            {
                "n": n,
                "title": finding.title,
                "facts": lines(finding.facts),
                "basis": " ".join(lines(finding.basis)),
                "nature": "；".join(x for x in nature if x),
                "disposition": disposition_text(finding),
                "suggestion": " ".join(lines(finding.suggestion)),
            }
        )
    for i, group in enumerate(groups, start=1):
        group["heading"] = f"{_ordinal(i)}、{group['name']}（{len(group['findings'])}个）"
    return {
        "title": f"{inspection.target.name}巡察发现问题清单",
        "inspection": _inspection_line(inspection),
        "total": n,
        "groups": groups,
        "signer": inspection.team.name,
        "made_on": chinese_date(timezone.localdate()),
    }


def list_document(inspection, *, actor, fmt: str = "docx"):
    """The finding list of an inspection (问题清单): confirmed papers by focus area."""
    return generate(
        "findings_list.docx",
        list_context(inspection),
        source=inspection,
        filename=f"{inspection.target.name}巡察发现问题清单",
        actor=actor,
        role=reader_role(actor, inspection),
        fmt=fmt,
        inspection=inspection,
    )


def letter_context(fix: ImmediateFix) -> dict:
    finding = fix.finding
    inspection = finding.inspection
    issued = timezone.localdate(fix.sent_at) if fix.sent_at else timezone.localdate()
    return {
        "authority_mark": inspection.team.name,
        "document_number": fix.letter_number,
        "addressee": inspection.target.name,
        "team": inspection.team.name,
        "target": inspection.target.name,
        "title": finding.title,
        "requirement": lines(fix.requirement),
        "due_on": chinese_date(fix.due_on),
        "signer": inspection.team.name,
        "issued_on": chinese_date(issued),
    }


def letter_document(fix: ImmediateFix, *, actor, role: str, fmt: str = "docx"):
    """The immediate-fix hand-over letter (立行立改问题交办函)."""
    inspection = fix.finding.inspection
    return generate(
        "findings_immediate_fix.docx",
        letter_context(fix),
        source=fix,
        filename=f"立行立改问题交办函-{fix.finding.title[:30]}",
        actor=actor,
        role=role,
        fmt=fmt,
        inspection=inspection,
    )
