"""The cadre import: reading .xlsx and CSV in the usual encodings, the dry run's problems by row
and column, updating a cadre of the same name and unit instead of adding a twin, pools, and an
apply that writes all rows or none."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.authz import fingerprint
from xuncha.audit.models import AuditEvent, EventType
from xuncha.orgs.importing import ImportFileError
from xuncha.people import importing, services
from xuncha.people.models import Cadre, PoolMembership

pytestmark = pytest.mark.django_db

HEADER = (
    "姓名,性别,出生年份,工作单位编码,职务,职级,主要专业,其他专长,学历,籍贯单位编码,联系电话,"
    "入库,入库日期"
)
NEW_ROW = (
    "孙晓明,男,1985,A1101,审计科科长,一级主任科员,审计,财务、法律,大学本科,A2001,13800001234,"
    "甲一县工作人员库,2024-03-01"
)


def _csv(*rows: str, encoding: str = "utf-8") -> bytes:
    return "\n".join([HEADER, *rows]).encode(encoding)


def _plan(user, data: bytes, name: str = "cadres.csv"):
    return importing.plan_import(user, importing.read_table(data, name))


def _problems(plan) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in plan.problems}


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(personas, people, encoding):
    plan = _plan(personas.office_a, _csv(NEW_ROW, encoding=encoding))
    assert not plan.problems
    row = plan.rows[0]
    assert row.action == "create" and row.full_name == "孙晓明"
    assert row.fields["expertise"] == "finance,law"
    assert row.pool_names == ["甲一县工作人员库"] and row.joined_on == date(2024, 3, 1)


def test_xlsx_with_date_cells_and_numbers(personas, people):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    values = NEW_ROW.split(",")
    values[2] = 1985  # a number
    values[12] = date(2024, 3, 1)  # a date cell
    sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    plan = _plan(personas.office_a, out.getvalue(), "cadres.xlsx")
    assert not plan.problems
    assert plan.rows[0].fields["birth_year"] == 1985
    assert plan.rows[0].joined_on == date(2024, 3, 1)


@pytest.mark.parametrize(
    "data,name",
    [
        (b"", "a.csv"),
        ("姓名,职务\n张三,科员".encode(), "a.csv"),  # no work unit column
        ("姓名,姓名,工作单位编码\n".encode(), "a.csv"),
        (HEADER.encode(), "a.csv"),
        (b"not a workbook", "a.xlsx"),
        (b"x", "a.txt"),
    ],
)
def test_unreadable_files(data, name):
    with pytest.raises(ImportFileError):
        importing.read_table(data, name)


# --- the dry run -----------------------------------------------------------------------------


def test_every_bad_cell_is_listed_with_row_and_column(personas, people):
    rows = [
        ",男,1985,A1101,,,,,,,,,",  # 2: no name
        "甲,男,1985,ZZZZZ,,,,,,,,,",  # 3: unknown unit
        "乙,男,1985,B1001,,,,,,,,,",  # 4: unit out of scope
        "丙,未知,1899,A1101,,,会计学,天文,,,,,",  # 5: gender, year, specialty, tag
        "丁,女,1990,A1101,,,,,,A1101,,,",  # 6: home region is a department
        "戊,女,1990,A1101,,,,,,,,不存在的库,",  # 7: unknown pool
        "己,女,1990,A1101,,,,,,,,,2024-13-40",  # 8: bad date (and no pool)
        "庚,女,1990,A2001,,,,,,,,甲一县工作人员库,",  # 9: pool's jurisdiction misses A2
        "辛,女,1990,A1101,,,,,,,,,",  # 10
        "辛,女,1991,A1101,,,,,,,,,",  # 11: same name and unit as row 10
    ]
    plan = _plan(personas.office_a, _csv(*rows))
    assert _problems(plan) == {
        (2, "姓名"),
        (3, "工作单位编码"),
        (4, "工作单位编码"),
        (5, "性别"),
        (5, "出生年份"),
        (5, "主要专业"),
        (5, "其他专长"),
        (6, "籍贯单位编码"),
        (7, "入库"),
        (8, "入库日期"),
        (9, "入库"),
        (11, "姓名"),
    }
    assert not plan.ok
    messages = {(p.row, p.column): p.message for p in plan.problems}
    assert "row 10" in messages[(11, "姓名")] or "10" in messages[(11, "姓名")]


def test_same_name_and_unit_updates_instead_of_adding_a_twin(personas, people):
    row = "张建国,男,1972,A1001,纪委书记,正科级,纪检监察,组织人事,,,,甲一县工作人员库,"
    plan = _plan(personas.office_a, _csv(row))
    assert not plan.problems
    planned = plan.rows[0]
    assert planned.action == "update" and planned.cadre_id == people.in_a1.pk
    assert planned.changes["post"] == ["纪委副书记", "纪委书记"]
    assert planned.pool_names == ["甲一县工作人员库"]
    counts = services.import_cadres(
        actor=personas.office_a, rows=[r.as_service_row() for r in plan.rows]
    )
    assert counts == {"created": 0, "updated": 1, "unchanged": 0, "pool_entries": 1}
    assert Cadre.objects.filter(full_name="张建国").count() == 1
    people.in_a1.refresh_from_db()
    assert people.in_a1.post == "纪委书记" and people.in_a1.expertise == "organization"
    # The same file again changes nothing.
    plan = _plan(personas.office_a, _csv(row))
    assert [r.action for r in plan.rows] == ["unchanged"]


def test_a_removed_member_is_admitted_again(personas, people):
    membership = PoolMembership.objects.get(pool=people.leaders_a1, cadre=people.in_a1)
    PoolMembership.objects.filter(pk=membership.pk).update(joined_on=date(2020, 1, 1))
    services.remove_from_pool(membership, actor=None, reason="调离", removed_on=date(2025, 1, 1))
    row = "张建国,,,A1001,纪委副书记,正科级,纪检监察,,,,,甲一县组长库,2024-06-01"
    plan = _plan(personas.office_a, _csv(row))
    assert _problems(plan) == {(2, "入库日期")}  # before the removal
    plan = _plan(personas.office_a, _csv(row.replace("2024-06-01", "2025-02-01")))
    assert plan.ok and plan.rows[0].rejoins == ["甲一县组长库"]
    services.import_cadres(actor=personas.office_a, rows=[r.as_service_row() for r in plan.rows])
    membership.refresh_from_db()
    assert membership.removed_on is None and membership.joined_on == date(2025, 2, 1)


def test_the_dry_run_writes_nothing(as_user, personas, people):
    client = as_user(personas.office_a)
    before = fingerprint()
    response = client.post(
        reverse("people:import"),
        {"file": SimpleUploadedFile("cadres.csv", _csv(NEW_ROW, encoding="gbk"))},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "孙晓明" in body and 'name="token"' in body
    assert fingerprint() == before


# --- applying --------------------------------------------------------------------------------


def test_upload_and_apply_through_the_pages(as_user, personas, people, tree):
    client = as_user(personas.office_a)
    update = "李秀英,女,1980,A1101,财务科科长,一级主任科员,财务,审计,,,,,"
    response = client.post(
        reverse("people:import"),
        {"file": SimpleUploadedFile("cadres.csv", _csv(NEW_ROW, update, encoding="gbk"))},
    )
    token = response.context["apply_form"].initial["token"]
    response = client.post(reverse("people:import_apply"), {"token": token})
    assert response.status_code == 302
    cadre = Cadre.objects.get(full_name="孙晓明")
    assert cadre.unit == tree.dept_a1 and cadre.native_place == tree.county_a2
    assert cadre.skills == {"audit", "finance", "law"}
    assert PoolMembership.objects.get(cadre=cadre).joined_on == date(2024, 3, 1)
    people.in_dept.refresh_from_db()
    assert people.in_dept.birth_year == 1980 and people.in_dept.expertise == "audit"
    event = AuditEvent.objects.get(event_type=EventType.CADRES_IMPORTED)
    assert event.changes["created"] == 1 and event.changes["updated"] == 1
    assert event.changes["pool_entries"] == 1 and event.changes["file"] == "cadres.csv"
    assert AuditEvent.objects.filter(
        event_type=EventType.CADRE_CREATED, object_id=str(cadre.pk)
    ).exists()
    assert AuditEvent.objects.filter(
        event_type=EventType.CADRE_UPDATED, object_id=str(people.in_dept.pk)
    ).exists()
    # The token is spent.
    before = fingerprint()
    response = client.post(reverse("people:import_apply"), {"token": token})
    assert response.status_code == 302 and fingerprint() == before


def test_apply_is_all_or_nothing(personas, people, tree):
    plan = _plan(personas.office_a, _csv(NEW_ROW, "周新人,男,1990,A2001,科员,,,,,,,,"))
    assert plan.ok
    rows = [r.as_service_row() for r in plan.rows]
    # Between the check and the apply, the second row's unit left the office's reach.
    rows[1]["unit_id"] = tree.county_b1.pk
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.import_cadres(actor=personas.office_a, rows=rows)
    assert "3" in str(exc.value)  # names the row
    assert fingerprint() == before
    assert not Cadre.objects.filter(full_name="孙晓明").exists()


def test_a_file_that_went_bad_is_not_applied(as_user, personas, people, tree):
    client = as_user(personas.office_a)
    response = client.post(
        reverse("people:import"), {"file": SimpleUploadedFile("cadres.csv", _csv(NEW_ROW))}
    )
    token = response.context["apply_form"].initial["token"]
    # Someone closes the pool before the apply: the check runs again and refuses.
    people.staff_a1.is_active = False
    people.staff_a1.save()
    before = fingerprint()
    response = client.post(reverse("people:import_apply"), {"token": token})
    assert response.status_code == 200 and "甲一县工作人员库" in response.content.decode()
    assert fingerprint() == before


def test_a_units_import_token_is_not_a_cadres_token(as_user, personas, people):
    client = as_user(personas.office_a)
    units = "单位编码,单位全称,层级,类型,上级单位编码\nN0001,甲一县新设局,县,部门,A1001\n"
    response = client.post(
        reverse("orgs:import"), {"file": SimpleUploadedFile("units.csv", units.encode())}
    )
    token = response.context["apply_form"].initial["token"]
    before = fingerprint()
    response = client.post(reverse("people:import_apply"), {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("people:import")
    assert fingerprint() == before


@pytest.mark.parametrize("persona", ["viewer_a", "liaison_a1"])
def test_import_needs_people_edit(as_user, personas, people, persona):
    client = as_user(getattr(personas, persona))
    before = fingerprint()
    assert client.get(reverse("people:import")).status_code == 403
    assert (
        client.post(
            reverse("people:import"), {"file": SimpleUploadedFile("cadres.csv", _csv(NEW_ROW))}
        ).status_code
        == 403
    )
    assert client.post(reverse("people:import_apply"), {"token": "x"}).status_code == 403
    assert client.get(reverse("people:import_template")).status_code == 403
    assert fingerprint() == before


def test_the_outsiders_dry_run_finds_our_units_out_of_scope(as_user, personas, people):
    response = as_user(personas.outsider).post(
        reverse("people:import"), {"file": SimpleUploadedFile("cadres.csv", _csv(NEW_ROW))}
    )
    plan = response.context["plan"]
    assert (2, "工作单位编码") in _problems(plan)
    assert "apply_form" not in response.context


def test_template_has_headers_an_example_and_notes(as_user, personas, people):
    response = as_user(personas.office_a).get(reverse("people:import_template"))
    data = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(data))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER.split(",")
    example = dict(zip(HEADER.split(","), rows[1], strict=True))
    assert example["姓名"].startswith("示例")
    assert example["工作单位编码"] in {"A1101", "A0001", "A1001", "A2001"}
    assert workbook.worksheets[1].title == "填写说明"
    # The template as downloaded holds no cadre to import.
    with pytest.raises(ImportFileError):
        importing.read_table(data, "template.xlsx")
