"""Inspections: the list across visible rounds, and one inspection with its lifecycle timeline,
its stage changes and its line of the task split."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xuncha.accounts.permissions import has_capability
from xuncha.accounts.roles import Capability
from xuncha.core.forms import apply_errors, flash_errors
from xuncha.people.models import Team
from xuncha.plans import services, workflow
from xuncha.plans.forms import InspectionForm, TransitionForm
from xuncha.plans.models import STAGE_ORDER, RoundKind, RoundStatus, Stage
from xuncha.plans.permissions import (
    can,
    get_inspection_for_user,
    sees_planning,
    visible_inspections,
    visible_rounds,
)
from xuncha.plans.services.inspections import DeconflictionRequired
from xuncha.plans.views._common import PAGE_SIZE, as_int, run


@login_required
@require_GET
def inspections(request: HttpRequest) -> HttpResponse:
    """Inspections of the rounds one may see (and of targets one's inspection.view reaches),
    filtered by stage, round, team and year."""
    user = request.user
    if not (
        has_capability(user, Capability.PLAN_VIEW)
        or has_capability(user, Capability.INSPECTION_VIEW)
    ):
        raise PermissionDenied
    qs = (
        visible_inspections(user)
        .select_related("team__jurisdiction")
        .order_by(
            "-round__year",
            "round__jurisdiction__path",
            "-round__number",
            "team__number",
            "target__path",
        )
    )
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    round_id = as_int(request.GET.get("round"))
    if round_id is not None:
        qs = qs.filter(round_id=round_id)
    team_id = as_int(request.GET.get("team"))
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    year = as_int(request.GET.get("year"))
    if year is not None:
        qs = qs.filter(round__year=year)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(Q(target__name__icontains=q) | Q(target__short_name__icontains=q))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    round_choices = list(
        visible_rounds(user).order_by("-year", "jurisdiction__path", "-number")[:200]
    )
    team_choices = list(
        Team.objects.filter(pk__in=visible_inspections(user).values("team_id"))
        .select_related("jurisdiction")
        .order_by("jurisdiction__path", "number")
    )
    return render(
        request,
        "plans/inspections.html",
        {
            "page": page,
            "stage": stage,
            "round_id": round_id,
            "team_id": team_id,
            "year": year,
            "q": q,
            "stages": Stage.choices,
            "round_choices": round_choices,
            "team_choices": team_choices,
            # Team members see inspections without planning: no tabs into it.
            "planner": has_capability(user, Capability.PLAN_VIEW),
        },
    )


def _timeline(inspection) -> tuple[list[dict], list]:
    """The stages with when and by whom each was reached, and every event in order."""
    events = list(inspection.events.select_related("actor").order_by("at", "id"))
    reached = {}
    for event in events:
        if event.to_stage:
            reached[event.to_stage] = event
    current = STAGE_ORDER.index(inspection.stage)
    stages = []
    for i, value in enumerate(STAGE_ORDER):
        stages.append(
            {
                "stage": Stage(value),
                "event": reached.get(value),
                "state": "done" if i < current else "current" if i == current else "todo",
            }
        )
    return stages, events


@login_required
@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    inspection = get_inspection_for_user(user, pk)
    stages, events = _timeline(inspection)
    can_edit = can(user, Capability.PLAN_EDIT, inspection.round.jurisdiction)
    step = workflow.next_step(inspection.stage)
    return render(
        request,
        "plans/inspection_detail.html",
        {
            "inspection": inspection,
            "round": inspection.round,
            "stages": stages,
            "events": events,
            "window": inspection.window,
            "round_visible": visible_rounds(user).filter(pk=inspection.round_id).exists(),
            "sees_planning": sees_planning(user, inspection),
            "planner": has_capability(user, Capability.PLAN_VIEW),
            "can_edit": can_edit,
            "step": step if can_edit else None,
            "blocked": workflow.blocked_by(inspection) if can_edit and step else None,
            "transition_form": TransitionForm(initial={"to_stage": step.to_stage if step else ""}),
            "can_change_split": can_edit and inspection.round.status == RoundStatus.DRAFT,
            "can_remove": can_edit
            and inspection.round.status == RoundStatus.DRAFT
            and inspection.stage == Stage.PLANNED,
        },
    )


@login_required
@require_POST
def inspection_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the inspection to the next stage. The stage the page showed comes along, so a move
    made meanwhile by someone else makes this one fail instead of skipping a stage."""
    user = request.user
    inspection = get_inspection_for_user(user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("plans:inspection", pk=inspection.pk)
    seen = request.POST.get("from_stage")
    if seen in Stage.values:
        inspection.stage = seen
    to_stage = form.cleaned_data["to_stage"]
    label = Stage(to_stage).label if to_stage in Stage.values else to_stage
    run(
        request,
        lambda: services.transition(
            inspection, to_stage, actor=user, note=form.cleaned_data["note"]
        ),
        _("The inspection has moved to “%(stage)s”.") % {"stage": label},
    )
    return redirect("plans:inspection", pk=inspection.pk)


@login_required
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the team, dates, work plan or earlier inspection of one line of the task split."""
    user = request.user
    inspection = get_inspection_for_user(user, pk)
    round = inspection.round
    if not can(user, Capability.PLAN_EDIT, round.jurisdiction):
        raise PermissionDenied
    if round.status != RoundStatus.DRAFT:
        messages.error(request, _("The task split can change only while the round is a draft."))
        return redirect("plans:inspection", pk=inspection.pk)
    lookback = round.kind == RoundKind.LOOKBACK
    form = InspectionForm(
        request.POST or None,
        editing=True,
        lookback=lookback,
        teams=services.eligible_teams(round),
        lookbacks=services.lookback_candidates(round, inspection.target, user=user),
        initial={
            "team": inspection.team_id,
            "stationed_from": inspection.stationed_from,
            "stationed_until": inspection.stationed_until,
            "work_plan": inspection.work_plan,
            "lookback_of": inspection.lookback_of_id,
        },
    )
    warnings = []
    if request.method == "POST" and form.is_valid():
        try:
            services.update_inspection(inspection, actor=user, **form.cleaned_data)
        except DeconflictionRequired as exc:
            warnings = exc.warnings
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The task split has been saved."))
            return redirect("plans:round", pk=round.pk)
    return render(
        request,
        "plans/inspection_form.html",
        {
            "form": form,
            "round": round,
            "inspection": inspection,
            "warnings": warnings,
            "ask_reason": bool(warnings) or bool(request.POST.get("deconfliction_reason")),
        },
    )


@login_required
@require_POST
def inspection_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    inspection = get_inspection_for_user(user, pk)
    round_id = inspection.round_id
    try:
        services.remove_inspection(inspection, actor=user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("plans:inspection", pk=inspection.pk)
    messages.success(request, _("The target has been taken out of the round."))
    return redirect(reverse("plans:round", args=[round_id]))
