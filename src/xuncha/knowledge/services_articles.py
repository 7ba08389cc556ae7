"""Writes of a regulation's articles: add, change, remove, reorder, and import from the pasted
full text. The regulation row is locked for every change of its articles, so numbering and order
stay consistent when two clerks work on the same regulation. An article cited by a finding is
never removed: the working paper's basis must keep pointing at it."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.knowledge.access import authorize_knowledge
from xuncha.knowledge.articles import split_articles
from xuncha.knowledge.indexing import index
from xuncha.knowledge.models import Article, Regulation
from xuncha.knowledge.services import account


def _locked(regulation: Regulation) -> Regulation:
    return (
        Regulation.objects.select_for_update(of=("self",))
        .select_related("owner")
        .get(pk=regulation.pk)
    )


def _number(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").replace(" ", "").strip()


def _touch(regulation: Regulation, actor) -> None:
    Regulation.objects.filter(pk=regulation.pk).update(updated_by=account(actor))


def _check_number_free(regulation: Regulation, number: str, exclude: int | None = None) -> None:
    taken = Article.objects.filter(regulation=regulation, number=number)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError(
            {"number": _("This regulation has an article %(number)s already.") % {"number": number}}
        )


def _save(article: Article) -> None:
    index(article)
    article.full_clean(exclude=["search_text", "regulation"])
    article.save()


def add_article(regulation: Regulation, *, actor, number: str, text: str) -> Article:
    """Append an article at the end of the regulation."""
    with transaction.atomic():
        regulation = _locked(regulation)
        role = authorize_knowledge(actor, regulation.owner)
        number, text = _number(number), (text or "").strip()
        _check_number_free(regulation, number)
        last = Article.objects.filter(regulation=regulation).aggregate(m=Max("order"))["m"]
        article = Article(regulation=regulation, number=number, text=text, order=(last or 0) + 1)
        _save(article)
        _touch(regulation, actor)
        record(
            EventType.KNOWLEDGE_CHANGED,
            actor=actor,
            role=role,
            unit=regulation.owner,
            obj=article,
            changes={
                "regulation": [None, regulation.pk],
                "number": [None, number],
                "text": [None, text],
            },
        )
    return article


def update_article(
    article: Article, *, actor, number: str | None = None, text: str | None = None
) -> Article:
    with transaction.atomic():
        regulation = _locked(article.regulation)
        role = authorize_knowledge(actor, regulation.owner)
        article = Article.objects.get(pk=article.pk, regulation=regulation)
        article.regulation = regulation
        before = snapshot(article, ("number", "text"))
        if number is not None:
            article.number = _number(number)
            _check_number_free(regulation, article.number, exclude=article.pk)
        if text is not None:
            article.text = text.strip()
        changes = diff(before, snapshot(article, ("number", "text")))
        if not changes:
            return article
        _save(article)
        _touch(regulation, actor)
        record(
            EventType.KNOWLEDGE_CHANGED,
            actor=actor,
            role=role,
            unit=regulation.owner,
            obj=article,
            changes=changes,
        )
    return article


def _refuse_if_cited(articles) -> None:
    cited = [a.number for a in articles if a.findings.exists()]
    if cited:
        raise ValidationError(
            _(
                "Findings cite %(numbers)s: an article cited as the basis of a working paper "
                "cannot be removed."
            )
            % {"numbers": "、".join(cited)}
        )


def remove_article(article: Article, *, actor, reason: str = "") -> None:
    """Remove an article that no finding cites."""
    with transaction.atomic():
        regulation = _locked(article.regulation)
        role = authorize_knowledge(actor, regulation.owner)
        article = Article.objects.get(pk=article.pk, regulation=regulation)
        _refuse_if_cited([article])
        before = snapshot(article, ("regulation", "number", "text"))
        record(
            EventType.KNOWLEDGE_CHANGED,
            actor=actor,
            role=role,
            unit=regulation.owner,
            obj=article,
            changes={k: [v, None] for k, v in before.items()},
            reason=(reason or "").strip(),
        )
        article.delete()
        _touch(regulation, actor)


def reorder_articles(regulation: Regulation, ids: list[int], *, actor) -> list[Article]:
    """Put the articles in the order of `ids`, which must name each article exactly once."""
    with transaction.atomic():
        regulation = _locked(regulation)
        role = authorize_knowledge(actor, regulation.owner)
        articles = {a.pk: a for a in Article.objects.filter(regulation=regulation)}
        if sorted(ids) != sorted(articles):
            raise ValidationError(_("Name every article of the regulation exactly once."))
        before = [a.pk for a in sorted(articles.values(), key=lambda a: (a.order, a.pk))]
        if before == list(ids):
            return [articles[pk] for pk in ids]
        for position, pk in enumerate(ids, start=1):
            if articles[pk].order != position:
                Article.objects.filter(pk=pk).update(order=position)
                articles[pk].order = position
        _touch(regulation, actor)
        record(
            EventType.KNOWLEDGE_CHANGED,
            actor=actor,
            role=role,
            unit=regulation.owner,
            obj=regulation,
            changes={"article_order": [before, list(ids)]},
        )
    return [articles[pk] for pk in ids]


def move_article(article: Article, *, actor, up: bool) -> None:
    """Swap an article with its neighbour (the up/down buttons of the regulation page)."""
    ids = list(
        Article.objects.filter(regulation_id=article.regulation_id)
        .order_by("order", "id")
        .values_list("pk", flat=True)
    )
    i = ids.index(article.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
        reorder_articles(article.regulation, ids, actor=actor)


def import_articles(
    regulation: Regulation, text: str, *, actor, replace: bool = False
) -> dict[str, int]:
    """Split the pasted full text on its 第…条 headings and store the articles.

    Appending refuses numbers the regulation has already. Replacing keeps the articles whose
    number appears again (their text is updated, so findings citing them still point at them),
    adds the new ones, removes those missing from the text unless a finding cites them, and puts
    everything in the order of the text."""
    with transaction.atomic():
        regulation = _locked(regulation)
        role = authorize_knowledge(actor, regulation.owner)
        parsed = [(_number(n), body) for n, body in split_articles(text)]
        if not parsed:
            raise ValidationError(
                {
                    "text": _(
                        "No article headings (第…条 at the start of a line) were found in the text."
                    )
                }
            )
        numbers = [n for n, _body in parsed]
        doubled = sorted({n for n in numbers if numbers.count(n) > 1}, key=numbers.index)
        if doubled:
            raise ValidationError(
                {
                    "text": _("The text has %(numbers)s more than once.")
                    % {"numbers": "、".join(doubled)}
                }
            )
        existing = {a.number: a for a in Article.objects.filter(regulation=regulation)}
        counts = {"created": 0, "updated": 0, "removed": 0}
        if not replace:
            clash = [n for n in numbers if n in existing]
            if clash:
                raise ValidationError(
                    {
                        "text": _(
                            "The regulation has %(numbers)s already: replace the articles "
                            "instead of appending."
                        )
                        % {"numbers": "、".join(clash)}
                    }
                )
            start = max((a.order for a in existing.values()), default=0)
        else:
            gone = [a for n, a in existing.items() if n not in numbers]
            _refuse_if_cited(gone)
            for article in gone:
                article.delete()
            counts["removed"] = len(gone)
            start = 0
        for position, (number, body) in enumerate(parsed, start=start + 1):
            article = existing.get(number) if replace else None
            if article is None:
                article = Article(regulation=regulation, number=number)
                counts["created"] += 1
            elif article.text != body or article.order != position:
                counts["updated"] += article.text != body
            else:
                continue
            article.regulation, article.text, article.order = regulation, body, position
            _save(article)
        _touch(regulation, actor)
        record(
            EventType.KNOWLEDGE_CHANGED,
            actor=actor,
            role=role,
            unit=regulation.owner,
            obj=regulation,
            changes={
                "articles": [len(existing), len(existing) - counts["removed"] + counts["created"]],
                "imported": [None, counts],
            },
            reason=_("Articles imported from the full text."),
        )
    return counts
