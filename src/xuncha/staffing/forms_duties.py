"""Forms of the duties pages (authorization, pledges, gifts, evaluations). They only collect
input; the services in duties.py decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.people.models import Cadre
from xuncha.staffing.models import GiftHandling, GiftKind, Grade

_DATE = {"type": "date"}


class MemberChoiceField(forms.ModelChoiceField):
    """A member of the round's teams, named with their team so that namesakes differ."""

    def label_from_instance(self, obj: Cadre) -> str:
        team = getattr(obj, "team_name", "")
        return f"{obj.full_name}（{team}）" if team else obj.full_name


def _members_field(label, cadres):
    field = MemberChoiceField(label=label, queryset=Cadre.objects.none())
    if cadres is not None:
        field.queryset = cadres
    return field


class AuthorizationForm(forms.Form):
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=60,
        required=False,
        help_text=_("Leave empty to number it in the jurisdiction's series."),
    )
    issued_on = forms.DateField(
        label=_("Issued on"),
        required=False,
        widget=forms.DateInput(attrs=_DATE),
        help_text=_("Leave empty for today."),
    )


class PledgeOnBehalfForm(forms.Form):
    """The office records a pledge the member signed on paper."""

    cadre = forms.ModelChoiceField(label=_("Team member"), queryset=Cadre.objects.none())
    signed_on = forms.DateField(
        label=_("Signed on"), required=False, widget=forms.DateInput(attrs=_DATE)
    )

    def __init__(self, *args, cadres=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cadres is not None:
            self.fields["cadre"].queryset = cadres


class OwnPledgeForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have read the pledge above and undertake to keep it."), required=True
    )


class GiftForm(forms.Form):
    kind = forms.ChoiceField(label=_("What was offered"), choices=GiftKind.choices)
    offered_on = forms.DateField(label=_("Offered on"), widget=forms.DateInput(attrs=_DATE))
    offered_by = forms.CharField(
        label=_("Offered by"),
        max_length=200,
        help_text=_("The person and their unit."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was offered, where and on what occasion."),
    )
    value = forms.DecimalField(
        label=_("Estimated value (yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    handling = forms.ChoiceField(label=_("Handling"), choices=GiftHandling.choices)

    def __init__(self, *args, cadres=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cadres is not None:
            # The office declares for a member; a member declares for themselves (no field).
            self.fields = {"cadre": _members_field(_("Team member"), cadres), **self.fields}


class EvaluationForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=[("", "—"), *Grade.choices])
    comments = forms.CharField(
        label=_("Comments"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One paragraph per line; they are the body of the letter to the home unit."),
    )
    evaluated_on = forms.DateField(
        label=_("Evaluated on"), required=False, widget=forms.DateInput(attrs=_DATE)
    )
