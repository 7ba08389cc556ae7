"""Forms of the report pages. The edit and hearing forms are built from the report: one text
area per section, one decision per item."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.reports.approval import APPROVE, LEAD_USES, MEETING_KINDS, RETURN
from xuncha.reports.assembly import section_label
from xuncha.reports.models import ReportKind, Use


class CreateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Report"),
        choices=[
            (ReportKind.INSPECTION, _("Inspection report")),
            (ReportKind.LEADS, _("Leads report")),
        ],
    )


class CreateRoundForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Report"),
        choices=[
            (ReportKind.SPECIAL_TOPIC, _("Special-topic report")),
            (ReportKind.SUMMARY, _("Summary report")),
        ],
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        required=False,
        queryset=None,
        empty_label=_("All teams of the round"),
        help_text=_("A special-topic report may cover one team's targets only."),
    )

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class ReassembleForm(forms.Form):
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


def section_field(key: str) -> str:
    return f"s_{key}"


class EditForm(forms.Form):
    """One text area per section of the latest version, the version it started from, and a
    note."""

    base = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        help_text=_("Left empty, the changed sections are named."),
    )

    def __init__(self, *args, sections: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for s in sections:
            self.fields[section_field(s["key"])] = forms.CharField(
                label=section_label(s),
                required=False,
                widget=forms.Textarea(attrs={"rows": max(3, min(16, s["text"].count("\n") + 3))}),
                initial=s["text"],
            )

    def rows(self):
        """(section, bound field) in the report's order, for the template."""
        return [(s, self[section_field(s["key"])]) for s in self.sections]

    def texts(self) -> dict[str, str]:
        """The sections posted (a section left out of the request keeps its text)."""
        return {
            s["key"]: self.cleaned_data.get(section_field(s["key"]), "")
            for s in self.sections
            if section_field(s["key"]) in self.data
        }


class StepForm(forms.Form):
    """A body's hearing: date, meeting, opinion, approve or return, and a decision per item."""

    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    meeting = forms.ModelChoiceField(label=_("Meeting record"), required=False, queryset=None)
    opinion = forms.CharField(
        label=_("Opinion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the report is returned."),
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[(APPROVE, _("Approve")), (RETURN, _("Return for revision"))],
    )

    def __init__(self, *args, items, initial_uses: dict, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.items = items
        lead_choices = [(u, label) for u, label in Use.choices if u in LEAD_USES]
        for item in items:
            use, note = initial_uses.get(item.pk, ("", ""))
            self.fields[f"use_{item.pk}"] = forms.ChoiceField(
                label=_("How it is used"),
                choices=lead_choices if item.lead_id else Use.choices,
                initial=use,
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=2000,
                initial=note,
                widget=forms.TextInput(attrs={"aria-label": _("Note")}),
            )

    def head_fields(self):
        return [self[name] for name in ("held_on", "meeting", "opinion", "decision")]

    def rows(self):
        return [(item, self[f"use_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def decisions(self) -> dict[int, tuple[str, str]]:
        return {
            item.pk: (
                self.cleaned_data[f"use_{item.pk}"],
                self.cleaned_data.get(f"note_{item.pk}", ""),
            )
            for item in self.items
        }


def meetings_for(report):
    """The meetings of the report's inspection a hearing may point at."""
    from xuncha.fieldwork.models import Meeting

    if report.inspection_id is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(
        inspection_id=report.inspection_id, kind__in=MEETING_KINDS
    ).order_by("-held_on", "-id")
