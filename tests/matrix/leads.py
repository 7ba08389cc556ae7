"""Authorization-matrix entries of the leads app (see tests/authz.py).

Inside: a lead of county A1's inspection; outside: one of county B1's. The office head of city A
(head_a) keeps the leads; head_b is the outsider; the office staff (office_a) reach the
inspection but must never see a lead. Hand-over decisions belong to the leading-group member
named in the request (viewer_a)."""

from tests.authz import Endpoint
from tests.factories import make_user
from xuncha.accounts.roles import Role
from xuncha.plans.models import Inspection, Stage

PUBLIC: set[str] = set()
SECRET = "钱秘密"
_KEEPER = {"allowed": "head_a", "outsider": "head_b", "without": "office_a"}
_APPROVER = {"allowed": "viewer_a", "outsider": "head_b", "without": "office_a"}
# Registering: whoever writes the inspection's material; the leading group reads only.
_WRITER = {"allowed": "head_a", "outsider": "head_b", "without": "viewer_a"}


def _inspection(ns, side):
    return ns.plans.inspection_a1 if side == "a" else ns.plans.inspection_b


def _make_lead(ns, side):
    from xuncha.leads import services

    # Leads are registered from the stationing onward.
    inspection = _inspection(ns, side)
    Inspection.objects.filter(pk=inspection.pk, stage=Stage.PLANNED).update(stage=Stage.STATIONED)
    inspection.refresh_from_db()
    registrant = ns.personas.office_a if side == "a" else ns.personas.outsider
    return services.register_lead(
        inspection,
        actor=None,
        registrant=registrant,
        subjects=[{"name": SECRET, "post": "局长"}],
        sources=[{"kind": "petition", "label": "县纪委转来的举报信"}],
        content="收受工程老板礼金",
        proposed_disposal="preliminary_verification",
    )


def _approver(ns, side):
    if side == "a":
        return ns.personas.viewer_a
    found = getattr(ns.personas, "viewer_b", None)
    if found is None:
        found = make_user(
            "viewer_b", unit=ns.tree.city_b, roles=[(Role.LEADING_GROUP, ns.tree.city_b)]
        )
        ns.personas.viewer_b = found
    return found


def _make_handover(ns, side, approve=False):
    from xuncha.leads import services_access

    inspection = _inspection(ns, side)
    Inspection.objects.filter(pk=inspection.pk).update(stage=Stage.STATIONED)
    inspection.refresh_from_db()
    lead = _make_lead(ns, side)
    handover = services_access.request_handover(
        lead,
        actor=None,
        reason="需立即移交",
        receiver="discipline_commission",
        approver=_approver(ns, side),
    )
    if approve:
        services_access.decide_handover(handover, actor=None, approve=True)
    return handover


def _lead(side, key="pk"):
    return lambda ns: {key: _make_lead(ns, side).pk}


def _with_lead(side, key="pk"):
    """The inspection's kwargs, a lead made beforehand."""

    def build(ns):
        _make_lead(ns, side)
        return {key: _inspection(ns, side).pk}

    return build


def _stationed_lead(side, key="pk"):
    def build(ns):
        inspection = _inspection(ns, side)
        Inspection.objects.filter(pk=inspection.pk).update(stage=Stage.STATIONED)
        return {key: _make_lead(ns, side).pk}

    return build


def _handover(side, key="pk", approve=False):
    return lambda ns: {key: _make_handover(ns, side, approve).pk}


def _nothing_but(maker):
    """No URL kwargs; the objects the page lists made beforehand."""

    def build(ns):
        maker(ns)
        return {}

    return build


def _finding(side, key="pk"):
    def build(ns):
        from xuncha.findings.models import Finding

        lead = _make_lead(ns, side)
        Finding.objects.create(
            inspection=lead.inspection, number=1, title="违规发放津补贴", drafter=lead.registered_by
        )
        return {key: lead.pk}

    return build


def _finding_of(ns):
    from xuncha.findings.models import Finding

    # The finding the builder made (of inspection A1 inside, of B1 outside).
    return Finding.objects.order_by("pk").values_list("pk", flat=True).first()


def _grant(side, key="pk"):
    def build(ns):
        from xuncha.leads.models import LeadGrant

        lead = _make_lead(ns, side)
        guest = make_user(f"lead_guest_{side}", unit=lead.inspection.target)
        grant = LeadGrant.objects.create(
            inspection=lead.inspection, lead=lead, user=guest, reason="协助核实"
        )
        return {key: grant.pk}

    return build


def _with_guest(side, key="pk"):
    def build(ns):
        make_user("lead_guest", unit=ns.tree.county_a1)
        return {key: _inspection(ns, side).pk}

    return build


def _form(ns):
    return {
        "subjects-TOTAL_FORMS": "1",
        "subjects-INITIAL_FORMS": "0",
        "subjects-MIN_NUM_FORMS": "0",
        "subjects-MAX_NUM_FORMS": "20",
        "subjects-0-name": "吴某",
        "subjects-0-post": "副局长",
        "source_kind": "other",
        "source_label": "上级交办",
        "content": "反映违规发放津补贴",
        "proposed_receiver": "discipline_commission",
        "proposed_disposal": "hold",
    }


def _api_lead(ns):
    return {
        "subjects": [{"name": "吴某", "post": "副局长"}],
        "sources": [{"kind": "other", "label": "上级交办"}],
        "content": "反映违规发放津补贴",
    }


def _handover_form(ns):
    return {
        "reason": "需立即移交",
        "receiver": "discipline_commission",
        "approver": ns.personas.viewer_a.pk,
    }


_ASSESS = {"assessment": "线索具体，可查性强", "proposed_disposal": "talk_inquiry"}
_REASON = {"reason": "与另一条线索重复"}
_RECORD = {"received_by": "县纪委 王某"}

ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "leads:mine",
        inside=_nothing_but(lambda ns: _make_lead(ns, "a")),
        secret_inside=SECRET,
        **_KEEPER,
    ),
    Endpoint(
        "leads:approvals",
        inside=_nothing_but(lambda ns: _make_handover(ns, "a")),
        secret_inside=SECRET,
        **_APPROVER,
    ),
    Endpoint(
        "leads:home",
        inside=_with_lead("a"),
        outside=_with_lead("b"),
        secret_inside=SECRET,
        **_KEEPER,
    ),
    Endpoint("leads:create", inside=_with_lead("a"), outside=_with_lead("b"), **_WRITER),
    Endpoint(
        "leads:create",
        method="POST",
        inside=_with_lead("a"),
        outside=_with_lead("b"),
        ok=(302,),
        data=_form,
        **_WRITER,
    ),
    Endpoint("leads:registered", inside=_with_lead("a"), outside=_with_lead("b"), **_WRITER),
    Endpoint("leads:export", inside=_with_lead("a"), outside=_with_lead("b"), **_KEEPER),
    Endpoint("leads:grants", inside=_with_lead("a"), outside=_with_lead("b"), **_KEEPER),
    Endpoint(
        "leads:grant",
        method="POST",
        inside=_with_guest("a"),
        outside=_with_lead("b"),
        ok=(302,),
        data=lambda ns: {"username": "lead_guest", "reason": "协助核实"},
        **_KEEPER,
    ),
    Endpoint(
        "leads:revoke",
        method="POST",
        inside=_grant("a"),
        outside=_grant("b"),
        ok=(302,),
        data=lambda ns: {"reason": "核实结束"},
        **_KEEPER,
    ),
    Endpoint(
        "leads:detail", inside=_lead("a"), outside=_lead("b"), secret_inside=SECRET, **_KEEPER
    ),
    Endpoint("leads:edit", inside=_lead("a"), outside=_lead("b"), secret_inside=SECRET, **_KEEPER),
    Endpoint(
        "leads:edit",
        method="POST",
        inside=_lead("a"),
        outside=_lead("b"),
        ok=(302,),
        data=_form,
        **_KEEPER,
    ),
    Endpoint(
        "leads:assess",
        method="POST",
        inside=_lead("a"),
        outside=_lead("b"),
        ok=(302,),
        data=lambda ns: dict(_ASSESS),
        **_KEEPER,
    ),
    Endpoint(
        "leads:link_finding",
        method="POST",
        inside=_finding("a"),
        outside=_finding("b"),
        ok=(302,),
        data=lambda ns: {"finding": _finding_of(ns)},
        **_KEEPER,
    ),
    Endpoint(
        "leads:withdraw",
        method="POST",
        inside=_lead("a"),
        outside=_lead("b"),
        ok=(302,),
        data=lambda ns: dict(_REASON),
        **_KEEPER,
    ),
    Endpoint("leads:word", inside=_lead("a"), outside=_lead("b"), **_KEEPER),
    Endpoint(
        "leads:handover_request",
        method="POST",
        inside=_stationed_lead("a"),
        outside=_stationed_lead("b"),
        ok=(302,),
        data=_handover_form,
        **_KEEPER,
    ),
    Endpoint(
        "leads:handover_decide",
        method="POST",
        inside=_handover("a"),
        outside=_handover("b"),
        ok=(302,),
        data=lambda ns: {"decision": "approve", "comment": "同意"},
        **_APPROVER,
    ),
    Endpoint(
        "leads:handover_record",
        method="POST",
        inside=_handover("a", approve=True),
        outside=_handover("b", approve=True),
        ok=(302,),
        data=lambda ns: dict(_RECORD),
        **_KEEPER,
    ),
]

_API = "/api/leads"
ENDPOINTS += [
    Endpoint(
        f"GET {_API}/",
        api=True,
        inside=_nothing_but(lambda ns: _make_lead(ns, "a")),
        secret_inside=SECRET,
        **_KEEPER,
    ),
    Endpoint(
        f"POST {_API}/inspections/{{inspection_id}}",
        method="POST",
        api=True,
        inside=_with_lead("a", "inspection_id"),
        outside=_with_lead("b", "inspection_id"),
        ok=(201,),
        data=_api_lead,
        **_WRITER,
    ),
    Endpoint(
        f"GET {_API}/{{lead_id}}",
        api=True,
        inside=_lead("a", "lead_id"),
        outside=_lead("b", "lead_id"),
        secret_inside=SECRET,
        **_KEEPER,
    ),
    Endpoint(
        f"PATCH {_API}/{{lead_id}}",
        method="PATCH",
        api=True,
        inside=_lead("a", "lead_id"),
        outside=_lead("b", "lead_id"),
        data=lambda ns: {"content": "更正后的内容"},
        **_KEEPER,
    ),
    Endpoint(
        f"POST {_API}/{{lead_id}}/assess",
        method="POST",
        api=True,
        inside=_lead("a", "lead_id"),
        outside=_lead("b", "lead_id"),
        data=lambda ns: dict(_ASSESS),
        **_KEEPER,
    ),
    Endpoint(
        f"POST {_API}/{{lead_id}}/finding",
        method="POST",
        api=True,
        inside=_finding("a", "lead_id"),
        outside=_finding("b", "lead_id"),
        data=lambda ns: {"finding_id": _finding_of(ns)},
        **_KEEPER,
    ),
    Endpoint(
        f"POST {_API}/{{lead_id}}/withdraw",
        method="POST",
        api=True,
        inside=_lead("a", "lead_id"),
        outside=_lead("b", "lead_id"),
        data=lambda ns: dict(_REASON),
        **_KEEPER,
    ),
    Endpoint(
        f"GET {_API}/inspections/{{inspection_id}}/grants",
        api=True,
        inside=_with_lead("a", "inspection_id"),
        outside=_with_lead("b", "inspection_id"),
        **_KEEPER,
    ),
    Endpoint(
        f"POST {_API}/inspections/{{inspection_id}}/grants",
        method="POST",
        api=True,
        inside=_with_guest("a", "inspection_id"),
        outside=_with_lead("b", "inspection_id"),
        ok=(201,),
        data=lambda ns: {"username": "lead_guest", "reason": "协助核实"},
        **_KEEPER,
    ),
    Endpoint(
        f"POST {_API}/grants/{{grant_id}}/revoke",
        method="POST",
        api=True,
        inside=_grant("a", "grant_id"),
        outside=_grant("b", "grant_id"),
        data=lambda ns: {"reason": "核实结束"},
        **_KEEPER,
    ),
    Endpoint(
        f"GET {_API}/inspections/{{inspection_id}}/approvers",
        api=True,
        inside=_with_lead("a", "inspection_id"),
        outside=_with_lead("b", "inspection_id"),
        secret_inside="viewer_a",
        **_KEEPER,
    ),
    Endpoint(
        f"GET {_API}/handovers/mine",
        api=True,
        inside=_nothing_but(lambda ns: _make_handover(ns, "a")),
        secret_inside="需立即移交",
        **_APPROVER,
    ),
    Endpoint(
        f"POST {_API}/{{lead_id}}/handover",
        method="POST",
        api=True,
        ok=(201,),
        inside=_stationed_lead("a", "lead_id"),
        outside=_stationed_lead("b", "lead_id"),
        data=lambda ns: {
            "reason": "需立即移交",
            "receiver": "discipline_commission",
            "approver_id": ns.personas.viewer_a.pk,
        },
        **_KEEPER,
    ),
    Endpoint(
        f"POST {_API}/handovers/{{handover_id}}/decide",
        method="POST",
        api=True,
        inside=_handover("a", "handover_id"),
        outside=_handover("b", "handover_id"),
        data=lambda ns: {"approve": True, "comment": "同意"},
        **_APPROVER,
    ),
    Endpoint(
        f"POST {_API}/handovers/{{handover_id}}/record",
        method="POST",
        api=True,
        inside=_handover("a", "handover_id", approve=True),
        outside=_handover("b", "handover_id", approve=True),
        data=lambda ns: dict(_RECORD),
        **_KEEPER,
    ),
]
