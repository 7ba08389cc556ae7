"""What a round asks of the people on its teams: the leader's one-time authorization
(一次一授权), confidentiality pledges, declarations of gifts and banquets offered, and the
end-of-round evaluation sent to each member's home unit.

Services here are the only writers of `Authorization`, `ConfidentialityPledge`,
`GiftDeclaration` and `Evaluation`; the `visible_*` / `get_*_for_user` functions are the only
way pages, API and documents read them. A team member acts for themselves through their own
cadre record (`Cadre.user`); the office (plan.edit on the round's jurisdiction) may act for any
member.
"""

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import acting_role, authorize, role_for, scope_q, signed_in
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.documents import chinese_date, chinese_period, lines
from xuncha.documents.generation import generate
from xuncha.documents.models import GeneratedDocument
from xuncha.orgs.models import Unit
from xuncha.people.models import Cadre, Team
from xuncha.plans.models import Inspection, Round, RoundStatus, Stage
from xuncha.staffing.models import (
    Authorization,
    ConfidentialityPledge,
    Evaluation,
    GiftDeclaration,
    MemberRole,
    TeamMember,
)
from xuncha.staffing.rules import blockers, blocks

# The audit trail's role for a team member acting on their own record.
SELF = "self"

# The standard text of the confidentiality pledge (document data, in Chinese). A signed pledge
# keeps the text it was signed with.
PLEDGE_TEXT = """本人作为巡察工作人员，郑重作出如下承诺：
一、严格遵守党的政治纪律和政治规矩，坚决执行巡察工作有关规定，服从巡察组统一领导和安排。
二、严守巡察工作秘密，不泄露巡察工作中知悉的问题线索、谈话内容、信访举报、工作底稿、巡察报告及其他应当保密的事项，不打探不应知悉的巡察工作情况。
三、不私自留存、复制、摘抄、带离巡察资料，巡察工作结束后按规定移交、清退全部工作资料。
四、不在非涉密计算机、互联网和即时通讯工具上存储、处理、传递涉密和敏感巡察信息，不在公共场所谈论巡察工作事项。
五、严格保护信访举报人，不泄露举报人身份和举报内容。
六、严守廉洁纪律，不接受被巡察单位及其工作人员的宴请和礼品礼金、有价证券、支付凭证，不参加可能影响公正履职的娱乐、旅游等活动，不利用巡察工作之便谋取私利。
七、遇有宴请或者赠送礼品礼金等情况，当场谢绝；无法谢绝的，及时向巡察组组长报告并登记上交。
八、与被巡察单位或者有关人员存在可能影响公正履职的关系的，主动报告并申请回避。
九、巡察工作结束后继续履行保密义务，不以任何形式对外披露巡察工作中知悉的秘密。
如有违反，本人自愿接受党纪政务处分，涉嫌违法犯罪的依法承担法律责任。"""

# How the documents name roles and grades (Chinese document text, whatever the interface
# language).
ROLE_WORDS = {
    MemberRole.LEADER: "组长",
    MemberRole.DEPUTY_LEADER: "副组长",
    MemberRole.MEMBER: "组员",
    MemberRole.LIAISON: "联络员",
    MemberRole.DRAFTER: "执笔人",
    MemberRole.ARCHIVIST: "档案管理员",
}
GRADE_WORDS = {
    "excellent": "优秀",
    "competent": "称职",
    "basic": "基本称职",
    "incompetent": "不称职",
}
_ROLE_RANK = Case(
    *[When(role=role, then=Value(i)) for i, role in enumerate(MemberRole.values)],
    default=Value(99),
    output_field=IntegerField(),
)
# Stages in which the authorization of a team may still be replaced.
_BEFORE_STATIONING = (Stage.PLANNED, Stage.AUTHORIZED)
_NUMBER_TAIL = re.compile(r"〔(\d{4})〕(\d+)号$")

AUTHORIZATION_FIELDS = ("leader", "document_number", "issued_on")
GIFT_FIELDS = ("cadre", "kind", "offered_on", "offered_by", "description", "value", "handling")
EVALUATION_FIELDS = ("grade", "comments", "evaluated_on")


# --- reading: the choke points --------------------------------------------------------------


def _either(*parts: Q | None) -> Q:
    """The OR of the predicates that exist; a predicate matching nothing when none does."""
    present = [p for p in parts if p is not None]
    if not present:
        return Q(pk__in=[])
    q = present[0]
    for part in present[1:]:
        q |= part
    return q


def _own(user, field: str = "cadre__user") -> Q | None:
    """Rows about the user's own cadre record."""
    if not signed_in(user):
        return None
    return Q(**{field: user})


def visible_rounds(
    user, capability: Capability = Capability.PLAN_VIEW, *, as_member: bool = False
) -> QuerySet[Round]:
    """Rounds of jurisdictions the capability reaches; with `as_member`, also the rounds the
    user's own cadre serves in (what a team member needs to sign and declare)."""
    q = scope_q(user, capability, "jurisdiction__path")
    if as_member and _own(user) is not None:
        served = TeamMember.objects.filter(cadre__user=user).values("round_id")
        q = _either(q, Q(pk__in=served))
    return Round.objects.select_related("jurisdiction").filter(_either(q))


def get_round_for_duties(
    user, pk: int, capability: Capability = Capability.PLAN_VIEW, *, as_member: bool = False
) -> Round:
    """The round, or 404 alike for 'does not exist' and 'not yours'."""
    return get_object_or_404(visible_rounds(user, capability, as_member=as_member), pk=pk)


def visible_authorizations(
    user, capability: Capability = Capability.PLAN_VIEW
) -> QuerySet[Authorization]:
    """Authorizations of rounds whose jurisdiction the capability reaches, and the leader's own
    (the leader shows it to the target when the team arrives)."""
    q = _either(scope_q(user, capability, "round__jurisdiction__path"), _own(user, "leader__user"))
    return Authorization.objects.select_related(
        "round__jurisdiction", "team", "leader", "issued_by"
    ).filter(q)


def get_authorization_for_user(
    user, pk: int, capability: Capability = Capability.PLAN_VIEW
) -> Authorization:
    return get_object_or_404(visible_authorizations(user, capability), pk=pk)


def visible_pledges(
    user, capability: Capability = Capability.PLAN_VIEW
) -> QuerySet[ConfidentialityPledge]:
    """Pledges of rounds the capability reaches, and the user's own."""
    q = _either(scope_q(user, capability, "round__jurisdiction__path"), _own(user))
    return ConfidentialityPledge.objects.select_related(
        "round__jurisdiction", "cadre__unit", "recorded_by"
    ).filter(q)


def get_pledge_for_user(
    user, pk: int, capability: Capability = Capability.PLAN_VIEW
) -> ConfidentialityPledge:
    return get_object_or_404(visible_pledges(user, capability), pk=pk)


def visible_gifts(user) -> QuerySet[GiftDeclaration]:
    """Gift declarations seen by the office (plan.edit on the round's jurisdiction) and by the
    declaring cadre; never by the other members of the team."""
    q = _either(scope_q(user, Capability.PLAN_EDIT, "round__jurisdiction__path"), _own(user))
    return GiftDeclaration.objects.select_related(
        "round__jurisdiction", "cadre__unit", "recorded_by"
    ).filter(q)


def get_gift_for_user(user, pk: int) -> GiftDeclaration:
    return get_object_or_404(visible_gifts(user), pk=pk)


def record_gifts_viewed(round: Round, *, actor, shown: list[int]) -> None:
    """Reading a round's gift declarations is audited (GIFTS_VIEWED), once per page or API read."""
    role = role_for(actor, Capability.PLAN_EDIT, round.jurisdiction.path) or SELF
    with transaction.atomic():
        record(
            EventType.GIFTS_VIEWED,
            actor=actor,
            role=role,
            unit=round.jurisdiction,
            obj=round,
            changes={"shown": shown},
        )


def visible_evaluations(user) -> QuerySet[Evaluation]:
    """Evaluations seen by the office of the round (plan.edit) and by whoever keeps the
    cadre's record (people.edit reaching the cadre's work unit), to whom the letter goes."""
    q = _either(
        scope_q(user, Capability.PLAN_EDIT, "round__jurisdiction__path"),
        scope_q(user, Capability.PEOPLE_EDIT, "cadre__unit__path"),
    )
    return Evaluation.objects.select_related(
        "round__jurisdiction", "cadre__unit", "evaluated_by"
    ).filter(q)


def get_evaluation_for_user(user, pk: int) -> Evaluation:
    return get_object_or_404(visible_evaluations(user), pk=pk)


def round_members(round: Round) -> QuerySet[TeamMember]:
    """The members of every team of the round, team by team, leader first."""
    return (
        TeamMember.objects.filter(round=round)
        .select_related("team", "cadre__unit")
        .annotate(role_rank=_ROLE_RANK)
        .order_by("team__number", "role_rank", "cadre__full_name", "cadre_id")
    )


def round_teams(round: Round) -> list[Team]:
    """The teams of the round: those with targets in it or members on it."""
    ids = set(Inspection.objects.filter(round=round).values_list("team_id", flat=True))
    ids |= set(TeamMember.objects.filter(round=round).values_list("team_id", flat=True))
    return list(Team.objects.filter(pk__in=ids).order_by("number", "id"))


def team_leader(round: Round, team: Team) -> TeamMember | None:
    return (
        TeamMember.objects.select_related("cadre__unit")
        .filter(round=round, team=team, role=MemberRole.LEADER)
        .first()
    )


def can_edit_round(user, round: Round) -> bool:
    return role_for(user, Capability.PLAN_EDIT, round.jurisdiction.path) is not None


# --- writing -----------------------------------------------------------------------------------


def _membership(round: Round, cadre: Cadre) -> TeamMember:
    member = TeamMember.objects.select_related("team").filter(round=round, cadre=cadre).first()
    if member is None:
        raise ValidationError({"cadre": _("The cadre does not serve on a team of this round.")})
    return member


def _self_or_office(actor, round: Round, cadre: Cadre) -> str:
    """The cadre themselves, or the office of the round's jurisdiction; the acting role."""
    if actor is not None and cadre.user_id is not None and cadre.user_id == actor.pk:
        return SELF
    return authorize(actor, Capability.PLAN_EDIT, round.jurisdiction.path)


def _round_open(round: Round) -> None:
    """A closed round is history: nothing more is signed or declared in it."""
    if round.status == RoundStatus.CLOSED:
        raise ValidationError(
            _("The round is closed; nothing more can be recorded for it."), code="round_closed"
        )


def _leader_blockers(round: Round, leader: Cadre, targets: list[Unit]) -> list[str]:
    """Why the leader may not lead the inspection of each target: undecided or upheld
    conflicts of interest (the rules as for a leader's seat). Labels only, no personal detail."""
    found = blockers([leader], targets, round)
    out = []
    for target in targets:
        labels = [
            str(b.label) for b in blocks(found.get((leader.pk, target.pk), []), as_leader=True)
        ]
        if labels:
            out.append(f"{target.name}（{'、'.join(dict.fromkeys(labels))}）")
    return out


def _current_authorization(round: Round, team: Team) -> Authorization | None:
    return Authorization.objects.select_for_update().filter(round=round, team=team).first()


def _pledge_signed(round: Round, cadre: Cadre) -> bool:
    return ConfidentialityPledge.objects.filter(round=round, cadre=cadre).exists()


def _not_in_future(value: date, field: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _default_number(jurisdiction: Unit, year: int) -> str:
    """<short name>巡授〔<year>〕<n>号, n one more than the highest of the jurisdiction's year."""
    prefix = f"{jurisdiction.display_name}巡授〔{year}〕"
    numbers = Authorization.objects.filter(
        round__jurisdiction=jurisdiction, document_number__startswith=prefix
    ).values_list("document_number", flat=True)
    highest = 0
    for number in numbers:
        match = _NUMBER_TAIL.search(number)
        if match and int(match.group(1)) == year:
            highest = max(highest, int(match.group(2)))
    return f"{prefix}{highest + 1}号"


def _plans_transition():
    """`xuncha.plans.services.transition`, once the plans app provides it."""
    try:
        from xuncha.plans import services as plan_services
    except ImportError:
        return None
    return getattr(plan_services, "transition", None)


def issue_authorization(
    round: Round, team: Team, *, actor, document_number: str = "", issued_on: date | None = None
) -> Authorization:
    """Appoint the team's leader for this round only (一次一授权) and move the team's planned
    inspections to `authorized`. Issuing again replaces the authorization (after a change of
    leader, or to correct its number) as long as no inspection of the team has been stationed."""
    with transaction.atomic():
        round = Round.objects.select_related("jurisdiction").get(pk=round.pk)
        role = authorize(actor, Capability.PLAN_EDIT, round.jurisdiction.path)
        # One numbering per jurisdiction: lock it so two offices cannot draw the same number.
        jurisdiction = Unit.objects.select_for_update().get(pk=round.jurisdiction_id)
        if round.status != RoundStatus.APPROVED:
            raise ValidationError(
                _("The round must be approved before its leaders are authorized.")
            )
        leader = team_leader(round, team)
        if leader is None:
            raise ValidationError(_("The team has no leader in this round."))
        inspections = Inspection.objects.filter(round=round, team=team)
        targets = [i.target for i in inspections.select_related("target").order_by("target__path")]
        if not targets:
            raise ValidationError(_("The team has no target in this round."))
        conflicts = _leader_blockers(round, leader.cadre, targets)
        if conflicts:
            raise ValidationError(
                _(
                    "%(name)s may not lead this team while conflicts of interest are open or "
                    "upheld: %(conflicts)s. Decide them, or change the leader, first."
                )
                % {"name": leader.cadre.full_name, "conflicts": "；".join(conflicts)},
                code="leader_blocked",
            )
        issued_on = issued_on or timezone.localdate()
        document_number = (document_number or "").strip()
        existing = _current_authorization(round, team)
        if existing is not None:
            if inspections.exclude(stage__in=_BEFORE_STATIONING).exists():
                raise ValidationError(
                    _("The team has been stationed; its authorization can no longer be replaced.")
                )
            if existing.leader_id == leader.cadre_id and not document_number:
                raise ValidationError(_("This leader already holds the team's authorization."))
        if document_number:
            clash = Authorization.objects.filter(
                round__jurisdiction=jurisdiction, document_number=document_number
            )
            if existing is not None:
                clash = clash.exclude(pk=existing.pk)
            if clash.exists():
                raise ValidationError(
                    {"document_number": _("This document number is already in use.")}
                )
        else:
            document_number = _default_number(jurisdiction, issued_on.year)
        authorization = existing or Authorization(round=round, team=team)
        before = snapshot(authorization, AUTHORIZATION_FIELDS) if existing else {}
        authorization.leader = leader.cadre
        authorization.document_number = document_number
        authorization.issued_on = issued_on
        authorization.issued_by = actor if actor is not None and actor.pk else None
        # One per (round, team) is the database's to keep; a clash is caught below.
        authorization.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                authorization.save()
        except IntegrityError:
            # Another clerk issued the team's first authorization at the same moment.
            raise ValidationError(
                _("The team's authorization has just been issued by someone else."),
                code="concurrent",
            ) from None
        record(
            EventType.AUTHORIZATION_ISSUED,
            actor=actor,
            role=role,
            unit=round.jurisdiction,
            obj=authorization,
            changes=diff(before, snapshot(authorization, AUTHORIZATION_FIELDS)),
        )
        transition = _plans_transition()
        if transition is not None:
            planned = inspections.filter(stage=Stage.PLANNED).select_related(
                "round__jurisdiction", "target"
            )
            for inspection in planned.order_by("pk"):
                transition(inspection, Stage.AUTHORIZED, actor=actor, note=document_number)
    return authorization


def sign_pledge(
    round: Round, cadre: Cadre, *, actor, signed_on: date | None = None
) -> ConfidentialityPledge:
    """Record a team member's confidentiality pledge for the round: signed by the member
    themselves on the platform, or a signed paper pledge recorded by the office."""
    with transaction.atomic():
        # Locking the round serialises signatures in it, so a pledge is never signed twice.
        round = (
            Round.objects.select_for_update(of=("self",))
            .select_related("jurisdiction")
            .get(pk=round.pk)
        )
        cadre = Cadre.objects.get(pk=cadre.pk)
        role = _self_or_office(actor, round, cadre)
        _round_open(round)
        _membership(round, cadre)
        signed_on = signed_on or timezone.localdate()
        _not_in_future(signed_on, "signed_on")
        if _pledge_signed(round, cadre):
            raise ValidationError({"cadre": _("The pledge for this round is already signed.")})
        pledge = ConfidentialityPledge(
            round=round,
            cadre=cadre,
            text=PLEDGE_TEXT,
            signed_on=signed_on,
            recorded_by=actor if actor is not None and actor.pk else None,
        )
        # One per (round, cadre) is the database's to keep; a clash is caught below.
        pledge.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                pledge.save()
        except IntegrityError:
            # Signed at the same moment elsewhere (the database keeps one per round and cadre).
            raise ValidationError(
                {"cadre": _("The pledge for this round is already signed.")}
            ) from None
        record(
            EventType.PLEDGE_SIGNED,
            actor=actor,
            role=role,
            unit=round.jurisdiction,
            obj=pledge,
            changes={"cadre": [None, cadre.pk], "signed_on": [None, str(signed_on)]},
        )
    return pledge


def declare_gift(
    round: Round,
    cadre: Cadre,
    *,
    actor,
    kind: str,
    offered_on: date,
    offered_by: str,
    description: str,
    value: Decimal | None = None,
    handling: str,
) -> GiftDeclaration:
    """Declare a gift, money or banquet offered to a team member and how it was handled. The
    member declares it themselves or the office records it."""
    with transaction.atomic():
        round = Round.objects.select_related("jurisdiction").get(pk=round.pk)
        cadre = Cadre.objects.get(pk=cadre.pk)
        role = _self_or_office(actor, round, cadre)
        _round_open(round)
        _membership(round, cadre)
        if offered_on is None:
            raise ValidationError({"offered_on": _("Enter the date it was offered.")})
        _not_in_future(offered_on, "offered_on")
        if value is not None and value < 0:
            raise ValidationError({"value": _("The value cannot be negative.")})
        gift = GiftDeclaration(
            round=round,
            cadre=cadre,
            kind=kind,
            offered_on=offered_on,
            offered_by=(offered_by or "").strip(),
            description=(description or "").strip(),
            value=value,
            handling=handling,
            recorded_by=actor if actor is not None and actor.pk else None,
        )
        gift.full_clean()
        gift.save()
        record(
            EventType.GIFT_DECLARED,
            actor=actor,
            role=role,
            unit=round.jurisdiction,
            obj=gift,
            changes=diff({}, snapshot(gift, GIFT_FIELDS)),
        )
    return gift


def record_evaluation(
    round: Round,
    cadre: Cadre,
    *,
    actor,
    grade: str,
    comments: str,
    evaluated_on: date | None = None,
) -> Evaluation:
    """The office's end-of-round evaluation of a member of the round (one per member; recording
    it again changes it, with the change in the audit trail)."""
    with transaction.atomic():
        round = Round.objects.select_related("jurisdiction").get(pk=round.pk)
        role = authorize(actor, Capability.PLAN_EDIT, round.jurisdiction.path)
        cadre = Cadre.objects.get(pk=cadre.pk)
        _membership(round, cadre)
        if round.status not in (RoundStatus.APPROVED, RoundStatus.CLOSED):
            raise ValidationError(_("Members are evaluated once the round has been approved."))
        evaluated_on = evaluated_on or timezone.localdate()
        _not_in_future(evaluated_on, "evaluated_on")
        evaluation = Evaluation.objects.select_for_update().filter(round=round, cadre=cadre).first()
        before = snapshot(evaluation, EVALUATION_FIELDS) if evaluation else {}
        if evaluation is None:
            evaluation = Evaluation(round=round, cadre=cadre)
        evaluation.grade = grade
        evaluation.comments = (comments or "").strip()
        evaluation.evaluated_on = evaluated_on
        evaluation.full_clean()
        changes = diff(before, snapshot(evaluation, EVALUATION_FIELDS))
        if not changes:
            return evaluation
        evaluation.evaluated_by = actor if actor is not None and actor.pk else None
        evaluation.save()
        record(
            EventType.EVALUATION_RECORDED,
            actor=actor,
            role=role,
            unit=round.jurisdiction,
            obj=evaluation,
            changes=changes,
        )
    return evaluation


# --- documents -----------------------------------------------------------------------------------


def _targets(round: Round, team_id: int) -> str:
    names = (
        Inspection.objects.filter(round=round, team_id=team_id)
        .order_by("target__path")
        .values_list("target__name", flat=True)
    )
    return "、".join(names)


def _member_role(round: Round, cadre: Cadre) -> TeamMember | None:
    return TeamMember.objects.select_related("team").filter(round=round, cadre=cadre).first()


def authorization_context(authorization: Authorization) -> dict:
    round = authorization.round
    authority = round.jurisdiction.name
    return {
        "document_number": authorization.document_number,
        "authority": authority,
        "leader": authorization.leader.full_name,
        "round": round.name,
        "team": authorization.team.name,
        "targets": _targets(round, authorization.team_id),
        "period": chinese_period(round.starts_on, round.ends_on),
        "signer": f"{authority}巡察工作领导小组",
        "issued_on": chinese_date(authorization.issued_on),
    }


def pledge_context(pledge: ConfidentialityPledge) -> dict:
    round, cadre = pledge.round, pledge.cadre
    member = _member_role(round, cadre)
    return {
        "cadre": cadre.full_name,
        "unit": cadre.unit.name,
        "post": cadre.post,
        "round": round.name,
        "team": member.team.name if member else "",
        "role": ROLE_WORDS.get(member.role, "") if member else "",
        "lines": lines(pledge.text),
        "signed_on": chinese_date(pledge.signed_on),
    }


def evaluation_context(evaluation: Evaluation) -> dict:
    round, cadre = evaluation.round, evaluation.cadre
    member = _member_role(round, cadre)
    authority = round.jurisdiction.name
    office = f"{authority}巡察工作领导小组办公室"
    # The number is left for the office to fill in when it registers the outgoing letter.
    number = f"{round.jurisdiction.display_name}巡办函〔{evaluation.evaluated_on.year}〕　号"
    return {
        "authority_mark": office,
        "document_number": number,
        "authority": authority,
        "cadre": cadre.full_name,
        "post": f"{cadre.unit.name}{cadre.post}",
        "home_unit": cadre.unit.name,
        "period": chinese_period(round.starts_on, round.ends_on),
        "round": round.name,
        "team": member.team.name if member else "",
        "role": ROLE_WORDS.get(member.role, "") if member else "",
        "targets": _targets(round, member.team_id) if member else "",
        "grade": GRADE_WORDS.get(evaluation.grade, evaluation.grade),
        "comments": lines(evaluation.comments),
        "signer": office,
        "evaluated_on": chinese_date(evaluation.evaluated_on),
    }


def _role(actor, jurisdiction: Unit, capability: Capability) -> str:
    return role_for(actor, capability, jurisdiction.path) or acting_role(actor) or SELF


def download_authorization(
    authorization: Authorization, *, actor, fmt: str = "docx"
) -> GeneratedDocument:
    """The authorization as a Word (or PDF) file, stored and audited as generated."""
    round = authorization.round
    return generate(
        "authorization.docx",
        authorization_context(authorization),
        source=authorization,
        filename=f"{round.name}{authorization.team.name}组长授权书",
        actor=actor,
        role=_role(actor, round.jurisdiction, Capability.PLAN_VIEW),
        fmt=fmt,
        unit=round.jurisdiction,
    )


def download_pledge(
    pledge: ConfidentialityPledge, *, actor, fmt: str = "docx"
) -> GeneratedDocument:
    """The signed pledge, printable, as a Word (or PDF) file; stored and audited."""
    return generate(
        "pledge.docx",
        pledge_context(pledge),
        source=pledge,
        filename=f"保密承诺书-{pledge.cadre.full_name}-{pledge.round.name}",
        actor=actor,
        role=_role(actor, pledge.round.jurisdiction, Capability.PLAN_VIEW),
        fmt=fmt,
        unit=pledge.round.jurisdiction,
    )


def download_evaluation_letter(
    evaluation: Evaluation, *, actor, fmt: str = "docx"
) -> GeneratedDocument:
    """The letter to the cadre's home unit on their work in the round; stored and audited."""
    return generate(
        "evaluation_letter.docx",
        evaluation_context(evaluation),
        source=evaluation,
        filename=f"关于{evaluation.cadre.full_name}同志参加巡察工作表现情况的函",
        actor=actor,
        role=_role(actor, evaluation.round.jurisdiction, Capability.PLAN_EDIT),
        fmt=fmt,
        unit=evaluation.round.jurisdiction,
    )
