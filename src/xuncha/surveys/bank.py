"""Reference data of questionnaires: the answer options and the built-in question bank.

The bank follows seed 002: questions over six areas, mostly answered 是/否 with room for a
short remark. Wording is data (Chinese), not a translated UI string. Built-in items live here,
not in the database, so every jurisdiction gets the same current wording without a data
migration; an office's own items are `BankQuestion` rows. Every item has a stable key, which a
survey question keeps through every version so that answers to it can be counted together.
"""

from dataclasses import dataclass

from xuncha.fieldwork.models import Area

YES_NO = "yes_no"
GRADE = "grade"
TEXT = "text"

# Answer options per question kind, in the order a respondent sees them.
OPTIONS: dict[str, list[tuple[str, str]]] = {
    YES_NO: [("yes", "是"), ("no", "否"), ("unknown", "不了解")],
    GRADE: [("good", "好"), ("fair", "较好"), ("average", "一般"), ("poor", "差")],
    TEXT: [],
}
# Which answers may be declared negative, and the default.
NEGATIVE_CHOICES: dict[str, list[str]] = {YES_NO: ["no", "yes"], GRADE: ["poor"], TEXT: [""]}
DEFAULT_NEGATIVE = {YES_NO: "no", GRADE: "poor", TEXT: ""}


def option_label(kind: str, value: str) -> str:
    return dict(OPTIONS.get(kind, [])).get(value, value)


@dataclass(frozen=True)
class BankItem:
    """One question of the bank, built-in or an office's own."""

    key: str
    area: str
    kind: str
    text: str
    negative: str
    allow_remark: bool = True
    jurisdiction: str = ""  # the office's unit name; empty for built-in items
    pk: int | None = None

    @property
    def builtin(self) -> bool:
        return self.pk is None

    @property
    def negative_label(self) -> str:
        return option_label(self.kind, self.negative)


def _items(
    area: str, rows: list[tuple[str, str]], kind: str = YES_NO, prefix: str = "b"
) -> list[BankItem]:
    # Stable keys: never renumber; retire an item by removing it, keep the others' keys.
    return [
        BankItem(
            key=f"{prefix}-{area.replace('_', '')}-{n:02d}",
            area=area,
            kind=kind,
            text=text,
            negative=negative,
        )
        for n, (text, negative) in enumerate(rows, start=1)
    ]


_PARTY_LINE = [
    ("本单位领导班子能否认真贯彻落实党中央决策部署和上级党委的工作要求？", "no"),
    ("本单位党组（党委）是否坚持“第一议题”制度，及时传达学习习近平总书记重要讲话精神？", "no"),
    ("本单位是否存在贯彻上级决策部署搞变通、打折扣、做选择的情况？", "yes"),
    ("本单位党组（党委）书记是否认真履行全面从严治党第一责任人职责？", "no"),
    ("本单位班子成员是否落实“一岗双责”，抓好分管领域的党风廉政建设？", "no"),
    ("本单位是否认真落实意识形态工作责任制？", "no"),
    ("本单位“三会一课”、主题党日、组织生活会等制度是否正常开展？", "no"),
    ("本单位是否存在重业务、轻党建，党建工作与业务工作“两张皮”的问题？", "yes"),
    ("上轮巡视巡察、审计等监督发现的问题是否已整改到位？", "no"),
]
_DEMOCRATIC_CENTRALISM = [
    ("本单位“三重一大”事项是否都经领导班子集体研究决定？", "no"),
    ("本单位是否存在主要负责人个人说了算、搞“一言堂”的情况？", "yes"),
    ("领导班子会议议题是否提前告知班子成员，班子成员能否充分发表意见？", "no"),
    ("本单位领导班子是否团结协作、形成合力？", "no"),
    ("本单位民主生活会上批评与自我批评是否动真碰硬？", "no"),
    ("本单位是否严格执行请示报告制度，重大事项及时向上级党组织请示报告？", "no"),
    ("本单位是否落实党务、政务公开，重要事项在一定范围内公开？", "no"),
    ("干部职工对单位重大决策是否有正常渠道反映意见建议？", "no"),
]
_WORK_STYLE = [
    ("本单位是否存在文山会海、材料多、检查考核多等形式主义问题？", "yes"),
    ("本单位领导干部是否经常深入基层调查研究、解决实际问题？", "no"),
    ("本单位是否存在门难进、脸难看、事难办等服务群众不到位的问题？", "yes"),
    ("本单位是否存在违规公款吃喝、超标准接待的情况？", "yes"),
    ("本单位是否存在违规发放津补贴或福利的情况？", "yes"),
    ("本单位是否存在公车私用、违规配备使用公务用车的情况？", "yes"),
    ("本单位领导干部是否存在违规收送礼品礼金、违规操办婚丧喜庆事宜的情况？", "yes"),
    ("本单位是否存在办公用房超标准配备或使用的情况？", "yes"),
    ("本单位是否存在公款旅游或以考察、培训为名变相旅游的情况？", "yes"),
]
_DISCIPLINE = [
    ("本单位是否支持配合派驻纪检监察组开展监督执纪工作？", "no"),
    ("本单位对近年来发生的违纪违法案件是否开展了以案促改、警示教育？", "no"),
    ("本单位对群众反映的问题线索是否认真核查处理？", "no"),
    ("本单位是否存在对违纪违法问题瞒案不报、压案不查、处理偏轻的情况？", "yes"),
    ("本单位是否经常开展廉政教育和警示教育？", "no"),
    ("本单位关键岗位、重点环节是否建立了廉政风险防控机制？", "no"),
    ("您是否了解本单位干部违纪违法的问题线索？（如有，请在备注中简要说明）", "yes"),
    ("本单位是否存在干部亲属违规经商办企业、利用职务影响谋取利益的情况？", "yes"),
]
_CADRE_SELECTION = [
    ("本单位选拔任用干部是否严格按照规定程序进行？", "no"),
    ("本单位干部选拔任用中是否存在跑官要官、说情打招呼的情况？", "yes"),
    ("本单位干部选拔任用是否做到公开、公平、公正，干部群众是否认可？", "no"),
    ("本单位是否存在超职数、超规格配备干部的情况？", "yes"),
    ("本单位是否存在“带病提拔”或突击提拔干部的情况？", "yes"),
    ("本单位干部因私出国（境）证照是否集中统一管理？", "no"),
    ("本单位领导干部个人有关事项是否如实报告？", "no"),
    ("本单位是否存在干部档案“三龄两历”信息造假的情况？", "yes"),
    ("本单位编外用工、借调人员管理是否规范？", "no"),
]
_ENFORCEMENT = [
    ("本单位行政执法是否做到依法依规、程序规范？", "no"),
    ("本单位是否存在随意执法、选择性执法、以罚代管的情况？", "yes"),
    ("本单位在行政审批、执法过程中是否存在吃拿卡要、故意刁难的情况？", "yes"),
    ("本单位行政处罚自由裁量权是否有明确标准并严格执行？", "no"),
    ("本单位罚没收入是否按规定及时足额上缴国库？", "no"),
    ("本单位是否落实行政执法公示、全过程记录、重大执法决定法制审核制度？", "no"),
    ("本单位是否存在无执法资格人员独立执法的情况？", "yes"),
    ("群众对本单位执法和服务的投诉举报是否得到及时处理？", "no"),
]
# Overall questions of a democratic appraisal, graded 好/较好/一般/差.
_APPRAISAL = [
    (Area.PARTY_LINE, "对本单位贯彻落实党的路线方针政策和上级决策部署情况的评价"),
    (Area.DEMOCRATIC_CENTRALISM, "对本单位领导班子执行民主集中制情况的评价"),
    (Area.WORK_STYLE, "对本单位作风建设情况的评价"),
    (Area.DISCIPLINE, "对本单位党风廉政建设和反腐败工作情况的评价"),
    (Area.CADRE_SELECTION, "对本单位选人用人工作的评价"),
    (Area.ENFORCEMENT, "对本单位依法行政、规范执法情况的评价"),
]

QUESTIONNAIRE_ITEMS: list[BankItem] = [
    *_items(Area.PARTY_LINE, _PARTY_LINE),
    *_items(Area.DEMOCRATIC_CENTRALISM, _DEMOCRATIC_CENTRALISM),
    *_items(Area.WORK_STYLE, _WORK_STYLE),
    *_items(Area.DISCIPLINE, _DISCIPLINE),
    *_items(Area.CADRE_SELECTION, _CADRE_SELECTION),
    *_items(Area.ENFORCEMENT, _ENFORCEMENT),
]
APPRAISAL_ITEMS: list[BankItem] = [
    BankItem(
        key=f"a-{str(area).replace('_', '')}",
        area=area,
        kind=GRADE,
        text=text,
        negative="poor",
        allow_remark=False,
    )
    for area, text in _APPRAISAL
]
BUILTIN: dict[str, BankItem] = {i.key: i for i in QUESTIONNAIRE_ITEMS + APPRAISAL_ITEMS}

# The appraisal's subjects: the leadership team as a whole, and each member.
TEAM_KEY = "team"
TEAM_TEXT = "领导班子总体评价"


def member_key(leadership_member_id: int) -> str:
    return f"lm-{leadership_member_id}"


DEFAULT_INTRO = {
    "questionnaire": (
        "为深入了解本单位情况，巡察组开展问卷调查。问卷不记名，请根据您的了解如实作答，"
        "在相应选项中勾选；如有具体的人和事，可在备注中简要说明。感谢您的支持！"
    ),
    "appraisal": (
        "本次民主测评采取不记名方式，请对领导班子及其成员作出客观公正的评价，"
        "在“好、较好、一般、差”中选择一项。感谢您的支持！"
    ),
}
