"""The pages a team member and the office use, and the public answer page, through HTTP."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories import login
from xuncha.audit.models import AuditEvent, EventType
from xuncha.surveys import bank, services
from xuncha.surveys.models import Answer, Survey, SurveyLink, SurveyResponse


def _state():
    return (
        Survey.objects.count(),
        SurveyLink.objects.count(),
        SurveyResponse.objects.count(),
        Answer.objects.count(),
        AuditEvent.objects.exclude(event_type__startswith="auth.").count(),
    )


@pytest.fixture
def survey(ns):
    keys = [i.key for i in bank.QUESTIONNAIRE_ITEMS[:3]]
    return services.create_survey(ns.inspection, actor=None, kind="questionnaire", keys=keys)


def test_a_team_member_makes_and_publishes_a_questionnaire(client, ns):
    login(client, ns.personas.member_a1)
    home = reverse("surveys:home", kwargs={"pk": ns.inspection.pk})
    assert client.get(home).status_code == 200
    response = client.post(
        reverse("surveys:create", kwargs={"pk": ns.inspection.pk}),
        {"kind": "questionnaire", "title": "", "areas": ["work_style"]},
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/surveys/{survey.pk}/"
    questions = survey.versions.get().questions.all()
    assert {q.area for q in questions} == {"work_style"} and len(questions) == 9
    page = client.get(response["Location"]).content.decode()
    assert "本单位是否存在违规公款吃喝、超标准接待的情况？" in page
    response = client.post(
        reverse("surveys:question_add", kwargs={"pk": survey.pk}),
        {
            "text": "局机关食堂是否存在超标准接待？",
            "kind": "yes_no",
            "area": "work_style",
            "negative": "yes",
            "allow_remark": "on",
        },
    )
    assert response.status_code == 302
    client.post(reverse("surveys:publish", kwargs={"pk": survey.pk}))
    survey.refresh_from_db()
    assert survey.status == "open" and survey.versions.get().published
    assert "局机关食堂是否存在超标准接待？" in client.get(f"/surveys/{survey.pk}/").content.decode()
    assert "甲一县农业农村局巡察问卷调查" in client.get(home).content.decode()


def test_bad_question_keeps_what_was_typed(client, ns, survey):
    login(client, ns.personas.member_a1)
    before = _state()
    response = client.post(
        reverse("surveys:question_add", kwargs={"pk": survey.pk}),
        {"text": "没有领域的问题", "kind": "yes_no", "area": ""},
    )
    assert response.status_code == 200
    assert "没有领域的问题" in response.content.decode()
    assert _state() == before


def test_edit_after_publishing_makes_a_version(client, ns, survey):
    services.publish_survey(survey, actor=None)
    login(client, ns.personas.member_a1)
    key = bank.QUESTIONNAIRE_ITEMS[0].key
    url = reverse("surveys:question_edit", kwargs={"pk": survey.pk, "key": key})
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "改写后的问题？", "area": "party_line", "negative": "no"})
    assert response.status_code == 302
    assert survey.versions.count() == 2
    assert survey.versions.get(number=1).questions.get(key=key).text != "改写后的问题？"
    page = client.get(reverse("surveys:detail", kwargs={"pk": survey.pk})).content.decode()
    assert "改写后的问题？" in page
    client.post(reverse("surveys:publish", kwargs={"pk": survey.pk}))
    assert survey.versions.filter(published_at__isnull=False).count() == 2


def test_issued_links_are_shown_once_and_answer_once(client, ns, survey):
    login(client, ns.personas.member_a1)
    response = client.post(reverse("surveys:links_issue", kwargs={"pk": survey.pk}), {"count": "3"})
    assert response.status_code == 200
    page = response.content.decode()
    paths = sorted(set(re.findall(r"/s/[A-Za-z0-9_-]{32}/", page)))
    assert len(paths) == 3 and page.count("<svg") == 3
    assert 'style="' not in page  # the strict CSP forbids style attributes
    assert SurveyLink.objects.filter(survey=survey).count() == 3
    event = AuditEvent.objects.filter(event_type=EventType.SURVEY_LINKS_ISSUED).get()
    assert event.changes["count"] == [None, 3]
    links_page = client.get(reverse("surveys:links", kwargs={"pk": survey.pk})).content.decode()
    assert paths[0] not in links_page  # never shown again

    client.logout()
    public = client.get(paths[0])
    assert public.status_code == 200
    body = public.content.decode()
    assert (
        survey.title in body
        and "<script" not in body
        and "http" not in body.split("<body>")[0].replace("http-equiv", "")
    )
    assert not public.cookies  # no session, CSRF or language cookie
    key = bank.QUESTIONNAIRE_ITEMS[0].key
    sessions, events = Session.objects.count(), AuditEvent.objects.count()
    response = client.post(
        paths[0],
        {"version": "1", f"q_{key}": "no", f"r_{key}": "班子会议很少研究党建"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="TestPhone/1.0",
    )
    assert response.status_code == 302 and response["Location"] == "/s/thanks/"
    assert not response.cookies
    assert Session.objects.count() == sessions and AuditEvent.objects.count() == events
    answer = Answer.objects.get()
    assert answer.value == "no" and answer.remark == "班子会议很少研究党建"
    for row in (
        SurveyResponse.objects.values().get(),
        SurveyLink.objects.filter(used_on__isnull=False).values().get(),
        Answer.objects.values().get(),
    ):
        assert "203.0.113.9" not in str(row) and "TestPhone" not in str(row)
    assert client.get("/s/thanks/").status_code == 200

    before = _state()
    again = client.post(paths[0], {"version": "1", f"q_{key}": "yes"})
    assert again.status_code == 410 and 'data-reason="used"' in again.content.decode()
    assert _state() == before
    assert client.get(paths[0]).status_code == 410
    assert client.get("/s/" + "A" * 32 + "/").status_code == 404


def test_public_page_refuses_a_bad_answer_and_a_closed_survey(client, ns, survey):
    [token] = services.issue_links(survey, 1, actor=None)
    url = reverse("survey_public:answer", kwargs={"token": token})
    before = _state()
    response = client.post(url, {"version": "1"})  # nothing answered
    assert response.status_code == 200 and 'class="sp-error"' in response.content.decode()
    response = client.post(url, {"version": "1", "q_b-partyline-01": "perhaps"})
    assert response.status_code == 200
    assert _state() == before
    services.close_survey(survey, actor=None)
    response = client.get(url)
    assert response.status_code == 410 and 'data-reason="closed"' in response.content.decode()


def test_paper_entry(client, ns, survey):
    services.publish_survey(survey, actor=None)
    login(client, ns.personas.member_a1)
    url = reverse("surveys:paper", kwargs={"pk": survey.pk})
    assert client.get(url).status_code == 200
    key = bank.QUESTIONNAIRE_ITEMS[1].key
    response = client.post(url, {"version": "1", "sheet_number": "12", f"q_{key}": "yes"})
    assert response.status_code == 302
    assert SurveyResponse.objects.get().channel == "paper"
    before = _state()
    response = client.post(url, {"version": "1", "sheet_number": "12", f"q_{key}": "no"})
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert _state() == before
    client.post(reverse("surveys:paper_issued", kwargs={"pk": survey.pk}), {"count": "40"})
    survey.refresh_from_db()
    assert survey.paper_forms_issued == 40


def test_results_page_and_export(client, ns, survey):
    key = bank.QUESTIONNAIRE_ITEMS[0].key
    tokens = services.issue_links(survey, 2, actor=None)
    services.submit_answers(tokens[0], {key: ("no", "=cmd|' /C calc'!A0")})
    services.submit_answers(tokens[1], {key: ("yes", "+1")})
    login(client, ns.personas.member_a1)
    page = client.get(reverse("surveys:results", kwargs={"pk": survey.pk})).content.decode()
    assert "surveys-chart-data" in page and "50.0%" in page
    assert "=cmd|&#x27; /C calc&#x27;!A0" in page

    from io import BytesIO

    from openpyxl import load_workbook

    events = AuditEvent.objects.filter(event_type=EventType.SURVEY_EXPORTED).count()
    response = client.get(reverse("surveys:export", kwargs={"pk": survey.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(event_type=EventType.SURVEY_EXPORTED).count() == events + 1
    book = load_workbook(BytesIO(response.content))
    remarks = [c.value for row in book["备注"].iter_rows(min_row=2) for c in row]
    assert "'=cmd|' /C calc'!A0" in remarks and "'+1" in remarks
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
    results = [[c.value for c in row] for row in book["结果"].iter_rows(min_row=5)]
    assert results[0][2] == bank.QUESTIONNAIRE_ITEMS[0].text and results[0][12] == "50.0%"


def test_team_two_cannot_see_team_ones_surveys(client, ns, survey):
    login(client, ns.personas.member_t2)
    before = _state()
    for name in ("detail", "results", "export", "print"):
        assert client.get(reverse(f"surveys:{name}", kwargs={"pk": survey.pk})).status_code == 404
    assert client.get(reverse("surveys:home", kwargs={"pk": ns.inspection.pk})).status_code == 404
    assert client.post(reverse("surveys:publish", kwargs={"pk": survey.pk})).status_code == 404
    assert (
        client.post(
            reverse("surveys:links_issue", kwargs={"pk": survey.pk}), {"count": "5"}
        ).status_code
        == 404
    )
    assert _state() == before
    # And team 1's member does not reach county B's inspection.
    login(client, ns.personas.member_a1)
    other = services.create_survey(ns.plans.inspection_b, actor=None, kind="questionnaire", keys=[])
    assert client.get(reverse("surveys:detail", kwargs={"pk": other.pk})).status_code == 404


def test_the_leading_group_reads_but_does_not_write(client, ns, survey):
    login(client, ns.personas.viewer_a)
    assert client.get(reverse("surveys:detail", kwargs={"pk": survey.pk})).status_code == 200
    before = _state()
    assert client.post(reverse("surveys:publish", kwargs={"pk": survey.pk})).status_code == 403
    assert (
        client.post(
            reverse("surveys:create", kwargs={"pk": ns.inspection.pk}), {"kind": "appraisal"}
        ).status_code
        == 403
    )
    assert _state() == before


def test_bank_page_and_own_questions(client, ns):
    login(client, ns.personas.office_a)
    page = client.get(reverse("surveys:bank")).content.decode()
    assert bank.QUESTIONNAIRE_ITEMS[0].text in page
    response = client.post(
        reverse("surveys:bank_add"),
        {
            "jurisdiction": ns.tree.county_a1.pk,
            "area": "enforcement",
            "kind": "yes_no",
            "text": "本县农业执法是否存在“一刀切”？",
            "negative": "yes",
            "allow_remark": "on",
        },
    )
    assert response.status_code == 302
    # The team of the county sees it, and takes it into its survey.
    login(client, ns.personas.member_a1)
    assert "本县农业执法是否存在“一刀切”？" in client.get(reverse("surveys:bank")).content.decode()
    survey = services.create_survey(ns.inspection, actor=None, kind="questionnaire", keys=None)
    assert survey.versions.get().questions.filter(text="本县农业执法是否存在“一刀切”？").exists()
    # The leading group reads the bank but changes nothing; without any role, no bank at all.
    from xuncha.surveys.models import BankQuestion

    item = BankQuestion.objects.get()
    login(client, ns.personas.viewer_a)
    before = _state()
    assert client.post(reverse("surveys:bank_retire", kwargs={"pk": item.pk})).status_code == 403
    assert _state() == before
    login(client, ns.personas.norole)
    assert client.get(reverse("surveys:bank")).status_code == 403
    login(client, ns.personas.outsider)
    assert "一刀切" not in client.get(reverse("surveys:bank")).content.decode()
    assert client.get(reverse("surveys:bank_edit", kwargs={"pk": item.pk})).status_code == 404


def test_list_and_results_queries_do_not_grow(client, ns):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, ns.personas.member_a1)
    home = reverse("surveys:home", kwargs={"pk": ns.inspection.pk})

    def count(url):
        client.get(url)  # warm the per-user caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    first = services.create_survey(ns.inspection, actor=None, kind="questionnaire")
    [token] = services.issue_links(first, 1, actor=None)
    services.submit_answers(token, {bank.QUESTIONNAIRE_ITEMS[0].key: ("no", "备注")})
    one = count(home)
    results_one = count(reverse("surveys:results", kwargs={"pk": first.pk}))
    for _n in range(3):
        services.create_survey(ns.inspection, actor=None, kind="appraisal")
    tokens = services.issue_links(first, 5, actor=None)
    for t in tokens:
        services.submit_answers(t, {i.key: ("yes", "说明") for i in bank.QUESTIONNAIRE_ITEMS})
    assert count(home) == one
    assert count(reverse("surveys:results", kwargs={"pk": first.pk})) == results_one
