"""Pages of the teams of a round: who serves on which team, the formation assistant's proposals,
and editing by hand. Reads go through the choke points (plans.permissions for the round,
staffing.permissions for members and proposals), writes through staffing.services."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuncha.accounts.roles import Capability
from xuncha.core.forms import apply_errors, flash_errors
from xuncha.people.models import Team
from xuncha.people.permissions import visible_cadres
from xuncha.plans.models import Round
from xuncha.plans.permissions import can, get_round_for_user
from xuncha.staffing import services
from xuncha.staffing.formation import group_label, skill_label
from xuncha.staffing.forms_teams import (
    AcceptForm,
    AddMemberForm,
    ProposeForm,
    ReasonForm,
    RejectForm,
    RoleForm,
)
from xuncha.staffing.models import MemberRole, ProposalStatus
from xuncha.staffing.permissions import (
    get_proposal_for_user,
    get_team_member_for_user,
    visible_proposals,
    visible_team_members,
)

PAGE_SIZE = 20
ROLE_ORDER = {role: i for i, role in enumerate(MemberRole.values)}


def skills_of(cadre) -> list[str]:
    return [skill_label(s) for s in sorted(cadre.skills)]


def _by_role(members) -> list:
    return sorted(members, key=lambda m: (ROLE_ORDER.get(m.role, 99), m.cadre.full_name, m.pk))


def team_rows(user, round: Round) -> list[dict]:
    """The round's teams in number order, with their targets, stages and current members."""
    rows: dict[int, dict] = {}
    for insp in round.inspections.select_related("team", "target").order_by(
        "team__number", "target__path"
    ):
        row = rows.setdefault(
            insp.team_id, {"team": insp.team, "targets": [], "stages": [], "members": []}
        )
        row["targets"].append(insp.target)
        row["stages"].append(insp.stage)
    for m in visible_team_members(user).filter(round=round).select_related("cadre__unit"):
        if m.team_id in rows:
            rows[m.team_id]["members"].append(m)
    for row in rows.values():
        row["members"] = _by_role(row["members"])
        for m in row["members"]:
            m.skill_labels = skills_of(m.cadre)
        row["leader"] = next((m for m in row["members"] if m.role == MemberRole.LEADER), None)
        row["editable"] = services.is_editable(round, row["stages"])
    return list(rows.values())


def _add_form(user, round: Round, rows, data=None) -> AddMemberForm:
    editable = [row["team"].pk for row in rows if row["editable"]]
    # Each team is staffed from its own jurisdiction's pools (sibling ones in a cross round).
    jurisdictions = {row["team"].jurisdiction_id for row in rows if row["editable"]}
    cadres = (
        visible_cadres(user)
        .filter(
            is_active=True,
            memberships__pool__jurisdiction_id__in=jurisdictions,
            memberships__pool__is_active=True,
            memberships__removed_on__isnull=True,
        )
        .exclude(team_memberships__round=round)
        .distinct()
        .order_by("full_name", "id")
    )
    return AddMemberForm(
        data,
        teams=Team.objects.filter(pk__in=editable).order_by("number"),
        cadres=cadres,
    )


def _render_teams(request, round: Round, *, add_form=None, propose_form=None, status=200):
    user = request.user
    can_edit = can(user, Capability.PLAN_EDIT, round.jurisdiction)
    rows = team_rows(user, round)
    proposals = visible_proposals(user).filter(round=round).order_by("-created_at", "-id")
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    if can_edit:
        add_form = add_form or _add_form(user, round, rows)
        propose_form = propose_form or ProposeForm()
    return render(
        request,
        "staffing/teams.html",
        {
            "round": round,
            "teams": rows,
            "page": page,
            "can_edit": can_edit,
            "any_editable": any(row["editable"] for row in rows),
            "add_form": add_form,
            "propose_form": propose_form,
            "roles": MemberRole.choices,
        },
        status=status,
    )


@login_required
def round_teams(request: HttpRequest, pk: int) -> HttpResponse:
    """The teams of a round with their members, and the proposals of the assistant."""
    return _render_teams(request, get_round_for_user(request.user, pk))


@login_required
@require_POST
def team_propose(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    round = get_round_for_user(user, pk)
    form = ProposeForm(request.POST)
    if form.is_valid():
        try:
            proposal = services.propose(
                round, actor=user, time_limit=form.cleaned_data["time_limit"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if proposal.status == ProposalStatus.INFEASIBLE:
                messages.warning(
                    request, _("No formation meets the constraints; the diagnosis says why.")
                )
            else:
                messages.success(request, _("The teams have been proposed."))
            return redirect("staffing:proposal", pk=proposal.pk)
    return _render_teams(request, round, propose_form=form)


@login_required
@require_POST
def team_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    round = get_round_for_user(user, pk)
    if not can(user, Capability.PLAN_EDIT, round.jurisdiction):
        raise PermissionDenied
    form = _add_form(user, round, team_rows(user, round), request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_member(
                round,
                data["team"],
                data["cadre"],
                actor=user,
                role=data["role"],
                override_reason=data["override_reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s has joined %(team)s.")
                % {"name": data["cadre"].full_name, "team": data["team"].name},
            )
            return redirect("staffing:round_teams", pk=round.pk)
    return _render_teams(request, round, add_form=form)


@login_required
def team_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm and take a cadre off a team, with a reason."""
    user = request.user
    member = get_team_member_for_user(user, pk)
    if not can(user, Capability.PLAN_EDIT, member.round.jurisdiction):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_member(member, actor=user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc, "reason")
        else:
            messages.success(
                request,
                _("%(name)s has left %(team)s.")
                % {"name": member.cadre.full_name, "team": member.team.name},
            )
            return redirect("staffing:round_teams", pk=member.round_id)
    return render(request, "staffing/team_member_remove.html", {"member": member, "form": form})


@login_required
@require_POST
def team_member_role(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    member = get_team_member_for_user(user, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
    else:
        try:
            services.change_role(
                member,
                actor=user,
                role=form.cleaned_data["role"],
                override_reason=form.cleaned_data["override_reason"],
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The role has been changed."))
    return redirect("staffing:round_teams", pk=member.round_id)


# --- Proposals ---------------------------------------------------------------------------------


def proposal_rows(proposal, round: Round) -> list[dict]:
    """The proposal's teams in number order with targets, seats, notes and what was avoided."""
    notes = proposal.explanation.get("teams", {})
    rows: dict[int, dict] = {}
    for insp in round.inspections.select_related("team", "target").order_by(
        "team__number", "target__path"
    ):
        row = rows.setdefault(
            insp.team_id,
            {"team": insp.team, "targets": [], "seats": [], "notes": [], "avoided": []},
        )
        row["targets"].append(insp.target)
    seats = defaultdict(list)
    for seat in proposal.members.select_related("team", "cadre", "cadre__unit"):
        seat.skill_labels = skills_of(seat.cadre)
        seats[seat.team_id].append(seat)
    wanted = set(proposal.explanation.get("team_ids", [])) | set(seats)
    out = []
    for team_id, row in rows.items():
        if team_id not in wanted:
            continue
        row["seats"] = _by_role(seats.get(team_id, []))
        row["notes"] = notes.get(str(team_id), {}).get("notes", [])
        row["avoided"] = notes.get(str(team_id), {}).get("avoided", [])
        out.append(row)
    return out


def _render_proposal(request, proposal, *, accept_form=None, reject_form=None, status=200):
    user = request.user
    round = proposal.round
    can_decide = proposal.status == ProposalStatus.PROPOSED and can(
        user, Capability.PLAN_EDIT, round.jurisdiction
    )
    explanation = proposal.explanation
    return render(
        request,
        "staffing/proposal.html",
        {
            "proposal": proposal,
            "round": round,
            "teams": proposal_rows(proposal, round),
            "general": explanation.get("general", []),
            "diagnosis": explanation.get("diagnosis", []),
            "breakdown": explanation.get("breakdown", {}),
            "baseline": explanation.get("baseline_breakdown", {}),
            "expertise": [
                group_label(frozenset(g)) for g in proposal.parameters.get("expertise_groups", [])
            ],
            "can_decide": can_decide,
            "accept_form": accept_form or AcceptForm(),
            "reject_form": reject_form or RejectForm(),
        },
        status=status,
    )


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A proposal: each team's seats with reasons, what was avoided, or why none exists."""
    return _render_proposal(request, get_proposal_for_user(request.user, pk))


@login_required
@require_POST
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = get_proposal_for_user(user, pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _render_proposal(request, proposal, accept_form=form)
    try:
        services.accept(proposal, actor=user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("staffing:proposal", pk=proposal.pk)
    messages.success(request, _("The proposal has been accepted; the teams have their members."))
    return redirect("staffing:round_teams", pk=proposal.round_id)


@login_required
@require_POST
def proposal_reject(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = get_proposal_for_user(user, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject(proposal, actor=user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_errors(form, exc, "note")
        else:
            messages.success(request, _("The proposal has been rejected."))
            return redirect("staffing:round_teams", pk=proposal.round_id)
    return _render_proposal(request, proposal, reject_form=form)
