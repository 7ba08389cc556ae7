"""One search over the knowledge base: regulations and their articles, typical cases, standard
wording and model reports.

The query is normalized like the entries (`core.text.search_terms`: full-width forms, traditional
characters and case folded) and every term must occur in an entry's `search_text`. Results come
grouped by kind; each shows the passage around the first match with every term highlighted. The
highlight works on the original text: `fold` maps each character of the folded text back to its
position in the original, so a traditional-character query marks the simplified words it found.
"""

import unicodedata
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from xuncha.core.text import search_terms, simplified
from xuncha.knowledge.access import (
    visible_articles,
    visible_cases,
    visible_model_reports,
    visible_regulations,
    visible_wordings,
)
from xuncha.reports.models import ReportKind

EXCERPT = 120  # characters of an excerpt
BEFORE = 30  # of which before the first match


def fold(text: str) -> tuple[str, list[int]]:
    """`text` folded as `core.text.normalize` folds it (NFKC, simplified, lower case) but
    without collapsing spaces, and for each folded character the index of the original one."""
    chars, origin = [], []
    for i, ch in enumerate(text or ""):
        for part in unicodedata.normalize("NFKC", ch):
            chars.append(part)
            origin.append(i)
    joined = "".join(chars)
    converted = simplified(joined)
    if len(converted) != len(joined):  # a phrase conversion changed the length: go by character
        converted = "".join(simplified(c) if len(simplified(c)) == 1 else c for c in joined)
    lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in converted)
    return lowered, origin


def _spans(folded: str, origin: list[int], terms: list[str]) -> list[tuple[int, int]]:
    """The (start, end) positions in the original text of every occurrence of every term."""
    spans = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(term, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _marked(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None):
    end = len(text) if end is None else end
    out, pos = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, terms: list[str]) -> SafeString:
    """The whole text, escaped, with every term marked."""
    folded, origin = fold(text)
    return mark_safe(_marked(text, _spans(folded, origin, terms)))  # noqa: S308 (escaped)


def excerpt(text: str, terms: list[str], width: int = EXCERPT) -> SafeString:
    """The passage around the first match (or the beginning), escaped, terms marked."""
    text = " ".join((text or "").split())
    folded, origin = fold(text)
    spans = _spans(folded, origin, terms)
    begin = max(0, spans[0][0] - BEFORE) if spans else 0
    end = min(len(text), begin + width)
    body = _marked(text, spans, begin, end)
    return mark_safe(  # noqa: S308 (every piece escaped)
        ("…" if begin > 0 else "") + body + ("…" if end < len(text) else "")
    )


def matches(qs: QuerySet, terms: list[str]) -> QuerySet:
    for term in terms:
        qs = qs.filter(search_text__icontains=term)
    return qs


@dataclass
class Kind:
    key: str
    label: str
    # (user) -> queryset of visible entries
    source: object
    ordering: tuple[str, ...]
    # Whether the focus / discipline filters apply (entries of other kinds carry neither).
    filtered: bool = False

    def queryset(self, user, terms: list[str], focus: str = "", discipline: str = ""):
        qs = matches(self.source(user), terms)
        if focus:
            qs = qs.filter(focus=focus)
        if discipline:
            qs = qs.filter(discipline=discipline)
        return qs.order_by(*self.ordering)


KINDS = [
    Kind("regulation", _("Regulations"), visible_regulations, ("title", "pk")),
    Kind("article", _("Articles"), visible_articles, ("regulation__title", "order", "pk")),
    Kind("case", _("Typical cases"), visible_cases, ("-occurred_on", "title", "pk"), True),
    Kind(
        "wording",
        _("Standard wording"),
        lambda u: visible_wordings(u).filter(is_active=True),
        ("focus", "-times_used", "pk"),
        True,
    ),
    Kind("model_report", _("Model reports"), visible_model_reports, ("kind", "title", "pk")),
]
KIND_KEYS = [k.key for k in KINDS]
BY_KEY = {k.key: k for k in KINDS}


@dataclass
class Hit:
    kind: str
    pk: int
    title: SafeString
    excerpt: SafeString
    url: str
    meta: str = ""
    plain_title: str = ""
    plain_excerpt: str = ""


@dataclass
class Group:
    kind: Kind
    count: int
    hits: list[Hit] = field(default_factory=list)


def _hit(kind: str, obj, terms: list[str]) -> Hit:
    if kind == "regulation":
        title, body = obj.title, obj.summary or obj.issuer
        url, meta = reverse("knowledge:regulation", args=[obj.pk]), obj.get_level_display()
    elif kind == "article":
        title, body = f"《{obj.regulation.title}》{obj.number}", obj.text
        url, meta = reverse("knowledge:article", args=[obj.pk]), ""
    elif kind == "case":
        title, body = obj.title, " ".join(p for p in (obj.summary, obj.handling, obj.lesson) if p)
        url, meta = reverse("knowledge:case", args=[obj.pk]), obj.focus
    elif kind == "wording":
        title, body = obj.text, obj.basis
        url, meta = reverse("knowledge:wording", args=[obj.pk]), obj.focus
    else:
        title, body = obj.title, obj.text
        url = reverse("knowledge:model_report", args=[obj.pk])
        meta = dict(ReportKind.choices).get(obj.kind, obj.kind)
    # An excerpt where the terms occur: the body, else the title (which matched).
    folded_body = fold(body)[0]
    source = body if (not terms or any(t in folded_body for t in terms)) else title
    return Hit(
        kind=kind,
        pk=obj.pk,
        title=highlight(title, terms),
        excerpt=excerpt(source, terms),
        url=url,
        meta=str(meta or ""),
        plain_title=title,
        plain_excerpt=" ".join((source or "").split())[:EXCERPT],
    )


def hits(kind: str, objects, terms: list[str]) -> list[Hit]:
    return [_hit(kind, obj, terms) for obj in objects]


def search(
    user, query: str, *, kind: str = "", focus: str = "", discipline: str = "", per_group: int = 5
) -> tuple[list[str], list[Group]]:
    """The query's terms and, for each kind searched, the count and the first `per_group`
    hits. A focus or discipline filter leaves out the kinds that carry neither."""
    terms = search_terms(query)
    kinds = [BY_KEY[kind]] if kind in BY_KEY else KINDS
    if focus or discipline:
        kinds = [k for k in kinds if k.filtered]
    groups = []
    for k in kinds:
        qs = k.queryset(user, terms, focus, discipline)
        groups.append(Group(kind=k, count=qs.count(), hits=hits(k.key, qs[:per_group], terms)))
    return terms, groups


def focus_values(user) -> list[str]:
    """The focus areas named by the wording and cases the user reads, for the filter."""
    values = set(visible_wordings(user).exclude(focus="").values_list("focus", flat=True))
    values |= set(visible_cases(user).exclude(focus="").values_list("focus", flat=True))
    return sorted(values)
