"""The knowledge base in the API: search, regulations and their articles (cases, wording and
model reports: api_entries). The same choke point (`knowledge.access`) and services as the
pages."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xuncha.core.api import call_service, forbidden, invalid
from xuncha.core.text import search_terms
from xuncha.knowledge import search as searching
from xuncha.knowledge import selectors, services
from xuncha.knowledge import services_articles as article_services
from xuncha.knowledge.access import (
    get_article_for_user,
    get_regulation_for_user,
    may_view,
    owner_choices,
    visible_articles,
)
from xuncha.orgs.models import Unit

router = Router(tags=["knowledge"])


def viewer(request):
    """The signed-in account, refused (403) when it reaches no knowledge at all."""
    if not may_view(request.auth):
        raise forbidden()
    return request.auth


def owner_for(user, owner_id: int | None) -> Unit:
    """The unit a new entry is kept by: the one named, or the first the user curates for."""
    if owner_id is None:
        found = owner_choices(user).order_by("path").first()
        if found is None:
            raise forbidden()
        return found
    found = Unit.objects.filter(pk=owner_id).first()
    if found is None:
        raise invalid(ValidationError({"owner_id": _("No such unit.")}))
    return found


class Entry(Schema):
    id: int
    owner_id: int
    owner: str
    updated_at: datetime

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.owner.name


# --- Search --------------------------------------------------------------------------------------


class HitOut(Schema):
    id: int
    title: str
    excerpt: str
    url: str
    meta: str


class GroupOut(Schema):
    kind: str
    label: str
    count: int
    results: list[HitOut]


class SearchOut(Schema):
    terms: list[str]
    groups: list[GroupOut]


@router.get("/search", response=SearchOut, summary="Search the knowledge base")
def search(
    request, q: str = "", kind: str = "", focus: str = "", discipline: str = "", limit: int = 5
):
    user = viewer(request)
    if kind and kind not in searching.KIND_KEYS:
        raise invalid(ValidationError({"kind": _("Unknown kind.")}))
    terms, groups = searching.search(
        user,
        q[:200],
        kind=kind,
        focus=focus[:200],
        discipline=discipline,
        per_group=max(1, min(limit, 50)),
    )
    return {
        "terms": terms,
        "groups": [
            {
                "kind": g.kind.key,
                "label": str(g.kind.label),
                "count": g.count,
                "results": [
                    {
                        "id": h.pk,
                        "title": h.plain_title,
                        "excerpt": h.plain_excerpt,
                        "url": h.url,
                        "meta": h.meta,
                    }
                    for h in g.hits
                ],
            }
            for g in groups
        ],
    }


# --- Regulations ---------------------------------------------------------------------------------


class RegulationOut(Entry):
    title: str
    level: str
    issuer: str
    document_number: str
    effective_on: date | None
    repealed_on: date | None
    summary: str


class ArticleOut(Schema):
    id: int
    regulation_id: int
    regulation: str
    number: str
    order: int
    text: str

    @staticmethod
    def resolve_regulation(obj) -> str:
        return obj.regulation.title


class RegulationIn(Schema):
    owner_id: int | None = None
    title: str
    level: str
    issuer: str = ""
    document_number: str = ""
    effective_on: date | None = None
    repealed_on: date | None = None
    summary: str = ""


class RegulationPatch(Schema):
    owner_id: int | None = None
    title: str | None = None
    level: str | None = None
    issuer: str | None = None
    document_number: str | None = None
    effective_on: date | None = None
    repealed_on: date | None = None
    summary: str | None = None


class ArticleIn(Schema):
    number: str
    text: str


class ArticlePatch(Schema):
    number: str | None = None
    text: str | None = None


class ImportIn(Schema):
    text: str
    replace: bool = False


class ImportOut(Schema):
    created: int
    updated: int
    removed: int


class OrderIn(Schema):
    ids: list[int]


def _detail(user, regulation):
    regulation.articles_list = list(selectors.articles_of(user, regulation))
    return regulation


class RegulationDetail(RegulationOut):
    articles: list[ArticleOut]

    @staticmethod
    def resolve_articles(obj) -> list:
        return obj.articles_list


@router.get("/regulations", response=list[RegulationOut], summary="Regulations")
@paginate
def list_regulations(request, q: str = "", level: str = ""):
    user = viewer(request)
    return selectors.regulation_list(user, search_terms(q[:200]), level)


@router.get("/regulations/{regulation_id}", response=RegulationDetail, summary="One regulation")
def get_regulation(request, regulation_id: int):
    return _detail(request.auth, get_regulation_for_user(request.auth, regulation_id))


@router.post("/regulations", response={201: RegulationDetail}, summary="Add a regulation")
def create_regulation(request, payload: RegulationIn):
    data = payload.dict()
    owner = owner_for(request.auth, data.pop("owner_id"))
    found = call_service(services.create_regulation, actor=request.auth, owner=owner, **data)
    return Status(201, _detail(request.auth, found))


@router.patch(
    "/regulations/{regulation_id}", response=RegulationDetail, summary="Change a regulation"
)
def change_regulation(request, regulation_id: int, payload: RegulationPatch):
    found = get_regulation_for_user(request.auth, regulation_id)
    data = payload.dict(exclude_unset=True)
    owner_id = data.pop("owner_id", None)
    owner = owner_for(request.auth, owner_id) if owner_id else None
    found = call_service(services.update_regulation, found, actor=request.auth, owner=owner, **data)
    return _detail(request.auth, found)


@router.post(
    "/regulations/{regulation_id}/articles",
    response={201: ArticleOut},
    summary="Add an article at the end",
)
def create_article(request, regulation_id: int, payload: ArticleIn):
    found = get_regulation_for_user(request.auth, regulation_id)
    return Status(
        201, call_service(article_services.add_article, found, actor=request.auth, **payload.dict())
    )


@router.post(
    "/regulations/{regulation_id}/import",
    response=ImportOut,
    summary="Split the full text into articles",
)
def import_articles(request, regulation_id: int, payload: ImportIn):
    found = get_regulation_for_user(request.auth, regulation_id)
    return call_service(
        article_services.import_articles,
        found,
        payload.text,
        actor=request.auth,
        replace=payload.replace,
    )


@router.put(
    "/regulations/{regulation_id}/order",
    response=list[ArticleOut],
    summary="Put the articles in this order",
)
def order_articles(request, regulation_id: int, payload: OrderIn):
    found = get_regulation_for_user(request.auth, regulation_id)
    call_service(article_services.reorder_articles, found, payload.ids, actor=request.auth)
    return list(selectors.articles_of(request.auth, found))


# --- Articles ------------------------------------------------------------------------------------


@router.get("/articles", response=list[ArticleOut], summary="Articles holding every term")
@paginate
def list_articles(request, q: str = ""):
    user = viewer(request)
    terms = search_terms(q[:200])
    if not terms:
        return visible_articles(user).order_by("regulation__title", "order", "pk")
    return searching.matches(visible_articles(user), terms).order_by(
        "regulation__title", "order", "pk"
    )


@router.get("/articles/{article_id}", response=ArticleOut, summary="One article")
def get_article(request, article_id: int):
    return get_article_for_user(request.auth, article_id)


@router.patch("/articles/{article_id}", response=ArticleOut, summary="Change an article")
def change_article(request, article_id: int, payload: ArticlePatch):
    found = get_article_for_user(request.auth, article_id)
    return call_service(
        article_services.update_article,
        found,
        actor=request.auth,
        **payload.dict(exclude_unset=True),
    )


@router.delete(
    "/articles/{article_id}", response={204: None}, summary="Remove an article no finding cites"
)
def delete_article(request, article_id: int, reason: str = ""):
    found = get_article_for_user(request.auth, article_id)
    try:
        article_services.remove_article(found, actor=request.auth, reason=reason[:500])
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None
    return Status(204, None)


from xuncha.knowledge.api_entries import router as entries_router  # noqa: E402

router.add_router("", entries_router)
