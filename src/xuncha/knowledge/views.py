"""Pages of the knowledge base: the search page, regulations and their articles (cases, wording
and model reports: views_entries; the finding form's helpers: views_htmx). Reads go through the
choke point (`knowledge.access`), writes through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.core.text import search_terms
from xuncha.knowledge import search as searching
from xuncha.knowledge import selectors, services
from xuncha.knowledge import services_articles as article_services
from xuncha.knowledge.access import (
    get_article_for_user,
    get_regulation_for_user,
    may_edit,
    may_edit_any,
    require_view,
    visible_cases,
)
from xuncha.knowledge.forms import ArticleForm, ImportForm, ReasonForm, RegulationForm, SearchForm
from xuncha.knowledge.models import Regulation

PAGE_SIZE = 30
SEARCH_PAGE_SIZE = 20


def require_editor(user, owner=None) -> None:
    """knowledge.edit over `owner`, or anywhere for a new entry."""
    allowed = may_edit(user, owner) if owner is not None else may_edit_any(user)
    if not allowed:
        raise PermissionDenied


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """One search over regulations, articles, cases, wording and model reports, grouped by kind;
    one kind at a time is paginated."""
    user = request.user
    require_view(user)
    form = SearchForm(
        request.GET or None,
        kinds=[(k.key, k.label) for k in searching.KINDS],
        focus_values=searching.focus_values(user),
    )
    data = form.cleaned_data if form.is_valid() else {}
    q, kind = data.get("q", ""), data.get("kind", "")
    focus, discipline = data.get("focus", ""), data.get("discipline", "")
    context = {"form": form, "q": q, "kind": kind, "editable": may_edit_any(user)}
    if kind:
        found = searching.BY_KEY[kind]
        terms = search_terms(q)
        qs = found.queryset(
            user, terms, focus if found.filtered else "", discipline if found.filtered else ""
        )
        page = Paginator(qs, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(page=page, group=found, hits=searching.hits(kind, page.object_list, terms))
    else:
        terms, groups = searching.search(user, q, focus=focus, discipline=discipline)
        context.update(groups=groups)
    context["terms"] = terms
    return render(request, "knowledge/index.html", context)


# --- Regulations ---------------------------------------------------------------------------------


@login_required
@require_GET
def regulations(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_view(user)
    q = request.GET.get("q", "")[:200]
    level = request.GET.get("level", "")
    level = level if level in Regulation.Level.values else ""
    qs = selectors.regulation_list(user, search_terms(q), level)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/regulations.html",
        {
            "page": page,
            "q": q,
            "level": level,
            "levels": Regulation.Level.choices,
            "editable": may_edit_any(user),
        },
    )


@login_required
@require_GET
def regulation(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_regulation_for_user(request.user, pk)
    findings, finding_count = selectors.citing_findings(request.user, regulation=found)
    return render(
        request,
        "knowledge/regulation.html",
        {
            "regulation": found,
            "articles": selectors.articles_of(request.user, found),
            "findings": findings,
            "finding_count": finding_count,
            "editable": may_edit(request.user, found.owner),
        },
    )


def _regulation_form(request, form, found=None) -> HttpResponse:
    return render(request, "knowledge/regulation_form.html", {"form": form, "regulation": found})


@login_required
@require_http_methods(["GET", "POST"])
def regulation_create(request: HttpRequest) -> HttpResponse:
    require_editor(request.user)
    form = RegulationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            found = services.create_regulation(
                actor=request.user, owner=form.cleaned_data["owner"], **form.values()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Regulation added. Add its articles or paste its full text.")
            )
            return redirect("knowledge:regulation", pk=found.pk)
    return _regulation_form(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def regulation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_regulation_for_user(request.user, pk)
    require_editor(request.user, found.owner)
    form = RegulationForm(request.POST or None, instance=found, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_regulation(
                found, actor=request.user, owner=form.cleaned_data["owner"], **form.values()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Regulation saved."))
            return redirect("knowledge:regulation", pk=found.pk)
    return _regulation_form(request, form, found)


@login_required
@require_http_methods(["GET", "POST"])
def regulation_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Paste the full text; it is split into articles on the 第…条 headings."""
    found = get_regulation_for_user(request.user, pk)
    require_editor(request.user, found.owner)
    form = ImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            counts = article_services.import_articles(
                found,
                form.cleaned_data["text"],
                actor=request.user,
                replace=form.cleaned_data["replace"],
            )
        except ValidationError as exc:
            apply_errors(form, exc, "text")
        else:
            messages.success(
                request,
                _("Articles imported: %(created)d added, %(updated)d changed, %(removed)d removed.")
                % counts,
            )
            return redirect("knowledge:regulation", pk=found.pk)
    return render(
        request,
        "knowledge/regulation_import.html",
        {
            "regulation": found,
            "form": form,
        },
    )


# --- Articles ------------------------------------------------------------------------------------


@login_required
@require_GET
def article(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_article_for_user(request.user, pk)
    findings, finding_count = selectors.citing_findings(request.user, article=found)
    return render(
        request,
        "knowledge/article.html",
        {
            "article": found,
            "regulation": found.regulation,
            "findings": findings,
            "finding_count": finding_count,
            "cases": visible_cases(request.user).filter(articles=found).order_by("-occurred_on"),
            "editable": may_edit(request.user, found.regulation.owner),
        },
    )


def _article_form(request, regulation, form, found=None) -> HttpResponse:
    return render(
        request,
        "knowledge/article_form.html",
        {
            "regulation": regulation,
            "article": found,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest, pk: int) -> HttpResponse:
    regulation = get_regulation_for_user(request.user, pk)
    require_editor(request.user, regulation.owner)
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article_services.add_article(regulation, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Article added."))
            return redirect("knowledge:regulation", pk=regulation.pk)
    return _article_form(request, regulation, form)


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_article_for_user(request.user, pk)
    require_editor(request.user, found.regulation.owner)
    form = ArticleForm(request.POST or None, initial={"number": found.number, "text": found.text})
    if request.method == "POST" and form.is_valid():
        try:
            article_services.update_article(found, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Article saved."))
            return redirect("knowledge:article", pk=found.pk)
    return _article_form(request, found.regulation, form, found)


@login_required
@require_http_methods(["GET", "POST"])
def article_remove(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_article_for_user(request.user, pk)
    require_editor(request.user, found.regulation.owner)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article_services.remove_article(
                found, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc, "reason")
        else:
            messages.success(request, _("Article removed."))
            return redirect("knowledge:regulation", pk=found.regulation_id)
    return render(
        request,
        "knowledge/article_remove.html",
        {
            "article": found,
            "regulation": found.regulation,
            "form": form,
        },
    )


@login_required
@require_POST
def article_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an article up or down in its regulation."""
    found = get_article_for_user(request.user, pk)
    require_editor(request.user, found.regulation.owner)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Say whether the article moves up or down."))
    else:
        try:
            article_services.move_article(found, actor=request.user, up=direction == "up")
        except ValidationError as exc:
            flash_errors(request, exc)
    url = reverse("knowledge:regulation", args=[found.regulation_id])
    return redirect(f"{url}#article-{found.pk}")
