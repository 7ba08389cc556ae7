"""The duties pages as the office and the team members use them: issue and download the
leaders' authorizations, sign pledges, declare gifts, evaluate members."""

import io
from datetime import timedelta
from types import SimpleNamespace

import docx
import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.authz import fingerprint
from tests.factories import make_cadre, make_people, make_plans, make_user
from tests.matrix.duties import staff_rounds
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType
from xuncha.plans.models import Inspection, Round, RoundStatus, Stage
from xuncha.staffing import duties
from xuncha.staffing.models import (
    Authorization,
    ConfidentialityPledge,
    Evaluation,
    GiftDeclaration,
    MemberRole,
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


def _url(name, *args):
    return reverse(f"staffing:{name}", args=args)


def _docx_text(response) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)


# --- authorization: accept the teams and download the authorization ----------------------------


def test_office_issues_and_downloads_the_authorization(as_user, ns):
    client = as_user(ns.personas.office_a)
    round, team = ns.plans.round_a1, ns.people.team_a1
    page = client.get(_url("duties", round.pk)).content.decode()
    assert "张建国" in page and "甲一县农业农村局" in page
    assert _url("authorization_issue", round.pk, team.pk) in page
    form = client.get(_url("authorization_issue", round.pk, team.pk)).content.decode()
    assert "张建国" in form and "甲一县农业农村局" in form
    response = client.post(
        _url("authorization_issue", round.pk, team.pk), {"document_number": "", "issued_on": ""}
    )
    assert response.status_code == 302
    authorization = Authorization.objects.get(round=round, team=team)
    if duties._plans_transition() is not None:
        assert Inspection.objects.get(pk=ns.plans.inspection_a1.pk).stage == Stage.AUTHORIZED
    page = client.get(_url("duties", round.pk)).content.decode()
    assert authorization.document_number in page
    download = client.get(_url("authorization_download", authorization.pk))
    assert download.status_code == 200
    assert download["Content-Type"].endswith("wordprocessingml.document")
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    text = _docx_text(download)
    assert "授权张建国同志担任" in text and authorization.document_number in text
    event = AuditEvent.objects.get(event_type=EventType.DOCUMENT_GENERATED)
    assert event.object_id == str(authorization.pk) and event.actor == ns.personas.office_a


def test_issue_form_keeps_input_on_error(as_user, ns, tree):
    round = ns.plans.round_a1
    taken = duties.issue_authorization(round, ns.people.team_a1, actor=None)
    team2 = ns.people.team_a1.__class__.objects.create(
        jurisdiction=tree.county_a1, number=2, name="第二巡察组"
    )
    Inspection.objects.create(round=round, team=team2, target=tree.county_a1)
    TeamMember.objects.create(
        round=round, team=team2, cadre=ns.people.in_dept, role=MemberRole.LEADER
    )
    client = as_user(ns.personas.office_a)
    before = fingerprint()
    response = client.post(
        _url("authorization_issue", round.pk, team2.pk),
        {"document_number": taken.document_number, "issued_on": "2026-02-27"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert taken.document_number in body and "2026-02-27" in body
    assert 'class="errorlist' in body
    assert fingerprint() == before


def test_issue_refused_before_approval_and_shows_why(as_user, ns):
    Round.objects.filter(pk=ns.plans.round_a1.pk).update(status=RoundStatus.SUBMITTED)
    client = as_user(ns.personas.office_a)
    url = _url("authorization_issue", ns.plans.round_a1.pk, ns.people.team_a1.pk)
    before = fingerprint()
    response = client.post(url, {"document_number": "自定文号1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "自定文号1" in body  # what was typed is kept
    assert fingerprint() == before


def test_viewer_sees_but_cannot_issue(as_user, ns):
    client = as_user(ns.personas.viewer_a)
    page = client.get(_url("duties", ns.plans.round_a1.pk)).content.decode()
    assert "张建国" in page
    assert _url("authorization_issue", ns.plans.round_a1.pk, ns.people.team_a1.pk) not in page
    assert _url("gifts", ns.plans.round_a1.pk) not in page
    before = fingerprint()
    assert (
        client.post(
            _url("authorization_issue", ns.plans.round_a1.pk, ns.people.team_a1.pk)
        ).status_code
        == 403
    )
    assert fingerprint() == before


def test_team_of_another_round_is_not_found(as_user, ns):
    client = as_user(ns.personas.office_a)
    url = _url("authorization_issue", ns.plans.round_a1.pk, ns.people.team_b.pk)
    assert client.get(url).status_code == 404


# --- pledges -------------------------------------------------------------------------------------


def test_member_signs_their_pledge(as_user, ns):
    client = as_user(ns.personas.member_a1)
    mine = client.get(_url("my_duties")).content.decode()
    assert "甲一县委2026年第一轮巡察" in mine and _url("my_pledge", ns.plans.round_a1.pk) in mine
    page = client.get(_url("my_pledge", ns.plans.round_a1.pk)).content.decode()
    assert "不私自留存" in page
    before = fingerprint()
    response = client.post(_url("my_pledge", ns.plans.round_a1.pk), {})
    assert response.status_code == 200 and fingerprint() == before  # not confirmed
    response = client.post(_url("my_pledge", ns.plans.round_a1.pk), {"confirm": "on"})
    assert response.status_code == 302
    pledge = ConfidentialityPledge.objects.get()
    assert pledge.cadre == ns.people.in_a2 and pledge.recorded_by == ns.personas.member_a1
    mine = client.get(_url("my_duties")).content.decode()
    assert _url("pledge_download", pledge.pk) in mine
    download = client.get(_url("pledge_download", pledge.pk))
    assert download.status_code == 200 and "保密承诺书" in _docx_text(download)


def test_member_cannot_sign_for_a_round_they_do_not_serve(as_user, ns):
    client = as_user(ns.personas.member_a1)
    before = fingerprint()
    assert client.post(_url("my_pledge", ns.plans.round_b.pk), {"confirm": "on"}).status_code == 404
    assert fingerprint() == before
    # Nor through the office's form, for anyone (a team role does not even see the round's
    # plan: 404; with plan.view but no plan.edit it would be 403).
    response = client.post(_url("pledge_sign", ns.plans.round_a1.pk), {"cadre": ns.people.in_a1.pk})
    assert response.status_code in (403, 404)
    assert fingerprint() == before


def test_account_without_cadre_sees_an_explanation(as_user, ns):
    body = as_user(ns.personas.norole).get(_url("my_duties")).content.decode()
    assert "甲一县委" not in body
    assert (
        as_user(ns.personas.norole).get(_url("my_pledge", ns.plans.round_a1.pk)).status_code == 404
    )


def test_pledge_list_and_office_records_paper_pledge(as_user, ns):
    duties.sign_pledge(ns.plans.round_a1, ns.people.in_a2, actor=None)
    client = as_user(ns.personas.office_a)
    page = client.get(_url("pledges", ns.plans.round_a1.pk)).content.decode()
    signed = ConfidentialityPledge.objects.get(cadre=ns.people.in_a2)
    assert _url("pledge_download", signed.pk) in page
    assert f'name="cadre" value="{ns.people.in_a1.pk}"' in page
    assert f'name="cadre" value="{ns.people.in_a2.pk}"' not in page
    signed_on = timezone.localdate() - timedelta(days=10)
    response = client.post(
        _url("pledge_sign", ns.plans.round_a1.pk),
        {"cadre": ns.people.in_a1.pk, "signed_on": str(signed_on)},
    )
    assert response.status_code == 302
    assert ConfidentialityPledge.objects.get(cadre=ns.people.in_a1).signed_on == signed_on
    register = client.get(_url("pledge_register", ns.plans.round_a1.pk)).content.decode()
    assert "张建国" in register and "王志强" in register and str(signed_on) in register


def test_paper_pledge_for_a_non_member_is_refused(as_user, ns, tree):
    stranger = make_cadre(tree.county_a1, "钱未参加")
    client = as_user(ns.personas.office_a)
    before = fingerprint()
    response = client.post(_url("pledge_sign", ns.plans.round_a1.pk), {"cadre": stranger.pk})
    assert response.status_code == 302 and fingerprint() == before


def test_pledge_page_query_count_does_not_grow(as_user, ns, tree):
    client = as_user(ns.personas.office_a)
    url = _url("pledges", ns.plans.round_a1.pk)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(8):
        cadre = make_cadre(tree.county_a1, f"组员{i}")
        TeamMember.objects.create(round=ns.plans.round_a1, team=ns.people.team_a1, cadre=cadre)
        duties.sign_pledge(ns.plans.round_a1, cadre, actor=None)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# --- gifts ---------------------------------------------------------------------------------------


def _gift_form(**overrides):
    data = {
        "kind": "money",
        "offered_on": str(timezone.localdate()),
        "offered_by": "被巡察单位某科长",
        "description": "红包一个，已当场退回",
        "value": "500",
        "handling": "returned",
    }
    data.update(overrides)
    return data


def test_member_declares_and_only_the_office_sees_it(as_user, ns):
    client = as_user(ns.personas.member_a1)
    response = client.post(_url("my_gift", ns.plans.round_a1.pk), _gift_form())
    assert response.status_code == 302
    gift = GiftDeclaration.objects.get()
    assert gift.cadre == ns.people.in_a2
    assert "被巡察单位某科长" in client.get(_url("my_duties")).content.decode()
    # The office sees it…
    page = as_user(ns.personas.office_a).get(_url("gifts", ns.plans.round_a1.pk))
    assert "被巡察单位某科长" in page.content.decode()
    # …the team leader with an account does not.
    leader = make_user(
        "leader_a1", unit=ns.tree.county_a1, roles=[(Role.TEAM_LEADER, ns.tree.county_a1)]
    )
    ns.people.in_a1.user = leader
    ns.people.in_a1.save()
    client = as_user(leader)
    assert client.get(_url("gifts", ns.plans.round_a1.pk)).status_code in (403, 404)
    assert "被巡察单位某科长" not in client.get(_url("my_duties")).content.decode()


def test_the_office_s_reading_of_the_gifts_is_audited(as_user, ns):
    gift = duties.declare_gift(
        ns.plans.round_a1,
        ns.people.in_a2,
        actor=None,
        kind="gift",
        offered_on=timezone.localdate(),
        offered_by="某供应商",
        description="茶叶两盒",
        handling="returned",
    )
    client = as_user(ns.personas.office_a)
    before = AuditEvent.objects.count()
    assert client.get(_url("gifts", ns.plans.round_a1.pk)).status_code == 200
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("seq")
    assert event.event_type == EventType.GIFTS_VIEWED and event.actor == ns.personas.office_a
    assert (event.object_type, event.object_id) == ("plans.round", str(ns.plans.round_a1.pk))
    assert event.changes == {"shown": [gift.pk]}
    # The leading group is refused, and leaves no trace.
    viewer = as_user(ns.personas.viewer_a)
    before = AuditEvent.objects.count()
    assert viewer.get(_url("gifts", ns.plans.round_a1.pk)).status_code == 403
    assert AuditEvent.objects.count() == before


def test_the_leader_downloads_their_own_authorization(as_user, ns):
    authorization = duties.issue_authorization(ns.plans.round_a1, ns.people.team_a1, actor=None)
    leader = make_user("leader_a1", unit=ns.tree.county_a1, otp=False)
    ns.people.in_a1.user = leader
    ns.people.in_a1.save()
    client = as_user(leader)
    download = _url("authorization_download", authorization.pk)
    assert download in client.get(_url("my_duties")).content.decode()
    response = client.get(download)
    assert response.status_code == 200 and "张建国" in _docx_text(response)
    # A member of the team is offered no such link and cannot fetch it.
    member = as_user(ns.personas.member_a1)
    assert download not in member.get(_url("my_duties")).content.decode()
    assert member.get(download).status_code == 404


def test_a_closed_round_offers_no_signing_and_no_declaring(as_user, ns):
    Round.objects.filter(pk=ns.plans.round_a1.pk).update(status=RoundStatus.CLOSED)
    client = as_user(ns.personas.member_a1)
    body = client.get(_url("my_duties")).content.decode()
    assert "甲一县委2026年第一轮巡察" in body
    assert _url("my_gift", ns.plans.round_a1.pk) not in body
    before = fingerprint()
    response = client.post(_url("my_pledge", ns.plans.round_a1.pk), {"confirm": "on"})
    assert response.status_code == 200
    response = client.post(_url("my_gift", ns.plans.round_a1.pk), _gift_form())
    assert response.status_code == 200
    assert fingerprint() == before


def test_gift_form_keeps_input_on_error(as_user, ns):
    client = as_user(ns.personas.member_a1)
    before = fingerprint()
    tomorrow = str(timezone.localdate() + timedelta(days=1))
    response = client.post(_url("my_gift", ns.plans.round_a1.pk), _gift_form(offered_on=tomorrow))
    assert response.status_code == 200
    body = response.content.decode()
    assert "被巡察单位某科长" in body and tomorrow in body
    assert fingerprint() == before


def test_office_records_a_declaration(as_user, ns):
    client = as_user(ns.personas.office_a)
    form = client.get(_url("gift_declare", ns.plans.round_a1.pk)).content.decode()
    assert "王志强" in form and "赵外人" not in form
    response = client.post(
        _url("gift_declare", ns.plans.round_a1.pk), _gift_form(cadre=ns.people.in_a1.pk)
    )
    assert response.status_code == 302
    assert GiftDeclaration.objects.get().recorded_by == ns.personas.office_a


# --- evaluations ---------------------------------------------------------------------------------


def test_office_evaluates_and_downloads_the_letter(as_user, ns):
    client = as_user(ns.personas.office_a)
    round, cadre = ns.plans.round_a1, ns.people.in_a2
    page = client.get(_url("evaluations", round.pk)).content.decode()
    assert "王志强" in page and "张建国" in page
    prefix = f"c{cadre.pk}"
    response = client.post(
        _url("evaluation_record", round.pk, cadre.pk),
        {
            f"{prefix}-grade": "excellent",
            f"{prefix}-comments": "敢于较真碰硬。\n严守纪律。",
            "page": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?page=1#c{cadre.pk}")
    evaluation = Evaluation.objects.get()
    letter = client.get(_url("evaluation_letter", evaluation.pk))
    text = _docx_text(letter)
    assert "关于王志强同志参加巡察工作表现情况的函" in text and "敢于较真碰硬。" in text


def test_evaluation_error_rerenders_the_row(as_user, ns):
    client = as_user(ns.personas.office_a)
    round, cadre = ns.plans.round_a1, ns.people.in_a2
    prefix = f"c{cadre.pk}"
    before = fingerprint()
    response = client.post(
        _url("evaluation_record", round.pk, cadre.pk),
        {f"{prefix}-grade": "", f"{prefix}-comments": "写了一半的评语"},
    )
    assert response.status_code == 200
    assert "写了一半的评语" in response.content.decode()
    assert fingerprint() == before


def test_evaluation_of_someone_not_in_the_round_is_not_found(as_user, ns, tree):
    stranger = make_cadre(tree.county_a1, "钱未参加")
    response = as_user(ns.personas.office_a).post(
        _url("evaluation_record", ns.plans.round_a1.pk, stranger.pk),
        {f"c{stranger.pk}-grade": "excellent", f"c{stranger.pk}-comments": "好"},
    )
    assert response.status_code == 404


def test_evaluation_page_query_count_does_not_grow(as_user, ns, tree):
    client = as_user(ns.personas.office_a)
    url = _url("evaluations", ns.plans.round_a1.pk)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(8):
        cadre = make_cadre(tree.county_a1, f"组员{i}")
        TeamMember.objects.create(
            round=ns.plans.round_a1, team=ns.people.team_a1, cadre=cadre, role=MemberRole.MEMBER
        )
        duties.record_evaluation(
            ns.plans.round_a1, cadre, actor=None, grade="competent", comments="称职。"
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# --- the cadre page's panel ----------------------------------------------------------------------


def _panel(user, cadre) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load duty_tags %}{% cadre_service cadre %}")
    return template.render(Context({"request": request, "cadre": cadre}))


def test_cadre_panel_shows_service_to_those_who_may_see_it(ns):
    round, cadre = ns.plans.round_a1, ns.people.in_a2
    duties.sign_pledge(round, cadre, actor=None)
    duties.record_evaluation(round, cadre, actor=None, grade="excellent", comments="好。")
    duties.declare_gift(
        round,
        cadre,
        actor=None,
        kind="banquet",
        offered_on=timezone.localdate(),
        offered_by="某单位",
        description="宴请",
        handling="refused",
    )
    office = _panel(ns.personas.office_a, cadre)
    assert "甲一县委2026年第一轮巡察" in office and "甲一县委第一巡察组" in office
    assert _url("duties", round.pk) in office and "某单位" in office
    viewer = _panel(ns.personas.viewer_a, cadre)
    assert "甲一县委2026年第一轮巡察" in viewer
    assert "某单位" not in viewer  # gifts are for the office
    assert _url("evaluation_letter", Evaluation.objects.get().pk) not in viewer
    assert _panel(ns.personas.outsider, cadre).strip() == ""
    assert _panel(ns.personas.norole, cadre).strip() == ""


def test_cadre_page_embeds_the_panel(as_user, ns):
    duties.record_evaluation(
        ns.plans.round_a1, ns.people.in_a2, actor=None, grade="excellent", comments="好。"
    )
    page = as_user(ns.personas.office_a).get(reverse("people:cadre", args=[ns.people.in_a2.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert _url("duties", ns.plans.round_a1.pk) in body
    assert _url("evaluation_letter", Evaluation.objects.get().pk) in body
