"""Writing working papers (问题底稿): starting one from a handed-off draft problem or from
scratch, changing its text and classification, and its evidence.

Every change of the text, evidence or judgment makes the actor a preparer of the paper (no
preparer may sign it, see `access`), and is allowed only while the paper is being drafted or
was returned. The sign-off chain is in `services_review`, the mistake-or-dereliction judgment in
`services_judgment`, immediate fixes in `services_fix`.
"""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.fieldwork.access import authorize_fieldwork
from xuncha.fieldwork.attachments import inspection_of
from xuncha.fieldwork.models import DraftProblem, SourceKind
from xuncha.findings.access import authorize_content
from xuncha.findings.models import (
    Discipline,
    Disposition,
    Finding,
    FindingEvidence,
    ImmediateFix,
    ResponsibleKind,
    WorkStyle,
)
from xuncha.findings.selectors import kind_of, record_label
from xuncha.orgs.models import Unit
from xuncha.orgs.tree import subtree_q
from xuncha.plans.models import Inspection

RELATED = (
    "inspection",
    "inspection__round",
    "inspection__round__jurisdiction",
    "inspection__team",
    "inspection__target",
    "focus_area",
    "drafter",
)
TEXT_FIELDS = ("title", "basis", "facts", "cause", "harm", "suggestion")
CONTENT_FIELDS = (
    *TEXT_FIELDS,
    "focus_area",
    "amount",
    "responsible_kind",
    "responsible_unit",
    "responsible_person",
    "responsible_post",
    "discipline",
    "work_style",
    "eight_rules",
    "nature_depth",
    "nature_principle",
    "nature_origin",
    "scope",
    "source_method",
    "is_conduct",
    "disposition",
    "receiver",
    "wording",
)
# The eight-point rules are a matter of hedonism and extravagance (两风) or of integrity
# discipline (廉洁纪律): a sub-type makes sense only with one of them.
EIGHT_RULES_STYLES = frozenset({WorkStyle.HEDONISM, WorkStyle.EXTRAVAGANCE})
EIGHT_RULES_DISCIPLINES = frozenset({Discipline.INTEGRITY})


def _by(actor):
    return actor if getattr(actor, "pk", None) else None


def _locked(finding: Finding) -> Finding:
    return (
        Finding.objects.select_for_update(of=("self",)).select_related(*RELATED).get(pk=finding.pk)
    )


def add_preparer(finding: Finding, actor) -> None:
    if _by(actor) is not None:
        finding.preparers.add(actor)


def _plain(value):
    """A JSON-safe form of a field value for the audit record."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def _same(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old == new  # 1.00 and 1 are one amount
    return _plain(old) == _plain(new)


# --- Validation ---------------------------------------------------------------------------------


def validate_classification(finding: Finding, old_wording_id=None) -> None:
    """The rules between fields that the form alone cannot see."""
    inspection = finding.inspection
    errors: dict[str, str] = {}
    if (
        finding.focus_area_id
        and not inspection.round.focus_areas.filter(pk=finding.focus_area_id).exists()
    ):
        errors["focus_area"] = _("Choose a focus area of this round.")
    if finding.eight_rules and not (
        finding.work_style in EIGHT_RULES_STYLES or finding.discipline in EIGHT_RULES_DISCIPLINES
    ):
        errors["eight_rules"] = _(
            "An eight-point rules sub-type goes with hedonism, extravagance or integrity "
            "discipline."
        )
    if finding.disposition == Disposition.FUNCTIONAL_DEPARTMENT:
        if finding.receiver_id is None:
            errors["receiver"] = _("Name the functional department that receives the problem.")
        elif (
            not Unit.objects.filter(
                subtree_q(inspection.round.jurisdiction.path),
                pk=finding.receiver_id,
                is_active=True,
            )
            .exclude(subtree_q(inspection.target.path))
            .exists()
        ):
            errors["receiver"] = _(
                "The receiving department must be a unit of the round's jurisdiction, outside "
                "the inspected unit."
            )
    if (
        finding.responsible_unit_id
        and not Unit.objects.filter(
            subtree_q(inspection.target.path), pk=finding.responsible_unit_id
        ).exists()
    ):
        errors["responsible_unit"] = _(
            "The responsible unit must be the inspected unit or one under it."
        )
    needs_person = finding.responsible_kind == ResponsibleKind.INDIVIDUAL or finding.is_conduct
    if needs_person and not finding.responsible_person.strip():
        errors["responsible_person"] = _("Name the person responsible.")
    if finding.amount is not None and finding.amount < Decimal("0"):
        errors["amount"] = _("The amount cannot be negative.")
    if (
        finding.wording_id
        and finding.wording_id != old_wording_id
        and (not finding.wording.is_active)
    ):
        errors["wording"] = _("This standard wording is no longer in use.")
    if errors:
        raise ValidationError(errors)


def _check_disposition_change(finding: Finding, old_disposition: str) -> None:
    """A letter already handed to the unit keeps the finding an immediate fix."""
    if old_disposition == Disposition.IMMEDIATE_FIX != finding.disposition:
        sent = ImmediateFix.objects.filter(finding=finding).exclude(
            status=ImmediateFix.Status.DRAFT
        )
        if sent.exists():
            raise ValidationError(
                {
                    "disposition": _(
                        "The immediate-fix letter was handed to the unit: the disposition stays."
                    )
                }
            )


_BLANK_TEXT = frozenset(
    {
        "eight_rules",
        "discipline",
        "work_style",
        "nature_depth",
        "nature_principle",
        "nature_origin",
        "source_method",
        "responsible_person",
        "responsible_post",
    }
)


def _normalize(fields: dict) -> dict:
    out = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if value is None and name in _BLANK_TEXT:
            value = ""
        out[name] = value
    return out


def _tidy(finding: Finding, changes: dict) -> None:
    """A receiver belongs to a transfer to a functional department only."""
    if finding.disposition != Disposition.FUNCTIONAL_DEPARTMENT and finding.receiver_id:
        changes["receiver"] = [finding.receiver_id, None]
        finding.receiver = None


def _bump_wording(old_id, finding: Finding) -> None:
    """A standard wording counts one more use each time a paper takes it up."""
    from xuncha.knowledge.models import Wording

    if finding.wording_id and finding.wording_id != old_id:
        Wording.objects.filter(pk=finding.wording_id).update(times_used=F("times_used") + 1)


# --- Creating -----------------------------------------------------------------------------------


def _next_number(inspection: Inspection) -> int:
    # One number at a time per inspection: the row lock serializes two drafters (the unique
    # constraint is the last guard).
    Inspection.objects.select_for_update(of=("self",)).filter(pk=inspection.pk).first()
    top = Finding.objects.filter(inspection=inspection).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def _drafter(actor, drafter):
    who = _by(actor) or drafter
    if who is None:
        raise ValidationError(_("A working paper needs its drafter."), code="drafter")
    return who


def create_finding(
    inspection: Inspection, *, actor, drafter=None, regulations=None, **fields
) -> Finding:
    """Write a working paper directly (not from the evening problem list)."""
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        finding = Finding(inspection=inspection, drafter=_drafter(actor, drafter), number=0)
        for name, value in _normalize(fields).items():
            setattr(finding, name, value)
        _tidy(finding, {})
        finding.full_clean(exclude=["number"])
        validate_classification(finding)
        finding.number = _next_number(inspection)
        finding.save()
        finding.preparers.add(finding.drafter)
        if regulations:
            finding.regulations.set(regulations)
        _bump_wording(None, finding)
        record(
            EventType.FINDING_CREATED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=finding,
            changes={"number": finding.number, "title": finding.title, "status": finding.status},
        )
    return finding


def start_from_problem(problem: DraftProblem, *, actor, drafter=None) -> Finding:
    """Open the working paper of a problem the evening briefing handed off: its summary,
    facts so far, focus area and every source carry over, and the paper keeps the link."""
    with transaction.atomic():
        problem = (
            DraftProblem.objects.select_for_update(of=("self",))
            .select_related(
                "inspection",
                "inspection__round",
                "inspection__round__jurisdiction",
                "inspection__target",
                "focus_area",
            )
            .get(pk=problem.pk)
        )
        inspection = problem.inspection
        role = authorize_fieldwork(actor, inspection)
        if problem.status != DraftProblem.Status.HANDED_OFF:
            raise ValidationError(
                _("Only problems handed on from the evening briefing become working papers."),
                code="not_handed_off",
            )
        if Finding.objects.filter(draft_problem=problem).exists():
            raise ValidationError(_("This problem has its working paper already."), code="started")
        sources = list(problem.sources.order_by("id"))
        focus = problem.focus_area
        if focus is not None and not inspection.round.focus_areas.filter(pk=focus.pk).exists():
            focus = None
        finding = Finding(
            inspection=inspection,
            drafter=_drafter(actor, drafter),
            draft_problem=problem,
            title=problem.summary[:300],
            facts=problem.detail,
            focus_area=focus,
            source_method=sources[0].kind if sources else "",
            number=0,
        )
        finding.full_clean(exclude=["number"])
        finding.number = _next_number(inspection)
        finding.save()
        finding.preparers.add(finding.drafter)
        FindingEvidence.objects.bulk_create(
            [
                FindingEvidence(
                    finding=finding,
                    kind=s.kind,
                    content_type_id=s.content_type_id,
                    object_id=s.object_id,
                    label=s.label,
                    note=s.note,
                    added_by=_by(actor),
                )
                for s in sources
            ]
        )
        record(
            EventType.FINDING_CREATED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=finding,
            changes={
                "number": finding.number,
                "title": finding.title,
                "draft_problem": problem.pk,
                "evidence": len(sources),
                "status": finding.status,
            },
        )
    return finding


# --- Changing ----------------------------------------------------------------------------------


def update_finding(finding: Finding, *, actor, regulations=None, **fields) -> Finding:
    """Change the text and classification of a paper being drafted or returned. `regulations`
    (articles breached) replaces the linked articles when given."""
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        finding = _locked(finding)
        role = authorize_content(actor, finding)
        old_disposition, old_wording = finding.disposition, finding.wording_id
        changes = {}
        for name, value in _normalize(fields).items():
            old = getattr(finding, name)
            if not _same(old, value):
                changes[name] = [_plain(old), _plain(value)]
                setattr(finding, name, value)
        _tidy(finding, changes)
        finding.full_clean()
        validate_classification(finding, old_wording)
        _check_disposition_change(finding, old_disposition)
        if regulations is not None:
            old_ids = sorted(finding.regulations.values_list("pk", flat=True))
            new_ids = sorted({a.pk for a in regulations})
            if old_ids != new_ids:
                finding.regulations.set(new_ids)
                changes["regulations"] = [old_ids, new_ids]
        if changes:
            finding.save()
            add_preparer(finding, actor)
            _bump_wording(old_wording, finding)
            record(
                EventType.FINDING_CHANGED,
                actor=actor,
                role=role,
                unit=finding.inspection.target,
                obj=finding,
                changes=changes,
            )
    return finding


# --- Evidence ----------------------------------------------------------------------------------


def add_evidence(
    finding: Finding, *, actor, kind: str = "", label: str = "", note: str = "", obj=None
) -> FindingEvidence:
    """Back the paper with a record of this inspection (its kind follows the record) or with a
    described source."""
    with transaction.atomic():
        finding = _locked(finding)
        role = authorize_content(actor, finding)
        evidence = FindingEvidence(
            finding=finding,
            note=(note or "").strip(),
            added_by=_by(actor),
            label=(label or "").strip()[:200],
        )
        if obj is not None:
            if inspection_of(obj) != finding.inspection:
                raise ValidationError(
                    {"record": _("Evidence must be a record of this inspection.")},
                    code="foreign",
                )
            evidence.content_type = ContentType.objects.get_for_model(obj)
            evidence.object_id = obj.pk
            evidence.kind = kind_of(obj)
            evidence.label = evidence.label or record_label(obj)[:200]
            if finding.evidence.filter(
                content_type=evidence.content_type, object_id=obj.pk
            ).exists():
                raise ValidationError(
                    {"record": _("This record backs the paper already.")}, code="duplicate"
                )
        else:
            evidence.kind = kind or SourceKind.OTHER
            if not evidence.label:
                raise ValidationError(
                    {"label": _("Name the source: which record or what was seen.")}
                )
        evidence.full_clean()
        evidence.save()
        add_preparer(finding, actor)
        record(
            EventType.FINDING_EVIDENCE_CHANGED,
            actor=actor,
            role=role,
            unit=finding.inspection.target,
            obj=finding,
            changes={
                "evidence_added": evidence.label,
                "kind": evidence.kind,
                "evidence": evidence.pk,
                "record": f"{evidence.content_type_id}:{evidence.object_id}"
                if evidence.content_type_id
                else None,
            },
        )
    return evidence


def remove_evidence(evidence: FindingEvidence, *, actor) -> None:
    with transaction.atomic():
        finding = _locked(evidence.finding)
        role = authorize_content(actor, finding)
        evidence = FindingEvidence.objects.filter(pk=evidence.pk, finding=finding).first()
        if evidence is None:
            raise PermissionDenied
        record(
            EventType.FINDING_EVIDENCE_CHANGED,
            actor=actor,
            role=role,
            unit=finding.inspection.target,
            obj=finding,
            changes={
                "evidence_removed": evidence.label,
                "kind": evidence.kind,
                "evidence": evidence.pk,
            },
        )
        evidence.delete()
        add_preparer(finding, actor)
