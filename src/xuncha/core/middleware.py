"""Cross-cutting request handling with no business rules."""

import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from xuncha.core.context import ActionContext, _current


def source_address(request: HttpRequest) -> str:
    """The client address, trusting exactly XUNCHA_PROXY_COUNT reverse proxies in front."""
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


class RequestContextMiddleware:
    """Give every request an id (echoed as X-Request-ID) and record its source for the audit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        channel = "api" if request.path.startswith("/api/") else "web"
        request.request_id = request_id
        token = _current.set(
            ActionContext(request_id=request_id, source_address=source_address(request),
                          channel=channel)
        )
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request_id
        return response


class NoStoreMiddleware:
    """Pages may hold case material: no browser or proxy may keep a copy of any but static files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "no-store"
        return response


class LanguageMiddleware:
    """Chinese unless the person chose another language (the language cookie set by
    /i18n/setlang/). The browser's Accept-Language is ignored on purpose: offices run English
    browsers too, and the platform's working language is Simplified Chinese."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
