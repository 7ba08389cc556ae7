"""Reference data of interviews: the built-in question bank (Chinese wording, by area and by
whom it is for), which posts answer for which area, and the fixed wording of outlines.

Jurisdictions add their own questions (`QuestionBankItem`); the built-in items are code so that
every office starts from the same tested wording and an update reaches everyone. Keys are stable:
outlines point at them to say where a question came from.
"""

from dataclasses import dataclass

from xuncha.fieldwork.models import Area
from xuncha.interviews.models import Audience, PostCategory

A = Area
U = Audience


@dataclass(frozen=True)
class BankEntry:
    key: str
    area: str
    audience: str
    text: str
    keywords: tuple[str, ...] = ()


# Post keywords of the key posts whose questions differ (财务, 人事, 工程采购, 执法, 办公室).
FINANCE = ("财务", "会计", "出纳", "计财", "资金", "预算")
PERSONNEL = ("人事", "组织", "干部", "党建", "机关党委", "政工")
PROJECTS = ("采购", "项目", "工程", "基建", "招标", "资产")
ENFORCEMENT = ("执法", "审批", "许可", "监管", "稽查")
OFFICE = ("办公室", "综合", "后勤", "文秘")


def _e(key, area, audience, text, keywords=()):
    return BankEntry(f"builtin:{key}", area, audience, text, tuple(keywords))


BUILTIN_BANK: list[BankEntry] = [
    # --- General outline: asked of everyone --------------------------------------------------
    _e(
        "g1",
        A.PARTY_LINE,
        U.GENERAL,
        "你认为本单位领导班子在学习贯彻习近平新时代中国特色社会主义思想、落实党中央决策部署和"
        "上级工作要求方面做得怎么样？还存在哪些差距和不足？",
    ),
    _e(
        "g2",
        A.PARTY_LINE,
        U.GENERAL,
        "本单位在履行主要职责、推动重点工作落实中，有没有搞变通、打折扣、做选择，或者落实"
        "不到位的情况？",
    ),
    _e(
        "g3",
        A.PARTY_LINE,
        U.GENERAL,
        "上一轮巡察（巡视）、审计等发现问题的整改情况如何？还有哪些问题没有整改到位？",
    ),
    _e(
        "g4",
        A.DEMOCRATIC_CENTRALISM,
        U.GENERAL,
        "本单位“三重一大”事项是否都经集体研究决定？有没有个人或少数人说了算、会前定调、"
        "先定后议的情况？",
    ),
    _e(
        "g5",
        A.DEMOCRATIC_CENTRALISM,
        U.GENERAL,
        "领导班子是否团结？“三会一课”、民主生活会、组织生活会等制度执行得怎么样，有没有"
        "走过场的现象？",
    ),
    _e(
        "g6",
        A.WORK_STYLE,
        U.GENERAL,
        "本单位及领导干部落实中央八项规定及其实施细则精神情况如何？有没有违规吃喝、违规收送"
        "礼品礼金、违规发放津补贴、公车私用等问题？",
    ),
    _e(
        "g7",
        A.WORK_STYLE,
        U.GENERAL,
        "本单位有没有文山会海、督查检查考核过多过频、层层加码等形式主义、官僚主义问题？",
    ),
    _e(
        "g8",
        A.DISCIPLINE,
        U.GENERAL,
        "本单位落实全面从严治党主体责任和监督责任情况如何？你是否了解本单位领导干部在工程"
        "项目、资金使用、物资采购等方面的违规违纪问题？",
    ),
    _e(
        "g9",
        A.CADRE_SELECTION,
        U.GENERAL,
        "本单位在干部选拔任用、职级晋升、评优评先中是否严格执行有关规定和程序？有没有带病"
        "提拔、突击提拔、任人唯亲的情况？",
    ),
    _e(
        "g10",
        A.ENFORCEMENT,
        U.GENERAL,
        "本单位在行政审批、行政许可、行政执法中是否存在吃拿卡要、选择性执法、执法不公等"
        "问题？办事群众和企业反映较多的问题有哪些？",
    ),
    _e(
        "g11",
        A.DISCIPLINE,
        U.GENERAL,
        "你对本单位党风廉政建设和领导班子有什么意见和建议？是否了解需要向巡察组反映的问题线索？",
    ),
    # --- The principal leader ----------------------------------------------------------------
    _e(
        "p1",
        A.PARTY_LINE,
        U.PRINCIPAL,
        "请谈谈你作为本单位党组织主要负责人，履行全面从严治党第一责任人职责的情况；重大事项"
        "是否及时向上级党组织请示报告？",
    ),
    _e(
        "p2",
        A.DEMOCRATIC_CENTRALISM,
        U.PRINCIPAL,
        "你在执行民主集中制方面是怎么做的？“三重一大”事项决策中是否坚持末位表态？有没有班子"
        "成员意见分歧较大的事项，是怎么处理的？",
    ),
    _e(
        "p3",
        A.CADRE_SELECTION,
        U.PRINCIPAL,
        "近年来本单位干部选拔任用的动议、民主推荐、考察、讨论决定各环节是怎么把关的？有没有"
        "事先定调、个人说了算的情况？",
    ),
    _e(
        "p4",
        A.DISCIPLINE,
        U.PRINCIPAL,
        "你对班子成员和下属单位主要负责人的日常监督是怎么做的？对反映班子成员的问题是否及时"
        "提醒、约谈？",
    ),
    _e(
        "p5",
        A.DISCIPLINE,
        U.PRINCIPAL,
        "你本人及配偶、子女有没有在本单位业务范围内经商办企业、承揽工程项目或者从事中介"
        "活动的情况？",
    ),
    _e(
        "p6",
        A.PARTY_LINE,
        U.PRINCIPAL,
        "你认为本单位当前存在的最突出问题是什么？班子准备采取哪些措施加以解决？",
    ),
    _e(
        "p7",
        A.WORK_STYLE,
        U.PRINCIPAL,
        "你本人在公务接待、公务用车、办公用房等方面是否严格执行有关规定？对班子成员和干部职工"
        "的作风问题是怎么管的？",
    ),
    _e(
        "p8",
        A.ENFORCEMENT,
        U.PRINCIPAL,
        "本单位行政审批、执法监管中的重大事项是怎么决策的？你有没有为他人在审批、执法中"
        "打招呼、说情的情况？",
    ),
    # --- Leadership team members -------------------------------------------------------------
    _e(
        "l1",
        A.PARTY_LINE,
        U.LEADERSHIP,
        "请谈谈你分管领域落实上级决策部署和本单位工作安排的情况，存在哪些突出问题？",
    ),
    _e(
        "l2",
        A.PARTY_LINE,
        U.LEADERSHIP,
        "你履行“一岗双责”情况如何？对分管科室（下属单位）的党风廉政建设是怎么抓的？",
    ),
    _e(
        "l3",
        A.DEMOCRATIC_CENTRALISM,
        U.LEADERSHIP,
        "你对主要负责人执行民主集中制的情况有什么看法？班子议事决策中你是否充分发表意见？",
    ),
    _e(
        "l4",
        A.WORK_STYLE,
        U.LEADERSHIP,
        "你分管领域有没有违规接受管理服务对象宴请、礼品礼金，或者违规使用公车、超标准接待的问题？",
    ),
    _e(
        "l5",
        A.CADRE_SELECTION,
        U.LEADERSHIP,
        "你对本单位近年来的干部选拔任用工作有什么看法？有没有你认为不符合规定或者干部群众"
        "有意见的情况？",
    ),
    _e(
        "l6",
        A.DISCIPLINE,
        U.LEADERSHIP,
        "你是否了解班子其他成员在廉洁自律方面的问题？你本人有没有需要向组织说明的问题？",
    ),
    _e(
        "l7",
        A.ENFORCEMENT,
        U.LEADERSHIP,
        "你分管领域的行政执法、审批监管中存在哪些廉政风险点？采取了哪些防控措施？",
    ),
    # --- Key posts: finance ------------------------------------------------------------------
    _e(
        "kf1",
        A.WORK_STYLE,
        U.KEY_POST,
        "近三年本单位公务接待、公务用车、会议培训、差旅费用支出情况如何？有没有超标准、超范围"
        "列支或者虚列开支的情况？",
        FINANCE,
    ),
    _e(
        "kf2",
        A.DISCIPLINE,
        U.KEY_POST,
        "本单位有没有设立“小金库”、公款私存、违规出借资金的问题？大额资金支付的审批程序是怎样的？",
        FINANCE,
    ),
    _e(
        "kf3",
        A.WORK_STYLE,
        U.KEY_POST,
        "本单位津贴补贴、奖金福利发放的依据和程序是什么？有没有自行设立名目发放的情况？",
        FINANCE,
    ),
    _e(
        "kf4",
        A.DISCIPLINE,
        U.KEY_POST,
        "专项资金的拨付、使用和管理中有没有截留、挪用、挤占的问题？",
        FINANCE,
    ),
    # --- Key posts: personnel and party affairs ------------------------------------------------
    _e(
        "kp1",
        A.CADRE_SELECTION,
        U.KEY_POST,
        "近年来本单位干部选拔任用中，动议、推荐、考察、公示等程序是否完整规范？有没有档案"
        "造假、超职数配备干部的情况？",
        PERSONNEL,
    ),
    _e(
        "kp2",
        A.CADRE_SELECTION,
        U.KEY_POST,
        "本单位编外人员聘用、借调人员管理和职称评聘是怎么进行的？有没有因人设岗、违规进人的情况？",
        PERSONNEL,
    ),
    _e(
        "kp3",
        A.DEMOCRATIC_CENTRALISM,
        U.KEY_POST,
        "“三会一课”、主题党日、组织生活会和民主评议党员是否按规定开展？发展党员和党费收缴"
        "管理是否规范？",
        PERSONNEL,
    ),
    # --- Key posts: projects, procurement and assets -------------------------------------------
    _e(
        "kj1",
        A.DISCIPLINE,
        U.KEY_POST,
        "近三年本单位工程项目、政府采购是怎么组织实施的？有没有规避招标、化整为零、先施工后"
        "招标、围标串标的情况？",
        PROJECTS,
    ),
    _e(
        "kj2",
        A.DISCIPLINE,
        U.KEY_POST,
        "工程变更、追加投资和验收结算是否规范？有没有领导干部打招呼、插手干预的情况？",
        PROJECTS,
    ),
    _e(
        "kj3",
        A.WORK_STYLE,
        U.KEY_POST,
        "本单位国有资产（房产、车辆、设备）的管理和处置情况如何？有没有出租出借不规范、资产"
        "流失的问题？",
        PROJECTS,
    ),
    # --- Key posts: enforcement, approval and supervision --------------------------------------
    _e(
        "ke1",
        A.ENFORCEMENT,
        U.KEY_POST,
        "行政处罚自由裁量权是怎么规范的？有没有同案不同罚、以罚代管、该罚不罚的情况？",
        ENFORCEMENT,
    ),
    _e(
        "ke2",
        A.ENFORCEMENT,
        U.KEY_POST,
        "行政审批事项办理中有没有超时办理、随意增加审批条件、指定中介服务的情况？",
        ENFORCEMENT,
    ),
    _e(
        "ke3",
        A.DISCIPLINE,
        U.KEY_POST,
        "执法人员有没有接受管理服务对象吃请、收受好处，或者充当“保护伞”的情况？",
        ENFORCEMENT,
    ),
    # --- Key posts: the office ---------------------------------------------------------------
    _e(
        "ko1",
        A.WORK_STYLE,
        U.KEY_POST,
        "本单位会议、文件、督查检查考核的精简情况如何？有没有文山会海反弹回潮？",
        OFFICE,
    ),
    _e(
        "ko2",
        A.WORK_STYLE,
        U.KEY_POST,
        "公务接待和公务用车制度是怎么执行的？接待清单、派车单等是否齐全？",
        OFFICE,
    ),
    # --- Key posts: any ------------------------------------------------------------------------
    _e(
        "k1",
        A.DEMOCRATIC_CENTRALISM,
        U.KEY_POST,
        "你所在科室（部门）的重要事项是怎么研究决定的？有没有一个人说了算的情况？",
    ),
    _e(
        "k2",
        A.DISCIPLINE,
        U.KEY_POST,
        "你所在岗位有哪些廉政风险点？你认为相关制度在执行中还有哪些漏洞？",
    ),
    # --- Other staff -------------------------------------------------------------------------
    _e("s1", A.PARTY_LINE, U.STAFF, "你对本单位领导班子及其成员的工作作风和履职情况怎么评价？"),
    _e(
        "s2",
        A.WORK_STYLE,
        U.STAFF,
        "你所在科室日常工作中有没有形式主义、官僚主义的表现？对为基层减负有什么意见？",
    ),
    _e(
        "s3",
        A.CADRE_SELECTION,
        U.STAFF,
        "你对本单位干部选拔任用、评优评先工作是否满意？有什么意见？",
    ),
    _e("s4", A.DISCIPLINE, U.STAFF, "你是否了解本单位干部职工有违规违纪问题？"),
    # --- Retired cadres ----------------------------------------------------------------------
    _e("r1", A.PARTY_LINE, U.RETIRED, "你对本单位近年来的发展变化和领导班子的工作有什么评价？"),
    _e("r2", A.CADRE_SELECTION, U.RETIRED, "你对本单位的选人用人和干部作风有什么看法？"),
    _e(
        "r3",
        A.DISCIPLINE,
        U.RETIRED,
        "你是否了解本单位领导干部的有关问题，或者群众反映强烈的问题？",
    ),
    _e(
        "r4",
        A.DEMOCRATIC_CENTRALISM,
        U.RETIRED,
        "本单位在听取老干部意见、落实离退休干部政策方面做得怎么样？",
    ),
    # --- The public --------------------------------------------------------------------------
    _e(
        "m1",
        A.ENFORCEMENT,
        U.PUBLIC,
        "你到本单位办事是否顺利？有没有遇到推诿扯皮、吃拿卡要，或者“门难进、脸难看、事难办”"
        "的情况？",
    ),
    _e(
        "m2",
        A.WORK_STYLE,
        U.PUBLIC,
        "本单位工作人员在服务群众方面，有哪些值得肯定或者需要改进的地方？",
    ),
    _e("m3", A.DISCIPLINE, U.PUBLIC, "你身边有没有群众反映强烈的不正之风和腐败问题？"),
    _e(
        "m4",
        A.PARTY_LINE,
        U.PUBLIC,
        "本单位负责落实的惠民政策执行得怎么样？有没有政策没落到实处的情况？",
    ),
]

BUILTIN_BY_KEY = {entry.key: entry for entry in BUILTIN_BANK}

# Whose areas a post answers for: questionnaire results of an area go into the outlines of
# the people whose post names one of its words, and of the principal leader (seed 002: e.g.
# cadre selection → personnel and organization posts and the principal leader).
AREA_POST_KEYWORDS: dict[str, tuple[str, ...]] = {
    A.PARTY_LINE: ("书记", "党组", "党委", "宣传", "政策", "规划"),
    A.DEMOCRATIC_CENTRALISM: ("书记", "党组", "党委", "办公室"),
    A.WORK_STYLE: ("办公室", "后勤", "接待", *FINANCE),
    A.DISCIPLINE: ("纪检", "纪委", "监察", "审计", *PROJECTS),
    A.CADRE_SELECTION: PERSONNEL,
    A.ENFORCEMENT: (*ENFORCEMENT, "行政", "综合执法"),
}
PRINCIPAL_AREAS = (
    A.PARTY_LINE,
    A.DEMOCRATIC_CENTRALISM,
    A.WORK_STYLE,
    A.DISCIPLINE,
    A.CADRE_SELECTION,
)
# Every member of the leadership team shares in its collective decisions.
LEADERSHIP_AREAS = (A.DEMOCRATIC_CENTRALISM,)

CATEGORY_AUDIENCE = {
    PostCategory.LEADERSHIP: U.LEADERSHIP,
    PostCategory.KEY_POST: U.KEY_POST,
    PostCategory.STAFF: U.STAFF,
    PostCategory.RETIRED: U.RETIRED,
    PostCategory.PUBLIC: U.PUBLIC,
}

# Posts of the key positions (DOMAIN.md §3: middle managers, finance, personnel, procurement):
# used to suggest a category when the team adds a person.
KEY_POST_WORDS = (
    "科长",
    "主任",
    "股长",
    "队长",
    "所长",
    "站长",
    "经理",
    *FINANCE,
    *PERSONNEL,
    *PROJECTS,
    *ENFORCEMENT,
)

# Chinese names used in generated question text (data, not interface: an outline is a document
# written in Chinese whatever the language of the screen that generated it).
PARTNER_NAMES = {
    "discipline_commission": "纪委监委",
    "organization_department": "组织部",
    "audit": "审计局",
    "finance": "财政局",
    "police": "公安局",
    "procuratorate": "检察院",
    "petition_bureau": "信访局",
    "other": "有关部门",
}
CONFIDENTIAL_PARTNERS = frozenset(
    {"discipline_commission", "police", "procuratorate", "petition_bureau"}
)
AUDIENCE_NAMES = {
    U.GENERAL: "共性问题",
    U.PRINCIPAL: "主要负责人",
    U.LEADERSHIP: "班子成员",
    U.KEY_POST: "关键岗位",
    U.STAFF: "一般干部职工",
    U.RETIRED: "离退休干部",
    U.PUBLIC: "群众",
}
AREA_NAMES = {
    A.PARTY_LINE: "贯彻落实党的理论和路线方针政策",
    A.DEMOCRATIC_CENTRALISM: "执行民主集中制",
    A.WORK_STYLE: "落实中央八项规定精神和纠治“四风”",
    A.DISCIPLINE: "遵守党的纪律和党风廉政建设",
    A.CADRE_SELECTION: "干部选拔任用",
    A.ENFORCEMENT: "行政执法",
}

OUTLINE_TITLE_GENERAL = "个别谈话提纲（共性）"
OUTLINE_TITLE_INDIVIDUAL = "个别谈话提纲"
OUTLINE_INTRO = (
    "根据巡察工作安排，巡察组将与你进行个别谈话。请你提前做好准备，本着对党负责、对事业"
    "负责、对自己负责的态度，围绕以下问题实事求是、客观公正地反映情况，重点谈问题。巡察组"
    "对谈话内容严格保密。"
)
PART_GENERAL = "一、共性问题"
PART_INDIVIDUAL = "二、个性问题"


def guess_areas(post: str, category: str, is_principal: bool) -> list[str]:
    """The areas a person probably answers for, from their post; the team corrects them."""
    found = set()
    if is_principal:
        found.update(PRINCIPAL_AREAS)
    if category == PostCategory.LEADERSHIP:
        found.update(LEADERSHIP_AREAS)
    for area, words in AREA_POST_KEYWORDS.items():
        if any(word in (post or "") for word in words):
            found.add(area)
    return [area for area in Area.values if area in found]


def guess_category(post: str) -> str:
    if any(word in (post or "") for word in KEY_POST_WORDS):
        return PostCategory.KEY_POST
    return PostCategory.STAFF


def split_keywords(value: str) -> tuple[str, ...]:
    for sep in "，,、;；":
        value = value.replace(sep, " ")
    return tuple(word for word in value.split() if word)
