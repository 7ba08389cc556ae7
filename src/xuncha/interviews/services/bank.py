"""A jurisdiction's own questions of the interview bank, kept by its office."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.fieldwork.models import Area
from xuncha.interviews import reference as ref
from xuncha.interviews.access import authorize_bank
from xuncha.interviews.models import Audience, QuestionBankItem
from xuncha.interviews.services._common import clean_text
from xuncha.orgs.models import Unit

BANK_FIELDS = ("area", "audience", "keywords", "text", "order", "active")


def _validate(item: QuestionBankItem) -> None:
    item.text = clean_text(item.text)
    item.keywords = " ".join(ref.split_keywords(item.keywords or ""))
    if not item.text:
        raise ValidationError({"text": _("Write the interview question.")})
    if item.area not in Area.values:
        raise ValidationError({"area": _("Choose an area.")})
    if item.audience not in Audience.values:
        raise ValidationError({"audience": _("Say whom the question is for.")})
    item.full_clean()


def add_bank_item(
    jurisdiction: Unit,
    *,
    actor,
    area: str,
    audience: str,
    text: str,
    keywords: str = "",
    order: int = 0,
) -> QuestionBankItem:
    """Add a question of the jurisdiction's own to the interview bank."""
    with transaction.atomic():
        role = authorize_bank(actor, jurisdiction)
        item = QuestionBankItem(
            jurisdiction=jurisdiction,
            area=area,
            audience=audience,
            text=text,
            keywords=keywords,
            order=order,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        _validate(item)
        item.save()
        record(
            EventType.QUESTION_BANK_CHANGED,
            actor=actor,
            role=role,
            unit=jurisdiction,
            obj=item,
            changes=diff({}, snapshot(item, BANK_FIELDS)),
        )
    return item


def update_bank_item(item: QuestionBankItem, *, actor, **fields) -> QuestionBankItem:
    """Change or retire (`active=False`) a question of the jurisdiction's own bank."""
    with transaction.atomic():
        item = (
            QuestionBankItem.objects.select_for_update(of=("self",))
            .select_related("jurisdiction")
            .get(pk=item.pk)
        )
        role = authorize_bank(actor, item.jurisdiction)
        before = snapshot(item, BANK_FIELDS)
        for key, value in fields.items():
            if key not in BANK_FIELDS:
                raise TypeError(f"not a bank field: {key}")
            setattr(item, key, value)
        _validate(item)
        changes = diff(before, snapshot(item, BANK_FIELDS))
        if changes:
            item.save()
            record(
                EventType.QUESTION_BANK_CHANGED,
                actor=actor,
                role=role,
                unit=item.jurisdiction,
                obj=item,
                changes=changes,
            )
    return item
