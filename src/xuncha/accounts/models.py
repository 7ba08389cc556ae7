"""Accounts, role assignments and API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Role


class User(AbstractUser):
    """A person who signs in. `unit` is where the person works; it places the account in the
    organization tree so that administrators manage only the accounts of their own scope."""

    first_name = None
    last_name = None
    full_name = models.CharField(_("full name"), max_length=60)
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="accounts", verbose_name=_("work unit"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    title = models.CharField(_("post"), max_length=100, blank=True)
    must_change_password = models.BooleanField(_("must change password"), default=False)

    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["username"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return f"{self.full_name}（{self.username}）" if self.full_name else self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """A role held at a unit: (user, role, unit, include_descendants).

    With `include_descendants` the role reaches the unit and everything under it; without, only
    the unit itself (a unit liaison, for instance).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments",
                             verbose_name=_("account"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    include_descendants = models.BooleanField(_("includes units below"), default=True)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("granted by"))
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_at_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} @ {self.unit}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    PREFIX = "xc_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("account"))
    name = models.CharField(_("name"), max_length=60)
    lookup = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.lookup}…)"

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
