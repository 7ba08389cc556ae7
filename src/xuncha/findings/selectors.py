"""Reads of findings that need more than a filter: the records of an inspection that evidence
may point at, the paper's timeline, the landing page's counts, and what other apps build on
(`finding_counts` for statistics, `confirmed_findings` for reports). Everything here is called
after the inspection's choke point let the reader in."""

from collections.abc import Iterable

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from xuncha.fieldwork.briefing import token_of
from xuncha.fieldwork.models import (
    DraftProblem,
    FieldVisit,
    Meeting,
    MeetingKind,
    PersonalMattersCheck,
    RequestedDocument,
    SourceKind,
    SpecialCheck,
)
from xuncha.findings.models import Finding, ImmediateFix
from xuncha.plans.models import Inspection

# Meetings whose record is material of fact-finding (the team's own meetings are not).
EVIDENCE_MEETINGS = (
    MeetingKind.MOBILIZATION,
    MeetingKind.SYMPOSIUM,
    MeetingKind.UNIT_BRIEFING,
    MeetingKind.ATTENDED,
)
_KIND_OF_MODEL = {
    "interviews.interview": SourceKind.INTERVIEW,
    "petitions.petition": SourceKind.PETITION,
    "fieldwork.requesteddocument": SourceKind.DOCUMENT,
    "surveys.survey": SourceKind.SURVEY,
    "fieldwork.fieldvisit": SourceKind.VISIT,
    "fieldwork.personalmatterscheck": SourceKind.CHECK,
    "fieldwork.specialcheck": SourceKind.CHECK,
    "fieldwork.meeting": SourceKind.MEETING,
}
RECORD_KINDS = (
    SourceKind.INTERVIEW,
    SourceKind.PETITION,
    SourceKind.DOCUMENT,
    SourceKind.SURVEY,
    SourceKind.VISIT,
    SourceKind.CHECK,
    SourceKind.MEETING,
)


def kind_of(obj) -> str:
    return _KIND_OF_MODEL.get(obj._meta.label_lower, SourceKind.OTHER)


def _short(text: str, n: int = 60) -> str:
    return Truncator(" ".join((text or "").split())).chars(n)


def _label(obj) -> str:
    label = obj._meta.label_lower
    if label == "interviews.interview":
        person = obj.interviewee
        who = f"{person.name}（{person.post}）" if person.post else person.name
        return f"与{who}谈话（{obj.held_on:%Y-%m-%d}）"
    if label == "petitions.petition":
        return f"{obj.label}：{_short(obj.summary)}"
    if label == "fieldwork.requesteddocument":
        return f"调阅资料：{obj.name}（{obj.period}）" if obj.period else f"调阅资料：{obj.name}"
    if label == "surveys.survey":
        return f"{obj.get_kind_display()}：{obj.title}"
    if label == "fieldwork.fieldvisit":
        return f"{obj.get_kind_display()}：{obj.place}（{obj.visited_on:%Y-%m-%d}）"
    if label == "fieldwork.personalmatterscheck":
        return f"个人有关事项抽查：{obj.person}（{obj.report_year}年度）"
    if label == "fieldwork.specialcheck":
        return f"{obj.get_topic_display()}：{obj.title}"
    if label == "fieldwork.meeting":
        return f"{obj.get_kind_display()}：{obj.title}（{obj.held_on:%Y-%m-%d}）"
    return str(obj)


def record_label(obj) -> str:
    """How a working paper names a record of the stationing: Chinese data text, whatever the
    reader's language, because it is kept on the paper and printed."""
    with translation.override("zh-hans"):
        return _label(obj)[:200]


def record_url(obj) -> str:
    label = obj._meta.label_lower
    if label == "interviews.interview":
        return reverse("interviews:record", kwargs={"pk": obj.pk})
    if label == "petitions.petition":
        return reverse("petitions:detail", kwargs={"pk": obj.pk})
    if label == "fieldwork.requesteddocument":
        return reverse("fieldwork:requested_document", kwargs={"pk": obj.pk})
    if label == "surveys.survey":
        return reverse("surveys:detail", kwargs={"pk": obj.pk})
    if label == "fieldwork.meeting":
        return reverse("fieldwork:meeting", kwargs={"pk": obj.pk})
    check = {
        "fieldwork.fieldvisit": "visit",
        "fieldwork.personalmatterscheck": "personal",
        "fieldwork.specialcheck": "special",
    }.get(label)
    if check:
        return reverse("fieldwork:check", kwargs={"kind": check, "pk": obj.pk})
    return ""


def _records_of_kind(inspection: Inspection, kind: str) -> list:
    from xuncha.interviews.models import Interview
    from xuncha.petitions.models import Petition
    from xuncha.surveys.models import Survey

    if kind == SourceKind.INTERVIEW:
        return list(
            Interview.objects.filter(inspection=inspection)
            .select_related("interviewee")
            .order_by("held_on", "pk")
        )
    if kind == SourceKind.PETITION:
        return list(Petition.objects.filter(inspection=inspection).order_by("number"))
    if kind == SourceKind.DOCUMENT:
        return list(
            RequestedDocument.objects.filter(request__inspection=inspection)
            .select_related("request")
            .order_by("request__number", "id")
        )
    if kind == SourceKind.SURVEY:
        return list(Survey.objects.filter(inspection=inspection).order_by("created_at", "pk"))
    if kind == SourceKind.VISIT:
        return list(FieldVisit.objects.filter(inspection=inspection).order_by("visited_on", "id"))
    if kind == SourceKind.CHECK:
        return [
            *PersonalMattersCheck.objects.filter(inspection=inspection).order_by("checked_on"),
            *SpecialCheck.objects.filter(inspection=inspection).order_by("checked_on", "id"),
        ]
    if kind == SourceKind.MEETING:
        return list(
            Meeting.objects.filter(inspection=inspection, kind__in=EVIDENCE_MEETINGS).order_by(
                "held_on", "id"
            )
        )
    return []


def inspection_records(inspection: Inspection, kind: str) -> list[dict]:
    """Every record of one kind of the whole inspection that evidence may point at: {"kind",
    "label", "url", "token"}. Labels only: an interview's text is opened through its own page,
    which audits the view."""
    return [
        {"kind": kind, "label": record_label(obj), "url": record_url(obj), "token": token_of(obj)}
        for obj in _records_of_kind(inspection, kind)
    ]


def audit_interview_notes(finding: Finding, evidence, *, actor, via: str) -> None:
    """Evidence drawn from an interview may carry its summary (copied from the evening
    briefing): showing it is a view of the interview record, audited like one."""
    from django.contrib.contenttypes.models import ContentType

    from xuncha.interviews.models import Interview
    from xuncha.interviews.services.records import record_interview_viewed

    ct = ContentType.objects.get_for_model(Interview)
    ids = {e.object_id for e in evidence if e.content_type_id == ct.pk and e.note}
    if not ids:
        return
    interviews = Interview.objects.filter(pk__in=ids, inspection=finding.inspection).select_related(
        "inspection",
        "inspection__round",
        "inspection__round__jurisdiction",
        "inspection__target",
    )
    for interview in interviews:
        record_interview_viewed(interview, actor=actor, via=via)


def record_kinds() -> list[tuple[str, str]]:
    return [(kind.value, kind.label) for kind in RECORD_KINDS]


# --- The landing page --------------------------------------------------------------------------


def status_counts(inspection: Inspection) -> list[tuple[str, str, int]]:
    """Every state of a paper with how many the inspection has, in the chain's order."""
    counts = dict(
        Finding.objects.filter(inspection=inspection)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return [(value, label, counts.get(value, 0)) for value, label in Finding.Status.choices]


def to_be_drafted(inspection: Inspection) -> QuerySet[DraftProblem]:
    """Problems the evening briefing handed on that have no working paper yet."""
    return (
        DraftProblem.objects.filter(
            inspection=inspection, status=DraftProblem.Status.HANDED_OFF, finding__isnull=True
        )
        .select_related("focus_area", "raised_by")
        .annotate(source_count=Count("sources"))
        .order_by("day", "id")
    )


def findings_of(inspection: Inspection) -> QuerySet[Finding]:
    return (
        Finding.objects.filter(inspection=inspection)
        .select_related("focus_area", "drafter", "immediate_fix")
        .order_by("number")
    )


def immediate_fixes_of(inspection: Inspection) -> QuerySet[ImmediateFix]:
    return (
        ImmediateFix.objects.filter(finding__inspection=inspection)
        .select_related("finding", "sent_by", "replied_by", "accepted_by")
        .order_by("due_on", "id")
    )


# --- For other apps ----------------------------------------------------------------------------


def confirmed_findings(inspection: Inspection) -> QuerySet[Finding]:
    """The confirmed papers of an inspection in the order a report takes them: by the focus
    area's order (papers without one last), then by number."""
    return (
        Finding.objects.filter(inspection=inspection, status=Finding.Status.CONFIRMED)
        .select_related("focus_area", "responsible_unit", "receiver", "judgment")
        .prefetch_related("regulations", "regulations__regulation")
        .order_by(
            F("focus_area__order").asc(nulls_last=True),
            F("focus_area__id").asc(nulls_last=True),
            "number",
        )
    )


def finding_counts(inspection_ids: Iterable[int]) -> dict[int, dict]:
    """Per inspection, in four queries for any number of inspections: papers by status
    (`total` leaves out withdrawn ones), and the confirmed ones by discipline, work style
    and focus area (focus area ids), with immediate fixes and conduct findings. The caller
    has checked access."""
    ids = [int(i) for i in inspection_ids]
    out: dict[int, dict] = {
        pk: {
            "total": 0,
            **{s: 0 for s in Finding.Status.values},
            "conduct": 0,
            "immediate_fix": 0,
            "by_discipline": {},
            "by_work_style": {},
            "by_focus": {},
        }
        for pk in ids
    }
    if not ids:
        return out
    confirmed = Q(status=Finding.Status.CONFIRMED)
    rows = (
        Finding.objects.filter(inspection_id__in=ids)
        .order_by()
        .values("inspection_id", "status")
        .annotate(
            n=Count("id"),
            conduct=Count("id", filter=Q(is_conduct=True)),
            fixes=Count("id", filter=Q(disposition="immediate_fix")),
        )
    )
    for row in rows:
        entry = out[row["inspection_id"]]
        entry[row["status"]] = row["n"]
        if row["status"] != Finding.Status.WITHDRAWN:
            entry["total"] += row["n"]
        if row["status"] == Finding.Status.CONFIRMED:
            entry["conduct"] = row["conduct"]
            entry["immediate_fix"] = row["fixes"]
    base = Finding.objects.filter(confirmed, inspection_id__in=ids).order_by()
    for field, key, empty in (
        ("discipline", "by_discipline", Q(discipline="")),
        ("work_style", "by_work_style", Q(work_style="")),
        ("focus_area_id", "by_focus", Q(focus_area__isnull=True)),
    ):
        for row in base.exclude(empty).values("inspection_id", field).annotate(n=Count("id")):
            out[row["inspection_id"]][key][row[field]] = row["n"]
    return out


# --- The timeline of one paper -----------------------------------------------------------------


def _field_names(changes: dict) -> str:
    from django.core.exceptions import FieldDoesNotExist

    names = []
    for key in changes:
        try:
            names.append(str(Finding._meta.get_field(key).verbose_name))
        except FieldDoesNotExist:
            names.append(key)
    return "、".join(names)


def _who(user, fallback: str = "") -> str:
    if user is None:
        return fallback or _("the system")
    return user.full_name or user.username


def timeline(finding: Finding) -> list[dict]:
    """What happened to the paper, oldest first: sign-off steps with their comments, and from
    the audit trail its creation, edits (which fields, never the words), evidence, judgment,
    documents generated and the immediate fix. Each {"at", "who", "what", "detail",
    "comment"}."""
    from xuncha.audit.models import AuditEvent, EventType

    entries: list[dict] = []
    for review in finding.reviews.select_related("reviewer").order_by("at", "id"):
        entries.append(
            {
                "at": review.at,
                "who": _who(review.reviewer),
                "what": review.get_step_display(),
                "detail": role_label(review.role),
                "comment": review.comment,
            }
        )
    objects = Q(object_type="findings.finding", object_id=str(finding.pk))
    fix = ImmediateFix.objects.filter(finding=finding).only("pk").first()
    if fix is not None:
        objects |= Q(object_type="findings.immediatefix", object_id=str(fix.pk))
    events = (
        AuditEvent.objects.filter(objects)
        .exclude(event_type=EventType.FINDING_REVIEWED)
        .select_related("actor")
        .order_by("seq")
    )
    for event in events:
        changes = event.changes or {}
        detail = ""
        if event.event_type == EventType.FINDING_CHANGED:
            detail = _field_names(changes)
        elif event.event_type == EventType.FINDING_EVIDENCE_CHANGED:
            kind = changes.get("kind") or SourceKind.OTHER
            label = SourceKind(kind).label if kind in SourceKind.values else kind
            detail = (
                _("added: %(kind)s") if "evidence_added" in changes else _("removed: %(kind)s")
            ) % {"kind": label}
        elif event.event_type == EventType.FINDING_JUDGED:
            detail = judgment_summary(changes)
        elif event.event_type == EventType.DOCUMENT_GENERATED:
            detail = changes.get("template", "")
        elif event.event_type == EventType.FINDING_CREATED and changes.get("draft_problem"):
            detail = _("from the evening problem list")
        entries.append(
            {
                "at": event.occurred_at,
                "who": _who(event.actor, event.actor_name),
                "what": event.get_event_type_display(),
                "detail": detail,
                "comment": "",
            }
        )
    entries.sort(key=lambda e: e["at"])
    return entries


def judgment_summary(changes: dict) -> str:
    from xuncha.findings.models import ConductJudgment

    parts = []
    for key, choices in (
        ("judgment", ConductJudgment.Judgment),
        ("outcome", ConductJudgment.Outcome),
    ):
        value = changes.get(key)
        if isinstance(value, list):
            value = value[-1]
        if value in choices.values:
            parts.append(str(choices(value).label))
    return "、".join(parts)


def role_label(role: str) -> str:
    """A sign-off role as people read it: the seat, and whether it stood in for another."""
    from xuncha.accounts.roles import Role
    from xuncha.staffing.models import MemberRole

    if not role:
        return ""
    parts = role.split(":")
    if parts[0] == "team" and len(parts) > 1 and parts[1] in MemberRole.values:
        name = str(MemberRole(parts[1]).label)
    elif parts[0] in Role.values:
        name = str(Role(parts[0]).label)
    else:
        name = parts[0]
    if parts[-1] == "as_deputy":
        return _("%(role)s, standing in for the deputy leader") % {"role": name}
    if parts[-1] == "as_leader":
        return _("%(role)s, standing in for the leader") % {"role": name}
    return name
