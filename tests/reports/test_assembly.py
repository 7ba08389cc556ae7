"""Assembling reports from the working papers: the official outline, grouping by the round's
focus areas in their order, only confirmed findings, never a lead in the inspection report;
the leads, special-topic and summary reports; re-assembly keeping the team's text."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.reports.helpers import finding, lead
from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork.models import FieldVisit, Meeting
from xuncha.findings.models import Finding
from xuncha.reports import services
from xuncha.reports.models import Report, ReportItem, ReportVersion
from xuncha.reports.selectors import viewer_sections


def _sections(report):
    return services.latest_version(report).sections


def _keys(report):
    return [s["key"] for s in _sections(report)]


def _headings(report):
    return [s["heading"] for s in _sections(report) if s["heading"]]


@pytest.fixture
def papers(ns):
    """Findings of team A in every state, across the focus areas out of order, and a lead."""
    by = ns.member
    a1, a2, a3, _a4 = ns.areas
    ns.f_mass = finding(
        ns.a,
        1,
        "群众身边不正之风问题仍然存在",
        drafter=by,
        area=a2,
        suggestion="加强对基层站所的日常监督",
    )
    ns.f_policy = finding(
        ns.a,
        2,
        "落实乡村振兴决策部署不到位",
        drafter=by,
        area=a1,
        suggestion="压实主体责任；加强对基层站所的日常监督。",
    )
    ns.f_org = finding(
        ns.a, 3, "基层党组织“三会一课”流于形式", drafter=by, area=a3, judgment="mistake"
    )
    ns.f_none = finding(ns.a, 4, "财务报销审核把关不严", drafter=by)
    ns.f_policy2 = finding(ns.a, 5, "高标准农田建设项目推进迟缓", drafter=by, area=a1)
    ns.f_draft = finding(ns.a, 6, "尚在起草的问题", drafter=by, area=a1, status="draft")
    ns.f_pending = finding(
        ns.a, 7, "待组长审签的问题", drafter=by, area=a1, status="pending_leader"
    )
    ns.lead = lead(ns.a, 1, registered_by=by, content="反映某副局长收受工程老板好处费二万元")
    return ns


def test_inspection_report_follows_the_outline_and_the_focus_order(papers):
    ns = papers
    report = services.create_report(
        kind="inspection", round=ns.round, inspection=ns.a, actor=ns.member
    )
    assert report.title == "关于巡察甲一县农业农村局党组织的情况报告"
    assert _headings(report) == [
        "一、基本情况和总体评价",
        "二、发现的主要问题",
        "（一）贯彻落实党的路线方针政策和党中央决策部署方面",
        "1.落实乡村振兴决策部署不到位",
        "2.高标准农田建设项目推进迟缓",
        "（二）群众身边腐败问题和不正之风方面",
        "1.群众身边不正之风问题仍然存在",
        "（三）基层党组织软弱涣散、组织力欠缺问题方面",
        "1.基层党组织“三会一课”流于形式",
        "（四）其他方面",
        "1.财务报销审核把关不严",
        "三、意见建议",
        "（一）关于贯彻落实党的路线方针政策和党中央决策部署方面",
        "（二）关于群众身边腐败问题和不正之风方面",
    ]
    # Only confirmed findings, in report order; the lead never.
    items = list(report.items.order_by("position"))
    assert [i.finding_id for i in items] == [
        ns.f_policy.pk,
        ns.f_policy2.pk,
        ns.f_mass.pk,
        ns.f_org.pk,
        ns.f_none.pk,
    ]
    assert all(i.lead_id is None for i in items)
    text = "\n".join(s["text"] + s["heading"] for s in _sections(report))
    assert "尚在起草" not in text and "待组长审签" not in text
    assert "好处费" not in text
    # The opening names target, period and team; the conduct judgment is in the text.
    preamble = _sections(report)[0]["text"]
    assert (
        "甲一县委第一巡察组于2026年3月2日至4月17日对甲一县农业农村局党组织开展了常规巡察"
    ) in preamble
    assert "对照“三个区分开来”，刘某某（副局长）的问题" in text and "属于失误" in text
    # Suggestions: grouped by focus area, the same one written twice appears once.
    suggest = [s for s in _sections(report) if s["key"].startswith("suggest-")]
    assert suggest[0]["text"] == "一是压实主体责任。\n二是加强对基层站所的日常监督。"
    assert suggest[1]["text"] == "一是加强对基层站所的日常监督。"
    assert ReportVersion.objects.get(report=report).number == 1
    event = AuditEvent.objects.filter(event_type=EventType.REPORT_CREATED).order_by("seq").last()
    assert event.changes["items"] == 5 and event.unit_id == ns.a.target_id


def test_basic_situation_counts_the_stationing_records(ns):
    Meeting.objects.create(
        inspection=ns.a, kind="symposium", title="中层干部座谈会", held_on=ns.a.stationed_from
    )
    FieldVisit.objects.create(
        inspection=ns.a,
        kind="visit",
        visited_on=ns.a.stationed_from,
        place="某村",
        created_by=ns.member,
    )
    report = services.create_report(
        kind="inspection", round=ns.round, inspection=ns.a, actor=ns.member
    )
    basic = _sections(report)[1]
    assert basic["key"] == "basic"
    assert "实地走访1次" in basic["text"] and "召开座谈会1次" in basic["text"]
    # The overall assessment is the team's to write: empty and free text.
    assessment = _sections(report)[2]
    assert assessment["key"] == "assessment" and assessment["generated"] is None


def test_one_report_of_a_kind_and_who_may_create(papers):
    ns = papers
    before = (Report.objects.count(), AuditEvent.objects.count())
    for refused in (ns.personas.viewer_a, ns.personas.outsider, ns.member_b):
        with pytest.raises(PermissionDenied):
            services.create_report(
                kind="inspection", round=ns.round, inspection=ns.a, actor=refused
            )
    # A member may not assemble the leads report: only those who may see every lead.
    with pytest.raises(PermissionDenied):
        services.create_report(kind="leads", round=ns.round, inspection=ns.a, actor=ns.member)
    with pytest.raises(PermissionDenied):
        services.create_report(
            kind="leads", round=ns.round, inspection=ns.a, actor=ns.personas.office_a
        )
    assert (Report.objects.count(), AuditEvent.objects.count()) == before
    services.create_report(
        kind="inspection", round=ns.round, inspection=ns.a, actor=ns.personas.office_a
    )
    with pytest.raises(ValidationError):
        services.create_report(kind="inspection", round=ns.round, inspection=ns.a, actor=ns.member)
    with pytest.raises(ValidationError):  # an inspection report belongs to an inspection
        services.create_report(kind="inspection", round=ns.round, actor=ns.personas.office_a)


def test_leads_report_carries_every_lead(papers):
    ns = papers
    lead(
        ns.a,
        2,
        registered_by=ns.member,
        subjects=(("张某", "办公室主任"), ("王某", "")),
        receiver="organization_department",
        disposal="talk_inquiry",
        content="反映违规提拔干部",
    )
    lead(ns.a, 3, registered_by=ns.member, status="withdrawn", content="已撤回的线索")
    report = services.create_report(
        kind="leads", round=ns.round, inspection=ns.a, actor=ns.leader_a
    )
    assert report.title == "关于巡察甲一县农业农村局党组织发现问题线索的报告"
    assert _headings(report) == [
        "（一）关于刘某某（副局长）的问题线索",
        "（二）关于张某（办公室主任）、王某的问题线索",
    ]
    text = "\n".join(s["text"] for s in _sections(report))
    assert "共发现问题线索2件" in text
    assert "主要内容：反映某副局长收受工程老板好处费二万元。" in text
    assert "拟移交纪委监委，建议初步核实。" in text and "拟移交组织部，建议谈话函询。" in text
    assert "线索来源：信访举报。" in text
    assert "已撤回" not in text
    assert report.items.filter(lead__isnull=False).count() == 2
    assert not report.items.filter(finding__isnull=False).exists()


def test_special_topic_report_gathers_common_problems_of_the_round(papers):
    ns = papers
    Finding.objects.filter(pk__in=[ns.f_mass.pk, ns.f_none.pk]).update(scope="common")
    finding(ns.a2, 1, "政府采购管理不规范", drafter=ns.member, area=ns.areas[1], scope="common")
    finding(ns.a2, 2, "个性问题不入专题报告", drafter=ns.member, area=ns.areas[1])
    report = services.create_report(
        kind="special_topic", round=ns.round, actor=ns.personas.office_a
    )
    assert _headings(report) == [
        "一、群众身边腐败问题和不正之风方面",
        "1.群众身边不正之风问题仍然存在（甲一县农业农村局）",
        "2.政府采购管理不规范（甲一县财政局）",
        "二、其他方面",
        "1.财务报销审核把关不严（甲一县农业农村局）",
        "三、意见建议",
        "（一）关于群众身边腐败问题和不正之风方面",
    ]
    first = next(s for s in _sections(report) if s["key"].startswith("area-"))
    assert first["text"] == "此类问题在甲一县农业农村局、甲一县财政局等2个单位中均有发现。"
    # A team's special-topic report covers its own targets only; its member may draft it.
    mine = services.create_report(
        kind="special_topic", round=ns.round, team=ns.people.team_a1, actor=ns.member
    )
    assert mine.title.startswith("甲一县委第一巡察组关于")
    assert "甲一县财政局" not in "".join(_headings(mine))
    with pytest.raises(PermissionDenied):  # a team never drafts for the whole round
        services.create_report(kind="special_topic", round=ns.round, actor=ns.member)
    with pytest.raises(PermissionDenied):  # nor for another team
        services.create_report(kind="special_topic", round=ns.round, team=ns.team2, actor=ns.member)


def test_summary_report_counts_and_names_leads_only_to_those_who_may_see_them(papers):
    ns = papers
    Finding.objects.filter(pk=ns.f_org.pk).update(disposition="immediate_fix")
    report = services.create_report(kind="summary", round=ns.round, actor=ns.personas.head_a)
    overview = _sections(report)[1]["text"]
    assert overview == (
        "各巡察组共确认问题5个，其中贯彻落实党的路线方针政策和党中央决策部署方面"
        "2个、群众身边腐败问题和不正之风方面1个、基层党组织软弱涣散、组织力欠缺"
        "问题方面1个、其他方面1个；立行立改1个。"
    )
    stored = "".join(s["text"] for s in _sections(report))
    assert "线索" not in stored  # never stored: it depends on the reader
    version = services.latest_version(report)
    own = next(
        s
        for s in viewer_sections(report, version, ns.personas.head_a)
        if s["key"] == f"inspection-{ns.a.pk}"
    )
    assert own["viewer_only"] == "发现问题线索1件，已另行报告。"
    for reader in (ns.personas.office_a, ns.personas.viewer_a):
        shown = "".join(s["text"] for s in viewer_sections(report, version, reader))
        assert "线索" not in shown
    with pytest.raises(ValidationError):  # one summary per round
        services.create_report(kind="summary", round=ns.round, actor=ns.personas.office_a)
    with pytest.raises(PermissionDenied):
        services.create_report(kind="summary", round=ns.round, actor=ns.leader_a)


def test_reassembly_keeps_the_teams_text_and_follows_the_papers(papers):
    ns = papers
    report = services.create_report(
        kind="inspection", round=ns.round, inspection=ns.a, actor=ns.member
    )
    services.save_version(
        report,
        actor=ns.member,
        texts={
            "assessment": "该局党组总体上能够贯彻落实上级决策部署。",
            f"finding-{ns.f_mass.pk}": "经巡察组核实，某站所存在吃拿卡要问题。",
        },
    )
    # The papers change: one more confirmed, one reopened, one edited by the team's paper.
    added = finding(ns.a, 8, "干部选拔任用程序不规范", drafter=ns.member, area=ns.areas[2])
    Finding.objects.filter(pk=ns.f_none.pk).update(status="draft")
    Finding.objects.filter(pk=ns.f_mass.pk).update(facts="更新后的事实。")
    Finding.objects.filter(pk=ns.f_policy.pk).update(facts="底稿修改后的事实。")
    version, conflicts = services.reassemble(report, actor=ns.member)
    assert version.number == 3
    sections = {s["key"]: s for s in version.sections}
    assert sections["assessment"]["text"] == "该局党组总体上能够贯彻落实上级决策部署。"
    assert sections[f"finding-{ns.f_mass.pk}"]["text"] == "经巡察组核实，某站所存在吃拿卡要问题。"
    assert conflicts == ["1.群众身边不正之风问题仍然存在"]
    assert sections[f"finding-{ns.f_policy.pk}"]["text"] == "底稿修改后的事实。"
    assert f"finding-{added.pk}" in sections and f"finding-{ns.f_none.pk}" not in sections
    assert "（四）其他方面" not in [s["heading"] for s in version.sections]
    # The reopened paper's item stays on record, out of the report.
    assert not ReportItem.objects.get(report=report, finding=ns.f_none).active
    assert ReportItem.objects.get(report=report, finding=added).active
    with pytest.raises(ValidationError):  # nothing new the second time
        services.reassemble(report, actor=ns.member)
