"""Making and tailoring surveys: from the bank, with the team's own questions, versioned.

Every change applies to the survey's working version: the unpublished one if there is one;
otherwise (the survey is published) a copy of the latest published version is started, so
that answers already given keep pointing at the questions they answered.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.fieldwork.access import authorize_fieldwork
from xuncha.fieldwork.models import Area
from xuncha.orgs.models import LeadershipMember
from xuncha.plans.models import Inspection
from xuncha.surveys import bank
from xuncha.surveys.catalogue import bank_items, default_keys
from xuncha.surveys.models import Question, QuestionKind, Survey, SurveyVersion
from xuncha.surveys.services._common import (
    actor_or_none,
    load_inspection,
    lock_survey,
    refuse_closed,
)

COPIED = (
    "position",
    "key",
    "kind",
    "area",
    "text",
    "negative",
    "allow_remark",
    "source",
    "subject",
    "subject_post",
)
QUESTION_FIELDS = ("text", "area", "negative", "allow_remark", "subject_post")


def _default_title(inspection: Inspection, kind: str) -> str:
    if kind == Survey.Kind.APPRAISAL:
        return f"{inspection.target.name}领导班子和领导干部民主测评"
    return f"{inspection.target.name}巡察问卷调查"


def working_version(survey: Survey, actor) -> SurveyVersion:
    """The version edits go to (call with the survey locked)."""
    latest = survey.versions.order_by("-number").first()
    if latest is not None and not latest.published:
        return latest
    number = latest.number + 1 if latest else 1
    version = SurveyVersion.objects.create(
        survey=survey, number=number, created_by=actor_or_none(actor)
    )
    if latest is not None:
        Question.objects.bulk_create(
            [
                Question(version=version, **{f: getattr(q, f) for f in COPIED})
                for q in latest.questions.all()
            ]
        )
    return version


def _validate_negative(kind: str, negative: str) -> str:
    negative = negative or bank.DEFAULT_NEGATIVE[kind]
    if negative not in bank.NEGATIVE_CHOICES[kind]:
        raise ValidationError({"negative": _("Choose which answer counts as negative.")})
    return negative


def _subjects(inspection: Inspection, kind: str) -> list[Question]:
    """The appraisal's subjects: the leadership team and each member, as they are now."""
    if kind != Survey.Kind.APPRAISAL:
        return []
    out = [
        Question(
            key=bank.TEAM_KEY,
            kind=bank.GRADE,
            text=bank.TEAM_TEXT,
            negative="poor",
            allow_remark=False,
            subject=Question.Subject.TEAM,
        )
    ]
    for m in LeadershipMember.objects.filter(unit=inspection.target).order_by("order", "id"):
        out.append(
            Question(
                key=bank.member_key(m.pk),
                kind=bank.GRADE,
                text=m.name,
                negative="poor",
                allow_remark=False,
                subject=Question.Subject.MEMBER,
                subject_post=m.post,
            )
        )
    return out


def _from_bank(item: bank.BankItem) -> Question:
    return Question(
        key=item.key,
        kind=item.kind,
        area=item.area,
        text=item.text,
        negative=item.negative,
        allow_remark=item.allow_remark,
        source=item.key,
    )


def _append(version: SurveyVersion, questions: list[Question]) -> list[Question]:
    start = version.questions.order_by("-position").values_list("position", flat=True).first() or 0
    for n, q in enumerate(questions, start=start + 1):
        q.version, q.position = version, n
        q.full_clean(exclude=["version"], validate_constraints=False)
    return Question.objects.bulk_create(questions)


def _pick(inspection: Inspection, keys, present: set[str]) -> list[Question]:
    items = {i.key: i for i in bank_items(inspection.round.jurisdiction)}
    unknown = [k for k in keys if k not in items]
    if unknown:
        raise ValidationError(
            _("Some questions are not in the bank: %(keys)s") % {"keys": "，".join(unknown)}
        )
    seen, out = set(present), []
    for key in keys:
        if key not in seen:
            seen.add(key)
            out.append(_from_bank(items[key]))
    return out


def create_survey(
    inspection: Inspection,
    *,
    actor,
    kind: str,
    title: str = "",
    intro: str | None = None,
    keys: list[str] | None = None,
) -> Survey:
    """A new survey in draft, with the bank questions `keys` (None: the kind's defaults, see
    `catalogue.default_keys`); an appraisal also lists the target's leadership team and each
    of its members."""
    with transaction.atomic():
        inspection = load_inspection(inspection.pk)
        role = authorize_fieldwork(actor, inspection)
        if kind not in Survey.Kind.values:
            raise ValidationError({"kind": _("Choose a questionnaire or an appraisal.")})
        survey = Survey(
            inspection=inspection,
            kind=kind,
            title=(title or "").strip() or _default_title(inspection, kind),
            intro=bank.DEFAULT_INTRO[kind] if intro is None else intro.strip(),
            created_by=actor_or_none(actor),
        )
        survey.full_clean()
        survey.save()
        version = SurveyVersion.objects.create(
            survey=survey, number=1, created_by=actor_or_none(actor)
        )
        if keys is None:
            keys = default_keys(inspection.round.jurisdiction, kind)
        questions = _subjects(inspection, kind) + _pick(inspection, keys, set())
        _append(version, questions)
        record(
            EventType.SURVEY_CREATED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=survey,
            changes={
                "kind": [None, kind],
                "title": [None, survey.title],
                "questions": [None, len(questions)],
            },
        )
    return survey


def update_survey(survey: Survey, *, actor, title: str, intro: str) -> Survey:
    """Change the title and the note to respondents (not versioned: they do not change what a
    question asks)."""
    with transaction.atomic():
        survey, role = lock_survey(survey, actor)
        refuse_closed(survey)
        before = snapshot(survey, ("title", "intro"))
        survey.title, survey.intro = (title or "").strip(), (intro or "").strip()
        survey.full_clean()
        changes = diff(before, snapshot(survey, ("title", "intro")))
        if changes:
            survey.save(update_fields=["title", "intro"])
            record(
                EventType.SURVEY_CHANGED,
                actor=actor,
                role=role,
                unit=survey.inspection.target,
                obj=survey,
                changes=changes,
            )
    return survey


def _changed(survey, role, actor, version, what: str, value) -> None:
    record(
        EventType.SURVEY_CHANGED,
        actor=actor,
        role=role,
        unit=survey.inspection.target,
        obj=survey,
        changes={"version": [None, version.number], what: value},
    )


def add_bank_questions(survey: Survey, keys: list[str], *, actor) -> int:
    """Add bank items to the working version (those already in it are left alone)."""
    with transaction.atomic():
        survey, role = lock_survey(survey, actor)
        refuse_closed(survey)
        if not keys:
            raise ValidationError(_("Choose at least one question from the bank."))
        version = working_version(survey, actor)
        present = set(version.questions.values_list("key", flat=True))
        new = _pick(survey.inspection, keys, present)
        if not new:
            raise ValidationError(_("These questions are in the survey already."))
        _append(version, new)
        _changed(survey, role, actor, version, "added", [None, [q.key for q in new]])
    return len(new)


def add_question(
    survey: Survey,
    *,
    actor,
    text: str,
    kind: str = bank.YES_NO,
    area: str = "",
    negative: str = "",
    allow_remark: bool = True,
) -> Question:
    """The team's own question, written for this target."""
    with transaction.atomic():
        survey, role = lock_survey(survey, actor)
        refuse_closed(survey)
        if kind not in QuestionKind.values:
            raise ValidationError({"kind": _("Choose how the question is answered.")})
        if area and area not in Area.values:
            raise ValidationError({"area": _("Choose one of the six areas.")})
        if survey.kind == Survey.Kind.QUESTIONNAIRE and not area:
            raise ValidationError({"area": _("Say which area the question is about.")})
        text = (text or "").strip()
        if not text:
            raise ValidationError({"text": _("Write the question.")})
        version = working_version(survey, actor)
        question = Question(
            key=f"q-{secrets.token_hex(6)}",
            kind=kind,
            area=area,
            text=text,
            negative=_validate_negative(kind, negative),
            allow_remark=allow_remark or kind == bank.TEXT,
        )
        [question] = _append(version, [question])
        _changed(survey, role, actor, version, "added", [None, {"key": question.key, "text": text}])
    return question


def _question(version: SurveyVersion, key: str) -> Question:
    found = version.questions.filter(key=key).first()
    if found is None:
        raise ValidationError(_("The question is not in the survey."))
    return found


def update_question(
    survey: Survey,
    key: str,
    *,
    actor,
    text: str,
    area: str = "",
    negative: str = "",
    allow_remark: bool = True,
    subject_post: str | None = None,
) -> Question:
    """Reword a question (its key stays, so its answers are still counted together). The way it
    is answered cannot change: that makes it another question."""
    with transaction.atomic():
        survey, role = lock_survey(survey, actor)
        refuse_closed(survey)
        version = working_version(survey, actor)
        question = _question(version, key)
        before = snapshot(question, QUESTION_FIELDS)
        question.text = (text or "").strip()
        if not question.text:
            raise ValidationError({"text": _("Write the question.")})
        if not question.subject:
            if area and area not in Area.values:
                raise ValidationError({"area": _("Choose one of the six areas.")})
            if survey.kind == Survey.Kind.QUESTIONNAIRE and not area:
                raise ValidationError({"area": _("Say which area the question is about.")})
            question.area = area
            question.negative = _validate_negative(question.kind, negative)
            question.allow_remark = allow_remark or question.kind == bank.TEXT
        elif subject_post is not None:
            question.subject_post = subject_post.strip()
        question.full_clean(validate_constraints=False)
        changes = diff(before, snapshot(question, QUESTION_FIELDS))
        if changes:
            question.save()
            record(
                EventType.SURVEY_CHANGED,
                actor=actor,
                role=role,
                unit=survey.inspection.target,
                obj=survey,
                changes={"version": [None, version.number], "question": [None, key], **changes},
            )
    return question


def remove_question(survey: Survey, key: str, *, actor) -> None:
    """Drop a question from the working version; earlier versions and their answers stay."""
    with transaction.atomic():
        survey, role = lock_survey(survey, actor)
        refuse_closed(survey)
        version = working_version(survey, actor)
        question = _question(version, key)
        question.delete()
        _renumber(version, list(version.questions.order_by("position")))
        _changed(survey, role, actor, version, "removed", [question.text, None])


def _renumber(version: SurveyVersion, ordered: list[Question]) -> None:
    for n, q in enumerate(ordered, start=1):
        q.position = n
    Question.objects.bulk_update(ordered, ["position"])


def reorder_questions(survey: Survey, keys: list[str], *, actor) -> None:
    """Put the working version's questions in the order of `keys` (all of them, once each)."""
    with transaction.atomic():
        survey, role = lock_survey(survey, actor)
        refuse_closed(survey)
        version = working_version(survey, actor)
        by_key = {q.key: q for q in version.questions.all()}
        if sorted(keys) != sorted(by_key):
            raise ValidationError(_("Give every question of the survey once."))
        _renumber(version, [by_key[k] for k in keys])
        _changed(survey, role, actor, version, "order", [None, keys])


def move_question(survey: Survey, key: str, *, actor, up: bool) -> None:
    """One step up or down."""
    with transaction.atomic():
        survey, _role = lock_survey(survey, actor)
        refuse_closed(survey)
        keys = list(
            working_version(survey, actor)
            .questions.order_by("position")
            .values_list("key", flat=True)
        )
        if key not in keys:
            raise ValidationError(_("The question is not in the survey."))
        i = keys.index(key)
        j = i - 1 if up else i + 1
        if 0 <= j < len(keys):
            keys[i], keys[j] = keys[j], keys[i]
            reorder_questions(survey, keys, actor=actor)


def sync_leadership(survey: Survey, *, actor) -> int:
    """Add to an appraisal the leadership members of the target who are not in it yet (after
    a change in the leadership team); returns how many were added."""
    with transaction.atomic():
        survey, role = lock_survey(survey, actor)
        refuse_closed(survey)
        if survey.kind != Survey.Kind.APPRAISAL:
            raise ValidationError(_("Only an appraisal lists the leadership team."))
        version = working_version(survey, actor)
        present = set(version.questions.values_list("key", flat=True))
        new = [q for q in _subjects(survey.inspection, survey.kind) if q.key not in present]
        if not new:
            raise ValidationError(_("Every member of the leadership team is in the appraisal."))
        _append(version, new)
        _changed(survey, role, actor, version, "added", [None, [q.text for q in new]])
    return len(new)


def publish_survey(survey: Survey, *, actor) -> SurveyVersion:
    """Freeze the working version; links and paper forms answer it from now on. Publishing the
    first version opens the survey."""
    with transaction.atomic():
        survey, role = lock_survey(survey, actor)
        refuse_closed(survey)
        version = survey.versions.filter(published_at__isnull=True).first()
        if version is None:
            raise ValidationError(_("There are no changes to publish."))
        if not version.questions.exists():
            raise ValidationError(_("Add at least one question before publishing."))
        now = timezone.now()
        version.published_at, version.published_by = now, actor_or_none(actor)
        version.save(update_fields=["published_at", "published_by"])
        changes = {"version": [None, version.number]}
        if survey.status == Survey.Status.DRAFT:
            Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN, opened_at=now)
            survey.status, survey.opened_at = Survey.Status.OPEN, now
            changes["status"] = [Survey.Status.DRAFT, Survey.Status.OPEN]
        record(
            EventType.SURVEY_VERSION_PUBLISHED,
            actor=actor,
            role=role,
            unit=survey.inspection.target,
            obj=survey,
            changes=changes,
        )
    return version


def discard_changes(survey: Survey, *, actor) -> None:
    """Throw away the unpublished edits of a published survey."""
    with transaction.atomic():
        survey, role = lock_survey(survey, actor)
        refuse_closed(survey)
        version = survey.versions.filter(published_at__isnull=True).first()
        if version is None or version.number == 1:
            raise ValidationError(_("There are no unpublished changes to discard."))
        number = version.number
        version.delete()
        record(
            EventType.SURVEY_CHANGED,
            actor=actor,
            role=role,
            unit=survey.inspection.target,
            obj=survey,
            changes={"discarded_version": [number, None]},
        )


def close_survey(survey: Survey, *, actor, reason: str = "") -> Survey:
    """Stop answering: unused links and paper entry end; results stay."""
    with transaction.atomic():
        survey, role = lock_survey(survey, actor)
        now = timezone.now()
        if (
            Survey.objects.filter(pk=survey.pk, status=Survey.Status.OPEN).update(
                status=Survey.Status.CLOSED, closed_at=now
            )
            != 1
        ):
            raise ValidationError(_("Only an open survey can be closed."))
        record(
            EventType.SURVEY_CLOSED,
            actor=actor,
            role=role,
            unit=survey.inspection.target,
            obj=survey,
            changes={"status": [survey.status, Survey.Status.CLOSED]},
            reason=(reason or "").strip(),
        )
        survey.status, survey.closed_at = Survey.Status.CLOSED, now
    return survey


def set_paper_forms_issued(survey: Survey, count: int, *, actor) -> Survey:
    """How many paper forms were handed out (the issued count of the statistics)."""
    with transaction.atomic():
        survey, role = lock_survey(survey, actor)
        refuse_closed(survey)
        if count is None or count < 0 or count > 100000:
            raise ValidationError({"count": _("Give the number of forms handed out.")})
        before = survey.paper_forms_issued
        if before != count:
            Survey.objects.filter(pk=survey.pk).update(paper_forms_issued=count)
            survey.paper_forms_issued = count
            record(
                EventType.SURVEY_CHANGED,
                actor=actor,
                role=role,
                unit=survey.inspection.target,
                obj=survey,
                changes={"paper_forms_issued": [before, count]},
            )
    return survey
