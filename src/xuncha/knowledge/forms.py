"""Forms of the knowledge base. They only validate input: the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.findings.models import Discipline, WorkStyle
from xuncha.knowledge.access import owner_choices
from xuncha.knowledge.models import Case, ModelReport, Regulation, Wording
from xuncha.knowledge.services import (
    CASE_FIELDS,
    MODEL_REPORT_FIELDS,
    REGULATION_FIELDS,
    WORDING_FIELDS,
)
from xuncha.orgs.models import Unit
from xuncha.reports.models import ReportKind

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _rows(n: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": n})


def _discipline_choices():
    return [("", _("None")), *Discipline.choices]


def _work_style_choices():
    return [("", _("None")), *WorkStyle.choices]


def _report_kinds():
    return ReportKind.choices


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class _OwnedForm(forms.ModelForm):
    """An entry kept by one of the offices where the user holds knowledge.edit."""

    owner = OwnerField(queryset=Unit.objects.none(), label=_("Kept by"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = owner_choices(user).order_by("path")
        if self.instance.pk and self.instance.owner_id:
            choices = (choices | Unit.objects.filter(pk=self.instance.owner_id)).distinct()
        self.fields["owner"].queryset = choices
        if not self.instance.pk and not self.is_bound:
            first = choices.first()
            if first is not None:
                self.initial.setdefault("owner", first.pk)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "owner"}


class RegulationForm(_OwnedForm):
    class Meta:
        model = Regulation
        fields = ("owner", *REGULATION_FIELDS)
        widgets = {"effective_on": _DATE, "repealed_on": _DATE, "summary": _rows(4)}


class ArticleForm(forms.Form):
    number = forms.CharField(
        label=_("Article"), max_length=40, help_text=_("For example 第二十九条.")
    )
    text = forms.CharField(label=_("Text"), widget=_rows(8))


class ImportForm(forms.Form):
    text = forms.CharField(
        label=_("Full text"),
        widget=_rows(20),
        help_text=_(
            "Paste the regulation as published: every article starting with 第…条 on a "
            "new line. Chapter headings and the title are left out."
        ),
    )
    replace = forms.BooleanField(
        label=_("Replace the articles"),
        required=False,
        help_text=_(
            "Articles with the same number are updated, missing ones removed (unless a "
            "finding cites them). Otherwise the articles are appended."
        ),
    )


class CaseForm(_OwnedForm):
    class Meta:
        model = Case
        fields = ("owner", *CASE_FIELDS)
        widgets = {
            "occurred_on": _DATE,
            "summary": _rows(8),
            "handling": _rows(4),
            "lesson": _rows(4),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discipline"] = forms.ChoiceField(
            label=_("Discipline"), choices=_discipline_choices(), required=False
        )


class WordingForm(_OwnedForm):
    class Meta:
        model = Wording
        fields = ("owner", *WORDING_FIELDS)
        widgets = {"text": _rows(3), "basis": _rows(4)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discipline"] = forms.ChoiceField(
            label=_("Discipline"), choices=_discipline_choices(), required=False
        )
        self.fields["work_style"] = forms.ChoiceField(
            label=_("Work style"), choices=_work_style_choices(), required=False
        )


class ModelReportForm(_OwnedForm):
    class Meta:
        model = ModelReport
        fields = ("owner", *MODEL_REPORT_FIELDS)
        widgets = {"note": _rows(3), "text": _rows(24)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(label=_("Report kind"), choices=_report_kinds())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False, widget=_rows(2))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    focus = forms.ChoiceField(label=_("Focus"), required=False)
    discipline = forms.ChoiceField(label=_("Discipline"), required=False)

    def __init__(self, *args, kinds, focus_values, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]
        self.fields["focus"].choices = [("", _("All focus areas")), *[(v, v) for v in focus_values]]
        self.fields["discipline"].choices = [("", _("All disciplines")), *_discipline_choices()[1:]]
        self.fields["q"].widget = forms.SearchInput(attrs={"autofocus": True})
