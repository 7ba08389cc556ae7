"""The search page: the query is folded like the entries (traditional characters, full-width
forms, case, spaces), every term must occur, results come grouped by kind with the passage
excerpted and the terms marked, within the reader's scope only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xuncha.knowledge import search, services
from xuncha.knowledge import services_articles as article_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(tree):
    reg = services.create_regulation(
        actor=None,
        owner=tree.city_a,
        title="甲市巡察工作实施办法",
        level="local",
        issuer="中共甲市委",
    )
    article_services.add_article(
        reg, actor=None, number="第十条", text="巡察组发现的问题线索，移交纪检监察机关处理。"
    )
    article_services.add_article(
        reg, actor=None, number="第十一条", text="被巡察党组织应当在2个月内报送整改情况报告。"
    )
    services.create_wording(
        actor=None,
        owner=tree.city_a,
        focus="聚焦群众身边腐败问题和不正之风",
        text="违规发放津补贴，以各种名义变相发放福利",
        discipline="integrity",
    )
    services.create_case(
        actor=None,
        owner=tree.city_a,
        title="某镇违规发放津补贴问题",
        summary="以加班补助名义发放补贴<b>38万元</b>。",
        focus="聚焦群众身边腐败问题和不正之风",
        discipline="integrity",
    )
    services.create_case(
        actor=None,
        owner=tree.city_b,
        title="乙市违规发放津补贴问题",
        summary="乙市的案例。",
        focus="聚焦群众身边腐败问题和不正之风",
        discipline="integrity",
    )
    services.create_model_report(
        actor=None,
        owner=tree.city_a,
        title="巡察报告范文",
        kind="inspection",
        text="一、基本情况和总体评价\nABC Unit 整改",
    )
    return reg


def _counts(user, query, **kw):
    _terms, groups = search.search(user, query, **kw)
    return {g.kind.key: g.count for g in groups}


def test_traditional_full_width_spaces_and_terms(entries, personas):
    office = personas.office_a
    assert _counts(office, "線索")["article"] == 1  # traditional finds simplified
    assert _counts(office, "違規發放")["wording"] == 1
    assert _counts(office, "违规发放")["case"] == 1  # city B's case is not in city A's scope
    assert _counts(office, "ａｂｃ　ｕｎｉｔ")["model_report"] == 1  # full-width, ideographic space
    assert _counts(office, "  整改   报告 ")["article"] == 1  # two terms, both must occur
    assert _counts(office, "整改 线索")["article"] == 0
    # The regulation's title is part of each article's index.
    assert _counts(office, "实施办法 移交")["article"] == 1
    assert _counts(personas.outsider, "违规发放")["case"] == 1
    assert _counts(personas.outsider, "线索")["article"] == 0


def test_excerpt_marks_terms_and_escapes(entries, personas):
    _terms, groups = search.search(personas.office_a, "補貼")
    case = next(g for g in groups if g.kind.key == "case").hits[0]
    assert "<mark>补贴</mark>" in case.excerpt
    assert "&lt;b&gt;38万元&lt;/b&gt;" in case.excerpt and "<b>" not in case.excerpt
    assert case.title == "某镇违规发放津<mark>补贴</mark>问题"
    long = "前文" * 80 + "关键词" + "后文" * 80
    text = search.excerpt(long, ["关键词"])
    assert text.startswith("…") and text.endswith("…") and "<mark>关键词</mark>" in text
    assert search.highlight("ＡＢＣ线索", ["abc"]) == "<mark>ＡＢＣ</mark>线索"


def test_filters_leave_out_kinds_without_them(entries, personas):
    counts = _counts(personas.office_a, "", discipline="integrity")
    assert counts == {"case": 1, "wording": 1}
    counts = _counts(personas.office_a, "", focus="聚焦群众身边腐败问题和不正之风")
    assert counts == {"case": 1, "wording": 1}


def test_page_groups_and_paginates(entries, personas, as_user, tree):
    client = as_user(personas.office_a)
    page = client.get("/knowledge/", {"q": "違規"}).content.decode()
    assert "某镇违规发放津<mark>补贴</mark>问题" not in page  # the term is 违规
    assert "某镇<mark>违规</mark>发放津补贴问题" in page
    assert "乙市违规发放津补贴问题" not in page
    for i in range(25):
        article_services.add_article(
            entries, actor=None, number=f"第{i + 20}条", text=f"巡察纪律第{i}项。"
        )
    response = client.get("/knowledge/", {"q": "巡察纪律", "kind": "article"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 25
    assert len(response.context["hits"]) == 20
    second = client.get("/knowledge/", {"q": "巡察纪律", "kind": "article", "page": 2})
    assert len(second.context["hits"]) == 5


def test_query_count_does_not_grow_with_results(entries, personas, as_user):
    client = as_user(personas.office_a)
    client.get("/knowledge/", {"q": "巡察"})
    with CaptureQueriesContext(connection) as few:
        client.get("/knowledge/", {"q": "巡察"})
    for i in range(10):
        article_services.add_article(entries, actor=None, number=f"第{i + 40}条", text="巡察要求")
    with CaptureQueriesContext(connection) as many:
        client.get("/knowledge/", {"q": "巡察"})
    assert len(many) == len(few)


def test_api_search(entries, personas, client):
    from tests.factories import login

    login(client, personas.office_a)
    body = client.get("/api/knowledge/search", {"q": "線索"}).json()
    assert body["terms"] == ["线索"]
    article = next(g for g in body["groups"] if g["kind"] == "article")
    assert (
        article["count"] == 1 and article["results"][0]["title"] == "《甲市巡察工作实施办法》第十条"
    )
    assert client.get("/api/knowledge/search", {"kind": "nope"}).status_code == 422
