"""Forms of the interview pages. They only parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import Area
from xuncha.interviews.models import Audience, Interviewee, PostCategory
from xuncha.people.models import Cadre
from xuncha.staffing.models import TeamMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class TeamMemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        role = getattr(obj, "seat_role", "")
        return f"{obj.full_name}（{role}）" if role else obj.full_name


def team_cadres(inspection):
    """The cadres seated on the inspection's team, with their role for the labels."""
    seats = (
        TeamMember.objects.filter(round_id=inspection.round_id, team_id=inspection.team_id)
        .select_related("cadre")
        .order_by("role", "cadre__full_name")
    )
    roles = {s.cadre_id: s.get_role_display() for s in seats}
    qs = Cadre.objects.filter(pk__in=list(roles)).order_by("full_name")
    return qs, roles


class _TeamForm(forms.Form):
    team_fields: tuple[str, ...] = ()

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        qs, roles = team_cadres(inspection)
        for name in self.team_fields:
            field = self.fields[name]
            field.queryset = qs
            field.label_from_instance = lambda obj, roles=roles: (
                f"{obj.full_name}（{roles.get(obj.pk, '')}）"
            )


class IntervieweeForm(_TeamForm):
    team_fields = ("interviewer", "recorder")

    name = forms.CharField(label=_("Full name"), max_length=60)
    post = forms.CharField(label=_("Post"), max_length=100, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=PostCategory.choices)
    is_principal = forms.BooleanField(label=_("Principal leader"), required=False)
    areas = forms.MultipleChoiceField(
        label=_("Areas in charge"),
        choices=Area.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Questionnaire results of these areas go into the person's outline. Left "
            "empty for a new person, they are suggested from the post."
        ),
    )
    interviewer = TeamMemberChoice(
        label=_("Interviewer"), queryset=Cadre.objects.none(), required=False
    )
    recorder = TeamMemberChoice(label=_("Recorder"), queryset=Cadre.objects.none(), required=False)
    planned_on = forms.DateField(label=_("Planned date"), required=False, widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def initial_of(cls, person: Interviewee) -> dict:
        return {
            "name": person.name,
            "post": person.post,
            "category": person.category,
            "is_principal": person.is_principal,
            "areas": person.areas,
            "interviewer": person.interviewer_id,
            "recorder": person.recorder_id,
            "planned_on": person.planned_on,
            "note": person.note,
        }


class ProposeForm(forms.Form):
    reassign = forms.BooleanField(label=_("Reassign lines already assigned"), required=False)
    schedule = forms.BooleanField(
        label=_("Propose dates for lines without one"), required=False, initial=True
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Interview question"), widget=forms.Textarea(attrs={"rows": 3}))
    area = forms.ChoiceField(label=_("Area"), choices=[("", "—"), *Area.choices], required=False)
    confidential = forms.BooleanField(
        label=_("For the interviewer only (not handed to the interviewee)"), required=False
    )


class BankItemForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    audience = forms.ChoiceField(label=_("For"), choices=Audience.choices)
    keywords = forms.CharField(
        label=_("Post keywords"),
        max_length=200,
        required=False,
        help_text=_(
            "Only for posts containing one of these words, e.g. 财务 会计; empty for every post."
        ),
    )
    text = forms.CharField(label=_("Interview question"), widget=forms.Textarea(attrs={"rows": 3}))
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32000, initial=0)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(label=_("Reached the person on"), widget=DATE)


class InterviewForm(_TeamForm):
    team_fields = ("asker", "recorder")

    interviewee = forms.ModelChoiceField(
        label=_("Interviewee"), queryset=Interviewee.objects.none()
    )
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    starts_at = forms.TimeField(label=_("Starts at"), required=False, widget=TIME)
    ends_at = forms.TimeField(label=_("Ends at"), required=False, widget=TIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    asker = TeamMemberChoice(label=_("Interviewer"), queryset=Cadre.objects.none())
    recorder = TeamMemberChoice(label=_("Recorder"), queryset=Cadre.objects.none())
    record = forms.CharField(label=_("Record"), widget=forms.Textarea(attrs={"rows": 14}))
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    problems = forms.CharField(
        label=_("Problems noted"),
        required=False,
        help_text=_("One problem a line."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    leads = forms.CharField(
        label=_("Leads noted"),
        required=False,
        help_text=_("One lead a line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, inspection, edit: bool = False, **kwargs):
        super().__init__(*args, inspection=inspection, **kwargs)
        self.fields["interviewee"].queryset = Interviewee.objects.filter(
            inspection=inspection
        ).order_by("order", "pk")
        if edit:
            del self.fields["interviewee"]
            self.fields["reason"] = forms.CharField(
                label=_("Why the record is changed"), max_length=500, required=False
            )

    def service_fields(self) -> dict:
        d = self.cleaned_data
        return {
            "held_on": d["held_on"],
            "starts_at": d["starts_at"],
            "ends_at": d["ends_at"],
            "place": d["place"],
            "asker": d["asker"],
            "recorder": d["recorder"],
            "record_text": d["record"],
            "summary": d["summary"],
            "problems": d["problems"],
            "leads": d["leads"],
        }
