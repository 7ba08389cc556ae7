"""Pages of an inspection's questionnaires and appraisals: the list, and making and tailoring a
survey. Links, paper forms and results are in `views_distribution`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.fieldwork.access import get_stationing_for_user, may_write
from xuncha.fieldwork.models import Area
from xuncha.surveys import services
from xuncha.surveys.catalogue import bank_items, default_keys
from xuncha.surveys.forms import QuestionForm, SubjectForm, SurveyCreateForm, SurveyForm
from xuncha.surveys.models import Survey
from xuncha.surveys.permissions import get_survey_for_user

PAGE_SIZE = 50


def _surveys(inspection):
    return (
        Survey.objects.filter(inspection=inspection)
        .annotate(
            n_links=Count("links", distinct=True),
            n_used=Count("links", filter=Q(links__used_on__isnull=False), distinct=True),
            n_responses=Count("responses", distinct=True),
            n_paper=Count("responses", filter=Q(responses__channel="paper"), distinct=True),
        )
        .order_by("kind", "pk")
    )


def _home(request, inspection, form=None, status=200):
    page = Paginator(_surveys(inspection), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/home.html",
        {
            "inspection": inspection,
            "page": page,
            "writable": may_write(request.user, inspection),
            "form": form or SurveyCreateForm(),
        },
        status=status,
    )


@login_required
@require_GET
def home(request: HttpRequest, pk: int) -> HttpResponse:
    """The inspection's surveys with what was issued and returned."""
    return _home(request, get_stationing_for_user(request.user, pk))


@login_required
@require_POST
def create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    if not may_write(request.user, inspection):
        raise PermissionDenied
    form = SurveyCreateForm(request.POST)
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        keys = default_keys(inspection.round.jurisdiction, kind, areas=form.cleaned_data["areas"])
        try:
            survey = services.create_survey(
                inspection,
                actor=request.user,
                kind=kind,
                title=form.cleaned_data["title"],
                keys=keys,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Survey created. Tailor it, then publish it."))
            return redirect("surveys:detail", pk=survey.pk)
    return _home(request, inspection, form)


def _detail(request, survey, *, form=None, survey_form=None):
    versions = list(survey.versions.annotate(n=Count("responses")).order_by("number"))
    working = versions[-1] if versions else None
    questions = list(working.questions.all()) if working else []
    present = {q.key for q in questions}
    kinds = ("grade",) if survey.kind == Survey.Kind.APPRAISAL else ("yes_no", "text")
    offer = [
        i
        for i in bank_items(survey.inspection.round.jurisdiction)
        if i.key not in present and (i.kind in kinds or survey.kind == "appraisal")
    ]
    areas = dict(Area.choices)
    by_area = [(areas[a], [i for i in offer if i.area == a]) for a in Area.values]
    writable = may_write(request.user, survey.inspection) and survey.status != "closed"
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "inspection": survey.inspection,
            "versions": versions,
            "working": working,
            "questions": questions,
            "pending": working is not None and not working.published and working.number > 1,
            "subjects": [q for q in questions if q.subject],
            "plain": [q for q in questions if not q.subject],
            "bank": [(label, items) for label, items in by_area if items],
            "writable": writable,
            "form": form or QuestionForm(),
            "survey_form": survey_form
            or SurveyForm(initial={"title": survey.title, "intro": survey.intro}),
            "links": survey.links.aggregate(
                n=Count("id"), used=Count("id", filter=Q(used_on__isnull=False))
            ),
            "responses": survey.responses.aggregate(
                n=Count("id"), paper=Count("id", filter=Q(channel="paper"))
            ),
        },
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_survey_for_user(request.user, pk))


def _writable(request, pk: int) -> Survey:
    survey = get_survey_for_user(request.user, pk)
    if not may_write(request.user, survey.inspection):
        raise PermissionDenied
    return survey


def _act(request, survey, call, success: str) -> HttpResponse:
    try:
        call()
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, success)
    return redirect("surveys:detail", pk=survey.pk)


@login_required
@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _writable(request, pk)
    form = SurveyForm(request.POST)
    if form.is_valid():
        try:
            services.update_survey(survey, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("surveys:detail", pk=survey.pk)
    return _detail(request, survey, survey_form=form)


@login_required
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _writable(request, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(survey, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Question added."))
            return redirect("surveys:detail", pk=survey.pk)
    return _detail(request, survey, form=form)


@login_required
@require_POST
def bank_pick(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _writable(request, pk)
    try:
        n = services.add_bank_questions(survey, request.POST.getlist("keys"), actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d question taken from the bank.", "%(n)d questions taken from the bank.", n
            )
            % {"n": n},
        )
    return redirect("surveys:detail", pk=survey.pk)


def _question(survey, key):
    working = survey.versions.order_by("-number").first()
    found = working.questions.filter(key=key).first() if working else None
    if found is None:
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    survey = _writable(request, pk)
    question = _question(survey, key)
    form_class = SubjectForm if question.subject else QuestionForm
    kwargs = {} if question.subject else {"editing": True}
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.update_question(survey, key, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Question saved."))
                return redirect("surveys:detail", pk=survey.pk)
    else:
        form = form_class(
            initial={
                f: getattr(question, f)
                for f in ("text", "area", "negative", "allow_remark", "subject_post")
            },
            **kwargs,
        )
    return render(
        request,
        "surveys/question_form.html",
        {
            "survey": survey,
            "inspection": survey.inspection,
            "question": question,
            "form": form,
            "published": survey.versions.filter(published_at__isnull=False).exists(),
        },
    )


@login_required
@require_POST
def question_remove(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    survey = _writable(request, pk)
    return _act(
        request,
        survey,
        lambda: services.remove_question(survey, key, actor=request.user),
        _("Question removed."),
    )


@login_required
@require_POST
def question_move(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    survey = _writable(request, pk)
    up = request.POST.get("direction") != "down"
    return _act(
        request,
        survey,
        lambda: services.move_question(survey, key, actor=request.user, up=up),
        _("Order changed."),
    )


@login_required
@require_POST
def leadership(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _writable(request, pk)
    return _act(
        request,
        survey,
        lambda: services.sync_leadership(survey, actor=request.user),
        _("The leadership team's new members were added."),
    )


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _writable(request, pk)
    return _act(
        request,
        survey,
        lambda: services.publish_survey(survey, actor=request.user),
        _("Published: links and paper forms answer this version from now on."),
    )


@login_required
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _writable(request, pk)
    return _act(
        request,
        survey,
        lambda: services.discard_changes(survey, actor=request.user),
        _("Unpublished changes discarded."),
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _writable(request, pk)
    reason = request.POST.get("reason", "")[:500]
    return _act(
        request,
        survey,
        lambda: services.close_survey(survey, actor=request.user, reason=reason),
        _("Survey closed. Unused links no longer work."),
    )
