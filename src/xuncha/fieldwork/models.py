"""Stationing (进驻了解): everything a team gathers at its target belongs to one `Inspection` and
is visible only to its team, the office, and those the office grants (`InspectionGrant`).

The records of stationing (meetings, interviews, questionnaires, petitions, document requests,
the evening problem list) hang off `Inspection` and are read through `fieldwork.access`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InspectionGrant(models.Model):
    """Read access to one inspection's stationing material, granted by the office to someone
    who is neither on the team nor in the office (a discipline commission liaison, say), with a
    reason and an optional end date. Revoked grants are kept."""

    inspection = models.ForeignKey(
        "plans.Inspection", on_delete=models.CASCADE, related_name="grants",
        verbose_name=_("inspection"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspection_grants",
        verbose_name=_("account"),
    )
    reason = models.TextField(_("reason"))
    expires_on = models.DateField(_("until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("revoked by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["inspection", "-granted_at", "-id"]
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "user"], condition=models.Q(revoked_at__isnull=True),
                name="one_live_grant_per_user_and_inspection",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection} → {self.user}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and (
            self.expires_on is None or self.expires_on >= timezone.localdate()
        )


# --- Shared ------------------------------------------------------------------------------------


def _attachment_path(instance, filename: str) -> str:
    # The stored name is random: the original name is kept in `name`, never in the file system.
    import secrets

    return f"fieldwork/{instance.inspection_id}/{secrets.token_hex(16)}"


class Attachment(models.Model):
    """A file attached to any stationing record (meeting minutes, an answered request, a
    petition's letter, a provided document). Stored under a random name outside the static
    files and served only through the inspection's choke point."""

    inspection = models.ForeignKey(
        "plans.Inspection", on_delete=models.CASCADE, related_name="attachments",
        verbose_name=_("inspection"),
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    mime = models.CharField(_("type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class SourceKind(models.TextChoices):
    """Where a piece of stationing material came from (DOMAIN.md §3): tags draft problems and
    the questions of generated outlines."""

    INTERVIEW = "interview", _("Interview")
    DOCUMENT = "document", _("Documents and accounts")
    VISIT = "visit", _("Site visit")
    PETITION = "petition", _("Letters, calls and visits")
    SURVEY = "survey", _("Questionnaire or appraisal")
    MEETING = "meeting", _("Meeting")
    CHECK = "check", _("Spot or special check")
    DOSSIER = "dossier", _("Target dossier")
    OTHER = "other", _("Other")


class Area(models.TextChoices):
    """The six areas a questionnaire asks about (seed 002); interview questions and survey
    questions are sorted by them so that one can point at the other."""

    PARTY_LINE = "party_line", _("Party line, principles and policies")
    DEMOCRATIC_CENTRALISM = "democratic_centralism", _("Democratic centralism")
    WORK_STYLE = "work_style", _("Four work styles")
    DISCIPLINE = "discipline", _("Discipline and cases")
    CADRE_SELECTION = "cadre_selection", _("Cadre selection and appointment")
    ENFORCEMENT = "enforcement", _("Administrative enforcement")


# --- Before stationing ------------------------------------------------------------------------


class Partner(models.TextChoices):
    """The departments an office asks about a target before stationing."""

    DISCIPLINE_COMMISSION = "discipline_commission", _("Discipline commission")
    ORGANIZATION_DEPARTMENT = "organization_department", _("Organization department")
    AUDIT = "audit", _("Audit bureau")
    FINANCE = "finance", _("Finance bureau")
    POLICE = "police", _("Public security bureau")
    PROCURATORATE = "procuratorate", _("Procuratorate")
    PETITION_BUREAU = "petition_bureau", _("Petition bureau")
    OTHER = "other", _("Other department")


class InformationRequest(models.Model):
    """What the office asks a partner department about the target, and what it answers. The
    department's users answer in the platform (role partner_department, discipline_commission
    or organization_department at `recipient`), or the office records the answer."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ANSWERED = "answered", _("Answered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    inspection = models.ForeignKey(
        "plans.Inspection", on_delete=models.CASCADE, related_name="information_requests",
        verbose_name=_("inspection"),
    )
    partner = models.CharField(_("department"), max_length=32, choices=Partner.choices)
    recipient = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recipient unit"),
        help_text=_("The department's unit; its users with a partner role answer online."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    questions = models.TextField(_("what is asked"))
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    due_on = models.DateField(_("answer due"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("answered by"),
    )
    recorded_by_office = models.BooleanField(_("answer recorded by the office"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "due_on", "id"]
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")

    def __str__(self) -> str:
        return f"{self.get_partner_display()}：{self.subject}"


class Notice(models.Model):
    """The inspection notice (巡察通知) sent to the target before stationing."""

    inspection = models.OneToOneField(
        "plans.Inspection", on_delete=models.CASCADE, related_name="notice",
        verbose_name=_("inspection"),
    )
    number = models.CharField(_("document number"), max_length=60, blank=True)
    addressee = models.CharField(_("addressed to"), max_length=200)
    body = models.TextField(_("text"))
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inspection notice")
        verbose_name_plural = _("inspection notices")

    def __str__(self) -> str:
        return self.number or str(self.inspection)


class Announcement(models.Model):
    """The public announcement (巡察公告): where and until when the public can report. Shown on
    the inspection's public page only while published."""

    inspection = models.OneToOneField(
        "plans.Inspection", on_delete=models.CASCADE, related_name="announcement",
        verbose_name=_("inspection"),
    )
    scope = models.TextField(_("scope of complaints"))
    duty_phone = models.CharField(_("duty phone"), max_length=60)
    mailbox = models.CharField(_("postal mailbox"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    reception_place = models.CharField(_("reception place"), max_length=200, blank=True)
    reception_hours = models.CharField(_("reception hours"), max_length=200)
    intake_closes_on = models.DateField(_("intake closes on"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return str(self.inspection)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.withdrawn_at is None


# --- Records of stationing --------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    MOBILIZATION = "mobilization", _("Mobilization meeting")
    SYMPOSIUM = "symposium", _("Symposium")
    TEAM_MEETING = "team_meeting", _("Team meeting")
    EVENING_BRIEFING = "evening_briefing", _("Evening briefing")
    ATTENDED = "attended", _("Meeting attended")
    UNIT_BRIEFING = "unit_briefing", _("Unit work briefing")
    FEEDBACK = "feedback", _("Feedback meeting")
    LEADING_GROUP = "leading_group", _("Leading group meeting")
    SECRETARY_SPECIAL = "secretary_special", _("Secretary's special meeting")


class Meeting(models.Model):
    inspection = models.ForeignKey(
        "plans.Inspection", on_delete=models.CASCADE, related_name="meetings",
        verbose_name=_("inspection"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.CharField(_("chaired by"), max_length=100, blank=True)
    participants = models.TextField(_("participants"), blank=True)
    attendance = models.PositiveIntegerField(_("number attending"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "-held_on", "-id"]
        indexes = [models.Index(fields=["inspection", "kind"])]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class DocumentRequest(models.Model):
    """A list of files and accounts asked of the unit (调阅资料清单), item by item."""

    inspection = models.ForeignKey(
        "plans.Inspection", on_delete=models.CASCADE, related_name="document_requests",
        verbose_name=_("inspection"),
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    sent_on = models.DateField(_("sent on"))
    due_on = models.DateField(_("due"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "number"]
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"], name="one_request_number_per_inspection"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class RequestedDocument(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        PROVIDED = "provided", _("Provided")
        RETURNED = "returned", _("Returned for more")
        CHECKED = "checked", _("Checked")

    request = models.ForeignKey(
        DocumentRequest, on_delete=models.CASCADE, related_name="items",
        verbose_name=_("document request"),
    )
    name = models.CharField(_("document"), max_length=200)
    period = models.CharField(_("period covered"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    provided_on = models.DateField(_("provided on"), null=True, blank=True)
    return_reason = models.TextField(_("what more is needed"), blank=True)
    readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("read by")
    )
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    findings = models.TextField(_("what was found"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["request", "id"]
        verbose_name = _("requested document")
        verbose_name_plural = _("requested documents")

    def __str__(self) -> str:
        return self.name


class FieldVisit(models.Model):
    """Visits one or two levels down, unannounced visits, phone spot checks (DOMAIN.md §3)."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Site visit")
        DOWNWARD = "downward", _("Visit one or two levels down")
        UNANNOUNCED = "unannounced", _("Unannounced visit")
        PHONE = "phone", _("Phone spot check")

    inspection = models.ForeignKey(
        "plans.Inspection", on_delete=models.CASCADE, related_name="field_visits",
        verbose_name=_("inspection"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    visited_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("unit visited"),
    )
    participants = models.CharField(_("team members"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    findings = models.TextField(_("what was found"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "-visited_on", "-id"]
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")

    def __str__(self) -> str:
        return f"{self.visited_on} {self.place}"


class PersonalMattersCheck(models.Model):
    """A spot check of a leader's personal-matters report against other records."""

    class Result(models.TextChoices):
        CONSISTENT = "consistent", _("Consistent")
        MINOR = "minor", _("Minor omissions")
        INCONSISTENT = "inconsistent", _("Inconsistent: concealed or false")

    inspection = models.ForeignKey(
        "plans.Inspection", on_delete=models.CASCADE, related_name="personal_matters_checks",
        verbose_name=_("inspection"),
    )
    person = models.CharField(_("person checked"), max_length=60)
    post = models.CharField(_("post"), max_length=100, blank=True)
    report_year = models.PositiveSmallIntegerField(_("report year"))
    checked_on = models.DateField(_("checked on"))
    items_checked = models.TextField(_("items checked"), blank=True)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    discrepancies = models.TextField(_("discrepancies"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "-checked_on", "-id"]
        verbose_name = _("personal-matters check")
        verbose_name_plural = _("personal-matters checks")

    def __str__(self) -> str:
        return f"{self.person} {self.report_year}"


class SpecialCheck(models.Model):
    class Topic(models.TextChoices):
        CADRE_SELECTION = "cadre_selection", _("Cadre selection and appointment")
        IDEOLOGY = "ideology", _("Ideology work responsibility")
        FINANCE = "finance", _("Finance and assets")
        PROJECTS = "projects", _("Projects and tenders")
        OTHER = "other", _("Other")

    inspection = models.ForeignKey(
        "plans.Inspection", on_delete=models.CASCADE, related_name="special_checks",
        verbose_name=_("inspection"),
    )
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=200)
    checked_on = models.DateField(_("checked on"))
    scope = models.TextField(_("what was checked"), blank=True)
    findings = models.TextField(_("what was found"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "-checked_on", "-id"]
        verbose_name = _("special check")
        verbose_name_plural = _("special checks")

    def __str__(self) -> str:
        return self.title


# --- The day's work ---------------------------------------------------------------------------


class WorkLog(models.Model):
    """A member's log of one stationing day."""

    inspection = models.ForeignKey(
        "plans.Inspection", on_delete=models.CASCADE, related_name="work_logs",
        verbose_name=_("inspection"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("author"),
    )
    day = models.DateField(_("day"))
    content = models.TextField(_("what was done"))
    next_steps = models.TextField(_("plan for tomorrow"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "-day", "author_id"]
        verbose_name = _("work log")
        verbose_name_plural = _("work logs")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "author", "day"], name="one_log_per_member_and_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.author}"


class Subgroup(models.TextChoices):
    """The team's sub-groups that the evening problem list is sorted by (seed 002)."""

    PARTY_BUILDING = "party_building", _("Party building and personnel")
    FINANCE = "finance", _("Finance and audit")
    ENFORCEMENT = "enforcement", _("Administrative enforcement")
    PETITIONS = "petitions", _("Letters, calls and visits")


class DraftProblem(models.Model):
    """A problem raised at the evening briefing from the day's material. The day's list is
    every problem of that day not dropped; a confirmed problem is handed to the findings of
    the report stage (`handed_off_at`, then issue 5's Finding points back at it)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONFIRMED = "confirmed", _("Confirmed")
        DROPPED = "dropped", _("Dropped")
        HANDED_OFF = "handed_off", _("Handed to findings")

    inspection = models.ForeignKey(
        "plans.Inspection", on_delete=models.CASCADE, related_name="draft_problems",
        verbose_name=_("inspection"),
    )
    day = models.DateField(_("day"))
    briefing = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="problems",
        verbose_name=_("evening briefing"),
    )
    subgroup = models.CharField(_("sub-group"), max_length=32, choices=Subgroup.choices)
    summary = models.CharField(_("problem"), max_length=300)
    detail = models.TextField(_("facts so far"), blank=True)
    focus_area = models.ForeignKey(
        "plans.FocusArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("focus area"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("raised by"),
    )
    corroborated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("corroboration confirmed by"),
    )
    corroborated_at = models.DateTimeField(null=True, blank=True)
    drop_reason = models.TextField(_("why dropped"), blank=True)
    handed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    handed_off_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "-day", "subgroup", "id"]
        indexes = [models.Index(fields=["inspection", "day"])]
        verbose_name = _("draft problem")
        verbose_name_plural = _("draft problems")

    def __str__(self) -> str:
        return self.summary


class ProblemSource(models.Model):
    """One piece of material backing a draft problem: a record of this inspection (an
    interview, a requested document, a visit, a petition…) or a described source."""

    problem = models.ForeignKey(
        DraftProblem, on_delete=models.CASCADE, related_name="sources",
        verbose_name=_("draft problem"),
    )
    kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    label = models.CharField(_("record"), max_length=200)
    note = models.TextField(_("what it shows"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["problem", "id"]
        verbose_name = _("problem source")
        verbose_name_plural = _("problem sources")

    def __str__(self) -> str:
        return self.label
