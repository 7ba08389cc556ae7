"""Writing audit events. Every service that changes data calls `record` inside its transaction."""

import json
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from xuncha.audit.chain import GENESIS, event_hash
from xuncha.audit.models import AuditChainHead, AuditEvent, EventType, Result
from xuncha.core.context import current


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value for the before/after record."""
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields` on `obj`, foreign keys as ids."""
    return {f: _plain(getattr(obj, f"{f}_id" if _is_fk(obj, f) else f)) for f in fields}


def _is_fk(obj: models.Model, name: str) -> bool:
    try:
        field = obj._meta.get_field(name)
    except Exception:
        return False
    return isinstance(field, models.ForeignKey)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Only the fields that changed, as {field: [before, after]}."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


# Case text the security auditor must not read: {model label: field names}. The trail keeps
# that such a field changed and how long it was, never the words (see `conceal`).
_CONCEALED: dict[str, frozenset[str]] = {}


def conceal(model: type[models.Model], *fields: str) -> None:
    """Keep the text of these fields of `model` out of every audit event about it."""
    label = model._meta.label_lower
    _CONCEALED[label] = _CONCEALED.get(label, frozenset()) | frozenset(fields)


def _marker(value: Any) -> Any:
    if value in (None, ""):
        return value
    if isinstance(value, list | tuple):
        return [_marker(v) for v in value]
    return f"［{len(str(value))}字，已隐去］"


def _concealed(object_type: str, changes: dict | None) -> dict | None:
    fields = _CONCEALED.get(object_type)
    if not fields or not changes:
        return changes
    return {k: (_marker(v) if k in fields else v) for k, v in changes.items()}


def record(
    event_type: EventType | str,
    *,
    actor=None,
    role: str = "",
    unit=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    changes: dict[str, Any] | None = None,
    reason: str = "",
    result: Result | str = Result.SUCCESS,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction.

    The chain head is locked for the rest of the transaction, so events are numbered and linked in
    commit order; if the caller's transaction rolls back, the event goes with it.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    changes = _concealed(object_type, changes)
    ctx = current()
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditChainHead.objects.create(pk=1, seq=0, hash="")
        event = AuditEvent(
            seq=head.seq + 1,
            occurred_at=timezone.now(),
            actor=actor_obj,
            actor_name=(actor_obj.get_username() if actor_obj else "")[:150],
            actor_role=role[:64],
            unit=unit,
            event_type=str(event_type),
            object_type=object_type[:64],
            object_id=str(object_id)[:64],
            # Round-trip through JSON so the hash covers exactly what the database returns.
            changes=json.loads(json.dumps(changes or {}, default=str)),
            reason=reason,
            request_id=ctx.request_id,
            source_address=ctx.source_address,
            channel=ctx.channel,
            result=str(result),
        )
        prev = head.hash or GENESIS
        event.prev_hash = prev
        event.hash = event_hash(prev, _chained_values(event))
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


def _chained_values(event: AuditEvent) -> tuple:
    # Normalise through JSON the way the database will hand the value back.
    return (
        event.seq,
        event.occurred_at,
        event.actor_id,
        event.actor_name,
        event.actor_role,
        event.unit_id,
        event.event_type,
        event.object_type,
        event.object_id,
        event.changes,
        event.reason,
        event.request_id,
        event.source_address,
        event.channel,
        event.result,
    )
