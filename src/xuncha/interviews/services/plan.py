"""The interview plan: who is interviewed, by whom, recorded by whom, on which day."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.fieldwork.access import authorize_fieldwork
from xuncha.fieldwork.models import Area
from xuncha.interviews import reference as ref
from xuncha.interviews.models import Interviewee, PostCategory
from xuncha.interviews.services._common import check_pair, clean_text, team_seats
from xuncha.orgs.models import LeadershipMember
from xuncha.people.models import Cadre
from xuncha.plans.models import Inspection, PlanningSettings
from xuncha.staffing.models import MemberRole

PLAN_FIELDS = (
    "name",
    "post",
    "category",
    "is_principal",
    "areas",
    "interviewer",
    "recorder",
    "planned_on",
    "note",
)
# Interviews one member holds in a day when the plan is proposed (a morning and an afternoon
# of two each); the team moves them afterwards.
PER_DAY = 4


def _clean_areas(areas) -> list[str]:
    values = list(dict.fromkeys(areas or []))
    unknown = [a for a in values if a not in Area.values]
    if unknown:
        raise ValidationError({"areas": _("Unknown area: %(area)s") % {"area": unknown[0]}})
    return [a for a in Area.values if a in values]


def _validate(person: Interviewee) -> None:
    person.name = clean_text(person.name)
    person.post = clean_text(person.post)
    if not person.name:
        raise ValidationError({"name": _("Give the person's name.")})
    if person.category not in PostCategory.values:
        raise ValidationError({"category": _("Choose a category.")})
    if person.is_principal and person.category != PostCategory.LEADERSHIP:
        raise ValidationError(
            {"is_principal": _("The principal leader belongs to the leadership team.")}
        )
    person.areas = _clean_areas(person.areas)
    check_pair(person.inspection, person.interviewer, person.recorder)
    person.full_clean()


def _create(inspection: Inspection, *, actor, role: str, **fields) -> Interviewee:
    areas = fields.pop("areas", None)
    person = Interviewee(inspection=inspection, **fields)
    if areas is None:
        areas = ref.guess_areas(person.post, person.category, person.is_principal)
    person.areas = areas
    if person.leadership_member_id and person.leadership_member.unit_id != inspection.target_id:
        raise ValidationError(_("This leader does not belong to the inspected unit."))
    top = Interviewee.objects.filter(inspection=inspection).aggregate(top=Max("order"))["top"]
    person.order = (top or 0) + 1
    person.created_by = actor if getattr(actor, "pk", None) else None
    _validate(person)
    person.save()
    record(
        EventType.INTERVIEW_PLANNED,
        actor=actor,
        role=role,
        unit=inspection.target,
        obj=person,
        changes=diff({}, snapshot(person, PLAN_FIELDS)),
    )
    return person


def add_interviewee(
    inspection: Inspection,
    *,
    actor,
    name: str,
    category: str,
    post: str = "",
    is_principal: bool = False,
    areas: list[str] | None = None,
    planned_on: date | None = None,
    interviewer: Cadre | None = None,
    recorder: Cadre | None = None,
    note: str = "",
    leadership_member: LeadershipMember | None = None,
) -> Interviewee:
    """Put a person on the interview plan. `areas` None guesses them from the post."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        if (
            leadership_member is not None
            and Interviewee.objects.filter(
                inspection=inspection, leadership_member=leadership_member
            ).exists()
        ):
            raise ValidationError(_("This leader is on the plan already."))
        return _create(
            inspection,
            actor=actor,
            role=role,
            name=name,
            post=post,
            category=category,
            is_principal=is_principal,
            areas=areas,
            planned_on=planned_on,
            interviewer=interviewer,
            recorder=recorder,
            note=note,
            leadership_member=leadership_member,
        )


def update_interviewee(person: Interviewee, *, actor, **fields) -> Interviewee:
    """Change a line of the plan (anything the proposal filled in, or the person's details)."""
    with transaction.atomic():
        person = (
            Interviewee.objects.select_for_update(of=("self",))
            .select_related("inspection", "inspection__round", "inspection__target")
            .get(pk=person.pk)
        )
        role = authorize_fieldwork(actor, person.inspection)
        before = snapshot(person, PLAN_FIELDS)
        for key, value in fields.items():
            if key not in PLAN_FIELDS:
                raise TypeError(f"not a plan field: {key}")
            setattr(person, key, value)
        _validate(person)
        changes = diff(before, snapshot(person, PLAN_FIELDS))
        if changes:
            person.save()
            record(
                EventType.INTERVIEW_PLAN_CHANGED,
                actor=actor,
                role=role,
                unit=person.inspection.target,
                obj=person,
                changes=changes,
            )
    return person


def remove_interviewee(person: Interviewee, *, actor, reason: str = "") -> None:
    """Take a person off the plan, with their outline; not once they have been interviewed."""
    with transaction.atomic():
        person = (
            Interviewee.objects.select_for_update(of=("self",))
            .select_related("inspection", "inspection__round", "inspection__target")
            .get(pk=person.pk)
        )
        role = authorize_fieldwork(actor, person.inspection)
        if person.interviews.exists():
            raise ValidationError(
                _("This person has been interviewed: the plan keeps them with their records.")
            )
        record(
            EventType.INTERVIEW_PLAN_CHANGED,
            actor=actor,
            role=role,
            unit=person.inspection.target,
            obj=person,
            changes={"removed": [person.label, None]},
            reason=clean_text(reason),
        )
        person.delete()


def _import_leadership(inspection: Inspection, *, actor, role: str) -> list[Interviewee]:
    taken = set(
        Interviewee.objects.filter(
            inspection=inspection, leadership_member__isnull=False
        ).values_list("leadership_member_id", flat=True)
    )
    leaders = LeadershipMember.objects.filter(unit_id=inspection.target_id).order_by(
        "-is_principal", "order", "pk"
    )
    return [
        _create(
            inspection,
            actor=actor,
            role=role,
            name=m.name,
            post=m.post,
            category=PostCategory.LEADERSHIP,
            is_principal=m.is_principal,
            leadership_member=m,
        )
        for m in leaders
        if m.pk not in taken
    ]


def import_leadership(inspection: Inspection, *, actor) -> list[Interviewee]:
    """Put the target's leadership team on the plan (those not on it yet)."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        return _import_leadership(inspection, actor=actor, role=role)


# --- Proposing the plan -------------------------------------------------------------------------

# Who records, by preference: members record, leaders ask.
_RECORDER_RANK = {
    MemberRole.MEMBER: 0,
    MemberRole.DRAFTER: 1,
    MemberRole.ARCHIVIST: 2,
    MemberRole.LIAISON: 3,
    MemberRole.DEPUTY_LEADER: 4,
    MemberRole.LEADER: 5,
}
_ASKER_RANK = {PostCategory.LEADERSHIP: 0, PostCategory.KEY_POST: 1}


class _Team:
    def __init__(self, seats):
        self.seats = seats
        self.leaders = [s for s in seats if s.role == MemberRole.LEADER]
        self.deputies = [s for s in seats if s.role == MemberRole.DEPUTY_LEADER]
        self.members = [
            s for s in seats if s.role not in (MemberRole.LEADER, MemberRole.DEPUTY_LEADER)
        ]
        self.asks = {s.cadre_id: 0 for s in seats}
        self.records = {s.cadre_id: 0 for s in seats}

    def askers_for(self, person: Interviewee):
        """Leader → leadership team, deputies → key posts, members → everyone else; the next
        level up when a level is empty."""
        levels = [self.leaders, self.deputies, self.members]
        start = _ASKER_RANK.get(person.category, 2)
        for level in levels[start:] + levels[:start][::-1]:
            if level:
                return level
        return []

    def pick_asker(self, person: Interviewee):
        pool = self.askers_for(person)
        seat = min(pool, key=lambda s: (self.asks[s.cadre_id], s.cadre.full_name, s.pk))
        self.asks[seat.cadre_id] += 1
        return seat.cadre

    def pick_recorder(self, asker_id: int):
        pool = [s for s in self.seats if s.cadre_id != asker_id]
        seat = min(
            pool,
            key=lambda s: (
                _RECORDER_RANK.get(s.role, 9),
                self.records[s.cadre_id],
                s.cadre.full_name,
                s.pk,
            ),
        )
        self.records[seat.cadre_id] += 1
        return seat.cadre

    def count(self, person: Interviewee) -> None:
        if person.interviewer_id in self.asks:
            self.asks[person.interviewer_id] += 1
        if person.recorder_id in self.records:
            self.records[person.recorder_id] += 1


def _workdays(start: date):
    day = start
    while True:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def _schedule(inspection: Inspection, people: list[Interviewee]) -> None:
    """Planned days for those without one: from the first day an outline can have reached
    them (stationing start, or today, plus the lead days), at most PER_DAY per interviewer a
    working day, leadership first; none beyond the end of stationing."""
    lead = PlanningSettings.for_unit(inspection.round.jurisdiction).outline_lead_days
    start, end = inspection.window
    first = max(start, timezone.localdate()) + timedelta(days=lead)
    booked: dict[tuple[int | None, date], int] = {}
    for person in Interviewee.objects.filter(inspection=inspection, planned_on__isnull=False):
        key = (person.interviewer_id, person.planned_on)
        booked[key] = booked.get(key, 0) + 1
    for person in people:
        if person.planned_on is not None:
            continue
        for day in _workdays(first):
            if day > end:
                break
            key = (person.interviewer_id, day)
            if booked.get(key, 0) < PER_DAY:
                booked[key] = booked.get(key, 0) + 1
                person.planned_on = day
                break


def propose_plan(
    inspection: Inspection, *, actor, reassign: bool = False, schedule: bool = True
) -> list[Interviewee]:
    """Fill in the plan by the rule of seed 002: the leader interviews the leadership team,
    the deputy leaders the key posts, the members everyone else (balanced), each with another
    member recording; the target's leadership team is put on the plan first. Lines already
    assigned are kept unless `reassign`; planned days are proposed for lines without one.
    Returns the lines changed."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        seats = team_seats(inspection)
        if len(seats) < 2:
            raise ValidationError(
                _("The team needs at least two members seated: one asks, one records.")
            )
        _import_leadership(inspection, actor=actor, role=role)
        people = list(
            Interviewee.objects.select_for_update(of=("self",))
            .filter(inspection=inspection)
            .order_by("order", "pk")
        )
        team = _Team(seats)
        seated = {s.cadre_id for s in seats}
        people.sort(
            key=lambda p: (_ASKER_RANK.get(p.category, 2), not p.is_principal, p.order, p.pk)
        )
        before = {p.pk: snapshot(p, PLAN_FIELDS) for p in people}
        todo = []
        for person in people:
            valid = (
                person.interviewer_id in seated
                and person.recorder_id in seated
                and person.interviewer_id != person.recorder_id
            )
            if valid and not reassign:
                team.count(person)
            else:
                todo.append(person)
        for person in todo:
            if reassign or person.interviewer_id not in seated:
                person.interviewer = team.pick_asker(person)
            elif person.interviewer_id in team.asks:
                team.asks[person.interviewer_id] += 1
            person.recorder = team.pick_recorder(person.interviewer_id)
        if schedule:
            _schedule(inspection, people)
        changed = []
        for person in people:
            changes = diff(before[person.pk], snapshot(person, PLAN_FIELDS))
            if changes:
                person.full_clean()
                person.save()
                record(
                    EventType.INTERVIEW_PLAN_CHANGED,
                    actor=actor,
                    role=role,
                    unit=inspection.target,
                    obj=person,
                    changes=changes,
                    reason="按规则生成谈话安排",
                )
                changed.append(person)
        return changed
