"""Teams of a round through HTTP and the services: propose, accept, reject, edit by hand; what
is refused changes nothing."""

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from tests.authz import fingerprint
from tests.factories import make_cadre, make_people, make_plans, make_unit
from xuncha.audit.models import AuditEvent, EventType
from xuncha.orgs.models import Level, UnitKind
from xuncha.people import services as people_services
from xuncha.people.models import (
    Availability,
    FamilyRelation,
    Kinship,
    PoolKind,
    Posting,
    PostingKind,
    Specialty,
)
from xuncha.plans.models import Inspection, PlanningSettings, Round, RoundKind, Stage
from xuncha.staffing import formation, services
from xuncha.staffing.models import (
    FormationProposal,
    MemberRole,
    ProposalStatus,
    Recusal,
    RecusalKind,
    RecusalSource,
    TeamMember,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ns(tree, personas):
    """County A1's round with two teams (dept_a1 and a finance bureau), three leaders and six
    staff; 李秀英 works at dept_a1, so she may not inspect it."""
    from types import SimpleNamespace

    t = tree
    people = make_people(t)
    plans = make_plans(t, people)
    PlanningSettings.objects.create(jurisdiction=t.county_a1, min_team_size=3, max_team_size=4)
    bureau = make_unit(
        "甲一县财政局",
        parent=t.county_a1,
        level=Level.COUNTY,
        kind=UnitKind.DEPARTMENT,
        code="A1102",
    )
    team2 = people_services.create_team(
        actor=None, jurisdiction=t.county_a1, number=2, name="甲一县委第二巡察组"
    )
    Inspection.objects.create(round=plans.round_a1, team=team2, target=bureau)
    cadres = {"张建国": people.in_a1, "李秀英": people.in_dept}
    for name, specialty in (("钱组长", Specialty.ORGANIZATION), ("孙组长", Specialty.LAW)):
        cadres[name] = make_cadre(t.county_a1, name, specialty=specialty)
        people_services.add_to_pool(people.leaders_a1, cadres[name], actor=None)
    for name, specialty in (
        ("周审计", Specialty.AUDIT),
        ("吴纪检", Specialty.DISCIPLINE),
        ("郑财务", Specialty.FINANCE),
        ("冯法律", Specialty.LAW),
        ("陈组织", Specialty.ORGANIZATION),
    ):
        cadres[name] = make_cadre(t.county_a1, name, specialty=specialty)
        people_services.add_to_pool(people.staff_a1, cadres[name], actor=None)
    return SimpleNamespace(
        tree=t,
        personas=personas,
        people=people,
        plans=plans,
        round=plans.round_a1,
        team1=people.team_a1,
        team2=team2,
        bureau=bureau,
        c=cadres,
    )


def _events(event_type=None) -> int:
    qs = AuditEvent.objects.all()
    return qs.filter(event_type=event_type).count() if event_type else qs.count()


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


# --- Propose, accept, reject through the pages -------------------------------------------------


def test_propose_and_accept_through_the_pages(as_user, ns):
    client = as_user(ns.personas.office_a)
    page = client.get(reverse("staffing:round_teams", args=[ns.round.pk]))
    assert page.status_code == 200
    assert "甲一县委第二巡察组" in page.content.decode()
    response = client.post(
        reverse("staffing:team_propose", args=[ns.round.pk]), {"time_limit": "5"}
    )
    proposal = FormationProposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staffing:proposal", args=[proposal.pk])
    assert proposal.status == ProposalStatus.PROPOSED and proposal.proven_optimal
    assert proposal.objective is not None and proposal.baseline_objective is not None
    assert proposal.objective <= proposal.baseline_objective
    seats = list(proposal.members.all())
    assert len(seats) == 8
    assert {s.role for s in seats if s.role == MemberRole.LEADER} == {MemberRole.LEADER}
    assert sum(s.role == MemberRole.LEADER for s in seats) == 2
    # The planted conflict: 李秀英 never sits on the team that inspects her own bureau…
    assert not any(s.cadre_id == ns.c["李秀英"].pk and s.team_id == ns.team1.pk for s in seats)
    assert all(s.reasons for s in seats)
    body = client.get(response["Location"]).content.decode()
    # …and the page says why.
    assert "李秀英" in body and "甲一县农业农村局" in body
    assert _events(EventType.FORMATION_PROPOSED) == 1

    response = client.post(
        reverse("staffing:proposal_accept", args=[proposal.pk]), {"note": "同意"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("staffing:round_teams", args=[ns.round.pk])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decided_by == ns.personas.office_a and proposal.decision_note == "同意"
    members = TeamMember.objects.filter(round=ns.round)
    assert {(m.team_id, m.cadre_id, m.role) for m in members} == {
        (s.team_id, s.cadre_id, s.role) for s in seats
    }
    assert _events(EventType.FORMATION_ACCEPTED) == 1
    assert _events(EventType.TEAM_MEMBER_ADDED) == 8
    body = client.get(reverse("staffing:round_teams", args=[ns.round.pk])).content.decode()
    leader = members.get(team=ns.team1, role=MemberRole.LEADER).cadre.full_name
    assert leader in body
    # Accepting again is refused; nothing changes.
    before = fingerprint()
    response = client.post(reverse("staffing:proposal_accept", args=[proposal.pk]), {})
    assert response.status_code == 302 and fingerprint() == before


def test_accepting_rejects_the_other_open_proposals(ns):
    office = ns.personas.office_a
    first = services.propose(ns.round, actor=office, time_limit=5)
    second = services.propose(ns.round, actor=office, time_limit=5)
    services.accept(second, actor=office)
    first.refresh_from_db()
    assert first.status == ProposalStatus.REJECTED
    assert f"#{second.pk}" in first.decision_note
    assert _events(EventType.FORMATION_REJECTED) == 1


def test_reject_needs_a_reason(as_user, ns):
    proposal = services.propose(ns.round, actor=ns.personas.office_a, time_limit=5)
    client = as_user(ns.personas.office_a)
    before = fingerprint()
    response = client.post(reverse("staffing:proposal_reject", args=[proposal.pk]), {"note": ""})
    assert response.status_code == 200
    assert fingerprint() == before
    response = client.post(
        reverse("staffing:proposal_reject", args=[proposal.pk]), {"note": "人选需调整"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED and proposal.decision_note == "人选需调整"
    assert not TeamMember.objects.exists()


def test_accept_is_refused_when_a_conflict_appeared_since(as_user, ns):
    proposal = services.propose(ns.round, actor=ns.personas.office_a, time_limit=5)
    seat = proposal.members.get(team=ns.team1, role=MemberRole.LEADER)
    Recusal.objects.create(
        cadre=seat.cadre,
        target=ns.tree.dept_a1,
        round=ns.round,
        kind=RecusalKind.POSITION,
        source=RecusalSource.DECLARATION,
        detail="其表弟任该局副局长",
    )
    client = as_user(ns.personas.office_a)
    before = fingerprint()
    response = client.post(reverse("staffing:proposal_accept", args=[proposal.pk]), {})
    assert response.status_code == 302
    assert response["Location"] == reverse("staffing:proposal", args=[proposal.pk])
    assert fingerprint() == before
    text = " ".join(_messages(response))
    assert seat.cadre.full_name in text and "其表弟任该局副局长" in text


def test_accept_is_refused_when_the_team_has_members_already(ns):
    office = ns.personas.office_a
    proposal = services.propose(ns.round, actor=office, time_limit=5)
    services.add_member(ns.round, ns.team2, ns.c["冯法律"], actor=office)
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.accept(proposal, actor=office)
    assert "甲一县委第二巡察组在本轮次已有成员" in " ".join(exc.value.messages)
    assert fingerprint() == before


def test_infeasible_round_is_stored_with_its_diagnosis(as_user, ns):
    PlanningSettings.objects.filter(jurisdiction=ns.tree.county_a1).update(
        required_expertise="petitions"
    )
    client = as_user(ns.personas.office_a)
    response = client.post(reverse("staffing:team_propose", args=[ns.round.pk]), {})
    proposal = FormationProposal.objects.get()
    assert proposal.status == ProposalStatus.INFEASIBLE
    assert not proposal.members.exists()
    assert proposal.explanation["diagnosis"]
    body = client.get(response["Location"]).content.decode()
    assert proposal.explanation["diagnosis"][0] in body
    accept_url = reverse("staffing:proposal_accept", args=[proposal.pk])
    assert f'action="{accept_url}"' not in body
    with pytest.raises(ValidationError):
        services.accept(proposal, actor=ns.personas.office_a)


def test_previous_round_shapes_the_proposal(ns):
    """The leader of the last inspection of dept_a1 does not lead it again, and two who served
    together last round are kept apart."""
    earlier = Round.objects.create(
        jurisdiction=ns.tree.county_a1,
        year=2025,
        number=2,
        name="甲一县委2025年第二轮巡察",
        starts_on=date(2025, 9, 1),
        ends_on=date(2025, 10, 15),
    )
    Inspection.objects.create(
        round=earlier, team=ns.team1, target=ns.tree.dept_a1, stage=Stage.ARCHIVED
    )
    for name, role in (
        ("张建国", MemberRole.LEADER),
        ("周审计", MemberRole.MEMBER),
        ("郑财务", MemberRole.MEMBER),
    ):
        TeamMember.objects.create(round=earlier, team=ns.team1, cadre=ns.c[name], role=role)
    problem = formation.build_problem(ns.round)
    assert problem.previous_leader == {ns.tree.dept_a1.pk: ns.c["张建国"].pk}
    pair = tuple(sorted((ns.c["周审计"].pk, ns.c["郑财务"].pk)))
    assert problem.rotation_pairs[pair] == "甲一县委第一巡察组"
    proposal = services.propose(ns.round, actor=ns.personas.office_a, time_limit=5)
    seats = {s.cadre_id: s for s in proposal.members.all()}
    leader1 = proposal.members.get(team=ns.team1, role=MemberRole.LEADER)
    assert leader1.cadre_id != ns.c["张建国"].pk
    a, b = seats.get(pair[0]), seats.get(pair[1])
    assert not (a and b and a.team_id == b.team_id)
    avoided = proposal.explanation["teams"][str(ns.team1.pk)]["avoided"]
    assert any("张建国" in line for line in avoided)


def test_build_problem_reads_availability_and_pools(ns, django_assert_max_num_queries):
    Availability.objects.create(
        cadre=ns.c["冯法律"], starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 10)
    )  # leaves during stationing
    Availability.objects.create(
        cadre=ns.c["周审计"], starts_on=date(2026, 2, 1), ends_on=date(2026, 5, 1), released=True
    )
    with django_assert_max_num_queries(20):
        problem = formation.build_problem(ns.round)
    by_name = {c.name: c for c in problem.candidates}
    assert not by_name["冯法律"].available
    assert by_name["周审计"].available and by_name["周审计"].released
    assert by_name["吴纪检"].available and not by_name["吴纪检"].availability_known
    assert by_name["张建国"].leader_pool and not by_name["周审计"].leader_pool
    assert "王志强" not in by_name  # in no pool
    assert problem.min_size == 3 and problem.max_size == 4
    key = (ns.c["李秀英"].pk, ns.tree.dept_a1.pk)
    assert problem.blocked[key][0].label and not problem.blocked[key][0].detail


# --- Editing by hand ---------------------------------------------------------------------------


def test_manual_add_of_a_blocked_cadre_is_refused_with_the_reason(as_user, ns):
    client = as_user(ns.personas.office_a)
    before = fingerprint()
    response = client.post(
        reverse("staffing:team_member_add", args=[ns.round.pk]),
        {"team": ns.team1.pk, "cadre": ns.c["李秀英"].pk, "role": MemberRole.MEMBER},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "李秀英" in body and "甲一县农业农村局" in body
    assert fingerprint() == before


def test_manual_editing(as_user, ns):
    client = as_user(ns.personas.office_a)
    url = reverse("staffing:team_member_add", args=[ns.round.pk])
    response = client.post(
        url, {"team": ns.team1.pk, "cadre": ns.c["钱组长"].pk, "role": MemberRole.LEADER}
    )
    assert response.status_code == 302
    # A second leader for the same team is refused.
    response = client.post(
        url, {"team": ns.team1.pk, "cadre": ns.c["孙组长"].pk, "role": MemberRole.LEADER}
    )
    assert response.status_code == 200 and "钱组长" in response.content.decode()
    # A staff member cannot lead: not in the leader pool.
    response = client.post(
        url, {"team": ns.team2.pk, "cadre": ns.c["陈组织"].pk, "role": MemberRole.LEADER}
    )
    assert response.status_code == 200
    assert not TeamMember.objects.filter(cadre=ns.c["陈组织"]).exists()
    client.post(url, {"team": ns.team1.pk, "cadre": ns.c["陈组织"].pk, "role": MemberRole.MEMBER})
    member = TeamMember.objects.get(cadre=ns.c["陈组织"])
    # One team per cadre per round: the cadre is no longer offered, and the service refuses.
    with pytest.raises(ValidationError):
        services.add_member(ns.round, ns.team2, ns.c["陈组织"], actor=ns.personas.office_a)
    response = client.post(
        reverse("staffing:team_member_role", args=[member.pk]), {"role": MemberRole.DRAFTER}
    )
    member.refresh_from_db()
    assert member.role == MemberRole.DRAFTER
    response = client.post(
        reverse("staffing:team_member_role", args=[member.pk]), {"role": MemberRole.LEADER}
    )
    member.refresh_from_db()
    assert member.role == MemberRole.DRAFTER
    assert any("钱组长" in m for m in _messages(response))
    remove = reverse("staffing:team_member_remove", args=[member.pk])
    assert client.get(remove).status_code == 200
    before = fingerprint()
    assert client.post(remove, {"reason": ""}).status_code == 200
    assert fingerprint() == before
    response = client.post(remove, {"reason": "借调他处"})
    assert response.status_code == 302
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    event = AuditEvent.objects.filter(event_type=EventType.TEAM_MEMBER_REMOVED).get()
    assert event.reason == "借调他处" and event.actor == ns.personas.office_a


def test_unavailable_cadre_needs_a_reason(ns):
    office = ns.personas.office_a
    Availability.objects.create(
        cadre=ns.c["冯法律"], starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 10)
    )
    with pytest.raises(ValidationError) as exc:
        services.add_member(ns.round, ns.team2, ns.c["冯法律"], actor=office)
    assert "override_reason" in exc.value.error_dict
    member = services.add_member(
        ns.round, ns.team2, ns.c["冯法律"], actor=office, override_reason="单位同意调整休假"
    )
    event = AuditEvent.objects.filter(event_type=EventType.TEAM_MEMBER_ADDED).last()
    assert member.pk and event.reason == "单位同意调整休假"


def test_members_are_fixed_once_stationed(ns):
    office = ns.personas.office_a
    member = services.add_member(ns.round, ns.team1, ns.c["吴纪检"], actor=office)
    Inspection.objects.filter(round=ns.round, team=ns.team1).update(stage=Stage.STATIONED)
    before = fingerprint()
    with pytest.raises(ValidationError):
        services.add_member(ns.round, ns.team1, ns.c["周审计"], actor=office)
    with pytest.raises(ValidationError):
        services.remove_member(member, actor=office, reason="x")
    with pytest.raises(ValidationError):
        services.change_role(member, actor=office, role=MemberRole.DRAFTER)
    assert fingerprint() == before
    # The stationed team is left out of new proposals.
    problem = formation.build_problem(ns.round)
    assert [t.id for t in problem.teams] == [ns.team2.pk]


# --- Who may do what ---------------------------------------------------------------------------


def test_outsider_and_viewer_are_refused_and_nothing_changes(client, as_user, ns):
    proposal = services.propose(ns.round, actor=ns.personas.office_a, time_limit=5)
    member = services.add_member(ns.round, ns.team2, ns.c["冯法律"], actor=ns.personas.office_a)
    writes = [
        (reverse("staffing:team_propose", args=[ns.round.pk]), {}),
        (reverse("staffing:proposal_accept", args=[proposal.pk]), {}),
        (reverse("staffing:proposal_reject", args=[proposal.pk]), {"note": "x"}),
        (
            reverse("staffing:team_member_add", args=[ns.round.pk]),
            {"team": ns.team1.pk, "cadre": ns.c["吴纪检"].pk, "role": "member"},
        ),
        (reverse("staffing:team_member_role", args=[member.pk]), {"role": "drafter"}),
        (reverse("staffing:team_member_remove", args=[member.pk]), {"reason": "x"}),
    ]
    for persona, status in ((ns.personas.outsider, 404), (ns.personas.viewer_a, 403)):
        as_user(persona)
        before = fingerprint()
        for url, data in writes:
            assert client.post(url, data).status_code == status, (persona, url)
        assert fingerprint() == before
    # The leading group sees the teams and the proposals, without the editing forms.
    body = client.get(reverse("staffing:round_teams", args=[ns.round.pk])).content.decode()
    assert "冯法律" in body and f"#{proposal.pk}" in body
    assert reverse("staffing:team_propose", args=[ns.round.pk]) not in body
    assert client.get(reverse("staffing:proposal", args=[proposal.pk])).status_code == 200
    with pytest.raises(PermissionDenied):
        services.propose(ns.round, actor=ns.personas.viewer_a)


def test_teams_page_query_count_does_not_grow(as_user, ns, django_assert_num_queries):
    client = as_user(ns.personas.office_a)
    url = reverse("staffing:round_teams", args=[ns.round.pk])
    office = ns.personas.office_a
    services.propose(ns.round, actor=office, time_limit=5)
    client.get(url)
    with django_assert_num_queries(11):
        client.get(url)
    services.accept(services.propose(ns.round, actor=office, time_limit=5), actor=office)
    with pytest.raises(ValidationError):  # every team has members now
        services.propose(ns.round, actor=office, time_limit=5)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.content.decode().count("<tr>") >= 10


def test_round_panel(ns, rf: RequestFactory):
    services.add_member(ns.round, ns.team1, ns.c["钱组长"], actor=None, role=MemberRole.LEADER)
    template = Template("{% load team_tags %}{% round_teams round %}")
    request = rf.get("/")
    request.user = ns.personas.viewer_a
    html = template.render(Context({"request": request, "round": ns.round}))
    assert "甲一县委第一巡察组" in html and "钱组长" in html
    assert reverse("staffing:round_teams", args=[ns.round.pk]) in html
    request.user = ns.personas.outsider
    assert template.render(Context({"request": request, "round": ns.round})).strip() == ""
    request.user = ns.personas.liaison_a1
    assert template.render(Context({"request": request, "round": ns.round})).strip() == ""


# --- API ---------------------------------------------------------------------------------------


def test_api_propose_accept_and_members(as_user, ns):
    client = as_user(ns.personas.office_a)
    base = f"/api/staffing/rounds/{ns.round.pk}"
    response = client.post(f"{base}/proposals", {"time_limit": 5}, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "proposed" and len(data["members"]) == 8
    assert data["explanation"]["teams"]
    listed = client.get(f"{base}/proposals").json()["items"]
    assert [p["id"] for p in listed] == [data["id"]]
    detail = client.get(f"/api/staffing/proposals/{data['id']}").json()
    assert detail["members"][0]["reasons"]
    response = client.post(
        f"/api/staffing/proposals/{data['id']}/accept",
        {"note": ""},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    members = client.get(f"{base}/members").json()["items"]
    assert len(members) == 8
    member = next(m for m in members if m["role"] == "member")
    response = client.patch(
        f"/api/staffing/members/{member['id']}",
        {"role": "archivist"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["role"] == "archivist"
    response = client.post(
        f"/api/staffing/members/{member['id']}/remove",
        {"reason": "调整"},
        content_type="application/json",
    )
    assert response.status_code == 204
    response = client.post(
        f"{base}/members",
        {"team_id": member["team_id"], "cadre_id": member["cadre_id"], "role": "member"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["cadre_name"] == member["cadre_name"]


def test_api_refusals(as_user, ns):
    proposal = services.propose(ns.round, actor=ns.personas.office_a, time_limit=5)
    base = f"/api/staffing/rounds/{ns.round.pk}"
    add = {"team_id": ns.team1.pk, "cadre_id": ns.c["李秀英"].pk}
    client = as_user(ns.personas.viewer_a)
    before = fingerprint()
    assert client.post(f"{base}/proposals", {}, content_type="application/json").status_code == 403
    assert (
        client.post(
            f"/api/staffing/proposals/{proposal.pk}/accept", {}, content_type="application/json"
        ).status_code
        == 403
    )
    assert client.post(f"{base}/members", add, content_type="application/json").status_code == 403
    assert fingerprint() == before
    client = as_user(ns.personas.office_a)
    before = fingerprint()
    blocked = client.post(f"{base}/members", add, content_type="application/json")
    assert blocked.status_code == 422 and "李秀英" in blocked.json()["detail"]
    assert fingerprint() == before
    client = as_user(ns.personas.outsider)
    before = fingerprint()
    assert client.get(f"/api/staffing/proposals/{proposal.pk}").status_code == 404
    assert client.get(f"{base}/members").status_code == 404
    assert (
        client.post(
            f"/api/staffing/proposals/{proposal.pk}/reject",
            {"note": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert fingerprint() == before


# --- Review fixes: details, cross rounds, overlapping rounds, deputies, races -------------------


def test_proposal_shows_rule_labels_never_recusal_details(as_user, ns):
    """Whoever reads the proposal with plan.view learns that a conflict kept someone out, not
    who their relatives are or what they declared."""
    Recusal.objects.create(
        cadre=ns.c["冯法律"],
        target=ns.tree.dept_a1,
        round=ns.round,
        kind=RecusalKind.POSITION,
        source=RecusalSource.DECLARATION,
        detail="其表弟任该局副局长",
    )
    FamilyRelation.objects.create(
        cadre=ns.c["周审计"],
        kinship=Kinship.SPOUSE,
        relation="妻子",
        full_name="赵秘密",
        unit=ns.bureau,
    )
    proposal = services.propose(ns.round, actor=ns.personas.office_a, time_limit=5)
    stored = json.dumps(proposal.explanation, ensure_ascii=False) + json.dumps(
        list(proposal.members.values_list("reasons", flat=True)), ensure_ascii=False
    )
    assert "冯法律" in stored and "周审计" in stored
    assert "表弟" not in stored and "赵秘密" not in stored
    for persona in (ns.personas.viewer_a, ns.personas.office_a):
        client = as_user(persona)
        body = client.get(reverse("staffing:proposal", args=[proposal.pk])).content.decode()
        assert "冯法律" in body and "表弟" not in body and "赵秘密" not in body
        data = client.get(f"/api/staffing/proposals/{proposal.pk}").content.decode()
        assert "表弟" not in data and "赵秘密" not in data


@pytest.fixture
def cross(ns):
    """A cross round of county A1 (September) inspected by county A2's team, staffed from
    county A2's pools."""
    from types import SimpleNamespace

    t = ns.tree
    rnd = Round.objects.create(
        jurisdiction=t.county_a1,
        year=2026,
        number=3,
        name="甲一县委2026年第三轮交叉巡察",
        kind=RoundKind.CROSS,
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 10, 15),
    )
    team = people_services.create_team(
        actor=None, jurisdiction=t.county_a2, number=1, name="甲二县委第一巡察组"
    )
    Inspection.objects.create(round=rnd, team=team, target=t.dept_a1)
    leaders = people_services.create_pool(
        actor=None, jurisdiction=t.county_a2, kind=PoolKind.LEADER, name="甲二县组长库"
    )
    staff = people_services.create_pool(
        actor=None, jurisdiction=t.county_a2, kind=PoolKind.STAFF, name="甲二县工作人员库"
    )
    c = {"王志强": ns.people.in_a2}
    c["甲二组长"] = make_cadre(t.county_a2, "甲二组长", specialty=Specialty.LAW)
    people_services.add_to_pool(leaders, c["甲二组长"], actor=None)
    for name, specialty in (("甲二财务", Specialty.FINANCE), ("甲二纪检", Specialty.DISCIPLINE)):
        c[name] = make_cadre(t.county_a2, name, specialty=specialty)
    for cadre in (c["王志强"], c["甲二财务"], c["甲二纪检"]):
        people_services.add_to_pool(staff, cadre, actor=None)
    return SimpleNamespace(round=rnd, team=team, c=c)


def test_cross_round_is_staffed_from_the_teams_jurisdiction(as_user, ns, cross):
    problem = formation.build_problem(cross.round)
    assert {c.name for c in problem.candidates} == set(cross.c)
    assert [t.jurisdiction for t in problem.teams] == [ns.tree.county_a2.pk]
    assert formation.pool_jurisdiction_ids(cross.round) == [ns.tree.county_a2.pk]
    proposal = services.propose(cross.round, actor=ns.personas.office_a, time_limit=5)
    assert proposal.status == ProposalStatus.PROPOSED, proposal.explanation["diagnosis"]
    seats = {s.cadre_id: s.role for s in proposal.members.all()}
    assert seats == {
        c.pk: MemberRole.LEADER if name == "甲二组长" else MemberRole.MEMBER
        for name, c in cross.c.items()
    }
    services.accept(proposal, actor=ns.personas.office_a)
    assert TeamMember.objects.filter(round=cross.round, team=cross.team).count() == 4


def test_cross_round_by_hand(as_user, ns, cross):
    client = as_user(ns.personas.office_a)
    body = client.get(reverse("staffing:round_teams", args=[cross.round.pk])).content.decode()
    assert "甲二财务" in body and "吴纪检" not in body  # the add form offers A2's pools
    url = reverse("staffing:team_member_add", args=[cross.round.pk])
    response = client.post(
        url, {"team": cross.team.pk, "cadre": cross.c["甲二组长"].pk, "role": MemberRole.LEADER}
    )
    assert response.status_code == 302
    office = ns.personas.office_a
    services.add_member(cross.round, cross.team, cross.c["甲二财务"], actor=office)
    before = fingerprint()
    # County A1's cadres do not serve on county A2's team…
    with pytest.raises(ValidationError) as exc:
        services.add_member(cross.round, cross.team, ns.c["吴纪检"], actor=office)
    assert "cadre" in exc.value.error_dict
    # …and A2's leader is drawn from A2's leader pool, which 甲二纪检 is not in.
    TeamMember.objects.filter(round=cross.round, role=MemberRole.LEADER).delete()
    with pytest.raises(ValidationError) as exc:
        services.add_member(
            cross.round, cross.team, cross.c["甲二纪检"], actor=office, role=MemberRole.LEADER
        )
    assert "甲二纪检" in " ".join(exc.value.message_dict["role"])
    member = services.add_member(
        cross.round, cross.team, cross.c["甲二组长"], actor=office, role=MemberRole.DEPUTY_LEADER
    )
    services.change_role(member, actor=office, role=MemberRole.LEADER)
    member.refresh_from_db()
    assert member.role == MemberRole.LEADER
    assert fingerprint() != before


@pytest.fixture
def later(ns):
    """County A1's second round, whose stationing (April–May) overlaps the first."""
    rnd = Round.objects.create(
        jurisdiction=ns.tree.county_a1,
        year=2026,
        number=2,
        name="甲一县委2026年第二轮巡察",
        starts_on=date(2026, 4, 10),
        ends_on=date(2026, 5, 20),
    )
    unit = make_unit(
        "甲一县审计局",
        parent=ns.tree.county_a1,
        level=Level.COUNTY,
        kind=UnitKind.DEPARTMENT,
        code="A1103",
    )
    Inspection.objects.create(round=rnd, team=ns.team1, target=unit)
    return rnd


def test_a_cadre_is_not_seated_in_two_overlapping_rounds(as_user, ns, later):
    office = ns.personas.office_a
    services.add_member(ns.round, ns.team2, ns.c["吴纪检"], actor=office)
    client = as_user(office)
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.add_member(later, ns.team1, ns.c["吴纪检"], actor=office)
    assert "甲一县委2026年第一轮巡察" in " ".join(exc.value.message_dict["cadre"])
    response = client.post(
        reverse("staffing:team_member_add", args=[later.pk]),
        {"team": ns.team1.pk, "cadre": ns.c["吴纪检"].pk, "role": MemberRole.MEMBER},
    )
    assert response.status_code == 200 and "甲一县委2026年第一轮巡察" in response.content.decode()
    assert fingerprint() == before
    # The assistant treats them as unavailable and says where they serve.
    problem = formation.build_problem(later)
    wu = problem.by_id[ns.c["吴纪检"].pk]
    assert not wu.available and wu.booked_in == "甲一县委2026年第一轮巡察"
    assert any(
        "甲一县委2026年第一轮巡察" in line
        for line in formation.explain(problem, formation.Result("infeasible"))["general"]
    )
    # A round that does not overlap is fine.
    Round.objects.filter(pk=later.pk).update(starts_on=date(2026, 5, 1))
    later.refresh_from_db()
    assert services.add_member(later, ns.team1, ns.c["吴纪检"], actor=office).pk


def test_accept_is_refused_when_a_cadre_was_seated_in_an_overlapping_round(ns, later):
    office = ns.personas.office_a
    proposal = services.propose(later, actor=office, time_limit=5)
    seat = proposal.members.exclude(role=MemberRole.LEADER).first()
    services.add_member(ns.round, ns.team2, seat.cadre, actor=office, override_reason="x")
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.accept(proposal, actor=office)
    text = " ".join(exc.value.messages)
    assert seat.cadre.full_name in text and "甲一县委2026年第一轮巡察" in text
    assert fingerprint() == before


def _studied_at_dept(cadre, dept):
    Posting.objects.create(
        cadre=cadre,
        kind=PostingKind.STUDY,
        unit=dept,
        started_on=date(2001, 9, 1),
        ended_on=date(2004, 7, 1),
    )


def test_deputy_leaders_face_the_rules_for_leaders(ns):
    office = ns.personas.office_a
    _studied_at_dept(ns.c["孙组长"], ns.tree.dept_a1)  # binds leaders only
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.add_member(
            ns.round, ns.team1, ns.c["孙组长"], actor=office, role=MemberRole.DEPUTY_LEADER
        )
    assert "孙组长" in " ".join(exc.value.message_dict["cadre"])
    assert fingerprint() == before
    member = services.add_member(ns.round, ns.team1, ns.c["孙组长"], actor=office)
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.change_role(member, actor=office, role=MemberRole.DEPUTY_LEADER)
    assert "孙组长" in " ".join(exc.value.message_dict["role"])
    assert fingerprint() == before
    assert services.change_role(member, actor=office, role=MemberRole.DRAFTER).role == (
        MemberRole.DRAFTER
    )


def _fixed_solution(ns, monkeypatch):
    """Make the solver return one known formation, with 孙组长 second on team 1."""
    c = ns.c
    result = formation.Result(
        "optimal",
        assignment={
            ns.team1.pk: sorted(c[n].pk for n in ("钱组长", "孙组长", "吴纪检", "郑财务")),
            ns.team2.pk: sorted(c[n].pk for n in ("张建国", "陈组织", "周审计", "冯法律")),
        },
        leaders={ns.team1.pk: c["钱组长"].pk, ns.team2.pk: c["张建国"].pk},
        objective=0,
    )
    monkeypatch.setattr(formation, "solve", lambda problem, **kw: result)


def test_propose_makes_a_deputy_only_of_whom_the_leader_rules_allow(ns, monkeypatch):
    office = ns.personas.office_a
    _fixed_solution(ns, monkeypatch)
    first = services.propose(ns.round, actor=office, time_limit=5)
    assert first.members.get(cadre=ns.c["孙组长"]).role == MemberRole.DEPUTY_LEADER
    _studied_at_dept(ns.c["孙组长"], ns.tree.dept_a1)
    # The deputy proposed before the conflict was known is refused at acceptance…
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.accept(first, actor=office)
    assert "孙组长" in " ".join(exc.value.messages)
    assert fingerprint() == before
    # …and a new proposal seats them as an ordinary member.
    second = services.propose(ns.round, actor=office, time_limit=5)
    assert second.members.get(cadre=ns.c["孙组长"]).role == MemberRole.MEMBER
    assert not second.members.filter(team=ns.team1, role=MemberRole.DEPUTY_LEADER).exists()


def _collide_on_save(monkeypatch, other_team):
    """Another clerk seats the same cadre between our checks and our insert."""
    original = TeamMember.full_clean

    def full_clean(self, *args, **kwargs):
        original(self, *args, **kwargs)
        TeamMember.objects.create(
            round=self.round, team=other_team, cadre=self.cadre, role=MemberRole.MEMBER
        )

    monkeypatch.setattr(TeamMember, "full_clean", full_clean)


def test_a_concurrent_add_is_a_refusal_not_a_server_error(ns, monkeypatch):
    _collide_on_save(monkeypatch, ns.team2)
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.add_member(ns.round, ns.team1, ns.c["吴纪检"], actor=ns.personas.office_a)
    assert "吴纪检" in " ".join(exc.value.messages)
    assert fingerprint() == before


def test_a_concurrent_accept_is_a_refusal_not_a_server_error(ns, monkeypatch):
    proposal = services.propose(ns.round, actor=ns.personas.office_a, time_limit=5)
    spare = make_unit(
        "甲一县统计局",
        parent=ns.tree.county_a1,
        level=Level.COUNTY,
        kind=UnitKind.DEPARTMENT,
        code="A1104",
    )
    team3 = people_services.create_team(
        actor=None, jurisdiction=ns.tree.county_a1, number=3, name="甲一县委第三巡察组"
    )
    Inspection.objects.create(round=ns.round, team=team3, target=spare)
    _collide_on_save(monkeypatch, team3)
    before = fingerprint()
    with pytest.raises(ValidationError):
        services.accept(proposal, actor=ns.personas.office_a)
    assert fingerprint() == before
    assert FormationProposal.objects.get(pk=proposal.pk).status == ProposalStatus.PROPOSED
