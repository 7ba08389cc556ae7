"""The interview plan: the leadership team comes from the target, the proposal follows the rule
(leader → leadership, deputies → key posts, members → others, balanced; one asks, another
records), and everything stays editable."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_user
from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork.models import Area
from xuncha.interviews import services
from xuncha.interviews.models import Interviewee, PostCategory
from xuncha.interviews.selectors import interview_counts


def _add(ns, name, post, category, **kw):
    return services.add_interviewee(
        ns.inspection, actor=ns.personas.office_a, name=name, post=post, category=category, **kw
    )


def test_leadership_team_is_put_on_the_plan_once(ns):
    added = services.import_leadership(ns.inspection, actor=ns.personas.member_a1)
    assert [p.name for p in added] == ["陈明", "刘强", "周敏"]
    principal = added[0]
    assert principal.is_principal and principal.category == PostCategory.LEADERSHIP
    # The principal answers for the areas of the whole leadership (guessed, editable).
    assert Area.CADRE_SELECTION in principal.areas
    assert Area.DISCIPLINE in added[2].areas  # 纪检组长
    assert services.import_leadership(ns.inspection, actor=ns.personas.member_a1) == []
    assert Interviewee.objects.filter(inspection=ns.inspection).count() == 3
    assert AuditEvent.objects.filter(event_type=EventType.INTERVIEW_PLANNED).count() == 3


def test_proposal_follows_the_rule_and_balances_members(ns):
    for name, post in (("吴芳", "财务科科长"), ("郑伟", "人事科科长")):
        _add(ns, name, post, PostCategory.KEY_POST)
    for n in range(4):
        _add(ns, f"干部{n}", "科员", PostCategory.STAFF)
    _add(ns, "老周", "退休干部", PostCategory.RETIRED)
    changed = services.propose_plan(ns.inspection, actor=ns.personas.member_a1)
    people = {p.name: p for p in Interviewee.objects.filter(inspection=ns.inspection)}
    assert len(changed) == len(people) == 10
    leader, deputy = ns.people.in_a1, ns.people.in_dept
    members = {ns.people.in_a2.pk, ns.sun.pk}
    for name in ("陈明", "刘强", "周敏"):
        assert people[name].interviewer_id == leader.pk
    for name in ("吴芳", "郑伟"):
        assert people[name].interviewer_id == deputy.pk
    others = [
        p for p in people.values() if p.category in (PostCategory.STAFF, PostCategory.RETIRED)
    ]
    assert {p.interviewer_id for p in others} == members
    load = [sum(1 for p in others if p.interviewer_id == m) for m in members]
    assert sorted(load) == [2, 3]  # five people, two members: balanced
    for p in people.values():
        assert p.recorder_id is not None and p.recorder_id != p.interviewer_id
    # Members record for the leader; nobody records far more than another member.
    assert people["陈明"].recorder_id in members
    # Dates: from stationing start plus the lead days, working days, within stationing.
    start, end = ns.inspection.window
    for p in people.values():
        assert p.planned_on is not None and start < p.planned_on <= end
        assert p.planned_on.weekday() < 5
    first = start + timedelta(days=3)  # the outline's lead days
    while first.weekday() >= 5:
        first += timedelta(days=1)
    assert people["陈明"].planned_on == first


def test_proposal_keeps_manual_assignments_unless_reassigning(ns):
    person = _add(
        ns,
        "吴芳",
        "财务科科长",
        PostCategory.KEY_POST,
        interviewer=ns.people.in_a2,
        recorder=ns.sun,
        planned_on=date(2026, 3, 20),
    )
    services.propose_plan(ns.inspection, actor=ns.personas.office_a)
    person.refresh_from_db()
    assert (person.interviewer_id, person.recorder_id) == (ns.people.in_a2.pk, ns.sun.pk)
    assert person.planned_on == date(2026, 3, 20)
    services.propose_plan(ns.inspection, actor=ns.personas.office_a, reassign=True)
    person.refresh_from_db()
    assert person.interviewer_id == ns.people.in_dept.pk  # the deputy takes key posts
    assert person.planned_on == date(2026, 3, 20)


def test_one_asks_another_records(ns):
    with pytest.raises(ValidationError) as exc:
        _add(ns, "吴芳", "财务科科长", PostCategory.KEY_POST, interviewer=ns.sun, recorder=ns.sun)
    assert "recorder" in exc.value.error_dict
    outsider = ns.people.in_b  # leads team B, not on team A
    with pytest.raises(ValidationError) as exc:
        _add(ns, "吴芳", "财务科科长", PostCategory.KEY_POST, interviewer=outsider)
    assert "interviewer" in exc.value.error_dict
    assert not Interviewee.objects.exists()


def test_a_team_of_one_cannot_be_proposed(ns):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.propose_plan(ns.plans.inspection_b, actor=None)
    assert AuditEvent.objects.count() == before
    assert not Interviewee.objects.exists()


def test_readers_and_other_teams_cannot_change_the_plan(ns):
    before = AuditEvent.objects.count()
    guest_team_b = make_user("member_b", unit=ns.tree.county_b1)
    for actor in (ns.personas.viewer_a, ns.personas.outsider, guest_team_b, ns.personas.liaison_a1):
        with pytest.raises(PermissionDenied):
            services.import_leadership(ns.inspection, actor=actor)
        with pytest.raises(PermissionDenied):
            services.propose_plan(ns.inspection, actor=actor)
    assert AuditEvent.objects.count() == before
    assert not Interviewee.objects.exists()


def test_pages_add_edit_remove_and_propose(ns, as_user):
    client = as_user(ns.personas.member_a1)
    url = reverse("interviews:interviewee_add", kwargs={"pk": ns.inspection.pk})
    response = client.post(url, {"name": "", "category": "staff"})
    assert response.status_code == 200 and not Interviewee.objects.exists()
    response = client.post(
        url,
        {"name": "吴芳", "post": "财务科科长", "category": "key_post", "planned_on": "2026-03-10"},
    )
    assert response.status_code == 302
    person = Interviewee.objects.get()
    assert Area.WORK_STYLE in person.areas  # suggested from 财务
    edit = reverse("interviews:interviewee_edit", kwargs={"pk": person.pk})
    response = client.post(
        edit,
        {
            "name": "吴芳",
            "post": "财务科科长",
            "category": "key_post",
            "interviewer": ns.sun.pk,
            "recorder": ns.sun.pk,
        },
    )
    assert response.status_code == 200  # shown again with the error, nothing saved
    person.refresh_from_db()
    assert person.interviewer_id is None
    response = client.post(
        edit,
        {
            "name": "吴芳",
            "post": "财务科科长",
            "category": "key_post",
            "areas": ["work_style"],
            "interviewer": ns.sun.pk,
            "recorder": ns.people.in_a2.pk,
            "planned_on": "2026-03-11",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.areas == ["work_style"] and person.interviewer_id == ns.sun.pk
    response = client.post(
        reverse("interviews:propose", kwargs={"pk": ns.inspection.pk}), {"schedule": "on"}
    )
    assert response.status_code == 302
    assert Interviewee.objects.filter(inspection=ns.inspection).count() == 4
    home = client.get(reverse("interviews:home", kwargs={"pk": ns.inspection.pk}))
    assert home.status_code == 200
    assert "陈明" in home.content.decode()
    response = client.post(
        reverse("interviews:interviewee_remove", kwargs={"pk": person.pk}), {"reason": "调离"}
    )
    assert response.status_code == 302
    assert not Interviewee.objects.filter(pk=person.pk).exists()


def test_plan_page_queries_do_not_grow_with_the_plan(ns, as_user):
    services.propose_plan(ns.inspection, actor=None)
    services.generate_outlines(ns.inspection, actor=None)
    client = as_user(ns.personas.member_a1)
    url = reverse("interviews:home", kwargs={"pk": ns.inspection.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(30):
        _add(ns, f"干部{n}", "科员", PostCategory.STAFF)
    services.propose_plan(ns.inspection, actor=None)
    services.generate_outlines(ns.inspection, actor=None)
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big) == len(small)


def test_counts_in_constant_queries(ns, django_assert_num_queries):
    person = services.import_leadership(ns.inspection, actor=None)[0]
    for day in (date(2026, 3, 5), date(2026, 3, 9)):
        services.record_interview(
            person,
            actor=None,
            held_on=day,
            asker=ns.people.in_a1,
            recorder=ns.sun,
            record_text="谈话记录",
        )
    ids = [ns.inspection.pk, ns.plans.inspection_b.pk]
    with django_assert_num_queries(2):
        counts = interview_counts(ids)
    assert counts[ns.inspection.pk] == {"interviews": 2, "people_interviewed": 1, "planned": 3}
    assert counts[ns.plans.inspection_b.pk] == {
        "interviews": 0,
        "people_interviewed": 0,
        "planned": 0,
    }
