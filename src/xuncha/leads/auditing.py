"""Every read of a lead is an audit event: a page, a list, a search, an export, the API.

A read that shows no lead reveals nothing and writes nothing (so a page that shows no leads is
the same for everyone, and a refused read changes nothing). A read that shows leads writes
exactly one event naming the leads shown. Word files are audited by
`documents.generation.generate` (document.generated on the lead).
"""

from collections.abc import Sequence

from django.db import transaction

from xuncha.accounts.permissions import role_for, signed_in
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.leads.access import reader_role
from xuncha.leads.models import Lead
from xuncha.orgs.models import Unit
from xuncha.orgs.tree import STEP
from xuncha.staffing.models import MemberRole, TeamMember

LEAD_TYPE = Lead._meta.label_lower


def record_lead_viewed(lead: Lead, *, actor, via: str = "page") -> None:
    """One view of one lead (its page, the edit form, the API detail)."""
    with transaction.atomic():
        record(
            EventType.LEAD_VIEWED,
            actor=actor,
            role=reader_role(actor, lead),
            unit=lead.inspection.target,
            obj=lead,
            changes={"via": via},
        )


def roles_for(user, leads: Sequence[Lead]) -> str:
    """How the reader reaches the leads shown, for a list's audit event, in one query for any
    number of inspections: the office head's role, "team:leader" or "grant"."""
    if not signed_in(user):
        return ""
    inspections = {lead.inspection_id: lead.inspection for lead in leads}
    led = set(
        TeamMember.objects.filter(cadre__user=user, role=MemberRole.LEADER)
        .filter(round_id__in={i.round_id for i in inspections.values()})
        .values_list("round_id", "team_id")
    )
    roles = set()
    for inspection in inspections.values():
        head = role_for(user, Capability.LEAD_OVERSEE, inspection.round.jurisdiction.path)
        if head:
            roles.add(head)
        elif (inspection.round_id, inspection.team_id) in led:
            roles.add("team:leader")
        else:
            roles.add("grant")
    return ",".join(sorted(roles))


def common_unit(leads: Sequence[Lead]) -> Unit | None:
    """The nearest unit above every lead's target, so that auditors of that scope see the
    event."""
    targets = {lead.inspection.target_id: lead.inspection.target for lead in leads}
    if len(targets) == 1:
        return next(iter(targets.values()))
    paths = [t.path for t in targets.values()]
    prefix = paths[0]
    for path in paths[1:]:
        n = 0
        while n < min(len(prefix), len(path)) and prefix[n] == path[n]:
            n += 1
        prefix = prefix[: n - n % STEP]
    return Unit.objects.filter(path=prefix).first() if prefix else None


def record_leads_listed(
    leads: Sequence[Lead], *, actor, via: str, query: str = "", inspection=None
) -> None:
    """A list of leads shown (a page of a list, a search, an API page, the approvals)."""
    leads = list(leads)
    if not leads:
        return
    changes = {"via": via, "ids": [lead.pk for lead in leads]}
    if query:
        changes["query"] = query
    with transaction.atomic():
        record(
            EventType.LEAD_LISTED,
            actor=actor,
            role=roles_for(actor, leads),
            unit=inspection.target if inspection is not None else common_unit(leads),
            object_type=LEAD_TYPE,
            object_id=inspection.pk if inspection is not None else "",
            changes=changes,
        )


def record_leads_exported(
    leads: Sequence[Lead], *, actor, inspection, filters: dict | None = None
) -> None:
    """The leads written to an Excel workbook."""
    leads = list(leads)
    if not leads:
        return
    changes = {"via": "excel", "ids": [lead.pk for lead in leads], **(filters or {})}
    with transaction.atomic():
        record(
            EventType.LEAD_EXPORTED,
            actor=actor,
            role=roles_for(actor, leads),
            unit=inspection.target,
            object_type=LEAD_TYPE,
            object_id=inspection.pk,
            changes=changes,
        )
