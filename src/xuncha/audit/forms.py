from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.audit.models import EventType, Result


class EventFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    event_type = forms.ChoiceField(label=_("Event"), required=False,
                                   choices=[("", _("All")), *EventType.choices])
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=64)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    result = forms.ChoiceField(label=_("Result"), required=False,
                               choices=[("", _("All")), *Result.choices])
    since = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    before = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
