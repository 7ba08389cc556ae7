"""Assembling a report's text from the working papers, in the official outline.

A report's text is a list of sections {"key", "heading", "level", "text", "generated"}:
`level` 1–3 maps to the heading styles of GB/T 9704 (一、 / （一） / 1.), 0 is body text without
a heading; `generated` is the text the assembly wrote (None for free-text sections the team
writes from scratch). Which sections are which:

- generated from the records, refreshed by re-assembly unless the team changed them: the
  preamble, the basic situation (target, period, team and the counters of stationing), the
  heading paragraph of the problems part, one section per confirmed finding (facts and the
  conduct judgment), the suggestions (from the findings' suggestions, grouped by focus area),
  and the per-lead, per-target and per-inspection sections of the other kinds;
- free text, never touched by re-assembly: the overall assessment of an inspection report and
  the next steps of a summary report.

Headings are always derived (numbering follows the findings); the team edits text only. To
change a finding's title, change the working paper.
"""

from collections import Counter
from dataclasses import dataclass, field

from xuncha.documents import chinese_period, lines
from xuncha.findings.models import Disposition, Finding
from xuncha.leads.models import Lead
from xuncha.reports.models import ReportKind
from xuncha.reports.texts import (
    OTHER_AREA,
    ROUND_KIND,
    area_heading,
    cn_number,
    sentence,
)

ASSESSMENT = "assessment"
NEXT_STEPS = "next_steps"
# What to call a section without a heading (in notes and on the edit page).
LABELS = {
    "preamble": "开头语",
    ASSESSMENT: "总体评价",
    NEXT_STEPS: "下一步工作",
    "totals": "小结",
    "problems": "发现的问题",
}


def section_label(s: dict) -> str:
    return s["heading"] or LABELS.get(s["key"], "正文")


def section(
    key: str, heading: str = "", level: int = 0, text: str = "", *, generated: bool = True
) -> dict:
    return {
        "key": key,
        "heading": heading,
        "level": level,
        "text": text,
        "generated": text if generated else None,
    }


@dataclass
class Assembled:
    title: str
    sections: list[dict]
    findings: list[int] = field(default_factory=list)
    leads: list[int] = field(default_factory=list)


# --- Sources --------------------------------------------------------------------------------


def confirmed_findings(inspection_ids, *, scope: str = "") -> list[Finding]:
    """The confirmed working papers of the inspections, in the inspections' and their own
    numbering order (grouping by focus area happens in `group_by_area`)."""
    qs = Finding.objects.filter(
        inspection_id__in=list(inspection_ids), status=Finding.Status.CONFIRMED
    ).select_related("focus_area", "inspection__target", "inspection__team", "judgment")
    if scope:
        qs = qs.filter(scope=scope)
    return list(qs.order_by("inspection__team__number", "inspection__target__path", "number"))


def group_by_area(round, findings: list[Finding]) -> list[tuple[str, str, list[Finding]]]:
    """[(group key, heading, findings)] in the order of the round's focus areas; focus areas the
    round did not choose come next, findings without one last under 其他方面. Empty groups are
    left out."""
    areas = list(round.focus_areas.order_by("order", "id"))
    known = {a.pk for a in areas}
    extra = {
        f.focus_area_id: f.focus_area
        for f in findings
        if f.focus_area_id and f.focus_area_id not in known
    }
    areas += sorted(extra.values(), key=lambda a: (a.order, a.pk))
    groups = []
    for area in areas:
        members = [f for f in findings if f.focus_area_id == area.pk]
        if members:
            groups.append((f"area-{area.pk}", area_heading(area.text), members))
    other = [f for f in findings if f.focus_area_id is None]
    if other:
        groups.append(("area-other", OTHER_AREA, other))
    return groups


def finding_text(finding: Finding) -> str:
    """The facts of the paper, then the conduct judgment (mistake or dereliction, seed 001) in
    the findings app's wording."""
    from xuncha.findings.services_judgment import judgment_text

    paragraphs = lines(finding.facts) or [sentence(finding.title)]
    judged = judgment_text(finding)
    if judged:
        paragraphs.append(judged)
    return "\n".join(paragraphs)


def report_leads(inspection, user) -> list[Lead]:
    """Every lead of the inspection the leads report carries (withdrawn ones are not), through
    the leads' choke point: only for a reader who may see all of them."""
    from xuncha.leads.selectors import leads_for_report, with_details

    if user is None:  # the command line
        qs = with_details(
            Lead.objects.filter(inspection=inspection).exclude(status=Lead.Status.WITHDRAWN)
        ).order_by("number")
    else:
        qs = leads_for_report(user, inspection)
    return list(qs)


# --- Shared pieces ----------------------------------------------------------------------------


def _suggestion_sections(groups) -> list[dict]:
    """One section per focus area with suggestions: 一是…，二是… A paper's suggestions are
    split at line breaks and at "；"; the same suggestion written on several papers appears
    once."""
    from xuncha.core.text import compact

    out = []
    n = 0
    for key, heading, members in groups:
        seen, items = set(), []
        for finding in members:
            for part in (p for line in lines(finding.suggestion) for p in line.split("；")):
                mark = compact(part)
                if mark and mark not in seen:
                    seen.add(mark)
                    items.append(sentence(part))
        if not items:
            continue
        n += 1
        text = "\n".join(f"{cn_number(i)}是{item}" for i, item in enumerate(items, 1))
        out.append(section(f"suggest-{key}", f"（{cn_number(n)}）关于{heading}", 2, text))
    return out


def _work_done(figures: dict) -> str:
    parts = []
    if figures.get("interviews"):
        parts.append(f"个别谈话{figures['interviews']}人次")
    if figures.get("questionnaires_issued"):
        parts.append(
            f"发放调查问卷{figures['questionnaires_issued']}份"
            f"（回收{figures.get('questionnaires_returned', 0)}份）"
        )
    if figures.get("appraisals_issued"):
        parts.append(f"开展民主测评{figures['appraisals_issued']}份")
    if figures.get("petitions"):
        parts.append(f"受理信访举报{figures['petitions']}件")
    if figures.get("documents_read"):
        parts.append(f"调阅资料{figures['documents_read']}份")
    if figures.get("visits"):
        parts.append(f"实地走访{figures['visits']}次")
    if figures.get("symposiums"):
        parts.append(f"召开座谈会{figures['symposiums']}次")
    if not parts:
        return ""
    return f"巡察期间，巡察组通过{'、'.join(parts)}等方式，深入了解被巡察党组织情况。"


def _focus_sentence(round) -> str:
    areas = [
        area_heading(a.text).removesuffix("方面") for a in round.focus_areas.order_by("order", "id")
    ]
    if not areas:
        return ""
    # Focus texts often contain 和 themselves: list them with the enumeration comma.
    return f"巡察组紧扣被巡察党组织职能责任，重点围绕{'、'.join(areas)}等方面开展监督检查。"


# --- Inspection report ----------------------------------------------------------------------


def inspection_report(inspection) -> Assembled:
    from xuncha.fieldwork.statistics import inspection_statistics

    r, target = inspection.round, inspection.target
    start, end = inspection.window
    figures = inspection_statistics([inspection.pk])[inspection.pk]
    findings = confirmed_findings([inspection.pk])
    groups = group_by_area(r, findings)

    kind = ROUND_KIND.get(r.kind, "")
    preamble = (
        f"根据{r.jurisdiction.name}巡察工作统一部署，{inspection.team.name}于"
        f"{chinese_period(start, end)}对{target.name}党组织开展了{kind}巡察。"
        f"{_focus_sentence(r)}\n现将巡察情况报告如下。"
    )
    basic = []
    facts = []
    if target.headcount:
        facts.append(f"干部职工{target.headcount}人")
    if target.party_members:
        facts.append(f"党员{target.party_members}名")
    leaders = target.leadership.count()
    if leaders:
        facts.append(f"领导班子成员{leaders}名")
    if facts:
        basic.append(f"{target.name}现有{'、'.join(facts)}。")
    work = _work_done(figures)
    if work:
        basic.append(work)
    sections = [
        section("preamble", "", 0, preamble),
        section("basic", "一、基本情况和总体评价", 1, "\n".join(basic)),
        section(ASSESSMENT, "", 0, "", generated=False),
    ]
    if findings:
        intro = (
            f"巡察发现，{target.name}党组织在{len(groups)}个方面存在{len(findings)}个"
            "问题，主要表现在："
        )
    else:
        intro = "巡察组尚未确认问题。"
    sections.append(section("problems", "二、发现的主要问题", 1, intro))
    for n, (key, heading, members) in enumerate(groups, 1):
        sections.append(section(key, f"（{cn_number(n)}）{heading}", 2, ""))
        for i, finding in enumerate(members, 1):
            sections.append(
                section(f"finding-{finding.pk}", f"{i}.{finding.title}", 3, finding_text(finding))
            )
    sections.append(
        section("suggestions", "三、意见建议", 1, "针对巡察发现的问题，巡察组提出以下意见建议。")
    )
    sections += _suggestion_sections(groups)
    return Assembled(
        title=f"关于巡察{target.name}党组织的情况报告",
        sections=sections,
        findings=[f.pk for g in groups for f in g[2]],
    )


# --- Leads report ---------------------------------------------------------------------------


def lead_heading(summary: dict) -> str:
    return f"关于{summary['subjects']}的问题线索" if summary["subjects"] else "问题线索"


def lead_text(lead: Lead, summary: dict) -> str:
    out = []
    if summary["source_kind"] or summary["source"]:
        # `source` already names each source's kind ("信访举报：…").
        out.append(f"线索来源：{summary['source'] or summary['source_kind'] or '其他'}。")
    out.append("主要内容：" + sentence(" ".join(lines(summary["content"]))))
    if summary["assessment"]:
        out.append("初步分析：" + sentence(" ".join(lines(summary["assessment"]))))
    proposal = f"拟移交{summary['proposed_receiver']}"
    if summary["proposed_disposal"]:
        proposal += f"，建议{summary['proposed_disposal']}"
    out.append(proposal + "。")
    if lead.status == Lead.Status.HANDED_OVER:
        out.append("该线索已经领导小组批准于巡察期间移交。")
    return "\n".join(out)


def leads_report(inspection, user) -> Assembled:
    from xuncha.leads.selectors import lead_summary

    leads = report_leads(inspection, user)
    target = inspection.target
    if leads:
        preamble = (
            f"{inspection.team.name}在对{target.name}党组织开展巡察期间，共发现问题线索"
            f"{len(leads)}件。根据巡察工作有关规定，现将问题线索情况报告如下。"
        )
    else:
        preamble = f"{inspection.team.name}在对{target.name}党组织开展巡察期间，未发现问题线索。"
    sections = [section("preamble", "", 0, preamble)]
    receivers: Counter = Counter()
    for n, lead in enumerate(leads, 1):
        summary = lead_summary(lead)
        receivers[summary["proposed_receiver"]] += 1
        sections.append(
            section(
                f"lead-{lead.pk}",
                f"（{cn_number(n)}）{lead_heading(summary)}",
                2,
                lead_text(lead, summary),
            )
        )
    if leads:
        split = "、".join(f"{name}{count}件" for name, count in receivers.items() if name)
        total = f"以上问题线索共{len(leads)}件，其中拟移交{split}。"
        sections.append(section("totals", "", 0, total))
    return Assembled(
        title=f"关于巡察{target.name}党组织发现问题线索的报告",
        sections=sections,
        leads=[lead.pk for lead in leads],
    )


# --- Special-topic report -------------------------------------------------------------------


def special_topic_report(round, inspections, team=None) -> Assembled:
    """The common problems (scope=common) of the given inspections of the round."""
    inspections = list(inspections)
    findings = confirmed_findings([i.pk for i in inspections], scope="common")
    groups = group_by_area(round, findings)
    targets = [i.target.name for i in inspections]
    who = team.name if team else "各巡察组"
    preamble = (
        f"{round.name}中，{who}对{'、'.join(targets[:5])}"
        f"{'等' if len(targets) > 1 else ''}{len(targets)}个单位党组织开展了巡察。"
        "在梳理发现问题的基础上，现将带有共性的问题报告如下。"
    )
    sections = [section("preamble", "", 0, preamble)]
    n = 0
    for n, (key, heading, members) in enumerate(groups, 1):
        where = list(dict.fromkeys(f.inspection.target.name for f in members))
        spread = f"{'、'.join(where)}{'等' if len(where) > 1 else ''}{len(where)}个单位"
        sections.append(
            section(key, f"{cn_number(n)}、{heading}", 1, f"此类问题在{spread}中均有发现。")
        )
        for i, finding in enumerate(members, 1):
            sections.append(
                section(
                    f"finding-{finding.pk}",
                    f"{i}.{finding.title}（{finding.inspection.target.name}）",
                    3,
                    finding_text(finding),
                )
            )
    if not groups:
        sections.append(section("problems", "", 0, "各巡察组尚未确认共性问题。"))
    suggestions = _suggestion_sections(groups)
    sections.append(
        section(
            "suggestions",
            f"{cn_number(n + 1)}、意见建议",
            1,
            "针对上述共性问题，提出以下意见建议。",
        )
    )
    sections += suggestions
    title = f"关于{round.name}发现共性问题的专题报告"
    if team:
        title = f"{team.name}关于{round.name}发现共性问题的专题报告"
    return Assembled(title=title, sections=sections, findings=[f.pk for g in groups for f in g[2]])


# --- Summary report -------------------------------------------------------------------------


def summary_counts(inspection_ids) -> dict[int, dict]:
    """{inspection id: {"total", "fixes", "areas": {focus area id or None: count}}} of the
    confirmed findings, in two queries."""
    from django.db.models import Count

    out = {pk: {"total": 0, "fixes": 0, "areas": {}} for pk in inspection_ids}
    rows = (
        Finding.objects.filter(inspection_id__in=inspection_ids, status=Finding.Status.CONFIRMED)
        .values("inspection_id", "focus_area_id")
        .annotate(n=Count("id"))
    )
    for row in rows:
        entry = out[row["inspection_id"]]
        entry["areas"][row["focus_area_id"]] = row["n"]
        entry["total"] += row["n"]
    fixes = (
        Finding.objects.filter(
            inspection_id__in=inspection_ids,
            status=Finding.Status.CONFIRMED,
            disposition=Disposition.IMMEDIATE_FIX,
        )
        .values("inspection_id")
        .annotate(n=Count("id"))
    )
    for row in fixes:
        out[row["inspection_id"]]["fixes"] = row["n"]
    return out


def _area_split(round, areas: dict, names: dict) -> str:
    ordered = [a.pk for a in round.focus_areas.order_by("order", "id")]
    keys = ordered + sorted(k for k in areas if k is not None and k not in ordered) + [None]
    parts = [f"{names.get(k, OTHER_AREA)}{areas[k]}个" for k in keys if areas.get(k)]
    return "、".join(parts)


def summary_report(round) -> Assembled:
    from xuncha.plans.models import FocusArea

    inspections = list(
        round.inspections.select_related("target", "team").order_by("team__number", "target__path")
    )
    counts = summary_counts([i.pk for i in inspections])
    area_ids = {k for c in counts.values() for k in c["areas"] if k is not None}
    names = {a.pk: area_heading(a.text) for a in FocusArea.objects.filter(pk__in=area_ids)}
    teams = len({i.team_id for i in inspections})
    preamble = (
        f"根据{round.jurisdiction.name}巡察工作安排，{round.name}于"
        f"{chinese_period(round.starts_on, round.ends_on)}开展，共派出{teams}个巡察组，"
        f"对{len(inspections)}个单位党组织开展了{ROUND_KIND.get(round.kind, '')}巡察。"
        "现将有关情况报告如下。"
    )
    total = sum(c["total"] for c in counts.values())
    fixes = sum(c["fixes"] for c in counts.values())
    all_areas: Counter = Counter()
    for c in counts.values():
        all_areas.update({k: v for k, v in c["areas"].items()})
    overview = f"各巡察组共确认问题{total}个"
    split = _area_split(round, dict(all_areas), names)
    overview += f"，其中{split}" if split else ""
    overview += f"；立行立改{fixes}个。" if fixes else "。"
    sections = [
        section("preamble", "", 0, preamble),
        section("overview", "一、巡察发现问题情况", 1, overview),
    ]
    for n, inspection in enumerate(inspections, 1):
        c = counts[inspection.pk]
        start, end = inspection.window
        text = f"{inspection.team.name}于{chinese_period(start, end)}对其开展巡察，"
        if c["total"]:
            text += f"确认问题{c['total']}个"
            split = _area_split(round, c["areas"], names)
            text += f"，其中{split}" if split else ""
            text += f"；立行立改{c['fixes']}个。" if c["fixes"] else "。"
        else:
            text += "尚未确认问题。"
        sections.append(
            section(
                f"inspection-{inspection.pk}",
                f"（{cn_number(n)}）{inspection.target.name}",
                2,
                text,
            )
        )
    sections.append(section(NEXT_STEPS, "二、下一步工作", 1, "", generated=False))
    return Assembled(title=f"关于{round.name}情况的综合报告", sections=sections)


def assemble(
    kind: str, *, round, inspection=None, team=None, inspections=None, user=None
) -> Assembled:
    """The report of `kind` as the records stand; `user` is the author (the leads report
    reads the leads through their choke point with it)."""
    if kind == ReportKind.INSPECTION:
        return inspection_report(inspection)
    if kind == ReportKind.LEADS:
        return leads_report(inspection, user)
    if kind == ReportKind.SPECIAL_TOPIC:
        return special_topic_report(round, inspections or [], team)
    return summary_report(round)


def merge(old: list[dict], new: list[dict]) -> tuple[list[dict], list[str]]:
    """The newly assembled sections with the team's work kept: free text as the team wrote it,
    and a generated section the team changed stays as they wrote it. Returns the sections and
    the headings of kept sections whose source changed meanwhile (for the team to check)."""
    before = {s["key"]: s for s in old}
    out, conflicts = [], []
    for s in new:
        s = dict(s)
        o = before.get(s["key"])
        if o is not None:
            if s["generated"] is None:
                s["text"] = o["text"]
            elif o.get("generated") is not None and o["text"] != o["generated"]:
                if s["generated"] != o["generated"]:
                    conflicts.append(section_label(s))
                s["text"] = o["text"]
        out.append(s)
    return out, conflicts


def is_edited(s: dict) -> bool:
    return s.get("generated") is not None and s["text"] != s["generated"]
