"""Reference standard wording (巡言巡语), teaching cases and model reports loaded into an
office's library (`reference.load_reference`). The phrasings are the common ones of inspection
reports, grouped by the focus areas of 四个聚焦 and the three big problems in the exact wording of
`plans.reference`, so that a round's focus area finds its own phrasings first. The cases and
reports are fictional teaching material and say so."""

from datetime import date

from xuncha.knowledge.reference_regulations import (
    DISCIPLINE,
    EIGHT_RULES,
    INCENTIVE,
    INSPECTION,
    SUPERVISION,
)
from xuncha.plans.reference import FOUR_FOCUSES, REFERENCE_FOCUS_AREAS, THREE_PROBLEMS

F1, F2, F3, F4 = REFERENCE_FOCUS_AREAS[FOUR_FOCUSES]
P1, P2, P3 = REFERENCE_FOCUS_AREAS[THREE_PROBLEMS]

_DISCIPLINE_RULES = f"《{DISCIPLINE}》"


def _w(focus, text, basis="", *, keywords="", discipline="", work_style=""):
    return {
        "focus": focus,
        "text": text,
        "basis": basis,
        "keywords": keywords,
        "discipline": discipline,
        "work_style": work_style,
    }


WORDINGS: list[dict] = [
    # 聚焦贯彻落实党的路线方针政策和党中央决策部署
    _w(
        F1,
        "学习贯彻党的创新理论不深入不系统，“第一议题”制度落实不到位，学用结合不够紧密",
        "《中国共产党党委（党组）理论学习中心组学习规则》",
        keywords="理论学习 第一议题 中心组",
        discipline="political",
    ),
    _w(
        F1,
        "贯彻落实上级决策部署打折扣、搞变通，存在“上有政策、下有对策”现象",
        f"{_DISCIPLINE_RULES}关于违反政治纪律行为的规定",
        keywords="决策部署 打折扣 搞变通",
        discipline="political",
    ),
    _w(
        F1,
        "落实意识形态工作责任制不到位，意识形态阵地管理不严",
        "《党委（党组）意识形态工作责任制实施办法》",
        keywords="意识形态 阵地管理",
        discipline="political",
    ),
    _w(
        F1,
        "落实乡村振兴决策部署不扎实，产业帮扶项目论证不充分、带动效益不明显",
        "上级党委关于全面推进乡村振兴的决策部署",
        keywords="乡村振兴 产业项目 帮扶",
        discipline="work",
        work_style="formalism",
    ),
    _w(
        F1,
        "落实安全生产“党政同责、一岗双责”要求不到位，隐患排查整治不彻底",
        "《地方党政领导干部安全生产责任制规定》",
        keywords="安全生产 一岗双责 隐患",
        discipline="work",
    ),
    # 聚焦群众身边腐败问题和不正之风
    _w(
        F2,
        "惠民惠农资金监管不力，存在虚报冒领、优亲厚友问题",
        f"{_DISCIPLINE_RULES}关于违反群众纪律行为的规定",
        keywords="惠民惠农 补贴 虚报冒领 优亲厚友",
        discipline="mass",
    ),
    _w(
        F2,
        "违规发放津补贴，以各种名义变相发放福利",
        f"中央八项规定精神；{_DISCIPLINE_RULES}关于违规发放津贴补贴的规定",
        keywords="津补贴 津贴 补贴 福利 奖金",
        discipline="integrity",
        work_style="hedonism",
    ),
    _w(
        F2,
        "公务接待管理不规范，存在超标准接待、无公函接待问题",
        "《党政机关国内公务接待管理规定》",
        keywords="公务接待 超标准 公函 吃喝",
        discipline="integrity",
        work_style="extravagance",
    ),
    _w(
        F2,
        "公务用车管理使用不规范，存在公车私用、私车公养问题",
        "《党政机关公务用车管理办法》",
        keywords="公务用车 公车私用 私车公养",
        discipline="integrity",
        work_style="hedonism",
    ),
    _w(
        F2,
        "工程项目建设管理不规范，存在未批先建、规避招标、化整为零等问题",
        "《中华人民共和国招标投标法》及工程建设项目管理有关规定",
        keywords="工程项目 招标 未批先建",
        discipline="integrity",
    ),
    _w(
        F2,
        "村级“三资”管理混乱，集体资产资源发包租赁不规范",
        "农村集体资金、资产、资源管理有关规定",
        keywords="三资 集体资产 发包 租赁",
        discipline="mass",
    ),
    # 聚焦基层党组织软弱涣散、组织力欠缺问题
    _w(
        F3,
        "“三会一课”制度落实不严格，组织生活流于形式",
        "《中国共产党支部工作条例（试行）》",
        keywords="三会一课 组织生活 支部",
        discipline="organizational",
        work_style="formalism",
    ),
    _w(
        F3,
        "民主生活会批评和自我批评辣味不足，相互批评避重就轻",
        "《关于新形势下党内政治生活的若干准则》",
        keywords="民主生活会 批评 自我批评",
        discipline="organizational",
        work_style="formalism",
    ),
    _w(
        F3,
        "发展党员程序不规范，入党材料缺失、时间节点倒置",
        "《中国共产党发展党员工作细则》",
        keywords="发展党员 入党材料 程序",
        discipline="organizational",
    ),
    _w(
        F3,
        "党费收缴、使用和管理不规范",
        "《关于中国共产党党费收缴、使用和管理的规定》",
        keywords="党费 收缴",
        discipline="organizational",
    ),
    _w(
        F3,
        "基层党组织换届不及时，组织设置调整滞后",
        "《中国共产党基层组织选举工作条例》",
        keywords="换届 组织设置 选举",
        discipline="organizational",
    ),
    # 巡视巡察整改落实情况
    _w(
        F4,
        "对上轮巡察反馈问题整改不彻底，部分问题整改流于形式、反弹回潮",
        f"《{INSPECTION}》第二十七条",
        keywords="上轮巡察 整改 反弹回潮",
        discipline="work",
        work_style="formalism",
    ),
    _w(
        F4,
        "整改主体责任落实不到位，整改台账不健全、销号把关不严",
        f"《{INSPECTION}》第二十七条",
        keywords="整改 台账 销号",
        discipline="work",
    ),
    _w(
        F4,
        "巡察整改成果运用不充分，建章立制、举一反三不够",
        "",
        keywords="整改 建章立制 长效机制",
        discipline="work",
    ),
    # 党的领导弱化
    _w(
        P1,
        "党组织把方向、管大局、保落实作用发挥不充分",
        "《中国共产党章程》",
        keywords="把方向 管大局 保落实 领导作用",
        discipline="political",
    ),
    _w(
        P1,
        "落实民主集中制不到位，“三重一大”事项决策程序不规范",
        f"{_DISCIPLINE_RULES}关于违反民主集中制原则的规定",
        keywords="民主集中制 三重一大 集体决策",
        discipline="organizational",
    ),
    _w(
        P1,
        "重业务轻党建，党建工作与业务工作“两张皮”",
        "",
        keywords="重业务轻党建 两张皮 党建",
        discipline="organizational",
        work_style="formalism",
    ),
    _w(
        P1,
        "议事规则不健全，班子成员分工负责和集体领导落实不到位",
        "",
        keywords="议事规则 集体领导 分工",
        discipline="organizational",
    ),
    # 党的建设缺失
    _w(
        P2,
        "选人用人程序不规范，干部选拔任用把关不严",
        "《党政领导干部选拔任用工作条例》",
        keywords="选人用人 选拔任用 干部",
        discipline="organizational",
    ),
    _w(
        P2,
        "干部人事档案管理不规范，“三龄两历一身份”审核把关不严",
        "《干部人事档案工作条例》",
        keywords="干部档案 三龄两历",
        discipline="organizational",
    ),
    _w(
        P2,
        "领导干部个人有关事项报告不如实、不完整",
        "《领导干部报告个人有关事项规定》",
        keywords="个人有关事项 报告",
        discipline="organizational",
    ),
    _w(
        P2,
        "作风建设抓得不实，文山会海反弹，督查检查考核过多过频",
        f"《{EIGHT_RULES}》",
        keywords="文山会海 督查检查 形式主义",
        discipline="work",
        work_style="formalism",
    ),
    # 全面从严治党不力
    _w(
        P3,
        "落实全面从严治党主体责任不到位，“一岗双责”履行不到位",
        "《党委（党组）落实全面从严治党主体责任规定》",
        keywords="主体责任 一岗双责",
        discipline="work",
    ),
    _w(
        P3,
        "日常监督“宽松软”，运用监督执纪“四种形态”特别是第一种形态不充分",
        f"《{SUPERVISION}》第七条",
        keywords="四种形态 日常监督 宽松软",
        discipline="work",
    ),
    _w(
        P3,
        "廉政风险防控机制不健全，重点领域和关键环节监管缺位",
        "",
        keywords="廉政风险 重点领域 监管",
        discipline="integrity",
    ),
    _w(
        P3,
        "违反中央八项规定精神问题禁而未绝，隐形变异问题仍有发生",
        f"《{EIGHT_RULES}》",
        keywords="八项规定 隐形变异 四风",
        discipline="integrity",
        work_style="hedonism",
    ),
]

_TEACHING = "【教学案例】本案例为根据常见问题编写的教学案例，单位和人物均为虚构。\n"

CASES: list[dict] = [
    {
        "title": "【教学案例】某县农业农村局惠农补贴虚报冒领问题",
        "focus": F2,
        "discipline": "mass",
        "occurred_on": date(2023, 6, 15),
        "summary": _TEACHING
        + (
            "巡察组在查阅某县农业农村局2021—2022年耕地地力保护补贴发放台账时，比对自然资源"
            "部门的土地确权数据，发现3个村共47户存在虚报种植面积问题，涉及资金12.6万元；"
            "其中村干部亲属11户，个别村“两委”成员将已流转土地重复申报。局机关对乡镇上报数据"
            "只做汇总、未开展抽查复核。"
        ),
        "handling": (
            "巡察组将问题线索按程序移交县纪委监委。经核查，对负有直接责任的2名村干部给予党内"
            "严重警告处分，对负有监管责任的局股室负责人进行诫勉谈话，违规资金全部追回。"
            "县农业农村局建立补贴面积与确权数据自动比对机制。"
        ),
        "lesson": "惠民惠农资金要“一卡通”发放、数据比对、公示到户；主管部门不能只当“二传手”。",
        "articles": [(DISCIPLINE, "第九章")],
    },
    {
        "title": "【教学案例】某镇违规发放津补贴问题",
        "focus": F2,
        "discipline": "integrity",
        "occurred_on": date(2023, 9, 20),
        "summary": _TEACHING
        + (
            "巡察组在检查某镇财务凭证时发现，该镇以“加班补助”“考核奖励”等名义，2022年向"
            "镇机关干部发放未经批准的补贴共计38万元，资金来源为土地出让返还款；党委会议记录中"
            "无相关集体研究内容，由分管财务的副镇长签批。"
        ),
        "handling": (
            "问题移交县纪委监委。镇党委书记、镇长被诫勉，分管副镇长受到党内警告处分，违规发放"
            "款项全部清退。县财政局对全县乡镇开展津补贴发放专项检查。"
        ),
        "lesson": "津补贴发放必须有依据、有标准、经集体研究；“名目创新”不改变违规性质。",
        "articles": [(EIGHT_RULES, "第八项"), (DISCIPLINE, "第八章")],
    },
    {
        "title": "【教学案例】某单位党支部“三会一课”记录补记问题",
        "focus": F3,
        "discipline": "organizational",
        "occurred_on": date(2024, 3, 12),
        "summary": _TEACHING
        + (
            "巡察组在查阅某事业单位党支部会议记录时，发现2023年全年12次支部党员大会记录笔迹、"
            "墨色一致，与会人员签到中有2名党员当时正在外地培训；个别谈话中支部委员承认记录系"
            "迎接巡察前集中补记。"
        ),
        "handling": (
            "巡察组将问题列入反馈意见，督促单位党委对支部书记进行约谈，支部重新组织学习"
            "《中国共产党支部工作条例（试行）》，对补记记录作出说明存档。"
        ),
        "lesson": (
            "组织生活重在经常、贵在真实；检查“三会一课”要把记录与签到、照片、外出审批相互印证。"
        ),
        "articles": [(INSPECTION, "第十五条")],
    },
    {
        "title": "【教学案例】某局在改革试点中出现失误的容错认定",
        "focus": F1,
        "discipline": "work",
        "occurred_on": date(2024, 5, 8),
        "summary": _TEACHING
        + (
            "某县市场监管局局长在推进“证照分离”改革试点时，经局党组集体研究，在上级尚无明确"
            "规定的情况下先行试行告知承诺制，因后续核查机制不完善，导致2家企业以虚假承诺取得"
            "许可，造成一定不良影响。巡察中未发现该局长谋取私利的情况。"
        ),
        "handling": (
            "巡察组按照“三个区分开来”逐项分析：属于改革中因缺乏经验、先行先试出现的失误，"
            "决策经集体研究、程序合规，事后主动采取措施挽回影响，无谋私情节，认定为失误，"
            "建议予以容错免责，同时督促完善告知承诺后的核查机制。"
        ),
        "lesson": "判断失误还是失责，要看动机、程序、是否有明令禁止和是否谋取私利，既保护担当者，"
        "又防止以容错之名行避责之实。",
        "articles": [(INCENTIVE, "容错纠错"), (SUPERVISION, "第七条")],
    },
]

INSPECTION_REPORT = """关于对某县交通运输局党组的巡察情况报告（范文）

县委巡察工作领导小组：
根据县委统一部署，县委第二巡察组于2024年3月11日至4月19日对县交通运输局党组开展了常规巡察。巡察组坚持政治巡察定位，聚焦“四个聚焦”监督重点，通过听取汇报、个别谈话42人次、受理来信来电来访9件、调阅资料1260余份、实地走访4个在建项目和6个乡镇交管所等方式，深入了解情况。现将巡察情况报告如下。

一、基本情况和总体评价
县交通运输局现有内设股室7个、下属事业单位3个，在职干部职工126人，党员78名，设党支部5个。近年来，局党组能够贯彻落实县委关于“四好农村路”建设的部署，完成农村公路提档升级186公里，群众出行条件明显改善。
巡察发现，局党组在贯彻落实上级决策部署、落实全面从严治党主体责任、加强基层党组织建设等方面还存在一些问题，有的问题较为突出，需要认真加以整改。

二、发现的主要问题
（一）聚焦贯彻落实党的路线方针政策和党中央决策部署方面
1.落实“四好农村路”养护责任不到位。2023年农村公路日常养护经费到位率仅为61%，部分路段“重建轻养”，群众反映强烈。
2.落实意识形态工作责任制不到位，意识形态工作专题研究每年仅1次，门户网站信息审核把关不严。
（二）聚焦群众身边腐败问题和不正之风方面
1.工程项目建设管理不规范。抽查的12个项目中，有3个存在未批先建问题，2个项目将应公开招标的工程拆分为多个标段规避招标。
2.违规发放津补贴。2022年以“春运值班补助”名义向局机关人员发放补贴5.2万元，超出规定范围。
（三）聚焦基层党组织软弱涣散、组织力欠缺问题方面
1.“三会一课”制度落实不严格，2个党支部2023年党课次数未达要求，会议记录存在补记现象。
2.发展党员程序不规范，抽查的8份入党材料中有3份缺少政治审查材料。
（四）巡视巡察整改落实情况方面
上轮巡察反馈的“公务用车管理不规范”问题整改不彻底，车辆使用登记仍不完整。

三、意见建议
（一）强化政治建设，把贯彻落实县委决策部署情况纳入局党组会议定期研究内容，建立养护资金保障机制。
（二）压紧压实全面从严治党主体责任，对工程项目建设、资金发放开展专项清理，违规发放款项限期清退。
（三）加强基层党组织建设，规范组织生活和发展党员工作，对补记记录问题开展专项整改。
（四）扎实抓好巡察整改，建立问题、任务、责任“三张清单”，对上轮未完成整改事项逐项销号。
对巡察中发现的问题线索，巡察组已另行形成专题报告。

县委第二巡察组
2024年4月26日"""

SPECIAL_TOPIC_REPORT = """关于本轮巡察发现村级“三资”管理共性问题的专题报告（范文）

县委巡察工作领导小组：
县委第五轮巡察对12个乡镇的48个村（社区）开展了村级巡察。从巡察情况看，村级集体资金、资产、资源（以下简称“三资”）管理方面的问题具有一定普遍性，现将有关情况报告如下。

一、共性问题
（一）集体资产底数不清。31个村的固定资产台账与实物不符，有的村集体房屋出租多年未入账。
（二）资源发包租赁不规范。19个村的土地、鱼塘发包未经村民代表会议表决，12份合同租期超过规定年限、租金明显偏低。
（三）资金支出审批不严。部分村存在白条入账、“一支笔”审批、大额现金支付等问题，涉及金额约86万元。
（四）监督制约乏力。村务监督委员会作用发挥不充分，14个村财务公开内容不全、更新不及时。

二、原因分析
一是部分乡镇党委对村级“三资”监管重视不够，“村财乡管”流于形式；二是村干部法纪意识淡薄，“家长制”“一言堂”现象仍然存在；三是农经队伍力量薄弱，审计监督覆盖不够。

三、意见建议
（一）由县农业农村局牵头开展村级“三资”清产核资专项行动，建立动态更新的台账。
（二）规范资源发包程序，严格执行“四议两公开”，对不合理合同依法依规予以纠正。
（三）强化乡镇党委监管责任，落实村级财务定期审计和村干部离任审计。
（四）将本专题反映的共性问题纳入下一轮巡察监督重点，开展“回头看”。

县委巡察办
2024年7月10日"""

MODEL_REPORTS: list[dict] = [
    {
        "title": "关于对某县交通运输局党组的巡察情况报告（范文）",
        "kind": "inspection",
        "note": (
            "按“基本情况和总体评价—发现的主要问题—意见建议”的规范结构撰写，主要问题按"
            "“四个聚焦”分类，事实具体、数据准确、定性有依据。单位和数据均为虚构。"
        ),
        "text": INSPECTION_REPORT,
    },
    {
        "title": "关于本轮巡察发现村级“三资”管理共性问题的专题报告（范文）",
        "kind": "special_topic",
        "note": (
            "把一轮巡察中多个对象的共性问题归纳成专题报告，写明问题表现、原因分析和"
            "针对性建议。单位和数据均为虚构。"
        ),
        "text": SPECIAL_TOPIC_REPORT,
    },
]
