"""Pages for cadres, talent pools and inspection teams. Reads go through the choke points in
permissions.py, writes through services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuncha.accounts.permissions import has_capability, restrict, role_for
from xuncha.accounts.roles import Capability
from xuncha.core.forms import apply_errors, flash_errors
from xuncha.orgs.permissions import visible_units
from xuncha.orgs.tree import ancestor_paths
from xuncha.people import services
from xuncha.people.forms import AddToPoolForm, CadreForm, PoolForm, TeamForm
from xuncha.people.models import Specialty
from xuncha.people.permissions import (
    get_cadre_for_user,
    get_pool_for_user,
    visible_cadres,
    visible_pools,
    visible_teams,
)

PAGE_SIZE = 50


def _require(user, capability: Capability) -> None:
    if not has_capability(user, capability):
        raise PermissionDenied


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _jurisdictions(user):
    return visible_units(user, Capability.PEOPLE_EDIT).filter(has_office=True, is_active=True)


@login_required
def cadres(request: HttpRequest) -> HttpResponse:
    """The cadres in the person's scope, searchable and filtered by pool and specialty."""
    user = request.user
    _require(user, Capability.PEOPLE_VIEW)
    pools = list(visible_pools(user).order_by("jurisdiction__path", "kind", "name"))
    pool_names = {p.pk: p.name for p in pools}
    qs = visible_cadres(user).order_by("full_name", "id")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(
            Q(full_name__icontains=q)
            | Q(post__icontains=q)
            | Q(unit__name__icontains=q)
            | Q(unit__short_name__icontains=q)
        )
    pool_id = _int(request.GET.get("pool"))
    if pool_id is not None:
        # An unknown or out-of-scope pool shows nothing rather than everything.
        qs = qs.filter(memberships__pool_id=pool_id if pool_id in pool_names else 0)
    specialty = request.GET.get("specialty", "")
    if specialty in Specialty.values:
        qs = qs.filter(specialty=specialty)
    page = Paginator(qs.prefetch_related("memberships"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for cadre in page:
        # Only the names of pools the person may see.
        cadre.pool_names = [
            pool_names[m.pool_id] for m in cadre.memberships.all() if m.pool_id in pool_names
        ]
    return render(
        request,
        "people/cadres.html",
        {
            "page": page,
            "q": q,
            "pools": pools,
            "pool_id": pool_id,
            "specialty": specialty,
            "specialties": Specialty.choices,
            "can_edit": has_capability(user, Capability.PEOPLE_EDIT),
        },
    )


@login_required
def cadre_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    cadre = get_cadre_for_user(user, pk)
    memberships = restrict(
        cadre.memberships.select_related("pool"),
        user,
        Capability.PEOPLE_VIEW,
        "pool__jurisdiction__path",
    )
    can_edit = role_for(user, Capability.PEOPLE_EDIT, cadre.unit.path) is not None
    return render(
        request,
        "people/cadre_detail.html",
        {
            "cadre": cadre,
            "memberships": memberships,
            "can_edit": can_edit,
            "pool_form": AddToPoolForm(pools=_pools_open_to(user, cadre)),
        },
    )


def _pools_open_to(user, cadre):
    """Pools the person may add this cadre to: editable, of a jurisdiction above the cadre's
    work unit, not yet holding the cadre."""
    paths = [*ancestor_paths(cadre.unit.path), cadre.unit.path]
    return (
        visible_pools(user, Capability.PEOPLE_EDIT)
        .filter(jurisdiction__path__in=paths, is_active=True)
        .exclude(memberships__cadre=cadre)
    )


@login_required
def cadre_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(user, Capability.PEOPLE_EDIT)
    form = CadreForm(request.POST or None, units=visible_units(user, Capability.PEOPLE_EDIT))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        try:
            cadre = services.create_cadre(actor=user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The cadre has been added."))
            return redirect("people:cadre", pk=cadre.pk)
    return render(request, "people/cadre_form.html", {"form": form, "creating": True})


@login_required
def cadre_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    cadre = get_cadre_for_user(user, pk, Capability.PEOPLE_EDIT)
    initial = {
        "full_name": cadre.full_name,
        "gender": cadre.gender,
        "birth_year": cadre.birth_year,
        "unit": cadre.unit.code,
        "post": cadre.post,
        "rank": cadre.rank,
        "specialty": cadre.specialty,
        "phone": cadre.phone,
        "notes": cadre.notes,
        "is_active": cadre.is_active,
    }
    form = CadreForm(
        request.POST or None,
        initial=initial,
        editing=True,
        units=visible_units(user, Capability.PEOPLE_EDIT),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_cadre(cadre, actor=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The cadre has been saved."))
            return redirect("people:cadre", pk=cadre.pk)
    return render(request, "people/cadre_form.html", {"form": form, "cadre": cadre})


@login_required
@require_POST
def cadre_add_to_pool(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    cadre = get_cadre_for_user(user, pk)
    form = AddToPoolForm(request.POST, pools=_pools_open_to(user, cadre))
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("people:cadre", pk=cadre.pk)
    try:
        services.add_to_pool(form.cleaned_data["pool"], cadre, actor=user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The cadre has been added to the pool."))
    return redirect("people:cadre", pk=cadre.pk)


@login_required
def pools(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(user, Capability.PEOPLE_VIEW)
    qs = (
        visible_pools(user)
        .annotate(members=Count("memberships"))
        .order_by("jurisdiction__path", "kind", "name")
    )
    return render(
        request,
        "people/pools.html",
        {
            "pools": qs,
            "can_edit": has_capability(user, Capability.PEOPLE_EDIT),
        },
    )


@login_required
def pool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    pool = get_pool_for_user(user, pk)
    # A member who has since moved to a unit outside the person's scope is left out.
    members = restrict(
        pool.memberships.select_related("cadre", "cadre__unit"),
        user,
        Capability.PEOPLE_VIEW,
        "cadre__unit__path",
    ).order_by("cadre__full_name", "cadre_id")
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/pool_detail.html", {"pool": pool, "page": page})


@login_required
def pool_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(user, Capability.PEOPLE_EDIT)
    form = PoolForm(request.POST or None, jurisdictions=_jurisdictions(user))
    if request.method == "POST" and form.is_valid():
        try:
            pool = services.create_pool(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The talent pool has been created."))
            return redirect("people:pool", pk=pool.pk)
    return render(
        request,
        "people/simple_form.html",
        {"form": form, "title": _("New talent pool"), "back": "people:pools"},
    )


@login_required
def teams(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(user, Capability.PEOPLE_VIEW)
    return render(
        request,
        "people/teams.html",
        {
            "teams": visible_teams(user).order_by("jurisdiction__path", "number"),
            "can_edit": has_capability(user, Capability.PEOPLE_EDIT),
        },
    )


@login_required
def team_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(user, Capability.PEOPLE_EDIT)
    form = TeamForm(request.POST or None, jurisdictions=_jurisdictions(user))
    if request.method == "POST" and form.is_valid():
        try:
            services.create_team(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The inspection team has been created."))
            return redirect("people:teams")
    return render(
        request,
        "people/simple_form.html",
        {"form": form, "title": _("New inspection team"), "back": "people:teams"},
    )
