"""Drafting pages (edit the text, re-assemble, submit) and the record of a body's hearing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.reports import approval, services
from xuncha.reports.access import authorize_report, authorize_stage, visible_reports
from xuncha.reports.forms import EditForm, ReassembleForm, StepForm, meetings_for
from xuncha.reports.models import ApprovalStep
from xuncha.reports.selectors import item_label
from xuncha.reports.views import breadcrumb_context


def _editable_report(request, pk: int):
    from xuncha.reports.access import get_report_for_user

    report = get_report_for_user(request.user, pk)
    authorize_report(request.user, report)  # 403 for readers who may not draft
    return report


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _editable_report(request, pk)
    version = services.latest_version(report)
    locked = report.status not in services.EDITABLE
    form = EditForm(
        request.POST or None, sections=version.sections, initial={"base": version.number}
    )
    if request.method == "POST" and not locked and form.is_valid():
        try:
            saved = services.save_version(
                report,
                texts=form.texts(),
                actor=request.user,
                note=form.cleaned_data["note"],
                base=form.cleaned_data["base"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Version %(n)s saved.") % {"n": saved.number})
            return redirect("reports:detail", pk=report.pk)
    elif request.method == "GET":
        services.record_view(report, actor=request.user, what="edit")
    return render(
        request,
        "reports/edit.html",
        {
            **breadcrumb_context(report),
            "form": form,
            "version": version,
            "locked": locked,
            "reassemble_form": ReassembleForm(),
        },
    )


@login_required
@require_POST
def reassemble(request: HttpRequest, pk: int) -> HttpResponse:
    report = _editable_report(request, pk)
    form = ReassembleForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        version, conflicts = services.reassemble(report, actor=request.user, note=note)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("reports:detail", pk=report.pk)
    messages.success(request, _("Re-assembled into version %(n)s.") % {"n": version.number})
    if conflicts:
        messages.warning(
            request,
            _(
                "Your changes to these sections were kept although their working papers changed; "
                "compare them: %(list)s"
            )
            % {"list": "；".join(conflicts[:10])},
        )
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _editable_report(request, pk)
    try:
        services.submit(report, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The report was submitted for approval."))
    return redirect("reports:detail", pk=report.pk)


def _step_page(request, step, report, form) -> HttpResponse:
    rows = [(item, item_label(item), use, note) for item, use, note in form.rows()]
    return render(
        request,
        "reports/step.html",
        {
            **breadcrumb_context(report),
            "step": step,
            "form": form,
            "rows": rows,
            "version": services.latest_version(report),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: int) -> HttpResponse:
    """Record one body's hearing of the report."""
    step = get_object_or_404(
        ApprovalStep.objects.select_related("report").filter(
            report__in=visible_reports(request.user).values("pk")
        ),
        pk=pk,
    )
    report = step.report
    authorize_stage(request.user, report, step.stage)
    if step.status != ApprovalStep.Status.PENDING:
        messages.error(request, _("This hearing is not open."))
        return redirect("reports:detail", pk=report.pk)
    items = list(approval.active_items(report))
    form = StepForm(
        request.POST or None,
        items=items,
        initial_uses=approval.prefill(step),
        meetings=meetings_for(report),
    )
    if request.method == "POST" and form.is_valid():
        hearing = approval.Hearing(
            held_on=form.cleaned_data["held_on"],
            decision=form.cleaned_data["decision"],
            opinion=form.cleaned_data["opinion"],
            meeting=form.cleaned_data["meeting"],
            decisions=form.decisions(),
        )
        try:
            approval.record_step(step, actor=request.user, hearing=hearing)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The hearing was recorded."))
            return redirect("reports:detail", pk=report.pk)
    elif request.method == "GET":
        services.record_view(report, actor=request.user, what="hearing")
    return _step_page(request, step, report, form)
