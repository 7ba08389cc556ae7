"""The sign-off chain of a working paper: drafter → deputy leader → leader, returns with
comments, no preparer ever signs, a team without a deputy able to sign, the office standing in
for a leader who drafted, editing locked after submission, reopening and withdrawing, and two
reviewers confirming at once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.findings.conftest import draft, state
from xuncha.audit.models import AuditEvent, EventType
from xuncha.findings import services, services_review
from xuncha.findings.models import Finding, FindingReview
from xuncha.staffing.models import TeamMember

S = Finding.Status


def _through_deputy(ns, finding):
    services_review.submit(finding, actor=ns.member)
    return services_review.approve(finding, actor=ns.deputy)


def test_the_whole_chain_through_the_pages(ns, as_user):
    finding = draft(ns)
    client = as_user(ns.member)
    response = client.post(reverse("findings:submit", args=[finding.pk]))
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == S.PENDING_DEPUTY

    client = as_user(ns.deputy)
    page = client.get(reverse("findings:detail", args=[finding.pk]))
    assert "findings/" in page.content.decode() and page.status_code == 200
    client.post(reverse("findings:approve", args=[finding.pk]), {"comment": "同意"})
    finding.refresh_from_db()
    assert finding.status == S.PENDING_LEADER

    client = as_user(ns.leader)
    client.post(reverse("findings:confirm", args=[finding.pk]), {"comment": ""})
    finding.refresh_from_db()
    assert finding.status == S.CONFIRMED and finding.confirmed_at is not None
    steps = list(finding.reviews.values_list("step", "role"))
    assert steps == [
        ("submit", "team:member"),
        ("deputy_approve", "team:deputy_leader"),
        ("leader_confirm", "team:leader"),
    ]
    assert (
        AuditEvent.objects.filter(
            event_type=EventType.FINDING_REVIEWED, object_id=str(finding.pk)
        ).count()
        == 3
    )
    # Every step is on the paper's timeline.
    page = as_user(ns.leader).get(reverse("findings:detail", args=[finding.pk])).content.decode()
    assert "组长已确认" in page


def test_a_preparer_never_signs_even_from_the_leaders_seat(ns):
    # The deputy edits the paper: from then on the deputy is a preparer.
    finding = draft(ns)
    services.update_finding(finding, actor=ns.deputy, cause="制度执行不严。")
    services_review.submit(finding, actor=ns.member)
    before = state()
    with pytest.raises(ValidationError) as exc:
        services_review.approve(finding, actor=ns.deputy)
    assert exc.value.code == "preparer"
    with pytest.raises(ValidationError) as exc:
        services_review.return_finding(finding, actor=ns.deputy, comment="再改")
    assert exc.value.code == "preparer"
    assert state() == before
    # The only deputy prepared it: the leader takes the deputy step, recorded as such.
    services_review.approve(finding, actor=ns.leader)
    finding.refresh_from_db()
    assert finding.status == S.PENDING_LEADER
    assert finding.reviews.get(step="deputy_approve").role == "team:leader:as_deputy"


def test_a_leader_who_drafted_is_replaced_by_the_office(ns):
    finding = draft(ns, actor=ns.leader)
    services_review.submit(finding, actor=ns.leader)
    services_review.approve(finding, actor=ns.deputy)
    before = state()
    with pytest.raises(ValidationError) as exc:
        services_review.confirm(finding, actor=ns.leader)
    assert exc.value.code == "preparer"
    assert state() == before
    services_review.confirm(finding, actor=ns.office)
    finding.refresh_from_db()
    assert finding.status == S.CONFIRMED
    assert finding.reviews.get(step="leader_confirm").role == "office_staff:as_leader"


def test_the_office_does_not_sign_when_the_leader_can(ns):
    finding = draft(ns)
    _through_deputy(ns, finding)
    before = state()
    with pytest.raises(PermissionDenied):
        services_review.confirm(finding, actor=ns.office)
    assert state() == before


def test_a_team_without_deputy_lets_the_leader_take_the_step(ns):
    TeamMember.objects.filter(pk=ns.deputy_seat.pk).delete()
    finding = draft(ns)
    services_review.submit(finding, actor=ns.member)
    services_review.approve(finding, actor=ns.leader)
    services_review.confirm(finding, actor=ns.leader)
    roles = dict(finding.reviews.values_list("step", "role"))
    assert roles["deputy_approve"] == "team:leader:as_deputy"
    assert roles["leader_confirm"] == "team:leader"


def test_the_leader_does_not_take_the_deputy_step_when_a_deputy_can(ns):
    finding = draft(ns)
    services_review.submit(finding, actor=ns.member)
    before = state()
    with pytest.raises(PermissionDenied):
        services_review.approve(finding, actor=ns.leader)
    assert state() == before


def test_a_member_signs_nothing_and_the_leading_group_reads_only(ns):
    finding = draft(ns, actor=ns.office)
    services_review.submit(finding, actor=ns.office)
    before = state()
    for actor in (ns.member, ns.personas.viewer_a):
        with pytest.raises(PermissionDenied):
            services_review.approve(finding, actor=actor)
    assert state() == before


def test_return_needs_a_comment_and_reopens_the_text(ns, as_user):
    finding = draft(ns)
    services_review.submit(finding, actor=ns.member)
    before = state()
    response = as_user(ns.deputy).post(
        reverse("findings:return", args=[finding.pk]), {"comment": "  "}
    )
    assert response.status_code == 302
    assert state() == before
    with pytest.raises(ValidationError) as exc:
        services_review.return_finding(finding, actor=ns.deputy, comment="")
    assert "comment" in exc.value.error_dict
    services_review.return_finding(finding, actor=ns.deputy, comment="事实部分补充金额明细")
    finding.refresh_from_db()
    assert finding.status == S.RETURNED
    assert finding.reviews.get(step="return").comment == "事实部分补充金额明细"
    # Returned: the drafter edits and submits again.
    services.update_finding(finding, actor=ns.member, facts="补充后的事实。")
    services_review.submit(finding, actor=ns.member)
    finding.refresh_from_db()
    assert finding.status == S.PENDING_DEPUTY


def test_editing_is_locked_once_submitted(ns, as_user):
    finding = draft(ns)
    services_review.submit(finding, actor=ns.member)
    before = state()
    with pytest.raises(ValidationError) as exc:
        services.update_finding(finding, actor=ns.member, facts="改动")
    assert exc.value.code == "locked"
    with pytest.raises(ValidationError):
        services.add_evidence(finding, actor=ns.member, kind="other", label="补充材料")
    assert as_user(ns.member).get(reverse("findings:edit", args=[finding.pk])).status_code == 403
    response = as_user(ns.member).post(
        reverse("findings:edit", args=[finding.pk]), {"title": "改", "scope": "individual"}
    )
    assert response.status_code == 403
    assert state() == before


def test_submission_needs_a_complete_paper(ns):
    finding = services.create_finding(ns.inspection, actor=ns.member, title="只有标题")
    before = state()
    with pytest.raises(ValidationError) as exc:
        services_review.submit(finding, actor=ns.member)
    assert set(exc.value.error_dict) >= {"basis", "facts", "suggestion", "discipline"}
    conduct = draft(
        ns,
        is_conduct=True,
        responsible_kind="individual",
        responsible_person="钱某",
        responsible_post="农机站站长",
    )
    before = state()
    with pytest.raises(ValidationError) as exc:
        services_review.submit(conduct, actor=ns.member)
    assert "is_conduct" in exc.value.error_dict
    assert state() == before


def test_a_member_who_wrote_nothing_does_not_submit(ns):
    finding = draft(ns, actor=ns.office)
    before = state()
    with pytest.raises(PermissionDenied):
        services_review.submit(finding, actor=ns.member)
    assert state() == before


def test_reopen_needs_the_leader_a_comment_and_no_approved_report(ns):
    finding = draft(ns)
    _through_deputy(ns, finding)
    services_review.confirm(finding, actor=ns.leader)
    before = state()
    with pytest.raises(PermissionDenied):
        services_review.reopen(finding, actor=ns.deputy, comment="再议")
    with pytest.raises(ValidationError):
        services_review.reopen(finding, actor=ns.leader, comment="")
    assert state() == before

    from xuncha.reports.models import Report, ReportItem

    report = Report.objects.create(
        kind="inspection",
        round=ns.plans.round_a1,
        inspection=ns.inspection,
        team=ns.people.team_a1,
        title="巡察报告",
        status=Report.Status.APPROVED,
        chain="team_meeting",
        created_by=ns.office,
    )
    item = ReportItem.objects.create(report=report, finding=finding)
    before = state()
    with pytest.raises(ValidationError) as exc:
        services_review.reopen(finding, actor=ns.leader, comment="需修改")
    assert exc.value.code == "in_report"
    assert state() == before

    # Nor while the bodies are hearing it: their decisions refer to this text.
    Report.objects.filter(pk=report.pk).update(status=Report.Status.IN_APPROVAL)
    with pytest.raises(ValidationError) as exc:
        services_review.reopen(finding, actor=ns.leader, comment="需修改")
    assert exc.value.code == "in_report"
    assert state() == before

    # A report still being drafted does not hold it.
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DRAFTING)
    services_review.reopen(finding, actor=ns.leader, comment="组务会认为需补充证据")
    finding.refresh_from_db()
    assert finding.status == S.RETURNED and finding.confirmed_at is None
    assert item.pk


def test_withdraw_by_drafter_or_leader_with_reason(ns):
    finding = draft(ns)
    other = draft(ns, title="另一个问题")
    before = state()
    with pytest.raises(PermissionDenied):
        services_review.withdraw(finding, actor=ns.deputy, reason="重复")
    with pytest.raises(ValidationError):
        services_review.withdraw(finding, actor=ns.member, reason="")
    assert state() == before
    services_review.withdraw(finding, actor=ns.member, reason="与第2号问题重复")
    services_review.withdraw(other, actor=ns.leader, reason="经核实不属实")
    assert set(Finding.objects.values_list("status", flat=True)) == {S.WITHDRAWN}
    with pytest.raises(ValidationError):
        services_review.submit(finding, actor=ns.member)


def test_concurrent_double_confirm_one_wins(ns, monkeypatch):
    finding = draft(ns)
    _through_deputy(ns, finding)
    stale = Finding.objects.select_related(
        "inspection",
        "inspection__round",
        "inspection__round__jurisdiction",
        "inspection__target",
        "inspection__team",
    ).get(pk=finding.pk)
    services_review.confirm(finding, actor=ns.leader)
    # The second request read the paper before the first one wrote: the conditional UPDATE
    # refuses it.
    monkeypatch.setattr(services_review, "_locked", lambda f: stale)
    before = state()
    with pytest.raises(ValidationError) as exc:
        services_review.confirm(stale, actor=ns.leader)
    assert exc.value.code == "stale"
    assert state() == before
    assert FindingReview.objects.filter(finding=finding, step="leader_confirm").count() == 1


def test_confirming_twice_in_a_row_is_refused(ns):
    finding = draft(ns)
    _through_deputy(ns, finding)
    first = Finding.objects.get(pk=finding.pk)
    second = Finding.objects.get(pk=finding.pk)
    services_review.confirm(first, actor=ns.leader)
    with pytest.raises(ValidationError):
        services_review.confirm(second, actor=ns.leader)
    assert FindingReview.objects.filter(step="leader_confirm").count() == 1


def test_signing_page_explains_a_preparer(ns, as_user):
    finding = draft(ns, actor=ns.deputy)
    services_review.submit(finding, actor=ns.deputy)
    page = as_user(ns.deputy).get(reverse("findings:detail", args=[finding.pk])).content.decode()
    assert reverse("findings:approve", args=[finding.pk]) not in page
    page = as_user(ns.leader).get(reverse("findings:detail", args=[finding.pk])).content.decode()
    assert reverse("findings:approve", args=[finding.pk]) in page
