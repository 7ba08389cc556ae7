"""Reads of the knowledge base that need more than the choke point's filter."""

from django.db.models import Count, QuerySet

from xuncha.fieldwork.access import fieldwork_q
from xuncha.findings.models import Finding
from xuncha.knowledge.access import (
    visible_articles,
    visible_cases,
    visible_model_reports,
    visible_regulations,
    visible_wordings,
)
from xuncha.knowledge.search import matches

CITING_LIMIT = 100


def citing_findings(user, *, article=None, regulation=None) -> tuple[list, int]:
    """The findings citing an article (or any article of a regulation) that the user may see as
    stationing material, newest first, and how many there are. Findings of inspections out of
    the user's reach are neither listed nor counted."""
    q = fieldwork_q(user, "inspection__")
    if q is None:
        return [], 0
    qs = Finding.objects.filter(q)
    if article is not None:
        qs = qs.filter(regulations=article)
    else:
        qs = qs.filter(regulations__regulation=regulation)
    ids = qs.values("pk").distinct()
    found = (
        Finding.objects.filter(pk__in=ids)
        .select_related("inspection", "inspection__target", "inspection__round")
        .order_by("-created_at", "-pk")
    )
    return list(found[:CITING_LIMIT]), found.count()


def regulation_list(user, terms: list[str], level: str = "") -> QuerySet:
    qs = matches(visible_regulations(user), terms)
    if level:
        qs = qs.filter(level=level)
    return qs.annotate(article_count=Count("articles")).order_by("title", "pk")


def articles_of(user, regulation) -> QuerySet:
    return visible_articles(user).filter(regulation=regulation).order_by("order", "pk")


def case_list(user, terms: list[str], focus: str = "", discipline: str = "") -> QuerySet:
    qs = matches(visible_cases(user), terms)
    if focus:
        qs = qs.filter(focus=focus)
    if discipline:
        qs = qs.filter(discipline=discipline)
    return qs.order_by("-occurred_on", "title", "pk")


def wording_list(user, terms: list[str], focus: str = "", active: str = "1") -> QuerySet:
    qs = matches(visible_wordings(user), terms)
    if focus:
        qs = qs.filter(focus=focus)
    if active == "1":
        qs = qs.filter(is_active=True)
    elif active == "0":
        qs = qs.filter(is_active=False)
    return qs.order_by("focus", "-times_used", "pk")


def model_report_list(user, terms: list[str], kind: str = "") -> QuerySet:
    qs = matches(visible_model_reports(user), terms)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "title", "pk")


def wording_focuses(user) -> list[str]:
    return sorted(set(visible_wordings(user).values_list("focus", flat=True)))
