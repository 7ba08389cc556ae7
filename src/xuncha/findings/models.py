"""Findings (问题底稿): one problem, one working paper, signed off drafter → deputy → leader.

A finding starts from a draft problem the evening briefing handed off (`draft_problem`) or is
written directly. Its classification follows DOMAIN.md §4; its disposition says where the problem
goes (the report's decisions in `reports` settle it for good). Findings about a person's conduct
carry a `ConductJudgment` (mistake or dereliction, seed 001); an immediate fix carries the
hand-over letter and the unit's reply (`ImmediateFix`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import SourceKind


class Discipline(models.TextChoices):
    """六大纪律."""

    POLITICAL = "political", _("Political discipline")
    ORGANIZATIONAL = "organizational", _("Organizational discipline")
    INTEGRITY = "integrity", _("Integrity discipline")
    MASS = "mass", _("Mass discipline")
    WORK = "work", _("Work discipline")
    LIFE = "life", _("Life discipline")


class WorkStyle(models.TextChoices):
    """四风."""

    FORMALISM = "formalism", _("Formalism")
    BUREAUCRATISM = "bureaucratism", _("Bureaucratism")
    HEDONISM = "hedonism", _("Hedonism")
    EXTRAVAGANCE = "extravagance", _("Extravagance")


class EightRules(models.TextChoices):
    """The common sub-types of breaches of the eight-point rules (monthly statistics)."""

    GIFTS = "gifts", _("Giving or taking valuable local products, gifts or money")
    DINING = "dining", _("Improper dining")
    ALLOWANCES = "allowances", _("Improper allowances or benefits")
    CEREMONIES = "ceremonies", _("Lavish weddings or funerals")
    VEHICLES = "vehicles", _("Improper use of official vehicles")
    TRAVEL = "travel", _("Sightseeing at public expense")
    BUILDINGS = "buildings", _("Office buildings and halls against the rules")
    RECEPTIONS = "receptions", _("Receptions above the standard")


class NatureDepth(models.TextChoices):
    PHENOMENON = "phenomenon", _("A phenomenon")
    ESSENCE = "essence", _("The essence")


class NaturePrinciple(models.TextChoices):
    IDEOLOGICAL = "ideological", _("Ideological understanding")
    POLITICAL = "political", _("Political principle")


class NatureOrigin(models.TextChoices):
    INSTITUTIONAL = "institutional", _("Institutions and mechanisms")
    IMPLEMENTATION = "implementation", _("Implementation")


class Scope(models.TextChoices):
    COMMON = "common", _("Common problem")
    INDIVIDUAL = "individual", _("Individual problem")


class Disposition(models.TextChoices):
    """Where the problem goes."""

    FEEDBACK = "feedback", _("Into the feedback list")
    IMMEDIATE_FIX = "immediate_fix", _("Immediate fix")
    DISCIPLINE_COMMISSION = "discipline_commission", _("Transfer to the discipline commission")
    ORGANIZATION_DEPARTMENT = (
        "organization_department",
        _("Transfer to the organization department"),
    )
    FUNCTIONAL_DEPARTMENT = "functional_department", _("Transfer to a functional department")
    PARTY_COMMITTEE = "party_committee", _("Suggestion to the party committee")


class ResponsibleKind(models.TextChoices):
    UNIT = "unit", _("The unit (party organization)")
    LEADERSHIP = "leadership", _("The leadership team")
    INDIVIDUAL = "individual", _("An individual")


class Finding(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being drafted")
        PENDING_DEPUTY = "pending_deputy", _("Awaiting the deputy leader")
        PENDING_LEADER = "pending_leader", _("Awaiting the leader")
        RETURNED = "returned", _("Returned for revision")
        CONFIRMED = "confirmed", _("Confirmed by the leader")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    inspection = models.ForeignKey(
        "plans.Inspection",
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("inspection"),
    )
    number = models.PositiveIntegerField(_("number"))
    draft_problem = models.OneToOneField(
        "fieldwork.DraftProblem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="finding",
        verbose_name=_("from the evening problem list"),
    )
    title = models.CharField(_("problem"), max_length=300)
    focus_area = models.ForeignKey(
        "plans.FocusArea",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("focus area"),
    )
    # The working paper.
    basis = models.TextField(_("basis (rule or requirement breached)"), blank=True)
    facts = models.TextField(_("facts (who, what, when, amounts)"), blank=True)
    cause = models.TextField(_("cause"), blank=True)
    harm = models.TextField(_("harm"), blank=True)
    suggestion = models.TextField(_("suggestion"), blank=True)
    amount = models.DecimalField(
        _("amount involved (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    regulations = models.ManyToManyField(
        "knowledge.Article",
        blank=True,
        related_name="findings",
        verbose_name=_("articles breached"),
    )
    # Who is responsible.
    responsible_kind = models.CharField(
        _("responsible"),
        max_length=16,
        choices=ResponsibleKind.choices,
        default=ResponsibleKind.UNIT,
    )
    responsible_unit = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible unit"),
    )
    responsible_person = models.CharField(_("responsible person"), max_length=100, blank=True)
    responsible_post = models.CharField(_("post"), max_length=200, blank=True)
    # Classification.
    discipline = models.CharField(
        _("discipline"), max_length=16, choices=Discipline.choices, blank=True
    )
    work_style = models.CharField(
        _("work style"), max_length=16, choices=WorkStyle.choices, blank=True
    )
    eight_rules = models.CharField(
        _("eight-point rules"), max_length=16, choices=EightRules.choices, blank=True
    )
    nature_depth = models.CharField(
        _("phenomenon or essence"), max_length=16, choices=NatureDepth.choices, blank=True
    )
    nature_principle = models.CharField(
        _("ideological or political principle"),
        max_length=16,
        choices=NaturePrinciple.choices,
        blank=True,
    )
    nature_origin = models.CharField(
        _("institutions or implementation"),
        max_length=16,
        choices=NatureOrigin.choices,
        blank=True,
    )
    scope = models.CharField(
        _("common or individual"),
        max_length=16,
        choices=Scope.choices,
        default=Scope.INDIVIDUAL,
    )
    source_method = models.CharField(
        _("how it was found"), max_length=16, choices=SourceKind.choices, blank=True
    )
    is_conduct = models.BooleanField(
        _("about a person's conduct"),
        default=False,
        help_text=_("Conduct findings need a judgment: mistake or dereliction."),
    )
    disposition = models.CharField(
        _("disposition"),
        max_length=32,
        choices=Disposition.choices,
        default=Disposition.FEEDBACK,
    )
    receiver = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving department"),
        help_text=_("For a transfer to a functional department."),
    )
    wording = models.ForeignKey(
        "knowledge.Wording",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
        verbose_name=_("standard wording used"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drafter"),
    )
    # Everyone who wrote any of the text: none of them may sign as a reviewer.
    preparers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("preparers")
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "number"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="unique_finding_number"),
        ]
        indexes = [models.Index(fields=["inspection", "status"])]

    def __str__(self) -> str:
        return self.title


class FindingReview(models.Model):
    """One step of the sign-off chain, in order: the drafter submits, the deputy leader
    approves or returns, the leader confirms or returns; a confirmed paper may be reopened."""

    class Step(models.TextChoices):
        SUBMIT = "submit", _("Submitted for review")
        DEPUTY_APPROVE = "deputy_approve", _("Approved by the deputy leader")
        LEADER_CONFIRM = "leader_confirm", _("Confirmed by the leader")
        RETURN = "return", _("Returned with comments")
        REOPEN = "reopen", _("Reopened")
        WITHDRAW = "withdraw", _("Withdrawn")

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("finding")
    )
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    role = models.CharField(_("as"), max_length=32, blank=True)
    comment = models.TextField(_("comments"), blank=True)
    from_status = models.CharField(max_length=16, choices=Finding.Status.choices)
    to_status = models.CharField(max_length=16, choices=Finding.Status.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["finding", "at", "id"]
        verbose_name = _("finding review")
        verbose_name_plural = _("finding reviews")

    def __str__(self) -> str:
        return f"{self.finding_id} {self.step}"


class FindingEvidence(models.Model):
    """A record of the stationing backing the finding (interview, requested document,
    petition, survey, visit, check, meeting, attachment) or a described source."""

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("finding")
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
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["finding", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.label


class Distinction(models.TextChoices):
    """The answer to one of the three distinctions (三个区分开来): the tolerable side, the
    accountable side, or not established."""

    TOLERABLE = "tolerable", _("The tolerable side")
    ACCOUNTABLE = "accountable", _("The accountable side")
    UNCLEAR = "unclear", _("Not established")


class ConductJudgment(models.Model):
    """Mistake or dereliction (失误 / 失责) of the person a conduct finding is about.

    The three distinctions (DOMAIN.md §4), each answered with its reason:
    1. lack of experience in reform and trial (先行先试) — or knowing violation (明知故犯);
    2. a mistake in exploration not yet clearly restricted — or defiance of an explicit
       prohibition (明令禁止后依然我行我素);
    3. an unintentional fault for development — or a violation for private gain (谋取私利).
    """

    class Judgment(models.TextChoices):
        MISTAKE = "mistake", _("Mistake")
        DERELICTION = "dereliction", _("Dereliction")

    class Outcome(models.TextChoices):
        TOLERANCE = "tolerance", _("Tolerate and protect")
        CORRECTION = "correction", _("Correct and hold accountable")

    finding = models.OneToOneField(
        Finding, on_delete=models.CASCADE, related_name="judgment", verbose_name=_("finding")
    )
    person = models.CharField(_("person"), max_length=100)
    post = models.CharField(_("post"), max_length=200, blank=True)
    experience = models.CharField(
        _("lack of experience in reform, or knowing violation"),
        max_length=16,
        choices=Distinction.choices,
    )
    experience_reason = models.TextField(_("why"), blank=True)
    exploration = models.CharField(
        _("exploration not yet restricted, or defiance of a prohibition"),
        max_length=16,
        choices=Distinction.choices,
    )
    exploration_reason = models.TextField(_("why"), blank=True)
    purpose = models.CharField(
        _("unintentional fault for development, or violation for private gain"),
        max_length=16,
        choices=Distinction.choices,
    )
    purpose_reason = models.TextField(_("why"), blank=True)
    judgment = models.CharField(_("judgment"), max_length=16, choices=Judgment.choices)
    outcome = models.CharField(_("proposed outcome"), max_length=16, choices=Outcome.choices)
    reasoning = models.TextField(_("reasoning"))
    # The system suggests a judgment and outcome from the three answers; a team that decides
    # otherwise says why here (empty when it follows the suggestion).
    departure_reason = models.TextField(_("why the suggestion is not followed"), blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("judged by"),
    )
    judged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("conduct judgment")
        verbose_name_plural = _("conduct judgments")

    def __str__(self) -> str:
        return f"{self.person} {self.judgment}"


class ImmediateFix(models.Model):
    """A problem handed to the unit during stationing to fix at once (立行立改): the hand-over
    letter, the deadline and the unit's reply."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Letter drafted")
        SENT = "sent", _("Handed to the unit")
        REPLIED = "replied", _("Unit replied")
        ACCEPTED = "accepted", _("Reply accepted")

    finding = models.OneToOneField(
        Finding,
        on_delete=models.CASCADE,
        related_name="immediate_fix",
        verbose_name=_("finding"),
    )
    letter_number = models.CharField(_("letter number"), max_length=60, blank=True)
    requirement = models.TextField(_("what the unit must do"))
    due_on = models.DateField(_("reply due"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reply = models.TextField(_("unit's reply"), blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The files the unit sent with its reply: the only attachments of the fix its liaison
    # sees (the team may attach its own, e.g. the signed letter).
    reply_files = models.ManyToManyField(
        "fieldwork.Attachment", blank=True, related_name="+", verbose_name=_("reply files")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("immediate fix")
        verbose_name_plural = _("immediate fixes")

    def __str__(self) -> str:
        return self.letter_number or str(self.finding)
