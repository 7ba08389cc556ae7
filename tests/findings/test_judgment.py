"""Mistake or dereliction: the suggestion from the three distinctions, departing from it only
with reasons, the judgment on the page and as the paragraph reports and transfers use."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.findings.conftest import draft, state
from xuncha.audit.models import AuditEvent, EventType
from xuncha.findings import services_review
from xuncha.findings.models import ConductJudgment
from xuncha.findings.services_judgment import judgment_text, save_judgment, suggest

T, A, U = "tolerable", "accountable", "unclear"

REASONS = {
    "experience_reason": "系首次推行新型补贴方式，缺乏经验",
    "exploration_reason": "当时上级尚无明确规定",
    "purpose_reason": "为加快补贴发放进度，本人未从中获利",
    "reasoning": "该同志主动纠正并退回多发资金",
}


@pytest.mark.parametrize(
    "answers,expected",
    [
        ((T, T, T), ("mistake", "tolerance")),
        ((T, A, T), ("dereliction", "correction")),
        ((A, U, T), ("dereliction", "correction")),
        ((T, U, T), None),
        ((U, U, U), None),
    ],
)
def test_the_suggestion(answers, expected):
    assert suggest(*answers) == expected


def _conduct(ns):
    return draft(
        ns,
        is_conduct=True,
        responsible_kind="individual",
        responsible_person="钱某",
        responsible_post="农机站站长",
    )


def test_following_the_suggestion_needs_no_departure(ns):
    finding = _conduct(ns)
    judgment = save_judgment(
        finding,
        actor=ns.member,
        experience=T,
        exploration=T,
        purpose=T,
        judgment="mistake",
        outcome="tolerance",
        **REASONS,
    )
    assert (judgment.person, judgment.post) == ("钱某", "农机站站长")
    assert judgment.departure_reason == ""
    text = judgment_text(finding)
    assert text.startswith("经综合分析")
    assert "属于失误，建议容错免责" in text
    assert "一是属于因缺乏经验、先行先试出现的失误" in text
    event = AuditEvent.objects.get(event_type=EventType.FINDING_JUDGED)
    assert "主动纠正" not in str(event.changes)
    # A judged conduct finding may go to review.
    services_review.submit(finding, actor=ns.member)


def test_departing_needs_its_own_reasoning(ns):
    finding = _conduct(ns)
    fields = dict(experience=T, exploration=A, purpose=T, **REASONS)
    before = state()
    with pytest.raises(ValidationError) as exc:
        save_judgment(finding, actor=ns.member, judgment="mistake", outcome="correction", **fields)
    assert "departure_reason" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        save_judgment(
            finding,
            actor=ns.member,
            judgment="mistake",
            outcome="correction",
            **{**fields, "departure_reason": REASONS["reasoning"]},
        )
    assert "departure_reason" in exc.value.error_dict
    assert state() == before
    judgment = save_judgment(
        finding,
        actor=ns.member,
        judgment="mistake",
        outcome="correction",
        departure_reason="明令禁止的规定当时尚未传达到基层，不宜认定为失责",
        **fields,
    )
    assert judgment.judgment == "mistake"
    text = judgment_text(finding)
    assert "属于失误，建议纠错问责" in text and "未采纳系统建议的理由" in text


def test_dereliction_is_never_tolerated(ns):
    finding = _conduct(ns)
    before = state()
    with pytest.raises(ValidationError) as exc:
        save_judgment(
            finding,
            actor=ns.member,
            experience=A,
            exploration=A,
            purpose=A,
            judgment="dereliction",
            outcome="tolerance",
            **REASONS,
        )
    assert "outcome" in exc.value.error_dict
    assert state() == before


def test_each_answer_needs_its_reason(ns):
    finding = _conduct(ns)
    before = state()
    with pytest.raises(ValidationError) as exc:
        save_judgment(
            finding,
            actor=ns.member,
            experience=T,
            exploration=T,
            purpose=T,
            judgment="mistake",
            outcome="tolerance",
            **{**REASONS, "purpose_reason": ""},
        )
    assert "purpose_reason" in exc.value.error_dict
    assert state() == before


def test_no_suggestion_leaves_the_team_to_decide(ns):
    finding = _conduct(ns)
    judgment = save_judgment(
        finding,
        actor=ns.member,
        experience=T,
        exploration=U,
        purpose=T,
        judgment="dereliction",
        outcome="correction",
        **REASONS,
    )
    assert judgment.departure_reason == ""
    assert "属于失责，建议纠错问责" in judgment_text(finding)


def test_only_conduct_findings_are_judged_and_only_while_editable(ns):
    plain = draft(ns)
    before = state()
    with pytest.raises(ValidationError) as exc:
        save_judgment(
            plain,
            actor=ns.member,
            experience=T,
            exploration=T,
            purpose=T,
            judgment="mistake",
            outcome="tolerance",
            **REASONS,
        )
    assert exc.value.code == "not_conduct"
    assert judgment_text(plain) == ""
    finding = _conduct(ns)
    save_judgment(
        finding,
        actor=ns.member,
        experience=T,
        exploration=T,
        purpose=T,
        judgment="mistake",
        outcome="tolerance",
        **REASONS,
    )
    services_review.submit(finding, actor=ns.member)
    before = state()
    with pytest.raises(ValidationError) as exc:
        save_judgment(
            finding,
            actor=ns.member,
            experience=A,
            exploration=T,
            purpose=T,
            judgment="dereliction",
            outcome="correction",
            **REASONS,
        )
    assert exc.value.code == "locked"
    assert state() == before


def test_judging_makes_a_preparer(ns):
    finding = _conduct(ns)
    save_judgment(
        finding,
        actor=ns.deputy,
        experience=T,
        exploration=T,
        purpose=T,
        judgment="mistake",
        outcome="tolerance",
        **REASONS,
    )
    assert ns.deputy in finding.preparers.all()


def test_the_judgment_page(ns, as_user):
    finding = _conduct(ns)
    client = as_user(ns.member)
    url = reverse("findings:judgment", args=[finding.pk])
    page = client.get(url)
    assert page.status_code == 200 and "钱某" in page.content.decode()
    data = {
        "person": "钱某",
        "post": "站长",
        "experience": T,
        "exploration": A,
        "purpose": T,
        "judgment": "mistake",
        "outcome": "tolerance",
        **REASONS,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["suggestion"]  # the suggestion is shown beside the errors
    assert ConductJudgment.objects.count() == 0
    response = client.post(url, {**data, "judgment": "dereliction", "outcome": "correction"})
    assert response.status_code == 302
    detail = client.get(reverse("findings:detail", args=[finding.pk])).content.decode()
    assert "属于失责，建议纠错问责" in detail
    assert as_user(ns.personas.viewer_a).get(url).status_code == 403
