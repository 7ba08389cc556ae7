"""The recusal rules (回避规则): which cadres may not inspect which targets, and why.

DOMAIN.md §5 and the 2017 regulation §12: recusal by position, region and official duty. The
rules read the cadre's record (work unit, résumé, relatives, working relations, home region)
against each target and its leadership team; the windows are per-jurisdiction settings
(`PlanningSettings`, 3 years by default). Everything is computed in bulk — a handful of queries
for any number of cadres and targets — because the team-formation assistant asks about every pair.

A rule conflict blocks an assignment until the office decides it (`Recusal` with status
`overridden` or `dismissed`); declared and objected recusals block while open or upheld.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings as django_settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from xuncha.orgs.models import LeadershipMember, Level, Unit
from xuncha.orgs.tree import ancestor_ids
from xuncha.people.models import (
    Cadre,
    FamilyRelation,
    Kinship,
    Posting,
    PostingKind,
    WorkingRelation,
)
from xuncha.plans.models import PlanningSettings, RoundKind
from xuncha.staffing.models import Recusal, RecusalKind, RecusalSource, RecusalStatus


class Rule:
    """Rule codes, stored in `Recusal.rule`."""

    CURRENT_POST = "current_post"
    WORKED_RECENTLY = "worked_recently"
    WORKED_LONG = "worked_long"
    STUDIED = "studied"
    RELATIVE_WORKS = "relative_works"
    RELATIVE_LEADERSHIP = "relative_leadership"
    FORMER_RELATION = "former_relation"
    HOME_REGION = "home_region"


RULE_KIND = {
    Rule.CURRENT_POST: RecusalKind.OFFICIAL_DUTY,
    Rule.WORKED_RECENTLY: RecusalKind.OFFICIAL_DUTY,
    Rule.WORKED_LONG: RecusalKind.OFFICIAL_DUTY,
    Rule.STUDIED: RecusalKind.OFFICIAL_DUTY,
    Rule.RELATIVE_WORKS: RecusalKind.POSITION,
    Rule.RELATIVE_LEADERSHIP: RecusalKind.POSITION,
    Rule.FORMER_RELATION: RecusalKind.POSITION,
    Rule.HOME_REGION: RecusalKind.REGION,
}

# The local rule of DOMAIN.md §5 is stricter for leaders: they also recuse where they studied,
# worked for long, or once worked with a leadership member. Members recuse for the rest.
LEADER_ONLY_RULES = frozenset({Rule.WORKED_LONG, Rule.STUDIED, Rule.FORMER_RELATION})

# A relative working anywhere in the target counts for these kinships; a relative on the
# target's leadership team counts for every kinship of the set.
CLOSE_KINSHIP = frozenset({Kinship.SPOUSE, Kinship.LINEAL})


def rule_label(rule: str) -> str:
    return {
        Rule.CURRENT_POST: _("Works at the target now"),
        Rule.WORKED_RECENTLY: _("Worked at the target recently"),
        Rule.WORKED_LONG: _("Worked at the target for a long time"),
        Rule.STUDIED: _("Studied at the target"),
        Rule.RELATIVE_WORKS: _("A close relative works at the target"),
        Rule.RELATIVE_LEADERSHIP: _("A relative is on the target's leadership team"),
        Rule.FORMER_RELATION: _("Former superior, subordinate or close colleague"),
        Rule.HOME_REGION: _("Home region of a cross inspection"),
    }.get(rule, rule)


@dataclass(frozen=True)
class Conflict:
    """One rule firing for one cadre and one target, explained in a sentence."""

    cadre_id: int
    target_id: int
    rule: str
    detail: str

    @property
    def kind(self) -> str:
        return RULE_KIND[self.rule]

    @property
    def leader_only(self) -> bool:
        return self.rule in LEADER_ONLY_RULES

    @property
    def label(self) -> str:
        return rule_label(self.rule)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _within(path: str, target_path: str) -> bool:
    return path.startswith(target_path)


def _total_time(spells: list[tuple[date, date]]) -> timedelta:
    """The time covered by the spells, overlaps counted once (two posts held at the same time
    in the target are one stretch of service, not two)."""
    total = timedelta()
    current_start = current_end = None
    for start, end in sorted(spells):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return total


def _regions(units: Iterable[Unit]) -> dict[int, int]:
    """Each unit's home region: the nearest county-level ancestor (or itself), else the nearest
    jurisdiction. Cadres from the same region as the target are kept out of cross inspections."""
    units = [u for u in units if u is not None]
    ids = {i for u in units for i in ancestor_ids(u.path)}
    rows = {
        row["id"]: row
        for row in Unit.objects.filter(id__in=ids).values("id", "level", "has_office")
    }
    for u in units:
        rows[u.pk] = {"id": u.pk, "level": u.level, "has_office": u.has_office}
    out = {}
    for u in units:
        chain = [u.pk, *reversed(ancestor_ids(u.path))]
        # The top-most county-level unit: a county's departments are county-level units too.
        county = next(
            (i for i in reversed(chain) if rows.get(i, {}).get("level") == Level.COUNTY), None
        )
        office = next((i for i in chain if rows.get(i, {}).get("has_office")), None)
        out[u.pk] = county or office or u.pk
    return out


def detect(
    cadres: Iterable[Cadre],
    targets: Iterable[Unit],
    *,
    on: date | None = None,
    cross: bool = False,
    settings: PlanningSettings | None = None,
) -> list[Conflict]:
    """Every rule that fires for a cadre against a target, as of `on` (the start of stationing).

    `cross` adds the home-region rule of cross inspections. Windows come from `settings`
    (the defaults when None)."""
    cadres = list(cadres)
    targets = list(targets)
    if not cadres or not targets:
        return []
    on = on or date.today()
    s = settings or PlanningSettings()
    recent_since = _years_before(on, s.worked_within_years)
    relation_since = _years_before(on, s.superior_within_years)
    long_days = timedelta(days=round(365.25 * s.worked_longer_than_years))
    cadre_ids = [c.pk for c in cadres]

    postings = defaultdict(list)
    for p in Posting.objects.filter(cadre_id__in=cadre_ids, unit__isnull=False).select_related(
        "unit"
    ):
        postings[p.cadre_id].append(p)
    relatives = defaultdict(list)
    for r in FamilyRelation.objects.filter(cadre_id__in=cadre_ids).select_related("unit"):
        relatives[r.cadre_id].append(r)
    working = defaultdict(list)
    for w in WorkingRelation.objects.filter(cadre_id__in=cadre_ids).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=relation_since)
    ):
        working[w.cadre_id].append(w)
    leaders = defaultdict(dict)
    for m in LeadershipMember.objects.filter(unit__in=targets):
        leaders[m.unit_id][m.name.strip()] = m.post
    if cross:
        regions = _regions([*targets, *(c.unit for c in cadres), *(c.native_place for c in cadres)])

    out: list[Conflict] = []
    for cadre in cadres:
        for target in targets:

            def hit(rule: str, detail: str) -> None:
                out.append(Conflict(cadre.pk, target.pk, rule, detail))  # noqa: B023

            if _within(cadre.unit.path, target.path):
                hit(
                    Rule.CURRENT_POST,
                    _("Works at %(unit)s, which belongs to the target.")
                    % {"unit": cadre.unit.name},
                )
            spells: list[tuple[date, date]] = []
            recent = None
            for p in postings[cadre.pk]:
                if not _within(p.unit.path, target.path):
                    continue
                if p.kind == PostingKind.STUDY:
                    hit(
                        Rule.STUDIED,
                        _("Studied at %(unit)s (%(start)s–%(end)s).")
                        % {
                            "unit": p.unit.name,
                            "start": p.started_on,
                            "end": p.ended_on or _("now"),
                        },
                    )
                    continue
                end = min(p.ended_on or on, on)
                if end > p.started_on:
                    spells.append((p.started_on, end))
                qualifies = (
                    p.ended_on is None or p.ended_on >= recent_since
                ) and p.started_on <= on
                # Name the latest qualifying post.
                if qualifies and (recent is None or (p.ended_on or on) > (recent.ended_on or on)):
                    recent = p
            if recent is not None and not _within(cadre.unit.path, target.path):
                hit(
                    Rule.WORKED_RECENTLY,
                    _("Worked at %(unit)s as %(title)s until %(end)s, within %(years)s years.")
                    % {
                        "unit": recent.unit.name,
                        "title": recent.title or "—",
                        "end": recent.ended_on or _("now"),
                        "years": s.worked_within_years,
                    },
                )
            worked = _total_time(spells)
            if worked > long_days:
                hit(
                    Rule.WORKED_LONG,
                    _("Worked at the target for %(years).1f years in all, more than %(limit)s.")
                    % {"years": worked.days / 365.25, "limit": s.worked_longer_than_years},
                )
            names = leaders.get(target.pk, {})
            for r in relatives[cadre.pk]:
                who = f"{r.relation or r.get_kinship_display()}{r.full_name}"
                post = names.get(r.full_name.strip())
                # A name on the leadership is the relative only if nothing says otherwise: a
                # relative known to work elsewhere is a namesake.
                if post is not None and (r.unit_id is None or _within(r.unit.path, target.path)):
                    hit(
                        Rule.RELATIVE_LEADERSHIP,
                        _("%(who)s is %(post)s of the target's leadership team.")
                        % {"who": who, "post": post},
                    )
                elif r.kinship in CLOSE_KINSHIP and r.unit_id and _within(r.unit.path, target.path):
                    hit(
                        Rule.RELATIVE_WORKS,
                        _("%(who)s works at %(unit)s.") % {"who": who, "unit": r.unit.name},
                    )
            for w in working[cadre.pk]:
                post = names.get(w.full_name.strip())
                if post is not None:
                    hit(
                        Rule.FORMER_RELATION,
                        _("%(relation)s %(name)s, now %(post)s of the target, until %(end)s.")
                        % {
                            "relation": w.get_kind_display(),
                            "name": w.full_name,
                            "post": post,
                            "end": w.ended_on or _("now"),
                        },
                    )
            if cross:
                home = {regions.get(cadre.unit_id)}
                if cadre.native_place_id:
                    home.add(regions.get(cadre.native_place_id))
                if regions.get(target.pk) in home:
                    hit(
                        Rule.HOME_REGION,
                        _("Cross inspections keep cadres out of their home region."),
                    )
    return out


def detect_for_round(cadres: Iterable[Cadre], targets: Iterable[Unit], round) -> list[Conflict]:
    """`detect` with the round's start date, kind and jurisdiction settings.

    The explanations are written in the site's language whatever the reader's: they are stored
    on the recusal, and a decision is matched against them line by line (`blockers`)."""
    with translation.override(django_settings.LANGUAGE_CODE):
        return detect(
            cadres,
            targets,
            on=round.starts_on,
            cross=round.kind == RoundKind.CROSS,
            settings=PlanningSettings.for_unit(round.jurisdiction),
        )


@dataclass(frozen=True)
class Blocker:
    """Why a cadre may not inspect a target now: an undecided or upheld conflict."""

    cadre_id: int
    target_id: int
    rule: str
    detail: str
    leader_only: bool
    recusal_id: int | None = None

    @property
    def label(self) -> str:
        if self.rule == RecusalSource.DECLARATION:
            return _("Self-declared conflict")
        if self.rule == RecusalSource.OBJECTION:
            return _("Objection raised by the target")
        return rule_label(self.rule)


CLEARED = (RecusalStatus.OVERRIDDEN, RecusalStatus.DISMISSED)


def detail_lines(detail: str) -> list[str]:
    """The explanations a rule conflict holds: a scan stores one per line."""
    return detail.split("\n")


def blockers(
    cadres: Iterable[Cadre], targets: Iterable[Unit], round
) -> dict[tuple[int, int], list[Blocker]]:
    """For each (cadre id, target id), what blocks the assignment in `round`: rule conflicts the
    office has not overridden or dismissed, and declared or objected recusals still open or
    upheld. Decisions recorded for the round, or for no round, count.

    A decision covers the facts it saw: an overridden or dismissed conflict clears the rule only
    for the explanations on record (`Recusal.detail`, one per line); a new fact under the same
    rule — another relative, another post — blocks until it is decided in its turn."""
    cadres, targets = list(cadres), list(targets)
    found = detect_for_round(cadres, targets, round)
    rows = list(
        Recusal.objects.filter(cadre__in=cadres, target__in=targets).filter(
            Q(round=round) | Q(round__isnull=True)
        )
    )
    cleared: dict[tuple[int, int, str], set[str]] = defaultdict(set)
    for r in rows:
        if r.source == RecusalSource.RULE and r.status in CLEARED and not r.closed_by_scan:
            cleared[(r.cadre_id, r.target_id, r.rule)].update(detail_lines(r.detail))
    out: dict[tuple[int, int], list[Blocker]] = defaultdict(list)
    for c in found:
        if c.detail in cleared.get((c.cadre_id, c.target_id, c.rule), ()):
            continue
        out[(c.cadre_id, c.target_id)].append(
            Blocker(c.cadre_id, c.target_id, c.rule, c.detail, c.leader_only)
        )
    for r in rows:
        if r.source != RecusalSource.RULE and r.status in (
            RecusalStatus.OPEN,
            RecusalStatus.UPHELD,
        ):
            out[(r.cadre_id, r.target_id)].append(
                Blocker(r.cadre_id, r.target_id, r.source, r.detail, False, r.pk)
            )
        elif r.source == RecusalSource.RULE and r.status == RecusalStatus.UPHELD:
            key = (r.cadre_id, r.target_id)
            if not any(b.rule == r.rule for b in out[key]):
                out[key].append(Blocker(r.cadre_id, r.target_id, r.rule, r.detail, False, r.pk))
    return dict(out)


def blocks(found: list[Blocker], *, as_leader: bool) -> list[Blocker]:
    """The blockers that apply to a seat: leaders face every rule, members not the
    leader-only ones."""
    return [b for b in found if as_leader or not b.leader_only]
