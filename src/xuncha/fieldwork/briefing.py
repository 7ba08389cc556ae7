"""Reads of the evening briefing: the day's material from every kind of record, and the day's
problem list. Everything here is called after the inspection's choke point let the reader in."""

from collections import OrderedDict
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.fieldwork.access import fieldwork_q
from xuncha.fieldwork.models import DraftProblem, ProblemSource, SourceKind, Subgroup, WorkLog

# Models whose rows may back a draft problem, by "app_label.model".
MATERIAL_MODELS = {
    "interviews.interview", "petitions.petition", "fieldwork.requesteddocument",
    "fieldwork.fieldvisit", "fieldwork.personalmatterscheck", "fieldwork.specialcheck",
    "fieldwork.meeting", "surveys.survey",
}


def shown(material: list[dict], *, actor, via: str = "briefing") -> list[dict]:
    """The material as shown to a reader: the summary and problems of an interview are part
    of its record, so showing them is an audited view of that interview."""
    from xuncha.interviews.services.records import record_interview_viewed

    for item in material:
        if item["kind"] == "interview" and item["note"]:
            record_interview_viewed(item["obj"], actor=actor, via=via)
    return material


def token_of(obj) -> str:
    return f"{ContentType.objects.get_for_model(obj).pk}:{obj.pk}"


def resolve_token(token: str):
    """The record a material token names, or ValidationError (never a model outside the
    material models, whatever the token says). Whether it belongs to the inspection is checked
    by the service."""
    try:
        ct_id, obj_id = (int(part) for part in token.split(":", 1))
        ct = ContentType.objects.get_for_id(ct_id)
    except (ValueError, ContentType.DoesNotExist):
        raise ValidationError({"sources": _("Unknown material.")}) from None
    if f"{ct.app_label}.{ct.model}" not in MATERIAL_MODELS:
        raise ValidationError({"sources": _("Unknown material.")})
    obj = ct.model_class()._default_manager.filter(pk=obj_id).first()
    if obj is None:
        raise ValidationError({"sources": _("Unknown material.")})
    return obj


def visible_problems(user):
    """Draft problems of the inspections whose material the user reaches (the choke point of
    draft problems for pages and API alike)."""
    q = fieldwork_q(user, "inspection__")
    qs = DraftProblem.objects.select_related(
        "inspection", "inspection__round", "inspection__round__jurisdiction",
        "inspection__team", "inspection__target", "raised_by", "corroborated_by", "focus_area",
    )
    return qs.none() if q is None else qs.filter(q)


def get_problem_for_user(user, pk: int) -> DraftProblem:
    return get_object_or_404(visible_problems(user), pk=pk)


def default_day(inspection) -> date:
    """Today within stationing, else the last day of stationing."""
    today = timezone.localdate()
    end = inspection.stationed_until or inspection.round.ends_on
    return min(today, end) if end else today


def day_material(inspection, day: date) -> list[dict]:
    """The day's interviews, petitions, documents checked, visits, checks and meetings, each
    {"kind", "label", "note", "obj", "url", "token"}, in that order."""
    from xuncha.fieldwork.selectors_records import day_material as records_material
    from xuncha.interviews.selectors import day_material as interview_material
    from xuncha.petitions.selectors import day_material as petition_material

    items = [
        *interview_material(inspection, day),
        *petition_material(inspection, day),
        *records_material(inspection, day),
    ]
    for item in items:
        item["token"] = token_of(item["obj"])
        item["kind_label"] = SourceKind(item["kind"]).label
    return items


def recent_days(inspection, limit: int = 10) -> list[dict]:
    """The latest days with draft problems, with how many were raised, to jump to."""
    from django.db.models import Count

    rows = (
        DraftProblem.objects.filter(inspection=inspection)
        .values("day").annotate(n=Count("id")).order_by("-day")[:limit]
    )
    return list(rows)


def work_logs(inspection, day: date):
    return WorkLog.objects.filter(inspection=inspection, day=day).select_related("author")


def problems(inspection, day: date | None = None, *, include_dropped: bool = True):
    qs = DraftProblem.objects.filter(inspection=inspection).select_related(
        "raised_by", "corroborated_by", "focus_area", "briefing"
    ).prefetch_related("sources")
    if day is not None:
        qs = qs.filter(day=day)
    if not include_dropped:
        qs = qs.exclude(status=DraftProblem.Status.DROPPED)
    return qs.order_by("subgroup", "id")


def problem_list(inspection, day: date) -> list[dict]:
    """The day's problem list grouped by sub-group, in the sub-groups' order, dropped ones
    left out: [{"key", "name", "problems": [...]}]."""
    groups: OrderedDict[str, dict] = OrderedDict(
        (key, {"key": key, "name": label, "problems": []}) for key, label in Subgroup.choices
    )
    for problem in problems(inspection, day, include_dropped=False):
        groups[problem.subgroup]["problems"].append(problem)
    return [group for group in groups.values() if group["problems"]]


def source_text(sources: list[ProblemSource]) -> str:
    return "；".join(f"{s.get_kind_display()}：{s.label}" for s in sources)


def distinct_kinds(problem: DraftProblem) -> int:
    return len({s.kind for s in problem.sources.all()})
