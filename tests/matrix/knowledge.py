"""Authorization-matrix entries of the knowledge app (see tests/authz.py).

Inside: entries kept by city A's office; outside: the like entries of city B. The office
(office_a) reads and curates; the leading group (viewer_a) reads but never writes; an account
without roles (norole) reads nothing. Pages without an object get the library of both cities made
beforehand (an `inside` builder returning no kwargs), so that the secrets can be checked."""

from types import SimpleNamespace

from tests.authz import Endpoint
from xuncha.knowledge import services
from xuncha.knowledge import services_articles as article_services

PUBLIC: set[str] = set()

FOCUS = "聚焦群众身边腐败问题和不正之风"


def _make(unit, tag: str) -> SimpleNamespace:
    regulation = services.create_regulation(
        actor=None, owner=unit, title=f"{tag}巡察工作办法", level="local"
    )
    first = article_services.add_article(
        regulation, actor=None, number="第一条", text=f"{tag}巡察机构对所管理的党组织进行巡察监督。"
    )
    second = article_services.add_article(
        regulation, actor=None, number="第二条", text=f"{tag}巡察组发现的问题线索按规定移交。"
    )
    case = services.create_case(
        actor=None,
        owner=unit,
        title=f"{tag}违规发放津补贴案例",
        summary="以加班补助名义违规发放补贴。",
        focus=FOCUS,
        articles=[first],
    )
    wording = services.create_wording(
        actor=None, owner=unit, focus=FOCUS, text=f"{tag}惠民惠农资金监管不力"
    )
    retired = services.create_wording(
        actor=None, owner=unit, focus=FOCUS, text=f"{tag}违规发放奖金（停用）"
    )
    services.set_wording_active(retired, actor=None, active=False)
    report = services.create_model_report(
        actor=None,
        owner=unit,
        title=f"{tag}巡察报告范文",
        kind="inspection",
        text="一、基本情况和总体评价",
    )
    return SimpleNamespace(
        regulation=regulation,
        first=first,
        second=second,
        case=case,
        wording=wording,
        retired=retired,
        report=report,
    )


def _entries(ns) -> SimpleNamespace:
    if getattr(ns, "knowledge", None) is None:
        ns.knowledge = SimpleNamespace(
            a=_make(ns.tree.city_a, "甲市"), b=_make(ns.tree.city_b, "乙市")
        )
    return ns.knowledge


def _library(ns) -> dict:
    _entries(ns)
    return {}


def _obj(side: str, attr: str, key: str = "pk"):
    return lambda ns: {key: getattr(getattr(_entries(ns), side), attr).pk}


def _owned(**fields):
    return lambda ns: {"owner": ns.tree.city_a.pk, **fields}


def _api_owned(**fields):
    return lambda ns: {"owner_id": ns.tree.city_a.pk, **fields}


def _reversed(ns) -> dict:
    a = _entries(ns).a
    return {"ids": [a.second.pk, a.first.pk]}


_WRITE = {"without": "viewer_a"}
_REG = {"inside": _obj("a", "regulation"), "outside": _obj("b", "regulation")}
_ART = {"inside": _obj("a", "first"), "outside": _obj("b", "first")}
_CASE = {"inside": _obj("a", "case"), "outside": _obj("b", "case")}
_WORD = {"inside": _obj("a", "wording"), "outside": _obj("b", "wording")}
_REPORT = {"inside": _obj("a", "report"), "outside": _obj("b", "report")}
_LIST = {
    "inside": _library,
    "secret_inside": "甲市巡察工作办法",
    "secret_outside": "乙市巡察工作办法",
}

ENDPOINTS: list[Endpoint] = [
    # --- Pages -----------------------------------------------------------------------------------
    Endpoint("knowledge:index", query={"q": "监督"}, **_LIST),
    Endpoint("knowledge:regulations", **_LIST),
    Endpoint("knowledge:regulation", secret_inside="甲市巡察机构", **_REG),
    Endpoint("knowledge:regulation_create", **_WRITE),
    Endpoint(
        "knowledge:regulation_create",
        method="POST",
        ok=(302,),
        **_WRITE,
        data=_owned(title="甲市新办法", level="local"),
    ),
    Endpoint("knowledge:regulation_edit", **_REG, **_WRITE),
    Endpoint(
        "knowledge:regulation_edit",
        method="POST",
        ok=(302,),
        **_REG,
        **_WRITE,
        data=_owned(title="甲市巡察工作办法（修订）", level="local"),
    ),
    Endpoint("knowledge:regulation_import", **_REG, **_WRITE),
    Endpoint(
        "knowledge:regulation_import",
        method="POST",
        ok=(302,),
        **_REG,
        **_WRITE,
        data=lambda ns: {"text": "第九条 新增条款。"},
    ),
    Endpoint("knowledge:article_create", **_REG, **_WRITE),
    Endpoint(
        "knowledge:article_create",
        method="POST",
        ok=(302,),
        **_REG,
        **_WRITE,
        data=lambda ns: {"number": "第九条", "text": "新增条款。"},
    ),
    Endpoint("knowledge:article", secret_inside="甲市巡察机构", **_ART),
    Endpoint("knowledge:article_edit", **_ART, **_WRITE),
    Endpoint(
        "knowledge:article_edit",
        method="POST",
        ok=(302,),
        **_ART,
        **_WRITE,
        data=lambda ns: {"number": "第一条", "text": "改写后的条文。"},
    ),
    Endpoint("knowledge:article_remove", **_ART, **_WRITE),
    Endpoint(
        "knowledge:article_remove",
        method="POST",
        ok=(302,),
        **_ART,
        **_WRITE,
        data=lambda ns: {"reason": "并入第二条"},
    ),
    Endpoint(
        "knowledge:article_move",
        method="POST",
        ok=(302,),
        **_ART,
        **_WRITE,
        data=lambda ns: {"direction": "down"},
    ),
    Endpoint(
        "knowledge:cases",
        secret_inside="甲市违规发放津补贴案例",
        secret_outside="乙市违规发放津补贴案例",
        inside=_library,
    ),
    Endpoint("knowledge:case", secret_inside="甲市违规发放津补贴案例", **_CASE),
    Endpoint("knowledge:case_create", **_WRITE),
    Endpoint(
        "knowledge:case_create",
        method="POST",
        ok=(302,),
        **_WRITE,
        data=_owned(title="新案例", summary="经过"),
    ),
    Endpoint("knowledge:case_edit", **_CASE, **_WRITE),
    Endpoint(
        "knowledge:case_edit",
        method="POST",
        ok=(302,),
        **_CASE,
        **_WRITE,
        data=_owned(title="改后的案例", summary="经过"),
    ),
    Endpoint(
        "knowledge:wordings",
        secret_inside="甲市惠民惠农资金监管不力",
        secret_outside="乙市惠民惠农资金监管不力",
        inside=_library,
    ),
    Endpoint("knowledge:wording", secret_inside="甲市惠民惠农资金监管不力", **_WORD),
    Endpoint("knowledge:wording_create", **_WRITE),
    Endpoint(
        "knowledge:wording_create",
        method="POST",
        ok=(302,),
        **_WRITE,
        data=_owned(focus=FOCUS, text="新的规范表述"),
    ),
    Endpoint("knowledge:wording_edit", **_WORD, **_WRITE),
    Endpoint(
        "knowledge:wording_edit",
        method="POST",
        ok=(302,),
        **_WORD,
        **_WRITE,
        data=_owned(focus=FOCUS, text="改后的规范表述"),
    ),
    Endpoint(
        "knowledge:wording_deactivate",
        method="POST",
        ok=(302,),
        **_WORD,
        **_WRITE,
        data=lambda ns: {"reason": "合并"},
    ),
    Endpoint(
        "knowledge:wording_reactivate",
        method="POST",
        ok=(302,),
        inside=_obj("a", "retired"),
        outside=_obj("b", "retired"),
        **_WRITE,
        data=lambda ns: {"reason": "恢复"},
    ),
    Endpoint(
        "knowledge:model_reports",
        secret_inside="甲市巡察报告范文",
        secret_outside="乙市巡察报告范文",
        inside=_library,
    ),
    Endpoint("knowledge:model_report", secret_inside="甲市巡察报告范文", **_REPORT),
    Endpoint("knowledge:model_report_create", **_WRITE),
    Endpoint(
        "knowledge:model_report_create",
        method="POST",
        ok=(302,),
        **_WRITE,
        data=_owned(title="新范文", kind="inspection", text="正文"),
    ),
    Endpoint("knowledge:model_report_edit", **_REPORT, **_WRITE),
    Endpoint(
        "knowledge:model_report_edit",
        method="POST",
        ok=(302,),
        **_REPORT,
        **_WRITE,
        data=_owned(title="改后的范文", kind="inspection", text="正文"),
    ),
    Endpoint(
        "knowledge:wording_suggest",
        inside=_library,
        query={"title": "惠民惠农"},
        secret_inside="甲市惠民惠农资金监管不力",
        secret_outside="乙市惠民惠农资金监管不力",
    ),
    Endpoint(
        "knowledge:article_search",
        inside=_library,
        query={"q": "巡察"},
        secret_inside="甲市巡察工作办法",
        secret_outside="乙市巡察工作办法",
    ),
]

# --- API -----------------------------------------------------------------------------------------

_P = "/api/knowledge"
_A_REG = {
    "inside": _obj("a", "regulation", "regulation_id"),
    "outside": _obj("b", "regulation", "regulation_id"),
}
_A_ART = {"inside": _obj("a", "first", "article_id"), "outside": _obj("b", "first", "article_id")}
_A_CASE = {"inside": _obj("a", "case", "case_id"), "outside": _obj("b", "case", "case_id")}
_A_WORD = {
    "inside": _obj("a", "wording", "wording_id"),
    "outside": _obj("b", "wording", "wording_id"),
}
_A_REPORT = {
    "inside": _obj("a", "report", "report_id"),
    "outside": _obj("b", "report", "report_id"),
}
_API = {"api": True}

ENDPOINTS += [
    Endpoint(f"GET {_P}/search", query={"q": "巡察"}, **_LIST, **_API),
    Endpoint(f"GET {_P}/regulations", **_LIST, **_API),
    Endpoint(
        f"GET {_P}/regulations/{{regulation_id}}", secret_inside="甲市巡察机构", **_A_REG, **_API
    ),
    Endpoint(
        f"POST {_P}/regulations",
        method="POST",
        ok=(201,),
        **_WRITE,
        **_API,
        data=_api_owned(title="甲市新办法", level="local"),
    ),
    Endpoint(
        f"PATCH {_P}/regulations/{{regulation_id}}",
        method="PATCH",
        **_A_REG,
        **_WRITE,
        **_API,
        data=lambda ns: {"summary": "修订说明"},
    ),
    Endpoint(
        f"POST {_P}/regulations/{{regulation_id}}/articles",
        method="POST",
        ok=(201,),
        **_A_REG,
        **_WRITE,
        **_API,
        data=lambda ns: {"number": "第九条", "text": "新增条款。"},
    ),
    Endpoint(
        f"POST {_P}/regulations/{{regulation_id}}/import",
        method="POST",
        **_A_REG,
        **_WRITE,
        **_API,
        data=lambda ns: {"text": "第九条 新增条款。"},
    ),
    Endpoint(
        f"PUT {_P}/regulations/{{regulation_id}}/order",
        method="PUT",
        **_A_REG,
        **_WRITE,
        **_API,
        data=_reversed,
    ),
    Endpoint(
        f"GET {_P}/articles",
        query={"q": "巡察"},
        inside=_library,
        secret_inside="甲市巡察机构",
        secret_outside="乙市巡察机构",
        **_API,
    ),
    Endpoint(f"GET {_P}/articles/{{article_id}}", secret_inside="甲市巡察机构", **_A_ART, **_API),
    Endpoint(
        f"PATCH {_P}/articles/{{article_id}}",
        method="PATCH",
        **_A_ART,
        **_WRITE,
        **_API,
        data=lambda ns: {"text": "改写后的条文。"},
    ),
    Endpoint(
        f"DELETE {_P}/articles/{{article_id}}",
        method="DELETE",
        ok=(204,),
        **_A_ART,
        **_WRITE,
        **_API,
    ),
    Endpoint(
        f"GET {_P}/cases",
        inside=_library,
        secret_inside="甲市违规发放津补贴案例",
        secret_outside="乙市违规发放津补贴案例",
        **_API,
    ),
    Endpoint(
        f"GET {_P}/cases/{{case_id}}", secret_inside="甲市违规发放津补贴案例", **_A_CASE, **_API
    ),
    Endpoint(
        f"POST {_P}/cases",
        method="POST",
        ok=(201,),
        **_WRITE,
        **_API,
        data=_api_owned(title="新案例", summary="经过"),
    ),
    Endpoint(
        f"PATCH {_P}/cases/{{case_id}}",
        method="PATCH",
        **_A_CASE,
        **_WRITE,
        **_API,
        data=lambda ns: {"lesson": "教训"},
    ),
    Endpoint(
        f"GET {_P}/wordings",
        inside=_library,
        secret_inside="甲市惠民惠农资金监管不力",
        secret_outside="乙市惠民惠农资金监管不力",
        **_API,
    ),
    Endpoint(
        f"GET {_P}/wordings/suggest",
        inside=_library,
        query={"title": "惠民惠农"},
        secret_inside="甲市惠民惠农资金监管不力",
        secret_outside="乙市惠民惠农资金监管不力",
        **_API,
    ),
    Endpoint(
        f"GET {_P}/wordings/{{wording_id}}",
        secret_inside="甲市惠民惠农资金监管不力",
        **_A_WORD,
        **_API,
    ),
    Endpoint(
        f"POST {_P}/wordings",
        method="POST",
        ok=(201,),
        **_WRITE,
        **_API,
        data=_api_owned(focus=FOCUS, text="新的规范表述"),
    ),
    Endpoint(
        f"PATCH {_P}/wordings/{{wording_id}}",
        method="PATCH",
        **_A_WORD,
        **_WRITE,
        **_API,
        data=lambda ns: {"keywords": "惠民 惠农"},
    ),
    Endpoint(
        f"POST {_P}/wordings/{{wording_id}}/deactivate",
        method="POST",
        **_A_WORD,
        **_WRITE,
        **_API,
        data=lambda ns: {"reason": "合并"},
    ),
    Endpoint(
        f"POST {_P}/wordings/{{wording_id}}/reactivate",
        method="POST",
        inside=_obj("a", "retired", "wording_id"),
        outside=_obj("b", "retired", "wording_id"),
        **_WRITE,
        **_API,
        data=lambda ns: {"reason": "恢复"},
    ),
    Endpoint(
        f"GET {_P}/model-reports",
        inside=_library,
        secret_inside="甲市巡察报告范文",
        secret_outside="乙市巡察报告范文",
        **_API,
    ),
    Endpoint(
        f"GET {_P}/model-reports/{{report_id}}",
        secret_inside="甲市巡察报告范文",
        **_A_REPORT,
        **_API,
    ),
    Endpoint(
        f"POST {_P}/model-reports",
        method="POST",
        ok=(201,),
        **_WRITE,
        **_API,
        data=_api_owned(title="新范文", kind="inspection", text="正文"),
    ),
    Endpoint(
        f"PATCH {_P}/model-reports/{{report_id}}",
        method="PATCH",
        **_A_REPORT,
        **_WRITE,
        **_API,
        data=lambda ns: {"note": "结构规范"},
    ),
]
