"""Sign-in events go to the audit trail whichever way the person signed in."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from xuncha.audit.models import EventType, Result
from xuncha.audit.services import record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    with transaction.atomic():
        record(EventType.LOGIN, actor=user, unit=user.unit, obj=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        with transaction.atomic():
            record(EventType.LOGOUT, actor=user, unit=user.unit, obj=user)


def _known(username: str):
    return get_user_model().objects.filter(username=username).select_related("unit").first()


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    user = _known(username)
    with transaction.atomic():
        record(EventType.LOGIN_FAILED, actor=user, unit=getattr(user, "unit", None),
               object_type="accounts.user", object_id=getattr(user, "pk", "") or "",
               changes={"username": [None, username]}, result=Result.FAILURE)


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    user = _known(str(username or ""))
    with transaction.atomic():
        record(EventType.LOCKED_OUT, actor=user, unit=getattr(user, "unit", None),
               object_type="accounts.user", object_id=getattr(user, "pk", "") or "",
               changes={"username": [None, str(username or "")[:150]]}, result=Result.FAILURE)
