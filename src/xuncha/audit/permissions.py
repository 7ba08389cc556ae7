"""The access choke point for the audit trail: only the security auditor reads it, within the
units their role reaches. Events tied to no unit (a failed sign-in with an unknown name) are
shown to auditors whose role sits at a root of the tree."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from xuncha.accounts.permissions import grants, scope_q
from xuncha.accounts.roles import Capability, capabilities_of
from xuncha.audit.models import AuditEvent
from xuncha.orgs.tree import STEP


def visible_events(user) -> QuerySet[AuditEvent]:
    q = scope_q(user, Capability.AUDIT_VIEW, "unit__path")
    if q is None:
        return AuditEvent.objects.none()
    at_root = any(
        Capability.AUDIT_VIEW in capabilities_of(g.role) and len(g.path) == STEP
        and g.include_descendants
        for g in grants(user)
    )
    if at_root:
        q |= Q(unit__isnull=True)
    return AuditEvent.objects.filter(q)


def get_event_for_user(user, pk: int) -> AuditEvent:
    return get_object_or_404(visible_events(user).select_related("actor", "unit"), pk=pk)
