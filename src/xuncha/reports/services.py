"""Every write of a report's drafting: create (assemble from the working papers), save a new
version of the text, re-assemble, submit for approval. The hearings are in `approval.py`.

A report is written by a person: these services need an account as `actor` (the author of a
version is a required field).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.reports import assembly
from xuncha.reports.access import authorize_drafting, authorize_report
from xuncha.reports.models import (
    ApprovalStep,
    Report,
    ReportItem,
    ReportKind,
    ReportVersion,
    Stage,
)

K = ReportKind
EDITABLE = (Report.Status.DRAFTING, Report.Status.RETURNED)
MAX_SECTION_CHARS = 30_000


def audit_unit(report: Report):
    return report.inspection.target if report.inspection_id else report.round.jurisdiction


def parse_chain(chain: str) -> list[str]:
    """The stage codes of a configured chain, checked: known stages, no repeats, at least one."""
    stages = [s.strip() for s in (chain or "").split(",") if s.strip()]
    unknown = [s for s in stages if s not in Stage.values]
    if unknown:
        raise ValidationError(
            _("The approval chain of the jurisdiction names unknown bodies: %(codes)s.")
            % {"codes": ", ".join(unknown)},
            code="bad_chain",
        )
    if not stages:
        raise ValidationError(
            _("The approval chain of the jurisdiction is empty."), code="bad_chain"
        )
    if len(set(stages)) != len(stages):
        raise ValidationError(
            _("The approval chain of the jurisdiction names a body twice."), code="bad_chain"
        )
    return stages


def latest_version(report: Report) -> ReportVersion:
    return report.versions.order_by("-number").first()


def _check_shape(kind: str, round, inspection, team) -> None:
    if kind not in K.values:
        raise ValidationError(_("Unknown kind of report."), code="kind")
    if kind in (K.INSPECTION, K.LEADS):
        if inspection is None or inspection.round_id != round.pk:
            raise ValidationError(
                _("This kind of report belongs to one inspection."), code="inspection"
            )
        if team is not None:
            raise ValidationError(_("This kind of report belongs to one inspection."), code="team")
        return
    if inspection is not None:
        raise ValidationError(_("This kind of report belongs to a round."), code="inspection")
    if team is not None:
        if kind != K.SPECIAL_TOPIC:
            raise ValidationError(
                _("Only a special-topic report is drafted for one team."), code="team"
            )
        if not round.inspections.filter(team=team).exists():
            raise ValidationError(_("The team has no inspection in this round."), code="team")


def _sources(kind: str, *, round, inspection, team, actor):
    """The inspections a special-topic report draws on: those of the round (of the team) the
    author reaches."""
    if kind != K.SPECIAL_TOPIC:
        return None
    from xuncha.fieldwork.access import visible_stationings
    from xuncha.plans.models import Inspection

    qs = visible_stationings(actor) if actor is not None else Inspection.objects.all()
    qs = qs.filter(round=round).select_related("target", "team")
    if team is not None:
        qs = qs.filter(team=team)
    return list(qs.order_by("team__number", "target__path"))


def _sync_items(report: Report, assembled: assembly.Assembled) -> tuple[int, int]:
    """Make the report's items the assembled findings and leads, in order. Items that are no
    longer found are deactivated, never deleted (earlier bodies' decisions stay on record).
    Returns (added, dropped)."""
    wanted = [("finding", pk) for pk in assembled.findings] + [
        ("lead", pk) for pk in assembled.leads
    ]
    existing = {
        ("finding", i.finding_id) if i.finding_id else ("lead", i.lead_id): i
        for i in report.items.all()
    }
    added = dropped = 0
    new, changed = [], []
    for position, (kind, pk) in enumerate(wanted, 1):
        item = existing.pop((kind, pk), None)
        if item is None:
            new.append(ReportItem(report=report, position=position, **{f"{kind}_id": pk}))
            added += 1
        elif item.position != position or not item.active:
            item.position, item.active = position, True
            changed.append(item)
    for item in existing.values():
        if item.active:
            item.active = False
            changed.append(item)
            dropped += 1
    ReportItem.objects.bulk_create(new)
    ReportItem.objects.bulk_update(changed, ["position", "active"])
    return added, dropped


def create_report(*, kind: str, round, inspection=None, team=None, actor) -> Report:
    """Assemble a new report from the records as they stand and keep it as version 1. The
    approval chain is copied from the jurisdiction's settings now, so later changes of the
    settings do not reroute a report already under way."""
    from xuncha.plans.models import PlanningSettings

    with transaction.atomic():
        role = authorize_drafting(actor, kind=kind, round=round, inspection=inspection, team=team)
        _check_shape(kind, round, inspection, team)
        if (
            inspection is not None
            and Report.objects.filter(inspection=inspection, kind=kind).exists()
        ):
            raise ValidationError(
                _("This inspection already has a report of this kind."), code="exists"
            )
        if kind == K.SUMMARY and Report.objects.filter(round=round, kind=K.SUMMARY).exists():
            raise ValidationError(_("This round already has a summary report."), code="exists")
        chain = parse_chain(PlanningSettings.for_unit(round.jurisdiction).report_approval_chain)
        assembled = assembly.assemble(
            kind,
            round=round,
            inspection=inspection,
            team=team,
            inspections=_sources(kind, round=round, inspection=inspection, team=team, actor=actor),
            user=actor,
        )
        report = Report(
            kind=kind,
            round=round,
            inspection=inspection,
            team=team,
            title=assembled.title[:200],
            chain=",".join(chain),
            created_by=actor,
        )
        report.full_clean()
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            raise ValidationError(
                _("This inspection already has a report of this kind."), code="exists"
            ) from None
        ReportVersion.objects.create(
            report=report,
            number=1,
            sections=assembled.sections,
            note="按问题底稿汇编生成",
            author=actor,
        )
        added, _dropped = _sync_items(report, assembled)
        record(
            EventType.REPORT_CREATED,
            actor=actor,
            role=role,
            unit=audit_unit(report),
            obj=report,
            changes={
                "kind": kind,
                "title": report.title,
                "version": 1,
                "chain": chain,
                "items": added,
            },
        )
    return report


def _lock_editable(report: Report) -> Report:
    locked = Report.objects.select_for_update(of=("self",)).get(pk=report.pk)
    if locked.status not in EDITABLE:
        raise ValidationError(
            _("The report is locked while it is heard and after it is approved."),
            code="locked",
        )
    return locked


def _new_version(report: Report, sections: list[dict], note: str, actor) -> ReportVersion:
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportVersion(
        report=report, number=number, sections=sections, note=note[:300], author=actor
    )
    version.full_clean(exclude=["report", "author"])
    version.save()
    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    return version


def _clean_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def save_version(
    report: Report, *, texts: dict[str, str], actor, note: str = "", base: int | None = None
) -> ReportVersion:
    """Save the team's text as the next version. `texts` maps section keys to their text
    (sections not named keep theirs); `base` is the version the editor started from, so that
    a save over someone else's newer version is refused instead of silently undoing it."""
    with transaction.atomic():
        role = authorize_report(actor, report)
        report = _lock_editable(report)
        current = latest_version(report)
        if base is not None and base != current.number:
            raise ValidationError(
                _(
                    "Someone saved version %(n)s meanwhile. Open the report again and repeat "
                    "your changes."
                )
                % {"n": current.number},
                code="stale",
            )
        keys = {s["key"] for s in current.sections}
        unknown = set(texts) - keys
        if unknown:
            raise ValidationError(_("The report has no such section."), code="section")
        sections, changed = [], []
        for s in current.sections:
            s = dict(s)
            if s["key"] in texts:
                text = _clean_text(texts[s["key"]])
                if len(text) > MAX_SECTION_CHARS:
                    raise ValidationError(
                        _("A section may hold at most %(n)s characters.")
                        % {"n": MAX_SECTION_CHARS},
                        code="too_long",
                    )
                if text != s["text"]:
                    s["text"] = text
                    changed.append(assembly.section_label(s))
            sections.append(s)
        if not changed:
            raise ValidationError(_("Nothing was changed."), code="unchanged")
        note = (note or "").strip() or ("修改：" + "；".join(changed))
        version = _new_version(report, sections, note, actor)
        record(
            EventType.REPORT_SAVED,
            actor=actor,
            role=role,
            unit=audit_unit(report),
            obj=report,
            changes={"version": version.number, "sections": len(changed)},
        )
    return version


def reassemble(report: Report, *, actor, note: str = "") -> tuple[ReportVersion, list[str]]:
    """Assemble the report again from the records as they stand now, into a new version: the
    team's free text and the generated sections they changed are kept (see
    `assembly.merge`). Returns the version and the headings of kept sections whose source
    changed meanwhile, for the team to compare."""
    with transaction.atomic():
        role = authorize_report(actor, report)
        report = _lock_editable(report)
        assembled = assembly.assemble(
            report.kind,
            round=report.round,
            inspection=report.inspection,
            team=report.team,
            inspections=_sources(
                report.kind,
                round=report.round,
                inspection=report.inspection,
                team=report.team,
                actor=actor,
            ),
            user=actor,
        )
        current = latest_version(report)
        sections, conflicts = assembly.merge(current.sections, assembled.sections)
        added, dropped = _sync_items(report, assembled)
        if sections == current.sections and not added and not dropped:
            raise ValidationError(
                _("The report already matches the working papers."), code="unchanged"
            )
        if not note.strip():
            note = f"重新汇编：新增{added}项，移出{dropped}项"
            if conflicts:
                note += f"；{len(conflicts)}节保留了修改后的文字，请核对"
        version = _new_version(report, sections, note.strip(), actor)
        record(
            EventType.REPORT_SAVED,
            actor=actor,
            role=role,
            unit=audit_unit(report),
            obj=report,
            changes={
                "version": version.number,
                "reassembled": True,
                "items_added": added,
                "items_dropped": dropped,
                "kept_edits": len(conflicts),
            },
        )
    return version, conflicts


def submit(report: Report, *, actor) -> Report:
    """Send the report (its latest version) to the bodies of its chain. The first submission
    opens the first stage; after a return, the revised report resumes at the stage that
    returned it, and the approvals given before that stage stand."""
    with transaction.atomic():
        role = authorize_report(actor, report)
        report = _lock_editable(report)
        version = latest_version(report)
        if report.kind == K.INSPECTION:
            assessment = next(
                (s for s in version.sections if s["key"] == assembly.ASSESSMENT), None
            )
            if assessment is not None and not assessment["text"].strip():
                raise ValidationError(
                    _("Write the overall assessment before submitting the report."),
                    code="assessment",
                )
        if report.status == Report.Status.RETURNED:
            returned = (
                report.steps.filter(status=ApprovalStep.Status.RETURNED)
                .order_by("-recorded_at", "-id")
                .first()
            )
            if returned.version_id == version.pk:
                raise ValidationError(
                    _(
                        "Revise the report before submitting it again: the body that returned "
                        "it heard this version."
                    ),
                    code="unrevised",
                )
            step = ApprovalStep.objects.create(
                report=report,
                order=returned.order,
                stage=returned.stage,
                status=ApprovalStep.Status.PENDING,
                version=version,
            )
        else:
            steps = [
                ApprovalStep(
                    report=report,
                    order=n,
                    stage=stage,
                    version=version if n == 1 else None,
                    status=ApprovalStep.Status.PENDING if n == 1 else ApprovalStep.Status.WAITING,
                )
                for n, stage in enumerate(report.stages, 1)
            ]
            ApprovalStep.objects.bulk_create(steps)
            step = steps[0]
        if (
            Report.objects.filter(pk=report.pk, status__in=EDITABLE).update(
                status=Report.Status.IN_APPROVAL, updated_at=timezone.now()
            )
            != 1
        ):
            raise ValidationError(_("The report was submitted meanwhile."), code="conflict")
        report.status = Report.Status.IN_APPROVAL
        record(
            EventType.REPORT_SUBMITTED,
            actor=actor,
            role=role,
            unit=audit_unit(report),
            obj=report,
            changes={"version": version.number, "stage": step.stage},
        )
    return report


def record_view(report: Report, *, actor, what: str = "page") -> None:
    """Every read of a report is an event; a read of a leads report also names the leads it
    showed (`lead.listed`), so the leads' own trail shows who saw them."""
    from xuncha.reports.access import reader_role

    role = reader_role(actor, report)
    with transaction.atomic():
        record(
            EventType.REPORT_VIEWED,
            actor=actor,
            role=role,
            unit=audit_unit(report),
            obj=report,
            changes={"view": what},
        )
        if report.kind == K.LEADS:
            leads = list(
                report.items.filter(lead__isnull=False, active=True).values_list(
                    "lead_id", flat=True
                )
            )
            record(
                EventType.LEAD_LISTED,
                actor=actor,
                role=role,
                unit=audit_unit(report),
                obj=report,
                changes={"leads": leads, "view": what},
            )
