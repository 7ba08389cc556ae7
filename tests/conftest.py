"""Personas on a small organization tree: a province, two cities, their counties.

    省 (province)
    ├── 甲市 city_a ── 甲一县 county_a1 ── 甲一县农业农村局 dept_a1
    │              └── 甲二县 county_a2
    └── 乙市 city_b ── 乙一县 county_b1

Personas are named for what they are to objects under city A: `office_a` is in scope with the
capability to edit, `viewer_a` is in scope without it, `outsider` holds the same role as
`office_a` but in city B.
"""

import os
from types import SimpleNamespace

import pytest

from tests.factories import login, make_unit, make_user
from xuncha.accounts.roles import Role
from xuncha.orgs.models import Level, UnitKind

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def tree(db):
    province = make_unit("测试省委", level=Level.PROVINCE, has_office=True, code="P0001")
    city_a = make_unit("甲市委", parent=province, level=Level.CITY, has_office=True, code="A0001")
    county_a1 = make_unit("甲一县委", parent=city_a, has_office=True, code="A1001")
    dept_a1 = make_unit("甲一县农业农村局", parent=county_a1, level=Level.COUNTY,
                        kind=UnitKind.DEPARTMENT, code="A1101")
    county_a2 = make_unit("甲二县委", parent=city_a, has_office=True, code="A2001")
    city_b = make_unit("乙市委", parent=province, level=Level.CITY, has_office=True, code="B0001")
    county_b1 = make_unit("乙一县委", parent=city_b, has_office=True, code="B1001")
    return SimpleNamespace(province=province, city_a=city_a, county_a1=county_a1,
                           dept_a1=dept_a1, county_a2=county_a2, city_b=city_b,
                           county_b1=county_b1)


@pytest.fixture
def personas(tree):
    t = tree
    return SimpleNamespace(
        office_a=make_user("office_a", unit=t.city_a, roles=[(Role.OFFICE_STAFF, t.city_a)]),
        head_a=make_user("head_a", unit=t.city_a, roles=[(Role.OFFICE_HEAD, t.city_a)]),
        head_b=make_user("head_b", unit=t.city_b, roles=[(Role.OFFICE_HEAD, t.city_b)]),
        viewer_a=make_user("viewer_a", unit=t.city_a, roles=[(Role.LEADING_GROUP, t.city_a)]),
        liaison_a1=make_user("liaison_a1", unit=t.dept_a1,
                             roles=[(Role.UNIT_LIAISON, t.dept_a1, False)]),
        outsider=make_user("outsider", unit=t.city_b, roles=[(Role.OFFICE_STAFF, t.city_b)]),
        upper=make_user("upper", unit=t.province, roles=[(Role.UPPER_REVIEWER, t.province)]),
        sysadmin_a=make_user("sysadmin_a", unit=t.city_a, roles=[(Role.SYSTEM_ADMIN, t.city_a)]),
        secadmin_a=make_user("secadmin_a", unit=t.city_a,
                             roles=[(Role.SECURITY_ADMIN, t.city_a)]),
        auditor_a=make_user("auditor_a", unit=t.city_a, roles=[(Role.AUDIT_ADMIN, t.city_a)]),
        auditor_root=make_user("auditor_root", unit=t.province,
                               roles=[(Role.AUDIT_ADMIN, t.province)]),
        sysadmin_b=make_user("sysadmin_b", unit=t.city_b, roles=[(Role.SYSTEM_ADMIN, t.city_b)]),
        secadmin_b=make_user("secadmin_b", unit=t.city_b,
                             roles=[(Role.SECURITY_ADMIN, t.city_b)]),
        auditor_b=make_user("auditor_b", unit=t.city_b, roles=[(Role.AUDIT_ADMIN, t.city_b)]),
        norole=make_user("norole", unit=t.city_a, otp=False),
    )


@pytest.fixture
def as_user(client):
    """Sign the test client in as a persona: as_user(personas.office_a)."""

    def _login(user):
        login(client, user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded files go to a directory of the test session, never to var/media."""
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")
