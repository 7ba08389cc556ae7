"""The knowledge base (知识库): regulations with their articles, typical cases, the standard
wording of common problems (巡言巡语) and model reports (范文).

Every entry belongs to the office that keeps it (`owner`); entries of an office are read by
everyone below it who holds `knowledge.view`, and changed only with `knowledge.edit` over the
owner. `search_text` is the normalized text (simplified, lower case, see core.text) that search
matches against.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Regulation(models.Model):
    class Level(models.TextChoices):
        PARTY_REGULATION = "party_regulation", _("Party regulation")
        LAW = "law", _("Law or administrative regulation")
        NORMATIVE = "normative", _("Normative document")
        LOCAL = "local", _("Local rule")

    owner = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("kept by")
    )
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("kind"), max_length=32, choices=Level.choices)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    effective_on = models.DateField(_("in force from"), null=True, blank=True)
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    search_text = models.TextField(editable=False, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")

    def __str__(self) -> str:
        return self.title


class Article(models.Model):
    """One article (条) of a regulation: what a finding cites as its basis."""

    regulation = models.ForeignKey(
        Regulation,
        on_delete=models.CASCADE,
        related_name="articles",
        verbose_name=_("regulation"),
    )
    number = models.CharField(_("article"), max_length=40, help_text=_("For example 第二十九条."))
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["regulation", "order", "id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["regulation", "number"], name="unique_article_number"),
        ]

    def __str__(self) -> str:
        return f"《{self.regulation.title}》{self.number}"


class Case(models.Model):
    """A typical case (典型案例) for teaching and for comparing."""

    owner = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("kept by")
    )
    title = models.CharField(_("title"), max_length=200)
    focus = models.CharField(_("focus"), max_length=200, blank=True)
    discipline = models.CharField(_("discipline"), max_length=16, blank=True)
    summary = models.TextField(_("what happened"))
    handling = models.TextField(_("how it was handled"), blank=True)
    lesson = models.TextField(_("lesson"), blank=True)
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    articles = models.ManyToManyField(
        Article, blank=True, related_name="cases", verbose_name=_("articles")
    )
    search_text = models.TextField(editable=False, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_on", "title"]
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")

    def __str__(self) -> str:
        return self.title


class Wording(models.Model):
    """A standard phrasing of a common problem (巡言巡语), suggested while writing a finding."""

    owner = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("kept by")
    )
    focus = models.CharField(
        _("focus"),
        max_length=200,
        help_text=_("The focus area the phrasing belongs to, as rounds name it."),
    )
    discipline = models.CharField(_("discipline"), max_length=16, blank=True)
    work_style = models.CharField(_("work style"), max_length=16, blank=True)
    text = models.TextField(_("phrasing"))
    basis = models.TextField(_("usual basis"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    times_used = models.PositiveIntegerField(_("times used"), default=0)
    search_text = models.TextField(editable=False, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["focus", "-times_used", "id"]
        verbose_name = _("standard wording")
        verbose_name_plural = _("standard wordings")

    def __str__(self) -> str:
        return self.text[:40]


class ModelReport(models.Model):
    """A model report (范文) offered as an example when drafting."""

    owner = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("kept by")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("report kind"), max_length=16)
    note = models.TextField(_("why it is a model"), blank=True)
    text = models.TextField(_("text"))
    search_text = models.TextField(editable=False, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("model report")
        verbose_name_plural = _("model reports")

    def __str__(self) -> str:
        return self.title
