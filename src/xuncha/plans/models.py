"""Planning: the term and its coverage plan, annual plans, rounds and the task split.

A `Term` (届) belongs to a jurisdiction (a unit with an inspection office). Its `CoveragePlan`
puts every unit the jurisdiction must inspect into a year of the term; `AnnualPlan`s are drawn
from it. A `Round` (轮次) of some kind has focus areas, a work plan and an approval chain; its task
split is a set of `Inspection`s, one per target, each with a team. An inspection moves through the
stages of DOMAIN.md §2, and every move is a row of its timeline (`InspectionEvent`).

Coverage, "overdue" and "never inspected" are derived from these rows (see selectors), never
stored.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PlanningSettings(models.Model):
    """The time limits and choices of one jurisdiction, with the regulation's or DOMAIN.md's
    value as default. A jurisdiction without a row uses the defaults (`for_unit`)."""

    jurisdiction = models.OneToOneField(
        "orgs.Unit", on_delete=models.CASCADE, related_name="planning_settings",
        verbose_name=_("jurisdiction"),
    )
    deconfliction_months = models.PositiveSmallIntegerField(
        _("warn when the target was inspected within (months)"), default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    round_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("round approver"),
        help_text=_("Leave empty to let any leading group member of the jurisdiction approve."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice sent days before stationing"), default=10,
        validators=[MaxValueValidator(60)],
    )
    # Stationing.
    outline_lead_days = models.PositiveSmallIntegerField(
        _("outline reaches the interviewee at least (days) before the interview"), default=3,
        validators=[MaxValueValidator(30)],
    )
    survey_flag_percent = models.PositiveSmallIntegerField(
        _("flag a survey question when negative answers reach (%)"), default=30,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    # Reports: the bodies that hear a report, in order (reports.models.Stage codes).
    report_approval_chain = models.CharField(
        _("report approval chain"), max_length=200,
        default="team_meeting,office_consultation,leading_group,secretary_special",
        help_text=_(
            "The bodies that hear a report, in order, separated by commas: team_meeting, "
            "office_consultation, leading_group, secretary_special, standing_committee."
        ),
    )
    immediate_fix_days = models.PositiveSmallIntegerField(
        _("unit replies to an immediate-fix letter within (days)"), default=10,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    copy_threshold_percent = models.PositiveSmallIntegerField(
        _("flag material when its shared text reaches (%)"), default=30,
        validators=[MinValueValidator(5), MaxValueValidator(100)],
    )
    # Recusal windows (DOMAIN.md §5: 3 years).
    worked_within_years = models.PositiveSmallIntegerField(
        _("recuse if worked at the target within (years)"), default=3,
        validators=[MaxValueValidator(30)],
    )
    worked_longer_than_years = models.PositiveSmallIntegerField(
        _("recuse if worked at the target for more than (years)"), default=3,
        validators=[MaxValueValidator(30)],
    )
    superior_within_years = models.PositiveSmallIntegerField(
        _("recuse if superior or subordinate of a leadership member within (years)"), default=3,
        validators=[MaxValueValidator(30)],
    )
    # Team formation.
    min_team_size = models.PositiveSmallIntegerField(
        _("smallest team"), default=4, validators=[MinValueValidator(2), MaxValueValidator(30)]
    )
    max_team_size = models.PositiveSmallIntegerField(
        _("largest team"), default=7, validators=[MinValueValidator(2), MaxValueValidator(30)]
    )
    # Groups of expertise each team needs at least one member of, e.g. "finance|audit,discipline"
    # = one with finance or audit, and one with discipline inspection.
    required_expertise = models.CharField(
        _("expertise every team needs"), max_length=200, default="finance|audit,discipline",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("planning settings")
        verbose_name_plural = _("planning settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_team_size__gte=models.F("min_team_size")),
                name="team_size_bounds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.jurisdiction)

    @classmethod
    def for_unit(cls, jurisdiction) -> "PlanningSettings":
        """The stored settings of the jurisdiction, or unsaved defaults."""
        found = cls.objects.filter(jurisdiction=jurisdiction).first()
        return found or cls(jurisdiction=jurisdiction)

    @property
    def expertise_groups(self) -> list[set[str]]:
        return [
            {tag.strip() for tag in group.split("|") if tag.strip()}
            for group in self.required_expertise.split(",")
            if group.strip()
        ]


class Term(models.Model):
    """A party committee's term (届), usually five years; coverage is measured per term."""

    jurisdiction = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="terms", verbose_name=_("jurisdiction")
    )
    name = models.CharField(_("name"), max_length=60, help_text=_("For example 第十二届."))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["jurisdiction__path", "-starts_on"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="unique_term_name"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.starts_on.year}—{self.ends_on.year}）"

    @property
    def years(self) -> list[int]:
        return list(range(self.starts_on.year, self.ends_on.year + 1))


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")


class CoveragePlan(models.Model):
    """The term's plan for full coverage (全覆盖): each unit in a planned year (`CoverageEntry`)."""

    term = models.OneToOneField(
        Term, on_delete=models.CASCADE, related_name="coverage_plan", verbose_name=_("term")
    )
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    notes = models.TextField(_("notes"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("coverage plan")
        verbose_name_plural = _("coverage plans")

    def __str__(self) -> str:
        return str(self.term)


class CoverageEntry(models.Model):
    plan = models.ForeignKey(
        CoveragePlan, on_delete=models.CASCADE, related_name="entries", verbose_name=_("plan")
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="coverage_entries",
        verbose_name=_("unit"),
    )
    planned_year = models.PositiveSmallIntegerField(_("planned year"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["plan", "planned_year", "unit__path"]
        verbose_name = _("coverage entry")
        verbose_name_plural = _("coverage entries")
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="unique_unit_in_coverage_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.planned_year}"


class AnnualPlan(models.Model):
    """The year's plan, drawn from the coverage plan: the units planned for the year and the
    rounds that take them."""

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="annual_plans", verbose_name=_("term")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    rounds_planned = models.PositiveSmallIntegerField(_("rounds planned"), default=2)
    notes = models.TextField(_("notes"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term", "year"]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        constraints = [
            models.UniqueConstraint(fields=["term", "year"], name="unique_annual_plan_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}"


class FocusArea(models.Model):
    """A supervision focus (监督重点) a round may choose. Each jurisdiction keeps its own list,
    starting from the reference sets (三个聚焦, 四个聚焦, 三大问题) and editable."""

    jurisdiction = models.ForeignKey(
        "orgs.Unit", on_delete=models.CASCADE, related_name="focus_areas",
        verbose_name=_("jurisdiction"),
    )
    group = models.CharField(_("set"), max_length=40, help_text=_("For example 四个聚焦."))
    text = models.CharField(_("focus"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["jurisdiction__path", "group", "order", "id"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "group", "text"], name="unique_focus_area_text"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class RoundKind(models.TextChoices):
    REGULAR = "regular", _("Regular")
    SPECIAL = "special", _("Special")
    MOBILE = "mobile", _("Mobile")
    CROSS = "cross", _("Cross")
    ELEVATED = "elevated", _("Elevated")
    LOOKBACK = "lookback", _("Look-back")
    VILLAGE = "village", _("Village and community")
    LINKED = "linked", _("Linked with a provincial tour")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    CLOSED = "closed", _("Closed")


class Round(models.Model):
    """One round (轮次) of a jurisdiction: office drafts it, the leading group approves it."""

    jurisdiction = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="rounds", verbose_name=_("jurisdiction")
    )
    term = models.ForeignKey(
        Term, null=True, blank=True, on_delete=models.PROTECT, related_name="rounds",
        verbose_name=_("term"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("round number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=RoundKind.choices,
                            default=RoundKind.REGULAR)
    theme = models.CharField(
        _("theme"), max_length=200, blank=True,
        help_text=_("The field or theme of a special, mobile or linked round."),
    )
    starts_on = models.DateField(_("stationing from"))
    ends_on = models.DateField(_("stationing until"))
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="rounds", verbose_name=_("focus areas")
    )
    focus_notes = models.TextField(_("further focus"), blank=True)
    work_plan = models.TextField(_("work plan"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RoundStatus.choices,
                              default=RoundStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["jurisdiction__path", "-year", "-number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "year", "number"], name="unique_round_number"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="round_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RoundEvent(models.Model):
    """The round's approval chain and changes, in order: drafted, submitted, returned with
    comments, approved, closed."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="events", verbose_name=_("round")
    )
    action = models.CharField(_("action"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("by"),
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["round", "at", "id"]
        verbose_name = _("round event")
        verbose_name_plural = _("round events")

    def __str__(self) -> str:
        return f"{self.round} {self.action}"


class Stage(models.TextChoices):
    """The stages of an inspection (DOMAIN.md §2)."""

    PLANNED = "planned", _("Planned")
    AUTHORIZED = "authorized", _("Authorized")
    STATIONED = "stationed", _("Stationed")
    REPORTING = "reporting", _("Reporting")
    FED_BACK = "fed_back", _("Fed back")
    RECTIFYING = "rectifying", _("Rectifying")
    REVIEWED = "reviewed", _("Reviewed")
    ARCHIVED = "archived", _("Archived")


STAGE_ORDER = list(Stage.values)


class Inspection(models.Model):
    """One team at one target in one round (round × team × target): a line of the task split."""

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("round")
    )
    team = models.ForeignKey(
        "people.Team", on_delete=models.PROTECT, related_name="inspections",
        verbose_name=_("team"),
    )
    target = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="inspections",
        verbose_name=_("target"),
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices,
                             default=Stage.PLANNED, db_index=True)
    stationed_from = models.DateField(_("stationed from"), null=True, blank=True)
    stationed_until = models.DateField(_("stationed until"), null=True, blank=True)
    work_plan = models.TextField(_("work plan"), blank=True)
    lookback_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="lookbacks",
        verbose_name=_("earlier inspection"),
    )
    # The deconfliction warnings shown when the target was added, and why the office went on.
    deconfliction_warnings = models.JSONField(_("warnings"), default=list, blank=True)
    deconfliction_reason = models.TextField(_("reason to proceed"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "team__number", "target__path"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.UniqueConstraint(fields=["round", "target"], name="unique_target_in_round"),
            models.CheckConstraint(
                condition=models.Q(stationed_until__isnull=True)
                | models.Q(stationed_from__isnull=True)
                | models.Q(stationed_until__gte=models.F("stationed_from")),
                name="stationing_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["target", "stage"])]

    def __str__(self) -> str:
        return f"{self.round} · {self.team} · {self.target}"

    @property
    def window(self):
        """The stationing dates, the round's when the inspection has none of its own."""
        return (self.stationed_from or self.round.starts_on,
                self.stationed_until or self.round.ends_on)


class InspectionEvent(models.Model):
    """A row of the inspection's timeline: a stage reached (or any noteworthy step)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("inspection"),
    )
    from_stage = models.CharField(_("from"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=16, choices=Stage.choices, blank=True)
    title = models.CharField(_("event"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("by"),
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["inspection", "at", "id"]
        verbose_name = _("inspection event")
        verbose_name_plural = _("inspection events")

    def __str__(self) -> str:
        return f"{self.inspection} {self.to_stage or self.title}"
