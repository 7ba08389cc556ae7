from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import SourceKind, Subgroup
from xuncha.plans.models import FocusArea

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DayForm(forms.Form):
    day = forms.DateField(label=_("Day"), required=False, widget=DATE)


class WorkLogForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE, initial=timezone.localdate)
    content = forms.CharField(
        label=_("What was done"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    next_steps = forms.CharField(
        label=_("Plan for tomorrow"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProblemForm(forms.Form):
    subgroup = forms.ChoiceField(label=_("Sub-group"), choices=Subgroup.choices)
    summary = forms.CharField(label=_("Problem"), max_length=300)
    detail = forms.CharField(
        label=_("Facts so far"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    focus_area = forms.ModelChoiceField(
        label=_("Focus area"), queryset=FocusArea.objects.none(), required=False
    )

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        if inspection is not None:
            self.fields["focus_area"].queryset = inspection.round.focus_areas.all()


class RaiseForm(ProblemForm):
    """A new problem: the material ticked on the page, and optionally a source described."""

    material = forms.MultipleChoiceField(label=_("Material"), required=False)
    source_kind = forms.ChoiceField(
        label=_("Other source"), choices=[("", "—"), *SourceKind.choices], required=False
    )
    source_label = forms.CharField(label=_("Which record or what was seen"), max_length=200,
                                   required=False)
    source_note = forms.CharField(label=_("What it shows"), max_length=2000, required=False)

    def __init__(self, *args, material=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].choices = [(m["token"], m["label"]) for m in material]

    def clean(self):
        data = super().clean()
        if data.get("source_label") and not data.get("source_kind"):
            self.add_error("source_kind", _("Say what kind of source it is."))
        return data


class SourceForm(forms.Form):
    material = forms.CharField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices, required=False)
    label = forms.CharField(label=_("Which record or what was seen"), max_length=200,
                            required=False)
    note = forms.CharField(label=_("What it shows"), max_length=2000, required=False)


class DropForm(forms.Form):
    reason = forms.CharField(label=_("Why dropped"), max_length=1000)


class BriefingForm(forms.Form):
    participants = forms.CharField(label=_("Participants"), max_length=1000, required=False)
    minutes = forms.CharField(
        label=_("Minutes"), max_length=10000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
