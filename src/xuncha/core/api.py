"""Helpers shared by the API routers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja.errors import HttpError


def error_detail(exc: ValidationError) -> str:
    """One readable line from a service's ValidationError."""
    return "；".join(str(m) for m in exc.messages)


def invalid(exc: ValidationError) -> HttpError:
    return HttpError(422, error_detail(exc))


def forbidden() -> HttpError:
    return HttpError(403, _("You are not allowed to do this."))


def call_service(fn, *args, **kwargs):
    """Run a service for an API operation: PermissionDenied becomes 403, ValidationError 422
    with the service's message."""
    from django.core.exceptions import PermissionDenied

    try:
        return fn(*args, **kwargs)
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None
