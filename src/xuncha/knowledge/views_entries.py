"""Pages of typical cases, standard wording (巡言巡语) and model reports (范文)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.core.text import search_terms
from xuncha.findings.models import Discipline, WorkStyle
from xuncha.knowledge import selectors, services
from xuncha.knowledge.access import (
    get_case_for_user,
    get_model_report_for_user,
    get_wording_for_user,
    may_edit,
    may_edit_any,
    require_view,
    visible_articles,
)
from xuncha.knowledge.forms import CaseForm, ModelReportForm, ReasonForm, WordingForm
from xuncha.knowledge.search import focus_values
from xuncha.knowledge.views import PAGE_SIZE, require_editor
from xuncha.reports.models import ReportKind

# --- Typical cases -------------------------------------------------------------------------------


def _discipline_choices():
    return Discipline.choices


@login_required
@require_GET
def cases(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_view(user)
    q = request.GET.get("q", "")[:200]
    focus = request.GET.get("focus", "")[:200]
    discipline = request.GET.get("discipline", "")
    qs = selectors.case_list(user, search_terms(q), focus, discipline)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/cases.html",
        {
            "page": page,
            "q": q,
            "focus": focus,
            "discipline": discipline,
            "focuses": focus_values(user),
            "disciplines": _discipline_choices(),
            "editable": may_edit_any(user),
        },
    )


@login_required
@require_GET
def case(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_case_for_user(request.user, pk)
    return render(
        request,
        "knowledge/case.html",
        {
            "case": found,
            "articles": visible_articles(request.user)
            .filter(cases=found)
            .order_by("regulation__title", "order"),
            "discipline": dict(_discipline_choices()).get(found.discipline, ""),
            "editable": may_edit(request.user, found.owner),
        },
    )


def _chosen_articles(request) -> list:
    ids = [int(v) for v in request.POST.getlist("articles") if v.isdigit()]
    return list(visible_articles(request.user).filter(pk__in=ids))


def _case_form(request, form, found=None, chosen=None) -> HttpResponse:
    if chosen is None:
        chosen = (
            list(visible_articles(request.user).filter(cases=found)) if found is not None else []
        )
    return render(
        request,
        "knowledge/case_form.html",
        {
            "form": form,
            "case": found,
            "chosen": chosen,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    require_editor(request.user)
    form = CaseForm(request.POST or None, user=request.user)
    chosen = _chosen_articles(request) if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        try:
            found = services.create_case(
                actor=request.user,
                owner=form.cleaned_data["owner"],
                articles=chosen,
                **form.values(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Typical case added."))
            return redirect("knowledge:case", pk=found.pk)
    return _case_form(request, form, chosen=chosen)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_case_for_user(request.user, pk)
    require_editor(request.user, found.owner)
    form = CaseForm(request.POST or None, instance=found, user=request.user)
    chosen = _chosen_articles(request) if request.method == "POST" else None
    if request.method == "POST" and form.is_valid():
        # Articles the editor cannot see stay linked: they were chosen by someone who could.
        hidden = list(found.articles.exclude(pk__in=visible_articles(request.user)))
        try:
            services.update_case(
                found,
                actor=request.user,
                owner=form.cleaned_data["owner"],
                articles=[*chosen, *hidden],
                **form.values(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Typical case saved."))
            return redirect("knowledge:case", pk=found.pk)
    return _case_form(request, form, found, chosen)


# --- Standard wording ----------------------------------------------------------------------------


@login_required
@require_GET
def wordings(request: HttpRequest) -> HttpResponse:
    """The phrasings by focus area, most used first."""
    user = request.user
    require_view(user)
    q = request.GET.get("q", "")[:200]
    focus = request.GET.get("focus", "")[:200]
    active = request.GET.get("active", "1")
    active = active if active in ("1", "0", "all") else "1"
    qs = selectors.wording_list(user, search_terms(q), focus, active)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/wordings.html",
        {
            "page": page,
            "q": q,
            "focus": focus,
            "active": active,
            "focuses": selectors.wording_focuses(user),
            "editable": may_edit_any(user),
        },
    )


@login_required
@require_GET
def wording(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_wording_for_user(request.user, pk)
    return render(
        request,
        "knowledge/wording.html",
        {
            "wording": found,
            "discipline": dict(Discipline.choices).get(found.discipline, ""),
            "work_style": dict(WorkStyle.choices).get(found.work_style, ""),
            "editable": may_edit(request.user, found.owner),
            "reason_form": ReasonForm(),
        },
    )


def _wording_form(request, form, found=None) -> HttpResponse:
    return render(request, "knowledge/wording_form.html", {"form": form, "wording": found})


@login_required
@require_http_methods(["GET", "POST"])
def wording_create(request: HttpRequest) -> HttpResponse:
    require_editor(request.user)
    focus = request.GET.get("focus", "")[:200]
    form = WordingForm(
        request.POST or None, user=request.user, initial={"focus": focus} if focus else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            found = services.create_wording(
                actor=request.user, owner=form.cleaned_data["owner"], **form.values()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Standard wording added."))
            return redirect("knowledge:wording", pk=found.pk)
    return _wording_form(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def wording_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_wording_for_user(request.user, pk)
    require_editor(request.user, found.owner)
    form = WordingForm(request.POST or None, instance=found, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_wording(
                found, actor=request.user, owner=form.cleaned_data["owner"], **form.values()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Standard wording saved."))
            return redirect("knowledge:wording", pk=found.pk)
    return _wording_form(request, form, found)


def _set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    found = get_wording_for_user(request.user, pk)
    require_editor(request.user, found.owner)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.set_wording_active(
                found, actor=request.user, active=active, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request,
                _("The phrasing is offered again.")
                if active
                else _("The phrasing is no longer offered."),
            )
    else:
        flash_errors(request, form)
    return redirect("knowledge:wording", pk=found.pk)


@login_required
@require_POST
def wording_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, False)


@login_required
@require_POST
def wording_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, True)


# --- Model reports -------------------------------------------------------------------------------


@login_required
@require_GET
def model_reports(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_view(user)
    q = request.GET.get("q", "")[:200]
    kind = request.GET.get("kind", "")
    kind = kind if kind in ReportKind.values else ""
    qs = selectors.model_report_list(user, search_terms(q), kind)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/model_reports.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": ReportKind.choices,
            "kind_labels": dict(ReportKind.choices),
            "editable": may_edit_any(user),
        },
    )


@login_required
@require_GET
def model_report(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_model_report_for_user(request.user, pk)
    return render(
        request,
        "knowledge/model_report.html",
        {
            "report": found,
            "kind_label": dict(ReportKind.choices).get(found.kind, found.kind),
            "editable": may_edit(request.user, found.owner),
        },
    )


def _model_report_form(request, form, found=None) -> HttpResponse:
    return render(request, "knowledge/model_report_form.html", {"form": form, "report": found})


@login_required
@require_http_methods(["GET", "POST"])
def model_report_create(request: HttpRequest) -> HttpResponse:
    require_editor(request.user)
    form = ModelReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            found = services.create_model_report(
                actor=request.user, owner=form.cleaned_data["owner"], **form.values()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Model report added."))
            return redirect("knowledge:model_report", pk=found.pk)
    return _model_report_form(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def model_report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_model_report_for_user(request.user, pk)
    require_editor(request.user, found.owner)
    form = ModelReportForm(request.POST or None, instance=found, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_model_report(
                found, actor=request.user, owner=form.cleaned_data["owner"], **form.values()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Model report saved."))
            return redirect("knowledge:model_report", pk=found.pk)
    return _model_report_form(request, form, found)
