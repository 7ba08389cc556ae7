"""Reads of the records of stationing, all through the inspection's choke point
(`fieldwork_q`), and the liaison's narrow view of the document requests sent to their unit
(`liaison_q`: Capability.LIAISON_RECEIVE at the target, lists already sent)."""

from datetime import date

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import scope_q
from xuncha.accounts.roles import Capability
from xuncha.fieldwork.access import fieldwork_q
from xuncha.fieldwork.models import (
    DocumentRequest,
    FieldVisit,
    Meeting,
    MeetingKind,
    PersonalMattersCheck,
    RequestedDocument,
    SourceKind,
    SpecialCheck,
)
from xuncha.plans.models import Inspection

_INSPECTION = (
    "inspection",
    "inspection__round",
    "inspection__round__jurisdiction",
    "inspection__team",
    "inspection__target",
)


def _visible(model, user, prefix: str = "inspection__", related=_INSPECTION) -> QuerySet:
    q = fieldwork_q(user, prefix)
    qs = model.objects.select_related(*related)
    return qs.none() if q is None else qs.filter(q)


def get_record_for_user(user, model, pk: int):
    """A meeting, document request, visit or check of an inspection the user reaches; 404
    alike for 'does not exist' and 'not yours'."""
    return get_object_or_404(_visible(model, user), pk=pk)


def get_requested_document_for_user(user, pk: int) -> RequestedDocument:
    related = (*(f"request__{r}" for r in _INSPECTION), "request")
    return get_object_or_404(
        _visible(RequestedDocument, user, "request__inspection__", related), pk=pk
    )


def meetings_of(inspection: Inspection, kind: str = "") -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(inspection=inspection).select_related("created_by")
    return qs.filter(kind=kind) if kind else qs


def document_requests_of(inspection: Inspection) -> QuerySet[DocumentRequest]:
    """The lists of an inspection, newest first, each with its items (one query for all)."""
    return (
        DocumentRequest.objects.filter(inspection=inspection)
        .select_related("created_by")
        .prefetch_related("items")
        .order_by("-number")
    )


def items_of(request: DocumentRequest) -> QuerySet[RequestedDocument]:
    return request.items.prefetch_related("readers").order_by("id")


# --- The liaison ---------------------------------------------------------------------------------


def liaison_q(user, prefix: str = "") -> Q | None:
    """Document requests (at `prefix`) sent to a unit where the user is the liaison."""
    q = scope_q(user, Capability.LIAISON_RECEIVE, f"{prefix}inspection__target__path")
    if q is None:
        return None
    return q & Q(**{f"{prefix}sent_on__lte": timezone.localdate()})


def liaison_requests(user) -> QuerySet[DocumentRequest]:
    q = liaison_q(user)
    qs = (
        DocumentRequest.objects.select_related(
            "inspection__target", "inspection__round", "inspection__team"
        )
        .prefetch_related("items")
        .order_by("-sent_on", "-id")
    )
    return qs.none() if q is None else qs.filter(q)


def get_liaison_item(user, pk: int) -> RequestedDocument:
    q = liaison_q(user, "request__")
    qs = RequestedDocument.objects.select_related(
        "request", "request__inspection", "request__inspection__target"
    )
    return get_object_or_404(qs.none() if q is None else qs.filter(q), pk=pk)


def liaison_item_view(item: RequestedDocument) -> dict:
    """What the unit may know of a requested document: never the team's findings, readers or
    checking date."""
    return {
        "id": item.pk,
        "name": item.name,
        "period": item.period,
        "status": item.status,
        "status_label": item.get_status_display(),
        "provided_on": item.provided_on,
        "return_reason": item.return_reason
        if item.status == RequestedDocument.Status.RETURNED
        else "",
    }


# --- The day's material for the evening briefing -------------------------------------------------

# Meetings whose minutes are material of fact-finding (not the team's own meetings).
MATERIAL_MEETINGS = (MeetingKind.SYMPOSIUM, MeetingKind.UNIT_BRIEFING, MeetingKind.ATTENDED)


def _summary(text: str) -> str:
    return Truncator(" ".join((text or "").split())).chars(300)


def _label(kind_label: str, what: str) -> str:
    return _("%(kind)s: %(what)s") % {"kind": kind_label, "what": what}


def day_material(inspection: Inspection, day: date) -> list[dict]:
    """The day's visits, checks, documents checked and fact-finding meetings of an inspection,
    for the evening briefing: each {"kind": SourceKind value, "label", "note", "obj", "url"}.
    The caller has already passed the inspection's choke point."""
    out: list[dict] = []
    for visit in FieldVisit.objects.filter(inspection=inspection, visited_on=day).order_by("id"):
        out.append(
            {
                "kind": SourceKind.VISIT.value,
                "label": _label(visit.get_kind_display(), visit.place),
                "note": _summary(visit.findings or visit.purpose),
                "obj": visit,
                "url": reverse("fieldwork:check", kwargs={"kind": "visit", "pk": visit.pk}),
            }
        )
    for check in PersonalMattersCheck.objects.filter(
        inspection=inspection, checked_on=day
    ).order_by("id"):
        out.append(
            {
                "kind": SourceKind.CHECK.value,
                "label": _label(
                    _("Personal-matters check"), f"{check.person}（{check.report_year}）"
                ),
                "note": _summary(
                    f"{check.get_result_display()}。{check.discrepancies}"
                    if check.discrepancies
                    else check.get_result_display()
                ),
                "obj": check,
                "url": reverse("fieldwork:check", kwargs={"kind": "personal", "pk": check.pk}),
            }
        )
    for check in SpecialCheck.objects.filter(inspection=inspection, checked_on=day).order_by("id"):
        out.append(
            {
                "kind": SourceKind.CHECK.value,
                "label": _label(check.get_topic_display(), check.title),
                "note": _summary(check.findings),
                "obj": check,
                "url": reverse("fieldwork:check", kwargs={"kind": "special", "pk": check.pk}),
            }
        )
    documents = (
        RequestedDocument.objects.filter(
            request__inspection=inspection, status=RequestedDocument.Status.CHECKED, checked_on=day
        )
        .select_related("request")
        .order_by("request__number", "id")
    )
    for item in documents:
        out.append(
            {
                "kind": SourceKind.DOCUMENT.value,
                "label": _label(
                    _("Documents and accounts"),
                    f"{item.name}（{item.period}）" if item.period else item.name,
                ),
                "note": _summary(item.findings),
                "obj": item,
                "url": reverse("fieldwork:requested_document", kwargs={"pk": item.pk}),
            }
        )
    meetings = Meeting.objects.filter(
        inspection=inspection, held_on=day, kind__in=MATERIAL_MEETINGS
    ).order_by("starts_at", "id")
    for meeting in meetings:
        out.append(
            {
                "kind": SourceKind.MEETING.value,
                "label": _label(meeting.get_kind_display(), meeting.title),
                "note": _summary(meeting.minutes),
                "obj": meeting,
                "url": reverse("fieldwork:meeting", kwargs={"pk": meeting.pk}),
            }
        )
    return out
