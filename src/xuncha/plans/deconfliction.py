"""Cross-level deconfliction (上下联动, DOMAIN.md §1): before a target joins a round, say whether
this or another level inspected it recently, or whether the upper level plans it in the same
period, so that no unit is inspected twice in a row without a recorded reason.

Three kinds of warning:
  recent       any inspection of the target, by any jurisdiction, whose stationing window
               reaches into the N months before the new window starts (N is the jurisdiction's
               `PlanningSettings.deconfliction_months`, 12 by default) or overlaps the new window;
  upper_round  an inspection of the target in a round of a jurisdiction above this one, of the
               same year or overlapping the new window;
  upper_plan   the target planned for the same year in the coverage plan of a jurisdiction above.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from xuncha.orgs.models import Unit
from xuncha.orgs.tree import ancestor_paths
from xuncha.plans.models import CoverageEntry, Inspection, PlanningSettings, Round
from xuncha.plans.selectors import (
    DONE_STAGES,
    owning_jurisdiction,
    window_end_expr,
    window_start_expr,
)

RECENT = "recent"
UPPER_ROUND = "upper_round"
UPPER_PLAN = "upper_plan"


@dataclass(frozen=True)
class DeconflictionWarning:
    """One reason to think twice before inspecting the target; `text` says who, which round and
    when."""

    kind: str
    text: str
    jurisdiction: str
    round: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    year: int | None = None
    inspection_id: int | None = None

    def __str__(self) -> str:
        return self.text


Warning = DeconflictionWarning  # the name the rest of the code and the docs use


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def _inspection_text(inspection: Inspection, *, upper: bool) -> str:
    params = {
        "jurisdiction": inspection.round.jurisdiction.name,
        "round": inspection.round.name,
        "start": inspection.ws.isoformat(),
        "end": inspection.we.isoformat(),
    }
    if inspection.stage in DONE_STAGES:
        if upper:
            return (
                _(
                    "The upper level %(jurisdiction)s inspected this unit in %(round)s "
                    "(stationed %(start)s to %(end)s)."
                )
                % params
            )
        return (
            _("%(jurisdiction)s inspected this unit in %(round)s (stationed %(start)s to %(end)s).")
            % params
        )
    if upper:
        return (
            _(
                "The upper level %(jurisdiction)s plans to inspect this unit in %(round)s "
                "(stationing %(start)s to %(end)s)."
            )
            % params
        )
    return (
        _(
            "%(jurisdiction)s plans to inspect this unit in %(round)s "
            "(stationing %(start)s to %(end)s)."
        )
        % params
    )


def deconfliction_warnings(
    target: Unit,
    window_start: date,
    window_end: date,
    *,
    exclude_round: Round | None = None,
    jurisdiction: Unit | None = None,
    months: int | None = None,
) -> list[DeconflictionWarning]:
    """What speaks against inspecting `target` from `window_start` to `window_end`.

    `jurisdiction` is the one planning (by default the round's, else the target's own); the
    inspections of `exclude_round` (the round being planned) are left out."""
    if window_end < window_start:
        window_end = window_start
    if jurisdiction is None and exclude_round is not None:
        jurisdiction = exclude_round.jurisdiction
    if jurisdiction is None:
        jurisdiction = owning_jurisdiction(target)
    if months is None:
        months = (
            PlanningSettings.for_unit(jurisdiction).deconfliction_months if jurisdiction else 12
        )
    since = add_months(window_start, -months)
    inspections = (
        Inspection.objects.filter(target=target)
        .select_related("round", "round__jurisdiction")
        .annotate(ws=window_start_expr(), we=window_end_expr())
        .order_by("ws", "pk")
    )
    if exclude_round is not None:
        inspections = inspections.exclude(round=exclude_round)
    upper_paths = ancestor_paths(jurisdiction.path) if jurisdiction else []
    warnings: list[DeconflictionWarning] = []
    seen: set[int] = set()

    for item in inspections.filter(we__gte=since, ws__lte=window_end):
        seen.add(item.pk)
        warnings.append(
            DeconflictionWarning(
                kind=RECENT,
                text=_inspection_text(item, upper=item.round.jurisdiction.path in upper_paths),
                jurisdiction=item.round.jurisdiction.name,
                round=item.round.name,
                starts_on=item.ws,
                ends_on=item.we,
                year=item.round.year,
                inspection_id=item.pk,
            )
        )

    if upper_paths:
        years = {window_start.year, window_end.year}
        same_period = Q(round__year__in=years) | Q(ws__lte=window_end, we__gte=window_start)
        for item in inspections.filter(same_period, round__jurisdiction__path__in=upper_paths):
            if item.pk in seen:
                continue
            warnings.append(
                DeconflictionWarning(
                    kind=UPPER_ROUND,
                    text=_inspection_text(item, upper=True),
                    jurisdiction=item.round.jurisdiction.name,
                    round=item.round.name,
                    starts_on=item.ws,
                    ends_on=item.we,
                    year=item.round.year,
                    inspection_id=item.pk,
                )
            )
        entries = (
            CoverageEntry.objects.filter(
                unit=target,
                planned_year__in=years,
                plan__term__jurisdiction__path__in=upper_paths,
            )
            .select_related("plan__term__jurisdiction")
            .order_by("plan__term__jurisdiction__path", "planned_year")
        )
        for entry in entries:
            term = entry.plan.term
            warnings.append(
                DeconflictionWarning(
                    kind=UPPER_PLAN,
                    text=_(
                        "The upper level %(jurisdiction)s plans to inspect this unit in "
                        "%(year)s in its coverage plan for %(term)s."
                    )
                    % {
                        "jurisdiction": term.jurisdiction.name,
                        "year": entry.planned_year,
                        "term": term.name,
                    },
                    jurisdiction=term.jurisdiction.name,
                    year=entry.planned_year,
                )
            )
    return warnings
