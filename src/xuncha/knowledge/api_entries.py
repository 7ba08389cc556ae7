"""Typical cases, standard wording and model reports in the API (search and regulations:
api)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xuncha.core.api import call_service, invalid
from xuncha.core.text import search_terms
from xuncha.knowledge import selectors, services
from xuncha.knowledge.access import (
    get_case_for_user,
    get_model_report_for_user,
    get_wording_for_user,
    visible_articles,
)
from xuncha.knowledge.api import Entry, owner_for, viewer
from xuncha.knowledge.suggest import suggest_wordings

router = Router(tags=["knowledge"])


def _split_owner(user, data: dict, creating: bool):
    owner_id = data.pop("owner_id", None)
    if creating or owner_id:
        return owner_for(user, owner_id)
    return None


def _linked(user, ids: list[int] | None):
    """The articles named, each visible to the user (else 422, alike for missing and hidden)."""
    if ids is None:
        return None
    found = list(visible_articles(user).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise invalid(
            ValidationError({"article_ids": _("An article chosen is not available to you.")})
        )
    return found


# --- Typical cases -------------------------------------------------------------------------------


class CaseOut(Entry):
    title: str
    focus: str
    discipline: str
    summary: str
    handling: str
    lesson: str
    occurred_on: date | None
    article_ids: list[int]

    @staticmethod
    def resolve_article_ids(obj, context) -> list[int]:
        prefetched = getattr(obj, "visible_articles", None)
        if prefetched is not None:
            return sorted(a.pk for a in prefetched)
        user = context["request"].auth
        return sorted(visible_articles(user).filter(cases=obj).values_list("pk", flat=True))


class CaseIn(Schema):
    owner_id: int | None = None
    title: str
    summary: str
    focus: str = ""
    discipline: str = ""
    handling: str = ""
    lesson: str = ""
    occurred_on: date | None = None
    article_ids: list[int] = []


class CasePatch(Schema):
    owner_id: int | None = None
    title: str | None = None
    summary: str | None = None
    focus: str | None = None
    discipline: str | None = None
    handling: str | None = None
    lesson: str | None = None
    occurred_on: date | None = None
    article_ids: list[int] | None = None


@router.get("/cases", response=list[CaseOut], summary="Typical cases")
@paginate
def list_cases(request, q: str = "", focus: str = "", discipline: str = ""):
    user = viewer(request)
    return selectors.case_list(
        user, search_terms(q[:200]), focus[:200], discipline
    ).prefetch_related(
        Prefetch(
            "articles",
            queryset=visible_articles(user).select_related(None).only("pk"),
            to_attr="visible_articles",
        )
    )


@router.get("/cases/{case_id}", response=CaseOut, summary="One typical case")
def get_case(request, case_id: int):
    return get_case_for_user(request.auth, case_id)


@router.post("/cases", response={201: CaseOut}, summary="Add a typical case")
def create_case(request, payload: CaseIn):
    data = payload.dict()
    owner = _split_owner(request.auth, data, True)
    articles = _linked(request.auth, data.pop("article_ids"))
    found = call_service(
        services.create_case, actor=request.auth, owner=owner, articles=articles, **data
    )
    return Status(201, found)


@router.patch("/cases/{case_id}", response=CaseOut, summary="Change a typical case")
def change_case(request, case_id: int, payload: CasePatch):
    found = get_case_for_user(request.auth, case_id)
    data = payload.dict(exclude_unset=True)
    owner = _split_owner(request.auth, data, False)
    ids = data.pop("article_ids", None)
    articles = None
    if ids is not None:
        # Articles the caller cannot see stay linked, as on the page.
        hidden = list(found.articles.exclude(pk__in=visible_articles(request.auth)))
        articles = [*_linked(request.auth, ids), *hidden]
    return call_service(
        services.update_case, found, actor=request.auth, owner=owner, articles=articles, **data
    )


# --- Standard wording ----------------------------------------------------------------------------


class WordingOut(Entry):
    focus: str
    discipline: str
    work_style: str
    text: str
    basis: str
    keywords: str
    is_active: bool
    times_used: int


class WordingIn(Schema):
    owner_id: int | None = None
    focus: str
    text: str
    discipline: str = ""
    work_style: str = ""
    basis: str = ""
    keywords: str = ""


class WordingPatch(Schema):
    owner_id: int | None = None
    focus: str | None = None
    text: str | None = None
    discipline: str | None = None
    work_style: str | None = None
    basis: str | None = None
    keywords: str | None = None


class ReasonIn(Schema):
    reason: str = ""


@router.get("/wordings", response=list[WordingOut], summary="Standard wording")
@paginate
def list_wordings(request, q: str = "", focus: str = "", active: str = "1"):
    user = viewer(request)
    return selectors.wording_list(user, search_terms(q[:200]), focus[:200], active)


@router.get(
    "/wordings/suggest",
    response=list[WordingOut],
    summary="Standard wording fitting a problem being written",
)
def suggest(request, title: str = "", focus_area: str = ""):
    user = viewer(request)
    return suggest_wordings(user, title[:300], focus_area)


@router.get("/wordings/{wording_id}", response=WordingOut, summary="One phrasing")
def get_wording(request, wording_id: int):
    return get_wording_for_user(request.auth, wording_id)


@router.post("/wordings", response={201: WordingOut}, summary="Add standard wording")
def create_wording(request, payload: WordingIn):
    data = payload.dict()
    owner = _split_owner(request.auth, data, True)
    return Status(
        201, call_service(services.create_wording, actor=request.auth, owner=owner, **data)
    )


@router.patch("/wordings/{wording_id}", response=WordingOut, summary="Change standard wording")
def change_wording(request, wording_id: int, payload: WordingPatch):
    found = get_wording_for_user(request.auth, wording_id)
    data = payload.dict(exclude_unset=True)
    owner = _split_owner(request.auth, data, False)
    return call_service(services.update_wording, found, actor=request.auth, owner=owner, **data)


@router.post(
    "/wordings/{wording_id}/deactivate",
    response=WordingOut,
    summary="Take a phrasing out of the suggestions",
)
def deactivate_wording(request, wording_id: int, payload: ReasonIn):
    found = get_wording_for_user(request.auth, wording_id)
    return call_service(
        services.set_wording_active,
        found,
        actor=request.auth,
        active=False,
        reason=payload.reason[:500],
    )


@router.post(
    "/wordings/{wording_id}/reactivate",
    response=WordingOut,
    summary="Put a phrasing back among the suggestions",
)
def reactivate_wording(request, wording_id: int, payload: ReasonIn):
    found = get_wording_for_user(request.auth, wording_id)
    return call_service(
        services.set_wording_active,
        found,
        actor=request.auth,
        active=True,
        reason=payload.reason[:500],
    )


# --- Model reports -------------------------------------------------------------------------------


class ModelReportOut(Entry):
    title: str
    kind: str
    note: str
    text: str


class ModelReportIn(Schema):
    owner_id: int | None = None
    title: str
    kind: str
    text: str
    note: str = ""


class ModelReportPatch(Schema):
    owner_id: int | None = None
    title: str | None = None
    kind: str | None = None
    text: str | None = None
    note: str | None = None


@router.get("/model-reports", response=list[ModelReportOut], summary="Model reports")
@paginate
def list_model_reports(request, q: str = "", kind: str = ""):
    user = viewer(request)
    return selectors.model_report_list(user, search_terms(q[:200]), kind)


@router.get("/model-reports/{report_id}", response=ModelReportOut, summary="One model report")
def get_model_report(request, report_id: int):
    return get_model_report_for_user(request.auth, report_id)


@router.post("/model-reports", response={201: ModelReportOut}, summary="Add a model report")
def create_model_report(request, payload: ModelReportIn):
    data = payload.dict()
    owner = _split_owner(request.auth, data, True)
    return Status(
        201, call_service(services.create_model_report, actor=request.auth, owner=owner, **data)
    )


@router.patch(
    "/model-reports/{report_id}", response=ModelReportOut, summary="Change a model report"
)
def change_model_report(request, report_id: int, payload: ModelReportPatch):
    found = get_model_report_for_user(request.auth, report_id)
    data = payload.dict(exclude_unset=True)
    owner = _split_owner(request.auth, data, False)
    return call_service(
        services.update_model_report, found, actor=request.auth, owner=owner, **data
    )
