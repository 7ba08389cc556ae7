"""Rounds: the list, drafting and revising, the approval chain, and the task split (adding a
target to a team, with the deconfliction warnings)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from xuncha.accounts.permissions import has_capability
from xuncha.accounts.roles import Capability
from xuncha.core.forms import apply_errors
from xuncha.plans import services
from xuncha.plans.forms import CommentForm, InspectionForm, RoundForm
from xuncha.plans.models import RoundKind, RoundStatus, Stage
from xuncha.plans.permissions import (
    can,
    get_jurisdiction_for_user,
    get_round_for_user,
    planning_jurisdictions,
    visible_rounds,
)
from xuncha.plans.services.inspections import DeconflictionRequired
from xuncha.plans.views._common import PAGE_SIZE, as_int, require_somewhere, run

SUGGEST_LIMIT = 20


@login_required
@require_GET
def rounds(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_somewhere(user, Capability.PLAN_VIEW)
    jurisdictions = list(planning_jurisdictions(user))
    qs = (
        visible_rounds(user)
        .annotate(targets=Count("inspections"))
        .order_by("-year", "jurisdiction__path", "-number")
    )
    jurisdiction_id = as_int(request.GET.get("jurisdiction"))
    if jurisdiction_id is not None:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    year = as_int(request.GET.get("year"))
    if year is not None:
        qs = qs.filter(year=year)
    status = request.GET.get("status", "")
    if status in RoundStatus.values:
        qs = qs.filter(status=status)
    kind = request.GET.get("kind", "")
    if kind in RoundKind.values:
        qs = qs.filter(kind=kind)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(theme__icontains=q))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/rounds.html",
        {
            "page": page,
            "jurisdictions": jurisdictions,
            "jurisdiction_id": jurisdiction_id,
            "year": year,
            "status": status,
            "kind": kind,
            "q": q,
            "statuses": RoundStatus.choices,
            "kinds": RoundKind.choices,
            "can_edit": has_capability(user, Capability.PLAN_EDIT),
        },
    )


def _round_form_context(form, jurisdiction, **extra) -> dict:
    return {"form": form, "jurisdiction": jurisdiction, "groups": form.focus_groups(), **extra}


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    """Draft a round of a jurisdiction (chosen first when the person plans for several)."""
    user = request.user
    require_somewhere(user, Capability.PLAN_EDIT)
    jurisdiction_id = as_int(request.POST.get("jurisdiction") or request.GET.get("jurisdiction"))
    if jurisdiction_id is None:
        choices = list(planning_jurisdictions(user, Capability.PLAN_EDIT)[:2])
        if len(choices) != 1:
            return render(
                request,
                "plans/round_choose.html",
                {"jurisdictions": planning_jurisdictions(user, Capability.PLAN_EDIT)},
            )
        jurisdiction_id = choices[0].pk
    jurisdiction = get_jurisdiction_for_user(user, jurisdiction_id)
    form = RoundForm(request.POST or None, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        try:
            round = services.create_round(
                actor=user, jurisdiction=jurisdiction, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The round has been drafted. Assign its targets to teams next.")
            )
            return redirect("plans:round", pk=round.pk)
    return render(
        request, "plans/round_form.html", _round_form_context(form, jurisdiction, creating=True)
    )


@login_required
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    round = get_round_for_user(user, pk)
    if not can(user, Capability.PLAN_EDIT, round.jurisdiction):
        raise PermissionDenied
    if round.status != RoundStatus.DRAFT:
        messages.error(request, _("Only a draft or returned round can be changed."))
        return redirect("plans:round", pk=round.pk)
    chosen = list(round.focus_areas.values_list("pk", flat=True))
    form = RoundForm(
        request.POST or None,
        jurisdiction=round.jurisdiction,
        keep=chosen,
        editing=True,
        initial={
            "kind": round.kind,
            "starts_on": round.starts_on,
            "ends_on": round.ends_on,
            "name": round.name,
            "term": round.term_id,
            "theme": round.theme,
            "focus_areas": chosen,
            "focus_notes": round.focus_notes,
            "work_plan": round.work_plan,
        },
    )
    warnings = []
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(round, actor=user, **form.cleaned_data)
        except services.RoundDeconflictionRequired as exc:
            warnings = exc.warnings
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The round has been saved."))
            return redirect("plans:round", pk=round.pk)
    return render(
        request,
        "plans/round_form.html",
        _round_form_context(
            form,
            round.jurisdiction,
            round=round,
            warnings=warnings,
            ask_reason=bool(warnings) or bool(request.POST.get("deconfliction_reason")),
        ),
    )


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The round: its focus areas and work plan, the task split with the deconfliction
    warnings, the teams and recusal panels, and the approval chain."""
    user = request.user
    round = get_round_for_user(user, pk)
    inspections = list(
        round.inspections.select_related(
            "team", "team__jurisdiction", "target", "lookback_of", "lookback_of__round"
        ).order_by("team__jurisdiction__path", "team__number", "target__path")
    )
    by_team: dict[int, int] = {}
    for inspection in inspections:
        by_team[inspection.team_id] = by_team.get(inspection.team_id, 0) + 1
    events = list(round.events.select_related("actor"))
    for event in events:
        event.label = services.ROUND_ACTIONS.get(event.action, event.action)
    focus: dict[str, list] = {}
    for area in round.focus_areas.order_by("group", "order", "id"):
        focus.setdefault(area.group, []).append(area)
    can_edit = can(user, Capability.PLAN_EDIT, round.jurisdiction)
    draft = round.status == RoundStatus.DRAFT
    return render(
        request,
        "plans/round_detail.html",
        {
            "round": round,
            "inspections": inspections,
            "teams_count": len(by_team),
            "events": events,
            "focus": list(focus.items()),
            "can_edit": can_edit and draft,
            "can_submit": can_edit and draft and bool(inspections),
            "can_approve": round.status == RoundStatus.SUBMITTED
            and services.may_approve(user, round),
            "can_close": can_edit
            and round.status == RoundStatus.APPROVED
            and bool(inspections)
            and all(i.stage == Stage.ARCHIVED for i in inspections),
            "comment_form": CommentForm(),
            "Stage": Stage,
        },
    )


def _round_step(service, done):
    """A POST that moves a round along its approval chain with an optional comment."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        round = get_round_for_user(request.user, pk)
        comment = request.POST.get("comment", "")
        run(request, lambda: service(round, actor=request.user, comment=comment), str(done))
        return redirect("plans:round", pk=round.pk)

    view.__name__ = service.__name__
    return view


round_submit = _round_step(
    services.submit_round, gettext_lazy("The round has been submitted for approval.")
)
round_approve = _round_step(services.approve_round, gettext_lazy("The round has been approved."))
round_return = _round_step(
    services.return_round,
    gettext_lazy("The round has been returned to the office for revision."),
)
round_close = _round_step(services.close_round, gettext_lazy("The round has been closed."))


# --- The task split ------------------------------------------------------------------------------


def _target_from_code(round, code: str):
    code = (code or "").strip()
    if not code:
        return None
    return services.eligible_targets(round).filter(code=code).first()


@login_required
def inspection_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a target to a team. With deconfliction warnings the form comes back showing them
    and asks for the reason to proceed."""
    user = request.user
    round = get_round_for_user(user, pk)
    if not can(user, Capability.PLAN_EDIT, round.jurisdiction):
        raise PermissionDenied
    if round.status != RoundStatus.DRAFT:
        messages.error(request, _("The task split can change only while the round is a draft."))
        return redirect("plans:round", pk=round.pk)
    lookback = round.kind == RoundKind.LOOKBACK
    target = _target_from_code(round, request.POST.get("target", "")) if lookback else None
    form = InspectionForm(
        request.POST or None,
        targets=services.eligible_targets(round),
        teams=services.eligible_teams(round),
        lookbacks=services.lookback_candidates(round, target, user=user),
        suggest_url=reverse("plans:target_suggest", args=[round.pk]),
        lookback_url=reverse("plans:lookback_options", args=[round.pk]),
        lookback=lookback,
    )
    warnings = []
    if request.method == "POST" and form.is_valid():
        try:
            services.add_inspection(round, actor=user, **form.cleaned_data)
        except DeconflictionRequired as exc:
            warnings = exc.warnings
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The target has been assigned to the team."))
            if request.POST.get("another"):
                return redirect("plans:inspection_add", pk=round.pk)
            return redirect("plans:round", pk=round.pk)
    return render(
        request,
        "plans/inspection_form.html",
        {
            "form": form,
            "round": round,
            "warnings": warnings,
            "creating": True,
            "ask_reason": bool(warnings) or bool(request.POST.get("deconfliction_reason")),
        },
    )


@login_required
@require_GET
def target_suggest(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx autocomplete: up to 20 units this round may still take, matching the text."""
    round = get_round_for_user(request.user, pk)
    text = request.GET.get("target", "").strip()[:100]
    units = []
    if text:
        units = list(
            services.eligible_targets(round)
            .filter(
                Q(name__icontains=text) | Q(short_name__icontains=text) | Q(code__istartswith=text)
            )
            .exclude(inspections__round=round)
            .order_by("depth", "name", "pk")[:SUGGEST_LIMIT]
        )
    return render(request, "plans/_unit_options.html", {"units": units})


@login_required
@require_GET
def lookback_options(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the earlier inspections of the target typed, for a look-back round (those the
    person may see)."""
    user = request.user
    round = get_round_for_user(user, pk)
    target = _target_from_code(round, request.GET.get("target", ""))
    return render(
        request,
        "plans/_lookback_options.html",
        {"candidates": services.lookback_candidates(round, target, user=user)},
    )
