"""Pages of reports: an inspection's reports, a round's, one report, its versions and diffs,
and its Word or PDF file. Drafting and hearings are in `views_edit.py`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xuncha.core.forms import flash_errors
from xuncha.documents.http import send_generated
from xuncha.fieldwork.access import get_stationing_for_user, visible_stationings
from xuncha.reports import selectors, services
from xuncha.reports.access import (
    get_report_for_user,
    may_create,
    may_draft,
    may_record,
    team_of,
)
from xuncha.reports.approval import current_step, secretary_deadline
from xuncha.reports.diffing import diff_sections, ops_html
from xuncha.reports.export import FORMATS, generate_report_document, pdf_available
from xuncha.reports.forms import CreateForm, CreateRoundForm
from xuncha.reports.models import Report, ReportKind, Stage

PAGE_SIZE = 50
K = ReportKind


@login_required
@require_GET
def home(request: HttpRequest, pk: int) -> HttpResponse:
    """The reports of an inspection. The leads report shows only to those who may see every
    lead of the inspection; for anyone else it is not there."""
    inspection = get_stationing_for_user(request.user, pk)
    reports = list(selectors.inspection_reports(request.user, inspection))
    present = {r.kind for r in reports}
    creatable = [
        (kind, label)
        for kind, label in CreateForm.base_fields["kind"].choices
        if kind not in present
        and may_create(request.user, kind=kind, round=inspection.round, inspection=inspection)
    ]
    return render(
        request,
        "reports/home.html",
        {
            "inspection": inspection,
            "reports": reports,
            "creatable": creatable,
        },
    )


@login_required
@require_POST
def create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    form = CreateForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("reports:home", pk=inspection.pk)
    try:
        report = services.create_report(
            kind=form.cleaned_data["kind"],
            round=inspection.round,
            inspection=inspection,
            actor=request.user,
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("reports:home", pk=inspection.pk)
    messages.success(request, _("The report was assembled from the confirmed findings."))
    return redirect("reports:detail", pk=report.pk)


def _round_page(request, round, form=None) -> HttpResponse:
    from xuncha.people.models import Team

    reports = selectors.round_reports(request.user, round)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    teams = Team.objects.filter(inspections__round=round).distinct().order_by("number")
    may_office = may_create(request.user, kind=K.SUMMARY, round=round)
    team_choices = [
        t
        for t in teams
        if may_office or may_create(request.user, kind=K.SPECIAL_TOPIC, round=round, team=t)
    ]
    inspections = (
        visible_stationings(request.user)
        .filter(round=round)
        .order_by("team__number", "target__path")
    )
    return render(
        request,
        "reports/round.html",
        {
            "round": round,
            "page": page,
            "form": form or CreateRoundForm(teams=teams),
            "may_create": may_office or bool(team_choices),
            "may_office": may_office,
            "inspections": inspections,
        },
    )


@login_required
@require_GET
def round_home(request: HttpRequest, pk: int) -> HttpResponse:
    """Special-topic and summary reports of a round."""
    return _round_page(request, selectors.get_round_for_user(request.user, pk))


@login_required
@require_POST
def create_round(request: HttpRequest, pk: int) -> HttpResponse:
    from xuncha.people.models import Team

    round = selectors.get_round_for_user(request.user, pk)
    teams = Team.objects.filter(inspections__round=round).distinct().order_by("number")
    form = CreateRoundForm(request.POST, teams=teams)
    if form.is_valid():
        try:
            report = services.create_report(
                kind=form.cleaned_data["kind"],
                round=round,
                team=form.cleaned_data["team"],
                actor=request.user,
            )
        except ValidationError as exc:
            flash_errors(request, exc)
            return redirect("reports:round", pk=round.pk)
        messages.success(request, _("The report was assembled."))
        return redirect("reports:detail", pk=report.pk)
    return _round_page(request, round, form)


def breadcrumb_context(report: Report) -> dict:
    return {"report": report, "inspection": report.inspection, "round": report.round}


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    version = services.latest_version(report)
    sections = selectors.viewer_sections(report, version, request.user)
    steps = selectors.steps_of(report)
    pending = current_step(report)
    services.record_view(report, actor=request.user)
    return render(
        request,
        "reports/detail.html",
        {
            **breadcrumb_context(report),
            "version": version,
            "sections": sections,
            "steps": steps,
            "recorded": [s for s in steps if s.recorded_at],
            "rows": selectors.decision_table(report, steps),
            "pending": pending,
            "may_record": pending is not None and may_record(request.user, report, pending.stage),
            "may_draft": report.status in services.EDITABLE and may_draft(request.user, report),
            "deadline": secretary_deadline(report),
            "team": team_of(report),
            "chain_labels": [Stage(code).label for code in report.stages],
            "formats": [f for f in FORMATS if f == "docx" or pdf_available()],
        },
    )


@login_required
@require_GET
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    qs = report.versions.select_related("author").order_by("-number")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    services.record_view(report, actor=request.user, what="versions")
    return render(request, "reports/versions.html", {**breadcrumb_context(report), "page": page})


def _number(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
@require_GET
def diff(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    numbers = list(report.versions.order_by("number").values_list("number", flat=True))
    b = _number(request.GET.get("b"), numbers[-1])
    a = _number(request.GET.get("a"), max(1, b - 1))
    found = {v.number: v for v in report.versions.filter(number__in=[a, b])}
    if a not in found or b not in found:
        raise Http404
    rows = diff_sections(found[a].sections, found[b].sections)
    changed_only = request.GET.get("all") != "1"
    shown = [
        dict(r, html=ops_html(r["ops"])) for r in rows if not changed_only or r["status"] != "same"
    ]
    services.record_view(report, actor=request.user, what=f"diff {a}-{b}")
    return render(
        request,
        "reports/diff.html",
        {
            **breadcrumb_context(report),
            "a": found[a],
            "b": found[b],
            "numbers": numbers,
            "rows": shown,
            "changed_only": changed_only,
            "unchanged": sum(1 for r in rows if r["status"] == "same"),
        },
    )


@login_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report's latest version as Word or PDF; a template the office broke, or PDF this
    server cannot make, answers 422 with the reason and nothing is stored or audited."""
    report = get_report_for_user(request.user, pk)
    if fmt not in FORMATS:
        raise Http404
    return send_generated(
        request, lambda _asked: generate_report_document(report, actor=request.user, fmt=fmt)
    )
