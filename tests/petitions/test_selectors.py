"""The reads other areas build on: counts, the target dossier, interview outline prompts and the
evening briefing's material; none of them carries the reporter's identity."""

import json
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_unit
from tests.petitions.conftest import REPORTER, register
from xuncha.petitions import workflow
from xuncha.petitions.selectors import (
    day_material,
    petition_counts,
    petition_points,
    petitions_about_unit,
)


def _assessed(ns, *, in_scope=True, **fields):
    petition = register(ns.inspection, actor=ns.member, **fields)
    workflow.assess_petition(petition, actor=ns.member, in_scope=in_scope, reason="研判")
    return petition


def test_counts_in_one_query_with_zeros(ns):
    a = ns.inspection
    _assessed(ns)
    out = _assessed(ns, in_scope=False)
    register(a, actor=ns.member)
    workflow.forward_petition(out, actor=ns.member, to="县信访局", on=date(2026, 3, 6))
    workflow.close_petition(out, actor=ns.member, outcome="已转办", on=date(2026, 3, 7))
    b = ns.plans.inspection_b
    with CaptureQueriesContext(connection) as queries:
        counts = petition_counts([a.pk, b.pk])
    assert len(queries) == 1
    assert counts == {
        a.pk: {"petitions": 3, "in_scope": 1, "forwarded": 1},
        b.pk: {"petitions": 0, "in_scope": 0, "forwarded": 0},
    }
    assert petition_counts([]) == {}


def test_petitions_about_unit_respects_access(ns):
    at_target = register(ns.inspection, actor=ns.member)
    county = ns.tree.county_a1
    about_county = register(
        ns.inspection,
        actor=ns.member,
        subjects=[{"name": "周书记", "post": "县委常委", "unit": county}],
    )
    elsewhere = register(
        ns.plans.inspection_b,
        actor=None,
        subjects=[{"name": "吴某", "post": "科长", "unit": county}],
    )
    office = ns.personas.office_a
    assert set(petitions_about_unit(office, ns.inspection.target)) == {at_target, about_county}
    assert set(petitions_about_unit(office, county)) == {about_county}
    # County B's petition names someone of county A1, but city A's office does not reach it.
    assert elsewhere not in set(petitions_about_unit(office, county))
    assert set(petitions_about_unit(ns.personas.outsider, county)) == {elsewhere}
    assert list(petitions_about_unit(ns.personas.norole, ns.inspection.target)) == []


def test_points_by_name_then_by_post_in_scope_only(ns):
    first = _assessed(
        ns,
        summary="反映钱局长在项目验收中收受礼金。",
        subjects=[{"name": "钱局长", "post": "局长"}],
    )
    _assessed(
        ns,
        in_scope=False,
        summary="反映钱局长处理劳动争议不公",
        subjects=[{"name": "钱局长", "post": "局长"}],
    )
    register(ns.inspection, actor=ns.member, subjects=[{"name": "钱局长", "post": "局长"}])
    by_post = _assessed(ns, summary="财务科长报销不规范", subjects=[{"post": "财务科科长"}])

    points = petition_points(ns.inspection, name="钱局长", post="局长")
    assert points == [
        {
            "text": "有反映钱局长在项目验收中收受礼金，请说明有关情况",
            "label": "信访件第1号",
            "url": f"/petitions/{first.pk}/",
        }
    ]
    assert petition_points(ns.inspection, name="李秀英", post="财务科科长") == [
        {
            "text": "有反映财务科长报销不规范，请说明有关情况",
            "label": by_post.label,
            "url": f"/petitions/{by_post.pk}/",
        }
    ]
    assert petition_points(ns.inspection, name="无关人员", post="司机") == []
    assert petition_points(ns.plans.inspection_b, name="钱局长") == []
    assert REPORTER not in json.dumps(points, ensure_ascii=False)


def test_day_material(ns):
    first = register(ns.inspection, actor=ns.member, received_on=date(2026, 3, 5))
    register(ns.inspection, actor=ns.member, received_on=date(2026, 3, 6))
    items = day_material(ns.inspection, date(2026, 3, 5))
    assert items == [
        {
            "kind": "petition",
            "label": "信访件第1号：反映局长违规收受礼金",
            "note": "反映局长违规收受礼金",
            "obj": first,
            "url": f"/petitions/{first.pk}/",
        }
    ]
    assert day_material(ns.inspection, date(2026, 3, 7)) == []


def test_subject_unit_outside_target_is_allowed_by_service(ns):
    other = make_unit("甲一县财政局", parent=ns.tree.county_a1, code="A1109")
    petition = register(
        ns.inspection, actor=ns.member, subjects=[{"name": "郑局长", "post": "局长", "unit": other}]
    )
    assert petition.subjects.get().unit == other
