"""Pages of the petition register: the register of an inspection, registering and correcting a
petition, its detail with the timeline, and the Excel export. The moves of the workflow and the
reporter's identity are in `views_actions`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from xuncha.fieldwork.access import get_stationing_for_user, may_write
from xuncha.orgs.models import Unit
from xuncha.orgs.permissions import visible_units
from xuncha.orgs.tree import subtree_q
from xuncha.petitions import exporting, services, workflow
from xuncha.petitions.access import (
    get_petition_for_user,
    may_see_identity,
    may_write_petition,
    visible_petitions,
)
from xuncha.petitions.forms import (
    AssessForm,
    CloseForm,
    FilterForm,
    ForwardForm,
    IdentityForm,
    PetitionForm,
    RevealForm,
    SubjectFormSet,
    TakeUpForm,
)
from xuncha.petitions.models import Petition, Status
from xuncha.petitions.selectors import petition_counts

PAGE_SIZE = 50
SUBJECT_ROWS = 3


def filtered(qs, form: FilterForm):
    """The register cut down by the filter form (channel, scope, status)."""
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    if data.get("channel"):
        qs = qs.filter(channel=data["channel"])
    scope = data.get("scope")
    if scope == "in":
        qs = qs.filter(in_scope=True)
    elif scope == "out":
        qs = qs.filter(in_scope=False)
    elif scope == "pending":
        qs = qs.filter(in_scope__isnull=True)
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    return qs


def register_of(user, inspection):
    return (
        visible_petitions(user)
        .filter(inspection=inspection)
        .prefetch_related("subjects")
        .order_by("-number")
    )


@login_required
@require_GET
def home(request: HttpRequest, pk: int) -> HttpResponse:
    """The inspection's petition register, newest first, with filters."""
    inspection = get_stationing_for_user(request.user, pk)
    form = FilterForm(request.GET)
    page = Paginator(filtered(register_of(request.user, inspection), form), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = petition_counts([inspection.pk])[inspection.pk]
    return render(
        request,
        "petitions/home.html",
        {
            "inspection": inspection,
            "page": page,
            "form": form,
            "counts": counts,
            "writable": may_write(request.user, inspection),
            "filtering": any(request.GET.get(k) for k in ("channel", "scope", "status")),
        },
    )


@login_required
@require_GET
def export(request: HttpRequest, pk: int) -> FileResponse:
    """The register as an Excel workbook, without identities or content; audited."""
    inspection = get_stationing_for_user(request.user, pk)
    form = FilterForm(request.GET)
    qs = filtered(register_of(request.user, inspection), form).order_by("number")
    out, count = exporting.export_register(qs)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    services.record_register_export(inspection, actor=request.user, count=count, filters=filters)
    name = f"信访件登记簿-{inspection.target.name}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=exporting.CONTENT_TYPE)


# --- Registering and correcting ----------------------------------------------------------------


def subject_units(inspection):
    """Units a person reported on may belong to: the target and two levels below it."""
    target = inspection.target
    return Unit.objects.filter(
        subtree_q(target.path), is_active=True, depth__lte=target.depth + 2
    ).order_by("path")


def subject_rows(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if getattr(f, "cleaned_data", None)]


def apply_service_errors(exc: ValidationError, form, identity_form=None) -> list[str]:
    """Put a service's errors on the right form; returns those about the people reported on."""
    about_subjects: list[str] = []
    if not hasattr(exc, "error_dict"):
        form.add_error(None, ValidationError(exc.messages))
        return about_subjects
    for field, errors in exc.error_dict.items():
        texts = [m for e in errors for m in e.messages]
        if field.startswith("identity_") and identity_form is not None:
            target = field.removeprefix("identity_")
            identity_form.add_error(
                target if target in identity_form.fields else None, ValidationError(texts)
            )
        elif field == "anonymous" and "reporter" in form.fields:
            form.add_error("reporter", ValidationError(texts))
        elif field == "subjects":
            about_subjects += texts
        else:
            form.add_error(field if field in form.fields else None, ValidationError(texts))
    return about_subjects


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a letter, call or visit; the identity of a named reporter on the same form."""
    inspection = get_stationing_for_user(request.user, pk)
    if not may_write(request.user, inspection):
        raise PermissionDenied
    units = subject_units(inspection)
    subject_errors: list[str] = []
    if request.method == "POST":
        form = PetitionForm(request.POST)
        identity_form = IdentityForm(request.POST, prefix="identity")
        subjects = SubjectFormSet(request.POST, prefix="subjects", form_kwargs={"units": units})
        if all([form.is_valid(), identity_form.is_valid(), subjects.is_valid()]):
            data = form.cleaned_data
            named = data["reporter"] == "named"
            identity = identity_form.cleaned_data
            try:
                petition = services.register_petition(
                    inspection,
                    actor=request.user,
                    received_on=data["received_on"],
                    channel=data["channel"],
                    summary=data["summary"],
                    content=data["content"],
                    subjects=subject_rows(subjects),
                    anonymous=not named,
                    identity=identity if named or any(identity.values()) else None,
                    area=data["area"],
                    reporter_count=data["reporter_count"],
                )
            except ValidationError as exc:
                subject_errors = apply_service_errors(exc, form, identity_form)
            else:
                messages.success(request, _("%(label)s registered.") % {"label": petition.label})
                return redirect("petitions:detail", pk=petition.pk)
        subject_errors += list(subjects.non_form_errors())
    else:
        form = PetitionForm()
        identity_form = IdentityForm(prefix="identity")
        subjects = SubjectFormSet(
            prefix="subjects", initial=[{}] * SUBJECT_ROWS, form_kwargs={"units": units}
        )
    return render(
        request,
        "petitions/form.html",
        {
            "inspection": inspection,
            "petition": None,
            "form": form,
            "identity_form": identity_form,
            "subjects": subjects,
            "subject_errors": subject_errors,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct what was registered; the identity has its own audited page."""
    petition = get_petition_for_user(request.user, pk)
    if not may_write_petition(request.user, petition) or petition.inspection_id is None:
        raise PermissionDenied
    if petition.status == Status.CLOSED:
        messages.error(request, _("A closed petition can no longer change."))
        return redirect("petitions:detail", pk=petition.pk)
    units = subject_units(petition.inspection)
    subject_errors: list[str] = []
    if request.method == "POST":
        form = PetitionForm(request.POST, named_fixed=True)
        subjects = SubjectFormSet(request.POST, prefix="subjects", form_kwargs={"units": units})
        if form.is_valid() and subjects.is_valid():
            data = form.cleaned_data
            try:
                services.update_petition(
                    petition,
                    actor=request.user,
                    subjects=subject_rows(subjects),
                    **{f: data[f] for f in services.EDITABLE_FIELDS},
                )
            except ValidationError as exc:
                subject_errors = apply_service_errors(exc, form)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("petitions:detail", pk=petition.pk)
        subject_errors += list(subjects.non_form_errors())
    else:
        form = PetitionForm(
            named_fixed=True, initial={f: getattr(petition, f) for f in services.EDITABLE_FIELDS}
        )
        initial = [
            {"name": s.name, "post": s.post, "unit": s.unit_id, "note": s.note}
            for s in petition.subjects.all()
        ]
        subjects = SubjectFormSet(
            prefix="subjects", initial=[*initial, {}, {}], form_kwargs={"units": units}
        )
    return render(
        request,
        "petitions/form.html",
        {
            "inspection": petition.inspection,
            "petition": petition,
            "form": form,
            "identity_form": None,
            "subjects": subjects,
            "subject_errors": subject_errors,
        },
    )


# --- The petition --------------------------------------------------------------------------------


def render_detail(
    request: HttpRequest, petition: Petition, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    """The petition's page; every rendering of its content is an audit event."""
    user = request.user
    services.record_petition_view(petition, actor=user)
    writable = may_write_petition(user, petition)
    units = visible_units(user).filter(is_active=True)
    context = {
        "petition": petition,
        "inspection": petition.inspection,
        "subjects": petition.subjects.select_related("unit"),
        "events": petition.events.all(),
        "writable": writable,
        "sees_identity": may_see_identity(user, petition),
        "moves": workflow.available(petition) if writable else set(),
        "assess_form": AssessForm(
            initial={
                "in_scope": {True: "yes", False: "no"}.get(petition.in_scope),
                "reason": petition.scope_reason,
                "area": petition.area,
            }
        ),
        "take_up_form": TakeUpForm(),
        "forward_form": ForwardForm(units=units),
        "close_form": CloseForm(),
        "reveal_form": RevealForm(),
    }
    context.update(bound or {})
    return render(request, "petitions/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, get_petition_for_user(request.user, pk))
