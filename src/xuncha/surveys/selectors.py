"""Reads of surveys that other parts of the platform call (statistics, interview outlines).

Callers pass inspections they have already let the person reach (through
`fieldwork.access`); these functions do not check access again.
"""

from collections.abc import Iterable

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from xuncha.plans.models import PlanningSettings
from xuncha.surveys.models import Survey, SurveyLink, SurveyResponse
from xuncha.surveys.results import question_results

KEYS = (
    "questionnaires_issued",
    "questionnaires_returned",
    "appraisals_issued",
    "appraisals_returned",
)


def _count(qs, field: str = "survey"):
    return Coalesce(
        Subquery(
            qs.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def survey_counts(inspection_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Per inspection: forms issued (links issued, plus paper forms handed out or, if more,
    entered) and returned (responses of both channels), for questionnaires and appraisals.
    One query; inspections without surveys get zeros."""
    ids = list(inspection_ids)
    out = {i: dict.fromkeys(KEYS, 0) for i in ids}
    rows = (
        Survey.objects.filter(inspection_id__in=ids)
        .annotate(
            n_links=_count(SurveyLink.objects.all()),
            n_returned=_count(SurveyResponse.objects.all()),
            n_paper=_count(SurveyResponse.objects.filter(channel=SurveyResponse.Channel.PAPER)),
        )
        .values_list(
            "inspection_id", "kind", "n_links", "n_returned", "n_paper", "paper_forms_issued"
        )
    )
    for inspection_id, kind, links, returned, paper, handed_out in rows:
        prefix = "appraisals" if kind == Survey.Kind.APPRAISAL else "questionnaires"
        out[inspection_id][f"{prefix}_issued"] += links + max(paper, handed_out)
        out[inspection_id][f"{prefix}_returned"] += returned
    return out


def flagged_questions(inspection) -> list[dict]:
    """The questions of the inspection's surveys (current versions, those with an area) whose
    negative share reaches the jurisdiction's threshold, worst first. Each is
    {"text", "area", "negative_share" (0–1), "label", "url", "survey", "survey_id"}."""
    surveys = list(
        Survey.objects.filter(inspection=inspection)
        .exclude(status=Survey.Status.DRAFT)
        .order_by("kind", "pk")
    )
    if not surveys:
        return []
    percent = PlanningSettings.for_unit(inspection.round.jurisdiction).survey_flag_percent
    results = question_results(surveys, percent=percent, remarks=False)
    out = []
    for survey in surveys:
        word = "测评" if survey.kind == Survey.Kind.APPRAISAL else "问卷"
        url = reverse("surveys:results", kwargs={"pk": survey.pk})
        for r in results[survey.pk]:
            if not (r.flagged and r.area and r.in_current):
                continue
            share = r.negative_share or 0.0
            out.append(
                {
                    "text": r.text,
                    "area": r.area,
                    "negative_share": share,
                    "label": f"{word}第{r.number}题否定回答占{round(share * 100)}%",
                    "url": f"{url}#q-{r.key}",
                    "survey": survey.title,
                    "survey_id": survey.pk,
                }
            )
    out.sort(key=lambda d: -d["negative_share"])
    return out
