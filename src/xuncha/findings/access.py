"""The access choke point of findings, and the sign-off rules of a working paper.

A finding is stationing material: it is read by whoever reaches its inspection
(`fieldwork_q(user, "inspection__")`: the office, the team by its seat, grant holders) and
written by the office and the team (`authorize_fieldwork`). The unit's liaison sees nothing of
it except, for an immediate fix sent to the unit, the title, the requirement and the due date
(`liaison_fixes`).

Sign-off (drafter → deputy leader → leader), decided here once for pages, API and services:
- the text may change only while the paper is being drafted or was returned;
- no preparer (anyone who wrote any of its text, evidence or judgment) may sign a step, even
  when they hold the deputy's or the leader's seat;
- the deputy step is signed by a deputy leader; when no deputy can sign (no deputy seat with an
  account, or every deputy prepared the paper) the leader signs it, recorded as "as deputy";
- the leader step is signed by the leader; when the leader cannot (no leader with an account,
  or the leader prepared the paper) the office (fieldwork.edit) confirms instead, recorded as
  such. The office also takes the deputy step when neither a deputy nor the leader can;
- whoever may sign the current step may return the paper, with comments;
- the leader or the office reopens a confirmed paper (with comments) unless an approved report
  carries it; the drafter, the leader or the office withdraws a paper that is not confirmed.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import role_for, scope_q, signed_in
from xuncha.accounts.roles import Capability
from xuncha.fieldwork.access import authorize_fieldwork, fieldwork_q, office_role, seat
from xuncha.findings.models import Finding, ImmediateFix
from xuncha.staffing.models import MemberRole, TeamMember

S = Finding.Status
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
PENDING = frozenset({S.PENDING_DEPUTY, S.PENDING_LEADER})
WITHDRAWABLE = frozenset({S.DRAFT, S.RETURNED, S.PENDING_DEPUTY, S.PENDING_LEADER})

_RELATED = (
    "inspection",
    "inspection__round",
    "inspection__round__jurisdiction",
    "inspection__team",
    "inspection__target",
    "focus_area",
    "drafter",
)


# --- Reading -----------------------------------------------------------------------------------


def visible_findings(user) -> QuerySet[Finding]:
    """Findings of the inspections whose material the user reaches."""
    q = fieldwork_q(user, "inspection__")
    qs = Finding.objects.select_related(*_RELATED)
    return qs.none() if q is None else qs.filter(q)


def get_finding_for_user(user, pk: int) -> Finding:
    """The finding, or 404 alike for 'does not exist' and 'not yours'."""
    return get_object_or_404(visible_findings(user), pk=pk)


# --- Writing the text --------------------------------------------------------------------------


def require_editable(finding: Finding) -> None:
    if finding.status not in EDITABLE:
        raise ValidationError(
            _("The working paper is %(status)s: its text can no longer change.")
            % {"status": finding.get_status_display()},
            code="locked",
        )


def authorize_content(actor, finding: Finding) -> str:
    """For services that change the text, evidence or judgment: the team or the office, while
    the paper is being drafted or was returned."""
    role = authorize_fieldwork(actor, finding.inspection)
    require_editable(finding)
    return role


def may_edit(user, finding: Finding) -> bool:
    return finding.status in EDITABLE and _may_write(user, finding)


def _may_write(user, finding: Finding) -> bool:
    try:
        authorize_fieldwork(user, finding.inspection)
    except PermissionDenied:
        return False
    return signed_in(user)


# --- Signing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signers:
    """Who may sign the two steps of one paper: user ids per seat, preparers left out."""

    deputies: frozenset[int]
    leaders: frozenset[int]
    preparers: frozenset[int]

    @property
    def deputy_step_by_leader(self) -> bool:
        return not self.deputies

    @property
    def deputy_step_by_office(self) -> bool:
        return not self.deputies and not self.leaders

    @property
    def leader_step_by_office(self) -> bool:
        return not self.leaders


def preparer_ids(finding: Finding) -> frozenset[int]:
    ids = set(finding.preparers.values_list("pk", flat=True))
    ids.add(finding.drafter_id)
    return frozenset(ids)


def signers(finding: Finding) -> Signers:
    """The accounts able to sign each step: the team's seats with an active account, less the
    paper's preparers."""
    preparers = preparer_ids(finding)
    seats = TeamMember.objects.filter(
        round_id=finding.inspection.round_id,
        team_id=finding.inspection.team_id,
        role__in=[MemberRole.LEADER, MemberRole.DEPUTY_LEADER],
        cadre__user__isnull=False,
        cadre__user__is_active=True,
    ).values_list("role", "cadre__user_id")
    deputies, leaders = set(), set()
    for role, user_id in seats:
        if user_id in preparers:
            continue
        (leaders if role == MemberRole.LEADER else deputies).add(user_id)
    return Signers(frozenset(deputies), frozenset(leaders), preparers)


def _refuse_preparer(user, who: Signers) -> None:
    if user.pk in who.preparers:
        raise ValidationError(
            _("You prepared this working paper, so you may not sign it."), code="preparer"
        )


def step_role(user, finding: Finding) -> str:
    """The role in which `user` may sign (approve, confirm or return) the paper's current step;
    ValidationError for a preparer, PermissionDenied for anyone else who may not."""
    if user is None:
        return ""
    if not signed_in(user) or finding.status not in PENDING:
        raise PermissionDenied
    who = signers(finding)
    member = seat(user, finding.inspection)
    office = office_role(user, finding.inspection)
    if finding.status == S.PENDING_DEPUTY:
        if member is not None and member.role == MemberRole.DEPUTY_LEADER:
            _refuse_preparer(user, who)
            return "team:deputy_leader"
        if member is not None and member.role == MemberRole.LEADER and who.deputy_step_by_leader:
            _refuse_preparer(user, who)
            return "team:leader:as_deputy"
        if office and who.deputy_step_by_office:
            _refuse_preparer(user, who)
            return f"{office}:as_deputy"
    else:
        if member is not None and member.role == MemberRole.LEADER:
            _refuse_preparer(user, who)
            return "team:leader"
        if office and who.leader_step_by_office:
            _refuse_preparer(user, who)
            return f"{office}:as_leader"
    raise PermissionDenied


def may_sign(user, finding: Finding) -> bool:
    try:
        step_role(user, finding)
    except (PermissionDenied, ValidationError):
        return False
    return True


def submit_role(user, finding: Finding) -> str:
    """The drafter, anyone else who wrote the paper, or the office submits it for review."""
    if user is None:
        return ""
    role = authorize_fieldwork(user, finding.inspection)
    if role.startswith("team:") and user.pk not in preparer_ids(finding):
        raise PermissionDenied
    return role


def leader_or_office(user, finding: Finding) -> str:
    """The team leader or the office (fieldwork.edit): reopens a confirmed paper."""
    if user is None:
        return ""
    office = office_role(user, finding.inspection)
    if office:
        return office
    member = seat(user, finding.inspection)
    if member is not None and member.role == MemberRole.LEADER:
        return "team:leader"
    raise PermissionDenied


def withdraw_role(user, finding: Finding) -> str:
    """The drafter, the leader or the office withdraws a paper."""
    if user is None:
        return ""
    role = authorize_fieldwork(user, finding.inspection)
    if not role.startswith("team:") or role == "team:leader" or user.pk == finding.drafter_id:
        return role
    raise PermissionDenied


def leading_role(user, inspection) -> str:
    """The office, the leader or a deputy leader: they send letters to the unit and accept its
    replies."""
    if user is None:
        return ""
    office = office_role(user, inspection)
    if office:
        return office
    member = seat(user, inspection)
    if member is not None and member.role in (MemberRole.LEADER, MemberRole.DEPUTY_LEADER):
        return f"team:{member.role}"
    raise PermissionDenied


def held_by_approved_report(finding: Finding) -> bool:
    from xuncha.reports.models import Report, ReportItem

    # A paper before the bodies (in approval) is as fixed as an approved one: their decisions
    # refer to its text. To change it, the report is returned first.
    return ReportItem.objects.filter(
        finding=finding, active=True,
        report__status__in=(Report.Status.IN_APPROVAL, Report.Status.APPROVED),
    ).exists()


def _allowed(check, *args) -> bool:
    try:
        check(*args)
    except (PermissionDenied, ValidationError):
        return False
    return True


def actions(user, finding: Finding) -> dict[str, bool]:
    """What the page offers the user on this paper (the services decide again)."""
    status = finding.status
    return {
        "edit": may_edit(user, finding),
        "submit": status in EDITABLE and _allowed(submit_role, user, finding),
        "approve": status == S.PENDING_DEPUTY and may_sign(user, finding),
        "confirm": status == S.PENDING_LEADER and may_sign(user, finding),
        "return": status in PENDING and may_sign(user, finding),
        "reopen": status == S.CONFIRMED
        and _allowed(leader_or_office, user, finding)
        and not held_by_approved_report(finding),
        "withdraw": status in WITHDRAWABLE and _allowed(withdraw_role, user, finding),
        "leading": _allowed(leading_role, user, finding.inspection),
        "write": _may_write(user, finding),
    }


def signing_note(user, finding: Finding) -> str:
    """Why the user cannot sign although their seat would: shown next to the sign-off box."""
    if finding.status not in PENDING or not signed_in(user):
        return ""
    try:
        step_role(user, finding)
    except ValidationError as exc:
        return exc.messages[0]
    except PermissionDenied:
        return ""
    return ""


# --- The unit's liaison ------------------------------------------------------------------------

LIAISON_STATUSES = (
    ImmediateFix.Status.SENT,
    ImmediateFix.Status.REPLIED,
    ImmediateFix.Status.ACCEPTED,
)


def liaison_q(user) -> Q | None:
    """Immediate fixes sent to a unit where the user is the liaison."""
    q = scope_q(user, Capability.LIAISON_RECEIVE, "finding__inspection__target__path")
    if q is None:
        return None
    return q & Q(status__in=LIAISON_STATUSES)


def liaison_fixes(user) -> QuerySet[ImmediateFix]:
    q = liaison_q(user)
    qs = ImmediateFix.objects.select_related(
        "finding",
        "finding__inspection",
        "finding__inspection__target",
        "finding__inspection__team",
        "finding__inspection__round",
    ).order_by("-sent_at", "-id")
    return qs.none() if q is None else qs.filter(q)


def get_liaison_fix(user, pk: int) -> ImmediateFix:
    return get_object_or_404(liaison_fixes(user), pk=pk)


def liaison_role(user, fix: ImmediateFix) -> str:
    """The liaison of the fix's target unit, once the letter was sent."""
    if user is None:
        raise PermissionDenied
    role = role_for(user, Capability.LIAISON_RECEIVE, fix.finding.inspection.target.path)
    if role is None or fix.status not in LIAISON_STATUSES:
        raise PermissionDenied
    return role


def is_overdue(fix: ImmediateFix, today=None) -> bool:
    """Sent, not answered, and past its due date (derived, never stored)."""
    today = today or timezone.localdate()
    return fix.status == ImmediateFix.Status.SENT and fix.due_on < today
