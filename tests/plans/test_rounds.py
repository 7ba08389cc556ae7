"""Rounds and focus areas: numbering, naming, what may change when, the approval chain and its
approver setting. Refused actions change nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import make_user
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType
from xuncha.plans import services
from xuncha.plans.models import FocusArea, Round, RoundEvent, RoundKind, RoundStatus, Stage
from xuncha.plans.reference import FOUR_FOCUSES, REFERENCE_FOCUS_AREAS, THREE_FOCUSES

pytestmark = pytest.mark.django_db


def _round(tree, actor=None, **kwargs):
    kwargs.setdefault("starts_on", date(2026, 3, 2))
    kwargs.setdefault("ends_on", date(2026, 4, 17))
    return services.create_round(
        actor=actor, jurisdiction=kwargs.pop("at", tree.county_a2), **kwargs
    )


def _actions(round) -> list[str]:
    return list(RoundEvent.objects.filter(round=round).values_list("action", flat=True))


# --- Focus areas ----------------------------------------------------------------------------


def test_reference_wording():
    assert REFERENCE_FOCUS_AREAS[THREE_FOCUSES] == (
        "聚焦贯彻落实党的路线方针政策和党中央决策部署",
        "聚焦群众身边腐败问题和不正之风",
        "聚焦基层党组织软弱涣散、组织力欠缺问题",
    )
    assert REFERENCE_FOCUS_AREAS[FOUR_FOCUSES] == (
        *REFERENCE_FOCUS_AREAS[THREE_FOCUSES],
        "巡视巡察整改落实情况",
    )
    assert REFERENCE_FOCUS_AREAS["三大问题"] == ("党的领导弱化", "党的建设缺失", "全面从严治党不力")


def test_ensure_reference_is_idempotent_and_respects_local_edits(tree, personas, unchanged):
    assert services.ensure_reference_focus_areas(tree.county_a2, actor=personas.office_a) == 10
    area = FocusArea.objects.get(jurisdiction=tree.county_a2, group="三大问题", text="党的建设缺失")
    services.update_focus_area(
        area, actor=personas.office_a, text="党的建设缺失问题", is_active=False
    )
    with unchanged():
        assert services.ensure_reference_focus_areas(tree.county_a2, actor=None) == 0
        with pytest.raises(PermissionDenied):
            services.ensure_reference_focus_areas(tree.county_a2, actor=personas.viewer_a)
    assert not FocusArea.objects.get(pk=area.pk).is_active
    assert FocusArea.objects.filter(jurisdiction=tree.county_a2).count() == 10


def test_focus_area_rules(tree, personas, unchanged):
    area = services.create_focus_area(
        actor=personas.office_a, jurisdiction=tree.county_a2, group="自定重点", text="聚焦营商环境"
    )
    second = services.create_focus_area(
        actor=personas.office_a, jurisdiction=tree.county_a2, group="自定重点", text="聚焦乡村振兴"
    )
    assert second.order > area.order
    with unchanged():
        with pytest.raises(ValidationError):  # the same text twice in a set
            services.create_focus_area(
                actor=personas.office_a,
                jurisdiction=tree.county_a2,
                group="自定重点",
                text="聚焦营商环境",
            )
        with pytest.raises(ValidationError):
            services.create_focus_area(
                actor=personas.office_a, jurisdiction=tree.county_a2, group="自定重点", text="  "
            )
        with pytest.raises(PermissionDenied):
            services.create_focus_area(
                actor=personas.outsider, jurisdiction=tree.county_a2, group="x", text="y"
            )
        with pytest.raises(PermissionDenied):
            services.update_focus_area(area, actor=personas.viewer_a, order=1)
    services.update_focus_area(area, actor=personas.office_a, order=99)
    assert AuditEvent.objects.filter(event_type=EventType.FOCUS_AREA_CHANGED).count() == 3


# --- Creating and changing rounds -------------------------------------------------------------


def test_first_round_is_numbered_named_and_brings_focus_areas(tree, personas):
    round = _round(tree, personas.office_a)
    assert (round.year, round.number, round.name) == (2026, 1, "甲二县委2026年第一轮巡察")
    assert round.status == RoundStatus.DRAFT
    assert FocusArea.objects.filter(jurisdiction=tree.county_a2).count() == 10
    second = _round(
        tree,
        personas.office_a,
        kind=RoundKind.SPECIAL,
        theme="乡村振兴",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 10, 15),
    )
    assert (second.number, second.name) == (2, "甲二县委2026年第二轮专项巡察")
    assert _actions(round) == ["created"]
    assert AuditEvent.objects.filter(event_type=EventType.ROUND_CREATED).count() == 2


def test_round_takes_the_running_term(tree, plans):
    round = _round(tree, at=tree.county_a1, starts_on=date(2025, 3, 1), ends_on=date(2025, 4, 1))
    assert round.term == plans.term_a1
    outside = _round(tree, at=tree.county_a1, starts_on=date(2027, 3, 1), ends_on=date(2027, 4, 1))
    assert outside.term is None


def test_round_rules(tree, personas, plans, unchanged):
    services.ensure_reference_focus_areas(tree.county_a2, actor=None)
    foreign = services.create_focus_area(
        actor=None, jurisdiction=tree.county_a1, group="x", text="y"
    )
    with unchanged():
        with pytest.raises(ValidationError):
            _round(tree, ends_on=date(2026, 1, 1))
        with pytest.raises(ValidationError):  # a special round needs a theme
            _round(tree, kind=RoundKind.SPECIAL)
        with pytest.raises(ValidationError):  # another jurisdiction's term
            _round(tree, term=plans.term_a1)
        with pytest.raises(ValidationError):  # another jurisdiction's focus area
            _round(tree, focus_areas=[foreign])
        with pytest.raises(ValidationError):  # not a jurisdiction
            _round(tree, at=tree.dept_a1)
        with pytest.raises(PermissionDenied):
            _round(tree, personas.viewer_a)
        with pytest.raises(PermissionDenied):
            _round(tree, personas.outsider)


def test_update_only_while_draft_and_renumber_on_new_year(tree, personas, plans, unchanged):
    round = plans.round_a1
    areas = list(FocusArea.objects.filter(jurisdiction=tree.county_a1))
    services.ensure_reference_focus_areas(tree.county_a1, actor=None)
    areas = list(FocusArea.objects.filter(jurisdiction=tree.county_a1, group=FOUR_FOCUSES))
    round = services.update_round(
        round, actor=personas.office_a, focus_areas=areas, work_plan="听取汇报、个别谈话"
    )
    assert set(round.focus_areas.all()) == set(areas)
    event = AuditEvent.objects.filter(event_type=EventType.ROUND_UPDATED).get()
    assert event.changes["focus_areas"] == [[], sorted(a.pk for a in areas)]
    # Moving it to 2027 renumbers it and renews the default name.
    round = services.update_round(
        round, actor=personas.office_a, starts_on=date(2027, 3, 1), ends_on=date(2027, 4, 1)
    )
    assert (round.year, round.number, round.name) == (2027, 1, "甲一县委2027年第一轮巡察")
    with unchanged():
        with pytest.raises(ValidationError):  # targets are assigned: the kind stays
            services.update_round(round, actor=personas.office_a, kind=RoundKind.CROSS)
        with pytest.raises(PermissionDenied):
            services.update_round(round, actor=personas.viewer_a, work_plan="x")
    services.submit_round(round, actor=personas.office_a)
    with unchanged(), pytest.raises(ValidationError):
        services.update_round(round, actor=personas.office_a, work_plan="改")


def test_deactivated_focus_area_is_kept_but_not_offered(tree, personas, plans, unchanged):
    area = services.create_focus_area(
        actor=None, jurisdiction=tree.county_a1, group="自定", text="聚焦营商环境"
    )
    round = services.update_round(plans.round_a1, actor=None, focus_areas=[area])
    services.set_focus_area_active(area, actor=personas.office_a, active=False)
    # A round that chose it keeps it when saved again …
    services.update_round(round, actor=personas.office_a, focus_areas=[area], work_plan="新")
    # … but a new round cannot choose it.
    with unchanged(), pytest.raises(ValidationError):
        _round(
            tree,
            at=tree.county_a1,
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 10, 1),
            focus_areas=[area],
        )


# --- The approval chain -----------------------------------------------------------------------


def test_submit_needs_a_target(tree, personas, unchanged):
    round = _round(tree)
    with unchanged(), pytest.raises(ValidationError):
        services.submit_round(round, actor=personas.office_a)


def test_approval_chain(plans, personas, unchanged):
    round = plans.round_a1
    with unchanged():
        with pytest.raises(ValidationError):  # not submitted yet
            services.approve_round(round, actor=personas.viewer_a)
        with pytest.raises(PermissionDenied):
            services.submit_round(round, actor=personas.viewer_a)
    services.submit_round(round, actor=personas.office_a)
    with unchanged():
        with pytest.raises(PermissionDenied):  # the office does not approve
            services.approve_round(round, actor=personas.office_a)
        with pytest.raises(ValidationError):  # returning needs a comment
            services.return_round(round, actor=personas.viewer_a, comment=" ")
    services.return_round(round, actor=personas.viewer_a, comment="请补充进驻时间安排")
    assert Round.objects.get(pk=round.pk).status == RoundStatus.DRAFT
    services.update_round(round, actor=personas.office_a, work_plan="补充了时间安排")
    services.submit_round(round, actor=personas.office_a)
    round = services.approve_round(round, actor=personas.viewer_a, comment="同意")
    assert round.status == RoundStatus.APPROVED and round.approved_by == personas.viewer_a
    assert _actions(round) == ["submitted", "returned", "updated", "submitted", "approved"]
    returned = RoundEvent.objects.get(round=round, action="returned")
    assert returned.comment == "请补充进驻时间安排" and returned.actor == personas.viewer_a
    types = list(
        AuditEvent.objects.filter(object_type="plans.round")
        .order_by("seq")
        .values_list("event_type", flat=True)
    )
    assert types == [
        EventType.ROUND_SUBMITTED,
        EventType.ROUND_RETURNED,
        EventType.ROUND_UPDATED,
        EventType.ROUND_SUBMITTED,
        EventType.ROUND_APPROVED,
    ]


def test_two_approvals_cannot_both_succeed(plans, personas, unchanged):
    round = plans.round_a1
    services.submit_round(round, actor=None)
    stale = Round.objects.get(pk=round.pk)
    services.approve_round(round, actor=personas.viewer_a)
    with unchanged():
        with pytest.raises(ValidationError):
            services.approve_round(stale, actor=personas.viewer_a)
        with pytest.raises(ValidationError):
            services.return_round(stale, actor=personas.viewer_a, comment="迟到的退回")
    assert RoundEvent.objects.filter(round=round, action="approved").count() == 1


def test_the_approver_is_a_setting(tree, plans, personas, unchanged):
    secretary = make_user(
        "secretary_a1", unit=tree.county_a1, roles=[(Role.LEADING_GROUP, tree.county_a1)]
    )
    with unchanged(), pytest.raises(ValidationError):  # the office may not be the approver
        services.update_settings(
            tree.county_a1, actor=personas.office_a, round_approver=personas.office_a
        )
    services.update_settings(tree.county_a1, actor=personas.office_a, round_approver=secretary)
    round = plans.round_a1
    services.submit_round(round, actor=None)
    assert not services.may_approve(personas.viewer_a, round)
    with unchanged():
        with pytest.raises(PermissionDenied):
            services.approve_round(round, actor=personas.viewer_a)
        with pytest.raises(PermissionDenied):
            services.return_round(round, actor=personas.viewer_a, comment="x")
    assert services.may_approve(secretary, round)
    assert services.approve_round(round, actor=secretary).status == RoundStatus.APPROVED


def test_close_when_everything_is_archived(plans, personas, unchanged):
    round = plans.round_a1
    services.submit_round(round, actor=None)
    services.approve_round(round, actor=None)
    with unchanged(), pytest.raises(ValidationError):
        services.close_round(round, actor=personas.office_a)
    round.inspections.update(stage=Stage.ARCHIVED)
    with unchanged(), pytest.raises(PermissionDenied):
        services.close_round(round, actor=personas.viewer_a)
    assert services.close_round(round, actor=personas.office_a).status == RoundStatus.CLOSED
