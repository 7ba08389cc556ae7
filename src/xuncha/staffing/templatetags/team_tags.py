"""The teams panel of a round's page (plans app): each team with its leader and member count,
and a link to the teams page. Nothing for users whose plan.view does not reach the round."""

from django import template
from django.template.loader import render_to_string

from xuncha.accounts.roles import Capability
from xuncha.plans.permissions import can
from xuncha.staffing.models import MemberRole, ProposalStatus
from xuncha.staffing.permissions import visible_proposals, visible_team_members

register = template.Library()


@register.simple_tag(takes_context=True)
def round_teams(context, round):
    request = context.get("request")
    user = getattr(request, "user", None)
    if round is None or user is None or not can(user, Capability.PLAN_VIEW, round.jurisdiction):
        return ""
    rows: dict[int, dict] = {}
    for insp in round.inspections.select_related("team", "target").order_by(
        "team__number", "target__path"
    ):
        row = rows.setdefault(
            insp.team_id, {"team": insp.team, "targets": [], "leader": "", "count": 0}
        )
        row["targets"].append(insp.target)
    for team_id, role, name in (
        visible_team_members(user)
        .filter(round=round)
        .values_list("team_id", "role", "cadre__full_name")
    ):
        if team_id in rows:
            rows[team_id]["count"] += 1
            if role == MemberRole.LEADER:
                rows[team_id]["leader"] = name
    return render_to_string(
        "staffing/_team_panel.html",
        {
            "round": round,
            "rows": list(rows.values()),
            "open_proposals": visible_proposals(user)
            .filter(round=round, status=ProposalStatus.PROPOSED)
            .count(),
            "can_edit": can(user, Capability.PLAN_EDIT, round.jurisdiction),
        },
        request=request,
    )
