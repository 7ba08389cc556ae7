"""Navigation by role: each person sees the menu entries their capabilities reach."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.permissions import capabilities, roles_of
from xuncha.accounts.roles import Capability, Role

# (label, url name, capability that shows it)
_MENU = [
    (_("Home"), "home", None),
    (_("Organization tree"), "orgs:tree", Capability.UNIT_VIEW),
    (_("Planning and rounds"), "plans:home", Capability.PLAN_VIEW),
    (_("Cadres and teams"), "people:cadres", Capability.PEOPLE_VIEW),
    (_("Accounts"), "accounts:users", Capability.USER_VIEW),
    (_("Knowledge base"), "knowledge:index", Capability.KNOWLEDGE_VIEW),
    (_("Document templates"), "documents:offices", Capability.TEMPLATE_MANAGE),
    (_("Audit trail"), "audit:events", Capability.AUDIT_VIEW),
]


# Team members (who sign pledges, declare gifts and recusals themselves) hold a team role.
_TEAM_ROLES = frozenset({Role.TEAM_LEADER, Role.DEPUTY_LEADER, Role.TEAM_MEMBER})


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    caps = capabilities(user)
    items = [
        {"label": label, "url": reverse(name), "name": name}
        for label, name, cap in _MENU
        if cap is None or cap in caps
    ]
    if Capability.INSPECTION_VIEW in caps and Capability.PLAN_VIEW not in caps:
        # Team members reach their own inspections without the planning pages.
        items.insert(1, {"label": _("Inspections"), "url": reverse("plans:inspections"),
                         "name": "plans:inspections"})
    if Capability.FIELDWORK_VIEW in caps or roles_of(user) & _TEAM_ROLES:
        items.append({"label": _("Stationing workspace"), "url": reverse("fieldwork:inspections"),
                      "name": "fieldwork:inspections"})
    if roles_of(user) & _TEAM_ROLES:
        items += [
            {"label": label, "url": reverse(name), "name": name}
            for label, name in (
                (_("My duties"), "staffing:my_duties"),
                (_("My recusal declarations"), "staffing:my_recusals"),
            )
        ]
    # Leads: whoever may keep, approve or be granted leads. The entries reveal nothing: the
    # pages list only what the leads choke point lets through (no query here, so every page
    # costs the same; a member granted a lead reaches it from the inspection's workspace).
    if caps & {Capability.LEAD_OVERSEE, Capability.LEAD_APPROVE} or Role.TEAM_LEADER in roles_of(
        user
    ):
        items.append({"label": _("My problem leads"), "url": reverse("leads:mine"),
                      "name": "leads:mine"})
    if Capability.LEAD_APPROVE in caps:
        items.append({"label": _("Hand-overs for my approval"), "url": reverse("leads:approvals"),
                      "name": "leads:approvals"})
    # What the team sends to the unit, and what the office asks of partner departments.
    if Capability.LIAISON_RECEIVE in caps:
        items += [
            {"label": _("Interview outlines to hand over"), "url": reverse("interviews:liaison"),
             "name": "interviews:liaison"},
            {"label": _("Documents requested of the unit"),
             "url": reverse("fieldwork:liaison_documents"), "name": "fieldwork:liaison_documents"},
            {"label": _("Immediate fixes handed to the unit"),
             "url": reverse("findings:liaison_fixes"), "name": "findings:liaison_fixes"},
            {"label": _("Material handed in by your unit"), "url": reverse("copycheck:liaison"),
             "name": "copycheck:liaison"},
        ]
    if Capability.REQUEST_ANSWER in caps:
        items.append({"label": _("Requests to your department"),
                      "url": reverse("fieldwork:partner_requests"),
                      "name": "fieldwork:partner_requests"})
    role_labels = [Role(r).label for r in sorted(roles_of(user))]
    return {"nav_items": items, "nav_roles": role_labels}
