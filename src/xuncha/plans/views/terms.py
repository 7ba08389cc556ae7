"""Terms with their coverage dashboard and plan, and the annual plans drawn from it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuncha.accounts.roles import Capability
from xuncha.core.forms import apply_errors, flash_errors
from xuncha.orgs.models import Unit
from xuncha.orgs.tree import subtree_q
from xuncha.plans import selectors, services
from xuncha.plans.forms import (
    AddEntryForm,
    AnnualPlanCreateForm,
    AnnualPlanForm,
    CommentForm,
    TermForm,
)
from xuncha.plans.models import AnnualPlan, CoveragePlan, PlanStatus
from xuncha.plans.permissions import (
    can,
    get_annual_plan_for_user,
    get_coverage_entry_for_user,
    get_term_for_user,
    planning_jurisdictions,
)
from xuncha.plans.views._common import as_int, back_to, require_somewhere, run

PLAN_PAGE_SIZE = 100
LIST_PAGE_SIZE = 50


def _plan(term) -> CoveragePlan:
    """The term's coverage plan; an unsaved empty draft for a term written without one."""
    return CoveragePlan.objects.filter(term=term).first() or CoveragePlan(term=term)


def _entry_units(term) -> object:
    """Units that may be added to the plan: active, below the jurisdiction."""
    return Unit.objects.filter(subtree_q(term.jurisdiction.path), is_active=True).exclude(
        pk=term.jurisdiction_id
    )


@login_required
def term_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_somewhere(user, Capability.PLAN_EDIT)
    jurisdictions = planning_jurisdictions(user, Capability.PLAN_EDIT)
    initial = {"jurisdiction": as_int(request.GET.get("jurisdiction"))}
    form = TermForm(request.POST or None, jurisdictions=jurisdictions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.create_term(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The term has been created. Generate its coverage plan next.")
            )
            return redirect("plans:term", pk=term.pk)
    return render(
        request,
        "plans/form.html",
        {"form": form, "title": _("New term"), "back": reverse("plans:home")},
    )


@login_required
def term_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    term = get_term_for_user(user, pk)
    if not can(user, Capability.PLAN_EDIT, term.jurisdiction):
        raise PermissionDenied
    form = TermForm(
        request.POST or None,
        editing=True,
        initial={"name": term.name, "starts_on": term.starts_on, "ends_on": term.ends_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_term(term, actor=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The term has been saved."))
            return redirect("plans:term", pk=term.pk)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "title": _("Edit term %(term)s") % {"term": term},
            "back": reverse("plans:term", args=[term.pk]),
        },
    )


@login_required
def term_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The coverage dashboard of a term: numbers, the per-year table, the units never inspected
    and those overdue, and the plan itself, editable by the office a page at a time."""
    user = request.user
    term = get_term_for_user(user, pk)
    today = timezone.localdate()
    report = selectors.coverage_report(term, today=today)
    plan = _plan(term)
    year = as_int(request.GET.get("year"))
    if year not in term.years:
        year = None
    entries = selectors.plan_entries(term)
    if year is not None:
        entries = entries.filter(planned_year=year)
    entry_page = Paginator(entries, PLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    never_page = Paginator(selectors.never_inspected(term), LIST_PAGE_SIZE).get_page(
        request.GET.get("np")
    )
    overdue_page = Paginator(selectors.overdue_entries(term, today=today), LIST_PAGE_SIZE).get_page(
        request.GET.get("op")
    )
    annual = {a.year: a for a in AnnualPlan.objects.filter(term=term)}
    for row in report.years:
        row.annual = annual.get(row.year)
    can_edit = can(user, Capability.PLAN_EDIT, term.jurisdiction)
    return render(
        request,
        "plans/term_detail.html",
        {
            "term": term,
            "plan": plan,
            "report": report,
            "cov": report.coverage,
            "entry_page": entry_page,
            "never_page": never_page,
            "overdue_page": overdue_page,
            "year": year,
            "years": term.years,
            "can_edit": can_edit,
            "can_approve": can(user, Capability.PLAN_APPROVE, term.jurisdiction),
            "returned": selectors.last_returned(plan),
            "comment_form": CommentForm(),
            "add_form": AddEntryForm(term=term, units=_entry_units(term)) if can_edit else None,
            "annual_form": AnnualPlanCreateForm(years=[y for y in term.years if y not in annual])
            if can_edit
            else None,
            "rounds": term.rounds.order_by("-year", "-number")[:50],
            "return_query": urlencode(
                {
                    k: v
                    for k, v in (("year", year or ""), ("page", request.GET.get("page", "")))
                    if v
                }
            ),
        },
    )


def _term_for_action(request, pk):
    return get_term_for_user(request.user, pk)


@login_required
@require_POST
def coverage_generate(request: HttpRequest, pk: int) -> HttpResponse:
    term = _term_for_action(request, pk)
    try:
        added = services.generate_coverage_plan(term, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        if added:
            messages.success(request, _("%(n)s units have been put into the plan.") % {"n": added})
        else:
            messages.info(request, _("Every unit in scope is already in the plan."))
    return redirect("plans:term", pk=term.pk)


@login_required
@require_POST
def coverage_years(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the years chosen in the plan table (the rows of one page)."""
    term = _term_for_action(request, pk)
    years = {}
    for key, value in request.POST.items():
        if key.startswith("year_"):
            entry_id, year = as_int(key[5:]), as_int(value)
            if entry_id is not None and year is not None:
                years[entry_id] = year
    target = back_to(request, reverse("plans:term", args=[term.pk]))
    try:
        moved = services.set_planned_years(term, years, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        if moved:
            messages.success(
                request, _("%(n)s units have been moved to another year.") % {"n": moved}
            )
        else:
            messages.info(request, _("Nothing has changed."))
    return redirect(target)


@login_required
@require_POST
def coverage_add(request: HttpRequest, pk: int) -> HttpResponse:
    term = _term_for_action(request, pk)
    form = AddEntryForm(request.POST, term=term, units=_entry_units(term))
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("plans:term", pk=term.pk)
    run(
        request,
        lambda: services.add_coverage_entry(
            term,
            form.cleaned_data["unit"],
            form.cleaned_data["planned_year"],
            actor=request.user,
            note=form.cleaned_data["note"],
        ),
        _("The unit has been added to the plan."),
    )
    return redirect("plans:term", pk=term.pk)


@login_required
@require_POST
def coverage_remove(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_coverage_entry_for_user(request.user, pk)
    run(
        request,
        lambda: services.remove_coverage_entry(
            entry, actor=request.user, reason=request.POST.get("reason", "")
        ),
        _("The unit has been taken out of the plan."),
    )
    return redirect(back_to(request, reverse("plans:term", args=[entry.plan.term_id])))


@login_required
@require_POST
def coverage_submit(request: HttpRequest, pk: int) -> HttpResponse:
    term = _term_for_action(request, pk)
    run(
        request,
        lambda: services.submit_coverage_plan(term, actor=request.user),
        _("The coverage plan has been submitted for approval."),
    )
    return redirect("plans:term", pk=term.pk)


@login_required
@require_POST
def coverage_approve(request: HttpRequest, pk: int) -> HttpResponse:
    term = _term_for_action(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    run(
        request,
        lambda: services.approve_coverage_plan(
            term, actor=request.user, comment=form.cleaned_data.get("comment", "")
        ),
        _("The coverage plan has been approved."),
    )
    return redirect("plans:term", pk=term.pk)


@login_required
@require_POST
def coverage_return(request: HttpRequest, pk: int) -> HttpResponse:
    """The leading group sends the submitted plan back to the office with a comment."""
    term = _term_for_action(request, pk)
    run(
        request,
        lambda: services.return_coverage_plan(
            term, actor=request.user, comment=request.POST.get("comment", "")
        ),
        _("The coverage plan has been returned to the office for revision."),
    )
    return redirect("plans:term", pk=term.pk)


# --- Annual plans -------------------------------------------------------------------------------


@login_required
@require_POST
def annual_create(request: HttpRequest, pk: int) -> HttpResponse:
    term = _term_for_action(request, pk)
    taken = set(AnnualPlan.objects.filter(term=term).values_list("year", flat=True))
    form = AnnualPlanCreateForm(request.POST, years=[y for y in term.years if y not in taken])
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("plans:term", pk=term.pk)
    try:
        plan = services.create_annual_plan(term, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("plans:term", pk=term.pk)
    messages.success(request, _("The annual plan has been drawn up."))
    return redirect("plans:annual", pk=plan.pk)


@login_required
def annual_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The year's plan: the units the coverage plan puts in the year, which a round of the year
    already takes and which remain, and the rounds of the year."""
    user = request.user
    plan = get_annual_plan_for_user(user, pk)
    term = plan.term
    units = list(selectors.annual_plan_units(term, plan.year))
    jurisdiction = term.jurisdiction
    return render(
        request,
        "plans/annual_detail.html",
        {
            "plan": plan,
            "term": term,
            "units": units,
            "taken": sum(1 for u in units if u.taken),
            "remaining": [u for u in units if not u.taken],
            "rounds": selectors.rounds_of_year(jurisdiction.pk, plan.year),
            "can_edit": can(user, Capability.PLAN_EDIT, jurisdiction),
            "can_approve": can(user, Capability.PLAN_APPROVE, jurisdiction),
            "returned": selectors.last_returned(plan),
            "comment_form": CommentForm(),
            "PlanStatus": PlanStatus,
        },
    )


@login_required
def annual_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    plan = get_annual_plan_for_user(user, pk)
    if not can(user, Capability.PLAN_EDIT, plan.term.jurisdiction):
        raise PermissionDenied
    form = AnnualPlanForm(
        request.POST or None, initial={"rounds_planned": plan.rounds_planned, "notes": plan.notes}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_annual_plan(plan, actor=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The annual plan has been saved."))
            return redirect("plans:annual", pk=plan.pk)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "title": _("Annual plan %(year)s of %(jurisdiction)s")
            % {"year": plan.year, "jurisdiction": plan.term.jurisdiction.name},
            "back": reverse("plans:annual", args=[plan.pk]),
        },
    )


@login_required
@require_POST
def annual_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_annual_plan_for_user(request.user, pk)
    run(
        request,
        lambda: services.submit_annual_plan(plan, actor=request.user),
        _("The annual plan has been submitted for approval."),
    )
    return redirect("plans:annual", pk=plan.pk)


@login_required
@require_POST
def annual_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_annual_plan_for_user(request.user, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    run(
        request,
        lambda: services.approve_annual_plan(
            plan, actor=request.user, comment=form.cleaned_data.get("comment", "")
        ),
        _("The annual plan has been approved."),
    )
    return redirect("plans:annual", pk=plan.pk)


@login_required
@require_POST
def annual_return(request: HttpRequest, pk: int) -> HttpResponse:
    """The leading group sends the submitted annual plan back to the office with a comment."""
    plan = get_annual_plan_for_user(request.user, pk)
    run(
        request,
        lambda: services.return_annual_plan(
            plan, actor=request.user, comment=request.POST.get("comment", "")
        ),
        _("The annual plan has been returned to the office for revision."),
    )
    return redirect("plans:annual", pk=plan.pk)
