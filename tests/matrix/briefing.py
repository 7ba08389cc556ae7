"""Authorization-matrix entries of the stationing day: work logs, the evening briefing, draft
problems, the problem list and the statistics (see tests/authz.py).

Inside: county A1's inspection; outside: county B1's. The office writes; the leading group
(viewer_a) reads but never writes."""

from datetime import date

from tests.authz import Endpoint
from xuncha.fieldwork import services_briefing

PUBLIC: set[str] = set()

DAY = date(2026, 3, 10)
_WRITE = {"without": "viewer_a"}


def _inspection(attr, key="pk"):
    return lambda ns: {key: getattr(ns.plans, attr).pk}


def _problem(attr, key="pk", *, confirmed=False):
    def build(ns):
        inspection = getattr(ns.plans, attr)
        problem = services_briefing.raise_problem(
            inspection, actor=None, day=DAY, subgroup="finance", summary="补贴发放不规范问题",
            sources=[{"kind": "interview", "label": "与站长谈话"},
                     {"kind": "document", "label": "2025年补贴台账"}],
        )
        if confirmed:
            services_briefing.corroborate(problem, actor=None)
        ns.problem_pk = problem.pk
        return {key: problem.pk}

    return build


def _with_problem(attr, key="pk"):
    def build(ns):
        _problem(attr)(ns)
        return {key: getattr(ns.plans, attr).pk}

    return build


def _with_confirmed(attr, key="pk"):
    def build(ns):
        _problem(attr, confirmed=True)(ns)
        return {key: getattr(ns.plans, attr).pk}

    return build


def _raise_form(ns):
    return {"subgroup": "finance", "summary": "新问题", "source_kind": "visit",
            "source_label": "实地走访某站"}


def _raise_api(ns):
    return {"day": DAY.isoformat(), "subgroup": "finance", "summary": "新问题",
            "sources": [{"kind": "visit", "label": "实地走访某站"}]}


def _day_query():
    return {"day": DAY.isoformat()}


ENDPOINTS: list[Endpoint] = [
    Endpoint("fieldwork:briefing", inside=_with_problem("inspection_a1"),
             outside=_inspection("inspection_b"), query=_day_query(),
             secret_inside="补贴发放不规范问题"),
    Endpoint("fieldwork:raise_problem", method="POST", inside=_inspection("inspection_a1"),
             outside=_inspection("inspection_b"), ok=(302,), data=_raise_form,
             query=_day_query(), **_WRITE),
    Endpoint("fieldwork:hold_briefing", method="POST", inside=_inspection("inspection_a1"),
             outside=_inspection("inspection_b"), ok=(302,), query=_day_query(),
             data=lambda ns: {"participants": "全组", "minutes": "梳理当日问题"}, **_WRITE),
    Endpoint("fieldwork:hand_off", method="POST", inside=_with_confirmed("inspection_a1"),
             outside=_with_confirmed("inspection_b"), ok=(302,), query=_day_query(),
             data=lambda ns: {"problem": [ns.problem_pk]}, **_WRITE),
    Endpoint("fieldwork:problem_list", inside=_with_confirmed("inspection_a1"),
             outside=_inspection("inspection_b"), query=_day_query(),
             secret_inside="补贴发放不规范问题"),
    Endpoint("fieldwork:problem_list_docx", inside=_inspection("inspection_a1"),
             outside=_inspection("inspection_b"), query=_day_query()),
    Endpoint("fieldwork:work_logs", inside=_inspection("inspection_a1"),
             outside=_inspection("inspection_b")),
    Endpoint("fieldwork:problem", inside=_problem("inspection_a1"),
             outside=_problem("inspection_b"), secret_inside="补贴发放不规范问题"),
    Endpoint("fieldwork:problem_source", method="POST", inside=_problem("inspection_a1"),
             outside=_problem("inspection_b"), ok=(302,),
             data=lambda ns: {"kind": "other", "label": "电话核实"}, **_WRITE),
    Endpoint("fieldwork:problem_corroborate", method="POST", inside=_problem("inspection_a1"),
             outside=_problem("inspection_b"), ok=(302,), **_WRITE),
    Endpoint("fieldwork:problem_drop", method="POST", inside=_problem("inspection_a1"),
             outside=_problem("inspection_b"), ok=(302,),
             data=lambda ns: {"reason": "经核实不属实"}, **_WRITE),
    Endpoint("fieldwork:round_statistics", inside=_inspection("round_a1"),
             outside=_inspection("round_b"), secret_inside="甲一县农业农村局"),
    # --- API ---
    Endpoint("GET /api/fieldwork/inspections/{inspection_id}/work-logs", api=True,
             inside=_inspection("inspection_a1", "inspection_id"),
             outside=_inspection("inspection_b", "inspection_id")),
    Endpoint("POST /api/fieldwork/inspections/{inspection_id}/work-logs", method="POST",
             api=True, inside=_inspection("inspection_a1", "inspection_id"),
             outside=_inspection("inspection_b", "inspection_id"),
             data=lambda ns: {"day": DAY.isoformat(), "content": "个别谈话5人"}, **_WRITE),
    Endpoint("GET /api/fieldwork/inspections/{inspection_id}/briefing", api=True,
             inside=_with_problem("inspection_a1", "inspection_id"),
             outside=_inspection("inspection_b", "inspection_id"), query=_day_query(),
             secret_inside="补贴发放不规范问题"),
    Endpoint("GET /api/fieldwork/inspections/{inspection_id}/problems", api=True,
             inside=_with_confirmed("inspection_a1", "inspection_id"),
             outside=_inspection("inspection_b", "inspection_id"),
             secret_inside="补贴发放不规范问题"),
    Endpoint("POST /api/fieldwork/inspections/{inspection_id}/problems", method="POST",
             api=True, inside=_inspection("inspection_a1", "inspection_id"),
             outside=_inspection("inspection_b", "inspection_id"), ok=(201,),
             data=_raise_api, **_WRITE),
    Endpoint("POST /api/fieldwork/problems/{problem_id}/sources", method="POST", api=True,
             inside=_problem("inspection_a1", "problem_id"),
             outside=_problem("inspection_b", "problem_id"),
             data=lambda ns: {"kind": "other", "label": "电话核实"}, **_WRITE),
    Endpoint("POST /api/fieldwork/problems/{problem_id}/corroborate", method="POST", api=True,
             inside=_problem("inspection_a1", "problem_id"),
             outside=_problem("inspection_b", "problem_id"), **_WRITE),
    Endpoint("POST /api/fieldwork/problems/{problem_id}/drop", method="POST", api=True,
             inside=_problem("inspection_a1", "problem_id"),
             outside=_problem("inspection_b", "problem_id"),
             data=lambda ns: {"reason": "经核实不属实"}, **_WRITE),
    Endpoint("POST /api/fieldwork/inspections/{inspection_id}/problems/hand-off",
             method="POST", api=True,
             inside=_with_confirmed("inspection_a1", "inspection_id"),
             outside=_with_confirmed("inspection_b", "inspection_id"),
             data=lambda ns: {"problem_ids": [ns.problem_pk]}, **_WRITE),
    Endpoint("GET /api/fieldwork/inspections/{inspection_id}/statistics", api=True,
             inside=_inspection("inspection_a1", "inspection_id"),
             outside=_inspection("inspection_b", "inspection_id")),
    Endpoint("GET /api/fieldwork/rounds/{round_id}/statistics", api=True,
             inside=_inspection("round_a1", "round_id"),
             outside=_inspection("round_b", "round_id"), secret_inside="甲一县农业农村局"),
]
