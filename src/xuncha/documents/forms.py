"""Forms of the template pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.documents.services import MAX_TEMPLATE_BYTES


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Word file (.docx)"),
        widget=forms.FileInput(attrs={"accept": ".docx"}),
        help_text=_(
            "Edit the downloaded template in Word, keep the placeholders in double "
            "braces, and upload it here. It is tried on sample data first."
        ),
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(
                _("The template is larger than %(mb)d MB.") % {"mb": MAX_TEMPLATE_BYTES // 2**20}
            )
        return upload


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class PreviewForm(forms.Form):
    format = forms.ChoiceField(choices=[("docx", "Word"), ("pdf", "PDF")], initial="docx")
