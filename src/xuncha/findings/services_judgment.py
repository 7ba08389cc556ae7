"""Mistake or dereliction (失误 / 失责, seed 001) of the person a conduct finding is about.

The team answers the three distinctions (三个区分开来, DOMAIN.md §4), each with its reason. From
the answers the platform suggests a judgment and an outcome: all three on the tolerable side →
a mistake, tolerate and protect (容错免责); any on the accountable side → dereliction, correct
and hold accountable (纠错问责); otherwise the team decides. The team may depart from a
suggestion only by saying why. The judgment is part of the paper: it is written while the paper
is being drafted or was returned, and whoever writes it becomes a preparer.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.findings.access import authorize_content
from xuncha.findings.models import ConductJudgment, Distinction, Finding
from xuncha.findings.services import _by, _locked, add_preparer

J = ConductJudgment.Judgment
O = ConductJudgment.Outcome  # noqa: E741
DISTINCTIONS = ("experience", "exploration", "purpose")
TEXT_FIELDS = (
    "person",
    "post",
    "experience_reason",
    "exploration_reason",
    "purpose_reason",
    "reasoning",
    "departure_reason",
)


def suggest(experience: str, exploration: str, purpose: str) -> tuple[str, str] | None:
    """The judgment and outcome the three answers point to, or None when the team decides."""
    answers = (experience, exploration, purpose)
    if any(a == Distinction.ACCOUNTABLE for a in answers):
        return J.DERELICTION, O.CORRECTION
    if all(a == Distinction.TOLERABLE for a in answers):
        return J.MISTAKE, O.TOLERANCE
    return None


def departs(judgment: ConductJudgment) -> bool:
    suggestion = suggest(judgment.experience, judgment.exploration, judgment.purpose)
    return suggestion is not None and suggestion != (judgment.judgment, judgment.outcome)


def save_judgment(finding: Finding, *, actor, **fields) -> ConductJudgment:
    """Record (or revise) the judgment of a conduct finding."""
    allowed = {*TEXT_FIELDS, *DISTINCTIONS, "judgment", "outcome"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        finding = _locked(finding)
        role = authorize_content(actor, finding)
        if not finding.is_conduct:
            raise ValidationError(
                _("Only a finding about a person's conduct is judged as mistake or dereliction."),
                code="not_conduct",
            )
        if _by(actor) is None:
            raise ValidationError(_("A judgment needs the account that makes it."))
        judgment = ConductJudgment.objects.filter(finding=finding).first()
        created = judgment is None
        if created:
            judgment = ConductJudgment(finding=finding)
        before = {f: getattr(judgment, f) for f in ("judgment", "outcome", *DISTINCTIONS)}
        for name, value in fields.items():
            setattr(judgment, name, (value or "").strip() if isinstance(value, str) else value)
        if not judgment.person:
            judgment.person = finding.responsible_person
            judgment.post = judgment.post or finding.responsible_post
        judgment.judged_by = actor
        judgment.judged_at = timezone.now()
        _validate(judgment)
        judgment.full_clean()
        judgment.save()
        add_preparer(finding, actor)
        after = {f: getattr(judgment, f) for f in ("judgment", "outcome", *DISTINCTIONS)}
        record(
            EventType.FINDING_JUDGED,
            actor=actor,
            role=role,
            unit=finding.inspection.target,
            obj=finding,
            changes={
                **{k: [before[k] or None, v] for k, v in after.items() if before[k] != v},
                "created": created,
                "departs": departs(judgment),
                "reasoning": judgment.reasoning,
            },
        )
    return judgment


def _validate(judgment: ConductJudgment) -> None:
    errors: dict[str, str] = {}
    for name in DISTINCTIONS:
        if getattr(judgment, name) not in Distinction.values:
            errors[name] = _("Answer this distinction.")
        elif not getattr(judgment, f"{name}_reason"):
            errors[f"{name}_reason"] = _("Say why.")
    if judgment.judgment == J.DERELICTION and judgment.outcome == O.TOLERANCE:
        errors["outcome"] = _("Dereliction is not tolerated: correct and hold accountable.")
    if not judgment.reasoning:
        errors["reasoning"] = _("Give the reasoning of the judgment.")
    if not errors and departs(judgment):
        if not judgment.departure_reason:
            errors["departure_reason"] = _(
                "The judgment departs from what the three distinctions suggest: say why."
            )
        elif judgment.departure_reason == judgment.reasoning:
            errors["departure_reason"] = _(
                "Say specifically why the suggestion is not followed, apart from the reasoning."
            )
    elif not errors:
        judgment.departure_reason = ""
    if errors:
        raise ValidationError(errors)


# --- The judgment as text, for the paper, the report and the transfer --------------------------

_SIDES = {
    "experience": {
        Distinction.TOLERABLE: "属于因缺乏经验、先行先试出现的失误",
        Distinction.ACCOUNTABLE: "属于明知故犯",
        Distinction.UNCLEAR: "是否属于因缺乏经验、先行先试出现的失误尚难认定",
    },
    "exploration": {
        Distinction.TOLERABLE: "属于在上级尚无明确限制的探索性试验中的失误",
        Distinction.ACCOUNTABLE: "属于上级明令禁止后依然我行我素",
        Distinction.UNCLEAR: "是否属于尚无明确限制的探索性失误尚难认定",
    },
    "purpose": {
        Distinction.TOLERABLE: "属于为推动发展的无意过失",
        Distinction.ACCOUNTABLE: "属于为谋取私利的违纪违法行为",
        Distinction.UNCLEAR: "是否属于为推动发展的无意过失尚难认定",
    },
}
_ORDINALS = ("一是", "二是", "三是")
_JUDGMENT = {J.MISTAKE: "失误", J.DERELICTION: "失责"}
_OUTCOME = {O.TOLERANCE: "容错免责", O.CORRECTION: "纠错问责"}


def _sentence(text: str) -> str:
    text = (text or "").strip()
    return text if not text or text[-1] in "。！？；" else f"{text}。"


def distinction_lines(judgment: ConductJudgment) -> list[str]:
    """The three answers as sentences: 一是……（理由）。"""
    lines = []
    for ordinal, name in zip(_ORDINALS, DISTINCTIONS, strict=True):
        side = _SIDES[name].get(getattr(judgment, name), "")
        reason = getattr(judgment, f"{name}_reason").strip().rstrip("。")
        lines.append(f"{ordinal}{side}，{reason}。" if reason else f"{ordinal}{side}。")
    return lines


def judgment_text(finding: Finding) -> str:
    """The judgment as one Chinese paragraph for the working paper, the report and the
    transfer ("" when the finding is not about conduct or not judged yet)."""
    if not finding.is_conduct:
        return ""
    judgment = getattr(finding, "judgment", None)
    if judgment is None:
        judgment = ConductJudgment.objects.filter(finding=finding).first()
    if judgment is None:
        return ""
    who = f"{judgment.person}（{judgment.post}）" if judgment.post else judgment.person
    text = (
        f"经综合分析，对照“三个区分开来”，{who}的问题：{''.join(distinction_lines(judgment))}"
        f"{_sentence(judgment.reasoning)}"
        f"综上，属于{_JUDGMENT[judgment.judgment]}，建议{_OUTCOME[judgment.outcome]}。"
    )
    if judgment.departure_reason:
        text += f"（未采纳系统建议的理由：{judgment.departure_reason.strip().rstrip('。')}。）"
    return text
