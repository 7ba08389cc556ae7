"""Reads of the organization tree that need more than a filter.

Every function starts from `visible_units`, so scope is one SQL predicate and the number of
queries never depends on the size of the tree (30,000 units is a normal province).
"""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from xuncha.accounts.permissions import grants, scope_q
from xuncha.accounts.roles import Capability, capabilities_of
from xuncha.orgs.models import Unit
from xuncha.orgs.permissions import visible_units
from xuncha.orgs.tree import ancestor_ids


def with_child_counts(qs: QuerySet[Unit], user,
                      capability: Capability = Capability.UNIT_VIEW) -> QuerySet[Unit]:
    """Annotate `child_count`: the children of each unit that the user can see.

    One correlated subquery on the (parent, name) index, so the page stays one query.
    """
    q = scope_q(user, capability)
    if q is None:
        return qs.annotate(child_count=Value(0, output_field=IntegerField()))
    children = (
        Unit.objects.filter(q, parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        child_count=Coalesce(Subquery(children, output_field=IntegerField()), 0)
    )


def scope_roots(user, capability: Capability = Capability.UNIT_VIEW) -> QuerySet[Unit]:
    """The units of the user's role assignments for `capability`, with those that lie under
    another assignment's subtree left out, so no unit is listed twice."""
    own = [g for g in grants(user) if capability in capabilities_of(g.role)]
    ids = {
        g.unit_id for g in own
        if not any(o.include_descendants and o.path != g.path and g.path.startswith(o.path)
                   for o in own)
    }
    qs = Unit.objects.filter(pk__in=ids).order_by("path")
    return with_child_counts(qs, user, capability)


def visible_children(user, unit: Unit,
                     capability: Capability = Capability.UNIT_VIEW) -> QuerySet[Unit]:
    """The children of `unit` in the user's scope, active ones first, by name."""
    qs = visible_units(user, capability).filter(parent=unit).order_by("-is_active", "name", "pk")
    return with_child_counts(qs, user, capability)


def search_units(user, text: str,
                 capability: Capability = Capability.UNIT_VIEW) -> QuerySet[Unit]:
    """Units in scope whose name or short name contains `text`, or whose code starts with it."""
    text = text.strip()
    qs = visible_units(user, capability)
    if not text:
        return qs.none()
    return (
        qs.filter(Q(name__icontains=text) | Q(short_name__icontains=text)
                  | Q(code__istartswith=text))
        .select_related("parent")
        .order_by("path")
    )


def suggest_units(user, text: str, limit: int = 20) -> list[Unit]:
    """Autocomplete: active units in scope matching `text`, exact code first, then by depth."""
    text = text.strip()
    if not text:
        return []
    qs = search_units(user, text).filter(is_active=True).order_by("depth", "name", "pk")
    exact = list(visible_units(user).filter(code=text, is_active=True)[:1])
    rest = [u for u in qs[:limit] if not exact or u.pk != exact[0].pk]
    return (exact + rest)[:limit]


def visible_ancestors(user, unit: Unit) -> list[Unit]:
    """The ancestors of `unit` that the user can see, root first (for the breadcrumb)."""
    ids = ancestor_ids(unit.path)
    if not ids:
        return []
    return list(visible_units(user).filter(pk__in=ids).only("pk", "name", "short_name", "path",
                                                             "is_active").order_by("path"))

