"""A cadre's further expertise, education and home region: the form, the service rules, the
skill tags and filter on the list, and the API."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.authz import fingerprint
from tests.factories import make_cadre
from xuncha.audit.models import AuditEvent, EventType
from xuncha.people import services
from xuncha.people.models import Cadre, Specialty

pytestmark = pytest.mark.django_db


def _form(unit_code: str, **extra) -> dict:
    return {
        "full_name": "孙晓明",
        "unit": unit_code,
        "specialty": "audit",
        "post": "审计科科长",
        **extra,
    }


def test_expertise_is_stored_in_order_without_the_main_specialty(tree):
    cadre = make_cadre(
        tree.dept_a1,
        "甲",
        specialty=Specialty.LAW,
        expertise=["petitions", "law", "finance", "finance"],
    )
    assert cadre.expertise == "finance,petitions"
    assert cadre.skill_labels == [
        str(Specialty.LAW.label),
        str(Specialty.FINANCE.label),
        str(Specialty.PETITIONS.label),
    ]
    # A new main specialty that was a further expertise leaves the list.
    services.update_cadre(cadre, actor=None, specialty=Specialty.FINANCE)
    cadre.refresh_from_db()
    assert cadre.expertise == "petitions" and cadre.skills == {"finance", "petitions"}


@pytest.mark.parametrize("expertise", [["astrology"], ["other"], "law,,bogus"])
def test_unknown_expertise_is_refused(tree, expertise):
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        make_cadre(tree.dept_a1, "乙", expertise=expertise)
    assert "expertise" in exc.value.message_dict
    assert fingerprint() == before


def test_home_region_is_a_county_party_committee_in_sight(personas, tree):
    cadre = services.create_cadre(
        actor=personas.office_a, unit=tree.dept_a1, full_name="丙", native_place=tree.county_a2
    )
    assert cadre.native_place == tree.county_a2
    before = fingerprint()
    for unit in (tree.dept_a1, tree.city_a):  # a department, a city
        with pytest.raises(ValidationError) as exc:
            services.update_cadre(cadre, actor=personas.office_a, native_place=unit)
        assert "native_place" in exc.value.message_dict
    with pytest.raises(ValidationError):  # out of the office's sight
        services.update_cadre(cadre, actor=personas.office_a, native_place=tree.county_b1)
    assert fingerprint() == before


def test_form_creates_a_cadre_with_the_new_fields(as_user, personas, tree):
    client = as_user(personas.office_a)
    page = client.get(reverse("people:cadre_create")).content.decode()
    assert 'type="checkbox" name="expertise" value="law"' in page
    assert f'<option value="{tree.county_a2.pk}">' in page  # a home region offered
    assert f'<option value="{tree.county_b1.pk}">' not in page
    response = client.post(
        reverse("people:cadre_create"),
        _form(
            tree.dept_a1.code,
            expertise=["audit", "law", "finance"],
            education="硕士研究生",
            native_place=tree.county_a2.pk,
        ),
    )
    assert response.status_code == 302
    cadre = Cadre.objects.get(full_name="孙晓明")
    assert cadre.expertise == "finance,law"  # audit is the main specialty
    assert cadre.education == "硕士研究生" and cadre.native_place == tree.county_a2
    event = AuditEvent.objects.get(event_type=EventType.CADRE_CREATED, object_id=str(cadre.pk))
    assert event.changes["expertise"] == [None, "finance,law"]
    assert event.changes["native_place"] == [None, tree.county_a2.pk]


def test_bad_expertise_in_the_form_keeps_the_input(as_user, personas, tree):
    client = as_user(personas.office_a)
    before = fingerprint()
    response = client.post(
        reverse("people:cadre_create"),
        _form(tree.dept_a1.code, expertise=["astrology"], education="本科"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "errorlist" in body and 'value="本科"' in body
    assert fingerprint() == before


def test_editing_keeps_a_home_region_set_by_an_office_above(as_user, personas, tree):
    # Set from the command line to a county of city B, which office_a cannot see.
    cadre = make_cadre(tree.dept_a1, "丁", native_place=tree.county_b1, expertise=["law"])
    client = as_user(personas.office_a)
    url = reverse("people:cadre_edit", args=[cadre.pk])
    page = client.get(url).content.decode()
    assert 'value="law" id="id_expertise_4" checked' in page
    response = client.post(
        url,
        _form(
            tree.dept_a1.code,
            full_name="丁",
            post="科员",
            expertise=["law"],
            native_place=tree.county_b1.pk,
            is_active="on",
        ),
    )
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert cadre.native_place == tree.county_b1 and cadre.post == "科员"


def test_list_shows_skill_tags_and_filters_by_skill(as_user, personas, people, tree):
    services.update_cadre(people.in_dept, actor=None, expertise=["audit", "law"])
    make_cadre(tree.dept_a1, "法务甲", specialty=Specialty.LAW)
    make_cadre(tree.dept_a1, "审计乙", expertise=["audit"])
    client = as_user(personas.viewer_a)
    body = client.get(reverse("people:cadres")).content.decode()
    assert body.count("pool-badge") >= 5  # tags and pools
    body = client.get(reverse("people:cadres"), {"skill": "law"}).content.decode()
    assert "李秀英" in body and "法务甲" in body
    assert "审计乙" not in body and "张建国" not in body
    body = client.get(reverse("people:cadres"), {"skill": "audit"}).content.decode()
    assert "李秀英" in body and "审计乙" in body and "王志强" in body and "法务甲" not in body
    response = client.get(reverse("people:cadres"), {"q": "大学"})
    assert response.context["page"].paginator.count == 0


def test_api_creates_and_changes_a_cadre(as_user, personas, tree):
    client = as_user(personas.office_a)
    response = client.post(
        "/api/people/cadres",
        {
            "unit_id": tree.dept_a1.pk,
            "full_name": "接口干部",
            "specialty": "audit",
            "expertise": ["law", "audit"],
            "native_place_id": tree.county_a1.pk,
            "gender": "female",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["expertise"] == ["law"] and data["skills"] == ["audit", "law"]
    assert data["native_place_id"] == tree.county_a1.pk
    response = client.patch(
        f"/api/people/cadres/{data['id']}",
        {"education": "研究生", "native_place_id": None},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["education"] == "研究生" and response.json()["native_place_id"] is None
    listed = client.get("/api/people/cadres", {"skill": "law"}).json()["items"]
    assert [c["full_name"] for c in listed] == ["接口干部"]


def test_api_cadre_writes_refused(as_user, personas, people, tree):
    payload = {"unit_id": tree.dept_a1.pk, "full_name": "越权"}
    viewer = as_user(personas.viewer_a)
    before = fingerprint()
    assert (
        viewer.post("/api/people/cadres", payload, content_type="application/json").status_code
        == 403
    )
    assert (
        viewer.patch(
            f"/api/people/cadres/{people.in_a1.pk}", {"post": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert fingerprint() == before
    outsider = as_user(personas.outsider)
    before = fingerprint()
    assert (
        outsider.post("/api/people/cadres", payload, content_type="application/json").status_code
        == 404
    )
    assert (
        outsider.patch(
            f"/api/people/cadres/{people.in_a1.pk}", {"post": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert fingerprint() == before
    office = as_user(personas.office_a)
    before = fingerprint()
    response = office.post(
        "/api/people/cadres",
        {**payload, "native_place_id": tree.county_b1.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert fingerprint() == before
