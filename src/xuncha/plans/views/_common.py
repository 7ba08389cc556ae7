"""Helpers shared by the planning pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from xuncha.accounts.permissions import has_capability
from xuncha.accounts.roles import Capability
from xuncha.core.forms import flash_errors

PAGE_SIZE = 50


def require_somewhere(user, capability: Capability) -> None:
    """403 unless the capability reaches some unit (pages without an object)."""
    if not has_capability(user, capability):
        raise PermissionDenied


def as_int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def run(request: HttpRequest, action, success: str) -> bool:
    """Call a service for a one-button action: flash success or its errors."""
    try:
        action()
    except ValidationError as exc:
        flash_errors(request, exc)
        return False
    messages.success(request, success)
    return True


def back_to(request: HttpRequest, default: str) -> str:
    """The page to return to after an action: the form's `next` when it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default
