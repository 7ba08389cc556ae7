"""The interview question bank as one inspection sees it: the built-in questions and its
jurisdiction's own, to pick from for an outline; the office keeps the jurisdiction's own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.fieldwork.access import may_write
from xuncha.fieldwork.models import Area
from xuncha.interviews import reference as ref
from xuncha.interviews import services
from xuncha.interviews.access import get_bank_item_for_user, get_outline_for_user, may_edit_bank
from xuncha.interviews.forms import BankItemForm
from xuncha.interviews.models import Audience, InterviewOutline, OutlineKind, QuestionBankItem
from xuncha.interviews.views.plan import inspection_for


def _sections(jurisdiction_id: int, audience: str, area: str):
    """The bank grouped by audience: built-in entries and the jurisdiction's own items."""
    own = QuestionBankItem.objects.filter(jurisdiction_id=jurisdiction_id)
    items = [
        {
            "key": e.key,
            "area": e.area,
            "audience": e.audience,
            "text": e.text,
            "keywords": " ".join(e.keywords),
            "builtin": True,
            "active": True,
            "pk": None,
        }
        for e in ref.BUILTIN_BANK
    ] + [
        {
            "key": i.key,
            "area": i.area,
            "audience": i.audience,
            "text": i.text,
            "keywords": i.keywords,
            "builtin": False,
            "active": i.active,
            "pk": i.pk,
        }
        for i in own
    ]
    area_labels = dict(Area.choices)
    out = []
    for value, label in Audience.choices:
        if audience and value != audience:
            continue
        rows = [
            dict(row, area_label=area_labels.get(row["area"], ""))
            for row in items
            if row["audience"] == value and (not area or row["area"] == area)
        ]
        if rows:
            out.append({"audience": value, "label": label, "rows": rows})
    return out


@login_required
@require_GET
def bank(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    jurisdiction = inspection.round.jurisdiction
    audience = request.GET.get("audience", "")
    area = request.GET.get("area", "")
    outlines = list(
        InterviewOutline.objects.filter(inspection=inspection)
        .select_related("interviewee")
        .order_by("kind", "interviewee__order", "pk")
    )
    chosen = request.GET.get("outline", "")
    target = next((o for o in outlines if str(o.pk) == chosen), None)
    return render(
        request,
        "interviews/bank.html",
        {
            "inspection": inspection,
            "jurisdiction": jurisdiction,
            "sections": _sections(jurisdiction.pk, audience, area),
            "audiences": Audience.choices,
            "areas": Area.choices,
            "audience": audience,
            "area": area,
            "outlines": outlines,
            "target": target,
            "writable": may_write(request.user, inspection),
            "may_edit_bank": may_edit_bank(request.user, jurisdiction),
        },
    )


@login_required
@require_POST
def outline_add_from_bank(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_outline_for_user(request.user, pk)
    try:
        added = services.add_bank_questions(found, request.POST.getlist("keys"), actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(f"{_bank_url(found)}?outline={found.pk}")
    messages.success(
        request,
        ngettext(
            "%(n)d question added from the bank.", "%(n)d questions added from the bank.", added
        )
        % {"n": added},
    )
    if found.kind == OutlineKind.GENERAL:
        return redirect("interviews:general_outline", pk=found.inspection_id)
    return redirect("interviews:outline", pk=found.pk)


def _bank_url(outline: InterviewOutline) -> str:
    return reverse("interviews:bank", kwargs={"pk": outline.inspection_id})


def _item_page(request, inspection, form, item=None) -> HttpResponse:
    return render(
        request,
        "interviews/bank_item_form.html",
        {
            "inspection": inspection,
            "form": form,
            "item": item,
            "jurisdiction": inspection.round.jurisdiction,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a question of the jurisdiction's own (reached from one of its inspections)."""
    inspection = inspection_for(request, pk)
    jurisdiction = inspection.round.jurisdiction
    if not may_edit_bank(request.user, jurisdiction):
        raise PermissionDenied
    if request.method == "GET":
        return _item_page(request, inspection, BankItemForm())
    form = BankItemForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_bank_item(
                jurisdiction,
                actor=request.user,
                area=d["area"],
                audience=d["audience"],
                text=d["text"],
                keywords=d["keywords"],
                order=d["order"] or 0,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The question has been added to the bank."))
            return redirect("interviews:bank", pk=inspection.pk)
    return _item_page(request, inspection, form)


@login_required
@require_http_methods(["GET", "POST"])
def bank_item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    item = get_bank_item_for_user(request.user, item_pk)
    if item.jurisdiction_id != inspection.round.jurisdiction_id:
        raise Http404
    if request.method == "GET":
        form = BankItemForm(
            initial={
                "area": item.area,
                "audience": item.audience,
                "keywords": item.keywords,
                "text": item.text,
                "order": item.order,
                "active": item.active,
            }
        )
        return _item_page(request, inspection, form, item)
    form = BankItemForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.update_bank_item(
                item,
                actor=request.user,
                area=d["area"],
                audience=d["audience"],
                keywords=d["keywords"],
                text=d["text"],
                order=d["order"] or 0,
                active=d["active"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect("interviews:bank", pk=inspection.pk)
    return _item_page(request, inspection, form, item)
