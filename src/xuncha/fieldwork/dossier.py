"""The target dossier (被巡察单位档案): what is known about the target before and during
stationing, in one place — its profile and leadership team, the earlier inspections of the
unit, petitions about it, and what partner departments answered to this inspection's
information requests. Reading it is a view of case material: every view is audited
(EventType.DOSSIER_VIEWED)."""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.documents import chinese_date, lines
from xuncha.documents.generation import generate
from xuncha.documents.http import send_generated
from xuncha.fieldwork.access import get_stationing_for_user, reader_role, visible_stationings
from xuncha.fieldwork.models import Attachment, InformationRequest
from xuncha.orgs.models import LeadershipMember, Unit
from xuncha.plans.models import Inspection
from xuncha.plans.permissions import visible_inspections

# The dossier lists at most this many petitions; the petition register has them all.
PETITION_LIMIT = 50


def petitions_about(user, unit: Unit):
    """Petitions about the unit that the user may see, or None while the petition register
    is not installed. Imported late: the register is its own app."""
    try:
        from xuncha.petitions.selectors import petitions_about_unit
    except ImportError:
        return None
    return petitions_about_unit(user, unit)


def _link_petitions(petitions: list) -> None:
    """The register's page of each petition listed (none when the register is absent)."""
    try:
        from xuncha.petitions.selectors import detail_url
    except ImportError:
        return
    for petition in petitions:
        if getattr(petition, "pk", None):
            petition.url = detail_url(petition)


@dataclass
class Dossier:
    inspection: Inspection
    unit: Unit
    leadership: list[LeadershipMember]
    children: list[Unit]
    earlier: list[Inspection]
    planning_ids: set[int]
    petitions: list | None
    petition_count: int
    answers: list[InformationRequest]
    files: dict[int, list[Attachment]] = field(default_factory=dict)


def earlier_inspections(user, inspection: Inspection) -> tuple[list[Inspection], set[int]]:
    """Other inspections of the same target the user may see (as a planner of their round,
    or through their stationing material), newest first; and the ids seen as a planner (those
    link to the planning page)."""
    planning = visible_inspections(user).filter(target_id=inspection.target_id)
    stationing = visible_stationings(user).filter(target_id=inspection.target_id)
    qs = (
        Inspection.objects.filter(target_id=inspection.target_id)
        .exclude(pk=inspection.pk)
        .filter(Q(pk__in=planning.values("pk")) | Q(pk__in=stationing.values("pk")))
        .select_related("round", "round__jurisdiction", "team")
        .order_by("-round__starts_on", "-pk")
    )
    found = list(qs)
    ids = set(planning.filter(pk__in=[i.pk for i in found]).values_list("pk", flat=True))
    return found, ids


def build(user, inspection: Inspection) -> Dossier:
    unit = inspection.target
    earlier, planning_ids = earlier_inspections(user, inspection)
    petitions = petitions_about(user, unit)
    petition_list, petition_count = None, 0
    if isinstance(petitions, QuerySet):
        petition_list, petition_count = list(petitions[:PETITION_LIMIT]), petitions.count()
    elif petitions is not None:
        everything = list(petitions)
        petition_list, petition_count = everything[:PETITION_LIMIT], len(everything)
    if petition_list:
        _link_petitions(petition_list)
    answers = list(
        InformationRequest.objects.filter(
            inspection=inspection, status=InformationRequest.Status.ANSWERED
        )
        .select_related("recipient")
        .order_by("partner", "answered_on", "pk")
    )
    files: dict[int, list[Attachment]] = {}
    if answers:
        for attachment in Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(InformationRequest),
            object_id__in=[a.pk for a in answers],
        ):
            files.setdefault(attachment.object_id, []).append(attachment)
    for answer in answers:
        answer.files = files.get(answer.pk, [])
    return Dossier(
        inspection=inspection,
        unit=unit,
        leadership=list(LeadershipMember.objects.filter(unit=unit).order_by("order", "pk")),
        children=list(unit.children.filter(is_active=True).order_by("path")),
        earlier=earlier,
        planning_ids=planning_ids,
        petitions=petition_list,
        petition_count=petition_count,
        answers=answers,
        files=files,
    )


def _viewed(user, inspection: Inspection, kind: str) -> None:
    with transaction.atomic():
        record(
            EventType.DOSSIER_VIEWED,
            actor=user,
            role=reader_role(user, inspection),
            unit=inspection.target,
            obj=inspection,
            changes={"format": kind},
        )


@login_required
@require_GET
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    found = build(request.user, inspection)
    _viewed(request.user, inspection, "page")
    return render(
        request,
        "fieldwork/prep/dossier.html",
        {
            "inspection": inspection,
            "d": found,
            "tab": "dossier",
            "petition_limit": PETITION_LIMIT,
        },
    )


# --- Word ------------------------------------------------------------------------------------


def _dash(value) -> str:
    return str(value) if value not in (None, "") else "—"


def dossier_context(found: Dossier) -> dict:
    unit, inspection = found.unit, found.inspection
    return {
        "title": f"{unit.name}基本情况",
        "inspection": f"{inspection.round.name}　{inspection.team.name}",
        "profile": [
            f"单位全称：{unit.name}",
            f"上级单位：{unit.parent.name if unit.parent else '—'}",
            f"编制人数：{_dash(unit.headcount)}；党员人数：{_dash(unit.party_members)}",
            f"联系人：{_dash(unit.contact_person)}；联系电话：{_dash(unit.contact_phone)}",
            f"地址：{_dash(unit.address)}",
            *lines(unit.description),
        ],
        "leadership": [
            f"{m.name}，{m.post}" + (f"（{chinese_date(m.since)}任职）" if m.since else "")
            for m in found.leadership
        ],
        "earlier": [
            f"{i.round.name}，{i.team.name}，{chinese_date(i.window[0])}至"
            f"{chinese_date(i.window[1])}"
            for i in found.earlier
        ],
        "answers": [
            {
                "heading": f"{a.get_partner_display()}：{a.subject}",
                "lines": lines(a.answer),
                "files": "、".join(f.name for f in a.files),
                "answered_on": chinese_date(a.answered_on),
            }
            for a in found.answers
        ],
        "petition_line": (
            f"反映该单位的信访件共{found.petition_count}件，详见信访登记簿。"
            if found.petitions is not None
            else "信访登记簿尚未启用。"
        ),
        "made_on": chinese_date(timezone.localdate()),
    }


@login_required
@require_GET
def dossier_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier as a Word file for the team's preparation meeting; audited as a view."""
    inspection = get_stationing_for_user(request.user, pk)
    found = build(request.user, inspection)

    def make(fmt: str):
        document = generate(
            "fieldwork_dossier.docx",
            dossier_context(found),
            source=inspection,
            filename=f"{inspection.target.name}基本情况",
            actor=request.user,
            role=reader_role(request.user, inspection),
            fmt=fmt,
            inspection=inspection,
        )
        _viewed(request.user, inspection, fmt)
        return document

    return send_generated(request, make)
