"""The append-only audit trail (审计日志), hash-chained so that tampering is detectable."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    """Every kind of audited event. Add new kinds here, in the same commit as their service."""

    LOGIN = "auth.login", _("Signed in")
    LOGIN_FAILED = "auth.login_failed", _("Failed sign-in")
    LOGOUT = "auth.logout", _("Signed out")
    LOCKED_OUT = "auth.locked_out", _("Account locked after failed sign-ins")
    SESSION_EXPIRED = "auth.session_expired", _("Session ended after inactivity")
    OTP_ENROLLED = "auth.otp_enrolled", _("Two-factor authentication enrolled")
    OTP_VERIFIED = "auth.otp_verified", _("Second factor verified")
    OTP_FAILED = "auth.otp_failed", _("Wrong second-factor code")
    OTP_RESET = "auth.otp_reset", _("Two-factor authentication reset")
    PASSWORD_CHANGED = "auth.password_changed", _("Password changed")
    USER_CREATED = "user.created", _("Account created")
    USER_UPDATED = "user.updated", _("Account changed")
    USER_DEACTIVATED = "user.deactivated", _("Account disabled")
    USER_REACTIVATED = "user.reactivated", _("Account enabled")
    USER_PASSWORD_RESET = "user.password_reset", _("Password reset by an administrator")
    USER_UNLOCKED = "user.unlocked", _("Account unlocked")
    ROLE_ASSIGNED = "role.assigned", _("Role assigned")
    ROLE_REVOKED = "role.revoked", _("Role revoked")
    TOKEN_CREATED = "token.created", _("API token created")
    TOKEN_REVOKED = "token.revoked", _("API token revoked")
    UNIT_CREATED = "unit.created", _("Unit created")
    UNIT_UPDATED = "unit.updated", _("Unit changed")
    UNIT_MOVED = "unit.moved", _("Unit moved in the tree")
    UNIT_DEACTIVATED = "unit.deactivated", _("Unit dissolved")
    UNIT_VIEWED = "unit.viewed", _("Sensitive unit viewed")
    LEADERSHIP_ADDED = "leadership.added", _("Leadership member added")
    LEADERSHIP_UPDATED = "leadership.updated", _("Leadership member changed")
    LEADERSHIP_REMOVED = "leadership.removed", _("Leadership member removed")
    UNITS_IMPORTED = "unit.imported", _("Units imported")
    UNITS_EXPORTED = "unit.exported", _("Units exported")
    CADRE_CREATED = "cadre.created", _("Cadre added")
    CADRE_UPDATED = "cadre.updated", _("Cadre changed")
    POOL_CREATED = "pool.created", _("Talent pool created")
    POOL_MEMBER_ADDED = "pool.member_added", _("Cadre added to a talent pool")
    TEAM_CREATED = "team.created", _("Inspection team created")
    POOL_MEMBER_REMOVED = "pool.member_removed", _("Cadre removed from a talent pool")
    CADRE_RECORD_ADDED = "cadre.record_added", _("Entry added to a cadre's record")
    CADRE_RECORD_CHANGED = "cadre.record_changed", _("Entry of a cadre's record changed")
    CADRE_RECORD_REMOVED = "cadre.record_removed", _("Entry removed from a cadre's record")
    CADRES_IMPORTED = "cadre.imported", _("Cadres imported")
    CADRE_PRIVATE_VIEWED = "cadre.private_viewed", _("A cadre's relatives and relations viewed")
    CADRE_ACCOUNT_LINKED = "cadre.account_linked", _("Account linked to a cadre")
    # Planning
    SETTINGS_UPDATED = "plan.settings_updated", _("Planning settings changed")
    TERM_CREATED = "term.created", _("Term created")
    TERM_UPDATED = "term.updated", _("Term changed")
    COVERAGE_PLANNED = "coverage.planned", _("Coverage plan changed")
    COVERAGE_SUBMITTED = "coverage.submitted", _("Coverage plan submitted for approval")
    COVERAGE_APPROVED = "coverage.approved", _("Coverage plan approved")
    COVERAGE_RETURNED = "coverage.returned", _("Coverage plan returned for revision")
    ANNUAL_PLAN_CREATED = "annual_plan.created", _("Annual plan drawn up")
    ANNUAL_PLAN_UPDATED = "annual_plan.updated", _("Annual plan changed")
    ANNUAL_PLAN_SUBMITTED = "annual_plan.submitted", _("Annual plan submitted for approval")
    ANNUAL_PLAN_APPROVED = "annual_plan.approved", _("Annual plan approved")
    ANNUAL_PLAN_RETURNED = "annual_plan.returned", _("Annual plan returned for revision")
    FOCUS_AREA_CHANGED = "focus_area.changed", _("Focus area changed")
    ROUND_CREATED = "round.created", _("Round created")
    ROUND_UPDATED = "round.updated", _("Round changed")
    ROUND_SUBMITTED = "round.submitted", _("Round submitted for approval")
    ROUND_APPROVED = "round.approved", _("Round approved")
    ROUND_RETURNED = "round.returned", _("Round returned for revision")
    ROUND_CLOSED = "round.closed", _("Round closed")
    INSPECTION_CREATED = "inspection.created", _("Target assigned to a team")
    INSPECTION_UPDATED = "inspection.updated", _("Inspection changed")
    INSPECTION_REMOVED = "inspection.removed", _("Target removed from a round")
    INSPECTION_NOTED = "inspection.noted", _("Step noted on an inspection's timeline")
    INSPECTION_TRANSITIONED = "inspection.transitioned", _("Inspection moved to a new stage")
    INSPECTION_DECONFLICTED = "inspection.deconflicted", _(
        "Target kept despite a recent or planned inspection"
    )
    INSPECTION_ACCESS_GRANTED = "inspection.access_granted", _(
        "Access to an inspection's material granted"
    )
    INSPECTION_ACCESS_REVOKED = "inspection.access_revoked", _(
        "Access to an inspection's material revoked"
    )
    # Teams of a round
    RECUSAL_RAISED = "recusal.raised", _("Conflict of interest recorded")
    RECUSAL_DECIDED = "recusal.decided", _("Conflict of interest decided")
    RECUSAL_VIEWED = "recusal.viewed", _("Conflicts of interest viewed")
    FORMATION_PROPOSED = "formation.proposed", _("Team proposal computed")
    FORMATION_ACCEPTED = "formation.accepted", _("Team proposal accepted")
    FORMATION_REJECTED = "formation.rejected", _("Team proposal rejected")
    TEAM_MEMBER_ADDED = "team_member.added", _("Cadre assigned to a team")
    TEAM_MEMBER_CHANGED = "team_member.changed", _("Team member's role changed")
    TEAM_MEMBER_REMOVED = "team_member.removed", _("Cadre removed from a team")
    AUTHORIZATION_ISSUED = "authorization.issued", _("Leader's authorization issued")
    DOCUMENT_DOWNLOADED = "document.downloaded", _("Document downloaded")
    PLEDGE_SIGNED = "pledge.signed", _("Confidentiality pledge signed")
    GIFT_DECLARED = "gift.declared", _("Gift or banquet declared")
    GIFTS_VIEWED = "gift.viewed", _("Gift declarations viewed")
    EVALUATION_RECORDED = "evaluation.recorded", _("End-of-round evaluation recorded")
    # Stationing (issue 4)
    ATTACHMENT_ADDED = "attachment.added", _("File attached")
    ATTACHMENT_REMOVED = "attachment.removed", _("Attachment removed")
    ATTACHMENT_DOWNLOADED = "attachment.downloaded", _("Attachment downloaded")
    INFO_REQUEST_CREATED = "info_request.created", _("Information request drafted")
    INFO_REQUEST_CHANGED = "info_request.changed", _("Information request changed")
    INFO_REQUEST_SENT = "info_request.sent", _("Information request sent")
    INFO_REQUEST_ANSWERED = "info_request.answered", _("Information request answered")
    INFO_REQUEST_WITHDRAWN = "info_request.withdrawn", _("Information request withdrawn")
    DOSSIER_VIEWED = "dossier.viewed", _("Target dossier viewed")
    NOTICE_SAVED = "notice.saved", _("Inspection notice saved")
    NOTICE_SENT = "notice.sent", _("Inspection notice sent")
    ANNOUNCEMENT_SAVED = "announcement.saved", _("Announcement saved")
    ANNOUNCEMENT_PUBLISHED = "announcement.published", _("Announcement published")
    ANNOUNCEMENT_WITHDRAWN = "announcement.withdrawn", _("Announcement withdrawn")
    MEETING_RECORDED = "meeting.recorded", _("Meeting recorded")
    MEETING_CHANGED = "meeting.changed", _("Meeting record changed")
    MEETING_DELETED = "meeting.deleted", _("Meeting record deleted")
    INTERVIEW_PLANNED = "interview.planned", _("Interview planned")
    INTERVIEW_PLAN_CHANGED = "interview.plan_changed", _("Interview plan changed")
    OUTLINE_SAVED = "outline.saved", _("Interview outline saved")
    OUTLINE_DELIVERED = "outline.delivered", _("Interview outline delivered")
    INTERVIEW_RECORDED = "interview.recorded", _("Interview recorded")
    INTERVIEW_CHANGED = "interview.changed", _("Interview record changed")
    INTERVIEW_VIEWED = "interview.viewed", _("Interview record viewed")
    QUESTION_BANK_CHANGED = "question_bank.changed", _("Question bank changed")
    SURVEY_CREATED = "survey.created", _("Survey created")
    SURVEY_CHANGED = "survey.changed", _("Survey changed")
    SURVEY_VERSION_PUBLISHED = "survey.version_published", _("Survey version published")
    SURVEY_LINKS_ISSUED = "survey.links_issued", _("Survey links issued")
    SURVEY_CLOSED = "survey.closed", _("Survey closed")
    SURVEY_PAPER_ENTERED = "survey.paper_entered", _("Paper survey form entered")
    SURVEY_EXPORTED = "survey.exported", _("Survey results exported")
    PETITION_REGISTERED = "petition.registered", _("Petition registered")
    PETITION_CHANGED = "petition.changed", _("Petition changed")
    PETITION_FORWARDED = "petition.forwarded", _("Petition forwarded")
    PETITION_CLOSED = "petition.closed", _("Petition closed")
    PETITION_VIEWED = "petition.viewed", _("Petition viewed")
    REPORTER_IDENTITY_VIEWED = "petition.identity_viewed", _("Reporter's identity viewed")
    DOCUMENT_REQUEST_SAVED = "document_request.saved", _("Document request saved")
    DOCUMENT_ITEM_CHANGED = "document_request.item_changed", _("Requested document updated")
    FIELD_RECORD_SAVED = "field_record.saved", _("Visit or check recorded")
    FIELD_RECORD_DELETED = "field_record.deleted", _("Visit or check deleted")
    WORK_LOG_SAVED = "work_log.saved", _("Work log saved")
    DRAFT_PROBLEM_RAISED = "draft_problem.raised", _("Draft problem raised")
    DRAFT_PROBLEM_CHANGED = "draft_problem.changed", _("Draft problem changed")
    DRAFT_PROBLEM_CORROBORATED = "draft_problem.corroborated", _(
        "Draft problem confirmed as backed by several sources"
    )
    DRAFT_PROBLEM_DROPPED = "draft_problem.dropped", _("Draft problem dropped")
    DRAFT_PROBLEM_HANDED_OFF = "draft_problem.handed_off", _("Draft problem handed to findings")
    PROBLEM_LIST_EXPORTED = "problem_list.exported", _("Day's problem list exported")
    FINDING_CREATED = "finding.created", _("Finding created")
    FINDING_CHANGED = "finding.changed", _("Finding changed")
    FINDING_REVIEWED = "finding.reviewed", _("Finding sign-off step")
    FINDING_EVIDENCE_CHANGED = "finding.evidence_changed", _("Finding evidence changed")
    FINDING_JUDGED = "finding.judged", _("Mistake or dereliction judged")
    IMMEDIATE_FIX_CHANGED = "immediate_fix.changed", _("Immediate fix letter changed")
    IMMEDIATE_FIX_SENT = "immediate_fix.sent", _("Immediate fix handed to the unit")
    IMMEDIATE_FIX_REPLIED = "immediate_fix.replied", _("Unit replied to an immediate fix")
    FINDINGS_EXPORTED = "finding.exported", _("Findings exported")
    LEAD_REGISTERED = "lead.registered", _("Lead registered")
    LEAD_CHANGED = "lead.changed", _("Lead changed")
    LEAD_VIEWED = "lead.viewed", _("Lead viewed")
    LEAD_LISTED = "lead.listed", _("Leads listed")
    LEAD_EXPORTED = "lead.exported", _("Leads exported")
    LEAD_GRANTED = "lead.granted", _("Lead access granted")
    LEAD_GRANT_REVOKED = "lead.grant_revoked", _("Lead access revoked")
    LEAD_HANDOVER_REQUESTED = "lead.handover_requested", _("Lead hand-over requested")
    LEAD_HANDOVER_DECIDED = "lead.handover_decided", _("Lead hand-over decided")
    LEAD_HANDED_OVER = "lead.handed_over", _("Lead handed over")
    REPORT_CREATED = "report.created", _("Report created")
    REPORT_SAVED = "report.saved", _("Report version saved")
    REPORT_SUBMITTED = "report.submitted", _("Report submitted for approval")
    REPORT_STEP_RECORDED = "report.step_recorded", _("Report hearing recorded")
    REPORT_VIEWED = "report.viewed", _("Report viewed")
    DOCUMENT_GENERATED = "document.generated", _("Document generated")
    TEMPLATE_UPLOADED = "template.uploaded", _("Document template uploaded")
    TEMPLATE_CHANGED = "template.changed", _("Document template changed")
    KNOWLEDGE_CHANGED = "knowledge.changed", _("Knowledge base changed")
    MATERIAL_UPLOADED = "material.uploaded", _("Unit material uploaded")
    MATERIAL_REMOVED = "material.removed", _("Unit material removed")
    COPY_CHECK_RUN = "material.copy_checked", _("Copied-text check run")
    AUDIT_VIEWED = "audit.viewed", _("Audit trail viewed")
    AUDIT_EXPORTED = "audit.exported", _("Audit trail exported")
    AUDIT_VERIFIED = "audit.verified", _("Audit chain verified")
    DEMO_LOADED = "system.demo_loaded", _("Demo data loaded")


class Result(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")


class AuditEventQuerySet(models.QuerySet):
    """Events are never changed or removed by the application."""

    def update(self, **kwargs):
        raise PermissionError("audit events are append-only")

    def delete(self):
        raise PermissionError("audit events are append-only")

    def bulk_update(self, *args, **kwargs):
        raise PermissionError("audit events are append-only")


class AuditEvent(models.Model):
    """One audited event: who did what to which object, from where, with what result.

    `seq` numbers events without gaps; `hash` is an HMAC over this event's fields and the previous
    event's hash, keyed with a secret kept outside the database (settings.AUDIT_CHAIN_KEY).
    Write only through `xuncha.audit.services.record`.
    """

    seq = models.BigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    actor_role = models.CharField(_("actor role"), max_length=64, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("unit"),
    )
    event_type = models.CharField(_("event type"), max_length=64, choices=EventType.choices,
                                  db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    source_address = models.CharField(_("source address"), max_length=64, blank=True)
    channel = models.CharField(_("channel"), max_length=16, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices,
                              default=Result.SUCCESS)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events are append-only")


class AuditChainHead(models.Model):
    """The single row holding the last sequence number and hash of the chain.

    Writers lock it (SELECT … FOR UPDATE on PostgreSQL, the write lock of an IMMEDIATE
    transaction on SQLite), so events are chained in one order; it also lets verification
    notice a deleted last event.
    """

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"audit head #{self.seq}"
