"""Grants and hand-overs of leads in the API (the same services as the pages)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from xuncha.core.api import call_service, forbidden, invalid
from xuncha.leads import selectors, services_access
from xuncha.leads.access import (
    get_lead_for_user,
    get_lead_inspection_for_user,
    handovers_to_decide,
    handovers_to_record,
    keeper_inspections,
    keeper_role,
)
from xuncha.leads.auditing import record_leads_listed
from xuncha.leads.models import Lead, LeadGrant
from xuncha.leads.services import receiving_units

router = Router(tags=["leads"])


class GrantOut(Schema):
    id: int
    inspection_id: int
    lead_id: int | None
    user_id: int
    username: str
    reason: str
    expires_on: date | None
    granted_at: datetime
    revoked_at: datetime | None

    @staticmethod
    def resolve_username(obj) -> str:
        return obj.user.username


class GrantIn(Schema):
    username: str
    reason: str
    lead_id: int | None = None
    expires_on: date | None = None


class ReasonIn(Schema):
    reason: str


class ApproverOut(Schema):
    id: int
    username: str
    full_name: str


class HandoverOut(Schema):
    id: int
    lead_id: int
    status: str
    receiver: str
    receiver_unit_id: int | None
    approver_id: int
    reason: str
    decision_comment: str
    requested_at: datetime
    decided_at: datetime | None
    handed_over_at: datetime | None
    received_by: str


class HandoverIn(Schema):
    reason: str
    receiver: str
    approver_id: int
    receiver_unit_id: int | None = None


class DecideIn(Schema):
    approve: bool
    comment: str = ""


class RecordIn(Schema):
    received_by: str
    handed_over_at: datetime | None = None


def _keeper_inspection(request, inspection_id: int):
    inspection = get_lead_inspection_for_user(request.auth, inspection_id)
    if keeper_role(request.auth, inspection) is None:
        raise forbidden()
    return inspection


@router.get("/inspections/{inspection_id}/grants", response=list[GrantOut])
def list_grants(request, inspection_id: int):
    inspection = _keeper_inspection(request, inspection_id)
    return list(selectors.grants_of(inspection))


@router.post("/inspections/{inspection_id}/grants", response={201: GrantOut})
def create_grant(request, inspection_id: int, payload: GrantIn):
    inspection = _keeper_inspection(request, inspection_id)
    user = (
        selectors.grantable_users(request.auth, inspection)
        .filter(username=payload.username.strip())
        .first()
    )
    if user is None:
        raise invalid(ValidationError(_("No such account among those you may grant.")))
    lead = None
    if payload.lead_id is not None:
        lead = Lead.objects.filter(inspection=inspection, pk=payload.lead_id).first()
        if lead is None:
            raise invalid(ValidationError(_("Choose a lead of this inspection.")))
    grant = call_service(
        services_access.grant_lead_access,
        inspection,
        user,
        actor=request.auth,
        reason=payload.reason,
        lead=lead,
        expires_on=payload.expires_on,
    )
    return Status(201, grant)


@router.post("/grants/{grant_id}/revoke", response=GrantOut)
def revoke_grant(request, grant_id: int, payload: ReasonIn):
    # 404 alike for a grant that does not exist and one the caller does not keep.
    grant = get_object_or_404(
        LeadGrant.objects.filter(inspection__in=keeper_inspections(request.auth).values("pk")),
        pk=grant_id,
    )
    return call_service(
        services_access.revoke_lead_access, grant, actor=request.auth, reason=payload.reason
    )


@router.get("/inspections/{inspection_id}/approvers", response=list[ApproverOut])
def list_approvers(request, inspection_id: int):
    """Leading-group members a keeper may ask to approve a hand-over."""
    inspection = _keeper_inspection(request, inspection_id)
    return list(services_access.approvers(inspection))


@router.get("/handovers/mine", response=list[HandoverOut])
def list_approvals(request):
    """Hand-over requests put to the caller, awaiting ones first (audited when any)."""
    handovers = list(selectors.approvals_of(request.auth)[:200])
    record_leads_listed([h.lead for h in handovers], actor=request.auth, via="api_approvals")
    return handovers


@router.post("/{lead_id}/handover", response={201: HandoverOut})
def request_handover(request, lead_id: int, payload: HandoverIn):
    lead = get_lead_for_user(request.auth, lead_id)
    if keeper_role(request.auth, lead.inspection) is None:
        raise forbidden()
    approver = services_access.approvers(lead.inspection).filter(pk=payload.approver_id).first()
    if approver is None:
        raise invalid(
            ValidationError(_("Choose a member of the leading group of this jurisdiction."))
        )
    unit = None
    if payload.receiver_unit_id:
        unit = receiving_units(lead.inspection).filter(pk=payload.receiver_unit_id).first()
        if unit is None:
            raise invalid(ValidationError(_("Choose a department of this jurisdiction.")))
    handover = call_service(
        services_access.request_handover,
        lead,
        actor=request.auth,
        reason=payload.reason,
        receiver=payload.receiver,
        receiver_unit=unit,
        approver=approver,
    )
    return Status(201, handover)


@router.post("/handovers/{handover_id}/decide", response=HandoverOut)
def decide_handover(request, handover_id: int, payload: DecideIn):
    handover = get_object_or_404(handovers_to_decide(request.auth), pk=handover_id)
    return call_service(
        services_access.decide_handover,
        handover,
        actor=request.auth,
        approve=payload.approve,
        comment=payload.comment,
    )


@router.post("/handovers/{handover_id}/record", response=HandoverOut)
def record_handover(request, handover_id: int, payload: RecordIn):
    handover = get_object_or_404(handovers_to_record(request.auth), pk=handover_id)
    return call_service(
        services_access.record_handover,
        handover,
        actor=request.auth,
        received_by=payload.received_by,
        handed_over_at=payload.handed_over_at,
    )
