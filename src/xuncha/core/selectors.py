"""Reads for the home page."""

from django.db.models import Count

from xuncha.accounts.permissions import grants, has_capability
from xuncha.accounts.roles import Capability, Role
from xuncha.audit.permissions import visible_events
from xuncha.orgs.models import Unit
from xuncha.orgs.tree import subtree_q


def home_overview(user) -> dict:
    """The units at the top of each of the user's role assignments, with the number of active
    units each one reaches, and the latest audit events when the user may read the trail."""
    my_grants = grants(user)
    roots = {u.pk: u for u in Unit.objects.filter(pk__in={g.unit_id for g in my_grants})}
    scopes = []
    for g in my_grants:
        unit = roots.get(g.unit_id)
        if unit is None:
            continue
        reach = (
            Unit.objects.filter(subtree_q(unit.path), is_active=True).count()
            if g.include_descendants
            else 1
        )
        scopes.append({"role": Role(g.role).label, "unit": unit, "reach": reach,
                       "include_descendants": g.include_descendants})
    overview = {"scopes": scopes, "events": None}
    if has_capability(user, Capability.AUDIT_VIEW):
        overview["events"] = list(visible_events(user).select_related("actor")[:10])
        overview["event_counts"] = list(
            visible_events(user).order_by().values("result").annotate(n=Count("id"))
        )
    return overview
