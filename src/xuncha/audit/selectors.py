"""Filtering the audit trail for the auditor's page."""

from datetime import datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from xuncha.audit.models import AuditEvent

PAGE_SIZE = 50


def filter_events(qs: QuerySet[AuditEvent], data: dict) -> QuerySet[AuditEvent]:
    if data.get("actor"):
        qs = qs.filter(actor_name__icontains=data["actor"])
    if data.get("event_type"):
        qs = qs.filter(event_type=data["event_type"])
    if data.get("object_type"):
        qs = qs.filter(object_type=data["object_type"])
    if data.get("object_id"):
        qs = qs.filter(object_id=data["object_id"])
    if data.get("result"):
        qs = qs.filter(result=data["result"])
    tz = timezone.get_current_timezone()
    if data.get("since"):
        qs = qs.filter(occurred_at__gte=datetime.combine(data["since"], time.min, tz))
    if data.get("until"):
        end = datetime.combine(data["until"], time.min, tz) + timedelta(days=1)
        qs = qs.filter(occurred_at__lt=end)
    return qs


def page_of_events(qs: QuerySet[AuditEvent], before: int | None) -> tuple[list, int | None]:
    """One page, newest first, by keyset on seq (no COUNT over a large table)."""
    if before:
        qs = qs.filter(seq__lt=before)
    rows = list(qs.select_related("actor", "unit").order_by("-seq")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, (rows[-1].seq if more and rows else None)
