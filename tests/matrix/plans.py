"""Authorization-matrix entries for the plans endpoints (see tests/authz.py for Endpoint).

`ns` carries tree, personas, people (tests.factories.make_people) and plans
(tests.factories.make_plans): term_a1/round_a1/inspection_a1 (team_a1 at dept_a1) in county A1,
term_b/round_b/inspection_b in county B1. Approvals are allowed to viewer_a (leading group) and
refused to office_a (office staff without plan.approve)."""

from tests.authz import Endpoint
from tests.factories import make_unit
from xuncha.orgs.models import Unit, UnitKind
from xuncha.plans import services
from xuncha.plans.models import CoverageEntry, CoveragePlan, Stage

_APPROVE = {"allowed": "viewer_a", "without": "office_a"}
_EDIT = {"without": "viewer_a"}


def _unit(name, key="pk"):
    return lambda ns: {key: getattr(ns.tree, name).pk}


def _plan(attr, key="pk"):
    return lambda ns: {key: getattr(ns.plans, attr).pk}


def _generated(term_attr, key="pk"):
    """The term with its coverage plan generated (every unit in scope planned)."""

    def build(ns):
        term = getattr(ns.plans, term_attr)
        services.generate_coverage_plan(term, actor=None)
        return {key: term.pk}

    return build


def _submitted_plan(term_attr, key="pk"):
    def build(ns):
        term = getattr(ns.plans, term_attr)
        services.generate_coverage_plan(term, actor=None)
        services.submit_coverage_plan(term, actor=None)
        return {key: term.pk}

    return build


def _entry(term_attr):
    """A plan entry of a unit that has left the scope (dissolved), so it may be removed."""

    def build(ns):
        term = getattr(ns.plans, term_attr)
        unit = make_unit(
            f"{term.jurisdiction.name}撤并局", parent=term.jurisdiction, kind=UnitKind.DEPARTMENT
        )
        plan, _ = CoveragePlan.objects.get_or_create(term=term)
        entry = CoverageEntry.objects.create(plan=plan, unit=unit, planned_year=2024)
        Unit.objects.filter(pk=unit.pk).update(is_active=False)
        return {"pk": entry.pk}

    return build


def _annual(term_attr, submitted=False, key="pk"):
    def build(ns):
        plan = services.create_annual_plan(getattr(ns.plans, term_attr), 2025, actor=None)
        if submitted:
            services.submit_annual_plan(plan, actor=None)
        return {key: plan.pk}

    return build


def _focus(unit_name):
    def build(ns):
        area = services.create_focus_area(
            actor=None,
            jurisdiction=getattr(ns.tree, unit_name),
            group="自定重点",
            text="聚焦营商环境",
        )
        return {"pk": area.pk}

    return build


def _submitted_round(attr, key="pk"):
    def build(ns):
        round = getattr(ns.plans, attr)
        services.submit_round(round, actor=None)
        return {key: round.pk}

    return build


def _closable_round(attr):
    def build(ns):
        round = getattr(ns.plans, attr)
        services.submit_round(round, actor=None)
        services.approve_round(round, actor=None)
        round.inspections.update(stage=Stage.ARCHIVED)
        return {"pk": round.pk}

    return build


def _round_with_candidate(attr, key="pk"):
    """The round, and a unit in its jurisdiction's scope that no round has taken."""

    def build(ns):
        round = getattr(ns.plans, attr)
        make_unit(
            f"{round.jurisdiction.name}财政局",
            parent=round.jurisdiction,
            kind=UnitKind.DEPARTMENT,
            code=f"{round.jurisdiction.code}-F",
        )
        return {key: round.pk}

    return build


def _authorized(attr, key="pk"):
    """The inspection, its team leader's authorization issued."""

    def build(ns):
        from django.apps import apps

        inspection = getattr(ns.plans, attr)
        cadre = ns.people.in_a1 if attr.endswith("a1") else ns.people.in_b
        apps.get_model("staffing", "Authorization").objects.create(
            round=inspection.round,
            team=inspection.team,
            leader=cadre,
            document_number="巡授〔2026〕1号",
        )
        return {key: inspection.pk}

    return build


def _years(ns):
    entry = CoverageEntry.objects.filter(plan__term=ns.plans.term_a1).first()
    return {f"year_{entry.pk if entry else 0}": 2024}


def _candidate_id(ns):
    unit = Unit.objects.filter(code="A1001-F").first() or ns.tree.dept_a1
    return unit.pk


_ROUND_FORM = {
    "kind": "regular",
    "starts_on": "2026-03-02",
    "ends_on": "2026-04-17",
    "name": "甲一县委2026年第一轮巡察",
    "work_plan": "听取工作汇报，个别谈话。",
}

ENDPOINTS: list[Endpoint] = [
    # --- home and settings ----------------------------------------------------------------------
    Endpoint("plans:home", secret_inside="甲一县第十二届", secret_outside="乙一县第十二届"),
    Endpoint(
        "plans:settings",
        inside=_unit("county_a1"),
        outside=_unit("county_b1"),
        secret_inside="甲一县委",
    ),
    Endpoint(
        "plans:settings",
        method="POST",
        inside=_unit("county_a1"),
        outside=_unit("county_b1"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {
            "deconfliction_months": 6,
            "notice_days": 10,
            "outline_lead_days": 3,
            "survey_flag_percent": 30,
            "worked_within_years": 3,
            "worked_longer_than_years": 3,
            "superior_within_years": 3,
            "min_team_size": 4,
            "max_team_size": 7,
            "required_expertise": "finance|audit",
        },
    ),
    # --- terms and coverage -----------------------------------------------------------------------
    Endpoint("plans:term_create", **_EDIT),
    Endpoint(
        "plans:term_create",
        method="POST",
        ok=(302,),
        **_EDIT,
        data=lambda ns: {
            "jurisdiction": ns.tree.county_a2.pk,
            "name": "甲二县第十二届",
            "starts_on": "2021-10-01",
            "ends_on": "2026-09-30",
        },
    ),
    Endpoint(
        "plans:term",
        inside=_plan("term_a1"),
        outside=_plan("term_b"),
        secret_inside="甲一县第十二届",
    ),
    Endpoint("plans:term_edit", inside=_plan("term_a1"), outside=_plan("term_b"), **_EDIT),
    Endpoint(
        "plans:term_edit",
        method="POST",
        inside=_plan("term_a1"),
        outside=_plan("term_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {
            "name": "甲一县第十二届委员会",
            "starts_on": "2021-10-01",
            "ends_on": "2026-09-30",
        },
    ),
    Endpoint(
        "plans:coverage_generate",
        method="POST",
        inside=_plan("term_a1"),
        outside=_plan("term_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {},
    ),
    Endpoint(
        "plans:coverage_years",
        method="POST",
        inside=_generated("term_a1"),
        outside=_generated("term_b"),
        ok=(302,),
        **_EDIT,
        data=_years,
    ),
    Endpoint(
        "plans:coverage_add",
        method="POST",
        inside=_plan("term_a1"),
        outside=_plan("term_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {"unit": "A1101", "planned_year": 2024},
    ),
    Endpoint(
        "plans:coverage_remove",
        method="POST",
        inside=_entry("term_a1"),
        outside=_entry("term_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {"reason": "机构改革撤并"},
    ),
    Endpoint(
        "plans:coverage_submit",
        method="POST",
        inside=_generated("term_a1"),
        outside=_generated("term_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {},
    ),
    Endpoint(
        "plans:coverage_approve",
        method="POST",
        inside=_submitted_plan("term_a1"),
        outside=_submitted_plan("term_b"),
        ok=(302,),
        **_APPROVE,
        data=lambda ns: {"comment": "同意"},
    ),
    Endpoint(
        "plans:coverage_return",
        method="POST",
        inside=_submitted_plan("term_a1"),
        outside=_submitted_plan("term_b"),
        ok=(302,),
        **_APPROVE,
        data=lambda ns: {"comment": "村（社区）安排过于集中"},
    ),
    Endpoint(
        "plans:annual_create",
        method="POST",
        inside=_plan("term_a1"),
        outside=_plan("term_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {"year": 2025, "rounds_planned": 2},
    ),
    Endpoint(
        "plans:annual",
        inside=_annual("term_a1"),
        outside=_annual("term_b"),
        secret_inside="甲一县委",
    ),
    Endpoint("plans:annual_edit", inside=_annual("term_a1"), outside=_annual("term_b"), **_EDIT),
    Endpoint(
        "plans:annual_edit",
        method="POST",
        inside=_annual("term_a1"),
        outside=_annual("term_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {"rounds_planned": 3, "notes": "全年安排三轮"},
    ),
    Endpoint(
        "plans:annual_submit",
        method="POST",
        inside=_annual("term_a1"),
        outside=_annual("term_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {},
    ),
    Endpoint(
        "plans:annual_approve",
        method="POST",
        inside=_annual("term_a1", submitted=True),
        outside=_annual("term_b", submitted=True),
        ok=(302,),
        **_APPROVE,
        data=lambda ns: {},
    ),
    Endpoint(
        "plans:annual_return",
        method="POST",
        inside=_annual("term_a1", submitted=True),
        outside=_annual("term_b", submitted=True),
        ok=(302,),
        **_APPROVE,
        data=lambda ns: {"comment": "轮次偏少"},
    ),
    # --- focus areas ----------------------------------------------------------------------------
    Endpoint(
        "plans:focus_areas",
        inside=_unit("county_a1"),
        outside=_unit("county_b1"),
        secret_inside="甲一县委",
    ),
    Endpoint(
        "plans:focus_area_create",
        method="POST",
        inside=_unit("county_a1"),
        outside=_unit("county_b1"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {"group": "自定重点", "text": "聚焦乡村振兴", "order": 10},
    ),
    Endpoint(
        "plans:focus_reference",
        method="POST",
        inside=_unit("county_a1"),
        outside=_unit("county_b1"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {},
    ),
    Endpoint(
        "plans:focus_area_edit", inside=_focus("county_a1"), outside=_focus("county_b1"), **_EDIT
    ),
    Endpoint(
        "plans:focus_area_edit",
        method="POST",
        inside=_focus("county_a1"),
        outside=_focus("county_b1"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {
            "group": "自定重点",
            "text": "聚焦优化营商环境",
            "order": 20,
            "is_active": "on",
        },
    ),
    Endpoint(
        "plans:focus_area_toggle",
        method="POST",
        inside=_focus("county_a1"),
        outside=_focus("county_b1"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {},
    ),
    # --- rounds -----------------------------------------------------------------------------------
    Endpoint(
        "plans:rounds",
        secret_inside="甲一县委2026年第一轮巡察",
        secret_outside="乙一县委2026年第一轮巡察",
    ),
    Endpoint("plans:round_create", **_EDIT, secret_inside="甲一县委", secret_outside="乙一县委"),
    Endpoint(
        "plans:round_create",
        method="POST",
        ok=(302,),
        **_EDIT,
        data=lambda ns: {
            "jurisdiction": ns.tree.county_a1.pk,
            "kind": "regular",
            "starts_on": "2026-12-01",
            "ends_on": "2026-12-20",
        },
    ),
    Endpoint(
        "plans:round",
        inside=_plan("round_a1"),
        outside=_plan("round_b"),
        secret_inside="甲一县委2026年第一轮巡察",
    ),
    Endpoint("plans:round_edit", inside=_plan("round_a1"), outside=_plan("round_b"), **_EDIT),
    Endpoint(
        "plans:round_edit",
        method="POST",
        inside=_plan("round_a1"),
        outside=_plan("round_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: dict(_ROUND_FORM),
    ),
    Endpoint(
        "plans:round_submit",
        method="POST",
        inside=_plan("round_a1"),
        outside=_plan("round_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {},
    ),
    Endpoint(
        "plans:round_approve",
        method="POST",
        inside=_submitted_round("round_a1"),
        outside=_submitted_round("round_b"),
        ok=(302,),
        **_APPROVE,
        data=lambda ns: {"comment": "同意"},
    ),
    Endpoint(
        "plans:round_return",
        method="POST",
        inside=_submitted_round("round_a1"),
        outside=_submitted_round("round_b"),
        ok=(302,),
        **_APPROVE,
        data=lambda ns: {"comment": "请补充工作方案"},
    ),
    Endpoint(
        "plans:round_close",
        method="POST",
        inside=_closable_round("round_a1"),
        outside=_closable_round("round_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {},
    ),
    Endpoint("plans:inspection_add", inside=_plan("round_a1"), outside=_plan("round_b"), **_EDIT),
    Endpoint(
        "plans:inspection_add",
        method="POST",
        inside=_round_with_candidate("round_a1"),
        outside=_round_with_candidate("round_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {"target": "A1001-F", "team": ns.people.team_a1.pk},
    ),
    Endpoint(
        "plans:target_suggest",
        inside=_round_with_candidate("round_a1"),
        outside=_round_with_candidate("round_b"),
        query={"target": "财政"},
        secret_inside="甲一县委财政局",
    ),
    Endpoint(
        "plans:lookback_options",
        inside=_plan("round_a1"),
        outside=_plan("round_b"),
        query={"target": "A1101"},
    ),
    # --- inspections ----------------------------------------------------------------------------
    Endpoint(
        "plans:inspections", secret_inside="甲一县农业农村局", secret_outside="乙一县农业农村局"
    ),
    Endpoint(
        "plans:inspection",
        inside=_plan("inspection_a1"),
        outside=_plan("inspection_b"),
        secret_inside="甲一县农业农村局",
    ),
    Endpoint(
        "plans:inspection_edit",
        inside=_plan("inspection_a1"),
        outside=_plan("inspection_b"),
        **_EDIT,
    ),
    Endpoint(
        "plans:inspection_edit",
        method="POST",
        inside=_plan("inspection_a1"),
        outside=_plan("inspection_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {"team": ns.people.team_a1.pk, "work_plan": "重点查阅账册"},
    ),
    Endpoint(
        "plans:inspection_remove",
        method="POST",
        inside=_plan("inspection_a1"),
        outside=_plan("inspection_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {"reason": "调整计划"},
    ),
    Endpoint(
        "plans:inspection_transition",
        method="POST",
        inside=_authorized("inspection_a1"),
        outside=_authorized("inspection_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {"to_stage": "authorized", "from_stage": "planned"},
    ),
    # --- API ------------------------------------------------------------------------------------
    Endpoint(
        "GET /api/plans/terms",
        api=True,
        secret_inside="甲一县第十二届",
        secret_outside="乙一县第十二届",
    ),
    Endpoint(
        "GET /api/plans/terms/{term_id}",
        api=True,
        inside=_plan("term_a1", "term_id"),
        outside=_plan("term_b", "term_id"),
        secret_inside="甲一县第十二届",
    ),
    Endpoint(
        "GET /api/plans/terms/{term_id}/coverage",
        api=True,
        inside=_generated("term_a1", "term_id"),
        outside=_generated("term_b", "term_id"),
        secret_inside="甲一县农业农村局",
    ),
    Endpoint("GET /api/plans/focus-areas", api=True),
    Endpoint(
        "GET /api/plans/settings/{jurisdiction_id}",
        api=True,
        inside=_unit("county_a1", "jurisdiction_id"),
        outside=_unit("county_b1", "jurisdiction_id"),
    ),
    Endpoint(
        "PATCH /api/plans/settings/{jurisdiction_id}",
        method="PATCH",
        api=True,
        inside=_unit("county_a1", "jurisdiction_id"),
        outside=_unit("county_b1", "jurisdiction_id"),
        **_EDIT,
        data=lambda ns: {"deconfliction_months": 6},
    ),
    Endpoint(
        "GET /api/plans/rounds",
        api=True,
        secret_inside="甲一县委2026年第一轮巡察",
        secret_outside="乙一县委2026年第一轮巡察",
    ),
    Endpoint(
        "GET /api/plans/rounds/{round_id}",
        api=True,
        inside=_plan("round_a1", "round_id"),
        outside=_plan("round_b", "round_id"),
        secret_inside="甲一县农业农村局",
    ),
    Endpoint(
        "POST /api/plans/rounds",
        method="POST",
        api=True,
        ok=(201,),
        **_EDIT,
        data=lambda ns: {
            "jurisdiction_id": ns.tree.county_a1.pk,
            "starts_on": "2026-12-01",
            "ends_on": "2026-12-20",
        },
    ),
    Endpoint(
        "PATCH /api/plans/rounds/{round_id}",
        method="PATCH",
        api=True,
        inside=_plan("round_a1", "round_id"),
        outside=_plan("round_b", "round_id"),
        **_EDIT,
        data=lambda ns: {"work_plan": "听取汇报，个别谈话，调阅资料。"},
    ),
    Endpoint(
        "POST /api/plans/rounds/{round_id}/submit",
        method="POST",
        api=True,
        inside=_plan("round_a1", "round_id"),
        outside=_plan("round_b", "round_id"),
        **_EDIT,
        data=lambda ns: {},
    ),
    Endpoint(
        "POST /api/plans/rounds/{round_id}/approve",
        method="POST",
        api=True,
        inside=_submitted_round("round_a1", "round_id"),
        outside=_submitted_round("round_b", "round_id"),
        **_APPROVE,
        data=lambda ns: {"comment": "同意"},
    ),
    Endpoint(
        "POST /api/plans/rounds/{round_id}/return",
        method="POST",
        api=True,
        inside=_submitted_round("round_a1", "round_id"),
        outside=_submitted_round("round_b", "round_id"),
        **_APPROVE,
        data=lambda ns: {"comment": "请补充"},
    ),
    Endpoint(
        "POST /api/plans/rounds/{round_id}/inspections",
        method="POST",
        api=True,
        inside=_round_with_candidate("round_a1", "round_id"),
        outside=_round_with_candidate("round_b", "round_id"),
        ok=(201,),
        **_EDIT,
        data=lambda ns: {"target_id": _candidate_id(ns), "team_id": ns.people.team_a1.pk},
    ),
    Endpoint(
        "GET /api/plans/inspections",
        api=True,
        secret_inside="甲一县农业农村局",
        secret_outside="乙一县农业农村局",
    ),
    Endpoint(
        "GET /api/plans/inspections/{inspection_id}",
        api=True,
        inside=_plan("inspection_a1", "inspection_id"),
        outside=_plan("inspection_b", "inspection_id"),
        secret_inside="甲一县农业农村局",
    ),
    Endpoint(
        "POST /api/plans/inspections/{inspection_id}/transition",
        method="POST",
        api=True,
        inside=_authorized("inspection_a1", "inspection_id"),
        outside=_authorized("inspection_b", "inspection_id"),
        **_EDIT,
        data=lambda ns: {"to_stage": "authorized"},
    ),
    # --- API: approval of coverage and annual plans ------------------------------------------
    Endpoint(
        "POST /api/plans/terms/{term_id}/coverage/submit",
        method="POST",
        api=True,
        inside=_generated("term_a1", "term_id"),
        outside=_generated("term_b", "term_id"),
        **_EDIT,
        data=lambda ns: {},
    ),
    Endpoint(
        "POST /api/plans/terms/{term_id}/coverage/approve",
        method="POST",
        api=True,
        inside=_submitted_plan("term_a1", "term_id"),
        outside=_submitted_plan("term_b", "term_id"),
        **_APPROVE,
        data=lambda ns: {"comment": "同意"},
    ),
    Endpoint(
        "POST /api/plans/terms/{term_id}/coverage/return",
        method="POST",
        api=True,
        inside=_submitted_plan("term_a1", "term_id"),
        outside=_submitted_plan("term_b", "term_id"),
        **_APPROVE,
        data=lambda ns: {"comment": "请均衡各年度"},
    ),
    Endpoint("GET /api/plans/annual-plans", api=True),
    Endpoint(
        "GET /api/plans/annual-plans/{plan_id}",
        api=True,
        inside=_annual("term_a1", key="plan_id"),
        outside=_annual("term_b", key="plan_id"),
    ),
    Endpoint(
        "POST /api/plans/annual-plans/{plan_id}/submit",
        method="POST",
        api=True,
        inside=_annual("term_a1", key="plan_id"),
        outside=_annual("term_b", key="plan_id"),
        **_EDIT,
        data=lambda ns: {},
    ),
    Endpoint(
        "POST /api/plans/annual-plans/{plan_id}/approve",
        method="POST",
        api=True,
        inside=_annual("term_a1", submitted=True, key="plan_id"),
        outside=_annual("term_b", submitted=True, key="plan_id"),
        **_APPROVE,
        data=lambda ns: {},
    ),
    Endpoint(
        "POST /api/plans/annual-plans/{plan_id}/return",
        method="POST",
        api=True,
        inside=_annual("term_a1", submitted=True, key="plan_id"),
        outside=_annual("term_b", submitted=True, key="plan_id"),
        **_APPROVE,
        data=lambda ns: {"comment": "轮次偏少"},
    ),
]
