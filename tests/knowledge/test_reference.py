"""The reference library: real regulation texts, standard wording across the focus areas,
teaching cases and model reports; loading twice adds nothing and keeps the office's edits."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from xuncha.audit.models import AuditEvent, EventType
from xuncha.knowledge import services
from xuncha.knowledge.models import Article, Case, ModelReport, Regulation, Wording
from xuncha.knowledge.reference import load_reference
from xuncha.knowledge.reference_examples import WORDINGS
from xuncha.plans.reference import REFERENCE_FOCUS_AREAS

pytestmark = pytest.mark.django_db


def test_load_is_idempotent_and_keeps_edits(tree, personas):
    counts = load_reference(tree.city_a, actor=personas.office_a)
    assert counts["regulations"] == 5 and counts["wordings"] >= 30
    assert counts == {
        "regulations": 5,
        "articles": Article.objects.count(),
        "wordings": len(WORDINGS),
        "cases": 4,
        "model_reports": 2,
    }
    events = AuditEvent.objects.filter(event_type=EventType.KNOWLEDGE_CHANGED).count()
    assert events == sum(counts.values())
    wording = Wording.objects.filter(owner=tree.city_a).first()
    services.update_wording(wording, actor=personas.office_a, basis="本市补充的依据")
    again = load_reference(tree.city_a, actor=personas.office_a)
    assert again == {"regulations": 0, "articles": 0, "wordings": 0, "cases": 0, "model_reports": 0}
    assert Wording.objects.get(pk=wording.pk).basis == "本市补充的依据"
    assert Regulation.objects.filter(owner=tree.city_a).count() == 5


def test_content(tree):
    load_reference(tree.city_a)
    inspection = Regulation.objects.get(title="中国共产党巡视工作条例")
    second = inspection.articles.get(number="第二条")
    assert "党的市（地、州、盟）和县（市、区、旗）委员会建立巡察制度" in second.text
    assert "3个月内" in inspection.articles.get(number="第二十九条").text
    eight = Regulation.objects.get(title__contains="八项规定")
    assert eight.articles.count() == 8
    assert "厉行勤俭节约" in eight.articles.get(number="第八项").text
    assert "四种形态" in Article.objects.get(regulation__title="中国共产党党内监督条例").text
    assert "区分开来" in Article.objects.get(regulation__title__contains="激励广大干部").text
    # Wording across the four focus areas of 四个聚焦 and the three big problems.
    focuses = set(Wording.objects.values_list("focus", flat=True))
    expected = set(REFERENCE_FOCUS_AREAS["四个聚焦"]) | set(REFERENCE_FOCUS_AREAS["三大问题"])
    assert focuses == expected
    assert Wording.objects.filter(text__contains="三会一课").exists()
    assert Wording.objects.filter(text__contains="违规发放津补贴").exists()
    # Teaching cases say they are fictional and cite the library's own articles.
    for case in Case.objects.all():
        assert "教学案例" in case.title and "虚构" in case.summary
        assert case.articles.exists()
    assert set(ModelReport.objects.values_list("kind", flat=True)) == {
        "inspection",
        "special_topic",
    }
    report = ModelReport.objects.get(kind="inspection")
    for heading in ("一、基本情况和总体评价", "二、发现的主要问题", "三、意见建议"):
        assert heading in report.text


def test_only_the_office_loads(tree, personas):
    with pytest.raises(PermissionDenied):
        load_reference(tree.city_a, actor=personas.viewer_a)
    with pytest.raises(PermissionDenied):
        load_reference(tree.city_a, actor=personas.outsider)
    assert not Regulation.objects.exists()


def test_command(tree):
    out = StringIO()
    call_command("load_knowledge", "--owner", "A0001", stdout=out)
    assert "5 regulations" in out.getvalue()
    out = StringIO()
    call_command("load_knowledge", "--owner", "A0001", stdout=out)
    assert "0 regulations" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("load_knowledge", "--owner", "NOPE")
