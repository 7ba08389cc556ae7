"""Demo data of stationing (issue 4): round 1 of 2026 in 安澜区, four teams at four agricultural
units, with seeds/003's figures reproduced from real records — 105 questionnaires issued, 96
interviews, 3 letters/calls/visits, 2 symposiums — and team 1's days at 区农委 in full: the
information requests and dossier before stationing, the notice and announcement, meetings,
interview plan and outlines (one reaching its person late), document lists, visits and checks,
work logs and evening briefings with their draft problems.

Everything goes through the services, as a team would do it, so the audit trail is the real one.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from xuncha.fieldwork import notices, services_briefing, services_prep, services_records
from xuncha.fieldwork import services_records_documents as documents
from xuncha.fieldwork.models import MeetingKind, Partner
from xuncha.interviews.models import Interviewee, PostCategory
from xuncha.interviews.services import outlines as outline_services
from xuncha.interviews.services import plan as plan_services
from xuncha.interviews.services import records as interview_services
from xuncha.orgs.models import Unit
from xuncha.petitions import services as petition_services
from xuncha.petitions import workflow as petition_workflow
from xuncha.plans.models import Inspection, Round
from xuncha.staffing.models import MemberRole
from xuncha.surveys.models import Survey
from xuncha.surveys.services import distribution, editing

START = date(2026, 11, 2)
LAST = date(2026, 11, 20)
# seeds/003, split over the four teams (team 1 at 区农委 first).
QUESTIONNAIRES_ISSUED = [30, 28, 25, 22]  # 105: links and paper forms handed out
QUESTIONNAIRES_RETURNED = [28, 25, 23, 20]
INTERVIEWS = [28, 25, 23, 20]  # 96 person-times
SYMPOSIUM_TEAMS = [0, 2]  # 2 symposiums

KEY_POSTS = ["办公室主任", "财务科科长", "人事科科长", "项目科科长", "政策法规科科长",
             "计划财务科副科长", "机关党支部书记"]
STAFF_POSTS = ["办公室科员", "财务科会计", "项目科科员", "综合科科员", "出纳", "驾驶员",
               "下属站所站长", "下属站所会计"]
RETIRED_POSTS = ["退休干部（原副局长）", "退休干部（原科长）"]

SUMMARIES = [
    ("谈了单位贯彻落实乡村振兴决策部署情况，认为总体推进有力。",
     "反映部分惠农资金拨付滞后。", ""),
    ("介绍了财务管理和三公经费情况。", "公务接待存在无公函接待、超标准接待现象。", ""),
    ("谈了项目管理情况。", "个别项目招投标程序不规范，存在先施工后招标。",
     "反映某项目负责人与施工方关系密切，需核实。"),
    ("谈了选人用人和干部教育管理情况。", "中层干部轮岗交流不够，个别岗位任职超过10年。", ""),
    ("谈了基层党建和三会一课落实情况。", "三会一课记录存在补记现象。", ""),
    ("谈了农机购置补贴发放工作。", "补贴台账与发放名单不一致。",
     "反映个别经销商与工作人员串通套取补贴。"),
    ("对单位工作总体评价较好。", "", ""),
]

QUESTIONNAIRE_NEGATIVE = 0.12  # the usual share of "否"
FLAGGED_NEGATIVE = 0.42  # two questions per survey the unit's people answer badly


def _weekdays(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


class StationingDemo:
    def __init__(self, rng: random.Random, accounts: dict, names, office):
        self.rng = rng
        self.accounts = accounts
        self.names = names
        self.office = office
        today = timezone.localdate()
        self.days = _weekdays(START, min(LAST, today - timedelta(days=1)))

    def build(self, rnd: Round) -> None:
        inspections = list(
            rnd.inspections.select_related("team", "target", "round", "round__jurisdiction")
            .order_by("team__number")
        )
        if not self.days:
            return  # the demo is loaded before stationing began: nothing has happened yet
        for n, inspection in enumerate(inspections):
            self.team = list(
                rnd.team_members.filter(team=inspection.team).select_related("cadre", "cadre__user")
            )
            self.meetings(inspection, n)
            self.interviews(inspection, INTERVIEWS[n], full=n == 0)
            self.questionnaire(inspection, n)
        first = inspections[0]
        self.team = list(
            rnd.team_members.filter(team=first.team).select_related("cadre", "cadre__user")
        )
        self.before_stationing(first)
        self.appraisal(first)
        self.petitions(inspections)
        self.documents(first)
        self.checks(first)
        self.days_of_team_one(first)

    # --- helpers ------------------------------------------------------------------------------

    def seat(self, *roles) -> list:
        return [m for m in self.team if m.role in roles]

    def account(self, *roles):
        for member in self.seat(*roles):
            if member.cadre.user_id:
                return member.cadre.user
        return None

    # --- before stationing ---------------------------------------------------------------------

    def before_stationing(self, inspection: Inspection) -> None:
        office = self.office
        sent = START - timedelta(days=14)
        audit_unit = Unit.objects.filter(short_name="区审计局").first()
        asks = [
            (Partner.DISCIPLINE_COMMISSION, None, "区农委领导班子成员信访举报和问题线索情况",
             "请提供近三年反映区农委领导班子及其成员的信访举报、问题线索及处置情况。",
             "近三年共收到反映该单位领导班子成员的信访举报4件，其中反映农机购置补贴发放问题2件，"
             "已了结1件，1件暂存待查；反映办公用房超标1件、公车私用1件，均已谈话函询。", True),
            (Partner.AUDIT, audit_unit, "区农委近三年审计发现问题及整改情况",
             "请提供2023年以来对区农委开展的经济责任审计、专项审计发现的问题和整改情况。",
             "2024年对区农委主要负责人开展经济责任审计，发现惠农资金拨付滞后1,260万元、"
             "政府采购未公开招标项目3个；截至目前已整改2项，1项正在整改。", False),
            (Partner.ORGANIZATION_DEPARTMENT, None, "区农委选人用人和干部监督情况",
             "请提供近三年区农委干部选拔任用、个人有关事项报告抽查核实情况。", "", None),
            (Partner.PETITION_BUREAU, None, "区农委相关信访事项",
             "请提供近两年涉及区农委的信访事项及办理情况。", "", None),
        ]
        for partner, unit, subject, questions, answer, by_office in asks:
            req = services_prep.create_request(
                inspection, actor=office, partner=partner, subject=subject, questions=questions,
                due_on=START - timedelta(days=4), recipient=unit,
            )
            services_prep.send_request(req, actor=office, sent_on=sent)
            if answer and by_office:
                services_prep.record_answer(req, actor=office, answer=answer,
                                            answered_on=START - timedelta(days=6))
            elif answer and self.accounts.get("al_audit") is not None and unit is not None:
                services_prep.answer_request(req, actor=self.accounts["al_audit"], answer=answer)
        defaults = notices.notice_defaults(inspection)
        notice = notices.save_notice(
            inspection, actor=office, number="安巡办〔2026〕21号",
            addressee=defaults["addressee"], body=defaults["body"],
        )
        notices.send_notice(notice, actor=office, sent_on=START - timedelta(days=10))
        for other in Inspection.objects.filter(round=inspection.round).select_related(
            "round", "round__jurisdiction", "team", "target"
        ):
            number = other.team.number
            fields = notices.announcement_defaults(other) | {
                "duty_phone": f"0517-8591{number:04d}（8:30—17:30）、1395170{number:04d}",
                "mailbox": f"安澜区邮政局第{number:02d}号信箱",
                "email": f"alxc{number}z@anlan.gov.cn",
                "reception_place": f"{other.target.short_name}院内巡察组接访室",
                "reception_hours": "工作日8:30—12:00，14:30—17:30",
            }
            announcement = notices.save_announcement(other, actor=office, **fields)
            notices.publish_announcement(announcement, actor=office)

    # --- meetings ------------------------------------------------------------------------------

    def meetings(self, inspection: Inspection, n: int) -> None:
        leader = self.seat(MemberRole.LEADER)
        chair = leader[0].cadre.full_name if leader else ""
        services_records.record_meeting(
            inspection, actor=None, kind=MeetingKind.MOBILIZATION,
            title=f"区委{inspection.team.name}进驻{inspection.target.short_name}工作动员会",
            held_on=START, place=f"{inspection.target.short_name}三楼会议室", chair=chair,
            participants="巡察组全体成员，被巡察单位领导班子成员、中层干部和职工代表",
            attendance=self.rng.randint(38, 70),
            minutes="巡察组组长作动员讲话，说明巡察任务和工作安排；被巡察单位主要负责人作表态发言。"
            "会后发放民主测评表和调查问卷。",
        )
        services_records.record_meeting(
            inspection, actor=None, kind=MeetingKind.UNIT_BRIEFING,
            title=f"听取{inspection.target.short_name}党组工作汇报", held_on=START,
            chair=chair, participants="巡察组全体成员，被巡察单位领导班子",
            minutes="单位主要负责人汇报近年来落实全面从严治党主体责任、重点工作推进情况。",
        )
        if n in SYMPOSIUM_TEAMS:
            services_records.record_meeting(
                inspection, actor=None, kind=MeetingKind.SYMPOSIUM,
                title=f"{inspection.target.short_name}中层干部和基层站所负责人座谈会",
                held_on=START + timedelta(days=3), place="被巡察单位小会议室", chair=chair,
                participants="中层干部、下属站所负责人12人", attendance=12,
                minutes="与会人员反映惠农资金拨付慢、项目公示不及时，部分同志对干部轮岗交流意见较大。",
            )

    # --- interviews ----------------------------------------------------------------------------

    def interviews(self, inspection: Inspection, count: int, *, full: bool) -> None:
        plan_services.propose_plan(inspection, actor=None)  # imports the leadership team
        people = list(Interviewee.objects.filter(inspection=inspection))
        extra = [(p, PostCategory.KEY_POST) for p in KEY_POSTS] + [
            (p, PostCategory.STAFF) for p in STAFF_POSTS
        ] + [(p, PostCategory.RETIRED) for p in RETIRED_POSTS]
        for post, category in extra:
            people.append(plan_services.add_interviewee(
                inspection, actor=None, name=self.names.person()[0], post=post,
                category=category,
            ))
        plan_services.propose_plan(inspection, actor=None)
        people = list(Interviewee.objects.filter(inspection=inspection).select_related(
            "interviewer", "recorder"
        ))
        cadres = [m.cadre for m in self.team]
        held = 0
        days = self.days
        while held < count:
            for person in people:
                if held >= count:
                    break
                asker = person.interviewer or self.rng.choice(cadres)
                recorder = person.recorder if person.recorder_id and person.recorder != asker \
                    else next(c for c in cadres if c != asker)
                summary, problems, leads = self.rng.choice(SUMMARIES)
                day = days[min(held * len(days) // count, len(days) - 1)]
                interview_services.record_interview(
                    person, actor=None, held_on=day, asker=asker, recorder=recorder,
                    record_text=f"问：请谈谈你对本单位领导班子和你分管工作的看法。\n答：{summary}"
                    f"{problems}\n问：还有什么需要向巡察组反映的？\n答：{leads or '没有了。'}",
                    place="巡察组谈话室", summary=summary, problems=problems, leads=leads,
                )
                held += 1
        if full:
            self.outlines(inspection)

    def outlines(self, inspection: Inspection) -> None:
        """The general outline, everyone's individual outline, and three people still to be
        interviewed whose outlines went to the liaison today; one interview is the day after
        tomorrow, so the plan warns that the outline reached the person too late."""
        today = timezone.localdate()
        upcoming = []
        for lead, post in ((2, "下属站所站长"), (5, "退休干部（原副主任）"), (6, "农机化科科员")):
            upcoming.append(plan_services.add_interviewee(
                inspection, actor=None, name=self.names.person()[0], post=post,
                category=PostCategory.RETIRED if "退休" in post else PostCategory.STAFF,
                planned_on=today + timedelta(days=lead),
            ))
        plan_services.propose_plan(inspection, actor=None)
        outline_services.assemble_general_outline(inspection, actor=None)
        made = outline_services.generate_outlines(inspection, actor=None)
        chosen = [o for o in made if o.interviewee_id in {p.pk for p in upcoming}]
        outline_services.send_outlines(inspection, chosen, actor=None)
        liaison = self.accounts.get("al_liaison")
        for outline in chosen[:2]:
            outline_services.record_delivery(outline, actor=liaison, delivered_on=today)

    # --- questionnaires and appraisal ------------------------------------------------------------

    def _answers(self, survey: Survey, flagged: set[str]) -> dict:
        version = survey.versions.filter(published_at__isnull=False).order_by("-number").first()
        answers = {}
        for q in version.questions.all():
            if q.kind == "yes_no":
                share = FLAGGED_NEGATIVE if q.key in flagged else QUESTIONNAIRE_NEGATIVE
                roll = self.rng.random()
                value = q.negative if roll < share else (
                    "unknown" if roll < share + 0.08 else ("yes" if q.negative == "no" else "no")
                )
                remark = ""
                if value == q.negative and self.rng.random() < 0.2:
                    remark = self.rng.choice([
                        "希望巡察组深入了解", "具体情况可找财务科核实", "下属站所问题更突出",
                    ])
                answers[q.key] = (value, remark)
            elif q.kind == "grade":
                answers[q.key] = (self.rng.choices(
                    ["good", "fair", "average", "poor"], weights=[55, 30, 12, 3])[0], "")
            elif self.rng.random() < 0.3:
                answers[q.key] = ("", self.rng.choice([
                    "建议加强惠农资金监管", "希望干部交流轮岗常态化", "项目建设要公开透明",
                ]))
        return answers

    def questionnaire(self, inspection: Inspection, n: int) -> None:
        survey = editing.create_survey(inspection, actor=None, kind=Survey.Kind.QUESTIONNAIRE)
        editing.publish_survey(survey, actor=None)
        issued, returned = QUESTIONNAIRES_ISSUED[n], QUESTIONNAIRES_RETURNED[n]
        paper = issued // 3
        editing.set_paper_forms_issued(survey, paper, actor=None)
        tokens = distribution.issue_links(survey, issued - paper, actor=None)
        keys = list(survey.versions.get(number=1).questions.filter(kind="yes_no")
                    .values_list("key", flat=True))
        flagged = set(self.rng.sample(keys, min(2, len(keys))))
        online = returned - paper + 2  # a few paper forms never came back
        for token in tokens[:online]:
            distribution.submit_answers(token, self._answers(survey, flagged))
        for sheet in range(1, returned - online + 1):
            distribution.enter_paper_form(survey, self._answers(survey, flagged), actor=None,
                                          sheet_number=str(sheet))

    def appraisal(self, inspection: Inspection) -> None:
        survey = editing.create_survey(inspection, actor=None, kind=Survey.Kind.APPRAISAL)
        editing.publish_survey(survey, actor=None)
        editing.set_paper_forms_issued(survey, 45, actor=None)
        for sheet in range(1, 42):
            distribution.enter_paper_form(survey, self._answers(survey, set()), actor=None,
                                          sheet_number=str(sheet))

    # --- petitions -------------------------------------------------------------------------------

    def petitions(self, inspections: list[Inspection]) -> None:
        farm, machinery, _development, poverty = inspections
        leader = farm.target.leadership.order_by("order").first()
        letter = petition_services.register_petition(
            farm, actor=None, received_on=START + timedelta(days=4), channel="letter",
            summary="反映区农委农机购置补贴发放中存在虚报冒领问题",
            content="2025年某乡镇多名农户反映，部分农机购置补贴发放给了未实际购机的人员，"
            "经销商与农机站工作人员存在利益往来，相关台账与实际不符。",
            subjects=[{"name": "", "post": "区农委农机化科科长"},
                      {"name": leader.name if leader else "", "post": leader.post if leader
                       else "主任"}],
            anonymous=False, area="discipline",
            identity={"name": "刘德明", "phone": "13951706021", "id_number": "",
                      "address": "安澜区城关镇东风村", "work_unit": "农户"},
        )
        petition_workflow.assess_petition(
            letter, actor=None, in_scope=True,
            reason="反映被巡察单位中层干部和领导班子成员问题，属于受理范围。",
        )
        petition_workflow.take_up_petition(letter, actor=None, note="列入谈话和资料调阅重点。")
        call = petition_services.register_petition(
            machinery, actor=None, received_on=START + timedelta(days=6), channel="phone",
            summary="反映区农机局公务用车私用",
            content="来电反映区农机局一辆公务用车周末多次停放在某小区，疑似公车私用。",
            subjects=[{"name": "", "post": "区农机局副局长"}], anonymous=True,
            area="work_style",
        )
        petition_workflow.assess_petition(call, actor=None, in_scope=True,
                                          reason="反映领导班子成员作风问题。")
        visit = petition_services.register_petition(
            poverty, actor=None, received_on=START + timedelta(days=8), channel="visit",
            summary="反映土地承包经营权纠纷",
            content="来访人反映与邻村村民的土地承包经营权纠纷，要求巡察组帮助解决。",
            subjects=[{"name": "", "post": "某村村民委员会"}], anonymous=False,
            identity={"name": "陈桂兰", "phone": "13770521188", "id_number": "",
                      "address": "安澜区河西镇", "work_unit": ""},
        )
        petition_workflow.assess_petition(
            visit, actor=None, in_scope=False,
            reason="属于个人诉求和权益纠纷，不属于巡察受理范围，按规定转办。",
        )
        petition_workflow.forward_petition(
            visit, actor=None, to="安澜区信访局", on=START + timedelta(days=9),
            reference="安巡转〔2026〕3号", note="已告知来访人转办去向。",
        )

    # --- documents, visits and checks ----------------------------------------------------------

    def documents(self, inspection: Inspection) -> None:
        request = documents.create_document_request(
            inspection, actor=None, title="第一批调阅资料清单", sent_on=START + timedelta(days=1),
            due_on=START + timedelta(days=4),
            items=[("党组会议记录", "2023—2025年"), ("三重一大事项决策记录", "2023—2025年"),
                   ("农机购置补贴发放台账", "2024—2025年"), ("财务凭证", "2025年"),
                   ("公务接待审批单", "2025年"), ("干部选拔任用纪实材料", "2023—2025年")],
        )
        items = list(request.items.order_by("id"))
        found = {
            2: "台账显示2025年发放补贴312户，与乡镇公示名单核对，有17户无购机发票。",
            3: "2025年3月、8月各有一笔招待费无公函，金额合计6,480元。",
            4: "接待审批单事后补签5份。",
        }
        for n, item in enumerate(items):
            documents.mark_provided(item, actor=None, provided_on=START + timedelta(days=3))
            if n in found:
                documents.check_document(item, actor=None, findings=found[n],
                                         checked_on=self.days[min(6 + n, len(self.days) - 1)])
            elif n == 5:
                documents.return_for_more(item, actor=None,
                                          reason="缺少2024年两名科长提拔的考察材料。")

    def checks(self, inspection: Inspection) -> None:
        day = self.days[min(7, len(self.days) - 1)]
        services_records.record_visit(
            inspection, actor=None, kind="downward", visited_on=day, place="城关镇农机服务站",
            participants="副组长及组员2人", purpose="核实农机购置补贴发放情况",
            findings="走访5户补贴对象，2户表示未购买补贴机具，与台账记载不符。",
        )
        services_records.record_visit(
            inspection, actor=None, kind="unannounced", visited_on=day,
            place="区农委机关食堂", participants="组员2人", purpose="了解公务接待情况",
            findings="食堂存在以会议餐名义安排接待的情况。",
        )
        services_records.record_special_check(
            inspection, actor=None, topic="cadre_selection", title="选人用人工作专项检查",
            checked_on=self.days[min(9, len(self.days) - 1)],
            scope="2023年以来提拔的11名干部的纪实材料",
            findings="2名科长提拔时民主推荐环节材料不全。",
        )
        leader = inspection.target.leadership.order_by("order").first()
        if leader:
            services_records.record_personal_matters_check(
                inspection, actor=None, person=leader.name, post=leader.post, report_year=2025,
                checked_on=self.days[min(8, len(self.days) - 1)],
                items_checked="房产、投资、配偶子女从业情况", result="minor",
                discrepancies="漏报配偶名下车位一处。",
            )

    # --- the days of team 1 ------------------------------------------------------------------

    def days_of_team_one(self, inspection: Inspection) -> None:
        leader = self.account(MemberRole.LEADER)
        deputy = self.account(MemberRole.DEPUTY_LEADER)
        member = self.account(MemberRole.MEMBER)
        writers = [a for a in (leader, deputy, member) if a is not None]
        for day in self.days[-5:]:
            for author in writers:
                services_briefing.save_work_log(
                    inspection, actor=author, day=day,
                    content=self.rng.choice([
                        "上午个别谈话3人，下午查阅2025年财务凭证。",
                        "参加中层干部座谈，整理谈话记录。",
                        "调阅农机购置补贴台账，与乡镇公示名单比对。",
                        "下沉走访城关镇农机服务站，核实补贴发放。",
                    ]),
                    next_steps="继续个别谈话，核实补贴台账问题。",
                )
        if not writers:
            return
        from xuncha.fieldwork.briefing import day_material

        raised = []
        plans = [
            ("finance", "农机购置补贴发放审核把关不严，存在虚报冒领风险"),
            ("finance", "公务接待无公函、事后补签审批单"),
            ("party_building", "干部选拔任用纪实材料不全，民主推荐程序执行不严"),
            ("party_building", "三会一课存在补记现象"),
            ("enforcement", "个别项目先施工后招标"),
            ("petitions", "群众反映农机补贴问题集中，需与信访件一并核实"),
        ]
        for n, (subgroup, summary) in enumerate(plans):
            day = self.days[-1 - (n % 3)]
            material = day_material(inspection, day)
            picked = material[:2] if material else []
            sources = [{"kind": m["kind"], "label": m["label"], "note": m["note"],
                        "obj": m["obj"]} for m in picked]
            if not sources:
                sources = [{"kind": "interview", "label": "个别谈话记录"}]
            raised.append(services_briefing.raise_problem(
                inspection, actor=writers[-1], day=day, subgroup=subgroup, summary=summary,
                detail="", sources=sources,
            ))
        for problem in raised[:3]:
            if problem.sources.count() < 2:
                services_briefing.add_source(problem, actor=writers[-1], kind="document",
                                             label="调阅资料查阅记录")
            services_briefing.corroborate(problem, actor=writers[0])
        services_briefing.hand_off(inspection, raised[:1], actor=writers[0])
        services_briefing.drop_problem(raised[3], actor=writers[0],
                                       reason="经核实为记录整理方式问题，不构成问题。")
        for day in sorted({p.day for p in raised}):
            services_briefing.hold_briefing(
                inspection, actor=writers[0], day=day, participants="巡察组全体成员",
                minutes="汇总当天谈话、调阅和走访情况，梳理问题，明确次日核实重点。",
            )


def build(rng: random.Random, rnd: Round, accounts: dict, names, office) -> None:
    StationingDemo(rng, accounts, names, office).build(rnd)
