"""Forms of the pages before stationing: information requests, answers, the notice and the
announcement. They only read input; the services in `services_prep` and `notices` decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.fieldwork.models import Partner

DATE = {"type": "date"}
# Browsers read a date input in ISO form only, whatever the interface language.
ISO = "%Y-%m-%d"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once; the content is checked by the service, not by the name."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            files = [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        else:
            files = [super().clean(data, initial)] if data else []
        from xuncha.fieldwork.attachments import MAX_BYTES

        # Refused before anything is read into memory.
        if any(f.size > MAX_BYTES for f in files):
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20}
            )
        return files


def uploads(files) -> list[tuple[str, bytes]]:
    """(name, content) of uploaded files, for the services."""
    return [(f.name, f.read()) for f in files or ()]


class RequestForm(forms.Form):
    partner = forms.ChoiceField(label=_("Department"), choices=Partner.choices)
    recipient = forms.ModelChoiceField(
        label=_("Recipient unit"),
        queryset=None,
        required=False,
        help_text=_(
            "Units whose staff may answer online. Leave empty when the department "
            "answers on paper and the office records the answer."
        ),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    questions = forms.CharField(
        label=_("What is asked"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "For example: petitions and clues about the leadership team in the last "
            "three years; audit findings and their rectification."
        ),
    )
    due_on = forms.DateField(label=_("Answer due"), widget=forms.DateInput(attrs=DATE, format=ISO))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = units
        self.fields["recipient"].label_from_instance = lambda unit: unit.name


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    files = MultipleFileField(
        label=_("Files"), help_text=_("PDF, images, Word, Excel or text; several at once.")
    )


class RecordAnswerForm(AnswerForm):
    answered_on = forms.DateField(
        label=_("Answer received on"),
        widget=forms.DateInput(attrs=DATE, format=ISO),
        initial=timezone.localdate,
    )


class SentOnForm(forms.Form):
    sent_on = forms.DateField(
        label=_("Sent on"),
        widget=forms.DateInput(attrs=DATE, format=ISO),
        initial=timezone.localdate,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class NoticeForm(forms.Form):
    number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    addressee = forms.CharField(label=_("Addressed to"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("One paragraph per line."),
    )


class AnnouncementForm(forms.Form):
    scope = forms.CharField(
        label=_("Scope of complaints"), widget=forms.Textarea(attrs={"rows": 6})
    )
    duty_phone = forms.CharField(label=_("Duty phone"), max_length=60)
    mailbox = forms.CharField(label=_("Postal mailbox"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    reception_place = forms.CharField(label=_("Reception place"), max_length=200, required=False)
    reception_hours = forms.CharField(label=_("Reception hours"), max_length=200)
    intake_closes_on = forms.DateField(
        label=_("Intake closes on"),
        widget=forms.DateInput(attrs=DATE, format=ISO),
        help_text=_("Within stationing, usually a few days before it ends."),
    )
