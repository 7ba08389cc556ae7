"""Forms of the team pages. They only collect input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.people.models import Cadre, Team
from xuncha.staffing.models import MemberRole
from xuncha.staffing.services import TIME_LIMIT_RANGE


class ProposeForm(forms.Form):
    time_limit = forms.FloatField(
        label=_("Time limit (seconds)"),
        min_value=TIME_LIMIT_RANGE[0],
        max_value=TIME_LIMIT_RANGE[1],
        initial=10,
        required=False,
        help_text=_(
            "How long the assistant may search; it stops earlier once the best formation is proven."
        ),
    )

    def clean_time_limit(self):
        value = self.cleaned_data["time_limit"]
        return 10.0 if value is None else value


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Team) -> str:
        return obj.name


class CadreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Cadre) -> str:
        return f"{obj.full_name}（{obj.unit.display_name}）"


class AddMemberForm(forms.Form):
    team = TeamChoiceField(label=_("Team"), queryset=Team.objects.none())
    cadre = CadreChoiceField(
        label=_("Cadre"),
        queryset=Cadre.objects.none(),
        help_text=_(
            "Active members of the talent pools of the teams' jurisdictions not yet on a team."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    override_reason = forms.CharField(
        label=_("Reason to assign anyway"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed when the cadre is unavailable for the stationing period or led the "
            "last inspection of a target. Conflicts of interest are decided on the "
            "recusal pages."
        ),
    )

    def __init__(self, *args, teams=None, cadres=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams if teams is not None else Team.objects.none()
        self.fields["cadre"].queryset = cadres if cadres is not None else Cadre.objects.none()


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
    override_reason = forms.CharField(
        label=_("Reason to assign anyway"), required=False, max_length=500
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it rejected?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
