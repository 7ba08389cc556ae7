"""Cadres (干部), the talent pools they are drawn from, and the inspection teams (巡察组).

Recusal, team membership per round and pool evaluations come with later issues; they hang off
these models (a `Cadre` is the person, a `Team` the standing team of a jurisdiction).
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
    Who serves on it in a round is decided per round (later issue)."""

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
