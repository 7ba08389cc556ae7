"""Pages of the stationing day: work logs, the evening briefing and its problem list, and the
statistics of an inspection and of a round."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.core.forms import apply_errors, flash_errors
from xuncha.documents import chinese_date
from xuncha.documents.generation import generate
from xuncha.documents.http import send_generated
from xuncha.fieldwork import briefing, services_briefing, statistics
from xuncha.fieldwork.access import (
    get_stationing_for_user,
    may_write,
    office_role,
    reader_role,
    seat,
    visible_stationings,
)
from xuncha.fieldwork.forms_briefing import (
    BriefingForm,
    DayForm,
    DropForm,
    ProblemForm,
    RaiseForm,
    SourceForm,
    WorkLogForm,
)
from xuncha.fieldwork.models import DraftProblem, MeetingKind, WorkLog
from xuncha.plans.models import Round


def _day(request: HttpRequest, inspection) -> date:
    """The day asked for, else today within stationing, else the last day of stationing."""
    form = DayForm(request.GET or request.POST)
    if form.is_valid() and form.cleaned_data["day"]:
        return form.cleaned_data["day"]
    return briefing.default_day(inspection)


def _may_hand_off(user, inspection) -> bool:
    member = seat(user, inspection)
    return office_role(user, inspection) is not None or (
        member is not None and member.role in services_briefing.LEADING_SEATS
    )


def _briefing_page(request, inspection, day, *, raise_form=None, status=200) -> HttpResponse:
    material = briefing.shown(briefing.day_material(inspection, day), actor=request.user)
    day_problems = list(briefing.problems(inspection, day))
    held = inspection.meetings.filter(kind=MeetingKind.EVENING_BRIEFING, held_on=day).first()
    return render(request, "fieldwork/briefing/briefing.html", {
        "inspection": inspection,
        "day": day,
        "material": material,
        "logs": briefing.work_logs(inspection, day),
        "problems": day_problems,
        "groups": briefing.problem_list(inspection, day),
        "raise_form": raise_form or RaiseForm(inspection=inspection, material=material),
        # Saving again updates the record: start from what was kept, so nothing is lost.
        "briefing_form": BriefingForm(initial={
            "participants": held.participants, "minutes": held.minutes,
        } if held else None),
        "drop_form": DropForm(),
        "writable": may_write(request.user, inspection),
        "may_hand_off": _may_hand_off(request.user, inspection),
        "held": held,
        "me": request.user.pk,
        "recent_days": briefing.recent_days(inspection),
    }, status=status)


@login_required
@require_GET
def briefing_page(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    return _briefing_page(request, inspection, _day(request, inspection))


@login_required
@require_POST
def raise_problem(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    day = _day(request, inspection)
    material = briefing.day_material(inspection, day)
    form = RaiseForm(request.POST, inspection=inspection, material=material)
    if form.is_valid():
        data = form.cleaned_data
        by_token = {m["token"]: m for m in material}
        sources = [
            {"kind": by_token[t]["kind"], "label": by_token[t]["label"],
             "note": by_token[t]["note"], "obj": by_token[t]["obj"]}
            for t in data["material"]
        ]
        if data["source_label"]:
            sources.append({"kind": data["source_kind"], "label": data["source_label"],
                            "note": data["source_note"]})
        try:
            services_briefing.raise_problem(
                inspection, actor=request.user, day=day, subgroup=data["subgroup"],
                summary=data["summary"], detail=data["detail"], focus_area=data["focus_area"],
                sources=sources,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Problem raised."))
            return redirect(f"{reverse('fieldwork:briefing', args=[pk])}?day={day.isoformat()}")
    return _briefing_page(request, inspection, day, raise_form=form, status=200)


def _problem(request: HttpRequest, pk: int) -> DraftProblem:
    return briefing.get_problem_for_user(request.user, pk)


def _back_to_day(problem: DraftProblem):
    return redirect(
        f"{reverse('fieldwork:briefing', args=[problem.inspection_id])}"
        f"?day={problem.day.isoformat()}"
    )


@login_required
def problem(request: HttpRequest, pk: int) -> HttpResponse:
    found = _problem(request, pk)
    inspection = found.inspection
    form = ProblemForm(
        request.POST or None, inspection=inspection,
        initial={"subgroup": found.subgroup, "summary": found.summary, "detail": found.detail,
                 "focus_area": found.focus_area_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_briefing.update_problem(found, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Problem saved."))
            return redirect("fieldwork:problem", pk=found.pk)
    material = briefing.shown(briefing.day_material(inspection, found.day), actor=request.user)
    used = {(s.content_type_id, s.object_id) for s in found.sources.all()}
    return render(request, "fieldwork/briefing/problem.html", {
        "inspection": inspection,
        "problem": found,
        "form": form,
        "source_form": SourceForm(),
        "drop_form": DropForm(),
        "material": [m for m in material
                     if tuple(int(x) for x in m["token"].split(":")) not in used],
        "writable": may_write(request.user, inspection)
        and found.status in (DraftProblem.Status.DRAFT, DraftProblem.Status.CONFIRMED),
    })


@login_required
@require_POST
def problem_source(request: HttpRequest, pk: int) -> HttpResponse:
    found = _problem(request, pk)
    form = SourceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["material"]:
                obj = briefing.resolve_token(data["material"])
                services_briefing.add_source(
                    found, actor=request.user, kind=request.POST.get("material_kind") or "other",
                    label=data["label"] or str(obj), note=data["note"], obj=obj,
                )
            else:
                services_briefing.add_source(
                    found, actor=request.user, kind=data["kind"] or "other",
                    label=data["label"], note=data["note"],
                )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Source added."))
    else:
        flash_errors(request, ValidationError(form.errors))
    return redirect("fieldwork:problem", pk=found.pk)


@login_required
@require_POST
def problem_corroborate(request: HttpRequest, pk: int) -> HttpResponse:
    found = _problem(request, pk)
    try:
        services_briefing.corroborate(found, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Confirmed: the problem rests on more than one source."))
    return _back_to_day(found)


@login_required
@require_POST
def problem_drop(request: HttpRequest, pk: int) -> HttpResponse:
    found = _problem(request, pk)
    form = DropForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the problem is dropped."))
    else:
        try:
            services_briefing.drop_problem(found, actor=request.user,
                                           reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Problem dropped."))
    return _back_to_day(found)


@login_required
@require_POST
def hand_off(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    day = _day(request, inspection)
    ids = [v for v in request.POST.getlist("problem") if v.isascii() and v.isdigit()]
    chosen = DraftProblem.objects.filter(inspection=inspection, pk__in=ids)
    try:
        count = services_briefing.hand_off(inspection, list(chosen), actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("%(n)d problems handed on to the findings.") % {"n": count})
    return redirect(f"{reverse('fieldwork:briefing', args=[pk])}?day={day.isoformat()}")


@login_required
@require_POST
def hold_briefing(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    day = _day(request, inspection)
    form = BriefingForm(request.POST)
    if form.is_valid():
        try:
            services_briefing.hold_briefing(inspection, actor=request.user, day=day,
                                            **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Evening briefing recorded."))
    return redirect(f"{reverse('fieldwork:briefing', args=[pk])}?day={day.isoformat()}")


def _list_context(inspection, day) -> dict:
    groups = briefing.problem_list(inspection, day)
    return {
        "inspection": inspection,
        "day": day,
        "groups": groups,
        "total": sum(len(g["problems"]) for g in groups),
    }


@login_required
@require_GET
def problem_list(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    return render(request, "fieldwork/briefing/problem_list.html",
                  _list_context(inspection, _day(request, inspection)))


@login_required
@require_GET
def problem_list_docx(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    day = _day(request, inspection)
    ctx = _list_context(inspection, day)
    n = 0
    groups = []
    for group in ctx["groups"]:
        rows = []
        for p in group["problems"]:
            n += 1
            rows.append({
                "n": n, "summary": p.summary, "detail": p.detail,
                "sources": briefing.source_text(list(p.sources.all())),
                "corroborated": p.corroborated_at is not None,
            })
        groups.append({"name": str(group["name"]), "problems": rows})
    context = {
        "title": f"{inspection.team.name}问题清单（{chinese_date(day)}）",
        "inspection": f"{inspection.round.name} {inspection.team.name} {inspection.target.name}",
        "day": chinese_date(day),
        "groups": groups,
        "total": n,
        "drafted_by": request.user.full_name or request.user.username,
    }
    role = reader_role(request.user, inspection)

    def make(fmt: str):
        document = generate(
            "fieldwork_problem_list.docx", context, source=inspection,
            filename=f"问题清单-{inspection.target.name}-{day.isoformat()}",
            actor=request.user, role=role, fmt=fmt, inspection=inspection,
        )
        record(
            EventType.PROBLEM_LIST_EXPORTED, actor=request.user, role=role,
            unit=inspection.target, obj=inspection,
            changes={"day": day.isoformat(), "problems": n, "document": document.pk},
        )
        return document

    return send_generated(request, make)


# --- Work logs ----------------------------------------------------------------------------------


@login_required
def work_logs(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    day = _day(request, inspection)
    mine = WorkLog.objects.filter(inspection=inspection, author=request.user, day=day).first()
    form = WorkLogForm(
        request.POST or None,
        initial={"day": day, "content": mine.content if mine else "",
                 "next_steps": mine.next_steps if mine else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_briefing.save_work_log(inspection, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Work log saved."))
            saved = form.cleaned_data["day"].isoformat()
            return redirect(f"{reverse('fieldwork:work_logs', args=[pk])}?day={saved}")
    logs = WorkLog.objects.filter(inspection=inspection).select_related("author").order_by(
        "-day", "author__full_name"
    )[:200]
    return render(request, "fieldwork/briefing/work_logs.html", {
        "inspection": inspection, "day": day, "form": form, "logs": logs,
        "writable": may_write(request.user, inspection),
    })


# --- Statistics ---------------------------------------------------------------------------------


@login_required
@require_GET
def round_statistics(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's inspections the reader reaches, each with its figures, and their total."""
    found = get_object_or_404(Round.objects.select_related("jurisdiction"), pk=pk)
    inspections = list(
        visible_stationings(request.user).filter(round=found).order_by("team__number", "pk")
    )
    if not inspections:
        raise Http404
    stats = statistics.inspection_statistics(i.pk for i in inspections)
    total = statistics.totals(stats)
    return render(request, "fieldwork/briefing/round_statistics.html", {
        "round": found,
        "inspections": inspections,
        "table": [
            (label, [stats[i.pk][key] for i in inspections], total[key])
            for key, label in statistics.FIGURES
        ],
    })
