"""The approval chain of coverage and annual plans in the API (/api/plans): the office submits,
the leading group approves or returns with a comment. Registered on the plans router; the same
choke points and services as the pages."""

from datetime import datetime

from ninja import Schema
from ninja.pagination import paginate

from xuncha.plans import services
from xuncha.plans.api import CommentIn, _call, _require_somewhere, router
from xuncha.plans.models import AnnualPlan, PlanStatus
from xuncha.plans.permissions import (
    get_annual_plan_for_user,
    get_term_for_user,
    visible_annual_plans,
)


class CoveragePlanOut(Schema):
    term_id: int
    status: str
    approved_by_id: int | None
    approved_at: datetime | None


class AnnualPlanOut(Schema):
    id: int
    term_id: int
    jurisdiction_id: int
    year: int
    status: str
    rounds_planned: int
    notes: str
    approved_by_id: int | None
    approved_at: datetime | None

    @staticmethod
    def resolve_jurisdiction_id(obj) -> int:
        return obj.term.jurisdiction_id


class ReturnIn(Schema):
    comment: str


# --- Coverage plans -----------------------------------------------------------------------------


@router.post(
    "/terms/{int:term_id}/coverage/submit",
    response=CoveragePlanOut,
    summary="Submit the coverage plan of a term for approval",
)
def submit_coverage(request, term_id: int):
    term = get_term_for_user(request.auth, term_id)
    return _call(lambda: services.submit_coverage_plan(term, actor=request.auth))


@router.post(
    "/terms/{int:term_id}/coverage/approve",
    response=CoveragePlanOut,
    summary="Approve the submitted coverage plan of a term",
)
def approve_coverage(request, term_id: int, payload: CommentIn):
    term = get_term_for_user(request.auth, term_id)
    return _call(
        lambda: services.approve_coverage_plan(term, actor=request.auth, comment=payload.comment)
    )


@router.post(
    "/terms/{int:term_id}/coverage/return",
    response=CoveragePlanOut,
    summary="Return the submitted coverage plan to the office, with a comment",
)
def return_coverage(request, term_id: int, payload: ReturnIn):
    term = get_term_for_user(request.auth, term_id)
    return _call(
        lambda: services.return_coverage_plan(term, actor=request.auth, comment=payload.comment)
    )


# --- Annual plans -------------------------------------------------------------------------------


@router.get("/annual-plans", response=list[AnnualPlanOut], summary="Annual plans in scope")
@paginate
def list_annual_plans(
    request, term_id: int | None = None, year: int | None = None, status: PlanStatus | None = None
):
    _require_somewhere(request.auth)
    qs = visible_annual_plans(request.auth).order_by("term__jurisdiction__path", "-year")
    if term_id is not None:
        qs = qs.filter(term_id=term_id)
    if year is not None:
        qs = qs.filter(year=year)
    if status is not None:
        qs = qs.filter(status=status)
    return qs


@router.get("/annual-plans/{int:plan_id}", response=AnnualPlanOut, summary="One annual plan")
def get_annual_plan(request, plan_id: int):
    return get_annual_plan_for_user(request.auth, plan_id)


@router.post(
    "/annual-plans/{int:plan_id}/submit",
    response=AnnualPlanOut,
    summary="Submit a draft annual plan for approval",
)
def submit_annual(request, plan_id: int):
    plan = get_annual_plan_for_user(request.auth, plan_id)
    return _call(lambda: services.submit_annual_plan(plan, actor=request.auth))


@router.post(
    "/annual-plans/{int:plan_id}/approve",
    response=AnnualPlanOut,
    summary="Approve a submitted annual plan",
)
def approve_annual(request, plan_id: int, payload: CommentIn):
    plan = get_annual_plan_for_user(request.auth, plan_id)
    return _call(
        lambda: services.approve_annual_plan(plan, actor=request.auth, comment=payload.comment)
    )


@router.post(
    "/annual-plans/{int:plan_id}/return",
    response=AnnualPlanOut,
    summary="Return a submitted annual plan to the office, with a comment",
)
def return_annual(request, plan_id: int, payload: ReturnIn):
    plan: AnnualPlan = get_annual_plan_for_user(request.auth, plan_id)
    return _call(
        lambda: services.return_annual_plan(plan, actor=request.auth, comment=payload.comment)
    )
