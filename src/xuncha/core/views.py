"""The home page and the plain pages every deployment needs."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from xuncha.core.selectors import home_overview


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What this person can act on: the units in their scope, and for the security auditor the
    latest audit events."""
    return render(request, "core/home.html", home_overview(request.user))


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def forbidden(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "core/403.html", status=403)


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "core/404.html", status=404)
