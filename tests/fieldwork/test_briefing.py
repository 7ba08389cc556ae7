"""The stationing day: work logs, the evening briefing turning the day's material into draft
problems, corroboration by a second member, the day's problem list (page and Word), the hand-off
to findings, and statistics that equal the records."""

from datetime import date
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document

from tests.factories import make_people, make_plans, make_user
from tests.matrix.duties import staff_rounds
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork import briefing, services_briefing, statistics
from xuncha.fieldwork.models import (
    DocumentRequest,
    DraftProblem,
    FieldVisit,
    Meeting,
    MeetingKind,
    ProblemSource,
    RequestedDocument,
    WorkLog,
)
from xuncha.people.models import Cadre

DAY = date(2026, 3, 10)


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    plans = make_plans(tree, people)
    ns = SimpleNamespace(tree=tree, personas=personas, people=people, plans=plans)
    staff_rounds(ns)
    leader = make_user("leader_a1", unit=tree.county_a1, full_name="张建国",
                       roles=[(Role.TEAM_LEADER, tree.county_a1)])
    Cadre.objects.filter(pk=people.in_a1.pk).update(user=leader)
    ns.leader = leader
    ns.member = personas.member_a1
    ns.inspection = plans.inspection_a1
    ns.visit = FieldVisit.objects.create(
        inspection=ns.inspection, kind=FieldVisit.Kind.DOWNWARD, visited_on=DAY,
        place="城关镇农机站", findings="农机购置补贴台账与发放名单不一致。",
    )
    ns.symposium = Meeting.objects.create(
        inspection=ns.inspection, kind=MeetingKind.SYMPOSIUM, title="中层干部座谈会",
        held_on=DAY, minutes="多人反映补贴发放不公开。",
    )
    ns.visit_b = FieldVisit.objects.create(
        inspection=plans.inspection_b, kind=FieldVisit.Kind.VISIT, visited_on=DAY,
        place="乙县某站", findings="乙县的材料",
    )
    return ns


def _state():
    return (DraftProblem.objects.count(), ProblemSource.objects.count(), WorkLog.objects.count(),
            AuditEvent.objects.exclude(event_type__startswith="auth.").count())


def _raise(ns, actor=None, sources=None):
    return services_briefing.raise_problem(
        ns.inspection, actor=actor or ns.member, day=DAY, subgroup="finance",
        summary="农机购置补贴发放不规范", detail="台账与名单不一致",
        sources=sources or [{"kind": "visit", "label": "城关镇农机站走访", "obj": ns.visit}],
    )


def test_work_log_is_one_per_member_and_day(ns, as_user):
    client = as_user(ns.member)
    url = reverse("fieldwork:work_logs", args=[ns.inspection.pk])
    for text in ("上午个别谈话3人", "上午个别谈话4人，下午调阅账册"):
        response = client.post(url, {"day": DAY.isoformat(), "content": text})
        assert response.status_code == 302
    log = WorkLog.objects.get()
    assert (log.author, log.content) == (ns.member, "上午个别谈话4人，下午调阅账册")
    assert AuditEvent.objects.filter(event_type=EventType.WORK_LOG_SAVED).count() == 2
    before = _state()
    response = client.post(url, {"day": "2099-01-01", "content": "未来"})
    assert response.status_code == 200  # shown again with the error
    with pytest.raises(PermissionDenied):
        services_briefing.save_work_log(ns.inspection, actor=ns.personas.viewer_a, day=DAY,
                                        content="x")
    assert _state() == before


def test_material_of_the_day_and_raising_a_problem(ns, as_user):
    material = briefing.day_material(ns.inspection, DAY)
    labels = {m["label"] for m in material}
    assert any("城关镇农机站" in label for label in labels)
    assert all("乙县" not in m["label"] for m in material)
    client = as_user(ns.member)
    tokens = [m["token"] for m in material if m["obj"] in (ns.visit, ns.symposium)]
    response = client.post(
        f"{reverse('fieldwork:raise_problem', args=[ns.inspection.pk])}?day={DAY}",
        {"subgroup": "finance", "summary": "农机购置补贴发放不规范", "material": tokens},
    )
    assert response.status_code == 302
    problem = DraftProblem.objects.get()
    assert problem.raised_by == ns.member and problem.day == DAY
    assert {s.object_id for s in problem.sources.all()} == {ns.visit.pk, ns.symposium.pk}
    page = client.get(f"{reverse('fieldwork:briefing', args=[ns.inspection.pk])}?day={DAY}")
    assert "农机购置补贴发放不规范" in page.content.decode()


def test_material_of_another_inspection_is_refused(ns):
    before = _state()
    with pytest.raises(ValidationError):
        _raise(ns, sources=[{"kind": "visit", "label": "乙县", "obj": ns.visit_b}])
    with pytest.raises(ValidationError):  # no source at all
        services_briefing.raise_problem(ns.inspection, actor=ns.member, day=DAY,
                                        subgroup="finance", summary="无来源", sources=[])
    assert _state() == before


def test_corroboration_needs_two_sources_and_another_member(ns):
    problem = _raise(ns)
    with pytest.raises(ValidationError) as err:
        services_briefing.corroborate(problem, actor=ns.leader)
    assert err.value.code == "sources"
    services_briefing.add_source(problem, actor=ns.member, kind="meeting", label="中层干部座谈会",
                                 obj=ns.symposium)
    with pytest.raises(ValidationError) as err:
        services_briefing.corroborate(problem, actor=ns.member)
    assert err.value.code == "self"
    problem = services_briefing.corroborate(problem, actor=ns.leader)
    assert problem.status == DraftProblem.Status.CONFIRMED
    assert problem.corroborated_by == ns.leader


def test_hand_off_by_leader_only_and_only_confirmed(ns):
    confirmed = _raise(ns)
    services_briefing.add_source(confirmed, actor=ns.member, kind="meeting", label="座谈会",
                                 obj=ns.symposium)
    services_briefing.corroborate(confirmed, actor=ns.leader)
    draft = _raise(ns)
    before = _state()
    with pytest.raises(PermissionDenied):
        services_briefing.hand_off(ns.inspection, [confirmed], actor=ns.member)
    with pytest.raises(ValidationError) as err:
        services_briefing.hand_off(ns.inspection, [confirmed, draft], actor=ns.leader)
    assert err.value.code == "unconfirmed"
    assert _state() == before
    assert services_briefing.hand_off(ns.inspection, [confirmed], actor=ns.leader) == 1
    confirmed.refresh_from_db()
    assert confirmed.status == DraftProblem.Status.HANDED_OFF and confirmed.handed_off_at
    with pytest.raises(ValidationError):  # handed off: frozen
        services_briefing.update_problem(confirmed, actor=ns.leader, summary="改")


def test_drop_needs_reason(ns, as_user):
    problem = _raise(ns)
    before = _state()
    client = as_user(ns.member)
    client.post(reverse("fieldwork:problem_drop", args=[problem.pk]), {"reason": ""})
    assert _state() == before
    client.post(reverse("fieldwork:problem_drop", args=[problem.pk]), {"reason": "与事实不符"})
    problem.refresh_from_db()
    assert problem.status == DraftProblem.Status.DROPPED
    assert briefing.problem_list(ns.inspection, DAY) == []


def test_problem_list_page_and_word(ns, as_user):
    _raise(ns)
    client = as_user(ns.member)
    page = client.get(f"{reverse('fieldwork:problem_list', args=[ns.inspection.pk])}?day={DAY}")
    assert "农机购置补贴发放不规范" in page.content.decode()
    response = client.get(
        f"{reverse('fieldwork:problem_list_docx', args=[ns.inspection.pk])}?day={DAY}"
    )
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    tables = "\n".join(c.text for t in Document(BytesIO(response.content)).tables
                       for row in t.rows for c in row.cells)
    assert "农机购置补贴发放不规范" in text + tables
    assert AuditEvent.objects.filter(event_type=EventType.PROBLEM_LIST_EXPORTED).count() == 1


def test_evening_briefing_is_recorded_once_per_day(ns, as_user):
    _raise(ns)
    client = as_user(ns.member)
    url = f"{reverse('fieldwork:hold_briefing', args=[ns.inspection.pk])}?day={DAY}"
    client.post(url, {"participants": "全组", "minutes": "梳理问题1个"})
    client.post(url, {"participants": "全组", "minutes": "梳理问题1个，明日核实"})
    meeting = Meeting.objects.get(kind=MeetingKind.EVENING_BRIEFING)
    assert meeting.minutes.endswith("明日核实")
    assert DraftProblem.objects.get().briefing == meeting


def test_other_team_reaches_nothing(ns, as_user):
    problem = _raise(ns)
    outsider_member = make_user("member_b", unit=ns.tree.county_b1,
                                roles=[(Role.TEAM_MEMBER, ns.tree.county_b1)])
    Cadre.objects.filter(pk=ns.people.in_b.pk).update(user=outsider_member)
    client = as_user(outsider_member)
    assert client.get(reverse("fieldwork:problem", args=[problem.pk])).status_code == 404
    assert client.get(reverse("fieldwork:briefing", args=[ns.inspection.pk])).status_code == 404
    response = client.get(f"/api/fieldwork/inspections/{ns.inspection.pk}/problems")
    assert response.status_code == 404


def test_statistics_equal_the_records(ns, as_user):
    Meeting.objects.create(inspection=ns.inspection, kind=MeetingKind.SYMPOSIUM, title="二",
                           held_on=DAY)
    request = DocumentRequest.objects.create(inspection=ns.inspection, number=1, title="账册",
                                             sent_on=DAY, due_on=DAY)
    RequestedDocument.objects.create(request=request, name="2025年凭证",
                                     status=RequestedDocument.Status.CHECKED)
    read = RequestedDocument.objects.create(request=request, name="会议记录")
    read.readers.add(ns.member)
    RequestedDocument.objects.create(request=request, name="未读")
    problem = _raise(ns)
    services_briefing.drop_problem(_raise(ns), actor=ns.member, reason="重复")
    stats = statistics.inspection_statistics([ns.inspection.pk, ns.plans.inspection_b.pk])
    mine = stats[ns.inspection.pk]
    assert (mine["symposiums"], mine["visits"], mine["documents_read"],
            mine["draft_problems"]) == (2, 1, 2, 1)
    assert stats[ns.plans.inspection_b.pk]["symposiums"] == 0
    assert stats[ns.plans.inspection_b.pk]["visits"] == 1
    api = as_user(ns.member).get(f"/api/fieldwork/inspections/{ns.inspection.pk}/statistics")
    assert api.json()["figures"]["symposiums"] == 2
    page = as_user(ns.personas.office_a).get(
        reverse("fieldwork:round_statistics", args=[ns.plans.round_a1.pk])
    )
    assert page.status_code == 200
    assert problem.summary not in page.content.decode()  # figures only


def test_statistics_cost_constant_queries(ns, django_assert_max_num_queries):
    ids = [ns.inspection.pk, ns.plans.inspection_b.pk]
    with django_assert_max_num_queries(12):
        statistics.inspection_statistics(ids)


def test_api_raise_corroborate_and_hand_off(ns, as_user):
    client = as_user(ns.member)
    token = briefing.token_of(ns.visit)
    response = client.post(
        f"/api/fieldwork/inspections/{ns.inspection.pk}/problems",
        {"day": DAY.isoformat(), "subgroup": "finance", "summary": "补贴问题",
         "sources": [{"kind": "visit", "label": "走访", "record": token},
                     {"kind": "interview", "label": "与站长谈话"}]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    client = as_user(ns.leader)
    assert client.post(f"/api/fieldwork/problems/{pk}/corroborate").status_code == 200
    response = client.post(f"/api/fieldwork/inspections/{ns.inspection.pk}/problems/hand-off",
                           {"problem_ids": [pk]}, content_type="application/json")
    assert response.status_code == 200 and response.json()[0]["status"] == "handed_off"
    # A token naming something that is not material is refused.
    bad = f"{briefing.token_of(ns.member).split(':')[0]}:{ns.member.pk}"
    response = as_user(ns.member).post(
        f"/api/fieldwork/inspections/{ns.inspection.pk}/problems",
        {"day": DAY.isoformat(), "subgroup": "finance", "summary": "x",
         "sources": [{"kind": "other", "label": "x", "record": bad}]},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_a_planned_inspection_with_material_is_not_removed(tree, personas):
    from xuncha.plans.models import Inspection
    from xuncha.plans.services import remove_inspection

    people = make_people(tree)
    plans = make_plans(tree, people)
    meeting = Meeting.objects.create(inspection=plans.inspection_a1, kind=MeetingKind.TEAM_MEETING,
                                     title="组务会", held_on=DAY)
    with pytest.raises(ValidationError) as err:
        remove_inspection(plans.inspection_a1, actor=personas.office_a, reason="调整")
    assert "不能删除" in str(err.value)
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    meeting.delete()
    remove_inspection(plans.inspection_a1, actor=personas.office_a, reason="调整")
    assert not Inspection.objects.filter(pk=plans.inspection_a1.pk).exists()


def test_case_text_stays_out_of_the_audit_trail(ns):
    """The security auditor reads the trail; a problem's words, minutes and findings are not
    in it — only that they changed, and how long they were."""
    _raise(ns)
    event = AuditEvent.objects.get(event_type=EventType.DRAFT_PROBLEM_RAISED)
    assert "农机购置补贴" not in str(event.changes)
    assert "已隐去" in str(event.changes["summary"])
    from xuncha.fieldwork import services_records

    services_records.record_meeting(ns.inspection, actor=ns.member, kind="symposium",
                                    title="座谈会", held_on=DAY, minutes="某科长反映领导收受购物卡")
    event = AuditEvent.objects.filter(event_type=EventType.MEETING_RECORDED).latest("seq")
    assert "购物卡" not in str(event.changes)


def test_the_same_record_twice_is_one_source(ns):
    problem = _raise(ns, sources=[
        {"kind": "visit", "label": "走访", "obj": ns.visit},
        {"kind": "visit", "label": "走访（再次）", "obj": ns.visit},
    ])
    assert problem.sources.count() == 1
    with pytest.raises(ValidationError) as err:
        services_briefing.corroborate(problem, actor=ns.leader)
    assert err.value.code == "sources"


def test_briefing_shows_interview_notes_as_an_audited_view(ns, as_user):
    from xuncha.interviews import services as interview_services

    person = interview_services.add_interviewee(
        ns.inspection, actor=None, name="钱进", post="农机化科科长", category="key_post",
    )
    interview = interview_services.record_interview(
        person, actor=None, held_on=DAY, asker=ns.people.in_a2, recorder=ns.people.in_a1,
        record_text="问答记录", problems="补贴对象未购机",
    )
    before = AuditEvent.objects.filter(event_type=EventType.INTERVIEW_VIEWED).count()
    page = as_user(ns.member).get(
        f"{reverse('fieldwork:briefing', args=[ns.inspection.pk])}?day={DAY}"
    )
    assert "补贴对象未购机" in page.content.decode()
    viewed = AuditEvent.objects.filter(event_type=EventType.INTERVIEW_VIEWED)
    assert viewed.count() == before + 1
    assert viewed.latest("seq").object_id == str(interview.pk)
