"""Plain factory functions for tests (no fixture files)."""

import functools
import itertools

from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from xuncha.accounts.models import RoleAssignment, User
from xuncha.orgs import services as org_services
from xuncha.orgs.models import Level, Unit, UnitKind

PASSWORD = "Test-Passw0rd!"


@functools.cache
def _password_hash() -> str:
    # Argon2 is slow on purpose; hash the shared test password once.
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)
_codes = itertools.count(1)


def make_unit(name: str, *, parent: Unit | None = None, level: str = Level.COUNTY,
              kind: str = UnitKind.PARTY_COMMITTEE, **fields) -> Unit:
    fields.setdefault("code", f"T{next(_codes):05d}")
    fields.setdefault("short_name", name[:60])
    return org_services.create_unit(actor=None, parent=parent, name=name, level=level, kind=kind,
                                    **fields)


def make_user(username: str, *, unit: Unit | None = None, roles=(), otp: bool = True,
              full_name: str = "") -> User:
    """An account with roles given as (role, unit) or (role, unit, include_descendants)."""
    with transaction.atomic():
        user = User(username=username, full_name=full_name or username, unit=unit)
        user.password = _password_hash()
        user.save()
        for spec in roles:
            role, at, *rest = spec
            RoleAssignment.objects.create(user=user, role=role, unit=at,
                                          include_descendants=rest[0] if rest else True)
        if otp:
            TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def login(client, user: User) -> None:
    """Sign in through the session, the second factor already passed."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
