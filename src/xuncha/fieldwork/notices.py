"""The inspection notice (巡察通知) and the public announcement (巡察公告) of one inspection:
their standard wording, the notice deadline warning, the services that save, send, publish and
withdraw them, and their GB/T 9704 Word documents.

The notice goes to the target `notice_days` (a per-jurisdiction setting, 10 by default) before
stationing starts; the announcement tells the public how to report to the team until intake
closes, a few days before stationing ends, and appears on the inspection's public page only
while published.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO

import segno
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.documents import chinese_date, chinese_period, lines
from xuncha.documents.generation import generate
from xuncha.documents.models import GeneratedDocument
from xuncha.documents.sandbox import Image
from xuncha.fieldwork.access import authorize_fieldwork, reader_role
from xuncha.fieldwork.models import Announcement, Notice
from xuncha.fieldwork.services_prep import _account
from xuncha.plans.models import Inspection, PlanningSettings, RoundKind
from xuncha.staffing.duties import ROLE_WORDS
from xuncha.staffing.models import MemberRole, TeamMember

NOTICE_FIELDS = ("number", "addressee", "body")
ANNOUNCEMENT_FIELDS = (
    "scope",
    "duty_phone",
    "mailbox",
    "email",
    "reception_place",
    "reception_hours",
    "intake_closes_on",
)
# Intake closes this many days before stationing ends unless the team says otherwise
# (DOMAIN.md §2: "complaint intake closes a few days before stationing ends").
INTAKE_CLOSES_DAYS_BEFORE_END = 3

# Document text (Chinese whatever the interface language).
KIND_WORDS = {
    RoundKind.REGULAR: "常规",
    RoundKind.SPECIAL: "专项",
    RoundKind.MOBILE: "机动",
    RoundKind.CROSS: "交叉",
    RoundKind.ELEVATED: "提级",
    RoundKind.LOOKBACK: "“回头看”",
    RoundKind.VILLAGE: "村（社区）",
    RoundKind.LINKED: "联动",
}
THREE_FOCUSES = (
    "聚焦贯彻落实党的路线方针政策和党中央决策部署、聚焦群众身边腐败问题和不正之风、"
    "聚焦基层党组织软弱涣散和组织力欠缺问题"
)
STANDARD_SCOPE = (
    "主要受理反映被巡察党组织领导班子及其成员、下一级党组织主要负责人和重要岗位领导干部问题的"
    "来信来电来访，重点是违反政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律和生活纪律等方面的"
    "问题。根据巡察工作职责，巡察组不受理不属于巡察范围的信访问题，此类问题将按规定转交被巡察"
    "单位和有关部门处理。"
)
STANDARD_HOURS = "工作日上午8:30—12:00，下午14:30—17:30"


def office_name(inspection: Inspection) -> str:
    return f"{inspection.round.jurisdiction.name}巡察工作领导小组办公室"


def _team(inspection: Inspection) -> list[TeamMember]:
    return list(
        TeamMember.objects.filter(round_id=inspection.round_id, team_id=inspection.team_id)
        .select_related("cadre")
        .order_by("role", "cadre__full_name")
    )


# --- The notice ------------------------------------------------------------------------------


def notice_title(inspection: Inspection) -> str:
    return f"关于{inspection.team.name}对{inspection.target.name}开展巡察的通知"


def notice_defaults(inspection: Inspection) -> dict:
    """The notice as the office usually writes it: round, team, target, stationing dates,
    tasks and the team's contact, for the office to edit."""
    round, start_end = inspection.round, inspection.window
    authority = round.jurisdiction.name
    focus = (
        "、".join(f"聚焦{area.text.removeprefix('聚焦')}" for area in round.focus_areas.all())
        or THREE_FOCUSES
    )
    members = _team(inspection)
    by_role: dict[str, list[str]] = {}
    for member in members:
        by_role.setdefault(member.role, []).append(member.cadre.full_name)
    composition = "；".join(
        f"{ROLE_WORDS[role]}：{'、'.join(by_role[role])}"
        for role in MemberRole.values
        if role in by_role
    )
    contact = next((m for m in members if m.role == MemberRole.LIAISON), None) or next(
        (m for m in members if m.role == MemberRole.LEADER), None
    )
    contact_line = (
        f"联系人：{contact.cadre.full_name}；联系电话：{contact.cadre.phone or '　　　　'}。"
        if contact
        else "联系人：　　　　；联系电话：　　　　。"
    )
    kind = KIND_WORDS.get(round.kind, "")
    theme = f"（{round.theme}）" if round.theme else ""
    body = [
        f"根据{authority}巡察工作安排，经{authority}巡察工作领导小组研究决定，"
        f"{inspection.team.name}将于{chinese_period(*start_end)}对{inspection.target.name}"
        f"党组织开展{kind}巡察{theme}。现将有关事项通知如下：",
        f"一、巡察任务。坚持以习近平新时代中国特色社会主义思想为指导，{focus}，对"
        f"{inspection.target.name}党组织开展政治监督，发现问题、形成震慑，推动改革、促进发展。",
        f"二、巡察组组成。{composition}。" if composition else "二、巡察组组成。另行通知。",
        "三、进驻安排。巡察组进驻后召开巡察工作动员会，听取被巡察党组织工作汇报，通过个别谈话、"
        "受理来信来电来访、调阅资料、问卷调查、民主测评、实地走访等方式了解情况。",
        "四、工作要求。请你单位确定一名联络员，负责与巡察组的日常联系；提前准备工作汇报和有关资料，"
        "为巡察组提供必要的工作条件；如实反映情况，自觉接受监督，不得干扰巡察工作。",
        f"五、联系方式。{contact_line}",
    ]
    return {
        "number": f"{round.jurisdiction.display_name}巡办发〔{start_end[0].year}〕　号",
        "addressee": inspection.target.name,
        "body": "\n".join(body),
    }


@dataclass(frozen=True)
class NoticeStatus:
    """When the notice must go out and whether it did in time (derived from the dates)."""

    due_on: date
    notice_days: int
    sent_on: date | None
    late: bool  # not sent and past due, or sent after the due date
    days_left: int | None  # until the due date, when not sent yet


def notice_status(
    inspection: Inspection, notice: Notice | None = None, *, today: date | None = None
) -> NoticeStatus:
    today = today or timezone.localdate()
    days = PlanningSettings.for_unit(inspection.round.jurisdiction).notice_days
    due = inspection.window[0] - timedelta(days=days)
    sent_on = notice.sent_on if notice is not None else None
    if sent_on is not None:
        return NoticeStatus(due, days, sent_on, sent_on > due, None)
    return NoticeStatus(due, days, None, today > due, (due - today).days)


def _clean_notice(notice: Notice) -> None:
    notice.number = (notice.number or "").strip()
    notice.addressee = (notice.addressee or "").strip()
    notice.body = "\n".join(line.rstrip() for line in (notice.body or "").strip().splitlines())
    notice.full_clean()


def save_notice(inspection: Inspection, *, actor, number: str, addressee: str, body: str) -> Notice:
    """Write or change the notice; a sent notice is what the unit received and stays as is."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        notice = Notice.objects.select_for_update().filter(inspection=inspection).first()
        if notice is not None and notice.sent_on is not None:
            raise ValidationError(
                _("The notice has been sent and can no longer be changed."), code="state"
            )
        before = snapshot(notice, NOTICE_FIELDS) if notice else {}
        if notice is None:
            notice = Notice(inspection=inspection, created_by=_account(actor))
        notice.number, notice.addressee, notice.body = number, addressee, body
        _clean_notice(notice)
        try:
            with transaction.atomic():
                notice.save()
        except IntegrityError:
            raise ValidationError(
                _("Someone saved the notice at the same time: reload the page."), code="race"
            ) from None
        changes = diff(before, snapshot(notice, NOTICE_FIELDS))
        if changes:
            record(
                EventType.NOTICE_SAVED,
                actor=actor,
                role=role,
                unit=inspection.target,
                obj=notice,
                changes=changes,
            )
    return notice


def send_notice(notice: Notice, *, actor, sent_on: date | None = None) -> Notice:
    """Record that the notice went to the unit (on paper or by the document system)."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related(
                "inspection",
                "inspection__round",
                "inspection__round__jurisdiction",
                "inspection__target",
            )
            .get(pk=notice.pk)
        )
        role = authorize_fieldwork(actor, notice.inspection)
        today = timezone.localdate()
        sent_on = sent_on or today
        if sent_on > today:
            raise ValidationError({"sent_on": _("The date lies in the future.")}, code="future")
        if Notice.objects.filter(pk=notice.pk, sent_on__isnull=True).update(sent_on=sent_on) != 1:
            raise ValidationError(_("The notice has been sent already."), code="state")
        status = notice_status(notice.inspection, notice, today=today)
        record(
            EventType.NOTICE_SENT,
            actor=actor,
            role=role,
            unit=notice.inspection.target,
            obj=notice,
            changes={"sent_on": [None, sent_on], "due_on": status.due_on},
        )
        notice.sent_on = sent_on
    return notice


# --- The announcement ------------------------------------------------------------------------


def announcement_defaults(inspection: Inspection) -> dict:
    start, end = inspection.window
    closes = max(start, end - timedelta(days=INTAKE_CLOSES_DAYS_BEFORE_END))
    return {
        "scope": STANDARD_SCOPE,
        "duty_phone": "",
        "mailbox": "",
        "email": "",
        "reception_place": "",
        "reception_hours": STANDARD_HOURS,
        "intake_closes_on": closes,
    }


def save_announcement(inspection: Inspection, *, actor, **fields) -> Announcement:
    """Write or change the announcement. A published one changes on the public page at once."""
    unknown = set(fields) - set(ANNOUNCEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        found = Announcement.objects.select_for_update().filter(inspection=inspection).first()
        before = snapshot(found, ANNOUNCEMENT_FIELDS) if found else {}
        announcement = found or Announcement(inspection=inspection, created_by=_account(actor))
        for name in ANNOUNCEMENT_FIELDS:
            if name in fields:
                value = fields[name]
                setattr(announcement, name, value.strip() if isinstance(value, str) else value)
        announcement.full_clean()
        start, end = inspection.window
        closes = announcement.intake_closes_on
        if not start <= closes <= end:
            raise ValidationError(
                {
                    "intake_closes_on": _(
                        "Intake must close within stationing (%(start)s to %(end)s)."
                    )
                    % {"start": start, "end": end}
                },
                code="window",
            )
        try:
            with transaction.atomic():
                announcement.save()
        except IntegrityError:
            raise ValidationError(
                _("Someone saved the announcement at the same time: reload the page."),
                code="race",
            ) from None
        changes = diff(before, snapshot(announcement, ANNOUNCEMENT_FIELDS))
        if changes:
            record(
                EventType.ANNOUNCEMENT_SAVED,
                actor=actor,
                role=role,
                unit=inspection.target,
                obj=announcement,
                changes=changes,
            )
    return announcement


def _locked_announcement(announcement: Announcement) -> Announcement:
    return (
        Announcement.objects.select_for_update(of=("self",))
        .select_related(
            "inspection",
            "inspection__round",
            "inspection__round__jurisdiction",
            "inspection__target",
            "inspection__team",
        )
        .get(pk=announcement.pk)
    )


def publish_announcement(announcement: Announcement, *, actor) -> Announcement:
    """Put the announcement on the inspection's public page (again, after a withdrawal)."""
    with transaction.atomic():
        announcement = _locked_announcement(announcement)
        role = authorize_fieldwork(actor, announcement.inspection)
        if announcement.is_published:
            raise ValidationError(_("The announcement is published already."), code="state")
        # The command line may record an announcement published in the past (demo data).
        if actor is not None and announcement.intake_closes_on < timezone.localdate():
            raise ValidationError(
                {
                    "intake_closes_on": _(
                        "Intake has closed already: change the closing date before publishing."
                    )
                },
                code="closed",
            )
        now = timezone.now()
        if (
            Announcement.objects.filter(pk=announcement.pk)
            .filter(Q(published_at__isnull=True) | Q(withdrawn_at__isnull=False))
            .update(published_at=now, withdrawn_at=None)
            != 1
        ):
            raise ValidationError(_("The announcement is published already."), code="state")
        record(
            EventType.ANNOUNCEMENT_PUBLISHED,
            actor=actor,
            role=role,
            unit=announcement.inspection.target,
            obj=announcement,
            changes={
                "published_at": [announcement.published_at, now],
                "withdrawn_at": [announcement.withdrawn_at, None],
            },
        )
        announcement.published_at, announcement.withdrawn_at = now, None
    return announcement


def withdraw_announcement(announcement: Announcement, *, actor, reason: str) -> Announcement:
    """Take the announcement off the public page; it can be published again."""
    with transaction.atomic():
        announcement = _locked_announcement(announcement)
        role = authorize_fieldwork(actor, announcement.inspection)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(
                {"reason": _("Say why the announcement is withdrawn.")}, code="reason"
            )
        now = timezone.now()
        if (
            Announcement.objects.filter(
                pk=announcement.pk, published_at__isnull=False, withdrawn_at__isnull=True
            ).update(withdrawn_at=now)
            != 1
        ):
            raise ValidationError(_("The announcement is not published."), code="state")
        record(
            EventType.ANNOUNCEMENT_WITHDRAWN,
            actor=actor,
            role=role,
            unit=announcement.inspection.target,
            obj=announcement,
            changes={"withdrawn_at": [None, now]},
            reason=reason,
        )
        announcement.withdrawn_at = now
    return announcement


# --- QR code and Word documents --------------------------------------------------------------


def qr_svg(url: str) -> str:
    """The QR code of a URL as inline SVG (no inline style, so the page's CSP allows it)."""
    return segno.make(url, error="m").svg_inline(scale=4, omitsize=True, dark="#000")


def qr_png(url: str) -> bytes:
    out = BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def notice_context(notice: Notice) -> dict:
    inspection = notice.inspection
    office = office_name(inspection)
    return {
        "authority_mark": office,
        "document_number": notice.number,
        "title": notice_title(inspection),
        "addressee": notice.addressee,
        "lines": lines(notice.body),
        "signer": office,
        "issued_on": chinese_date(notice.sent_on or timezone.localdate()),
    }


def notice_docx(notice: Notice, *, actor, fmt: str = "docx") -> GeneratedDocument:
    """The notice as a GB/T 9704 letter (Word, or PDF); stored and audited as generated."""
    inspection = notice.inspection
    return generate(
        "fieldwork_notice.docx",
        notice_context(notice),
        source=notice,
        filename=notice_title(inspection),
        actor=actor,
        role=reader_role(actor, inspection),
        fmt=fmt,
        inspection=inspection,
    )


def announcement_title(inspection: Inspection) -> str:
    return f"{inspection.team.name}公告"


def announcement_context(announcement: Announcement, public_url: str = "") -> dict:
    inspection = announcement.inspection
    start, end = inspection.window
    contacts = [f"值班电话：{announcement.duty_phone}"]
    if announcement.mailbox:
        contacts.append(f"邮政信箱：{announcement.mailbox}")
    if announcement.email:
        contacts.append(f"电子邮箱：{announcement.email}")
    if announcement.reception_place:
        contacts.append(f"接待地点：{announcement.reception_place}")
    published = announcement.published_at
    return {
        "title": announcement_title(inspection),
        "authority": inspection.round.jurisdiction.name,
        "team": inspection.team.name,
        "target": inspection.target.name,
        "period": chinese_period(start, end),
        "scope": lines(announcement.scope),
        "closes_on": chinese_date(announcement.intake_closes_on),
        "hours": announcement.reception_hours,
        "contacts": contacts,
        "public_url": public_url,
        "signer": inspection.team.name,
        "published_on": chinese_date(
            timezone.localdate(published) if published else timezone.localdate()
        ),
    }


def announcement_docx(
    announcement: Announcement, *, actor, public_url: str = "", fmt: str = "docx"
) -> GeneratedDocument:
    """The announcement for posting at the unit, with a QR code of its public page."""
    inspection = announcement.inspection
    context = announcement_context(announcement, public_url)
    context["qr"] = Image(qr_png(public_url), 30) if public_url else ""
    return generate(
        "fieldwork_announcement.docx",
        context,
        source=announcement,
        filename=f"{announcement_title(inspection)}-{inspection.target.name}",
        actor=actor,
        role=reader_role(actor, inspection),
        fmt=fmt,
        inspection=inspection,
    )
