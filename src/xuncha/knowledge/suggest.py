"""What the finding form asks of the knowledge base while a working paper is written: standard
wording that fits what the drafter typed, and articles to cite as the basis."""

from django.db.models import Q

from xuncha.core.text import normalize, search_terms, tokens
from xuncha.knowledge.access import scope_q, visible_articles, visible_wordings
from xuncha.knowledge.models import Article, Wording
from xuncha.knowledge.search import matches
from xuncha.plans.models import FocusArea

SUGGESTIONS = 8
ARTICLE_RESULTS = 20
CANDIDATES = 300
# Words in nearly every phrasing of a problem: they say nothing about which one fits.
_COMMON = frozenset(
    {
        "问题",
        "存在",
        "情况",
        "工作",
        "方面",
        "有关",
        "相关",
        "进行",
        "一些",
        "部分",
        "个别",
        "落实",
        "没有",
        "不够",
        "较为",
        "比较",
        "现象",
    }
)


def words(text: str) -> set[str]:
    """The telling words of a text: segmented, two characters or more, common words left out."""
    return {t for t in tokens(text) if len(t) >= 2 and t not in _COMMON}


def focus_text(user, focus_area) -> str:
    """The text of the focus area the drafter chose, if it is one the user's knowledge scope
    reaches (an empty or unknown id is ignored)."""
    try:
        pk = int(focus_area)
    except (TypeError, ValueError):
        return ""
    q = scope_q(user, "jurisdiction__path")
    if q is None:
        return ""
    found = FocusArea.objects.filter(q, pk=pk).values_list("text", flat=True).first()
    return found or ""


def suggest_wordings(user, title: str = "", focus_area=None) -> list[Wording]:
    """Up to eight active wordings the user reads, ranked: the chosen focus area's own first,
    then by the words they share with the title, then by how often they were used. With neither
    a title nor a focus area: the most used."""
    base = visible_wordings(user).filter(is_active=True)
    focus = normalize(focus_text(user, focus_area))
    wanted = words(title or "")
    if not wanted and not focus:
        return list(base.order_by("-times_used", "focus", "pk")[:SUGGESTIONS])
    cond = Q()
    if focus:
        cond |= Q(search_text__contains=focus)
    for word in sorted(wanted, key=len, reverse=True)[:12]:
        cond |= Q(search_text__contains=word)
    candidates = base.filter(cond).order_by("-times_used", "pk")[:CANDIDATES]

    def rank(wording: Wording):
        same_focus = bool(focus) and normalize(wording.focus) == focus
        overlap = len(wanted & words(f"{wording.text} {wording.keywords}"))
        return (not same_focus, -overlap, -wording.times_used, wording.pk)

    ranked = []
    for wording in candidates:
        key = rank(wording)
        if not key[0] or key[1] < 0:  # the same focus, or at least one shared word
            ranked.append((key, wording))
    ranked.sort(key=lambda pair: pair[0])
    return [wording for _key, wording in ranked[:SUGGESTIONS]]


def search_articles(
    user, query: str, limit: int = ARTICLE_RESULTS
) -> tuple[list[str], list[Article]]:
    """Articles the user reads whose regulation title, number or text hold every term."""
    terms = search_terms(query)
    if not terms:
        return terms, []
    qs = matches(visible_articles(user), terms).order_by("regulation__title", "order", "pk")
    return terms, list(qs[:limit])
