"""Writes of the knowledge base: the office curates, everyone else is refused with nothing
changed; every change is a KNOWLEDGE_CHANGED event; articles keep their numbers unique and their
citations."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.authz import fingerprint
from xuncha.audit.models import AuditEvent, EventType
from xuncha.knowledge import services
from xuncha.knowledge import services_articles as article_services
from xuncha.knowledge.models import Article, Regulation, Wording

pytestmark = pytest.mark.django_db


def _events():
    return AuditEvent.objects.filter(event_type=EventType.KNOWLEDGE_CHANGED).order_by("seq")


def test_create_and_update_are_audited(tree, personas):
    office = personas.office_a
    reg = services.create_regulation(
        actor=office,
        owner=tree.city_a,
        title="甲市巡察工作规定",
        level="local",
        issuer="中共甲市委",
    )
    event = _events().get(object_id=str(reg.pk))
    assert event.actor == office and event.actor_role == "office_staff"
    assert event.unit == tree.city_a and event.changes["title"] == [None, "甲市巡察工作规定"]
    assert reg.search_text == "甲市巡察工作规定 中共甲市委" and reg.updated_by == office

    services.update_regulation(reg, actor=office, summary="本市巡察工作的实施规定")
    assert _events().filter(object_id=str(reg.pk)).count() == 2
    last = _events().last()
    assert last.changes == {"summary": ["", "本市巡察工作的实施规定"]}
    # Nothing changed: no event.
    services.update_regulation(reg, actor=office, summary="本市巡察工作的实施规定")
    assert _events().filter(object_id=str(reg.pk)).count() == 2


@pytest.mark.parametrize("who", ["viewer_a", "outsider", "upper", "norole", "liaison_a1"])
def test_without_edit_rights_nothing_changes(tree, personas, who):
    reg = services.create_regulation(actor=None, owner=tree.city_a, title="甲市办法", level="local")
    article = article_services.add_article(reg, actor=None, number="第一条", text="原文")
    wording = services.create_wording(
        actor=None, owner=tree.city_a, focus="党的建设缺失", text="三会一课制度落实不严格"
    )
    actor = getattr(personas, who)
    before = fingerprint()
    attempts = [
        lambda: services.create_regulation(
            actor=actor, owner=tree.city_a, title="x", level="local"
        ),
        lambda: services.update_regulation(reg, actor=actor, title="改名"),
        lambda: article_services.add_article(reg, actor=actor, number="第二条", text="新增"),
        lambda: article_services.update_article(article, actor=actor, text="改写"),
        lambda: article_services.remove_article(article, actor=actor),
        lambda: article_services.import_articles(reg, "第二条 新增", actor=actor),
        lambda: services.set_wording_active(wording, actor=actor, active=False),
        lambda: services.create_case(actor=actor, owner=tree.city_a, title="案例", summary="经过"),
        lambda: services.create_model_report(
            actor=actor, owner=tree.city_a, title="范文", kind="inspection", text="正文"
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert fingerprint() == before


def test_an_office_keeps_its_own_and_its_counties_not_the_province(tree, personas):
    province = services.create_regulation(
        actor=None, owner=tree.province, title="省规定", level="local"
    )
    with pytest.raises(PermissionDenied):
        services.update_regulation(province, actor=personas.office_a, title="改")
    county = services.create_wording(
        actor=personas.office_a,
        owner=tree.county_a1,
        focus="党的建设缺失",
        text="发展党员程序不规范",
    )
    # Moving an entry needs the right over both owners.
    with pytest.raises(PermissionDenied):
        services.update_wording(county, actor=personas.office_a, owner=tree.city_b)
    services.update_wording(county, actor=personas.office_a, owner=tree.city_a)
    assert Wording.objects.get(pk=county.pk).owner == tree.city_a


def test_validation_leaves_nothing(tree, personas):
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.create_wording(
            actor=personas.office_a, owner=tree.city_a, focus="x", text="y", discipline="unknown"
        )
    assert "discipline" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.create_model_report(
            actor=personas.office_a, owner=tree.city_a, title="t", kind="memo", text="正文"
        )
    with pytest.raises(ValidationError):
        services.create_regulation(
            actor=personas.office_a, owner=tree.city_a, title="  ", level="local"
        )
    from datetime import date

    with pytest.raises(ValidationError):
        services.create_regulation(
            actor=personas.office_a,
            owner=tree.city_a,
            title="t",
            level="local",
            effective_on=date(2020, 1, 1),
            repealed_on=date(2019, 1, 1),
        )
    assert fingerprint() == before


def test_articles_numbers_order_and_removal(tree, personas):
    office = personas.office_a
    reg = services.create_regulation(
        actor=office, owner=tree.city_a, title="甲市办法", level="local"
    )
    one = article_services.add_article(reg, actor=office, number="第一条", text="一")
    two = article_services.add_article(reg, actor=office, number="第 二 条", text="二")
    assert (one.order, two.order, two.number) == (1, 2, "第二条")
    assert "甲市办法" in two.search_text
    with pytest.raises(ValidationError):
        article_services.add_article(reg, actor=office, number="第一条", text="重复")
    with pytest.raises(ValidationError):
        article_services.update_article(two, actor=office, number="第一条")
    article_services.move_article(two, actor=office, up=True)
    assert list(
        Article.objects.filter(regulation=reg).order_by("order").values_list("number", flat=True)
    ) == ["第二条", "第一条"]
    with pytest.raises(ValidationError):
        article_services.reorder_articles(reg, [one.pk], actor=office)
    article_services.reorder_articles(reg, [one.pk, two.pk], actor=office)
    # A new title reaches the articles' index.
    services.update_regulation(reg, actor=office, title="甲市巡察办法")
    assert "甲市巡察办法" in Article.objects.get(pk=one.pk).search_text
    article_services.remove_article(two, actor=office, reason="重复条款")
    assert list(Article.objects.filter(regulation=reg).values_list("number", flat=True)) == [
        "第一条"
    ]
    assert (
        _events().filter(object_type="knowledge.article", object_id=str(two.pk)).last().reason
        == "重复条款"
    )


def _finding(inspection, drafter, article, number=1, title="违规发放津补贴"):
    from xuncha.findings.models import Finding

    finding = Finding.objects.create(
        inspection=inspection, number=number, title=title, drafter=drafter
    )
    finding.regulations.add(article)
    return finding


def test_cited_articles_stay(tree, personas):
    from tests.factories import make_people, make_plans

    plans = make_plans(tree, make_people(tree))
    office = personas.office_a
    reg = services.create_regulation(
        actor=office, owner=tree.city_a, title="甲市办法", level="local"
    )
    cited = article_services.add_article(reg, actor=office, number="第一条", text="旧文")
    spare = article_services.add_article(reg, actor=office, number="第九条", text="多余")
    _finding(plans.inspection_a1, office, cited)
    before = fingerprint()
    with pytest.raises(ValidationError):
        article_services.remove_article(cited, actor=office)
    with pytest.raises(ValidationError):  # replacing would drop the cited article
        article_services.import_articles(reg, "第二条 新的第二条", actor=office, replace=True)
    assert fingerprint() == before
    counts = article_services.import_articles(
        reg, "甲市办法\n第一章 总则\n第一条 新文\n第二条 新增", actor=office, replace=True
    )
    assert counts == {"created": 1, "updated": 1, "removed": 1}
    kept = Article.objects.get(pk=cited.pk)  # the same row: the finding still cites it
    assert kept.text == "新文" and kept.findings.count() == 1
    assert not Article.objects.filter(pk=spare.pk).exists()
    assert list(
        Article.objects.filter(regulation=reg).order_by("order").values_list("number", flat=True)
    ) == ["第一条", "第二条"]


def test_import_appends_and_refuses_clashes(tree, personas):
    office = personas.office_a
    reg = services.create_regulation(actor=office, owner=tree.city_a, title="办法", level="local")
    assert article_services.import_articles(reg, "第一条 甲\n第二条 乙", actor=office) == {
        "created": 2,
        "updated": 0,
        "removed": 0,
    }
    with pytest.raises(ValidationError):
        article_services.import_articles(reg, "第二条 乙\n第三条 丙", actor=office)
    with pytest.raises(ValidationError):
        article_services.import_articles(reg, "没有条文的文字", actor=office)
    with pytest.raises(ValidationError):
        article_services.import_articles(reg, "第五条 甲\n第五条 乙", actor=office)
    article_services.import_articles(reg, "第三条 丙", actor=office)
    assert list(
        Article.objects.filter(regulation=reg).order_by("order").values_list("order", flat=True)
    ) == [1, 2, 3]


def test_wording_deactivate_and_reactivate(tree, personas):
    office = personas.office_a
    wording = services.create_wording(
        actor=office, owner=tree.city_a, focus="党的建设缺失", text="党费收缴不规范"
    )
    services.set_wording_active(wording, actor=office, active=False, reason="表述过时")
    assert not Wording.objects.get(pk=wording.pk).is_active
    with pytest.raises(ValidationError):
        services.set_wording_active(wording, actor=office, active=False)
    services.set_wording_active(wording, actor=office, active=True)
    events = _events().filter(object_id=str(wording.pk), object_type="knowledge.wording")
    assert [e.changes for e in events][1:] == [
        {"is_active": [True, False]},
        {"is_active": [False, True]},
    ]


def test_case_links_only_articles_the_editor_reads(tree, personas):
    mine = services.create_regulation(
        actor=None, owner=tree.province, title="省规定", level="local"
    )
    mine_article = article_services.add_article(mine, actor=None, number="第一条", text="文")
    other = services.create_regulation(
        actor=None, owner=tree.city_b, title="乙市规定", level="local"
    )
    hidden = article_services.add_article(other, actor=None, number="第一条", text="文")
    with pytest.raises(ValidationError):
        services.create_case(
            actor=personas.office_a,
            owner=tree.city_a,
            title="案例",
            summary="经过",
            articles=[hidden],
        )
    case = services.create_case(
        actor=personas.office_a,
        owner=tree.city_a,
        title="案例",
        summary="经过",
        articles=[mine_article],
    )
    assert list(case.articles.all()) == [mine_article]
    services.update_case(case, actor=personas.office_a, articles=[])
    assert not case.articles.exists()
    assert _events().filter(object_id=str(case.pk)).last().changes == {
        "articles": [[mine_article.pk], []]
    }
    assert Regulation.objects.count() == 2
