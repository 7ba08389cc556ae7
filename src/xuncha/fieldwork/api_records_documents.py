"""Document and account requests in the API: the team's lists and item steps, and the unit
liaison's narrow view (no findings, no readers)."""

from datetime import date, datetime

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xuncha.core.api import call_service
from xuncha.fieldwork import services_records_documents as services
from xuncha.fieldwork.access import get_stationing_for_user
from xuncha.fieldwork.models import DocumentRequest
from xuncha.fieldwork.selectors_records import (
    document_requests_of,
    get_liaison_item,
    get_record_for_user,
    get_requested_document_for_user,
    liaison_item_view,
    liaison_requests,
)

router = Router(tags=["fieldwork"])


class ReaderOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.full_name or obj.username


class ItemOut(Schema):
    id: int
    request_id: int
    name: str
    period: str
    status: str
    provided_on: date | None
    return_reason: str
    readers: list[ReaderOut]
    checked_on: date | None
    findings: str

    @staticmethod
    def resolve_readers(obj) -> list:
        return list(obj.readers.all())


class RequestOut(Schema):
    id: int
    inspection_id: int
    number: int
    title: str
    sent_on: date
    due_on: date
    note: str
    created_at: datetime
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj) -> list:
        return list(obj.items.all())


class ItemIn(Schema):
    name: str
    period: str = ""


class RequestIn(Schema):
    title: str
    sent_on: date
    due_on: date
    note: str = ""
    items: list[ItemIn]


class RequestPatch(Schema):
    title: str | None = None
    sent_on: date | None = None
    due_on: date | None = None
    note: str | None = None


class MoveIn(Schema):
    move: str
    provided_on: date | None = None
    return_reason: str = ""
    checked_on: date | None = None
    findings: str = ""


class LiaisonItemOut(Schema):
    id: int
    name: str
    period: str
    status: str
    provided_on: date | None
    return_reason: str


class LiaisonRequestOut(Schema):
    id: int
    number: int
    title: str
    team: str
    target: str
    sent_on: date
    due_on: date
    note: str
    items: list[LiaisonItemOut]

    @staticmethod
    def resolve_team(obj) -> str:
        return obj.inspection.team.name

    @staticmethod
    def resolve_target(obj) -> str:
        return obj.inspection.target.name

    @staticmethod
    def resolve_items(obj) -> list:
        return [liaison_item_view(item) for item in obj.items.all()]


class ProvideIn(Schema):
    provided_on: date | None = None


def _with_items(request_id: int) -> DocumentRequest:
    return DocumentRequest.objects.prefetch_related("items__readers").get(pk=request_id)


@router.get(
    "/inspections/{inspection_id}/document-requests",
    response=list[RequestOut],
    summary="Document requests of an inspection",
)
@paginate
def list_document_requests(request, inspection_id: int):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    return document_requests_of(inspection).prefetch_related("items__readers")


@router.post(
    "/inspections/{inspection_id}/document-requests",
    response={201: RequestOut},
    summary="Send a list of documents to the unit",
)
def create_document_request(request, inspection_id: int, payload: RequestIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    data = payload.dict()
    created = call_service(services.create_document_request, inspection, actor=request.auth, **data)
    return Status(201, _with_items(created.pk))


@router.get(
    "/document-requests/{request_id}",
    response=RequestOut,
    summary="One document request with its items",
)
def get_document_request(request, request_id: int):
    found = get_record_for_user(request.auth, DocumentRequest, request_id)
    return _with_items(found.pk)


@router.patch(
    "/document-requests/{request_id}", response=RequestOut, summary="Change a document request"
)
def change_document_request(request, request_id: int, payload: RequestPatch):
    found = get_record_for_user(request.auth, DocumentRequest, request_id)
    call_service(
        services.update_document_request,
        found,
        actor=request.auth,
        **payload.dict(exclude_unset=True),
    )
    return _with_items(found.pk)


@router.post(
    "/document-requests/{request_id}/items",
    response={201: ItemOut},
    summary="Ask for one more document",
)
def add_requested_document(request, request_id: int, payload: ItemIn):
    found = get_record_for_user(request.auth, DocumentRequest, request_id)
    item = call_service(
        services.add_requested_document, found, actor=request.auth, **payload.dict()
    )
    return Status(201, item)


@router.delete(
    "/requested-documents/{item_id}",
    response={204: None},
    summary="Take a document not yet provided off its list",
)
def remove_requested_document(request, item_id: int, reason: str = ""):
    item = get_requested_document_for_user(request.auth, item_id)
    call_service(services.remove_requested_document, item, actor=request.auth, reason=reason[:500])
    return Status(204, None)


@router.post(
    "/requested-documents/{item_id}/moves",
    response=ItemOut,
    summary="Provided, returned for more, or checked",
)
def move_requested_document(request, item_id: int, payload: MoveIn):
    item = get_requested_document_for_user(request.auth, item_id)
    data = payload.dict()
    move = data.pop("move")
    return call_service(services.move_requested_document, item, move, actor=request.auth, **data)


@router.post(
    "/requested-documents/{item_id}/read",
    response=ItemOut,
    summary="Record that I read the document",
)
def read_requested_document(request, item_id: int):
    item = get_requested_document_for_user(request.auth, item_id)
    call_service(services.mark_read, item, actor=request.auth)
    return get_requested_document_for_user(request.auth, item_id)


@router.get(
    "/liaison/document-requests",
    response=list[LiaisonRequestOut],
    summary="Lists sent to the liaison's unit",
)
@paginate
def liaison_document_requests(request):
    return liaison_requests(request.auth)


@router.post(
    "/liaison/requested-documents/{item_id}/provide",
    response=LiaisonItemOut,
    summary="The unit provided a document",
)
def liaison_provide(request, item_id: int, payload: ProvideIn):
    item = get_liaison_item(request.auth, item_id)
    moved = call_service(
        services.liaison_mark_provided, item, actor=request.auth, provided_on=payload.provided_on
    )
    return liaison_item_view(moved)
