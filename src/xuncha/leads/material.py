"""The records of an inspection a lead may come from: petitions, interviews, requested
documents, visits and checks, each named by a material token (`ct_id:obj_id`, as in the evening
briefing). Only labels are listed — never an interview record or a petition's content — so the
registration form shows nothing a member of the team does not already see in the register
pages. Called after the caller passed the inspection's choke point."""

from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from xuncha.fieldwork.attachments import inspection_of
from xuncha.fieldwork.briefing import resolve_token, token_of
from xuncha.fieldwork.models import (
    FieldVisit,
    PersonalMattersCheck,
    RequestedDocument,
    SourceKind,
    SpecialCheck,
)

# Models whose rows a lead may name as its source, by "app_label.model".
LEAD_MATERIAL = {
    "petitions.petition",
    "interviews.interview",
    "fieldwork.requesteddocument",
    "fieldwork.fieldvisit",
    "fieldwork.personalmatterscheck",
    "fieldwork.specialcheck",
}
# How many records of each kind the form offers, newest first.
LIMIT = 300


def _short(text: str, n: int = 40) -> str:
    return Truncator(" ".join((text or "").split())).chars(n)


def _day(value) -> str:
    return value.isoformat() if value else ""


def record_label(obj) -> str:
    """How a source record is named on the lead (Chinese data text, as the registers write
    it): never its content beyond a petition's one-line summary."""
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    if label == "petitions.petition":
        return f"{obj.label}：{_short(obj.summary)}"
    if label == "interviews.interview":
        who = obj.interviewee.name
        if obj.interviewee.post:
            who = f"{who}（{obj.interviewee.post}）"
        return f"与{who}谈话（{_day(obj.held_on)}）"
    if label == "fieldwork.requesteddocument":
        return f"调阅资料：{obj.name}（{obj.period}）" if obj.period else f"调阅资料：{obj.name}"
    if label == "fieldwork.fieldvisit":
        return f"{obj.get_kind_display()}：{obj.place}（{_day(obj.visited_on)}）"
    if label == "fieldwork.personalmatterscheck":
        return f"个人有关事项抽查：{obj.person}（{obj.report_year}年度）"
    if label == "fieldwork.specialcheck":
        return f"{obj.get_topic_display()}：{obj.title}"
    return _short(str(obj), 200)


def inspection_material(inspection) -> list[dict]:
    """[{"kind", "label", "token", "day"}] of the inspection's records, by kind, newest first."""
    from xuncha.interviews.models import Interview
    from xuncha.petitions.models import Petition

    rows = [
        (
            SourceKind.PETITION,
            "received_on",
            Petition.objects.filter(inspection=inspection).order_by("-number"),
        ),
        (
            SourceKind.INTERVIEW,
            "held_on",
            Interview.objects.filter(inspection=inspection)
            .select_related("interviewee")
            .order_by("-held_on", "-pk"),
        ),
        (
            SourceKind.DOCUMENT,
            "checked_on",
            RequestedDocument.objects.filter(request__inspection=inspection).order_by(
                "-request__number", "-pk"
            ),
        ),
        (
            SourceKind.VISIT,
            "visited_on",
            FieldVisit.objects.filter(inspection=inspection).order_by("-visited_on", "-pk"),
        ),
        (
            SourceKind.CHECK,
            "checked_on",
            PersonalMattersCheck.objects.filter(inspection=inspection).order_by(
                "-checked_on", "-pk"
            ),
        ),
        (
            SourceKind.CHECK,
            "checked_on",
            SpecialCheck.objects.filter(inspection=inspection).order_by("-checked_on", "-pk"),
        ),
    ]
    out: list[dict] = []
    for kind, day_field, qs in rows:
        for obj in qs[:LIMIT]:
            out.append(
                {
                    "kind": kind.value,
                    "label": record_label(obj),
                    "token": token_of(obj),
                    "day": _day(getattr(obj, day_field)),
                }
            )
    return out


def grouped_choices(material: list[dict]) -> list:
    """The material as grouped choices for a select, one group per kind."""
    groups: dict[str, list] = {}
    for item in material:
        groups.setdefault(item["kind"], []).append((item["token"], item["label"]))
    return [(SourceKind(kind).label, rows) for kind, rows in groups.items()]


def resolve(token: str, inspection):
    """The record a token names, if it is lead material of this inspection; ValidationError
    otherwise (alike for 'unknown' and 'another inspection's')."""
    obj = resolve_token(token)
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    if label not in LEAD_MATERIAL or inspection_of(obj) != inspection:
        raise ValidationError({"sources": _("Choose records of this inspection.")})
    return obj


def kind_of(obj) -> str:
    """The source kind of a record."""
    return {
        "petitions.petition": SourceKind.PETITION,
        "interviews.interview": SourceKind.INTERVIEW,
        "fieldwork.requesteddocument": SourceKind.DOCUMENT,
        "fieldwork.fieldvisit": SourceKind.VISIT,
        "fieldwork.personalmatterscheck": SourceKind.CHECK,
        "fieldwork.specialcheck": SourceKind.CHECK,
    }.get(f"{obj._meta.app_label}.{obj._meta.model_name}", SourceKind.OTHER)
