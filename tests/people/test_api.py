"""/api/people: the same scope as the pages."""

import pytest

pytestmark = pytest.mark.django_db


def _names(response) -> set[str]:
    return {item.get("full_name") or item.get("name") for item in response.json()["items"]}


def test_anonymous_gets_401(client, people):
    assert client.get("/api/people/cadres").status_code == 401


def test_cadres_in_scope_only(as_user, personas, people):
    response = as_user(personas.viewer_a).get("/api/people/cadres")
    assert response.status_code == 200
    assert _names(response) == {"张建国", "李秀英", "王志强"}
    response = as_user(personas.outsider).get("/api/people/cadres")
    assert _names(response) == {"赵外人"}


def test_cadre_filters(as_user, personas, people):
    client = as_user(personas.office_a)
    assert _names(client.get("/api/people/cadres", {"specialty": "finance"})) == {"李秀英"}
    assert _names(client.get("/api/people/cadres", {"pool_id": people.leaders_a1.pk})) == {"张建国"}
    assert _names(client.get("/api/people/cadres", {"pool_id": people.pool_b.pk})) == set()


def test_cadre_detail_and_404(as_user, personas, people):
    client = as_user(personas.office_a)
    data = client.get(f"/api/people/cadres/{people.in_a1.pk}").json()
    assert data["full_name"] == "张建国"
    assert data["memberships"][0]["pool_id"] == people.leaders_a1.pk
    assert client.get(f"/api/people/cadres/{people.in_b.pk}").status_code == 404
    assert client.get("/api/people/cadres/999999").status_code == 404


def test_pools_and_members(as_user, personas, people):
    client = as_user(personas.viewer_a)
    pools = client.get("/api/people/pools").json()["items"]
    assert {p["name"] for p in pools} == {"甲一县组长库", "甲一县工作人员库"}
    assert {p["members"] for p in pools} == {1}
    assert client.get(f"/api/people/pools/{people.leaders_a1.pk}").json()["members"] == 1
    assert client.get(f"/api/people/pools/{people.pool_b.pk}").status_code == 404
    members = client.get(f"/api/people/pools/{people.leaders_a1.pk}/members")
    assert _names(members) == {"张建国"}
    assert client.get(f"/api/people/pools/{people.pool_b.pk}/members").status_code == 404


def test_teams(as_user, personas, people):
    client = as_user(personas.outsider)
    teams = client.get("/api/people/teams").json()["items"]
    assert [t["name"] for t in teams] == ["乙一县委第一巡察组"]
    assert client.get(f"/api/people/teams/{people.team_a1.pk}").status_code == 404
    assert client.get(f"/api/people/teams/{people.team_b.pk}").json()["number"] == 1
