"""Leads in the API: the same choke point (`leads.access`) and services as the pages. Every
list page and detail that shows a lead is audited; a registrant who is not a keeper gets only
the new lead's id back."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from xuncha.core.api import call_service, forbidden, invalid
from xuncha.fieldwork.access import may_write
from xuncha.leads import selectors, services
from xuncha.leads.access import (
    get_lead_for_user,
    get_lead_inspection_for_user,
    keeper_role,
    visible_leads,
)
from xuncha.leads.auditing import record_lead_viewed, record_leads_listed
from xuncha.leads.labels import label_lead, label_leads
from xuncha.leads.material import resolve
from xuncha.leads.models import Lead
from xuncha.orgs.models import Unit

router = Router(tags=["leads"])
MAX_LIMIT = 100


class SubjectIO(Schema):
    name: str = ""
    post: str = ""
    unit_id: int | None = None
    cadre_level: str = ""


class SourceIn(Schema):
    """A record of the inspection by its material token ("ct_id:obj_id"), or a source
    described in words (kind and label)."""

    token: str = ""
    kind: str = ""
    label: str = ""
    note: str = ""


class SourceOut(Schema):
    kind: str
    label: str
    note: str
    content_type_id: int | None
    object_id: int | None


class LeadOut(Schema):
    id: int
    inspection_id: int
    # Null unless the caller may see every lead of the inspection (see `labels`).
    number: int | None
    reference: str
    status: str
    source_kind: str
    subjects: list[SubjectIO]
    proposed_receiver: str
    receiver_unit_id: int | None
    proposed_disposal: str
    finding_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_subjects(obj) -> list:
        return list(obj.subjects.all())

    @staticmethod
    def resolve_number(obj) -> int | None:
        # Only what `labels.label_leads` set for this caller; an unlabelled lead shows none.
        return getattr(obj, "shown_number", None)


class LeadDetail(LeadOut):
    content: str
    assessment: str
    sources: list[SourceOut]
    registered_by: str
    withdrawn_reason: str

    @staticmethod
    def resolve_sources(obj) -> list:
        return list(obj.sources.all())

    @staticmethod
    def resolve_registered_by(obj) -> str:
        return obj.registered_by.get_full_name()


class LeadPage(Schema):
    items: list[LeadOut]
    count: int


class Registered(Schema):
    """What a registrant learns: that the lead went to the leader. Its id and number only when
    they keep the leads: a number would tell how many leads the inspection has, an id how many
    there are in all, and neither opens anything to a registrant."""

    message: str
    id: int | None = None
    number: int | None = None


class LeadIn(Schema):
    subjects: list[SubjectIO]
    sources: list[SourceIn]
    content: str
    proposed_receiver: str = "discipline_commission"
    receiver_unit_id: int | None = None
    proposed_disposal: str = ""
    source_kind: str = ""


class LeadPatch(Schema):
    subjects: list[SubjectIO] | None = None
    sources: list[SourceIn] | None = None
    content: str | None = None
    source_kind: str | None = None
    proposed_receiver: str | None = None
    receiver_unit_id: int | None = None
    proposed_disposal: str | None = None


class AssessIn(Schema):
    assessment: str
    proposed_disposal: str


class FindingIn(Schema):
    finding_id: int | None = None


class ReasonIn(Schema):
    reason: str


class ListFilter(Schema):
    inspection_id: int | None = None
    q: str = ""
    status: str = ""
    limit: int = 50
    offset: int = 0


def _unit(qs, unit_id: int | None, message: str) -> Unit | None:
    if not unit_id:
        return None
    unit = qs.filter(pk=unit_id).first()
    if unit is None:
        raise invalid(ValidationError(message))
    return unit


def _subjects(inspection, rows: list[SubjectIO]) -> list[dict]:
    units = services.subject_units(inspection)
    return [
        {
            "name": r.name,
            "post": r.post,
            "cadre_level": r.cadre_level,
            "unit": _unit(units, r.unit_id, _("Choose a unit of this jurisdiction.")),
        }
        for r in rows
    ]


def _sources(inspection, rows: list[SourceIn]) -> list[dict]:
    out = []
    for row in rows:
        try:
            if row.token:
                out.append({"obj": resolve(row.token, inspection), "note": row.note})
            else:
                out.append({"kind": row.kind, "label": row.label, "note": row.note})
        except ValidationError as exc:
            raise invalid(exc) from None
    return out


def _keeper_lead(request, lead_id: int) -> Lead:
    """The lead if the caller keeps it: 404 out of reach, 403 for a reader."""
    lead = get_lead_for_user(request.auth, lead_id)
    if keeper_role(request.auth, lead.inspection) is None:
        raise forbidden()
    return lead


def _detail(request, lead_id: int, via: str) -> Lead:
    lead = get_object_or_404(selectors.with_details(visible_leads(request.auth)), pk=lead_id)
    record_lead_viewed(lead, actor=request.auth, via=via)
    return label_lead(request.auth, lead)


@router.get("/", response=LeadPage)
def list_leads(request, filters: Query[ListFilter]):
    """The leads the caller may see (of one inspection with `inspection_id`), newest
    inspection first; each page is an audited view of the leads on it."""
    qs = visible_leads(request.auth)
    inspection = None
    if filters.inspection_id is not None:
        inspection = get_lead_inspection_for_user(request.auth, filters.inspection_id)
        qs = qs.filter(inspection=inspection)
    qs = selectors.filtered(
        selectors.with_details(qs), query=filters.q, status=filters.status
    ).order_by("-inspection__round__starts_on", "inspection_id", "number")
    limit = max(1, min(filters.limit, MAX_LIMIT))
    offset = max(0, filters.offset)
    items = label_leads(request.auth, qs[offset : offset + limit])
    record_leads_listed(
        items,
        actor=request.auth,
        via="search" if filters.q else "api",
        query=filters.q,
        inspection=inspection,
    )
    return {"items": items, "count": qs.count()}


@router.post("/inspections/{inspection_id}", response={201: Registered}, exclude_none=True)
def create_lead(request, inspection_id: int, payload: LeadIn):
    inspection = get_lead_inspection_for_user(request.auth, inspection_id)
    if not may_write(request.auth, inspection):
        raise forbidden()
    lead = call_service(
        services.register_lead,
        inspection,
        actor=request.auth,
        subjects=_subjects(inspection, payload.subjects),
        sources=_sources(inspection, payload.sources),
        content=payload.content,
        proposed_receiver=payload.proposed_receiver,
        receiver_unit=_unit(
            services.receiving_units(inspection),
            payload.receiver_unit_id,
            _("Choose a department of this jurisdiction."),
        ),
        proposed_disposal=payload.proposed_disposal,
        source_kind=payload.source_kind,
    )
    out = {"message": _("The lead has been registered and reported to the team leader.")}
    if keeper_role(request.auth, inspection) is not None:
        out.update(id=lead.pk, number=lead.number)
    return Status(201, out)


@router.get("/{lead_id}", response=LeadDetail)
def get_lead(request, lead_id: int):
    """The lead with its content (audited)."""
    return _detail(request, lead_id, "api")


@router.patch("/{lead_id}", response=LeadDetail)
def update_lead(request, lead_id: int, payload: LeadPatch):
    lead = _keeper_lead(request, lead_id)
    data = payload.dict(exclude_unset=True)
    fields = {
        k: v
        for k, v in data.items()
        if k in services.EDITABLE_FIELDS and k != "receiver_unit" and v is not None
    }
    if "receiver_unit_id" in data:
        fields["receiver_unit"] = _unit(
            services.receiving_units(lead.inspection),
            data["receiver_unit_id"],
            _("Choose a department of this jurisdiction."),
        )
    call_service(
        services.update_lead,
        lead,
        actor=request.auth,
        subjects=None if payload.subjects is None else _subjects(lead.inspection, payload.subjects),
        sources=None if payload.sources is None else _sources(lead.inspection, payload.sources),
        **fields,
    )
    return _detail(request, lead_id, "api")


@router.post("/{lead_id}/assess", response=LeadDetail)
def assess_lead(request, lead_id: int, payload: AssessIn):
    lead = _keeper_lead(request, lead_id)
    call_service(services.assess_lead, lead, actor=request.auth, **payload.dict())
    return _detail(request, lead_id, "api")


@router.post("/{lead_id}/finding", response=LeadOut)
def link_finding(request, lead_id: int, payload: FindingIn):
    lead = _keeper_lead(request, lead_id)
    finding = None
    if payload.finding_id is not None:
        finding = selectors.finding_choices(lead.inspection).filter(pk=payload.finding_id).first()
        if finding is None:
            raise invalid(ValidationError(_("Choose a finding of this inspection.")))
    lead = call_service(services.link_finding, lead, actor=request.auth, finding=finding)
    return label_lead(request.auth, lead)


@router.post("/{lead_id}/withdraw", response=LeadOut)
def withdraw_lead(request, lead_id: int, payload: ReasonIn):
    lead = _keeper_lead(request, lead_id)
    lead = call_service(services.withdraw_lead, lead, actor=request.auth, reason=payload.reason)
    return label_lead(request.auth, lead)


from xuncha.leads.api_access import router as access_router  # noqa: E402

router.add_router("", access_router)
