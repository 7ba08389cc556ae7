"""Outlines: assembling the general one, generating the individual ones, editing questions,
sending them to the target's liaison and recording when they reached the person."""

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.fieldwork.access import authorize_fieldwork
from xuncha.fieldwork.models import Area, SourceKind
from xuncha.interviews import generation
from xuncha.interviews import reference as ref
from xuncha.interviews.access import authorize_delivery
from xuncha.interviews.delivery import package
from xuncha.interviews.models import (
    Interviewee,
    InterviewOutline,
    Origin,
    OutlineKind,
    OutlineQuestion,
    QuestionBankItem,
)
from xuncha.interviews.services._common import clean_text
from xuncha.plans.models import Inspection

STEP = 10
QUESTION_FIELDS = ("text", "area", "confidential", "removed")


def _locked_outline(inspection: Inspection, interviewee: Interviewee | None) -> InterviewOutline:
    """The outline row, locked; created on first use."""
    kind = OutlineKind.INDIVIDUAL if interviewee is not None else OutlineKind.GENERAL
    lookup = {"interviewee": interviewee} if interviewee is not None else {"kind": kind}
    qs = InterviewOutline.objects.select_for_update(of=("self",)).filter(
        inspection=inspection, **lookup
    )
    outline = qs.first()
    if outline is None:
        try:
            with transaction.atomic():
                outline = InterviewOutline.objects.create(
                    inspection=inspection, kind=kind, interviewee=interviewee
                )
        except IntegrityError:  # made meanwhile by someone else
            outline = qs.get()
    return outline


def _merge(outline: InterviewOutline, found: list[generation.Candidate]) -> dict[str, int]:
    """Replace the generated questions by `found`, keeping every question added, edited or
    removed by hand: those matching a candidate take its place, the others follow."""
    existing = list(outline.questions.order_by("order", "pk"))
    kept = [q for q in existing if q.kept_on_regeneration]
    dropped = [q.pk for q in existing if not q.kept_on_regeneration]
    OutlineQuestion.objects.filter(pk__in=dropped).delete()
    by_key = {q.key: q for q in kept if q.key}
    placed: set[int] = set()
    order = 0
    new = []
    for c in found:
        order += STEP
        if c.key in by_key:
            q = by_key[c.key]
            q.order, q.source_label, q.source_url = order, c.source_label, c.source_url
            q.save(update_fields=["order", "source_label", "source_url", "updated_at"])
            placed.add(q.pk)
            continue
        new.append(
            OutlineQuestion(
                outline=outline,
                order=order,
                text=c.text,
                area=c.area,
                origin=c.origin,
                key=c.key,
                source_kind=c.source_kind,
                source_label=c.source_label[:200],
                source_url=c.source_url[:300],
                confidential=c.confidential,
            )
        )
    for q in kept:
        if q.pk not in placed:
            order += STEP
            if q.order != order:
                q.order = order
                q.save(update_fields=["order", "updated_at"])
    OutlineQuestion.objects.bulk_create(new)
    return {"generated": len(new), "kept": len(kept), "replaced": len(dropped)}


def _saved(outline: InterviewOutline, *, actor, role: str, changes: dict, reason: str = ""):
    record(
        EventType.OUTLINE_SAVED,
        actor=actor,
        role=role,
        unit=outline.inspection.target,
        obj=outline,
        changes=changes,
        reason=reason,
    )


def assemble_general_outline(inspection: Inspection, *, actor) -> InterviewOutline:
    """The general outline of the inspection from the bank's questions for everyone; questions
    edited, added or removed by hand stay as they are."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        outline = _locked_outline(inspection, None)
        counts = _merge(outline, generation.general_candidates(inspection.round.jurisdiction_id))
        outline.generated_at = timezone.now()
        outline.save(update_fields=["generated_at", "updated_at"])
        _saved(outline, actor=actor, role=role, changes=counts)
    return outline


def _generate(person: Interviewee, material, *, actor, role: str) -> InterviewOutline:
    outline = _locked_outline(person.inspection, person)
    counts = _merge(outline, generation.candidates(person, material))
    outline.generated_at = timezone.now()
    outline.save(update_fields=["generated_at", "updated_at"])
    _saved(outline, actor=actor, role=role, changes=counts)
    return outline


def generate_outline(person: Interviewee, *, actor) -> InterviewOutline:
    """Generate (or regenerate) one person's individual outline from their post and the
    material gathered so far; manual edits survive."""
    return generate_outlines(person.inspection, actor=actor, people=[person])[0]


def generate_outlines(
    inspection: Inspection, *, actor, people: Iterable[Interviewee] | None = None
) -> list[InterviewOutline]:
    """Generate the individual outlines of the given people (everyone on the plan by default),
    reading the inspection's material once."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        qs = Interviewee.objects.filter(inspection=inspection).select_related(
            "inspection", "inspection__round", "inspection__target"
        )
        if people is not None:
            qs = qs.filter(pk__in=[p.pk for p in people])
        people = list(qs.order_by("order", "pk"))
        if not people:
            raise ValidationError(_("No one on the plan to generate an outline for."))
        material = generation.Material.load(inspection)
        return [_generate(person, material, actor=actor, role=role) for person in people]


# --- Questions ---------------------------------------------------------------------------------


def _question_locked(question: OutlineQuestion) -> OutlineQuestion:
    return (
        OutlineQuestion.objects.select_for_update(of=("self",))
        .select_related(
            "outline",
            "outline__inspection",
            "outline__inspection__round",
            "outline__inspection__target",
        )
        .get(pk=question.pk)
    )


def _clean_question(text: str, area: str) -> str:
    text = clean_text(text)
    if not text:
        raise ValidationError({"text": _("Write the interview question.")})
    if area and area not in Area.values:
        raise ValidationError({"area": _("Choose an area.")})
    return text


def _next_order(outline: InterviewOutline) -> int:
    top = outline.questions.aggregate(top=Max("order"))["top"]
    return (top or 0) + STEP


def add_question(
    outline: InterviewOutline, *, actor, text: str, area: str = "", confidential: bool = False
) -> OutlineQuestion:
    """A question written by hand; regeneration keeps it."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, outline.inspection)
        text = _clean_question(text, area)
        question = OutlineQuestion(
            outline=outline,
            order=_next_order(outline),
            text=text,
            area=area,
            origin=Origin.MANUAL,
            confidential=confidential,
        )
        question.full_clean()
        question.save()
        _saved(
            outline,
            actor=actor,
            role=role,
            changes={"question_added": [None, question.pk], "text": [None, text]},
        )
    return question


def add_bank_questions(outline: InterviewOutline, keys: Iterable[str], *, actor) -> int:
    """Add questions of the bank chosen by hand (built-in keys or the jurisdiction's own);
    they are kept on regeneration. Questions already on the outline are brought back."""
    keys = [k for k in dict.fromkeys(keys) if k]
    with transaction.atomic():
        role = authorize_fieldwork(actor, outline.inspection)
        own = {
            item.key: item
            for item in QuestionBankItem.objects.filter(
                jurisdiction_id=outline.inspection.round.jurisdiction_id, active=True
            )
        }
        present = {q.key: q for q in outline.questions.exclude(key="")}
        order = _next_order(outline)
        added = []
        for key in keys:
            entry = ref.BUILTIN_BY_KEY.get(key) or own.get(key)
            if entry is None:
                raise ValidationError(_("No such question in the bank."))
            if key in present:
                if present[key].removed:
                    OutlineQuestion.objects.filter(pk=present[key].pk).update(removed=False)
                    added.append(key)
                continue
            added.append(key)
            OutlineQuestion.objects.create(
                outline=outline,
                order=order,
                text=entry.text,
                area=entry.area,
                origin=Origin.MANUAL,
                key=key,
                source_kind=SourceKind.OTHER,
                source_label=f"谈话题库·{ref.AUDIENCE_NAMES.get(entry.audience, '')}",
            )
            order += STEP
        if not added:
            raise ValidationError(_("These questions are on the outline already."))
        _saved(outline, actor=actor, role=role, changes={"bank_added": [None, added]})
    return len(added)


def edit_question(
    question: OutlineQuestion, *, actor, text: str, area: str = "", confidential: bool = False
) -> OutlineQuestion:
    """Change a question; a generated one is marked edited and survives regeneration."""
    with transaction.atomic():
        question = _question_locked(question)
        role = authorize_fieldwork(actor, question.outline.inspection)
        before = snapshot(question, QUESTION_FIELDS)
        question.text = _clean_question(text, area)
        question.area = area
        question.confidential = confidential
        changes = diff(before, snapshot(question, QUESTION_FIELDS))
        if changes:
            if question.origin != Origin.MANUAL:
                question.edited = True
            question.full_clean()
            question.save()
            _saved(
                question.outline,
                actor=actor,
                role=role,
                changes={"question": [question.pk, question.pk], **changes},
            )
    return question


def remove_question(question: OutlineQuestion, *, actor) -> None:
    """Take a question off the outline. A generated one is kept as removed, so that
    regeneration does not bring it back; one written by hand is deleted."""
    outline = question.outline
    with transaction.atomic():
        question = _question_locked(question)
        role = authorize_fieldwork(actor, outline.inspection)
        if question.removed:
            return
        if question.origin == Origin.MANUAL and not question.key:
            changes = {"question_removed": [question.pk, None], "text": [question.text, None]}
            question.delete()
        else:
            changes = {"question": [question.pk, question.pk], "removed": [False, True]}
            question.removed = True
            question.save(update_fields=["removed", "updated_at"])
        _saved(outline, actor=actor, role=role, changes=changes)


def restore_question(question: OutlineQuestion, *, actor) -> OutlineQuestion:
    """Bring back a removed question."""
    with transaction.atomic():
        question = _question_locked(question)
        role = authorize_fieldwork(actor, question.outline.inspection)
        if question.removed:
            question.removed = False
            question.save(update_fields=["removed", "updated_at"])
            _saved(
                question.outline,
                actor=actor,
                role=role,
                changes={"question": [question.pk, question.pk], "removed": [True, False]},
            )
    return question


# --- Delivery ----------------------------------------------------------------------------------


def _general_questions(inspection: Inspection) -> list[OutlineQuestion]:
    return list(
        OutlineQuestion.objects.filter(
            outline__inspection=inspection, outline__kind=OutlineKind.GENERAL
        ).order_by("order", "pk")
    )


def _sent_at(actor, at: datetime | None) -> datetime:
    """Now; a management command loading a past round may give the time it was sent."""
    if at is not None and actor is not None:
        raise ValueError("only management commands date a sending")
    return at or timezone.now()


def _send(outline: InterviewOutline, general, *, actor, role: str, at=None) -> bool:
    content = package(outline, general)
    if not content:
        raise ValidationError(
            _("%(person)s: the outline has no question to hand over.")
            % {"person": outline.interviewee}
        )
    if outline.sent_at is not None and outline.sent_questions == content:
        return False
    now = _sent_at(actor, at)
    changes = {
        "sent_at": [outline.sent_at.isoformat() if outline.sent_at else None, now.isoformat()],
        "questions": [None, len(content)],
    }
    if outline.delivered_on is not None:
        # A changed outline must reach the person again.
        changes["delivered_on"] = [outline.delivered_on.isoformat(), None]
    updated = InterviewOutline.objects.filter(pk=outline.pk, sent_at=outline.sent_at).update(
        sent_at=now,
        sent_by=actor if getattr(actor, "pk", None) else None,
        sent_questions=content,
        delivered_on=None,
        delivery_recorded_by=None,
        delivery_recorded_at=None,
        updated_at=now,
    )
    if updated != 1:
        raise ValidationError(_("The outline was sent meanwhile by someone else."))
    record(
        EventType.OUTLINE_DELIVERED,
        actor=actor,
        role=role,
        unit=outline.inspection.target,
        obj=outline,
        changes=changes,
        reason="交被巡察单位联络员送达",
    )
    outline.sent_at, outline.sent_questions, outline.delivered_on = now, content, None
    return True


def send_to_liaison(
    outline: InterviewOutline, *, actor, at: datetime | None = None
) -> InterviewOutline:
    """Hand an individual outline (with the general questions) to the target's liaison, who
    gets it to the person. What is sent is kept as sent; sending a changed outline again
    replaces it and asks for a new delivery date."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, outline.inspection)
        if outline.kind != OutlineKind.INDIVIDUAL:
            raise ValidationError(_("Only an individual outline goes to the liaison."))
        general = _general_questions(outline.inspection)
        if not _send(outline, general, actor=actor, role=role, at=at):
            raise ValidationError(_("This outline has been sent already and has not changed."))
    return outline


def send_outlines(
    inspection: Inspection,
    outlines: Iterable[InterviewOutline],
    *,
    actor,
    at: datetime | None = None,
) -> int:
    """Send several individual outlines of one inspection; those sent and unchanged are
    skipped. Returns how many were sent."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        general = _general_questions(inspection)
        rows = (
            InterviewOutline.objects.filter(
                inspection=inspection,
                kind=OutlineKind.INDIVIDUAL,
                pk__in=[o.pk for o in outlines],
            )
            .select_related("inspection", "inspection__target", "interviewee")
            .prefetch_related("questions")
        )
        sent = sum(_send(o, general, actor=actor, role=role, at=at) for o in rows)
        if not sent:
            raise ValidationError(
                _(
                    "Nothing to send: the outlines chosen have been sent "
                    "already and have not changed."
                )
            )
    return sent


def record_delivery(outline: InterviewOutline, *, actor, delivered_on: date) -> InterviewOutline:
    """The day the outline reached the person, recorded by the liaison (or the team)."""
    with transaction.atomic():
        outline = (
            InterviewOutline.objects.select_for_update(of=("self",))
            .select_related("inspection", "inspection__round", "inspection__target", "interviewee")
            .get(pk=outline.pk)
        )
        role = authorize_delivery(actor, outline)
        if outline.sent_at is None:
            raise ValidationError(_("The outline has not been sent to the liaison yet."))
        if delivered_on is None:
            raise ValidationError({"delivered_on": _("Give the date.")})
        if delivered_on > timezone.localdate():
            raise ValidationError({"delivered_on": _("The date lies in the future.")})
        if delivered_on < timezone.localtime(outline.sent_at).date():
            raise ValidationError(
                {"delivered_on": _("The outline cannot reach the person before it was sent.")}
            )
        before = outline.delivered_on
        outline.delivered_on = delivered_on
        outline.delivery_recorded_by = actor if getattr(actor, "pk", None) else None
        outline.delivery_recorded_at = timezone.now()
        outline.save(
            update_fields=[
                "delivered_on",
                "delivery_recorded_by",
                "delivery_recorded_at",
                "updated_at",
            ]
        )
        record(
            EventType.OUTLINE_DELIVERED,
            actor=actor,
            role=role,
            unit=outline.inspection.target,
            obj=outline,
            changes={"delivered_on": [before, delivered_on]},
        )
    return outline
