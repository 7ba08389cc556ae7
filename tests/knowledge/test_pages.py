"""The pages as the office and the teams use them: curating entries (Post/Redirect/Get, forms
shown again with what was typed), refusals that change nothing, and the findings citing an
article listed only where the reader may see them."""

from types import SimpleNamespace

import pytest

from tests.authz import fingerprint
from tests.factories import make_people, make_plans
from tests.matrix.duties import staff_rounds
from xuncha.knowledge import services
from xuncha.knowledge import services_articles as article_services
from xuncha.knowledge.models import Article, Case, ModelReport, Regulation, Wording

pytestmark = pytest.mark.django_db


def test_regulation_and_articles_through_the_pages(tree, personas, as_user):
    client = as_user(personas.office_a)
    assert client.get("/knowledge/regulations/new/").status_code == 200
    # Bad input: shown again with what was typed.
    response = client.post(
        "/knowledge/regulations/new/",
        {"owner": tree.city_a.pk, "title": "", "level": "local", "issuer": "中共甲市委"},
    )
    assert response.status_code == 200 and "中共甲市委" in response.content.decode()
    assert not Regulation.objects.exists()
    response = client.post(
        "/knowledge/regulations/new/",
        {
            "owner": tree.city_a.pk,
            "title": "甲市巡察工作办法",
            "level": "local",
            "issuer": "中共甲市委",
        },
    )
    reg = Regulation.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/knowledge/regulations/{reg.pk}/"
    )
    response = client.post(
        f"/knowledge/regulations/{reg.pk}/import/", {"text": "第一条 总则。\n第二条 细则。"}
    )
    assert response.status_code == 302
    assert list(reg.articles.values_list("number", flat=True)) == ["第一条", "第二条"]
    response = client.post(f"/knowledge/regulations/{reg.pk}/import/", {"text": "没有条文"})
    assert response.status_code == 200 and "没有条文" in response.content.decode()
    response = client.post(
        f"/knowledge/regulations/{reg.pk}/articles/new/", {"number": "第三条", "text": "附则。"}
    )
    assert response.status_code == 302
    response = client.post(
        f"/knowledge/regulations/{reg.pk}/articles/new/", {"number": "第三条", "text": "重复的条文"}
    )
    assert response.status_code == 200 and "重复的条文" in response.content.decode()
    third = reg.articles.get(number="第三条")
    client.post(f"/knowledge/articles/{third.pk}/move/", {"direction": "up"})
    assert list(reg.articles.order_by("order").values_list("number", flat=True)) == [
        "第一条",
        "第三条",
        "第二条",
    ]
    client.post(f"/knowledge/articles/{third.pk}/edit/", {"number": "第三条", "text": "改后"})
    assert Article.objects.get(pk=third.pk).text == "改后"
    client.post(f"/knowledge/articles/{third.pk}/remove/", {"reason": "并入第二条"})
    assert not Article.objects.filter(pk=third.pk).exists()
    page = client.get(f"/knowledge/regulations/{reg.pk}/").content.decode()
    assert "第一条" in page and "细则。" in page
    response = client.post(
        f"/knowledge/regulations/{reg.pk}/edit/",
        {"owner": tree.county_a1.pk, "title": "甲市巡察工作办法（修订）", "level": "local"},
    )
    assert response.status_code == 302
    assert Regulation.objects.get(pk=reg.pk).owner == tree.county_a1


def test_viewer_is_refused_and_nothing_changes(tree, personas, as_user):
    reg = services.create_regulation(actor=None, owner=tree.city_a, title="甲市办法", level="local")
    article = article_services.add_article(reg, actor=None, number="第一条", text="原文")
    wording = services.create_wording(
        actor=None, owner=tree.city_a, focus="党的建设缺失", text="党费收缴不规范"
    )
    client = as_user(personas.viewer_a)
    page = client.get(f"/knowledge/regulations/{reg.pk}/").content.decode()
    assert "原文" in page and f"/knowledge/regulations/{reg.pk}/edit/" not in page
    before = fingerprint()
    for url, data in [
        ("/knowledge/regulations/new/", {"owner": tree.city_a.pk, "title": "x", "level": "local"}),
        (
            f"/knowledge/regulations/{reg.pk}/edit/",
            {"owner": tree.city_a.pk, "title": "x", "level": "local"},
        ),
        (f"/knowledge/regulations/{reg.pk}/import/", {"text": "第二条 x"}),
        (f"/knowledge/regulations/{reg.pk}/articles/new/", {"number": "第二条", "text": "x"}),
        (f"/knowledge/articles/{article.pk}/edit/", {"number": "第一条", "text": "x"}),
        (f"/knowledge/articles/{article.pk}/remove/", {"reason": "x"}),
        (f"/knowledge/articles/{article.pk}/move/", {"direction": "down"}),
        (f"/knowledge/wordings/{wording.pk}/deactivate/", {"reason": "x"}),
        ("/knowledge/cases/new/", {"owner": tree.city_a.pk, "title": "x", "summary": "y"}),
        (
            "/knowledge/model-reports/new/",
            {"owner": tree.city_a.pk, "title": "x", "kind": "inspection", "text": "y"},
        ),
    ]:
        assert client.post(url, data).status_code == 403, url
        assert client.get(url).status_code in (403, 405), url
    assert fingerprint() == before


def test_cases_wording_and_model_reports(tree, personas, as_user):
    reg = services.create_regulation(actor=None, owner=tree.province, title="省办法", level="local")
    article = article_services.add_article(reg, actor=None, number="第一条", text="原文")
    client = as_user(personas.office_a)
    response = client.post(
        "/knowledge/cases/new/",
        {
            "owner": tree.city_a.pk,
            "title": "某局案例",
            "summary": "经过",
            "focus": "党的建设缺失",
            "discipline": "organizational",
            "articles": [article.pk],
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and list(case.articles.all()) == [article]
    page = client.get(f"/knowledge/cases/{case.pk}/").content.decode()
    assert "《省办法》第一条" in page
    form = client.get(f"/knowledge/cases/{case.pk}/edit/").content.decode()
    assert f'name="articles" value="{article.pk}" checked' in form
    client.post(
        f"/knowledge/cases/{case.pk}/edit/",
        {"owner": tree.city_a.pk, "title": "某局案例", "summary": "经过（补充）"},
    )
    case.refresh_from_db()
    assert case.summary == "经过（补充）" and not case.articles.exists()

    response = client.post(
        "/knowledge/wordings/new/",
        {
            "owner": tree.city_a.pk,
            "focus": "党的建设缺失",
            "text": "发展党员程序不规范",
            "discipline": "organizational",
            "work_style": "",
        },
    )
    wording = Wording.objects.get()
    assert response.status_code == 302
    client.post(
        f"/knowledge/wordings/{wording.pk}/edit/",
        {
            "owner": tree.city_a.pk,
            "focus": "党的建设缺失",
            "text": "发展党员程序不规范、材料缺失",
            "basis": "《中国共产党发展党员工作细则》",
        },
    )
    wording.refresh_from_db()
    assert wording.basis == "《中国共产党发展党员工作细则》"
    client.post(f"/knowledge/wordings/{wording.pk}/deactivate/", {"reason": "合并"})
    assert not Wording.objects.get(pk=wording.pk).is_active
    assert "发展党员程序不规范" not in client.get("/knowledge/wordings/").content.decode()
    assert (
        "发展党员程序不规范" in client.get("/knowledge/wordings/", {"active": "0"}).content.decode()
    )
    client.post(f"/knowledge/wordings/{wording.pk}/reactivate/", {"reason": ""})
    assert Wording.objects.get(pk=wording.pk).is_active

    response = client.post(
        "/knowledge/model-reports/new/",
        {"owner": tree.city_a.pk, "title": "范文", "kind": "nope", "text": "正文"},
    )
    assert response.status_code == 200 and not ModelReport.objects.exists()
    client.post(
        "/knowledge/model-reports/new/",
        {"owner": tree.city_a.pk, "title": "范文", "kind": "inspection", "text": "一、基本情况"},
    )
    report = ModelReport.objects.get()
    client.post(
        f"/knowledge/model-reports/{report.pk}/edit/",
        {
            "owner": tree.city_a.pk,
            "title": "范文（修订）",
            "kind": "inspection",
            "text": "一、基本情况",
        },
    )
    assert "范文（修订）" in client.get(f"/knowledge/model-reports/{report.pk}/").content.decode()
    for url in ("/knowledge/cases/", "/knowledge/model-reports/", "/knowledge/"):
        assert client.get(url).status_code == 200


def test_owner_outside_reach_is_refused(tree, personas, as_user):
    client = as_user(personas.office_a)
    response = client.post(
        "/knowledge/wordings/new/", {"owner": tree.city_b.pk, "focus": "党的建设缺失", "text": "x"}
    )
    assert response.status_code == 200 and not Wording.objects.exists()


def _finding(inspection, drafter, article, number, title):
    from xuncha.findings.models import Finding

    finding = Finding.objects.create(
        inspection=inspection, number=number, title=title, drafter=drafter
    )
    finding.regulations.add(article)
    return finding


def test_citing_findings_are_scoped(tree, personas, as_user):
    ns = SimpleNamespace(tree=tree, personas=personas)
    ns.people = make_people(tree)
    ns.plans = make_plans(tree, ns.people)
    staff_rounds(ns)
    reg = services.create_regulation(
        actor=None, owner=tree.province, title="省巡察办法", level="local"
    )
    article = article_services.add_article(reg, actor=None, number="第一条", text="原文")
    mine = _finding(ns.plans.inspection_a1, personas.office_a, article, 1, "甲一县的问题底稿")
    _finding(ns.plans.inspection_b, personas.outsider, article, 1, "乙一县的问题底稿")
    for url in (f"/knowledge/articles/{article.pk}/", f"/knowledge/regulations/{reg.pk}/"):
        page = as_user(personas.office_a).get(url).content.decode()
        assert "甲一县的问题底稿" in page and "乙一县的问题底稿" not in page
        assert f"/findings/{mine.pk}/" in page
        page = as_user(personas.outsider).get(url).content.decode()
        assert "乙一县的问题底稿" in page and "甲一县的问题底稿" not in page
        # Team A's member sees team A's paper, never team B's.
        page = as_user(personas.member_a1).get(url).content.decode()
        assert "甲一县的问题底稿" in page and "乙一县的问题底稿" not in page
        # The leading group reads knowledge and the jurisdiction's material... of city A only.
        page = as_user(personas.viewer_a).get(url).content.decode()
        assert "乙一县的问题底稿" not in page
