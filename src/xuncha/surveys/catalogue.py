"""The question bank one jurisdiction sees: the built-in items and the office's own."""

from xuncha.surveys import bank
from xuncha.surveys.models import BankQuestion


def bank_items(jurisdiction, *, kinds: tuple[str, ...] = ()) -> list[bank.BankItem]:
    """Built-in items first (questionnaire, then appraisal), then the office's own in use."""
    own = [
        q.as_item()
        for q in BankQuestion.objects.filter(jurisdiction=jurisdiction, active=True).select_related(
            "jurisdiction"
        )
    ]
    items = bank.QUESTIONNAIRE_ITEMS + own + bank.APPRAISAL_ITEMS
    return [i for i in items if not kinds or i.kind in kinds]


def default_keys(jurisdiction, kind: str, areas=None) -> list[str]:
    """What a new survey starts with: a questionnaire, every yes/no and written item of the
    chosen areas (None: all); an appraisal, the six overall graded questions."""
    if kind == "appraisal":
        return [i.key for i in bank.APPRAISAL_ITEMS if areas is None or i.area in areas]
    return [
        i.key
        for i in bank_items(jurisdiction, kinds=(bank.YES_NO, bank.TEXT))
        if areas is None or i.area in areas
    ]
