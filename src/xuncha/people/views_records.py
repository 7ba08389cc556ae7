"""Pages that add, change and remove the entries of a cadre's record (résumé, relatives,
working relations, availability, training, rewards).

Every page looks the cadre or the entry up in the scope of people.edit: a person who may read
the cadre but not edit the record gets the same 404 as for an entry that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from xuncha.accounts.roles import Capability
from xuncha.core.forms import apply_errors
from xuncha.orgs.permissions import visible_units
from xuncha.people import services
from xuncha.people.forms import RECORD_FORMS, RemoveRecordForm
from xuncha.people.models import Cadre
from xuncha.people.permissions import get_cadre_for_user, get_record_for_user
from xuncha.people.records import RecordKind, kind_from_slug


def _back(cadre: Cadre | int, kind: RecordKind) -> str:
    pk = cadre.pk if isinstance(cadre, Cadre) else cadre
    return f"{reverse('people:cadre', args=[pk])}#{kind.slug}"


def _form(request: HttpRequest, kind: RecordKind, **kwargs):
    return RECORD_FORMS[kind.slug](
        request.POST or None,
        units=visible_units(request.user, Capability.UNIT_VIEW),
        **kwargs,
    )


def _page(request, form, kind: RecordKind, cadre: Cadre, entry=None) -> HttpResponse:
    return render(
        request,
        "people/record_form.html",
        {"form": form, "kind": kind, "cadre": cadre, "entry": entry, "back": _back(cadre, kind)},
    )


@login_required
def record_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Add an entry of one kind to the cadre's record."""
    record_kind = kind_from_slug(kind)
    cadre = get_cadre_for_user(request.user, pk, Capability.PEOPLE_EDIT)
    form = _form(request, record_kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_record(cadre, record_kind.model, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The entry has been added."))
            return redirect(_back(cadre, record_kind))
    return _page(request, form, record_kind, cadre)


@login_required
def record_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Change an entry of a cadre's record."""
    record_kind = kind_from_slug(kind)
    entry = get_record_for_user(request.user, record_kind.model, pk, Capability.PEOPLE_EDIT)
    form_class = RECORD_FORMS[record_kind.slug]
    form = _form(request, record_kind, initial=form_class.initial_from(entry))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_record(entry, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The entry has been saved."))
            return redirect(_back(entry.cadre_id, record_kind))
    return _page(request, form, record_kind, entry.cadre, entry)


@login_required
def record_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Remove an entry from a cadre's record, after a confirmation with an optional reason."""
    record_kind = kind_from_slug(kind)
    entry = get_record_for_user(request.user, record_kind.model, pk, Capability.PEOPLE_EDIT)
    form = RemoveRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.remove_record(entry, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The entry has been removed."))
        return redirect(_back(entry.cadre_id, record_kind))
    return render(
        request,
        "people/record_remove.html",
        {
            "form": form,
            "kind": record_kind,
            "entry": entry,
            "cadre": entry.cadre,
            "back": _back(entry.cadre_id, record_kind),
        },
    )
