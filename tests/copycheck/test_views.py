"""The pages: an inspection's materials, upload, a material, a match side by side, the
liaison's page; who sees what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.copycheck.helpers import (
    COPIED,
    SECRET_OTHER,
    docx_bytes,
    pair_of,
    prose,
    state,
    stationed,
    up,
)
from xuncha.copycheck.models import CopyMatch, MaterialKind, UnitMaterial


def test_home_lists_by_kind_with_the_highest_score_flagged(cc, as_user, pair):
    up(
        cc.inspection,
        kind=MaterialKind.SELF_CRITICISM,
        author="王五",
        title="王五对照检查",
        text=prose(5),
    )
    client = as_user(cc.member)
    page = client.get(reverse("copycheck:home", kwargs={"pk": cc.inspection.pk}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "农业农村局整改方案" in body and "王五对照检查" in body
    assert "财政局整改方案" not in body  # another team's material is not listed here
    assert f'<span class="badge off">{pair[2].score * 100:.1f}%</span>' in body
    assert 'name="file"' in body  # the team uploads here
    filtered = client.get(
        reverse("copycheck:home", kwargs={"pk": cc.inspection.pk}), {"kind": "self_criticism"}
    ).content.decode()
    assert "王五对照检查" in filtered and "农业农村局整改方案" not in filtered


def test_readers_without_write_see_no_upload_form(cc, as_user, pair):
    body = (
        as_user(cc.personas.viewer_a)
        .get(reverse("copycheck:home", kwargs={"pk": cc.inspection.pk}))
        .content.decode()
    )
    assert "农业农村局整改方案" in body and 'name="file"' not in body


def test_list_query_count_does_not_grow_with_the_page(cc, as_user):
    client = as_user(cc.personas.office_a)
    url = reverse("copycheck:home", kwargs={"pk": cc.inspection.pk})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    for n in range(3):
        up(cc.inspection, author=f"干部{n}", text=COPIED + prose(n, 50))
    client.get(url)  # the session is saved on the first request
    few = count()
    for n in range(3, 12):
        up(cc.inspection, author=f"干部{n}", text=COPIED + prose(n, 50))
    assert count() == few


def test_upload_text_through_the_page(cc, as_user):
    client = as_user(cc.member)
    response = client.post(
        reverse("copycheck:upload", kwargs={"pk": cc.inspection.pk}),
        {
            "kind": "self_criticism",
            "title": "张三对照检查材料",
            "author": "张三",
            "unit": cc.station.pk,
            "text": COPIED,
        },
    )
    material = UnitMaterial.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("copycheck:material", kwargs={"pk": material.pk})
    assert material.unit == cc.station and material.uploaded_by == cc.member


def test_upload_file_through_the_page(cc, as_user):
    client = as_user(cc.personas.office_a)
    response = client.post(
        reverse("copycheck:upload", kwargs={"pk": cc.inspection.pk}),
        {
            "kind": "rectification_plan",
            "title": "整改方案",
            "unit": cc.tree.dept_a1.pk,
            "file": SimpleUploadedFile("整改方案.docx", docx_bytes(COPIED)),
        },
    )
    assert response.status_code == 302
    material = UnitMaterial.objects.get()
    assert material.file_name == "整改方案.docx" and "一是理论学习" in material.text
    download = client.get(reverse("copycheck:material_file", kwargs={"pk": material.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == material.file.read()


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "self_criticism", "title": "保留的标题", "author": "", "text": COPIED},
        {"kind": "rectification_plan", "title": "保留的标题", "text": ""},
        {"kind": "rectification_plan", "title": "保留的标题", "text": COPIED, "file": "also"},
        {"kind": "rectification_plan", "title": "保留的标题", "file": "scan"},
    ],
)
def test_bad_upload_shows_the_form_again_and_keeps_the_input(cc, as_user, data):
    data = dict(data, unit=cc.tree.dept_a1.pk)
    if data.get("file") == "also":
        data["file"] = SimpleUploadedFile("a.txt", COPIED.encode())
    elif data.get("file") == "scan":
        data["file"] = SimpleUploadedFile("扫描.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    client = as_user(cc.personas.office_a)
    before = state()
    response = client.post(reverse("copycheck:upload", kwargs={"pk": cc.inspection.pk}), data)
    assert response.status_code == 200
    assert 'value="保留的标题"' in response.content.decode()
    assert 'class="errorlist' in response.content.decode()
    assert state() == before


def test_material_page_and_match_side_by_side_for_the_team(cc, as_user, pair):
    ours, _theirs, match = pair
    client = as_user(cc.member)
    page = client.get(reverse("copycheck:material", kwargs={"pk": ours.pk})).content.decode()
    assert "我局自行增加的内容" in page
    assert reverse("copycheck:match", kwargs={"pk": match.pk}) in page
    # The other side is another team's target: neither its title nor its unit is shown.
    assert "财政局" not in page and cc.plans.round_a1.name in page
    side = client.get(reverse("copycheck:match", kwargs={"pk": match.pk})).content.decode()
    assert '<mark class="copy-mark" id="' in side
    assert "我局自行增加的内容" in side
    assert SECRET_OTHER not in side and "财政局" not in side
    # Not even through the other side's key.
    other_key = "b" if match.material_id == ours.pk else "a"
    forced = client.get(reverse("copycheck:match", kwargs={"pk": match.pk}), {"side": other_key})
    assert SECRET_OTHER not in forced.content.decode()


def test_the_office_sees_both_sides(cc, as_user, pair):
    _ours, _theirs, match = pair
    side = (
        as_user(cc.personas.office_a)
        .get(reverse("copycheck:match", kwargs={"pk": match.pk}))
        .content.decode()
    )
    assert SECRET_OTHER in side and "我局自行增加的内容" in side
    # Passages link to their counterpart on the other side.
    assert 'href="#b-1"' in side and 'href="#a-1"' in side


def test_text_is_escaped(cc, as_user):
    material = up(cc.inspection, text="<script>alert(1)</script>" + COPIED)
    page = (
        as_user(cc.personas.office_a)
        .get(reverse("copycheck:material", kwargs={"pk": material.pk}))
        .content.decode()
    )
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_team_a_never_reaches_another_teams_material(cc, as_user, pair):
    _ours, theirs, _match = pair
    b_material = up(cc.plans.inspection_b, text=COPIED)
    client = as_user(cc.member)
    for name, pk in [
        ("copycheck:home", cc.plans.inspection_b.pk),
        ("copycheck:home", cc.inspection2.pk),
        ("copycheck:material", b_material.pk),
        ("copycheck:material", theirs.pk),
        ("copycheck:material_file", theirs.pk),
    ]:
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404, name


def test_a_match_neither_side_of_which_is_yours_is_not_found(cc, as_user):
    a = up(cc.inspection2, author="甲", text=COPIED)
    b = up(cc.inspection2, author="乙", text=COPIED)
    match = pair_of(a, b)
    response = as_user(cc.member).get(reverse("copycheck:match", kwargs={"pk": match.pk}))
    assert response.status_code == 404


def test_recheck_and_remove_through_the_pages(cc, as_user, pair):
    ours, _theirs, _match = pair
    client = as_user(cc.member)
    response = client.post(reverse("copycheck:recheck", kwargs={"pk": cc.inspection.pk}))
    assert response.status_code == 302
    viewer = as_user(cc.personas.viewer_a)
    before = state()
    refused = viewer.post(reverse("copycheck:material_remove", kwargs={"pk": ours.pk}))
    assert refused.status_code == 403 and state() == before
    client = as_user(cc.member)
    response = client.post(
        reverse("copycheck:material_remove", kwargs={"pk": ours.pk}), {"reason": "重复上传"}
    )
    assert response.status_code == 302
    assert not UnitMaterial.objects.filter(pk=ours.pk).exists()
    assert not CopyMatch.objects.exists()


# --- The liaison -------------------------------------------------------------------------------


def test_liaison_hands_in_and_sees_only_the_units_own_uploads(cc, as_user, pair):
    stationed(cc.inspection)
    client = as_user(cc.personas.liaison_a1)
    response = client.post(
        reverse("copycheck:liaison"),
        {
            "inspection": cc.inspection.pk,
            "kind": "rectification_plan",
            "title": "单位报送的整改方案",
            "unit": cc.station.pk,
            "file": SimpleUploadedFile("方案.txt", COPIED.encode("gbk")),
        },
    )
    assert response.status_code == 302
    handed = UnitMaterial.objects.get(title="单位报送的整改方案")
    assert handed.by_unit and handed.unit == cc.station
    assert CopyMatch.objects.filter(other=handed).exists()  # compared like any other
    page = client.get(reverse("copycheck:liaison")).content.decode()
    assert "单位报送的整改方案" in page
    assert "农业农村局整改方案" not in page  # the team's upload
    assert "%" not in page.split("<main", 1)[1]  # no score
    for name, pk in [
        ("copycheck:home", cc.inspection.pk),
        ("copycheck:material", handed.pk),
        ("copycheck:match", pair[2].pk),
    ]:
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404, name


def test_liaison_page_before_the_unit_knows(cc, as_user):
    client = as_user(cc.personas.liaison_a1)
    page = client.get(reverse("copycheck:liaison"))
    assert page.status_code == 200 and 'name="file"' not in page.content.decode()
    before = state()
    response = client.post(
        reverse("copycheck:liaison"),
        {
            "inspection": cc.inspection.pk,
            "kind": "rectification_plan",
            "title": "方案",
            "unit": cc.tree.dept_a1.pk,
            "text": COPIED,
        },
    )
    assert response.status_code == 200 and state() == before


def test_liaison_page_is_for_liaisons(cc, as_user):
    assert as_user(cc.member).get(reverse("copycheck:liaison")).status_code == 403
