"""The working papers in the API (/api/findings): the same choke point and services as the
pages. 404 for what the caller cannot reach, 403 for what they may read but not do, 422 for
what the rules refuse."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from xuncha.core.api import call_service, invalid
from xuncha.fieldwork.access import get_stationing_for_user
from xuncha.fieldwork.briefing import get_problem_for_user, resolve_token
from xuncha.findings import access, selectors, services, services_fix, services_review
from xuncha.findings.api_schemas import (
    CommentIn,
    EvidenceIn,
    EvidenceOut,
    FindingDetail,
    FindingFilter,
    FindingIn,
    FindingOut,
    FindingPatch,
    FixIn,
    FixOut,
    JudgmentIn,
    JudgmentOut,
    LiaisonFixOut,
    RecordOut,
    ReplyIn,
)
from xuncha.findings.models import Finding, FindingEvidence, ImmediateFix
from xuncha.findings.services_judgment import judgment_text, save_judgment
from xuncha.knowledge.models import Article, Wording
from xuncha.orgs.models import Unit
from xuncha.plans.models import FocusArea

router = Router(tags=["findings"])

_REFERENCES = {
    "focus_area_id": ("focus_area", FocusArea),
    "responsible_unit_id": ("responsible_unit", Unit),
    "receiver_id": ("receiver", Unit),
    "wording_id": ("wording", Wording),
}


def _fields(payload: dict) -> tuple[dict, list | None]:
    """Service keyword arguments from a payload: ids become objects (422 when unknown)."""
    fields, regulations = {}, None
    for name, value in payload.items():
        if name == "regulation_ids":
            ids = set(value or [])
            regulations = list(Article.objects.filter(pk__in=ids))
            if len(regulations) != len(ids):
                raise invalid(ValidationError({"regulations": _("Unknown article.")}))
        elif name in _REFERENCES:
            field, model = _REFERENCES[name]
            obj = model.objects.filter(pk=value).first() if value is not None else None
            if value is not None and obj is None:
                raise invalid(
                    ValidationError(
                        {field: _("Unknown %(what)s.") % {"what": model._meta.verbose_name}}
                    )
                )
            fields[field] = obj
        else:
            fields[name] = value
    return fields, regulations


def _fix_out(fix: ImmediateFix) -> dict:
    return {
        "id": fix.pk,
        "finding_id": fix.finding_id,
        "letter_number": fix.letter_number,
        "requirement": fix.requirement,
        "due_on": fix.due_on,
        "status": fix.status,
        "overdue": access.is_overdue(fix),
        "sent_at": fix.sent_at,
        "reply": fix.reply,
        "replied_at": fix.replied_at,
        "accepted_at": fix.accepted_at,
        "reply_file_ids": sorted(fix.reply_files.values_list("pk", flat=True)),
    }


def _detail(user, pk: int) -> Finding:
    """The paper as the API shows it; interview notes among the evidence are audited views."""
    finding = access.get_finding_for_user(user, pk)
    evidence = list(finding.evidence.order_by("id"))
    selectors.audit_interview_notes(finding, evidence, actor=user, via="api")
    fix = ImmediateFix.objects.filter(finding=finding).first()
    finding.api_evidence = evidence
    finding.api_preparer_ids = sorted(access.preparer_ids(finding))
    finding.api_judgment = getattr(finding, "judgment", None) if finding.is_conduct else None
    finding.api_judgment_text = judgment_text(finding)
    finding.api_fix = _fix_out(fix) if fix else None
    finding.api_actions = access.actions(user, finding)
    return finding


# --- Lists -------------------------------------------------------------------------------------


@router.get("/inspections/{inspection_id}/findings", response=list[FindingOut])
def list_findings(request, inspection_id: int, filters: Query[FindingFilter]):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    qs = Finding.objects.filter(inspection=inspection).prefetch_related("regulations")
    for name, value in filters.dict(exclude_none=True).items():
        qs = qs.filter(**{name: value})
    return list(qs.order_by("number"))


@router.post("/inspections/{inspection_id}/findings", response={201: FindingDetail})
def create_finding(request, inspection_id: int, payload: FindingIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    fields, regulations = _fields(payload.dict(exclude_unset=True))
    finding = call_service(
        services.create_finding, inspection, actor=request.auth, regulations=regulations, **fields
    )
    return Status(201, _detail(request.auth, finding.pk))


@router.get("/inspections/{inspection_id}/records", response=list[RecordOut])
def list_records(request, inspection_id: int, kind: str):
    """The inspection's records of one kind that evidence may point at (labels only)."""
    inspection = get_stationing_for_user(request.auth, inspection_id)
    if kind not in dict(selectors.record_kinds()):
        raise invalid(ValidationError({"kind": _("Unknown kind of record.")}))
    return selectors.inspection_records(inspection, kind)


@router.get("/inspections/{inspection_id}/immediate-fixes", response=list[FixOut])
def list_fixes(request, inspection_id: int):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    return [_fix_out(fix) for fix in selectors.immediate_fixes_of(inspection)]


@router.post("/problems/{problem_id}/start", response={201: FindingDetail})
def start_from_problem(request, problem_id: int):
    problem = get_problem_for_user(request.auth, problem_id)
    finding = call_service(services.start_from_problem, problem, actor=request.auth)
    return Status(201, _detail(request.auth, finding.pk))


# --- One paper ---------------------------------------------------------------------------------


@router.get("/{finding_id}", response=FindingDetail)
def get_finding(request, finding_id: int):
    return _detail(request.auth, finding_id)


@router.patch("/{finding_id}", response=FindingDetail)
def update_finding(request, finding_id: int, payload: FindingPatch):
    finding = access.get_finding_for_user(request.auth, finding_id)
    fields, regulations = _fields(payload.dict(exclude_unset=True))
    call_service(
        services.update_finding, finding, actor=request.auth, regulations=regulations, **fields
    )
    return _detail(request.auth, finding_id)


@router.post("/{finding_id}/evidence", response={201: EvidenceOut})
def add_evidence(request, finding_id: int, payload: EvidenceIn):
    finding = access.get_finding_for_user(request.auth, finding_id)
    try:
        obj = resolve_token(payload.record) if payload.record else None
    except ValidationError as exc:
        raise invalid(exc) from None
    evidence = call_service(
        services.add_evidence,
        finding,
        actor=request.auth,
        kind=payload.kind,
        label=payload.label,
        note=payload.note,
        obj=obj,
    )
    return Status(201, evidence)


@router.delete("/{finding_id}/evidence/{evidence_id}", response={204: None})
def remove_evidence(request, finding_id: int, evidence_id: int):
    finding = access.get_finding_for_user(request.auth, finding_id)
    evidence = FindingEvidence.objects.filter(pk=evidence_id, finding=finding).first()
    if evidence is None:
        raise Http404
    call_service(services.remove_evidence, evidence, actor=request.auth)
    return Status(204, None)


def _review(request, finding_id: int, action: str, comment: str = ""):
    finding = access.get_finding_for_user(request.auth, finding_id)
    service = services_review.ACTIONS[action]
    if action == "submit":
        call_service(service, finding, actor=request.auth)
    elif action == "withdraw":
        call_service(service, finding, actor=request.auth, reason=comment)
    else:
        call_service(service, finding, actor=request.auth, comment=comment)
    return _detail(request.auth, finding_id)


@router.post("/{finding_id}/submit", response=FindingDetail)
def submit(request, finding_id: int):
    return _review(request, finding_id, "submit")


@router.post("/{finding_id}/approve", response=FindingDetail)
def approve(request, finding_id: int, payload: CommentIn):
    return _review(request, finding_id, "approve", payload.comment)


@router.post("/{finding_id}/confirm", response=FindingDetail)
def confirm(request, finding_id: int, payload: CommentIn):
    return _review(request, finding_id, "confirm", payload.comment)


@router.post("/{finding_id}/return", response=FindingDetail)
def return_finding(request, finding_id: int, payload: CommentIn):
    return _review(request, finding_id, "return", payload.comment)


@router.post("/{finding_id}/reopen", response=FindingDetail)
def reopen(request, finding_id: int, payload: CommentIn):
    return _review(request, finding_id, "reopen", payload.comment)


@router.post("/{finding_id}/withdraw", response=FindingDetail)
def withdraw(request, finding_id: int, payload: CommentIn):
    return _review(request, finding_id, "withdraw", payload.comment)


@router.put("/{finding_id}/judgment", response=JudgmentOut)
def put_judgment(request, finding_id: int, payload: JudgmentIn):
    finding = access.get_finding_for_user(request.auth, finding_id)
    return call_service(save_judgment, finding, actor=request.auth, **payload.dict())


# --- Immediate fix -----------------------------------------------------------------------------


def _fix(request, finding_id: int) -> ImmediateFix:
    finding = access.get_finding_for_user(request.auth, finding_id)
    fix = ImmediateFix.objects.filter(finding=finding).first()
    if fix is None:
        raise Http404
    return fix


@router.post("/{finding_id}/immediate-fix", response={200: FixOut, 201: FixOut})
def save_fix(request, finding_id: int, payload: FixIn):
    finding = access.get_finding_for_user(request.auth, finding_id)
    fix, created = call_service(
        services_fix.save_fix, finding, actor=request.auth, **payload.dict()
    )
    return Status(201 if created else 200, _fix_out(fix))


@router.post("/{finding_id}/immediate-fix/send", response=FixOut)
def send_fix(request, finding_id: int):
    fix = call_service(services_fix.send_fix, _fix(request, finding_id), actor=request.auth)
    return _fix_out(fix)


@router.post("/{finding_id}/immediate-fix/accept", response=FixOut)
def accept_fix(request, finding_id: int):
    fix = call_service(services_fix.accept_fix, _fix(request, finding_id), actor=request.auth)
    return _fix_out(fix)


# --- The unit's liaison ------------------------------------------------------------------------


def _liaison_out(fix: ImmediateFix) -> dict:
    return {
        "id": fix.pk,
        "team": fix.finding.inspection.team.name,
        "letter_number": fix.letter_number,
        "title": fix.finding.title,
        "requirement": fix.requirement,
        "due_on": fix.due_on,
        "status": fix.status,
        "overdue": access.is_overdue(fix),
        "reply": fix.reply,
        "replied_at": fix.replied_at,
        "reply_file_ids": sorted(fix.reply_files.values_list("pk", flat=True)),
    }


@router.get("/liaison/immediate-fixes", response=list[LiaisonFixOut])
def liaison_fixes(request):
    return [_liaison_out(fix) for fix in access.liaison_fixes(request.auth)[:500]]


@router.post("/liaison/immediate-fixes/{fix_id}/reply", response=LiaisonFixOut)
def liaison_reply(request, fix_id: int, payload: ReplyIn):
    fix = access.get_liaison_fix(request.auth, fix_id)
    fix = call_service(services_fix.reply_fix, fix, actor=request.auth, reply=payload.reply)
    return _liaison_out(fix)
