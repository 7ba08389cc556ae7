"""The planning part of the demo: 安澜区's 2021–2026 term, its coverage plan for all 96 units,
the rounds of past years, round 1 of 2026 from seeds/003 (four teams stationed at four
agricultural units) and a planned round 2 with a team proposal of the assistant, and recusal
cases that the rules catch. Written through the services, like the rest of the demo."""

import random
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from xuncha.fieldwork import services as fieldwork_services
from xuncha.orgs.models import LeadershipMember, Level, Unit
from xuncha.people import services as people_services
from xuncha.people.models import (
    Availability,
    Cadre,
    FamilyRelation,
    Kinship,
    PoolKind,
    Posting,
    PostingKind,
    Team,
    WorkingRelation,
    WorkingRelationKind,
)
from xuncha.plans import services as plan_services
from xuncha.plans.models import FocusArea, RoundKind, Stage
from xuncha.staffing import duties, recusal
from xuncha.staffing import services as staffing_services
from xuncha.staffing.models import GiftHandling, GiftKind, Grade, MemberRole, RecusalStatus

TERM_START, TERM_END = date(2021, 12, 1), date(2026, 12, 31)
# Round 1 of 2026 (seeds/003: mobilization, then four teams stationed at four agricultural units).
ROUND1 = (date(2026, 11, 2), date(2026, 12, 18))
ROUND2 = (date(2026, 12, 21), date(2027, 2, 5))
AGRICULTURE = ["区农委", "区农机局", "区农业开发局", "区委农工部（扶贫办）"]
# Units of past years the office has not reached: they show as overdue against the plan.
MISSED_PER_YEAR = 2
STAGES_AFTER_AUTHORIZED = [
    Stage.STATIONED,
    Stage.REPORTING,
    Stage.FED_BACK,
    Stage.RECTIFYING,
    Stage.REVIEWED,
    Stage.ARCHIVED,
]
WORK_PLAN = (
    "一、巡察时间：{start}至{end}。\n"
    "二、巡察对象：{targets}。\n"
    "三、巡察重点：聚焦“四个聚焦”，突出涉农资金使用、惠农政策落实和基层党组织建设。\n"
    "四、方式方法：听取汇报、个别谈话、受理信访、调阅资料、问卷调查、实地走访、专项检查。\n"
    "五、工作要求：严守政治纪律和保密纪律，严格执行回避制度，不干预被巡察单位正常工作。"
)


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


class PlanningDemo:
    def __init__(self, rng: random.Random, units: dict[str, Unit], accounts: dict):
        self.rng = rng
        self.units = units
        self.accounts = accounts
        self.district = units["district"]
        self.by_short = {
            u.short_name: u for u in Unit.objects.filter(parent__isnull=False).under(self.district)
        }
        self.teams = list(Team.objects.filter(jurisdiction=self.district).order_by("number"))
        pools = {p.kind: p for p in self.district.pools.all()}
        self.leaders = list(pools[PoolKind.LEADER].cadres.order_by("pk"))
        self.staff = list(pools[PoolKind.STAFF].cadres.order_by("pk"))
        self.office = accounts["al_office"]
        self.leading = accounts["al_leading"]

    def build(self) -> None:
        plan_services.update_settings(self.district, actor=None, round_approver=self.leading)
        term = plan_services.create_term(
            actor=None,
            jurisdiction=self.district,
            name="区委第十二届",
            starts_on=TERM_START,
            ends_on=TERM_END,
        )
        plan_services.generate_coverage_plan(term, actor=None, today=date(2022, 1, 1))
        self.plan_agriculture_last(term)
        plan_services.submit_coverage_plan(term, actor=None)
        plan_services.approve_coverage_plan(
            term, actor=self.leading, comment="区委巡察工作领导小组审议通过"
        )
        for year in term.years[1:]:
            annual = plan_services.create_annual_plan(term, year, actor=None)
            if year < 2026:
                plan_services.submit_annual_plan(annual, actor=None)
                plan_services.approve_annual_plan(annual, actor=self.leading)
        self.records()
        for year in range(2022, 2026):
            self.past_year(term, year)
        self.round_one(term)
        self.round_two(term)

    # --- coverage ---------------------------------------------------------------------------

    def plan_agriculture_last(self, term) -> None:
        """The four agricultural units go into 2026, where seeds/003's round takes them."""
        entries = {e.unit.short_name: e for e in term.coverage_plan.entries.select_related("unit")}
        moved = {
            entries[name].pk: 2026 for name in AGRICULTURE if entries[name].planned_year != 2026
        }
        # Keep the years balanced: as many 2026 units move back to the years they came from.
        spare = [
            e
            for e in entries.values()
            if e.planned_year == 2026 and e.unit.short_name not in AGRICULTURE
        ]
        for name, entry in zip(AGRICULTURE, spare, strict=False):
            if entries[name].planned_year != 2026:
                moved[entry.pk] = entries[name].planned_year
        if moved:
            plan_services.set_planned_years(term, moved, actor=None)

    # --- the cadres' records, with the conflicts the rules will catch ------------------------

    def records(self) -> None:
        add = people_services.add_record
        for cadre in [*self.leaders, *self.staff]:
            released = self.rng.random() < 0.85
            add(
                cadre,
                Availability,
                actor=None,
                starts_on=date(2022, 1, 1),
                ends_on=date(2027, 6, 30),
                released=released,
                note="" if released else "兼顾本单位工作",
            )
        # Planted conflicts (recusal cases): the rules must catch every one of them.
        farm, machinery, development, rural = (self.by_short[n] for n in AGRICULTURE)
        spouse_at_farm, in_law, former, studied = self.leaders[2:6]
        add(
            spouse_at_farm,
            FamilyRelation,
            actor=None,
            kinship=Kinship.SPOUSE,
            relation="妻子",
            full_name="何丽萍",
            unit=farm,
            post="计划财务科科员",
        )
        head = LeadershipMember.objects.filter(unit=development, is_principal=True).first()
        add(
            in_law,
            FamilyRelation,
            actor=None,
            kinship=Kinship.IN_LAW,
            relation="姐夫",
            full_name=head.name,
            unit=development,
            post=head.post,
        )
        rural_head = LeadershipMember.objects.filter(unit=rural, is_principal=True).first()
        add(
            former,
            WorkingRelation,
            actor=None,
            kind=WorkingRelationKind.SUBORDINATE,
            full_name=rural_head.name,
            unit=self.by_short["区民政局"],
            ended_on=date(2024, 8, 31),
        )
        add(
            studied,
            Posting,
            actor=None,
            kind=PostingKind.WORK,
            unit=machinery,
            title="农机推广站站长",
            started_on=date(2013, 3, 1),
            ended_on=date(2019, 12, 31),
        )
        worked = self.staff[10]
        add(
            worked,
            Posting,
            actor=None,
            kind=PostingKind.WORK,
            unit=machinery,
            title="财务科科员",
            started_on=date(2018, 7, 1),
            ended_on=date(2025, 2, 28),
        )
        self.planted = {
            "spouse_at_farm": spouse_at_farm,
            "in_law": in_law,
            "former": former,
            "long_service": studied,
            "worked": worked,
        }
        for cadre in self.rng.sample(self.staff, 30):
            add(
                cadre,
                Posting,
                actor=None,
                kind=PostingKind.STUDY,
                organization=self.rng.choice(["清源师范学院", "清源农业学校", "省委党校"]),
                title="在职研究生",
                started_on=date(2012, 9, 1),
                ended_on=date(2015, 6, 30),
            )

    # --- rounds -------------------------------------------------------------------------------

    def focus(self, group: str) -> list[FocusArea]:
        return list(FocusArea.objects.filter(jurisdiction=self.district, group=group))

    def approved_round(self, term, start: date, end: date, targets: list[Unit], **fields):
        rnd = plan_services.create_round(
            actor=None,
            jurisdiction=self.district,
            term=term,
            starts_on=start,
            ends_on=end,
            focus_areas=self.focus("四个聚焦"),
            **fields,
        )
        for i, target in enumerate(targets):
            plan_services.add_inspection(
                rnd,
                actor=None,
                target=target,
                team=self.teams[i % len(self.teams)],
                deconfliction_reason="经与上级巡察机构沟通，本级按计划巡察。",
            )
        plan_services.update_round(
            rnd,
            actor=None,
            work_plan=WORK_PLAN.format(
                start=start, end=end, targets="、".join(t.short_name for t in targets)
            ),
        )
        plan_services.submit_round(rnd, actor=None)
        plan_services.approve_round(rnd, actor=self.leading, comment="同意。")
        return rnd

    def seat(self, rnd, leaders: list[Cadre], members: list[Cadre]) -> None:
        """Fill every team of the round up to a leader, a deputy and three members by hand,
        in the order given, skipping cadres the services refuse (conflicts, another team)."""
        want = (
            (MemberRole.LEADER, leaders, 1),
            (MemberRole.DEPUTY_LEADER, members, 1),
            (MemberRole.MEMBER, members, 3),
        )
        used = set(rnd.team_members.values_list("cadre", flat=True))
        team_ids = set(rnd.inspections.values_list("team", flat=True))
        for team in (t for t in self.teams if t.pk in team_ids):
            seated = list(rnd.team_members.filter(team=team).values_list("role", flat=True))
            for role, pool, count in want:
                missing = count - seated.count(role)
                for cadre in pool:
                    if missing <= 0:
                        break
                    if cadre.pk in used:
                        continue
                    try:
                        staffing_services.add_member(rnd, team, cadre, actor=None, role=role)
                    except ValidationError:
                        continue
                    used.add(cadre.pk)
                    missing -= 1

    def past_year(self, term, year: int) -> None:
        """Two rounds of a past year taking the units planned for it, but for a few the office
        did not reach; archived, or still rectifying for the last year."""
        planned = [
            e.unit
            for e in term.coverage_plan.entries.filter(planned_year=year)
            .select_related("unit")
            .order_by("unit__path")
        ]
        planned = planned[: len(planned) - MISSED_PER_YEAR]
        half = len(planned) // 2
        for number, (targets, start) in enumerate(
            ((planned[:half], date(year, 3, 6)), (planned[half:], date(year, 9, 4))), 1
        ):
            kind = (
                RoundKind.VILLAGE
                if all(t.level == Level.VILLAGE for t in targets)
                else RoundKind.REGULAR
            )
            end = start + timedelta(days=45)
            rnd = self.approved_round(term, start, end, targets, kind=kind)
            offset = (year * 2 + number) % len(self.leaders)
            leaders = self.leaders[offset:] + self.leaders[:offset]
            staff = self.staff[(offset * 7) % len(self.staff) :] + self.staff
            self.seat(rnd, leaders, staff)
            for team in self.teams:
                if rnd.inspections.filter(team=team).exists():
                    duties.issue_authorization(
                        rnd, team, actor=None, issued_on=start - timedelta(7)
                    )
            last = Stage.RECTIFYING if year == 2025 else Stage.ARCHIVED
            when = {
                Stage.STATIONED: start,
                Stage.REPORTING: end,
                Stage.FED_BACK: end + timedelta(40),
                Stage.RECTIFYING: end + timedelta(45),
                Stage.REVIEWED: end + timedelta(200),
                Stage.ARCHIVED: end + timedelta(230),
            }
            for inspection in rnd.inspections.all():
                for stage in STAGES_AFTER_AUTHORIZED:
                    inspection = plan_services.transition(
                        inspection, stage, actor=None, at=_at(when[stage])
                    )
                    if stage == last:
                        break
            if last == Stage.ARCHIVED:
                plan_services.close_round(rnd, actor=None, comment="本轮巡察材料已立卷归档。")
            if year == 2025 and number == 2:
                for member in rnd.team_members.select_related("cadre")[:6]:
                    duties.record_evaluation(
                        rnd,
                        member.cadre,
                        actor=None,
                        grade=self.rng.choice([Grade.EXCELLENT, Grade.COMPETENT, Grade.COMPETENT]),
                        comments="政治站位高，工作作风扎实，发现问题精准，严守巡察纪律。",
                        evaluated_on=end + timedelta(30),
                    )

    def round_one(self, term) -> None:
        """seeds/003: four teams stationed at four agricultural units; the demo accounts of
        team 1 serve on the team at 区农委."""
        start, end = ROUND1
        targets = [self.by_short[name] for name in AGRICULTURE]
        rnd = self.approved_round(term, start, end, targets, theme="涉农领域专项")
        self.round1 = rnd
        scan = recusal.scan_round(rnd, actor=None)
        assert scan.new >= 4, scan
        rows = {(r.cadre_id, r.rule): r for r in rnd.recusals.all()}
        worked = self.planted["worked"]
        recusal.decide(
            rows[(worked.pk, "worked_recently")],
            actor=None,
            status=RecusalStatus.UPHELD,
            reason="该同志2025年2月前在区农机局任职，按规定回避对该局的巡察。",
        )
        in_law = self.planted["in_law"]
        recusal.decide(
            rows[(in_law.pk, "relative_leadership")],
            actor=None,
            status=RecusalStatus.UPHELD,
            reason="近姻亲任被巡察单位主要负责人，应当回避。",
        )
        linked = {c.user_id: c for c in Cadre.objects.filter(user__isnull=False)}
        team1 = self.teams[0]
        fixed = [
            (linked[self.accounts["al_team_leader"].pk], MemberRole.LEADER),
            (linked[self.accounts["al_deputy"].pk], MemberRole.DEPUTY_LEADER),
            (linked[self.accounts["al_member"].pk], MemberRole.MEMBER),
        ]
        for cadre, role in fixed:
            staffing_services.add_member(rnd, team1, cadre, actor=None, role=role)
        self.seat(rnd, self.leaders, self.staff)
        for team in self.teams:
            duties.issue_authorization(rnd, team, actor=None, issued_on=start - timedelta(10))
        for member in rnd.team_members.select_related("cadre"):
            duties.sign_pledge(rnd, member.cadre, actor=None, signed_on=start - timedelta(3))
        for inspection in rnd.inspections.all():
            plan_services.transition(inspection, Stage.STATIONED, actor=None, at=_at(start))
        farm = rnd.inspections.get(target__short_name="区农委")
        fieldwork_services.grant_access(
            farm, self.accounts["al_jw"], actor=self.office,
            reason="区纪委监委信访室派员协助核查问题线索",
        )
        member = linked[self.accounts["al_member"].pk]
        duties.declare_gift(
            rnd,
            member,
            actor=None,
            kind=GiftKind.GIFT,
            offered_on=start + timedelta(9),
            offered_by="被巡察单位某科室负责人",
            description="土特产礼盒一份，当场谢绝。",
            value=None,
            handling=GiftHandling.REFUSED,
        )

    def round_two(self, term) -> None:
        """Round 2 of the year, drafted: the units of 2026 not yet taken, an objection from a
        target, a self-declaration, and a proposal of the assistant waiting for the office."""
        start, end = ROUND2
        taken = set(self.round1.inspections.values_list("target", flat=True))
        targets = [
            e.unit
            for e in term.coverage_plan.entries.filter(planned_year=2026)
            .exclude(unit__in=taken)
            .select_related("unit")
            .order_by("unit__path")
        ][:8]
        rnd = plan_services.create_round(
            actor=None,
            jurisdiction=self.district,
            term=term,
            starts_on=start,
            ends_on=end,
            focus_areas=self.focus("四个聚焦"),
        )
        for i, target in enumerate(targets):
            plan_services.add_inspection(
                rnd, actor=None, target=target, team=self.teams[i % len(self.teams)]
            )
        objector = targets[0]
        recusal.object_to(
            self.staff[20],
            objector,
            actor=None,
            round=rnd,
            raised_by=f"{objector.short_name}党组",
            detail="该同志与本单位主要负责人系同学，交往密切，建议回避。",
        )
        member = Cadre.objects.get(user=self.accounts["al_member"])
        recusal.declare(
            member,
            targets[1],
            actor=self.accounts["al_member"],
            round=rnd,
            kind="official_duty",
            detail="本人曾参与该单位2024年度预算编制评审，申请回避。",
        )
        recusal.scan_round(rnd, actor=None)
        staffing_services.propose(rnd, actor=None, time_limit=5.0)


def build(rng: random.Random, units: dict[str, Unit], accounts: dict) -> "PlanningDemo":
    demo = PlanningDemo(rng, units, accounts)
    demo.build()
    return demo
