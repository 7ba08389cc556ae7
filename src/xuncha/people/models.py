"""Cadres (干部), their résumés, the talent pools they are drawn from, and the inspection teams.

A `Cadre` is the person, with the record the recusal rules read: posts held and schools attended
(`Posting`), relatives (`FamilyRelation`), former superiors and subordinates (`WorkingRelation`),
and when they can serve (`Availability`). A `Team` is the standing numbered team of a
jurisdiction; who serves on it in a round lives in `xuncha.staffing`.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Specialty(models.TextChoices):
    """The professional background the pools are asked to mix (纪检、组织、财务、审计、法律)."""

    DISCIPLINE = "discipline", _("Discipline inspection")
    ORGANIZATION = "organization", _("Organization")
    FINANCE = "finance", _("Finance")
    AUDIT = "audit", _("Audit")
    LAW = "law", _("Law")
    PETITIONS = "petitions", _("Letters and visits")
    PARTY_BUILDING = "party_building", _("Party building")
    OTHER = "other", _("Other")


class PoolKind(models.TextChoices):
    LEADER = "leader", _("Leader pool")
    SPECIALIST = "specialist", _("Specialist pool")
    STAFF = "staff", _("Staff pool")
    YOUNG_CADRE = "young_cadre", _("Young cadre pool")


class TalentPool(models.Model):
    """A talent pool (组长库 / 专业人才库 / 工作人员库 / 年轻干部库) kept by a jurisdiction's
    inspection office; teams of each round are drawn from it. Its members work in units of the
    jurisdiction."""

    jurisdiction = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="pools", verbose_name=_("jurisdiction")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PoolKind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cadres = models.ManyToManyField(
        "Cadre", through="PoolMembership", related_name="pools", verbose_name=_("cadres")
    )

    class Meta:
        ordering = ["jurisdiction__path", "kind", "name"]
        verbose_name = _("talent pool")
        verbose_name_plural = _("talent pools")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "name"], name="unique_pool_name_in_jurisdiction"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Cadre(models.Model):
    """A cadre (干部) who may serve on inspection teams: in one or more talent pools, on a team,
    with or without an account of their own. `unit` is the work unit; it places the cadre in the
    organization tree and so decides who may see the record."""

    full_name = models.CharField(_("full name"), max_length=60)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="cadres", verbose_name=_("work unit")
    )
    post = models.CharField(_("post"), max_length=100, blank=True)
    rank = models.CharField(
        _("rank"), max_length=40, blank=True, help_text=_("For example 正科级 or 一级主任科员.")
    )
    specialty = models.CharField(
        _("specialty"), max_length=16, choices=Specialty.choices, default=Specialty.OTHER
    )
    # Further expertise besides the main specialty: Specialty values, comma-separated.
    expertise = models.CharField(_("further expertise"), max_length=200, blank=True)
    education = models.CharField(
        _("education"), max_length=100, blank=True, help_text=_("For example 大学本科 / 法学学士.")
    )
    native_place = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="natives",
        verbose_name=_("home region"),
        help_text=_("The county or district the cadre comes from; cross inspections avoid it."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cadre",
        verbose_name=_("account"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        indexes = [models.Index(fields=["full_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def skills(self) -> set[str]:
        """The main specialty and every further expertise tag."""
        tags = {t for t in self.expertise.split(",") if t}
        if self.specialty and self.specialty != Specialty.OTHER:
            tags.add(self.specialty)
        return tags

    @property
    def expertise_tags(self) -> list[str]:
        """The further expertise as a list of Specialty values, in the order stored."""
        return [t for t in self.expertise.split(",") if t]

    @property
    def skill_labels(self) -> list[str]:
        """Labels of the skills for tags on pages: the main specialty first, then the others in
        the order of `Specialty`, so that lists read the same for every cadre."""
        skills = self.skills
        ordered = [self.specialty] if self.specialty in skills else []
        ordered += [s for s in Specialty.values if s in skills and s != self.specialty]
        return [str(Specialty(s).label) for s in ordered]


class PostingKind(models.TextChoices):
    WORK = "work", _("Worked")
    STUDY = "study", _("Studied")


class Posting(models.Model):
    """One line of a cadre's résumé: a post held or a school attended, with dates. `unit` is set
    when the place is in the organization tree (the recusal rules need it); `organization` keeps
    the name as written otherwise."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="postings", verbose_name=_("cadre")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=PostingKind.choices,
                            default=PostingKind.WORK)
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("unit"),
    )
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    title = models.CharField(_("post or course"), max_length=100, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True,
                                help_text=_("Leave empty while the post is held."))

    class Meta:
        ordering = ["cadre", "-started_on"]
        verbose_name = _("résumé entry")
        verbose_name_plural = _("résumé entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="posting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | ~models.Q(organization=""),
                name="posting_names_a_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.title}".strip()

    @property
    def place(self) -> str:
        return self.unit.name if self.unit_id else self.organization


class Kinship(models.TextChoices):
    """The kinship set of the recusal rules (DOMAIN.md §5)."""

    SPOUSE = "spouse", _("Spouse")
    LINEAL = "lineal", _("Lineal relative")
    COLLATERAL = "collateral", _("Collateral relative within three generations")
    IN_LAW = "in_law", _("Close in-law")


class FamilyRelation(models.Model):
    """A relative the cadre declared, and where the relative works."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="relatives", verbose_name=_("cadre")
    )
    kinship = models.CharField(_("kinship"), max_length=16, choices=Kinship.choices)
    relation = models.CharField(_("relation"), max_length=20, blank=True,
                                help_text=_("As the cadre calls it, for example 父亲 or 妻子."))
    full_name = models.CharField(_("full name"), max_length=60)
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("work unit"),
    )
    employer = models.CharField(_("employer (outside the tree)"), max_length=200, blank=True)
    post = models.CharField(_("post"), max_length=100, blank=True)

    class Meta:
        ordering = ["cadre", "kinship", "full_name"]
        verbose_name = _("family relation")
        verbose_name_plural = _("family relations")

    def __str__(self) -> str:
        return f"{self.relation or self.get_kinship_display()} {self.full_name}"


class WorkingRelationKind(models.TextChoices):
    SUPERIOR = "superior", _("Former superior")
    SUBORDINATE = "subordinate", _("Former subordinate")
    COLLEAGUE = "colleague", _("Close colleague")


class WorkingRelation(models.Model):
    """A person the cadre worked closely with: a former superior or subordinate, or a close
    colleague. Matched by name against the leadership teams of targets."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="working_relations",
        verbose_name=_("cadre"),
    )
    kind = models.CharField(_("relation"), max_length=16, choices=WorkingRelationKind.choices)
    full_name = models.CharField(_("full name"), max_length=60)
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("where they worked together"),
    )
    ended_on = models.DateField(_("worked together until"), null=True, blank=True,
                                help_text=_("Leave empty if they still work together."))

    class Meta:
        ordering = ["cadre", "full_name"]
        verbose_name = _("working relation")
        verbose_name_plural = _("working relations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.full_name}"


class Availability(models.Model):
    """A period in which the cadre can serve on a team, and whether the home unit released them
    from their ordinary duties for it (脱产)."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="availability", verbose_name=_("cadre")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    released = models.BooleanField(_("released from the home unit"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["cadre", "starts_on"]
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="availability_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}"


class TrainingRecord(models.Model):
    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("cadre")
    )
    title = models.CharField(_("training"), max_length=200)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    organizer = models.CharField(_("organizer"), max_length=200, blank=True)

    class Meta:
        ordering = ["cadre", "-held_on"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")

    def __str__(self) -> str:
        return self.title


class Reward(models.Model):
    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="rewards", verbose_name=_("cadre")
    )
    title = models.CharField(_("reward"), max_length=200)
    awarded_on = models.DateField(_("date"))
    issuer = models.CharField(_("awarded by"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["cadre", "-awarded_on"]
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")

    def __str__(self) -> str:
        return self.title


class PoolMembership(models.Model):
    """A cadre's place in a talent pool, from the day the leading group admitted them."""

    pool = models.ForeignKey(
        TalentPool,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("talent pool"),
    )
    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cadre")
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.TextField(_("reason for removal"), blank=True)

    class Meta:
        ordering = ["pool", "cadre__full_name"]
        verbose_name = _("pool membership")
        verbose_name_plural = _("pool memberships")
        constraints = [
            models.UniqueConstraint(fields=["pool", "cadre"], name="unique_cadre_in_pool"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} @ {self.pool}"


class Team(models.Model):
    """A standing inspection team (巡察组) of a jurisdiction, numbered 第一巡察组 = 1 and so on.
    Who serves on it in a round is `xuncha.staffing.models.TeamMember`."""

    jurisdiction = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="teams", verbose_name=_("jurisdiction")
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=60)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["jurisdiction__path", "number"]
        verbose_name = _("inspection team")
        verbose_name_plural = _("inspection teams")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "number"], name="unique_team_number_in_jurisdiction"
            ),
        ]

    def __str__(self) -> str:
        return self.name
