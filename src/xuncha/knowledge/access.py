"""The access choke point of the knowledge base.

An office's regulations serve every unit below it, and a county's own wording is seen by the
county and by the offices above it. So an entry is visible to a holder of `knowledge.view` when
its owner is an ancestor-or-self of the unit the grant is held at, or lies inside the grant's
subtree (the grant unit itself when the grant does not include descendants). A team member holds
knowledge.view at the target: they see the entries of every office above the target.

Changing an entry takes `knowledge.edit` over its owner (the office curates). Every page, API
operation, search, suggestion and count of knowledge entries filters through `knowledge_q`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from xuncha.accounts.permissions import grants, role_for, signed_in
from xuncha.accounts.roles import Capability, capabilities_of
from xuncha.knowledge.models import Article, Case, ModelReport, Regulation, Wording
from xuncha.orgs.models import Unit
from xuncha.orgs.tree import ancestor_paths, subtree_q

C = Capability


def scope_q(user, field: str) -> Q | None:
    """Rows whose unit path at `field` the user's knowledge.view reaches under the ancestor /
    subtree rule; None for none."""
    if not signed_in(user):
        return None
    parts = []
    for grant in grants(user):
        if C.KNOWLEDGE_VIEW not in capabilities_of(grant.role):
            continue
        parts.append(Q(**{f"{field}__in": ancestor_paths(grant.path)}))
        parts.append(grant.q(field))
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def knowledge_q(user, prefix: str = "") -> Q | None:
    """Entries (whose `owner` is at `prefix`, e.g. "regulation__") the user may read."""
    return scope_q(user, f"{prefix}owner__path")


def may_view(user) -> bool:
    """Whether the user reaches any knowledge at all (for pages without an object)."""
    return knowledge_q(user) is not None


def require_view(user) -> None:
    if not may_view(user):
        raise PermissionDenied


def _visible(qs: QuerySet, user, prefix: str = "") -> QuerySet:
    q = knowledge_q(user, prefix)
    return qs.none() if q is None else qs.filter(q)


def visible_regulations(user) -> QuerySet[Regulation]:
    return _visible(Regulation.objects.select_related("owner"), user)


def visible_articles(user) -> QuerySet[Article]:
    return _visible(
        Article.objects.select_related("regulation", "regulation__owner"), user, "regulation__"
    )


def visible_cases(user) -> QuerySet[Case]:
    return _visible(Case.objects.select_related("owner"), user)


def visible_wordings(user) -> QuerySet[Wording]:
    return _visible(Wording.objects.select_related("owner"), user)


def visible_model_reports(user) -> QuerySet[ModelReport]:
    return _visible(ModelReport.objects.select_related("owner"), user)


def get_regulation_for_user(user, pk: int) -> Regulation:
    """The regulation, or 404 alike for 'does not exist' and 'not yours'."""
    return get_object_or_404(visible_regulations(user), pk=pk)


def get_article_for_user(user, pk: int) -> Article:
    return get_object_or_404(visible_articles(user), pk=pk)


def get_case_for_user(user, pk: int) -> Case:
    return get_object_or_404(visible_cases(user), pk=pk)


def get_wording_for_user(user, pk: int) -> Wording:
    return get_object_or_404(visible_wordings(user), pk=pk)


def get_model_report_for_user(user, pk: int) -> ModelReport:
    return get_object_or_404(visible_model_reports(user), pk=pk)


# --- Writing -----------------------------------------------------------------------------------


def edit_role(user, owner: Unit) -> str | None:
    """The role giving the user knowledge.edit over `owner`, if any."""
    if not signed_in(user):
        return None
    return role_for(user, C.KNOWLEDGE_EDIT, owner.path)


def may_edit(user, owner: Unit) -> bool:
    return edit_role(user, owner) is not None


def authorize_knowledge(actor, owner: Unit) -> str:
    """For services that change an entry kept by `owner`: knowledge.edit over it; actor None is
    the command line. Returns the acting role for the audit trail."""
    if actor is None:
        return ""
    role = edit_role(actor, owner)
    if role is None:
        raise PermissionDenied
    return role


def owner_choices(user) -> QuerySet[Unit]:
    """The units a new entry may be kept by: where the user holds knowledge.edit, limited to the
    units with an inspection office (plus the units the grants are held at, which are offices in
    practice), so that a department never ends up curating the office's library."""
    held = [g for g in grants(user) if C.KNOWLEDGE_EDIT in capabilities_of(g.role)]
    if not held:
        return Unit.objects.none()
    reach = Q(pk__in=[g.unit_id for g in held])
    offices = None
    for g in held:
        part = subtree_q(g.path) if g.include_descendants else Q(path=g.path)
        offices = part if offices is None else offices | part
    return Unit.objects.filter(is_active=True).filter(reach | (offices & Q(has_office=True)))


def may_edit_any(user) -> bool:
    """Whether the user keeps any part of the library (to show the 'new entry' buttons)."""
    return signed_in(user) and any(
        C.KNOWLEDGE_EDIT in capabilities_of(g.role) for g in grants(user)
    )
