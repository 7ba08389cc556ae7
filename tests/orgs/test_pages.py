"""Browsing the organization tree: scope, search, detail, autocomplete and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_unit
from xuncha.audit.models import AuditEvent, EventType
from xuncha.orgs import services

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_sign_in(client, tree):
    for url in (reverse("orgs:tree"), reverse("orgs:detail", args=[tree.city_a.pk]),
                reverse("orgs:children", args=[tree.city_a.pk]), reverse("orgs:suggest")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_tree_lists_scope_roots_once(personas, tree, as_user):
    client = as_user(personas.office_a)
    body = client.get(reverse("orgs:tree")).content.decode()
    assert tree.city_a.name in body
    assert reverse("orgs:detail", args=[tree.city_a.pk]) in body
    assert tree.city_b.name not in body
    assert tree.province.name not in body
    # Children are loaded lazily, not listed on the page.
    assert tree.county_a1.name not in body
    assert reverse("orgs:children", args=[tree.city_a.pk]) in body


def test_tree_does_not_repeat_a_unit_under_another_root(tree, as_user):
    from tests.factories import make_user
    from xuncha.accounts.roles import Role

    user = make_user("both", unit=tree.city_a, roles=[(Role.OFFICE_STAFF, tree.city_a),
                                                      (Role.LEADING_GROUP, tree.county_a1)])
    body = as_user(user).get(reverse("orgs:tree")).content.decode()
    assert tree.city_a.name in body
    assert tree.county_a1.name not in body


def test_children_fragment_with_counts_and_dissolved_muted(personas, tree, as_user):
    services.set_unit_active(tree.county_a2, actor=personas.office_a, active=False,
                             reason="merged")
    client = as_user(personas.office_a)
    response = client.get(reverse("orgs:children", args=[tree.city_a.pk]),
                          headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert tree.county_a1.name in body and tree.county_a2.name in body
    # county_a1 has one child: it is expandable and shows the count.
    assert reverse("orgs:children", args=[tree.county_a1.pk]) in body
    assert 'class="count"' in body
    assert 'class="tree-node dissolved"' in body


def test_children_out_of_scope_is_404(personas, tree, as_user):
    client = as_user(personas.office_a)
    assert client.get(reverse("orgs:children", args=[tree.city_b.pk])).status_code == 404
    assert client.get(reverse("orgs:children", args=[tree.province.pk])).status_code == 404


def test_liaison_sees_only_own_unit(personas, tree, as_user):
    client = as_user(personas.liaison_a1)
    body = client.get(reverse("orgs:tree")).content.decode()
    assert tree.dept_a1.name in body
    assert client.get(reverse("orgs:detail", args=[tree.dept_a1.pk])).status_code == 200
    assert client.get(reverse("orgs:detail", args=[tree.county_a1.pk])).status_code == 404


def test_search_by_name_short_name_and_code_limited_to_scope(personas, tree, as_user):
    client = as_user(personas.office_a)
    body = client.get(reverse("orgs:tree"), {"q": "县委"}).content.decode()
    assert tree.county_a1.name in body and tree.county_a2.name in body
    assert tree.county_b1.name not in body
    body = client.get(reverse("orgs:tree"), {"q": "A1101"}).content.decode()
    assert tree.dept_a1.name in body
    body = client.get(reverse("orgs:tree"), {"q": "B1001"}).content.decode()
    assert tree.county_b1.name not in body


def test_search_results_are_paginated(personas, tree, as_user):
    for i in range(60):
        make_unit(f"甲一县村{i:02d}", parent=tree.county_a1, level="village")
    client = as_user(personas.office_a)
    first = client.get(reverse("orgs:tree"), {"q": "甲一县村"}).content.decode()
    assert first.count('href="/units/') >= 50
    assert "page=2" in first
    second = client.get(reverse("orgs:tree"), {"q": "甲一县村", "page": 2}).content.decode()
    assert "甲一县村59" in second or "甲一县村00" in second


def test_detail_shows_profile_breadcrumb_children_leadership(personas, tree, as_user):
    services.add_leadership_member(tree.county_a1, actor=personas.office_a, name="张三",
                                   post="县委书记", is_principal=True)
    client = as_user(personas.office_a)
    response = client.get(reverse("orgs:detail", args=[tree.county_a1.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{tree.county_a1.name}" in body
    assert "张三" in body and "县委书记" in body
    assert tree.dept_a1.name in body
    assert tree.county_a1.code in body
    # The city is linked in the breadcrumb; the province (out of scope) is not shown.
    assert reverse("orgs:detail", args=[tree.city_a.pk]) in body
    assert reverse("orgs:detail", args=[tree.province.pk]) not in body
    assert tree.province.short_name not in body
    # office_a may edit here.
    assert reverse("orgs:edit", args=[tree.county_a1.pk]) in body


def test_detail_for_viewer_has_no_edit_links(personas, tree, as_user):
    body = as_user(personas.viewer_a).get(
        reverse("orgs:detail", args=[tree.county_a1.pk])).content.decode()
    assert reverse("orgs:edit", args=[tree.county_a1.pk]) not in body


def test_detail_out_of_scope_is_404_like_missing(personas, tree, as_user):
    client = as_user(personas.outsider)
    assert client.get(reverse("orgs:detail", args=[tree.city_a.pk])).status_code == 404
    assert client.get(reverse("orgs:detail", args=[999999])).status_code == 404


def test_sensitive_unit_view_is_audited(personas, tree, as_user):
    services.update_unit(tree.county_a2, actor=personas.office_a, is_sensitive=True)
    before = AuditEvent.objects.filter(event_type=EventType.UNIT_VIEWED).count()
    as_user(personas.viewer_a).get(reverse("orgs:detail", args=[tree.county_a2.pk]))
    assert AuditEvent.objects.filter(event_type=EventType.UNIT_VIEWED).count() == before + 1


def test_suggest_returns_options_in_scope(personas, tree, as_user):
    client = as_user(personas.office_a)
    for param in ("q", "unit", "new_parent", "parent"):
        body = client.get(reverse("orgs:suggest"), {param: "县"}).content.decode()
        assert f'<option value="{tree.county_a1.code}">{tree.county_a1.name}</option>' in body
        assert tree.county_b1.code not in body
    assert client.get(reverse("orgs:suggest"), {"q": ""}).content.decode().strip() == ""


def test_suggest_is_capped_at_20(personas, tree, as_user):
    for i in range(25):
        make_unit(f"甲二县村{i:02d}", parent=tree.county_a2, level="village")
    body = as_user(personas.office_a).get(reverse("orgs:suggest"), {"q": "甲二县村"})
    assert body.content.decode().count("<option") == 20


def _grow(tree, n):
    for i in range(n):
        parent = tree.county_a1 if i % 2 else tree.city_a
        unit = make_unit(f"新增单位{i:03d}", parent=parent, level="township")
        if i % 3 == 0:
            make_unit(f"新增下属{i:03d}", parent=unit, level="village")


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("view,params", [
    ("tree", {}), ("tree", {"q": "新增"}), ("children", {}), ("detail", {}),
    ("suggest", {"q": "新"}),
])
def test_query_count_does_not_grow_with_the_tree(personas, tree, as_user, view, params):
    client = as_user(personas.office_a)
    args = [] if view in ("tree", "suggest") else [tree.city_a.pk]
    url = reverse(f"orgs:{view}", args=args)
    _grow(tree, 6)
    client.get(url, params)  # the first request of a session writes to it
    small = _count_queries(client, url, params)
    _grow(tree, 60)
    assert _count_queries(client, url, params) == small


def test_tree_page_query_count_is_pinned(personas, tree, as_user,
                                         django_assert_max_num_queries):
    client = as_user(personas.office_a)
    _grow(tree, 30)
    client.get(reverse("home"))  # the first request of a session writes to it
    with django_assert_max_num_queries(5):
        assert client.get(reverse("orgs:tree")).status_code == 200


def test_search_page_query_count_is_pinned(personas, tree, as_user,
                                           django_assert_max_num_queries):
    client = as_user(personas.office_a)
    _grow(tree, 30)
    client.get(reverse("home"))  # the first request of a session writes to it
    with django_assert_max_num_queries(6):
        assert client.get(reverse("orgs:tree"), {"q": "新增"}).status_code == 200


def test_children_fragment_query_count_is_pinned(personas, tree, as_user,
                                                 django_assert_max_num_queries):
    client = as_user(personas.office_a)
    _grow(tree, 30)
    client.get(reverse("home"))  # the first request of a session writes to it
    with django_assert_max_num_queries(7):
        assert client.get(reverse("orgs:children", args=[tree.city_a.pk])).status_code == 200
