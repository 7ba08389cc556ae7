"""The knowledge base in the API: the same scope and services as the pages."""

import json

import pytest

from tests.authz import fingerprint
from tests.factories import login
from xuncha.knowledge import services
from xuncha.knowledge import services_articles as article_services
from xuncha.knowledge.models import Article, Case, Regulation, Wording

pytestmark = pytest.mark.django_db


def _send(client, method, url, data=None):
    return client.generic(method, url, json.dumps(data or {}), content_type="application/json")


def test_regulations_and_articles(tree, personas, client):
    login(client, personas.office_a)
    response = _send(
        client,
        "POST",
        "/api/knowledge/regulations",
        {"title": "甲市巡察工作办法", "level": "local", "owner_id": tree.city_a.pk},
    )
    assert response.status_code == 201, response.content
    reg_id = response.json()["id"]
    assert response.json()["owner"] == "甲市委" and response.json()["articles"] == []
    response = _send(
        client,
        "POST",
        f"/api/knowledge/regulations/{reg_id}/import",
        {"text": "第一条 甲。\n第二条 乙。"},
    )
    assert response.json() == {"created": 2, "updated": 0, "removed": 0}
    response = _send(
        client,
        "POST",
        f"/api/knowledge/regulations/{reg_id}/articles",
        {"number": "第三条", "text": "丙。"},
    )
    assert response.status_code == 201
    third = response.json()["id"]
    assert (
        _send(
            client,
            "POST",
            f"/api/knowledge/regulations/{reg_id}/articles",
            {"number": "第三条", "text": "重复"},
        ).status_code
        == 422
    )
    ids = [a["id"] for a in client.get(f"/api/knowledge/regulations/{reg_id}").json()["articles"]]
    order = [ids[2], ids[0], ids[1]]
    response = _send(client, "PUT", f"/api/knowledge/regulations/{reg_id}/order", {"ids": order})
    assert [a["id"] for a in response.json()] == order
    assert (
        _send(client, "PATCH", f"/api/knowledge/articles/{third}", {"text": "丙（改）。"}).json()[
            "text"
        ]
        == "丙（改）。"
    )
    assert (
        _send(
            client, "PATCH", f"/api/knowledge/regulations/{reg_id}", {"summary": "实施办法"}
        ).json()["summary"]
        == "实施办法"
    )
    assert client.delete(f"/api/knowledge/articles/{third}?reason=重复").status_code == 204
    assert not Article.objects.filter(pk=third).exists()
    listed = client.get("/api/knowledge/articles", {"q": "乙"}).json()
    assert listed["count"] == 1
    assert client.get("/api/knowledge/regulations", {"q": "巡察"}).json()["count"] == 1


def test_entries(tree, personas, client):
    reg = services.create_regulation(actor=None, owner=tree.province, title="省办法", level="local")
    article = article_services.add_article(reg, actor=None, number="第一条", text="原文")
    other = services.create_regulation(
        actor=None, owner=tree.city_b, title="乙市办法", level="local"
    )
    hidden = article_services.add_article(other, actor=None, number="第一条", text="原文")
    login(client, personas.office_a)
    response = _send(
        client,
        "POST",
        "/api/knowledge/cases",
        {"title": "案例", "summary": "经过", "article_ids": [hidden.pk]},
    )
    assert response.status_code == 422 and not Case.objects.exists()
    response = _send(
        client,
        "POST",
        "/api/knowledge/cases",
        {"title": "案例", "summary": "经过", "article_ids": [article.pk]},
    )
    assert response.status_code == 201 and response.json()["article_ids"] == [article.pk]
    assert response.json()["owner_id"] == tree.city_a.pk  # the first office the user curates
    case_id = response.json()["id"]
    assert (
        _send(
            client,
            "PATCH",
            f"/api/knowledge/cases/{case_id}",
            {"lesson": "教训", "article_ids": []},
        ).json()["article_ids"]
        == []
    )
    assert client.get("/api/knowledge/cases").json()["items"][0]["lesson"] == "教训"

    response = _send(
        client,
        "POST",
        "/api/knowledge/wordings",
        {"focus": "党的建设缺失", "text": "三会一课制度落实不严格", "discipline": "organizational"},
    )
    assert response.status_code == 201
    wid = response.json()["id"]
    assert (
        _send(
            client, "POST", f"/api/knowledge/wordings/{wid}/deactivate", {"reason": "合并"}
        ).json()["is_active"]
        is False
    )
    assert _send(client, "POST", f"/api/knowledge/wordings/{wid}/deactivate").status_code == 422
    assert _send(client, "POST", f"/api/knowledge/wordings/{wid}/reactivate").json()["is_active"]
    assert (
        _send(client, "PATCH", f"/api/knowledge/wordings/{wid}", {"keywords": "三会一课"}).json()[
            "keywords"
        ]
        == "三会一课"
    )
    assert client.get("/api/knowledge/wordings").json()["count"] == 1

    response = _send(
        client,
        "POST",
        "/api/knowledge/model-reports",
        {"title": "范文", "kind": "special_topic", "text": "一、共性问题"},
    )
    assert response.status_code == 201
    rid = response.json()["id"]
    assert (
        _send(client, "PATCH", f"/api/knowledge/model-reports/{rid}", {"kind": "memo"}).status_code
        == 422
    )
    assert client.get(f"/api/knowledge/model-reports/{rid}").json()["kind"] == "special_topic"


def test_refusals_change_nothing(tree, personas, client):
    reg = services.create_regulation(actor=None, owner=tree.city_a, title="甲市办法", level="local")
    wording = services.create_wording(actor=None, owner=tree.city_a, focus="x", text="y")
    login(client, personas.viewer_a)
    before = fingerprint()
    assert (
        _send(
            client, "POST", "/api/knowledge/regulations", {"title": "x", "level": "local"}
        ).status_code
        == 403
    )
    assert (
        _send(
            client,
            "POST",
            "/api/knowledge/regulations",
            {"title": "x", "level": "local", "owner_id": tree.city_a.pk},
        ).status_code
        == 403
    )
    assert (
        _send(client, "PATCH", f"/api/knowledge/regulations/{reg.pk}", {"title": "改"}).status_code
        == 403
    )
    assert (
        _send(client, "POST", f"/api/knowledge/wordings/{wording.pk}/deactivate").status_code == 403
    )
    assert fingerprint() == before
    login(client, personas.outsider)
    assert client.get(f"/api/knowledge/regulations/{reg.pk}").status_code == 404
    assert (
        _send(client, "PATCH", f"/api/knowledge/wordings/{wording.pk}", {"text": "改"}).status_code
        == 404
    )
    assert Regulation.objects.get(pk=reg.pk).title == "甲市办法"
    assert Wording.objects.get(pk=wording.pk).text == "y"
    login(client, personas.norole)
    assert client.get("/api/knowledge/regulations").status_code == 403
