"""The partials the finding form loads with htmx (a contract with the findings pages):

- `wording_suggest` (GET `title`, `focus_area`): up to eight standard phrasings, each with a
  `.wording-use` button that static `knowledge/wording.js` turns into text in the form;
- `article_search` (GET `q`): up to twenty articles as checkboxes named `regulations` (or
  `articles`, for the case form, with `field=articles`).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from xuncha.knowledge.access import require_view
from xuncha.knowledge.search import excerpt
from xuncha.knowledge.suggest import search_articles, suggest_wordings

FIELDS = ("regulations", "articles")


@login_required
@require_GET
def wording_suggest(request: HttpRequest) -> HttpResponse:
    require_view(request.user)
    title = request.GET.get("title", "")[:300]
    found = suggest_wordings(request.user, title, request.GET.get("focus_area"))
    return render(
        request,
        "knowledge/_wording_suggestions.html",
        {
            "wordings": found,
            "title": title,
        },
    )


@login_required
@require_GET
def article_search(request: HttpRequest) -> HttpResponse:
    require_view(request.user)
    field = request.GET.get("field", "regulations")
    field = field if field in FIELDS else "regulations"
    terms, found = search_articles(request.user, request.GET.get("q", "")[:200])
    rows = [(article, excerpt(article.text, terms, 60)) for article in found]
    return render(
        request,
        "knowledge/_article_choices.html",
        {
            "rows": rows,
            "field": field,
            "searched": bool(terms),
        },
    )
