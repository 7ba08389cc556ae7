"""The sign-off chain of a working paper (底稿审签): the drafter submits, the deputy leader
approves or returns, the leader confirms or returns; the leader reopens a confirmed paper; the
drafter or the leader withdraws one. Who may sign which step is decided in `access`.

Every step is a conditional UPDATE on the status (two reviewers acting at once: one wins, the
other is told the paper changed), a `FindingReview` row and a `finding.reviewed` audit event.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.fieldwork.access import authorize_fieldwork
from xuncha.findings import access
from xuncha.findings.models import Disposition, Finding, FindingReview
from xuncha.findings.services import _locked

S = Finding.Status
Step = FindingReview.Step


def _need_account(actor) -> None:
    if actor is None or not getattr(actor, "pk", None):
        raise ValidationError(_("A sign-off step needs the account that signs it."), code="actor")


def _state(finding: Finding, allowed) -> None:
    if finding.status not in allowed:
        raise ValidationError(
            _("The working paper is %(status)s: this step does not apply.")
            % {"status": finding.get_status_display()},
            code="state",
        )


def _comment(comment: str, message: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": message}, code="comment")
    return comment


def _move(
    finding: Finding, *, actor, role: str, step: str, to: str, comment: str = "", **fields
) -> Finding:
    """The conditional UPDATE, the review row and the audit event of one step."""
    now = timezone.now()
    old = finding.status
    updated = Finding.objects.filter(pk=finding.pk, status=old).update(
        status=to, updated_at=now, **fields
    )
    if updated != 1:
        raise ValidationError(
            _("The working paper changed meanwhile; reload it and try again."), code="stale"
        )
    FindingReview.objects.create(
        finding=finding,
        step=step,
        reviewer=actor,
        role=role,
        comment=comment,
        from_status=old,
        to_status=to,
        at=now,
    )
    record(
        EventType.FINDING_REVIEWED,
        actor=actor,
        role=role,
        unit=finding.inspection.target,
        obj=finding,
        changes={"step": step, "status": [old, to], "comment": comment},
    )
    finding.refresh_from_db()
    return finding


def missing_for_review(finding: Finding) -> dict[str, str]:
    """What a paper lacks before it can go to review, by field."""
    missing: dict[str, str] = {}
    for name, message in (
        ("basis", _("Give the basis: the rule or requirement breached.")),
        ("facts", _("Set out the facts: who, what, when, amounts.")),
        ("suggestion", _("Give the suggestion.")),
    ):
        if not getattr(finding, name).strip():
            missing[name] = message
    if not finding.discipline and not finding.work_style:
        missing["discipline"] = _("Classify the problem: a discipline or a work style.")
    if finding.is_conduct and not hasattr(finding, "judgment"):
        missing["is_conduct"] = _(
            "A finding about a person's conduct needs its judgment (mistake or dereliction) first."
        )
    if finding.disposition == Disposition.FUNCTIONAL_DEPARTMENT and not finding.receiver_id:
        missing["receiver"] = _("Name the functional department that receives the problem.")
    return missing


def submit(finding: Finding, *, actor) -> Finding:
    """The drafter sends the paper to the deputy leader."""
    with transaction.atomic():
        finding = _locked(finding)
        role = access.submit_role(actor, finding)
        _need_account(actor)
        _state(finding, access.EDITABLE)
        missing = missing_for_review(finding)
        if missing:
            raise ValidationError(missing, code="incomplete")
        return _move(finding, actor=actor, role=role, step=Step.SUBMIT, to=S.PENDING_DEPUTY)


def approve(finding: Finding, *, actor, comment: str = "") -> Finding:
    """The deputy leader (or whoever stands in, see `access`) passes it to the leader."""
    with transaction.atomic():
        finding = _locked(finding)
        authorize_fieldwork(actor, finding.inspection)
        _need_account(actor)
        _state(finding, {S.PENDING_DEPUTY})
        role = access.step_role(actor, finding)
        return _move(
            finding,
            actor=actor,
            role=role,
            step=Step.DEPUTY_APPROVE,
            to=S.PENDING_LEADER,
            comment=(comment or "").strip(),
        )


def confirm(finding: Finding, *, actor, comment: str = "") -> Finding:
    """The leader (or the office, when the leader prepared the paper) confirms it: it enters
    the inspection's problem list."""
    with transaction.atomic():
        finding = _locked(finding)
        authorize_fieldwork(actor, finding.inspection)
        _need_account(actor)
        _state(finding, {S.PENDING_LEADER})
        role = access.step_role(actor, finding)
        return _move(
            finding,
            actor=actor,
            role=role,
            step=Step.LEADER_CONFIRM,
            to=S.CONFIRMED,
            comment=(comment or "").strip(),
            confirmed_at=timezone.now(),
        )


def return_finding(finding: Finding, *, actor, comment: str) -> Finding:
    """Whoever may sign the current step sends the paper back with comments."""
    with transaction.atomic():
        finding = _locked(finding)
        authorize_fieldwork(actor, finding.inspection)
        _need_account(actor)
        _state(finding, access.PENDING)
        role = access.step_role(actor, finding)
        comment = _comment(comment, _("Say what must be revised."))
        return _move(
            finding, actor=actor, role=role, step=Step.RETURN, to=S.RETURNED, comment=comment
        )


def reopen(finding: Finding, *, actor, comment: str) -> Finding:
    """The leader or the office reopens a confirmed paper for revision, unless a report in
    approval or approved carries it."""
    with transaction.atomic():
        finding = _locked(finding)
        role = access.leader_or_office(actor, finding)
        _need_account(actor)
        _state(finding, {S.CONFIRMED})
        comment = _comment(comment, _("Say why the paper is reopened."))
        if access.held_by_approved_report(finding):
            raise ValidationError(
                _("A report in approval or approved carries this paper: it cannot be reopened "
                  "unless the report is returned."),
                code="in_report",
            )
        return _move(
            finding,
            actor=actor,
            role=role,
            step=Step.REOPEN,
            to=S.RETURNED,
            comment=comment,
            confirmed_at=None,
        )


def withdraw(finding: Finding, *, actor, reason: str) -> Finding:
    """The drafter, the leader or the office drops a paper that is not confirmed."""
    with transaction.atomic():
        finding = _locked(finding)
        role = access.withdraw_role(actor, finding)
        _need_account(actor)
        _state(finding, access.WITHDRAWABLE)
        reason = _comment(reason, _("Say why the paper is withdrawn."))
        return _move(
            finding, actor=actor, role=role, step=Step.WITHDRAW, to=S.WITHDRAWN, comment=reason
        )


ACTIONS = {
    "submit": submit,
    "approve": approve,
    "confirm": confirm,
    "return": return_finding,
    "reopen": reopen,
    "withdraw": withdraw,
}
