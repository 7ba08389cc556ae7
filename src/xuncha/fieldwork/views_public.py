"""The public side of an inspection: its published announcement, without an account.

Only what the announcement publishes is shown — target, team, period, how and until when to
report — never case material. An announcement not yet published, or withdrawn, is a 404 like
an inspection that does not exist."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from xuncha.fieldwork import notices
from xuncha.fieldwork.models import Announcement
from xuncha.fieldwork.views_prep import public_url

PAGE_SIZE = 30


def published() -> QuerySet[Announcement]:
    return Announcement.objects.filter(
        published_at__isnull=False, withdrawn_at__isnull=True
    ).select_related(
        "inspection",
        "inspection__round",
        "inspection__round__jurisdiction",
        "inspection__team",
        "inspection__target",
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The published announcements of inspections whose stationing has not ended."""
    today = timezone.localdate()
    qs = (
        published()
        .annotate(ends=Coalesce("inspection__stationed_until", "inspection__round__ends_on"))
        .filter(ends__gte=today)
        .order_by("-published_at", "pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public/index.html", {"page": page, "today": today})


@require_GET
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_object_or_404(published(), inspection_id=pk)
    url = public_url(request, pk)
    start, end = announcement.inspection.window
    return render(
        request,
        "public/inspection.html",
        {
            "a": announcement,
            "i": announcement.inspection,
            "start": start,
            "end": end,
            "closed": announcement.intake_closes_on < timezone.localdate(),
            "qr": notices.qr_svg(url),
            "url": url,
        },
    )
