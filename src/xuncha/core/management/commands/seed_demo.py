"""`xuncha seed_demo [--if-empty]`: a fictional city for demonstrations and browser tests.

清源市 (a city with an inspection office) has two jurisdictions below it. 安澜区 mirrors the
district of seeds/003: a leading group and an office, four teams (第一至第四巡察组), a leader
pool of 20 and a staff pool of 150, and exactly 96 units to inspect (departments, townships and
streets, villages and communities). 云溪县 is smaller (20 units). There is an account for every
role. Everything is written through the services, so the audit trail records it; the data is
the same on every run (names come from a seeded random generator).
"""

import random
import time
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from xuncha.accounts import services as account_services
from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.permissions import needs_second_factor
from xuncha.accounts.roles import Role
from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.core import demo_findings, demo_planning, demo_stationing
from xuncha.orgs import services as org_services
from xuncha.orgs.models import Level, Sector, Unit, UnitKind
from xuncha.people import services as people_services
from xuncha.people.models import Cadre, Gender, PoolKind, Specialty, TalentPool

# The one password of every demo account: a demonstration, never a production install.
PASSWORD = "Demo@2026xc"  # noqa: S105
SEED = 2026

S, K = Sector, UnitKind

# (short name, full name, sector, kind, head's title). "{p}" is 区 or 县, "{n}" the full name of
# the district or county. The first entries are the ones the smaller county also has.
DEPARTMENTS: list[tuple[str, str, str, str, str]] = [
    ("{p}纪委监委", "{n}纪律检查委员会（监察委员会）", S.PARTY, K.DEPARTMENT, "书记"),
    ("{p}委组织部", "{n}委组织部", S.PARTY, K.DEPARTMENT, "部长"),
    ("{p}委办公室", "{n}委办公室", S.PARTY, K.DEPARTMENT, "主任"),
    ("{p}政府办公室", "{n}人民政府办公室", S.GOVERNMENT, K.DEPARTMENT, "主任"),
    ("{p}财政局", "{n}财政局", S.ECONOMY, K.DEPARTMENT, "局长"),
    ("{p}教育局", "{n}教育局", S.EDUCATION, K.DEPARTMENT, "局长"),
    ("{p}农委", "{n}农业委员会", S.AGRICULTURE, K.DEPARTMENT, "主任"),
    ("{p}审计局", "{n}审计局", S.ECONOMY, K.DEPARTMENT, "局长"),
    ("{p}卫健委", "{n}卫生健康委员会", S.HEALTH, K.DEPARTMENT, "主任"),
    ("{p}住建局", "{n}住房和城乡建设局", S.NATURAL_RESOURCES, K.DEPARTMENT, "局长"),
    ("{p}民政局", "{n}民政局", S.SOCIAL, K.DEPARTMENT, "局长"),
    ("{p}自然资源局", "{n}自然资源局", S.NATURAL_RESOURCES, K.DEPARTMENT, "局长"),
    # From here on only the district.
    ("{p}农机局", "{n}农业机械管理局", S.AGRICULTURE, K.DEPARTMENT, "局长"),
    ("{p}农业开发局", "{n}农业资源开发局", S.AGRICULTURE, K.DEPARTMENT, "局长"),
    (
        "{p}委农工部（扶贫办）",
        "{n}委农村工作部（扶贫开发领导小组办公室）",
        S.AGRICULTURE,
        K.DEPARTMENT,
        "部长",
    ),
    ("{p}委宣传部", "{n}委宣传部", S.CULTURE, K.DEPARTMENT, "部长"),
    ("{p}委统战部", "{n}委统一战线工作部", S.PARTY, K.DEPARTMENT, "部长"),
    ("{p}委政法委", "{n}委政法委员会", S.POLITICS_LAW, K.DEPARTMENT, "书记"),
    ("{p}委编办", "{n}委机构编制委员会办公室", S.PARTY, K.DEPARTMENT, "主任"),
    ("{p}直机关工委", "{n}级机关工作委员会", S.PARTY, K.WORKING_COMMITTEE, "书记"),
    ("{p}委党校", "{n}委党校", S.PARTY, K.PUBLIC_INSTITUTION, "校长"),
    ("{p}委老干部局", "{n}委老干部局", S.PARTY, K.DEPARTMENT, "局长"),
    ("{p}人大常委会机关", "{n}人大常委会机关", S.GOVERNMENT, K.LEADING_PARTY_GROUP, "秘书长"),
    ("{p}政协机关", "{n}政协机关", S.GOVERNMENT, K.LEADING_PARTY_GROUP, "秘书长"),
    ("{p}法院", "{n}人民法院", S.POLITICS_LAW, K.LEADING_PARTY_GROUP, "院长"),
    ("{p}检察院", "{n}人民检察院", S.POLITICS_LAW, K.LEADING_PARTY_GROUP, "检察长"),
    ("{p}总工会", "{n}总工会", S.SOCIAL, K.LEADING_PARTY_GROUP, "主席"),
    ("团{p}委", "共青团{n}委员会", S.SOCIAL, K.DEPARTMENT, "书记"),
    ("{p}妇联", "{n}妇女联合会", S.SOCIAL, K.LEADING_PARTY_GROUP, "主席"),
    ("{p}工商联", "{n}工商业联合会", S.ECONOMY, K.LEADING_PARTY_GROUP, "主席"),
    ("{p}科协", "{n}科学技术协会", S.SOCIAL, K.LEADING_PARTY_GROUP, "主席"),
    ("{p}残联", "{n}残疾人联合会", S.SOCIAL, K.LEADING_PARTY_GROUP, "理事长"),
    ("{p}发改委", "{n}发展和改革委员会", S.ECONOMY, K.DEPARTMENT, "主任"),
    ("{p}科技局", "{n}科学技术局", S.ECONOMY, K.DEPARTMENT, "局长"),
    ("{p}工信局", "{n}工业和信息化局", S.ECONOMY, K.DEPARTMENT, "局长"),
    ("{p}公安分局", "{n}公安分局", S.POLITICS_LAW, K.DEPARTMENT, "局长"),
    ("{p}司法局", "{n}司法局", S.POLITICS_LAW, K.DEPARTMENT, "局长"),
    ("{p}人社局", "{n}人力资源和社会保障局", S.SOCIAL, K.DEPARTMENT, "局长"),
    ("{p}交通运输局", "{n}交通运输局", S.NATURAL_RESOURCES, K.DEPARTMENT, "局长"),
    ("{p}水利局", "{n}水利局", S.AGRICULTURE, K.DEPARTMENT, "局长"),
    ("{p}商务局", "{n}商务局", S.ECONOMY, K.DEPARTMENT, "局长"),
    ("{p}文广旅局", "{n}文化广电和旅游局", S.CULTURE, K.DEPARTMENT, "局长"),
    ("{p}退役军人事务局", "{n}退役军人事务局", S.SOCIAL, K.DEPARTMENT, "局长"),
    ("{p}应急管理局", "{n}应急管理局", S.GOVERNMENT, K.DEPARTMENT, "局长"),
    ("{p}市场监管局", "{n}市场监督管理局", S.ECONOMY, K.DEPARTMENT, "局长"),
    ("{p}统计局", "{n}统计局", S.ECONOMY, K.DEPARTMENT, "局长"),
    ("{p}医保局", "{n}医疗保障局", S.HEALTH, K.DEPARTMENT, "局长"),
    ("{p}城管局", "{n}城市管理局", S.NATURAL_RESOURCES, K.DEPARTMENT, "局长"),
    ("{p}信访局", "{n}信访局", S.GOVERNMENT, K.DEPARTMENT, "局长"),
    ("{p}行政审批局", "{n}行政审批局", S.GOVERNMENT, K.DEPARTMENT, "局长"),
    ("{p}机关事务管理局", "{n}机关事务管理局", S.GOVERNMENT, K.DEPARTMENT, "局长"),
    ("{p}体育局", "{n}体育局", S.CULTURE, K.DEPARTMENT, "局长"),
    ("{p}供销总社", "{n}供销合作总社", S.ECONOMY, K.PUBLIC_INSTITUTION, "主任"),
    ("{p}城投集团", "{n}城市建设投资集团有限公司", S.ENTERPRISE, K.SOE, "董事长"),
    ("{p}水务公司", "{n}水务有限公司", S.ENTERPRISE, K.SOE, "董事长"),
    ("{p}人民医院", "{n}人民医院", S.HEALTH, K.HOSPITAL, "院长"),
    ("{p}中医院", "{n}中医院", S.HEALTH, K.HOSPITAL, "院长"),
    ("{p}一中", "{n}第一中学", S.EDUCATION, K.SCHOOL, "校长"),
]

# Townships (镇) and streets (街道) with their villages (村) and communities (社区).
DISTRICT_TOWNSHIPS: list[tuple[str, list[str]]] = [
    ("澜溪街道", ["滨河社区", "翠园社区"]),
    ("清河街道", ["清河社区", "东门社区"]),
    ("望湖街道", ["湖滨社区", "望湖社区"]),
    ("文昌街道", ["文昌社区", "学府社区"]),
    ("石塘镇", ["石塘村", "东庄村"]),
    ("柳营镇", ["柳营村", "芦荡村"]),
    ("白鹭湖镇", ["白鹭村", "荷花村"]),
    ("龙口镇", ["龙口村", "大圩村"]),
    ("新集镇", ["新集村", "王庄村"]),
    ("丰乐镇", ["丰乐村", "双桥村"]),
    ("桂花镇", ["桂花村"]),
    ("松林镇", ["松林村"]),
    ("梅岭镇", ["梅岭村"]),
    ("青石镇", ["青石村"]),
]
COUNTY_DEPARTMENTS = 12
COUNTY_TOWNSHIPS: list[tuple[str, list[str]]] = [
    ("云溪镇", ["云溪社区"]),
    ("大桥镇", ["大桥村"]),
    ("竹林镇", ["竹林村"]),
    ("高坪乡", ["高坪村"]),
]
CITY_DEPARTMENTS: list[tuple[str, str, str, str, str]] = [
    ("市纪委监委", "清源市纪律检查委员会（监察委员会）", S.PARTY, K.DEPARTMENT, "书记"),
    ("市委组织部", "清源市委组织部", S.PARTY, K.DEPARTMENT, "部长"),
    ("市委办公室", "清源市委办公室", S.PARTY, K.DEPARTMENT, "主任"),
    ("市财政局", "清源市财政局", S.ECONOMY, K.DEPARTMENT, "局长"),
    ("市审计局", "清源市审计局", S.ECONOMY, K.DEPARTMENT, "局长"),
    ("市信访局", "清源市信访局", S.GOVERNMENT, K.DEPARTMENT, "局长"),
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤"
)
# Surnames are drawn with the most common ones more often.
SURNAME_WEIGHTS = [max(1, 40 - i // 2) for i in range(len(SURNAMES))]
MALE_GIVEN = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"  # noqa: E501
FEMALE_GIVEN = "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝丽阳妮宝贝初程梵罡恒鸿桦骅剑娇纪宽苛灵玛媚琪晴容睿烁堂唯威韦雯苇萱阅彦宇雨洋忠宗曼紫逸贤蝶菡绿蓝儿翠烟"  # noqa: E501

TOWNSHIP_POSTS = ["党委书记", "党委副书记、镇长", "党委副书记", "党委委员、纪委书记"]
STREET_POSTS = ["党工委书记", "党工委副书记、办事处主任", "党工委委员、纪工委书记"]
VILLAGE_POSTS = ["党总支书记、村委会主任", "村委会副主任"]
COMMUNITY_POSTS = ["党委书记、居委会主任", "居委会副主任"]
_SENIOR = ("一级主任科员", "二级主任科员", "三级主任科员")
_JUNIOR = ("四级主任科员", "一级科员", "二级科员")
STAFF_POSTS = [
    ("科长", _SENIOR),
    ("副科长", _SENIOR + _JUNIOR[:1]),
    ("办公室主任", _SENIOR),
    ("综合科科长", _SENIOR),
    ("科员", _JUNIOR),
    ("财务科科长", _SENIOR),
    ("纪检监察员", _JUNIOR),
    ("人事科科长", _SENIOR),
    ("法规科科长", _SENIOR),
    ("审计科科长", _SENIOR),
    ("综合科副科长", _SENIOR[1:] + _JUNIOR[:1]),
]
LEADER_POSTS = ["副局长", "副主任", "纪委书记", "党委副书记", "副部长", "四级调研员"]
SPECIALTY_WEIGHTS = {
    Specialty.DISCIPLINE: 20,
    Specialty.ORGANIZATION: 14,
    Specialty.FINANCE: 15,
    Specialty.AUDIT: 12,
    Specialty.LAW: 10,
    Specialty.OTHER: 29,
}
# Where cadres of each specialty usually work (short-name endings).
SPECIALTY_UNITS = {
    Specialty.DISCIPLINE: ("纪委监委",),
    Specialty.ORGANIZATION: ("委组织部", "直机关工委", "委编办"),
    Specialty.FINANCE: ("财政局", "发改委"),
    Specialty.AUDIT: ("审计局",),
    Specialty.LAW: ("法院", "检察院", "司法局", "公安分局"),
}


@dataclass
class DemoAccount:
    username: str
    full_name: str
    title: str
    unit: str  # key into the command's unit index
    roles: list[tuple[str, str, bool]] = field(default_factory=list)  # (role, unit key, subtree)


ACCOUNTS = [
    DemoAccount("qy_office", "", "市委巡察办副主任", "city", [(Role.OFFICE_STAFF, "city", True)]),
    DemoAccount(
        "al_office", "", "区委巡察办主任", "district", [(Role.OFFICE_HEAD, "district", True)]
    ),
    DemoAccount(
        "al_staff", "", "区委巡察办干部", "district", [(Role.OFFICE_STAFF, "district", True)]
    ),
    DemoAccount("yx_office", "", "县委巡察办主任", "county", [(Role.OFFICE_HEAD, "county", True)]),
    DemoAccount(
        "al_leading",
        "",
        "区委书记、巡察工作领导小组组长",
        "district",
        [(Role.LEADING_GROUP, "district", True)],
    ),
    DemoAccount(
        "al_team_leader", "", "区委第一巡察组组长", "district", [(Role.TEAM_LEADER, "target", True)]
    ),
    DemoAccount(
        "al_deputy", "", "区委第一巡察组副组长", "district", [(Role.DEPUTY_LEADER, "target", True)]
    ),
    DemoAccount(
        "al_member", "", "区委第一巡察组组员", "al_finance", [(Role.TEAM_MEMBER, "target", True)]
    ),
    DemoAccount(
        "al_liaison",
        "",
        "区农委办公室主任（被巡察单位联络员）",
        "target",
        [(Role.UNIT_LIAISON, "target", False)],
    ),
    DemoAccount(
        "al_jw",
        "",
        "区纪委监委信访室主任",
        "al_discipline",
        [(Role.DISCIPLINE_COMMISSION, "district", True)],
    ),
    DemoAccount(
        "al_zzb",
        "",
        "区委组织部干部科科长",
        "al_organization",
        [(Role.ORGANIZATION_DEPARTMENT, "district", True)],
    ),
    DemoAccount(
        "al_audit",
        "",
        "区审计局综合科科长（协作部门，答复巡察办征求意见）",
        "al_audit",
        [(Role.PARTNER_DEPARTMENT, "al_audit", False)],
    ),
    DemoAccount(
        "qy_reviewer", "", "市委巡察办督查科科长", "city", [(Role.UPPER_REVIEWER, "city", True)]
    ),
    DemoAccount(
        "al_custodian",
        "",
        "区委巡察办信访受理员（身份保管人）",
        "district",
        [(Role.CUSTODIAN, "district", True)],
    ),
    DemoAccount("qy_sysadmin", "", "系统管理员", "city", [(Role.SYSTEM_ADMIN, "city", True)]),
    DemoAccount("qy_secadmin", "", "安全保密管理员", "city", [(Role.SECURITY_ADMIN, "city", True)]),
    DemoAccount("qy_auditor", "", "安全审计员", "city", [(Role.AUDIT_ADMIN, "city", True)]),
]


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


class Names:
    """Distinct, plausible Chinese names from a seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def person(self, gender: str | None = None) -> tuple[str, str]:
        rng = self.rng
        gender = gender or rng.choices([Gender.MALE, Gender.FEMALE], [62, 38])[0]
        chars = MALE_GIVEN if gender == Gender.MALE else FEMALE_GIVEN
        while True:
            surname = rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
            given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")
            name = surname + given
            if name not in self.used:
                self.used.add(name)
                return name, gender


class Command(BaseCommand):
    help = "Load the demo city (清源市) with its district, county, cadres, teams and accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but list the demo accounts) if units exist.",
        )

    def handle(self, *args, if_empty: bool, **options):
        if Unit.objects.exists():
            if not if_empty:
                raise CommandError(
                    "The database already holds units; seed_demo loads into an "
                    "empty database only (use --if-empty to skip quietly)."
                )
            self.stdout.write("Units exist already; the demo data was not loaded.")
            self.print_accounts()
            return
        started = time.perf_counter()
        self.rng = random.Random(SEED)
        self.names = Names(self.rng)
        with transaction.atomic():
            self.build()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {time.perf_counter() - started:.1f}s: "
                f"{Unit.objects.count()} units, {Cadre.objects.count()} cadres, "
                f"{User.objects.count()} accounts."
            )
        )
        self.print_accounts()

    # --- building -----------------------------------------------------------------------------

    def build(self) -> None:
        self.units: dict[str, Unit] = {}
        city = self.unit(
            "city",
            None,
            code="QY",
            name="中共清源市委员会",
            short_name="清源市委",
            level=Level.CITY,
            kind=K.PARTY_COMMITTEE,
            sector=S.PARTY,
            has_office=True,
        )
        for i, spec in enumerate(CITY_DEPARTMENTS, 1):
            self.department(city, f"QY-D{i:02d}", spec, "", "", Level.CITY)
        district = self.unit(
            "district",
            city,
            code="QY-AL",
            name="中共清源市安澜区委员会",
            short_name="安澜区委",
            level=Level.COUNTY,
            kind=K.PARTY_COMMITTEE,
            sector=S.PARTY,
            has_office=True,
        )
        district_units = self.jurisdiction_units(
            district, "QY-AL", "区", "安澜区", DEPARTMENTS, DISTRICT_TOWNSHIPS
        )
        county = self.unit(
            "county",
            city,
            code="QY-YX",
            name="中共清源市云溪县委员会",
            short_name="云溪县委",
            level=Level.COUNTY,
            kind=K.PARTY_COMMITTEE,
            sector=S.PARTY,
            has_office=True,
        )
        county_units = self.jurisdiction_units(
            county, "QY-YX", "县", "云溪县", DEPARTMENTS[:COUNTY_DEPARTMENTS], COUNTY_TOWNSHIPS
        )
        assert len(district_units) == 96, len(district_units)
        assert len(county_units) == 20, len(county_units)
        by_short = {u.short_name: u for u in district_units}
        self.units["target"] = by_short["区农委"]  # first round, 第一巡察组 (seeds/003)
        self.units["al_finance"] = by_short["区财政局"]
        self.units["al_discipline"] = by_short["区纪委监委"]
        self.units["al_organization"] = by_short["区委组织部"]
        self.units["al_audit"] = by_short["区审计局"]

        accounts = self.accounts()
        # The committees' own leadership; in the district the secretary chairs the leading
        # group and the organization and discipline chiefs are its deputies (seeds/003).
        self.leadership(
            city,
            [
                "市委书记",
                "市委副书记、市长",
                "市委副书记",
                "市委常委、组织部部长",
                "市委常委、纪委书记、监委主任",
            ],
        )
        self.leadership(
            district,
            [
                "区委书记",
                "区委副书记、区长",
                "区委副书记",
                "区委常委、组织部部长",
                "区委常委、纪委书记、监委主任",
            ],
            first=accounts["al_leading"].full_name,
        )
        self.leadership(
            county,
            [
                "县委书记",
                "县委副书记、县长",
                "县委常委、组织部部长",
                "县委常委、纪委书记、监委主任",
            ],
        )

        # Teams: four in the district as in seeds/003, two in the county, two at the city.
        for jurisdiction, count, prefix in (
            (district, 4, "区委"),
            (county, 2, "县委"),
            (city, 2, "市委"),
        ):
            for number in range(1, count + 1):
                people_services.create_team(
                    actor=None,
                    jurisdiction=jurisdiction,
                    number=number,
                    name=f"{prefix}{people_services.default_team_name(number)}",
                )

        # Pools: 20 leaders and 150 staff in the district (seeds/003); smaller elsewhere.
        self.pools(
            district,
            "安澜区",
            district_units,
            leaders=20,
            staff=150,
            linked={
                PoolKind.LEADER: [accounts["al_team_leader"], accounts["al_deputy"]],
                PoolKind.STAFF: [accounts["al_member"]],
            },
        )
        self.pools(county, "云溪县", county_units, leaders=5, staff=20)
        city_departments = list(Unit.objects.filter(parent=city, has_office=False))
        specialists = people_services.create_pool(
            actor=None,
            jurisdiction=city,
            kind=PoolKind.SPECIALIST,
            name="清源市专业人才库",
            description="纪检、组织、财务、审计、法律等方面的专业人才",
        )
        for _i in range(10):
            self.add(specialists, self.cadre(city_departments, leader=False))

        # The district's term, coverage plan, rounds, teams and recusal cases.
        planning = demo_planning.build(self.rng, self.units, accounts)
        # Round 1's stationing: meetings, interviews, questionnaires, petitions, the briefings.
        demo_stationing.build(self.rng, planning.round1, accounts, self.names, planning.office)
        # Its report stage: working papers, leads, copied material, reports in approval.
        demo_findings.build(planning.round1, accounts)

        record(
            EventType.DEMO_LOADED,
            unit=city,
            changes={
                "units": [None, Unit.objects.count()],
                "cadres": [None, Cadre.objects.count()],
                "accounts": [None, len(accounts)],
                "seed": [None, SEED],
            },
        )

    def unit(self, key: str | None, parent: Unit | None, **fields) -> Unit:
        unit = org_services.create_unit(actor=None, parent=parent, **fields)
        if key:
            self.units[key] = unit
        return unit

    def department(self, parent: Unit, code: str, spec, prefix: str, name: str, level: str) -> Unit:
        short, full, sector, kind, head = spec
        unit = self.unit(
            None,
            parent,
            code=code,
            name=full.format(p=prefix, n=name),
            short_name=short.format(p=prefix, n=name),
            level=level,
            kind=kind,
            sector=sector,
            headcount=self.rng.randint(12, 120),
        )
        if kind in (K.SOE, K.SCHOOL, K.HOSPITAL):
            posts = ["党委书记", head, f"副{head}" if not head.startswith("董") else "总经理"]
        elif head in ("书记", "主席", "理事长", "秘书长"):
            posts = [head, f"副{head}", f"副{head}"]
        else:
            posts = [f"党组书记、{head}", f"党组成员、副{head}", f"党组成员、副{head}"]
        self.leadership(unit, posts)
        return unit

    def jurisdiction_units(
        self, top: Unit, code: str, prefix: str, name: str, departments, townships
    ) -> list[Unit]:
        made = [
            self.department(top, f"{code}-D{i:02d}", spec, prefix, name, Level.COUNTY)
            for i, spec in enumerate(departments, 1)
        ]
        for t, (township, villages) in enumerate(townships, 1):
            street = township.endswith("街道")
            unit = self.unit(
                None,
                top,
                code=f"{code}-T{t:02d}",
                name=f"中共{name}{township}{'工作委员会' if street else '委员会'}",
                short_name=township,
                level=Level.TOWNSHIP,
                kind=K.TOWNSHIP_COMMITTEE,
                sector=S.GRASSROOTS,
                headcount=self.rng.randint(40, 160),
                party_members=self.rng.randint(800, 3500),
            )
            self.leadership(unit, STREET_POSTS if street else TOWNSHIP_POSTS)
            made.append(unit)
            for v, village in enumerate(villages, 1):
                community = village.endswith("社区")
                vunit = self.unit(
                    None,
                    unit,
                    code=f"{code}-T{t:02d}-V{v:02d}",
                    name=f"中共{name}{township}{village}"
                    f"{'委员会' if community else '总支部委员会'}",
                    short_name=village,
                    level=Level.VILLAGE,
                    kind=K.VILLAGE_COMMITTEE,
                    sector=S.GRASSROOTS,
                    party_members=self.rng.randint(30, 180),
                )
                self.leadership(vunit, COMMUNITY_POSTS if community else VILLAGE_POSTS)
                made.append(vunit)
        return made

    def leadership(self, unit: Unit, posts: list[str], first: str = "") -> None:
        """The unit's leadership team."""
        for order, post in enumerate(posts):
            name = first if order == 0 and first else self.names.person()[0]
            org_services.add_leadership_member(
                unit, actor=None, name=name, post=post, is_principal=order == 0, order=order
            )

    def accounts(self) -> dict[str, User]:
        made: dict[str, User] = {}
        self.genders: dict[str, str] = {}
        for spec in ACCOUNTS:
            full_name, self.genders[spec.username] = self.names.person()
            user = account_services.create_user(
                actor=None,
                username=spec.username,
                full_name=full_name,
                unit=self.units[spec.unit],
                password=PASSWORD,
                title=spec.title,
            )
            for role, at, subtree in spec.roles:
                account_services.assign_role(
                    actor=None,
                    user=user,
                    role=role,
                    unit=self.units[at],
                    include_descendants=subtree,
                )
            if needs_second_factor(user):
                TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
                record(EventType.OTP_ENROLLED, unit=user.unit, obj=user)
            made[spec.username] = user
        return made

    def pools(
        self,
        jurisdiction: Unit,
        place: str,
        units: list[Unit],
        *,
        leaders: int,
        staff: int,
        linked: dict | None = None,
    ) -> None:
        linked = linked or {}
        for kind, size, name in (
            (PoolKind.LEADER, leaders, f"{place}巡察组长库"),
            (PoolKind.STAFF, staff, f"{place}巡察工作人员库"),
        ):
            pool = people_services.create_pool(
                actor=None, jurisdiction=jurisdiction, kind=kind, name=name
            )
            for user in linked.get(kind, []):
                self.add(pool, self.cadre(units, leader=kind == PoolKind.LEADER, user=user))
            for _i in range(size - len(linked.get(kind, []))):
                self.add(pool, self.cadre(units, leader=kind == PoolKind.LEADER))

    def cadre(self, units: list[Unit], *, leader: bool, user: User | None = None) -> Cadre:
        rng = self.rng
        specialty = rng.choices(list(SPECIALTY_WEIGHTS), list(SPECIALTY_WEIGHTS.values()))[0]
        endings = SPECIALTY_UNITS.get(specialty)
        fitting = [u for u in units if endings and u.short_name.endswith(endings)]
        departments = [u for u in units if u.level != Level.VILLAGE]
        unit = rng.choice(fitting if fitting and rng.random() < 0.6 else departments)
        if user is not None:
            full_name, gender = user.full_name, self.genders[user.username]
            unit = user.unit
        else:
            full_name, gender = self.names.person()
        if leader:
            post = rng.choice(LEADER_POSTS)
            rank = rng.choice(["正科级", "正科级", "副科级"])
            birth = rng.randint(1968, 1982)
        else:
            post, ranks = rng.choice(STAFF_POSTS)
            rank = rng.choice(ranks)
            birth = rng.randint(1975, 1996) if ranks is not _SENIOR else rng.randint(1970, 1988)
        if user is not None:
            post = user.title
        return people_services.create_cadre(
            actor=None,
            unit=unit,
            full_name=full_name,
            gender=gender,
            birth_year=birth,
            post=post,
            rank=rank,
            specialty=specialty,
            user=user,
            phone=f"1380000{rng.randrange(10000):04d}",
        )

    def add(self, pool: TalentPool, cadre: Cadre) -> None:
        try:
            people_services.add_to_pool(pool, cadre, actor=None)
        except ValidationError as exc:  # a bug in this command, not in the data
            raise CommandError(f"{cadre} → {pool}: {exc}") from exc

    # --- output -------------------------------------------------------------------------------

    def print_accounts(self) -> None:
        users = {
            u.username: u
            for u in User.objects.select_related("unit").filter(
                username__in=[a.username for a in ACCOUNTS]
            )
        }
        if not users:
            return
        assignments: dict[int, list[str]] = {}
        for a in (
            RoleAssignment.objects.select_related("unit")
            .filter(user__in=users.values())
            .order_by("id")
        ):
            scope = "" if a.include_descendants else " (only)"
            assignments.setdefault(a.user_id, []).append(
                f"{a.role}@{a.unit.short_name or a.unit.name}{scope}"
            )
        rows = [("username", "password", "role(s)", "work unit", "2FA")]
        for spec in ACCOUNTS:
            user = users.get(spec.username)
            if user is None:
                continue
            rows.append(
                (
                    user.username,
                    PASSWORD,
                    ", ".join(assignments.get(user.pk, [])),
                    user.unit.short_name if user.unit else "",
                    "yes" if needs_second_factor(user) else "no",
                )
            )
        widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
        self.stdout.write("")
        for n, row in enumerate(rows):
            self.stdout.write(
                "  ".join(pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip()
            )
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write("")
        self.stdout.write(
            "Accounts marked 2FA ask for a six-digit code after the password; "
            "get the current one with: xuncha otp_code <username>"
        )
