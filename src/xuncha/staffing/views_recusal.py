"""Recusal pages: a round's conflicts with the rules scan and the office's decisions, one
recusal with its timeline, declarations (by the cadre or the office), objections of targets, and
the cadre-centred check. Reads go through the choke points of `staffing.recusal`, writes through
its services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuncha.accounts.permissions import has_capability
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.core.forms import apply_errors, flash_errors
from xuncha.people.models import Cadre
from xuncha.people.permissions import get_cadre_for_user, own_cadre, visible_cadres
from xuncha.plans.models import RoundStatus
from xuncha.plans.permissions import get_round_for_user
from xuncha.staffing import recusal as services
from xuncha.staffing.forms_recusal import (
    DecisionForm,
    DeclarationForm,
    ObjectionForm,
    ReopenForm,
)
from xuncha.staffing.models import RecusalSource, RecusalStatus
from xuncha.staffing.recusal import (
    get_recusal_for_user,
    may_decide,
    may_declare_for,
    may_manage_round,
    may_review_round,
    visible_recusals,
)
from xuncha.staffing.rules import rule_label

PAGE_SIZE = 50
STATUS_ORDER = Case(
    *(When(status=s, then=Value(i)) for i, s in enumerate(RecusalStatus.values)),
    output_field=IntegerField(),
)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _counts(qs) -> dict[str, int]:
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    return {s: counts.get(s, 0) for s in RecusalStatus.values}


def _explain(recusals) -> None:
    """The heading each row shows: the rule's label, or where the recusal came from."""
    for r in recusals:
        r.label = rule_label(r.rule) if r.source == RecusalSource.RULE else r.get_source_display()


# --- A round's recusals ------------------------------------------------------------------------


@login_required
def round_recusals(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The conflicts of a round by status, with the rules scan and the decisions."""
    user = request.user
    round = get_round_for_user(user, round_pk)
    if not may_review_round(user, round):
        raise PermissionDenied
    base = visible_recusals(user).filter(round=round)
    counts = _counts(base)
    status = request.GET.get("status", "")
    qs = base.filter(status=status) if status in RecusalStatus.values else base
    source = request.GET.get("source", "")
    if source in RecusalSource.values:
        qs = qs.filter(source=source)
    qs = qs.annotate(status_order=STATUS_ORDER).order_by(
        "status_order", "cadre__full_name", "cadre_id", "target__path", "rule", "id"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    _explain(page)
    services.record_viewed(
        user,
        unit=round.jurisdiction,
        obj=round,
        changes={"shown": [r.pk for r in page], "status": status, "source": source},
    )
    return render(
        request,
        "staffing/recusal_round.html",
        {
            "round": round,
            "page": page,
            "tabs": [(v, label, counts[v]) for v, label in RecusalStatus.choices],
            "total": sum(counts.values()),
            "status": status if status in RecusalStatus.values else "",
            "source": source if source in RecusalSource.values else "",
            "sources": RecusalSource.choices,
            "can_manage": may_manage_round(user, round),
            "closed": round.status == RoundStatus.CLOSED,
            "last_scan": services.last_scan(round),
        },
    )


@login_required
@require_POST
def round_recusal_scan(request: HttpRequest, round_pk: int) -> HttpResponse:
    user = request.user
    round = get_round_for_user(user, round_pk)
    try:
        result = services.scan_round(round, actor=user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            _(
                "The rules were checked for %(cadres)s cadres against %(targets)s targets: "
                "%(new)s new conflicts, %(known)s already recorded, %(cleared)s no longer apply, "
                "%(reopened)s apply again."
            )
            % {
                "cadres": result.cadres,
                "targets": result.targets,
                "new": result.new,
                "known": result.known,
                "cleared": result.cleared,
                "reopened": result.reopened,
            },
        )
    return redirect("staffing:round_recusals", round_pk=round.pk)


@login_required
def round_recusal_object(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Record an objection the target raised against a cadre of the round."""
    user = request.user
    round = get_round_for_user(user, round_pk)
    if not may_manage_round(user, round):
        raise PermissionDenied
    cadres = services.round_candidates(round).filter(pk__in=visible_cadres(user).values("pk"))
    form = ObjectionForm(request.POST or None, cadres=cadres, targets=services.round_targets(round))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recusal = services.object_to(
                data["cadre"],
                data["target"],
                actor=user,
                round=round,
                raised_by=data["raised_by"],
                kind=data["kind"],
                detail=data["detail"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The objection has been recorded."))
            return redirect("staffing:recusal", pk=recusal.pk)
    return render(
        request,
        "staffing/recusal_form.html",
        {
            "form": form,
            "round": round,
            "title": _("Record an objection of the target"),
            "back": reverse("staffing:round_recusals", kwargs={"round_pk": round.pk}),
        },
    )


# --- One recusal -------------------------------------------------------------------------------


def _substitutes(user, recusal, *, eligible_only: bool):
    """Substitutes to offer: pool members of the round's jurisdiction the user may see, and on
    display only those nothing blocks for this target."""
    if recusal.round_id is None or recusal.status != RecusalStatus.OPEN:
        return None
    qs = (
        services.pool_members(recusal.round)
        .filter(pk__in=visible_cadres(user).values("pk"))
        .exclude(pk=recusal.cadre_id)
    )
    if not eligible_only:
        return qs
    as_leader = services.seat_is_leader(recusal)
    free = services.eligible_substitutes(recusal.round, [recusal.target], list(qs))
    return qs.filter(pk__in=[c.pk for c in free[(recusal.target_id, as_leader)]])


def _timeline(recusal) -> list[dict]:
    """The recusal's events, readable: when, who, what (with the status change), why. A conflict
    found by a scan has no event of its own (the scan's event is on the round)."""
    labels = dict(RecusalStatus.choices)
    rows = []
    for e in services.history(recusal):
        change = e.changes.get("status") if isinstance(e.changes, dict) else None
        rows.append(
            {
                "at": e.occurred_at,
                "who": e.actor_name,
                "what": e.get_event_type_display(),
                "change": [labels.get(v, v) for v in change] if change else None,
                # A raise's reason is the detail, shown above already; a raise that reopens a
                # decision (new facts found by a scan) says why.
                "reason": e.reason if e.event_type != EventType.RECUSAL_RAISED or change else "",
                # The raise that created it (a scan reopening a decision is not one).
                "raised": e.event_type == EventType.RECUSAL_RAISED and not change,
            }
        )
    if not any(r["raised"] for r in rows):
        by = recusal.created_by
        rows.insert(
            0,
            {
                "at": recusal.created_at,
                "who": by.get_username() if by else "",
                "what": _("Found by the scan of the rules"),
                "change": None,
                "reason": "",
            },
        )
    return rows


@login_required
def recusal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    recusal = get_recusal_for_user(user, pk)
    _explain([recusal])
    can_decide = may_decide(user, recusal) and not services.is_frozen(recusal)
    open_ = recusal.status == RecusalStatus.OPEN
    services.record_viewed(user, unit=services.home_unit(recusal), obj=recusal)
    return render(
        request,
        "staffing/recusal_detail.html",
        {
            "recusal": recusal,
            "history": _timeline(recusal),
            "can_decide": can_decide,
            "decision_form": (
                DecisionForm(substitutes=_substitutes(user, recusal, eligible_only=True))
                if can_decide and open_
                else None
            ),
            "reopen_form": ReopenForm() if can_decide and not open_ else None,
        },
    )


@login_required
def recusal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision form (a fragment for htmx on the round's list) and its submission."""
    user = request.user
    recusal = get_recusal_for_user(user, pk)
    if request.method != "POST" and not may_decide(user, recusal):
        raise PermissionDenied
    if request.method == "POST":
        form = DecisionForm(
            request.POST,
            substitutes=_substitutes(user, recusal, eligible_only=False),
            auto_id=f"id_r{pk}_%s",
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.decide(
                    recusal,
                    actor=user,
                    status=data["status"],
                    reason=data["reason"],
                    substitute=data.get("substitute"),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The decision has been recorded."))
                return redirect(_next(request, reverse("staffing:recusal", kwargs={"pk": pk})))
        # Offer again only the substitutes nothing blocks, keeping what was typed.
        if "substitute" in form.fields:
            form.fields["substitute"].queryset = _substitutes(user, recusal, eligible_only=True)
    else:
        form = DecisionForm(
            substitutes=_substitutes(user, recusal, eligible_only=True), auto_id=f"id_r{pk}_%s"
        )
        if not request.htmx:
            # The fragment belongs to the round's list, whose reading is audited already.
            services.record_viewed(user, unit=services.home_unit(recusal), obj=recusal)
    _explain([recusal])
    template = (
        "staffing/_recusal_decide.html"
        if request.htmx and request.method != "POST"
        else "staffing/recusal_decide.html"
    )
    return render(
        request,
        template,
        {"recusal": recusal, "form": form, "next": _next(request, "")},
    )


@login_required
@require_POST
def recusal_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    recusal = get_recusal_for_user(user, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("staffing:recusal", pk=recusal.pk)
    try:
        services.reopen(recusal, actor=user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The decision has been reopened."))
    return redirect("staffing:recusal", pk=recusal.pk)


# --- Declarations -------------------------------------------------------------------------------


def _declaration(request: HttpRequest, cadre: Cadre, *, mine: bool) -> HttpResponse:
    """The declaration form for `cadre`: first the round (or none), then the target."""
    user = request.user
    rounds = services.declarable_rounds(user, cadre)
    round = None
    round_id = _int(request.GET.get("round"))
    if round_id is not None:
        round = rounds.filter(pk=round_id).first()
        if round is None:
            raise Http404
    form = DeclarationForm(
        request.POST or None,
        targets=services.round_targets(round) if round else None,
        units=None if round else services.declarable_units(user, cadre),
    )
    if request.method == "POST" and form.is_valid():
        try:
            recusal = services.declare(
                cadre,
                form.chosen_target,
                actor=user,
                round=round,
                kind=form.cleaned_data["kind"],
                detail=form.cleaned_data["detail"],
            )
        except ValidationError as exc:
            apply_errors(form, exc, default_field="target" if round else "unit")
        else:
            messages.success(request, _("The declaration has been recorded."))
            if mine:
                return redirect("staffing:my_recusals")
            return redirect("staffing:recusal", pk=recusal.pk)
    back = (
        reverse("staffing:my_recusals")
        if mine
        else reverse("people:cadre", kwargs={"pk": cadre.pk})
    )
    return render(
        request,
        "staffing/recusal_declare.html",
        {
            "form": form,
            "cadre": cadre,
            "round": round,
            "rounds": rounds,
            "mine": mine,
            "back": back,
        },
    )


@login_required
def my_recusals(request: HttpRequest) -> HttpResponse:
    """The signed-in cadre's own declarations and how they were decided."""
    user = request.user
    cadre = own_cadre(user)
    qs = (
        visible_recusals(user).filter(cadre=cadre, source=RecusalSource.DECLARATION)
        if cadre
        else visible_recusals(user).none()
    )
    page = Paginator(qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "staffing/recusal_mine.html", {"cadre": cadre, "page": page})


@login_required
def my_recusal_declare(request: HttpRequest) -> HttpResponse:
    cadre = own_cadre(request.user)
    if cadre is None:
        raise Http404
    return _declaration(request, cadre, mine=True)


@login_required
def cadre_recusal_declare(request: HttpRequest, pk: int) -> HttpResponse:
    """The office records a cadre's declaration (for instance from the paper form)."""
    user = request.user
    cadre = get_cadre_for_user(user, pk)
    if request.method != "POST" and not may_declare_for(user, cadre):
        raise PermissionDenied
    return _declaration(request, cadre, mine=False)


# --- The check --------------------------------------------------------------------------------


@login_required
def recusal_check(request: HttpRequest) -> HttpResponse:
    """Pick a round and a cadre: every rule against every target of the round, explained, with
    the recusals on record and whether a seat as leader or member is blocked."""
    user = request.user
    if not (
        has_capability(user, Capability.PLAN_EDIT) or has_capability(user, Capability.PEOPLE_EDIT)
    ):
        raise PermissionDenied
    rounds = services.checkable_rounds(user).order_by("-starts_on", "jurisdiction__path")
    round = cadre = None
    round_id = _int(request.GET.get("round"))
    if round_id is not None:
        round = rounds.filter(pk=round_id).first()
        if round is None:
            raise Http404
    candidates = (
        services.round_candidates(round).filter(pk__in=visible_cadres(user).values("pk"))
        if round
        else None
    )
    cadre_id = _int(request.GET.get("cadre"))
    if cadre_id is not None:
        cadre = get_cadre_for_user(user, cadre_id)
        if round is not None and not services.may_check(user, cadre, round):
            raise PermissionDenied
    rows = services.check_cadre(user, cadre, round) if round and cadre else None
    if rows is not None:
        _explain(r for row in rows for r in row.recusals)
        services.record_viewed(
            user, unit=round.jurisdiction, obj=round, changes={"cadre": cadre.pk}
        )
    return render(
        request,
        "staffing/recusal_check.html",
        {
            "rounds": rounds,
            "round": round,
            "cadre": cadre,
            "candidates": candidates,
            "rows": rows,
            "can_manage": round is not None and may_manage_round(user, round),
        },
    )
