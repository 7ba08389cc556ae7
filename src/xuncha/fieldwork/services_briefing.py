"""The day's work: members' work logs, and the evening briefing that turns the day's material
into draft problems (DOMAIN.md §2 "Station", seed 002).

A draft problem is raised from one or more pieces of the day's material (`ProblemSource`), is
confirmed as corroborated by a member other than the one who raised it once it rests on two
sources or more, and is handed to the findings of the report stage by the leader, a deputy or
the office. Issue 5's working papers start from the handed-off problems.
"""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.fieldwork.access import authorize_fieldwork, office_role, seat
from xuncha.fieldwork.attachments import inspection_of
from xuncha.fieldwork.models import (
    DraftProblem,
    Meeting,
    MeetingKind,
    ProblemSource,
    SourceKind,
    Subgroup,
    WorkLog,
)
from xuncha.plans.models import Inspection
from xuncha.staffing.models import MemberRole

PROBLEM_FIELDS = ("subgroup", "summary", "detail", "focus_area", "day")
LEADING_SEATS = {MemberRole.LEADER, MemberRole.DEPUTY_LEADER}


def _by(actor):
    return actor if getattr(actor, "pk", None) else None


def _within_stationing(inspection: Inspection, day: date) -> None:
    """The day must lie in the stationing period (or before it ends, for preparation)."""
    start = inspection.stationed_from or inspection.round.starts_on
    end = inspection.stationed_until or inspection.round.ends_on
    if day > timezone.localdate():
        raise ValidationError({"day": _("The day lies in the future.")})
    if start and end and not (start - timedelta(days=30) <= day <= end):
        raise ValidationError({"day": _("The day lies outside this inspection's stationing.")})


def _check_focus(inspection: Inspection, focus_area) -> None:
    if focus_area is not None and not inspection.round.focus_areas.filter(
        pk=focus_area.pk
    ).exists():
        raise ValidationError({"focus_area": _("Choose a focus area of this round.")})


# --- Work logs -------------------------------------------------------------------------------


def save_work_log(
    inspection: Inspection, *, actor, day: date, content: str, next_steps: str = ""
) -> WorkLog:
    """Write (or rewrite) the actor's own log of a day."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        if actor is None:
            raise ValidationError(_("A work log needs its author."))
        content = (content or "").strip()
        if not content:
            raise ValidationError({"content": _("Write what was done today.")})
        _within_stationing(inspection, day)
        log, created = WorkLog.objects.select_for_update().get_or_create(
            inspection=inspection, author=actor, day=day,
            defaults={"content": content, "next_steps": (next_steps or "").strip()},
        )
        before = None if created else {"content": log.content, "next_steps": log.next_steps}
        if not created:
            log.content, log.next_steps = content, (next_steps or "").strip()
            log.full_clean()
            log.save()
        record(
            EventType.WORK_LOG_SAVED, actor=actor, role=role, unit=inspection.target, obj=log,
            changes={"day": day.isoformat(), "created": created,
                     "length": [len(before["content"]) if before else None, len(content)]},
        )
    return log


# --- Draft problems --------------------------------------------------------------------------


def _source(problem: DraftProblem, spec: dict, actor) -> ProblemSource:
    """A ProblemSource from {"kind", "label", "note", "obj"?}; a record must belong to the
    problem's inspection."""
    kind = spec.get("kind") or SourceKind.OTHER
    if kind not in SourceKind.values:
        raise ValidationError({"sources": _("Unknown kind of source.")})
    obj = spec.get("obj")
    label = (spec.get("label") or "").strip()[:200]
    source = ProblemSource(
        problem=problem, kind=kind, label=label or (str(obj)[:200] if obj else ""),
        note=(spec.get("note") or "").strip(), added_by=_by(actor),
    )
    if obj is not None:
        if inspection_of(obj) != problem.inspection:
            raise ValidationError({"sources": _("A source must be material of this inspection.")})
        source.content_type = ContentType.objects.get_for_model(obj)
        source.object_id = obj.pk
    if not source.label:
        raise ValidationError({"sources": _("Name the source: which record or what was seen.")})
    source.full_clean()
    return source


def raise_problem(
    inspection: Inspection,
    *,
    actor,
    day: date,
    subgroup: str,
    summary: str,
    detail: str = "",
    focus_area=None,
    sources: list[dict] = (),
) -> DraftProblem:
    """Raise a draft problem of the day from the material that shows it."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        _check_focus(inspection, focus_area)
        _within_stationing(inspection, day)
        problem = DraftProblem(
            inspection=inspection, day=day, subgroup=subgroup, summary=(summary or "").strip(),
            detail=(detail or "").strip(), focus_area=focus_area, raised_by=_by(actor),
        )
        problem.full_clean()
        if not sources:
            raise ValidationError({"sources": _("Say what material shows the problem.")})
        problem.save()
        rows, seen = [], set()
        for spec in sources:
            row = _source(problem, spec, actor)
            key = (row.content_type_id, row.object_id) if row.content_type_id else (
                row.kind, row.label
            )
            if key not in seen:  # the same record twice is one source, not two
                seen.add(key)
                rows.append(row)
        ProblemSource.objects.bulk_create(rows)
        record(
            EventType.DRAFT_PROBLEM_RAISED, actor=actor, role=role, unit=inspection.target,
            obj=problem,
            changes={"day": day.isoformat(), "subgroup": subgroup, "summary": problem.summary,
                     "sources": [f"{r.kind}:{r.label}" for r in rows]},
        )
    return problem


def _locked(problem: DraftProblem) -> DraftProblem:
    return DraftProblem.objects.select_for_update(of=("self",)).select_related(
        "inspection", "inspection__round", "inspection__round__jurisdiction",
        "inspection__target",
    ).get(pk=problem.pk)


def _open(problem: DraftProblem) -> None:
    if problem.status in (DraftProblem.Status.DROPPED, DraftProblem.Status.HANDED_OFF):
        raise ValidationError(
            _("The problem is %(status)s and can no longer change.")
            % {"status": problem.get_status_display()},
            code="closed",
        )


def update_problem(problem: DraftProblem, *, actor, **fields) -> DraftProblem:
    with transaction.atomic():
        problem = _locked(problem)
        role = authorize_fieldwork(actor, problem.inspection)
        _open(problem)
        unknown = set(fields) - set(PROBLEM_FIELDS)
        if unknown:
            raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
        changes = {}
        for name, value in fields.items():
            if isinstance(value, str):
                value = value.strip()
            old = getattr(problem, name)
            if old != value:
                changes[name] = [str(old) if old is not None else None,
                                 str(value) if value is not None else None]
                setattr(problem, name, value)
        if "day" in fields:
            _within_stationing(problem.inspection, problem.day)
        _check_focus(problem.inspection, problem.focus_area)
        problem.full_clean()
        if changes:
            problem.save()
            record(
                EventType.DRAFT_PROBLEM_CHANGED, actor=actor, role=role,
                unit=problem.inspection.target, obj=problem, changes=changes,
            )
    return problem


def add_source(problem: DraftProblem, *, actor, kind: str, label: str = "", note: str = "",
               obj=None) -> ProblemSource:
    with transaction.atomic():
        problem = _locked(problem)
        role = authorize_fieldwork(actor, problem.inspection)
        _open(problem)
        source = _source(problem, {"kind": kind, "label": label, "note": note, "obj": obj}, actor)
        if source.content_type_id and problem.sources.filter(
            content_type_id=source.content_type_id, object_id=source.object_id
        ).exists():
            raise ValidationError({"sources": _("This record backs the problem already.")})
        source.save()
        record(
            EventType.DRAFT_PROBLEM_CHANGED, actor=actor, role=role,
            unit=problem.inspection.target, obj=problem,
            changes={"source_added": f"{source.kind}:{source.label}"},
        )
    return source


def corroborate(problem: DraftProblem, *, actor) -> DraftProblem:
    """A member other than the one who raised it confirms that the problem rests on more than
    one source (seed 002: a problem is listed once two sources agree)."""
    with transaction.atomic():
        problem = _locked(problem)
        role = authorize_fieldwork(actor, problem.inspection)
        _open(problem)
        if problem.status == DraftProblem.Status.CONFIRMED:
            raise ValidationError(_("The problem is confirmed already."), code="confirmed")
        if actor is not None and problem.raised_by_id == actor.pk:
            raise ValidationError(
                _("Another member confirms a problem, not the one who raised it."),
                code="self",
            )
        if problem.sources.count() < 2:
            raise ValidationError(
                _("A problem is confirmed when at least two sources back it; add another."),
                code="sources",
            )
        now = timezone.now()
        updated = DraftProblem.objects.filter(
            pk=problem.pk, status=DraftProblem.Status.DRAFT
        ).update(status=DraftProblem.Status.CONFIRMED, corroborated_by=_by(actor),
                 corroborated_at=now, updated_at=now)
        if updated != 1:
            raise ValidationError(_("The problem changed meanwhile; reload."), code="stale")
        problem.refresh_from_db()
        record(
            EventType.DRAFT_PROBLEM_CORROBORATED, actor=actor, role=role,
            unit=problem.inspection.target, obj=problem,
            changes={"status": ["draft", "confirmed"], "sources": problem.sources.count()},
        )
    return problem


def drop_problem(problem: DraftProblem, *, actor, reason: str) -> DraftProblem:
    with transaction.atomic():
        problem = _locked(problem)
        role = authorize_fieldwork(actor, problem.inspection)
        _open(problem)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"drop_reason": _("Say why the problem is dropped.")})
        old = problem.status
        DraftProblem.objects.filter(pk=problem.pk, status=old).update(
            status=DraftProblem.Status.DROPPED, drop_reason=reason, updated_at=timezone.now()
        )
        problem.refresh_from_db()
        record(
            EventType.DRAFT_PROBLEM_DROPPED, actor=actor, role=role,
            unit=problem.inspection.target, obj=problem,
            changes={"status": [old, "dropped"]}, reason=reason,
        )
    return problem


def _leading(actor, inspection: Inspection) -> str:
    """The office, the leader or a deputy leader: they decide what goes on to the findings."""
    if actor is None:
        return ""
    role = office_role(actor, inspection)
    if role:
        return role
    member = seat(actor, inspection)
    if member is not None and member.role in LEADING_SEATS:
        return f"team:{member.role}"
    raise PermissionDenied


def hand_off(inspection: Inspection, problems, *, actor) -> int:
    """Hand confirmed problems to the findings of the report stage; returns how many."""
    with transaction.atomic():
        role = _leading(actor, inspection)
        ids = [p.pk for p in problems]
        rows = list(DraftProblem.objects.select_for_update().filter(
            inspection=inspection, pk__in=ids
        ))
        if not rows:
            raise ValidationError(_("Choose the problems to hand on."), code="empty")
        unconfirmed = [p for p in rows if p.status != DraftProblem.Status.CONFIRMED]
        if unconfirmed:
            raise ValidationError(
                _("Only confirmed problems go on to the findings: %(list)s")
                % {"list": "；".join(p.summary[:30] for p in unconfirmed)},
                code="unconfirmed",
            )
        now = timezone.now()
        DraftProblem.objects.filter(
            pk__in=[p.pk for p in rows], status=DraftProblem.Status.CONFIRMED
        ).update(status=DraftProblem.Status.HANDED_OFF, handed_off_by=_by(actor),
                 handed_off_at=now, updated_at=now)
        for p in rows:
            record(
                EventType.DRAFT_PROBLEM_HANDED_OFF, actor=actor, role=role,
                unit=inspection.target, obj=p, changes={"status": ["confirmed", "handed_off"]},
            )
    return len(rows)


def hold_briefing(
    inspection: Inspection, *, actor, day: date, participants: str = "", minutes: str = ""
) -> Meeting:
    """Record the evening briefing of a day and link the day's problems to it (one briefing
    per day: holding it again updates the record)."""
    from xuncha.fieldwork.services_records import record_meeting, update_meeting

    with transaction.atomic():
        authorize_fieldwork(actor, inspection)
        _within_stationing(inspection, day)
        # One briefing a day: two people saving at once must not make two.
        Inspection.objects.select_for_update(of=("self",)).filter(pk=inspection.pk).first()
        meeting = Meeting.objects.filter(
            inspection=inspection, kind=MeetingKind.EVENING_BRIEFING, held_on=day
        ).first()
        fields = {"participants": participants, "minutes": minutes}
        if meeting is None:
            meeting = record_meeting(
                inspection, actor=actor, kind=MeetingKind.EVENING_BRIEFING,
                title=_("Evening briefing of %(day)s") % {"day": day.isoformat()},
                held_on=day, **fields,
            )
        else:
            meeting = update_meeting(meeting, actor=actor, **fields)
        DraftProblem.objects.filter(inspection=inspection, day=day, briefing__isnull=True).update(
            briefing=meeting
        )
    return meeting


SUBGROUP_ORDER = list(Subgroup.values)
