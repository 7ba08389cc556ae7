"""Pages for cadres, talent pools and inspection teams. Reads go through the choke points in
permissions.py, writes through services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuncha.accounts.permissions import has_capability, restrict, role_for, visible_users
from xuncha.accounts.roles import Capability
from xuncha.core.forms import apply_errors, flash_errors
from xuncha.orgs.models import Level, Unit
from xuncha.orgs.permissions import visible_units
from xuncha.orgs.tree import ancestor_paths
from xuncha.people import services
from xuncha.people.forms import (
    AccountForm,
    AddToPoolForm,
    CadreForm,
    PoolForm,
    ReadmitForm,
    RemoveFromPoolForm,
    TeamForm,
)
from xuncha.people.models import PoolMembership, Specialty, TrainingRecord
from xuncha.people.permissions import (
    can_read_private,
    get_cadre_for_user,
    get_membership_for_user,
    get_pool_for_user,
    may_read_removal_reason,
    visible_cadres,
    visible_memberships,
    visible_pools,
    visible_records,
    visible_teams,
)
from xuncha.people.records import KINDS
from xuncha.people.selectors import skill_q

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


def _regions(user, keep: int | None = None):
    """Home regions to offer: county-level party committees the person can see, and the
    cadre's current one even when it lies outside (set by an office above), so that saving the
    form does not drop it."""
    qs = visible_units(user, Capability.UNIT_VIEW).filter(
        level=Level.COUNTY, kind__in=services.REGION_KINDS, is_active=True
    )
    if keep is not None:
        qs = qs | Unit.objects.filter(pk=keep)
    return qs.order_by("path")


def _current(prefix: str = "") -> Q:
    return Q(**{f"{prefix}removed_on__isnull": True})


@login_required
def cadres(request: HttpRequest) -> HttpResponse:
    """The cadres in the person's scope, searchable by text and filtered by pool and skill."""
    user = request.user
    _require(user, Capability.PEOPLE_VIEW)
    pools = list(visible_pools(user).order_by("jurisdiction__path", "kind", "name"))
    pool_names = {p.pk: p.name for p in pools}
    qs = visible_cadres(user).order_by("full_name", "id")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(
            Q(full_name__icontains=q)
            | Q(post__icontains=q)
            | Q(education__icontains=q)
            | Q(unit__name__icontains=q)
            | Q(unit__short_name__icontains=q)
        )
    pool_id = _int(request.GET.get("pool"))
    if pool_id is not None:
        # An unknown or out-of-scope pool shows nothing rather than everything; removed
        # members are no longer in the pool.
        qs = qs.filter(
            memberships__pool_id=pool_id if pool_id in pool_names else 0,
            memberships__removed_on__isnull=True,
        )
    skill = request.GET.get("skill", "")
    if skill in services.EXPERTISE_VALUES:
        qs = qs.filter(skill_q(skill))
    current = PoolMembership.objects.filter(_current())
    page = Paginator(
        qs.prefetch_related(Prefetch("memberships", queryset=current)), PAGE_SIZE
    ).get_page(request.GET.get("page"))
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
            "skill": skill,
            "skills": [(v, label) for v, label in Specialty.choices if v != Specialty.OTHER],
            "can_edit": has_capability(user, Capability.PEOPLE_EDIT),
            "can_import": has_capability(user, Capability.PEOPLE_EDIT),
        },
    )


@login_required
def cadre_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A cadre's profile and record: résumé, availability, training, rewards and pools for
    everyone who may see the cadre; relatives and working relations only for the office."""
    user = request.user
    cadre = get_cadre_for_user(user, pk)
    memberships = list(
        restrict(
            cadre.memberships.select_related("pool", "pool__jurisdiction"),
            user,
            Capability.PEOPLE_VIEW,
            "pool__jurisdiction__path",
        ).order_by("removed_on", "pool__name")
    )
    for membership in memberships:
        membership.show_reason = may_read_removal_reason(user, membership)
    can_edit = role_for(user, Capability.PEOPLE_EDIT, cadre.unit.path) is not None
    private = can_read_private(user, cadre)
    sections = []
    for kind in KINDS.values():
        if kind.private and not private:
            continue
        # The choke point applies the privacy rule again, whatever the template does.
        entries = list(visible_records(user, kind.model).filter(cadre=cadre))
        section = {"kind": kind, "entries": entries}
        if kind.model is TrainingRecord:
            # Pool members are expected to train several times a year; show where they stand.
            year = timezone.localdate().year
            section["this_year"] = sum(1 for e in entries if e.held_on.year == year)
        sections.append(section)
    return render(
        request,
        "people/cadre_detail.html",
        {
            "cadre": cadre,
            "memberships": memberships,
            "can_edit": can_edit,
            "sections": sections,
            "pool_form": AddToPoolForm(pools=_pools_open_to(user, cadre)),
            "account_form": AccountForm() if can_edit else None,
        },
    )


@login_required
@require_POST
def cadre_account(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the cadre to an account by its user name, or take the link away ("unlink")."""
    user = request.user
    cadre = get_cadre_for_user(user, pk)
    if request.POST.get("unlink"):
        try:
            services.unlink_account(cadre, actor=user, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The account is no longer linked to the cadre."))
        return redirect("people:cadre", pk=cadre.pk)
    form = AccountForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("people:cadre", pk=cadre.pk)
    # Only accounts in the person's sight are found; the service answers the rest alike.
    account = visible_users(user).filter(username=form.cleaned_data["username"].strip()).first()
    try:
        services.link_account(cadre, account, actor=user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The account has been linked to the cadre."))
    return redirect("people:cadre", pk=cadre.pk)


def _pools_open_to(user, cadre):
    """Pools the person may add this cadre to: editable, of a jurisdiction above the cadre's
    work unit, not holding the cadre now (a pool the cadre was removed from is offered again,
    for re-admission)."""
    paths = [*ancestor_paths(cadre.unit.path), cadre.unit.path]
    return (
        visible_pools(user, Capability.PEOPLE_EDIT)
        .filter(jurisdiction__path__in=paths, is_active=True)
        .exclude(
            pk__in=PoolMembership.objects.filter(cadre=cadre, removed_on__isnull=True).values(
                "pool_id"
            )
        )
    )


@login_required
def cadre_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(user, Capability.PEOPLE_EDIT)
    form = CadreForm(
        request.POST or None,
        units=visible_units(user, Capability.PEOPLE_EDIT),
        regions=_regions(user),
    )
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
        "expertise": cadre.expertise_tags,
        "education": cadre.education,
        "native_place": cadre.native_place_id,
        "phone": cadre.phone,
        "notes": cadre.notes,
        "is_active": cadre.is_active,
    }
    form = CadreForm(
        request.POST or None,
        initial=initial,
        editing=True,
        units=visible_units(user, Capability.PEOPLE_EDIT),
        regions=_regions(user, keep=cadre.native_place_id),
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
        .annotate(members=Count("memberships", filter=_current("memberships__")))
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
    """A pool's current members, and separately those removed, with the day and the reason."""
    user = request.user
    pool = get_pool_for_user(user, pk)
    # A member who has since moved to a unit outside the person's scope is left out.
    members = visible_memberships(user).filter(pool=pool)
    current = members.filter(_current()).order_by("cadre__full_name", "cadre_id")
    removed = members.exclude(_current()).order_by("-removed_on", "cadre__full_name")
    return render(
        request,
        "people/pool_detail.html",
        {
            "pool": pool,
            "page": Paginator(current, PAGE_SIZE).get_page(request.GET.get("page")),
            "removed": Paginator(removed, PAGE_SIZE).get_page(request.GET.get("removed_page")),
            "can_edit": role_for(user, Capability.PEOPLE_EDIT, pool.jurisdiction.path) is not None,
        },
    )


@login_required
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a cadre out of a pool, giving the reason; the pool keeps the record."""
    membership = get_membership_for_user(request.user, pk, Capability.PEOPLE_EDIT)
    form = RemoveFromPoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_from_pool(
                membership,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                removed_on=form.cleaned_data["removed_on"],
            )
        except ValidationError as exc:
            apply_errors(form, exc, default_field="reason")
        else:
            messages.success(request, _("The cadre has been removed from the pool."))
            return redirect("people:pool", pk=membership.pool_id)
    return render(
        request, "people/membership_remove.html", {"form": form, "membership": membership}
    )


@login_required
@require_POST
def membership_readmit(request: HttpRequest, pk: int) -> HttpResponse:
    """Admit a removed cadre to the pool again."""
    membership = get_membership_for_user(request.user, pk, Capability.PEOPLE_EDIT)
    form = ReadmitForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("people:pool", pk=membership.pool_id)
    try:
        services.add_to_pool(
            membership.pool,
            membership.cadre,
            actor=request.user,
            joined_on=form.cleaned_data["joined_on"],
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The cadre has been admitted to the pool again."))
    return redirect("people:pool", pk=membership.pool_id)


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
