"""Linking a cadre to the account they sign in with: the office keeping the record does it, for
an active account it can see, one cadre per account; pages, API and the audit trail."""

from urllib.parse import urlencode

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.authz import fingerprint
from tests.factories import login, make_user
from xuncha.audit.models import AuditEvent, EventType
from xuncha.people import services
from xuncha.people.models import Cadre

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def accounts(tree):
    from types import SimpleNamespace

    return SimpleNamespace(
        zhang=make_user("zhang", unit=tree.county_a1, otp=False, full_name="张建国"),
        far=make_user("far", unit=tree.county_b1, otp=False),
    )


def _client(user) -> Client:
    client = Client()
    login(client, user)
    return client


def _user_of(cadre):
    return Cadre.objects.get(pk=cadre.pk).user


def test_link_and_unlink_are_audited(personas, people, accounts):
    cadre = services.link_account(
        people.in_a1, accounts.zhang, actor=personas.office_a, reason="本人账号"
    )
    assert cadre.user == accounts.zhang
    event = AuditEvent.objects.filter(event_type=EventType.CADRE_ACCOUNT_LINKED).get()
    assert event.changes == {"user": [None, accounts.zhang.pk]}
    assert event.actor == personas.office_a and event.object_id == str(cadre.pk)
    assert event.reason == "本人账号" and event.unit_id == people.in_a1.unit_id
    # Linking the same account again changes nothing.
    before = fingerprint()
    services.link_account(people.in_a1, accounts.zhang, actor=personas.office_a)
    assert fingerprint() == before
    services.unlink_account(people.in_a1, actor=personas.office_a, reason="账号录错")
    assert _user_of(people.in_a1) is None
    last = AuditEvent.objects.filter(event_type=EventType.CADRE_ACCOUNT_LINKED).latest("seq")
    assert last.changes == {"user": [accounts.zhang.pk, None]} and last.reason == "账号录错"


def test_refusals_change_nothing(personas, people, accounts, tree):
    disabled = make_user("gone", unit=tree.county_a1, otp=False)
    disabled.is_active = False
    disabled.save(update_fields=["is_active"])
    services.link_account(people.in_dept, accounts.zhang, actor=None)
    before = fingerprint()
    cases = [
        (personas.viewer_a, accounts.zhang, PermissionDenied),  # no people.edit
        (personas.outsider, accounts.far, PermissionDenied),  # not the cadre's office
        (personas.office_a, accounts.far, ValidationError),  # an account out of sight
        (personas.office_a, None, ValidationError),  # no such account
        (personas.office_a, disabled, ValidationError),
        (personas.office_a, accounts.zhang, ValidationError),  # another cadre's already
    ]
    for actor, account, error in cases:
        with pytest.raises(error):
            services.link_account(people.in_a1, account, actor=actor)
    with pytest.raises(ValidationError):  # nothing to unlink
        services.unlink_account(people.in_a1, actor=personas.office_a)
    with pytest.raises(PermissionDenied):
        services.unlink_account(people.in_dept, actor=personas.viewer_a)
    assert fingerprint() == before


def test_out_of_sight_and_missing_accounts_get_the_same_answer(personas, people, accounts):
    messages = []
    for account in (accounts.far, None):
        with pytest.raises(ValidationError) as caught:
            services.link_account(people.in_a1, account, actor=personas.office_a)
        messages.append(caught.value.message_dict)
    assert messages[0] == messages[1]


def test_the_cadre_form_cannot_link_around_the_rules(personas, people, accounts):
    with pytest.raises(ValidationError):
        services.update_cadre(people.in_a1, actor=personas.office_a, user=accounts.far)
    assert _user_of(people.in_a1) is None


def test_link_through_the_cadre_page(personas, people, accounts):
    url = reverse("people:cadre", args=[people.in_a1.pk])
    action = reverse("people:cadre_account", args=[people.in_a1.pk])
    office, viewer, outsider = (
        _client(personas.office_a),
        _client(personas.viewer_a),
        _client(personas.outsider),
    )
    assert action in office.get(url).content.decode()
    assert action not in viewer.get(url).content.decode()
    before = fingerprint()
    assert viewer.post(action, {"username": "zhang"}).status_code == 403
    assert outsider.post(action, {"username": "zhang"}).status_code == 404
    response = office.post(action, {"username": "far"})  # out of sight: not found
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages]
    assert fingerprint() == before
    response = office.post(action, {"username": "zhang", "reason": "本人账号"})
    assert response.status_code == 302 and _user_of(people.in_a1) == accounts.zhang
    body = office.get(url).content.decode()
    assert "zhang" in body and 'name="unlink"' in body
    assert office.post(action, {"unlink": "1", "reason": "录错"}).status_code == 302
    assert _user_of(people.in_a1) is None


def test_link_through_the_api(personas, people, accounts):
    url = f"/api/people/cadres/{people.in_a1.pk}/account"
    office, viewer = _client(personas.office_a), _client(personas.viewer_a)
    before = fingerprint()
    assert viewer.post(url, {"user_id": accounts.zhang.pk}, content_type=JSON).status_code == 403
    far = office.post(url, {"user_id": accounts.far.pk}, content_type=JSON)
    missing = office.post(url, {"user_id": 999_999}, content_type=JSON)
    assert far.status_code == missing.status_code == 422 and far.json() == missing.json()
    assert (
        office.post(
            f"/api/people/cadres/{people.in_b.pk}/account",
            {"user_id": accounts.zhang.pk},
            content_type=JSON,
        ).status_code
        == 404
    )
    assert fingerprint() == before
    response = office.post(url, {"user_id": accounts.zhang.pk}, content_type=JSON)
    assert response.status_code == 200 and response.json()["user_id"] == accounts.zhang.pk
    assert viewer.delete(url).status_code == 403
    response = office.delete(url + "?" + urlencode({"reason": "录错"}))
    assert response.status_code == 200 and response.json()["user_id"] is None
    assert office.delete(url).status_code == 422
