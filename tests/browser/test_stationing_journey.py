"""A stationing day of issue 4 in a real browser: a team member records the morning's interview,
a questionnaire is answered through its one-time link (once, and only once, without an
account), and the evening briefing turns the day's material into the day's problem list."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.test_login_tree import current_code, sign_in
from tests.factories import make_people, make_plans
from tests.matrix.duties import staff_rounds
from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork.models import DraftProblem
from xuncha.interviews import services as interview_services
from xuncha.interviews.models import Interview, PostCategory
from xuncha.surveys import services as survey_services
from xuncha.surveys.models import Survey, SurveyResponse

pytestmark = pytest.mark.browser

DAY = date(2026, 4, 8)


def test_a_stationing_day_from_interview_to_problem_list(
    page: Page, live_server, transactional_db, personas, tree, csp_errors
):
    people = make_people(tree)
    plans = make_plans(tree, people)
    ns = SimpleNamespace(tree=tree, personas=personas, people=people, plans=plans)
    staff_rounds(ns)
    inspection = plans.inspection_a1
    person = interview_services.add_interviewee(
        inspection, actor=None, name="钱进", post="农机化科科长", category=PostCategory.KEY_POST,
        planned_on=DAY,
    )
    survey = survey_services.create_survey(inspection, actor=None, kind=Survey.Kind.QUESTIONNAIRE)
    [token] = survey_services.issue_links(survey, 1, actor=None)
    base = live_server.url
    member = personas.member_a1

    # Morning: the member signs in and records the interview (one asks, one records).
    sign_in(page, base, "member_a1")
    device = TOTPDevice.objects.filter(user=member, confirmed=True).first()
    if device is not None:
        page.fill("#id_token", current_code(device))
        page.locator("form.stacked button[type=submit]").click()
    page.goto(f"{base}/fieldwork/inspections/{inspection.pk}/")
    page.locator(f"a[href='/interviews/inspections/{inspection.pk}/']").first.click()
    expect(page.locator("main")).to_contain_text("钱进")
    page.goto(f"{base}/interviews/inspections/{inspection.pk}/records/add/")
    page.select_option("#id_interviewee", str(person.pk))
    page.fill("#id_held_on", DAY.isoformat())
    page.select_option("#id_asker", str(people.in_a2.pk))
    page.select_option("#id_recorder", str(people.in_a1.pk))
    page.fill("#id_record", "问：请谈谈农机购置补贴发放情况。\n答：部分补贴对象未实际购机。")
    page.fill("#id_summary", "反映农机购置补贴发放审核不严")
    page.fill("#id_problems", "部分补贴对象未实际购机")
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/interviews/records/\d+/$"))
    interview = Interview.objects.get()
    assert interview.interviewee == person and interview.held_on == DAY
    # Opening the record left an audit event.
    assert AuditEvent.objects.filter(event_type=EventType.INTERVIEW_VIEWED,
                                     object_id=str(interview.pk)).exists()

    # Meanwhile, a cadre of the unit answers the questionnaire on a phone, without an account.
    public = page.context.browser.new_context(locale="zh-CN")
    phone = public.new_page()
    phone.goto(f"{base}/s/{token}/")
    expect(phone.locator("h1")).to_contain_text(survey.title)
    phone.locator("fieldset.surveys-q input[type=radio][value=no]").first.check()
    phone.locator("button.sp-submit").click()
    expect(phone).to_have_url(re.compile(r"/s/thanks/$"))
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    response = phone.goto(f"{base}/s/{token}/")
    assert response.status == 410  # the link answers once only
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    public.close()

    # Evening: the briefing gathers the day's material; the member raises a problem from it.
    page.goto(f"{base}/fieldwork/inspections/{inspection.pk}/briefing/?day={DAY.isoformat()}")
    expect(page.locator("main")).to_contain_text("钱进")
    page.locator("#raise input[name=material]").first.check()
    page.select_option("#id_subgroup", "finance")
    page.fill("#id_summary", "农机购置补贴发放审核把关不严")
    page.locator("#raise button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("农机购置补贴发放审核把关不严")
    problem = DraftProblem.objects.get()
    assert problem.sources.get().object_id == interview.pk

    # The day's problem list, on the page and as a Word file.
    page.goto(f"{base}/fieldwork/inspections/{inspection.pk}/problem-list/?day={DAY.isoformat()}")
    expect(page.locator("main")).to_contain_text("财务审计组")
    expect(page.locator("main")).to_contain_text("农机购置补贴发放审核把关不严")
    with page.expect_download() as download:
        page.locator("a[href*='problem-list.docx']").first.click()
    assert download.value.suggested_filename.endswith(".docx")
    assert csp_errors == []
