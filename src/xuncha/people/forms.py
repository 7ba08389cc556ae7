"""Forms of the people pages. They only collect input; the services decide."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.forms import UnitChoiceField
from xuncha.orgs.forms import UnitCodeField
from xuncha.orgs.models import Unit
from xuncha.people.models import (
    Gender,
    Kinship,
    PoolKind,
    PostingKind,
    Specialty,
    TalentPool,
    WorkingRelationKind,
)

EXPERTISE_CHOICES = [(v, label) for v, label in Specialty.choices if v != Specialty.OTHER]


class HomeRegionField(forms.ModelChoiceField):
    """A county or district party committee, from a short list (a jurisdiction has tens of
    counties, not thousands of units)."""

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class CadreForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=60)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1940, required=False)
    unit = UnitChoiceField(label=_("Work unit"), queryset=Unit.objects.none())
    post = forms.CharField(label=_("Post"), max_length=100, required=False)
    rank = forms.CharField(
        label=_("Rank"),
        max_length=40,
        required=False,
        help_text=_("For example 正科级 or 一级主任科员."),
    )
    specialty = forms.ChoiceField(
        label=_("Specialty"), choices=Specialty.choices, initial=Specialty.OTHER
    )
    expertise = forms.MultipleChoiceField(
        label=_("Further expertise"),
        choices=EXPERTISE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Other fields the cadre is versed in, besides the main specialty."),
    )
    education = forms.CharField(
        label=_("Education"),
        max_length=100,
        required=False,
        help_text=_("For example 大学本科 / 法学学士."),
    )
    native_place = HomeRegionField(
        label=_("Home region"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_(
            "The county or district the cadre comes from. Cross inspections keep cadres away "
            "from their home region, so the recusal check reads it."
        ),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, units=None, regions=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["native_place"].queryset = (
            regions if regions is not None else Unit.objects.none()
        )
        latest = timezone.localdate().year - 16
        self.fields["birth_year"].validators.append(MaxValueValidator(latest))
        self.fields["birth_year"].widget.attrs["max"] = latest
        if not editing:
            del self.fields["is_active"]

    def clean(self):
        data = super().clean()
        # The main specialty is a skill already; never store it twice.
        if data.get("expertise") is not None:
            data["expertise"] = [t for t in data["expertise"] if t != data.get("specialty")]
        return data


class AddToPoolForm(forms.Form):
    pool = forms.ModelChoiceField(label=_("Talent pool"), queryset=TalentPool.objects.none())

    def __init__(self, *args, pools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = pools if pools is not None else TalentPool.objects.none()


class JurisdictionField(forms.ModelChoiceField):
    """A jurisdiction: one of the few units with an inspection office in the user's scope."""

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class PoolForm(forms.Form):
    jurisdiction = JurisdictionField(label=_("Jurisdiction"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=PoolKind.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("Leave empty to name it after the jurisdiction and kind."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, jurisdictions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = (
            jurisdictions if jurisdictions is not None else Unit.objects.none()
        )


class TeamForm(forms.Form):
    jurisdiction = JurisdictionField(label=_("Jurisdiction"), queryset=Unit.objects.none())
    number = forms.IntegerField(
        label=_("Number"),
        min_value=1,
        max_value=99,
        help_text=_("1 for the first team, 2 for the second…"),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        required=False,
        help_text=_("Leave empty for the usual name (第一巡察组…)."),
    )

    def __init__(self, *args, jurisdictions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = (
            jurisdictions if jurisdictions is not None else Unit.objects.none()
        )


class RemoveFromPoolForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example transferred, retired, no longer fit for inspection work."),
    )
    removed_on = forms.DateField(
        label=_("Removed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )


class AccountForm(forms.Form):
    username = forms.CharField(
        label=_("Account (user name)"),
        max_length=150,
        help_text=_(
            "The account the cadre signs in with; their duties, pledges and declarations then "
            "reach them."
        ),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ReadmitForm(forms.Form):
    joined_on = forms.DateField(
        label=_("Joins again on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )


# --- Entries of a cadre's record ------------------------------------------------------------


def _date(label, *, required: bool = True, help_text: str = ""):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=help_text,
    )


class RecordForm(forms.Form):
    """The fields of one kind of entry; `unit` (where a kind has one) is a unit of the tree
    chosen by code, among those the person can see."""

    # The (start, end) fields whose order the form checks before the service does.
    date_range: tuple[str | None, str | None] = (None, None)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            self.fields["unit"].queryset = units if units is not None else Unit.objects.none()

    @classmethod
    def initial_from(cls, entry) -> dict:
        initial = {name: getattr(entry, name) for name in cls.base_fields if name != "unit"}
        if "unit" in cls.base_fields and entry.unit_id:
            initial["unit"] = entry.unit.code
        return initial

    def clean(self):
        data = super().clean()
        start, end = self.date_range
        if start and end and data.get(start) and data.get(end) and data[end] < data[start]:
            self.add_error(end, _("The end cannot be before the start."))
        return data


def _unit_field(label, help_text):
    return UnitCodeField(
        label=label,
        queryset=Unit.objects.none(),
        required=False,
        help_text=help_text,
    )


class PostingForm(RecordForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PostingKind.choices)
    unit = _unit_field(
        _("Unit"),
        _(
            "A unit of the organization tree: type its name or code and pick a suggestion. The "
            "recusal check compares it with the targets."
        ),
    )
    organization = forms.CharField(
        label=_("Organization or school outside the tree"),
        max_length=200,
        required=False,
        help_text=_("Only when the place is not in the organization tree."),
    )
    title = forms.CharField(label=_("Post or course"), max_length=100, required=False)
    started_on = _date(_("From"))
    ended_on = _date(_("Until"), required=False, help_text=_("Leave empty while the post is held."))
    date_range = ("started_on", "ended_on")


class FamilyRelationForm(RecordForm):
    kinship = forms.ChoiceField(label=_("Kinship"), choices=Kinship.choices)
    relation = forms.CharField(
        label=_("Relation"),
        max_length=20,
        required=False,
        help_text=_("As the cadre calls it, for example 父亲 or 妻子."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=60)
    unit = _unit_field(_("Work unit"), _("When the relative works in a unit of the tree."))
    employer = forms.CharField(label=_("Employer outside the tree"), max_length=200, required=False)
    post = forms.CharField(label=_("Post"), max_length=100, required=False)


class WorkingRelationForm(RecordForm):
    kind = forms.ChoiceField(label=_("Relation"), choices=WorkingRelationKind.choices)
    full_name = forms.CharField(label=_("Full name"), max_length=60)
    unit = _unit_field(_("Where they worked together"), _("A unit of the organization tree."))
    ended_on = _date(
        _("Worked together until"),
        required=False,
        help_text=_("Leave empty if they still work together."),
    )


class AvailabilityForm(RecordForm):
    starts_on = _date(_("From"))
    ends_on = _date(_("Until"))
    released = forms.BooleanField(
        label=_("Released from the home unit"),
        required=False,
        help_text=_("The home unit frees the cadre from ordinary duties for this period (脱产)."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    date_range = ("starts_on", "ends_on")


class TrainingRecordForm(RecordForm):
    title = forms.CharField(label=_("Training"), max_length=200)
    held_on = _date(_("Date"))
    hours = forms.DecimalField(
        label=_("Hours"), max_digits=5, decimal_places=1, min_value=Decimal("0.5"), required=False
    )
    organizer = forms.CharField(label=_("Organizer"), max_length=200, required=False)


class RewardForm(RecordForm):
    title = forms.CharField(label=_("Reward"), max_length=200)
    awarded_on = _date(_("Date"))
    issuer = forms.CharField(label=_("Awarded by"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


RECORD_FORMS: dict[str, type[RecordForm]] = {
    "postings": PostingForm,
    "relatives": FamilyRelationForm,
    "working-relations": WorkingRelationForm,
    "availability": AvailabilityForm,
    "trainings": TrainingRecordForm,
    "rewards": RewardForm,
}


class RemoveRecordForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        help_text=_("Optional; kept in the audit trail."),
    )
