"""Sign-in through HTTP: audit of sign-ins, lockout, second factor, idle timeout, tokens."""

import time

import pytest
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, login, make_user
from xuncha.accounts import services
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _sign_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_page_is_chinese_and_carries_security_headers(client, db):
    response = client.get("/accounts/login/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-hans"' in body
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"


def test_successful_and_failed_sign_ins_are_audited(client, personas):
    _sign_in(client, "office_a", "wrong-password")
    failed = AuditEvent.objects.latest("seq")
    assert failed.event_type == EventType.LOGIN_FAILED
    assert failed.result == "failure"
    assert failed.actor == personas.office_a
    response = _sign_in(client, "office_a")
    assert response.status_code == 302
    ok = AuditEvent.objects.filter(event_type=EventType.LOGIN).latest("seq")
    assert ok.actor == personas.office_a
    assert ok.source_address == "127.0.0.1"
    assert ok.request_id


def test_unknown_account_failure_is_audited_without_actor(client, db):
    _sign_in(client, "nobody", "x")
    event = AuditEvent.objects.latest("seq")
    assert event.event_type == EventType.LOGIN_FAILED
    assert event.actor is None
    assert event.changes["username"] == [None, "nobody"]


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_after_repeated_failures_and_unlock(client, personas):
    for _ in range(3):
        _sign_in(client, "office_a", "wrong-password")
    response = _sign_in(client, "office_a")  # right password, still locked
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event_type=EventType.LOCKED_OUT).exists()
    assert services.is_locked(personas.office_a)
    services.unlock_user(personas.office_a, actor=personas.secadmin_a, reason="本人电话确认")
    assert _sign_in(client, "office_a").status_code == 302


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_second_factor_is_required_for_roles_that_see_petitions(client, personas):
    _sign_in(client, "office_a")
    response = client.get("/units/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/otp/")
    device = TOTPDevice.objects.get(user=personas.office_a)
    response = client.post("/accounts/otp/?next=/units/", {"token": "000000"})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(event_type=EventType.OTP_FAILED).exists()
    response = client.post("/accounts/otp/?next=/units/", {"token": _code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/units/"
    assert client.get("/").status_code == 200


def test_liaison_needs_no_second_factor(client, personas):
    _sign_in(client, "liaison_a1")
    assert client.get("/").status_code == 200


def test_first_sign_in_enrols_a_second_factor(client, tree):
    person = make_user("fresh", unit=tree.city_a, roles=[(Role.OFFICE_STAFF, tree.city_a)],
                       otp=False)
    _sign_in(client, "fresh")
    response = client.get("/accounts/otp/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/otp/enrol/")
    assert b"<svg" in response.content
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    response = client.post("/accounts/otp/enrol/", {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(event_type=EventType.OTP_ENROLLED, actor=person).exists()
    assert client.get("/").status_code == 200


def test_temporary_password_must_be_changed_first(client, personas, tree):
    services.reset_password(personas.liaison_a1, actor=personas.sysadmin_a,
                            password="Temp-Pass-2026")
    _sign_in(client, "liaison_a1", "Temp-Pass-2026")
    assert client.get("/")["Location"] == "/accounts/password/"
    response = client.post("/accounts/password/", {
        "old_password": "Temp-Pass-2026", "new_password": "weak",
        "new_password_again": "weak"})
    assert response.status_code == 200
    personas.liaison_a1.refresh_from_db()
    assert personas.liaison_a1.must_change_password
    response = client.post("/accounts/password/", {
        "old_password": "Temp-Pass-2026", "new_password": "My-Own-Pass-77",
        "new_password_again": "My-Own-Pass-77"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@override_settings(XUNCHA_IDLE_TIMEOUT_MINUTES=1)
def test_idle_session_ends(client, personas, monkeypatch):
    login(client, personas.office_a)
    assert client.get("/").status_code == 200
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 120)
    response = client.get("/")
    assert response.status_code == 302
    assert "expired=1" in response["Location"]
    assert AuditEvent.objects.filter(event_type=EventType.SESSION_EXPIRED).exists()
    monkeypatch.setattr(time, "time", real)
    assert client.get("/").status_code == 302


def test_api_session_requires_the_second_factor(client, personas):
    _sign_in(client, "office_a")
    assert client.get("/api/units/").status_code == 401
    login(client, personas.office_a)
    assert client.get("/api/units/").status_code == 200


def test_api_token_authenticates_and_can_be_revoked(client, personas):
    token, raw = services.create_token(personas.office_a, name="脚本")
    response = client.get("/api/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "office_a"
    assert token.key_hash != raw and raw not in str(token.__dict__.values())
    services.revoke_token(token, actor=personas.office_a)
    response = client.get("/api/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert client.get("/api/users/me", HTTP_AUTHORIZATION="Bearer xc_forged").status_code == 401


def test_token_of_disabled_account_stops_working(client, personas):
    _token, raw = services.create_token(personas.office_a, name="脚本")
    services.set_user_active(personas.office_a, actor=personas.sysadmin_a, active=False,
                             reason="调离")
    assert client.get("/api/units/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_api_unsafe_method_with_session_needs_csrf(personas, tree):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    login(csrf_client, personas.office_a)
    response = csrf_client.patch(f"/api/units/{tree.county_a1.pk}",
                                 data={"name": "改名"}, content_type="application/json")
    assert response.status_code in (401, 403)
    tree.county_a1.refresh_from_db()
    assert tree.county_a1.name == "甲一县委"


@pytest.mark.parametrize("path", ["/", "/units/", "/accounts/users/", "/audit/"])
def test_pages_need_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_chinese_whatever_the_browser_asks_for_unless_chosen(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-hans"' in response.content.decode()
    client.cookies["django_language"] = "en"
    response = client.get("/accounts/login/")
    assert 'lang="en"' in response.content.decode()
