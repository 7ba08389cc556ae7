"""The page of one lead and the keepers' work on it: editing, assessment, the related finding,
withdrawal, and the registration form as a Word file. Every showing of the lead is audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.documents import chinese_date, lines
from xuncha.documents.generation import generate
from xuncha.documents.http import send_generated
from xuncha.leads import selectors, services
from xuncha.leads.access import get_lead_for_user, keeper_role, reader_role
from xuncha.leads.auditing import record_lead_viewed
from xuncha.leads.forms import (
    AssessForm,
    DecideForm,
    FindingForm,
    GrantForm,
    HandoverForm,
    LeadForm,
    ReasonForm,
    RecordHandoverForm,
    SubjectFormSet,
)
from xuncha.leads.labels import document_number, label_lead
from xuncha.leads.material import grouped_choices, inspection_material
from xuncha.leads.models import Lead, LeadGrant, LeadHandover
from xuncha.leads.services_access import approvers
from xuncha.leads.views import lead_form_context, place_errors, source_rows, subject_rows
from xuncha.plans.models import Stage

S = Lead.Status
# Where a linked record's own page is (its choke point still decides who opens it).
RECORD_URLS = {
    "petitions.petition": ("petitions:detail", {}),
    "interviews.interview": ("interviews:record", {}),
    "fieldwork.requesteddocument": ("fieldwork:requested_document", {}),
    "fieldwork.fieldvisit": ("fieldwork:check", {"kind": "visit"}),
    "fieldwork.personalmatterscheck": ("fieldwork:check", {"kind": "personal"}),
    "fieldwork.specialcheck": ("fieldwork:check", {"kind": "special"}),
}


def _lead(request: HttpRequest, pk: int) -> Lead:
    return get_lead_for_user(request.user, pk)


def _keeper(request: HttpRequest, lead: Lead) -> None:
    if keeper_role(request.user, lead.inspection) is None:
        raise PermissionDenied


def _sources(lead: Lead) -> list[dict]:
    out = []
    for source in lead.sources.select_related("content_type"):
        url = ""
        if source.content_type_id:
            ct = source.content_type
            name, extra = RECORD_URLS.get(f"{ct.app_label}.{ct.model}", ("", {}))
            if name:
                url = reverse(name, kwargs={**extra, "pk": source.object_id})
        out.append({"source": source, "url": url})
    return out


def _detail(request: HttpRequest, lead: Lead, *, status: int = 200, **forms) -> HttpResponse:
    """The lead's page with the forms the reader may use; one audited view."""
    inspection = lead.inspection
    record_lead_viewed(lead, actor=request.user)
    label_lead(request.user, lead)
    keeper = keeper_role(request.user, inspection) is not None
    locked = keeper and services.carried_by_report(lead)
    handover = selectors.open_handover(lead)
    units = services.receiving_units(inspection)
    context = {
        "inspection": inspection,
        "lead": lead,
        "subjects": lead.subjects.select_related("unit"),
        "sources": _sources(lead),
        "keeper": keeper,
        "locked": locked,
        "editable": keeper and not locked and lead.status in services.EDITABLE,
        "assessable": keeper and not locked and lead.status in (S.REGISTERED, S.ASSESSED),
        "handovers": lead.handovers.select_related(
            "approver", "requested_by", "receiver_unit", "recorded_by"
        ),
        "open_handover": handover,
        "may_request_handover": keeper
        and not locked
        and handover is None
        and lead.status in (S.REGISTERED, S.ASSESSED)
        and inspection.stage == Stage.STATIONED,
        "may_decide": handover is not None
        and handover.status == LeadHandover.Status.PENDING
        and handover.approver_id == request.user.pk,
        "may_record": keeper
        and handover is not None
        and handover.status == LeadHandover.Status.APPROVED,
        "grants": LeadGrant.objects.filter(lead=lead).select_related(
            "user", "granted_by", "revoked_by"
        )
        if keeper
        else LeadGrant.objects.none(),
    }
    if keeper:
        context.update(
            {
                "assess_form": forms.get("assess_form")
                or AssessForm(
                    initial={
                        "assessment": lead.assessment,
                        "proposed_disposal": lead.proposed_disposal,
                    }
                ),
                "finding_form": forms.get("finding_form")
                or FindingForm(
                    findings=selectors.finding_choices(inspection),
                    initial={"finding": lead.finding_id},
                ),
                "withdraw_form": forms.get("withdraw_form") or ReasonForm(),
                "grant_form": forms.get("grant_form") or GrantForm(initial={"lead": lead.pk}),
                "handover_form": forms.get("handover_form")
                or HandoverForm(
                    approvers=approvers(inspection),
                    receiving_units=units,
                    initial={
                        "receiver": lead.proposed_receiver,
                        "receiver_unit": lead.receiver_unit_id,
                    },
                ),
                "record_form": forms.get("record_form")
                or RecordHandoverForm(
                    initial={"handed_over_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
                ),
            }
        )
    if context["may_decide"]:
        context["decide_form"] = forms.get("decide_form") or DecideForm()
    return render(request, "leads/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _lead(request, pk))


def edited_sources(lead: Lead, data: dict) -> list[dict]:
    """The sources after an edit: the records ticked (keeping what each was noted to show),
    the sources described before, and one typed in now."""
    kept = list(lead.sources.all())
    notes = {f"{s.content_type_id}:{s.object_id}": s.note for s in kept if s.content_type_id}
    linked = [
        {"obj": row["obj"], "note": notes.get(token, "")}
        for token, row in zip(data["material"], source_rows(data, lead.inspection), strict=False)
    ]
    described = [
        {"kind": s.kind, "label": s.label, "note": s.note} for s in kept if not s.content_type_id
    ]
    return [*linked, *described, *source_rows({**data, "material": []}, lead.inspection)]


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A keeper corrects what the registrant wrote."""
    lead = _lead(request, pk)
    _keeper(request, lead)
    if lead.status not in services.EDITABLE or services.carried_by_report(lead):
        messages.error(request, _("The lead can no longer change."))
        return redirect("leads:detail", pk=lead.pk)
    inspection = lead.inspection
    material = inspection_material(inspection)
    units = services.subject_units(inspection).order_by("path")
    kwargs = {
        "material_choices": grouped_choices(material),
        "receiving_units": services.receiving_units(inspection),
    }
    subject_errors: list[str] = []
    if request.method == "POST":
        form = LeadForm(request.POST, **kwargs)
        subjects = SubjectFormSet(request.POST, prefix="subjects", form_kwargs={"units": units})
        if form.is_valid() and subjects.is_valid():
            data = form.cleaned_data
            try:
                services.update_lead(
                    lead,
                    actor=request.user,
                    subjects=subject_rows(subjects),
                    sources=edited_sources(lead, data),
                    content=data["content"],
                    proposed_receiver=data["proposed_receiver"],
                    receiver_unit=data["receiver_unit"],
                    proposed_disposal=data["proposed_disposal"],
                )
            except ValidationError as exc:
                place_errors(exc, form, subject_errors)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("leads:detail", pk=lead.pk)
        subject_errors += list(subjects.non_form_errors())
    else:
        tokens = {
            f"{s.content_type_id}:{s.object_id}" for s in lead.sources.all() if s.content_type_id
        }
        form = LeadForm(
            initial={
                "material": sorted(tokens),
                "content": lead.content,
                "proposed_receiver": lead.proposed_receiver,
                "receiver_unit": lead.receiver_unit_id,
                "proposed_disposal": lead.proposed_disposal,
            },
            **kwargs,
        )
        initial = [
            {"name": s.name, "post": s.post, "unit": s.unit_id, "cadre_level": s.cadre_level}
            for s in lead.subjects.all()
        ]
        subjects = SubjectFormSet(
            prefix="subjects", initial=[*initial, {}], form_kwargs={"units": units}
        )
    record_lead_viewed(lead, actor=request.user, via="edit")
    return render(
        request,
        "leads/form.html",
        lead_form_context(
            inspection,
            form,
            subjects,
            subject_errors,
            lead=lead,
            described=lead.sources.filter(content_type__isnull=True),
        ),
    )


@login_required
@require_POST
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    lead = _lead(request, pk)
    _keeper(request, lead)
    form = AssessForm(request.POST)
    if form.is_valid():
        try:
            services.assess_lead(lead, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect("leads:detail", pk=lead.pk)
    return _detail(request, lead, assess_form=form)


@login_required
@require_POST
def link_finding(request: HttpRequest, pk: int) -> HttpResponse:
    lead = _lead(request, pk)
    _keeper(request, lead)
    form = FindingForm(request.POST, findings=selectors.finding_choices(lead.inspection))
    if form.is_valid():
        try:
            services.link_finding(lead, actor=request.user, finding=form.cleaned_data["finding"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Related finding saved."))
            return redirect("leads:detail", pk=lead.pk)
    return _detail(request, lead, finding_form=form)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    lead = _lead(request, pk)
    _keeper(request, lead)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_lead(lead, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Lead withdrawn."))
    else:
        flash_errors(request, form)
    return redirect("leads:detail", pk=lead.pk)


# --- The registration form as a Word file ------------------------------------------------------


def registration_context(lead: Lead) -> dict:
    """Plain data for lead_registration.docx (no model instances: templates are sandboxed)."""
    data = selectors.lead_summary(lead)
    inspection = lead.inspection
    handover = lead.handovers.filter(status=LeadHandover.Status.HANDED_OVER).first()
    subjects = [
        {
            "text": "，".join(
                part for part in (s["name"], f"{s['unit']}{s['post']}", s["cadre_level"]) if part
            )
        }
        for s in data["subject_list"]
    ]
    return {
        "classification": "工作秘密",
        "title": "问题线索登记表",
        "inspection": f"{inspection.round.name}　{inspection.team.name}",
        "number": document_number(lead),
        "target": inspection.target.name,
        "subjects": subjects or [{"text": "无"}],
        "source": data["source"] or data["source_kind"],
        "content": lines(lead.content) or ["无"],
        "proposed_receiver": data["proposed_receiver"] or "—",
        "proposed_disposal": data["proposed_disposal"] or "—",
        "assessment": lines(lead.assessment) or ["尚未研判"],
        "registered_by": lead.registered_by.get_full_name() if lead.registered_by_id else "",
        "registered_on": chinese_date(timezone.localtime(lead.created_at).date()),
        "status": data["status"],
        "handover": (
            f"已于{chinese_date(timezone.localtime(handover.handed_over_at).date())}"
            f"边巡边移交，接收人：{handover.received_by}"
        )
        if handover and handover.handed_over_at
        else "",
        "made_on": chinese_date(timezone.localdate()),
    }


@login_required
@require_GET
def word(request: HttpRequest, pk: int) -> HttpResponse:
    """问题线索登记表 of the lead, as Word (or PDF with ?format=pdf); the generation is the
    audited view."""
    lead = _lead(request, pk)
    lead = (
        selectors.with_details(Lead.objects.filter(pk=lead.pk))
        .select_related(
            "inspection",
            "inspection__round",
            "inspection__round__jurisdiction",
            "inspection__target",
            "inspection__team",
        )
        .get()
    )
    label_lead(request.user, lead)

    def make(fmt: str):
        return generate(
            "lead_registration.docx",
            registration_context(lead),
            source=lead,
            filename=f"问题线索登记表-{lead.inspection.target.name}-{document_number(lead)}",
            actor=request.user,
            role=reader_role(request.user, lead),
            fmt=fmt,
            # Not filed under the inspection: lists of an inspection's documents must never
            # show that a lead exists. The file is reached through the lead only.
            unit=lead.inspection.round.jurisdiction,
        )

    return send_generated(request, make)
