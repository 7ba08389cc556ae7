"""Outlines: the general one from the bank, individual ones from the post and the material
(each question saying where it came from), manual edits surviving regeneration, and what is
sent to the liaison."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork.models import (
    DocumentRequest,
    FieldVisit,
    InformationRequest,
    PersonalMattersCheck,
    RequestedDocument,
    SourceKind,
    SpecialCheck,
)
from xuncha.interviews import generation, services
from xuncha.interviews.models import InterviewOutline, Origin, OutlineQuestion, PostCategory
from xuncha.interviews.reference import BUILTIN_BANK

PETITION = {
    "text": "陈明违规插手局属工程项目招标",
    "label": "来信 2026-003",
    "url": "/petitions/3/",
}
SURVEY = {
    "text": "本单位干部选拔任用是否公开公正",
    "area": "cadre_selection",
    "negative_share": 0.42,
    "label": "问卷调查第12题",
    "url": "/surveys/1/results/",
}


@pytest.fixture
def material(ns, monkeypatch):
    """What the team has gathered about the target, mentioning people on the plan."""
    i = ns.inspection
    today = timezone.localdate()
    InformationRequest.objects.create(
        inspection=i,
        partner="audit",
        subject="近三年审计情况",
        questions="请提供审计发现问题",
        due_on=today,
        status=InformationRequest.Status.ANSWERED,
        answer="2024年审计发现，陈明签批的会议费超预算列支8.6万元。其他事项已整改。",
    )
    InformationRequest.objects.create(
        inspection=i,
        partner="finance",
        subject="未答复",
        questions="…",
        due_on=today,
        status=InformationRequest.Status.SENT,
        answer="陈明有关情况待核实。",
    )
    request = DocumentRequest.objects.create(
        inspection=i, number=1, title="财务资料调阅清单", sent_on=today, due_on=today
    )
    RequestedDocument.objects.create(
        request=request, name="2024年会计凭证", findings="财务科科长经手的3笔差旅费无审批单。"
    )
    FieldVisit.objects.create(
        inspection=i,
        kind="visit",
        visited_on=today,
        place="局属农机站",
        findings="站内反映刘强多次在管理服务对象处就餐。",
    )
    SpecialCheck.objects.create(
        inspection=i,
        topic="cadre_selection",
        title="选人用人专项检查",
        checked_on=today,
        findings="2023年提拔的两名科长考察程序不全。",
    )
    PersonalMattersCheck.objects.create(
        inspection=i,
        person="陈明",
        post="党组书记、局长",
        report_year=2025,
        checked_on=today,
        result="minor",
        discrepancies="未报告配偶持有的股票",
    )
    points = {"陈明": [PETITION]}
    monkeypatch.setattr(
        generation, "petition_points", lambda inspection, *, name, post: points.get(name, [])
    )
    monkeypatch.setattr(generation, "flagged_survey_questions", lambda inspection: [SURVEY])
    return points


def _plan(ns):
    leaders = services.import_leadership(ns.inspection, actor=None)
    finance = services.add_interviewee(
        ns.inspection, actor=None, name="吴芳", post="财务科科长", category=PostCategory.KEY_POST
    )
    public = services.add_interviewee(
        ns.inspection, actor=None, name="王大爷", post="村民", category=PostCategory.PUBLIC
    )
    return leaders[0], leaders[1], finance, public


def _by_kind(outline):
    out = {}
    for q in outline.questions.all():
        out.setdefault(q.source_kind, []).append(q)
    return out


def test_general_outline_from_the_bank(ns, as_user):
    outline = services.assemble_general_outline(ns.inspection, actor=ns.personas.member_a1)
    general = [e for e in BUILTIN_BANK if e.audience == "general"]
    texts = list(outline.questions.values_list("text", flat=True))
    assert sorted(texts) == sorted(e.text for e in general)
    assert all(
        q.origin == Origin.BANK and q.key.startswith("builtin:") for q in outline.questions.all()
    )
    # A jurisdiction's own question joins it.
    services.add_bank_item(
        ns.inspection.round.jurisdiction,
        actor=ns.personas.office_a,
        area="enforcement",
        audience="general",
        text="本局执法车辆管理是否规范？",
    )
    services.assemble_general_outline(ns.inspection, actor=None)
    assert outline.questions.filter(text="本局执法车辆管理是否规范？").exists()
    assert InterviewOutline.objects.filter(inspection=ns.inspection, kind="general").count() == 1
    word = as_user(ns.personas.member_a1).get(
        reverse("interviews:outline_docx", kwargs={"pk": outline.pk})
    )
    text = "\n".join(p.text for p in Document(BytesIO(word.content)).paragraphs)
    assert "个别谈话提纲（共性）" in text and "1. " + general[0].text in text


def test_generated_questions_carry_their_sources(ns, material):
    principal, deputy, finance, public = _plan(ns)
    services.generate_outlines(ns.inspection, actor=ns.personas.member_a1)
    mine = _by_kind(principal.outline)
    # (a) the bank by post: principal-leader and leadership questions.
    bank = mine[SourceKind.OTHER]
    keys = {q.key for q in bank}
    assert {"builtin:p1", "builtin:p2", "builtin:p8"} <= keys
    assert "builtin:l3" not in keys  # asks about the principal leader: not for them
    assert all(q.source_label.startswith("谈话题库") for q in bank)
    # (b) the dossier: the answered request naming him, not the one still open.
    [dossier] = mine[SourceKind.DOSSIER]
    assert "会议费超预算列支8.6万元" in dossier.text and "待核实" not in dossier.text
    assert dossier.source_label == "审计局复函：近三年审计情况"
    # (c) his personal-matters check, kept for the interviewer.
    [check] = mine[SourceKind.CHECK]
    assert "未报告配偶持有的股票" in check.text and check.confidential
    # (d) petitions about him, kept for the interviewer.
    [petition] = mine[SourceKind.PETITION]
    assert PETITION["text"] in petition.text and petition.confidential
    assert (petition.source_label, petition.source_url) == (PETITION["label"], PETITION["url"])
    # (e) a flagged questionnaire question of an area he answers for.
    [survey] = mine[SourceKind.SURVEY]
    assert "42%" in survey.text and survey.area == "cadre_selection"
    assert (survey.source_label, survey.source_url) == (SURVEY["label"], SURVEY["url"])

    theirs = _by_kind(deputy.outline)  # 副局长: the visit names him; no survey area of his
    assert "builtin:l3" in {q.key for q in theirs[SourceKind.OTHER]}
    assert "多次在管理服务对象处就餐" in theirs[SourceKind.VISIT][0].text
    assert SourceKind.SURVEY not in theirs and SourceKind.PETITION not in theirs

    hers = _by_kind(finance.outline)  # named by her post in the documents
    assert "3笔差旅费无审批单" in hers[SourceKind.DOCUMENT][0].text
    assert hers[SourceKind.DOCUMENT][0].source_label == "调阅资料：财务资料调阅清单·2024年会计凭证"
    assert any(q.key == "builtin:kf1" for q in hers[SourceKind.OTHER])  # finance questions
    assert not any(q.key == "builtin:kp1" for q in hers[SourceKind.OTHER])  # not personnel

    public_keys = set(public.outline.questions.values_list("key", flat=True))
    assert public_keys == {"builtin:m1", "builtin:m2", "builtin:m3", "builtin:m4"}


def test_manual_edits_survive_regeneration(ns, material):
    principal = _plan(ns)[0]
    outline = services.generate_outline(principal, actor=None)
    count = outline.questions.count()
    edited = outline.questions.get(key="builtin:p1")
    services.edit_question(
        edited, actor=ns.personas.member_a1, text="请谈谈你履行第一责任人职责的情况。"
    )
    removed = outline.questions.get(key="builtin:p6")
    services.remove_question(removed, actor=ns.personas.member_a1)
    manual = services.add_question(
        outline,
        actor=ns.personas.member_a1,
        text="你如何看待局属农机站的管理问题？",
        area="work_style",
    )
    # New material meanwhile: a second petition point.
    material["陈明"] = [
        PETITION,
        {"text": "陈明亲属承揽局属项目", "label": "来电 2026-007", "url": "/petitions/7/"},
    ]
    services.generate_outline(principal, actor=None)
    questions = list(outline.questions.all())
    keys = [q.key for q in questions if q.key]
    assert len(keys) == len(set(keys))  # nothing doubled
    edited.refresh_from_db()
    assert edited.text == "请谈谈你履行第一责任人职责的情况。" and edited.edited
    removed.refresh_from_db()
    assert removed.removed
    assert OutlineQuestion.objects.filter(pk=manual.pk, origin=Origin.MANUAL).exists()
    assert sum(1 for q in questions if q.source_kind == SourceKind.PETITION) == 2
    assert len(questions) == count + 2  # the manual question and the new petition
    # Generated questions come first, questions written by hand after them.
    assert questions[-1].pk == manual.pk


def test_questions_from_the_bank_by_hand(ns):
    person = _plan(ns)[2]
    outline = services.generate_outline(person, actor=None)
    added = services.add_bank_questions(outline, ["builtin:kp1"], actor=ns.personas.member_a1)
    assert added == 1
    services.generate_outline(person, actor=None)
    assert outline.questions.filter(key="builtin:kp1").count() == 1
    with pytest.raises(ValidationError):
        services.add_bank_questions(outline, ["builtin:nope"], actor=None)


def test_sending_keeps_what_was_sent(ns, material):
    principal = _plan(ns)[0]
    general = services.assemble_general_outline(ns.inspection, actor=None)
    outline = services.generate_outline(principal, actor=None)
    services.send_to_liaison(outline, actor=ns.personas.member_a1)
    outline.refresh_from_db()
    parts = {item["part"] for item in outline.sent_questions}
    texts = [item["text"] for item in outline.sent_questions]
    assert parts == {"general", "individual"}
    assert (
        len([t for t in texts])
        == general.questions.count()
        + outline.questions.filter(confidential=False, removed=False).count()
    )
    assert not any(PETITION["text"] in t or "股票" in t for t in texts)  # interviewer's only
    with pytest.raises(ValidationError):  # unchanged
        services.send_to_liaison(outline, actor=ns.personas.member_a1)
    services.record_delivery(
        outline, actor=ns.personas.liaison_a1, delivered_on=timezone.localdate()
    )
    q = outline.questions.filter(confidential=False).first()
    services.edit_question(q, actor=None, text="改写后的问题？")
    services.send_to_liaison(outline, actor=ns.personas.member_a1)
    outline.refresh_from_db()
    assert "改写后的问题？" in [i["text"] for i in outline.sent_questions]
    assert outline.delivered_on is None  # the new version must reach the person again
    events = AuditEvent.objects.filter(event_type=EventType.OUTLINE_DELIVERED)
    assert events.count() == 3


def test_outline_pages_and_word_file(ns, material, as_user):
    principal = _plan(ns)[0]
    client = as_user(ns.personas.member_a1)
    response = client.post(reverse("interviews:outline_generate", kwargs={"pk": principal.pk}))
    assert response.status_code == 302
    outline = InterviewOutline.objects.get(interviewee=principal)
    page = client.get(reverse("interviews:outline", kwargs={"pk": outline.pk})).content.decode()
    assert PETITION["label"] in page and SURVEY["label"] in page  # the team sees sources
    response = client.post(
        reverse("interviews:question_add", kwargs={"pk": outline.pk}), {"text": "  "}
    )
    assert response.status_code == 200 and outline.questions.filter(origin="manual").count() == 0
    response = client.post(
        reverse("interviews:question_add", kwargs={"pk": outline.pk}),
        {"text": "手工补充的问题？", "area": "discipline"},
    )
    assert response.status_code == 302
    q = outline.questions.get(origin="manual")
    response = client.post(
        reverse("interviews:question_edit", kwargs={"pk": q.pk}),
        {"text": "手工补充的问题（改）？", "area": "discipline"},
    )
    assert response.status_code == 302
    response = client.get(reverse("interviews:outline_docx", kwargs={"pk": outline.pk}))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "个别谈话提纲" in text and "陈明（党组书记、局长）" in text
    assert "手工补充的问题（改）？" in text
    assert PETITION["text"] not in text and "未报告配偶" not in text


def test_warnings_by_lead_days(ns, as_user):
    from xuncha.interviews.delivery import delivery_warning
    from xuncha.plans.models import PlanningSettings

    today = timezone.localdate()
    principal = _plan(ns)[0]
    services.update_interviewee(principal, actor=None, planned_on=today + timedelta(days=2))
    w = delivery_warning(planned_on=today + timedelta(days=2), outline=None, lead=3)
    assert w.code == "no_outline" and w.days == 2
    outline = services.generate_outline(principal, actor=None)
    services.send_to_liaison(outline, actor=None)
    client = as_user(ns.personas.member_a1)
    home = client.get(reverse("interviews:home", kwargs={"pk": ns.inspection.pk}))
    assert home.context["plan"].counts["warnings"] == 1
    assert home.context["plan"].warnings[0].warning.code == "not_delivered"
    services.record_delivery(outline, actor=ns.personas.liaison_a1, delivered_on=today)
    home = client.get(reverse("interviews:home", kwargs={"pk": ns.inspection.pk}))
    assert home.context["plan"].warnings[0].warning.code == "late"
    # Five days ahead is in time with the default of 3 days, not with a setting of 6.
    services.update_interviewee(principal, actor=None, planned_on=today + timedelta(days=5))
    home = client.get(reverse("interviews:home", kwargs={"pk": ns.inspection.pk}))
    assert home.context["plan"].counts["warnings"] == 0
    PlanningSettings.objects.create(
        jurisdiction=ns.inspection.round.jurisdiction, outline_lead_days=6
    )
    api = client.get(f"/api/interviews/inspections/{ns.inspection.pk}/plan").json()
    [row] = [p for p in api["people"] if p["id"] == principal.pk]
    assert row["warning"]["code"] == "late" and row["warning"]["days"] == 5
    outline_page = client.get(reverse("interviews:outline", kwargs={"pk": outline.pk}))
    assert outline_page.context["warning"].code == "late"


def test_only_the_team_and_office_edit_outlines(ns):
    person = _plan(ns)[0]
    outline = services.generate_outline(person, actor=None)
    before = (AuditEvent.objects.count(), OutlineQuestion.objects.count())
    for actor in (ns.personas.viewer_a, ns.personas.liaison_a1, ns.personas.outsider):
        with pytest.raises(PermissionDenied):
            services.generate_outline(person, actor=actor)
        with pytest.raises(PermissionDenied):
            services.add_question(outline, actor=actor, text="？")
        with pytest.raises(PermissionDenied):
            services.send_to_liaison(outline, actor=actor)
    # The liaison records delivery only of what was sent to them.
    with pytest.raises(PermissionDenied):
        services.record_delivery(
            outline, actor=ns.personas.liaison_a1, delivered_on=timezone.localdate()
        )
    assert (AuditEvent.objects.count(), OutlineQuestion.objects.count()) == before


def test_commands_load_past_deliveries(ns):
    """The demo loader replays a past round: sent and delivered on the days they were."""
    principal = _plan(ns)[0]
    outline = services.generate_outline(principal, actor=None)
    past = timezone.now() - timedelta(days=200)
    with pytest.raises(ValueError):
        services.send_to_liaison(outline, actor=ns.personas.member_a1, at=past)
    services.send_to_liaison(outline, actor=None, at=past)
    day = timezone.localdate() - timedelta(days=198)
    services.record_delivery(outline, actor=None, delivered_on=day)
    outline.refresh_from_db()
    assert outline.sent_at == past and outline.delivered_on == day
