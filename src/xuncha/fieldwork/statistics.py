"""Live statistics of stationing, per inspection and per round (issue 4 point 9).

Every figure is counted from the records — questionnaires, interviews, petitions, documents,
visits, meetings, draft problems — never typed in. One call counts any number of inspections in
a constant number of queries, so a round's table costs the same as one inspection's.
"""

from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import (
    DraftProblem,
    FieldVisit,
    InformationRequest,
    Meeting,
    MeetingKind,
    PersonalMattersCheck,
    RequestedDocument,
    SpecialCheck,
)

# The figures in display order, with their labels.
FIGURES: list[tuple[str, str]] = [
    ("questionnaires_issued", _("Questionnaires issued")),
    ("questionnaires_returned", _("Questionnaires returned")),
    ("appraisals_issued", _("Appraisal forms issued")),
    ("appraisals_returned", _("Appraisal forms returned")),
    ("interviews", _("Interviews (person-times)")),
    ("people_interviewed", _("People interviewed")),
    ("petitions", _("Letters, calls and visits")),
    ("in_scope", _("Petitions in scope")),
    ("forwarded", _("Petitions forwarded")),
    ("documents_read", _("Documents read")),
    ("visits", _("Site visits")),
    ("symposiums", _("Symposiums")),
    ("meetings", _("Meetings")),
    ("personal_checks", _("Personal-matters checks")),
    ("special_checks", _("Special checks")),
    ("requests_answered", _("Information requests answered")),
    ("draft_problems", _("Draft problems")),
    ("problems_confirmed", _("Problems confirmed")),
]
KEYS = [key for key, _label in FIGURES]


def _by_inspection(qs, ids, **aggregates) -> dict[int, dict[str, int]]:
    rows = qs.filter(inspection_id__in=ids).values("inspection_id").annotate(**aggregates)
    return {row.pop("inspection_id"): row for row in rows}


def _fieldwork_counts(ids: list[int]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    parts = [
        _by_inspection(FieldVisit.objects, ids, visits=Count("id")),
        _by_inspection(
            Meeting.objects, ids, meetings=Count("id"),
            symposiums=Count("id", filter=Q(kind=MeetingKind.SYMPOSIUM)),
        ),
        _by_inspection(PersonalMattersCheck.objects, ids, personal_checks=Count("id")),
        _by_inspection(SpecialCheck.objects, ids, special_checks=Count("id")),
        _by_inspection(
            InformationRequest.objects, ids,
            requests_answered=Count("id", filter=Q(status=InformationRequest.Status.ANSWERED)),
        ),
        _by_inspection(
            DraftProblem.objects.exclude(status=DraftProblem.Status.DROPPED), ids,
            draft_problems=Count("id"),
            problems_confirmed=Count("id", filter=Q(status__in=[
                DraftProblem.Status.CONFIRMED, DraftProblem.Status.HANDED_OFF,
            ])),
        ),
    ]
    # A document counts as read once checked or once a member marked it read.
    read = (
        RequestedDocument.objects.filter(request__inspection_id__in=ids)
        .filter(Q(status=RequestedDocument.Status.CHECKED) | Q(readers__isnull=False))
        .values("request__inspection_id")
        .annotate(documents_read=Count("id", distinct=True))
    )
    parts.append({row["request__inspection_id"]: {"documents_read": row["documents_read"]}
                  for row in read})
    for part in parts:
        for pk, values in part.items():
            out[pk].update(values)
    return out


def inspection_statistics(inspection_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{inspection id: {figure: count}} for every id given, zeros included."""
    from xuncha.interviews.selectors import interview_counts
    from xuncha.petitions.selectors import petition_counts
    from xuncha.surveys.selectors import survey_counts

    ids = list(dict.fromkeys(inspection_ids))
    out = {pk: dict.fromkeys(KEYS, 0) for pk in ids}
    if not ids:
        return out
    for part in (
        survey_counts(ids), interview_counts(ids), petition_counts(ids), _fieldwork_counts(ids)
    ):
        for pk, values in part.items():
            if pk in out:
                out[pk].update({k: v for k, v in values.items() if k in out[pk]})
    return out


def totals(stats: dict[int, dict[str, int]]) -> dict[str, int]:
    total = dict.fromkeys(KEYS, 0)
    for values in stats.values():
        for key in KEYS:
            total[key] += values.get(key, 0)
    return total


def rows(stats: dict[int, dict[str, int]]) -> list[tuple[str, str, int]]:
    """[(key, label, value)] of one inspection's figures, for display."""
    return [(key, label, stats.get(key, 0)) for key, label in FIGURES]
