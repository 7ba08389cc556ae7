"""Problem leads (问题线索): the most confidential material of an inspection.

A lead is seen only by the leader of the inspection's team, the office head (capability
`lead.oversee` over the round's jurisdiction) and users the leader or the office head grants
explicitly (`LeadGrant`); every view is audited. Whoever registers a lead hands it to the
leader and does not see it afterwards unless granted. A lead can be handed over during
stationing (边巡边移交) once a leading-group member approves (`LeadHandover`); the approver is
granted the lead for the decision.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import SourceKind


class Disposal(models.TextChoices):
    """处置方式 [REG 监督执纪工作规则]."""

    TALK_INQUIRY = "talk_inquiry", _("Talk or letter of inquiry")
    PRELIMINARY_VERIFICATION = "preliminary_verification", _("Preliminary verification")
    HOLD = "hold", _("Hold for later")
    CLOSE = "close", _("Close without further action")


class Receiver(models.TextChoices):
    DISCIPLINE_COMMISSION = "discipline_commission", _("Discipline commission")
    ORGANIZATION_DEPARTMENT = "organization_department", _("Organization department")
    FUNCTIONAL_DEPARTMENT = "functional_department", _("Functional department")


class Lead(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        ASSESSED = "assessed", _("Assessed")
        HANDOVER_REQUESTED = "handover_requested", _("Hand-over awaiting approval")
        HANDED_OVER = "handed_over", _("Handed over during stationing")
        IN_REPORT = "in_report", _("In the leads report")
        TRANSFERRED = "transferred", _("Transferred")
        DISPOSAL_REPORTED = "disposal_reported", _("Disposal reported")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    inspection = models.ForeignKey(
        "plans.Inspection",
        on_delete=models.PROTECT,
        related_name="leads",
        verbose_name=_("inspection"),
    )
    number = models.PositiveIntegerField(_("number"))
    source_kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    content = models.TextField(_("content"))
    proposed_receiver = models.CharField(
        _("proposed receiver"),
        max_length=32,
        choices=Receiver.choices,
        default=Receiver.DISCIPLINE_COMMISSION,
    )
    receiver_unit = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving unit"),
    )
    proposed_disposal = models.CharField(
        _("proposed disposal"), max_length=32, choices=Disposal.choices, blank=True
    )
    assessment = models.TextField(_("assessment"), blank=True)
    finding = models.ForeignKey(
        "findings.Finding",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
        verbose_name=_("related finding"),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.REGISTERED
    )
    withdrawn_reason = models.TextField(_("why withdrawn"), blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The content and the subjects' names and posts, normalized (core.text.normalize), so that
    # search matches traditional and full-width forms alike. Kept by the services.
    search_text = models.TextField(blank=True, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "number"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="unique_lead_number"),
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id}-{self.number}"

    @property
    def reference(self) -> str:
        """An opaque reference (XS- and 8 hex digits, keyed by the secret key) for readers who
        may not see the lead's number: it names this lead and tells nothing about others."""
        from django.utils.crypto import salted_hmac

        digest = salted_hmac("xuncha.leads.reference", str(self.pk), algorithm="sha256")
        return f"XS-{digest.hexdigest()[:8].upper()}"


class LeadSubject(models.Model):
    """A person the lead is about (被反映人)."""

    lead = models.ForeignKey(
        Lead, on_delete=models.CASCADE, related_name="subjects", verbose_name=_("lead")
    )
    name = models.CharField(_("name"), max_length=100)
    post = models.CharField(_("post"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    cadre_level = models.CharField(_("cadre level"), max_length=40, blank=True)

    class Meta:
        ordering = ["lead", "id"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self) -> str:
        return self.name


class LeadSource(models.Model):
    """A record the lead comes from: a petition, an interview, a requested document…"""

    lead = models.ForeignKey(
        Lead, on_delete=models.CASCADE, related_name="sources", verbose_name=_("lead")
    )
    kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    label = models.CharField(_("record"), max_length=200)
    note = models.TextField(_("what it shows"), blank=True)

    class Meta:
        ordering = ["lead", "id"]
        verbose_name = _("lead source")
        verbose_name_plural = _("lead sources")

    def __str__(self) -> str:
        return self.label


class LeadGrant(models.Model):
    """Read access to one lead, or to every lead of an inspection (`lead` empty), for one
    user, until revoked or expired."""

    inspection = models.ForeignKey(
        "plans.Inspection",
        on_delete=models.CASCADE,
        related_name="lead_grants",
        verbose_name=_("inspection"),
    )
    lead = models.ForeignKey(
        Lead,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grants",
        verbose_name=_("lead"),
        help_text=_("Leave empty for every lead of the inspection."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lead_grants",
        verbose_name=_("user"),
    )
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["inspection", "-granted_at"]
        verbose_name = _("lead access grant")
        verbose_name_plural = _("lead access grants")
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.lead_id or self.inspection_id}"


class LeadHandover(models.Model):
    """A request to hand a lead over during stationing (边巡边移交), decided by a member of the
    leading group."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        HANDED_OVER = "handed_over", _("Handed over")

    lead = models.ForeignKey(
        Lead, on_delete=models.CASCADE, related_name="handovers", verbose_name=_("lead")
    )
    reason = models.TextField(_("why it cannot wait for the report"))
    receiver = models.CharField(_("receiver"), max_length=32, choices=Receiver.choices)
    receiver_unit = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving unit"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(default=timezone.now)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("leading group member to approve"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(_("comments"), blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    received_by = models.CharField(_("received by"), max_length=100, blank=True)
    # The lead's status when the request was made, restored when the request is refused.
    previous_status = models.CharField(
        max_length=24, choices=Lead.Status.choices, default=Lead.Status.REGISTERED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["lead", "-requested_at"]
        verbose_name = _("hand-over during stationing")
        verbose_name_plural = _("hand-overs during stationing")
        constraints = [
            # One open request per lead: awaiting approval, or approved and not handed over.
            models.UniqueConstraint(
                fields=["lead"],
                condition=models.Q(status__in=["pending", "approved"]),
                name="one_open_handover_per_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lead} {self.status}"
