"""Importing organs and people from .xlsx: all rows valid, or nothing written and every problem
reported with sheet, row, column and a Chinese message."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from zhongshu.accounts.models import PasswordCode, User
from zhongshu.audit.models import AuditEvent
from zhongshu.organs import services
from zhongshu.organs.models import Department, Organ, Post, PostRole, Role
from zhongshu.organs.services.importing import ORGAN_COLUMNS, PEOPLE_COLUMNS


def workbook(
    organs=(), people=(), *, organ_header=ORGAN_COLUMNS, people_header=PEOPLE_COLUMNS
) -> io.BytesIO:
    wb = Workbook()
    sheet = wb.active
    sheet.title = "机关"
    sheet.append(list(organ_header))
    for row in organs:
        sheet.append(list(row))
    sheet = wb.create_sheet("人员")
    sheet.append(list(people_header))
    for row in people:
        sheet.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


GOOD_ORGANS = [
    ("甲市交通运输局", "甲市交通局", "甲交", "部门", "甲市人民政府"),
    ("甲市交通运输局下属中心", "交通中心", "", "其他", "甲市交通运输局"),
]
GOOD_PEOPLE = [
    ("jt_chief", "陈局长", "0551-1", "甲市交通运输局", "办公室", "局长", "主要负责人", ""),
    (
        "jt_director",
        "周主任",
        13800000000,
        "甲市交通运输局",
        "办公室",
        "办公室主任",
        "办公室主任，核稿人",
        "局长",
    ),
    (
        "jt_clerk",
        "吴文书",
        "",
        "甲市交通运输局",
        "办公室",
        "文书",
        "文书/收发员、拟稿人",
        "办公室主任",
    ),
]


def test_a_valid_workbook_creates_organs_people_and_posts_with_roles_pending(system_admin, organ_a):
    result = services.organs_people_import(
        actor=system_admin, file=workbook(GOOD_ORGANS, GOOD_PEOPLE)
    )
    assert result.ok is True, result.errors
    assert (result.organs_created, result.people_created, result.posts_created) == (2, 3, 3)
    bureau = Organ.objects.get(name="甲市交通运输局")
    assert bureau.parent == organ_a and bureau.kind == Organ.Kind.DEPARTMENT
    assert Organ.objects.get(name="甲市交通运输局下属中心").parent == bureau
    office = Department.objects.get(organ=bureau, name="办公室")
    assert office.is_office is True
    clerk_post = Post.objects.get(holder__username="jt_clerk")
    assert clerk_post.department == office
    assert clerk_post.reports_to == Post.objects.get(holder__username="jt_director")
    assert clerk_post.pending_roles == [Role.CLERK, Role.DRAFTER]
    assert not PostRole.objects.filter(post=clerk_post).exists()  # only the security admin grants
    person = User.objects.get(username="jt_director")
    assert person.phone == "13800000000"
    # no password anyone knows: an activation code for the security administrator to issue
    assert person.has_usable_password() is False
    assert ("jt_clerk", "吴文书") in result.activations
    assert PasswordCode.objects.filter(
        user__username="jt_clerk",
        purpose=PasswordCode.Purpose.ACTIVATE,
        status=PasswordCode.Status.REQUESTED,
    ).exists()
    event = AuditEvent.objects.get(action="organs.import")
    assert event.extra["people"] == ["jt_chief", "jt_director", "jt_clerk"]


def test_one_bad_row_writes_nothing_and_every_problem_is_reported(system_admin, organ_a, clerk):
    """GIVEN a workbook with good rows and five kinds of bad ones
    WHEN it is imported
    THEN nothing at all is written and each problem names its sheet, row and column."""
    organs = [
        *GOOD_ORGANS,
        ("", "无名", "", "部门", ""),  # row 4: no full name
        ("甲市测试局", "测试局", "", "星球", "不存在的机关"),  # row 5: bad kind, unknown parent
    ]
    people = [
        *GOOD_PEOPLE,
        (
            clerk.username,
            "重名",
            "",
            "甲市交通运输局",
            "办公室",
            "科员",
            "",
            "",
        ),  # row 5: username taken
        (
            "new_one",
            "某人",
            "",
            "甲市交通运输局",
            "办公室",
            "科员",
            "皇帝",
            "处长",
        ),  # row 6: role, boss
        (
            "jt_clerk",
            "重复",
            "",
            "乙市",
            "办公室",
            "科员",
            "",
            "",
        ),  # row 7: duplicate, unknown organ
    ]
    organs_before, users_before = Organ.objects.count(), User.objects.count()
    result = services.organs_people_import(actor=system_admin, file=workbook(organs, people))
    assert result.ok is False
    found = {(e.sheet, e.row, e.column) for e in result.errors}
    assert {
        ("机关", 4, "全称"),
        ("机关", 5, "类别"),
        ("机关", 5, "上级机关全称"),
        ("人员", 5, "用户名"),
        ("人员", 6, "角色"),
        ("人员", 6, "上级岗位职务"),
        ("人员", 7, "用户名"),
        ("人员", 7, "机关全称"),
    } <= found
    messages = {(e.sheet, e.row, e.column): e.message for e in result.errors}
    assert "不能为空" in messages[("机关", 4, "全称")]
    assert "皇帝" in messages[("人员", 6, "角色")]
    assert "已存在" in messages[("人员", 5, "用户名")]
    assert Organ.objects.count() == organs_before
    assert User.objects.count() == users_before
    assert not AuditEvent.objects.filter(action="organs.import").exists()


def test_an_existing_organ_name_and_a_cycle_of_parents_are_reported(system_admin, organ_a):
    organs = [
        ("甲市人民政府", "甲府", "", "政府", ""),
        ("循环一局", "循一", "", "部门", "循环二局"),
        ("循环二局", "循二", "", "部门", "循环一局"),
    ]
    result = services.organs_people_import(actor=system_admin, file=workbook(organs))
    columns = {(e.row, e.column) for e in result.errors}
    assert (2, "全称") in columns
    assert (3, "上级机关全称") in columns and (4, "上级机关全称") in columns


def test_a_missing_required_header_is_reported_on_row_1(system_admin):
    result = services.organs_people_import(
        actor=system_admin,
        file=workbook(
            [("某局", "某局", "", "部门", "")], organ_header=["全称", "简称", "机关代字"]
        ),
    )
    assert ("机关", 1, "类别") in {(e.sheet, e.row, e.column) for e in result.errors}
    assert not Organ.objects.filter(name="某局").exists()


def test_a_file_that_is_not_a_workbook_is_reported(system_admin):
    result = services.organs_people_import(actor=system_admin, file=io.BytesIO(b"not a zip"))
    assert result.ok is False
    assert "xlsx" in result.errors[0].message


def test_only_the_system_admin_imports(security_admin):
    with pytest.raises(PermissionDenied):
        services.organs_people_import(actor=security_admin, file=workbook(GOOD_ORGANS))
    assert not Organ.objects.filter(name="甲市交通运输局").exists()


def test_the_template_has_chinese_headers_and_one_example_row(client, system_admin):
    client.force_login(system_admin)
    response = client.get(reverse("organs:import_template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb["机关"][1]] == ORGAN_COLUMNS
    assert [c.value for c in wb["人员"][1]] == PEOPLE_COLUMNS
    assert wb["机关"].max_row == 2 and wb["人员"].max_row == 2


def test_the_template_itself_imports_once_its_parent_organ_exists(system_admin):
    Organ.objects.create(name="示例市人民政府", short_name="示例市政府", kind=Organ.Kind.GOVERNMENT)
    result = services.organs_people_import(
        actor=system_admin, file=io.BytesIO(services.import_template())
    )
    assert result.ok is True, result.errors
    assert (result.organs_created, result.people_created) == (1, 1)
    assert User.objects.get(username="zhangsan").full_name == "张三"


def test_the_upload_page_shows_the_error_report(client, system_admin, organ_a):
    client.force_login(system_admin)
    upload = SimpleUploadedFile("organs.xlsx", workbook([("", "无名", "", "部门", "")]).getvalue())
    response = client.post(reverse("organs:import_upload"), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "import-errors" in page and "不能为空" in page and "未导入任何数据" in page


def test_the_upload_page_imports_and_shows_no_password(client, system_admin, organ_a):
    client.force_login(system_admin)
    upload = SimpleUploadedFile("organs.xlsx", workbook(GOOD_ORGANS, GOOD_PEOPLE).getvalue())
    response = client.post(reverse("organs:import_upload"), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "导入成功" in page and "import-activations" in page and "jt_clerk" in page
    assert "待安全管理员签发" in page
    assert User.objects.filter(username__startswith="jt_").count() == 3


def test_the_upload_page_refuses_a_file_that_is_not_xlsx(client, system_admin):
    client.force_login(system_admin)
    upload = SimpleUploadedFile("organs.csv", b"a,b")
    response = client.post(reverse("organs:import_upload"), {"file": upload})
    assert response.status_code == 200
    assert ".xlsx" in response.content.decode()


def test_kinds_and_roles_may_be_written_as_codes(system_admin, organ_a):
    organs = [("甲市档案馆", "市档案馆", "", "department", "甲市人民政府")]
    people = [("dag_a", "档案甲", "", "甲市档案馆", "办公室", "档案员", "archivist, 拟稿人", "")]
    result = services.organs_people_import(actor=system_admin, file=workbook(organs, people))
    assert result.ok is True, result.errors
    assert Organ.objects.get(name="甲市档案馆").kind == Organ.Kind.DEPARTMENT
    assert Post.objects.get(holder__username="dag_a").pending_roles == [
        Role.ARCHIVIST,
        Role.DRAFTER,
    ]


def test_the_export_lists_organs_and_people_in_the_import_format(
    client, system_admin, clerk, director, outsider
):
    client.force_login(system_admin)
    response = client.get(reverse("organs:export_workbook"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb["人员"][1]] == PEOPLE_COLUMNS
    rows = {row[0]: row for row in wb["人员"].iter_rows(min_row=2, values_only=True)}
    assert rows[clerk.username][1:] == (
        "张文书",
        None,
        "甲市人民政府",
        "办公室",
        "秘书科科员",
        "拟稿人,文书/收发员",
        "办公室主任",
    )
    organs = {row[0] for row in wb["机关"].iter_rows(min_row=2, values_only=True)}
    assert {"甲市人民政府", "乙县人民政府"} <= organs
    event = AuditEvent.objects.get(action="organs.export")
    assert event.extra["people_rows"] == 4


def test_an_exported_workbook_imports_into_an_empty_system(
    system_admin, clerk, director, principal
):
    """GIVEN an export of organ A
    WHEN organ A's people and organ are renamed away and the workbook imported again
    THEN the organ, departments, posts with their reporting lines and pending roles come back."""
    data = services.organs_people_export(actor=system_admin)
    Organ.objects.filter(name="甲市人民政府").update(name="甲市人民政府（旧）")
    User.objects.filter(pk__in=[clerk.pk, director.pk, principal.pk]).update(
        username=models.functions.Concat("username", models.Value("_old"))
    )
    result = services.organs_people_import(actor=system_admin, file=io.BytesIO(data))
    assert result.ok is True, result.errors
    new_clerk_post = Post.objects.get(holder__username=clerk.username)
    assert new_clerk_post.department.organ.name == "甲市人民政府"
    assert new_clerk_post.reports_to.holder.username == director.username
    assert sorted(new_clerk_post.pending_roles) == sorted([Role.CLERK, Role.DRAFTER])


def test_only_the_system_admin_exports(security_admin):
    with pytest.raises(PermissionDenied):
        services.organs_people_export(actor=security_admin)


def test_a_row_refused_by_the_database_undoes_the_import_and_the_page_says_why(
    client, system_admin, organ_a, monkeypatch
):
    from django.core.exceptions import ValidationError

    from zhongshu.accounts.models import User as UserModel

    def refuse(self, *args, **kwargs):
        raise ValidationError({"username": ["用户名已被使用，请换一个。"]})

    monkeypatch.setattr(UserModel, "full_clean", refuse)
    client.force_login(system_admin)
    upload = SimpleUploadedFile("organs.xlsx", workbook(GOOD_ORGANS, GOOD_PEOPLE).getvalue())
    response = client.post(reverse("organs:import_upload"), {"file": upload})
    assert response.status_code == 200
    assert "用户名已被使用" in response.content.decode()
    assert not Organ.objects.filter(name="甲市交通运输局").exists()


def test_the_template_uploaded_unchanged_is_told_to_delete_its_example_row(system_admin):
    result = services.organs_people_import(
        actor=system_admin, file=io.BytesIO(services.import_template())
    )
    assert result.ok is False
    assert any("这是导入模板中的示例行" in error.message for error in result.errors)
