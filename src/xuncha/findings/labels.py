"""The Chinese names of the findings' choices, as official documents print them.

Documents are data, not interface: a working paper, a finding list or a report reads the same
whatever language the person who downloads it uses, so their words are Chinese literals here
rather than translations of the interface's msgids. Reports and transfers use them too.
"""

from xuncha.fieldwork.models import SourceKind
from xuncha.findings.models import (
    ConductJudgment,
    Discipline,
    Disposition,
    EightRules,
    Finding,
    FindingReview,
    NatureDepth,
    NatureOrigin,
    NaturePrinciple,
    ResponsibleKind,
    Scope,
    WorkStyle,
)

STATUS = {
    Finding.Status.DRAFT: "起草中",
    Finding.Status.PENDING_DEPUTY: "待副组长审核",
    Finding.Status.PENDING_LEADER: "待组长审定",
    Finding.Status.RETURNED: "退回修改",
    Finding.Status.CONFIRMED: "组长已确认",
    Finding.Status.WITHDRAWN: "已撤回",
}
STEP = {
    FindingReview.Step.SUBMIT: "提交审核",
    FindingReview.Step.DEPUTY_APPROVE: "副组长审核同意",
    FindingReview.Step.LEADER_CONFIRM: "组长确认",
    FindingReview.Step.RETURN: "退回修改",
    FindingReview.Step.REOPEN: "重新打开",
    FindingReview.Step.WITHDRAW: "撤回",
}
DISCIPLINE = {
    Discipline.POLITICAL: "政治纪律",
    Discipline.ORGANIZATIONAL: "组织纪律",
    Discipline.INTEGRITY: "廉洁纪律",
    Discipline.MASS: "群众纪律",
    Discipline.WORK: "工作纪律",
    Discipline.LIFE: "生活纪律",
}
WORK_STYLE = {
    WorkStyle.FORMALISM: "形式主义",
    WorkStyle.BUREAUCRATISM: "官僚主义",
    WorkStyle.HEDONISM: "享乐主义",
    WorkStyle.EXTRAVAGANCE: "奢靡之风",
}
EIGHT_RULES = {
    EightRules.GIFTS: "违规收送名贵特产和礼品礼金",
    EightRules.DINING: "违规吃喝",
    EightRules.ALLOWANCES: "违规发放津补贴或福利",
    EightRules.CEREMONIES: "违规操办婚丧喜庆",
    EightRules.VEHICLES: "违规配备使用公务用车",
    EightRules.TRAVEL: "公款旅游",
    EightRules.BUILDINGS: "楼堂馆所违规问题",
    EightRules.RECEPTIONS: "提供或接受超标准接待",
}
NATURE_DEPTH = {NatureDepth.PHENOMENON: "现象问题", NatureDepth.ESSENCE: "本质问题"}
NATURE_PRINCIPLE = {
    NaturePrinciple.IDEOLOGICAL: "思想认识问题",
    NaturePrinciple.POLITICAL: "政治原则问题",
}
NATURE_ORIGIN = {
    NatureOrigin.INSTITUTIONAL: "体制机制问题",
    NatureOrigin.IMPLEMENTATION: "执行落实问题",
}
SCOPE = {Scope.COMMON: "共性问题", Scope.INDIVIDUAL: "个性问题"}
DISPOSITION = {
    Disposition.FEEDBACK: "纳入反馈问题清单",
    Disposition.IMMEDIATE_FIX: "立行立改",
    Disposition.DISCIPLINE_COMMISSION: "移交纪委监委",
    Disposition.ORGANIZATION_DEPARTMENT: "移交组织部",
    Disposition.FUNCTIONAL_DEPARTMENT: "移交职能部门",
    Disposition.PARTY_COMMITTEE: "向党委提出建议",
}
RESPONSIBLE = {
    ResponsibleKind.UNIT: "单位（党组织）",
    ResponsibleKind.LEADERSHIP: "领导班子",
    ResponsibleKind.INDIVIDUAL: "个人",
}
SOURCE = {
    SourceKind.INTERVIEW: "个别谈话",
    SourceKind.DOCUMENT: "调阅资料",
    SourceKind.VISIT: "实地走访",
    SourceKind.PETITION: "来信来电来访",
    SourceKind.SURVEY: "问卷调查或民主测评",
    SourceKind.MEETING: "会议",
    SourceKind.CHECK: "抽查或专项检查",
    SourceKind.DOSSIER: "被巡察单位档案",
    SourceKind.OTHER: "其他",
}
JUDGMENT = {ConductJudgment.Judgment.MISTAKE: "失误", ConductJudgment.Judgment.DERELICTION: "失责"}
OUTCOME = {
    ConductJudgment.Outcome.TOLERANCE: "容错免责",
    ConductJudgment.Outcome.CORRECTION: "纠错问责",
}
SEAT = {
    "leader": "组长",
    "deputy_leader": "副组长",
    "member": "组员",
    "liaison": "联络员",
    "drafter": "执笔人",
    "archivist": "档案管理员",
}


def zh(mapping: dict, value: str) -> str:
    return mapping.get(value, value or "")


def signer(role: str) -> str:
    """A sign-off role as a document prints it: 组长, 副组长, 巡察办 — and whom it stood in for."""
    if not role:
        return ""
    parts = role.split(":")
    if parts[0] == "team" and len(parts) > 1:
        name = SEAT.get(parts[1], parts[1])
    elif parts[0] in ("office_staff", "office_head"):
        name = "巡察办"
    else:
        name = parts[0]
    if parts[-1] == "as_deputy":
        return f"{name}代副组长"
    if parts[-1] == "as_leader":
        return f"{name}代组长"
    return name
