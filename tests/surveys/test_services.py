"""Making, versioning, answering and counting surveys through the services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork.models import Area
from xuncha.plans.models import PlanningSettings
from xuncha.surveys import bank, services
from xuncha.surveys.models import Answer, Question, Survey, SurveyLink, SurveyResponse
from xuncha.surveys.results import survey_results
from xuncha.surveys.selectors import flagged_questions, survey_counts


def _questionnaire(ns, keys=None, actor=None):
    return services.create_survey(
        ns.inspection,
        actor=actor or ns.personas.office_a,
        kind=Survey.Kind.QUESTIONNAIRE,
        keys=keys,
    )


def _state():
    return (
        Survey.objects.count(),
        SurveyLink.objects.count(),
        SurveyResponse.objects.count(),
        Answer.objects.count(),
        Question.objects.count(),
        AuditEvent.objects.count(),
    )


def test_questionnaire_from_the_bank(ns):
    survey = _questionnaire(ns)
    version = survey.versions.get()
    assert not version.published and survey.status == Survey.Status.DRAFT
    questions = list(version.questions.all())
    assert len(questions) == len(bank.QUESTIONNAIRE_ITEMS)
    assert {q.area for q in questions} == set(Area.values)
    assert [q.position for q in questions] == list(range(1, len(questions) + 1))
    assert survey.title == "甲一县农业农村局巡察问卷调查"
    event = AuditEvent.objects.filter(event_type=EventType.SURVEY_CREATED).get()
    assert event.unit_id == ns.tree.dept_a1.pk and event.actor_role == "office_staff"


def test_appraisal_lists_the_leadership_team(ns):
    survey = services.create_survey(
        ns.inspection, actor=ns.personas.member_a1, kind=Survey.Kind.APPRAISAL
    )
    questions = list(survey.versions.get().questions.all())
    subjects = [(q.text, q.subject_post) for q in questions if q.subject]
    assert subjects == [
        ("领导班子总体评价", ""),
        ("陈明", "党组书记、局长"),
        ("刘芳", "党组成员、副局长"),
        ("周伟", "党组成员、纪检组长"),
    ]
    assert all(q.kind == bank.GRADE for q in questions)
    assert len([q for q in questions if not q.subject]) == len(bank.APPRAISAL_ITEMS)
    with pytest.raises(ValidationError):
        services.sync_leadership(survey, actor=ns.personas.member_a1)


def test_tailoring_own_questions_and_order(ns):
    keys = [i.key for i in bank.QUESTIONNAIRE_ITEMS[:3]]
    survey = _questionnaire(ns, keys=keys)
    own = services.add_question(
        survey,
        actor=ns.personas.member_a1,
        area=Area.ENFORCEMENT,
        text="农机购置补贴发放中是否存在优亲厚友的情况？",
        negative="yes",
    )
    assert own.position == 4 and own.negative == "yes" and own.key.startswith("q-")
    services.move_question(survey, own.key, actor=ns.personas.member_a1, up=True)
    order = list(survey.versions.get().questions.values_list("key", flat=True))
    assert order == [keys[0], keys[1], own.key, keys[2]]
    services.remove_question(survey, keys[0], actor=ns.personas.member_a1)
    assert list(survey.versions.get().questions.values_list("position", flat=True)) == [1, 2, 3]
    n = services.add_bank_questions(survey, [keys[0], keys[1]], actor=ns.personas.member_a1)
    assert n == 1
    with pytest.raises(ValidationError):
        services.add_bank_questions(survey, ["no-such-key"], actor=ns.personas.member_a1)
    with pytest.raises(ValidationError):
        services.add_question(survey, actor=ns.personas.member_a1, text="  ", area="party_line")
    with pytest.raises(ValidationError):
        services.add_question(survey, actor=ns.personas.member_a1, text="无领域的问题")


def _answer(survey, value="no", remark=""):
    [token] = services.issue_links(survey, 1, actor=None)
    key = (
        survey.versions.filter(published_at__isnull=False)
        .order_by("-number")
        .first()
        .questions.first()
        .key
    )
    return services.submit_answers(token, {key: (value, remark)})


def test_a_link_answers_once_and_only_once(ns):
    survey = _questionnaire(ns, keys=[bank.QUESTIONNAIRE_ITEMS[0].key])
    tokens = services.issue_links(survey, 2, actor=ns.personas.member_a1)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN  # issuing opened the draft
    assert len(set(tokens)) == 2 and all(len(t) >= 32 for t in tokens)
    key = bank.QUESTIONNAIRE_ITEMS[0].key
    services.submit_answers(tokens[0], {key: ("yes", "")})
    before = _state()
    with pytest.raises(services.LinkUnusable) as exc:
        services.submit_answers(tokens[0], {key: ("no", "第二次提交")})
    assert exc.value.reason == "used"
    assert _state() == before
    with pytest.raises(services.LinkUnusable) as exc:
        services.submit_answers("x" * 32, {key: ("no", "")})
    assert exc.value.reason == "unknown"
    services.close_survey(survey, actor=ns.personas.office_a)
    before = _state()
    with pytest.raises(services.LinkUnusable) as exc:
        services.submit_answers(tokens[1], {key: ("no", "")})
    assert exc.value.reason == "closed"
    assert _state() == before


def test_the_spend_is_a_conditional_update(ns, monkeypatch):
    """Two submissions that both read the link as unused: the one whose UPDATE comes second
    finds the link spent and counts nothing."""
    from django.utils import timezone

    from xuncha.surveys.services import distribution

    survey = _questionnaire(ns, keys=[bank.QUESTIONNAIRE_ITEMS[0].key])
    [token] = services.issue_links(survey, 1, actor=None)
    key = bank.QUESTIONNAIRE_ITEMS[0].key
    real = distribution.build_answers

    def racing(version, answers):
        # The other submission commits between this one's read and its UPDATE.
        SurveyLink.objects.update(used_on=timezone.localdate())
        return real(version, answers)

    monkeypatch.setattr(distribution, "build_answers", racing)
    with pytest.raises(services.LinkUnusable) as exc:
        services.submit_answers(token, {key: ("no", "")})
    assert exc.value.reason == "used"
    assert SurveyResponse.objects.count() == 0 and Answer.objects.count() == 0


def test_nothing_identifies_the_respondent(ns):
    survey = _questionnaire(ns, keys=[bank.QUESTIONNAIRE_ITEMS[0].key])
    [token] = services.issue_links(survey, 1, actor=None)
    events = AuditEvent.objects.count()
    response = services.submit_answers(
        token, {bank.QUESTIONNAIRE_ITEMS[0].key: ("no", "食堂账目不公开")}
    )
    assert AuditEvent.objects.count() == events  # an event would carry the source address
    link = SurveyLink.objects.get()
    assert link.token_hash != token and token not in str(link.__dict__)
    stored = {f.attname for f in SurveyResponse._meta.concrete_fields}
    assert stored == {
        "id",
        "survey_id",
        "version_id",
        "channel",
        "submitted_on",
        "entered_by_id",
        "sheet_number",
    }
    assert response.entered_by_id is None and response.sheet_number == ""
    assert {f.attname for f in SurveyLink._meta.concrete_fields} == {
        "id",
        "survey_id",
        "token_hash",
        "batch",
        "issued_by_id",
        "issued_at",
        "used_on",
    }


def test_versions_keep_their_answers(ns):
    first, second = bank.QUESTIONNAIRE_ITEMS[0].key, bank.QUESTIONNAIRE_ITEMS[1].key
    survey = _questionnaire(ns, keys=[first, second])
    services.publish_survey(survey, actor=ns.personas.office_a)
    [t1, t2] = services.issue_links(survey, 2, actor=None)
    r1 = services.submit_answers(t1, {first: ("no", ""), second: ("yes", "")})
    services.update_question(
        survey,
        first,
        actor=ns.personas.member_a1,
        text="本单位能否认真贯彻落实上级决策部署？",
        area=Area.PARTY_LINE,
    )
    services.remove_question(survey, second, actor=ns.personas.member_a1)
    assert survey.versions.count() == 2
    with pytest.raises(ValidationError):  # nothing left unpublished after publishing
        services.publish_survey(survey, actor=ns.personas.office_a)
        services.publish_survey(survey, actor=ns.personas.office_a)
    v2 = survey.versions.get(number=2)
    assert v2.published
    r2 = services.submit_answers(t2, {first: ("no", "")})
    assert r1.version.number == 1 and r2.version.number == 2
    data = survey_results(survey)
    by_key = {q.key: q for q in data["questions"]}
    assert by_key[first].counts == {"no": 2} and by_key[first].versions == [1, 2]
    assert by_key[first].text == "本单位能否认真贯彻落实上级决策部署？" and by_key[first].reworded
    assert not by_key[second].in_current and by_key[second].counts == {"yes": 1}
    assert [v["responses"] for v in data["versions"]] == [1, 1]


def test_discard_unpublished_changes(ns):
    key = bank.QUESTIONNAIRE_ITEMS[0].key
    survey = _questionnaire(ns, keys=[key])
    services.publish_survey(survey, actor=None)
    services.remove_question(survey, key, actor=None)
    services.discard_changes(survey, actor=None)
    assert survey.versions.count() == 1
    with pytest.raises(ValidationError):
        services.discard_changes(survey, actor=None)


def test_flag_threshold_is_the_jurisdictions_setting(ns):
    key = bank.QUESTIONNAIRE_ITEMS[2].key  # negative answer 是
    survey = _questionnaire(ns, keys=[key, bank.QUESTIONNAIRE_ITEMS[0].key])
    tokens = services.issue_links(survey, 10, actor=None)
    for i, token in enumerate(tokens):
        services.submit_answers(token, {key: ("yes" if i < 3 else "no", "")})
    [r] = [q for q in survey_results(survey)["questions"] if q.key == key]
    assert r.negative_share == pytest.approx(0.3) and r.flagged  # 30 % by default
    [flag] = flagged_questions(ns.inspection)
    assert flag["label"] == "问卷第1题否定回答占30%"
    assert flag["area"] == Area.PARTY_LINE and flag["negative_share"] == pytest.approx(0.3)
    assert flag["url"] == f"/surveys/{survey.pk}/results/#q-{key}"
    PlanningSettings.objects.create(jurisdiction=ns.tree.county_a1, survey_flag_percent=31)
    assert flagged_questions(ns.inspection) == []
    assert not [q for q in survey_results(survey)["questions"] if q.flagged]


def test_paper_forms(ns):
    key = bank.QUESTIONNAIRE_ITEMS[0].key
    survey = _questionnaire(ns, keys=[key])
    with pytest.raises(ValidationError):  # not open yet
        services.enter_paper_form(survey, {key: ("no", "")}, actor=ns.personas.member_a1)
    services.publish_survey(survey, actor=None)
    response = services.enter_paper_form(
        survey, {key: ("no", "")}, actor=ns.personas.member_a1, sheet_number="001"
    )
    assert response.channel == "paper" and response.entered_by == ns.personas.member_a1
    before = _state()
    with pytest.raises(ValidationError):
        services.enter_paper_form(
            survey, {key: ("yes", "")}, actor=ns.personas.member_a1, sheet_number="001"
        )
    with pytest.raises(ValidationError):
        services.enter_paper_form(survey, {key: ("maybe", "")}, actor=ns.personas.member_a1)
    with pytest.raises(ValidationError):
        services.enter_paper_form(survey, {}, actor=ns.personas.member_a1)
    assert _state() == before
    event = AuditEvent.objects.filter(event_type=EventType.SURVEY_PAPER_ENTERED).get()
    assert event.actor_role == "team:member"


def test_refused_writers_change_nothing(ns):
    from xuncha.fieldwork import services as fieldwork

    survey = _questionnaire(ns, keys=[bank.QUESTIONNAIRE_ITEMS[0].key])
    fieldwork.grant_access(
        ns.inspection, ns.personas.liaison_a1, actor=ns.personas.office_a, reason="协助"
    )
    before = _state()
    for actor in (
        ns.personas.viewer_a,
        ns.personas.member_t2,
        ns.personas.liaison_a1,
        ns.personas.outsider,
    ):
        with pytest.raises(PermissionDenied):
            services.publish_survey(survey, actor=actor)
        with pytest.raises(PermissionDenied):
            services.issue_links(survey, 3, actor=actor)
        with pytest.raises(PermissionDenied):
            services.create_survey(ns.inspection, actor=actor, kind="questionnaire")
    assert _state() == before


def test_counts_for_statistics(ns, django_assert_num_queries):
    key = bank.QUESTIONNAIRE_ITEMS[0].key
    survey = _questionnaire(ns, keys=[key])
    appraisal = services.create_survey(ns.inspection, actor=None, kind="appraisal", keys=[])
    tokens = services.issue_links(survey, 5, actor=None)
    services.submit_answers(tokens[0], {key: ("yes", "")})
    services.enter_paper_form(survey, {key: ("no", "")}, actor=None)
    services.set_paper_forms_issued(survey, 10, actor=None)
    [t] = services.issue_links(appraisal, 1, actor=None)
    services.submit_answers(t, {"team": ("good", "")})
    ids = [ns.inspection.pk, ns.inspection2.pk, ns.plans.inspection_b.pk]
    with django_assert_num_queries(1):
        counts = survey_counts(ids)
    assert counts[ns.inspection.pk] == {
        "questionnaires_issued": 15,
        "questionnaires_returned": 2,
        "appraisals_issued": 1,
        "appraisals_returned": 1,
    }
    assert counts[ns.inspection2.pk] == dict.fromkeys(counts[ns.inspection.pk], 0)


def test_appraisal_results(ns):
    survey = services.create_survey(ns.inspection, actor=None, kind="appraisal", keys=[])
    tokens = services.issue_links(survey, 4, actor=None)
    member = next(q for q in survey.versions.get().questions.all() if q.text == "陈明")
    for token, grade in zip(tokens, ["good", "fair", "poor", "average"], strict=True):
        services.submit_answers(token, {member.key: (grade, ""), "team": ("good", "")})
    data = survey_results(survey)
    [chen] = [s for s in data["subjects"] if s.text == "陈明"]
    assert chen.good_share == 0.5 and chen.poor_share == 0.25 and chen.flagged is False
    [team] = [s for s in data["subjects"] if s.key == "team"]
    assert team.counts == {"good": 4}
