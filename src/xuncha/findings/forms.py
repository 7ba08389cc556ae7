"""Forms of the working papers. They only check and convert input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import SourceKind
from xuncha.findings.models import (
    ConductJudgment,
    Discipline,
    Disposition,
    Distinction,
    Finding,
    ImmediateFix,
    Scope,
)
from xuncha.findings.selectors import record_kinds
from xuncha.knowledge.models import Article, Wording
from xuncha.orgs.models import Unit
from xuncha.orgs.tree import subtree_q

TEXTAREA = {"rows": 4}

FINDING_FIELDS = [
    "title",
    "focus_area",
    "basis",
    "facts",
    "cause",
    "harm",
    "suggestion",
    "amount",
    "regulations",
    "responsible_kind",
    "responsible_unit",
    "responsible_person",
    "responsible_post",
    "discipline",
    "work_style",
    "eight_rules",
    "nature_depth",
    "nature_principle",
    "nature_origin",
    "scope",
    "source_method",
    "is_conduct",
    "disposition",
    "receiver",
    "wording",
]


class FindingForm(forms.ModelForm):
    """The working paper: text, the articles breached (checkboxes named "regulations", found
    through the knowledge base's search), responsibility, classification and disposition."""

    regulations = forms.ModelMultipleChoiceField(
        queryset=Article.objects.all(),
        required=False,
        widget=forms.MultipleHiddenInput,
        label=_("Articles breached"),
    )
    # Any wording: one retired since the paper took it up must not block saving (the service
    # refuses only a retired wording newly chosen).
    wording = forms.ModelChoiceField(
        queryset=Wording.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Finding
        fields = FINDING_FIELDS
        widgets = {
            "basis": forms.Textarea(attrs=TEXTAREA),
            "facts": forms.Textarea(attrs={"rows": 8}),
            "cause": forms.Textarea(attrs=TEXTAREA),
            "harm": forms.Textarea(attrs=TEXTAREA),
            "suggestion": forms.Textarea(attrs=TEXTAREA),
        }

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        self.fields["focus_area"].queryset = inspection.round.focus_areas.order_by(
            "group", "order", "id"
        )
        self.fields["responsible_unit"].queryset = Unit.objects.filter(
            subtree_q(inspection.target.path)
        ).order_by("path")
        self.fields["receiver"].queryset = (
            Unit.objects.filter(subtree_q(inspection.round.jurisdiction.path), is_active=True)
            .exclude(subtree_q(inspection.target.path))
            .order_by("path")
        )
        self.fields["title"].widget.attrs["autocomplete"] = "off"

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("regulations", None)
        return data

    def chosen_articles(self):
        """The articles to show as checked: what was posted, else what the paper cites."""
        if self.is_bound:
            ids = [v for v in self.data.getlist("regulations") if str(v).isdigit()]
            return Article.objects.filter(pk__in=ids).select_related("regulation")
        if self.instance.pk:
            return self.instance.regulations.select_related("regulation")
        return Article.objects.none()


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Finding.Status.choices],
    )
    focus_area = forms.TypedChoiceField(
        label=_("Focus area"), required=False, coerce=int, empty_value=None
    )
    discipline = forms.ChoiceField(
        label=_("Discipline"), required=False, choices=[("", _("All")), *Discipline.choices]
    )
    disposition = forms.ChoiceField(
        label=_("Disposition"), required=False, choices=[("", _("All")), *Disposition.choices]
    )
    scope = forms.ChoiceField(
        label=_("Common or individual"), required=False, choices=[("", _("All")), *Scope.choices]
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].choices = [
            ("", _("All")),
            *inspection.round.focus_areas.order_by("group", "order", "id").values_list(
                "pk", "text"
            ),
        ]

    def apply(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        for name in ("status", "discipline", "disposition", "scope"):
            if data.get(name):
                qs = qs.filter(**{name: data[name]})
        if data.get("focus_area"):
            qs = qs.filter(focus_area_id=data["focus_area"])
        return qs

    @property
    def filtering(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class EvidenceForm(forms.Form):
    """A record of the inspection (its material token) or a described source."""

    record = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices, required=False)
    label = forms.CharField(
        label=_("Which record, or what was seen"), max_length=200, required=False
    )
    note = forms.CharField(
        label=_("What it shows"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class RecordKindForm(forms.Form):
    kind = forms.ChoiceField(choices=record_kinds, required=False)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comments"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class JudgmentForm(forms.ModelForm):
    class Meta:
        model = ConductJudgment
        fields = [
            "person",
            "post",
            "experience",
            "experience_reason",
            "exploration",
            "exploration_reason",
            "purpose",
            "purpose_reason",
            "judgment",
            "outcome",
            "reasoning",
            "departure_reason",
        ]
        widgets = {
            "experience": forms.RadioSelect(choices=Distinction.choices),
            "exploration": forms.RadioSelect(choices=Distinction.choices),
            "purpose": forms.RadioSelect(choices=Distinction.choices),
            "experience_reason": forms.Textarea(attrs={"rows": 2}),
            "exploration_reason": forms.Textarea(attrs={"rows": 2}),
            "purpose_reason": forms.Textarea(attrs={"rows": 2}),
            "reasoning": forms.Textarea(attrs={"rows": 4}),
            "departure_reason": forms.Textarea(attrs={"rows": 3}),
            "judgment": forms.RadioSelect,
            "outcome": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("experience", "exploration", "purpose"):
            self.fields[name].choices = Distinction.choices
        self.fields["judgment"].choices = ConductJudgment.Judgment.choices
        self.fields["outcome"].choices = ConductJudgment.Outcome.choices
        # The service names what is missing, with reasons; the form only converts.
        for name in ("experience_reason", "exploration_reason", "purpose_reason", "reasoning"):
            self.fields[name].required = False


class FixForm(forms.ModelForm):
    class Meta:
        model = ImmediateFix
        fields = ["letter_number", "requirement", "due_on"]
        widgets = {
            "requirement": forms.Textarea(attrs={"rows": 5}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].required = False


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("What the unit has done"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ReplyFileForm(forms.Form):
    file = forms.FileField(label=_("File"))
