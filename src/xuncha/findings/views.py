"""Pages of the working papers: the findings of an inspection (landing page), writing a paper
from a handed-off problem or from scratch, the paper itself with its evidence and timeline, and
its Word files. The sign-off steps and the judgment are in `views_review`, immediate fixes in
`views_fix`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.documents.http import send_generated
from xuncha.fieldwork.access import get_stationing_for_user, may_write
from xuncha.fieldwork.briefing import get_problem_for_user, resolve_token
from xuncha.findings import access, selectors, services, word
from xuncha.findings.forms import EvidenceForm, FilterForm, FindingForm, RecordKindForm
from xuncha.findings.models import Finding, FindingEvidence, ImmediateFix
from xuncha.findings.services_review import missing_for_review

PAGE_SIZE = 30


@login_required
@require_GET
def home(request: HttpRequest, pk: int) -> HttpResponse:
    """The working papers of an inspection by status, with filters, and the problems handed on
    from the evening briefing that still wait for their paper."""
    inspection = get_stationing_for_user(request.user, pk)
    form = FilterForm(request.GET or None, inspection=inspection)
    page = Paginator(form.apply(selectors.findings_of(inspection)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "findings/home.html",
        {
            "inspection": inspection,
            "form": form,
            "filtering": form.filtering,
            "page": page,
            "counts": selectors.status_counts(inspection),
            "waiting": selectors.to_be_drafted(inspection),
            "writable": may_write(request.user, inspection),
            "pdf": word.pdf_available(),
        },
    )


def _form_page(request, inspection, form, finding=None, status=200) -> HttpResponse:
    return render(
        request,
        "findings/form.html",
        {
            "inspection": inspection,
            "form": form,
            "finding": finding,
            "articles": form.chosen_articles(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a working paper directly."""
    inspection = get_stationing_for_user(request.user, pk)
    if not may_write(request.user, inspection):
        raise PermissionDenied
    form = FindingForm(
        request.POST or None, inspection=inspection, instance=Finding(inspection=inspection)
    )
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.create_finding(
                inspection,
                actor=request.user,
                regulations=form.cleaned_data["regulations"],
                **form.service_fields(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Working paper No. %(n)d opened.") % {"n": finding.number})
            return redirect("findings:detail", pk=finding.pk)
    return _form_page(request, inspection, form)


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the working paper of a problem handed on from the evening briefing."""
    problem = get_problem_for_user(request.user, pk)
    try:
        finding = services.start_from_problem(problem, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("findings:home", pk=problem.inspection_id)
    messages.success(request, _("Working paper No. %(n)d opened.") % {"n": finding.number})
    return redirect("findings:edit", pk=finding.pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = access.get_finding_for_user(request.user, pk)
    if not access.may_edit(request.user, finding):
        raise PermissionDenied
    form = FindingForm(request.POST or None, inspection=finding.inspection, instance=finding)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_finding(
                finding,
                actor=request.user,
                regulations=form.cleaned_data["regulations"],
                **form.service_fields(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Working paper saved."))
            return redirect("findings:detail", pk=finding.pk)
    return _form_page(request, finding.inspection, form, finding)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = access.get_finding_for_user(request.user, pk)
    evidence = list(finding.evidence.select_related("added_by").order_by("id"))
    selectors.audit_interview_notes(finding, evidence, actor=request.user, via="finding")
    allowed = access.actions(request.user, finding)
    fix = (
        ImmediateFix.objects.filter(finding=finding)
        .select_related("sent_by", "replied_by", "accepted_by")
        .first()
    )
    return render(
        request,
        "findings/detail.html",
        {
            "inspection": finding.inspection,
            "finding": finding,
            "evidence": evidence,
            "articles": finding.regulations.select_related("regulation"),
            "judgment": getattr(finding, "judgment", None) if finding.is_conduct else None,
            "judgment_text": _judgment_text(finding),
            "nature": [
                label
                for value, label in (
                    (finding.nature_depth, finding.get_nature_depth_display()),
                    (finding.nature_principle, finding.get_nature_principle_display()),
                    (finding.nature_origin, finding.get_nature_origin_display()),
                    (finding.scope, finding.get_scope_display()),
                )
                if value
            ],
            "fix": fix,
            "fix_overdue": fix is not None and access.is_overdue(fix),
            "allowed": allowed,
            "signing_note": access.signing_note(request.user, finding),
            "missing": missing_for_review(finding) if allowed["submit"] else {},
            "record_kinds": selectors.record_kinds(),
            "evidence_form": EvidenceForm(),
            "timeline": selectors.timeline(finding),
            "pdf": word.pdf_available(),
        },
    )


def _judgment_text(finding: Finding) -> str:
    from xuncha.findings.services_judgment import judgment_text

    return judgment_text(finding)


@login_required
@require_GET
def records(request: HttpRequest, pk: int) -> HttpResponse:
    """The inspection's records of one kind to pick evidence from (an htmx fragment)."""
    finding = access.get_finding_for_user(request.user, pk)
    form = RecordKindForm(request.GET)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    used = {
        f"{ct}:{obj}"
        for ct, obj in finding.evidence.filter(content_type__isnull=False).values_list(
            "content_type_id", "object_id"
        )
    }
    items = (
        [
            r
            for r in selectors.inspection_records(finding.inspection, kind)
            if r["token"] not in used
        ]
        if kind
        else []
    )
    return render(
        request,
        "findings/_records.html",
        {
            "finding": finding,
            "items": items,
            "kind": kind,
            "writable": access.may_edit(request.user, finding),
        },
    )


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    finding = access.get_finding_for_user(request.user, pk)
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("findings:detail", pk=finding.pk)
    data = form.cleaned_data
    try:
        obj = resolve_token(data["record"]) if data["record"] else None
        services.add_evidence(
            finding,
            actor=request.user,
            kind=data["kind"],
            label=data["label"],
            note=data["note"],
            obj=obj,
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Evidence added."))
    return redirect(f"{_detail_url(finding)}#evidence")


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(
        FindingEvidence.objects.select_related("finding"),
        pk=pk,
        finding__in=access.visible_findings(request.user),
    )
    try:
        services.remove_evidence(evidence, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Evidence removed."))
    return redirect(f"{_detail_url(evidence.finding)}#evidence")


def _detail_url(finding: Finding) -> str:
    from django.urls import reverse

    return reverse("findings:detail", kwargs={"pk": finding.pk})


@login_required
@require_GET
def paper_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The working paper as a Word file (or PDF with ?format=pdf); audited by `generate`."""
    finding = access.get_finding_for_user(request.user, pk)
    return send_generated(
        request,
        lambda fmt: word.paper_document(finding, actor=request.user, fmt=word.fmt_of(fmt)),
    )


@login_required
@require_GET
def list_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The inspection's finding list (confirmed papers by focus area) as a Word file."""
    inspection = get_stationing_for_user(request.user, pk)
    if request.GET.get("format") not in (None, "", "docx", "pdf"):
        raise Http404
    return send_generated(
        request,
        lambda fmt: word.list_document(inspection, actor=request.user, fmt=word.fmt_of(fmt)),
    )
