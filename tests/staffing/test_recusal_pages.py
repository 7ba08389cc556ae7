"""The recusal pages over personas: the office (office_a) scans and decides, the leading group
(viewer_a) reviews, others are kept out; a cadre declares for themselves. Refused writes change
nothing. Assertions use data (names, units), not interface text, which is translated."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_cadre, make_people, make_plans, make_user
from xuncha.audit.models import AuditEvent, EventType
from xuncha.orgs.models import LeadershipMember
from xuncha.people import services as people_services
from xuncha.people.models import Cadre, FamilyRelation, Kinship
from xuncha.plans.models import RoundStatus
from xuncha.staffing import recusal
from xuncha.staffing.models import Recusal, RecusalKind, RecusalSource, RecusalStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    plans = make_plans(tree, people)
    return SimpleNamespace(
        tree=tree,
        personas=personas,
        people=people,
        plans=plans,
        round=plans.round_a1,
        target=tree.dept_a1,
    )


def _state():
    return list(Recusal.objects.order_by("pk").values()), AuditEvent.objects.count()


def _round_url(ns, name="staffing:round_recusals"):
    return reverse(name, kwargs={"round_pk": ns.round.pk})


def _plant(ns):
    """The planted conflict: 张建国's wife works at the target."""
    FamilyRelation.objects.create(
        cadre=ns.people.in_a1,
        kinship=Kinship.SPOUSE,
        relation="妻子",
        full_name="陈丽",
        unit=ns.target,
        post="财务科副科长",
    )


# --- the round's recusals ----------------------------------------------------------------------


def test_the_office_scans_and_sees_the_conflicts_explained(as_user, ns):
    _plant(ns)
    client = as_user(ns.personas.office_a)
    response = client.post(_round_url(ns, "staffing:round_recusal_scan"))
    assert response.status_code == 302 and response["Location"] == _round_url(ns)
    assert Recusal.objects.count() == 2
    body = client.get(_round_url(ns)).content.decode()
    for text in ("张建国", "李秀英", "陈丽", "甲一县农业农村局", "甲一县委2026年第一轮巡察"):
        assert text in body
    assert reverse("staffing:round_recusal_scan", kwargs={"round_pk": ns.round.pk}) in body


def test_the_leading_group_reviews_but_does_not_scan(as_user, ns):
    recusal.scan_round(ns.round, actor=None)
    client = as_user(ns.personas.viewer_a)
    body = client.get(_round_url(ns)).content.decode()
    assert "李秀英" in body
    assert reverse("staffing:round_recusal_scan", kwargs={"round_pk": ns.round.pk}) not in body
    before = _state()
    assert client.post(_round_url(ns, "staffing:round_recusal_scan")).status_code == 403
    assert _state() == before


def test_the_leading_group_sees_the_rule_but_not_the_detail(as_user, ns):
    _plant(ns)
    recusal.scan_round(ns.round, actor=None)
    planted = Recusal.objects.get(cadre=ns.people.in_a1)
    viewer = as_user(ns.personas.viewer_a)
    for url in (_round_url(ns), reverse("staffing:recusal", kwargs={"pk": planted.pk})):
        body = viewer.get(url).content.decode()
        # Who, which target and the status are shown; the relative's name is not.
        assert "张建国" in body and "甲一县农业农村局" in body
        assert "陈丽" not in body and "财务科副科长" not in body
    body = as_user(ns.personas.office_a).get(_round_url(ns)).content.decode()
    assert "陈丽" in body


def test_reading_recusals_is_audited(as_user, ns):
    _plant(ns)
    recusal.scan_round(ns.round, actor=None)
    planted = Recusal.objects.get(cadre=ns.people.in_a1)
    client = as_user(ns.personas.viewer_a)
    before = AuditEvent.objects.count()
    client.get(_round_url(ns))
    event = AuditEvent.objects.latest("seq")
    assert event.event_type == EventType.RECUSAL_VIEWED
    assert (event.object_type, event.object_id) == ("plans.round", str(ns.round.pk))
    assert sorted(event.changes["shown"]) == sorted(Recusal.objects.values_list("pk", flat=True))
    assert event.actor_id == ns.personas.viewer_a.pk and event.actor_role == "leading_group"
    client.get(reverse("staffing:recusal", kwargs={"pk": planted.pk}))
    event = AuditEvent.objects.latest("seq")
    assert event.event_type == EventType.RECUSAL_VIEWED
    assert (event.object_type, event.object_id) == ("staffing.recusal", str(planted.pk))
    assert event.unit_id == ns.tree.county_a1.pk
    assert AuditEvent.objects.count() == before + 2
    # A refused read leaves no trace.
    outsider = as_user(ns.personas.outsider)
    before = AuditEvent.objects.count()
    response = outsider.get(reverse("staffing:recusal", kwargs={"pk": planted.pk}))
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_a_closed_round_offers_no_decision(as_user, ns):
    recusal.scan_round(ns.round, actor=None)
    row = Recusal.objects.get()
    ns.round.status = RoundStatus.CLOSED
    ns.round.save()
    client = as_user(ns.personas.office_a)
    body = client.get(_round_url(ns)).content.decode()
    assert _decide_url(row) not in body
    assert reverse("staffing:round_recusal_scan", kwargs={"round_pk": ns.round.pk}) not in body
    body = client.get(reverse("staffing:recusal", kwargs={"pk": row.pk})).content.decode()
    assert 'name="status"' not in body
    before = _state()
    response = client.post(_decide_url(row), {"status": "dismissed", "reason": "借调人员"})
    assert response.status_code == 200
    assert _state() == before


def test_others_are_kept_out(as_user, client, ns):
    recusal.scan_round(ns.round, actor=None)
    assert as_user(ns.personas.upper).get(_round_url(ns)).status_code == 403
    assert as_user(ns.personas.outsider).get(_round_url(ns)).status_code == 404
    assert as_user(ns.personas.norole).get(_round_url(ns)).status_code == 404
    outsider = as_user(ns.personas.outsider)
    before = _state()
    response = outsider.post(_round_url(ns, "staffing:round_recusal_scan"))
    assert response.status_code == 404
    assert _state() == before


def test_filter_by_status(as_user, ns):
    _plant(ns)
    recusal.scan_round(ns.round, actor=None)
    row = Recusal.objects.get(cadre=ns.people.in_dept)
    recusal.decide(row, actor=None, status=RecusalStatus.OVERRIDDEN, reason="后勤保障")
    client = as_user(ns.personas.office_a)
    body = client.get(_round_url(ns), {"status": "open"}).content.decode()
    assert "陈丽" in body and "后勤保障" not in body
    body = client.get(_round_url(ns), {"status": "overridden"}).content.decode()
    assert "后勤保障" in body and "陈丽" not in body


def test_the_list_s_query_count_does_not_grow(as_user, ns):
    client = as_user(ns.personas.office_a)
    recusal.scan_round(ns.round, actor=None)
    client.get(_round_url(ns))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_round_url(ns)).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(30):
        cadre = make_cadre(ns.tree.county_a1, f"测试干部{i}")
        recusal.declare(
            cadre,
            ns.target,
            actor=None,
            round=ns.round,
            kind=RecusalKind.POSITION,
            detail=f"申报{i}",
        )
        if i % 3 == 0:
            recusal.object_to(
                cadre, ns.target, actor=None, round=ns.round, raised_by="局党组", detail=f"异议{i}"
            )
    assert Recusal.objects.count() > 40
    assert count() == few


# --- deciding ----------------------------------------------------------------------------------


@pytest.fixture
def conflict(ns):
    recusal.scan_round(ns.round, actor=None)
    return Recusal.objects.get()


def _decide_url(row):
    return reverse("staffing:recusal_decide", kwargs={"pk": row.pk})


def test_the_decision_form_offers_only_free_substitutes(as_user, ns, conflict):
    free = make_cadre(ns.tree.county_a1, "郑自由")
    people_services.add_to_pool(ns.people.staff_a1, free, actor=None)
    _plant(ns)  # 张建国 is blocked for the target now
    client = as_user(ns.personas.office_a)
    response = client.get(_decide_url(conflict), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "郑自由" in body and "张建国" not in body
    full = client.get(_decide_url(conflict)).content.decode()
    assert "<html" in full and "郑自由" in full


def test_override_through_the_page(as_user, ns, conflict):
    client = as_user(ns.personas.office_a)
    response = client.post(
        _decide_url(conflict),
        {"status": "overridden", "reason": "仅承担后勤联络", "next": _round_url(ns)},
    )
    assert response.status_code == 302 and response["Location"] == _round_url(ns)
    conflict.refresh_from_db()
    assert conflict.status == RecusalStatus.OVERRIDDEN
    assert conflict.decision_reason == "仅承担后勤联络"


def test_a_refused_decision_is_shown_again_and_changes_nothing(as_user, ns, conflict):
    _plant(ns)
    client = as_user(ns.personas.office_a)
    before = _state()
    response = client.post(_decide_url(conflict), {"status": "overridden", "reason": ""})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    response = client.post(
        _decide_url(conflict),
        {"status": "upheld", "reason": "确需回避", "substitute": ns.people.in_a1.pk},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "陈丽" in body  # why the substitute is refused
    assert "确需回避" in body  # what was typed is kept
    assert _state() == before


def test_a_decision_by_the_leading_group_is_refused(as_user, ns, conflict):
    client = as_user(ns.personas.viewer_a)
    assert client.get(_decide_url(conflict)).status_code == 403
    before = _state()
    response = client.post(_decide_url(conflict), {"status": "dismissed", "reason": "x"})
    assert response.status_code == 403
    assert _state() == before
    outsider = as_user(ns.personas.outsider)
    before = _state()
    assert (
        outsider.post(_decide_url(conflict), {"status": "dismissed", "reason": "x"}).status_code
        == 404
    )
    assert _state() == before


def test_the_next_address_must_be_local(as_user, ns, conflict):
    response = as_user(ns.personas.office_a).post(
        _decide_url(conflict), {"status": "upheld", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("staffing:recusal", kwargs={"pk": conflict.pk})


def test_detail_history_and_reopen(as_user, ns, conflict):
    client = as_user(ns.personas.office_a)
    url = reverse("staffing:recusal", kwargs={"pk": conflict.pk})
    body = client.get(url).content.decode()
    assert "李秀英" in body and _decide_url(conflict) in body
    client.post(_decide_url(conflict), {"status": "dismissed", "reason": "系借调人员"})
    body = client.get(url).content.decode()
    assert "系借调人员" in body and "office_a" in body
    reopen = reverse("staffing:recusal_reopen", kwargs={"pk": conflict.pk})
    before = _state()
    assert client.post(reopen, {"reason": ""}).status_code == 302
    assert _state() == before
    viewer = as_user(ns.personas.viewer_a)
    before = _state()
    assert viewer.post(reopen, {"reason": "x"}).status_code == 403
    assert _state() == before
    client = as_user(ns.personas.office_a)
    assert client.post(reopen, {"reason": "借调已结束"}).status_code == 302
    conflict.refresh_from_db()
    assert conflict.status == RecusalStatus.OPEN
    body = client.get(url).content.decode()
    assert "系借调人员" in body and "借调已结束" in body  # both steps in the history


# --- declarations and objections ---------------------------------------------------------------


@pytest.fixture
def me(ns):
    """An account linked to 张建国's cadre record, with no role."""
    user = make_user("zhangjianguo", unit=ns.tree.county_a1, otp=False)
    Cadre.objects.filter(pk=ns.people.in_a1.pk).update(user=user)
    return user


def test_the_cadre_declares_for_themselves(as_user, ns, me):
    client = as_user(me)
    # A draft round is not shown to the pool's members; an approved one is.
    assert (
        client.get(reverse("staffing:my_recusal_declare"), {"round": ns.round.pk}).status_code
        == 404
    )
    ns.round.status = RoundStatus.APPROVED
    ns.round.save()
    assert client.get(reverse("staffing:my_recusals")).status_code == 200
    url = reverse("staffing:my_recusal_declare")
    body = client.get(url, {"round": ns.round.pk}).content.decode()
    assert "甲一县农业农村局" in body
    response = client.post(
        f"{url}?round={ns.round.pk}",
        {"target": ns.target.pk, "kind": "position", "detail": "妻子在该局财务科工作"},
    )
    assert response.status_code == 302
    row = Recusal.objects.get()
    assert (row.cadre, row.source, row.round, row.created_by) == (
        ns.people.in_a1,
        RecusalSource.DECLARATION,
        ns.round,
        me,
    )
    body = client.get(reverse("staffing:my_recusals")).content.decode()
    assert "妻子在该局财务科工作" in body
    # They may open their declaration, not the rest of the round.
    assert client.get(reverse("staffing:recusal", kwargs={"pk": row.pk})).status_code == 200
    assert client.get(_round_url(ns)).status_code == 404


def test_a_declaration_without_a_round_names_a_unit_by_code(as_user, ns, me):
    client = as_user(me)
    response = client.post(
        reverse("staffing:my_recusal_declare"),
        {"unit": "A1101", "kind": "official_duty", "detail": "曾在该局挂职"},
    )
    assert response.status_code == 302
    assert Recusal.objects.get().target == ns.target
    before = _state()
    response = client.post(
        reverse("staffing:my_recusal_declare"),
        {"unit": "B1001", "kind": "official_duty", "detail": "x"},
    )  # not a unit they may name
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert _state() == before


def test_declaring_needs_a_cadre_record(as_user, ns):
    client = as_user(ns.personas.norole)
    assert client.get(reverse("staffing:my_recusal_declare")).status_code == 404
    body = client.get(reverse("staffing:my_recusals")).content.decode()
    assert reverse("staffing:my_recusal_declare") not in body


def test_the_office_records_a_declaration(as_user, ns):
    url = reverse("staffing:cadre_recusal_declare", kwargs={"pk": ns.people.in_a1.pk})
    client = as_user(ns.personas.office_a)
    assert client.get(url).status_code == 200
    response = client.post(
        f"{url}?round={ns.round.pk}",
        {"target": ns.target.pk, "kind": "position", "detail": "纸质申报表"},
    )
    row = Recusal.objects.get()
    assert response["Location"] == reverse("staffing:recusal", kwargs={"pk": row.pk})
    viewer = as_user(ns.personas.viewer_a)
    before = _state()
    assert viewer.get(url).status_code == 403
    assert viewer.post(url, {"unit": "A1101", "kind": "position", "detail": "x"}).status_code == 403
    assert _state() == before
    outsider = as_user(ns.personas.outsider)
    before = _state()
    assert outsider.get(url).status_code == 404
    assert (
        outsider.post(url, {"unit": "A1101", "kind": "position", "detail": "x"}).status_code == 404
    )
    assert _state() == before


def test_the_office_records_an_objection(as_user, ns):
    url = _round_url(ns, "staffing:round_recusal_object")
    client = as_user(ns.personas.office_a)
    body = client.get(url).content.decode()
    assert "张建国" in body and "赵外人" not in body
    response = client.post(
        url,
        {
            "cadre": ns.people.in_a1.pk,
            "target": ns.target.pk,
            "raised_by": "局党组书记",
            "kind": "position",
            "detail": "与局长系同学",
        },
    )
    assert response.status_code == 302
    assert Recusal.objects.get().raised_by == "局党组书记"
    viewer = as_user(ns.personas.viewer_a)
    before = _state()
    assert viewer.get(url).status_code == 403
    response = viewer.post(
        url,
        {
            "cadre": ns.people.in_a1.pk,
            "target": ns.target.pk,
            "raised_by": "某",
            "kind": "position",
            "detail": "x",
        },
    )
    assert response.status_code == 403
    assert _state() == before


# --- the check: a planted conflict caught and explained -----------------------------------------


def test_the_check_catches_and_explains_a_planted_conflict(as_user, ns):
    _plant(ns)
    LeadershipMember.objects.create(unit=ns.target, name="周国平", post="局长")
    client = as_user(ns.personas.office_a)
    body = client.get(reverse("staffing:recusal_check")).content.decode()
    assert "甲一县委2026年第一轮巡察" in body and "乙一县委2026年第一轮巡察" not in body
    body = client.get(reverse("staffing:recusal_check"), {"round": ns.round.pk}).content.decode()
    assert "张建国" in body and "李秀英" in body
    body = client.get(
        reverse("staffing:recusal_check"), {"round": ns.round.pk, "cadre": ns.people.in_a1.pk}
    ).content.decode()
    assert "陈丽" in body and "妻子" in body and "甲一县农业农村局" in body
    assert "badge off" in body  # blocked
    # Nothing was written by looking.
    assert not Recusal.objects.exists()


def test_the_check_is_for_the_office(as_user, ns):
    url = reverse("staffing:recusal_check")
    assert as_user(ns.personas.upper).get(url).status_code == 403
    assert as_user(ns.personas.norole).get(url).status_code == 403
    assert as_user(ns.personas.outsider).get(url, {"round": ns.round.pk}).status_code == 404
    # The rules read relatives: the leading group, who approve the round, may not run them,
    # not even on the round's own candidates.
    _plant(ns)
    viewer = as_user(ns.personas.viewer_a)
    before = AuditEvent.objects.count()
    for cadre in (ns.people.in_a1, ns.people.in_a2):
        response = viewer.get(url, {"round": ns.round.pk, "cadre": cadre.pk})
        assert response.status_code == 403
        assert "陈丽" not in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_the_check_is_audited(as_user, ns):
    _plant(ns)
    url = reverse("staffing:recusal_check")
    client = as_user(ns.personas.office_a)
    before = AuditEvent.objects.count()
    assert client.get(url, {"round": ns.round.pk}).status_code == 200
    assert AuditEvent.objects.count() == before  # nothing read yet
    response = client.get(url, {"round": ns.round.pk, "cadre": ns.people.in_a1.pk})
    assert "陈丽" in response.content.decode()
    event = AuditEvent.objects.latest("seq")
    assert AuditEvent.objects.count() == before + 1
    assert event.event_type == EventType.RECUSAL_VIEWED
    assert (event.object_type, event.object_id) == ("plans.round", str(ns.round.pk))
    assert event.changes == {"cadre": ns.people.in_a1.pk}
    assert event.actor_id == ns.personas.office_a.pk


# --- the panels ----------------------------------------------------------------------------------


def _render(source, user, **context):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load recusal_tags %}" + source).render(
        Context({"request": request, **context})
    )


def test_round_panel(ns):
    recusal.scan_round(ns.round, actor=None)
    p = ns.personas
    html = _render("{% round_recusals round %}", p.office_a, round=ns.round)
    assert _round_url(ns) in html and "1" in html
    assert _round_url(ns) in _render("{% round_recusals round %}", p.viewer_a, round=ns.round)
    for who in (p.upper, p.outsider, p.norole):
        assert _render("{% round_recusals round %}", who, round=ns.round).strip() == ""


def test_cadre_panel(ns, me):
    recusal.scan_round(ns.round, actor=None)
    p = ns.personas
    html = _render("{% cadre_recusals cadre %}", p.office_a, cadre=ns.people.in_dept)
    assert "甲一县农业农村局" in html
    assert reverse("staffing:cadre_recusal_declare", kwargs={"pk": ns.people.in_dept.pk}) in html
    # The leading group sees the round's conflicts of the cadre, without the office's links.
    html = _render("{% cadre_recusals cadre %}", p.viewer_a, cadre=ns.people.in_dept)
    assert "甲一县农业农村局" in html and "declare" not in html
    assert _render("{% cadre_recusals cadre %}", p.viewer_a, cadre=ns.people.in_a1).strip() == ""
    assert _render("{% cadre_recusals cadre %}", p.upper, cadre=ns.people.in_dept).strip() == ""
    # The cadre themselves: a way to declare.
    cadre = Cadre.objects.get(pk=ns.people.in_a1.pk)
    html = _render("{% cadre_recusals cadre %}", me, cadre=cadre)
    assert reverse("staffing:my_recusal_declare") in html
