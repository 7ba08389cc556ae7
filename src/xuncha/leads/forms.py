"""Forms of the lead pages. They only collect input: the services check and write."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import SourceKind
from xuncha.leads.models import Disposal, Lead, Receiver
from xuncha.orgs.models import Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# Suggestions for the cadre level (data text); any other wording may be typed.
CADRE_LEVELS = [
    "县处级正职",
    "县处级副职",
    "乡科级正职",
    "乡科级副职",
    "一般干部",
    "村（社区）干部",
]
SUBJECT_ROWS = 3


class SubjectForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=100, required=False)
    post = forms.CharField(label=_("Post"), max_length=200, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    cadre_level = forms.CharField(
        label=_("Cadre level"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"list": "cadre-levels"}),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


SubjectFormSet = formset_factory(SubjectForm, extra=0, max_num=20, validate_max=True)


class LeadForm(forms.Form):
    """What the registrant writes; the keeper corrects the same fields."""

    material = forms.MultipleChoiceField(
        label=_("Records of this inspection"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "The petitions, interviews, documents, visits or checks the lead comes "
            "from. Hold Ctrl to choose several."
        ),
    )
    source_kind = forms.ChoiceField(
        label=_("Other source"), choices=[("", "—"), *SourceKind.choices], required=False
    )
    source_label = forms.CharField(
        label=_("Where it comes from"),
        max_length=200,
        required=False,
        help_text=_(
            "For a source that is not a record here: for example, assigned by the "
            "upper level, or transferred by another body."
        ),
    )
    content = forms.CharField(
        label=_("Content"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What is reported or was found: who, what, when, amounts."),
    )
    proposed_receiver = forms.ChoiceField(
        label=_("Proposed receiver"),
        choices=Receiver.choices,
        initial=Receiver.DISCIPLINE_COMMISSION,
    )
    receiver_unit = forms.ModelChoiceField(
        label=_("Functional department"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Only when the lead goes to a functional department."),
    )
    proposed_disposal = forms.ChoiceField(
        label=_("Proposed disposal"), choices=[("", "—"), *Disposal.choices], required=False
    )

    def __init__(self, *args, material_choices=(), receiving_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].choices = list(material_choices)
        if receiving_units is not None:
            self.fields["receiver_unit"].queryset = receiving_units

    def clean(self):
        data = super().clean()
        if data.get("source_label") and not data.get("source_kind"):
            self.add_error("source_kind", _("Say what kind of source it is."))
        return data


class AssessForm(forms.Form):
    assessment = forms.CharField(
        label=_("Assessment"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    proposed_disposal = forms.ChoiceField(label=_("Proposed disposal"), choices=Disposal.choices)


class FindingForm(forms.Form):
    finding = forms.ModelChoiceField(
        label=_("Related finding"), queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args, findings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = findings


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class GrantForm(forms.Form):
    username = forms.CharField(label=_("Account"), max_length=150)
    lead = forms.ModelChoiceField(
        label=_("Lead"),
        queryset=Lead.objects.none(),
        required=False,
        empty_label=_("Every lead of the inspection"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000)
    expires_on = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args, leads=None, **kwargs):
        super().__init__(*args, **kwargs)
        if leads is not None:
            self.fields["lead"].queryset = leads
            self.fields["lead"].label_from_instance = lambda lead: f"第{lead.number}号"


class HandoverForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it cannot wait for the report"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    receiver = forms.ChoiceField(label=_("Receiver"), choices=Receiver.choices)
    receiver_unit = forms.ModelChoiceField(
        label=_("Functional department"), queryset=Unit.objects.none(), required=False
    )
    approver = forms.ModelChoiceField(
        label=_("Leading group member to approve"), queryset=None, empty_label=None
    )

    def __init__(self, *args, approvers=None, receiving_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = approvers
        self.fields["approver"].label_from_instance = lambda u: u.full_name or u.username
        if receiving_units is not None:
            self.fields["receiver_unit"].queryset = receiving_units


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
    )
    comment = forms.CharField(
        label=_("Comments"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RecordHandoverForm(forms.Form):
    received_by = forms.CharField(label=_("Received by"), max_length=100)
    handed_over_at = forms.DateTimeField(
        label=_("Handed over at"),
        widget=DATETIME,
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Leave empty for now."),
    )


class FilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Lead.Status.choices]
    )

    def values(self) -> dict:
        if not self.is_valid():
            return {"query": "", "status": ""}
        return {"query": self.cleaned_data["q"].strip(), "status": self.cleaned_data["status"]}
