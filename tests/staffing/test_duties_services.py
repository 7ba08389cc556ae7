"""The services of a round's duties, whoever calls them: authorization, pledges, gifts and
evaluations, and the choke points that read them. Every refusal leaves nothing behind."""

import io
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from tests.authz import fingerprint
from tests.factories import make_cadre, make_people, make_plans, make_user
from tests.matrix.duties import staff_rounds
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType
from xuncha.people.models import Cadre, FamilyRelation, Kinship, Posting, PostingKind
from xuncha.plans.models import Inspection, InspectionEvent, Round, RoundStatus, Stage
from xuncha.staffing import duties, recusal
from xuncha.staffing.models import (
    Authorization,
    ConfidentialityPledge,
    Evaluation,
    GiftDeclaration,
    MemberRole,
    Recusal,
    RecusalStatus,
    TeamMember,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    ns = SimpleNamespace(
        tree=tree, personas=personas, people=people, plans=make_plans(tree, people)
    )
    staff_rounds(ns)
    return ns


def _events(event_type) -> int:
    return AuditEvent.objects.filter(event_type=event_type).count()


def _refused(exc, call):
    before = fingerprint()
    with pytest.raises(exc):
        call()
    assert fingerprint() == before


def _transition_available() -> bool:
    return duties._plans_transition() is not None


# --- authorization -------------------------------------------------------------------------------


def test_issue_authorization_numbers_and_moves_inspections(ns):
    office = ns.personas.office_a
    authorization = duties.issue_authorization(ns.plans.round_a1, ns.people.team_a1, actor=office)
    year = timezone.localdate().year
    assert authorization.leader == ns.people.in_a1
    assert authorization.document_number == f"甲一县委巡授〔{year}〕1号"
    assert authorization.issued_by == office
    event = AuditEvent.objects.get(event_type=EventType.AUTHORIZATION_ISSUED)
    assert event.actor == office and event.actor_role == Role.OFFICE_STAFF
    assert event.unit_id == ns.tree.county_a1.pk
    assert event.changes["leader"] == [None, ns.people.in_a1.pk]
    if _transition_available():
        inspection = Inspection.objects.get(pk=ns.plans.inspection_a1.pk)
        assert inspection.stage == Stage.AUTHORIZED
        assert InspectionEvent.objects.filter(
            inspection=inspection, to_stage=Stage.AUTHORIZED
        ).exists()


def test_numbers_follow_on_within_the_jurisdiction(ns, tree):
    p, pl = ns.people, ns.plans
    duties.issue_authorization(pl.round_a1, p.team_a1, actor=None)
    second = Round.objects.create(
        jurisdiction=tree.county_a1,
        year=pl.round_a1.year,
        number=2,
        name="甲一县委第二轮巡察",
        starts_on=date(2026, 5, 6),
        ends_on=date(2026, 6, 30),
        status=RoundStatus.APPROVED,
    )
    Inspection.objects.create(round=second, team=p.team_a1, target=tree.county_a1)
    # A leader from another county: 李秀英 works inside county A1, which would block her.
    leader = make_cadre(tree.county_a2, "周外县")
    TeamMember.objects.create(round=second, team=p.team_a1, cadre=leader, role=MemberRole.LEADER)
    authorization = duties.issue_authorization(second, p.team_a1, actor=None)
    assert authorization.document_number.endswith("〕2号")


def test_authorization_needs_an_approved_round(ns):
    Round.objects.filter(pk=ns.plans.round_a1.pk).update(status=RoundStatus.SUBMITTED)
    _refused(
        ValidationError,
        lambda: duties.issue_authorization(
            ns.plans.round_a1, ns.people.team_a1, actor=ns.personas.office_a
        ),
    )


def test_authorization_needs_a_leader(ns):
    TeamMember.objects.filter(role=MemberRole.LEADER, round=ns.plans.round_a1).update(
        role=MemberRole.DEPUTY_LEADER
    )
    _refused(
        ValidationError,
        lambda: duties.issue_authorization(
            ns.plans.round_a1, ns.people.team_a1, actor=ns.personas.office_a
        ),
    )


def test_authorization_needs_plan_edit_on_the_jurisdiction(ns):
    for actor in (
        ns.personas.viewer_a,
        ns.personas.outsider,
        ns.personas.upper,
        ns.personas.member_a1,
        ns.personas.norole,
    ):
        _refused(
            PermissionDenied,
            lambda actor=actor: duties.issue_authorization(
                ns.plans.round_a1, ns.people.team_a1, actor=actor
            ),
        )


def test_reissue_after_a_leader_change_replaces_it(ns):
    p, pl, office = ns.people, ns.plans, ns.personas.office_a
    first = duties.issue_authorization(pl.round_a1, p.team_a1, actor=office)
    # The same leader again, with nothing to correct: refused.
    _refused(
        ValidationError, lambda: duties.issue_authorization(pl.round_a1, p.team_a1, actor=office)
    )
    TeamMember.objects.filter(pk=ns.duties.leader_a.pk).update(role=MemberRole.MEMBER)
    TeamMember.objects.filter(pk=ns.duties.member_a.pk).update(role=MemberRole.LEADER)
    second = duties.issue_authorization(pl.round_a1, p.team_a1, actor=office)
    assert second.pk == first.pk
    assert second.leader == p.in_a2
    assert second.document_number != first.document_number
    assert Authorization.objects.count() == 1
    event = (
        AuditEvent.objects.filter(event_type=EventType.AUTHORIZATION_ISSUED).order_by("seq").last()
    )
    assert event.changes["leader"] == [p.in_a1.pk, p.in_a2.pk]
    assert event.changes["document_number"] == [first.document_number, second.document_number]


def test_no_reissue_once_stationed(ns):
    p, pl, office = ns.people, ns.plans, ns.personas.office_a
    duties.issue_authorization(pl.round_a1, p.team_a1, actor=office)
    Inspection.objects.filter(pk=pl.inspection_a1.pk).update(stage=Stage.STATIONED)
    _refused(
        ValidationError,
        lambda: duties.issue_authorization(
            pl.round_a1, p.team_a1, actor=office, document_number="甲一县委巡授〔2026〕9号"
        ),
    )


def test_document_number_is_unique_in_the_jurisdiction(ns, tree):
    p, pl = ns.people, ns.plans
    first = duties.issue_authorization(pl.round_a1, p.team_a1, actor=None)
    team2 = p.team_a1.__class__.objects.create(
        jurisdiction=tree.county_a1, number=2, name="第二巡察组"
    )
    Inspection.objects.create(round=pl.round_a1, team=team2, target=tree.county_a1)
    TeamMember.objects.create(
        round=pl.round_a1,
        team=team2,
        cadre=make_cadre(tree.county_a2, "周外县"),
        role=MemberRole.LEADER,
    )
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        duties.issue_authorization(
            pl.round_a1, team2, actor=None, document_number=first.document_number
        )
    assert "document_number" in exc.value.message_dict
    assert fingerprint() == before
    other = duties.issue_authorization(
        pl.round_a1, team2, actor=None, document_number="甲一县委巡授〔2026〕20号"
    )
    assert other.document_number == "甲一县委巡授〔2026〕20号"


def test_authorization_document_and_download_audit(ns):
    office = ns.personas.office_a
    authorization = duties.issue_authorization(ns.plans.round_a1, ns.people.team_a1, actor=office)
    before = _events(EventType.DOCUMENT_GENERATED)
    document = duties.download_authorization(authorization, actor=office)
    assert document.filename.endswith("组长授权书.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs)
    assert "授权张建国同志担任甲一县委2026年第一轮巡察甲一县委第一巡察组组长" in text
    assert "负责对甲一县农业农村局开展巡察" in text
    assert authorization.document_number in text
    assert "2026年3月2日至4月17日" in text
    assert _events(EventType.DOCUMENT_GENERATED) == before + 1
    event = (
        AuditEvent.objects.filter(event_type=EventType.DOCUMENT_GENERATED).order_by("seq").last()
    )
    assert event.object_type == "staffing.authorization"
    assert event.object_id == str(authorization.pk)
    assert event.actor == office
    # One trail: the generation event carries the stored file's hash and template version.
    assert _events(EventType.DOCUMENT_DOWNLOADED) == 0
    assert event.changes["sha256"] == document.sha256
    assert event.changes["template_version"].startswith("shipped:")


# --- pledges -------------------------------------------------------------------------------------


def test_member_signs_their_own_pledge(ns):
    member = ns.personas.member_a1
    pledge = duties.sign_pledge(ns.plans.round_a1, ns.people.in_a2, actor=member)
    assert pledge.text == duties.PLEDGE_TEXT
    assert "不私自留存" in pledge.text and "不接受" in pledge.text
    assert pledge.signed_on == timezone.localdate()
    event = AuditEvent.objects.get(event_type=EventType.PLEDGE_SIGNED)
    assert event.actor == member and event.actor_role == duties.SELF
    # Once only.
    _refused(
        ValidationError,
        lambda: duties.sign_pledge(ns.plans.round_a1, ns.people.in_a2, actor=member),
    )


def test_pledge_for_another_member_is_refused(ns):
    member = ns.personas.member_a1
    _refused(
        PermissionDenied,
        lambda: duties.sign_pledge(ns.plans.round_a1, ns.people.in_a1, actor=member),
    )
    _refused(
        PermissionDenied,
        lambda: duties.sign_pledge(ns.plans.round_a1, ns.people.in_a1, actor=ns.personas.viewer_a),
    )
    _refused(
        PermissionDenied,
        lambda: duties.sign_pledge(ns.plans.round_a1, ns.people.in_a1, actor=ns.personas.outsider),
    )


def test_office_records_a_paper_pledge(ns):
    signed_on = timezone.localdate() - timedelta(days=3)
    pledge = duties.sign_pledge(
        ns.plans.round_a1, ns.people.in_a1, actor=ns.personas.office_a, signed_on=signed_on
    )
    assert pledge.signed_on == signed_on and pledge.recorded_by == ns.personas.office_a
    event = AuditEvent.objects.get(event_type=EventType.PLEDGE_SIGNED)
    assert event.actor_role == Role.OFFICE_STAFF


def test_pledge_only_for_members_and_not_in_the_future(ns, tree):
    stranger = make_cadre(tree.county_a1, "钱未参加")
    _refused(
        ValidationError,
        lambda: duties.sign_pledge(ns.plans.round_a1, stranger, actor=ns.personas.office_a),
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    _refused(
        ValidationError,
        lambda: duties.sign_pledge(
            ns.plans.round_a1, ns.people.in_a1, actor=ns.personas.office_a, signed_on=tomorrow
        ),
    )


def test_pledges_are_visible_in_the_round_and_to_oneself(ns):
    own = duties.sign_pledge(ns.plans.round_a1, ns.people.in_a2, actor=None)
    other = duties.sign_pledge(ns.plans.round_b, ns.people.in_b, actor=None)
    assert set(duties.visible_pledges(ns.personas.viewer_a)) == {own}
    assert set(duties.visible_pledges(ns.personas.outsider)) == {other}
    assert set(duties.visible_pledges(ns.personas.upper)) == {own, other}
    assert set(duties.visible_pledges(ns.personas.norole)) == set()
    assert duties.get_pledge_for_user(ns.personas.member_a1, own.pk) == own
    with pytest.raises(Http404):
        duties.get_pledge_for_user(ns.personas.office_a, other.pk)


# --- gifts ---------------------------------------------------------------------------------------


def _gift(ns, cadre, actor, **overrides):
    data = {
        "kind": "gift",
        "offered_on": timezone.localdate(),
        "offered_by": "某公司刘总",
        "description": "购物卡一张",
        "value": Decimal("1000"),
        "handling": "handed_in",
    }
    data.update(overrides)
    return duties.declare_gift(ns.plans.round_a1, cadre, actor=actor, **data)


def test_member_declares_a_gift(ns):
    member = ns.personas.member_a1
    gift = _gift(ns, ns.people.in_a2, member)
    assert gift.recorded_by == member and gift.value == Decimal("1000")
    event = AuditEvent.objects.get(event_type=EventType.GIFT_DECLARED)
    assert event.actor_role == duties.SELF
    assert event.changes["offered_by"] == [None, "某公司刘总"]


def test_gifts_are_invisible_to_other_team_members(ns):
    gift = _gift(ns, ns.people.in_a2, ns.personas.member_a1)
    leader = make_user(
        "leader_a1", unit=ns.tree.county_a1, roles=[(Role.TEAM_LEADER, ns.tree.county_a1)]
    )
    ns.people.in_a1.user = leader
    ns.people.in_a1.save()
    assert list(duties.visible_gifts(ns.personas.member_a1)) == [gift]
    assert list(duties.visible_gifts(ns.personas.office_a)) == [gift]
    for user in (leader, ns.personas.viewer_a, ns.personas.upper, ns.personas.outsider):
        assert not duties.visible_gifts(user).exists()
        with pytest.raises(Http404):
            duties.get_gift_for_user(user, gift.pk)


def test_gift_refusals_change_nothing(ns):
    member = ns.personas.member_a1
    _refused(PermissionDenied, lambda: _gift(ns, ns.people.in_a1, member))
    _refused(PermissionDenied, lambda: _gift(ns, ns.people.in_a2, ns.personas.viewer_a))
    _refused(ValidationError, lambda: _gift(ns, ns.people.in_a2, member, value=Decimal("-1")))
    _refused(
        ValidationError,
        lambda: _gift(
            ns, ns.people.in_a2, member, offered_on=timezone.localdate() + timedelta(days=2)
        ),
    )
    _refused(ValidationError, lambda: _gift(ns, ns.people.in_a2, member, offered_by="  "))
    _refused(ValidationError, lambda: _gift(ns, ns.people.in_a2, member, kind="car"))
    _refused(ValidationError, lambda: _gift(ns, ns.people.in_b, ns.personas.office_a))


# --- evaluations ---------------------------------------------------------------------------------


def test_record_and_change_an_evaluation(ns):
    office = ns.personas.office_a
    first = duties.record_evaluation(
        ns.plans.round_a1, ns.people.in_a2, actor=office, grade="competent", comments="完成任务。"
    )
    assert first.evaluated_by == office
    assert _events(EventType.EVALUATION_RECORDED) == 1
    again = duties.record_evaluation(
        ns.plans.round_a1, ns.people.in_a2, actor=office, grade="excellent", comments="完成任务。"
    )
    assert again.pk == first.pk and Evaluation.objects.count() == 1
    event = (
        AuditEvent.objects.filter(event_type=EventType.EVALUATION_RECORDED).order_by("seq").last()
    )
    assert event.changes == {"grade": ["competent", "excellent"]}
    # Nothing changed, nothing recorded.
    duties.record_evaluation(
        ns.plans.round_a1,
        ns.people.in_a2,
        actor=office,
        grade="excellent",
        comments="完成任务。",
        evaluated_on=first.evaluated_on,
    )
    assert _events(EventType.EVALUATION_RECORDED) == 2


def test_evaluation_refusals_change_nothing(ns, tree):
    pl, p = ns.plans, ns.people

    def record(actor=ns.personas.office_a, cadre=p.in_a2, **kw):
        data = {"grade": "excellent", "comments": "好。"} | kw
        return lambda: duties.record_evaluation(pl.round_a1, cadre, actor=actor, **data)

    for actor in (ns.personas.viewer_a, ns.personas.member_a1, ns.personas.outsider):
        _refused(PermissionDenied, record(actor=actor))
    _refused(ValidationError, record(cadre=make_cadre(tree.county_a1, "未参加")))
    _refused(ValidationError, record(grade="great"))
    _refused(ValidationError, record(comments="   "))
    Round.objects.filter(pk=pl.round_a1.pk).update(status=RoundStatus.DRAFT)
    _refused(ValidationError, record())


def test_evaluations_seen_by_the_office_and_the_home_unit(ns, tree):
    evaluation = duties.record_evaluation(
        ns.plans.round_a1, ns.people.in_a2, actor=None, grade="excellent", comments="好。"
    )
    home = make_user("home_a2", unit=tree.county_a2, roles=[(Role.OFFICE_STAFF, tree.county_a2)])
    assert list(duties.visible_evaluations(home)) == [evaluation]  # people.edit on 甲二县委
    assert list(duties.visible_evaluations(ns.personas.office_a)) == [evaluation]
    for user in (
        ns.personas.viewer_a,
        ns.personas.member_a1,
        ns.personas.upper,
        ns.personas.outsider,
    ):
        assert not duties.visible_evaluations(user).exists()


def test_evaluation_letter_content(ns):
    office = ns.personas.office_a
    evaluation = duties.record_evaluation(
        ns.plans.round_a1,
        ns.people.in_a2,
        actor=office,
        grade="excellent",
        comments="政治站位高，敢于较真碰硬。\n作风扎实，严守纪律。",
    )
    document = duties.download_evaluation_letter(evaluation, actor=office)
    assert document.filename == "关于王志强同志参加巡察工作表现情况的函.docx"
    paragraphs = [p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs]
    assert paragraphs[0] == "甲一县委巡察工作领导小组办公室"
    assert "关于王志强同志参加巡察工作表现情况的函" in paragraphs
    assert "甲二县委：" in paragraphs  # addressed to the home unit
    body = "\n".join(paragraphs)
    assert "于2026年3月2日至4月17日参加甲一县委2026年第一轮巡察" in body
    assert "在甲一县委第一巡察组担任组员" in body
    assert "参与对甲一县农业农村局的巡察工作" in body
    assert "表现为“优秀”" in body
    assert "政治站位高，敢于较真碰硬。" in paragraphs and "作风扎实，严守纪律。" in paragraphs
    assert _events(EventType.DOCUMENT_GENERATED) == 1


def test_pledge_document(ns):
    pledge = duties.sign_pledge(
        ns.plans.round_a1, ns.people.in_a2, actor=None, signed_on=date(2026, 3, 1)
    )
    document = duties.download_pledge(pledge, actor=ns.personas.member_a1)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs]
    assert paragraphs[0] == "巡察工作人员保密承诺书"
    assert (
        "本人王志强，甲二县委科员，参加甲一县委2026年第一轮巡察，在甲一县委第一巡察组担任组员。"
        in (paragraphs)
    )
    assert all(line in paragraphs for line in duties.PLEDGE_TEXT.splitlines())
    assert paragraphs[-1] == "2026年3月1日"
    event = AuditEvent.objects.get(event_type=EventType.DOCUMENT_GENERATED)
    assert event.actor == ns.personas.member_a1 and event.actor_role == Role.TEAM_MEMBER


def test_round_members_in_team_and_role_order(ns):
    roles = [m.role for m in duties.round_members(ns.plans.round_a1)]
    assert roles == [MemberRole.LEADER, MemberRole.MEMBER]
    assert not ConfidentialityPledge.objects.exists() and not GiftDeclaration.objects.exists()


# --- conflicts, closed rounds, races and the leader's own copy ----------------------------------


def _leader_conflict(ns):
    """张建国, leader of team_a1, has a wife working at the team's target."""
    return FamilyRelation.objects.create(
        cadre=ns.people.in_a1,
        kinship=Kinship.SPOUSE,
        relation="妻子",
        full_name="陈丽",
        unit=ns.plans.inspection_a1.target,
    )


def test_a_leader_with_an_open_conflict_is_not_authorized(ns):
    _leader_conflict(ns)
    office = ns.personas.office_a
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        duties.issue_authorization(ns.plans.round_a1, ns.people.team_a1, actor=office)
    assert exc.value.error_list[0].code == "leader_blocked"
    assert "陈丽" not in str(exc.value)  # the label, not the personal detail
    assert fingerprint() == before
    # Once the office overrides the conflict with a reason, the authorization goes ahead.
    recusal.scan_round(ns.plans.round_a1, actor=None)
    row = Recusal.objects.get(cadre=ns.people.in_a1)
    recusal.decide(
        row, actor=None, status=RecusalStatus.OVERRIDDEN, reason="配偶已调离，登记未更新"
    )
    authorization = duties.issue_authorization(ns.plans.round_a1, ns.people.team_a1, actor=office)
    assert authorization.leader == ns.people.in_a1


def test_a_leader_only_rule_blocks_the_authorization(ns):
    # Studied at the target: binds leaders, not members.
    Posting.objects.create(
        cadre=ns.people.in_a1,
        unit=ns.plans.inspection_a1.target,
        kind=PostingKind.STUDY,
        started_on=date(2001, 9, 1),
        ended_on=date(2002, 7, 1),
    )
    _refused(
        ValidationError,
        lambda: duties.issue_authorization(
            ns.plans.round_a1, ns.people.team_a1, actor=ns.personas.office_a
        ),
    )


def test_a_first_authorization_issued_at_the_same_moment_is_refused_cleanly(ns, monkeypatch):
    office = ns.personas.office_a
    duties.issue_authorization(ns.plans.round_a1, ns.people.team_a1, actor=office)
    # The other clerk's check ran before this one's row was committed.
    monkeypatch.setattr(duties, "_current_authorization", lambda round, team: None)
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        duties.issue_authorization(
            ns.plans.round_a1,
            ns.people.team_a1,
            actor=office,
            document_number="甲一县委巡授〔2026〕9号",
        )
    assert exc.value.error_list[0].code == "concurrent"
    assert fingerprint() == before
    assert Authorization.objects.count() == 1


def test_a_pledge_signed_at_the_same_moment_is_refused_cleanly(ns, monkeypatch):
    duties.sign_pledge(ns.plans.round_a1, ns.people.in_a2, actor=ns.personas.member_a1)
    monkeypatch.setattr(duties, "_pledge_signed", lambda round, cadre: False)
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        duties.sign_pledge(ns.plans.round_a1, ns.people.in_a2, actor=ns.personas.office_a)
    assert "cadre" in exc.value.message_dict
    assert fingerprint() == before


def test_a_closed_round_takes_no_pledge_and_no_declaration(ns):
    Round.objects.filter(pk=ns.plans.round_a1.pk).update(status=RoundStatus.CLOSED)
    member, office = ns.personas.member_a1, ns.personas.office_a
    for actor in (member, office):
        before = fingerprint()
        with pytest.raises(ValidationError) as exc:
            duties.sign_pledge(ns.plans.round_a1, ns.people.in_a2, actor=actor)
        assert exc.value.error_list[0].code == "round_closed"
        with pytest.raises(ValidationError) as exc:
            _gift(ns, ns.people.in_a2, actor)
        assert exc.value.error_list[0].code == "round_closed"
        assert fingerprint() == before
    # Who may act is still checked first.
    _refused(PermissionDenied, lambda: _gift(ns, ns.people.in_a2, ns.personas.viewer_a))
    # Evaluations belong to the end of the round.
    duties.record_evaluation(
        ns.plans.round_a1, ns.people.in_a2, actor=office, grade="competent", comments="完成任务。"
    )


def test_the_leader_reads_and_downloads_their_own_authorization(ns):
    authorization = duties.issue_authorization(ns.plans.round_a1, ns.people.team_a1, actor=None)
    other = duties.issue_authorization(ns.plans.round_b, ns.people.team_b, actor=None)
    leader = make_user("leader_a1", unit=ns.tree.county_a1)
    Cadre.objects.filter(pk=ns.people.in_a1.pk).update(user=leader)
    assert list(duties.visible_authorizations(leader)) == [authorization]
    assert duties.get_authorization_for_user(leader, authorization.pk) == authorization
    with pytest.raises(Http404):
        duties.get_authorization_for_user(leader, other.pk)
    # A member of the team does not get the leader's authorization.
    assert not duties.visible_authorizations(ns.personas.member_a1).exists()
    document = duties.download_authorization(authorization, actor=leader)
    assert document.content
    event = AuditEvent.objects.filter(event_type=EventType.DOCUMENT_GENERATED).latest("seq")
    assert (event.actor, event.object_id) == (leader, str(authorization.pk))


def test_reading_gifts_is_recorded(ns):
    gift = _gift(ns, ns.people.in_a2, ns.personas.member_a1)
    before = _events(EventType.GIFTS_VIEWED)
    duties.record_gifts_viewed(ns.plans.round_a1, actor=ns.personas.office_a, shown=[gift.pk])
    event = AuditEvent.objects.filter(event_type=EventType.GIFTS_VIEWED).latest("seq")
    assert _events(EventType.GIFTS_VIEWED) == before + 1
    assert (event.object_type, event.object_id) == ("plans.round", str(ns.plans.round_a1.pk))
    assert event.changes == {"shown": [gift.pk]} and event.actor_role == Role.OFFICE_STAFF
