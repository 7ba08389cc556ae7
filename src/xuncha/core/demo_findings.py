"""Demo data of the report stage for round 1 of 2026 (seeds 001 and 002): the knowledge base,
working papers of team 1 in every state of the sign-off chain, a judged mistake and a judged
dereliction, an immediate fix answered by the unit, two leads (one handed over during
stationing with the leading group's approval), copied democratic-life and rectification
material caught by the copied-text check, and the inspection and leads reports in approval.

Everything is written through the services with the demo accounts, so the audit trail and every
rule apply as they would for an office.
"""

from datetime import timedelta

from django.utils import timezone

from xuncha.copycheck import services as copy_services
from xuncha.copycheck.models import MaterialKind
from xuncha.fieldwork import services_briefing
from xuncha.fieldwork.models import DraftProblem
from xuncha.findings import services as finding_services
from xuncha.findings import services_fix, services_judgment, services_review
from xuncha.findings.models import Finding
from xuncha.knowledge.models import Article
from xuncha.knowledge.reference import load_reference
from xuncha.leads import services as lead_services
from xuncha.leads import services_access as lead_access
from xuncha.plans.models import Inspection, Round
from xuncha.reports import approval
from xuncha.reports import services as report_services
from xuncha.reports.models import ApprovalStep, ReportKind

# Working papers written directly (not from the evening list): (title, focus index, fields).
PAPERS = [
    {
        "title": "意识形态工作责任制落实不到位，理论学习中心组学习流于形式",
        "focus": 0,
        "basis": "《党委（党组）意识形态工作责任制实施办法》规定，党委（党组）对本地区本部门本单位"
                 "意识形态工作负主体责任。",
        "facts": "2025年区农委党组理论学习中心组集中学习8次，其中5次为传达文件，无研讨发言记录；"
                 "意识形态工作专题研究仅1次。",
        "cause": "党组对意识形态工作重视不够，把学习当作规定动作。",
        "harm": "理论武装走形式，影响党的路线方针政策在农业农村领域落地。",
        "suggestion": "党组每半年专题研究一次意识形态工作，中心组学习做到有主题、有研讨、有成果。",
        "discipline": "political", "nature_depth": "essence", "nature_principle": "political",
        "nature_origin": "implementation", "scope": "common", "source_method": "document",
    },
    {
        "title": "\u201c三会一课\u201d制度执行不严格，部分支部存在会议记录补记现象",
        "focus": 2,
        "basis": "《中国共产党支部工作条例（试行）》规定，党支部应当严格执行"
                 "\u201c三会一课\u201d制度。",
        "facts": "抽查机关第二、第三党支部2025年会议记录，发现6次支部委员会记录系事后补记，"
                 "笔迹、纸张一致，与签到表时间不符。",
        "cause": "支部书记\u201c一岗双责\u201d意识不强，组织生活重形式轻实效。",
        "harm": "基层党组织政治功能弱化，组织生活失去严肃性。",
        "suggestion": "开展组织生活专项检查，对补记问题责令整改并约谈支部书记。",
        "discipline": "organizational", "nature_depth": "phenomenon",
        "nature_origin": "implementation", "scope": "common", "source_method": "document",
    },
    {
        "title": "推行土地流转\u201c整村托管\u201d试点中因市场价格波动造成集体收益损失",
        "focus": 0,
        "basis": "《关于进一步激励广大干部新时代新担当新作为的意见》关于"
                 "\u201c三个区分开来\u201d的要求。",
        "facts": "2024年区农委在柳营镇芦荡村试点土地\u201c整村托管\u201d，经村民代表大会通过、"
                 "区政府常务会议研究后实施；因当年粮价下跌，村集体收益较预期减少18.6万元。",
        "cause": "试点缺乏价格风险对冲机制，前期论证不充分。",
        "harm": "村集体当年收益减少，群众对试点有疑虑。",
        "suggestion": "完善试点风险评估和保险机制，总结经验后再扩大范围。",
        "amount": "186000.00",
        "discipline": "work", "nature_depth": "phenomenon", "nature_origin": "institutional",
        "scope": "individual", "source_method": "interview",
        "is_conduct": True, "responsible_kind": "individual",
        "responsible_person": "周立群", "responsible_post": "区农委副主任（分管农村改革）",
    },
    {
        "title": "个别项目先施工后招标，规避公开招标",
        "focus": 1,
        "basis": "《中华人民共和国招标投标法》第三条、第四条。",
        "facts": "2025年农田水利配套项目（合同金额126万元）于5月开工，8月才补办招标手续。",
        "cause": "项目管理制度执行不严，内控失效。",
        "harm": "存在利益输送风险，损害公平竞争。",
        "suggestion": "对近三年工程项目开展专项清查，健全重大项目集体决策和全过程监督。",
        "amount": "1260000.00",
        "discipline": "integrity", "nature_depth": "essence", "nature_origin": "implementation",
        "scope": "individual", "source_method": "document",
    },
]


class FindingsDemo:
    def __init__(self, rnd: Round, accounts: dict):
        self.round = rnd
        self.accounts = accounts
        self.leader = accounts["al_team_leader"]
        self.deputy = accounts["al_deputy"]
        self.member = accounts["al_member"]
        self.office = accounts["al_office"]
        self.leading = accounts["al_leading"]
        self.liaison = accounts["al_liaison"]
        self.focus = list(rnd.focus_areas.order_by("order", "id"))

    def build(self) -> None:
        inspections = list(
            self.round.inspections.select_related("team", "target", "round", "round__jurisdiction")
            .order_by("team__number")
        )
        if not inspections or not DraftProblem.objects.filter(
            inspection=inspections[0]
        ).exists():
            return  # stationing has not begun in the demo's calendar
        load_reference(self.round.jurisdiction, actor=None)
        first = inspections[0]
        self.papers(first)
        self.leads(first)
        self.materials(inspections)
        self.reports(first)

    # --- working papers --------------------------------------------------------------------

    def _focus(self, index: int):
        return self.focus[index % len(self.focus)] if self.focus else None

    def _sign(self, finding: Finding, *, until: str) -> Finding:
        """Take a paper along the chain: submitted → deputy → leader."""
        finding = services_review.submit(finding, actor=finding.drafter)
        if until == "pending_deputy":
            return finding
        if self.deputy.pk in set(finding.preparers.values_list("pk", flat=True)):
            finding = services_review.approve(finding, actor=self.leader,
                                              comment="副组长参与起草，由组长审核。")
        else:
            finding = services_review.approve(finding, actor=self.deputy, comment="事实清楚。")
        if until == "pending_leader":
            return finding
        return services_review.confirm(finding, actor=self.leader, comment="同意。")

    def papers(self, inspection: Inspection) -> None:
        problems = list(DraftProblem.objects.filter(inspection=inspection).order_by("id"))
        confirmed = [p for p in problems if p.status == DraftProblem.Status.CONFIRMED]
        if confirmed:
            services_briefing.hand_off(inspection, confirmed, actor=self.leader)
        handed = list(DraftProblem.objects.filter(
            inspection=inspection, status=DraftProblem.Status.HANDED_OFF
        ).order_by("id"))
        article = Article.objects.filter(regulation__title__contains="纪律处分条例").first()
        from_problems = []
        for n, problem in enumerate(handed):
            finding = finding_services.start_from_problem(problem, actor=self.member)
            from_problems.append(finding)
            fields = {
                "basis": "《中国共产党纪律处分条例》及区委关于惠农资金管理的规定。",
                "facts": finding.facts or f"{finding.title}。经调阅台账、个别谈话核实。",
                "cause": "内部审核把关流于形式，监督制约机制不健全。",
                "harm": "惠农政策落实打折扣，损害群众切身利益。",
                "suggestion": "全面清查近三年补贴发放情况，追回违规资金，完善审核机制。",
                "focus_area": self._focus(1), "discipline": "integrity" if n != 2 else
                "organizational", "nature_depth": "essence", "nature_origin": "implementation",
                "source_method": "document",
            }
            if n == 0:
                fields.update(is_conduct=True, responsible_kind="individual",
                              responsible_person="郑国庆", responsible_post="城关镇农机服务站站长",
                              amount="238000.00")
            if n == 1:
                fields.update(work_style="hedonism", eight_rules="receptions",
                              disposition="immediate_fix")
            if n == 2:
                fields.update(disposition="organization_department", focus_area=self._focus(2))
            finding_services.update_finding(
                finding, actor=self.member, regulations=[article] if article and n == 0 else None,
                **fields,
            )
        direct = []
        for spec in PAPERS:
            spec = dict(spec)
            focus = self._focus(spec.pop("focus"))
            drafter = self.deputy if spec.get("is_conduct") else self.member
            direct.append(finding_services.create_finding(
                inspection, actor=drafter, focus_area=focus, **spec
            ))
        # The judged dereliction (from the evening list) and the judged mistake (direct).
        if from_problems:
            services_judgment.save_judgment(
                from_problems[0], actor=self.member, person="郑国庆", post="城关镇农机服务站站长",
                experience="accountable",
                experience_reason="明知补贴须经公示和实地核验仍违规审批。",
                exploration="accountable", exploration_reason="区农委2023年已明令禁止代签代领。",
                purpose="accountable", purpose_reason="为亲属经营的农机合作社违规申领补贴。",
                judgment="dereliction", outcome="correction",
                reasoning="三项均属应予问责情形，认定为失责，建议移交区纪委监委依规依纪处理。",
            )
        services_judgment.save_judgment(
            direct[2], actor=self.deputy, person="周立群", post="区农委副主任（分管农村改革）",
            experience="tolerable", experience_reason="试点属改革探索，缺乏可借鉴经验。",
            exploration="tolerable", exploration_reason="当时无明确禁止性规定，且经集体决策。",
            purpose="tolerable", purpose_reason="出发点是增加集体收入，未谋取私利。",
            judgment="mistake", outcome="tolerance",
            reasoning="符合\u201c三个区分开来\u201d容错情形，认定为失误，建议容错免责，督促完善试点机制。",
        )
        # States: confirmed, pending leader, pending deputy, returned, being drafted, withdrawn.
        for finding in [*from_problems[:2], direct[0], direct[2], direct[3]]:
            self._sign(finding, until="confirmed")
        if len(from_problems) > 2:
            self._sign(from_problems[2], until="pending_leader")
        self._sign(direct[1], until="pending_deputy")
        extra = finding_services.create_finding(
            inspection, actor=self.member, focus_area=self._focus(3),
            title="上轮巡察反馈的公车管理问题整改不彻底",
            basis="区委关于巡察整改的工作要求。", facts="上轮巡察指出的公务用车登记不全问题，"
            "2025年仍有23次出车无登记。", suggestion="对照上轮反馈问题逐项\u201c回头看\u201d。",
            work_style="bureaucratism", source_method="document",
        )
        services_review.submit(extra, actor=self.member)
        services_review.return_finding(extra, actor=self.deputy,
                                       comment="请补充具体车辆和出车记录，核实是否存在公车私用。")
        finding_services.create_finding(
            inspection, actor=self.member, focus_area=self._focus(1),
            title="惠民惠农资金\u201c一卡通\u201d发放存在滞留现象", source_method="petition",
            facts="初步核实石塘镇2025年有2笔补贴资金滞留超过3个月，正在进一步调阅凭证。",
        )
        dropped = finding_services.create_finding(
            inspection, actor=self.member, title="办公用房面积超标",
            facts="经实地丈量，未超标。", source_method="visit",
        )
        services_review.withdraw(dropped, actor=self.member, reason="经实地核实，不构成问题。")
        # The immediate fix, answered by the unit's liaison.
        if len(from_problems) > 1:
            fix, _created = services_fix.save_fix(
                from_problems[1], actor=self.leader, letter_number="区委一巡立改〔2026〕1号",
                requirement="立即清理2025年以来无公函接待事项，追回超标准接待费用，"
                            "修订公务接待管理办法。",
            )
            fix = services_fix.send_fix(fix, actor=self.leader)
            services_fix.reply_fix(
                fix, actor=self.liaison,
                reply="已清理无公函接待17批次，追回超标准费用3,260元，修订《公务接待管理办法》"
                      "并经党组会议审议通过。",
            )

    # --- leads -------------------------------------------------------------------------------

    def leads(self, inspection: Inspection) -> None:
        from xuncha.petitions.models import Petition

        petition = Petition.objects.filter(inspection=inspection).order_by("id").first()
        sources = ([{"token": None, "obj": petition, "kind": "petition",
                     "label": f"信访件第{petition.number}号"}] if petition else
                   [{"kind": "petition", "label": "来信反映"}])
        first = lead_services.register_lead(
            inspection, actor=self.member, source_kind="petition",
            subjects=[{"name": "郑国庆", "post": "城关镇农机服务站站长"}],
            sources=sources,
            content="反映郑国庆利用审核农机购置补贴的职务便利，为其亲属经营的合作社违规申领补贴"
                    "23.8万元，并收受农机经销商财物。",
            proposed_receiver="discipline_commission", proposed_disposal="preliminary_verification",
        )
        lead_services.assess_lead(
            first, actor=self.leader, proposed_disposal="preliminary_verification",
            assessment="反映问题具体，有补贴台账和谈话记录印证，建议移交区纪委监委初步核实。",
        )
        second = lead_services.register_lead(
            inspection, actor=self.member, source_kind="interview",
            subjects=[{"name": "钱卫东", "post": "区农委副主任"}],
            sources=[{"kind": "interview", "label": "个别谈话反映"}],
            content="多名干部反映钱卫东长期将公务用车停放在住所，节假日公车私用。",
            proposed_receiver="discipline_commission", proposed_disposal="talk_inquiry",
        )
        handover = lead_access.request_handover(
            second, actor=self.leader, reason="问题具体、易于查证，且涉及正在发生的违规行为，"
            "需边巡边移交，及时处置。", receiver="discipline_commission", approver=self.leading,
        )
        handover = lead_access.decide_handover(handover, actor=self.leading, approve=True,
                                               comment="同意移交区纪委监委。")
        lead_access.record_handover(handover, actor=self.leader, received_by="区纪委监委信访室")

    # --- copied material ---------------------------------------------------------------------

    def materials(self, inspections: list[Inspection]) -> None:
        first = inspections[0]
        body = (
            "一是理论学习不够深入。满足于读文件、记笔记，结合农业农村工作实际思考不够，"
            "运用党的创新理论指导实践、推动工作的能力还有差距。二是担当作为不够有力。"
            "面对农机购置补贴等群众关心的问题，深入基层调查研究少，对下属单位监督检查不到位。"
            "三是落实全面从严治党责任不够严格。对分管领域党风廉政建设抓得不紧，"
            "存在重业务轻党建的倾向。"
        )
        opening = "按照区委关于召开2025年度民主生活会的通知要求，本人认真学习，广泛征求意见，"
        texts = [
            ("钱卫东", opening + body),
            # Copied with traditional characters and touched-up punctuation.
            ("周立群", opening + "一是理論學習不夠深入；滿足於讀文件、記筆記，結合農業農村工作實際"
             "思考不夠，運用黨的創新理論指導實踐、推動工作的能力還有差距。二是擔當作為不夠有力。"
             "面对农机购置补贴等群众关心的问题，深入基层调查研究少，对下属单位监督检查不到位。"
             "另外，在分管的农村改革工作中，推进土地流转试点时风险评估不足。"),
            ("孙晓梅", "这次民主生活会前，我逐一与班子成员谈心谈话，"
             "对照初心使命，我在三个方面存在差距：对畜牧兽医领域的"
             "新情况研究不透，动物防疫经费使用监管有漏洞；深入养殖场户少，听取群众意见不充分；"
             "执行请示报告制度不够及时，个别事项先办后报。"),
        ]
        for author, text in texts:
            copy_services.upload_material(
                first, actor=self.member, unit=first.target, kind=MaterialKind.SELF_CRITICISM,
                title=f"{author}同志2025年度民主生活会对照检查材料", author=author, text=text,
            )
        plan = (
            "一、提高政治站位，切实扛起整改主体责任。成立由党组书记任组长的整改工作领导小组，"
            "对巡察反馈问题逐条制定整改措施，明确责任领导、责任部门和完成时限。"
            "二、聚焦突出问题，扎实推进整改落实。对惠民惠农资金发放开展专项清查，"
            "对违规发放的资金全部追回。三、建立长效机制，巩固整改成果。"
        )
        for inspection in inspections[:2]:
            copy_services.upload_material(
                inspection, actor=self.office, unit=inspection.target,
                kind=MaterialKind.RECTIFICATION_PLAN,
                title=f"{inspection.target.short_name or inspection.target.name}上轮巡察整改方案",
                text=plan,
            )

    # --- reports -----------------------------------------------------------------------------

    def reports(self, inspection: Inspection) -> None:
        report = report_services.create_report(
            kind=ReportKind.INSPECTION, round=self.round, inspection=inspection, actor=self.leader,
        )
        version = report_services.latest_version(report)
        texts = {s["key"]: s["text"] for s in version.sections}
        overall = next((k for k in texts if "overall" in k or "assessment" in k), None)
        if overall:
            report_services.save_version(
                report, actor=self.deputy, note="补充总体评价", base=version.number,
                texts={overall: "总的看，区农委党组能够贯彻落实党中央决策部署和省委、市委、区委"
                       "工作要求，推动农业农村工作取得一定成效。但巡察也发现，党组在落实"
                       "全面从严治党主体责任、惠民惠农资金监管等方面还存在一些问题。"},
            )
        report_services.submit(report, actor=self.leader)
        today = timezone.localdate()
        for stage, actor in (("team_meeting", self.leader), ("office_consultation", self.office)):
            step = ApprovalStep.objects.filter(report=report, stage=stage).first()
            if step is None:
                continue
            approval.record_step(step, actor=actor, hearing=approval.Hearing(
                held_on=today - timedelta(days=1), decision=approval.APPROVE,
                opinion="同意提交下一环节审议。", decisions=approval.prefill(step),
            ))
        leads_report = report_services.create_report(
            kind=ReportKind.LEADS, round=self.round, inspection=inspection, actor=self.leader,
        )
        report_services.submit(leads_report, actor=self.leader)
        step = ApprovalStep.objects.filter(report=leads_report, stage="team_meeting").first()
        if step is not None:
            approval.record_step(step, actor=self.leader, hearing=approval.Hearing(
                held_on=today - timedelta(days=1), decision=approval.APPROVE,
                opinion="同意按建议处置。", decisions=approval.prefill(step),
            ))


def build(rnd: Round, accounts: dict) -> None:
    FindingsDemo(rnd, accounts).build()



