"""Recusal panels that other apps' pages embed: `{% round_recusals round %}` on the round page,
`{% cadre_recusals cadre %}` on the cadre page. Both render nothing for someone who may not see
recusals there, so the host page need not check."""

from django import template
from django.db.models import Count
from django.template.loader import render_to_string

from xuncha.accounts.permissions import role_for
from xuncha.accounts.roles import Capability
from xuncha.staffing.models import RecusalSource, RecusalStatus
from xuncha.staffing.recusal import may_manage_round, may_review_round, visible_recusals
from xuncha.staffing.rules import rule_label

register = template.Library()

CADRE_PANEL_ROWS = 10


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None), request


@register.simple_tag(takes_context=True)
def round_recusals(context, round):
    """Counts by status and the way to the round's recusals."""
    user, request = _user(context)
    if user is None or round is None or not may_review_round(user, round):
        return ""
    counts = dict(
        visible_recusals(user)
        .filter(round=round)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    tabs = [(v, label, counts.get(v, 0)) for v, label in RecusalStatus.choices]
    return render_to_string(
        "staffing/_recusal_round_panel.html",
        {
            "round": round,
            "tabs": tabs,
            "total": sum(counts.values()),
            "can_manage": may_manage_round(user, round),
        },
        request=request,
    )


@register.simple_tag(takes_context=True)
def cadre_recusals(context, cadre):
    """The cadre's latest recusals the user may see, with links to declare and to check."""
    user, request = _user(context)
    if user is None or cadre is None:
        return ""
    is_self = bool(user.is_authenticated and cadre.user_id and cadre.user_id == user.pk)
    office = role_for(user, Capability.PEOPLE_EDIT, cadre.unit.path) is not None
    qs = visible_recusals(user).filter(cadre=cadre)
    rows = list(qs.order_by("-created_at", "-id")[: CADRE_PANEL_ROWS + 1])
    if not rows and not office and not is_self:
        return ""
    more = len(rows) > CADRE_PANEL_ROWS
    rows = rows[:CADRE_PANEL_ROWS]
    for r in rows:
        r.label = rule_label(r.rule) if r.source == RecusalSource.RULE else r.get_source_display()
    return render_to_string(
        "staffing/_recusal_cadre_panel.html",
        {
            "cadre": cadre,
            "recusals": rows,
            "more": more,
            "total": qs.count() if more else len(rows),
            "can_declare": office or is_self,
            "is_self": is_self and not office,
            # The check reads relatives: the office over the cadre may run it (may_check).
            "can_check": office,
        },
        request=request,
    )
