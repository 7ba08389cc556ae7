"""The duties of a round in the API (/api/duties): authorizations, confidentiality pledges, gift
declarations, evaluations and their Word documents. The same choke points and services as the
pages."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xuncha.core.api import forbidden, invalid
from xuncha.documents.http import api_generated
from xuncha.people.permissions import own_cadre
from xuncha.staffing import duties
from xuncha.staffing.models import Authorization, Evaluation, GiftHandling, GiftKind, Grade

router = Router(tags=["duties"])


class AuthorizationOut(Schema):
    id: int
    round_id: int
    team_id: int
    team_name: str
    leader_id: int
    leader_name: str
    document_number: str
    issued_on: date

    @staticmethod
    def resolve_team_name(obj) -> str:
        return obj.team.name

    @staticmethod
    def resolve_leader_name(obj) -> str:
        return obj.leader.full_name


class AuthorizationIn(Schema):
    team_id: int
    document_number: str = ""
    issued_on: date | None = None


class PledgeOut(Schema):
    id: int
    round_id: int
    cadre_id: int
    cadre_name: str
    signed_on: date
    text: str

    @staticmethod
    def resolve_cadre_name(obj) -> str:
        return obj.cadre.full_name


class PledgeIn(Schema):
    cadre_id: int
    signed_on: date | None = None


class GiftOut(Schema):
    id: int
    round_id: int
    cadre_id: int
    cadre_name: str
    kind: str
    offered_on: date
    offered_by: str
    description: str
    value: Decimal | None
    handling: str
    created_at: datetime

    @staticmethod
    def resolve_cadre_name(obj) -> str:
        return obj.cadre.full_name


class GiftIn(Schema):
    cadre_id: int
    kind: GiftKind
    offered_on: date
    offered_by: str
    description: str
    value: Decimal | None = None
    handling: GiftHandling


class EvaluationOut(Schema):
    id: int
    round_id: int
    cadre_id: int
    cadre_name: str
    grade: str
    comments: str
    evaluated_on: date

    @staticmethod
    def resolve_cadre_name(obj) -> str:
        return obj.cadre.full_name


class EvaluationIn(Schema):
    cadre_id: int
    grade: Grade
    comments: str
    evaluated_on: date | None = None


def _member(user, round, cadre_id: int):
    """The cadre serving in the round. A team member acts only for themselves: any other id,
    serving or not, existing or not, gets the same 403, so nobody learns who serves. The office
    sees the teams anyway and gets 422 for a cadre who does not serve."""
    if not duties.can_edit_round(user, round):
        own = own_cadre(user)
        if own is None or own.pk != cadre_id:
            raise forbidden()
    member = duties.round_members(round).filter(cadre_id=cadre_id).first()
    if member is None:
        raise invalid(ValidationError(_("The cadre does not serve on a team of this round.")))
    return member.cadre


def _call(service, *args, **kwargs):
    try:
        return service(*args, **kwargs)
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None


def _docx(make, fmt: str) -> HttpResponse:
    """The document as Word, or PDF with ?format=pdf; generated, stored and audited."""
    return api_generated(make, fmt)


# --- authorizations -----------------------------------------------------------------------------


@router.get(
    "/rounds/{int:round_id}/authorizations",
    response=list[AuthorizationOut],
    summary="The leaders' authorizations of a round",
)
@paginate
def list_authorizations(request, round_id: int):
    round = duties.get_round_for_duties(request.auth, round_id)
    return duties.visible_authorizations(request.auth).filter(round=round).order_by("team__number")


@router.post(
    "/rounds/{int:round_id}/authorizations",
    response={200: AuthorizationOut, 201: AuthorizationOut},
    summary="Issue (or re-issue) a team leader's authorization",
)
def issue_authorization(request, round_id: int, payload: AuthorizationIn):
    round = duties.get_round_for_duties(request.auth, round_id)
    if not duties.can_edit_round(request.auth, round):
        raise forbidden()
    team = next((t for t in duties.round_teams(round) if t.pk == payload.team_id), None)
    if team is None:
        raise invalid(ValidationError(_("The team has no target in this round.")))
    existed = Authorization.objects.filter(round=round, team=team).exists()
    authorization = _call(
        duties.issue_authorization,
        round,
        team,
        actor=request.auth,
        document_number=payload.document_number,
        issued_on=payload.issued_on,
    )
    return Status(200 if existed else 201, authorization)


@router.get(
    "/authorizations/{int:authorization_id}/document",
    summary="The authorization as a Word document",
)
def authorization_document(request, authorization_id: int, format: str = "docx"):
    authorization = duties.get_authorization_for_user(request.auth, authorization_id)
    return _docx(
        lambda fmt: duties.download_authorization(authorization, actor=request.auth, fmt=fmt),
        format,
    )


# --- pledges ------------------------------------------------------------------------------------


@router.get(
    "/rounds/{int:round_id}/pledges",
    response=list[PledgeOut],
    summary="The confidentiality pledges signed in a round",
)
@paginate
def list_pledges(request, round_id: int):
    round = duties.get_round_for_duties(request.auth, round_id, as_member=True)
    return (
        duties.visible_pledges(request.auth).filter(round=round).order_by("cadre__full_name", "id")
    )


@router.post(
    "/rounds/{int:round_id}/pledges",
    response={201: PledgeOut},
    summary="Sign a confidentiality pledge (one's own, or on paper for the office)",
)
def sign_pledge(request, round_id: int, payload: PledgeIn):
    round = duties.get_round_for_duties(request.auth, round_id, as_member=True)
    cadre = _member(request.auth, round, payload.cadre_id)
    pledge = _call(
        duties.sign_pledge, round, cadre, actor=request.auth, signed_on=payload.signed_on
    )
    return Status(201, pledge)


@router.get("/pledges/{int:pledge_id}/document", summary="A signed pledge as a Word document")
def pledge_document(request, pledge_id: int, format: str = "docx"):
    pledge = duties.get_pledge_for_user(request.auth, pledge_id)
    return _docx(lambda fmt: duties.download_pledge(pledge, actor=request.auth, fmt=fmt), format)


# --- gifts --------------------------------------------------------------------------------------


@router.get(
    "/rounds/{int:round_id}/gifts",
    response=list[GiftOut],
    summary="Gift declarations of a round (the office's, or one's own)",
)
@paginate
def list_gifts(request, round_id: int):
    round = duties.get_round_for_duties(request.auth, round_id, as_member=True)
    qs = duties.visible_gifts(request.auth).filter(round=round).order_by("-offered_on", "-id")
    shown = list(qs.values_list("pk", flat=True)[:1000])
    if shown:  # a read that shows nothing is not recorded
        duties.record_gifts_viewed(round, actor=request.auth, shown=shown)
    return qs


@router.post(
    "/rounds/{int:round_id}/gifts",
    response={201: GiftOut},
    summary="Declare a gift or banquet offered to a team member",
)
def declare_gift(request, round_id: int, payload: GiftIn):
    round = duties.get_round_for_duties(request.auth, round_id, as_member=True)
    cadre = _member(request.auth, round, payload.cadre_id)
    gift = _call(
        duties.declare_gift,
        round,
        cadre,
        actor=request.auth,
        kind=payload.kind,
        offered_on=payload.offered_on,
        offered_by=payload.offered_by,
        description=payload.description,
        value=payload.value,
        handling=payload.handling,
    )
    return Status(201, gift)


# --- evaluations --------------------------------------------------------------------------------


@router.get(
    "/rounds/{int:round_id}/evaluations",
    response=list[EvaluationOut],
    summary="End-of-round evaluations of a round's members",
)
@paginate
def list_evaluations(request, round_id: int):
    round = duties.get_round_for_duties(request.auth, round_id)
    return (
        duties.visible_evaluations(request.auth)
        .filter(round=round)
        .order_by("cadre__full_name", "id")
    )


@router.post(
    "/rounds/{int:round_id}/evaluations",
    response={200: EvaluationOut, 201: EvaluationOut},
    summary="Record (or change) a member's end-of-round evaluation",
)
def record_evaluation(request, round_id: int, payload: EvaluationIn):
    round = duties.get_round_for_duties(request.auth, round_id)
    if not duties.can_edit_round(request.auth, round):
        raise forbidden()
    cadre = _member(request.auth, round, payload.cadre_id)
    existed = Evaluation.objects.filter(round=round, cadre=cadre).exists()
    evaluation = _call(
        duties.record_evaluation,
        round,
        cadre,
        actor=request.auth,
        grade=payload.grade,
        comments=payload.comments,
        evaluated_on=payload.evaluated_on,
    )
    return Status(200 if existed else 201, evaluation)


@router.get(
    "/evaluations/{int:evaluation_id}/letter",
    summary="The evaluation letter to the member's home unit as a Word document",
)
def evaluation_letter(request, evaluation_id: int, format: str = "docx"):
    evaluation = duties.get_evaluation_for_user(request.auth, evaluation_id)
    return _docx(
        lambda fmt: duties.download_evaluation_letter(evaluation, actor=request.auth, fmt=fmt),
        format,
    )
