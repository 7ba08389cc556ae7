"""The task split: which targets and teams a round may take by its kind, look-backs, dates, and
when lines may change or go. Refused actions change nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.plans.conftest import dept, make_round
from xuncha.audit.models import AuditEvent, EventType
from xuncha.people import services as people_services
from xuncha.plans import services
from xuncha.plans.models import Inspection, InspectionEvent, RoundKind, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(tree):
    return dept("甲一县财政局", tree.county_a1)


@pytest.fixture
def team_a2(tree):
    return people_services.create_team(
        actor=None, jurisdiction=tree.county_a2, number=1, name="甲二县委第一巡察组"
    )


def _add(round, target, team, actor=None, **kwargs):
    return services.add_inspection(round, actor=actor, target=target, team=team, **kwargs)


def test_add_a_target(plans, people, personas, finance):
    inspection = _add(
        plans.round_a1, finance, people.team_a1, personas.office_a, work_plan="重点看三重一大"
    )
    assert inspection.stage == Stage.PLANNED and inspection.window == (
        date(2026, 3, 2),
        date(2026, 4, 17),
    )
    event = InspectionEvent.objects.get(inspection=inspection)
    assert (event.from_stage, event.to_stage, event.actor) == ("", Stage.PLANNED, personas.office_a)
    audit = AuditEvent.objects.filter(event_type=EventType.INSPECTION_CREATED).get()
    assert audit.unit_id == finance.pk and audit.changes["target"] == [None, finance.pk]
    # One team may take several targets.
    assert plans.round_a1.inspections.filter(team=people.team_a1).count() == 2


def test_targets_come_from_the_scope(tree, plans, people, unchanged):
    elsewhere = dept("甲二县财政局", tree.county_a2)
    with unchanged():
        with pytest.raises(ValidationError):  # already in the round
            _add(plans.round_a1, tree.dept_a1, people.team_a1)
        with pytest.raises(ValidationError):  # another county's unit
            _add(plans.round_a1, elsewhere, people.team_a1)
        with pytest.raises(ValidationError):  # the jurisdiction itself
            _add(plans.round_a1, tree.county_a1, people.team_a1)


def test_elevated_round_reaches_below_lower_offices(tree, people, personas, unchanged):
    city_team = people_services.create_team(actor=None, jurisdiction=tree.city_a, number=1)
    regular = services.create_round(
        actor=None, jurisdiction=tree.city_a, starts_on=date(2026, 5, 1), ends_on=date(2026, 6, 15)
    )
    with unchanged(), pytest.raises(ValidationError):
        _add(regular, tree.dept_a1, city_team)
    elevated = services.create_round(
        actor=None,
        jurisdiction=tree.city_a,
        kind=RoundKind.ELEVATED,
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 6, 15),
    )
    assert _add(elevated, tree.dept_a1, city_team, personas.office_a).target == tree.dept_a1


def test_cross_round_sends_sibling_teams(tree, plans, people, team_a2, finance, unchanged):
    cross = services.create_round(
        actor=None,
        jurisdiction=tree.county_a1,
        kind=RoundKind.CROSS,
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 10, 15),
    )
    assert list(services.eligible_teams(cross)) == [team_a2]
    with unchanged():
        with pytest.raises(ValidationError):  # its own team breaks no circle
            _add(cross, finance, people.team_a1)
        with pytest.raises(ValidationError):  # a team of another city
            _add(cross, finance, people.team_b)
        with pytest.raises(ValidationError):  # a regular round keeps its own teams
            _add(plans.round_a1, finance, team_a2)
    assert _add(cross, finance, team_a2).team == team_a2


def test_lookback_names_an_earlier_inspection(tree, plans, people, finance, unchanged):
    earlier = make_round(tree.county_a1, 2023, 1, date(2023, 3, 1), date(2023, 4, 15))
    done = Inspection.objects.create(
        round=earlier, team=people.team_a1, target=finance, stage=Stage.ARCHIVED
    )
    other = Inspection.objects.create(
        round=earlier, team=people.team_a1, target=tree.dept_a1, stage=Stage.ARCHIVED
    )
    lookback = services.create_round(
        actor=None,
        jurisdiction=tree.county_a1,
        kind=RoundKind.LOOKBACK,
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 10, 15),
    )
    assert list(services.lookback_candidates(lookback, finance)) == [done]
    with unchanged():
        with pytest.raises(ValidationError):  # required
            _add(lookback, finance, people.team_a1, deconfliction_reason="x")
        with pytest.raises(ValidationError):  # another target's inspection
            _add(lookback, finance, people.team_a1, lookback_of=other)
        with pytest.raises(ValidationError):  # only a look-back links back
            _add(plans.round_a1, finance, people.team_a1, lookback_of=done)
    assert _add(lookback, finance, people.team_a1, lookback_of=done).lookback_of == done


def test_lookback_candidates_go_through_the_choke_point(tree, people, finance, as_user):
    """An office at the county itself (not below it) sees its own rounds' inspections, not the
    city's inspection of the same unit: neither offered nor accepted."""
    from tests.factories import make_user
    from xuncha.accounts.roles import Role

    office_c = make_user(
        "office_c", unit=tree.county_a1, roles=[(Role.OFFICE_STAFF, tree.county_a1, False)]
    )
    own_round = make_round(tree.county_a1, 2023, 1, date(2023, 3, 1), date(2023, 4, 15))
    own = Inspection.objects.create(
        round=own_round, team=people.team_a1, target=finance, stage=Stage.ARCHIVED
    )
    city_round = make_round(
        tree.city_a,
        2024,
        1,
        date(2024, 3, 1),
        date(2024, 4, 15),
        kind="elevated",
        name="甲市委2024年第一轮提级巡察",
        status="approved",
    )
    city = Inspection.objects.create(
        round=city_round, team=people.team_a1, target=finance, stage=Stage.ARCHIVED
    )
    lookback = services.create_round(
        actor=None,
        jurisdiction=tree.county_a1,
        kind=RoundKind.LOOKBACK,
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 10, 15),
    )
    assert set(services.lookback_candidates(lookback, finance)) == {own, city}
    assert list(services.lookback_candidates(lookback, finance, user=office_c)) == [own]
    body = (
        as_user(office_c)
        .get(f"/plans/rounds/{lookback.pk}/targets/lookback/", {"target": finance.code})
        .content.decode()
    )
    assert "甲一县委2023年第1轮" in body and "提级巡察" not in body
    before = Inspection.objects.count()
    with pytest.raises(ValidationError):
        _add(lookback, finance, people.team_a1, actor=office_c, lookback_of=city)
    assert Inspection.objects.count() == before
    assert _add(lookback, finance, people.team_a1, actor=office_c, lookback_of=own).lookback_of


def test_own_dates_lie_within_the_round(plans, people, finance, unchanged):
    with unchanged():
        with pytest.raises(ValidationError):
            _add(plans.round_a1, finance, people.team_a1, stationed_from=date(2026, 2, 1))
        with pytest.raises(ValidationError):
            _add(
                plans.round_a1,
                finance,
                people.team_a1,
                stationed_from=date(2026, 4, 1),
                stationed_until=date(2026, 3, 20),
            )
    inspection = _add(
        plans.round_a1,
        finance,
        people.team_a1,
        stationed_from=date(2026, 3, 9),
        stationed_until=date(2026, 4, 10),
    )
    assert inspection.window == (date(2026, 3, 9), date(2026, 4, 10))


def test_split_changes_only_while_draft(plans, people, personas, finance, unchanged):
    with unchanged():
        with pytest.raises(PermissionDenied):
            _add(plans.round_a1, finance, people.team_a1, personas.viewer_a)
        with pytest.raises(PermissionDenied):
            _add(plans.round_a1, finance, people.team_a1, personas.outsider)
    services.submit_round(plans.round_a1, actor=None)
    with unchanged():
        with pytest.raises(ValidationError):
            _add(plans.round_a1, finance, people.team_a1, personas.office_a)
        with pytest.raises(ValidationError):
            services.update_inspection(plans.inspection_a1, actor=personas.office_a, work_plan="x")
        with pytest.raises(ValidationError):
            services.remove_inspection(plans.inspection_a1, actor=personas.office_a)


def test_change_team_and_remove(tree, plans, people, personas, unchanged):
    second = people_services.create_team(actor=None, jurisdiction=tree.county_a1, number=2)
    inspection = services.update_inspection(
        plans.inspection_a1, actor=personas.office_a, team=second
    )
    assert inspection.team == second
    audit = AuditEvent.objects.filter(event_type=EventType.INSPECTION_UPDATED).get()
    assert audit.changes == {"team": [people.team_a1.pk, second.pk]}
    with unchanged(), pytest.raises(PermissionDenied):
        services.remove_inspection(inspection, actor=personas.viewer_a)
    Inspection.objects.filter(pk=inspection.pk).update(stage=Stage.AUTHORIZED)
    inspection.refresh_from_db()
    with unchanged(), pytest.raises(ValidationError):  # no longer only planned
        services.remove_inspection(inspection, actor=personas.office_a)
    Inspection.objects.filter(pk=inspection.pk).update(stage=Stage.PLANNED)
    services.remove_inspection(inspection, actor=personas.office_a, reason="调整到下一轮")
    assert not Inspection.objects.filter(pk=inspection.pk).exists()
    audit = AuditEvent.objects.filter(event_type=EventType.INSPECTION_REMOVED).get()
    assert audit.reason == "调整到下一轮" and audit.changes["target"] == [tree.dept_a1.pk, None]


def test_remove_takes_the_documents_generated_before_stationing(
    plans, personas, django_capture_on_commit_callbacks
):
    """The dossier or notice downloaded while planning is stored; removing the target takes
    those copies with it instead of failing on them."""
    from xuncha.documents.generation import generate
    from xuncha.documents.models import GeneratedDocument

    inspection = plans.inspection_a1
    from xuncha.documents.registry import info

    sample = info("fieldwork_dossier.docx").sample()
    document = generate("fieldwork_dossier.docx", sample, source=inspection,
                        filename="基本情况.docx", actor=None, inspection=inspection)
    path = document.file.path
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_inspection(inspection, actor=personas.office_a, reason="调整到下一轮")
    assert not Inspection.objects.filter(pk=inspection.pk).exists()
    assert not GeneratedDocument.objects.exists()
    import os

    assert not os.path.exists(path)
