"""Rules the people services enforce whoever calls them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xuncha.audit.models import AuditEvent
from xuncha.people import services
from xuncha.people.models import PoolKind, TalentPool, Team

pytestmark = pytest.mark.django_db


def test_chinese_team_names():
    assert [services.default_team_name(n) for n in (1, 4, 10, 12, 20, 35)] == [
        "第一巡察组",
        "第四巡察组",
        "第十巡察组",
        "第十二巡察组",
        "第二十巡察组",
        "第三十五巡察组",
    ]


def test_pools_and_teams_belong_to_jurisdictions(personas, tree):
    with pytest.raises(ValidationError):
        services.create_pool(
            actor=personas.office_a, jurisdiction=tree.dept_a1, kind=PoolKind.STAFF
        )
    with pytest.raises(ValidationError):
        services.create_team(actor=personas.office_a, jurisdiction=tree.dept_a1, number=1)
    assert not TalentPool.objects.exists() and not Team.objects.exists()


def test_pool_default_name(tree):
    pool = services.create_pool(actor=None, jurisdiction=tree.county_a1, kind=PoolKind.LEADER)
    assert pool.name.startswith(tree.county_a1.display_name)


def test_scope_is_checked_in_the_service(personas, people, tree):
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.create_cadre(actor=personas.outsider, unit=tree.dept_a1, full_name="越权")
    with pytest.raises(PermissionDenied):
        services.create_cadre(actor=personas.viewer_a, unit=tree.dept_a1, full_name="越权")
    with pytest.raises(PermissionDenied):
        services.update_cadre(people.in_a1, actor=personas.outsider, post="x")
    with pytest.raises(PermissionDenied):
        services.update_cadre(people.in_b, actor=personas.outsider, unit=tree.county_a1)
    with pytest.raises(PermissionDenied):
        services.add_to_pool(people.pool_b, people.in_b, actor=personas.office_a)
    with pytest.raises(PermissionDenied):
        services.create_team(actor=personas.outsider, jurisdiction=tree.county_a1, number=9)
    assert AuditEvent.objects.count() == before


def test_pool_members_work_in_the_jurisdiction(personas, people):
    with pytest.raises(ValidationError):
        services.add_to_pool(people.leaders_a1, people.in_a2, actor=personas.office_a)
    with pytest.raises(ValidationError):  # already a member
        services.add_to_pool(people.leaders_a1, people.in_a1, actor=personas.office_a)


def test_update_without_change_writes_no_event(personas, people):
    before = AuditEvent.objects.count()
    services.update_cadre(people.in_a1, actor=personas.office_a, post=people.in_a1.post)
    assert AuditEvent.objects.count() == before
