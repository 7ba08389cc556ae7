"""The petition register in a real browser: the team leader registers a named letter, the page
shows it without the reporter's name, and the identity appears (htmx, audited) only when asked
for; no Content Security Policy violation on the way."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import (  # noqa: F401 -- the browser fixtures
    browser_context_args,
    browser_type_launch_args,
    csp_errors,
)
from tests.browser.test_login_tree import current_code, sign_in
from tests.petitions.conftest import REPORTER
from xuncha.audit.models import AuditEvent, EventType

pytestmark = pytest.mark.browser


def test_leader_registers_a_letter_and_reveals_the_reporter(
    page: Page,
    live_server,
    transactional_db,
    ns,
    csp_errors,  # noqa: F811
):
    base = live_server.url
    sign_in(page, base, "leader_a1")
    page.fill("#id_token", current_code(TOTPDevice.objects.get(user=ns.leader)))
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(f"{base}/")

    page.goto(f"{base}/petitions/inspections/{ns.inspection.pk}/")
    page.locator("a.button[href$='/new/']").click()
    page.fill("#id_received_on", "2026-03-05")
    page.select_option("#id_channel", "letter")
    page.locator("input[name=reporter][value=named]").check()
    page.fill("#id_summary", "反映局长违规收受礼金")
    page.fill("#id_content", "信访人反映该局局长在项目验收中收受礼金。")
    page.fill("#id_subjects-0-name", "钱局长")
    page.fill("#id_subjects-0-post", "局长")
    page.fill("#id_identity-name", REPORTER)
    page.fill("#id_identity-phone", "13800001111")
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/petitions/\d+/$"))
    expect(page.locator("h1")).to_contain_text("信访件第1号")
    expect(page.locator("main")).not_to_contain_text(REPORTER)

    page.fill("#identity input[name=purpose]", "安排谈话")
    page.locator("#identity button[type=submit]").click()
    expect(page.locator("#identity")).to_contain_text(REPORTER)
    expect(page).to_have_url(re.compile(r"/petitions/\d+/$"))  # swapped in, not a new page
    assert AuditEvent.objects.filter(event_type=EventType.REPORTER_IDENTITY_VIEWED).count() == 1

    page.goto(f"{base}/petitions/inspections/{ns.inspection.pk}/")
    expect(page.locator("table.register")).to_contain_text("反映局长违规收受礼金")
    assert csp_errors == []
