"""The interviews API: plan, outlines and delivery, with 201 on creation, 422 on bad input
(nothing changed), 403 for readers and 404 for strangers."""

import json
from datetime import timedelta

from django.utils import timezone

from xuncha.audit.models import AuditEvent
from xuncha.interviews.models import Interviewee, InterviewOutline, OutlineQuestion

API = "/api/interviews"


def _post(client, url, data, method="POST"):
    return client.generic(method, url, json.dumps(data), content_type="application/json")


def test_plan_through_the_api(ns, as_user):
    client = as_user(ns.personas.member_a1)
    i = ns.inspection.pk
    response = _post(
        client,
        f"{API}/inspections/{i}/people",
        {"name": "吴芳", "post": "财务科科长", "category": "key_post"},
    )
    assert response.status_code == 201
    person = response.json()
    assert person["areas"] == ["work_style"] and person["interview_count"] == 0
    before = AuditEvent.objects.count()
    for bad in (
        {"name": "", "category": "staff"},
        {"name": "某", "category": "boss"},
        {"name": "某", "category": "staff", "areas": ["nowhere"]},
        {"name": "某", "category": "staff", "interviewer_id": ns.people.in_b.pk},
    ):
        assert _post(client, f"{API}/inspections/{i}/people", bad).status_code == 422, bad
    assert AuditEvent.objects.count() == before and Interviewee.objects.count() == 1
    response = _post(
        client,
        f"{API}/people/{person['id']}",
        {"interviewer_id": ns.sun.pk, "recorder_id": ns.people.in_a2.pk},
        method="PATCH",
    )
    assert response.status_code == 200 and response.json()["interviewer"] == "孙立"
    response = _post(client, f"{API}/inspections/{i}/plan/propose", {})
    assert response.status_code == 200
    plan = response.json()
    assert plan["counts"]["planned"] == 4 and plan["counts"]["assigned"] == 4
    assert plan["outline_lead_days"] == 3
    # Readers read, but never write.
    viewer = as_user(ns.personas.viewer_a)
    assert viewer.get(f"{API}/inspections/{i}/plan").status_code == 200
    before = AuditEvent.objects.count()
    assert _post(viewer, f"{API}/inspections/{i}/plan/propose", {}).status_code == 403
    assert (
        _post(viewer, f"{API}/people/{person['id']}", {"note": "x"}, method="PATCH").status_code
        == 403
    )
    assert AuditEvent.objects.count() == before


def test_outlines_through_the_api(ns, as_user):
    client = as_user(ns.personas.member_a1)
    i = ns.inspection.pk
    _post(client, f"{API}/inspections/{i}/plan/propose", {})
    assert _post(client, f"{API}/inspections/{i}/general/assemble", {}).status_code == 200
    response = _post(client, f"{API}/inspections/{i}/outlines/generate", {})
    assert response.status_code == 200 and len(response.json()) == 3
    outlines = client.get(f"{API}/inspections/{i}/outlines").json()
    assert [o["kind"] for o in outlines] == ["general", "individual", "individual", "individual"]
    one = outlines[1]["id"]
    detail = client.get(f"{API}/outlines/{one}").json()
    assert detail["questions"] and all(q["source_label"] for q in detail["questions"])
    response = _post(client, f"{API}/outlines/{one}/questions", {"text": "补充问题？"})
    assert response.status_code == 201
    added = response.json()["id"]
    first = detail["questions"][0]["id"]
    response = _post(client, f"{API}/questions/{first}", {"text": "改过的问题？"}, method="PATCH")
    assert response.json()["edited"] is True
    response = _post(client, f"{API}/questions/{first}", {"removed": True}, method="PATCH")
    assert response.json()["removed"] is True
    assert (
        _post(client, f"{API}/questions/{added}", {"removed": True}, method="PATCH").status_code
        == 422
    )
    person = outlines[1]["interviewee_id"]
    response = _post(client, f"{API}/inspections/{i}/outlines/send", {"people": [person]})
    assert response.json() == {"sent": 1}
    assert (
        _post(client, f"{API}/inspections/{i}/outlines/send", {"people": [person]}).status_code
        == 422
    )  # unchanged
    response = _post(
        client, f"{API}/outlines/{one}/delivery", {"delivered_on": str(timezone.localdate())}
    )
    assert response.status_code == 200 and response.json()["delivered_on"]
    response = _post(
        client,
        f"{API}/outlines/{one}/delivery",
        {"delivered_on": str(timezone.localdate() + timedelta(days=3))},
    )
    assert response.status_code == 422
    assert OutlineQuestion.objects.filter(outline_id=one, text="改过的问题？").exists()
    assert InterviewOutline.objects.get(pk=one).sent_questions
