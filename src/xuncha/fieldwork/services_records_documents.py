"""Writes of the document and account requests (调阅资料清单): numbered lists per inspection,
and the status machine of each requested document (requested → provided → returned for more →
provided → checked). Steps are conditional UPDATEs on the status, so two people acting at once
cannot both move an item; the unit's liaison may only mark items provided."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import authorize
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.fieldwork import attachments
from xuncha.fieldwork.access import authorize_fieldwork
from xuncha.fieldwork.models import DocumentRequest, RequestedDocument
from xuncha.fieldwork.services_records import _account, _locked, _only
from xuncha.plans.models import Inspection

# --- Document and account requests ---------------------------------------------------------------

REQUEST_FIELDS = ("title", "sent_on", "due_on", "note")
Status = RequestedDocument.Status


def _validate_request(request: DocumentRequest) -> None:
    request.full_clean(exclude=["number"] if request.number is None else None)
    if request.due_on < request.sent_on:
        raise ValidationError(
            {"due_on": _("The due date cannot be before the date sent.")}, code="due_on"
        )


def _clean_items(items) -> list[tuple[str, str]]:
    out = []
    for item in items or ():
        name, period = (
            (item.get("name", ""), item.get("period", ""))
            if isinstance(item, dict)
            else (item[0], item[1] if len(item) > 1 else "")
        )
        name, period = (name or "").strip(), (period or "").strip()
        if not name:
            continue
        if len(name) > 200 or len(period) > 100:
            raise ValidationError(
                {
                    "items": _(
                        "A document's name is at most 200 characters and its period at most 100."
                    )
                },
                code="items",
            )
        out.append((name, period))
    return out


def create_document_request(
    inspection: Inspection,
    *,
    actor,
    title: str,
    sent_on: date,
    due_on: date,
    note: str = "",
    items=(),
) -> DocumentRequest:
    """A numbered list of files and accounts asked of the unit. `items` are (name, period)
    pairs or dicts; the number is the next one of the inspection."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        items = _clean_items(items)
        if not items:
            raise ValidationError({"items": _("List at least one document.")}, code="items")
        request = DocumentRequest(
            inspection=inspection,
            title=(title or "").strip(),
            sent_on=sent_on,
            due_on=due_on,
            note=(note or "").strip(),
            created_by=_account(actor),
        )
        _validate_request(request)
        # Serialize numbering per inspection: the lock on the inspection's row, and a retry on
        # the unique constraint where the database does not lock rows.
        Inspection.objects.select_for_update().filter(pk=inspection.pk).exists()
        for _attempt in range(5):
            last = DocumentRequest.objects.filter(inspection=inspection).aggregate(n=Max("number"))
            request.number = (last["n"] or 0) + 1
            try:
                with transaction.atomic():
                    request.save()
                break
            except IntegrityError:
                request.pk = None
        else:
            raise ValidationError(_("Could not number the list; try again."))
        RequestedDocument.objects.bulk_create(
            RequestedDocument(request=request, name=name, period=period) for name, period in items
        )
        changes = diff({}, snapshot(request, ("number", *REQUEST_FIELDS)))
        changes["items"] = [None, [f"{n}（{p}）" if p else n for n, p in items]]
        record(
            EventType.DOCUMENT_REQUEST_SAVED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=request,
            changes=changes,
        )
    return request


def update_document_request(request: DocumentRequest, *, actor, **fields) -> DocumentRequest:
    fields = _only(fields, REQUEST_FIELDS)
    with transaction.atomic():
        request = _locked(DocumentRequest, request.pk)
        role = authorize_fieldwork(actor, request.inspection)
        before = snapshot(request, REQUEST_FIELDS)
        for name, value in fields.items():
            setattr(request, name, value)
        _validate_request(request)
        changes = diff(before, snapshot(request, REQUEST_FIELDS))
        if changes:
            request.save()
            record(
                EventType.DOCUMENT_REQUEST_SAVED,
                actor=actor,
                role=role,
                unit=request.inspection.target,
                obj=request,
                changes=changes,
            )
    return request


_ITEM_RELATED = (
    "request",
    "request__inspection",
    "request__inspection__round",
    "request__inspection__round__jurisdiction",
    "request__inspection__target",
)


def add_requested_document(
    request: DocumentRequest, *, actor, name: str, period: str = ""
) -> RequestedDocument:
    """Ask for one more document on an existing list."""
    with transaction.atomic():
        request = _locked(DocumentRequest, request.pk)
        role = authorize_fieldwork(actor, request.inspection)
        item = RequestedDocument(
            request=request, name=(name or "").strip(), period=(period or "").strip()
        )
        item.full_clean()
        item.save()
        record(
            EventType.DOCUMENT_ITEM_CHANGED,
            actor=actor,
            role=role,
            unit=request.inspection.target,
            obj=item,
            changes={
                "name": [None, item.name],
                "period": [None, item.period],
                "status": [None, item.status],
            },
        )
    return item


def remove_requested_document(item: RequestedDocument, *, actor, reason: str = "") -> None:
    """Take a document off a list, only while nothing has been provided for it."""
    with transaction.atomic():
        item = _locked(RequestedDocument, item.pk, _ITEM_RELATED)
        inspection = item.request.inspection
        role = authorize_fieldwork(actor, inspection)
        if item.status != Status.REQUESTED or attachments.attachments_of(item).exists():
            raise ValidationError(
                _("Only a document not yet provided can be taken off the list."), code="status"
            )
        record(
            EventType.DOCUMENT_REQUEST_SAVED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=item.request,
            changes={"items": [item.name, None]},
            reason=(reason or "").strip(),
        )
        item.delete()


# The status machine of a requested document: what each move needs the item to be in.
MOVES: dict[str, tuple[frozenset[str], str]] = {
    "provide": (frozenset({Status.REQUESTED, Status.RETURNED}), Status.PROVIDED),
    "return": (frozenset({Status.PROVIDED}), Status.RETURNED),
    "check": (frozenset({Status.PROVIDED}), Status.CHECKED),
}


def allowed_moves(item: RequestedDocument) -> list[str]:
    return [move for move, (sources, _target) in MOVES.items() if item.status in sources]


def _move(
    item: RequestedDocument, move: str, *, actor, role: str, reason: str = "", **values
) -> RequestedDocument:
    sources, target = MOVES[move]
    old = item.status
    if old not in sources:
        raise ValidationError(
            _("The document is “%(status)s”: this step is not possible now.")
            % {"status": item.get_status_display()},
            code="status",
        )
    now = timezone.now()
    # Conditional UPDATE: two people acting at once cannot both move the item.
    moved = RequestedDocument.objects.filter(pk=item.pk, status=old).update(
        status=target, updated_at=now, **values
    )
    if moved != 1:
        raise ValidationError(
            _("Someone changed this document meanwhile; reload the page."), code="conflict"
        )
    before = {"status": old, **{k: _plain_value(getattr(item, k)) for k in values}}
    for name, value in values.items():
        setattr(item, name, value)
    item.status, item.updated_at = target, now
    after = {"status": target, **{k: _plain_value(v) for k, v in values.items()}}
    record(
        EventType.DOCUMENT_ITEM_CHANGED,
        actor=actor,
        role=role,
        unit=item.request.inspection.target,
        obj=item,
        changes=diff(before, after),
        reason=reason,
    )
    return item


def _plain_value(value):
    return value.isoformat() if isinstance(value, date) else value


def _day(value: date | None) -> date:
    return value or timezone.localdate()


def _not_future(value: date, field: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")}, code=field)


def mark_provided(
    item: RequestedDocument, *, actor, provided_on: date | None = None
) -> RequestedDocument:
    """The team records that the unit provided the document (again, after a return)."""
    with transaction.atomic():
        item = _locked(RequestedDocument, item.pk, _ITEM_RELATED)
        role = authorize_fieldwork(actor, item.request.inspection)
        provided_on = _day(provided_on)
        _not_future(provided_on, "provided_on")
        return _move(item, "provide", actor=actor, role=role, provided_on=provided_on)


def liaison_mark_provided(
    item: RequestedDocument, *, actor, provided_on: date | None = None
) -> RequestedDocument:
    """The unit's liaison reports the document handed over; nothing else is open to them."""
    with transaction.atomic():
        item = _locked(RequestedDocument, item.pk, _ITEM_RELATED)
        inspection = item.request.inspection
        if actor is None:
            raise PermissionDenied
        role = authorize(actor, Capability.LIAISON_RECEIVE, inspection.target.path)
        if item.request.sent_on > timezone.localdate():
            raise PermissionDenied
        provided_on = _day(provided_on)
        _not_future(provided_on, "provided_on")
        return _move(item, "provide", actor=actor, role=role, provided_on=provided_on)


def return_for_more(item: RequestedDocument, *, actor, reason: str) -> RequestedDocument:
    """Send a provided document back, saying what more is needed."""
    reason = (reason or "").strip()
    with transaction.atomic():
        item = _locked(RequestedDocument, item.pk, _ITEM_RELATED)
        role = authorize_fieldwork(actor, item.request.inspection)
        if not reason:
            raise ValidationError(
                {"return_reason": _("Say what more is needed.")}, code="return_reason"
            )
        return _move(item, "return", actor=actor, role=role, return_reason=reason)


def check_document(
    item: RequestedDocument, *, actor, findings: str, checked_on: date | None = None
) -> RequestedDocument:
    """Close the reading of a document with what was found (a checked document is final)."""
    findings = (findings or "").strip()
    with transaction.atomic():
        item = _locked(RequestedDocument, item.pk, _ITEM_RELATED)
        role = authorize_fieldwork(actor, item.request.inspection)
        checked_on = _day(checked_on)
        _not_future(checked_on, "checked_on")
        if not findings:
            raise ValidationError(
                {"findings": _("Say what was found, or that nothing was found.")},
                code="findings",
            )
        if item.provided_on and checked_on < item.provided_on:
            raise ValidationError(
                {"checked_on": _("A document cannot be checked before it was provided.")},
                code="checked_on",
            )
        return _move(
            item, "check", actor=actor, role=role, checked_on=checked_on, findings=findings
        )


def mark_read(item: RequestedDocument, *, actor) -> bool:
    """The acting member read the document; False when they were already among its readers."""
    with transaction.atomic():
        item = _locked(RequestedDocument, item.pk, _ITEM_RELATED)
        role = authorize_fieldwork(actor, item.request.inspection)
        if _account(actor) is None:
            raise ValidationError(_("Only a person can read a document."))
        if item.status not in (Status.PROVIDED, Status.CHECKED):
            raise ValidationError(_("The document has not been provided yet."), code="status")
        if item.readers.filter(pk=actor.pk).exists():
            return False
        item.readers.add(actor)
        record(
            EventType.DOCUMENT_ITEM_CHANGED,
            actor=actor,
            role=role,
            unit=item.request.inspection.target,
            obj=item,
            changes={"readers": [None, actor.pk]},
        )
    return True


def move_requested_document(
    item: RequestedDocument, move: str, *, actor, **values
) -> RequestedDocument:
    """One entry for the pages and the API: `move` is provide, return or check."""
    if move == "provide":
        return mark_provided(item, actor=actor, provided_on=values.get("provided_on"))
    if move == "return":
        return return_for_more(item, actor=actor, reason=values.get("return_reason", ""))
    if move == "check":
        return check_document(
            item,
            actor=actor,
            findings=values.get("findings", ""),
            checked_on=values.get("checked_on"),
        )
    raise ValidationError(_("Unknown step."), code="move")
