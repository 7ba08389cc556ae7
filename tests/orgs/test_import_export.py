"""Import of units from .xlsx and .csv (dry run, then all-or-nothing apply) and export to .xlsx."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.factories import make_unit
from xuncha.audit.models import AuditEvent, EventType
from xuncha.orgs import importing, services
from xuncha.orgs.models import Unit

pytestmark = pytest.mark.django_db

HEADER = ["单位编码", "单位全称", "简称", "层级", "类型", "领域", "上级单位编码", "人数",
          "设有巡察机构"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _csv(rows, header=HEADER) -> str:
    return "\n".join(",".join(r) for r in [header, *rows]) + "\n"


def _xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


GOOD_ROWS = [
    ["A3001", "甲市新区党工委", "新区", "县", "工委", "党务", "A0001", "40", "是"],
    ["A3101", "新区社会事务局", "社会事务局", "县", "部门", "社会事务", "A3001", "12", "否"],
    ["A2001", "甲二县委（更名）", "甲二县委", "县", "党委", "其他", "A0001", "", "是"],
]


def _state():
    return (AuditEvent.objects.count(),
            list(Unit.objects.order_by("pk").values_list("pk", "code", "name", "path")))


def _upload(client, name, content):
    return client.post(reverse("orgs:import"), {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize("name,content", [
    ("单位.csv", _csv(GOOD_ROWS).encode("gbk")),
    ("单位.csv", _csv(GOOD_ROWS).encode("utf-8-sig")),
    ("单位.csv", _csv(GOOD_ROWS).encode("utf-8")),
    ("单位.xlsx", _xlsx(GOOD_ROWS)),
])
def test_dry_run_reads_every_format_and_writes_nothing(personas, tree, as_user, name, content):
    client = as_user(personas.office_a)
    before = _state()
    response = _upload(client, name, content)
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.problems == []
    assert (plan.created, plan.updated, plan.unchanged) == (2, 1, 0)
    assert response.context["apply_form"] is not None
    assert _state() == before
    new = next(r for r in plan.rows if r.code == "A3001")
    assert new.fields["level"] == "county" and new.fields["kind"] == "working_committee"
    assert new.fields["has_office"] is True and new.fields["headcount"] == 40


def test_dry_run_then_apply_writes_everything_and_audits(personas, tree, as_user, settings):
    client = as_user(personas.office_a)
    response = _upload(client, "units.xlsx", _xlsx(GOOD_ROWS))
    token = response.context["apply_form"].initial["token"]
    events = AuditEvent.objects.count()
    response = client.post(reverse("orgs:import_apply"), {"token": token})
    assert response.status_code == 302
    child = Unit.objects.get(code="A3101")
    assert child.parent.code == "A3001"
    assert child.parent.parent == tree.city_a
    assert Unit.objects.get(code="A2001").name == "甲二县委（更名）"
    imported = AuditEvent.objects.get(event_type=EventType.UNITS_IMPORTED)
    assert imported.changes["created"] == 2 and imported.changes["updated"] == 1
    assert imported.actor == personas.office_a
    # One event per new unit, one per changed unit, one for the import.
    assert AuditEvent.objects.count() == events + 4
    # The upload is gone: applying twice does nothing.
    state = _state()
    response = client.post(reverse("orgs:import_apply"), {"token": token})
    assert response.status_code == 302
    assert _state() == state
    assert not list((settings.MEDIA_ROOT / "imports").glob("*"))


def test_broken_xlsx_gives_a_message_and_writes_nothing(personas, tree, as_user):
    client = as_user(personas.office_a)
    before = _state()
    response = _upload(client, "units.xlsx", os.urandom(3000))
    assert response.status_code == 200
    assert response.context["file_error"]
    assert "apply_form" not in response.context
    assert "msg-error" in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("name,content", [
    ("units.csv", b""),
    ("units.xls", b"\xd0\xcf\x11\xe0 old excel"),
    ("units.csv", _csv([["A3001", "x"]], header=["单位编码", "单位全称"]).encode()),
    ("units.csv", _csv([], header=HEADER).encode()),
    ("units.csv", _csv(GOOD_ROWS, header=[*HEADER[:-1], "单位编码"]).encode()),
])
def test_unreadable_files_are_refused(personas, tree, as_user, name, content):
    client = as_user(personas.office_a)
    before = _state()
    response = _upload(client, name, content) if content else client.post(
        reverse("orgs:import"), {"file": SimpleUploadedFile(name, b"")})
    assert response.status_code == 200
    assert response.context.get("file_error") or response.context["form"].errors
    assert _state() == before


def test_file_over_the_size_limit_is_refused(personas, tree, as_user, settings):
    settings.XUNCHA_IMPORT_MAX_BYTES = 1024
    client = as_user(personas.office_a)
    rows = [[f"A9{i:03d}", f"单位{i}", "", "县", "部门", "", "A0001", "", ""] for i in range(80)]
    response = _upload(client, "big.csv", _csv(rows).encode())
    assert response.context["file_error"]
    assert "plan" not in response.context


def test_too_many_rows_is_refused(personas, tree, as_user, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    response = _upload(as_user(personas.office_a), "units.csv", _csv(GOOD_ROWS).encode())
    assert response.context["file_error"]


def test_every_bad_cell_is_listed_with_row_and_column(personas, tree, as_user):
    rows = [
        ["A3001", "甲市新区党工委", "新区", "县", "工委", "党务", "A0001", "40", "是"],
        ["A3002", "", "", "州", "部门", "", "A0001", "-3", "也许"],
        ["A3001", "重复编码", "", "县", "部门", "", "A0001", "", ""],
        ["A3003", "乙市下属单位", "", "县", "部门", "", "B0001", "", ""],
        ["A3004", "新单位", "", "县", "部门", "", "NOPE", "", ""],
        ["A3005", "省级单位", "", "省", "部门", "", "A0001", "", ""],
    ]
    client = as_user(personas.office_a)
    before = _state()
    response = _upload(client, "units.csv", _csv(rows).encode("gb18030"))
    plan = response.context["plan"]
    found = {(p.row, p.column) for p in plan.problems}
    assert {(3, "单位全称"), (3, "层级"), (3, "人数"), (3, "设有巡察机构"), (4, "单位编码"),
            (5, "上级单位编码"), (6, "上级单位编码"), (7, "层级")} <= found
    body = response.content.decode()
    assert "州" in body and "也许" in body
    assert "apply_form" not in response.context
    assert _state() == before


def test_cycles_in_the_file_are_refused(personas, tree, as_user):
    rows = [
        ["C0001", "单位一", "", "县", "部门", "", "C0002", "", ""],
        ["C0002", "单位二", "", "县", "部门", "", "C0001", "", ""],
        ["C0003", "单位三", "", "县", "部门", "", "C0003", "", ""],
        ["C0004", "单位四", "", "县", "部门", "", "C0001", "", ""],
    ]
    plan = _upload(as_user(personas.office_a), "units.csv",
                   _csv(rows).encode()).context["plan"]
    rows_with_problems = {p.row for p in plan.problems}
    assert rows_with_problems == {2, 3, 4, 5}
    assert plan.created == 0


def test_import_does_not_move_units(personas, tree, as_user):
    rows = [["A1101", "甲一县农业农村局", "", "县", "部门", "", "A2001", "", ""]]
    plan = _upload(as_user(personas.office_a), "units.csv",
                   _csv(rows).encode()).context["plan"]
    assert [(p.row, p.column) for p in plan.problems] == [(2, "上级单位编码")]


def test_outsider_cannot_import_into_another_scope(personas, tree, as_user):
    rows = [["A3001", "甲市新区党工委", "", "县", "工委", "", "A0001", "", ""],
            ["A2001", "甲二县委", "", "县", "党委", "", "A0001", "", ""]]
    client = as_user(personas.outsider)
    before = _state()
    plan = _upload(client, "units.csv", _csv(rows).encode()).context["plan"]
    assert {(p.row, p.column) for p in plan.problems} == {(2, "上级单位编码"), (3, "单位编码")}
    assert _state() == before


def test_import_pages_need_the_capability(personas, tree, as_user):
    for persona in ("viewer_a", "liaison_a1"):
        client = as_user(getattr(personas, persona))
        before = _state()
        assert client.get(reverse("orgs:import")).status_code == 403
        assert _upload(client, "units.xlsx", _xlsx(GOOD_ROWS)).status_code == 403
        assert client.post(reverse("orgs:import_apply"), {"token": "x"}).status_code == 403
        assert client.get(reverse("orgs:import_template")).status_code == 403
        assert _state() == before


def test_a_token_is_only_good_in_its_own_session(personas, tree, as_user, client):
    office = as_user(personas.office_a)
    token = _upload(office, "units.xlsx", _xlsx(GOOD_ROWS)).context["apply_form"].initial[
        "token"]
    from django.test import Client

    other = Client()
    from tests.factories import login

    login(other, personas.outsider)
    before = _state()
    response = other.post(reverse("orgs:import_apply"), {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("orgs:import")
    assert _state() == before


def test_apply_checks_the_file_again(personas, tree, as_user):
    client = as_user(personas.office_a)
    token = _upload(client, "units.xlsx", _xlsx(GOOD_ROWS)).context["apply_form"].initial[
        "token"]
    # Between the dry run and the apply someone takes one of the new codes outside the scope.
    make_unit("乙市新单位", parent=tree.city_b, code="A3101")
    before = _state()
    response = client.post(reverse("orgs:import_apply"), {"token": token})
    assert response.status_code == 200
    assert response.context["plan"].problems
    assert _state() == before


def test_service_writes_nothing_when_a_later_row_fails(personas, tree):
    rows = [
        {"row": 2, "code": "A3001", "parent_code": "A0001",
         "fields": {"name": "甲市新区党工委", "level": "county", "kind": "working_committee"}},
        {"row": 3, "code": "A3002", "parent_code": "B0001",
         "fields": {"name": "越权单位", "level": "county", "kind": "department"}},
    ]
    before = _state()
    with pytest.raises(Exception):  # noqa: B017 -- PermissionDenied or ValidationError
        services.import_units(actor=personas.office_a, rows=rows)
    assert _state() == before
    rows[1]["parent_code"] = "A0001"
    rows[1]["fields"]["level"] = "nonsense"
    with pytest.raises(Exception):  # noqa: B017
        services.import_units(actor=personas.office_a, rows=rows)
    assert _state() == before


def _export(client, **params):
    response = client.get(reverse("orgs:export"), params)
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    return data, list(load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(
        values_only=True))


def test_export_is_scoped_and_audited(personas, tree, as_user):
    client = as_user(personas.office_a)
    _data, rows = _export(client)
    assert list(rows[0]) == [h for _f, h in importing.COLUMNS]
    codes = [r[0] for r in rows[1:]]
    assert codes == ["A0001", "A1001", "A1101", "A2001"]
    assert rows[1][3] == "市" and rows[1][6] == "P0001" and rows[1][12] == "是"
    event = AuditEvent.objects.get(event_type=EventType.UNITS_EXPORTED)
    assert event.changes["count"] == 4 and event.actor == personas.office_a
    _data, rows = _export(client, root=tree.county_a1.pk)
    assert [r[0] for r in rows[1:]] == ["A1001", "A1101"]


def test_export_refusals(personas, tree, as_user):
    liaison = as_user(personas.liaison_a1)
    before = AuditEvent.objects.count()
    assert liaison.get(reverse("orgs:export")).status_code == 403
    assert AuditEvent.objects.count() == before
    client = as_user(personas.office_a)
    before = AuditEvent.objects.count()
    assert client.get(reverse("orgs:export"), {"root": tree.city_b.pk}).status_code == 404
    assert client.get(reverse("orgs:export"), {"root": "abc"}).status_code == 404
    assert AuditEvent.objects.count() == before
    # In scope without edit or import, export is allowed.
    assert as_user(personas.viewer_a).get(reverse("orgs:export")).status_code == 200


def test_export_neutralizes_formulas_and_round_trips_unchanged(personas, tree, as_user):
    services.update_unit(tree.county_a2, actor=personas.office_a,
                         name="=HYPERLINK(\"http://x\")", contact_phone="+86 10 1234",
                         description="@SUM(A1)", headcount=20, party_members=7,
                         address="甲市人民路1号")
    services.add_leadership_member(tree.county_a2, actor=personas.office_a, name="x", post="y")
    client = as_user(personas.office_a)
    data, rows = _export(client)
    row = next(r for r in rows if r[0] == "A2001")
    assert row[1] == "'=HYPERLINK(\"http://x\")"
    assert row[10] == "'+86 10 1234"
    assert row[13] == "'@SUM(A1)"
    before = _state()
    response = _upload(client, "export.xlsx", data)
    plan = response.context["plan"]
    assert plan.problems == []
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 4)
    assert _state() == before


def test_template_download(personas, tree, as_user):
    response = as_user(personas.office_a).get(reverse("orgs:import_template"))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert list(rows[0]) == [h for _f, h in importing.COLUMNS]
    assert len(rows) == 1


def test_english_headers_and_code_values_are_accepted(personas, tree, as_user):
    header = ["code", "name", "level", "kind", "sector", "parent_code", "has_office"]
    rows = [["A3001", "新区", "county", "department", "education", "A0001", "no"]]
    plan = _upload(as_user(personas.office_a), "units.csv",
                   _csv(rows, header=header).encode()).context["plan"]
    assert plan.problems == [] and plan.created == 1
