"""Pages of a round's duties: the leaders' authorizations, the confidentiality pledges, the gift
declarations and the end-of-round evaluations, and a team member's own page to sign and declare.
Reads go through the choke points of duties.py, writes through its services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.documents.http import send_generated
from xuncha.people.models import Cadre, Team
from xuncha.people.permissions import own_cadre
from xuncha.plans.models import Inspection, Round, RoundStatus
from xuncha.staffing import duties
from xuncha.staffing.forms_duties import (
    AuthorizationForm,
    EvaluationForm,
    GiftForm,
    OwnPledgeForm,
    PledgeOnBehalfForm,
)
from xuncha.staffing.models import MemberRole, TeamMember

PAGE_SIZE = 50


def _editable_round(request: HttpRequest, pk: int) -> Round:
    """The round seen with plan.view (404 otherwise), then plan.edit required (403)."""
    round = duties.get_round_for_duties(request.user, pk)
    if not duties.can_edit_round(request.user, round):
        raise PermissionDenied
    return round


def _member_cadres(round: Round):
    """Cadres on the round's teams, each with `team_name` for the choice labels."""
    seat = TeamMember.objects.filter(round=round, cadre=OuterRef("pk"))
    return (
        Cadre.objects.filter(pk__in=TeamMember.objects.filter(round=round).values("cadre_id"))
        .annotate(
            team_name=Subquery(seat.values("team__name")[:1]),
            team_number=Subquery(seat.values("team__number")[:1]),
        )
        .order_by("team_number", "full_name", "id")
    )


def _download(request: HttpRequest, make) -> HttpResponse:
    """The document in the format asked for (`?format=pdf`), generated, stored and audited."""
    return send_generated(request, make)


def _tabs(request: HttpRequest, round: Round, tab: str) -> dict:
    return {
        "round": round,
        "tab": tab,
        "can_edit": duties.can_edit_round(request.user, round),
        "closed": round.status == RoundStatus.CLOSED,
    }


# --- the round's overview and the authorizations ------------------------------------------------


@login_required
def round_duties(request: HttpRequest, pk: int) -> HttpResponse:
    """Team by team: leader, targets and their stage, the authorization, pledges signed."""
    user = request.user
    round = duties.get_round_for_duties(user, pk)
    members = list(duties.round_members(round))
    inspections = list(
        Inspection.objects.filter(round=round).select_related("target").order_by("target__path")
    )
    authorizations = {a.team_id: a for a in duties.visible_authorizations(user).filter(round=round)}
    signed = set(
        duties.visible_pledges(user).filter(round=round).values_list("cadre_id", flat=True)
    )
    rows = []
    for team in duties.round_teams(round):
        team_members = [m for m in members if m.team_id == team.pk]
        leader = next((m for m in team_members if m.role == MemberRole.LEADER), None)
        authorization = authorizations.get(team.pk)
        rows.append(
            {
                "team": team,
                "leader": leader,
                "members": len(team_members),
                "signed": sum(1 for m in team_members if m.cadre_id in signed),
                "inspections": [i for i in inspections if i.team_id == team.pk],
                "authorization": authorization,
                "leader_changed": bool(
                    authorization and leader and authorization.leader_id != leader.cadre_id
                ),
            }
        )
    context = _tabs(request, round, "duties")
    if context["can_edit"]:
        context["gift_count"] = duties.visible_gifts(user).filter(round=round).count()
        context["evaluated"] = duties.visible_evaluations(user).filter(round=round).count()
    context.update(
        {
            "rows": rows,
            "member_count": len(members),
            "signed_count": sum(1 for m in members if m.cadre_id in signed),
            "approved": round.status == RoundStatus.APPROVED,
        }
    )
    return render(request, "staffing/duty_round.html", context)


def _round_team(round: Round, team_pk: int) -> Team:
    teams = Team.objects.filter(Q(inspections__round=round) | Q(members__round=round)).distinct()
    return get_object_or_404(teams, pk=team_pk)


@login_required
def authorization_issue(request: HttpRequest, pk: int, team_pk: int) -> HttpResponse:
    """Issue (or re-issue) the authorization of one team's leader, after seeing what it says."""
    user = request.user
    round = _editable_round(request, pk)
    team = _round_team(round, team_pk)
    existing = duties.visible_authorizations(user).filter(round=round, team=team).first()
    form = AuthorizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            duties.issue_authorization(
                round,
                team,
                actor=user,
                document_number=form.cleaned_data["document_number"],
                issued_on=form.cleaned_data["issued_on"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The authorization has been issued."))
            return redirect("staffing:duties", pk=round.pk)
    targets = Inspection.objects.filter(round=round, team=team).select_related("target")
    return render(
        request,
        "staffing/authorization_issue.html",
        {
            **_tabs(request, round, "duties"),
            "team": team,
            "leader": duties.team_leader(round, team),
            "inspections": targets.order_by("target__path"),
            "existing": existing,
            "form": form,
            "approved": round.status == RoundStatus.APPROVED,
        },
    )


@login_required
def authorization_download(request: HttpRequest, pk: int) -> HttpResponse:
    authorization = duties.get_authorization_for_user(request.user, pk)
    return _download(
        request,
        lambda fmt: duties.download_authorization(authorization, actor=request.user, fmt=fmt),
    )


# --- pledges ------------------------------------------------------------------------------------


def _pledge_rows(request: HttpRequest, round: Round, members):
    pledges = {
        p.cadre_id: p
        for p in duties.visible_pledges(request.user).filter(
            round=round, cadre_id__in=[m.cadre_id for m in members]
        )
    }
    for member in members:
        member.pledge = pledges.get(member.cadre_id)
    return members


@login_required
def pledges(request: HttpRequest, pk: int) -> HttpResponse:
    """Who on the round's teams has signed the pledge and who has not."""
    round = duties.get_round_for_duties(request.user, pk)
    page = Paginator(duties.round_members(round), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _pledge_rows(request, round, list(page.object_list))
    total = page.paginator.count
    signed = duties.visible_pledges(request.user).filter(round=round).count()
    return render(
        request,
        "staffing/pledges.html",
        {**_tabs(request, round, "pledges"), "page": page, "total": total, "signed": signed},
    )


@login_required
@require_POST
def pledge_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """The office records a pledge a member signed on paper."""
    round = _editable_round(request, pk)
    form = PledgeOnBehalfForm(request.POST, cadres=_member_cadres(round))
    if not form.is_valid():
        flash_errors(request, form)
    else:
        try:
            duties.sign_pledge(
                round,
                form.cleaned_data["cadre"],
                actor=request.user,
                signed_on=form.cleaned_data["signed_on"],
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The pledge has been recorded."))
    return redirect(reverse("staffing:pledges", kwargs={"pk": round.pk}) + _page_suffix(request))


def _page_suffix(request: HttpRequest) -> str:
    page = request.POST.get("page", "")
    return f"?page={page}" if page.isascii() and page.isdigit() else ""


@login_required
def pledge_register(request: HttpRequest, pk: int) -> HttpResponse:
    """The signature register of the round's pledges, to print."""
    round = duties.get_round_for_duties(request.user, pk)
    members = _pledge_rows(request, round, list(duties.round_members(round)))
    return render(request, "staffing/pledge_register.html", {"round": round, "members": members})


@login_required
def pledge_download(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = duties.get_pledge_for_user(request.user, pk)
    return _download(
        request, lambda fmt: duties.download_pledge(pledge, actor=request.user, fmt=fmt)
    )


# --- gifts --------------------------------------------------------------------------------------


@login_required
def gifts(request: HttpRequest, pk: int) -> HttpResponse:
    """The gifts and banquets declared in the round, for the office."""
    round = _editable_round(request, pk)
    qs = duties.visible_gifts(request.user).filter(round=round)
    totals = qs.aggregate(count=Count("pk"), value=Sum("value"))
    page = Paginator(qs.order_by("-offered_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    duties.record_gifts_viewed(round, actor=request.user, shown=[g.pk for g in page])
    return render(
        request,
        "staffing/gifts.html",
        {**_tabs(request, round, "gifts"), "page": page, "totals": totals},
    )


@login_required
def gift_declare(request: HttpRequest, pk: int) -> HttpResponse:
    """The office records a declaration for a member."""
    round = _editable_round(request, pk)
    form = GiftForm(request.POST or None, cadres=_member_cadres(round))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        cadre = data.pop("cadre")
        try:
            duties.declare_gift(round, cadre, actor=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The declaration has been recorded."))
            return redirect("staffing:gifts", pk=round.pk)
    return render(
        request,
        "staffing/gift_form.html",
        {
            **_tabs(request, round, "gifts"),
            "form": form,
            "back": reverse("staffing:gifts", kwargs={"pk": round.pk}),
        },
    )


# --- evaluations --------------------------------------------------------------------------------


def _evaluation_page(request: HttpRequest, round: Round, page_number, bound=None):
    """The evaluation table; `bound` is (cadre_id, form) of a row that failed to save."""
    page = Paginator(duties.round_members(round), PAGE_SIZE).get_page(page_number)
    page.object_list = list(page.object_list)
    evaluations = {
        e.cadre_id: e
        for e in duties.visible_evaluations(request.user).filter(
            round=round, cadre_id__in=[m.cadre_id for m in page.object_list]
        )
    }
    for member in page.object_list:
        member.evaluation = evaluations.get(member.cadre_id)
        if bound and bound[0] == member.cadre_id:
            member.form = bound[1]
            continue
        initial = {}
        if member.evaluation:
            initial = {
                "grade": member.evaluation.grade,
                "comments": member.evaluation.comments,
                "evaluated_on": member.evaluation.evaluated_on,
            }
        member.form = EvaluationForm(prefix=f"c{member.cadre_id}", initial=initial)
    return render(
        request,
        "staffing/evaluations.html",
        {
            **_tabs(request, round, "evaluations"),
            "page": page,
            "evaluated": duties.visible_evaluations(request.user).filter(round=round).count(),
            "open": round.status in (RoundStatus.APPROVED, RoundStatus.CLOSED),
        },
    )


@login_required
def evaluations(request: HttpRequest, pk: int) -> HttpResponse:
    """Every member of the round with their grade and comments, and the letters."""
    round = _editable_round(request, pk)
    return _evaluation_page(request, round, request.GET.get("page"))


@login_required
@require_POST
def evaluation_record(request: HttpRequest, pk: int, cadre_pk: int) -> HttpResponse:
    round = _editable_round(request, pk)
    member = get_object_or_404(
        TeamMember.objects.select_related("cadre"), round=round, cadre_id=cadre_pk
    )
    form = EvaluationForm(request.POST, prefix=f"c{cadre_pk}")
    if form.is_valid():
        try:
            duties.record_evaluation(round, member.cadre, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The evaluation of %(name)s has been saved.") % {"name": member.cadre.full_name},
            )
            url = reverse("staffing:evaluations", kwargs={"pk": round.pk})
            return redirect(f"{url}{_page_suffix(request)}#c{cadre_pk}")
    return _evaluation_page(request, round, request.POST.get("page"), bound=(cadre_pk, form))


@login_required
def evaluation_letter(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = duties.get_evaluation_for_user(request.user, pk)
    return _download(
        request,
        lambda fmt: duties.download_evaluation_letter(evaluation, actor=request.user, fmt=fmt),
    )


# --- a team member's own duties -------------------------------------------------------------------


def _own_membership(request: HttpRequest, round_pk: int) -> TeamMember:
    cadre = own_cadre(request.user)
    if cadre is None:
        raise Http404
    return get_object_or_404(
        TeamMember.objects.select_related("round__jurisdiction", "team", "cadre__unit"),
        round_id=round_pk,
        cadre=cadre,
    )


@login_required
def my_duties(request: HttpRequest) -> HttpResponse:
    """The rounds the signed-in person serves in: their pledge and their declarations."""
    user = request.user
    cadre = own_cadre(user)
    memberships, gifts_by_round = [], {}
    if cadre is not None:
        memberships = list(
            TeamMember.objects.filter(cadre=cadre)
            .select_related("round__jurisdiction", "team")
            .order_by("-round__starts_on", "-round_id")
        )
        pledged = {p.round_id: p for p in duties.visible_pledges(user).filter(cadre=cadre)}
        for gift in duties.visible_gifts(user).filter(cadre=cadre).order_by("-offered_on"):
            gifts_by_round.setdefault(gift.round_id, []).append(gift)
        # The leader's own authorization, to show the target on arrival.
        authorized = {
            (a.round_id, a.team_id): a
            for a in duties.visible_authorizations(user).filter(leader=cadre)
        }
        for member in memberships:
            member.pledge = pledged.get(member.round_id)
            member.gifts = gifts_by_round.get(member.round_id, [])
            member.authorization = (
                authorized.get((member.round_id, member.team_id))
                if member.role == MemberRole.LEADER
                else None
            )
    return render(request, "staffing/duty_mine.html", {"cadre": cadre, "memberships": memberships})


@login_required
def my_pledge(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the pledge and sign it."""
    member = _own_membership(request, pk)
    pledge = (
        duties.visible_pledges(request.user).filter(round=member.round, cadre=member.cadre).first()
    )
    form = OwnPledgeForm(request.POST or None)
    if request.method == "POST" and pledge is None and form.is_valid():
        try:
            duties.sign_pledge(member.round, member.cadre, actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your pledge has been signed."))
            return redirect("staffing:my_duties")
    return render(
        request,
        "staffing/pledge_mine.html",
        {
            "member": member,
            "pledge": pledge,
            "form": form,
            "text_lines": (pledge.text if pledge else duties.PLEDGE_TEXT).splitlines(),
        },
    )


@login_required
def my_gift(request: HttpRequest, pk: int) -> HttpResponse:
    """Declare a gift or banquet offered to oneself."""
    member = _own_membership(request, pk)
    form = GiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            duties.declare_gift(member.round, member.cadre, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your declaration has been recorded."))
            return redirect("staffing:my_duties")
    return render(
        request,
        "staffing/gift_form.html",
        {
            "round": member.round,
            "member": member,
            "form": form,
            "back": reverse("staffing:my_duties"),
        },
    )
