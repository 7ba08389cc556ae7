"""The machinery of the authorization matrix: which endpoints exist, and a fingerprint of the
database to show that a refused request changed nothing."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

# Apps whose rows a refused request must leave untouched.
WATCHED_APPS = ("audit", "accounts", "orgs", "people", "plans", "staffing", "fieldwork",
                "interviews", "surveys", "petitions", "documents", "knowledge", "findings",
                "leads", "reports", "copycheck", "otp_totp")
# Fields that change on every request by design and carry no decision.
VOLATILE_FIELDS = {"last_login", "last_used_at", "throttling_failure_timestamp",
                   "throttling_failure_count", "last_t", "updated_at"}


def url_names(patterns=None, namespace: str = "") -> set[str]:
    """Every named URL pattern of the project, as 'namespace:name'."""
    names: set[str] = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "api":
                continue  # API operations are enumerated from the OpenAPI schema
            names |= url_names(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}:{entry.name}" if namespace else entry.name)
    return names


def api_operations() -> set[str]:
    """Every API operation, as 'METHOD /api/path' from the OpenAPI schema."""
    from xuncha.api import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def fingerprint() -> dict[str, list]:
    """Every row of the watched apps, volatile fields left out."""
    out = {}
    for model in apps.get_models():
        if model._meta.app_label not in WATCHED_APPS:
            continue
        names = [f.attname for f in model._meta.concrete_fields if f.attname not in
                 VOLATILE_FIELDS]
        out[model._meta.label] = sorted(
            model.objects.order_by("pk").values_list(*names), key=repr
        )
    return out


@dataclass
class Endpoint:
    """One endpoint and how each persona must fare.

    `inside` builds the URL kwargs (or API path parameters) for an object in city A's scope,
    `outside` for a like object in city B; `allowed` is the persona in scope with the capability,
    `without` one in scope without it. `data` builds the body of a write.
    """

    key: str
    method: str = "GET"
    inside: Callable | None = None
    outside: Callable | None = None
    allowed: str = "office_a"
    without: str = "norole"
    data: Callable | None = None
    ok: tuple[int, ...] = (200,)
    outsider: str = "outsider"
    # Text shown only to those in scope with the capability, and text of an out-of-scope object
    # that the allowed persona must never see.
    secret_inside: str = ""
    secret_outside: str = ""
    api: bool = False
    unscoped: bool = False  # acts on no unit (verifying the whole audit chain)
    mutates: bool = True  # False for a POST that only checks (an import's dry run)
    query: dict | None = None

    @property
    def write(self) -> bool:
        return self.method != "GET"
