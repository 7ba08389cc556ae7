"""The public answer page: reached only through a one-time link, no account.

It sets no cookie and writes no session (no CSRF token: the link's unguessable token in the
URL is what a forged cross-site post could not know), loads one stylesheet of our own and no
script, and stores nothing about the respondent (see `services.distribution`).
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from xuncha.core.forms import apply_errors
from xuncha.surveys.forms import AnswerForm
from xuncha.surveys.services.distribution import LinkUnusable, resolve_link, submit_answers

STATUS = {"unknown": 404, "used": 410, "closed": 410, "not_open": 403}


def _unusable(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request, "surveys/public/message.html", {"reason": reason}, status=STATUS.get(reason, 404)
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        survey, version = resolve_link(token)
    except LinkUnusable as exc:
        return _unusable(request, exc.reason)
    if request.method == "POST":
        try:
            number = int(request.POST.get("version", ""))
            shown = survey.versions.filter(number=number, published_at__isnull=False).first()
        except ValueError:
            shown = None
        version = shown or version
        form = AnswerForm(version, request.POST)
        if form.is_valid():
            try:
                submit_answers(token, form.answers(), version_number=version.number)
            except LinkUnusable as exc:
                return _unusable(request, exc.reason)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("survey_public:thanks")
    else:
        form = AnswerForm(version)
    return render(
        request,
        "surveys/public/answer.html",
        {
            "survey": survey,
            "version": version,
            "form": form,
        },
    )


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public/message.html", {"reason": "thanks"})
