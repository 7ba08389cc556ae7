"""Nobody outside the grant can learn that a lead exists: through every path (list, search,
detail, export, Word, API list and detail, counts, the registration form, the approvals page,
the report selector), for every persona in or near the inspection that is not a keeper."""

import pytest
from django.urls import reverse

from tests.factories import login
from tests.leads.conftest import SECRET_NAME, SECRET_TEXT, counts, register
from xuncha.leads import selectors

OUTSIDERS = [
    "office_a",
    "viewer_a",
    "deputy",
    "member",
    "leader_b",
    "head_b",
    "upper",
    "liaison_a1",
]


def _persona(ns, name):
    return getattr(ns, name, None) or getattr(ns.personas, name)


@pytest.fixture
def leads(ns):
    """Three leads of inspection A1, registered by a member, the leader and the office."""
    return [
        register(ns.inspection, actor=ns.member),
        register(ns.inspection, actor=ns.leader, name="李另案", content="另一条线索内容"),
        register(ns.inspection, actor=ns.personas.office_a, name="周第三", content="第三条"),
    ]


def _clean(body: str, leads) -> None:
    for secret in (SECRET_NAME, SECRET_TEXT, "李另案", "周第三", "另一条线索内容"):
        assert secret not in body
    for lead in leads:
        assert f"/leads/{lead.pk}/" not in body


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("who", OUTSIDERS)
def test_no_path_reveals_a_lead(client, ns, leads, who):
    user = _persona(ns, who)
    login(client, user)
    before = counts()
    pk = ns.inspection.pk
    for url in (
        reverse("leads:home", args=[pk]),
        reverse("leads:home", args=[pk]) + "?q=秘密",
        reverse("leads:home", args=[pk]) + "?status=registered",
        reverse("leads:mine"),
        reverse("leads:mine") + "?q=秘密",
        reverse("leads:approvals"),
        reverse("leads:create", args=[pk]),
    ):
        response = client.get(url)
        assert response.status_code in (200, 403, 404), url
        _clean(_body(response), leads)
    for lead in leads:
        for name in ("detail", "word", "edit"):
            assert client.get(reverse(f"leads:{name}", args=[lead.pk])).status_code == 404
        assert client.get(f"/api/leads/{lead.pk}").status_code == 404
    # No export for those who neither keep the leads nor hold a grant.
    assert client.get(reverse("leads:export", args=[pk])).status_code in (403, 404)
    for url in ("/api/leads/", f"/api/leads/?inspection_id={pk}", "/api/leads/?q=秘密"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        if response.status_code == 200:
            assert response.json() == {"items": [], "count": 0}
    assert selectors.lead_counts(user, [pk]) == {pk: 0}
    assert not selectors.leads_for_report(user, ns.inspection).exists()
    # Looking changed nothing: no audit event either, for nothing was shown.
    assert counts() == before


@pytest.mark.parametrize("who", ["member", "deputy", "office_a"])
def test_the_page_is_the_same_with_and_without_leads(client, ns, who):
    """What a member of the team sees on the leads page and the registration form does not
    depend on whether leads exist."""
    login(client, _persona(ns, who))
    urls = [
        reverse("leads:home", args=[ns.inspection.pk]),
        reverse("leads:create", args=[ns.inspection.pk]),
    ]

    def bodies():
        out = []
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200
            # The CSRF token differs per response; nothing else may.
            text = response.content.decode()
            out.append("\n".join(line for line in text.splitlines() if "csrf" not in line.lower()))
        return out

    empty = bodies()
    for _n in range(3):
        register(ns.inspection, actor=ns.leader)
    assert bodies() == empty


def test_registrant_cannot_open_what_they_registered(client, ns):
    login(client, ns.member)
    lead = register(ns.inspection, actor=ns.member)
    assert client.get(reverse("leads:detail", args=[lead.pk])).status_code == 404
    assert client.get(f"/api/leads/{lead.pk}").status_code == 404
    assert SECRET_TEXT not in client.get(reverse("leads:mine")).content.decode()


def test_team_b_and_the_other_county_see_nothing_of_team_a(client, ns):
    lead = register(ns.inspection, actor=ns.leader)
    login(client, ns.leader_b)
    assert client.get(reverse("leads:home", args=[ns.inspection.pk])).status_code == 404
    assert client.get(reverse("leads:detail", args=[lead.pk])).status_code == 404
    # Team A's leader reaches nothing of team B's inspection either.
    register(ns.inspection_b, actor=ns.leader_b, name="乙县某", content="乙县线索")
    login(client, ns.leader)
    assert client.get(reverse("leads:home", args=[ns.inspection_b.pk])).status_code == 404
    assert "乙县线索" not in client.get(reverse("leads:mine")).content.decode()


def test_keepers_see_everything(client, ns, leads):
    for keeper in (ns.leader, ns.personas.head_a):
        login(client, keeper)
        body = client.get(reverse("leads:home", args=[ns.inspection.pk])).content.decode()
        assert SECRET_NAME in body and "李另案" in body and "周第三" in body
        assert selectors.lead_counts(keeper, [ns.inspection.pk]) == {ns.inspection.pk: 3}
        assert selectors.leads_for_report(keeper, ns.inspection).count() == 3
