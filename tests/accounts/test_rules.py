"""Role rules: the three separated administrators, scope, and what administrators may not read."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import make_user
from xuncha.accounts import services
from xuncha.accounts.models import RoleAssignment
from xuncha.accounts.permissions import scope_q, visible_users
from xuncha.accounts.roles import (
    ADMIN_ROLES,
    CONTENT_CAPABILITIES,
    ROLE_CAPABILITIES,
    Capability,
    Role,
    requires_second_factor,
)
from xuncha.audit.models import AuditEvent, EventType
from xuncha.orgs.permissions import visible_units


def test_every_role_has_capabilities():
    assert set(ROLE_CAPABILITIES) == set(Role)


def test_administrators_never_hold_case_content():
    for role in ADMIN_ROLES:
        assert not ROLE_CAPABILITIES[role] & CONTENT_CAPABILITIES, role


def test_only_the_auditor_reads_the_trail_and_only_the_security_admin_grants_roles():
    assert [r for r, caps in ROLE_CAPABILITIES.items() if Capability.AUDIT_VIEW in caps] == [
        Role.AUDIT_ADMIN]
    assert [r for r, caps in ROLE_CAPABILITIES.items() if Capability.ROLE_ASSIGN in caps] == [
        Role.SECURITY_ADMIN]


def test_roles_that_see_leads_or_petitions_need_a_second_factor():
    for role, caps in ROLE_CAPABILITIES.items():
        if caps & {Capability.LEAD_VIEW, Capability.PETITION_VIEW}:
            assert requires_second_factor(role), role
    assert all(requires_second_factor(r) for r in ADMIN_ROLES)
    assert not requires_second_factor(Role.UNIT_LIAISON)


@pytest.mark.parametrize("first,second", [
    (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN),
    (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN),
    (Role.AUDIT_ADMIN, Role.SYSTEM_ADMIN),
])
def test_no_account_holds_two_administrator_roles(personas, tree, first, second):
    person = make_user("dual", unit=tree.city_a)
    services.assign_role(actor=personas.secadmin_a, user=person, role=first, unit=tree.city_a)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.assign_role(actor=personas.secadmin_a, user=person, role=second,
                             unit=tree.county_a1)
    assert list(person.role_assignments.values_list("role", flat=True)) == [first]
    assert AuditEvent.objects.count() == before


def test_security_admin_grants_within_scope_only(personas, tree):
    person = make_user("p1", unit=tree.city_a)
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.assign_role(actor=personas.secadmin_a, user=person, role=Role.OFFICE_STAFF,
                             unit=tree.city_b)
    assert not person.role_assignments.exists()
    assert AuditEvent.objects.count() == before
    a = services.assign_role(actor=personas.secadmin_a, user=person, role=Role.OFFICE_STAFF,
                             unit=tree.county_a1)
    event = AuditEvent.objects.latest("seq")
    assert event.event_type == EventType.ROLE_ASSIGNED
    assert event.object_id == str(a.pk)
    assert event.actor == personas.secadmin_a


def test_security_admin_cannot_change_own_roles(personas, tree):
    with pytest.raises(ValidationError):
        services.assign_role(actor=personas.secadmin_a, user=personas.secadmin_a,
                             role=Role.OFFICE_STAFF, unit=tree.city_a)
    assert personas.secadmin_a.role_assignments.count() == 1


def test_office_staff_cannot_grant_roles(personas, tree):
    with pytest.raises(PermissionDenied):
        services.assign_role(actor=personas.office_a, user=personas.norole,
                             role=Role.OFFICE_STAFF, unit=tree.city_a)
    assert not RoleAssignment.objects.filter(user=personas.norole).exists()


def test_scope_is_one_range_predicate_on_the_path(personas, tree):
    sql = str(visible_units(personas.office_a).query)
    assert "LIKE" not in sql.upper()
    q = scope_q(personas.office_a, Capability.UNIT_VIEW)
    assert q is not None
    names = set(visible_units(personas.office_a).values_list("name", flat=True))
    assert names == {"甲市委", "甲一县委", "甲一县农业农村局", "甲二县委"}


def test_unit_only_grant_does_not_reach_below(personas, tree):
    names = list(visible_units(personas.liaison_a1).values_list("name", flat=True))
    assert names == ["甲一县农业农村局"]


def test_upper_reviewer_sees_below_never_siblings_or_above(personas, tree):
    names = set(visible_units(personas.outsider).values_list("name", flat=True))
    assert names == {"乙市委", "乙一县委"}
    assert visible_units(personas.upper).count() == 7


def test_no_roles_means_nothing_visible(personas):
    assert not visible_units(personas.norole).exists()
    assert not visible_users(personas.norole).exists()


def test_disabled_account_loses_scope(personas, tree):
    services.set_user_active(personas.office_a, actor=personas.sysadmin_a, active=False,
                             reason="离职")
    personas.office_a.refresh_from_db()
    assert not visible_units(personas.office_a).exists()


def test_disabling_needs_a_reason_and_a_manager(personas):
    with pytest.raises(ValidationError):
        services.set_user_active(personas.office_a, actor=personas.sysadmin_a, active=False,
                                 reason=" ")
    with pytest.raises(PermissionDenied):
        services.set_user_active(personas.office_a, actor=personas.secadmin_a, active=False,
                                 reason="x")
    personas.office_a.refresh_from_db()
    assert personas.office_a.is_active


def test_weak_password_is_refused(personas, tree):
    for weak in ("short1A!", "alllowercaseletters", "12345678901", "abcdefghij12"):
        with pytest.raises(ValidationError):
            services.create_user(actor=personas.sysadmin_a, username=f"w{len(weak)}",
                                 full_name="弱", unit=tree.city_a, password=weak)
    assert not personas.sysadmin_a.__class__.objects.filter(username__startswith="w").exists()


def test_created_account_must_change_password(personas, tree):
    user = services.create_user(actor=personas.sysadmin_a, username="newbie", full_name="新人",
                                unit=tree.county_a1, password="Xc-Temp-2026a")
    assert user.must_change_password
    assert user.password.startswith("argon2")
    event = AuditEvent.objects.latest("seq")
    assert event.event_type == EventType.USER_CREATED
    assert "password" not in event.changes
