"""Every write of a lead itself: registration by anyone who writes the inspection's material,
then editing, assessment, the related finding and withdrawal by the keepers (the team leader
and the office head). Grants and hand-overs are in `services_access`.

Each service authorizes first inside its transaction, validates, writes and audits in the same
transaction. Case text (content, assessment, subjects, sources) is concealed in the audit trail
(see apps.py).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.core.text import normalize
from xuncha.fieldwork.access import authorize_fieldwork
from xuncha.fieldwork.models import SourceKind
from xuncha.leads.access import authorize_keeper
from xuncha.leads.material import LEAD_MATERIAL, kind_of, record_label
from xuncha.leads.models import Disposal, Lead, LeadSource, LeadSubject, Receiver
from xuncha.orgs.models import Unit
from xuncha.orgs.tree import subtree_q
from xuncha.plans.models import Inspection, Stage

S = Lead.Status
# A keeper may still change what the lead says in these states.
EDITABLE = frozenset({S.REGISTERED, S.ASSESSED, S.IN_REPORT})
EDITABLE_FIELDS = (
    "content",
    "source_kind",
    "proposed_receiver",
    "receiver_unit",
    "proposed_disposal",
)
INSPECTION_RELATED = (
    "inspection",
    "inspection__round",
    "inspection__round__jurisdiction",
    "inspection__target",
    "inspection__team",
)


def _by(actor):
    return actor if getattr(actor, "pk", None) else None


def _locked(lead: Lead) -> Lead:
    return (
        Lead.objects.select_for_update(of=("self",))
        .select_related(*INSPECTION_RELATED)
        .get(pk=lead.pk)
    )


# Leads come from the stationing and what follows it; before it, there is nothing to register
# them from, and an archived inspection no longer changes.
REGISTERING_STAGES = frozenset(
    {Stage.STATIONED, Stage.REPORTING, Stage.FED_BACK, Stage.RECTIFYING, Stage.REVIEWED}
)


def _open_inspection(inspection: Inspection) -> None:
    if inspection.stage == Stage.ARCHIVED:
        raise ValidationError(_("The inspection is archived and can no longer change."))
    if inspection.stage not in REGISTERING_STAGES:
        raise ValidationError(
            _("Leads are registered once the team is stationed."),
            code="stage",
        )


def carried_by_report(lead: Lead) -> bool:
    """Whether a leads report in approval or approved carries the lead: the bodies hear (or
    have approved) what it says, so it may no longer change under them."""
    from xuncha.reports.models import Report, ReportItem, ReportKind

    return ReportItem.objects.filter(
        lead_id=lead.pk,
        active=True,
        report__kind=ReportKind.LEADS,
        report__status__in=[Report.Status.IN_APPROVAL, Report.Status.APPROVED],
    ).exists()


def ensure_not_in_report(lead: Lead) -> None:
    if carried_by_report(lead):
        raise ValidationError(
            _(
                "The lead is carried by a leads report in approval or approved and can no "
                "longer change."
            ),
            code="in_report",
        )


def _editable(lead: Lead) -> None:
    if lead.status not in EDITABLE:
        raise ValidationError(
            _("The lead is %(status)s and can no longer change.")
            % {"status": lead.get_status_display()},
            code="closed",
        )


def subject_units(inspection: Inspection):
    """Units a person named in a lead may belong to: any active unit of the round's
    jurisdiction."""
    return Unit.objects.filter(subtree_q(inspection.round.jurisdiction.path), is_active=True)


def receiving_units(inspection: Inspection):
    """Functional departments a lead may go to: the active units directly under the round's
    jurisdiction (its departments and bureaus), the jurisdiction itself left out."""
    jurisdiction = inspection.round.jurisdiction
    return Unit.objects.filter(
        subtree_q(jurisdiction.path), is_active=True, depth=jurisdiction.depth + 1
    ).order_by("path")


def _subjects(inspection: Inspection, rows) -> list[dict]:
    """Subjects from {"name", "post", "unit", "cadre_level"}; empty rows are skipped, a row
    needs a name, and there must be at least one."""
    out, units = [], None
    for row in rows or ():
        name = (row.get("name") or "").strip()
        post = (row.get("post") or "").strip()
        level = (row.get("cadre_level") or "").strip()
        unit = row.get("unit")
        if not (name or post or level or unit):
            continue
        if not name:
            raise ValidationError({"subjects": _("Give the name of every person named.")})
        if unit is not None:
            units = units if units is not None else subject_units(inspection)
            if not units.filter(pk=unit.pk).exists():
                raise ValidationError({"subjects": _("Choose a unit of this jurisdiction.")})
        subject = LeadSubject(name=name, post=post, unit=unit, cadre_level=level)
        subject.full_clean(exclude=["lead"])
        out.append(subject)
    if not out:
        raise ValidationError({"subjects": _("Name at least one person the lead is about.")})
    return out


def _sources(inspection: Inspection, rows) -> list[LeadSource]:
    """Sources from {"obj"} (a record of this inspection) or {"kind", "label", "note"} (a
    source described in words); the same record twice is one source."""
    from django.contrib.contenttypes.models import ContentType

    from xuncha.fieldwork.attachments import inspection_of

    out, seen = [], set()
    for row in rows or ():
        obj = row.get("obj")
        note = (row.get("note") or "").strip()
        if obj is not None:
            label = f"{obj._meta.app_label}.{obj._meta.model_name}"
            if label not in LEAD_MATERIAL or inspection_of(obj) != inspection:
                raise ValidationError({"sources": _("Choose records of this inspection.")})
            ct = ContentType.objects.get_for_model(obj)
            key = (ct.pk, obj.pk)
            source = LeadSource(
                kind=kind_of(obj),
                content_type=ct,
                object_id=obj.pk,
                label=record_label(obj)[:200],
                note=note,
            )
        else:
            kind = row.get("kind") or SourceKind.OTHER
            text = (row.get("label") or "").strip()
            if not text and not note:
                continue
            if kind not in SourceKind.values:
                raise ValidationError({"sources": _("Unknown kind of source.")})
            if not text:
                raise ValidationError({"sources": _("Say where the lead comes from.")})
            key = (kind, text)
            source = LeadSource(kind=kind, label=text[:200], note=note)
        if key in seen:
            continue
        seen.add(key)
        source.full_clean(exclude=["lead"])
        out.append(source)
    if not out:
        raise ValidationError(
            {"sources": _("Link the records the lead comes from, or describe its source.")}
        )
    return out


def _receiver(inspection: Inspection, receiver: str, unit) -> tuple[str, Unit | None]:
    if receiver not in Receiver.values:
        raise ValidationError({"proposed_receiver": _("Choose who should receive the lead.")})
    if receiver != Receiver.FUNCTIONAL_DEPARTMENT:
        return receiver, None
    if unit is None:
        raise ValidationError({"receiver_unit": _("Name the functional department.")})
    if not receiving_units(inspection).filter(pk=unit.pk).exists():
        raise ValidationError({"receiver_unit": _("Choose a department of this jurisdiction.")})
    return receiver, unit


def _disposal(value: str) -> str:
    value = value or ""
    if value and value not in Disposal.values:
        raise ValidationError({"proposed_disposal": _("Choose a way of disposal.")})
    return value


def search_text(content: str, subjects) -> str:
    parts = [content or ""] + [f"{s.name} {s.post}" for s in subjects]
    return normalize(" ".join(parts))


def _next_number(inspection: Inspection) -> int:
    """The next number of the inspection's leads, under a lock on the inspection so two
    registrations never draw the same one."""
    Inspection.objects.select_for_update(of=("self",)).filter(pk=inspection.pk).first()
    top = Lead.objects.filter(inspection=inspection).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def register_lead(
    inspection: Inspection,
    *,
    actor,
    subjects: list[dict],
    sources: list[dict],
    content: str,
    proposed_receiver: str = Receiver.DISCIPLINE_COMMISSION,
    receiver_unit: Unit | None = None,
    proposed_disposal: str = "",
    source_kind: str = "",
    registrant=None,
) -> Lead:
    """Register a lead: whoever writes the inspection's material may; it goes to the keepers,
    and a registrant who is not one does not see it again unless granted. `registrant` names
    the registering account when a command (actor None) registers."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        registered_by = _by(actor) or registrant
        _open_inspection(inspection)
        content = (content or "").strip()
        if not content:
            raise ValidationError({"content": _("Write what the lead is about.")})
        people = _subjects(inspection, subjects)
        rows = _sources(inspection, sources)
        receiver, unit = _receiver(inspection, proposed_receiver, receiver_unit)
        disposal = _disposal(proposed_disposal)
        kind = source_kind or rows[0].kind
        if kind not in SourceKind.values:
            raise ValidationError({"source_kind": _("Unknown kind of source.")})
        if registered_by is None:
            raise ValidationError(_("A lead needs the account that registers it."))
        lead = Lead(
            inspection=inspection,
            number=_next_number(inspection),
            source_kind=kind,
            content=content,
            proposed_receiver=receiver,
            receiver_unit=unit,
            proposed_disposal=disposal,
            registered_by=registered_by,
            search_text=search_text(content, people),
        )
        lead.full_clean()
        lead.save()
        for row in people:
            row.lead = lead
        for row in rows:
            row.lead = lead
        LeadSubject.objects.bulk_create(people)
        LeadSource.objects.bulk_create(rows)
        record(
            EventType.LEAD_REGISTERED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=lead,
            changes={
                "number": lead.number,
                "source_kind": kind,
                "proposed_receiver": receiver,
                "receiver_unit": unit.pk if unit else None,
                "proposed_disposal": disposal,
                "content": content,
                "subjects": [p.name for p in people],
                "sources": [r.label for r in rows],
            },
        )
    return lead


def update_lead(lead: Lead, *, actor, subjects=None, sources=None, **fields) -> Lead:
    """A keeper corrects what the lead says; `subjects` and `sources`, when given, replace
    the lead's own."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        lead = _locked(lead)
        role = authorize_keeper(actor, lead.inspection)
        _editable(lead)
        ensure_not_in_report(lead)
        inspection = lead.inspection
        changes: dict = {}
        if "content" in fields:
            content = (fields["content"] or "").strip()
            if not content:
                raise ValidationError({"content": _("Write what the lead is about.")})
            if content != lead.content:
                changes["content"] = [lead.content, content]
                lead.content = content
        if "source_kind" in fields and fields["source_kind"] != lead.source_kind:
            if fields["source_kind"] not in SourceKind.values:
                raise ValidationError({"source_kind": _("Unknown kind of source.")})
            changes["source_kind"] = [lead.source_kind, fields["source_kind"]]
            lead.source_kind = fields["source_kind"]
        if "proposed_receiver" in fields or "receiver_unit" in fields:
            receiver, unit = _receiver(
                inspection,
                fields.get("proposed_receiver", lead.proposed_receiver),
                fields.get("receiver_unit", lead.receiver_unit),
            )
            if receiver != lead.proposed_receiver:
                changes["proposed_receiver"] = [lead.proposed_receiver, receiver]
            if (unit.pk if unit else None) != lead.receiver_unit_id:
                changes["receiver_unit"] = [lead.receiver_unit_id, unit.pk if unit else None]
            lead.proposed_receiver, lead.receiver_unit = receiver, unit
        if "proposed_disposal" in fields:
            disposal = _disposal(fields["proposed_disposal"])
            if disposal != lead.proposed_disposal:
                changes["proposed_disposal"] = [lead.proposed_disposal, disposal]
                lead.proposed_disposal = disposal
        people = list(lead.subjects.all())
        if subjects is not None:
            new_people = _subjects(inspection, subjects)
            before = [(s.name, s.post, s.unit_id, s.cadre_level) for s in people]
            after = [(s.name, s.post, s.unit_id, s.cadre_level) for s in new_people]
            if before != after:
                changes["subjects"] = [[s.name for s in people], [s.name for s in new_people]]
                lead.subjects.all().delete()
                for row in new_people:
                    row.lead = lead
                LeadSubject.objects.bulk_create(new_people)
                people = new_people
        if sources is not None:
            rows = _sources(inspection, sources)
            old = list(lead.sources.all())
            key = lambda s: (s.kind, s.content_type_id, s.object_id, s.label, s.note)  # noqa: E731
            if [key(s) for s in old] != [key(s) for s in rows]:
                changes["sources"] = [[s.label for s in old], [s.label for s in rows]]
                lead.sources.all().delete()
                for row in rows:
                    row.lead = lead
                LeadSource.objects.bulk_create(rows)
        if not changes:
            return lead
        lead.search_text = search_text(lead.content, people)
        lead.full_clean()
        lead.save()
        record(
            EventType.LEAD_CHANGED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=lead,
            changes=changes,
        )
    return lead


def assess_lead(lead: Lead, *, actor, assessment: str, proposed_disposal: str) -> Lead:
    """The keeper's assessment (研判) and the proposed disposal; the lead becomes assessed.
    Assessing again replaces the text."""
    with transaction.atomic():
        lead = _locked(lead)
        role = authorize_keeper(actor, lead.inspection)
        if lead.status not in (S.REGISTERED, S.ASSESSED):
            raise ValidationError(
                _("The lead is %(status)s and can no longer be assessed.")
                % {"status": lead.get_status_display()},
                code="closed",
            )
        ensure_not_in_report(lead)
        assessment = (assessment or "").strip()
        if not assessment:
            raise ValidationError({"assessment": _("Write the assessment.")})
        disposal = _disposal(proposed_disposal)
        if not disposal:
            raise ValidationError({"proposed_disposal": _("Choose a way of disposal.")})
        changes = {
            "assessment": [lead.assessment, assessment],
            "proposed_disposal": [lead.proposed_disposal, disposal],
            "status": [lead.status, S.ASSESSED],
        }
        lead.assessment, lead.proposed_disposal, lead.status = assessment, disposal, S.ASSESSED
        lead.full_clean()
        lead.save()
        record(
            EventType.LEAD_CHANGED,
            actor=actor,
            role=role,
            unit=lead.inspection.target,
            obj=lead,
            changes={"action": "assess", **changes},
        )
    return lead


def link_finding(lead: Lead, *, actor, finding) -> Lead:
    """Relate the lead to a working paper of the same inspection (or unlink with None)."""
    with transaction.atomic():
        lead = _locked(lead)
        role = authorize_keeper(actor, lead.inspection)
        if lead.status == S.WITHDRAWN:
            raise ValidationError(_("A withdrawn lead can no longer change."), code="closed")
        ensure_not_in_report(lead)
        if finding is not None:
            from xuncha.findings.models import Finding

            if finding.inspection_id != lead.inspection_id:
                raise ValidationError({"finding": _("Choose a finding of this inspection.")})
            if finding.status == Finding.Status.WITHDRAWN:
                raise ValidationError({"finding": _("The finding has been withdrawn.")})
        new = finding.pk if finding is not None else None
        if new == lead.finding_id:
            return lead
        changes = {"finding": [lead.finding_id, new]}
        lead.finding = finding
        lead.save(update_fields=["finding", "updated_at"])
        record(
            EventType.LEAD_CHANGED,
            actor=actor,
            role=role,
            unit=lead.inspection.target,
            obj=lead,
            changes={"action": "link_finding", **changes},
        )
    return lead


def withdraw_lead(lead: Lead, *, actor, reason: str) -> Lead:
    """Withdraw a lead that turned out unfounded or a duplicate; the row stays, with why."""
    with transaction.atomic():
        lead = _locked(lead)
        role = authorize_keeper(actor, lead.inspection)
        if lead.status not in (S.REGISTERED, S.ASSESSED):
            raise ValidationError(
                _("The lead is %(status)s and can no longer be withdrawn.")
                % {"status": lead.get_status_display()},
                code="closed",
            )
        ensure_not_in_report(lead)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Say why the lead is withdrawn.")})
        now = timezone.now()
        if (
            Lead.objects.filter(pk=lead.pk, status=lead.status).update(
                status=S.WITHDRAWN, withdrawn_reason=reason, withdrawn_at=now, updated_at=now
            )
            != 1
        ):
            raise ValidationError(_("The lead changed meanwhile; reload the page."))
        record(
            EventType.LEAD_CHANGED,
            actor=actor,
            role=role,
            unit=lead.inspection.target,
            obj=lead,
            changes={
                "action": "withdraw",
                "status": [lead.status, S.WITHDRAWN],
                "withdrawn_reason": reason,
            },
        )
        lead.status, lead.withdrawn_reason, lead.withdrawn_at = S.WITHDRAWN, reason, now
    return lead
