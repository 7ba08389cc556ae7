"""The planning home (the jurisdictions one plans for, their current term and coverage, what
awaits approval) and a jurisdiction's planning settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import has_capability
from xuncha.accounts.roles import Capability
from xuncha.core.forms import apply_errors
from xuncha.plans import selectors, services
from xuncha.plans.forms import SettingsForm
from xuncha.plans.models import PlanningSettings, PlanStatus, Round, RoundStatus
from xuncha.plans.permissions import (
    can,
    get_jurisdiction_for_user,
    planning_jurisdictions,
    visible_annual_plans,
    visible_rounds,
    visible_terms,
)
from xuncha.plans.views._common import require_somewhere

HOME_PAGE_SIZE = 20


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_somewhere(user, Capability.PLAN_VIEW)
    today = timezone.localdate()
    page = Paginator(planning_jurisdictions(user), HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [j.pk for j in page]
    terms_by_j: dict[int, list] = {}
    for term in visible_terms(user).filter(jurisdiction_id__in=ids).order_by("-starts_on"):
        terms_by_j.setdefault(term.jurisdiction_id, []).append(term)
    current = {jid: selectors.current_term(terms, today=today) for jid, terms in terms_by_j.items()}
    coverages = selectors.coverage_for_terms([t for t in current.values() if t])
    round_counts = {
        row["jurisdiction_id"]: row
        for row in Round.objects.filter(jurisdiction_id__in=ids, year=today.year)
        .values("jurisdiction_id")
        .annotate(
            n=Count("pk"),
            approved=Count("pk", filter=Q(status__in=[RoundStatus.APPROVED, RoundStatus.CLOSED])),
        )
    }
    rows = []
    for jurisdiction in page:
        term = current.get(jurisdiction.pk)
        rows.append(
            {
                "jurisdiction": jurisdiction,
                "term": term,
                "coverage": coverages.get(term.pk) if term else None,
                "terms": terms_by_j.get(jurisdiction.pk, []),
                "rounds": round_counts.get(jurisdiction.pk, {"n": 0, "approved": 0}),
                "can_edit": can(user, Capability.PLAN_EDIT, jurisdiction),
            }
        )
    awaiting = {}
    if has_capability(user, Capability.PLAN_APPROVE):
        awaiting = {
            "rounds": list(
                visible_rounds(user, Capability.PLAN_APPROVE)
                .filter(status=RoundStatus.SUBMITTED)
                .order_by("submitted_at")[:20]
            ),
            "terms": list(
                visible_terms(user, Capability.PLAN_APPROVE).filter(
                    coverage_plan__status=PlanStatus.SUBMITTED
                )[:20]
            ),
            "annual": list(
                visible_annual_plans(user, Capability.PLAN_APPROVE).filter(
                    status=PlanStatus.SUBMITTED
                )[:20]
            ),
        }
    return render(
        request,
        "plans/home.html",
        {
            "page": page,
            "rows": rows,
            "year": today.year,
            "awaiting": awaiting,
            "can_edit": has_capability(user, Capability.PLAN_EDIT),
        },
    )


@login_required
def settings(request: HttpRequest, pk: int) -> HttpResponse:
    """The time limits and choices of one jurisdiction; anyone who plans there sees them, the
    office changes them."""
    user = request.user
    jurisdiction = get_jurisdiction_for_user(user, pk)
    current = PlanningSettings.for_unit(jurisdiction)
    can_edit = can(user, Capability.PLAN_EDIT, jurisdiction)
    form = SettingsForm(
        request.POST or None, jurisdiction=jurisdiction, initial=SettingsForm.initial_from(current)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(jurisdiction, actor=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The planning settings have been saved."))
            return redirect("plans:settings", pk=jurisdiction.pk)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "plans/settings.html",
        {
            "jurisdiction": jurisdiction,
            "form": form,
            "can_edit": can_edit,
            "stored": current.pk is not None,
        },
    )
