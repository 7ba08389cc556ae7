"""The interview plan as the pages and the API show it: each person with their outline's state,
interviews held and the delivery warning, and the counts of the whole plan. A fixed number of
queries whatever the size of the plan."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch
from django.utils import timezone

from xuncha.interviews.delivery import (
    DeliveryWarning,
    changed_since_sent,
    delivery_warning,
    lead_days,
)
from xuncha.interviews.models import (
    Interviewee,
    InterviewOutline,
    OutlineKind,
    OutlineQuestion,
)


@dataclass
class PlanRow:
    person: Interviewee
    outline: InterviewOutline | None
    interviews: int
    last_held: object
    warning: DeliveryWarning | None
    changed: bool = False

    @property
    def status(self) -> str:
        o = self.outline
        if o is None:
            return "none"
        if o.delivered_on:
            return "delivered"
        if o.sent_at:
            return "sent"
        return "generated"


@dataclass
class Plan:
    rows: list[PlanRow]
    lead: int
    counts: dict = field(default_factory=dict)

    @property
    def warnings(self) -> list[PlanRow]:
        return [r for r in self.rows if r.warning is not None]


def general_questions(inspection) -> list[OutlineQuestion]:
    return list(
        OutlineQuestion.objects.filter(
            outline__inspection=inspection, outline__kind=OutlineKind.GENERAL
        ).order_by("order", "pk")
    )


def plan_of(inspection, *, with_changes: bool = True) -> Plan:
    """Every person on the plan, in plan order, with warnings and counts."""
    people = (
        Interviewee.objects.filter(inspection=inspection)
        .select_related("interviewer", "recorder", "outline")
        .annotate(n_interviews=Count("interviews"), last_held=Max("interviews__held_on"))
        .order_by("order", "pk")
    )
    if with_changes:
        people = people.prefetch_related(
            Prefetch("outline__questions", queryset=OutlineQuestion.objects.order_by("order", "pk"))
        )
    general = general_questions(inspection) if with_changes else []
    lead = lead_days(inspection)
    today = timezone.localdate()
    rows = []
    for person in people:
        outline = getattr(person, "outline", None)
        rows.append(
            PlanRow(
                person=person,
                outline=outline,
                interviews=person.n_interviews,
                last_held=person.last_held,
                warning=delivery_warning(
                    planned_on=person.planned_on,
                    outline=outline,
                    lead=lead,
                    interviewed=person.n_interviews > 0,
                    today=today,
                ),
                changed=bool(
                    with_changes and outline is not None and changed_since_sent(outline, general)
                ),
            )
        )
    counts = {
        "planned": len(rows),
        "assigned": sum(1 for r in rows if r.person.interviewer_id and r.person.recorder_id),
        "dated": sum(1 for r in rows if r.person.planned_on),
        "outlines": sum(1 for r in rows if r.outline is not None),
        "sent": sum(1 for r in rows if r.outline is not None and r.outline.sent_at),
        "delivered": sum(1 for r in rows if r.outline is not None and r.outline.delivered_on),
        "people_interviewed": sum(1 for r in rows if r.interviews),
        "interviews": sum(r.interviews for r in rows),
        "warnings": sum(1 for r in rows if r.warning is not None),
    }
    return Plan(rows=rows, lead=lead, counts=counts)


def outline_warning(outline: InterviewOutline) -> DeliveryWarning | None:
    """The warning of one individual outline (its page, the liaison page, the API)."""
    person = outline.interviewee
    if person is None:
        return None
    return delivery_warning(
        planned_on=person.planned_on,
        outline=outline,
        lead=lead_days(outline.inspection),
        interviewed=person.interviews.exists(),
    )
