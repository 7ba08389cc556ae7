"""Session rules: idle timeout, second factor and first-sign-in password change."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse

from xuncha.accounts.permissions import needs_second_factor
from xuncha.audit.models import EventType
from xuncha.audit.services import record

_LAST_SEEN = "xuncha_last_seen"
# Write the session back at most this often, so that reading pages does not write every time.
_TOUCH_EVERY = 60


class IdleTimeoutMiddleware:
    """End a session after XUNCHA_IDLE_TIMEOUT_MINUTES without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get(_LAST_SEEN)
            limit = settings.XUNCHA_IDLE_TIMEOUT_MINUTES * 60
            if last is not None and now - last > limit:
                with transaction.atomic():
                    record(EventType.SESSION_EXPIRED, actor=user, unit=user.unit, obj=user)
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(f"{reverse('accounts:login')}?expired=1")
            if last is None or now - last >= _TOUCH_EVERY:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)


# Paths a signed-in person may reach before the second factor and the password change.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/portal/", "/healthz")


class SecondFactorRequiredMiddleware:
    """Roles that see petitions or leads, and the administrators, must pass a second factor;
    a person with a temporary password must change it first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not request.path.startswith("/api/")
        ):
            if user.must_change_password:
                return redirect(reverse("accounts:password_change"))
            if needs_second_factor(user) and not user.is_verified():
                return redirect(f"{reverse('accounts:otp')}?next={request.path}")
        return self.get_response(request)
