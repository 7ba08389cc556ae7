"""The hearings of a report by the bodies of its chain, and what they decided.

Each body hears the latest version and decides, for every finding and lead the report
carries, how it is used (`ItemDecision`); then it approves (the next body's hearing opens, or
the report is approved after the last) or returns the report with its opinion. A returned
report is revised and resubmitted and resumes at the body that returned it; approvals given
before stand. The decisions of the last approving body (`final_decisions`) drive feedback and
transfers.

Two people recording the same hearing at once: the step is claimed with a conditional UPDATE
on its status under a lock of the report row, so one wins and the other is told.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.reports.access import authorize_stage
from xuncha.reports.models import (
    ApprovalStep,
    ItemDecision,
    Report,
    ReportItem,
    ReportKind,
    Stage,
    Use,
)
from xuncha.reports.services import audit_unit, latest_version

APPROVE, RETURN = "approve", "return"
# A lead is never fed back to the unit or left to it to fix: it goes to a receiver, is
# verified further, or is dropped.
LEAD_USES = (
    Use.DISCIPLINE_COMMISSION,
    Use.ORGANIZATION_DEPARTMENT,
    Use.FUNCTIONAL_DEPARTMENT,
    Use.VERIFY_FURTHER,
    Use.NOT_ADOPTED,
)
# The meetings of stationing a hearing may point at.
MEETING_KINDS = ("team_meeting", "leading_group", "secretary_special")
# [LOCAL] The party secretary's special meeting hears the report within one month after
# stationing ends (DOMAIN.md §2 "Report"); no jurisdiction setting yet.
SECRETARY_MEETING_DAYS = 30


def active_items(report: Report):
    return (
        report.items.filter(active=True)
        .select_related("finding", "finding__inspection__target", "lead")
        .prefetch_related("lead__subjects")
        .order_by("position", "id")
    )


def default_use(item: ReportItem) -> str:
    """Where the working paper or lead proposes the item goes."""
    if item.lead_id:
        return item.lead.proposed_receiver
    return item.finding.disposition


def prefill(step: ApprovalStep) -> dict[int, tuple[str, str]]:
    """{item id: (use, note)} to start a hearing's form from: the decisions of the body that
    heard the report last, else what the working papers and leads propose."""
    previous = (
        step.report.steps.exclude(pk=step.pk)
        .filter(recorded_at__isnull=False)
        .order_by("-recorded_at", "-id")
        .first()
    )
    earlier = {}
    if previous is not None:
        earlier = {d.item_id: (d.use, d.note) for d in previous.decisions.all()}
    return {
        item.pk: earlier.get(item.pk, (default_use(item), "")) for item in active_items(step.report)
    }


@dataclass
class Hearing:
    held_on: date | None
    decision: str
    opinion: str = ""
    meeting: object = None
    # {item id: use} or {item id: (use, note)}
    decisions: dict | None = None


def _validate(report: Report, step: ApprovalStep, hearing: Hearing, items) -> dict:
    errors: dict[str, list] = {}
    if hearing.decision not in (APPROVE, RETURN):
        errors["decision"] = [_("Say whether the body approved or returned the report.")]
    if hearing.held_on is None:
        errors["held_on"] = [_("Give the date of the hearing.")]
    elif hearing.held_on > timezone.localdate():
        errors["held_on"] = [_("The hearing cannot be in the future.")]
    if hearing.decision == RETURN and not (hearing.opinion or "").strip():
        errors["opinion"] = [_("Say why the report is returned.")]
    meeting = hearing.meeting
    if meeting is not None and (
        report.inspection_id is None
        or meeting.inspection_id != report.inspection_id
        or meeting.kind not in MEETING_KINDS
    ):
        errors["meeting"] = [
            _("Choose a team, leading group or secretary's meeting of this inspection.")
        ]
    given = {}
    for key, value in (hearing.decisions or {}).items():
        use, note = value if isinstance(value, tuple | list) else (value, "")
        given[int(key)] = (use, (note or "").strip())
    ids = {item.pk for item in items}
    if set(given) - ids:
        errors.setdefault("decisions", []).append(
            _("A decision names an item the report does not carry.")
        )
    missing = [item for item in items if item.pk not in given]
    if missing:
        errors.setdefault("decisions", []).append(
            _("Record the body's decision on every item: %(n)s without one.") % {"n": len(missing)}
        )
    for item in items:
        use = given.get(item.pk, (None, ""))[0]
        if use is None:
            continue
        allowed = LEAD_USES if item.lead_id else Use.values
        if use not in allowed:
            errors.setdefault("decisions", []).append(
                _("Not a possible use of this item: %(use)s.") % {"use": use}
            )
            break
    if errors:
        raise ValidationError(errors)
    return given


def record_step(step: ApprovalStep, *, actor, hearing: Hearing) -> ApprovalStep:
    """Record one body's hearing of the report: the date, the meeting, the opinion, the
    decision on every item, and whether it approved or returned the report."""
    with transaction.atomic():
        report = step.report
        role = authorize_stage(actor, report, step.stage)
        report = Report.objects.select_for_update(of=("self",)).get(pk=report.pk)
        fresh = ApprovalStep.objects.get(pk=step.pk)
        if (
            report.status != Report.Status.IN_APPROVAL
            or fresh.status != ApprovalStep.Status.PENDING
        ):
            raise ValidationError(
                _(
                    "This hearing is not open: it was recorded already or the "
                    "report is not before this body."
                ),
                code="not_open",
            )
        items = list(active_items(report))
        given = _validate(report, fresh, hearing, items)
        version = latest_version(report)
        now = timezone.now()
        new_status = (
            ApprovalStep.Status.APPROVED
            if hearing.decision == APPROVE
            else ApprovalStep.Status.RETURNED
        )
        claimed = ApprovalStep.objects.filter(
            pk=fresh.pk, status=ApprovalStep.Status.PENDING
        ).update(
            status=new_status,
            held_on=hearing.held_on,
            opinion=(hearing.opinion or "").strip(),
            meeting=hearing.meeting,
            version=version,
            recorded_by=actor,
            recorded_at=now,
        )
        if claimed != 1:
            raise ValidationError(
                _("Someone else recorded this hearing just now."), code="conflict"
            )
        ItemDecision.objects.bulk_create(
            [
                ItemDecision(
                    step_id=fresh.pk,
                    item=item,
                    use=given[item.pk][0],
                    note=given[item.pk][1][:2000],
                )
                for item in items
            ]
        )
        outcome = _advance(report, fresh, hearing.decision, version, now)
        uses: dict[str, int] = {}
        for use, _note in given.values():
            uses[use] = uses.get(use, 0) + 1
        record(
            EventType.REPORT_STEP_RECORDED,
            actor=actor,
            role=role,
            unit=audit_unit(report),
            obj=report,
            changes={
                "step": fresh.pk,
                "stage": fresh.stage,
                "decision": hearing.decision,
                "held_on": hearing.held_on,
                "version": version.number,
                "uses": uses,
                "report_status": outcome,
            },
        )
    fresh.refresh_from_db()
    return fresh


def _advance(report: Report, step: ApprovalStep, decision: str, version, now) -> str:
    if decision == RETURN:
        Report.objects.filter(pk=report.pk).update(status=Report.Status.RETURNED, updated_at=now)
        return Report.Status.RETURNED
    following = report.steps.filter(
        order=step.order + 1, status=ApprovalStep.Status.WAITING
    ).first()
    if following is not None:
        ApprovalStep.objects.filter(pk=following.pk, status=ApprovalStep.Status.WAITING).update(
            status=ApprovalStep.Status.PENDING, version=version
        )
        return Report.Status.IN_APPROVAL
    Report.objects.filter(pk=report.pk, status=Report.Status.IN_APPROVAL).update(
        status=Report.Status.APPROVED, approved_at=now, updated_at=now
    )
    return Report.Status.APPROVED


def final_decisions(report: Report) -> dict[int, str]:
    """{report item id: use} as the last approving body decided, for the items the report
    still carries; empty before any body approved. Feedback and transfers start from this."""
    last = (
        report.steps.filter(status=ApprovalStep.Status.APPROVED)
        .order_by("-order", "-recorded_at", "-id")
        .first()
    )
    if last is None:
        return {}
    return dict(last.decisions.filter(item__active=True).values_list("item_id", "use"))


def current_step(report: Report) -> ApprovalStep | None:
    return report.steps.filter(status=ApprovalStep.Status.PENDING).order_by("order").first()


def secretary_deadline(report: Report, today: date | None = None) -> dict | None:
    """When the party secretary's special meeting must have heard an inspection's report (one
    month after stationing ends), and whether that has passed unrecorded. None when the report
    has no such stage or the meeting is recorded (whether it approved or returned the report)."""
    if report.inspection_id is None or Stage.SECRETARY_SPECIAL not in report.stages:
        return None
    if report.kind not in (ReportKind.INSPECTION, ReportKind.LEADS):
        return None
    if report.steps.filter(stage=Stage.SECRETARY_SPECIAL, recorded_at__isnull=False).exists():
        return None
    due = report.inspection.window[1] + timedelta(days=SECRETARY_MEETING_DAYS)
    today = today or timezone.localdate()
    return {"due": due, "overdue": today > due, "days_left": (due - today).days}
