"""Forms of the petition pages. They only collect input: the services check and write."""

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import Area
from xuncha.orgs.forms import UnitCodeField
from xuncha.orgs.models import Unit
from xuncha.petitions.models import Channel, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REPORTER_CHOICES = [("anonymous", _("Anonymous")), ("named", _("Named"))]
SCOPE_FILTERS = [
    ("", _("Any scope")),
    ("in", _("In scope")),
    ("out", _("Out of scope")),
    ("pending", _("Not assessed yet")),
]


class PetitionForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DATE, initial=timezone.localdate)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    reporter = forms.ChoiceField(
        label=_("Reporter"),
        choices=REPORTER_CHOICES,
        widget=forms.RadioSelect,
        initial="anonymous",
        help_text=_(
            "As the reporter chose. A named reporter's identity is kept apart from the "
            "content and shown only to the office and the team's leaders."
        ),
    )
    reporter_count = forms.IntegerField(
        label=_("Number of reporters"), min_value=1, initial=1, max_value=9999
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=200,
        help_text=_(
            "One line on what is reported, without the reporter's name: it appears in "
            "the register, interview outlines and the evening briefing."
        ),
    )
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 8}))
    area = forms.ChoiceField(label=_("Area"), required=False, choices=[("", "—"), *Area.choices])

    def __init__(self, *args, named_fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if named_fixed:  # editing: anonymity is the reporter's choice, made at registration
            del self.fields["reporter"]


class IdentityForm(forms.Form):
    """The reporter's identity; stored in its own table."""

    name = forms.CharField(label=_("Reporter's name"), max_length=60, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    id_number = forms.CharField(label=_("ID card number"), max_length=18, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    work_unit = forms.CharField(label=_("Work unit"), max_length=200, required=False)


class SubjectForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=60, required=False)
    post = forms.CharField(label=_("Post"), max_length=100, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    note = forms.CharField(label=_("Other details"), max_length=200, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


SubjectFormSet = formset_factory(SubjectForm, extra=0, max_num=20, validate_max=True)


class FilterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any channel")), *Channel.choices]
    )
    scope = forms.ChoiceField(label=_("Scope"), required=False, choices=SCOPE_FILTERS)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices]
    )


class AssessForm(forms.Form):
    in_scope = forms.TypedChoiceField(
        label=_("Within the inspection's scope?"),
        widget=forms.RadioSelect,
        choices=[("yes", _("In scope")), ("no", _("Out of scope: to be forwarded"))],
        coerce=lambda v: v == "yes",
        help_text=_(
            "In scope: the leadership team and its members, heads of the next-level "
            "organizations, key posts. Personal grievances and lawsuits are forwarded."
        ),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    area = forms.ChoiceField(label=_("Area"), required=False, choices=[("", "—"), *Area.choices])


class TakeUpForm(forms.Form):
    note = forms.CharField(
        label=_("How the team will verify it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ForwardForm(forms.Form):
    to = forms.CharField(
        label=_("Forwarded to"),
        max_length=200,
        required=False,
        help_text=_("The receiving body, e.g. the county petition bureau."),
    )
    unit = UnitCodeField(
        label=_("Receiving unit in the platform"), required=False, queryset=Unit.objects.none()
    )
    on = forms.DateField(label=_("Forwarded on"), widget=DATE, initial=timezone.localdate)
    reference = forms.CharField(label=_("Reference number"), max_length=60, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if not data.get("to") and not data.get("unit") and "unit" not in self.errors:
            self.add_error("to", _("Say to which body the petition is forwarded."))
        return data


class CloseForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label=_("Closed on"), widget=DATE, initial=timezone.localdate)


class RevealForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=200,
        required=False,
        help_text=_("Recorded with the view in the audit trail."),
    )
