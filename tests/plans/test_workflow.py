"""The inspection lifecycle: one step forward at a time, guards, a terminal archive, and the
conditional update that makes a stale second move fail."""

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import make_cadre
from tests.plans.conftest import dept
from xuncha.accounts.roles import Capability
from xuncha.audit.models import AuditEvent, EventType
from xuncha.plans import services, workflow
from xuncha.plans.models import STAGE_ORDER, Inspection, InspectionEvent, Stage

pytestmark = pytest.mark.django_db


def _authorize(plans, people):
    """张建国 leads team A1 in the round and holds its authorization."""
    apps.get_model("staffing", "TeamMember").objects.create(
        round=plans.round_a1, team=people.team_a1, cadre=people.in_a1, role="leader"
    )
    apps.get_model("staffing", "Authorization").objects.create(
        round=plans.round_a1,
        team=people.team_a1,
        leader=people.in_a1,
        document_number="甲一巡授〔2026〕1号",
    )


def _approve(plans):
    services.submit_round(plans.round_a1, actor=None)
    services.approve_round(plans.round_a1, actor=None)


def _fresh(inspection) -> Inspection:
    return Inspection.objects.select_related("round", "round__jurisdiction", "target").get(
        pk=inspection.pk
    )


def test_the_table_is_the_stage_order():
    assert [s.from_stage for s in workflow.TRANSITIONS.values()] == STAGE_ORDER[:-1]
    assert [s.to_stage for s in workflow.TRANSITIONS.values()] == STAGE_ORDER[1:]
    assert all(s.capability == Capability.PLAN_EDIT for s in workflow.TRANSITIONS.values())
    assert workflow.next_step(Stage.ARCHIVED) is None


def test_authorization_is_required(plans, people, personas, unchanged):
    inspection = plans.inspection_a1
    assert workflow.blocked_by(inspection)
    with unchanged(), pytest.raises(ValidationError):
        services.transition(inspection, Stage.AUTHORIZED, actor=personas.office_a)
    _authorize(plans, people)
    assert workflow.blocked_by(inspection) is None
    moved = services.transition(
        inspection, Stage.AUTHORIZED, actor=personas.office_a, note="授权书已印发"
    )
    assert moved.stage == Stage.AUTHORIZED and _fresh(inspection).stage == Stage.AUTHORIZED
    event = InspectionEvent.objects.get(inspection=inspection)
    assert (event.from_stage, event.to_stage, event.note, event.actor) == (
        Stage.PLANNED,
        Stage.AUTHORIZED,
        "授权书已印发",
        personas.office_a,
    )
    audit = AuditEvent.objects.filter(event_type=EventType.INSPECTION_TRANSITIONED).get()
    assert audit.changes == {"stage": ["planned", "authorized"]}
    assert audit.reason == "授权书已印发"


def test_stationing_needs_an_approved_round(plans, people, unchanged):
    _authorize(plans, people)
    inspection = services.transition(plans.inspection_a1, Stage.AUTHORIZED, actor=None)
    with unchanged(), pytest.raises(ValidationError):
        services.transition(inspection, Stage.STATIONED, actor=None)
    _approve(plans)
    assert (
        services.transition(_fresh(inspection), Stage.STATIONED, actor=None).stage
        == Stage.STATIONED
    )


def test_stationing_needs_the_current_leader_authorized(plans, people, tree, unchanged):
    """After a change of leader the old authorization does not station the team."""
    _authorize(plans, people)
    _approve(plans)
    inspection = services.transition(_fresh(plans.inspection_a1), Stage.AUTHORIZED, actor=None)
    members = apps.get_model("staffing", "TeamMember").objects
    members.filter(round=plans.round_a1, role="leader").delete()
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.transition(inspection, Stage.STATIONED, actor=None)
    assert "没有组长" in " ".join(exc.value.messages)
    new_leader = make_cadre(tree.county_a1, "钱新任")
    members.create(round=plans.round_a1, team=people.team_a1, cadre=new_leader, role="leader")
    assert "钱新任" in workflow.blocked_by(_fresh(inspection))
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.transition(_fresh(inspection), Stage.STATIONED, actor=None)
    assert "张建国" in " ".join(exc.value.messages) and "钱新任" in " ".join(exc.value.messages)
    apps.get_model("staffing", "Authorization").objects.filter(round=plans.round_a1).update(
        leader=new_leader
    )
    assert workflow.blocked_by(_fresh(inspection)) is None
    assert services.transition(_fresh(inspection), Stage.STATIONED, actor=None).stage == (
        Stage.STATIONED
    )


def test_no_skipping_no_going_back(plans, people, unchanged):
    _authorize(plans, people)
    _approve(plans)
    inspection = _fresh(plans.inspection_a1)
    with unchanged():
        for stage in (Stage.STATIONED, Stage.ARCHIVED, Stage.PLANNED, "nonsense"):
            with pytest.raises(ValidationError):
                services.transition(inspection, stage, actor=None)
    inspection = services.transition(inspection, Stage.AUTHORIZED, actor=None)
    inspection = services.transition(inspection, Stage.STATIONED, actor=None)
    with unchanged(), pytest.raises(ValidationError):  # backwards
        services.transition(inspection, Stage.AUTHORIZED, actor=None)


def test_all_the_way_to_the_terminal_archive(plans, people, personas, unchanged):
    _authorize(plans, people)
    _approve(plans)
    inspection = _fresh(plans.inspection_a1)
    for stage in STAGE_ORDER[1:]:
        inspection = services.transition(inspection, stage, actor=personas.office_a)
    assert inspection.stage == Stage.ARCHIVED
    assert InspectionEvent.objects.filter(inspection=inspection).count() == 7
    with unchanged():
        for stage in STAGE_ORDER:
            with pytest.raises(ValidationError):
                services.transition(inspection, stage, actor=personas.office_a)
        with pytest.raises(ValidationError):
            services.add_timeline_event(inspection, title="补记", actor=personas.office_a)


def test_a_stale_second_move_fails(plans, people, unchanged):
    _authorize(plans, people)
    first = _fresh(plans.inspection_a1)
    second = _fresh(plans.inspection_a1)  # the same page open twice
    services.transition(first, Stage.AUTHORIZED, actor=None)
    with unchanged(), pytest.raises(ValidationError):
        services.transition(second, Stage.AUTHORIZED, actor=None)
    assert InspectionEvent.objects.filter(inspection=plans.inspection_a1).count() == 1


def test_moves_need_plan_edit(plans, people, personas, unchanged):
    _authorize(plans, people)
    with unchanged():
        for persona in (personas.viewer_a, personas.outsider, personas.upper, personas.norole):
            with pytest.raises(PermissionDenied):
                services.transition(_fresh(plans.inspection_a1), Stage.AUTHORIZED, actor=persona)


def test_timeline_events(plans, personas, unchanged):
    event = services.add_timeline_event(
        plans.inspection_a1, title="召开进驻动员会", actor=personas.office_a, note="县委书记讲话"
    )
    assert (event.title, event.to_stage, event.actor_name) == ("召开进驻动员会", "", "office_a")
    audit = AuditEvent.objects.filter(event_type=EventType.INSPECTION_NOTED).get()
    assert audit.changes == {"timeline": [None, "召开进驻动员会"]}
    # The upper level sees it (and may note), the unit's liaison and the outsider do not.
    services.add_timeline_event(plans.inspection_a1, title="省委巡视办调度", actor=personas.upper)
    with unchanged():
        with pytest.raises(PermissionDenied):
            services.add_timeline_event(plans.inspection_a1, title="x", actor=personas.liaison_a1)
        with pytest.raises(PermissionDenied):
            services.add_timeline_event(plans.inspection_a1, title="x", actor=personas.outsider)
        with pytest.raises(ValidationError):
            services.add_timeline_event(plans.inspection_a1, title=" ", actor=personas.office_a)


def test_authorize_every_target_of_a_team(tree, plans, people):
    other = dept("甲一县财政局", tree.county_a1)
    services.add_inspection(plans.round_a1, actor=None, target=other, team=people.team_a1)
    _authorize(plans, people)
    moved = services.authorize_inspections(
        plans.round_a1, people.team_a1, actor=None, note="一次一授权"
    )
    assert {i.target for i in moved} == {tree.dept_a1, other}
    assert set(plans.round_a1.inspections.values_list("stage", flat=True)) == {Stage.AUTHORIZED}
    assert services.authorize_inspections(plans.round_a1, people.team_a1, actor=None) == []
