"""Registering a lead: who may, what the registrant sees afterwards, numbering, sources linked to
records of the stationing, and refusals that change nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import login
from tests.leads.conftest import SECRET_TEXT, counts, events, register
from xuncha.audit.models import EventType
from xuncha.fieldwork import services_records
from xuncha.fieldwork.briefing import token_of
from xuncha.leads import services
from xuncha.leads.models import Lead
from xuncha.plans.models import Inspection, Stage


def _visit(inspection, actor):
    return services_records.record_visit(
        inspection,
        actor=actor,
        kind="visit",
        visited_on=date(2026, 3, 6),
        place="城关镇农技站",
        purpose="核实项目验收",
        findings="验收资料后补",
    )


def _form(ns, **extra) -> dict:
    data = {
        "subjects-TOTAL_FORMS": "3",
        "subjects-INITIAL_FORMS": "0",
        "subjects-MIN_NUM_FORMS": "0",
        "subjects-MAX_NUM_FORMS": "20",
        "subjects-0-name": "钱秘密",
        "subjects-0-post": "局长",
        "subjects-0-unit": str(ns.inspection.target_id),
        "subjects-0-cadre_level": "乡科级正职",
        "source_kind": "petition",
        "source_label": "县纪委转来的举报信",
        "content": SECRET_TEXT,
        "proposed_receiver": "discipline_commission",
        "proposed_disposal": "preliminary_verification",
    }
    data.update(extra)
    return data


def test_member_registers_and_sees_only_the_confirmation(client, ns):
    visit = _visit(ns.inspection, ns.member)
    login(client, ns.member)
    url = reverse("leads:create", args=[ns.inspection.pk])
    form = client.get(url)
    assert form.status_code == 200 and "城关镇农技站" in form.content.decode()
    response = client.post(url, _form(ns, material=[token_of(visit)]))
    assert response.status_code == 302
    assert response["Location"] == reverse("leads:registered", args=[ns.inspection.pk])
    lead = Lead.objects.get()
    assert lead.number == 1 and lead.registered_by == ns.member
    assert lead.status == Lead.Status.REGISTERED
    assert [s.kind for s in lead.sources.all()] == ["visit", "petition"]
    assert lead.sources.first().object_id == visit.pk
    subject = lead.subjects.get()
    assert (subject.name, subject.unit, subject.cadre_level) == (
        "钱秘密",
        ns.inspection.target,
        "乡科级正职",
    )
    confirmation = client.get(response["Location"])
    assert "leads/registered.html" in [t.name for t in confirmation.templates]
    assert confirmation.context["when"] is not None
    page = confirmation.content.decode()
    assert SECRET_TEXT not in page and "钱秘密" not in page
    assert f"/leads/{lead.pk}/" not in page
    # The registration is audited, its words concealed.
    event = events(EventType.LEAD_REGISTERED)[-1]
    assert SECRET_TEXT not in str(event.changes) and "钱秘密" not in str(event.changes)
    assert event.actor_role == "team:member"


def test_keeper_registering_goes_to_the_lead(client, ns):
    login(client, ns.leader)
    response = client.post(reverse("leads:create", args=[ns.inspection.pk]), _form(ns))
    lead = Lead.objects.get()
    assert response["Location"] == reverse("leads:detail", args=[lead.pk])


def test_bad_input_rerenders_with_what_was_typed_and_writes_nothing(client, ns):
    login(client, ns.member)
    before = counts()
    data = _form(
        ns,
        **{
            "subjects-0-name": "",
            "subjects-0-post": "",
            "subjects-0-cadre_level": "",
            "subjects-0-unit": "",
        },
    )
    response = client.post(reverse("leads:create", args=[ns.inspection.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert SECRET_TEXT in body  # what was typed is kept
    assert response.context["subject_errors"]
    assert counts() == before


@pytest.mark.parametrize("who", ["viewer_a", "upper"])
def test_readers_of_the_inspection_may_not_register(client, ns, who):
    login(client, getattr(ns.personas, who))
    before = counts()
    url = reverse("leads:create", args=[ns.inspection.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _form(ns)).status_code == 403
    assert counts() == before
    with pytest.raises(PermissionDenied):
        register(ns.inspection, actor=getattr(ns.personas, who))
    assert counts() == before


def test_outsiders_get_404(client, ns):
    for user in (ns.leader_b, ns.personas.head_b, ns.personas.liaison_a1):
        login(client, user)
        before = counts()
        url = reverse("leads:create", args=[ns.inspection.pk])
        assert client.post(url, _form(ns)).status_code == 404
        assert counts() == before


def test_numbers_count_per_inspection(ns):
    first = register(ns.inspection, actor=ns.member)
    second = register(ns.inspection, actor=ns.leader)
    other = register(ns.inspection_b, actor=ns.leader_b)
    assert (first.number, second.number, other.number) == (1, 2, 1)


def test_a_source_must_be_material_of_this_inspection(ns):
    visit_b = _visit(ns.inspection_b, ns.leader_b)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        register(ns.inspection, actor=ns.member, sources=[{"obj": visit_b}])
    assert "sources" in exc.value.error_dict
    assert counts() == before


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"subjects": []}, "subjects"),
        ({"subjects": [{"post": "局长"}]}, "subjects"),
        ({"sources": []}, "sources"),
        ({"content": "  "}, "content"),
        ({"proposed_receiver": "functional_department"}, "receiver_unit"),
        ({"proposed_disposal": "bury"}, "proposed_disposal"),
    ],
)
def test_invalid_registrations_change_nothing(ns, bad, field):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        register(ns.inspection, actor=ns.member, **bad)
    assert field in exc.value.error_dict
    assert counts() == before


def test_functional_department_receiver(ns, tree):
    lead = register(
        ns.inspection,
        actor=ns.member,
        proposed_receiver="functional_department",
        receiver_unit=tree.dept_a1,
    )
    assert lead.receiver_unit == tree.dept_a1
    # A discipline-commission lead keeps no department.
    other = register(ns.inspection, actor=ns.member, receiver_unit=tree.dept_a1)
    assert other.receiver_unit is None


def test_archived_inspection_takes_no_leads(ns):
    Inspection.objects.filter(pk=ns.inspection.pk).update(stage=Stage.ARCHIVED)
    ns.inspection.refresh_from_db()
    with pytest.raises(ValidationError):
        register(ns.inspection, actor=ns.member)


def test_search_text_is_normalized(ns):
    lead = register(ns.inspection, actor=ns.member, name="錢秘密", content="收受禮金")
    assert "钱秘密" in lead.search_text and "礼金" in lead.search_text
    assert services.search_text("ＡＢＣ", []) == "abc"
