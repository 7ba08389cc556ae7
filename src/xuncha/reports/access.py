"""The access choke point of reports. Every page, API operation, count and document of a
report goes through `report_q` / `visible_reports` / `get_report_for_user`.

- An inspection report is stationing material of its inspection: `fieldwork_q` decides (the
  office, the team by its seat, accounts the office grants).
- A leads report is seen only by those who may see every lead of the inspection
  (`leads.access.may_see_all_leads`: the team leader, the office head, an inspection-wide lead
  grant). For anyone else it does not exist: no list, count or API answer shows it.
- Special-topic and summary reports belong to a round: the office (fieldwork.view over the
  round's jurisdiction) sees them; a special-topic report drafted for one team is also seen by
  that team's seats in the round.

Writes: drafting (create, save, re-assemble, submit) by the team's seats and the office
(fieldwork.edit); a summary report, and a special-topic report without a team, by the office
only. Hearings: the team meeting by the team leader or the office, the bodies above the team by
report.approve over the round's jurisdiction. Anything about a leads report also needs
`may_see_all_leads`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from xuncha.accounts.permissions import role_for, scope_q, signed_in
from xuncha.accounts.roles import Capability
from xuncha.fieldwork.access import authorize_fieldwork, fieldwork_q
from xuncha.leads.access import all_leads_q, may_see_all_leads
from xuncha.reports.models import Report, ReportKind, Stage
from xuncha.staffing.models import MemberRole, TeamMember

C = Capability
K = ReportKind


def _any(parts: list[Q]) -> Q | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def report_q(user) -> Q | None:
    """The reports the user may read; None for none."""
    if not signed_in(user):
        return None
    office = scope_q(user, C.FIELDWORK_VIEW, "round__jurisdiction__path")
    team_seat = Q(team__isnull=False) & Q(
        Exists(
            TeamMember.objects.filter(
                round=OuterRef("round"), team=OuterRef("team"), cadre__user=user
            )
        )
    )
    inspection = fieldwork_q(user, "inspection__")
    leads = all_leads_q(user, "inspection__")
    return _any(
        [
            Q(kind=K.INSPECTION) & inspection if inspection is not None else None,
            Q(kind=K.LEADS, inspection__isnull=False) & leads if leads is not None else None,
            Q(kind=K.SPECIAL_TOPIC) & _any([office, team_seat]),
            Q(kind=K.SUMMARY) & office if office is not None else None,
        ]
    )


def visible_reports(user) -> QuerySet[Report]:
    q = report_q(user)
    qs = Report.objects.select_related(
        "round",
        "round__jurisdiction",
        "inspection",
        "inspection__target",
        "inspection__team",
        "team",
    )
    return qs.none() if q is None else qs.filter(q)


def get_report_for_user(user, pk: int) -> Report:
    """The report, or 404 alike for 'does not exist' and 'not yours'."""
    return get_object_or_404(visible_reports(user), pk=pk)


def _office(user, round, capability: Capability = C.FIELDWORK_EDIT) -> str | None:
    return role_for(user, capability, round.jurisdiction.path)


def _seat(user, round_id: int, team_id: int | None, role: str | None = None):
    if team_id is None or not signed_in(user):
        return None
    qs = TeamMember.objects.filter(round_id=round_id, team_id=team_id, cadre__user=user)
    if role:
        qs = qs.filter(role=role)
    return qs.first()


def team_of(report: Report):
    """The team that drafts the report: the inspection's, or the one named on a special-topic
    report."""
    return report.inspection.team if report.inspection_id else report.team


def authorize_drafting(actor, *, kind: str, round, inspection=None, team=None) -> str:
    """For creating, saving, re-assembling and submitting a report; actor None is the command
    line. Returns the acting role for the audit trail."""
    if actor is None:
        return ""
    if kind in (K.INSPECTION, K.LEADS) and inspection is not None:
        role = authorize_fieldwork(actor, inspection)
        if kind == K.LEADS and not may_see_all_leads(actor, inspection):
            raise PermissionDenied
        return role
    role = _office(actor, round)
    if role:
        return role
    if kind == K.SPECIAL_TOPIC and team is not None:
        member = _seat(actor, round.pk, team.pk)
        if member is not None:
            return f"team:{member.role}"
    raise PermissionDenied


def authorize_report(actor, report: Report) -> str:
    return authorize_drafting(
        actor,
        kind=report.kind,
        round=report.round,
        inspection=report.inspection,
        team=report.team,
    )


def may_draft(user, report: Report) -> bool:
    if not signed_in(user):
        return False
    try:
        authorize_report(user, report)
    except PermissionDenied:
        return False
    return True


def authorize_stage(actor, report: Report, stage: str) -> str:
    """For recording one body's hearing: the team meeting by the team leader or the office, the
    bodies above the team by report.approve over the round's jurisdiction."""
    if actor is None:
        return ""
    if stage == Stage.TEAM_MEETING:
        team = team_of(report)
        role = _office(actor, report.round)
        if not role and _seat(actor, report.round_id, team.pk if team else None, MemberRole.LEADER):
            role = "team:leader"
    else:
        role = _office(actor, report.round, C.REPORT_APPROVE)
    if not role:
        raise PermissionDenied
    if report.kind == K.LEADS and not may_see_all_leads(actor, report.inspection):
        raise PermissionDenied
    return role


def may_record(user, report: Report, stage: str) -> bool:
    if not signed_in(user):
        return False
    try:
        authorize_stage(user, report, stage)
    except PermissionDenied:
        return False
    return True


def reader_role(user, report: Report) -> str:
    """How a reader reaches the report, for the audit trail of a view."""
    if user is None:
        return ""
    role = _office(user, report.round, C.FIELDWORK_VIEW)
    if role:
        return role
    team = team_of(report)
    member = _seat(user, report.round_id, team.pk if team else None)
    return f"team:{member.role}" if member else "grant"


def may_create(user, *, kind: str, round, inspection=None, team=None) -> bool:
    if not signed_in(user):
        return False
    try:
        authorize_drafting(user, kind=kind, round=round, inspection=inspection, team=team)
    except PermissionDenied:
        return False
    return True


def visible_rounds_q(user) -> Q | None:
    """Rounds whose report page the user reaches: the office over the jurisdiction, or a seat
    on any team of the round."""
    if not signed_in(user):
        return None
    return _any(
        [
            scope_q(user, C.FIELDWORK_VIEW, "jurisdiction__path"),
            Q(Exists(TeamMember.objects.filter(round=OuterRef("pk"), cadre__user=user))),
        ]
    )
