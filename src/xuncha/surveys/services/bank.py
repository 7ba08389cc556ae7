"""An office's own questions in the bank of its jurisdiction."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import authorize
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.fieldwork.models import Area
from xuncha.orgs.models import Unit
from xuncha.surveys import bank
from xuncha.surveys.models import BankQuestion, QuestionKind
from xuncha.surveys.services._common import actor_or_none

FIELDS = ("area", "kind", "text", "negative", "allow_remark", "active")


def _clean(question: BankQuestion) -> None:
    question.text = (question.text or "").strip()
    if not question.text:
        raise ValidationError({"text": _("Write the question.")})
    if question.area not in Area.values:
        raise ValidationError({"area": _("Choose one of the six areas.")})
    if question.kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose how the question is answered.")})
    question.negative = question.negative or bank.DEFAULT_NEGATIVE[question.kind]
    if question.negative not in bank.NEGATIVE_CHOICES[question.kind]:
        raise ValidationError({"negative": _("Choose which answer counts as negative.")})
    if question.kind == bank.TEXT:
        question.allow_remark = True
    question.full_clean()


def add_bank_question(
    jurisdiction: Unit,
    *,
    actor,
    text: str,
    area: str,
    kind: str = bank.YES_NO,
    negative: str = "",
    allow_remark: bool = True,
) -> BankQuestion:
    """A question the office offers every team of its jurisdiction."""
    with transaction.atomic():
        role = authorize(actor, Capability.FIELDWORK_EDIT, jurisdiction.path)
        if not jurisdiction.has_office:
            raise ValidationError(
                {"jurisdiction": _("Only a unit with an inspection office keeps a question bank.")}
            )
        question = BankQuestion(
            jurisdiction=jurisdiction,
            key=f"j-{secrets.token_hex(6)}",
            area=area,
            kind=kind,
            text=text,
            negative=negative,
            allow_remark=allow_remark,
            created_by=actor_or_none(actor),
        )
        _clean(question)
        question.save()
        record(
            EventType.QUESTION_BANK_CHANGED,
            actor=actor,
            role=role,
            unit=jurisdiction,
            obj=question,
            changes=diff({}, snapshot(question, FIELDS)),
        )
    return question


def update_bank_question(
    question: BankQuestion,
    *,
    actor,
    text: str,
    area: str,
    negative: str = "",
    allow_remark: bool = True,
) -> BankQuestion:
    """Reword an item. Surveys that took it keep their own copy of the wording."""
    with transaction.atomic():
        question = (
            BankQuestion.objects.select_for_update(of=("self",))
            .select_related("jurisdiction")
            .get(pk=question.pk)
        )
        role = authorize(actor, Capability.FIELDWORK_EDIT, question.jurisdiction.path)
        before = snapshot(question, FIELDS)
        question.text, question.area = text, area
        question.negative, question.allow_remark = negative, allow_remark
        _clean(question)
        changes = diff(before, snapshot(question, FIELDS))
        if changes:
            question.save()
            record(
                EventType.QUESTION_BANK_CHANGED,
                actor=actor,
                role=role,
                unit=question.jurisdiction,
                obj=question,
                changes=changes,
            )
    return question


def set_bank_question_active(question: BankQuestion, active: bool, *, actor) -> BankQuestion:
    """Retire an item from the bank (or bring it back); nothing is deleted."""
    with transaction.atomic():
        question = (
            BankQuestion.objects.select_for_update(of=("self",))
            .select_related("jurisdiction")
            .get(pk=question.pk)
        )
        role = authorize(actor, Capability.FIELDWORK_EDIT, question.jurisdiction.path)
        if (
            BankQuestion.objects.filter(pk=question.pk, active=not active).update(active=active)
            != 1
        ):
            raise ValidationError(_("The question is already in that state."))
        record(
            EventType.QUESTION_BANK_CHANGED,
            actor=actor,
            role=role,
            unit=question.jurisdiction,
            obj=question,
            changes={"active": [not active, active]},
        )
        question.active = active
    return question
