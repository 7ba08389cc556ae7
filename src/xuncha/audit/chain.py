"""The hash chain of audit events: how an event is hashed, and how the chain is verified."""

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings

GENESIS = "0" * 64

# The fields covered by the hash, in order. Changing this list invalidates every existing chain.
CHAINED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_name",
    "actor_role",
    "unit_id",
    "event_type",
    "object_type",
    "object_id",
    "changes",
    "reason",
    "request_id",
    "source_address",
    "channel",
    "result",
)


def _key() -> bytes:
    return settings.AUDIT_CHAIN_KEY.encode()


def canonical(values: tuple) -> bytes:
    """A stable byte form of an event's chained fields, whatever the database returns."""
    out = list(values)
    occurred = out[1]
    if isinstance(occurred, datetime):
        out[1] = occurred.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    return json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def event_hash(prev_hash: str, values: tuple, key: bytes | None = None) -> str:
    mac = hmac.new(key or _key(), prev_hash.encode(), hashlib.sha256)
    mac.update(canonical(values))
    return mac.hexdigest()


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold."""

    seq: int
    event_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"event #{self.seq}" + (f" (id {self.event_id})" if self.event_id else "")
        return f"{where}: {self.problem}"


@dataclass(frozen=True)
class Verdict:
    checked: int
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify_rows(rows: Iterable[tuple], head: tuple[int, str] | None) -> Verdict:
    """Check rows of (id, prev_hash, hash, *CHAINED_FIELDS) given in seq order.

    Finds a deleted event (a gap in seq or a head that runs past the last event), an altered event
    (its hash no longer matches its fields) and an inserted one (its seq or links do not fit).
    """
    key = _key()
    expected_seq = 1
    prev = GENESIS
    checked = 0
    for row in rows:
        event_id, prev_hash, stored_hash, *values = row
        seq = values[0]
        if seq != expected_seq:
            problem = (
                f"events #{expected_seq}–#{seq - 1} are missing"
                if seq > expected_seq
                else f"out of sequence (expected #{expected_seq})"
            )
            return Verdict(checked, Break(seq, event_id, problem))
        if prev_hash != prev:
            return Verdict(checked, Break(seq, event_id, "does not link to the previous event"))
        if event_hash(prev, tuple(values), key) != stored_hash:
            return Verdict(checked, Break(seq, event_id, "its content was altered"))
        prev = stored_hash
        expected_seq += 1
        checked += 1
    if head is not None:
        head_seq, head_hash = head
        if head_seq != expected_seq - 1 or (head_seq and head_hash != prev):
            return Verdict(
                checked,
                Break(expected_seq, None,
                      f"the chain head records #{head_seq} but the last event is "
                      f"#{expected_seq - 1}: events at the end were deleted"),
            )
    return Verdict(checked, None)


def iter_chain_rows(batch: int = 20000) -> Iterator[tuple]:
    """Stream every event in seq order, in keyset-paginated batches."""
    from xuncha.audit.models import AuditEvent

    fields = ("id", "prev_hash", "hash", *CHAINED_FIELDS)
    last = 0
    while True:
        rows = list(
            AuditEvent.objects.filter(seq__gt=last).order_by("seq").values_list(*fields)[:batch]
        )
        if not rows:
            return
        yield from rows
        last = rows[-1][3]


def verify_chain() -> Verdict:
    from xuncha.audit.models import AuditChainHead

    head = AuditChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    return verify_rows(iter_chain_rows(), head or (0, ""))
