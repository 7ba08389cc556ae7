"""Results of surveys, per question across versions (by the question's stable key).

A question's negative share is its negative answers over the answers that chose an option
("不了解" included, skipped questions not); it is flagged when the share reaches the
jurisdiction's `PlanningSettings.survey_flag_percent`. The wording shown is the one of the
latest published version that has the question.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from xuncha.fieldwork.models import Area
from xuncha.plans.models import PlanningSettings
from xuncha.surveys import bank
from xuncha.surveys.models import Answer, Question, Survey, SurveyLink, SurveyResponse

AREA_LABELS = dict(Area.choices)


@dataclass
class QuestionResult:
    survey_id: int
    key: str
    number: int
    text: str
    area: str
    kind: str
    subject: str
    subject_post: str
    negative: str
    in_current: bool
    versions: list[int] = field(default_factory=list)
    reworded: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    remarks: list[str] = field(default_factory=list)
    flagged: bool = False

    @property
    def area_label(self) -> str:
        return str(AREA_LABELS.get(self.area, ""))

    @property
    def options(self) -> list[tuple[str, str, int]]:
        return [(v, label, self.counts.get(v, 0)) for v, label in bank.OPTIONS[self.kind]]

    @property
    def answered(self) -> int:
        return sum(n for v, n in self.counts.items() if v)

    @property
    def negative_count(self) -> int:
        return self.counts.get(self.negative, 0) if self.negative else 0

    @property
    def negative_share(self) -> float | None:
        if not self.negative or not self.answered:
            return None
        return self.negative_count / self.answered

    @property
    def negative_label(self) -> str:
        return bank.option_label(self.kind, self.negative)

    def share(self, *values: str) -> float | None:
        return sum(self.counts.get(v, 0) for v in values) / self.answered if self.answered else None

    @property
    def good_share(self) -> float | None:
        """好 + 较好, for graded questions."""
        return self.share("good", "fair")

    @property
    def poor_share(self) -> float | None:
        return self.share("poor")

    @staticmethod
    def _pct(share: float | None) -> str:
        return "—" if share is None else f"{share * 100:.1f}%"

    @property
    def negative_pct(self) -> str:
        return self._pct(self.negative_share)

    @property
    def good_pct(self) -> str:
        return self._pct(self.good_share)

    @property
    def poor_pct(self) -> str:
        return self._pct(self.poor_share)


def flag_percent(survey: Survey) -> int:
    return PlanningSettings.for_unit(survey.inspection.round.jurisdiction).survey_flag_percent


def question_results(
    surveys: list[Survey], *, percent: int, remarks: bool = True
) -> dict[int, list[QuestionResult]]:
    """Per survey, its questions' results in the order of its latest published version (then
    questions dropped from it), in a constant number of queries."""
    ids = [s.pk for s in surveys]
    latest: dict[tuple[int, str], QuestionResult] = {}
    texts: dict[tuple[int, str], set[str]] = defaultdict(set)
    last_version: dict[int, int] = {}
    rows = (
        Question.objects.filter(version__survey_id__in=ids, version__published_at__isnull=False)
        .select_related("version")
        .order_by("version__number", "position")
    )
    for q in rows:
        sid, n = q.version.survey_id, q.version.number
        last_version[sid] = max(last_version.get(sid, 0), n)
        seen = latest.get((sid, q.key))
        versions = (seen.versions if seen else []) + [n]
        latest[(sid, q.key)] = QuestionResult(
            survey_id=sid,
            key=q.key,
            number=q.position,
            text=q.text,
            area=q.area,
            kind=q.kind,
            subject=q.subject,
            subject_post=q.subject_post,
            negative=q.negative,
            in_current=False,
            versions=versions,
        )
        texts[(sid, q.key)].add(q.text)
    for (sid, key), r in latest.items():
        r.in_current = r.versions[-1] == last_version[sid]
        r.reworded = len(texts[(sid, key)]) > 1
    for row in (
        Answer.objects.filter(response__survey_id__in=ids)
        .values("response__survey_id", "key", "value")
        .annotate(n=Count("id"))
    ):
        r = latest.get((row["response__survey_id"], row["key"]))
        if r is not None:
            r.counts[row["value"]] = row["n"]
    if remarks:
        for sid, key, remark in (
            Answer.objects.filter(response__survey_id__in=ids)
            .exclude(remark="")
            .order_by("response_id")
            .values_list("response__survey_id", "key", "remark")
        ):
            r = latest.get((sid, key))
            if r is not None:
                r.remarks.append(remark)
    out: dict[int, list[QuestionResult]] = {sid: [] for sid in ids}
    for r in latest.values():
        r.flagged = bool(
            r.negative and r.answered and r.negative_count * 100 >= percent * r.answered
        )
        out[r.survey_id].append(r)
    for sid in out:
        out[sid].sort(
            key=lambda r: (not r.in_current, -r.versions[-1] if not r.in_current else 0, r.number)
        )
    return out


def survey_results(survey: Survey) -> dict:
    """Everything the results page, the API and the export show."""
    percent = flag_percent(survey)
    results = question_results([survey], percent=percent)[survey.pk]
    channels = dict(
        SurveyResponse.objects.filter(survey=survey)
        .values_list("channel")
        .annotate(n=Count("id"))
        .values_list("channel", "n")
    )
    per_version = dict(
        SurveyResponse.objects.filter(survey=survey)
        .values_list("version")
        .annotate(n=Count("id"))
        .values_list("version__number", "n")
    )
    versions = [
        {
            "number": v.number,
            "published_at": v.published_at,
            "responses": per_version.get(v.number, 0),
        }
        for v in survey.versions.filter(published_at__isnull=False).order_by("number")
    ]
    links = SurveyLink.objects.filter(survey=survey).aggregate(
        issued=Count("id"), used=Count("id", filter=Q(used_on__isnull=False))
    )
    web, paper = channels.get("web", 0), channels.get("paper", 0)
    return {
        "percent": percent,
        "questions": [r for r in results if not r.subject],
        "subjects": [r for r in results if r.subject],
        "flagged": [r for r in results if r.flagged],
        "responses": web + paper,
        "web": web,
        "paper": paper,
        "versions": versions,
        "links_issued": links["issued"],
        "links_used": links["used"],
    }


def chart_data(results: dict) -> dict:
    """What the bar charts draw (through json_script): negative share per question, and the
    grades of each appraised subject."""
    return {
        "questions": [
            {
                "label": f"{r.number}",
                "text": r.text,
                "share": round((r.negative_share or 0) * 100, 1),
                "flagged": r.flagged,
            }
            for r in results["questions"]
            if r.in_current and r.negative
        ],
        "subjects": [
            {"label": r.text, "counts": [n for _v, _l, n in r.options]}
            for r in results["subjects"]
            if r.in_current
        ],
        "grades": [label for _v, label in bank.OPTIONS[bank.GRADE]],
    }
