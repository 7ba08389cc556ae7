"""Authorization-matrix entries of the copied-text check (see tests/authz.py).

Inside: county A1's inspection (team_a1 at dept_a1); outside: county B1's. The office writes,
the leading group (viewer_a) reads but never writes; the target's liaison (liaison_a1) hands in
material once the inspection is stationed and sees nothing else."""

from tests.authz import Endpoint
from xuncha.copycheck import services
from xuncha.copycheck.models import CopyMatch, MaterialKind
from xuncha.plans.models import Inspection, Stage

TEXT = (
    "一是理论学习不够深入，对新思想学习不深不透，存在学用脱节的问题。"
    "二是担当作为不够，面对复杂局面和矛盾问题有畏难情绪，工作推进缓慢。"
)


def _upload(ns, attr, actor, *, author="张三", title="张三对照检查材料", **kwargs):
    inspection = getattr(ns.plans, attr)
    return services.upload_material(
        inspection,
        actor=getattr(ns.personas, actor),
        unit=inspection.target,
        kind=MaterialKind.SELF_CRITICISM,
        title=title,
        author=author,
        **kwargs,
    )


def _inspection(attr, actor, key="pk"):
    """The inspection's kwargs, with one material uploaded beforehand."""

    def build(ns):
        _upload(ns, attr, actor, text=TEXT)
        return {key: getattr(ns.plans, attr).pk}

    return build


def _material(attr, actor, key="pk"):
    def build(ns):
        found = _upload(ns, attr, actor, file_name="材料.txt", data=TEXT.encode("gbk"))
        return {key: found.pk}

    return build


def _match(attr, actor, key="pk", *, material=False):
    """Two cadres' self-criticisms copied from each other: the match (or the first one)."""

    def build(ns):
        a = _upload(ns, attr, actor, text=TEXT)
        b = _upload(ns, attr, actor, author="李四", title="李四对照检查材料", text=TEXT)
        match = CopyMatch.objects.get(material__in=[a, b], other__in=[a, b])
        return {key: a.pk if material else match.pk}

    return build


def _stationed(ns):
    """The target knows of the inspection, and its liaison handed in one material."""
    Inspection.objects.filter(pk=ns.plans.inspection_a1.pk).update(stage=Stage.STATIONED)
    ns.plans.inspection_a1.refresh_from_db()
    _upload(ns, "inspection_a1", "liaison_a1", title="单位报送的材料", text=TEXT)
    return {}


def _form(ns):
    return {
        "kind": "rectification_plan",
        "title": "整改方案",
        "unit": ns.tree.dept_a1.pk,
        "text": TEXT,
    }


def _liaison_form(ns):
    return {**_form(ns), "inspection": ns.plans.inspection_a1.pk}


def _json(ns):
    return {"kind": "rectification_plan", "title": "整改方案", "text": TEXT}


PUBLIC: set[str] = set()

ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "copycheck:home",
        inside=_inspection("inspection_a1", "office_a"),
        outside=_inspection("inspection_b", "outsider"),
        secret_inside="张三对照检查材料",
    ),
    Endpoint(
        "copycheck:upload",
        method="POST",
        inside=_inspection("inspection_a1", "office_a"),
        outside=_inspection("inspection_b", "outsider"),
        ok=(302,),
        without="viewer_a",
        data=_form,
    ),
    Endpoint(
        "copycheck:recheck",
        method="POST",
        inside=_inspection("inspection_a1", "office_a"),
        outside=_inspection("inspection_b", "outsider"),
        ok=(302,),
        without="viewer_a",
    ),
    Endpoint(
        "copycheck:material",
        inside=_material("inspection_a1", "office_a"),
        outside=_material("inspection_b", "outsider"),
        secret_inside="学用脱节",
    ),
    Endpoint(
        "copycheck:material_file",
        inside=_material("inspection_a1", "office_a"),
        outside=_material("inspection_b", "outsider"),
    ),
    Endpoint(
        "copycheck:material_remove",
        method="POST",
        inside=_material("inspection_a1", "office_a"),
        outside=_material("inspection_b", "outsider"),
        ok=(302,),
        without="viewer_a",
        data=lambda ns: {"reason": "重复上传"},
    ),
    Endpoint(
        "copycheck:match",
        inside=_match("inspection_a1", "office_a"),
        outside=_match("inspection_b", "outsider"),
        secret_inside="李四对照检查材料",
    ),
    Endpoint(
        "copycheck:liaison", inside=_stationed, allowed="liaison_a1", secret_inside="单位报送的材料"
    ),
    Endpoint(
        "copycheck:liaison",
        method="POST",
        inside=_stationed,
        allowed="liaison_a1",
        ok=(302,),
        data=_liaison_form,
    ),
    # --- API -----------------------------------------------------------------------------------
    Endpoint(
        "GET /api/materials/inspections/{inspection_id}",
        api=True,
        inside=_inspection("inspection_a1", "office_a", "inspection_id"),
        outside=_inspection("inspection_b", "outsider", "inspection_id"),
        secret_inside="张三对照检查材料",
    ),
    Endpoint(
        "POST /api/materials/inspections/{inspection_id}",
        method="POST",
        api=True,
        inside=_inspection("inspection_a1", "office_a", "inspection_id"),
        outside=_inspection("inspection_b", "outsider", "inspection_id"),
        ok=(201,),
        without="viewer_a",
        data=_json,
    ),
    Endpoint(
        "POST /api/materials/inspections/{inspection_id}/recheck",
        method="POST",
        api=True,
        inside=_inspection("inspection_a1", "office_a", "inspection_id"),
        outside=_inspection("inspection_b", "outsider", "inspection_id"),
        without="viewer_a",
    ),
    Endpoint(
        "GET /api/materials/liaison",
        api=True,
        inside=_stationed,
        allowed="liaison_a1",
        secret_inside="单位报送的材料",
    ),
    Endpoint(
        "GET /api/materials/matches/{match_id}",
        api=True,
        inside=_match("inspection_a1", "office_a", "match_id"),
        outside=_match("inspection_b", "outsider", "match_id"),
        secret_inside="李四对照检查材料",
    ),
    Endpoint(
        "GET /api/materials/{material_id}",
        api=True,
        inside=_material("inspection_a1", "office_a", "material_id"),
        outside=_material("inspection_b", "outsider", "material_id"),
        secret_inside="学用脱节",
    ),
    Endpoint(
        "GET /api/materials/{material_id}/matches",
        api=True,
        inside=_match("inspection_a1", "office_a", "material_id", material=True),
        outside=_match("inspection_b", "outsider", "material_id", material=True),
        secret_inside="李四对照检查材料",
    ),
    Endpoint(
        "DELETE /api/materials/{material_id}",
        method="DELETE",
        api=True,
        inside=_material("inspection_a1", "office_a", "material_id"),
        outside=_material("inspection_b", "outsider", "material_id"),
        ok=(204,),
        without="viewer_a",
    ),
]
