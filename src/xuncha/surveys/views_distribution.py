"""Pages for getting answers in and reading them: links and their printable sheet, paper
forms, the blank form to print, results and the Excel export."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.documents.http import content_disposition
from xuncha.fieldwork.access import may_write
from xuncha.surveys import services
from xuncha.surveys.forms import AnswerForm, CountForm, PaperIssuedForm
from xuncha.surveys.models import Survey, SurveyVersion
from xuncha.surveys.permissions import get_survey_for_user
from xuncha.surveys.results import chart_data, survey_results
from xuncha.surveys.services.export import CONTENT_TYPE


def _writable(request, pk: int) -> Survey:
    survey = get_survey_for_user(request.user, pk)
    if not may_write(request.user, survey.inspection):
        raise PermissionDenied
    return survey


def public_url(request: HttpRequest, token: str) -> str:
    """The answer link as printed: on the internet-facing host when one is configured
    (XUNCHA_PUBLIC_URL), else on the host the staff member is using."""
    path = reverse("survey_public:answer", kwargs={"token": token})
    base = getattr(settings, "XUNCHA_PUBLIC_URL", "") or ""
    return f"{base.rstrip('/')}{path}" if base else request.build_absolute_uri(path)


def _links_page(request, survey, form=None):
    batches = (
        survey.links.values("batch")
        .annotate(
            n=Count("id"),
            used=Count("id", filter=Q(used_on__isnull=False)),
            issued_at=Min("issued_at"),
            by=Min("issued_by__full_name"),
        )
        .order_by("batch")
    )
    return render(
        request,
        "surveys/links.html",
        {
            "survey": survey,
            "inspection": survey.inspection,
            "batches": batches,
            "form": form or CountForm(),
            "writable": survey.status != Survey.Status.CLOSED,
        },
    )


@login_required
@require_GET
def links(request: HttpRequest, pk: int) -> HttpResponse:
    """The batches of links issued so far, and the form to issue more."""
    return _links_page(request, _writable(request, pk))


@login_required
@require_POST
def links_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue links and show their sheet at once: the tokens exist in clear only in this
    response (no redirect, so they are never kept on the server to be shown again)."""
    survey = _writable(request, pk)
    form = CountForm(request.POST)
    if form.is_valid():
        try:
            tokens = services.issue_links(survey, form.cleaned_data["count"], actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            slips = []
            for token in tokens:
                url = public_url(request, token)
                slips.append(
                    {
                        "url": url,
                        "qr": segno.make(url, error="m").svg_inline(scale=3, omitsize=True),
                    }
                )
            survey.refresh_from_db(fields=["status"])
            return render(
                request,
                "surveys/link_sheet.html",
                {
                    "survey": survey,
                    "inspection": survey.inspection,
                    "slips": slips,
                    "issued_at": timezone.now(),
                },
            )
    return _links_page(request, survey, form)


def _version(survey: Survey, number) -> SurveyVersion:
    versions = survey.versions.filter(published_at__isnull=False)
    try:
        number = int(number) if number else None
    except ValueError:
        raise Http404 from None
    version = (versions.filter(number=number) if number else versions.order_by("-number")).first()
    if version is None:
        raise Http404
    return version


@login_required
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    """Type in one paper form after another (Post/Redirect/Get to an empty form)."""
    survey = _writable(request, pk)
    if survey.status != Survey.Status.OPEN:
        messages.error(request, _("Paper forms are entered while the survey is open."))
        return redirect("surveys:detail", pk=survey.pk)
    version = _version(survey, request.POST.get("version") or request.GET.get("version"))
    form = AnswerForm(version, request.POST or None, paper=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_paper_form(
                survey,
                form.answers(),
                actor=request.user,
                version_number=version.number,
                sheet_number=form.cleaned_data["sheet_number"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Paper form entered. Enter the next one."))
            return redirect(
                f"{reverse('surveys:paper', kwargs={'pk': survey.pk})}?version={version.number}"
            )
    return render(
        request,
        "surveys/paper.html",
        {
            "survey": survey,
            "inspection": survey.inspection,
            "version": version,
            "form": form,
            "versions": survey.versions.filter(published_at__isnull=False).order_by("number"),
            "entered": survey.responses.filter(channel="paper").count(),
            "issued_form": PaperIssuedForm(initial={"count": survey.paper_forms_issued}),
        },
    )


@login_required
@require_POST
def paper_issued(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _writable(request, pk)
    form = PaperIssuedForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
    else:
        try:
            services.set_paper_forms_issued(survey, form.cleaned_data["count"], actor=request.user)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Saved."))
    return redirect("surveys:detail", pk=survey.pk)


@login_required
@require_GET
def print_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The blank form to print for paper answers (the latest published version, or the one
    being edited for a draft)."""
    survey = get_survey_for_user(request.user, pk)
    published = survey.versions.filter(published_at__isnull=False).order_by("-number").first()
    version = published or survey.versions.order_by("-number").first()
    return render(
        request,
        "surveys/print.html",
        {
            "survey": survey,
            "inspection": survey.inspection,
            "version": version,
            "writable": may_write(request.user, survey.inspection),
            "questions": list(version.questions.all()) if version else [],
            "draft": published is None,
        },
    )


def _echarts_url() -> str:
    """ECharts is fetched at build time (not committed); a deployment without it shows the
    tables only instead of failing on the missing file in the static manifest."""
    try:
        return static("xuncha/echarts.min.js")
    except ValueError:
        return ""


@login_required
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for_user(request.user, pk)
    data = survey_results(survey)
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "inspection": survey.inspection,
            "r": data,
            "writable": may_write(request.user, survey.inspection),
            "chart": chart_data(data),
            "echarts_url": _echarts_url(),
        },
    )


@login_required
@require_GET
def export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for_user(request.user, pk)
    content = services.export_results(survey, actor=request.user)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(f"{survey.title}结果.xlsx")
    response["Content-Length"] = str(len(content))
    return response
