"""Office-replaceable Word templates and the record of every generated document.

A `DocumentTemplate` is an office's own version of a shipped template (same name, e.g.
"fieldwork_notice.docx"), kept for its unit and every unit below; the newest active version of
the nearest office wins, else the deployment's directory, else the shipped file. Every file the
platform generates is kept as a `GeneratedDocument` with its SHA-256, the template and version
it came from, and an audit event.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentTemplate(models.Model):
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("office of")
    )
    name = models.CharField(_("template"), max_length=100)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(upload_to="templates/")
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "name", "-version"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name", "version"], name="unique_template_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class GeneratedDocument(models.Model):
    class Format(models.TextChoices):
        DOCX = "docx", "Word"
        PDF = "pdf", "PDF"

    template = models.CharField(_("template"), max_length=100)
    template_version = models.CharField(
        _("template version"),
        max_length=80,
        help_text=_("shipped:<sha256 prefix>, dir:<sha256 prefix> or office:<id>v<version>."),
    )
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    filename = models.CharField(_("file name"), max_length=255)
    file = models.FileField(upload_to="generated/%Y/%m/")
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    # What the document is about (an inspection, a report, a notice…), by type and id.
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    inspection = models.ForeignKey(
        "plans.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    generated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-generated_at", "-id"]
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return self.filename

    @property
    def content(self) -> bytes:
        """The file's bytes: those just generated, else read from storage."""
        cached = getattr(self, "_content", None)
        if cached is None:
            with self.file.open("rb") as fh:
                cached = fh.read()
        return cached
