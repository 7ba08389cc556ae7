"""/api/materials: the same rules as the pages."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.copycheck.helpers import COPIED, SECRET_OTHER, docx_bytes, state, stationed, up
from xuncha.copycheck.models import CopyMatch, UnitMaterial

API = "/api/materials"


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_list_and_detail(cc, as_user, pair):
    ours, _theirs, match = pair
    client = as_user(cc.member)
    listed = client.get(f"{API}/inspections/{cc.inspection.pk}").json()
    assert listed["count"] == 1
    (item,) = listed["items"]
    assert item["title"] == "农业农村局整改方案" and item["match_count"] == 1
    assert item["best_score"] == match.score
    detail = client.get(f"{API}/{ours.pk}").json()
    assert detail["text"] == ours.text and detail["characters"] == len(ours.normalized)


def test_upload_json_and_multipart(cc, as_user):
    client = as_user(cc.personas.office_a)
    created = _post(
        client,
        f"{API}/inspections/{cc.inspection.pk}",
        {
            "kind": "self_criticism",
            "title": "张三对照检查",
            "author": "张三",
            "text": COPIED,
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["unit_id"] == cc.tree.dept_a1.pk
    uploaded = client.post(
        f"{API}/inspections/{cc.inspection.pk}",
        {
            "kind": "self_criticism",
            "title": "李四对照检查",
            "author": "李四",
            "unit_id": cc.station.pk,
            "file": SimpleUploadedFile("李四.docx", docx_bytes(COPIED)),
        },
    )
    assert uploaded.status_code == 201, uploaded.content
    body = uploaded.json()
    assert body["file_name"] == "李四.docx" and body["match_count"] == 1
    assert body["best_score"] >= 0.9


def test_refused_uploads(cc, as_user):
    url = f"{API}/inspections/{cc.inspection.pk}"
    office = as_user(cc.personas.office_a)
    before = state()
    bad = [
        {"kind": "self_criticism", "title": "无人", "text": COPIED},  # whose?
        {
            "kind": "self_criticism",
            "title": "外单位",
            "author": "张三",
            "text": COPIED,
            "unit_id": cc.finance.pk,
        },
        {"title": "缺类别", "text": COPIED},
        {"kind": "other", "title": "空", "text": ""},
    ]
    for data in bad:
        response = _post(office, url, data)
        assert response.status_code == 422, (data, response.content)
    assert office.post(url, "not json", content_type="application/json").status_code == 422
    assert state() == before
    viewer = as_user(cc.personas.viewer_a)
    before = state()
    response = _post(viewer, url, {"kind": "other", "title": "t", "text": COPIED})
    assert response.status_code == 403
    assert state() == before
    member = as_user(cc.member)
    before = state()
    b_url = f"{API}/inspections/{cc.plans.inspection_b.pk}"
    assert _post(member, b_url, {"kind": "other", "title": "t", "text": COPIED}).status_code == 404
    assert state() == before


def test_matches_and_the_hidden_other_side(cc, as_user, pair):
    ours, _theirs, match = pair
    client = as_user(cc.member)
    (row,) = client.get(f"{API}/{ours.pk}/matches").json()
    assert row["this"]["material_id"] == ours.pk
    assert row["other"] == {
        "visible": False,
        "material_id": None,
        "title": "",
        "unit": "",
        "author": "",
        "round": cc.plans.round_a1.name,
        "kind": "rectification_plan",
    }
    detail = client.get(f"{API}/matches/{match.pk}").json()
    assert detail["other_text"] is None and SECRET_OTHER not in json.dumps(detail)
    assert all(p["other"] is None for p in detail["passages"])
    start, end = detail["passages"][0]["this"]
    assert ours.text[start:end].startswith("一是理论学习")
    office = as_user(cc.personas.office_a)
    full = office.get(f"{API}/matches/{match.pk}").json()
    assert SECRET_OTHER in full["other_text"] and full["passages"][0]["other"]
    # A team A member never reaches a match of team 2's two materials.
    a = up(cc.inspection2, author="甲", text=COPIED)
    b = up(cc.inspection2, author="乙", text=COPIED)
    hidden = CopyMatch.objects.get(material__in=[a, b], other__in=[a, b])
    client = as_user(cc.member)
    assert client.get(f"{API}/matches/{hidden.pk}").status_code == 404
    assert client.get(f"{API}/{a.pk}").status_code == 404


def test_recheck_and_delete(cc, as_user, pair):
    ours, _theirs, _match = pair
    member = as_user(cc.member)
    assert member.post(f"{API}/inspections/{cc.inspection.pk}/recheck").json() == {
        "materials": 1,
        "matches": 1,
    }
    viewer = as_user(cc.personas.viewer_a)
    before = state()
    assert viewer.delete(f"{API}/{ours.pk}").status_code == 403
    assert viewer.post(f"{API}/inspections/{cc.inspection.pk}/recheck").status_code == 403
    assert state() == before
    member = as_user(cc.member)
    assert member.delete(f"{API}/{ours.pk}?reason=重复").status_code == 204
    assert not UnitMaterial.objects.filter(pk=ours.pk).exists()


def test_liaison_through_the_api(cc, as_user, pair):
    client = as_user(cc.personas.liaison_a1)
    url = f"{API}/inspections/{cc.inspection.pk}"
    data = {"kind": "rectification_plan", "title": "单位报送", "text": COPIED}
    assert _post(client, url, data).status_code == 404  # the unit does not know of it yet
    stationed(cc.inspection)
    created = _post(client, url, data)
    assert created.status_code == 201
    assert created.json()["match_count"] == 0 and created.json()["best_score"] == 0
    assert UnitMaterial.objects.get(pk=created.json()["id"]).by_unit
    listed = client.get(f"{API}/liaison").json()
    assert [m["title"] for m in listed["items"]] == ["单位报送"]
    assert "best_score" not in listed["items"][0]
    assert client.get(f"{API}/inspections/{cc.inspection.pk}").status_code == 404
    assert client.get(f"{API}/{created.json()['id']}").status_code == 404
    assert as_user(cc.member).get(f"{API}/liaison").status_code == 403
