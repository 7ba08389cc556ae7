"""Reports (巡察报告 / 问题线索报告 / 专题报告 / 综合报告) and their approval.

An inspection report is assembled from the confirmed findings of one inspection in the official
outline (basic situation and overall assessment / main problems by focus area / suggestions);
the team edits the text, and every save is a `ReportVersion` (diffable). Leads go only into the
leads report, which follows the lead access rules. A special-topic report gathers common
problems across the targets of a round; a summary report covers the round.

The approval chain is configurable per jurisdiction (PlanningSettings.report_approval_chain):
each stage is an `ApprovalStep`; at each, the body's decision on every finding and lead the
report carries is an `ItemDecision`. The last stage's decisions drive feedback and transfers.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection report")
    LEADS = "leads", _("Leads report")
    SPECIAL_TOPIC = "special_topic", _("Special-topic report")
    SUMMARY = "summary", _("Summary report")


class Stage(models.TextChoices):
    """The bodies a report is heard by, in the usual order (DOMAIN.md §2 "Report")."""

    TEAM_MEETING = "team_meeting", _("Team meeting")
    OFFICE_CONSULTATION = "office_consultation", _("Office consultation")
    LEADING_GROUP = "leading_group", _("Leading group hearing")
    SECRETARY_SPECIAL = "secretary_special", _("Party secretary's special meeting")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee")


DEFAULT_CHAIN = "team_meeting,office_consultation,leading_group,secretary_special"


class Use(models.TextChoices):
    """What a body decides to do with one finding or lead of the report."""

    FEEDBACK = "feedback", _("Feed back to the unit")
    IMMEDIATE_FIX = "immediate_fix", _("Immediate fix")
    DISCIPLINE_COMMISSION = "discipline_commission", _("Transfer to the discipline commission")
    ORGANIZATION_DEPARTMENT = (
        "organization_department",
        _("Transfer to the organization department"),
    )
    FUNCTIONAL_DEPARTMENT = "functional_department", _("Transfer to a functional department")
    PARTY_COMMITTEE = "party_committee", _("Suggestion to the party committee")
    VERIFY_FURTHER = "verify_further", _("Verify further")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFTING = "drafting", _("Being drafted")
        IN_APPROVAL = "in_approval", _("In approval")
        RETURNED = "returned", _("Returned for revision")
        APPROVED = "approved", _("Approved")

    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    round = models.ForeignKey(
        "plans.Round", on_delete=models.PROTECT, related_name="reports", verbose_name=_("round")
    )
    inspection = models.ForeignKey(
        "plans.Inspection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("inspection"),
    )
    team = models.ForeignKey(
        "people.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("team"),
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFTING
    )
    chain = models.CharField(
        _("approval chain"),
        max_length=200,
        help_text=_("The stages in order, fixed when the report is created."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "kind", "id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "kind"],
                condition=models.Q(inspection__isnull=False),
                name="one_report_of_a_kind_per_inspection",
            ),
            models.UniqueConstraint(
                fields=["round"],
                condition=models.Q(kind="summary"),
                name="one_summary_report_per_round",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def stages(self) -> list[str]:
        return [s for s in self.chain.split(",") if s]


class ReportVersion(models.Model):
    """The text of a report at one save. `sections` is a list of
    {"key": str, "heading": str, "level": int, "text": str} in order."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="versions", verbose_name=_("report")
    )
    number = models.PositiveIntegerField(_("version"))
    sections = models.JSONField(default=list)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_version"),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class ReportItem(models.Model):
    """A finding or a lead the report carries, in order."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="items", verbose_name=_("report")
    )
    finding = models.ForeignKey(
        "findings.Finding",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_items",
    )
    lead = models.ForeignKey(
        "leads.Lead", null=True, blank=True, on_delete=models.PROTECT, related_name="report_items"
    )
    position = models.PositiveIntegerField(default=0)
    # False once re-assembly no longer finds the finding or lead (reopened, withdrawn): the
    # row stays so that the decisions earlier bodies took on it stay on record.
    active = models.BooleanField(_("in the report"), default=True)

    class Meta:
        ordering = ["report", "position", "id"]
        verbose_name = _("report item")
        verbose_name_plural = _("report items")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(finding__isnull=False, lead__isnull=True)
                    | models.Q(finding__isnull=True, lead__isnull=False)
                ),
                name="report_item_is_finding_or_lead",
            ),
            models.UniqueConstraint(fields=["report", "finding"], name="unique_report_finding"),
            models.UniqueConstraint(fields=["report", "lead"], name="unique_report_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.finding_id or self.lead_id}"


class ApprovalStep(models.Model):
    """One body's hearing of the report. A hearing that returned the report keeps its row
    (status `returned`); the resubmitted report is heard again at that stage by a new row."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Not yet")
        PENDING = "pending", _("To be heard")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="steps", verbose_name=_("report")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    stage = models.CharField(_("body"), max_length=32, choices=Stage.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.WAITING
    )
    version = models.ForeignKey(
        ReportVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("version heard"),
    )
    meeting = models.ForeignKey(
        "fieldwork.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("meeting"),
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["report", "order", "id"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        constraints = [
            # A returned hearing stays on record; the resubmitted report is heard again at the
            # same stage by a new row.
            models.UniqueConstraint(
                fields=["report", "order"],
                condition=~models.Q(status="returned"),
                name="unique_open_approval_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.stage}"


class ItemDecision(models.Model):
    """A body's decision on how one finding or lead of the report is used."""

    step = models.ForeignKey(
        ApprovalStep,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("approval step"),
    )
    item = models.ForeignKey(
        ReportItem, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("item")
    )
    use = models.CharField(_("use"), max_length=32, choices=Use.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["step", "item__position"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["step", "item"], name="unique_item_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.step_id}:{self.item_id} {self.use}"
