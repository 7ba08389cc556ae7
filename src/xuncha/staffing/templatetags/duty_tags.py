"""The cadre's service on inspection teams, as a panel of the cadre page:
`{% load duty_tags %}{% cadre_service cadre %}`."""

from django import template
from django.template.loader import render_to_string

from xuncha.accounts.permissions import restrict
from xuncha.accounts.roles import Capability
from xuncha.plans.models import Round
from xuncha.staffing import duties
from xuncha.staffing.models import TeamMember

register = template.Library()


@register.simple_tag(takes_context=True)
def cadre_service(context, cadre):
    """Rounds the cadre served in (team, role), with the pledge and the grade, and the gifts
    they declared for the office. Only what the viewer may see; nothing at all when that is
    nothing."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    memberships = list(
        TeamMember.objects.filter(cadre=cadre)
        .select_related("round__jurisdiction", "team")
        .order_by("-round__starts_on", "-round_id")
    )
    round_ids = [m.round_id for m in memberships]
    seen = set(
        restrict(
            Round.objects.filter(pk__in=round_ids), user, Capability.PLAN_VIEW, "jurisdiction__path"
        ).values_list("pk", flat=True)
    )
    evaluations = {e.round_id: e for e in duties.visible_evaluations(user).filter(cadre=cadre)}
    pledges = {p.round_id: p for p in duties.visible_pledges(user).filter(cadre=cadre)}
    rows = []
    for member in memberships:
        if member.round_id not in seen and member.round_id not in evaluations:
            continue
        member.round_visible = member.round_id in seen
        member.evaluation = evaluations.get(member.round_id)
        member.pledge = pledges.get(member.round_id)
        rows.append(member)
    gifts = list(duties.visible_gifts(user).filter(cadre=cadre).order_by("-offered_on", "-id"))
    if not rows and not gifts:
        return ""
    return render_to_string(
        "staffing/duty_cadre_panel.html",
        {"cadre": cadre, "rows": rows, "gifts": gifts},
        request=request,
    )
