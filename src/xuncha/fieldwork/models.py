"""Stationing (进驻了解): everything a team gathers at its target belongs to one `Inspection` and
is visible only to its team, the office, and those the office grants (`InspectionGrant`).

The records of stationing (meetings, interviews, questionnaires, petitions, document requests,
the evening problem list) hang off `Inspection` and are read through `fieldwork.access`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InspectionGrant(models.Model):
    """Read access to one inspection's stationing material, granted by the office to someone
    who is neither on the team nor in the office (a discipline commission liaison, say), with a
    reason and an optional end date. Revoked grants are kept."""

    inspection = models.ForeignKey(
        "plans.Inspection", on_delete=models.CASCADE, related_name="grants",
        verbose_name=_("inspection"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspection_grants",
        verbose_name=_("account"),
    )
    reason = models.TextField(_("reason"))
    expires_on = models.DateField(_("until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("revoked by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["inspection", "-granted_at", "-id"]
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "user"], condition=models.Q(revoked_at__isnull=True),
                name="one_live_grant_per_user_and_inspection",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection} → {self.user}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and (
            self.expires_on is None or self.expires_on >= timezone.localdate()
        )
