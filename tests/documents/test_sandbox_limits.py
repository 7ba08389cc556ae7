"""The sandbox's clock and sizes: a template that would keep the server busy — a recursive loop
feeding itself, filters doing heavy work at every step, a loop that crawls only on real data —
is refused within seconds with the reason, and texts and lists it computes stay bounded."""

import time

import pytest
from django.core.exceptions import ValidationError

from tests.documents.helpers import docx_text, make_template
from xuncha.documents import sandbox
from xuncha.documents.fill import render_template

FAST = 3.0  # seconds any refusal below may take


def _refused(line: str, context: dict | None = None) -> str:
    started = time.monotonic()
    with pytest.raises(ValidationError) as caught:
        render_template(make_template(line), context or {})
    assert time.monotonic() - started < FAST
    assert caught.value.code == "template_unsafe", caught.value.messages
    # "模板不安全或有误：…（位置：…）": one message naming the reason and the template line.
    assert len(caught.value.messages) == 1
    return caught.value.messages[0]


def _filled(line: str, context: dict | None = None) -> str:
    return docx_text(render_template(make_template(line), context or {}))


RECURSIVE = "{% for c in s recursive %}{% if loop.depth == 1 %}{{ loop(s) }}{% endif %}{% endfor %}"


@pytest.mark.parametrize(
    ("line", "context"),
    [
        (RECURSIVE, {"s": list(range(10000))}),
        (RECURSIVE, {"s": "x" * 10000}),
        ("{% set s = range(10000)|list %}" + RECURSIVE, {}),
        ("{% for c in s recursive %}{{ loop(s) }}{% endfor %}", {"s": [1, 2]}),
    ],
)
def test_a_recursive_loop_feeding_itself_is_budgeted(line, context):
    _refused(line, context)


def test_a_recursive_loop_over_a_real_tree_still_works():
    tree = [{"name": "甲", "children": [{"name": "乙", "children": []}]}]
    line = "{% for n in tree recursive %}{{ n.name }}{{ loop(n.children) }}{% endfor %}"
    assert "甲乙" in _filled(line, {"tree": tree})


ROWS = list(range(20_000))
GROUPS = [{"k": n % 100, "name": f"干部{n}"} for n in range(20_000)]


@pytest.mark.parametrize(
    ("line", "context"),
    [
        ("{% for a in rows %}{{ rows|sort|unique|list|length }}{% endfor %}", {"rows": ROWS}),
        (
            "{% for a in rows %}{{ rows|map('string')|join(',')|length }}{% endfor %}",
            {"rows": ROWS},
        ),
        ("{% for a in rows %}{{ rows|select('odd')|list|length }}{% endfor %}", {"rows": ROWS}),
        ("{% for a in rows %}{{ rows|groupby('k')|length }}{% endfor %}", {"rows": GROUPS}),
        ("{% for a in rows %}{{ rows|max }}{{ rows|reverse|first }}{% endfor %}", {"rows": ROWS}),
        ("{% for a in rows %}{% if -1 in rows %}{% endif %}{% endfor %}", {"rows": ROWS}),
        ("{% for a in rows %}{{ ('x' * 900000 ~ a)|length }}{% endfor %}", {"rows": ROWS}),
        ("{% for a in rows %}{{ ('x' * 999999).count('x') }}{% endfor %}", {"rows": ROWS}),
    ],
)
def test_heavy_work_at_every_step_is_stopped_by_the_clock(monkeypatch, line, context):
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.3)
    message = _refused(line, context)
    assert "0.3" in message


def test_a_template_fine_on_the_sample_is_stopped_on_real_data(monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.5)
    line = (
        "{% for a in people %}{% for b in people %}"
        "{{ (people|map(attribute='name')|sort|first)[:0] }}{% endfor %}{% endfor %}完"
    )
    assert "完" in _filled(line, {"people": [{"name": "张三"}, {"name": "李四"}]})
    # 700 × 700 iterations stay within the loop budget: only the clock stops it.
    real = {"people": [{"name": f"干部{n}"} for n in range(700)]}
    assert "0.5" in _refused(line, real)


def test_the_deadline_is_a_documented_constant():
    assert sandbox.MAX_SECONDS == 5
    env = sandbox.DocumentEnvironment()
    assert 0 < env.deadline - time.monotonic() <= sandbox.MAX_SECONDS


@pytest.mark.parametrize(
    "line",
    [
        "{{ 'x' * 1000001 }}",
        "{{ (range(10000)|list) * 11 }}",
        "{{ ('x' * 600000) ~ ('x' * 600000) }}",
        "{{ ('x' * 600000) + ('x' * 600000) }}",
        "{{ (range(10000)|list * 10) + [1] }}",
        "{{ ('x' * 200000)|list|length }}",
        "{{ ('x y ' * 200000).split()|length }}",
        "{% set b = ['x' * 999999] * 20 %}{{ b|sort|length }}",
        "{% set b = ['x' * 999999] * 99999 %}{{ b|unique(case_sensitive=False)|list|length }}",
        "{{ ('&' * 999999)|e }}",
        "{{ dict(a=1)|items|list|length }}{{ (range(10000)|list * 10)|map('string')|join * 3 }}",
    ],
)
def test_computed_texts_and_lists_are_capped(line):
    _refused(line)


def test_sizes_up_to_the_caps_are_fine():
    text = _filled(
        "{{ ('x' * 1000000)|length }} {{ (range(10000)|list * 10)|length }}"
        " {{ ('<>' * 400000)|striptags|length }} {{ ('a<!--' * 200000)|striptags|length }}"
    )
    assert "1000000 100000 0 " in text


def test_filters_keep_their_meaning():
    text = _filled(
        "{{ names|map('upper')|join('、') }}|{{ names|reverse|join }}|{{ names|sort|first }}|"
        "{{ names|select|list|length }}|{{ d|dictsort|length }}|"
        "{% for k, v in d|items %}{{ k }}={{ v }}{% endfor %}|{{ rows|groupby('k')|length }}|"
        "{{ rows|sum(attribute='n') }}|{{ rows|map(attribute='n')|max }}|{{ names|unique|list }}|"
        "{{ html|striptags }}|{{ ' 丙 '|trim }}",
        {
            "names": ["b", "a", "b"],
            "html": "<b>甲</b>  &amp; 乙<!-- 注 -->",
            "d": {"x": 1},
            "rows": [{"k": 1, "n": 2}, {"k": 1, "n": 3}, {"k": 2, "n": 4}],
        },
    )
    assert "B、A、B|bab|a|3|1|x=1|2|9|4|['b', 'a']|甲 & 乙|丙" in text
