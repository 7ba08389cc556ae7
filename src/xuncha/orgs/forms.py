"""Forms of the organization pages. They only collect input: the services check and write."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from xuncha.orgs.models import LeadershipMember, Unit

UNIT_FORM_FIELDS = (
    "code", "name", "short_name", "level", "kind", "sector", "headcount", "party_members",
    "contact_person", "contact_phone", "address", "has_office", "is_sensitive", "description",
)


class UnitCodeField(forms.ModelChoiceField):
    """A unit chosen by its code, with suggestions from `orgs:suggest` (a tree of 30,000 units
    cannot be a drop-down list). Put `<datalist id="unit-suggestions">` in the form."""

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "list": "unit-suggestions", "autocomplete": "off",
            "hx-get": reverse_lazy("orgs:suggest"), "hx-trigger": "input changed delay:300ms",
            "hx-target": "#unit-suggestions"}))
        kwargs.setdefault("help_text", _("Type a unit name or code, then pick a suggestion."))
        kwargs.setdefault("error_messages", {"invalid_choice": _(
            "No unit with this code in your scope.")})
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class UnitForm(forms.ModelForm):
    """A unit's profile, for editing it or for creating a unit under a parent."""

    class Meta:
        model = Unit
        fields = UNIT_FORM_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self):
        # The service runs full_clean and reports a duplicate code itself.
        pass

    def _post_clean(self):
        # Skip ModelForm's instance validation: the form must not touch the model; the service
        # validates and its errors are shown with apply_errors.
        pass


class MoveForm(forms.Form):
    new_parent = UnitCodeField(label=_("New parent unit"), queryset=Unit.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = units if units is not None else Unit.objects.none()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class LeadershipForm(forms.ModelForm):
    class Meta:
        model = LeadershipMember
        fields = ("name", "post", "is_principal", "since", "order")
        widgets = {"since": forms.DateInput(attrs={"type": "date"})}

    def _post_clean(self):
        pass


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file (UTF-8 or GBK), with the column "
                    "headers of the template in the first row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class ApplyImportForm(forms.Form):
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
