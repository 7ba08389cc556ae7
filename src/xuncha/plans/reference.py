"""Reference focus areas (监督重点) in the wording of the rules (DOMAIN.md §4).

Each jurisdiction gets its own editable copy (`services.ensure_reference_focus_areas`); rounds
choose from that copy, never from this list directly, so a local rewording stays local.
"""

THREE_FOCUSES = "三个聚焦"
FOUR_FOCUSES = "四个聚焦"
THREE_PROBLEMS = "三大问题"

_FOCUSES = (
    "聚焦贯彻落实党的路线方针政策和党中央决策部署",
    "聚焦群众身边腐败问题和不正之风",
    "聚焦基层党组织软弱涣散、组织力欠缺问题",
)

# Set name → focus areas in their customary order.
REFERENCE_FOCUS_AREAS: dict[str, tuple[str, ...]] = {
    THREE_FOCUSES: _FOCUSES,
    FOUR_FOCUSES: (*_FOCUSES, "巡视巡察整改落实情况"),
    THREE_PROBLEMS: ("党的领导弱化", "党的建设缺失", "全面从严治党不力"),
}

# Data text of round names by kind: "甲一县委2026年第一轮巡察", "…第二轮专项巡察".
ROUND_NAME_SUFFIX: dict[str, str] = {
    "regular": "巡察",
    "special": "专项巡察",
    "mobile": "机动巡察",
    "cross": "交叉巡察",
    "elevated": "提级巡察",
    "lookback": "巡察“回头看”",
    "village": "村（社区）巡察",
    "linked": "联动巡察",
}
