"""Importing organs and people from an .xlsx workbook (sheets 机关 and 人员).

All or nothing: every row is checked first and every problem is reported with its sheet, row
number, column and a Chinese message; only when no row has a problem is anything written, in
one transaction. Roles named in the sheet are not granted (only the 安全管理员 grants roles,
三员分立): they are kept on the post as ``pending_roles`` for the security administrator to confirm.
Nor does anyone get a password the system administrator sees: each new person gets an
activation code request, issued by the security administrator (``password_code_request``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from zhongshu.accounts.models import PasswordCode
from zhongshu.accounts.models import User as UserModel
from zhongshu.accounts.permissions import ensure_admin
from zhongshu.accounts.services import password_code_request
from zhongshu.audit.services import audit_record
from zhongshu.lib.spreadsheets import xlsx_append
from zhongshu.organs.models import Department, Organ, Post, Role

if TYPE_CHECKING:
    from zhongshu.accounts.models import User

ORGAN_SHEET = "机关"
PEOPLE_SHEET = "人员"
ORGAN_COLUMNS = ["全称", "简称", "机关代字", "类别", "上级机关全称"]
PEOPLE_COLUMNS = ["用户名", "姓名", "电话", "机关全称", "处室", "职务", "角色", "上级岗位职务"]
REQUIRED = {"全称", "简称", "类别", "用户名", "姓名", "机关全称", "处室", "职务"}
MAX_LENGTH = {
    "全称": 100,
    "简称": 50,
    "机关代字": 20,
    "用户名": 150,
    "姓名": 50,
    "电话": 30,
    "处室": 100,
    "职务": 50,
}
ROLE_SEPARATORS = [",", "，", "、", ";", "；"]
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowError:
    """One problem: where (sheet, row, column) and what (a Chinese message)."""

    sheet: str
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    """What an import did, or why it did nothing (``errors`` not empty means nothing written)."""

    errors: list[RowError] = field(default_factory=list)
    organs_created: int = 0
    departments_created: int = 0
    people_created: int = 0
    posts_created: int = 0
    # user name and name of each new person, whose activation code the 安全管理员 issues
    activations: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


#: The organ of the template's example rows, and what an upload of them unchanged is told.
EXAMPLE_ORGAN = "示例市交通运输局"
EXAMPLE_HINT = gettext_lazy("（这是导入模板中的示例行，请删除示例行后再导入。）")


def import_template() -> bytes:
    """The downloadable template: both sheets with Chinese headers and one example row each,
    plus a 说明 sheet listing the valid kinds and roles."""
    wb = Workbook()
    organs = wb.active
    organs.title = ORGAN_SHEET
    xlsx_append(organs, ORGAN_COLUMNS)
    xlsx_append(
        organs,
        [EXAMPLE_ORGAN, "市交通局", "示交", str(Organ.Kind.DEPARTMENT.label), "示例市人民政府"],
    )
    people = wb.create_sheet(PEOPLE_SHEET)
    xlsx_append(people, PEOPLE_COLUMNS)
    xlsx_append(
        people,
        [
            "zhangsan",
            "张三",
            "0551-12345678",
            EXAMPLE_ORGAN,
            "办公室",
            "秘书科科员",
            f"{Role.DRAFTER.label},{Role.CLERK.label}",
            "",  # 上级岗位职务: a title of a post of the same organ (in the system or this sheet)
        ],
    )
    for sheet in (organs, people):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 18
    notes = wb.create_sheet("说明")
    xlsx_append(notes, ["说明"])
    xlsx_append(
        notes, ["导入前请删除示例行。上级机关、上级岗位可以是系统中已有的，也可以是本表中的。"]
    )
    xlsx_append(
        notes,
        [
            "角色仅作申请，须由安全管理员确认后生效。新人员的激活码由安全管理员签发，本人凭激活码自行设置密码。"
        ],
    )
    xlsx_append(notes, ["类别可选：" + "、".join(str(label) for label in Organ.Kind.labels)])
    xlsx_append(notes, ["角色可选：" + "、".join(str(label) for label in Role.labels)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_sheet(
    wb, name: str, columns: list[str], errors: list[RowError]
) -> list[tuple[int, dict]]:
    """Rows of one sheet as ``(row number, {column: text})``, skipping blank rows."""
    if name not in wb.sheetnames:
        return []
    sheet = wb[name]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    missing = [c for c in columns if c not in header]
    for column in missing:
        if column in REQUIRED:
            errors.append(
                RowError(name, 1, column, _("缺少表头“%(column)s”。") % {"column": column})
            )
    if any(c in REQUIRED for c in missing):
        return []
    index = {c: header.index(c) for c in columns if c in header}
    result: list[tuple[int, dict]] = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            errors.append(
                RowError(name, number, "", _("行数超过上限 %(max)d。") % {"max": MAX_ROWS})
            )
            break
        record = {c: _text(values[i]) if i < len(values) else "" for c, i in index.items()}
        for c in columns:
            record.setdefault(c, "")
        if any(record.values()):
            result.append((number, record))
    return result


def _check_common(sheet: str, number: int, record: dict, errors: list[RowError]) -> bool:
    ok = True
    for column, value in record.items():
        if column in REQUIRED and not value:
            errors.append(RowError(sheet, number, column, _("不能为空。")))
            ok = False
        elif column in MAX_LENGTH and len(value) > MAX_LENGTH[column]:
            errors.append(
                RowError(
                    sheet,
                    number,
                    column,
                    _("不能超过 %(max)d 个字符。") % {"max": MAX_LENGTH[column]},
                )
            )
            ok = False
    return ok


def _kinds() -> dict[str, str]:
    """类别 as written in a sheet: the Chinese label (党委) or the code (party)."""
    kinds = {str(label): value for value, label in Organ.Kind.choices}
    kinds.update({value: value for value in Organ.Kind.values})
    return kinds


def _parse_roles(text: str) -> tuple[list[str], list[str]]:
    for sep in ROLE_SEPARATORS[1:]:
        text = text.replace(sep, ROLE_SEPARATORS[0])
    by_label = {str(label): value for value, label in Role.choices}
    by_label.update({value: value for value in Role.values})  # codes are accepted too
    roles, unknown = [], []
    for name in (part.strip() for part in text.split(",")):
        if not name:
            continue
        if name in by_label:
            if by_label[name] not in roles:
                roles.append(by_label[name])
        else:
            unknown.append(name)
    return roles, unknown


def _validate(wb) -> tuple[list[RowError], list[tuple[int, dict]], list[tuple[int, dict]]]:
    errors: list[RowError] = []
    if ORGAN_SHEET not in wb.sheetnames and PEOPLE_SHEET not in wb.sheetnames:
        errors.append(RowError("", 0, "", _("工作簿中没有“机关”或“人员”工作表。")))
        return errors, [], []
    organ_rows = _read_sheet(wb, ORGAN_SHEET, ORGAN_COLUMNS, errors)
    people_rows = _read_sheet(wb, PEOPLE_SHEET, PEOPLE_COLUMNS, errors)
    if not organ_rows and not people_rows and not errors:
        errors.append(RowError("", 0, "", _("工作簿中没有数据行。")))

    kinds = _kinds()
    existing_organs = {o.name: o for o in Organ.objects.filter(is_active=True)}
    all_organ_names = set(Organ.objects.values_list("name", flat=True))
    sheet_organs: dict[str, dict] = {}
    for number, rec in organ_rows:
        _check_common(ORGAN_SHEET, number, rec, errors)
        name = rec["全称"]
        if name in all_organ_names:
            errors.append(
                RowError(ORGAN_SHEET, number, "全称", _("机关“%(name)s”已存在。") % {"name": name})
            )
        elif name and name in sheet_organs:
            errors.append(
                RowError(
                    ORGAN_SHEET,
                    number,
                    "全称",
                    _("与第 %(row)d 行重复。") % {"row": sheet_organs[name]["_row"]},
                )
            )
        if rec["类别"] and rec["类别"] not in kinds:
            errors.append(
                RowError(
                    ORGAN_SHEET,
                    number,
                    "类别",
                    _("类别“%(kind)s”无效，可选：%(choices)s。")
                    % {
                        "kind": rec["类别"],
                        "choices": "、".join(str(label) for label in Organ.Kind.labels),
                    },
                )
            )
        # every named, new organ is kept (even with other bad columns) so that its parent is
        # checked too and the report is complete; nothing is written while any error exists
        if name and name not in all_organ_names and name not in sheet_organs:
            sheet_organs[name] = {**rec, "_row": number}
    for name, rec in sheet_organs.items():
        parent = rec["上级机关全称"]
        if parent and parent not in existing_organs and parent not in sheet_organs:
            errors.append(
                RowError(
                    ORGAN_SHEET,
                    rec["_row"],
                    "上级机关全称",
                    _("上级机关“%(name)s”不存在。") % {"name": parent}
                    # the template's example row uploaded as it came: say what it is
                    + (str(EXAMPLE_HINT) if name == EXAMPLE_ORGAN else ""),
                )
            )
        elif parent == name:
            errors.append(
                RowError(ORGAN_SHEET, rec["_row"], "上级机关全称", _("上级机关不能是本机关。"))
            )
    # cycles among the sheet's own organs (a self-parent is reported above)
    for name, rec in sheet_organs.items():
        seen: set[str] = set()
        node = rec["上级机关全称"] if rec["上级机关全称"] != name else ""
        while node in sheet_organs and node not in seen:
            if node == name:
                errors.append(
                    RowError(ORGAN_SHEET, rec["_row"], "上级机关全称", _("上级机关关系形成循环。"))
                )
                break
            seen.add(node)
            node = sheet_organs[node]["上级机关全称"]

    validate_username = UnicodeUsernameValidator()
    existing_usernames = set(UserModel.objects.values_list("username", flat=True))
    usernames: dict[str, int] = {}
    titles: dict[tuple[str, str], list[int]] = {}
    for number, rec in people_rows:
        _check_common(PEOPLE_SHEET, number, rec, errors)
        username = rec["用户名"]
        if username:
            try:
                validate_username(username)
            except ValidationError:
                errors.append(
                    RowError(
                        PEOPLE_SHEET, number, "用户名", _("用户名只能包含字母、数字和 @/./+/-/_。")
                    )
                )
            if username in existing_usernames:
                errors.append(
                    RowError(
                        PEOPLE_SHEET,
                        number,
                        "用户名",
                        _("用户名“%(name)s”已存在。") % {"name": username},
                    )
                )
            elif username in usernames:
                errors.append(
                    RowError(
                        PEOPLE_SHEET,
                        number,
                        "用户名",
                        _("与第 %(row)d 行重复。") % {"row": usernames[username]},
                    )
                )
            usernames.setdefault(username, number)
        organ = rec["机关全称"]
        if organ and organ not in existing_organs and organ not in sheet_organs:
            errors.append(
                RowError(
                    PEOPLE_SHEET, number, "机关全称", _("机关“%(name)s”不存在。") % {"name": organ}
                )
            )
        roles, unknown = _parse_roles(rec["角色"])
        if unknown:
            errors.append(
                RowError(
                    PEOPLE_SHEET,
                    number,
                    "角色",
                    _("角色无效：%(names)s。") % {"names": "、".join(unknown)},
                )
            )
        rec["_roles"] = roles
        if organ and rec["职务"]:
            titles.setdefault((organ, rec["职务"]), []).append(number)
    existing_posts: dict[tuple[str, str], list[Post]] = {}
    for post in Post.objects.filter(
        is_active=True, department__organ__is_active=True
    ).select_related("department__organ"):
        existing_posts.setdefault((post.department.organ.name, post.title), []).append(post)
    for number, rec in people_rows:
        boss = rec["上级岗位职务"]
        if not boss or not rec["机关全称"]:
            continue
        key = (rec["机关全称"], boss)
        candidates = len(titles.get(key, [])) + len(existing_posts.get(key, []))
        if boss == rec["职务"] and candidates == 1:
            errors.append(
                RowError(PEOPLE_SHEET, number, "上级岗位职务", _("上级岗位不能是本岗位。"))
            )
        elif candidates == 0:
            errors.append(
                RowError(
                    PEOPLE_SHEET,
                    number,
                    "上级岗位职务",
                    _("本机关中没有职务为“%(title)s”的岗位。") % {"title": boss},
                )
            )
        elif candidates > 1:
            errors.append(
                RowError(
                    PEOPLE_SHEET,
                    number,
                    "上级岗位职务",
                    _("本机关中职务为“%(title)s”的岗位不止一个，无法确定。") % {"title": boss},
                )
            )
    errors.sort(key=lambda e: (e.sheet != ORGAN_SHEET, e.sheet, e.row))
    return (
        errors,
        [(n, sheet_organs[r["全称"]]) for n, r in organ_rows if r["全称"] in sheet_organs],
        people_rows,
    )


def organs_people_import(*, actor: User, file: Any, request: Any = None) -> ImportResult:
    """Validate every row of the workbook, then (only if all are valid) create it all.

    1. Read both sheets and collect every problem; return them without writing if any.
    2. In one transaction: organs parents first, then departments (reused when the organ
       already has one of that name), people (no password: an activation code request each),
       posts with pending roles, and finally each post's ``reports_to``.
    3. One audit line listing what was created.
    """
    ensure_admin(actor, "system", request=request)
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return ImportResult(errors=[RowError("", 0, "", _("文件不是有效的 .xlsx 工作簿。"))])
    try:
        errors, organ_rows, people_rows = _validate(wb)
    finally:
        wb.close()
    result = ImportResult(errors=errors)
    if errors:
        return result
    kinds = _kinds()
    with transaction.atomic(durable=True):
        organs = {o.name: o for o in Organ.objects.filter(is_active=True)}
        pending = [rec for _, rec in organ_rows]
        while pending:
            ready = [r for r in pending if not r["上级机关全称"] or r["上级机关全称"] in organs]
            for rec in ready:
                organ = Organ(
                    name=rec["全称"],
                    short_name=rec["简称"],
                    org_code=rec["机关代字"],
                    kind=kinds[rec["类别"]],
                    parent=organs.get(rec["上级机关全称"]) if rec["上级机关全称"] else None,
                )
                organ.full_clean()
                organ.save()
                organs[organ.name] = organ
                result.organs_created += 1
            pending = [r for r in pending if r not in ready]
            if not ready:  # guarded by validation; stops a loop rather than spin
                raise ValidationError(_("上级机关关系形成循环。"))
        departments = {
            (d.organ_id, d.name): d for d in Department.objects.filter(organ__in=organs.values())
        }
        created_posts: list[tuple[Post, dict]] = []
        usernames: list[str] = []
        for _number, rec in people_rows:
            organ = organs[rec["机关全称"]]
            dept = departments.get((organ.pk, rec["处室"]))
            if dept is None:
                dept = Department.objects.create(
                    organ=organ, name=rec["处室"], is_office=rec["处室"] in {"办公室", "办公厅"}
                )
                departments[(organ.pk, dept.name)] = dept
                result.departments_created += 1
            person = UserModel(
                username=rec["用户名"],
                full_name=rec["姓名"],
                phone=rec["电话"],
                must_change_password=False,
            )
            person.set_unusable_password()
            person.full_clean()
            person.save()
            password_code_request(user=person, actor=actor, purpose=PasswordCode.Purpose.ACTIVATE)
            result.activations.append((person.username, person.full_name))
            usernames.append(person.username)
            post = Post.objects.create(
                department=dept, title=rec["职务"], holder=person, pending_roles=rec["_roles"]
            )
            created_posts.append((post, rec))
        result.people_created = len(usernames)
        result.posts_created = len(created_posts)
        by_title: dict[tuple[int, str], Post] = {}
        for post in Post.objects.filter(
            is_active=True, department__organ__in=organs.values()
        ).select_related("department"):
            by_title[(post.department.organ_id, post.title)] = post
        for post, rec in created_posts:
            if rec["上级岗位职务"]:
                boss = by_title[(post.department.organ_id, rec["上级岗位职务"])]
                Post.objects.filter(pk=post.pk).update(reports_to=boss)
        audit_record(
            actor=actor,
            action="organs.import",
            request=request,
            extra={
                "organs": [rec["全称"] for _, rec in organ_rows],
                "people": usernames,
                "departments_created": result.departments_created,
                "posts_created": result.posts_created,
            },
        )
    return result


def organs_people_export(*, actor: User, request: Any = None) -> bytes:
    """The active organs and the people on their active posts, in the import's own format.

    The round trip matters: an organ can export, correct the sheet offline and import the new
    rows elsewhere. Exporting personal data is audited (who took the list, and how big it was).
    """
    ensure_admin(actor, "system", request=request)
    labels = dict(Role.choices)
    wb = Workbook()
    organs_sheet = wb.active
    organs_sheet.title = ORGAN_SHEET
    xlsx_append(organs_sheet, ORGAN_COLUMNS)
    organs = list(
        Organ.objects.filter(is_active=True).select_related("parent").order_by("sort_order", "id")
    )
    for organ in organs:
        xlsx_append(
            organs_sheet,
            [
                organ.name,
                organ.short_name,
                organ.org_code,
                str(organ.get_kind_display()),
                organ.parent.name if organ.parent_id else "",
            ],
        )
    people_sheet = wb.create_sheet(PEOPLE_SHEET)
    xlsx_append(people_sheet, PEOPLE_COLUMNS)
    posts = (
        Post.objects.filter(
            is_active=True,
            holder__isnull=False,
            holder__is_active=True,
            department__is_active=True,
            department__organ__is_active=True,
        )
        .select_related("holder", "department__organ", "reports_to")
        .prefetch_related("roles")
        .order_by(
            "department__organ__sort_order",
            "department__organ_id",
            "department__sort_order",
            "sort_order",
            "id",
        )
    )
    count = 0
    for post in posts:
        person = post.holder
        xlsx_append(
            people_sheet,
            [
                person.username,
                person.full_name,
                person.phone,
                post.department.organ.name,
                post.department.name,
                post.title,
                ",".join(  # in the order of Role, so the sheet reads the same every time
                    str(labels[role])
                    for role in Role.values
                    if role in {r.role for r in post.roles.all()}
                ),
                post.reports_to.title if post.reports_to_id else "",
            ],
        )
        count += 1
    for sheet in (organs_sheet, people_sheet):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    audit_record(
        actor=actor,
        action="organs.export",
        request=request,
        extra={"organs": len(organs), "people_rows": count},
    )
    return buffer.getvalue()
