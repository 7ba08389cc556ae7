"""Every write to accounts, roles, second factors and tokens.

Account administration follows the separation of the three administrators (三员): the system
administrator creates and disables accounts, the security administrator grants roles, unlocks
accounts and resets second factors, the security auditor reads the audit trail.
"""

import secrets
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from xuncha.accounts.models import ApiToken, RoleAssignment, User, hash_token
from xuncha.accounts.permissions import authorize, forget_grants, require
from xuncha.accounts.roles import ADMIN_ROLES, Capability, Role
from xuncha.audit.models import EventType, Result
from xuncha.audit.services import diff, record, snapshot
from xuncha.orgs.models import Unit

USER_FIELDS = ("full_name", "unit", "phone", "title", "email")


def _home_path(user: User) -> str:
    if user.unit_id is None:
        raise PermissionDenied
    return user.unit.path


def create_user(*, actor, username: str, full_name: str, unit: Unit, password: str,
                phone: str = "", title: str = "", email: str = "") -> User:
    """An administrator opens an account; the person must change the password at first sign-in."""
    with transaction.atomic():
        role = authorize(actor, Capability.USER_MANAGE, unit.path)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": _("This account name is already taken.")})
        user = User(username=username, full_name=full_name, unit=unit, phone=phone, title=title,
                    email=email, must_change_password=actor is not None)
        user.full_clean(exclude=["password"])
        validate_password(password, user)
        user.set_password(password)
        user.save()
        record(EventType.USER_CREATED, actor=actor, role=role, unit=unit, obj=user,
               changes=diff({}, snapshot(user, ("username", *USER_FIELDS))))
    return user


def update_user(user: User, *, actor, **fields) -> User:
    with transaction.atomic():
        role = require(actor, Capability.USER_MANAGE, _home_path(user))
        new_unit = fields.get("unit")
        if new_unit is not None and new_unit.pk != user.unit_id:
            require(actor, Capability.USER_MANAGE, new_unit.path)
        before = snapshot(user, USER_FIELDS)
        for key, value in fields.items():
            if key in USER_FIELDS:
                setattr(user, key, value)
        user.full_clean(exclude=["password"])
        changes = diff(before, snapshot(user, USER_FIELDS))
        if changes:
            user.save()
            record(EventType.USER_UPDATED, actor=actor, role=role, unit=user.unit, obj=user,
                   changes=changes)
    return user


def set_user_active(user: User, *, actor, active: bool, reason: str = "") -> User:
    with transaction.atomic():
        role = require(actor, Capability.USER_MANAGE, _home_path(user))
        if user.pk == actor.pk:
            raise ValidationError(_("You cannot disable your own account."))
        if not active and not reason.strip():
            raise ValidationError({"reason": _("Give the reason for disabling the account.")})
        if user.is_active == active:
            return user
        User.objects.filter(pk=user.pk).update(is_active=active)
        user.is_active = active
        if not active:
            ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
                revoked_at=timezone.now())
        record(EventType.USER_REACTIVATED if active else EventType.USER_DEACTIVATED,
               actor=actor, role=role, unit=user.unit, obj=user, reason=reason,
               changes={"is_active": [not active, active]})
    return user


def reset_password(user: User, *, actor, password: str) -> User:
    """The system administrator sets a temporary password; it must be changed at next sign-in."""
    with transaction.atomic():
        role = require(actor, Capability.USER_MANAGE, _home_path(user))
        validate_password(password, user)
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        record(EventType.USER_PASSWORD_RESET, actor=actor, role=role, unit=user.unit, obj=user)
    return user


def change_own_password(user: User, *, old_password: str, new_password: str) -> User:
    with transaction.atomic():
        if not user.check_password(old_password):
            raise ValidationError({"old_password": _("The current password is wrong.")})
        if old_password == new_password:
            raise ValidationError({"new_password": _("Choose a password you have not used now.")})
        validate_password(new_password, user)
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        record(EventType.PASSWORD_CHANGED, actor=user, unit=user.unit, obj=user)
    return user


def assign_role(*, actor, user: User, role: str, unit: Unit,
                include_descendants: bool = True) -> RoleAssignment:
    """Grant `role` at `unit`. No account may hold two of the three administrator roles, and the
    security administrator cannot grant roles to their own account."""
    role = Role(role)
    with transaction.atomic():
        actor_role = authorize(actor, Capability.ROLE_ASSIGN, unit.path)
        if actor is not None and actor.pk == user.pk:
            raise ValidationError(_("You cannot change the roles of your own account."))
        # Lock the account row so two grants of administrator roles cannot race.
        User.objects.select_for_update().filter(pk=user.pk).first()
        held = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
        if role in ADMIN_ROLES and (held & ADMIN_ROLES) - {role}:
            raise ValidationError(
                _("An account may hold only one of the system, security and audit "
                  "administrator roles.")
            )
        if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
            raise ValidationError(_("The account already holds this role at this unit."))
        assignment = RoleAssignment.objects.create(
            user=user, role=role, unit=unit, include_descendants=include_descendants,
            granted_by=actor,
        )
        record(EventType.ROLE_ASSIGNED, actor=actor, role=actor_role, unit=unit, obj=assignment,
               changes={"user": [None, user.pk], "role": [None, role.value],
                        "unit": [None, unit.pk],
                        "include_descendants": [None, include_descendants]})
        forget_grants(user)
    return assignment


def revoke_role(assignment: RoleAssignment, *, actor, reason: str = "") -> None:
    with transaction.atomic():
        actor_role = require(actor, Capability.ROLE_ASSIGN, assignment.unit.path)
        if actor.pk == assignment.user_id:
            raise ValidationError(_("You cannot change the roles of your own account."))
        record(EventType.ROLE_REVOKED, actor=actor, role=actor_role, unit=assignment.unit,
               obj=assignment, reason=reason,
               changes={"user": [assignment.user_id, None], "role": [assignment.role, None],
                        "unit": [assignment.unit_id, None]})
        assignment.delete()
        forget_grants(assignment.user)


def unlock_user(user: User, *, actor, reason: str = "") -> None:
    """Clear the lockout after repeated failed sign-ins."""
    with transaction.atomic():
        role = require(actor, Capability.SECURITY_MANAGE, _home_path(user))
        AxesProxyHandler.reset_attempts(username=user.username)
        record(EventType.USER_UNLOCKED, actor=actor, role=role, unit=user.unit, obj=user,
               reason=reason)


def is_locked(user: User) -> bool:
    from django.conf import settings

    return AccessAttempt.objects.filter(
        username=user.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists()


def reset_second_factor(user: User, *, actor, reason: str) -> None:
    """Remove a person's authenticator (a lost phone); they enrol again at next sign-in."""
    with transaction.atomic():
        role = require(actor, Capability.SECURITY_MANAGE, _home_path(user))
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason for the reset.")})
        TOTPDevice.objects.filter(user=user).delete()
        record(EventType.OTP_RESET, actor=actor, role=role, unit=user.unit, obj=user,
               reason=reason)


def start_totp_enrolment(user: User) -> TOTPDevice:
    """An unconfirmed authenticator whose secret the person scans; replaced on each start."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def confirm_totp_enrolment(user: User, *, token: str) -> TOTPDevice:
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            raise ValidationError(_("Start the enrolment again."))
        if not device.verify_token(token.strip()):
            record(EventType.OTP_FAILED, actor=user, unit=user.unit, obj=user,
                   result=Result.FAILURE)
            raise ValidationError({"token": _("The code is wrong or has expired.")})
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(EventType.OTP_ENROLLED, actor=user, unit=user.unit, obj=user)
    return device


def create_token(user: User, *, name: str, days: int = 90) -> tuple[ApiToken, str]:
    """A new API token for the person's own account; the raw value is returned once."""
    if not name.strip():
        raise ValidationError({"name": _("Name the token after where it will be used.")})
    if not 1 <= days <= 365:
        raise ValidationError({"days": _("A token lasts between 1 and 365 days.")})
    raw = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name.strip()[:60], lookup=raw[:10], key_hash=hash_token(raw),
            expires_at=timezone.now() + timedelta(days=days),
        )
        record(EventType.TOKEN_CREATED, actor=user, unit=user.unit, obj=token,
               changes={"name": [None, token.name]})
    return token, raw


def revoke_token(token: ApiToken, *, actor) -> None:
    with transaction.atomic():
        if token.user_id != actor.pk:
            raise PermissionDenied
        if token.revoked_at is None:
            ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
            record(EventType.TOKEN_REVOKED, actor=actor, unit=actor.unit, obj=token)


def user_for_token(raw: str) -> User | None:
    """The active account a bearer token belongs to, or None."""
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=hash_token(raw), revoked_at__isnull=True,
                     expires_at__gt=timezone.now()).first())
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def temporary_password() -> str:
    """A password that meets the rules, for an administrator to hand over."""
    return "Xc-" + secrets.token_urlsafe(9) + "7a"
