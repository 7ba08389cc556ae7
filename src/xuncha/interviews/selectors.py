"""Reads of interviews that other areas use: counts for the live statistics and the day's
interviews for the evening briefing. Callers pass inspections they have already reached
through `fieldwork.access`."""

from datetime import date

from django.db.models import Count
from django.urls import reverse

from xuncha.interviews.models import Interview, Interviewee


def interview_counts(inspection_ids) -> dict[int, dict[str, int]]:
    """{inspection id: {"interviews": person-times (records), "people_interviewed": distinct
    people with a record, "planned": people on the plan}} in two queries, zeros where none."""
    ids = list(inspection_ids)
    out = {pk: {"interviews": 0, "people_interviewed": 0, "planned": 0} for pk in ids}
    if not ids:
        return out
    for row in (
        Interview.objects.filter(inspection_id__in=ids)
        .order_by()
        .values("inspection_id")
        .annotate(n=Count("id"), people=Count("interviewee_id", distinct=True))
    ):
        out[row["inspection_id"]]["interviews"] = row["n"]
        out[row["inspection_id"]]["people_interviewed"] = row["people"]
    for row in (
        Interviewee.objects.filter(inspection_id__in=ids)
        .order_by()
        .values("inspection_id")
        .annotate(n=Count("id"))
    ):
        out[row["inspection_id"]]["planned"] = row["n"]
    return out


def day_material(inspection, day: date) -> list[dict]:
    """The interviews held that day, for the evening briefing: who, the summary and the
    problems noted (not the record itself)."""
    rows = (
        Interview.objects.filter(inspection=inspection, held_on=day)
        .select_related("interviewee")
        .order_by("starts_at", "pk")
    )
    out = []
    for interview in rows:
        person = interview.interviewee
        who = f"{person.name}（{person.post}）" if person.post else person.name
        note = "\n".join(
            part for part in (interview.summary.strip(), interview.problems.strip()) if part
        )
        out.append(
            {
                "kind": "interview",
                "label": f"与{who}谈话",
                "note": note,
                "obj": interview,
                "url": reverse("interviews:record", kwargs={"pk": interview.pk}),
            }
        )
    return out
