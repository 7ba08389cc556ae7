"""Forms of the planning pages. They only collect input; the services decide."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.forms import UnitChoiceField
from xuncha.accounts.models import User
from xuncha.orgs.models import Unit
from xuncha.people.models import Specialty, Team
from xuncha.plans.models import FocusArea, Inspection, PlanningSettings, RoundKind, Term
from xuncha.plans.permissions import approvers_of

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, required=True, **kwargs):
    return forms.DateField(label=label, required=required, widget=DATE, **kwargs)


def _text(label, rows=4, required=False, **kwargs):
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class JurisdictionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class ApproverField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name or obj.username}（{obj.username}）"


class SettingsForm(forms.Form):
    deconfliction_months = forms.IntegerField(
        label=_("Warn when the target was inspected within (months)"), min_value=1, max_value=120
    )
    round_approver = ApproverField(
        label=_("Round approver"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Any leading group member of the jurisdiction"),
        help_text=_("When set, only this person may approve or return rounds."),
    )
    notice_days = forms.IntegerField(
        label=_("Notice sent days before stationing"), min_value=0, max_value=60
    )
    outline_lead_days = forms.IntegerField(
        label=_("Outline reaches the interviewee at least (days) before the interview"),
        min_value=0,
        max_value=30,
    )
    survey_flag_percent = forms.IntegerField(
        label=_("Flag a survey question when negative answers reach (%)"),
        min_value=1,
        max_value=100,
    )
    worked_within_years = forms.IntegerField(
        label=_("Recuse if worked at the target within (years)"), min_value=0, max_value=30
    )
    worked_longer_than_years = forms.IntegerField(
        label=_("Recuse if worked at the target for more than (years)"), min_value=0, max_value=30
    )
    superior_within_years = forms.IntegerField(
        label=_("Recuse if superior or subordinate of a leadership member within (years)"),
        min_value=0,
        max_value=30,
    )
    min_team_size = forms.IntegerField(label=_("Smallest team"), min_value=2, max_value=30)
    max_team_size = forms.IntegerField(label=_("Largest team"), min_value=2, max_value=30)
    required_expertise = forms.CharField(
        label=_("Expertise every team needs"),
        max_length=200,
        required=False,
        help_text=_(
            "Groups separated by commas, alternatives by |: finance|audit,discipline "
            "means one member with finance or audit and one with discipline. Tags: "
            "%(tags)s."
        )
        % {"tags": ", ".join(Specialty.values)},
    )

    def __init__(self, *args, jurisdiction: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round_approver"].queryset = approvers_of(jurisdiction)

    @staticmethod
    def initial_from(settings: PlanningSettings) -> dict:
        return {
            name: getattr(settings, name)
            for name in SettingsForm.base_fields
            if name != "round_approver"
        } | {"round_approver": settings.round_approver_id}


class TermForm(forms.Form):
    jurisdiction = JurisdictionField(label=_("Jurisdiction"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("Name"), max_length=60, help_text=_("For example 第十二届."))
    starts_on = _date(_("From"))
    ends_on = _date(_("Until"))

    def __init__(self, *args, jurisdictions=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["jurisdiction"]
        else:
            self.fields["jurisdiction"].queryset = (
                jurisdictions if jurisdictions is not None else Unit.objects.none()
            )


class AddEntryForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    planned_year = forms.TypedChoiceField(label=_("Planned year"), coerce=int, choices=())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, term: Term, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["planned_year"].choices = [(y, y) for y in term.years]


class AnnualPlanCreateForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    rounds_planned = forms.IntegerField(
        label=_("Rounds planned"), min_value=0, max_value=12, initial=2
    )
    notes = _text(_("Notes"), rows=3)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


class AnnualPlanForm(forms.Form):
    rounds_planned = forms.IntegerField(label=_("Rounds planned"), min_value=0, max_value=12)
    notes = _text(_("Notes"), rows=6)


class FocusAreaForm(forms.Form):
    group = forms.CharField(
        label=_("Set"),
        max_length=40,
        help_text=_("For example 四个聚焦."),
        widget=forms.TextInput(attrs={"list": "focus-groups"}),
    )
    text = forms.CharField(label=_("Focus"), max_length=200)
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Smaller numbers come first."),
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["is_active"]


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RoundKind.choices)
    starts_on = _date(_("Stationing from"))
    ends_on = _date(_("Stationing until"))
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        required=False,
        help_text=_("Leave empty for the usual name (…2026年第一轮巡察)."),
    )
    term = forms.ModelChoiceField(
        label=_("Term"),
        queryset=Term.objects.none(),
        required=False,
        empty_label=_("The term running when stationing starts"),
    )
    theme = forms.CharField(
        label=_("Theme"),
        max_length=200,
        required=False,
        help_text=_("The field or theme of a special, mobile or linked round."),
    )
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas"),
        queryset=FocusArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    focus_notes = _text(_("Further focus"), rows=3)
    work_plan = _text(_("Work plan"), rows=10)
    deconfliction_reason = _text(_("Reason to proceed"), rows=3)

    def __init__(self, *args, jurisdiction: Unit, keep=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            # Only new dates of a round with targets can raise deconfliction warnings.
            del self.fields["deconfliction_reason"]
        self.fields["term"].queryset = Term.objects.filter(jurisdiction=jurisdiction)
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(
            Q(is_active=True) | Q(pk__in=list(keep)), jurisdiction=jurisdiction
        ).order_by("group", "order", "id")

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Stationing ends on or after the day it starts."))
        return data

    def focus_groups(self) -> list[tuple[str, list]]:
        """The focus-area checkboxes grouped by set, for the template."""
        chosen = {str(v) for v in (self["focus_areas"].value() or [])}
        groups: dict[str, list] = {}
        for area in self.fields["focus_areas"].queryset:
            groups.setdefault(area.group, []).append(
                {"area": area, "checked": str(area.pk) in chosen}
            )
        return list(groups.items())


class TeamField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Team) -> str:
        return f"{obj.name}（{obj.jurisdiction.display_name}）"


class LookbackField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Inspection) -> str:
        start, end = obj.window
        return f"{obj.round.name} · {obj.team.name}（{start:%Y-%m-%d}—{end:%Y-%m-%d}）"


class InspectionForm(forms.Form):
    target = UnitChoiceField(label=_("Target"), queryset=Unit.objects.none())
    team = TeamField(label=_("Team"), queryset=Team.objects.none())
    stationed_from = _date(
        _("Own stationing from"),
        required=False,
        help_text=_("Leave empty to use the round's dates."),
    )
    stationed_until = _date(_("Own stationing until"), required=False)
    lookback_of = LookbackField(
        label=_("Earlier inspection"),
        queryset=Inspection.objects.none(),
        required=False,
        help_text=_("The inspection this look-back follows up."),
    )
    work_plan = _text(_("Work plan"), rows=5)
    deconfliction_reason = _text(_("Reason to proceed"), rows=3)

    def __init__(
        self,
        *args,
        targets=None,
        teams=None,
        lookbacks=None,
        suggest_url="",
        lookback_url="",
        lookback=False,
        editing=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["target"]
        else:
            field = self.fields["target"]
            field.queryset = targets if targets is not None else Unit.objects.none()
            field.widget.attrs.update(
                {
                    "hx-get": suggest_url,
                    "name": "target",
                    "list": "target-suggestions",
                    "hx-target": "#target-suggestions",
                }
            )
        self.fields["team"].queryset = teams if teams is not None else Team.objects.none()
        if teams is not None and not self.is_bound and "team" not in self.initial:
            only = list(teams[:2])
            if len(only) == 1:
                self.initial["team"] = only[0].pk
        if lookback:
            self.fields["lookback_of"].queryset = (
                lookbacks if lookbacks is not None else Inspection.objects.none()
            )
            self.fields["lookback_of"].required = True
            if not editing:
                # The choice follows the target typed above it.
                self.fields["lookback_of"].widget.attrs.update(
                    {
                        "hx-get": lookback_url,
                        "hx-trigger": "change from:#id_target",
                        "hx-include": "#id_target",
                        "hx-target": "this",
                        "hx-swap": "innerHTML",
                    }
                )
        else:
            del self.fields["lookback_of"]

    def clean(self):
        data = super().clean()
        start, end = data.get("stationed_from"), data.get("stationed_until")
        if start and end and end < start:
            self.add_error("stationed_until", _("Stationing ends on or after the day it starts."))
        return data


class CommentForm(forms.Form):
    comment = _text(_("Comment"), rows=3)

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = required


class TransitionForm(forms.Form):
    to_stage = forms.CharField(widget=forms.HiddenInput)
    note = _text(_("Note"), rows=2)
