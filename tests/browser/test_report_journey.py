"""Issue 5 in a real browser: the evening problem lists become working papers signed off by the
deputy leader and the leader, the inspection report is assembled from them and approved by the
leading group, and its Word file is laid out per GB/T 9704 (rendered to PNG to show the Chinese
is drawn). A lead registered by a member stays invisible to everyone outside the grant."""

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from docx import Document
from playwright.sync_api import Page, expect

from tests.browser.test_login_tree import current_code, sign_in
from tests.factories import make_cadre, make_people, make_plans, make_user
from tests.matrix.duties import staff_rounds
from xuncha.accounts.roles import Role
from xuncha.fieldwork import services_briefing as briefing
from xuncha.fieldwork.models import DraftProblem
from xuncha.findings.models import Finding, FindingReview
from xuncha.leads.models import Lead
from xuncha.people.models import Cadre
from xuncha.plans.models import FocusArea, Inspection, PlanningSettings, Stage
from xuncha.reports.models import Report
from xuncha.staffing.models import MemberRole, TeamMember

pytestmark = pytest.mark.browser

DAY = date(2026, 4, 8)
PROBLEMS = ("违规发放农机购置补贴", "公务接待超标准")
SECRET_NAME, SECRET_TEXT = "钱秘密", "收受农机经销商礼金二十万元"
CJK_FONT = re.compile(r"CJK|FangSong|SimSun|SimHei|KaiTi|FZ|仿宋|宋体|黑体|楷体|小标宋", re.I)
PAPER = {
    "#id_basis": "违反《中国共产党纪律处分条例》第一百零五条。",
    "#id_cause": "主体责任落实不到位，内控制度执行不严。",
    "#id_harm": "损害群众利益，影响党委政府形象。",
    "#id_suggestion": "全面清理，追回违规资金，建立长效机制。",
}


def _world(tree, personas) -> SimpleNamespace:
    """County A1's stationed inspection with a leader (leader_a1), a deputy (deputy_a1) and a
    member (member_a1), two focus areas, and the evening's two problems, each resting on two
    sources and corroborated by the deputy."""
    people, county = make_people(tree), tree.county_a1
    ns = SimpleNamespace(tree=tree, personas=personas, people=people)
    ns.plans = make_plans(tree, people)
    staff_rounds(ns)
    Inspection.objects.filter(pk=ns.plans.inspection_a1.pk).update(
        stage=Stage.STATIONED, stationed_from=date(2026, 3, 2), stationed_until=date(2026, 4, 17)
    )
    ns.inspection = Inspection.objects.get(pk=ns.plans.inspection_a1.pk)
    leader = make_user(
        "leader_a1", unit=county, full_name="张建国", roles=[(Role.TEAM_LEADER, county)]
    )
    Cadre.objects.filter(pk=people.in_a1.pk).update(user=leader)
    cadre = make_cadre(county, "孙副组长", post="纪委常委")
    seat = {"round": ns.plans.round_a1, "team": people.team_a1}
    TeamMember.objects.create(**seat, cadre=cadre, role=MemberRole.DEPUTY_LEADER)
    deputy = make_user(
        "deputy_a1", unit=county, full_name="孙副组长", roles=[(Role.DEPUTY_LEADER, county)]
    )
    Cadre.objects.filter(pk=cadre.pk).update(user=deputy)
    texts = ("聚焦群众身边腐败问题和不正之风", "聚焦作风建设")
    areas = [
        FocusArea.objects.create(jurisdiction=county, group="四个聚焦", text=text, order=n)
        for n, text in enumerate(texts, 1)
    ]
    ns.plans.round_a1.focus_areas.set(areas)
    # Without the secretary's meeting, the leading group's approval completes the report.
    chain = "team_meeting,office_consultation,leading_group"
    PlanningSettings.objects.create(jurisdiction=county, report_approval_chain=chain)
    ns.problems = []
    for summary, area in zip(PROBLEMS, areas, strict=True):
        sources = [
            {"kind": "interview", "label": f"与农机站站长谈话：{summary}"},
            {"kind": "document", "label": f"2025年度会计凭证：{summary}"},
        ]
        problem = briefing.raise_problem(
            ns.inspection, actor=personas.member_a1, day=DAY, subgroup="finance",
            summary=summary, focus_area=area, sources=sources,
        )  # fmt: skip
        ns.problems.append(briefing.corroborate(problem, actor=deputy))
    return ns


def _as(page: Page, base: str, username: str, errors: list, *, tab: Page | None = None) -> Page:
    """A browser of its own for each person, signed in (with the second factor if asked)."""
    if tab is None:
        context = page.context.browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
        tab = context.new_page()
        tab.on("console", lambda m: m.type == "error" and "Content Security Policy" in m.text
               and errors.append(m.text))  # fmt: skip
    sign_in(tab, base, username)
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/otp/" in tab.url:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        tab.fill("#id_token", current_code(device))
        tab.locator("form.stacked button[type=submit]").click()
        tab.wait_for_url(lambda url: "/accounts/otp/" not in url)
    return tab


def _post(tab: Page, action: str) -> None:
    """Press the button of the form posting to `action` and wait for the page it leads to."""
    with tab.expect_navigation():
        tab.locator(f"form[action='{action}'] button[type=submit]").first.click()


def _hearing(tab: Page, base: str, report: Report) -> None:
    tab.goto(f"{base}/reports/{report.pk}/")
    tab.locator("a[href^='/reports/steps/']").click()
    tab.fill("#id_held_on", timezone.localdate().isoformat())
    tab.locator("input[name=decision][value=approve]").check()
    tab.locator("main form.stacked button[type=submit]").click()
    expect(tab).to_have_url(f"{base}/reports/{report.pk}/")


def test_from_problem_lists_to_an_approved_report_in_word(
    page: Page, live_server, transactional_db, personas, tree, csp_errors, tmp_path
):
    ns = _world(tree, personas)
    base, pk = live_server.url, ns.inspection.pk
    leader = _as(page, base, "leader_a1", csp_errors, tab=page)
    member = _as(page, base, "member_a1", csp_errors)
    deputy = _as(page, base, "deputy_a1", csp_errors)

    # The evening briefing: the leader hands the confirmed problems on to the findings.
    leader.goto(f"{base}/fieldwork/inspections/{pk}/briefing/?day={DAY.isoformat()}")
    for problem in ns.problems:
        leader.locator(f"input[name=problem][value='{problem.pk}']").check()
    with leader.expect_navigation():
        leader.locator("button[form=handoff]").click()
    assert set(DraftProblem.objects.values_list("status", flat=True)) == {"handed_off"}

    # The member opens the paper of each problem "to be drafted", writes it and submits it.
    for n, problem in enumerate(ns.problems, 1):
        member.goto(f"{base}/findings/inspections/{pk}/")
        _post(member, f"/findings/problems/{problem.pk}/start/")
        expect(member).to_have_url(re.compile(r"/findings/\d+/edit/$"))
        expect(member.locator("#id_title")).to_have_value(problem.summary)
        for selector, text in PAPER.items():
            member.fill(selector, text)
        member.fill("#id_facts", f"2025年，该局第{n}项问题涉及金额{n * 12}万元，经查账核实。")
        member.select_option("#id_discipline", "integrity")
        member.select_option("#id_scope", "individual")
        member.locator("form.paper-form button[type=submit]").click()
        expect(member).to_have_url(re.compile(r"/findings/\d+/$"))
        finding = Finding.objects.get(draft_problem=problem)
        _post(member, f"/findings/{finding.pk}/submit/")
        finding.refresh_from_db()
        assert finding.status == "pending_deputy" and finding.focus_area == problem.focus_area
        assert finding.cause == PAPER["#id_cause"] and finding.discipline == "integrity"
    findings = list(Finding.objects.order_by("number"))
    assert [f.title for f in findings] == list(PROBLEMS)

    # The deputy leader approves, the leader confirms.
    for tab, step in ((deputy, "approve"), (leader, "confirm")):
        for f in findings:
            tab.goto(f"{base}/findings/{f.pk}/")
            _post(tab, f"/findings/{f.pk}/{step}/")
    assert set(Finding.objects.values_list("status", flat=True)) == {"confirmed"}
    assert list(
        FindingReview.objects.filter(finding=findings[0]).values_list("step", "reviewer__username")
    ) == [("submit", "member_a1"), ("deputy_approve", "deputy_a1"), ("leader_confirm", "leader_a1")]

    # The leader assembles the inspection report, writes the overall assessment, submits it.
    leader.goto(f"{base}/reports/inspections/{pk}/")
    with leader.expect_navigation():
        leader.locator("form:has(input[name=kind][value=inspection]) button").click()
    report = Report.objects.get(kind="inspection")
    leader.locator(f"a[href='/reports/{report.pk}/edit/']").click()
    leader.fill("#id_s_assessment", "该局党组能够贯彻落实上级决策部署，但仍存在一些问题。")
    leader.locator("form.report-edit button[type=submit]").click()
    expect(leader).to_have_url(f"{base}/reports/{report.pk}/")
    _post(leader, f"/reports/{report.pk}/submit/")
    # The team meeting (the leader), the office's consultation, the leading group's hearing.
    office = _as(page, base, "office_a", csp_errors)
    group = _as(page, base, "viewer_a", csp_errors)
    for tab in (leader, office, group):
        _hearing(tab, base, report)
    report.refresh_from_db()
    assert report.status == "approved"
    assert list(report.steps.values_list("stage", "status", "recorded_by__username")) == [
        ("team_meeting", "approved", "leader_a1"),
        ("office_consultation", "approved", "office_a"),
        ("leading_group", "approved", "viewer_a"),
    ]

    path = tmp_path / "report.docx"
    with group.expect_download() as download:
        group.locator(f"a[href='/reports/{report.pk}/download/docx/']").click()
    download.value.save_as(path)
    _check_word(path, report.title, [f.title for f in findings])
    pdf_link = group.locator(f"a[href='/reports/{report.pk}/download/pdf/']")
    if pdf_link.count():  # the PDF of the same content, where PDF generation is installed
        with group.expect_download() as download:
            pdf_link.click()
        download.value.save_as(tmp_path / "direct.pdf")
        _check_pdf(tmp_path / "direct.pdf", report.title)
    outsiders = {"member": member, "deputy": deputy, "office": office, "leading group": group}
    _check_lead_confidentiality(ns, base, leader, outsiders)
    assert csp_errors == []
    for tab in (member, deputy, office, group):
        tab.context.close()
    _check_rendering(path, report.title, tmp_path)  # last: it skips without LibreOffice


def _check_word(path: Path, title: str, titles: list[str]) -> None:
    """GB/T 9704: A4, margins 37/35/28/26 mm, the title, the findings under part two."""
    doc = Document(str(path))
    for s in doc.sections:
        sizes = (s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin,
                 s.right_margin)  # fmt: skip
        assert [round(v.mm) for v in sizes] == [210, 297, 37, 35, 28, 26]
    texts = [(p.style.name, p.text.strip()) for p in doc.paragraphs if p.text.strip()]
    assert texts[0] == ("Title", title)
    start = texts.index(("Heading 1", "二、发现的主要问题"))
    end = next(i for i, (style, _t) in enumerate(texts) if i > start and style == "Heading 1")
    found = [t for style, t in texts[start:end] if style == "Heading 3"]
    assert [re.sub(r"^\d+\.", "", t) for t in found] == titles


def _run(*args: str, env: dict | None = None) -> str:
    result = subprocess.run(  # noqa: S603 (fixed tools on files the test wrote)
        [shutil.which(args[0]), *args[1:]], capture_output=True, check=True, timeout=180, env=env
    )
    return result.stdout.decode()


def _check_pdf(pdf: Path, title: str) -> None:
    """Every font embedded, a CJK one among them, and the title's Chinese in the text."""
    fonts = _run("pdffonts", str(pdf)).splitlines()
    emb = fonts[0].index("emb")
    rows = [(line.split()[0], line[emb : emb + 3]) for line in fonts[2:] if line.strip()]
    assert rows and all(embedded == "yes" for _name, embedded in rows), rows
    assert any(CJK_FONT.search(name) for name, _e in rows), rows
    assert title in "".join(_run("pdftotext", str(pdf), "-").split())


def _check_rendering(path: Path, title: str, tmp_path: Path) -> None:
    """LibreOffice lays the Word file out as a person's Word would: `_check_pdf`, and ink in the
    upper third of the first page (the title is drawn, not blank)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is missing: apt-get install libreoffice-writer-nogui")
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    _run("soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{home}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path), env=env)  # fmt: skip
    pdf = path.with_suffix(".pdf")
    _check_pdf(pdf, title)
    _run("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page"))
    png = next(tmp_path.glob("page*.png"))
    from PIL import Image

    with Image.open(png) as image:
        gray = image.convert("L")
        upper = gray.crop((0, 0, gray.width, gray.height // 3))
        assert sum(upper.histogram()[:128]) > 200, f"the upper third of {png} is blank"


def _check_lead_confidentiality(ns, base: str, leader: Page, outsiders: dict[str, Page]):
    """The member registers a lead and sees only the confirmation; the leader reads it and
    assembles the leads report; for the member, the deputy, the office's staff and the leading
    group, every page reads word for word as before the lead existed, and the leads report is
    not there."""
    pk, member = ns.inspection.pk, outsiders["member"]
    pages = ("/leads/", f"/leads/inspections/{pk}/", f"/reports/inspections/{pk}/",
             f"/fieldwork/inspections/{pk}/")  # fmt: skip

    def texts(tab: Page) -> list:
        return [
            (tab.goto(f"{base}{url}").status, tab.locator("main").inner_text()) for url in pages
        ]

    before = {who: texts(tab) for who, tab in outsiders.items()}
    assert {status for rows in before.values() for status, _text in rows} == {200}
    member.goto(f"{base}/leads/inspections/{pk}/new/")
    member.fill("#id_subjects-0-name", SECRET_NAME)
    member.fill("#id_subjects-0-post", "局长")
    member.select_option("#id_source_kind", "petition")
    member.fill("#id_source_label", "县纪委转来的举报信")
    member.fill("#id_content", SECRET_TEXT)
    member.locator("main form.stacked button[type=submit]").click()
    expect(member).to_have_url(f"{base}/leads/inspections/{pk}/registered/")
    body = member.locator("body").inner_text()
    assert SECRET_NAME not in body and SECRET_TEXT not in body
    assert Lead.objects.get().content == SECRET_TEXT

    leader.goto(f"{base}/leads/inspections/{pk}/")
    expect(leader.locator("main")).to_contain_text(SECRET_NAME)
    leader.goto(f"{base}/reports/inspections/{pk}/")
    with leader.expect_navigation():
        leader.locator("form:has(input[name=kind][value=leads]) button").click()
    leads_report = Report.objects.get(kind="leads")
    expect(leader.locator("main")).to_contain_text(SECRET_NAME)

    # Neither a word, a count nor a link tells the member or the office that a lead exists.
    for who, tab in outsiders.items():
        assert texts(tab) == before[who], who
        tab.goto(f"{base}/reports/inspections/{pk}/")
        html = tab.content()
        assert leads_report.title not in html and f"/reports/{leads_report.pk}/" not in html, who
        assert tab.goto(f"{base}/reports/{leads_report.pk}/").status == 404, who
