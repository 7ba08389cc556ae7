"""Authorization-matrix entries for the people records endpoints (see tests/authz.py for Endpoint).

`ns` carries tree, personas, people (tests.factories.make_people) and plans
(tests.factories.make_plans).

Covered here: the entries of a cadre's record (pages and API), the removal and re-admission of
pool members, the export of a pool, the cadre import, cadre writes in the API, and linking a
cadre to an account (page and API). Relatives are
personal data: the cadre page shows them to the office only, which the first entry checks.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.authz import Endpoint
from xuncha.people import services
from xuncha.people.models import (
    Availability,
    FamilyRelation,
    Kinship,
    PoolMembership,
    Posting,
    Reward,
    TrainingRecord,
    WorkingRelation,
    WorkingRelationKind,
)

SECRET_RELATIVE = "矩阵亲属"
SECRET_TITLE = "矩阵职务"

# One entry of each kind, as the builders create them (the values shown to the allowed persona).
_ENTRY = {
    "postings": (
        Posting,
        {"organization": "矩阵大学", "title": SECRET_TITLE, "started_on": date(2010, 9, 1)},
    ),
    "relatives": (
        FamilyRelation,
        {"kinship": Kinship.SPOUSE, "full_name": SECRET_RELATIVE, "employer": "矩阵医院"},
    ),
    "working-relations": (
        WorkingRelation,
        {"kind": WorkingRelationKind.SUPERIOR, "full_name": SECRET_RELATIVE},
    ),
    "availability": (
        Availability,
        {"starts_on": date(2026, 3, 1), "ends_on": date(2026, 4, 30), "note": SECRET_TITLE},
    ),
    "trainings": (TrainingRecord, {"title": SECRET_TITLE, "held_on": date(2025, 5, 10)}),
    "rewards": (Reward, {"title": SECRET_TITLE, "awarded_on": date(2024, 12, 20)}),
}

# A valid form for each kind, for the add and edit pages.
_FORM = {
    "postings": {
        "kind": "work",
        "organization": "某大学",
        "title": "学员",
        "started_on": "2008-09-01",
        "ended_on": "2009-07-01",
    },
    "relatives": {"kinship": "lineal", "relation": "父亲", "full_name": "王父", "employer": "个体"},
    "working-relations": {"kind": "colleague", "full_name": "李同事", "ended_on": "2019-01-01"},
    "availability": {"starts_on": "2027-01-01", "ends_on": "2027-02-01", "released": "on"},
    "trainings": {"title": "巡察业务培训", "held_on": "2025-06-01", "hours": "8"},
    "rewards": {"title": "嘉奖", "awarded_on": "2025-01-01", "issuer": "县委"},
}

# A valid API payload for each kind (JSON), for add and change.
_JSON = {
    "postings": {"organization": "某大学", "title": "学员", "started_on": "2008-09-01"},
    "relatives": {"kinship": "lineal", "full_name": "王父"},
    "working-relations": {"kind": "colleague", "full_name": "李同事"},
    "availability": {"starts_on": "2027-01-01", "ends_on": "2027-02-01"},
    "trainings": {"title": "巡察业务培训", "held_on": "2025-06-01", "hours": 8},
    "rewards": {"title": "嘉奖", "awarded_on": "2025-01-01"},
}
_PATCH = {
    "postings": {"title": "改后职务"},
    "relatives": {"post": "改后职务"},
    "working-relations": {"full_name": "改后姓名"},
    "availability": {"note": "改后"},
    "trainings": {"organizer": "市委巡察办"},
    "rewards": {"issuer": "市委"},
}


def _entry(kind: str, cadre):
    """Create an entry of `kind` on the cadre and return it."""
    model, fields = _ENTRY[kind]
    return services.add_record(cadre, model, actor=None, **fields)


def _cadre(attr: str, key: str = "pk", kind: str | None = None, seed: str | None = None):
    """URL kwargs naming a cadre (and a kind); `seed` first adds an entry of that kind, so that
    a list has something to show."""

    def build(ns):
        if seed:
            _entry(seed, getattr(ns.people, attr))
        kwargs = {key: getattr(ns.people, attr).pk}
        if kind:
            kwargs["kind"] = kind
        return kwargs

    return build


def _record(kind: str, attr: str, api: bool = False):
    def build(ns):
        entry = _entry(kind, getattr(ns.people, attr))
        if api:
            return {"cadre_id": getattr(ns.people, attr).pk, "record_id": entry.pk}
        return {"kind": kind, "pk": entry.pk}

    return build


def _membership(pool: str, cadre: str, removed: bool = False):
    def build(ns):
        membership = PoolMembership.objects.get(
            pool=getattr(ns.people, pool), cadre=getattr(ns.people, cadre)
        )
        if removed:
            membership = services.remove_from_pool(membership, actor=None, reason="调离")
        return {"pk": membership.pk}

    return build


def _pk(attr: str, key: str = "pk"):
    """URL kwargs naming an object of `make_people` (a cadre or a pool) by its id."""
    return lambda ns: {key: getattr(ns.people, attr).pk}


def _csv_upload(ns):
    content = "姓名,工作单位编码,主要专业,其他专长\n矩阵新人,A1101,审计,法律、财务\n".encode("gbk")
    return {"file": SimpleUploadedFile("cadres.csv", content, content_type="text/csv")}


_EDIT = {"without": "viewer_a"}


def _linked(attr: str, key: str = "pk"):
    """URL kwargs naming a cadre linked to an account of its own scope (to be unlinked)."""

    def build(ns):
        account = ns.personas.norole if attr == "in_a1" else ns.personas.outsider
        services.link_account(getattr(ns.people, attr), account, actor=None)
        return {key: getattr(ns.people, attr).pk}

    return build


ENDPOINTS: list[Endpoint] = [
    # The cadre page shows relatives to the office only: viewer_a sees the page, not the name.
    Endpoint(
        "people:cadre",
        inside=_cadre("in_a1", seed="relatives"),
        outside=_pk("in_b"),
        without="viewer_a",
        secret_inside=SECRET_RELATIVE,
    ),
    # --- record pages ------------------------------------------------------------------------
    *[
        entry
        for kind in _FORM
        for entry in (
            Endpoint(
                "people:record_add",
                inside=_cadre("in_a1", kind=kind),
                outside=_cadre("in_b", kind=kind),
                **_EDIT,
            ),
            Endpoint(
                "people:record_add",
                method="POST",
                inside=_cadre("in_a1", kind=kind),
                outside=_cadre("in_b", kind=kind),
                ok=(302,),
                **_EDIT,
                data=lambda ns, kind=kind: dict(_FORM[kind]),
            ),
        )
    ],
    *[
        entry
        for kind in ("postings", "relatives")
        for entry in (
            Endpoint(
                "people:record_edit",
                inside=_record(kind, "in_a1"),
                outside=_record(kind, "in_b"),
                **_EDIT,
                secret_inside=SECRET_RELATIVE if kind == "relatives" else SECRET_TITLE,
            ),
            Endpoint(
                "people:record_edit",
                method="POST",
                inside=_record(kind, "in_a1"),
                outside=_record(kind, "in_b"),
                ok=(302,),
                **_EDIT,
                data=lambda ns, kind=kind: dict(_FORM[kind]),
            ),
            Endpoint(
                "people:record_remove",
                inside=_record(kind, "in_a1"),
                outside=_record(kind, "in_b"),
                **_EDIT,
            ),
            Endpoint(
                "people:record_remove",
                method="POST",
                inside=_record(kind, "in_a1"),
                outside=_record(kind, "in_b"),
                ok=(302,),
                **_EDIT,
                data=lambda ns: {"reason": "录入错误"},
            ),
        )
    ],
    # --- pools -------------------------------------------------------------------------------
    Endpoint("people:pool_export", inside=_pk("leaders_a1"), outside=_pk("pool_b")),
    Endpoint(
        "people:membership_remove",
        inside=_membership("leaders_a1", "in_a1"),
        outside=_membership("pool_b", "in_b"),
        **_EDIT,
        secret_inside="张建国",
    ),
    Endpoint(
        "people:membership_remove",
        method="POST",
        inside=_membership("leaders_a1", "in_a1"),
        outside=_membership("pool_b", "in_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {"reason": "调离本县"},
    ),
    Endpoint(
        "people:membership_readmit",
        method="POST",
        inside=_membership("leaders_a1", "in_a1", removed=True),
        outside=_membership("pool_b", "in_b", removed=True),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {},
    ),
    # --- the cadre's own account -------------------------------------------------------------
    Endpoint(
        "people:cadre_account",
        method="POST",
        inside=_pk("in_a1"),
        outside=_pk("in_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {"username": "viewer_a", "reason": "本人账号"},
    ),
    Endpoint(
        "people:cadre_account",
        method="POST",
        inside=_linked("in_a1"),
        outside=_linked("in_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {"unlink": "1", "reason": "录错"},
    ),
    # --- import ------------------------------------------------------------------------------
    Endpoint("people:import", **_EDIT),
    Endpoint(
        "people:import",
        method="POST",
        **_EDIT,
        data=_csv_upload,
        mutates=False,
        secret_inside="矩阵新人",
    ),
    Endpoint(
        "people:import_apply",
        method="POST",
        ok=(302,),
        **_EDIT,
        data=lambda ns: {"token": "unknown"},
        mutates=False,
    ),
    Endpoint("people:import_template", **_EDIT),
    # --- API: cadres and pool members --------------------------------------------------------
    Endpoint(
        "POST /api/people/cadres",
        method="POST",
        api=True,
        ok=(201,),
        **_EDIT,
        data=lambda ns: {
            "unit_id": ns.tree.dept_a1.pk,
            "full_name": "接口干部",
            "specialty": "audit",
            "expertise": ["law", "audit"],
            "native_place_id": ns.tree.county_a1.pk,
        },
    ),
    Endpoint(
        "PATCH /api/people/cadres/{cadre_id}",
        method="PATCH",
        api=True,
        inside=_cadre("in_a1", "cadre_id"),
        outside=_cadre("in_b", "cadre_id"),
        **_EDIT,
        data=lambda ns: {"education": "研究生", "expertise": ["finance"]},
    ),
    Endpoint(
        "POST /api/people/cadres/{cadre_id}/account",
        method="POST",
        api=True,
        inside=_pk("in_a1", "cadre_id"),
        outside=_pk("in_b", "cadre_id"),
        **_EDIT,
        data=lambda ns: {"user_id": ns.personas.viewer_a.pk},
    ),
    Endpoint(
        "DELETE /api/people/cadres/{cadre_id}/account",
        method="DELETE",
        api=True,
        inside=_linked("in_a1", "cadre_id"),
        outside=_linked("in_b", "cadre_id"),
        **_EDIT,
        data=lambda ns: {},
    ),
    Endpoint(
        "GET /api/people/pools/{pool_id}/memberships",
        api=True,
        inside=_pk("leaders_a1", "pool_id"),
        outside=_pk("pool_b", "pool_id"),
        secret_inside="张建国",
    ),
    Endpoint(
        "POST /api/people/pools/{pool_id}/members",
        method="POST",
        api=True,
        ok=(201,),
        inside=_pk("leaders_a1", "pool_id"),
        outside=_pk("pool_b", "pool_id"),
        **_EDIT,
        data=lambda ns: {"cadre_id": ns.people.in_dept.pk},
    ),
    Endpoint(
        "POST /api/people/pools/{pool_id}/members/{cadre_id}/removal",
        method="POST",
        api=True,
        inside=lambda ns: {"pool_id": ns.people.leaders_a1.pk, "cadre_id": ns.people.in_a1.pk},
        outside=lambda ns: {"pool_id": ns.people.pool_b.pk, "cadre_id": ns.people.in_b.pk},
        **_EDIT,
        data=lambda ns: {"reason": "调离本县"},
    ),
]

# --- API: the entries of a cadre's record ----------------------------------------------------
for _kind in _ENTRY:
    _private = _kind in ("relatives", "working-relations")
    _base = f"/api/people/cadres/{{cadre_id}}/{_kind}"
    _secret = SECRET_RELATIVE if _private else SECRET_TITLE
    ENDPOINTS += [
        Endpoint(
            f"GET {_base}",
            api=True,
            inside=_cadre("in_a1", "cadre_id", seed=_kind),
            outside=_cadre("in_b", "cadre_id", seed=_kind),
            without="viewer_a" if _private else "norole",
            secret_inside=_secret,
        ),
        Endpoint(
            f"POST {_base}",
            method="POST",
            api=True,
            ok=(201,),
            inside=_cadre("in_a1", "cadre_id"),
            outside=_cadre("in_b", "cadre_id"),
            **_EDIT,
            data=lambda ns, kind=_kind: dict(_JSON[kind]),
        ),
        Endpoint(
            f"PATCH {_base}/{{record_id}}",
            method="PATCH",
            api=True,
            inside=_record(_kind, "in_a1", api=True),
            outside=_record(_kind, "in_b", api=True),
            **_EDIT,
            data=lambda ns, kind=_kind: dict(_PATCH[kind]),
        ),
        Endpoint(
            f"DELETE {_base}/{{record_id}}",
            method="DELETE",
            api=True,
            ok=(204,),
            inside=_record(_kind, "in_a1", api=True),
            outside=_record(_kind, "in_b", api=True),
            **_EDIT,
            data=lambda ns: {},
        ),
    ]
