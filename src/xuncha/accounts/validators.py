"""Password rules beyond Django's own (等保三级 asks for mixed character classes)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_CLASSES = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"[0-9]"),
            re.compile(r"[^a-zA-Z0-9]"))


class CharacterClassValidator:
    """At least `classes` of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, classes: int = 3):
        self.classes = classes

    def validate(self, password: str, user=None) -> None:
        found = sum(1 for pattern in _CLASSES if pattern.search(password))
        if found < self.classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must mix at least %(n)d kind of character: lower-case letters, "
            "upper-case letters, digits and symbols.",
            "Your password must mix at least %(n)d kinds of characters: lower-case letters, "
            "upper-case letters, digits and symbols.",
            self.classes,
        ) % {"n": self.classes}


__all__ = ["CharacterClassValidator", "_"]
