"""Reads of leads that need more than a filter, for the lead pages and for other apps (reports,
statistics). Everything starts from the choke point (`access.visible_leads`), so a count, a
search or a report never includes a lead its reader may not see."""

from django.db.models import Count, Prefetch, Q, QuerySet

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.permissions import visible_users
from xuncha.accounts.roles import Role
from xuncha.core.text import search_terms
from xuncha.leads.access import may_see_all_leads, visible_leads
from xuncha.leads.models import Disposal, Lead, LeadGrant, LeadHandover, LeadSubject, Receiver
from xuncha.staffing.models import TeamMember

# Official wording of documents, whatever the interface language (data text).
DISPOSAL_TEXT = {
    Disposal.TALK_INQUIRY: "谈话函询",
    Disposal.PRELIMINARY_VERIFICATION: "初步核实",
    Disposal.HOLD: "暂存待查",
    Disposal.CLOSE: "予以了结",
}
RECEIVER_TEXT = {
    Receiver.DISCIPLINE_COMMISSION: "纪委监委",
    Receiver.ORGANIZATION_DEPARTMENT: "组织部",
    Receiver.FUNCTIONAL_DEPARTMENT: "职能部门",
}
SOURCE_TEXT = {
    "interview": "个别谈话",
    "document": "调阅资料",
    "visit": "实地走访",
    "petition": "信访举报",
    "survey": "问卷调查和民主测评",
    "meeting": "会议",
    "check": "抽查和专项检查",
    "dossier": "被巡察单位档案",
    "other": "其他",
}
STATUS_TEXT = {
    Lead.Status.REGISTERED: "已登记",
    Lead.Status.ASSESSED: "已研判",
    Lead.Status.HANDOVER_REQUESTED: "边巡边移交待审批",
    Lead.Status.HANDED_OVER: "已边巡边移交",
    Lead.Status.IN_REPORT: "已列入问题线索报告",
    Lead.Status.TRANSFERRED: "已移交",
    Lead.Status.DISPOSAL_REPORTED: "已反馈处置情况",
    Lead.Status.WITHDRAWN: "已撤销",
}


def with_details(qs: QuerySet[Lead]) -> QuerySet[Lead]:
    """Subjects, sources and units in a constant number of queries for any page size."""
    return qs.select_related("receiver_unit", "registered_by", "finding").prefetch_related(
        Prefetch("subjects", queryset=LeadSubject.objects.select_related("unit")),
        "sources",
    )


def search(qs: QuerySet[Lead], query: str) -> QuerySet[Lead]:
    """Leads of `qs` whose content or subjects contain every term of the query (normalized:
    traditional and full-width forms match too). Apply to a visible queryset only."""
    for term in search_terms(query or ""):
        qs = qs.filter(search_text__contains=term)
    return qs


def filtered(qs: QuerySet[Lead], *, query: str = "", status: str = "") -> QuerySet[Lead]:
    if status:
        qs = qs.filter(status=status)
    return search(qs, query)


def leads_of(user, inspection) -> QuerySet[Lead]:
    """The inspection's leads the user may see, by number."""
    return with_details(visible_leads(user).filter(inspection=inspection)).order_by("number")


def lead_counts(user, inspection_ids) -> dict[int, int]:
    """How many leads (not withdrawn) of each inspection the user may see: 0 for every
    inspection where they see none, so a count never tells that a lead exists."""
    ids = list(inspection_ids)
    out = dict.fromkeys(ids, 0)
    rows = (
        visible_leads(user)
        .filter(inspection_id__in=ids)
        .exclude(status=Lead.Status.WITHDRAWN)
        .values("inspection_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        out[row["inspection_id"]] = row["n"]
    return out


def leads_for_report(user, inspection) -> QuerySet[Lead]:
    """Every lead of the inspection that is not withdrawn, for the leads report, only for
    those who may see all of them (the keepers, inspection-wide grantees); empty otherwise.
    The caller audits what it shows."""
    if not may_see_all_leads(user, inspection):
        return Lead.objects.none()
    return with_details(
        visible_leads(user).filter(inspection=inspection).exclude(status=Lead.Status.WITHDRAWN)
    ).order_by("number")


def subject_text(subject: LeadSubject) -> str:
    return f"{subject.name}（{subject.post}）" if subject.post else subject.name


def receiver_text(lead: Lead) -> str:
    text = RECEIVER_TEXT.get(lead.proposed_receiver, "")
    if lead.proposed_receiver == Receiver.FUNCTIONAL_DEPARTMENT and lead.receiver_unit:
        return lead.receiver_unit.name
    return text


def lead_summary(lead: Lead) -> dict:
    """A lead as plain data for reports and Word templates (Chinese official wording): number,
    subjects "姓名（职务）", source, content, proposed receiver and disposal. Call it only for
    a lead the reader may see; prefetch subjects and sources for many."""
    subjects = list(lead.subjects.all())
    sources = list(lead.sources.all())
    return {
        "id": lead.pk,
        "number": lead.number,
        "subjects": "、".join(subject_text(s) for s in subjects),
        "subject_list": [
            {
                "name": s.name,
                "post": s.post,
                "unit": s.unit.name if s.unit else "",
                "cadre_level": s.cadre_level,
            }
            for s in subjects
        ],
        "source_kind": SOURCE_TEXT.get(lead.source_kind, ""),
        "source": "；".join(
            f"{SOURCE_TEXT.get(s.kind, '')}：{s.label}" if s.kind else s.label for s in sources
        ),
        "content": lead.content,
        "assessment": lead.assessment,
        "proposed_receiver": receiver_text(lead),
        "proposed_disposal": DISPOSAL_TEXT.get(lead.proposed_disposal, ""),
        "status": STATUS_TEXT.get(lead.status, ""),
    }


# --- Grants and hand-overs -------------------------------------------------------------------


def grants_of(inspection) -> QuerySet[LeadGrant]:
    """Every grant of the inspection's leads, current and past (keepers only)."""
    return LeadGrant.objects.filter(inspection=inspection).select_related(
        "lead", "user", "granted_by", "revoked_by"
    )


# Accounts of the inspected unit's side: a liaison receives what the team sends, a partner
# department answers requests. Neither reads the team's own material, let alone a lead.
OUTSIDE_ROLES = (Role.UNIT_LIAISON, Role.PARTNER_DEPARTMENT)


def outside_only():
    """Accounts whose every role is an outside one (liaison, partner department)."""
    return (
        RoleAssignment.objects.filter(role__in=OUTSIDE_ROLES)
        .exclude(user__role_assignments__role__in=[r for r in Role if r not in OUTSIDE_ROLES])
        .values("user")
    )


def grantable_users(actor, inspection) -> QuerySet[User]:
    """Accounts a keeper may grant: the team's members with an account, and the accounts in
    the keeper's own scope. Never a disabled account, nor one whose only roles are those of a
    unit liaison or a partner department. `grant_lead_access` enforces the same set."""
    seated = TeamMember.objects.filter(
        round_id=inspection.round_id, team_id=inspection.team_id, cadre__user__isnull=False
    ).values("cadre__user")
    q = Q(pk__in=seated)
    if actor is not None:
        q |= Q(pk__in=visible_users(actor).values("pk"))
    return User.objects.filter(q, is_active=True).exclude(pk__in=outside_only())


def approvals_of(user) -> QuerySet[LeadHandover]:
    """Hand-over requests put to the user, on leads the user still sees, pending first."""
    from django.db.models import Case, IntegerField, Value, When

    q = Q(lead__in=visible_leads(user).values("pk"))
    return (
        LeadHandover.objects.filter(q, approver_id=getattr(user, "pk", None))
        .select_related(
            "lead",
            "lead__inspection",
            "lead__inspection__round",
            "lead__inspection__round__jurisdiction",
            "lead__inspection__target",
            "lead__inspection__team",
            "requested_by",
            "receiver_unit",
        )
        .prefetch_related("lead__subjects")
        .annotate(
            open=Case(
                When(status=LeadHandover.Status.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("open", "-requested_at")
    )


def open_handover(lead: Lead) -> LeadHandover | None:
    return (
        lead.handovers.filter(
            status__in=[LeadHandover.Status.PENDING, LeadHandover.Status.APPROVED]
        )
        .select_related("approver", "requested_by", "receiver_unit")
        .first()
    )


def finding_choices(inspection):
    """Working papers of the inspection a lead may be related to."""
    from xuncha.findings.models import Finding

    return (
        Finding.objects.filter(inspection=inspection)
        .exclude(status=Finding.Status.WITHDRAWN)
        .order_by("number")
    )
