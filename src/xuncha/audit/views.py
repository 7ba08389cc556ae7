"""The audit trail page, for the security auditor only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuncha.accounts.permissions import acting_role, has_capability
from xuncha.accounts.roles import Capability
from xuncha.audit.chain import verify_chain
from xuncha.audit.forms import EventFilterForm
from xuncha.audit.models import EventType, Result
from xuncha.audit.permissions import get_event_for_user, visible_events
from xuncha.audit.selectors import filter_events, page_of_events
from xuncha.audit.services import record


def _require_auditor(user) -> None:
    if not has_capability(user, Capability.AUDIT_VIEW):
        raise PermissionDenied


@login_required
def events(request: HttpRequest) -> HttpResponse:
    _require_auditor(request.user)
    form = EventFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = filter_events(visible_events(request.user), data)
    rows, next_before = page_of_events(qs, data.get("before"))
    with transaction.atomic():
        record(EventType.AUDIT_VIEWED, actor=request.user, role=acting_role(request.user),
               unit=request.user.unit,
               changes={"filter": [None, {k: str(v) for k, v in data.items() if v}]})
    query = request.GET.copy()
    query.pop("before", None)
    context = {"form": form, "rows": rows, "next_before": next_before,
               "query": query.urlencode()}
    template = "audit/_rows.html" if request.htmx else "audit/events.html"
    return render(request, template, context)


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_auditor(request.user)
    event = get_event_for_user(request.user, pk)
    return render(request, "audit/event_detail.html", {"event": event})


@login_required
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    _require_auditor(request.user)
    verdict = verify_chain()
    with transaction.atomic():
        record(EventType.AUDIT_VERIFIED, actor=request.user, role=acting_role(request.user),
               unit=request.user.unit, result=Result.SUCCESS if verdict.ok else Result.FAILURE,
               changes={"checked": [None, verdict.checked],
                        "broken": [None, str(verdict.broken) if verdict.broken else None]})
    if verdict.ok:
        messages.success(request, _("The audit chain is intact: %(n)d events checked.")
                         % {"n": verdict.checked})
    else:
        messages.error(request, _("The audit chain is broken at %(where)s.")
                       % {"where": verdict.broken})
    return redirect("audit:events")
