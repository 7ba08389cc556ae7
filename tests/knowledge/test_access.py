"""Who reads which entries: an office's entries serve every unit below it, and a unit's own
entries are read by the unit and by those above; city B's library stays out of city A's."""

from types import SimpleNamespace

import pytest

from tests.factories import make_people, make_plans, make_user
from tests.matrix.duties import staff_rounds
from xuncha.accounts.roles import Role
from xuncha.knowledge.access import (
    get_regulation_for_user,
    owner_choices,
    visible_articles,
    visible_cases,
    visible_model_reports,
    visible_regulations,
    visible_wordings,
)

pytestmark = pytest.mark.django_db

VISIBLE = (
    visible_regulations,
    visible_articles,
    visible_cases,
    visible_wordings,
    visible_model_reports,
)
ATTR = {
    visible_regulations: "regulation",
    visible_articles: "article",
    visible_cases: "case",
    visible_wordings: "wording",
    visible_model_reports: "report",
}


def _owners(user, lib) -> dict:
    """For each choke point, the names of the units whose entry the user sees."""
    out = {}
    for fn in VISIBLE:
        ids = set(fn(user).values_list("pk", flat=True))
        out[fn.__name__] = {
            name for name, entries in vars(lib).items() if getattr(entries, ATTR[fn]).pk in ids
        }
    return out


def _sees(user, lib) -> set[str]:
    owners = _owners(user, lib)
    first = next(iter(owners.values()))
    assert all(v == first for v in owners.values()), owners
    return first


def test_ancestors_and_subtree(lib, personas):
    p = personas
    assert _sees(p.office_a, lib) == {"province", "city_a", "county_a1", "county_a2"}
    assert _sees(p.viewer_a, lib) == {"province", "city_a", "county_a1", "county_a2"}
    assert _sees(p.outsider, lib) == {"province", "city_b", "county_b1"}
    assert _sees(p.upper, lib) == set(vars(lib))
    for nobody in (p.liaison_a1, p.norole, p.sysadmin_a, p.secadmin_a, p.auditor_a):
        assert _sees(nobody, lib) == set()


def test_grant_on_one_unit_only(lib, tree):
    """A grant without descendants reaches the unit and its ancestors, nothing below."""
    org = make_user(
        "org_a1", unit=tree.county_a1, roles=[(Role.ORGANIZATION_DEPARTMENT, tree.county_a1, False)]
    )
    from tests.knowledge.conftest import make_entries

    below = make_entries(tree.dept_a1, "农业局")
    assert _sees(org, lib) == {"province", "city_a", "county_a1"}
    assert not visible_regulations(org).filter(pk=below.regulation.pk).exists()


def test_team_member_sees_the_offices_above_the_target(lib, tree, personas):
    ns = SimpleNamespace(tree=tree, personas=personas)
    ns.people = make_people(tree)
    ns.plans = make_plans(tree, ns.people)
    staff_rounds(ns)
    member = personas.member_a1  # team member at county A1 (the target's county)
    assert _sees(member, lib) == {"province", "city_a", "county_a1"}


def test_detail_is_404_alike_for_missing_and_out_of_scope(lib, personas):
    from django.http import Http404

    with pytest.raises(Http404):
        get_regulation_for_user(personas.office_a, lib.city_b.regulation.pk)
    with pytest.raises(Http404):
        get_regulation_for_user(personas.office_a, 999999)
    assert get_regulation_for_user(personas.office_a, lib.province.regulation.pk)


def test_owner_choices_are_the_offices_in_reach(tree, personas):
    choices = set(owner_choices(personas.office_a).values_list("code", flat=True))
    assert choices == {"A0001", "A1001", "A2001"}  # city A and its county offices, no department
    assert not owner_choices(personas.viewer_a).exists()
    assert set(owner_choices(personas.outsider).values_list("code", flat=True)) == {
        "B0001",
        "B1001",
    }


def test_pages_refuse_and_hide(lib, personas, as_user):
    client = as_user(personas.office_a)
    assert client.get(f"/knowledge/regulations/{lib.city_b.regulation.pk}/").status_code == 404
    assert client.get(f"/knowledge/articles/{lib.county_b1.article.pk}/").status_code == 404
    assert client.get(f"/knowledge/cases/{lib.city_b.case.pk}/").status_code == 404
    assert client.get(f"/knowledge/wordings/{lib.city_b.wording.pk}/").status_code == 404
    assert client.get(f"/knowledge/model-reports/{lib.city_b.report.pk}/").status_code == 404
    page = client.get("/knowledge/regulations/").content.decode()
    assert "甲市巡察工作办法" in page and "省巡察工作办法" in page
    assert "乙市巡察工作办法" not in page
    client = as_user(personas.norole)
    assert client.get("/knowledge/").status_code == 403
    assert client.get("/knowledge/regulations/").status_code == 403
    assert client.get(f"/knowledge/regulations/{lib.province.regulation.pk}/").status_code == 404
