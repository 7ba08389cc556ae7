"""Reads of reports that need more than a filter: the lists of an inspection and a round, the
text as one reader sees it, and the detail page's items × hearings table."""

from django.db.models import Max, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from xuncha.leads.access import visible_leads
from xuncha.leads.models import Lead
from xuncha.plans.models import Inspection, Round
from xuncha.reports.access import all_leads_q, visible_reports, visible_rounds_q
from xuncha.reports.assembly import is_edited
from xuncha.reports.models import ApprovalStep, ItemDecision, Report, ReportItem, ReportKind


def inspection_reports(user, inspection) -> QuerySet[Report]:
    return (
        visible_reports(user)
        .filter(inspection=inspection)
        .annotate(latest=Max("versions__number"))
        .order_by("kind", "id")
    )


def round_reports(user, round) -> QuerySet[Report]:
    return (
        visible_reports(user)
        .filter(round=round, inspection__isnull=True)
        .order_by("kind", "team__number", "id")
    )


def visible_report_rounds(user) -> QuerySet[Round]:
    q = visible_rounds_q(user)
    qs = Round.objects.select_related("jurisdiction")
    return qs.none() if q is None else qs.filter(q)


def get_round_for_user(user, pk: int) -> Round:
    return get_object_or_404(visible_report_rounds(user), pk=pk)


def lead_counts(user, round) -> dict[int, int]:
    """{inspection id: leads} for the inspections of the round whose every lead the user may
    see; inspections they may not see all of are absent (not zero), so nothing can be learned
    about them."""
    q = all_leads_q(user)
    if q is None:
        return {}
    ids = list(Inspection.objects.filter(round=round).filter(q).values_list("pk", flat=True))
    counts = dict.fromkeys(ids, 0)
    rows = (
        visible_leads(user)
        .filter(inspection_id__in=ids)
        .exclude(status=Lead.Status.WITHDRAWN)
        .values_list("inspection_id", flat=True)
    )
    for pk in rows:
        counts[pk] += 1
    return counts


def viewer_sections(report: Report, version, user) -> list[dict]:
    """The version's sections as this reader sees them. A summary report names the leads of
    an inspection only to readers who may see all of them: the sentence is added here, for
    this reader, and never stored in the text."""
    sections = []
    for s in version.sections:
        s = dict(s)
        s["edited"] = is_edited(s)
        sections.append(s)
    for s in sections:
        s["paragraphs"] = [p for p in s["text"].split("\n") if p.strip()]
    if report.kind != ReportKind.SUMMARY:
        return sections
    counts = lead_counts(user, report.round)
    for s in sections:
        if not s["key"].startswith("inspection-"):
            continue
        pk = int(s["key"].split("-", 1)[1])
        if pk in counts:
            n = counts[pk]
            line = f"发现问题线索{n}件，已另行报告。" if n else "未发现问题线索。"
            s["text"] = f"{s['text']}\n{line}" if s["text"] else line
            s["viewer_only"] = line
    return sections


def item_label(item: ReportItem) -> str:
    if item.lead_id:
        names = "、".join(s.name for s in item.lead.subjects.all())
        return f"线索{item.lead.number}" + (f"：{names}" if names else "")
    finding = item.finding
    return f"{finding.inspection.target.name} {finding.number}. {finding.title}"


def items_with_decisions(report: Report) -> QuerySet[ReportItem]:
    return (
        report.items.select_related("finding", "finding__inspection__target", "lead")
        .prefetch_related(
            "lead__subjects", Prefetch("decisions", queryset=ItemDecision.objects.order_by("id"))
        )
        .order_by("-active", "position", "id")
    )


def steps_of(report: Report) -> list[ApprovalStep]:
    return list(
        report.steps.select_related("recorded_by", "meeting", "version").order_by("order", "id")
    )


def decision_table(report: Report, steps: list[ApprovalStep]) -> list[dict]:
    """One row per item: its label and, for every recorded hearing in order, the decision."""
    recorded = [s for s in steps if s.recorded_at]
    rows = []
    for item in items_with_decisions(report):
        by_step = {d.step_id: d for d in item.decisions.all()}
        rows.append(
            {
                "item": item,
                "label": item_label(item),
                "decisions": [by_step.get(s.pk) for s in recorded],
            }
        )
    return rows
