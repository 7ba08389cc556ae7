"""Who else may read a lead, and handing a lead over during stationing (边巡边移交).

Grants are given and revoked by the keepers (the team leader, the office head). A hand-over is
requested by a keeper, approved or refused by the leading-group member the keeper names (who is
granted the lead for the decision), and recorded by a keeper once the receiver has it.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.accounts.models import User
from xuncha.accounts.permissions import role_for
from xuncha.accounts.roles import Capability, roles_with
from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.leads.access import _active_grants, authorize_keeper, keeper_role
from xuncha.leads.models import Lead, LeadGrant, LeadHandover
from xuncha.leads.selectors import grantable_users, outside_only
from xuncha.leads.services import (
    INSPECTION_RELATED,
    _by,
    _locked,
    _receiver,
    ensure_not_in_report,
)
from xuncha.orgs.tree import ancestor_paths
from xuncha.plans.models import Inspection, Stage

S = Lead.Status
H = LeadHandover.Status
APPROVER_GRANT_REASON = "审批边巡边移交"
# Why the approver's grant ends (data text of the audit trail).
APPROVER_GRANT_END = {
    H.REFUSED: "边巡边移交未获批准，审批授权终止",
    H.HANDED_OVER: "线索已边巡边移交，审批授权终止",
}


# --- Grants ----------------------------------------------------------------------------------


def grant_lead_access(
    inspection: Inspection,
    user: User,
    *,
    actor,
    reason: str,
    lead: Lead | None = None,
    expires_on: date | None = None,
) -> LeadGrant:
    """Let one more person read one lead, or every lead of the inspection (`lead` None)."""
    with transaction.atomic():
        role = authorize_keeper(actor, inspection)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Say why this person needs to read the lead.")})
        if not user.is_active:
            raise ValidationError({"user": _("The account is disabled.")})
        # The same accounts the forms offer: a service called from elsewhere may not widen it.
        if _by(actor) is not None:
            allowed = grantable_users(actor, inspection).filter(pk=user.pk).exists()
        else:
            allowed = not outside_only().filter(user=user.pk).exists()
        if not allowed:
            raise ValidationError({"user": _("No such account among those you may grant.")})
        if _by(actor) is not None and user.pk == actor.pk:
            raise ValidationError({"user": _("You see these leads already.")})
        if keeper_role(user, inspection):
            raise ValidationError(
                {"user": _("This person keeps the inspection's leads and sees them all.")}
            )
        if lead is not None and lead.inspection_id != inspection.pk:
            raise ValidationError({"lead": _("Choose a lead of this inspection.")})
        if expires_on is not None and expires_on < timezone.localdate():
            raise ValidationError({"expires_on": _("The end date has passed already.")})
        held = _active_grants(user).filter(inspection=inspection)
        if held.filter(lead__isnull=True).exists() or (
            lead is not None and held.filter(lead=lead).exists()
        ):
            raise ValidationError({"user": _("This person may read it already.")})
        grant = LeadGrant(
            inspection=inspection,
            lead=lead,
            user=user,
            reason=reason,
            expires_on=expires_on,
            granted_by=_by(actor),
        )
        grant.full_clean()
        grant.save()
        record(
            EventType.LEAD_GRANTED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=grant,
            changes={
                "inspection": inspection.pk,
                "lead": lead.pk if lead else None,
                "user": user.pk,
                "expires_on": expires_on,
            },
            reason=reason,
        )
    return grant


def revoke_lead_access(grant: LeadGrant, *, actor, reason: str) -> LeadGrant:
    """End a grant at once; the row stays as the record that it existed."""
    with transaction.atomic():
        grant = (
            LeadGrant.objects.select_for_update(of=("self",))
            .select_related(
                "inspection",
                "inspection__round",
                "inspection__round__jurisdiction",
                "inspection__target",
                "inspection__team",
            )
            .get(pk=grant.pk)
        )
        role = authorize_keeper(actor, grant.inspection)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Say why the access ends.")})
        now = timezone.now()
        if (
            LeadGrant.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(
                revoked_at=now, revoked_by=_by(actor)
            )
            != 1
        ):
            raise ValidationError(_("This access has been revoked already."))
        record(
            EventType.LEAD_GRANT_REVOKED,
            actor=actor,
            role=role,
            unit=grant.inspection.target,
            obj=grant,
            changes={"user": grant.user_id, "lead": grant.lead_id, "revoked_at": now.isoformat()},
            reason=reason,
        )
        grant.revoked_at, grant.revoked_by = now, _by(actor)
    return grant


# --- Hand-over during stationing -------------------------------------------------------------


def approvers(inspection: Inspection) -> QuerySet[User]:
    """Active accounts holding lead.approve at the round's jurisdiction (leading-group
    members): those a keeper may ask to approve a hand-over."""
    path = inspection.round.jurisdiction.path
    roles = roles_with(Capability.LEAD_APPROVE)
    reach = Q(role_assignments__unit__path=path) | Q(
        role_assignments__include_descendants=True,
        role_assignments__unit__path__in=ancestor_paths(path),
    )
    return (
        User.objects.filter(
            reach,
            is_active=True,
            role_assignments__role__in=roles,
            role_assignments__unit__is_active=True,
        )
        .distinct()
        .order_by("full_name", "username")
    )


def _approver_role(user, inspection: Inspection) -> str | None:
    return role_for(user, Capability.LEAD_APPROVE, inspection.round.jurisdiction.path)


def request_handover(
    lead: Lead, *, actor, reason: str, receiver: str, approver: User, receiver_unit=None
) -> LeadHandover:
    """Ask a leading-group member to approve handing the lead over now, before the report;
    the approver is granted the lead to decide."""
    with transaction.atomic():
        lead = _locked(lead)
        inspection = lead.inspection
        role = authorize_keeper(actor, inspection)
        if inspection.stage != Stage.STATIONED:
            raise ValidationError(
                _(
                    "A lead is handed over during stationing only; afterwards it goes into the "
                    "leads report."
                )
            )
        if lead.status not in (S.REGISTERED, S.ASSESSED):
            raise ValidationError(
                _("The lead is %(status)s: it cannot be handed over now.")
                % {"status": lead.get_status_display()},
                code="closed",
            )
        ensure_not_in_report(lead)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Say why the lead cannot wait for the report.")})
        receiver, unit = _receiver(inspection, receiver, receiver_unit)
        if approver is None or not approvers(inspection).filter(pk=approver.pk).exists():
            raise ValidationError(
                {"approver": _("Choose a member of the leading group of this jurisdiction.")}
            )
        if _by(actor) is not None and approver.pk == actor.pk:
            raise ValidationError({"approver": _("Someone else must approve the hand-over.")})
        handover = LeadHandover(
            lead=lead,
            reason=reason,
            receiver=receiver,
            receiver_unit=unit,
            requested_by=_by(actor) or lead.registered_by,
            approver=approver,
            previous_status=lead.status,
        )
        handover.full_clean()
        try:
            with transaction.atomic():
                handover.save()
        except IntegrityError:
            raise ValidationError(_("The lead has an open hand-over request already.")) from None
        if (
            Lead.objects.filter(pk=lead.pk, status=lead.status).update(
                status=S.HANDOVER_REQUESTED, updated_at=timezone.now()
            )
            != 1
        ):
            raise ValidationError(_("The lead changed meanwhile; reload the page."))
        record(
            EventType.LEAD_HANDOVER_REQUESTED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=handover,
            changes={
                "lead": lead.pk,
                "status": [lead.status, S.HANDOVER_REQUESTED],
                "receiver": receiver,
                "receiver_unit": unit.pk if unit else None,
                "approver": approver.pk,
                "reason": reason,
            },
        )
        if (
            not _active_grants(approver)
            .filter(Q(lead=lead) | Q(lead__isnull=True), inspection=inspection)
            .exists()
        ):
            grant = LeadGrant.objects.create(
                inspection=inspection,
                lead=lead,
                user=approver,
                reason=APPROVER_GRANT_REASON,
                granted_by=_by(actor),
            )
            record(
                EventType.LEAD_GRANTED,
                actor=actor,
                role=role,
                unit=inspection.target,
                obj=grant,
                changes={
                    "inspection": inspection.pk,
                    "lead": lead.pk,
                    "user": approver.pk,
                    "expires_on": None,
                },
                reason=APPROVER_GRANT_REASON,
            )
        lead.status = S.HANDOVER_REQUESTED
    return handover


def _locked_handover(handover: LeadHandover) -> LeadHandover:
    related = ("lead", *(f"lead__{r}" for r in INSPECTION_RELATED), "approver")
    return (
        LeadHandover.objects.select_for_update(of=("self",))
        .select_related(*related)
        .get(pk=handover.pk)
    )


def _end_approver_grant(handover: LeadHandover, *, actor, role: str, outcome: str) -> None:
    """End the grant `request_handover` gave the approver to decide, once there is nothing
    left to decide: the request was refused, or the lead has been handed over. A grant the
    approver held otherwise (other reason) stays."""
    lead = handover.lead
    now = timezone.now()
    reason = APPROVER_GRANT_END[outcome]
    grants = LeadGrant.objects.select_for_update(of=("self",)).filter(
        lead=lead,
        user_id=handover.approver_id,
        reason=APPROVER_GRANT_REASON,
        revoked_at__isnull=True,
    )
    for grant in grants:
        if (
            LeadGrant.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(
                revoked_at=now, revoked_by=_by(actor)
            )
            != 1
        ):
            continue
        record(
            EventType.LEAD_GRANT_REVOKED,
            actor=actor,
            role=role,
            unit=lead.inspection.target,
            obj=grant,
            changes={
                "user": grant.user_id,
                "lead": lead.pk,
                "handover": handover.pk,
                "revoked_at": now.isoformat(),
            },
            reason=reason,
        )


def authorize_approver(actor, handover: LeadHandover) -> str:
    """Only the leading-group member named in the request decides it, while they still hold
    lead.approve at the jurisdiction."""
    if actor is None:
        return ""
    role = _approver_role(actor, handover.lead.inspection)
    if actor.pk != handover.approver_id or role is None:
        raise PermissionDenied
    return role


def decide_handover(
    handover: LeadHandover, *, actor, approve: bool, comment: str = ""
) -> LeadHandover:
    """Approve or refuse; a refused request returns the lead to where it was."""
    with transaction.atomic():
        handover = _locked_handover(handover)
        role = authorize_approver(actor, handover)
        lead = handover.lead
        if handover.status != H.PENDING:
            raise ValidationError(_("The request has been decided already."), code="closed")
        comment = (comment or "").strip()
        if not approve and not comment:
            raise ValidationError({"comment": _("Say why the hand-over is refused.")})
        now = timezone.now()
        new = H.APPROVED if approve else H.REFUSED
        if (
            LeadHandover.objects.filter(pk=handover.pk, status=H.PENDING).update(
                status=new, decided_at=now, decision_comment=comment
            )
            != 1
        ):
            raise ValidationError(_("The request has been decided already."), code="closed")
        changes = {"lead": lead.pk, "status": [H.PENDING, new], "decision_comment": comment}
        if not approve:
            Lead.objects.filter(pk=lead.pk, status=S.HANDOVER_REQUESTED).update(
                status=handover.previous_status, updated_at=now
            )
            changes["lead_status"] = [S.HANDOVER_REQUESTED, handover.previous_status]
        record(
            EventType.LEAD_HANDOVER_DECIDED,
            actor=actor,
            role=role,
            unit=lead.inspection.target,
            obj=handover,
            changes=changes,
        )
        if not approve:
            _end_approver_grant(handover, actor=actor, role=role, outcome=H.REFUSED)
        handover.status, handover.decided_at, handover.decision_comment = new, now, comment
    return handover


def record_handover(
    handover: LeadHandover, *, actor, received_by: str, handed_over_at: datetime | None = None
) -> LeadHandover:
    """A keeper records that the receiver has the approved lead; it leaves the report."""
    with transaction.atomic():
        handover = _locked_handover(handover)
        lead = handover.lead
        role = authorize_keeper(actor, lead.inspection)
        if handover.status != H.APPROVED:
            raise ValidationError(_("Only an approved hand-over can be recorded."), code="closed")
        received_by = (received_by or "").strip()
        if not received_by:
            raise ValidationError({"received_by": _("Name who received the lead.")})
        now = timezone.now()
        at = handed_over_at or now
        if at > now:
            raise ValidationError({"handed_over_at": _("The time lies in the future.")})
        # Forms give the time to the minute.
        if at < handover.requested_at.replace(second=0, microsecond=0):
            raise ValidationError(
                {"handed_over_at": _("The lead cannot be handed over before it was requested.")}
            )
        if (
            LeadHandover.objects.filter(pk=handover.pk, status=H.APPROVED).update(
                status=H.HANDED_OVER,
                received_by=received_by,
                handed_over_at=at,
                recorded_by=_by(actor),
            )
            != 1
        ):
            raise ValidationError(_("The hand-over has been recorded already."), code="closed")
        Lead.objects.filter(pk=lead.pk, status=S.HANDOVER_REQUESTED).update(
            status=S.HANDED_OVER, updated_at=now
        )
        record(
            EventType.LEAD_HANDED_OVER,
            actor=actor,
            role=role,
            unit=lead.inspection.target,
            obj=handover,
            changes={
                "lead": lead.pk,
                "status": [H.APPROVED, H.HANDED_OVER],
                "lead_status": [S.HANDOVER_REQUESTED, S.HANDED_OVER],
                "received_by": received_by,
                "handed_over_at": at.isoformat(),
            },
        )
        _end_approver_grant(handover, actor=actor, role=role, outcome=H.HANDED_OVER)
        handover.status, handover.received_by, handover.handed_over_at = (
            H.HANDED_OVER,
            received_by,
            at,
        )
    return handover
