"""Forms of the people pages. They only collect input; the services decide."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.forms import UnitChoiceField
from xuncha.orgs.models import Unit
from xuncha.people.models import Gender, PoolKind, Specialty, TalentPool


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
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, units=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        latest = timezone.localdate().year - 16
        self.fields["birth_year"].validators.append(MaxValueValidator(latest))
        self.fields["birth_year"].widget.attrs["max"] = latest
        if not editing:
            del self.fields["is_active"]


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
