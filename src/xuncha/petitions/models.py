"""The petition register (受理来信来电来访): the letters, calls, visits, e-mails, mailbox notes and
online reports an inspection team receives while stationed (DOMAIN.md §3).

A petition's content and its reporter's identity live in separate tables: `Petition` and its
`Subject`s are read by everyone who reaches the inspection's material, `ReporterIdentity` only
through `petitions.services.reveal_identity`, which checks the role and leaves an audit event on
every view. The identity has no reverse accessor on `Petition` so that no template or
serializer can reach it by accident.

Issue 7 (public online intake) will add receipts (`receipt_hash`, Argon2), field-level
encryption of `ReporterIdentity` and duplicate detection; `source` and a nullable `inspection`
(a petition for an office's jurisdiction in general, `jurisdiction`) leave room for it.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import Area


class Channel(models.TextChoices):
    """How the petition reached the team (the announcement's channels)."""

    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("Visit in person")
    EMAIL = "email", _("E-mail")
    MAILBOX = "mailbox", _("Suggestion box")
    ONLINE = "online", _("Online")
    QR = "qr", _("QR code")


class Source(models.TextChoices):
    """Who put the petition into the register."""

    STAFF = "staff", _("Registered by staff")
    PUBLIC_INTAKE = "public_intake", _("Public online intake")
    REFERRED = "referred", _("Referred by another body")


class Status(models.TextChoices):
    """registered → assessed → handling / forwarded → closed (see `petitions.workflow`)."""

    REGISTERED = "registered", _("Registered")
    ASSESSED = "assessed", _("Assessed")
    HANDLING = "handling", _("Being handled")
    FORWARDED = "forwarded", _("Forwarded")
    CLOSED = "closed", _("Closed")


class Petition(models.Model):
    """One letter, call or visit, with what it is about and how it was dealt with. The summary
    and content carry no reporter identity (the services refuse text naming the reporter)."""

    inspection = models.ForeignKey(
        "plans.Inspection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
        verbose_name=_("inspection"),
    )
    # The office whose register this is: the round's jurisdiction, or for petitions received
    # for no inspection in particular (issue 7's intake) the office they were addressed to.
    jurisdiction = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("jurisdiction")
    )
    number = models.PositiveIntegerField(_("registration number"))
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.STAFF
    )
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    reporter_count = models.PositiveSmallIntegerField(
        _("number of reporters"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("More than one for a jointly signed letter."),
    )
    summary = models.CharField(_("summary"), max_length=200)
    content = models.TextField(_("content"))
    area = models.CharField(_("area"), max_length=32, choices=Area.choices, blank=True)
    # Assessment: in scope = the leadership team and its members, heads of the next-level
    # organizations, key posts; personal grievances and lawsuits are forwarded (DOMAIN.md §3).
    in_scope = models.BooleanField(_("in scope"), null=True, blank=True)
    scope_reason = models.TextField(_("assessment"), blank=True)
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.REGISTERED,
        db_index=True,
    )
    forwarded_to = models.CharField(_("forwarded to"), max_length=200, blank=True)
    forwarded_to_unit = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving unit"),
    )
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    forward_reference = models.CharField(_("reference number"), max_length=60, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Issue 7: an Argon2 hash of the receipt code an anonymous reporter follows up with.
    receipt_hash = models.CharField(max_length=200, blank=True, default="", editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["jurisdiction", "inspection", "-number"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"],
                condition=models.Q(inspection__isnull=False),
                name="petition_number_unique_per_inspection",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="forwarded") | models.Q(forwarded_on__isnull=False),
                name="forwarded_petition_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["inspection", "status"]),
            models.Index(fields=["inspection", "received_on"]),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """How the register and other records refer to it (data text, in Chinese)."""
        return f"信访件第{self.number}号"

    @property
    def unit(self):
        """The unit its audit events are filed under: the target, or the jurisdiction."""
        return self.inspection.target if self.inspection_id else self.jurisdiction


class Subject(models.Model):
    """A person the petition is about (被反映人): name and post as the petition gives them,
    the unit where known."""

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="subjects", verbose_name=_("petition")
    )
    name = models.CharField(_("name"), max_length=60, blank=True)
    post = models.CharField(_("post"), max_length=100, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    note = models.CharField(_("other details"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["petition", "order", "id"]
        verbose_name = _("person reported on")
        verbose_name_plural = _("people reported on")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name="", post=""), name="subject_has_name_or_post"
            ),
        ]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["unit"])]

    def __str__(self) -> str:
        if self.name and self.post:
            return f"{self.name}（{self.post}）"
        return self.name or self.post


class ReporterIdentity(models.Model):
    """Who wrote, called or came (举报人/信访人), for a named petition. Kept apart from the
    content and read only through `petitions.services.reveal_identity` (audited); no reverse
    accessor on `Petition`."""

    petition = models.OneToOneField(
        Petition, on_delete=models.CASCADE, related_name="+", verbose_name=_("petition")
    )
    name = models.CharField(_("name"), max_length=60)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    id_number = models.CharField(_("ID card number"), max_length=18, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    work_unit = models.CharField(_("work unit"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reporter's identity")
        verbose_name_plural = _("reporters' identities")

    def __str__(self) -> str:
        return f"{self.petition_id}"  # never the name: this may end up in logs


class PetitionEvent(models.Model):
    """A step on the petition's timeline: registration, changes, assessment, forwarding,
    closure. Notes never hold identity."""

    class Action(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        CHANGED = "changed", _("Changed")
        IDENTITY_CHANGED = "identity_changed", _("Reporter's identity corrected")
        ASSESSED = "assessed", _("Assessed")
        TAKEN_UP = "taken_up", _("Taken up by the team")
        FORWARDED = "forwarded", _("Forwarded")
        CLOSED = "closed", _("Closed")

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="events", verbose_name=_("petition")
    )
    action = models.CharField(_("event"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["petition", "at", "id"]
        verbose_name = _("petition event")
        verbose_name_plural = _("petition events")

    def __str__(self) -> str:
        return f"{self.petition_id} {self.action}"
