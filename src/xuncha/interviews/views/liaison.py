"""The target's liaison: the outlines sent to their unit, question texts only, and the day
each reached the person. Nothing else of the team's material is shown here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xuncha.accounts.permissions import role_for
from xuncha.accounts.roles import Capability
from xuncha.core.forms import flash_errors
from xuncha.documents.http import send_generated
from xuncha.interviews import services
from xuncha.interviews.access import get_liaison_outline, is_liaison, liaison_outlines
from xuncha.interviews.delivery import GENERAL, INDIVIDUAL, delivery_warning, lead_days
from xuncha.interviews.documents import outline_docx
from xuncha.interviews.forms import DeliveryForm

PAGE_SIZE = 30


def liaison_rows(user, *, pending_only: bool = False):
    """(outline, warning) for each outline sent to the user's units, undelivered first."""
    qs = liaison_outlines(user).annotate(n_interviews=Count("interviewee__interviews"))
    if pending_only:
        qs = qs.filter(delivered_on__isnull=True)
    qs = qs.order_by(
        "delivered_on", "interviewee__planned_on", "inspection_id", "interviewee__order", "pk"
    )
    return qs


def with_warnings(outlines) -> list[dict]:
    leads: dict[int, int] = {}
    today = timezone.localdate()
    rows = []
    for outline in outlines:
        jurisdiction_id = outline.inspection.round.jurisdiction_id
        if jurisdiction_id not in leads:
            leads[jurisdiction_id] = lead_days(outline.inspection)
        rows.append(
            {
                "outline": outline,
                "person": outline.interviewee,
                "general": [q["text"] for q in outline.sent_questions if q["part"] == GENERAL],
                "own": [q["text"] for q in outline.sent_questions if q["part"] == INDIVIDUAL],
                "count": len(outline.sent_questions),
                "warning": delivery_warning(
                    planned_on=outline.interviewee.planned_on,
                    outline=outline,
                    lead=leads[jurisdiction_id],
                    interviewed=outline.n_interviews > 0,
                    today=today,
                ),
            }
        )
    return rows


@login_required
@require_GET
def liaison(request: HttpRequest) -> HttpResponse:
    if not is_liaison(request.user):
        raise PermissionDenied
    pending = request.GET.get("show") == "pending"
    page = Paginator(liaison_rows(request.user, pending_only=pending), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "interviews/liaison.html",
        {
            "page": page,
            "rows": with_warnings(page.object_list),
            "pending": pending,
            "form": DeliveryForm(initial={"delivered_on": timezone.localdate()}),
        },
    )


@login_required
@require_POST
def liaison_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_liaison_outline(request.user, pk)
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
    else:
        try:
            services.record_delivery(
                found, actor=request.user, delivered_on=form.cleaned_data["delivered_on"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request,
                _("Recorded: the outline reached %(name)s.") % {"name": found.interviewee.name},
            )
    return redirect("interviews:liaison")


@login_required
@require_GET
def liaison_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The outline as it was sent, as a Word file to print and hand over."""
    found = get_liaison_outline(request.user, pk)
    role = role_for(request.user, Capability.LIAISON_RECEIVE, found.inspection.target.path) or ""
    return send_generated(
        request,
        lambda fmt: outline_docx(
            found, found.sent_questions, actor=request.user, role=role, fmt=fmt
        ),
    )
