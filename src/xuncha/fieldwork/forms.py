from django import forms
from django.utils.translation import gettext_lazy as _


class GrantForm(forms.Form):
    username = forms.CharField(label=_("Account (user name)"), max_length=150)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=500)
    expires_on = forms.DateField(label=_("Until"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
