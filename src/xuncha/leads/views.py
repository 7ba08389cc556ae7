"""Pages listing leads: the leads of an inspection, "my leads" across inspections with search,
the hand-overs put to an approver, the Excel export, and registering a lead.

A list shows only what `visible_leads` lets through and is audited when it shows any lead. A
page that shows no lead is the same whether or not leads exist: no count, no number, no hint.
"""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from xuncha.core.forms import apply_errors
from xuncha.fieldwork.access import may_write
from xuncha.leads import exporting, selectors, services
from xuncha.leads.access import (
    get_lead_inspection_for_user,
    keeper_role,
    may_export,
    visible_leads,
)
from xuncha.leads.auditing import record_leads_exported, record_leads_listed
from xuncha.leads.forms import CADRE_LEVELS, SUBJECT_ROWS, FilterForm, LeadForm, SubjectFormSet
from xuncha.leads.labels import label_leads
from xuncha.leads.material import grouped_choices, inspection_material, resolve

PAGE_SIZE = 50
REGISTERED_KEY = "leads_registered"


def _page(request: HttpRequest, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
@require_GET
def home(request: HttpRequest, pk: int) -> HttpResponse:
    """The inspection's leads the person may see; for the rest of the team, an empty list and
    the way to register one."""
    inspection = get_lead_inspection_for_user(request.user, pk)
    form = FilterForm(request.GET)
    values = form.values()
    page = _page(
        request, selectors.filtered(selectors.leads_of(request.user, inspection), **values)
    )
    shown = label_leads(request.user, page)
    record_leads_listed(
        shown,
        actor=request.user,
        via="search" if values["query"] else "list",
        query=values["query"],
        inspection=inspection,
    )
    return render(
        request,
        "leads/home.html",
        {
            "inspection": inspection,
            "page": page,
            "leads": shown,
            "form": form,
            "filtering": any(values.values()),
            "keeper": keeper_role(request.user, inspection) is not None,
            "exportable": may_export(request.user, inspection),
            "writable": may_write(request.user, inspection),
        },
    )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """Every lead the person may see, across inspections, with search."""
    form = FilterForm(request.GET)
    values = form.values()
    qs = selectors.with_details(visible_leads(request.user)).order_by(
        "-inspection__round__starts_on", "inspection_id", "number"
    )
    page = _page(request, selectors.filtered(qs, **values))
    shown = label_leads(request.user, page)
    record_leads_listed(
        shown,
        actor=request.user,
        via="search" if values["query"] else "mine",
        query=values["query"],
    )
    return render(
        request,
        "leads/mine.html",
        {
            "page": page,
            "leads": shown,
            "form": form,
            "filtering": any(values.values()),
        },
    )


@login_required
@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    """Hand-over requests put to this leading-group member, awaiting ones first."""
    page = _page(request, selectors.approvals_of(request.user))
    shown = list(page)
    label_leads(request.user, [h.lead for h in shown])
    record_leads_listed([h.lead for h in shown], actor=request.user, via="approvals")
    return render(request, "leads/approvals.html", {"page": page, "handovers": shown})


@login_required
@require_GET
def export(request: HttpRequest, pk: int) -> FileResponse:
    """The leads of the inspection the person sees, as a workbook; audited."""
    inspection = get_lead_inspection_for_user(request.user, pk)
    if not may_export(request.user, inspection):
        raise PermissionDenied
    values = FilterForm(request.GET).values()
    leads = label_leads(
        request.user, selectors.filtered(selectors.leads_of(request.user, inspection), **values)
    )
    out, _count = exporting.export_leads(leads)
    filters = {("q" if k == "query" else k): v for k, v in values.items() if v}
    record_leads_exported(leads, actor=request.user, inspection=inspection, filters=filters)
    name = f"问题线索登记簿-{inspection.target.name}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=exporting.CONTENT_TYPE)


# --- Registering -----------------------------------------------------------------------------


def subject_rows(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if getattr(f, "cleaned_data", None)]


def source_rows(data: dict, inspection) -> list[dict]:
    """The records ticked and the source described, as the services take them."""
    rows = [{"obj": resolve(token, inspection)} for token in data.get("material") or ()]
    if data.get("source_label"):
        rows.append({"kind": data["source_kind"], "label": data["source_label"]})
    return rows


def place_errors(exc: ValidationError, form, subject_errors: list) -> None:
    """A service's errors on the lead form; those about the people named above their rows."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            texts = [m for e in errors for m in e.messages]
            if field == "subjects":
                subject_errors += texts
            elif field == "sources":
                form.add_error("material", ValidationError(texts))
            else:
                form.add_error(field if field in form.fields else None, ValidationError(texts))
    else:
        apply_errors(form, exc)


def lead_form_context(inspection, form, subjects, subject_errors, **extra) -> dict:
    return {
        "inspection": inspection,
        "form": form,
        "subjects": subjects,
        "subject_errors": subject_errors,
        "cadre_levels": CADRE_LEVELS,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a lead. The form shows nothing of the leads that exist."""
    inspection = get_lead_inspection_for_user(request.user, pk)
    if not may_write(request.user, inspection):
        raise PermissionDenied
    choices = grouped_choices(inspection_material(inspection))
    units = services.subject_units(inspection).order_by("path")
    kwargs = {"material_choices": choices, "receiving_units": services.receiving_units(inspection)}
    subject_errors: list[str] = []
    if request.method == "POST":
        form = LeadForm(request.POST, **kwargs)
        subjects = SubjectFormSet(request.POST, prefix="subjects", form_kwargs={"units": units})
        if form.is_valid() and subjects.is_valid():
            data = form.cleaned_data
            try:
                lead = services.register_lead(
                    inspection,
                    actor=request.user,
                    subjects=subject_rows(subjects),
                    sources=source_rows(data, inspection),
                    content=data["content"],
                    proposed_receiver=data["proposed_receiver"],
                    receiver_unit=data["receiver_unit"],
                    proposed_disposal=data["proposed_disposal"],
                )
            except ValidationError as exc:
                place_errors(exc, form, subject_errors)
            else:
                if keeper_role(request.user, inspection):
                    messages.success(request, _("Lead registered."))
                    return redirect("leads:detail", pk=lead.pk)
                request.session[REGISTERED_KEY] = timezone.now().isoformat()
                return redirect("leads:registered", pk=inspection.pk)
        subject_errors += list(subjects.non_form_errors())
    else:
        form = LeadForm(**kwargs)
        subjects = SubjectFormSet(
            prefix="subjects", initial=[{}] * SUBJECT_ROWS, form_kwargs={"units": units}
        )
    return render(
        request,
        "leads/form.html",
        lead_form_context(inspection, form, subjects, subject_errors, lead=None),
    )


@login_required
@require_GET
def registered(request: HttpRequest, pk: int) -> HttpResponse:
    """What a registrant sees after registering: that it went to the leader, not the lead."""
    inspection = get_lead_inspection_for_user(request.user, pk)
    if not may_write(request.user, inspection):
        raise PermissionDenied
    when = request.session.pop(REGISTERED_KEY, None)
    return render(
        request,
        "leads/registered.html",
        {
            "inspection": inspection,
            "when": datetime.fromisoformat(when) if when else None,
        },
    )
