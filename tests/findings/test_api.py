"""The findings API: the same choke point, services and rules as the pages."""

import json

from tests.findings.conftest import DAY, draft, state
from xuncha.fieldwork import services_briefing
from xuncha.fieldwork.briefing import token_of
from xuncha.findings.models import Finding
from xuncha.findings.selectors import confirmed_findings, finding_counts


def _post(client, url, data=None, method="POST"):
    return client.generic(method, url, json.dumps(data or {}), content_type="application/json")


def test_write_and_sign_off_through_the_api(ns, as_user):
    client = as_user(ns.member)
    base = f"/api/findings/inspections/{ns.inspection.pk}/findings"
    response = _post(client, base, {"title": "接口创建的问题", "focus_area_id": ns.focus.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["id"]
    assert body["number"] == 1 and body["status"] == "draft"
    assert body["actions"]["edit"] and body["preparer_ids"] == [ns.member.pk]

    response = _post(client, f"/api/findings/{pk}/submit")
    assert response.status_code == 422  # incomplete
    response = _post(
        client,
        f"/api/findings/{pk}",
        {
            "basis": "依据",
            "facts": "事实",
            "suggestion": "建议",
            "discipline": "work",
        },
        method="PATCH",
    )
    assert response.status_code == 200, response.content
    response = _post(client, f"/api/findings/{pk}/evidence", {"record": token_of(ns.visit)})
    assert response.status_code == 201 and response.json()["kind"] == "visit"
    before = state()
    response = _post(client, f"/api/findings/{pk}/evidence", {"record": token_of(ns.visit_b)})
    assert response.status_code == 422
    assert state() == before
    assert _post(client, f"/api/findings/{pk}/submit").status_code == 200

    deputy = as_user(ns.deputy)
    before = state()
    assert _post(deputy, f"/api/findings/{pk}/return", {"comment": ""}).status_code == 422
    assert state() == before
    assert _post(deputy, f"/api/findings/{pk}/approve").status_code == 200
    member = as_user(ns.member)
    assert _post(member, f"/api/findings/{pk}/confirm").status_code == 403
    leader = as_user(ns.leader)
    response = _post(leader, f"/api/findings/{pk}/confirm")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    assert [r["step"] for r in response.json()["reviews"]] == [
        "submit",
        "deputy_approve",
        "leader_confirm",
    ]

    listing = leader.get(base, {"status": "confirmed"}).json()
    assert [row["id"] for row in listing] == [pk]
    assert leader.get(base, {"status": "draft"}).json() == []


def test_start_from_problem_and_judgment(ns, as_user):
    problem = services_briefing.raise_problem(
        ns.inspection,
        actor=ns.member,
        day=DAY,
        subgroup="finance",
        summary="违规发放津贴",
        sources=[
            {"kind": "visit", "label": "走访", "obj": ns.visit},
            {"kind": "other", "label": "群众反映"},
        ],
    )
    services_briefing.corroborate(problem, actor=ns.leader)
    services_briefing.hand_off(ns.inspection, [problem], actor=ns.leader)
    client = as_user(ns.member)
    response = _post(client, f"/api/findings/problems/{problem.pk}/start")
    assert response.status_code == 201
    pk = response.json()["id"]
    assert len(response.json()["evidence"]) == 2
    assert _post(client, f"/api/findings/problems/{problem.pk}/start").status_code == 422
    _post(
        client,
        f"/api/findings/{pk}",
        {"is_conduct": True, "responsible_person": "钱某"},
        method="PATCH",
    )
    judgment = {
        "experience": "accountable",
        "exploration": "tolerable",
        "purpose": "tolerable",
        "judgment": "dereliction",
        "outcome": "correction",
        "experience_reason": "明知规定",
        "exploration_reason": "有探索",
        "purpose_reason": "无私利",
        "reasoning": "综合认定",
    }
    response = _post(client, f"/api/findings/{pk}/judgment", judgment, method="PUT")
    assert response.status_code == 200, response.content
    detail = client.get(f"/api/findings/{pk}").json()
    assert "属于失责，建议纠错问责" in detail["judgment_text"]


def test_immediate_fix_through_the_api(ns, as_user):
    finding = draft(ns, disposition="immediate_fix")
    client = as_user(ns.member)
    response = _post(
        client, f"/api/findings/{finding.pk}/immediate-fix", {"requirement": "立即整改"}
    )
    assert response.status_code == 201
    response = _post(
        client,
        f"/api/findings/{finding.pk}/immediate-fix",
        {"requirement": "立即整改并公示", "letter_number": "甲一巡函〔2026〕1号"},
    )
    assert response.status_code == 200
    assert (
        _post(as_user(ns.leader), f"/api/findings/{finding.pk}/immediate-fix/send").status_code
        == 422
    )  # not confirmed yet
    client = as_user(ns.member)  # the test client is one: sign in again
    response = _post(client, f"/api/findings/{finding.pk}/immediate-fix/accept")
    assert response.status_code == 403, response.content.decode()
    fixes = client.get(f"/api/findings/inspections/{ns.inspection.pk}/immediate-fixes").json()
    assert fixes[0]["letter_number"] == "甲一巡函〔2026〕1号"


def test_records_and_scope(ns, as_user):
    client = as_user(ns.member)
    rows = client.get(
        f"/api/findings/inspections/{ns.inspection.pk}/records", {"kind": "visit"}
    ).json()
    assert [r["token"] for r in rows] == [token_of(ns.visit)]
    assert (
        client.get(
            f"/api/findings/inspections/{ns.plans.inspection_b.pk}/records", {"kind": "visit"}
        ).status_code
        == 404
    )
    finding = draft(ns)
    outsider = as_user(ns.personas.outsider)
    assert outsider.get(f"/api/findings/{finding.pk}").status_code == 404
    before = state()
    assert _post(outsider, f"/api/findings/{finding.pk}/submit").status_code == 404
    viewer = as_user(ns.personas.viewer_a)
    assert viewer.get(f"/api/findings/{finding.pk}").status_code == 200
    assert (
        _post(viewer, f"/api/findings/{finding.pk}", {"facts": "改"}, method="PATCH").status_code
        == 403
    )
    assert state() == before


def test_counts_and_confirmed_order_for_other_apps(ns):
    papers = [
        draft(ns, title="甲", focus_area=ns.focus, discipline="work"),
        draft(ns, title="乙", focus_area=ns.focus_first, discipline="integrity"),
        draft(ns, title="丙", focus_area=None, discipline="", work_style="formalism"),
        draft(ns, title="丁"),
    ]
    from xuncha.findings import services_review

    for finding in papers[:3]:
        services_review.submit(finding, actor=ns.member)
        services_review.approve(finding, actor=ns.deputy)
        services_review.confirm(finding, actor=ns.leader)
    services_review.withdraw(papers[3], actor=ns.member, reason="重复")
    assert [f.title for f in confirmed_findings(ns.inspection)] == ["乙", "甲", "丙"]
    counts = finding_counts([ns.inspection.pk, ns.plans.inspection_b.pk])
    mine = counts[ns.inspection.pk]
    assert (mine["total"], mine["confirmed"], mine["withdrawn"]) == (3, 3, 1)
    assert mine["by_discipline"] == {"work": 1, "integrity": 1}
    assert mine["by_work_style"] == {"formalism": 1}
    assert mine["by_focus"] == {ns.focus.pk: 1, ns.focus_first.pk: 1}
    assert counts[ns.plans.inspection_b.pk]["total"] == 0
    assert Finding.objects.count() == 4
