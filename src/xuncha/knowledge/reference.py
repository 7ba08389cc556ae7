"""Loading the reference library into an office: the regulations inspection work cites, the
standard wording of common problems, teaching cases and model reports.

`load_reference` is idempotent: an entry the office has already (a regulation or case or model
report of the same title, an article of the same number, a phrasing of the same text) is left as
it is, so running it again never undoes the office's own edits. Everything goes through the
services, so each entry is audited like one typed in by hand.
"""

from django.db import transaction

from xuncha.knowledge import services
from xuncha.knowledge import services_articles as article_services
from xuncha.knowledge.models import Article, Case, ModelReport, Regulation, Wording
from xuncha.knowledge.reference_examples import CASES, MODEL_REPORTS, WORDINGS
from xuncha.knowledge.reference_regulations import REGULATIONS
from xuncha.orgs.models import Unit


def _regulations(owner: Unit, actor, counts: dict) -> dict[str, Regulation]:
    found = {}
    for spec in REGULATIONS:
        spec = dict(spec)
        articles = spec.pop("articles")
        regulation = Regulation.objects.filter(owner=owner, title=spec["title"]).first()
        if regulation is None:
            regulation = services.create_regulation(actor=actor, owner=owner, **spec)
            counts["regulations"] += 1
        numbers = set(
            Article.objects.filter(regulation=regulation).values_list("number", flat=True)
        )
        for number, text in articles:
            if number not in numbers:
                article_services.add_article(regulation, actor=actor, number=number, text=text)
                counts["articles"] += 1
        found[regulation.title] = regulation
    return found


def load_reference(owner: Unit, *, actor=None) -> dict[str, int]:
    """Load the reference library into `owner`'s knowledge base (knowledge.edit over it, or the
    command line). Returns how many entries of each kind were created."""
    counts = {"regulations": 0, "articles": 0, "wordings": 0, "cases": 0, "model_reports": 0}
    with transaction.atomic():
        regulations = _regulations(owner, actor, counts)
        have = set(Wording.objects.filter(owner=owner).values_list("text", flat=True))
        for spec in WORDINGS:
            if spec["text"] not in have:
                services.create_wording(actor=actor, owner=owner, **spec)
                counts["wordings"] += 1
        for spec in CASES:
            spec = dict(spec)
            cited = spec.pop("articles")
            if Case.objects.filter(owner=owner, title=spec["title"]).exists():
                continue
            articles = [
                a
                for title, number in cited
                for a in Article.objects.filter(regulation=regulations[title], number=number)
            ]
            services.create_case(actor=actor, owner=owner, articles=articles, **spec)
            counts["cases"] += 1
        for spec in MODEL_REPORTS:
            if not ModelReport.objects.filter(owner=owner, title=spec["title"]).exists():
                services.create_model_report(actor=actor, owner=owner, **spec)
                counts["model_reports"] += 1
    return counts
