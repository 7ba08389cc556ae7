"""Individual interviews (个别谈话) of an inspection: the plan of who is interviewed by whom, the
general and the individual outlines (谈话提纲), their delivery through the unit's liaison, and the
interview records.

Everything hangs off one `Inspection` and is read through `xuncha.fieldwork.access`; the
liaison sees only outlines marked sent, and of them only the question texts handed over
(`InterviewOutline.sent_questions`). Interview records are sensitive: every view is audited.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import Area, SourceKind


class PostCategory(models.TextChoices):
    """Who a person is to the inspection, which decides who interviews them (DOMAIN.md §3: the
    leader the leadership team, deputies the key posts, members everyone else)."""

    LEADERSHIP = "leadership", _("Leadership team")
    KEY_POST = "key_post", _("Key post")
    STAFF = "staff", _("Other staff")
    RETIRED = "retired", _("Retired cadre")
    PUBLIC = "public", _("Member of the public")


class Audience(models.TextChoices):
    """Whom a question of the bank is for. `general` questions make the general outline."""

    GENERAL = "general", _("Everyone (general outline)")
    PRINCIPAL = "principal", _("Principal leader")
    LEADERSHIP = "leadership", _("Leadership team")
    KEY_POST = "key_post", _("Key post")
    STAFF = "staff", _("Other staff")
    RETIRED = "retired", _("Retired cadre")
    PUBLIC = "public", _("Member of the public")


class QuestionBankItem(models.Model):
    """A jurisdiction's own interview question, added to the built-in bank
    (`interviews.reference.BUILTIN_BANK`). Retired items are kept (`active` False) so that
    outlines built from them still say where their questions came from."""

    jurisdiction = models.ForeignKey(
        "orgs.Unit",
        on_delete=models.CASCADE,
        related_name="interview_questions",
        verbose_name=_("jurisdiction"),
    )
    area = models.CharField(_("area"), max_length=32, choices=Area.choices)
    audience = models.CharField(_("for"), max_length=16, choices=Audience.choices)
    keywords = models.CharField(
        _("post keywords"),
        max_length=200,
        blank=True,
        help_text=_(
            "Only for posts containing one of these words (separated by commas or "
            "spaces), e.g. 财务 会计; leave empty for every post of the audience."
        ),
    )
    text = models.TextField(_("interview question"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["jurisdiction", "area", "audience", "order", "id"]
        verbose_name = _("interview question")
        verbose_name_plural = _("interview question bank")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def key(self) -> str:
        return f"bank:own:{self.pk}"


class Interviewee(models.Model):
    """A person on the interview plan of an inspection, with who asks and who records, and the
    day planned. Taken from the target's leadership team or added by the team."""

    inspection = models.ForeignKey(
        "plans.Inspection",
        on_delete=models.CASCADE,
        related_name="interviewees",
        verbose_name=_("inspection"),
    )
    leadership_member = models.ForeignKey(
        "orgs.LeadershipMember",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("from the leadership team"),
    )
    name = models.CharField(_("full name"), max_length=60)
    post = models.CharField(_("post"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=PostCategory.choices)
    is_principal = models.BooleanField(_("principal leader"), default=False)
    areas = models.JSONField(
        _("areas in charge"),
        default=list,
        blank=True,
        help_text=_(
            "The areas the person answers for; questionnaire results of these areas "
            "go into their outline."
        ),
    )
    interviewer = models.ForeignKey(
        "people.Cadre",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("interviewer"),
    )
    recorder = models.ForeignKey(
        "people.Cadre",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorder"),
    )
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "order", "id"]
        verbose_name = _("interviewee")
        verbose_name_plural = _("interview plan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interviewer__isnull=True)
                | models.Q(recorder__isnull=True)
                | ~models.Q(interviewer=models.F("recorder")),
                name="interviewer_is_not_recorder",
            ),
            models.UniqueConstraint(
                fields=["inspection", "leadership_member"],
                condition=models.Q(leadership_member__isnull=False),
                name="leadership_member_once_per_inspection",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）" if self.post else self.name

    @property
    def label(self) -> str:
        return str(self)


class OutlineKind(models.TextChoices):
    GENERAL = "general", _("General outline")
    INDIVIDUAL = "individual", _("Individual outline")


class InterviewOutline(models.Model):
    """An interview outline: the inspection's general outline (共性提纲), or one person's
    individual outline (个性提纲) generated from their post and the material gathered. Sent to
    the target's liaison to hand over; the liaison records the day it reached the person.
    `sent_questions` keeps what was sent, so later edits never change what the unit holds."""

    inspection = models.ForeignKey(
        "plans.Inspection",
        on_delete=models.CASCADE,
        related_name="interview_outlines",
        verbose_name=_("inspection"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=OutlineKind.choices)
    interviewee = models.OneToOneField(
        Interviewee,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outline",
        verbose_name=_("interviewee"),
    )
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent to the liaison at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_questions = models.JSONField(_("questions sent"), default=list, blank=True)
    delivered_on = models.DateField(_("reached the person on"), null=True, blank=True)
    delivery_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("delivery recorded by"),
    )
    delivery_recorded_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "kind", "interviewee__order", "id"]
        verbose_name = _("interview outline")
        verbose_name_plural = _("interview outlines")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection"],
                condition=models.Q(kind="general"),
                name="one_general_outline_per_inspection",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="general") & models.Q(interviewee__isnull=True))
                | (models.Q(kind="individual") & models.Q(interviewee__isnull=False)),
                name="individual_outline_has_interviewee",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == OutlineKind.GENERAL:
            return str(_("General outline"))
        return str(self.interviewee)

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None


class Origin(models.TextChoices):
    BANK = "bank", _("Question bank")
    MATERIAL = "material", _("Material gathered")
    MANUAL = "manual", _("Added by hand")


class OutlineQuestion(models.Model):
    """One question of an outline and where it came from. Generated questions carry `key` (the
    item of the bank or the record they were drawn from); a question edited by hand
    (`edited`), added by hand or removed (`removed`) survives regeneration as it is."""

    outline = models.ForeignKey(
        InterviewOutline,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("outline"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("interview question"))
    area = models.CharField(_("area"), max_length=32, choices=Area.choices, blank=True)
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices)
    key = models.CharField(max_length=120, blank=True)
    source_kind = models.CharField(
        _("source"), max_length=16, choices=SourceKind.choices, blank=True
    )
    source_label = models.CharField(_("drawn from"), max_length=200, blank=True)
    source_url = models.CharField(max_length=300, blank=True)
    confidential = models.BooleanField(
        _("for the interviewer only"),
        default=False,
        help_text=_("Not handed to the interviewee: kept for whoever asks."),
    )
    edited = models.BooleanField(_("edited by hand"), default=False)
    removed = models.BooleanField(_("removed"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["outline", "order", "id"]
        verbose_name = _("outline question")
        verbose_name_plural = _("outline questions")
        indexes = [models.Index(fields=["outline", "key"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def kept_on_regeneration(self) -> bool:
        return self.origin == Origin.MANUAL or self.edited or self.removed


class Interview(models.Model):
    """The record of one interview (谈话记录): one asks, one records. A person may be
    interviewed several times. Sensitive: every view of it is an audit event."""

    inspection = models.ForeignKey(
        "plans.Inspection",
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("inspection"),
    )
    interviewee = models.ForeignKey(
        Interviewee,
        on_delete=models.PROTECT,
        related_name="interviews",
        verbose_name=_("interviewee"),
    )
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    asker = models.ForeignKey(
        "people.Cadre",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("interviewer"),
    )
    recorder = models.ForeignKey(
        "people.Cadre",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorder"),
    )
    record = models.TextField(_("record"))
    summary = models.TextField(_("summary"), blank=True)
    problems = models.TextField(_("problems noted"), blank=True, help_text=_("One problem a line."))
    leads = models.TextField(_("leads noted"), blank=True, help_text=_("One lead a line."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "-held_on", "-starts_at", "-id"]
        indexes = [models.Index(fields=["inspection", "held_on"])]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(asker=models.F("recorder")),
                name="interview_asker_is_not_recorder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.interviewee}"

    @property
    def problem_lines(self) -> list[str]:
        return [line.strip() for line in self.problems.splitlines() if line.strip()]

    @property
    def lead_lines(self) -> list[str]:
        return [line.strip() for line in self.leads.splitlines() if line.strip()]
