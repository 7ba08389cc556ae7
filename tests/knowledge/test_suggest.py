"""What the finding form asks: standard wording ranked by the round's focus area, the words
shared with the problem typed, then use; and articles to cite, as checkboxes."""

import re

import pytest
from django.db.models import F

from xuncha.knowledge import services
from xuncha.knowledge import services_articles as article_services
from xuncha.knowledge.models import Wording
from xuncha.knowledge.suggest import suggest_wordings
from xuncha.plans.models import FocusArea

pytestmark = pytest.mark.django_db

CORRUPTION = "聚焦群众身边腐败问题和不正之风"
BRANCHES = "聚焦基层党组织软弱涣散、组织力欠缺问题"


def _wording(owner, focus, text, used=0, **kw):
    wording = services.create_wording(actor=None, owner=owner, focus=focus, text=text, **kw)
    Wording.objects.filter(pk=wording.pk).update(times_used=F("times_used") + used)
    return wording


@pytest.fixture
def words(tree):
    return {
        "allowance": _wording(
            tree.city_a,
            CORRUPTION,
            "违规发放津补贴，变相发放福利",
            used=2,
            basis="中央八项规定精神",
            keywords="津贴 补贴",
        ),
        "reception": _wording(tree.city_a, CORRUPTION, "公务接待超标准", used=9),
        "meetings": _wording(tree.city_a, BRANCHES, "“三会一课”制度落实不严格", used=30),
        "branch_allowance": _wording(tree.province, BRANCHES, "党支部违规发放补贴", used=1),
        "other_city": _wording(tree.city_b, CORRUPTION, "违规发放津补贴（乙市）", used=99),
        "retired": _wording(tree.city_a, CORRUPTION, "违规发放奖金", used=50),
    }


def test_ranking(words, tree, personas):
    Wording.objects.filter(pk=words["retired"].pk).update(is_active=False)
    focus = FocusArea.objects.create(jurisdiction=tree.county_a1, group="四个聚焦", text=CORRUPTION)
    user = personas.office_a
    ranked = suggest_wordings(user, "该局违规发放补贴", focus.pk)
    # The focus area's own first (among them by shared words, then use), then the rest that
    # share words; never another city's, never one out of use.
    assert [w.pk for w in ranked] == [
        words["allowance"].pk,
        words["reception"].pk,
        words["branch_allowance"].pk,
    ]
    # Without a focus area, shared words decide, then use.
    ranked = suggest_wordings(user, "该局违规发放补贴", "")
    assert [w.pk for w in ranked][:2] == [words["allowance"].pk, words["branch_allowance"].pk]
    # Nothing typed, no focus: the most used of the user's offices.
    ranked = suggest_wordings(user, "", None)
    assert [w.pk for w in ranked] == [
        words["meetings"].pk,
        words["reception"].pk,
        words["allowance"].pk,
        words["branch_allowance"].pk,
    ]
    # An invalid or foreign focus area is ignored.
    foreign = FocusArea.objects.create(jurisdiction=tree.county_b1, group="四个聚焦", text=BRANCHES)
    assert suggest_wordings(user, "", "abc") == suggest_wordings(user, "", None)
    assert suggest_wordings(user, "", foreign.pk) == suggest_wordings(user, "", None)


def test_at_most_eight(tree, personas):
    for i in range(12):
        _wording(tree.city_a, CORRUPTION, f"违规发放津补贴情形{i}", used=i)
    assert len(suggest_wordings(personas.office_a, "违规发放津补贴", None)) == 8


def test_partial_contract(words, personas, as_user):
    client = as_user(personas.office_a)
    response = client.get(
        "/knowledge/suggest/wording/", {"title": "违规发放补贴", "focus_area": ""}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "<!DOCTYPE" not in body
    w = words["allowance"]
    assert re.search(
        rf'<button type="button" class="wording-use[^"]*" data-wording-id="{w.pk}" '
        r'data-text="违规发放津补贴，变相发放福利" data-basis="中央八项规定精神">',
        body,
    )
    assert "乙市" not in body
    # A phrasing with markup is escaped in the attributes and the text.
    _wording(personas.office_a.unit, CORRUPTION, '违规发放"补贴"<script>', used=100)
    body = client.get("/knowledge/suggest/wording/", {"title": "违规发放补贴"}).content.decode()
    assert "<script>" not in body and "&lt;script&gt;" in body and "&quot;补贴&quot;" in body
    assert as_user(personas.norole).get("/knowledge/suggest/wording/").status_code == 403


def test_article_search_partial(tree, personas, as_user):
    reg = services.create_regulation(
        actor=None, owner=tree.province, title="巡视工作条例", level="party_regulation"
    )
    article = article_services.add_article(
        reg, actor=None, number="第二十九条", text="收到巡视移交的问题或者线索后，3个月内反馈。"
    )
    other = services.create_regulation(
        actor=None, owner=tree.city_b, title="乙市线索办法", level="local"
    )
    article_services.add_article(other, actor=None, number="第一条", text="线索处置。")
    client = as_user(personas.office_a)
    body = client.get("/knowledge/suggest/articles/", {"q": "線索"}).content.decode()
    assert re.search(
        rf'<label><input type="checkbox" name="regulations" value="{article.pk}"> '
        r"《巡视工作条例》第二十九条",
        body,
    )
    assert "<mark>线索</mark>" in body and "乙市" not in body
    body = client.get(
        "/knowledge/suggest/articles/", {"q": "线索", "field": "articles"}
    ).content.decode()
    assert 'name="articles"' in body
    body = client.get(
        "/knowledge/suggest/articles/", {"q": "线索", "field": 'x"y'}
    ).content.decode()
    assert 'name="regulations"' in body
    assert "checkbox" not in client.get("/knowledge/suggest/articles/").content.decode()


def test_api_suggest(words, personas, client):
    from tests.factories import login

    login(client, personas.office_a)
    body = client.get("/api/knowledge/wordings/suggest", {"title": "违规发放补贴"}).json()
    assert body[0]["id"] == words["allowance"].pk
    assert all("乙市" not in w["text"] for w in body)
