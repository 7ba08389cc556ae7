"""Forms of the records of stationing. They only validate input: the services write."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import (
    DocumentRequest,
    FieldVisit,
    Meeting,
    MeetingKind,
    PersonalMattersCheck,
    SpecialCheck,
)
from xuncha.fieldwork.services_records import CHECK_KINDS, MEETING_FIELDS
from xuncha.orgs.models import Unit
from xuncha.orgs.tree import subtree_q

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _rows(n: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": n})


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = MEETING_FIELDS
        widgets = {
            "held_on": _DATE,
            "starts_at": _TIME,
            "participants": _rows(3),
            "minutes": _rows(12),
        }


class MeetingFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *MeetingKind.choices]
    )


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- Visits and checks ---------------------------------------------------------------------------


class FieldVisitForm(forms.ModelForm):
    class Meta:
        model = FieldVisit
        fields = CHECK_KINDS["visit"].fields
        widgets = {"visited_on": _DATE, "purpose": _rows(3), "findings": _rows(8)}

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        # Visits go one or two levels down: the target and the units under it.
        self.fields["unit"].queryset = Unit.objects.filter(
            subtree_q(inspection.target.path), is_active=True
        ).order_by("path")


class PersonalMattersCheckForm(forms.ModelForm):
    class Meta:
        model = PersonalMattersCheck
        fields = CHECK_KINDS["personal"].fields
        widgets = {"checked_on": _DATE, "items_checked": _rows(4), "discrepancies": _rows(6)}

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("report_year", timezone.localdate().year - 1)


class SpecialCheckForm(forms.ModelForm):
    class Meta:
        model = SpecialCheck
        fields = CHECK_KINDS["special"].fields
        widgets = {"checked_on": _DATE, "scope": _rows(4), "findings": _rows(8)}

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)


CHECK_FORMS = {
    "visit": FieldVisitForm,
    "personal": PersonalMattersCheckForm,
    "special": SpecialCheckForm,
}


# --- Document requests ---------------------------------------------------------------------------

_SEPARATOR = re.compile(r"\s*[|｜\t]\s*")


def parse_items(text: str) -> list[tuple[str, str]]:
    """One document a line; the period it covers after a bar (| or ｜) or a tab."""
    items = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        name, period = [*_SEPARATOR.split(line, maxsplit=1), ""][:2]
        items.append((name.strip(), period.strip()))
    return items


class DocumentRequestForm(forms.ModelForm):
    class Meta:
        model = DocumentRequest
        fields = ("title", "sent_on", "due_on", "note")
        widgets = {"sent_on": _DATE, "due_on": _DATE, "note": _rows(3)}


class NewDocumentRequestForm(DocumentRequestForm):
    items = forms.CharField(
        label=_("Documents asked for"),
        widget=_rows(10),
        help_text=_(
            "One document a line; the period it covers after a bar, e.g. "
            "“党组会议记录 | 2023年1月至今”."
        ),
    )

    def clean_items(self):
        items = parse_items(self.cleaned_data["items"])
        if not items:
            raise forms.ValidationError(_("List at least one document."))
        return items


class ItemForm(forms.Form):
    name = forms.CharField(label=_("Document"), max_length=200)
    period = forms.CharField(label=_("Period covered"), max_length=100, required=False)


class MoveForm(forms.Form):
    """One step of a requested document; which fields count depends on `move`."""

    move = forms.ChoiceField(
        choices=[("provide", "provide"), ("return", "return"), ("check", "check")],
        widget=forms.HiddenInput,
    )
    provided_on = forms.DateField(label=_("Provided on"), required=False, widget=_DATE)
    return_reason = forms.CharField(
        label=_("What more is needed"), required=False, widget=_rows(3), max_length=2000
    )
    checked_on = forms.DateField(label=_("Checked on"), required=False, widget=_DATE)
    findings = forms.CharField(
        label=_("What was found"), required=False, widget=_rows(5), max_length=10000
    )


class ProvideForm(forms.Form):
    provided_on = forms.DateField(label=_("Provided on"), required=False, widget=_DATE)
