"""The recusal services: the scan of a round, declarations, objections, decisions and reopening,
who may do each, and that a refused call changes nothing."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from tests.factories import make_cadre, make_people, make_plans, make_user
from xuncha.audit.models import AuditEvent, EventType
from xuncha.people import services as people_services
from xuncha.people.models import Cadre, FamilyRelation, Kinship, PoolMembership, Posting
from xuncha.plans.models import RoundStatus
from xuncha.staffing import recusal
from xuncha.staffing.models import (
    MemberRole,
    Recusal,
    RecusalKind,
    RecusalSource,
    RecusalStatus,
    TeamMember,
)
from xuncha.staffing.rules import Rule, blockers

pytestmark = pytest.mark.django_db


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    plans = make_plans(tree, people)
    return SimpleNamespace(
        tree=tree,
        personas=personas,
        people=people,
        plans=plans,
        round=plans.round_a1,
        target=tree.dept_a1,
    )


def _state():
    """Rows and audit events: what a refused call must leave as it was."""
    return (
        list(Recusal.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def _own_account(cadre, username="cadre_self"):
    user = make_user(username, unit=cadre.unit)
    Cadre.objects.filter(pk=cadre.pk).update(user=user)
    cadre.refresh_from_db()
    return user


def _scan(ns, actor=None):
    return recusal.scan_round(ns.round, actor=actor)


# --- the scan ----------------------------------------------------------------------------------


def test_scan_records_each_conflict_once(ns):
    # 李秀英 works at the target itself; 张建国 (county A1) does not.
    first = _scan(ns, ns.personas.office_a)
    assert (first.new, first.known, first.cleared, first.cadres, first.targets) == (1, 0, 0, 2, 1)
    row = Recusal.objects.get()
    assert (row.cadre, row.target, row.round, row.rule) == (
        ns.people.in_dept,
        ns.target,
        ns.round,
        Rule.CURRENT_POST,
    )
    assert (row.source, row.status, row.kind) == (
        RecusalSource.RULE,
        RecusalStatus.OPEN,
        RecusalKind.OFFICIAL_DUTY,
    )
    assert "甲一县农业农村局" in row.detail
    assert row.created_by == ns.personas.office_a
    again = _scan(ns, ns.personas.office_a)
    assert (again.new, again.known, again.cleared) == (0, 1, 0)
    assert Recusal.objects.count() == 1


def test_scan_writes_one_audit_event_on_the_round(ns):
    before = AuditEvent.objects.count()
    result = _scan(ns, ns.personas.office_a)
    event = AuditEvent.objects.latest("seq")
    assert AuditEvent.objects.count() == before + 1
    assert event.event_type == EventType.RECUSAL_RAISED
    assert (event.object_type, event.object_id) == ("plans.round", str(ns.round.pk))
    assert event.changes["new"] == result.created_ids == [Recusal.objects.get().pk]
    assert event.unit_id == ns.tree.county_a1.pk
    assert event.actor_id == ns.personas.office_a.pk


def test_scan_keeps_decisions_and_clears_what_no_longer_fires(ns):
    _scan(ns)
    row = Recusal.objects.get()
    recusal.decide(row, actor=None, status=RecusalStatus.OVERRIDDEN, reason="仅负责会务")
    assert _scan(ns).known == 1
    assert Recusal.objects.get().status == RecusalStatus.OVERRIDDEN
    # A second conflict, then its cause goes away before a decision.
    FamilyRelation.objects.create(
        cadre=ns.people.in_a1, kinship=Kinship.SPOUSE, full_name="陈丽", unit=ns.target
    )
    assert _scan(ns).new == 1
    FamilyRelation.objects.filter(full_name="陈丽").update(unit=ns.tree.county_a2)
    result = _scan(ns)
    assert (result.new, result.cleared) == (0, 1)
    cleared = Recusal.objects.get(rule=Rule.RELATIVE_WORKS)
    assert cleared.status == RecusalStatus.DISMISSED and cleared.decision_reason
    # The decided one is untouched.
    assert Recusal.objects.get(rule=Rule.CURRENT_POST).status == RecusalStatus.OVERRIDDEN
    # When the rule fires again, the conflict is open again.
    FamilyRelation.objects.filter(full_name="陈丽").update(unit=ns.target)
    result = _scan(ns)
    assert (result.new, result.reopened) == (0, 1)
    assert Recusal.objects.get(rule=Rule.RELATIVE_WORKS).status == RecusalStatus.OPEN
    assert Recusal.objects.count() == 2


def test_scan_merges_the_same_rule_into_one_row(ns):
    for name in ("陈丽", "张小明"):
        FamilyRelation.objects.create(
            cadre=ns.people.in_a1, kinship=Kinship.LINEAL, full_name=name, unit=ns.target
        )
    _scan(ns)
    row = Recusal.objects.get(cadre=ns.people.in_a1)
    assert "陈丽" in row.detail and "张小明" in row.detail


def test_scan_covers_team_members_and_skips_former_pool_members(ns):
    outsider_of_pool = make_cadre(ns.target, "吴新来")
    TeamMember.objects.create(round=ns.round, team=ns.people.team_a1, cadre=outsider_of_pool)
    PoolMembership.objects.filter(cadre=ns.people.in_dept).update(
        removed_on=date(2026, 1, 1), removal_reason="调离"
    )
    _scan(ns)
    assert set(Recusal.objects.values_list("cadre__full_name", flat=True)) == {"吴新来"}


def test_scan_skips_inactive_pools(ns):
    ns.people.staff_a1.is_active = False
    ns.people.staff_a1.save()
    assert _scan(ns).new == 0


@pytest.mark.parametrize("who", ["outsider", "viewer_a", "upper", "norole"])
def test_scan_is_refused_beyond_the_office_and_changes_nothing(ns, who):
    before = _state()
    with pytest.raises(PermissionDenied):
        _scan(ns, getattr(ns.personas, who))
    assert _state() == before


def test_a_closed_round_is_not_scanned(ns):
    ns.round.status = RoundStatus.CLOSED
    ns.round.save()
    before = _state()
    with pytest.raises(ValidationError):
        _scan(ns, ns.personas.office_a)
    assert _state() == before


# --- decisions ---------------------------------------------------------------------------------


@pytest.fixture
def conflict(ns):
    """李秀英 works at the target: an open rule conflict of the round."""
    _scan(ns)
    return Recusal.objects.get()


def test_override_with_a_reason_unblocks_the_assignment(ns, conflict):
    key = (ns.people.in_dept.pk, ns.target.pk)
    assert key in blockers([ns.people.in_dept], [ns.target], ns.round)
    before = _state()
    with pytest.raises(ValidationError) as err:
        recusal.decide(
            conflict, actor=ns.personas.office_a, status=RecusalStatus.OVERRIDDEN, reason="  "
        )
    assert "reason" in err.value.message_dict
    assert _state() == before
    decided = recusal.decide(
        conflict,
        actor=ns.personas.office_a,
        status=RecusalStatus.OVERRIDDEN,
        reason="只负责财务账目核对以外事项",
    )
    assert decided.status == RecusalStatus.OVERRIDDEN
    assert decided.decided_by == ns.personas.office_a and decided.decided_at
    assert key not in blockers([ns.people.in_dept], [ns.target], ns.round)
    event = AuditEvent.objects.latest("seq")
    assert event.event_type == EventType.RECUSAL_DECIDED
    assert event.changes["status"] == ["open", "overridden"]
    assert event.reason == "只负责财务账目核对以外事项"


def test_dismiss_needs_a_reason(ns, conflict):
    with pytest.raises(ValidationError):
        recusal.decide(conflict, actor=None, status=RecusalStatus.DISMISSED, reason="")
    recusal.decide(conflict, actor=None, status=RecusalStatus.DISMISSED, reason="同名同姓")
    assert Recusal.objects.get().status == RecusalStatus.DISMISSED


def test_upheld_with_a_free_substitute(ns, conflict):
    decided = recusal.decide(
        conflict,
        actor=ns.personas.office_a,
        status=RecusalStatus.UPHELD,
        substitute=ns.people.in_a1,
    )
    assert (decided.status, decided.substitute) == (RecusalStatus.UPHELD, ns.people.in_a1)
    # Upheld still blocks.
    assert (ns.people.in_dept.pk, ns.target.pk) in blockers(
        [ns.people.in_dept], [ns.target], ns.round
    )


def test_upheld_with_a_blocked_substitute_is_refused(ns, conflict):
    FamilyRelation.objects.create(
        cadre=ns.people.in_a1, kinship=Kinship.SPOUSE, full_name="陈丽", unit=ns.target
    )
    before = _state()
    with pytest.raises(ValidationError) as err:
        recusal.decide(
            conflict,
            actor=ns.personas.office_a,
            status=RecusalStatus.UPHELD,
            substitute=ns.people.in_a1,
        )
    assert "陈丽" in err.value.message_dict["substitute"][0]
    assert _state() == before


def test_a_substitute_outside_the_pools_is_refused(ns, conflict):
    before = _state()
    for substitute in (ns.people.in_a2, ns.people.in_dept):  # no pool of county A1; the cadre
        with pytest.raises(ValidationError):
            recusal.decide(conflict, actor=None, status=RecusalStatus.UPHELD, substitute=substitute)
    with pytest.raises(ValidationError):  # a substitute only when upheld
        recusal.decide(
            conflict,
            actor=None,
            status=RecusalStatus.OVERRIDDEN,
            reason="x",
            substitute=ns.people.in_a1,
        )
    assert _state() == before


def test_a_leader_seat_needs_a_leader_free_substitute(ns, conflict):
    """A cadre who leads a team is replaced by someone free of the leader-only rules too."""
    seat = TeamMember.objects.create(
        round=ns.round, team=ns.people.team_a1, cadre=ns.people.in_dept, role=MemberRole.LEADER
    )
    # 张建国 worked at the target for five years, long ago: a leader-only rule.
    Posting.objects.create(
        cadre=ns.people.in_a1,
        unit=ns.target,
        started_on=date(2001, 1, 1),
        ended_on=date(2006, 1, 1),
    )
    with pytest.raises(ValidationError) as err:
        recusal.decide(
            conflict, actor=None, status=RecusalStatus.UPHELD, substitute=ns.people.in_a1
        )
    assert "substitute" in err.value.message_dict
    # For a member's seat he is free.
    seat.role = MemberRole.MEMBER
    seat.save()
    recusal.decide(conflict, actor=None, status=RecusalStatus.UPHELD, substitute=ns.people.in_a1)


@pytest.mark.parametrize("who", ["viewer_a", "outsider", "upper", "norole"])
def test_deciding_is_the_office_s_and_a_refusal_changes_nothing(ns, conflict, who):
    before = _state()
    with pytest.raises(PermissionDenied):
        recusal.decide(
            conflict, actor=getattr(ns.personas, who), status=RecusalStatus.DISMISSED, reason="x"
        )
    assert _state() == before


def test_only_an_open_recusal_is_decided_and_reopen_corrects_it(ns, conflict):
    office = ns.personas.office_a
    recusal.decide(conflict, actor=office, status=RecusalStatus.DISMISSED, reason="误报")
    before = _state()
    with pytest.raises(ValidationError):
        recusal.decide(conflict, actor=office, status=RecusalStatus.OVERRIDDEN, reason="改判")
    with pytest.raises(ValidationError):
        recusal.reopen(conflict, actor=office, reason="")
    with pytest.raises(PermissionDenied):
        recusal.reopen(conflict, actor=ns.personas.viewer_a, reason="复核")
    assert _state() == before
    reopened = recusal.reopen(conflict, actor=office, reason="复核发现确系亲属")
    assert reopened.status == RecusalStatus.OPEN and not reopened.decision_reason
    event = AuditEvent.objects.latest("seq")
    assert event.changes["status"] == ["dismissed", "open"]
    assert event.changes["decision_reason"] == ["误报", ""]
    with pytest.raises(ValidationError):
        recusal.reopen(conflict, actor=office, reason="再次")
    recusal.decide(conflict, actor=office, status=RecusalStatus.UPHELD)
    assert Recusal.objects.get().status == RecusalStatus.UPHELD


def test_a_stale_copy_cannot_decide_twice(ns, conflict):
    stale = Recusal.objects.get(pk=conflict.pk)
    recusal.decide(conflict, actor=None, status=RecusalStatus.UPHELD)
    with pytest.raises(ValidationError):
        recusal.decide(stale, actor=None, status=RecusalStatus.OVERRIDDEN, reason="x")
    assert Recusal.objects.get().status == RecusalStatus.UPHELD


# --- declarations and objections ---------------------------------------------------------------


def test_the_cadre_declares_for_themselves(ns):
    cadre = ns.people.in_a1
    user = _own_account(cadre)
    row = recusal.declare(
        cadre,
        ns.target,
        actor=user,
        round=ns.round,
        kind=RecusalKind.POSITION,
        detail="妻弟在该局任办公室主任",
    )
    assert (row.source, row.status, row.created_by) == (
        RecusalSource.DECLARATION,
        RecusalStatus.OPEN,
        user,
    )
    event = AuditEvent.objects.latest("seq")
    assert (event.event_type, event.actor_role) == (EventType.RECUSAL_RAISED, "self")
    # An open declaration blocks the assignment, as member and as leader.
    found = blockers([cadre], [ns.target], ns.round)[(cadre.pk, ns.target.pk)]
    assert [b.recusal_id for b in found] == [row.pk]
    # The cadre sees it; the office too.
    assert list(recusal.visible_recusals(user)) == [row]
    assert row in recusal.visible_recusals(ns.personas.office_a)
    # Declaring it twice is refused.
    with pytest.raises(ValidationError):
        recusal.declare(
            cadre, ns.target, actor=user, round=ns.round, kind=RecusalKind.POSITION, detail="同上"
        )


def test_the_office_declares_for_a_cadre(ns):
    row = recusal.declare(
        ns.people.in_a1,
        ns.target,
        actor=ns.personas.office_a,
        kind=RecusalKind.REGION,
        detail="纸质申报表转录",
    )
    assert row.round is None


@pytest.mark.parametrize("who", ["outsider", "viewer_a", "norole"])
def test_someone_else_may_not_declare_for_a_cadre(ns, who):
    _own_account(ns.people.in_a1)
    before = _state()
    with pytest.raises(PermissionDenied):
        recusal.declare(
            ns.people.in_a1,
            ns.target,
            actor=getattr(ns.personas, who),
            round=ns.round,
            kind=RecusalKind.POSITION,
            detail="冒名申报",
        )
    assert _state() == before


def test_a_declaration_names_a_target_of_the_round(ns):
    user = _own_account(ns.people.in_a1)
    before = _state()
    with pytest.raises(ValidationError) as err:
        recusal.declare(
            ns.people.in_a1,
            ns.tree.county_a2,
            actor=user,
            round=ns.round,
            kind=RecusalKind.POSITION,
            detail="x",
        )
    assert "target" in err.value.message_dict
    with pytest.raises(ValidationError):
        recusal.declare(
            ns.people.in_a1, ns.target, actor=user, round=ns.round, kind="nonsense", detail="x"
        )
    with pytest.raises(ValidationError):
        recusal.declare(
            ns.people.in_a1,
            ns.target,
            actor=user,
            round=ns.round,
            kind=RecusalKind.POSITION,
            detail="  ",
        )
    assert _state() == before


def test_the_target_objects(ns):
    row = recusal.object_to(
        ns.people.in_a1,
        ns.target,
        actor=ns.personas.office_a,
        round=ns.round,
        raised_by="局党组书记钱学明",
        detail="该同志曾与本局主要负责人有经济往来",
    )
    assert (row.source, row.raised_by) == (RecusalSource.OBJECTION, "局党组书记钱学明")
    before = _state()
    with pytest.raises(ValidationError):
        recusal.object_to(
            ns.people.in_a1,
            ns.target,
            actor=ns.personas.office_a,
            round=ns.round,
            raised_by=" ",
            detail="x",
        )
    for who in ("outsider", "viewer_a"):
        with pytest.raises(PermissionDenied):
            recusal.object_to(
                ns.people.in_a1,
                ns.target,
                actor=getattr(ns.personas, who),
                round=ns.round,
                raised_by="某",
                detail="x",
            )
    assert _state() == before
    # Overridden, it no longer blocks.
    recusal.decide(
        row, actor=ns.personas.office_a, status=RecusalStatus.OVERRIDDEN, reason="经核实无经济往来"
    )
    assert (ns.people.in_a1.pk, ns.target.pk) not in blockers(
        [ns.people.in_a1], [ns.target], ns.round
    )


def test_a_recusal_without_a_round_is_decided_by_the_office_over_the_cadre(ns):
    row = recusal.declare(
        ns.people.in_a1, ns.target, actor=None, kind=RecusalKind.POSITION, detail="x"
    )
    with pytest.raises(ValidationError):  # no substitute outside a round
        recusal.decide(
            row,
            actor=ns.personas.office_a,
            status=RecusalStatus.UPHELD,
            substitute=ns.people.in_dept,
        )
    with pytest.raises(PermissionDenied):
        recusal.decide(row, actor=ns.personas.outsider, status=RecusalStatus.UPHELD)
    recusal.decide(row, actor=ns.personas.office_a, status=RecusalStatus.UPHELD)


# --- who sees what -----------------------------------------------------------------------------


def test_visibility(ns, conflict):
    p = ns.personas
    no_round = recusal.declare(
        ns.people.in_a1, ns.target, actor=None, kind=RecusalKind.POSITION, detail="x"
    )
    b = recusal.declare(
        ns.people.in_b,
        ns.plans.dept_b1,
        actor=None,
        round=ns.plans.round_b,
        kind=RecusalKind.POSITION,
        detail="x",
    )
    assert set(recusal.visible_recusals(p.office_a)) == {conflict, no_round}
    # The leading group approves the round: its recusals, not the cadre's other records.
    assert set(recusal.visible_recusals(p.viewer_a)) == {conflict}
    assert set(recusal.visible_recusals(p.outsider)) == {b}
    for who in (p.upper, p.norole, p.liaison_a1, p.auditor_a):
        assert not recusal.visible_recusals(who).exists()
    # The cadre sees their own declarations only, not what the rules or the target raised.
    user = _own_account(ns.people.in_dept)
    mine = recusal.declare(
        ns.people.in_dept,
        ns.target,
        actor=user,
        round=ns.round,
        kind=RecusalKind.POSITION,
        detail="本人在该局工作",
    )
    assert list(recusal.visible_recusals(user)) == [mine]
    with pytest.raises(Http404):
        recusal.get_recusal_for_user(user, conflict.pk)


def test_check_cadre_explains_every_target(ns):
    FamilyRelation.objects.create(
        cadre=ns.people.in_a1,
        kinship=Kinship.SPOUSE,
        relation="妻子",
        full_name="陈丽",
        unit=ns.target,
    )
    rows = recusal.check_cadre(ns.personas.office_a, ns.people.in_a1, ns.round)
    assert [r.target for r in rows] == [ns.target]
    (row,) = rows
    assert [c.rule for c in row.conflicts] == [Rule.RELATIVE_WORKS]
    assert "陈丽" in row.conflicts[0].detail
    assert row.as_member and row.as_leader and not row.clear
    assert recusal.may_check(ns.personas.office_a, ns.people.in_a1, ns.round)
    # Beyond the round's candidates, only the office over the cadre's unit.
    assert recusal.may_check(ns.personas.office_a, ns.people.in_a2, ns.round)
    assert not recusal.may_check(ns.personas.outsider, ns.people.in_a1, ns.round)


def test_approving_the_round_does_not_open_the_check(ns):
    # The check reads relatives and former colleagues: the leading group approves the round
    # but holds neither people.edit nor plan.edit, not even for the round's own candidates.
    assert recusal.round_candidates(ns.round).filter(pk=ns.people.in_a1.pk).exists()
    assert not recusal.may_check(ns.personas.viewer_a, ns.people.in_a1, ns.round)
    assert not recusal.may_check(ns.personas.viewer_a, ns.people.in_a2, ns.round)


def test_the_leading_group_sees_recusals_without_their_detail(ns, conflict):
    row = recusal.get_recusal_for_user(ns.personas.viewer_a, conflict.pk)
    assert row.detail_visible is False
    assert recusal.get_recusal_for_user(ns.personas.office_a, conflict.pk).detail_visible
    # The cadre reads their own declaration in full.
    user = _own_account(ns.people.in_dept)
    mine = recusal.declare(
        ns.people.in_dept,
        ns.target,
        actor=user,
        round=ns.round,
        kind=RecusalKind.POSITION,
        detail="本人在该局工作",
    )
    assert recusal.get_recusal_for_user(user, mine.pk).detail_visible


def test_eligible_substitutes_leave_out_the_blocked(ns):
    people_services.add_to_pool(
        ns.people.staff_a1, make_cadre(ns.tree.county_a1, "郑自由"), actor=None
    )
    FamilyRelation.objects.create(
        cadre=ns.people.in_a1, kinship=Kinship.SPOUSE, full_name="陈丽", unit=ns.target
    )
    pool = list(recusal.pool_members(ns.round))
    free = recusal.eligible_substitutes(ns.round, [ns.target], pool)
    assert [c.full_name for c in free[(ns.target.pk, False)]] == ["郑自由"]


def test_a_conflict_closed_by_the_scan_blocks_again_when_it_fires_again(ns):
    relative = FamilyRelation.objects.create(
        cadre=ns.people.in_a1, kinship=Kinship.SPOUSE, full_name="陈丽", unit=ns.target
    )
    _scan(ns)
    relative.unit = ns.tree.county_a2
    relative.save()
    assert _scan(ns).cleared == 1
    relative.unit = ns.target
    relative.save()
    # No scan in between: the team-formation check must still see the conflict.
    assert (ns.people.in_a1.pk, ns.target.pk) in blockers([ns.people.in_a1], [ns.target], ns.round)


# --- a decision covers the facts it saw -----------------------------------------------------------


def _wife_at_target(ns, name="陈丽"):
    return FamilyRelation.objects.create(
        cadre=ns.people.in_a1,
        kinship=Kinship.SPOUSE,
        relation="妻子",
        full_name=name,
        unit=ns.target,
    )


def test_an_override_does_not_clear_a_new_fact_under_the_same_rule(ns):
    _wife_at_target(ns)
    _scan(ns)
    row = Recusal.objects.get(cadre=ns.people.in_a1)
    recusal.decide(row, actor=None, status=RecusalStatus.OVERRIDDEN, reason="已离婚，登记未更新")
    key = (ns.people.in_a1.pk, ns.target.pk)
    assert key not in blockers([ns.people.in_a1], [ns.target], ns.round)
    # A second close relative at the target: the decision did not see it.
    FamilyRelation.objects.create(
        cadre=ns.people.in_a1,
        kinship=Kinship.LINEAL,
        relation="儿子",
        full_name="张小明",
        unit=ns.target,
    )
    found = blockers([ns.people.in_a1], [ns.target], ns.round)[key]
    assert [(b.rule, "张小明" in b.detail) for b in found] == [(Rule.RELATIVE_WORKS, True)]


def test_the_scan_reopens_a_decision_when_new_facts_appear(ns):
    _wife_at_target(ns)
    _scan(ns)
    row = Recusal.objects.get(cadre=ns.people.in_a1)
    recusal.decide(row, actor=None, status=RecusalStatus.DISMISSED, reason="同名，非本人配偶")
    # Rescanning the same facts keeps the decision.
    assert _scan(ns).reopened == 0
    assert Recusal.objects.get(pk=row.pk).status == RecusalStatus.DISMISSED
    FamilyRelation.objects.create(
        cadre=ns.people.in_a1,
        kinship=Kinship.LINEAL,
        relation="儿子",
        full_name="张小明",
        unit=ns.target,
    )
    result = _scan(ns, ns.personas.office_a)
    assert (result.new, result.reopened) == (0, 1)
    row.refresh_from_db()
    assert row.status == RecusalStatus.OPEN
    assert "陈丽" in row.detail and "张小明" in row.detail
    assert (row.decision_reason, row.decided_by, row.decided_at) == ("", None, None)
    # The old decision stays in the audit trail, on the recusal itself.
    event = AuditEvent.objects.filter(
        object_type="staffing.recusal", object_id=str(row.pk), event_type=EventType.RECUSAL_RAISED
    ).latest("seq")
    assert event.changes["status"] == ["dismissed", "open"]
    assert event.changes["decision_reason"] == ["同名，非本人配偶", ""]
    assert "张小明" not in event.changes["detail"][0] and "张小明" in event.changes["detail"][1]
    assert event.reason and event.actor_id == ns.personas.office_a.pk
    assert row.pk in AuditEvent.objects.latest("seq").changes["reopened"]
    # Once decided again, the new facts are covered.
    recusal.decide(row, actor=None, status=RecusalStatus.OVERRIDDEN, reason="均已核实")
    assert (ns.people.in_a1.pk, ns.target.pk) not in blockers(
        [ns.people.in_a1], [ns.target], ns.round
    )
    assert _scan(ns).reopened == 0


def test_an_upheld_decision_stays_when_new_facts_appear(ns):
    _wife_at_target(ns)
    _scan(ns)
    row = Recusal.objects.get(cadre=ns.people.in_a1)
    recusal.decide(row, actor=None, status=RecusalStatus.UPHELD)
    _wife_at_target(ns, "陈美")
    assert _scan(ns).reopened == 0
    assert Recusal.objects.get(pk=row.pk).status == RecusalStatus.UPHELD


# --- a closed round ----------------------------------------------------------------------------


def test_a_closed_round_s_recusals_are_neither_decided_nor_reopened(ns, conflict):
    decided = recusal.declare(
        ns.people.in_a1,
        ns.target,
        actor=None,
        round=ns.round,
        kind=RecusalKind.POSITION,
        detail="本人申报",
    )
    recusal.decide(decided, actor=None, status=RecusalStatus.UPHELD)
    ns.round.status = RoundStatus.CLOSED
    ns.round.save()
    before = _state()
    with pytest.raises(ValidationError) as exc:
        recusal.decide(
            conflict, actor=ns.personas.office_a, status=RecusalStatus.DISMISSED, reason="借调"
        )
    assert exc.value.error_list[0].code == "round_closed"
    with pytest.raises(ValidationError) as exc:
        recusal.reopen(decided, actor=ns.personas.office_a, reason="复核")
    assert exc.value.error_list[0].code == "round_closed"
    # Authority is still checked first.
    with pytest.raises(PermissionDenied):
        recusal.reopen(decided, actor=ns.personas.viewer_a, reason="复核")
    assert _state() == before


def test_a_declaration_without_a_round_is_not_recorded_twice(ns):
    recusal.declare(
        ns.people.in_a1, ns.target, actor=None, kind=RecusalKind.POSITION, detail="配偶在该局"
    )
    before = _state()
    with pytest.raises(ValidationError) as exc:
        recusal.declare(
            ns.people.in_a1,
            ns.target,
            actor=ns.personas.office_a,
            kind=RecusalKind.POSITION,
            detail="同上",
        )
    assert "target" in exc.value.message_dict
    assert _state() == before


def test_a_decision_holds_whatever_language_the_reader_uses(ns, conflict):
    # The scan ran in the site's language; an English reader's check must match it line by line.
    recusal.decide(conflict, actor=None, status=RecusalStatus.OVERRIDDEN, reason="借调人员")
    key = (ns.people.in_dept.pk, ns.target.pk)
    with translation.override("en"):
        assert key not in blockers([ns.people.in_dept], [ns.target], ns.round)
        assert _scan(ns).reopened == 0
