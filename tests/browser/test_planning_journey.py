"""The planning journey of issue 3 in a real browser: an office clerk plans a term, opens a
round, sees a planted conflict of interest caught and explained, gets a proposed set of teams
with no conflicts, accepts it and downloads the leader's authorization."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.test_login_tree import current_code, sign_in
from tests.factories import make_cadre, make_people, make_unit
from xuncha.orgs.models import Level, UnitKind
from xuncha.people import services as people_services
from xuncha.people.models import FamilyRelation, Kinship, PoolKind, Specialty
from xuncha.plans import services as plan_services
from xuncha.plans.models import Round
from xuncha.staffing.models import Authorization, FormationProposal, TeamMember

pytestmark = pytest.mark.browser


def _pools(tree, people):
    """County A1's pools: three leaders (one with a wife at the target) and enough staff."""
    county = tree.county_a1
    make_unit(
        "甲一县财政局", parent=county, level=Level.COUNTY, kind=UnitKind.DEPARTMENT, code="A1102"
    )
    conflicted = make_cadre(county, "钱有亲", post="区委办副主任", specialty=Specialty.ORGANIZATION)
    FamilyRelation.objects.create(
        cadre=conflicted,
        kinship=Kinship.SPOUSE,
        relation="妻子",
        full_name="孙晓梅",
        unit=tree.dept_a1,
        post="财务科科员",
    )
    free_leader = make_cadre(county, "周正直", post="纪委常委", specialty=Specialty.DISCIPLINE)
    for cadre in (conflicted, free_leader):
        people_services.add_to_pool(people.leaders_a1, cadre, actor=None)
    staff = [
        make_cadre(county, "吴会计", specialty=Specialty.FINANCE),
        make_cadre(county, "郑审计", specialty=Specialty.AUDIT),
        make_cadre(county, "王纪检", specialty=Specialty.DISCIPLINE),
        make_cadre(county, "冯组织", specialty=Specialty.ORGANIZATION),
    ]
    for cadre in staff:
        people_services.add_to_pool(people.staff_a1, cadre, actor=None)
    assert people.leaders_a1.kind == PoolKind.LEADER
    return conflicted, free_leader


def test_plan_a_term_open_a_round_form_teams_and_download_the_authorization(
    page: Page, live_server, transactional_db, personas, tree, csp_errors
):
    people = make_people(tree)
    conflicted, free_leader = _pools(tree, people)
    base = live_server.url
    county = tree.county_a1

    sign_in(page, base, "office_a")
    page.fill("#id_token", current_code(TOTPDevice.objects.get(user=personas.office_a)))
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(f"{base}/")
    page.locator("nav.mainnav a[href='/plans/']").click()
    expect(page).to_have_url(f"{base}/plans/")

    # Plan a term and distribute every unit in scope over its years.
    page.goto(f"{base}/plans/terms/new/?jurisdiction={county.pk}")
    page.fill("#id_name", "甲一县第十三届")
    page.fill("#id_starts_on", "2026-10-01")
    page.fill("#id_ends_on", "2031-09-30")
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/plans/terms/\d+/$"))
    page.locator("form[action$='/generate/'] button").click()
    expect(page.locator("main")).to_contain_text("甲一县农业农村局")
    expect(page.locator("main")).to_contain_text("甲一县财政局")

    # Open a round and give the agriculture bureau to the first team.
    page.goto(f"{base}/plans/rounds/new/?jurisdiction={county.pk}")
    page.fill("#id_starts_on", "2027-03-01")
    page.fill("#id_ends_on", "2027-04-15")
    page.locator("form.stacked button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/plans/rounds/\d+/$"))
    round_url = page.url
    rnd = Round.objects.get(jurisdiction=county, year=2027)
    page.goto(f"{base}/plans/rounds/{rnd.pk}/targets/new/")
    page.fill("#id_target", "A1101")
    page.select_option("#id_team", str(people.team_a1.pk))
    page.locator("form.stacked button[type=submit]").first.click()
    expect(page).to_have_url(round_url)
    expect(page.locator("body")).to_contain_text("甲一县农业农村局")
    page.locator(f"form[action='/plans/rounds/{rnd.pk}/submit/'] button").click()
    # The leading group approves (another person's journey).
    plan_services.approve_round(rnd, actor=personas.viewer_a, comment="同意")

    # The rules catch the planted conflict and say why.
    page.goto(f"{base}/staffing/rounds/{rnd.pk}/recusals/")
    page.locator(f"form[action='/staffing/rounds/{rnd.pk}/recusals/scan/'] button").click()
    expect(page.locator("body")).to_contain_text("钱有亲")
    expect(page.locator("body")).to_contain_text("孙晓梅")

    # The assistant proposes a team without him; the office accepts it.
    page.goto(f"{base}/staffing/rounds/{rnd.pk}/teams/")
    page.locator(f"form[action='/staffing/rounds/{rnd.pk}/teams/propose/'] button").click()
    expect(page).to_have_url(re.compile(r"/staffing/proposals/\d+/$"))
    proposal = FormationProposal.objects.get(round=rnd)
    assert proposal.status == "proposed", proposal.explanation
    page.locator(f"form[action='/staffing/proposals/{proposal.pk}/accept/'] button").click()
    leader = TeamMember.objects.get(round=rnd, team=people.team_a1, role="leader")
    assert leader.cadre in (free_leader, people.in_a1)  # a leader with no conflict
    assert not TeamMember.objects.filter(round=rnd, cadre=conflicted).exists()

    # The leader's one-time authorization, issued and downloaded as a Word file.
    page.goto(f"{base}/staffing/rounds/{rnd.pk}/duties/")
    page.locator(
        f"a[href='/staffing/rounds/{rnd.pk}/duties/teams/{people.team_a1.pk}/authorize/']"
    ).click()
    page.locator("form.stacked button[type=submit]").click()
    authorization = Authorization.objects.get(round=rnd, team=people.team_a1)
    with page.expect_download() as download:
        page.locator(f"a[href$='/authorizations/{authorization.pk}/document/']").first.click()
    assert download.value.suggested_filename.endswith(".docx")
    assert rnd.inspections.get().stage == "authorized"
    assert csp_errors == []
