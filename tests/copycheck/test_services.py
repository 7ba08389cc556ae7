"""Upload, comparison with the corpus, recheck and removal, as services."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.copycheck.helpers import COPIED, docx_bytes, pair_of, prose, state, up
from tests.factories import make_unit, make_user
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType
from xuncha.copycheck import services
from xuncha.copycheck.models import CopyMatch, MaterialKind, UnitMaterial
from xuncha.people.services import create_team
from xuncha.plans.models import Inspection, PlanningSettings, Round, Stage

SC = MaterialKind.SELF_CRITICISM
PLAN = MaterialKind.RECTIFICATION_PLAN


def test_upload_stores_text_and_compares_at_once(cc):
    first = up(cc.inspection, actor=cc.personas.office_a, author="张三", text=COPIED + prose(1))
    assert first.normalized and first.checked_at and first.uploaded_by == cc.personas.office_a
    assert not first.by_unit and not CopyMatch.objects.exists()
    second = up(cc.inspection, actor=cc.member, author="李四", text=prose(2, 100) + COPIED)
    match = pair_of(first, second)
    assert match is not None and match.score >= 0.3
    assert match.material_id < match.other_id
    # Passages point into the original texts.
    (passage,) = match.passages
    start, end = passage["a"]
    assert first.text[start:end].startswith("一是理论学习")
    event = AuditEvent.objects.filter(event_type=EventType.MATERIAL_UPLOADED).latest("seq")
    assert event.actor == cc.member and event.actor_role == "team:member"
    assert event.changes["matches"] == 1 and "text" not in event.changes


def test_upload_of_a_word_file(cc):
    data = docx_bytes(COPIED)
    material = up(cc.inspection, actor=cc.personas.office_a, file_name="张三材料.docx", data=data)
    assert material.file_name == "张三材料.docx"
    assert len(material.sha256) == 64
    assert material.text.startswith("一是理论学习")
    assert material.file.read() == data


def test_self_criticism_of_two_cadres_of_one_unit_but_not_one_person_twice(cc):
    zhang = up(cc.inspection, author="张三", text=COPIED)
    again = up(cc.inspection, author="张 三", text=COPIED)  # a revised version of the same
    li = up(cc.inspection, author="李四", text=COPIED)
    assert pair_of(zhang, again) is None
    assert pair_of(zhang, li) is not None and pair_of(again, li) is not None


def test_other_units_of_the_round_and_units_below_the_target(cc):
    here = up(cc.inspection, kind=PLAN, author="", text=COPIED)
    station = up(cc.inspection, unit=cc.station, kind=PLAN, author="", text=COPIED)
    other_team = up(cc.inspection2, kind=PLAN, author="", text=COPIED)
    assert pair_of(here, station) and pair_of(here, other_team) and pair_of(station, other_team)
    # Different kinds are never compared.
    sc = up(cc.inspection, kind=SC, text=COPIED)
    assert not CopyMatch.objects.filter(material=sc).exists()
    assert not CopyMatch.objects.filter(other=sc).exists()


def _round(jurisdiction, year, number, team, target, name):
    r = Round.objects.create(
        jurisdiction=jurisdiction,
        year=year,
        number=number,
        name=name,
        starts_on=date(year, 3, 1),
        ends_on=date(year, 4, 15),
    )
    return Inspection.objects.create(round=r, team=team, target=target)


def test_corpus_scope_across_rounds_and_jurisdictions(cc):
    t, p = cc.tree, cc.people
    earlier_here = _round(t.county_a1, 2025, 2, p.team_a1, t.dept_a1, "甲一县2025年第二轮")
    later_here = _round(t.county_a1, 2027, 1, p.team_a1, t.dept_a1, "甲一县2027年第一轮")
    city_team = create_team(actor=None, jurisdiction=t.city_a, number=1, name="甲市第一巡察组")
    city_round = _round(t.city_a, 2026, 5, city_team, t.county_a1, "甲市2026年第五轮")
    sibling = _round(
        t.county_a2,
        2025,
        1,
        create_team(actor=None, jurisdiction=t.county_a2, number=1),
        make_unit("甲二县水利局", parent=t.county_a2, code="A2101"),
        "甲二县2025年第一轮",
    )
    b = cc.plans.inspection_b
    docs = {
        name: up(inspection, kind=PLAN, author="", text=COPIED)
        for name, inspection in [
            ("now", cc.inspection),
            ("earlier", earlier_here),
            ("later", later_here),
            ("city", city_round),
            ("sibling", sibling),
            ("b", b),
        ]
    }
    pairs = {
        frozenset(name for name, doc in docs.items() if doc.pk in (m.material_id, m.other_id))
        for m in CopyMatch.objects.all()
    }
    expected = {
        frozenset(x)
        for x in [
            ("now", "earlier"),
            ("now", "later"),
            ("earlier", "later"),
            # The city's round reaches back into its counties' earlier rounds.
            ("city", "now"),
            ("city", "earlier"),
            ("city", "sibling"),
        ]
    }
    assert pairs == expected  # never county B1, never the sibling county, never the later one


def test_threshold_comes_from_the_jurisdiction_and_recheck_updates(cc):
    half = COPIED[: len(COPIED) // 2]
    a = up(cc.inspection, author="张三", text=half + prose(3, 70))
    b = up(cc.inspection, author="李四", text=half + prose(4, 70))
    match = pair_of(a, b)
    assert 0.3 <= match.score < 0.8
    PlanningSettings.objects.update_or_create(
        jurisdiction=cc.tree.county_a1, defaults={"copy_threshold_percent": 80}
    )
    summary = services.recheck(cc.inspection, actor=cc.personas.office_a)
    assert summary == {"materials": 2, "matches": 0}
    assert not CopyMatch.objects.exists()
    PlanningSettings.objects.filter(jurisdiction=cc.tree.county_a1).update(
        copy_threshold_percent=20
    )
    services.recheck(cc.inspection, actor=cc.member)
    assert pair_of(a, b).score == match.score
    event = AuditEvent.objects.filter(event_type=EventType.COPY_CHECK_RUN).latest("seq")
    assert event.changes == {"materials": 2, "matches": 1}


def test_recheck_keeps_the_row_of_a_pair_still_matching(cc):
    a = up(cc.inspection, author="张三", text=COPIED)
    b = up(cc.inspection, author="李四", text=COPIED)
    before = pair_of(a, b).pk
    services.recheck(cc.inspection, actor=cc.personas.office_a)
    assert pair_of(a, b).pk == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"unit": "outside"}, "unit"),
        ({"author": ""}, "author"),
        ({"title": " "}, "title"),
        ({"kind": "speech"}, "kind"),
        ({"text": "，。！ "}, "text"),
        ({"text": None, "file_name": "扫描.pdf", "data": "blank_pdf"}, "file"),
    ],
)
def test_refused_uploads_change_nothing(cc, changes, field):
    if changes.get("unit") == "outside":
        changes["unit"] = cc.finance  # in the county, not under the target
    if changes.get("data") == "blank_pdf":
        weasyprint = pytest.importorskip("weasyprint")
        changes["data"] = weasyprint.HTML(string="<p></p>").write_pdf()
    kwargs = {"author": "张三", "text": COPIED, **changes}
    before = state()
    with pytest.raises(ValidationError) as caught:
        up(cc.inspection, actor=cc.personas.office_a, **kwargs)
    assert field in caught.value.message_dict
    assert state() == before


def test_both_file_and_text_is_refused(cc):
    before = state()
    with pytest.raises(ValidationError):
        up(cc.inspection, text=COPIED, file_name="a.txt", data=COPIED.encode())
    assert state() == before


@pytest.mark.parametrize("who", ["viewer_a", "outsider", "norole", "liaison_a1"])
def test_who_may_not_upload(cc, who):
    before = state()
    with pytest.raises(PermissionDenied):
        up(cc.inspection, actor=getattr(cc.personas, who), text=COPIED)
    assert state() == before


def test_liaison_uploads_once_the_unit_knows(cc):
    liaison = cc.personas.liaison_a1
    with pytest.raises(PermissionDenied):
        up(cc.inspection, actor=liaison, text=COPIED)
    Inspection.objects.filter(pk=cc.inspection.pk).update(stage=Stage.STATIONED)
    cc.inspection.refresh_from_db()
    material = up(cc.inspection, actor=liaison, unit=cc.station, text=COPIED)
    assert material.by_unit
    event = AuditEvent.objects.filter(event_type=EventType.MATERIAL_UPLOADED).latest("seq")
    assert event.actor_role == Role.UNIT_LIAISON and event.changes["by_unit"] is True
    # Never for another team's target.
    with pytest.raises(PermissionDenied):
        up(cc.inspection2, actor=liaison, text=COPIED)


def test_liaison_after_the_notice_is_sent(cc):
    from xuncha.fieldwork.models import Notice

    Notice.objects.create(
        inspection=cc.inspection,
        addressee="甲一县农业农村局党组",
        body="通知",
        sent_on=date(2026, 2, 1),
    )
    assert up(cc.inspection, actor=cc.personas.liaison_a1, text=COPIED).by_unit


def test_a_liaison_role_over_a_subtree_is_not_the_targets_liaison(cc):
    county_liaison = make_user(
        "county_liaison", unit=cc.tree.county_a1, roles=[(Role.UNIT_LIAISON, cc.tree.county_a1)]
    )
    Inspection.objects.filter(pk=cc.inspection.pk).update(stage=Stage.STATIONED)
    cc.inspection.refresh_from_db()
    with pytest.raises(PermissionDenied):
        up(cc.inspection, actor=county_liaison, text=COPIED)


def test_removal_by_the_uploader_or_the_office(cc):
    mine = up(cc.inspection, actor=cc.member, author="张三", text=COPIED)
    theirs = up(cc.inspection, actor=cc.personas.office_a, author="李四", text=COPIED)
    assert CopyMatch.objects.count() == 1
    before = state()
    with pytest.raises(PermissionDenied):
        services.remove_material(theirs, actor=cc.member)
    with pytest.raises(PermissionDenied):
        services.remove_material(theirs, actor=cc.personas.viewer_a)
    assert state() == before
    services.remove_material(mine, actor=cc.member, reason="上传错误")
    assert not CopyMatch.objects.exists()
    event = AuditEvent.objects.filter(event_type=EventType.MATERIAL_REMOVED).latest("seq")
    assert event.reason == "上传错误" and event.actor == cc.member
    services.remove_material(theirs, actor=cc.personas.office_a)
    assert not UnitMaterial.objects.exists()


def test_removal_deletes_the_stored_file(cc, django_capture_on_commit_callbacks):
    material = up(
        cc.inspection, actor=cc.personas.office_a, file_name="a.txt", data=COPIED.encode("gbk")
    )
    storage, name = material.file.storage, material.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_material(material, actor=cc.personas.office_a)
    assert not storage.exists(name)
