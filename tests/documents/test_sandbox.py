"""Templates are untrusted code: whatever a template tries, it reaches nothing but its plain
data, cannot run forever or fill the memory, and is refused with the reason and its line."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from markupsafe import Markup

from tests.documents.helpers import docx_text, make_template
from xuncha.documents.fill import declared_variables, render_template
from xuncha.documents.sandbox import Image, plain

UNSAFE = "template_unsafe"
FAULTY = "template_error"


def _refused(line: str, context: dict | None = None) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        render_template(make_template(line), context or {})
    return caught.value


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("{{ ''.__class__.__mro__ }}", UNSAFE),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", UNSAFE),
        ("{{ lines.__class__ }}", UNSAFE),
        ("{{ person._secret }}", UNSAFE),
        ("{{ person['__class__'] }}", UNSAFE),
        ("{{ self._TemplateReference__context }}", UNSAFE),
        ("{{ cycler.__init__.__globals__ }}", UNSAFE),
        ("{{ namespace.mro() }}", UNSAFE),
        ("{{ range.__self__ }}", UNSAFE),
        ("{{ lines.pop() }}", UNSAFE),
        ("{{ person.clear() }}", UNSAFE),
        ("{{ '{0.__class__}'.format(lines) }}", UNSAFE),
        ("{% include 'authorization.docx' %}", UNSAFE),
        ("{% import 'macros.docx' as m %}", UNSAFE),
        ("{% extends 'base.docx' %}", UNSAFE),
        ("{% autoescape false %}{{ person.name }}{% endautoescape %}", UNSAFE),
        ("{{ person.name|safe }}", UNSAFE),
        ("{{ lines|tojson }}", UNSAFE),
        ("{{ person.name|center(999999999) }}", UNSAFE),
        ("{{ settings }}", FAULTY),
        ("{{ settings.SECRET_KEY }}", FAULTY),
        ("{{ request.user }}", FAULTY),
        ("{{ lipsum(100000) }}", FAULTY),
        ("{{ person.name }", FAULTY),
    ],
)
def test_escapes_are_refused(line, code):
    error = _refused(line, {"person": {"name": "张建国", "_secret": "x"}, "lines": ["一"]})
    assert error.code == code, error.messages
    assert len(error.messages) == 1


@pytest.mark.parametrize(
    "line",
    [
        "{% for i in range(100001) %}{% endfor %}",
        "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
        "{% for c in 'x' * 1999999 %}{% endfor %}",
        "{{ 9 ** 99999 }}",
        "{{ 'x' * 100000000 }}",
        "{{ [1] * 100000000 }}",
        "{% set n = namespace(x=3) %}{% for i in range(40) %}{% set n.x = n.x * n.x %}"
        "{% endfor %}{{ n.x }}",
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(40) }}",
        "{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% endif %}{% endmacro %}"
        "{{ f('x', 60) }}",
        "{{ (range(10000)|list)|join('x' * 1000000) }}",
        "{{ 'ab'|replace('', 'x' * 1999999) }}",
        "{{ '%0999999999d' % 1 }}",
        "{{ [1]|batch(1000000000, 'x')|list }}",
        "{% set big = ['x' * 1999999] * 1000000 %}{{ big|string }}",
        "{% set big = 'x' * 1999999 %}{% for i in range(100) %}{{ big }}{% endfor %}",
        "{% set chunk = 'x' * 1999999 %}"
        "{% macro m() %}{% for i in range(10000) %}{{ chunk }}{% endfor %}{% endmacro %}{{ m() }}",
    ],
)
def test_loops_and_sizes_are_capped(line):
    assert _refused(line).code in (UNSAFE, FAULTY)


def test_the_refusal_names_the_reason_and_the_line():
    error = _refused("组长：{{ leader.__class__ }}")
    message = error.messages[0]
    assert "__class__" in message
    assert "组长：{{ leader.__class__ }}" in message  # the line as the office typed it
    error = _refused("{% for i in range(100000000) %}x{% endfor %}")
    assert "100000000" in error.messages[0] or "10000" in error.messages[0]


def test_plain_data_renders_and_is_escaped():
    data = render_template(
        make_template(
            "{{ name }}：{% for x in items %}{{ loop.index }}.{{ x.label }}{% endfor %}",
            "{{ total + 1 }} {{ amount }} {{ day.year }} {{ flag }} {{ names|join('、') }}",
            "{{ info.items }} {{ (info.get('missing') or '无') }} {{ ' 甲 '|trim|length }}",
        ),
        {
            "name": Markup("<b>A&B</b>"),
            "items": [{"label": "一"}, {"label": "二"}],
            "total": 2,
            "amount": Decimal("12.50"),
            "day": date(2026, 3, 2),
            "flag": True,
            "names": ("甲", "乙"),
            "info": {"items": "键名为items"},
        },
    )
    text = docx_text(data)
    assert "<b>A&B</b>：1.一2.二" in text  # a Markup value is escaped like any other text
    assert "3 12.50 2026 True 甲、乙" in text
    assert "键名为items 无 1" in text


def test_context_must_be_plain_data(tree):
    with pytest.raises(TypeError, match=r"orgs\.models\.Unit"):
        plain({"groups": [{"unit": tree.county_a1}]})
    with pytest.raises(TypeError, match=r"context\['groups'\]\[0\]\['unit'\]"):
        render_template(make_template("{{ groups }}"), {"groups": [{"unit": tree.county_a1}]})
    with pytest.raises(TypeError):
        plain({1: "key not a string"})
    with pytest.raises(TypeError):
        plain({"when": object()})
    assert plain({"a": (1, [2.5, None]), "b": Image(b"png", 30)}) == {
        "a": (1, [2.5, None]),
        "b": Image(b"png", 30),
    }


def test_an_image_cannot_be_opened_by_the_template():
    from xuncha.fieldwork.notices import qr_png

    qr = Image(qr_png("https://example.org/"), 20)
    data = render_template(make_template("{{ qr }}"), {"qr": qr})
    assert b"word/media/" in data
    assert _refused("{{ qr.tpl }}", {"qr": qr}).code == UNSAFE
    assert _refused("{{ qr.image_descriptor }}", {"qr": qr}).code == UNSAFE


def test_a_file_that_is_not_word_is_refused():
    with pytest.raises(ValidationError) as caught:
        render_template(b"%PDF-1.4 not a docx", {})
    assert caught.value.code == "not_docx"


def test_declared_variables_are_read_from_the_template():
    data = make_template(
        "{{ leader }}同志", "{%p for line in lines %}", "{{ line }}", "{%p endfor %}"
    )
    assert declared_variables(data) == ["leader", "lines"]
