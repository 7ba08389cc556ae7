"""Immediate fixes (立行立改): the team's letters of an inspection, writing and sending one,
accepting the reply; and the unit liaison's narrow door: the letters sent to their unit (title,
requirement, due date — nothing else of the paper), the reply and its files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.documents.http import send_generated
from xuncha.fieldwork.access import get_stationing_for_user, may_write, reader_role
from xuncha.fieldwork.attachments import MAX_BYTES
from xuncha.findings import access, selectors, services_fix, word
from xuncha.findings.forms import FixForm, ReplyFileForm, ReplyForm
from xuncha.findings.models import Disposition, ImmediateFix

PAGE_SIZE = 30


def _at_fix(finding) -> str:
    return f"{reverse('findings:detail', kwargs={'pk': finding.pk})}#fix"


def _fix_of(request: HttpRequest, pk: int):
    """The finding (through its choke point) and its fix, 404 when it has none."""
    finding = access.get_finding_for_user(request.user, pk)
    fix = ImmediateFix.objects.filter(finding=finding).first()
    return finding, fix


@login_required
@require_GET
def fixes(request: HttpRequest, pk: int) -> HttpResponse:
    """Every immediate fix of an inspection with its due date; overdue letters stand out."""
    inspection = get_stationing_for_user(request.user, pk)
    page = Paginator(selectors.immediate_fixes_of(inspection), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    for fix in page:
        fix.overdue = access.is_overdue(fix, today)
    return render(request, "findings/fixes.html", {"inspection": inspection, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def fix(request: HttpRequest, pk: int) -> HttpResponse:
    """Write or rewrite the hand-over letter of a finding to be fixed at once."""
    finding, found = _fix_of(request, pk)
    if finding.disposition != Disposition.IMMEDIATE_FIX or not may_write(
        request.user, finding.inspection
    ):
        raise PermissionDenied
    if found is not None and found.status != ImmediateFix.Status.DRAFT:
        return redirect("findings:detail", pk=finding.pk)
    initial = None if found else {"due_on": services_fix.default_due(finding)}
    form = FixForm(request.POST or None, instance=found, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_fix.save_fix(finding, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Hand-over letter saved."))
            return redirect(_at_fix(finding))
    return render(
        request,
        "findings/fix_form.html",
        {
            "inspection": finding.inspection,
            "finding": finding,
            "form": form,
        },
    )


@login_required
@require_GET
def fix_letter(request: HttpRequest, pk: int) -> HttpResponse:
    finding, found = _fix_of(request, pk)
    if found is None:
        raise Http404
    found.finding = finding
    role = reader_role(request.user, finding.inspection)
    return send_generated(
        request,
        lambda fmt: word.letter_document(
            found, actor=request.user, role=role, fmt=word.fmt_of(fmt)
        ),
    )


def _act(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    finding, found = _fix_of(request, pk)
    if found is None:
        raise PermissionDenied
    try:
        service(found, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, done)
    return redirect(_at_fix(finding))


@login_required
@require_POST
def fix_send(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services_fix.send_fix, _("Letter handed to the unit."))


@login_required
@require_POST
def fix_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services_fix.accept_fix, _("The unit's reply is accepted."))


# --- The unit's liaison ------------------------------------------------------------------------


@login_required
@require_GET
def liaison_fixes(request: HttpRequest) -> HttpResponse:
    page = Paginator(access.liaison_fixes(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    for found in page:
        found.overdue = access.is_overdue(found, today)
    return render(request, "findings/liaison_fixes.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def liaison_fix(request: HttpRequest, pk: int) -> HttpResponse:
    """One letter sent to the liaison's unit, and the unit's reply."""
    found = access.get_liaison_fix(request.user, pk)
    form = ReplyForm(request.POST or None, initial={"reply": found.reply})
    if request.method == "POST" and form.is_valid():
        try:
            services_fix.reply_fix(found, actor=request.user, reply=form.cleaned_data["reply"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Reply sent to the inspection team."))
            return redirect("findings:liaison_fix", pk=found.pk)
    return render(
        request,
        "findings/liaison_fix.html",
        {
            "fix": found,
            "title": found.finding.title,
            "form": form,
            "file_form": ReplyFileForm(),
            "files": services_fix.liaison_files(found),
            "open": found.status in (ImmediateFix.Status.SENT, ImmediateFix.Status.REPLIED),
            "overdue": access.is_overdue(found),
        },
    )


@login_required
@require_POST
def liaison_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.get_liaison_fix(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    elif upload.size > MAX_BYTES:
        flash_errors(
            request,
            ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20}),
        )
    else:
        try:
            services_fix.add_reply_file(found, upload.name, upload.read(), actor=request.user)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("File attached."))
    return redirect("findings:liaison_fix", pk=found.pk)


@login_required
@require_GET
def liaison_file(request: HttpRequest, pk: int) -> FileResponse:
    attachment = services_fix.get_liaison_file(request.user, pk)
    role = access.liaison_role(
        request.user,
        ImmediateFix.objects.select_related("finding__inspection__target").get(
            pk=attachment.object_id
        ),
    )
    services_fix.record_liaison_download(attachment, actor=request.user, role=role)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.mime,
    )


@login_required
@require_GET
def liaison_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter as the unit received it."""
    found = access.get_liaison_fix(request.user, pk)
    role = access.liaison_role(request.user, found)
    return send_generated(
        request,
        lambda fmt: word.letter_document(
            found, actor=request.user, role=role, fmt=word.fmt_of(fmt)
        ),
    )
