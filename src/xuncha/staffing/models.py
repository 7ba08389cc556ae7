"""Who serves on which team in a round, and the rules around it.

`Recusal` is a conflict of interest between a cadre and a target: detected by the rules of
`staffing.recusal`, declared by the cadre, or raised by the target; it ends in a decision of the
office. `FormationProposal` is what the team-formation assistant proposed for a round; accepted,
it becomes `TeamMember` rows and one `Authorization` (一次一授权) per team. Pledges, gift
declarations and end-of-round evaluations complete the work discipline of a round.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecusalKind(models.TextChoices):
    POSITION = "position", _("Position")
    REGION = "region", _("Region")
    OFFICIAL_DUTY = "official_duty", _("Official duty")


class RecusalSource(models.TextChoices):
    RULE = "rule", _("Detected by the rules")
    DECLARATION = "declaration", _("Self-declared")
    OBJECTION = "objection", _("Raised by the target")


class RecusalStatus(models.TextChoices):
    OPEN = "open", _("Awaiting decision")
    UPHELD = "upheld", _("Recusal upheld")
    OVERRIDDEN = "overridden", _("Overridden with a reason")
    DISMISSED = "dismissed", _("Dismissed")


class Recusal(models.Model):
    """A conflict of interest between a cadre and a target (in a round, when known).

    Open and upheld recusals block assigning the cadre to a team that inspects the target; an
    `overridden` decision, with its reason, lets the assignment through."""

    cadre = models.ForeignKey(
        "people.Cadre", on_delete=models.CASCADE, related_name="recusals",
        verbose_name=_("cadre"),
    )
    target = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="recusals", verbose_name=_("target")
    )
    round = models.ForeignKey(
        "plans.Round", null=True, blank=True, on_delete=models.CASCADE, related_name="recusals",
        verbose_name=_("round"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RecusalKind.choices)
    source = models.CharField(_("source"), max_length=16, choices=RecusalSource.choices)
    rule = models.CharField(_("rule"), max_length=40, blank=True)
    detail = models.TextField(_("detail"))
    raised_by = models.CharField(
        _("raised by"), max_length=100, blank=True,
        help_text=_("Who raised an objection on the target's side."),
    )
    status = models.CharField(_("status"), max_length=16, choices=RecusalStatus.choices,
                              default=RecusalStatus.OPEN, db_index=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    # Dismissed by a rescan because the rule stopped firing, not by a person: such a row does
    # not clear the conflict if the rule fires again.
    closed_by_scan = models.BooleanField(default=False, editable=False)
    substitute = models.ForeignKey(
        "people.Cadre", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("proposed substitute"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        indexes = [models.Index(fields=["cadre", "target"])]

    def __str__(self) -> str:
        return f"{self.cadre} ↔ {self.target}"


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    DEPUTY_LEADER = "deputy_leader", _("Deputy leader")
    MEMBER = "member", _("Member")
    LIAISON = "liaison", _("Liaison")
    DRAFTER = "drafter", _("Report drafter")
    ARCHIVIST = "archivist", _("Archivist")


class TeamMember(models.Model):
    """A cadre serving on a team in a round. A cadre serves on one team per round."""

    round = models.ForeignKey(
        "plans.Round", on_delete=models.CASCADE, related_name="team_members",
        verbose_name=_("round"),
    )
    team = models.ForeignKey(
        "people.Team", on_delete=models.PROTECT, related_name="members", verbose_name=_("team")
    )
    cadre = models.ForeignKey(
        "people.Cadre", on_delete=models.PROTECT, related_name="team_memberships",
        verbose_name=_("cadre"),
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices,
                            default=MemberRole.MEMBER)
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["round", "team__number", "role", "cadre__full_name"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["round", "cadre"], name="one_team_per_round"),
            models.UniqueConstraint(
                fields=["round", "team"], condition=models.Q(role="leader"),
                name="one_leader_per_team_and_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.get_role_display()} {self.cadre}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    INFEASIBLE = "infeasible", _("No feasible formation")


class FormationProposal(models.Model):
    """One run of the team-formation assistant for a round: the teams it proposes, the objective
    against a greedy baseline, and why (`explanation`); or which constraint cannot be met."""

    round = models.ForeignKey(
        "plans.Round", on_delete=models.CASCADE, related_name="proposals",
        verbose_name=_("round"),
    )
    status = models.CharField(_("status"), max_length=16, choices=ProposalStatus.choices,
                              default=ProposalStatus.PROPOSED)
    parameters = models.JSONField(_("parameters"), default=dict)
    objective = models.IntegerField(_("objective"), null=True, blank=True)
    baseline_objective = models.IntegerField(_("greedy baseline"), null=True, blank=True)
    proven_optimal = models.BooleanField(_("proven optimal"), default=False)
    solve_seconds = models.FloatField(_("solve time (s)"), default=0)
    explanation = models.JSONField(_("explanation"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("computed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["round", "-created_at", "-id"]
        verbose_name = _("team proposal")
        verbose_name_plural = _("team proposals")

    def __str__(self) -> str:
        return f"{self.round} #{self.pk}"


class ProposalMember(models.Model):
    """A seat of a proposal: who, on which team, in which role, and why."""

    proposal = models.ForeignKey(
        FormationProposal, on_delete=models.CASCADE, related_name="members",
        verbose_name=_("proposal"),
    )
    team = models.ForeignKey(
        "people.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    cadre = models.ForeignKey(
        "people.Cadre", on_delete=models.CASCADE, related_name="+", verbose_name=_("cadre")
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices)
    reasons = models.JSONField(_("reasons"), default=list)

    class Meta:
        ordering = ["proposal", "team__number", "role", "cadre__full_name"]
        verbose_name = _("proposed member")
        verbose_name_plural = _("proposed members")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "cadre"], name="one_seat_per_proposal"),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.cadre}"


class Authorization(models.Model):
    """The one-time authorization (一次一授权) appointing a leader to one round's task."""

    round = models.ForeignKey(
        "plans.Round", on_delete=models.CASCADE, related_name="authorizations",
        verbose_name=_("round"),
    )
    team = models.ForeignKey(
        "people.Team", on_delete=models.PROTECT, related_name="authorizations",
        verbose_name=_("team"),
    )
    leader = models.ForeignKey(
        "people.Cadre", on_delete=models.PROTECT, related_name="authorizations",
        verbose_name=_("leader"),
    )
    document_number = models.CharField(_("document number"), max_length=60)
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("issued by"),
    )

    class Meta:
        ordering = ["round", "team__number"]
        verbose_name = _("authorization")
        verbose_name_plural = _("authorizations")
        constraints = [
            models.UniqueConstraint(fields=["round", "team"], name="one_authorization_per_team"),
        ]

    def __str__(self) -> str:
        return self.document_number


class ConfidentialityPledge(models.Model):
    """A confidentiality pledge (保密承诺) signed by a team member for a round."""

    round = models.ForeignKey(
        "plans.Round", on_delete=models.CASCADE, related_name="pledges", verbose_name=_("round")
    )
    cadre = models.ForeignKey(
        "people.Cadre", on_delete=models.PROTECT, related_name="pledges", verbose_name=_("cadre")
    )
    text = models.TextField(_("text of the pledge"))
    signed_on = models.DateField(_("signed on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["round", "cadre__full_name"]
        verbose_name = _("confidentiality pledge")
        verbose_name_plural = _("confidentiality pledges")
        constraints = [
            models.UniqueConstraint(fields=["round", "cadre"], name="one_pledge_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.cadre}"


class GiftKind(models.TextChoices):
    GIFT = "gift", _("Gift")
    MONEY = "money", _("Money or vouchers")
    BANQUET = "banquet", _("Banquet")
    OTHER = "other", _("Other")


class GiftHandling(models.TextChoices):
    REFUSED = "refused", _("Refused")
    RETURNED = "returned", _("Returned")
    HANDED_IN = "handed_in", _("Handed in")


class GiftDeclaration(models.Model):
    """A gift or banquet offered to a team member, declared and visible to the office."""

    round = models.ForeignKey(
        "plans.Round", on_delete=models.CASCADE, related_name="gift_declarations",
        verbose_name=_("round"),
    )
    cadre = models.ForeignKey(
        "people.Cadre", on_delete=models.PROTECT, related_name="gift_declarations",
        verbose_name=_("cadre"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=GiftKind.choices)
    offered_on = models.DateField(_("offered on"))
    offered_by = models.CharField(_("offered by"), max_length=200)
    description = models.TextField(_("description"))
    value = models.DecimalField(_("estimated value (yuan)"), max_digits=12, decimal_places=2,
                                null=True, blank=True)
    handling = models.CharField(_("handling"), max_length=16, choices=GiftHandling.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["round", "-offered_on", "-id"]
        verbose_name = _("gift declaration")
        verbose_name_plural = _("gift declarations")

    def __str__(self) -> str:
        return f"{self.cadre} {self.offered_on}"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    BASIC = "basic", _("Basically competent")
    INCOMPETENT = "incompetent", _("Incompetent")


class Evaluation(models.Model):
    """The end-of-round evaluation of a team member, sent to the home unit as a letter."""

    round = models.ForeignKey(
        "plans.Round", on_delete=models.CASCADE, related_name="evaluations",
        verbose_name=_("round"),
    )
    cadre = models.ForeignKey(
        "people.Cadre", on_delete=models.PROTECT, related_name="evaluations",
        verbose_name=_("cadre"),
    )
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices)
    comments = models.TextField(_("comments"))
    evaluated_on = models.DateField(_("evaluated on"), default=timezone.localdate)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("evaluated by"),
    )

    class Meta:
        ordering = ["round", "cadre__full_name"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["round", "cadre"], name="one_evaluation_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.cadre}"
