from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Role
from xuncha.orgs.models import Unit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong account name or password. Repeated failures lock the account."),
        "inactive": _("This account is disabled."),
    }


class OtpForm(forms.Form):
    token = forms.CharField(label=_("Six-digit code"), max_length=8,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                          "inputmode": "numeric",
                                                          "autofocus": True}))


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("Current password"), widget=forms.PasswordInput,
                                   strip=False)
    new_password = forms.CharField(label=_("New password"), widget=forms.PasswordInput,
                                   strip=False)
    new_password_again = forms.CharField(label=_("New password again"),
                                         widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("The two new passwords differ."))
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    days = forms.IntegerField(label=_("Valid for days"), min_value=1, max_value=365, initial=90)


class UnitChoiceField(forms.ModelChoiceField):
    """A unit chosen by its code, with suggestions from the unit search (a tree of 30,000
    units cannot be a drop-down list)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "list": "unit-suggestions", "autocomplete": "off",
            "hx-get": "/units/suggest/", "hx-trigger": "input changed delay:300ms",
            "hx-target": "#unit-suggestions", "name": "unit"}))
        kwargs.setdefault("help_text", _("Type a unit name or code, then pick a suggestion."))
        kwargs.setdefault("error_messages", {"invalid_choice": _(
            "No unit with this code in your scope.")})
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class UserForm(forms.Form):
    username = forms.RegexField(label=_("Account name"), max_length=150,
                                regex=r"^[A-Za-z0-9_.@-]+$",
                                error_messages={"invalid": _(
                                    "Use letters, digits and . @ _ - only.")})
    full_name = forms.CharField(label=_("Full name"), max_length=60)
    unit = UnitChoiceField(label=_("Work unit"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Post"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(label=_("Temporary password"), widget=forms.PasswordInput,
                               strip=False, help_text=_(
                                   "The person must change it at first sign-in."))

    def __init__(self, *args, units=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        if editing:
            del self.fields["username"]
            del self.fields["password"]


class RoleAssignmentForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = UnitChoiceField(label=_("At unit"), queryset=Unit.objects.none())
    include_descendants = forms.BooleanField(label=_("Including the units below"),
                                             required=False, initial=True)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PasswordResetForm(forms.Form):
    password = forms.CharField(label=_("Temporary password"), widget=forms.PasswordInput,
                               strip=False)
