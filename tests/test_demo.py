"""`xuncha seed_demo`, `otp_code` and `grant_role`."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_user
from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.permissions import needs_second_factor
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork.models import InspectionGrant
from xuncha.orgs.models import Unit
from xuncha.people.models import Cadre, PoolKind, TalentPool, Team
from xuncha.plans.models import Round, Stage, Term
from xuncha.plans.selectors import coverage_report
from xuncha.staffing.models import Recusal

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_seed_demo(db):
    demo = _run("seed_demo")

    # The district mirrors seeds/003: 96 units to inspect, four teams, 20 + 150 in the pools.
    district = Unit.objects.get(code="QY-AL")
    assert district.has_office
    assert Unit.objects.under(district).exclude(pk=district.pk).count() == 96
    county = Unit.objects.get(code="QY-YX")
    assert Unit.objects.under(county).exclude(pk=county.pk).count() == 20
    names = set(Unit.objects.under(district).values_list("short_name", flat=True))
    assert {"区农委", "区农机局", "区农业开发局", "区委农工部（扶贫办）"} <= names
    assert Unit.objects.under(district).filter(level="village").count() > 0
    assert Team.objects.filter(jurisdiction=district).count() == 4
    assert Team.objects.get(jurisdiction=district, number=4).name == "区委第四巡察组"
    leaders = TalentPool.objects.get(jurisdiction=district, kind=PoolKind.LEADER)
    staff = TalentPool.objects.get(jurisdiction=district, kind=PoolKind.STAFF)
    assert leaders.memberships.count() == 20
    assert staff.memberships.count() == 150
    assert Cadre.objects.filter(pools__jurisdiction=district).distinct().count() == 170
    secretary = district.leadership.get(is_principal=True)
    assert secretary.post == "区委书记"
    assert secretary.name == User.objects.get(username="al_leading").full_name
    assert Unit.objects.under(district).filter(leadership__isnull=False).distinct().count() > 90

    # An account for every role; the three administrators are three people.
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    admins = {
        RoleAssignment.objects.get(role=r).user_id
        for r in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
    }
    assert len(admins) == 3
    liaison = RoleAssignment.objects.get(role=Role.UNIT_LIAISON)
    assert not liaison.include_descendants and liaison.unit.short_name == "区农委"
    for user in User.objects.all():
        assert user.check_password("Demo@2026xc")
        assert not user.must_change_password
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        assert has_device == needs_second_factor(user), user.username
    assert "xuncha otp_code <username>" in demo
    assert "al_liaison" in demo and "qy_auditor" in demo

    # Planning (issue 3): a 2021–2026 term whose plan covers all 96 units, past rounds, round 1
    # of 2026 with four teams stationed at the four agricultural units (seeds/003), a drafted
    # round 2 with a proposal of the assistant, and recusal cases the rules caught.
    term = Term.objects.get(jurisdiction=district)
    assert (term.starts_on.year, term.ends_on.year) == (2021, 2026)
    assert term.coverage_plan.entries.count() == 96
    report = coverage_report(term, today=date(2026, 11, 23))
    assert report.planned == 96 and report.coverage.units == 96
    assert 0 < report.coverage.inspected < 96 and report.overdue == 2 * 4
    assert report.coverage.villages > 0
    round1 = Round.objects.get(jurisdiction=district, year=2026, number=1)
    assert sorted(round1.inspections.values_list("target__short_name", flat=True)) == sorted(
        ["区农委", "区农机局", "区农业开发局", "区委农工部（扶贫办）"]
    )
    assert set(round1.inspections.values_list("stage", flat=True)) == {Stage.STATIONED}
    assert round1.inspections.values("team").distinct().count() == 4
    assert round1.authorizations.count() == 4
    assert set(round1.team_members.filter(role="leader").values_list("team", flat=True)) == set(
        round1.inspections.values_list("team", flat=True)
    )
    round2 = Round.objects.get(jurisdiction=district, year=2026, number=2)
    assert round2.status == "draft" and round2.inspections.exists()
    assert round2.proposals.filter(status="proposed").exists()
    rules_caught = set(Recusal.objects.filter(source="rule").values_list("rule", flat=True))
    assert {"relative_works", "relative_leadership", "worked_recently", "former_relation"} <= (
        rules_caught
    )
    assert Recusal.objects.filter(source="declaration").exists()
    assert Recusal.objects.filter(source="objection").exists()
    # The discipline commission's liaison may read 区农委's stationing material by a grant.
    grant = InspectionGrant.objects.get()
    assert grant.user.username == "al_jw" and grant.inspection.target.short_name == "区农委"

    # Stationing of round 1 reproduces seeds/003 from the records: 105 questionnaires issued,
    # 96 interviews, 3 letters/calls/visits, 2 symposiums over the four teams.
    from xuncha.fieldwork import statistics
    from xuncha.fieldwork.models import Announcement, DraftProblem, InformationRequest
    from xuncha.plans.models import Inspection

    round1 = grant.inspection.round
    ids = list(Inspection.objects.filter(round=round1).values_list("pk", flat=True))
    assert len(ids) == 4
    total = statistics.totals(statistics.inspection_statistics(ids))
    assert (total["questionnaires_issued"], total["interviews"], total["petitions"],
            total["symposiums"]) == (105, 96, 3, 2)
    assert total["forwarded"] == 1 and total["questionnaires_returned"] > 90
    assert Announcement.objects.filter(published_at__isnull=False).count() == 4
    assert InformationRequest.objects.filter(status="answered", answered_by__username="al_audit")
    farm = grant.inspection
    assert DraftProblem.objects.filter(inspection=farm, status="handed_off").count() == 3
    assert DraftProblem.objects.filter(inspection=farm, corroborated_at__isnull=False).count() >= 3

    # The report stage (issue 5): working papers in every state, a judged mistake and a judged
    # dereliction, two leads, copied material caught, reports in approval.
    from xuncha.copycheck.models import CopyMatch
    from xuncha.findings.models import ConductJudgment, Finding, ImmediateFix
    from xuncha.leads.access import visible_leads
    from xuncha.leads.models import Lead
    from xuncha.reports.models import Report

    states = set(Finding.objects.filter(inspection=farm).values_list("status", flat=True))
    assert states == {"draft", "pending_deputy", "pending_leader", "returned", "confirmed",
                      "withdrawn"}
    assert Finding.objects.filter(inspection=farm, draft_problem__isnull=False).count() == 3
    assert sorted(ConductJudgment.objects.values_list("judgment", flat=True)) == [
        "dereliction", "mistake"]
    assert ImmediateFix.objects.get().status == "replied"
    assert sorted(Lead.objects.values_list("status", flat=True)) == ["assessed", "handed_over"]
    office_head, staff = User.objects.get(username="al_office"), User.objects.get(
        username="al_staff")
    assert visible_leads(office_head).count() == 2 and not visible_leads(staff).exists()
    copied = {(m.material.kind, round(m.score, 1)) for m in CopyMatch.objects.select_related(
        "material")}
    assert ("rectification_plan", 1.0) in copied
    assert any(kind == "self_criticism" and score >= 0.6 for kind, score in copied)
    assert not CopyMatch.objects.filter(material__author="孙晓梅").exists()
    assert not CopyMatch.objects.filter(other__author="孙晓梅").exists()
    assert set(Report.objects.values_list("kind", "status")) == {
        ("inspection", "in_approval"), ("leads", "in_approval")}

    # Everything went through the services: audited, and the chain verifies.
    assert AuditEvent.objects.filter(event_type=EventType.DEMO_LOADED).count() == 1
    assert (
        AuditEvent.objects.filter(event_type=EventType.CADRE_CREATED).count()
        == Cadre.objects.count()
    )
    assert (
        AuditEvent.objects.filter(event_type=EventType.UNIT_CREATED).count() == Unit.objects.count()
    )
    assert "audit chain intact" in _run("verify_audit")

    # A second run with --if-empty adds nothing but lists the accounts; without it, refuses.
    counts = (
        Unit.objects.count(),
        Cadre.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )
    out = _run("seed_demo", "--if-empty")
    assert "al_office" in out
    assert counts == (
        Unit.objects.count(),
        Cadre.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(CommandError):
        _run("seed_demo")
    assert counts[3] == AuditEvent.objects.count()


def test_seed_demo_if_empty_on_an_empty_database_loads(db):
    # The flag only skips when units exist; `make demo` runs it on every start.
    _run("seed_demo", "--if-empty")
    assert Unit.objects.filter(code="QY-AL").exists()


def test_otp_code_prints_a_code_the_device_accepts(db, settings):
    settings.XUNCHA_DEMO_TOOLS = True
    make_user("with_device")
    make_user("without_device", otp=False)
    code = _run("otp_code", "with_device").strip()
    device = TOTPDevice.objects.get(user__username="with_device")
    assert len(code) == 6 and code.isdigit()
    assert device.verify_token(code)
    with pytest.raises(CommandError):
        _run("otp_code", "without_device")
    with pytest.raises(CommandError):
        _run("otp_code", "nobody")


def test_otp_code_refuses_outside_demo(db, settings):
    settings.XUNCHA_DEMO_TOOLS = False
    make_user("with_device")
    with pytest.raises(CommandError, match="XUNCHA_DEMO_TOOLS"):
        _run("otp_code", "with_device")


def test_grant_role_bootstraps_an_install(db):
    from xuncha.accounts import services as account_services
    from xuncha.orgs import services as org_services

    root = org_services.create_unit(
        actor=None,
        parent=None,
        code="R1",
        name="中共某市委员会",
        level="city",
        kind="party_committee",
        has_office=True,
    )
    child = org_services.create_unit(
        actor=None, parent=root, code="R1-1", name="某局", level="city", kind="department"
    )
    user = account_services.create_user(
        actor=None, username="boot", full_name="启动", unit=root, password="Boot#2026pw"
    )
    out = _run("grant_role", "boot", "security_admin", "R1")
    assert "security_admin" in out and "two-factor" in out
    _run("grant_role", "boot", "unit_liaison", "R1-1", "--only-this-unit")
    assignment = RoleAssignment.objects.get(user=user, role="unit_liaison")
    assert assignment.unit == child and not assignment.include_descendants
    assert AuditEvent.objects.filter(event_type=EventType.ROLE_ASSIGNED).count() == 2
    with pytest.raises(CommandError):
        _run("grant_role", "boot", "audit_admin", "R1")  # a second of the three admin roles
    with pytest.raises(CommandError):
        _run("grant_role", "boot", "no_such_role", "R1")
    with pytest.raises(CommandError):
        _run("grant_role", "nobody", "custodian", "R1")
    with pytest.raises(CommandError):
        _run("grant_role", "boot", "custodian", "NOPE")
