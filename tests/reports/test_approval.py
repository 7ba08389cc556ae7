"""The approval chain: copied from the jurisdiction's settings, heard in order, each body
deciding on every item; return and resume; the last approving body's decisions; two people
recording the same hearing at once; the party secretary's one-month deadline."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import login
from tests.reports.helpers import finding, lead
from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork.models import Meeting
from xuncha.leads.models import LeadGrant
from xuncha.plans.models import Inspection, PlanningSettings
from xuncha.reports import approval, services
from xuncha.reports.approval import Hearing, final_decisions, prefill, record_step
from xuncha.reports.models import ApprovalStep, ItemDecision, Report

TODAY = timezone.localdate()


@pytest.fixture
def report(ns):
    ns.f1 = finding(ns.a, 1, "落实乡村振兴决策部署不到位", drafter=ns.member, area=ns.areas[0])
    ns.f2 = finding(
        ns.a,
        2,
        "违规发放津补贴",
        drafter=ns.member,
        area=ns.areas[1],
        disposition="discipline_commission",
    )
    report = services.create_report(
        kind="inspection", round=ns.round, inspection=ns.a, actor=ns.member
    )
    services.save_version(report, actor=ns.member, texts={"assessment": "总体评价。"})
    ns.items = {i.finding_id: i.pk for i in report.items.all()}
    return report


def _hearing(report, decision="approve", opinion="", **uses):
    items = {i.pk: "feedback" for i in report.items.filter(active=True)}
    items.update(uses)
    return Hearing(held_on=TODAY, decision=decision, opinion=opinion, decisions=items)


def _pending(report):
    return report.steps.get(status="pending")


def _state():
    return (
        AuditEvent.objects.count(),
        ItemDecision.objects.count(),
        list(ApprovalStep.objects.order_by("pk").values_list("status", flat=True)),
        list(Report.objects.order_by("pk").values_list("status", flat=True)),
    )


def test_chain_comes_from_the_settings_and_is_checked(ns, report):
    assert report.stages == [
        "team_meeting",
        "office_consultation",
        "leading_group",
        "secretary_special",
    ]
    PlanningSettings.objects.create(
        jurisdiction=ns.tree.county_a1, report_approval_chain="team_meeting, leading_group"
    )
    other = services.create_report(kind="special_topic", round=ns.round, actor=ns.personas.office_a)
    assert other.stages == ["team_meeting", "leading_group"]
    PlanningSettings.objects.filter(jurisdiction=ns.tree.county_a1).update(
        report_approval_chain="team_meeting,party_congress"
    )
    with pytest.raises(ValidationError):
        services.create_report(kind="summary", round=ns.round, actor=ns.personas.office_a)
    assert not Report.objects.filter(kind="summary").exists()


def test_submit_opens_the_first_stage_and_locks_the_text(ns, report):
    empty = services.create_report(kind="leads", round=ns.round, inspection=ns.a, actor=ns.leader_a)
    assert empty.kind == "leads"
    services.submit(report, actor=ns.member)
    report.refresh_from_db()
    assert report.status == "in_approval"
    steps = list(report.steps.order_by("order"))
    assert [s.status for s in steps] == ["pending", "waiting", "waiting", "waiting"]
    assert steps[0].version.number == 2
    before = _state()
    with pytest.raises(ValidationError):
        services.save_version(report, actor=ns.member, texts={"assessment": "改"})
    with pytest.raises(ValidationError):
        services.reassemble(report, actor=ns.member)
    with pytest.raises(ValidationError):
        services.submit(report, actor=ns.member)
    assert _state() == before


def test_inspection_report_needs_an_assessment_before_submitting(ns):
    report = services.create_report(
        kind="inspection", round=ns.round, inspection=ns.a, actor=ns.member
    )
    with pytest.raises(ValidationError) as exc:
        services.submit(report, actor=ns.member)
    assert exc.value.code == "assessment"
    assert Report.objects.get(pk=report.pk).status == "drafting"


def test_each_body_in_order_by_those_entitled(ns, report):
    services.submit(report, actor=ns.member)
    team_step = _pending(report)
    before = _state()
    for refused in (ns.member, ns.personas.viewer_a, ns.member_b):
        with pytest.raises(PermissionDenied):
            record_step(team_step, actor=refused, hearing=_hearing(report))
    # Later bodies cannot be recorded before their turn.
    waiting = report.steps.get(stage="leading_group")
    with pytest.raises(ValidationError):
        record_step(waiting, actor=ns.personas.viewer_a, hearing=_hearing(report))
    assert _state() == before

    record_step(team_step, actor=ns.leader_a, hearing=_hearing(report))
    office_step = _pending(report)
    assert office_step.stage == "office_consultation"
    with pytest.raises(PermissionDenied):  # the team leader hears nothing above the team
        record_step(office_step, actor=ns.leader_a, hearing=_hearing(report))
    record_step(office_step, actor=ns.personas.office_a, hearing=_hearing(report))
    record_step(_pending(report), actor=ns.personas.viewer_a, hearing=_hearing(report))
    last = _pending(report)
    assert last.stage == "secretary_special"
    record_step(
        last,
        actor=ns.personas.head_a,
        hearing=_hearing(
            report, **{str(ns.items[ns.f2.pk]): ("discipline_commission", "移交纪委监委核查")}
        ),
    )
    report.refresh_from_db()
    assert report.status == "approved" and report.approved_at is not None
    assert final_decisions(report) == {
        ns.items[ns.f1.pk]: "feedback",
        ns.items[ns.f2.pk]: "discipline_commission",
    }
    event = (
        AuditEvent.objects.filter(event_type=EventType.REPORT_STEP_RECORDED).order_by("seq").last()
    )
    assert event.changes["report_status"] == "approved"
    assert event.actor_role == "office_head"


def test_every_item_needs_a_decision_and_a_return_needs_reasons(ns, report):
    services.submit(report, actor=ns.member)
    step = _pending(report)
    before = _state()
    partial = Hearing(held_on=TODAY, decision="approve", decisions={ns.items[ns.f1.pk]: "feedback"})
    with pytest.raises(ValidationError) as exc:
        record_step(step, actor=ns.leader_a, hearing=partial)
    assert "decisions" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        record_step(step, actor=ns.leader_a, hearing=_hearing(report, "return"))
    assert "opinion" in exc.value.error_dict
    with pytest.raises(ValidationError):
        record_step(
            step,
            actor=ns.leader_a,
            hearing=_hearing(report, **{str(ns.items[ns.f1.pk]): "anything"}),
        )
    future = _hearing(report)
    future.held_on = TODAY + timedelta(days=1)
    with pytest.raises(ValidationError):
        record_step(step, actor=ns.leader_a, hearing=future)
    other = Meeting.objects.create(
        inspection=ns.b, kind="team_meeting", title="乙组组务会", held_on=TODAY
    )
    wrong = _hearing(report)
    wrong.meeting = other
    with pytest.raises(ValidationError):
        record_step(step, actor=ns.leader_a, hearing=wrong)
    assert _state() == before


def test_return_and_resume_at_the_stage_that_returned(ns, report):
    services.submit(report, actor=ns.member)
    record_step(_pending(report), actor=ns.leader_a, hearing=_hearing(report))
    office = _pending(report)
    record_step(
        office,
        actor=ns.personas.office_a,
        hearing=_hearing(report, "return", "问题定性需进一步斟酌"),
    )
    report.refresh_from_db()
    assert report.status == "returned"
    with pytest.raises(ValidationError) as exc:  # unrevised: refused
        services.submit(report, actor=ns.member)
    assert exc.value.code == "unrevised"
    services.save_version(report, actor=ns.member, texts={"assessment": "修改后的总体评价。"})
    services.submit(report, actor=ns.member)
    steps = list(report.steps.order_by("order", "id").values_list("stage", "status"))
    assert steps == [
        ("team_meeting", "approved"),
        ("office_consultation", "returned"),
        ("office_consultation", "pending"),
        ("leading_group", "waiting"),
        ("secretary_special", "waiting"),
    ]
    resumed = _pending(report)
    assert resumed.version.number == 3
    # The form starts from the decisions of the body that heard it last.
    record_step(
        resumed,
        actor=ns.personas.office_a,
        hearing=_hearing(report, **{str(ns.items[ns.f1.pk]): ("immediate_fix", "")}),
    )
    nxt = _pending(report)
    assert prefill(nxt)[ns.items[ns.f1.pk]] == ("immediate_fix", "")
    assert final_decisions(report)[ns.items[ns.f1.pk]] == "immediate_fix"


def test_prefill_starts_from_the_papers(ns, report):
    services.submit(report, actor=ns.member)
    assert prefill(_pending(report)) == {
        ns.items[ns.f1.pk]: ("feedback", ""),
        ns.items[ns.f2.pk]: ("discipline_commission", ""),
    }


def test_two_people_recording_the_same_hearing(ns, report):
    services.submit(report, actor=ns.member)
    step = _pending(report)
    record_step(step, actor=ns.leader_a, hearing=_hearing(report))
    with pytest.raises(ValidationError):  # the same (stale) step a second time
        record_step(step, actor=ns.personas.office_a, hearing=_hearing(report))
    # The race itself: someone else claims the hearing between our checks and our write.
    office = _pending(report)
    real = approval._validate

    def racing(*args, **kwargs):
        ApprovalStep.objects.filter(pk=office.pk).update(status="approved")
        return real(*args, **kwargs)

    before = ItemDecision.objects.count()
    with mock.patch.object(approval, "_validate", racing), pytest.raises(ValidationError) as exc:
        record_step(office, actor=ns.personas.office_a, hearing=_hearing(report))
    assert exc.value.code == "conflict"
    assert ItemDecision.objects.count() == before


def test_leads_report_hearings_need_the_leads(ns):
    lead(ns.a, 1, registered_by=ns.member)
    report = services.create_report(
        kind="leads", round=ns.round, inspection=ns.a, actor=ns.leader_a
    )
    services.submit(report, actor=ns.leader_a)
    item = report.items.get()
    hearing = Hearing(held_on=TODAY, decision="approve", decisions={item.pk: "feedback"})
    with pytest.raises(ValidationError):  # a lead is never fed back to the unit
        record_step(_pending(report), actor=ns.leader_a, hearing=hearing)
    hearing.decisions = {item.pk: "discipline_commission"}
    record_step(_pending(report), actor=ns.leader_a, hearing=hearing)
    with pytest.raises(PermissionDenied):  # office staff see no lead
        record_step(_pending(report), actor=ns.personas.office_a, hearing=hearing)
    record_step(_pending(report), actor=ns.personas.head_a, hearing=hearing)
    with pytest.raises(PermissionDenied):  # the leading group needs a grant
        record_step(_pending(report), actor=ns.personas.viewer_a, hearing=hearing)
    LeadGrant.objects.create(
        inspection=ns.a,
        user=ns.personas.viewer_a,
        reason="听取线索报告",
        granted_by=ns.personas.head_a,
    )
    record_step(_pending(report), actor=ns.personas.viewer_a, hearing=hearing)
    assert _pending(report).stage == "secretary_special"


def test_secretary_meeting_deadline(ns, report, client):
    ended = TODAY - timedelta(days=40)
    Inspection.objects.filter(pk=ns.a.pk).update(
        stationed_from=ended - timedelta(days=30), stationed_until=ended
    )
    report = Report.objects.get(pk=report.pk)
    deadline = approval.secretary_deadline(report)
    assert deadline["overdue"] and deadline["due"] == ended + timedelta(days=30)
    login(client, ns.member)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "report-warning" in page
    assert approval.secretary_deadline(report, today=ended + timedelta(days=5))["days_left"] == 25


def test_hearing_recorded_through_the_page(ns, report, client):
    services.submit(report, actor=ns.member)
    step = _pending(report)
    meeting = Meeting.objects.create(
        inspection=ns.a, kind="team_meeting", title="组务会", held_on=date(2026, 4, 20)
    )
    login(client, ns.leader_a)
    url = reverse("reports:step", args=[step.pk])
    page = client.get(url)
    assert page.status_code == 200 and "违规发放津补贴" in page.content.decode()
    data = {
        "held_on": "2026-04-20",
        "meeting": meeting.pk,
        "decision": "approve",
        "opinion": "同意报送",
    }
    for item in ns.items.values():
        data[f"use_{item}"] = "feedback"
        data[f"note_{item}"] = ""
    missing = dict(data)
    missing.pop(f"use_{ns.items[ns.f1.pk]}")
    assert client.post(url, missing).status_code == 200  # shown again, nothing recorded
    assert ApprovalStep.objects.get(pk=step.pk).status == "pending"
    response = client.post(url, data)
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == "approved" and step.meeting == meeting
    # The member of the team may read the report but not record a hearing.
    login(client, ns.member)
    assert client.get(reverse("reports:step", args=[_pending(report).pk])).status_code == 403
