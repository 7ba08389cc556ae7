"""Forms of the recusal pages. They only collect input; the services in `staffing.recusal`
decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.forms import UnitChoiceField
from xuncha.orgs.models import Unit
from xuncha.people.models import Cadre
from xuncha.plans.models import Round
from xuncha.staffing.models import RecusalKind, RecusalStatus


class TargetField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class CadreField(forms.ModelChoiceField):
    """A cadre shown with the work unit, so that namesakes can be told apart."""

    def label_from_instance(self, obj: Cadre) -> str:
        return f"{obj.full_name}（{obj.unit.display_name}）"


class RoundField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Round) -> str:
        return obj.name


_DETAIL = forms.Textarea(attrs={"rows": 4})


class DeclarationForm(forms.Form):
    """A self-declaration: against a target of the chosen round, or against any unit (by code)
    when no round is chosen."""

    target = TargetField(label=_("Target"), queryset=Unit.objects.none())
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Kind of recusal"), choices=RecusalKind.choices)
    detail = forms.CharField(
        label=_("The conflict"),
        widget=_DETAIL,
        max_length=2000,
        help_text=_("Who or what ties you to the target, and since when."),
    )

    def __init__(self, *args, targets=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if targets is not None:
            self.fields["target"].queryset = targets
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
            del self.fields["target"]

    @property
    def chosen_target(self) -> Unit:
        return self.cleaned_data.get("target") or self.cleaned_data.get("unit")


class ObjectionForm(forms.Form):
    """An objection the target raised against a cadre of the round."""

    cadre = CadreField(label=_("Cadre"), queryset=Cadre.objects.none())
    target = TargetField(label=_("Target raising the objection"), queryset=Unit.objects.none())
    raised_by = forms.CharField(
        label=_("Raised by"),
        max_length=100,
        help_text=_("Who raised it on the target's side, for example 党委书记王某."),
    )
    kind = forms.ChoiceField(label=_("Kind of recusal"), choices=RecusalKind.choices)
    detail = forms.CharField(label=_("The objection"), widget=_DETAIL, max_length=2000)

    def __init__(self, *args, cadres=None, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres if cadres is not None else Cadre.objects.none()
        self.fields["target"].queryset = targets if targets is not None else Unit.objects.none()


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("", "—"),
            (RecusalStatus.UPHELD, _("Uphold: the cadre stands aside")),
            (RecusalStatus.OVERRIDDEN, _("Override: the assignment may go ahead")),
            (RecusalStatus.DISMISSED, _("Dismiss: not a real conflict")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Required to override or dismiss."),
    )
    substitute = CadreField(
        label=_("Proposed substitute"),
        queryset=Cadre.objects.none(),
        required=False,
        help_text=_("Only when upheld; only pool members nothing blocks for this target."),
    )

    def __init__(self, *args, substitutes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if substitutes is None:
            del self.fields["substitute"]
        else:
            self.fields["substitute"].queryset = substitutes


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen the decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
