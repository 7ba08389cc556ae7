"""Journeys through a real browser: sign in with the second factor and find a unit in the
organization tree; enrol an authenticator on first sign-in."""

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, make_user
from xuncha.accounts.roles import Role

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/xuncha-tree.png"
HAN = re.compile(r"[\u4e00-\u9fff]")


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app would show now for this device."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    # The words too, not only the attribute: the zh-hans catalogue is compiled and used.
    expect(page.locator("h1")).to_have_text(HAN)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form.stacked button[type=submit]").click()


def test_office_staff_signs_in_with_totp_and_opens_a_unit(
    page: Page, live_server, transactional_db, personas, tree, csp_errors
):
    base = live_server.url
    sign_in(page, base, "office_a")

    # office_staff sees petitions and leads, so the second factor is asked for.
    expect(page).to_have_url(re.compile(r"/accounts/otp/"))
    device = TOTPDevice.objects.get(user=personas.office_a, confirmed=True)
    page.fill("#id_token", current_code(device))
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(f"{base}/")

    page.locator("nav.mainnav a[href='/units/']").click()
    expect(page).to_have_url(f"{base}/units/")

    # The tree lists the roots of the person's scope; children load through htmx when a node
    # is opened (a click on the summary outside the unit's link).
    city = page.locator("details", has=page.get_by_role("link", name="甲市委", exact=True)).first
    unit_link = page.get_by_role("link", name="甲一县委", exact=True)
    expect(unit_link).to_have_count(0)
    city.locator("summary .count").click()
    expect(unit_link).to_be_visible()
    page.screenshot(path=SCREENSHOT, full_page=True)

    unit_link.click()
    expect(page).to_have_url(f"{base}/units/{tree.county_a1.pk}/")
    expect(page.locator("h1")).to_contain_text("甲一县委")
    assert csp_errors == []


def test_first_sign_in_enrols_an_authenticator(
    page: Page, live_server, transactional_db, tree, csp_errors
):
    base = live_server.url
    user = make_user(
        "new_staff", unit=tree.city_a, roles=[(Role.OFFICE_STAFF, tree.city_a)], otp=False
    )
    sign_in(page, base, "new_staff")

    # No authenticator yet: the second-factor page sends the person to enrol one.
    expect(page).to_have_url(re.compile(r"/accounts/otp/enrol/"))
    expect(page.locator(".qr svg")).to_be_visible()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.fill("#id_token", current_code(device))
    page.locator("form.stacked button[type=submit]").click()

    expect(page).to_have_url(f"{base}/")
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert csp_errors == []
