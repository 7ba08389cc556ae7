"""Registering petitions, the identity kept apart and revealed only with an audit event, and the
status workflow with its refusals (each shown to change nothing)."""

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import make_user
from tests.petitions.conftest import REPORTER, register
from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork import services as fieldwork_services
from xuncha.petitions import services, workflow
from xuncha.petitions.access import may_see_identity, visible_petitions
from xuncha.petitions.models import (
    Petition,
    PetitionEvent,
    ReporterIdentity,
    Status,
    Subject,
)


def _state():
    """Everything a refused call must leave as it was."""
    return (
        list(Petition.objects.order_by("pk").values()),
        list(Subject.objects.order_by("pk").values()),
        list(ReporterIdentity.objects.order_by("pk").values()),
        PetitionEvent.objects.count(),
        AuditEvent.objects.count(),
    )


def _events(kind):
    return AuditEvent.objects.filter(event_type=kind)


def test_register_keeps_identity_apart_and_numbers_per_inspection(ns):
    first = register(ns.inspection, actor=ns.member)
    second = register(ns.inspection, actor=ns.personas.office_a, named=False)
    other = register(ns.plans.inspection_b, actor=None)
    assert (first.number, second.number, other.number) == (1, 2, 1)
    assert first.label == "信访件第1号"
    assert first.jurisdiction == ns.plans.round_a1.jurisdiction
    assert first.status == Status.REGISTERED and not first.anonymous and second.anonymous
    assert ReporterIdentity.objects.get(petition=first).name == REPORTER
    assert not ReporterIdentity.objects.filter(petition=second).exists()
    assert [str(s) for s in first.subjects.all()] == ["钱局长（局长）"]
    event = _events(EventType.PETITION_REGISTERED).get(object_id=str(first.pk))
    assert event.actor_role == "team:member" and event.unit == ns.inspection.target
    # Neither the reporter nor the text reaches the audit trail.
    dumped = json.dumps(event.changes, ensure_ascii=False)
    assert REPORTER not in dumped and "礼金" not in dumped
    assert first.events.get().action == PetitionEvent.Action.REGISTERED


@pytest.mark.parametrize("persona", ["viewer_a", "outsider", "liaison_a1", "norole", "upper"])
def test_register_refused_changes_nothing(ns, persona):
    before = _state()
    with pytest.raises(PermissionDenied):
        register(ns.inspection, actor=getattr(ns.personas, persona))
    assert _state() == before


def test_team_b_cannot_register_for_team_a(ns):
    before = _state()
    with pytest.raises(PermissionDenied):
        register(ns.inspection, actor=ns.leader_b)
    assert _state() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"summary": f"{REPORTER}反映局长收礼"}, "summary"),
        ({"content": "我是刘举报，电话13800001111"}, "content"),
        ({"subjects": [{"note": "某人"}]}, "subjects"),
        ({"subjects": []}, "subjects"),
        ({"received_on": timezone.localdate() + timedelta(days=1)}, "received_on"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_register_refuses_bad_input(ns, changes, field):
    before = _state()
    with pytest.raises(ValidationError) as caught:
        register(ns.inspection, actor=ns.member, **changes)
    assert field in caught.value.message_dict
    assert _state() == before


def test_named_needs_a_name_and_anonymous_keeps_none(ns):
    before = _state()
    with pytest.raises(ValidationError) as caught:
        services.register_petition(
            ns.inspection,
            actor=ns.member,
            received_on=date(2026, 3, 5),
            channel="phone",
            summary="反映问题",
            content="内容",
            subjects=[{"post": "局长"}],
            anonymous=False,
            identity={"name": " ", "id_number": "123"},
        )
    assert {"identity_name", "identity_id_number"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError) as caught:
        services.register_petition(
            ns.inspection,
            actor=ns.member,
            received_on=date(2026, 3, 5),
            channel="phone",
            summary="反映问题",
            content="内容",
            subjects=[{"post": "局长"}],
            anonymous=True,
            identity={"name": "某人"},
        )
    assert "anonymous" in caught.value.message_dict
    assert _state() == before


def test_identity_reveal_is_audited_every_time(ns):
    petition = register(ns.inspection, actor=ns.member)
    for viewer, role in (
        (ns.personas.office_a, "office_staff"),
        (ns.leader, "team:leader"),
        (ns.leader, "team:leader"),
    ):
        found = services.reveal_identity(petition, actor=viewer, purpose="核实")
        assert found.name == REPORTER
        assert (
            _events(EventType.REPORTER_IDENTITY_VIEWED).order_by("-seq").first().actor_role == role
        )
    assert _events(EventType.REPORTER_IDENTITY_VIEWED).count() == 3
    assert _events(EventType.REPORTER_IDENTITY_VIEWED).filter(reason="核实").count() == 3


def test_identity_refused_and_not_audited_for_others(ns):
    petition = register(ns.inspection, actor=ns.member)
    guest = make_user("guest_a1", unit=ns.tree.county_a1)
    fieldwork_services.grant_access(ns.inspection, guest, actor=ns.personas.office_a, reason="协助")
    refused = [
        ns.member,
        ns.personas.viewer_a,
        ns.personas.upper,
        guest,
        ns.leader_b,
        ns.personas.outsider,
        ns.personas.norole,
    ]
    before = _state()
    for user in refused:
        assert not may_see_identity(user, petition)
        with pytest.raises(PermissionDenied):
            services.reveal_identity(petition, actor=user)
    assert _state() == before
    # The grant holder and the leading group do read the petition itself.
    assert visible_petitions(guest).filter(pk=petition.pk).exists()
    assert visible_petitions(ns.personas.viewer_a).filter(pk=petition.pk).exists()


def test_anonymous_petition_has_no_identity_to_show(ns):
    petition = register(ns.inspection, actor=ns.member, named=False)
    before = _state()
    with pytest.raises(ValidationError):
        services.reveal_identity(petition, actor=ns.personas.office_a)
    assert _state() == before


def test_set_identity_records_fields_not_values(ns):
    petition = register(ns.inspection, actor=ns.member, named=False)
    with pytest.raises(PermissionDenied):
        services.set_identity(petition, actor=ns.member, name="王五")
    services.set_identity(
        petition, actor=ns.leader, name="王五", phone="13900002222", reason="来电补充署名"
    )
    petition.refresh_from_db()
    assert not petition.anonymous
    event = _events(EventType.PETITION_CHANGED).get()
    assert "王五" not in json.dumps(event.changes, ensure_ascii=False)
    assert event.changes["anonymous"] == [True, False]
    assert services.reveal_identity(petition, actor=ns.leader).phone == "13900002222"


def test_workflow_in_scope_to_closure(ns):
    petition = register(ns.inspection, actor=ns.member)
    workflow.assess_petition(
        petition,
        actor=ns.member,
        in_scope=True,
        reason="反映班子成员问题，属于受理范围",
        area="work_style",
    )
    workflow.take_up_petition(petition, actor=ns.member, note="列入谈话")
    workflow.close_petition(petition, actor=ns.leader, outcome="经核实部分属实，纳入问题清单")
    petition.refresh_from_db()
    assert petition.status == Status.CLOSED and petition.in_scope and petition.area == "work_style"
    assert petition.closed_on == timezone.localdate()
    assert [e.action for e in petition.events.all()] == [
        "registered",
        "assessed",
        "taken_up",
        "closed",
    ]
    assert _events(EventType.PETITION_CLOSED).count() == 1
    assert "纳入" not in json.dumps(
        _events(EventType.PETITION_CLOSED).get().changes, ensure_ascii=False
    )


def test_out_of_scope_petition_is_forwarded(ns):
    petition = register(ns.inspection, actor=ns.member, summary="反映本人劳动争议未解决")
    workflow.assess_petition(
        petition, actor=ns.member, in_scope=False, reason="个人诉求，不属于受理范围"
    )
    workflow.forward_petition(
        petition,
        actor=ns.member,
        to="甲一县人力资源和社会保障局",
        on=date(2026, 3, 6),
        reference="甲巡转〔2026〕1号",
    )
    petition.refresh_from_db()
    assert petition.status == Status.FORWARDED
    assert (petition.forwarded_to, petition.forwarded_on, petition.forward_reference) == (
        "甲一县人力资源和社会保障局",
        date(2026, 3, 6),
        "甲巡转〔2026〕1号",
    )
    event = _events(EventType.PETITION_FORWARDED).get()
    assert event.changes["forwarded_to"] == [None, "甲一县人力资源和社会保障局"]
    workflow.close_petition(
        petition, actor=ns.member, outcome="已转办，对方已受理", on=date(2026, 3, 10)
    )
    petition.refresh_from_db()
    assert petition.status == Status.CLOSED and petition.forwarded_on == date(2026, 3, 6)


def test_forward_to_a_unit_in_the_platform(ns):
    petition = register(ns.inspection, actor=ns.member)
    workflow.assess_petition(petition, actor=ns.member, in_scope=False, reason="诉讼类")
    workflow.forward_petition(
        petition, actor=ns.member, to_unit=ns.tree.county_a1, on=date(2026, 3, 6)
    )
    petition.refresh_from_db()
    assert petition.forwarded_to == "甲一县委" and petition.forwarded_to_unit == ns.tree.county_a1


@pytest.mark.parametrize("move", ["take_up", "forward", "close"])
def test_illegal_moves_from_registered_change_nothing(ns, move):
    petition = register(ns.inspection, actor=ns.member)
    before = _state()
    with pytest.raises(ValidationError):
        _do(move, petition, ns.member)
    assert _state() == before


def _do(move, petition, actor):
    if move == "take_up":
        return workflow.take_up_petition(petition, actor=actor)
    if move == "forward":
        return workflow.forward_petition(petition, actor=actor, to="县信访局", on=date(2026, 3, 6))
    if move == "close":
        return workflow.close_petition(petition, actor=actor, outcome="办结")
    return workflow.assess_petition(petition, actor=actor, in_scope=True, reason="属实")


def test_guards_between_scope_and_move(ns):
    in_scope = register(ns.inspection, actor=ns.member)
    workflow.assess_petition(in_scope, actor=ns.member, in_scope=True, reason="班子成员")
    out = register(ns.inspection, actor=ns.member)
    workflow.assess_petition(out, actor=ns.member, in_scope=False, reason="个人诉求")
    before = _state()
    with pytest.raises(ValidationError):
        _do("forward", in_scope, ns.member)
    with pytest.raises(ValidationError):
        _do("take_up", out, ns.member)
    with pytest.raises(ValidationError):
        workflow.forward_petition(
            out, actor=ns.member, to="县信访局", on=date(2026, 3, 1)
        )  # before it was received
    with pytest.raises(ValidationError):
        workflow.assess_petition(out, actor=ns.member, in_scope=True, reason=" ")
    assert _state() == before
    assert workflow.available(in_scope) == {"assess", "take_up"}
    assert workflow.available(out) == {"assess", "forward"}


def test_closed_is_terminal(ns):
    petition = register(ns.inspection, actor=ns.member)
    workflow.assess_petition(petition, actor=ns.member, in_scope=True, reason="班子成员")
    workflow.take_up_petition(petition, actor=ns.member)
    workflow.close_petition(petition, actor=ns.member, outcome="办结")
    before = _state()
    for move in ("assess", "take_up", "forward", "close"):
        with pytest.raises(ValidationError):
            _do(move, petition, ns.member)
    with pytest.raises(ValidationError):
        services.update_petition(petition, actor=ns.member, summary="改")
    with pytest.raises(ValidationError):
        services.set_identity(petition, actor=ns.leader, name="某某")
    assert _state() == before
    assert workflow.available(petition) == set()


def test_a_stale_copy_cannot_move(ns):
    petition = register(ns.inspection, actor=ns.member)
    workflow.assess_petition(petition, actor=ns.member, in_scope=True, reason="班子成员")
    stale = Petition.objects.get(pk=petition.pk)
    workflow.take_up_petition(petition, actor=ns.member)
    before = _state()
    with pytest.raises(ValidationError):  # the clerk's page still shows "assessed"
        workflow.assess_petition(
            stale, actor=ns.personas.office_a, in_scope=False, reason="重新研判"
        )
    assert _state() == before


@pytest.mark.parametrize("persona", ["viewer_a", "upper", "outsider"])
def test_moves_refused_for_readers_change_nothing(ns, persona):
    petition = register(ns.inspection, actor=ns.member)
    before = _state()
    with pytest.raises(PermissionDenied):
        _do("assess", petition, getattr(ns.personas, persona))
    with pytest.raises(PermissionDenied):
        services.update_petition(petition, actor=getattr(ns.personas, persona), summary="改")
    assert _state() == before


def test_update_records_changed_fields_without_text(ns):
    petition = register(ns.inspection, actor=ns.member)
    services.update_petition(
        petition,
        actor=ns.member,
        summary="反映局长违规收受礼金问题",
        channel="visit",
        subjects=[{"name": "钱局长", "post": "局长"}, {"name": "孙副局长", "post": "副局长"}],
        reason="补充被反映人",
    )
    petition.refresh_from_db()
    assert petition.channel == "visit" and petition.subjects.count() == 2
    event = _events(EventType.PETITION_CHANGED).get()
    assert event.changes["summary"] == ["***", "***"]
    assert event.changes["channel"] == ["letter", "visit"]
    assert event.changes["subjects"] == [1, 2]
    # Nothing changed: no event.
    services.update_petition(petition, actor=ns.member, channel="visit")
    assert _events(EventType.PETITION_CHANGED).count() == 1
    with pytest.raises(ValidationError):  # the edit may not bring the reporter's name in
        services.update_petition(petition, actor=ns.member, content=f"{REPORTER}来信反映")


def test_view_records_an_event(ns):
    petition = register(ns.inspection, actor=ns.member)
    services.record_petition_view(petition, actor=ns.personas.viewer_a)
    event = _events(EventType.PETITION_VIEWED).get()
    assert event.actor_role == "leading_group" and event.object_id == str(petition.pk)
