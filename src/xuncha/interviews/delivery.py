"""What an outline hands to the interviewee, and the warning when it reaches them late.

The package of an individual outline is the general outline's questions followed by the
person's own, leaving out questions kept for the interviewer (`confidential`) and removed ones.
Seed 002: outlines reach the interviewee three days ahead (PlanningSettings.outline_lead_days);
the warning is derived from the dates each time, never stored.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xuncha.interviews.models import InterviewOutline
from xuncha.plans.models import PlanningSettings

GENERAL, INDIVIDUAL = "general", "individual"


def handed_over(questions) -> list[str]:
    return [q.text for q in questions if not q.removed and not q.confidential]


def package(outline: InterviewOutline, general_questions=()) -> list[dict]:
    """The questions as sent: [{"part": "general"|"individual", "text": …}]. Pass the general
    outline's questions (prefetched) to avoid a query per outline."""
    own = handed_over(outline.questions.all())
    return [{"part": GENERAL, "text": t} for t in handed_over(general_questions)] + [
        {"part": INDIVIDUAL, "text": t} for t in own
    ]


def changed_since_sent(outline: InterviewOutline, general_questions=()) -> bool:
    return outline.sent_at is not None and outline.sent_questions != package(
        outline, general_questions
    )


def lead_days(inspection) -> int:
    return PlanningSettings.for_unit(inspection.round.jurisdiction).outline_lead_days


@dataclass(frozen=True)
class DeliveryWarning:
    code: str  # no_outline, not_sent, not_delivered, late
    days: int  # days between delivery (or today) and the interview
    message: str

    def as_dict(self) -> dict:
        return {"code": self.code, "days": self.days, "message": self.message}


def _days(n: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def delivery_warning(
    *,
    planned_on: date | None,
    outline: InterviewOutline | None,
    lead: int,
    interviewed: bool = False,
    today: date | None = None,
) -> DeliveryWarning | None:
    """Why the outline does not reach the person `lead` days before the interview, if so."""
    if planned_on is None:
        return None
    need = _days(lead)
    if outline is not None and outline.delivered_on is not None:
        gap = (planned_on - outline.delivered_on).days
        if gap < lead:
            return DeliveryWarning(
                "late",
                gap,
                _(
                    "The outline reached the person %(gap)s before the interview; at least "
                    "%(need)s are required."
                )
                % {"gap": _days(max(gap, 0)), "need": need},
            )
        return None
    if interviewed:
        return None
    today = today or timezone.localdate()
    left = (planned_on - today).days
    if left >= lead:
        return None
    if left < 0:
        text = _("The interview date has passed and the outline never reached the person.")
    elif outline is None:
        text = _(
            "No outline yet and only %(left)s left before the interview; it must reach "
            "the person %(need)s ahead."
        )
    elif outline.sent_at is None:
        text = _(
            "The outline has not been sent to the liaison and only %(left)s are left "
            "before the interview; it must reach the person %(need)s ahead."
        )
    else:
        text = _(
            "The outline has not reached the person and only %(left)s are left before "
            "the interview; it must reach them %(need)s ahead."
        )
    code = (
        "no_outline"
        if outline is None
        else ("not_sent" if outline.sent_at is None else "not_delivered")
    )
    return DeliveryWarning(code, left, text % {"left": _days(max(left, 0)), "need": need})
