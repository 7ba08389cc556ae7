"""The copied-text check (seed 001: self-criticism materials and rectification plans copied from
each other).

Units hand in material (`UnitMaterial`: democratic life meeting materials, personal
self-criticism, rectification plans); its text is extracted once, normalized (traditional →
simplified, width, punctuation; see core.text) and compared against the material of the same
kind from other units and from earlier rounds. Each pair above the threshold is a `CopyMatch`
with its score and the overlapping passages, side by side.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MaterialKind(models.TextChoices):
    DEMOCRATIC_LIFE = "democratic_life", _("Democratic life meeting material")
    SELF_CRITICISM = "self_criticism", _("Personal self-criticism")
    RECTIFICATION_PLAN = "rectification_plan", _("Rectification plan")
    OTHER = "other", _("Other material")


class UnitMaterial(models.Model):
    """A unit's material for the copied-text check; `normalized` is `core.text.compact_map`
    of `text`, what the comparison runs on."""

    inspection = models.ForeignKey(
        "plans.Inspection",
        on_delete=models.PROTECT,
        related_name="unit_materials",
        verbose_name=_("inspection"),
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=MaterialKind.choices)
    title = models.CharField(_("title"), max_length=200)
    author = models.CharField(
        _("whose material"),
        max_length=100,
        blank=True,
        help_text=_("The person, for personal material."),
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    file = models.FileField(upload_to="materials/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField(_("text"))
    normalized = models.TextField(editable=False, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("uploaded by"),
    )
    # Handed in by the target's liaison rather than by the team: the unit sees these uploads
    # (and only these) on its own page.
    by_unit = models.BooleanField(_("handed in by the unit"), default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(_("compared at"), null=True, blank=True)

    class Meta:
        ordering = ["inspection", "kind", "id"]
        verbose_name = _("unit material")
        verbose_name_plural = _("unit materials")
        indexes = [models.Index(fields=["kind", "inspection"])]

    def __str__(self) -> str:
        return self.title


class CopyMatch(models.Model):
    """Two materials sharing text: `score` is the share of the shorter text found in the other
    (0–1); `passages` lists the overlapping runs as
    [{"a": [start, end], "b": [start, end], "length": n}] over the original texts."""

    material = models.ForeignKey(
        UnitMaterial,
        on_delete=models.CASCADE,
        related_name="matches",
        verbose_name=_("material"),
    )
    other = models.ForeignKey(
        UnitMaterial, on_delete=models.CASCADE, related_name="+", verbose_name=_("matched with")
    )
    score = models.FloatField(_("similarity"))
    shared_chars = models.PositiveIntegerField(_("shared characters"))
    passages = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score"]
        verbose_name = _("copied-text match")
        verbose_name_plural = _("copied-text matches")
        constraints = [
            models.UniqueConstraint(fields=["material", "other"], name="unique_copy_pair"),
            models.CheckConstraint(
                condition=models.Q(material__lt=models.F("other")), name="copy_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.material_id}~{self.other_id} {self.score:.2f}"
