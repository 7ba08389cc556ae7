"""Forms of the copied-text check. They only validate input: the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.copycheck.extraction import MAX_TEXT_CHARS
from xuncha.copycheck.models import MaterialKind
from xuncha.fieldwork.attachments import MAX_BYTES
from xuncha.orgs.models import Unit


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class MaterialForm(forms.Form):
    """A material: a file (.docx, .pdf, .txt) or its pasted text, for a unit under the
    inspected one."""

    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    author = forms.CharField(
        label=_("Whose material"),
        max_length=100,
        required=False,
        help_text=_("The person, for a personal self-criticism."),
    )
    unit = UnitChoice(label=_("Unit"), queryset=Unit.objects.none(), empty_label=None)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("Word (.docx), PDF or text; for a scanned document paste the text below."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.txt"}),
    )
    text = forms.CharField(
        label=_("Or paste the text"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        strip=False,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_BYTES:  # refused before it is read
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self):
        data = super().clean()
        has_file = data.get("file") is not None
        has_text = bool((data.get("text") or "").strip())
        if not self.errors and has_file == has_text:
            raise forms.ValidationError(
                _("Upload a file or paste the text, not both.")
                if has_file
                else _("Upload a file or paste the text.")
            )
        return data

    def upload_kwargs(self) -> dict:
        """The service's keyword arguments for what was entered."""
        data = self.cleaned_data
        out = {
            "unit": data["unit"],
            "kind": data["kind"],
            "title": data["title"],
            "author": data.get("author", ""),
        }
        upload = data.get("file")
        if upload is not None:
            out.update(file_name=upload.name, data=upload.read())
        else:
            out["text"] = data["text"]
        return out


class LiaisonMaterialForm(MaterialForm):
    """The liaison's upload: which inspection of the unit it is for comes first."""

    inspection = forms.ModelChoiceField(label=_("Inspection"), queryset=None, empty_label=None)
    field_order = ["inspection", "kind", "title", "author", "unit", "file", "text"]

    def __init__(self, *args, inspections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = inspections
        self.fields["inspection"].label_from_instance = lambda i: f"{i.round.name} · {i.team.name}"


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
