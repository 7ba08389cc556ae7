"""What each kind of entry is searched by: `search_text` is `core.text.normalize` of these
fields, joined by spaces (so a search term, which has no spaces, never spans two fields). The
services refresh it on every write; an article also carries its regulation's title, so that
"巡视工作条例 线索" finds the articles on leads of that regulation."""

from xuncha.core.text import normalize
from xuncha.knowledge.models import Article, Case, ModelReport, Regulation, Wording


def _join(*parts: str) -> str:
    return normalize(" ".join(p for p in parts if p))


def regulation_text(regulation: Regulation) -> str:
    return _join(
        regulation.title, regulation.issuer, regulation.document_number, regulation.summary
    )


def article_text(article: Article, regulation_title: str | None = None) -> str:
    title = regulation_title if regulation_title is not None else article.regulation.title
    return _join(title, article.number, article.text)


def case_text(case: Case) -> str:
    return _join(case.title, case.focus, case.summary, case.handling, case.lesson)


def wording_text(wording: Wording) -> str:
    return _join(wording.focus, wording.text, wording.basis, wording.keywords)


def model_report_text(report: ModelReport) -> str:
    return _join(report.title, report.note, report.text)


INDEXERS = {
    Regulation: regulation_text,
    Article: article_text,
    Case: case_text,
    Wording: wording_text,
    ModelReport: model_report_text,
}


def index(obj) -> None:
    """Refresh `obj.search_text` from its fields (before saving)."""
    obj.search_text = INDEXERS[type(obj)](obj)
