"""Authorization-matrix entries of interviews (see tests/authz.py).

Inside: county A1's inspection (team_a1 at dept_a1), outside: county B1's. The office
(office_a) reads and writes; the leading group (viewer_a) reads but never writes; someone
without a role reaches nothing. The target's liaison (liaison_a1) reaches only the outlines
sent to dept_a1. Builders seat the teams (`staff_rounds`) and make the objects with actor None
before the database is fingerprinted; `data` builders only read.
"""

from datetime import timedelta

from django.utils import timezone

from tests.authz import Endpoint
from tests.factories import make_cadre
from tests.matrix.duties import staff_rounds
from xuncha.interviews import services
from xuncha.interviews.models import Interview, Interviewee, InterviewOutline
from xuncha.orgs.models import LeadershipMember
from xuncha.staffing.models import MemberRole, TeamMember

PUBLIC: set[str] = set()

NAMES = {"a": ("陈明", "党组书记、局长"), "b": ("钱乙", "局长")}


def _seated(ns, side: str):
    """(inspection, asker, recorder) with the side's team seated."""
    duties = staff_rounds(ns)
    if side == "a":
        return ns.plans.inspection_a1, duties.leader_a.cadre, duties.member_a.cadre
    second = TeamMember.objects.filter(round=ns.plans.round_b, role=MemberRole.MEMBER).first()
    if second is None:
        second = TeamMember.objects.create(
            round=ns.plans.round_b,
            team=ns.people.team_b,
            role=MemberRole.MEMBER,
            cadre=make_cadre(ns.tree.county_b1, "钱记录"),
        )
    return ns.plans.inspection_b, duties.leader_b.cadre, second.cadre


def _person(ns, side: str) -> Interviewee:
    inspection, asker, recorder = _seated(ns, side)
    name, post = NAMES[side]
    found = Interviewee.objects.filter(inspection=inspection, name=name).first()
    return found or services.add_interviewee(
        inspection,
        actor=None,
        name=name,
        post=post,
        category="leadership",
        is_principal=True,
        interviewer=asker,
        recorder=recorder,
        planned_on=timezone.localdate() + timedelta(days=10),
    )


def _outline(ns, side: str, *, sent: bool = False) -> InterviewOutline:
    person = _person(ns, side)
    outline = InterviewOutline.objects.filter(interviewee=person).first()
    outline = outline or services.generate_outline(person, actor=None)
    if sent and outline.sent_at is None:
        services.send_to_liaison(outline, actor=None)
    return outline


def _interview(ns, side: str) -> Interview:
    person = _person(ns, side)
    _inspection, asker, recorder = _seated(ns, side)
    return services.record_interview(
        person,
        actor=None,
        held_on=timezone.localdate(),
        asker=asker,
        recorder=recorder,
        record_text="谈话记录正文",
        summary="谈话摘要",
    )


# --- kwargs builders ---------------------------------------------------------------------------


def _insp(side, key="pk"):
    def build(ns):
        return {key: _person(ns, side).inspection_id}

    return build


def _interviewee(side, key="pk"):
    return lambda ns: {key: _person(ns, side).pk}


def _outline_of(side, key="pk", sent=False):
    return lambda ns: {key: _outline(ns, side, sent=sent).pk}


def _question(side, key="pk", removed=False):
    def build(ns):
        question = _outline(ns, side).questions.order_by("pk").first()
        if removed:
            services.remove_question(question, actor=None)
        return {key: question.pk}

    return build


def _record(side, key="pk"):
    return lambda ns: {key: _interview(ns, side).pk}


def _bank_item(side):
    def build(ns):
        person = _person(ns, side)
        item = services.add_bank_item(
            person.inspection.round.jurisdiction,
            actor=None,
            area="discipline",
            audience="leadership",
            text="班子成员是否存在违规兼职取酬？",
        )
        return {"pk": person.inspection_id, "item_pk": item.pk}

    return build


def _recorded(side, key="inspection_id"):
    return lambda ns: {key: _interview(ns, side).inspection_id}


def _outlined(side, key="inspection_id"):
    return lambda ns: {key: _outline(ns, side).inspection_id}


def _with_leader(side):
    """The inspection, with a leader of the target not on the plan yet."""

    def build(ns):
        person = _person(ns, side)
        LeadershipMember.objects.create(
            unit=person.inspection.target, name="刘强", post="副局长", order=2
        )
        return {"pk": person.inspection_id}

    return build


def _with_unassigned(side):
    """The inspection, with someone on the plan whom nobody interviews yet."""

    def build(ns):
        person = _person(ns, side)
        services.add_interviewee(
            person.inspection, actor=None, name="赵干部", post="科员", category="staff"
        )
        return {"pk": person.inspection_id}

    return build


def _liaison_inbox(ns):
    _outline(ns, "a", sent=True)
    return {}


# --- data builders (read only) ------------------------------------------------------------------


def _team(ns):
    duties = ns.duties  # seated by the inside or outside builder
    return duties.leader_a.cadre.pk, duties.member_a.cadre.pk


def _person_form(ns):
    asker, recorder = _team(ns)
    return {
        "name": "吴芳",
        "post": "财务科科长",
        "category": "key_post",
        "interviewer": asker,
        "recorder": recorder,
        "planned_on": str(timezone.localdate()),
    }


def _planned_pk(ns) -> int:
    """Inside's person (0 when the test builds the outside object only)."""
    person = Interviewee.objects.filter(inspection=ns.plans.inspection_a1, name="陈明").first()
    return person.pk if person else 0


def _record_form(ns):
    asker, recorder = _team(ns)
    return {
        "interviewee": _planned_pk(ns),
        "held_on": str(timezone.localdate()),
        "asker": asker,
        "recorder": recorder,
        "record": "第二次谈话记录",
        "reason": "补充",
    }


def _record_json(ns):
    asker, recorder = _team(ns)
    return {
        "interviewee_id": _planned_pk(ns),
        "held_on": str(timezone.localdate()),
        "asker_id": asker,
        "recorder_id": recorder,
        "record": "接口记录的谈话",
    }


def _people(ns):
    return {"people": [str(p.pk) for p in Interviewee.objects.filter(name="陈明")]}


def _people_json(ns):
    return {
        "people": list(
            Interviewee.objects.filter(inspection=ns.plans.inspection_a1).values_list(
                "pk", flat=True
            )
        )
    }


def _bank_keys(ns):
    return {"keys": ["builtin:kf1"]}


def _bank_form(ns):
    return {
        "area": "work_style",
        "audience": "key_post",
        "keywords": "财务",
        "text": "是否存在公款购买购物卡的情况？",
        "order": 1,
        "active": "on",
    }


def _today(ns):
    return {"delivered_on": str(timezone.localdate())}


_W = {"without": "viewer_a"}
_LIAISON = {"allowed": "liaison_a1", "without": "norole"}
A, B = "a", "b"

ENDPOINTS: list[Endpoint] = [
    # --- The plan ------------------------------------------------------------------------------
    Endpoint("interviews:home", inside=_insp(A), outside=_insp(B), secret_inside="陈明"),
    Endpoint("interviews:interviewee_add", inside=_insp(A), outside=_insp(B), **_W),
    Endpoint(
        "interviews:interviewee_add",
        method="POST",
        inside=_insp(A),
        outside=_insp(B),
        ok=(302,),
        data=_person_form,
        **_W,
    ),
    Endpoint("interviews:interviewee_edit", inside=_interviewee(A), outside=_interviewee(B), **_W),
    Endpoint(
        "interviews:interviewee_edit",
        method="POST",
        inside=_interviewee(A),
        outside=_interviewee(B),
        ok=(302,),
        data=lambda ns: {
            **_person_form(ns),
            "name": "陈明",
            "category": "leadership",
            "is_principal": "on",
        },
        **_W,
    ),
    Endpoint(
        "interviews:interviewee_remove",
        method="POST",
        inside=_interviewee(A),
        outside=_interviewee(B),
        ok=(302,),
        data=lambda ns: {"reason": "调离"},
        **_W,
    ),
    Endpoint(
        "interviews:import_leadership",
        method="POST",
        inside=_with_leader(A),
        outside=_with_leader(B),
        ok=(302,),
        data=lambda ns: {},
        **_W,
    ),
    Endpoint(
        "interviews:propose",
        method="POST",
        inside=_with_unassigned(A),
        outside=_with_unassigned(B),
        ok=(302,),
        data=lambda ns: {"schedule": "on"},
        **_W,
    ),
    # --- Outlines ------------------------------------------------------------------------------
    Endpoint("interviews:general_outline", inside=_insp(A), outside=_insp(B)),
    Endpoint(
        "interviews:general_assemble",
        method="POST",
        inside=_insp(A),
        outside=_insp(B),
        ok=(302,),
        data=lambda ns: {},
        **_W,
    ),
    Endpoint(
        "interviews:outlines_generate",
        method="POST",
        inside=_insp(A),
        outside=_insp(B),
        ok=(302,),
        data=lambda ns: {},
        **_W,
    ),
    Endpoint(
        "interviews:outlines_send",
        method="POST",
        inside=_outlined(A, "pk"),
        outside=_outlined(B, "pk"),
        ok=(302,),
        data=_people,
        **_W,
    ),
    Endpoint(
        "interviews:outline_generate",
        method="POST",
        inside=_interviewee(A),
        outside=_interviewee(B),
        ok=(302,),
        data=lambda ns: {},
        **_W,
    ),
    Endpoint(
        "interviews:outline", inside=_outline_of(A), outside=_outline_of(B), secret_inside="陈明"
    ),
    Endpoint(
        "interviews:outline_send",
        method="POST",
        inside=_outline_of(A),
        outside=_outline_of(B),
        ok=(302,),
        data=lambda ns: {},
        **_W,
    ),
    Endpoint(
        "interviews:outline_delivery",
        method="POST",
        inside=_outline_of(A, sent=True),
        outside=_outline_of(B, sent=True),
        ok=(302,),
        data=_today,
        **_W,
    ),
    Endpoint("interviews:outline_docx", inside=_outline_of(A), outside=_outline_of(B)),
    Endpoint(
        "interviews:question_add",
        method="POST",
        inside=_outline_of(A),
        outside=_outline_of(B),
        ok=(302,),
        data=lambda ns: {"text": "补充的问题？"},
        **_W,
    ),
    Endpoint(
        "interviews:outline_add_from_bank",
        method="POST",
        inside=_outline_of(A),
        outside=_outline_of(B),
        ok=(302,),
        data=_bank_keys,
        **_W,
    ),
    Endpoint("interviews:question_edit", inside=_question(A), outside=_question(B), **_W),
    Endpoint(
        "interviews:question_edit",
        method="POST",
        inside=_question(A),
        outside=_question(B),
        ok=(302,),
        data=lambda ns: {"text": "改写的问题？"},
        **_W,
    ),
    Endpoint(
        "interviews:question_remove",
        method="POST",
        inside=_question(A),
        outside=_question(B),
        ok=(302,),
        data=lambda ns: {},
        **_W,
    ),
    Endpoint(
        "interviews:question_restore",
        method="POST",
        inside=_question(A, removed=True),
        outside=_question(B, removed=True),
        ok=(302,),
        data=lambda ns: {},
        **_W,
    ),
    # --- The question bank -----------------------------------------------------------------------
    Endpoint("interviews:bank", inside=_insp(A), outside=_insp(B)),
    Endpoint("interviews:bank_item_add", inside=_insp(A), outside=_insp(B), **_W),
    Endpoint(
        "interviews:bank_item_add",
        method="POST",
        inside=_insp(A),
        outside=_insp(B),
        ok=(302,),
        data=_bank_form,
        **_W,
    ),
    Endpoint("interviews:bank_item_edit", inside=_bank_item(A), outside=_bank_item(B), **_W),
    Endpoint(
        "interviews:bank_item_edit",
        method="POST",
        inside=_bank_item(A),
        outside=_bank_item(B),
        ok=(302,),
        data=_bank_form,
        **_W,
    ),
    # --- Records -------------------------------------------------------------------------------
    Endpoint(
        "interviews:records",
        inside=_recorded(A, "pk"),
        outside=_recorded(B, "pk"),
        secret_inside="陈明",
    ),
    Endpoint("interviews:record_add", inside=_insp(A), outside=_insp(B), **_W),
    Endpoint(
        "interviews:record_add",
        method="POST",
        inside=_insp(A),
        outside=_insp(B),
        ok=(302,),
        data=_record_form,
        **_W,
    ),
    Endpoint(
        "interviews:record", inside=_record(A), outside=_record(B), secret_inside="谈话记录正文"
    ),
    Endpoint("interviews:record_docx", inside=_record(A), outside=_record(B)),
    Endpoint("interviews:record_edit", inside=_record(A), outside=_record(B), **_W),
    Endpoint(
        "interviews:record_edit",
        method="POST",
        inside=_record(A),
        outside=_record(B),
        ok=(302,),
        data=_record_form,
        **_W,
    ),
    # --- The target's liaison ------------------------------------------------------------------
    Endpoint("interviews:liaison", inside=_liaison_inbox, secret_inside="陈明", **_LIAISON),
    Endpoint(
        "interviews:liaison_deliver",
        method="POST",
        inside=_outline_of(A, sent=True),
        outside=_outline_of(B, sent=True),
        ok=(302,),
        data=_today,
        **_LIAISON,
    ),
    Endpoint(
        "interviews:liaison_docx",
        inside=_outline_of(A, sent=True),
        outside=_outline_of(B, sent=True),
        **_LIAISON,
    ),
    # --- API -----------------------------------------------------------------------------------
    Endpoint(
        "GET /api/interviews/inspections/{inspection_id}/plan",
        api=True,
        inside=_insp(A, "inspection_id"),
        outside=_insp(B, "inspection_id"),
        secret_inside="陈明",
    ),
    Endpoint(
        "POST /api/interviews/inspections/{inspection_id}/people",
        method="POST",
        api=True,
        inside=_insp(A, "inspection_id"),
        outside=_insp(B, "inspection_id"),
        ok=(201,),
        data=lambda ns: {"name": "吴芳", "post": "财务科科长", "category": "key_post"},
        **_W,
    ),
    Endpoint(
        "PATCH /api/interviews/people/{interviewee_id}",
        method="PATCH",
        api=True,
        inside=_interviewee(A, "interviewee_id"),
        outside=_interviewee(B, "interviewee_id"),
        data=lambda ns: {"note": "上午谈"},
        **_W,
    ),
    Endpoint(
        "POST /api/interviews/inspections/{inspection_id}/plan/propose",
        method="POST",
        api=True,
        inside=lambda ns: {"inspection_id": _with_unassigned(A)(ns)["pk"]},
        outside=lambda ns: {"inspection_id": _with_unassigned(B)(ns)["pk"]},
        data=lambda ns: {},
        **_W,
    ),
    Endpoint(
        "GET /api/interviews/inspections/{inspection_id}/records",
        api=True,
        inside=_recorded(A),
        outside=_recorded(B),
        secret_inside="陈明",
    ),
    Endpoint(
        "POST /api/interviews/inspections/{inspection_id}/records",
        method="POST",
        api=True,
        inside=_insp(A, "inspection_id"),
        outside=_insp(B, "inspection_id"),
        ok=(201,),
        data=_record_json,
        **_W,
    ),
    Endpoint(
        "GET /api/interviews/records/{interview_id}",
        api=True,
        inside=_record(A, "interview_id"),
        outside=_record(B, "interview_id"),
        secret_inside="谈话记录正文",
    ),
    Endpoint(
        "PATCH /api/interviews/records/{interview_id}",
        method="PATCH",
        api=True,
        inside=_record(A, "interview_id"),
        outside=_record(B, "interview_id"),
        data=lambda ns: {"summary": "修改摘要"},
        **_W,
    ),
    Endpoint(
        "GET /api/interviews/inspections/{inspection_id}/outlines",
        api=True,
        inside=_outlined(A),
        outside=_outlined(B),
        secret_inside="陈明",
    ),
    Endpoint(
        "POST /api/interviews/inspections/{inspection_id}/outlines/generate",
        method="POST",
        api=True,
        inside=_insp(A, "inspection_id"),
        outside=_insp(B, "inspection_id"),
        data=lambda ns: {},
        **_W,
    ),
    Endpoint(
        "POST /api/interviews/inspections/{inspection_id}/general/assemble",
        method="POST",
        api=True,
        inside=_insp(A, "inspection_id"),
        outside=_insp(B, "inspection_id"),
        data=lambda ns: {},
        **_W,
    ),
    Endpoint(
        "POST /api/interviews/inspections/{inspection_id}/outlines/send",
        method="POST",
        api=True,
        inside=_outlined(A),
        outside=_outlined(B),
        data=_people_json,
        **_W,
    ),
    Endpoint(
        "GET /api/interviews/outlines/{outline_id}",
        api=True,
        inside=_outline_of(A, "outline_id"),
        outside=_outline_of(B, "outline_id"),
        secret_inside="陈明",
    ),
    Endpoint(
        "POST /api/interviews/outlines/{outline_id}/questions",
        method="POST",
        api=True,
        inside=_outline_of(A, "outline_id"),
        outside=_outline_of(B, "outline_id"),
        ok=(201,),
        data=lambda ns: {"text": "补充的问题？"},
        **_W,
    ),
    Endpoint(
        "PATCH /api/interviews/questions/{question_id}",
        method="PATCH",
        api=True,
        inside=_question(A, "question_id"),
        outside=_question(B, "question_id"),
        data=lambda ns: {"text": "改写的问题？"},
        **_W,
    ),
    Endpoint(
        "POST /api/interviews/outlines/{outline_id}/send",
        method="POST",
        api=True,
        inside=_outline_of(A, "outline_id"),
        outside=_outline_of(B, "outline_id"),
        data=lambda ns: {},
        **_W,
    ),
    Endpoint(
        "POST /api/interviews/outlines/{outline_id}/delivery",
        method="POST",
        api=True,
        inside=_outline_of(A, "outline_id", sent=True),
        outside=_outline_of(B, "outline_id", sent=True),
        data=_today,
        **_W,
    ),
    Endpoint(
        "GET /api/interviews/liaison/outlines",
        api=True,
        inside=_liaison_inbox,
        secret_inside="陈明",
        **_LIAISON,
    ),
    Endpoint(
        "POST /api/interviews/liaison/outlines/{outline_id}/delivery",
        method="POST",
        api=True,
        inside=_outline_of(A, "outline_id", sent=True),
        outside=_outline_of(B, "outline_id", sent=True),
        data=_today,
        **_LIAISON,
    ),
]
