"""Helpers shared by the planning services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import authorize
from xuncha.accounts.roles import Capability
from xuncha.orgs.models import Unit


def check(actor, capability: Capability, jurisdiction: Unit) -> str:
    """The acting role after checking that `capability` reaches the jurisdiction; "" for
    commands (actor None)."""
    return authorize(actor, capability, jurisdiction.path)


def require_jurisdiction(unit: Unit) -> None:
    if not unit.has_office or not unit.is_active:
        raise ValidationError(
            {"jurisdiction": _("Only an active unit with an inspection office plans inspections.")}
        )


def actor_name(actor) -> str:
    if actor is None or not getattr(actor, "pk", None):
        return ""
    return (getattr(actor, "full_name", "") or actor.get_username())[:150]


def actor_or_none(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def clean_text(value: str | None) -> str:
    return (value or "").strip()
