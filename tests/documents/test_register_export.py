"""The 发文登记簿 exported as .xlsx over HTTP: the workbook's content, filters, audit, scope."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import load_workbook

from zhongshu.audit.models import AuditEvent
from zhongshu.documents import services
from zhongshu.documents.models import OutgoingDocument

Status = OutgoingDocument.Status
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(response) -> list[list]:
    book = load_workbook(io.BytesIO(response.getvalue()))
    sheet = book.active
    return [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]


def _issued(cast, title: str) -> OutgoingDocument:
    return cast.advance(cast.draft(title=title), Status.DISPATCHED)


def test_the_export_lists_every_number_of_the_year_with_its_document(cast, client):
    year = timezone.localdate().year
    first = _issued(cast, "甲市人民政府关于防汛工作的通知")
    second = _issued(cast, "甲市人民政府关于教育工作的通知")
    client.force_login(cast.clerk)

    response = client.get(
        f"/documents/numbers/export.xlsx?organ={cast.clerk.posts.first().department.organ_id}&year={year}"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][:3] == ["发文字号", "标题", "文种"]
    assert [r[0] for r in rows[1:]] == [first.doc_number, second.doc_number]
    assert rows[1][1] == first.title
    assert rows[1][6] == str(cast.drafter)
    assert rows[1][7] == str(cast.leader)
    assert rows[1][12] == "已核发"


def test_the_export_keeps_a_voided_number_marked_as_voided(cast, client):
    document = cast.advance(cast.draft(), Status.SEAL)
    voided = document.doc_number
    services.number_void(document=document, actor=cast.clerk, reason="文号登记错误")
    client.force_login(cast.clerk)

    rows = _rows(client.get("/documents/numbers/export.xlsx"))

    assert [r[0] for r in rows[1:]] == [voided]
    assert rows[1][12] == "已作废"
    assert rows[1][13] == "文号登记错误"


def test_the_export_applies_the_query_and_the_year_of_the_page(cast, client):
    _issued(cast, "甲市人民政府关于防汛工作的通知")
    _issued(cast, "甲市人民政府关于教育工作的通知")
    client.force_login(cast.clerk)
    year = timezone.localdate().year

    matching = _rows(client.get(f"/documents/numbers/export.xlsx?q=防汛&year={year}"))
    other_year = _rows(client.get(f"/documents/numbers/export.xlsx?year={year - 1}"))
    page = client.get(f"/documents/numbers/?q=防汛&year={year}").content.decode()

    assert [r[1] for r in matching[1:]] == ["甲市人民政府关于防汛工作的通知"]
    assert other_year[1:] == []
    assert "防汛" in page
    assert "教育工作" not in page
    assert "numbers/export.xlsx?q=" in page


def test_the_export_is_audited_with_its_filters_and_row_count(cast, client):
    _issued(cast, "甲市人民政府关于防汛工作的通知")
    client.force_login(cast.clerk)

    client.get("/documents/numbers/export.xlsx?q=防汛")

    event = AuditEvent.objects.filter(action="outgoing_register_export").get()
    assert event.actor == cast.clerk
    assert event.extra["rows"] == 1
    assert event.extra["query"] == "防汛"


def test_a_person_outside_the_office_cannot_export_the_register(cast, client):
    client.force_login(cast.drafter)

    response = client.get("/documents/numbers/export.xlsx")

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="outgoing_register_export").exists()


def test_another_organs_office_never_receives_this_organs_numbers(cast, client, outsider, organ_a):
    _issued(cast, "甲市人民政府关于防汛工作的通知")
    client.force_login(outsider)

    rows = _rows(client.get(f"/documents/numbers/export.xlsx?organ={organ_a.pk}"))

    assert rows[1:] == []


def test_the_api_exports_the_same_register_with_its_filters(cast, client):
    year = timezone.localdate().year
    _issued(cast, "甲市人民政府关于防汛工作的通知")
    _issued(cast, "甲市人民政府关于教育工作的通知")
    client.force_login(cast.clerk)

    response = client.get(f"/api/documents/numbers/export.xlsx?query=防汛&year={year}")

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert [r[1] for r in _rows(response)[1:]] == ["甲市人民政府关于防汛工作的通知"]
    assert AuditEvent.objects.filter(action="outgoing_register_export").count() == 1


def test_the_api_refuses_another_organs_register_with_403(cast, client, outsider, organ_a):
    client.force_login(outsider)

    response = client.get(f"/api/documents/numbers/export.xlsx?organ={organ_a.pk}")

    assert response.status_code == 403
    assert "办公室人员" in response.json()["message"]


def test_the_export_writes_dates_as_date_cells_read_as_2026年10月29日(cast, client):
    """A clerk sorts and filters the register by date in Excel, and reads 2026年…日, not ISO."""
    document = _issued(cast, "甲市人民政府关于防汛工作的通知")
    client.force_login(cast.clerk)

    response = client.get("/documents/numbers/export.xlsx")

    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    signed, allocated, dispatched = sheet["I2"], sheet["K2"], sheet["L2"]
    assert signed.value.date() == document.signed_on
    assert signed.number_format == 'yyyy"年"m"月"d"日"'
    number = document.numbers.get()
    assert allocated.value == timezone.localtime(number.allocated_at).replace(
        tzinfo=None, second=0, microsecond=0
    )
    assert allocated.number_format == 'yyyy"年"m"月"d"日" hh:mm'
    assert dispatched.is_date is True


def _classified_registered(cast):
    """A 秘密 document registered by a cleared office, read by a clerk without clearance."""
    from zhongshu.organs.models import Classification

    for person in (cast.drafter, cast.dept_head, cast.director, cast.leader, cast.principal):
        person.clearance = Classification.SECRET
        person.save(update_fields=["clearance"])
    document = cast.draft(
        title="甲市人民政府关于重要目标安全保卫工作的通知",
        classification="秘密",
        classification_period="1年",
    )
    document = cast.advance(document, Status.REGISTER)
    cast.clerk.clearance = Classification.SECRET
    cast.clerk.save(update_fields=["clearance"])
    services.document_register(document=document, actor=cast.clerk)
    cast.clerk.clearance = Classification.NONE
    cast.clerk.save(update_fields=["clearance"])
    document.refresh_from_db()
    return document


def test_the_register_masks_a_title_above_the_readers_clearance(cast, client):
    """
    GIVEN a 秘密 document with its number in the register
    WHEN an office clerk without clearance reads the register, exports it, or searches it
    THEN the number is listed, but not the title (nor a link), and a title search finds nothing
    """
    document = _classified_registered(cast)
    client.force_login(cast.clerk)
    year = timezone.localdate().year

    page = client.get("/documents/numbers/").content.decode()
    rows = _rows(client.get("/documents/numbers/export.xlsx"))
    api_rows = _rows(client.get("/api/documents/numbers/export.xlsx"))
    searched = client.get(f"/documents/numbers/?q=保卫&year={year}").content.decode()

    assert document.doc_number in page
    assert "保卫" not in page
    assert f'href="/documents/{document.pk}/"' not in page
    assert "涉密公文，标题不予显示" in page
    assert rows[1][0] == document.doc_number
    assert rows[1][1] == "（涉密公文，标题不予显示）"
    assert api_rows[1][1] == "（涉密公文，标题不予显示）"
    assert document.doc_number not in searched


def test_a_cleared_reader_sees_the_classified_title(cast, client):
    document = _classified_registered(cast)
    client.force_login(cast.director)

    page = client.get("/documents/numbers/").content.decode()

    assert document.title in page


def test_a_clerk_serving_two_organs_opens_the_register_of_her_own_work(cast, client, organ_b):
    """
    GIVEN a clerk who is also 文书 of another organ listed first
    WHEN she opens the register without choosing
    THEN she sees the organ she last registered a number in, not the first of the list
    """
    from tests.organs.factories import DepartmentFactory, PostFactory
    from zhongshu.organs.models import Role

    organ_b.sort_order = 0
    organ_b.save(update_fields=["sort_order"])
    cast.clerk.posts.first().department.organ.__class__.objects.exclude(pk=organ_b.pk).update(
        sort_order=99
    )
    office_b = DepartmentFactory(organ=organ_b, name="办公室", is_office=True)
    PostFactory(department=office_b, title="文书", holder=cast.clerk, roles=[Role.CLERK])
    document = _issued(cast, "甲市人民政府关于防汛工作的通知")
    client.force_login(cast.clerk)

    page = client.get("/documents/numbers/").content.decode()

    assert document.doc_number in page
