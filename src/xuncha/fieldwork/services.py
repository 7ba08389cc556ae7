"""Every write of stationing. Each service checks the actor first (the office, or a seat on the
inspection's team; actor None only from management commands), runs in one transaction and
writes its audit event in it."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.accounts.models import User
from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.fieldwork.access import office_role
from xuncha.fieldwork.models import InspectionGrant
from xuncha.plans.models import Inspection


def _office(actor, inspection: Inspection) -> str:
    if actor is None:
        return ""
    role = office_role(actor, inspection)
    if role is None:
        raise PermissionDenied
    return role


def grant_access(
    inspection: Inspection, user: User, *, actor, reason: str, expires_on: date | None = None
) -> InspectionGrant:
    """Let someone outside the team and the office read this inspection's material."""
    with transaction.atomic():
        role = _office(actor, inspection)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Say why this person needs access.")})
        if not user.is_active:
            raise ValidationError({"user": _("The account is disabled.")})
        if expires_on is not None and expires_on < timezone.localdate():
            raise ValidationError({"expires_on": _("The end date has passed already.")})
        grant = InspectionGrant(
            inspection=inspection, user=user, reason=reason, expires_on=expires_on,
            granted_by=actor if getattr(actor, "pk", None) else None,
        )
        try:
            with transaction.atomic():
                grant.save()
        except IntegrityError:
            raise ValidationError(
                {"user": _("This account has access to the inspection already.")}
            ) from None
        record(
            EventType.INSPECTION_ACCESS_GRANTED, actor=actor, role=role, unit=inspection.target,
            obj=grant,
            changes={"inspection": [None, inspection.pk], "user": [None, user.pk],
                     "expires_on": [None, expires_on]},
            reason=reason,
        )
    return grant


def revoke_access(grant: InspectionGrant, *, actor, reason: str) -> InspectionGrant:
    """End a grant; the row stays as the record that it existed."""
    with transaction.atomic():
        grant = InspectionGrant.objects.select_for_update(of=("self",)).select_related(
            "inspection", "inspection__round", "inspection__round__jurisdiction",
            "inspection__target",
        ).get(pk=grant.pk)
        role = _office(actor, grant.inspection)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Say why the access ends.")})
        now = timezone.now()
        by = actor if getattr(actor, "pk", None) else None
        if InspectionGrant.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=by
        ) != 1:
            raise ValidationError(_("This access has been revoked already."))
        record(
            EventType.INSPECTION_ACCESS_REVOKED, actor=actor, role=role,
            unit=grant.inspection.target, obj=grant,
            changes={"revoked_at": [None, now.isoformat()]}, reason=reason,
        )
        grant.revoked_at, grant.revoked_by = now, by
    return grant
