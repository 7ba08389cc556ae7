"""Roles and their capabilities, defined in code.

A role is granted at a unit (optionally with everything under it) by a `RoleAssignment`; what a
user may do to an object is decided by whether a capability of one of their roles reaches the
object's unit. Team membership is the second path to access, added with the inspection models.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Capability(StrEnum):
    UNIT_VIEW = "unit.view"
    UNIT_EDIT = "unit.edit"
    UNIT_IMPORT = "unit.import"
    UNIT_EXPORT = "unit.export"
    USER_VIEW = "user.view"
    USER_MANAGE = "user.manage"
    ROLE_ASSIGN = "role.assign"
    SECURITY_MANAGE = "security.manage"
    AUDIT_VIEW = "audit.view"
    PEOPLE_VIEW = "people.view"
    PEOPLE_EDIT = "people.edit"
    # Planning: terms, coverage plans, rounds, the task split, team formation and recusal.
    PLAN_VIEW = "plan.view"
    PLAN_EDIT = "plan.edit"
    PLAN_APPROVE = "plan.approve"
    # Stationing material of an inspection (interviews, petitions, meetings…). Team members
    # reach their own inspection through their seat on the team, not through a role.
    FIELDWORK_VIEW = "fieldwork.view"
    FIELDWORK_EDIT = "fieldwork.edit"
    # Partner departments (audit, finance, police…) answer the information requests addressed
    # to their unit before stationing, and see nothing else of the inspection.
    REQUEST_ANSWER = "request.answer"
    # The target's liaison receives what the team sends to the unit (interview outlines to
    # hand over, document request lists to fill) and nothing of the team's own material.
    LIAISON_RECEIVE = "liaison.receive"
    # Case content. The models come with later issues; the capabilities exist now because they
    # decide who must use two-factor sign-in and what the system administrator may never hold.
    INSPECTION_VIEW = "inspection.view"
    FINDING_VIEW = "finding.view"
    PETITION_VIEW = "petition.view"
    LEAD_VIEW = "lead.view"
    IDENTITY_APPROVE = "identity.approve"
    # Leads: the office head oversees every lead of the jurisdiction; a leading-group member
    # approves hand-overs during stationing (and sees the lead of a request put to them).
    # Team leaders reach their own inspection's leads through their seat, others by grant.
    LEAD_OVERSEE = "lead.oversee"
    LEAD_APPROVE = "lead.approve"
    # Reports: recording the hearings of the bodies above the team (office consultation,
    # leading group, party secretary's meeting).
    REPORT_APPROVE = "report.approve"
    # The knowledge base (regulations, cases, standard wording, model reports).
    KNOWLEDGE_VIEW = "knowledge.view"
    KNOWLEDGE_EDIT = "knowledge.edit"
    # The office's own Word templates of official documents.
    TEMPLATE_MANAGE = "template.manage"


C = Capability


class Role(models.TextChoices):
    OFFICE_STAFF = "office_staff", _("Inspection office staff")
    OFFICE_HEAD = "office_head", _("Head of the inspection office")
    LEADING_GROUP = "leading_group", _("Leading group member")
    TEAM_LEADER = "team_leader", _("Team leader")
    DEPUTY_LEADER = "deputy_leader", _("Deputy team leader")
    TEAM_MEMBER = "team_member", _("Team member")
    UNIT_LIAISON = "unit_liaison", _("Unit liaison")
    DISCIPLINE_COMMISSION = "discipline_commission", _("Discipline commission")
    ORGANIZATION_DEPARTMENT = "organization_department", _("Organization department")
    PARTNER_DEPARTMENT = "partner_department", _("Partner department")
    UPPER_REVIEWER = "upper_reviewer", _("Upper-level reviewer")
    CUSTODIAN = "custodian", _("Identity custodian")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Security auditor")


# Team roles are granted at the target (or at the jurisdiction of the round). They carry no
# plan.view: that would open every round and draft plan of a whole county to a member of one
# team. Members reach their own inspections through inspection.view at the target and their
# own duties through "my duties".
_TEAM = {
    C.UNIT_VIEW, C.PEOPLE_VIEW, C.INSPECTION_VIEW, C.FINDING_VIEW, C.PETITION_VIEW,
    C.KNOWLEDGE_VIEW,
}
_OFFICE = {
    C.UNIT_VIEW, C.UNIT_EDIT, C.UNIT_IMPORT, C.UNIT_EXPORT, C.USER_VIEW,
    C.PEOPLE_VIEW, C.PEOPLE_EDIT, C.PLAN_VIEW, C.PLAN_EDIT, C.INSPECTION_VIEW,
    C.FINDING_VIEW, C.PETITION_VIEW, C.LEAD_VIEW, C.FIELDWORK_VIEW, C.FIELDWORK_EDIT,
    C.REPORT_APPROVE, C.KNOWLEDGE_VIEW, C.KNOWLEDGE_EDIT, C.TEMPLATE_MANAGE,
}

ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.OFFICE_STAFF: frozenset(_OFFICE),
    Role.OFFICE_HEAD: frozenset(_OFFICE | {C.LEAD_OVERSEE}),
    Role.LEADING_GROUP: frozenset({
        C.UNIT_VIEW, C.UNIT_EXPORT, C.USER_VIEW, C.PEOPLE_VIEW, C.PLAN_VIEW, C.PLAN_APPROVE,
        C.INSPECTION_VIEW, C.FINDING_VIEW, C.LEAD_VIEW, C.FIELDWORK_VIEW, C.LEAD_APPROVE,
        C.REPORT_APPROVE, C.KNOWLEDGE_VIEW,
    }),
    Role.TEAM_LEADER: frozenset(_TEAM | {C.LEAD_VIEW}),
    Role.DEPUTY_LEADER: frozenset(_TEAM | {C.LEAD_VIEW}),
    Role.TEAM_MEMBER: frozenset(_TEAM),
    Role.UNIT_LIAISON: frozenset({C.UNIT_VIEW, C.LIAISON_RECEIVE}),
    Role.DISCIPLINE_COMMISSION: frozenset({
        C.UNIT_VIEW, C.FINDING_VIEW, C.LEAD_VIEW, C.REQUEST_ANSWER, C.KNOWLEDGE_VIEW,
    }),
    Role.ORGANIZATION_DEPARTMENT: frozenset({
        C.UNIT_VIEW, C.PEOPLE_VIEW, C.FINDING_VIEW, C.REQUEST_ANSWER, C.KNOWLEDGE_VIEW,
    }),
    Role.PARTNER_DEPARTMENT: frozenset({C.UNIT_VIEW, C.REQUEST_ANSWER}),
    Role.UPPER_REVIEWER: frozenset({
        C.UNIT_VIEW, C.UNIT_EXPORT, C.USER_VIEW, C.PEOPLE_VIEW, C.PLAN_VIEW, C.INSPECTION_VIEW,
        C.FIELDWORK_VIEW,
        C.FINDING_VIEW, C.PETITION_VIEW, C.LEAD_VIEW, C.KNOWLEDGE_VIEW,
    }),
    Role.CUSTODIAN: frozenset({C.UNIT_VIEW, C.IDENTITY_APPROVE}),
    # The three separated administrators (三员). None of them reads case content.
    Role.SYSTEM_ADMIN: frozenset({C.UNIT_VIEW, C.USER_VIEW, C.USER_MANAGE}),
    Role.SECURITY_ADMIN: frozenset({C.UNIT_VIEW, C.USER_VIEW, C.ROLE_ASSIGN, C.SECURITY_MANAGE}),
    Role.AUDIT_ADMIN: frozenset({C.UNIT_VIEW, C.USER_VIEW, C.AUDIT_VIEW}),
}

ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})

# Capabilities that reach case material: petitions, leads, findings, inspections, identities.
CONTENT_CAPABILITIES = frozenset({
    C.INSPECTION_VIEW, C.FINDING_VIEW, C.PETITION_VIEW, C.LEAD_VIEW, C.IDENTITY_APPROVE,
    C.FIELDWORK_VIEW, C.FIELDWORK_EDIT, C.LEAD_OVERSEE, C.LEAD_APPROVE, C.REPORT_APPROVE,
})
# Holding any of these, or an administrator role, requires a second factor at sign-in.
SECOND_FACTOR_CAPABILITIES = frozenset({
    C.PETITION_VIEW, C.LEAD_VIEW, C.IDENTITY_APPROVE, C.FIELDWORK_VIEW, C.LEAD_OVERSEE,
    C.LEAD_APPROVE,
})


def capabilities_of(role: str) -> frozenset[Capability]:
    return ROLE_CAPABILITIES.get(Role(role), frozenset())


def roles_with(capability: Capability) -> list[str]:
    return [role.value for role, caps in ROLE_CAPABILITIES.items() if capability in caps]


def requires_second_factor(role: str) -> bool:
    return role in ADMIN_ROLES or bool(capabilities_of(role) & SECOND_FACTOR_CAPABILITIES)
