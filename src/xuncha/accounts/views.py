"""Sign-in, second factor, own account, and account administration pages."""

import base64
from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from xuncha.accounts import services
from xuncha.accounts.forms import (
    LoginForm,
    OtpForm,
    PasswordChangeForm,
    PasswordResetForm,
    ReasonForm,
    RoleAssignmentForm,
    TokenForm,
    UserForm,
)
from xuncha.accounts.models import ApiToken
from xuncha.accounts.permissions import (
    get_assignment_for_user,
    get_user_for_user,
    has_capability,
    needs_second_factor,
    role_for,
    visible_users,
)
from xuncha.accounts.roles import Capability, Role
from xuncha.audit.models import EventType, Result
from xuncha.audit.services import record
from xuncha.core.forms import apply_errors, flash_errors
from xuncha.orgs.permissions import visible_units


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.GET.get("expired") == "1"
        return context


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


def _safe_next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
def otp(request: HttpRequest) -> HttpResponse:
    """Ask for the second factor, or send the person to enrol one."""
    user = request.user
    if user.is_verified():
        return redirect(_safe_next(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect(f"{reverse('accounts:otp_enrol')}?next={quote(_safe_next(request))}")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            otp_login(request, device)
            with transaction.atomic():
                record(EventType.OTP_VERIFIED, actor=user, unit=user.unit, obj=user)
            return redirect(_safe_next(request))
        with transaction.atomic():
            record(EventType.OTP_FAILED, actor=user, unit=user.unit, obj=user,
                   result=Result.FAILURE)
        form.add_error("token", _("The code is wrong or has expired."))
    return render(request, "accounts/otp.html", {"form": form, "next": _safe_next(request)})


def _qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=True)


@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Scan a QR code with an authenticator app and confirm with a code from it."""
    user = request.user
    form = OtpForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                device = services.confirm_totp_enrolment(user, token=form.cleaned_data["token"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                otp_login(request, device)
                messages.success(request, _("Two-factor sign-in is set up."))
                return redirect(_safe_next(request))
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    else:
        device = None
    if device is None:
        device = services.start_totp_enrolment(user)
    context = {
        "form": form,
        "qr": _qr_svg(device),
        "secret": base64.b32encode(device.bin_key).decode(),
        "next": _safe_next(request),
        "required": needs_second_factor(user),
    }
    return render(request, "accounts/otp_enrol.html", context)


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_own_password(
                request.user, old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as exc:
            apply_errors(form, exc, default_field="new_password")
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The person's own account: roles, second factor, API tokens."""
    user = request.user
    token_form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and token_form.is_valid():
        try:
            _token, new_token = services.create_token(
                user, name=token_form.cleaned_data["name"], days=token_form.cleaned_data["days"]
            )
        except ValidationError as exc:
            apply_errors(token_form, exc)
        else:
            token_form = TokenForm()
    context = {
        "assignments": user.role_assignments.select_related("unit"),
        "has_device": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "tokens": user.api_tokens.all(),
        "token_form": token_form,
        "new_token": new_token,
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_token(token, actor=request.user)
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:profile")


# --- Account administration ------------------------------------------------------------------


@login_required
def users(request: HttpRequest) -> HttpResponse:
    if not has_capability(request.user, Capability.USER_VIEW):
        raise PermissionDenied
    qs = visible_users(request.user).order_by("username")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/users.html", {
        "page": page, "q": q,
        "can_manage": has_capability(request.user, Capability.USER_MANAGE),
    })


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    if not has_capability(request.user, Capability.USER_MANAGE):
        raise PermissionDenied
    units = visible_units(request.user, Capability.USER_MANAGE)
    form = UserForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc, default_field="password")
        else:
            messages.success(request, _("The account has been created."))
            return redirect("accounts:user", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_user_for_user(request.user, pk)
    me = request.user
    path = account.unit.path if account.unit_id else ""
    can_manage = bool(path) and role_for(me, Capability.USER_MANAGE, path) is not None
    can_secure = bool(path) and role_for(me, Capability.SECURITY_MANAGE, path) is not None
    can_assign = has_capability(me, Capability.ROLE_ASSIGN) and account.pk != me.pk
    context = {
        "account": account,
        "assignments": account.role_assignments.select_related("unit", "granted_by"),
        "can_manage": can_manage and account.pk != me.pk,
        "can_secure": can_secure,
        "can_assign": can_assign,
        "locked": services.is_locked(account),
        "has_device": TOTPDevice.objects.filter(user=account, confirmed=True).exists(),
        "role_form": RoleAssignmentForm(units=visible_units(me, Capability.ROLE_ASSIGN)),
        "reason_form": ReasonForm(),
        "password_form": PasswordResetForm(),
    }
    return render(request, "accounts/user_detail.html", context)


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_user_for_user(request.user, pk, Capability.USER_MANAGE)
    units = visible_units(request.user, Capability.USER_MANAGE)
    initial = {"full_name": account.full_name, "unit": account.unit.code if account.unit else "",
               "title": account.title, "phone": account.phone, "email": account.email}
    form = UserForm(request.POST or None, initial=initial, units=units, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(account, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The account has been saved."))
            return redirect("accounts:user", pk=account.pk)
    return render(request, "accounts/user_form.html", {"form": form, "account": account})


def _post_action(request, pk, capability, action, success_message, form_class=ReasonForm):
    account = get_user_for_user(request.user, pk, capability)
    form = form_class(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("accounts:user", pk=account.pk)
    try:
        action(account, form.cleaned_data)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, success_message)
    return redirect("accounts:user", pk=account.pk)


@login_required
@require_POST
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request, pk, Capability.USER_MANAGE,
        lambda a, d: services.set_user_active(a, actor=request.user, active=False,
                                              reason=d["reason"]),
        _("The account has been disabled."),
    )


@login_required
@require_POST
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request, pk, Capability.USER_MANAGE,
        lambda a, d: services.set_user_active(a, actor=request.user, active=True,
                                              reason=d["reason"]),
        _("The account has been enabled."),
    )


@login_required
@require_POST
def user_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request, pk, Capability.USER_MANAGE,
        lambda a, d: services.reset_password(a, actor=request.user, password=d["password"]),
        _("The temporary password has been set."), PasswordResetForm,
    )


@login_required
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request, pk, Capability.SECURITY_MANAGE,
        lambda a, d: services.unlock_user(a, actor=request.user, reason=d["reason"]),
        _("The account has been unlocked."),
    )


@login_required
@require_POST
def user_otp_reset(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request, pk, Capability.SECURITY_MANAGE,
        lambda a, d: services.reset_second_factor(a, actor=request.user, reason=d["reason"]),
        _("The authenticator has been removed; the person enrols again at next sign-in."),
    )


@login_required
@require_POST
def role_assign(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_user_for_user(request.user, pk, Capability.ROLE_ASSIGN)
    form = RoleAssignmentForm(request.POST, units=visible_units(request.user,
                                                                Capability.ROLE_ASSIGN))
    if form.is_valid():
        try:
            services.assign_role(actor=request.user, user=account,
                                 role=form.cleaned_data["role"], unit=form.cleaned_data["unit"],
                                 include_descendants=form.cleaned_data["include_descendants"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The role has been assigned."))
    else:
        flash_errors(request, form)
    return redirect("accounts:user", pk=account.pk)


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_assignment_for_user(request.user, pk)
    try:
        services.revoke_role(assignment, actor=request.user,
                             reason=request.POST.get("reason", "")[:500])
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The role has been revoked."))
    return redirect("accounts:user", pk=assignment.user_id)


__all__ = ["Role"]
