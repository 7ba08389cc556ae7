"""Authorization-matrix entries for questionnaires and appraisals (see tests/authz.py).

Inside: a survey at county A1's inspection (dept_a1, team_a1); outside: the like at county B1's.
The office (office_a) reads and writes; the leading group (viewer_a) reads but never writes.
The public answer pages (survey_public:*) need no account and are tested in tests/surveys."""

from tests.authz import Endpoint
from xuncha.orgs import services as org_services
from xuncha.surveys import bank, services

PUBLIC: set[str] = {"survey_public:answer", "survey_public:thanks"}

KEYS = [bank.QUESTIONNAIRE_ITEMS[0].key, bank.QUESTIONNAIRE_ITEMS[1].key]
FIRST = KEYS[0]


def _inspection(side):
    return "inspection_a1" if side == "a" else "inspection_b"


def _make(ns, side, *, kind="questionnaire", keys=None, state="draft"):
    inspection = getattr(ns.plans, _inspection(side))
    survey = services.create_survey(
        inspection, actor=None, kind=kind, keys=KEYS if keys is None else keys
    )
    if state in ("open", "pending"):
        services.publish_survey(survey, actor=None)
    if state == "pending":
        services.remove_question(survey, KEYS[1], actor=None)
    return survey


def survey(side, key="pk", **options):
    return lambda ns: {key: _make(ns, side, **options).pk}


def question(side, **options):
    return lambda ns: {"pk": _make(ns, side, **options).pk, "key": FIRST}


def appraisal_missing_member(side, key="pk"):
    """An appraisal made before the target's leadership gained a member."""

    def build(ns):
        found = _make(ns, side, kind="appraisal", keys=[])
        inspection = getattr(ns.plans, _inspection(side))
        org_services.add_leadership_member(
            inspection.target, actor=None, name="新班子成员", post="副局长"
        )
        return {key: found.pk}

    return build


def inspection(side, key="pk"):
    return lambda ns: {key: getattr(ns.plans, _inspection(side)).pk}


def bank_item(side):
    def build(ns):
        unit = ns.tree.county_a1 if side == "a" else ns.tree.county_b1
        item = services.add_bank_question(
            unit, actor=None, text="本地自设问题？", area="enforcement"
        )
        return {"pk": item.pk}

    return build


def _bank_form(ns):
    return {
        "jurisdiction": ns.tree.county_a1.pk,
        "area": "enforcement",
        "kind": "yes_no",
        "text": "办理行政许可是否存在“体外循环”？",
        "negative": "yes",
        "allow_remark": "on",
    }


def _paper(ns):
    return {"version": "1", "sheet_number": "7", f"q_{FIRST}": "no"}


def _api_paper(ns):
    return {"sheet_number": "8", "answers": [{"key": FIRST, "value": "yes"}]}


_W = {"without": "viewer_a"}
_SECRET = {"secret_inside": "甲一县农业农村局巡察问卷调查"}

ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "surveys:home",
        inside=inspection("a"),
        outside=inspection("b"),
        secret_inside="甲一县农业农村局",
    ),
    Endpoint(
        "surveys:create",
        method="POST",
        inside=inspection("a"),
        outside=inspection("b"),
        ok=(302,),
        **_W,
        data=lambda ns: {"kind": "questionnaire", "areas": ["party_line"]},
    ),
    # The built-in bank is the same for everyone who may use a bank: no secret to look for.
    Endpoint("surveys:bank"),
    Endpoint("surveys:bank_add", method="POST", ok=(302,), **_W, data=_bank_form),
    Endpoint("surveys:bank_edit", inside=bank_item("a"), outside=bank_item("b"), **_W),
    Endpoint(
        "surveys:bank_edit",
        method="POST",
        inside=bank_item("a"),
        outside=bank_item("b"),
        ok=(302,),
        **_W,
        data=lambda ns: {"area": "discipline", "text": "改写的自设问题？", "negative": "yes"},
    ),
    Endpoint(
        "surveys:bank_retire",
        method="POST",
        inside=bank_item("a"),
        outside=bank_item("b"),
        ok=(302,),
        **_W,
        data=lambda ns: {},
    ),
    Endpoint("surveys:detail", inside=survey("a"), outside=survey("b"), **_SECRET),
    Endpoint(
        "surveys:edit",
        method="POST",
        inside=survey("a"),
        outside=survey("b"),
        ok=(302,),
        **_W,
        data=lambda ns: {"title": "改名后的问卷", "intro": "请如实填写"},
    ),
    Endpoint(
        "surveys:question_add",
        method="POST",
        inside=survey("a"),
        outside=survey("b"),
        ok=(302,),
        **_W,
        data=lambda ns: {
            "text": "本局是否存在违规发放补贴？",
            "kind": "yes_no",
            "area": "work_style",
            "negative": "yes",
        },
    ),
    Endpoint(
        "surveys:bank_pick",
        method="POST",
        inside=survey("a", keys=[]),
        outside=survey("b", keys=[]),
        ok=(302,),
        **_W,
        data=lambda ns: {"keys": KEYS},
    ),
    Endpoint("surveys:question_edit", inside=question("a"), outside=question("b"), **_W),
    Endpoint(
        "surveys:question_edit",
        method="POST",
        inside=question("a"),
        outside=question("b"),
        ok=(302,),
        **_W,
        data=lambda ns: {"text": "改写后的问题？", "area": "party_line", "negative": "no"},
    ),
    Endpoint(
        "surveys:question_remove",
        method="POST",
        inside=question("a"),
        outside=question("b"),
        ok=(302,),
        **_W,
        data=lambda ns: {},
    ),
    Endpoint(
        "surveys:question_move",
        method="POST",
        inside=question("a"),
        outside=question("b"),
        ok=(302,),
        **_W,
        data=lambda ns: {"direction": "down"},
    ),
    Endpoint(
        "surveys:leadership",
        method="POST",
        inside=appraisal_missing_member("a"),
        outside=appraisal_missing_member("b"),
        ok=(302,),
        **_W,
        data=lambda ns: {},
    ),
    Endpoint(
        "surveys:publish",
        method="POST",
        inside=survey("a"),
        outside=survey("b"),
        ok=(302,),
        **_W,
        data=lambda ns: {},
    ),
    Endpoint(
        "surveys:discard",
        method="POST",
        inside=survey("a", state="pending"),
        outside=survey("b", state="pending"),
        ok=(302,),
        **_W,
        data=lambda ns: {},
    ),
    Endpoint(
        "surveys:close",
        method="POST",
        inside=survey("a", state="open"),
        outside=survey("b", state="open"),
        ok=(302,),
        **_W,
        data=lambda ns: {"reason": "问卷回收完毕"},
    ),
    Endpoint("surveys:links", inside=survey("a"), outside=survey("b"), **_W, **_SECRET),
    Endpoint(
        "surveys:links_issue",
        method="POST",
        inside=survey("a"),
        outside=survey("b"),
        **_W,
        data=lambda ns: {"count": "2"},
        secret_inside="/s/",
    ),
    Endpoint(
        "surveys:paper",
        inside=survey("a", state="open"),
        outside=survey("b", state="open"),
        **_W,
        **_SECRET,
    ),
    Endpoint(
        "surveys:paper",
        method="POST",
        inside=survey("a", state="open"),
        outside=survey("b", state="open"),
        ok=(302,),
        **_W,
        data=_paper,
    ),
    Endpoint(
        "surveys:paper_issued",
        method="POST",
        inside=survey("a", state="open"),
        outside=survey("b", state="open"),
        ok=(302,),
        **_W,
        data=lambda ns: {"count": "30"},
    ),
    Endpoint(
        "surveys:print",
        inside=survey("a"),
        outside=survey("b"),
        secret_inside=bank.QUESTIONNAIRE_ITEMS[0].text,
    ),
    Endpoint(
        "surveys:results",
        inside=survey("a", state="open"),
        outside=survey("b", state="open"),
        **_SECRET,
    ),
    Endpoint("surveys:export", inside=survey("a", state="open"), outside=survey("b", state="open")),
    # --- API ---------------------------------------------------------------------------------
    Endpoint("GET /api/surveys/bank", api=True),
    Endpoint(
        "GET /api/surveys/inspections/{inspection_id}",
        api=True,
        inside=lambda ns: {"inspection_id": _make(ns, "a").inspection_id},
        outside=inspection("b", "inspection_id"),
        **_SECRET,
    ),
    Endpoint(
        "POST /api/surveys/inspections/{inspection_id}",
        method="POST",
        api=True,
        inside=inspection("a", "inspection_id"),
        outside=inspection("b", "inspection_id"),
        ok=(201,),
        **_W,
        data=lambda ns: {"kind": "appraisal"},
    ),
    Endpoint(
        "GET /api/surveys/{survey_id}",
        api=True,
        inside=survey("a", "survey_id"),
        outside=survey("b", "survey_id"),
        **_SECRET,
    ),
    Endpoint(
        "GET /api/surveys/{survey_id}/results",
        api=True,
        inside=survey("a", "survey_id", state="open"),
        outside=survey("b", "survey_id", state="open"),
        secret_inside=bank.QUESTIONNAIRE_ITEMS[0].text,
    ),
    Endpoint(
        "POST /api/surveys/{survey_id}/questions",
        method="POST",
        api=True,
        inside=survey("a", "survey_id"),
        outside=survey("b", "survey_id"),
        ok=(201,),
        **_W,
        data=lambda ns: {"text": "本局是否存在“吃空饷”？", "area": "work_style", "negative": "yes"},
    ),
    Endpoint(
        "POST /api/surveys/{survey_id}/publish",
        method="POST",
        api=True,
        inside=survey("a", "survey_id"),
        outside=survey("b", "survey_id"),
        **_W,
    ),
    Endpoint(
        "POST /api/surveys/{survey_id}/close",
        method="POST",
        api=True,
        inside=survey("a", "survey_id", state="open"),
        outside=survey("b", "survey_id", state="open"),
        **_W,
        data=lambda ns: {"reason": "结束"},
    ),
    Endpoint(
        "POST /api/surveys/{survey_id}/links",
        method="POST",
        api=True,
        inside=survey("a", "survey_id"),
        outside=survey("b", "survey_id"),
        ok=(201,),
        **_W,
        data=lambda ns: {"count": 3},
    ),
    Endpoint(
        "POST /api/surveys/{survey_id}/paper",
        method="POST",
        api=True,
        inside=survey("a", "survey_id", state="open"),
        outside=survey("b", "survey_id", state="open"),
        ok=(201,),
        **_W,
        data=_api_paper,
    ),
]
