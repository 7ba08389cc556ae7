from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import Area
from xuncha.surveys import bank
from xuncha.surveys.models import QuestionKind, Survey, SurveyVersion
from xuncha.surveys.services.distribution import MAX_LINKS_PER_BATCH, MAX_REMARK

NEGATIVE_CHOICES = [("", _("The usual one (否 / 差)")), ("no", "否"), ("yes", "是"), ("poor", "差")]


class SurveyCreateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Survey.Kind.choices,
        widget=forms.RadioSelect,
        initial=Survey.Kind.QUESTIONNAIRE,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for the usual title with the target's name."),
    )
    areas = forms.MultipleChoiceField(
        label=_("Start with the bank questions of"),
        choices=Area.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=list(Area.values),
        help_text=_(
            "A questionnaire takes the yes/no questions of these areas; an appraisal "
            "the overall graded question of each. You tailor them afterwards."
        ),
    )


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(
        label=_("Note to respondents"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Question"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(
        label=_("Answered by"), choices=QuestionKind.choices, initial=bank.YES_NO
    )
    area = forms.ChoiceField(label=_("Area"), choices=[("", "—"), *Area.choices], required=False)
    negative = forms.ChoiceField(
        label=_("Answer counted as negative"),
        choices=NEGATIVE_CHOICES,
        required=False,
        help_text=_("For a question asking whether something wrong happens, choose 是."),
    )
    allow_remark = forms.BooleanField(label=_("Room for a remark"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]


class SubjectForm(forms.Form):
    """An appraised person: name and post as printed on the form."""

    text = forms.CharField(label=_("Full name"), max_length=300)
    subject_post = forms.CharField(label=_("Post"), max_length=100, required=False)


class CountForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of links"), min_value=1, max_value=MAX_LINKS_PER_BATCH, initial=20
    )


class PaperIssuedForm(forms.Form):
    count = forms.IntegerField(label=_("Paper forms handed out"), min_value=0, max_value=100000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class BankQuestionForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label=_("Jurisdiction"), queryset=None, empty_label=None)
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    kind = forms.ChoiceField(
        label=_("Answered by"), choices=QuestionKind.choices, initial=bank.YES_NO
    )
    text = forms.CharField(
        label=_("Question"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    negative = QuestionForm.base_fields["negative"]
    allow_remark = forms.BooleanField(label=_("Room for a remark"), required=False, initial=True)

    def __init__(self, *args, jurisdictions=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["jurisdiction"]
            del self.fields["kind"]
        else:
            self.fields["jurisdiction"].queryset = jurisdictions


class AnswerForm(forms.Form):
    """The questions of one version as a form: a choice `q_<key>` and a remark `r_<key>` per
    question. The public answer page and paper entry both use it."""

    def __init__(self, version: SurveyVersion, *args, paper: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.questions = list(version.questions.all())
        if paper:
            self.fields["sheet_number"] = forms.CharField(
                label=_("Sheet number"),
                max_length=20,
                required=False,
                help_text=_(
                    "The number written on the paper form, so that no form is entered twice."
                ),
            )
        for q in self.questions:
            if q.options:
                self.fields[f"q_{q.key}"] = forms.ChoiceField(
                    label=q.text, choices=q.options, required=False, widget=forms.RadioSelect
                )
            if q.allow_remark:
                self.fields[f"r_{q.key}"] = forms.CharField(
                    label=_("Remark"),
                    max_length=MAX_REMARK,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def rows(self):
        """(question, choice field, remark field) for the template."""
        for q in self.questions:
            yield (
                q,
                self[f"q_{q.key}"] if q.options else None,
                self[f"r_{q.key}"] if q.allow_remark else None,
            )

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            q.key: (data.get(f"q_{q.key}") or "", data.get(f"r_{q.key}") or "")
            for q in self.questions
        }
