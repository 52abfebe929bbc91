"""归档 per DA/T 22-2015: 档号, 件号 order, page counts, dates, retention table, export, access."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from xml.etree import ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.archive.conftest import make_dispatched, pdf_bytes
from zhongshu.audit.models import AuditEvent
from zhongshu.documents.archive import services
from zhongshu.documents.archive.models import ArchiveFonds, ArchiveItem
from zhongshu.documents.archive.pdfpages import PageCountError, pdf_page_count
from zhongshu.documents.incoming.models import IncomingDocument, IncomingStep
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs.models import Classification

Status = IncomingDocument.Status


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_archival_code_has_the_standard_form(organ_a, clerk, archivist):
    ArchiveFonds.objects.create(organ=organ_a, code="0194")
    outgoing = make_dispatched(organ_a, clerk, signed_on=date(2026, 3, 9))

    item = services.archive_file(actor=archivist, outgoing=outgoing, class_code="bgs")

    assert item.archival_code == "0194-WS·2026-D30-BGS-0001"
    assert (item.year, item.retention, item.class_code, item.seq) == (2026, "D30", "BGS", 1)
    assert AuditEvent.objects.filter(action="archive_file", actor_id=archivist.pk).exists()


def test_an_organ_without_a_fonds_code_uses_its_id_zero_padded(organ_a, clerk, archivist):
    item = services.archive_file(actor=archivist, outgoing=make_dispatched(organ_a, clerk))

    assert item.archival_code.startswith(f"{organ_a.pk:04d}-WS·2026-")


def test_file_numbers_are_gap_free_per_class_and_sort_as_numbers_so_2_comes_before_10(
    organ_a, clerk, archivist
):
    items = [
        services.archive_file(
            actor=archivist, outgoing=make_dispatched(organ_a, clerk, number=n, pages=1)
        )
        for n in range(1, 12)
    ]
    other_class = services.archive_file(
        actor=archivist, outgoing=make_dispatched(organ_a, clerk, number=20), class_code="ZHC"
    )

    assert [i.seq for i in items] == list(range(1, 12))
    assert other_class.seq == 1
    listed = list(
        ArchiveItem.objects.filter(organ=organ_a, class_code="BGS").values_list("seq", flat=True)
    )
    assert listed.index(2) < listed.index(10)
    response = _client(archivist).get(reverse("archive:list"), {"year": 2026})
    body = response.content.decode()
    assert body.index("-BGS-0002") < body.index("-BGS-0010")


def test_the_page_count_is_read_from_the_pdf(organ_a, clerk, archivist):
    item = services.archive_file(actor=archivist, outgoing=make_dispatched(organ_a, clerk, pages=3))

    assert item.pages == 3
    assert pdf_page_count(pdf_bytes(7)) == 7
    with pytest.raises(PageCountError):
        pdf_page_count(b"not a pdf")


def test_an_incremental_update_does_not_count_a_page_twice():
    original = pdf_bytes(2)
    # an incremental update re-writes the first page object (as the watermark does)
    first_page = original[
        original.index(b"3 0 obj") : original.index(b"endobj", original.index(b"3 0 obj")) + 6
    ]
    updated = original + b"\n" + first_page + b"\n%%EOF\n"

    assert pdf_page_count(updated) == 2


def test_the_date_is_the_sign_off_date_for_outgoing_and_the_receipt_date_for_incoming(
    cast, organ_a, clerk, archivist
):
    outgoing = make_dispatched(organ_a, clerk, signed_on=date(2026, 2, 3))
    incoming = cast.advance(cast.receive(), Status.CLOSED)

    out_item = services.archive_file(actor=archivist, outgoing=outgoing)
    in_item = services.archive_file(actor=archivist, incoming=incoming)

    assert out_item.date == date(2026, 2, 3)
    incoming.refresh_from_db()
    assert in_item.date == timezone.localtime(incoming.acknowledged_at).date()


def test_filing_an_incoming_document_keeps_the_slip_and_moves_it_to_filed(cast, archivist):
    incoming = cast.advance(cast.receive(), Status.CLOSED)

    item = services.archive_file(actor=archivist, incoming=incoming, class_code="ZHC")

    incoming.refresh_from_db()
    assert incoming.status == Status.FILED
    assert incoming.retention == "D30"
    assert incoming.steps.filter(
        action=IncomingStep.Action.FILE, opinion=item.archival_code
    ).exists()
    assert item.slip_sha256 != "" or item.pages >= 1
    assert item.responsible == "乙县人民政府"
    assert item.pages == pdf_page_count(item.file.read()) + (
        pdf_page_count(item.slip.read()) if item.slip else 0
    )


def test_retention_comes_from_the_configured_table_with_a_default(
    settings, organ_a, clerk, archivist
):
    letter = services.archive_file(
        actor=archivist, outgoing=make_dispatched(organ_a, clerk, doc_type="函", number=1)
    )
    important = services.archive_file(
        actor=archivist,
        outgoing=make_dispatched(organ_a, clerk, doc_type="通知", important=True, number=2),
    )
    settings.ZHONGSHU_ARCHIVE_RETENTION = {"通知": "D10", "*": "Y"}
    notice = services.archive_file(
        actor=archivist, outgoing=make_dispatched(organ_a, clerk, doc_type="通知", number=3)
    )
    report = services.archive_file(
        actor=archivist, outgoing=make_dispatched(organ_a, clerk, doc_type="报告", number=4)
    )

    assert (letter.retention, important.retention) == ("D10", "Y")
    assert (notice.retention, report.retention) == ("D10", "Y")


def test_a_document_is_filed_once_and_only_when_closed(cast, organ_a, clerk, archivist):
    outgoing = make_dispatched(organ_a, clerk)
    services.archive_file(actor=archivist, outgoing=outgoing)
    open_incoming = cast.advance(cast.receive(), Status.REGISTERED)

    with pytest.raises(ApplicationError, match="已归档"):
        services.archive_file(actor=archivist, outgoing=outgoing)
    with pytest.raises(ApplicationError, match="已办结"):
        services.archive_file(actor=archivist, incoming=open_incoming)
    with pytest.raises(ValidationError, match="机构"):
        services.archive_file(
            actor=archivist, outgoing=make_dispatched(organ_a, clerk, number=2), class_code="办公"
        )


def test_only_the_organs_archivist_files(organ_a, clerk, director, outsider, archivist):
    outgoing = make_dispatched(organ_a, clerk)

    for person in (clerk, director, outsider):
        with pytest.raises(PermissionDenied, match="档案员"):
            services.archive_file(actor=person, outgoing=outgoing)
    assert not ArchiveItem.objects.exists()


def test_the_filing_page_is_404_for_an_outsider_and_403_for_a_clerk(
    organ_a, clerk, outsider, archivist
):
    outgoing = make_dispatched(organ_a, clerk)
    url = reverse("archive:file", args=["outgoing", outgoing.pk])

    assert _client(outsider).post(url, {"class_code": "BGS"}).status_code == 404
    assert _client(clerk).post(url, {"class_code": "BGS"}).status_code == 403
    assert _client(clerk).get(reverse("archive:list")).status_code == 403
    response = _client(archivist).post(url, {"class_code": "BGS"}, follow=True)
    assert response.status_code == 200
    assert "已归档，档号" in response.content.decode()
    assert ArchiveItem.objects.filter(outgoing=outgoing).exists()


def test_bad_input_on_the_filing_page_is_a_chinese_message_not_a_500(organ_a, clerk, archivist):
    outgoing = make_dispatched(organ_a, clerk)

    response = _client(archivist).post(
        reverse("archive:file", args=["outgoing", outgoing.pk]),
        {"class_code": "!!", "retention": "D99"},
        follow=True,
    )

    assert response.status_code == 200
    assert "机构（问题）代码" in response.content.decode()
    assert not ArchiveItem.objects.exists()


def test_the_year_exports_as_a_zip_of_pdfs_a_catalogue_and_xml_in_numeric_order(
    cast, organ_a, clerk, archivist
):
    ArchiveFonds.objects.create(organ=organ_a, code="0194")
    for n in range(1, 11):
        services.archive_file(
            actor=archivist, outgoing=make_dispatched(organ_a, clerk, number=n, pages=2)
        )
    incoming = cast.advance(cast.receive(), Status.CLOSED)
    services.archive_file(actor=archivist, incoming=incoming, class_code="ZHC")

    response = _client(archivist).get(reverse("archive:export"), {"year": 2026})

    assert response.status_code == 200
    package = zipfile.ZipFile(io.BytesIO(response.content))
    names = package.namelist()
    assert "0194-WS·2026-D30-BGS-0001.pdf" in names
    assert "0194-WS·2026-D30-BGS-0010.pdf" in names
    assert "归档文件目录.xlsx" in names and "归档文件目录.xml" in names
    sheet = load_workbook(io.BytesIO(package.read("归档文件目录.xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "序号",
        "档号",
        "文号",
        "责任者",
        "题名",
        "日期",
        "密级",
        "页数",
        "备注",
    ]
    codes = [r[1] for r in rows[1:]]
    assert codes.index("0194-WS·2026-D30-BGS-0002") < codes.index("0194-WS·2026-D30-BGS-0010")
    assert rows[1][5] == "20260309" and rows[1][7] == 2
    root = ET.fromstring(package.read("归档文件目录.xml"))  # noqa: S314 (our own export)
    assert len(root.findall("件")) == 11
    assert root.find("件/档号").text == "0194-WS·2026-D30-BGS-0001"
    assert AuditEvent.objects.filter(action="archive_export", actor_id=archivist.pk).exists()


def test_exporting_an_empty_year_is_a_message_and_outsiders_get_403(organ_a, outsider, archivist):
    response = _client(archivist).get(reverse("archive:export"), {"year": 1999}, follow=True)
    assert response.status_code == 200
    assert "没有归档文件" in response.content.decode()
    assert _client(outsider).get(reverse("archive:export"), {"year": 2026}).status_code == 403


def test_the_api_files_and_lists_and_refuses_bad_input_in_chinese(
    organ_a, clerk, outsider, archivist
):
    outgoing = make_dispatched(organ_a, clerk)
    client = _client(archivist)

    bad = client.post(
        reverse("api:archive_file"),
        {"kind": "outgoing", "id": outgoing.pk, "class_code": "*"},
        content_type="application/json",
    )
    good = client.post(
        reverse("api:archive_file"),
        {"kind": "outgoing", "id": outgoing.pk},
        content_type="application/json",
    )
    listed = client.get(reverse("api:archive_items"), {"year": 2026})
    foreign = _client(outsider).post(
        reverse("api:archive_file"),
        {"kind": "outgoing", "id": outgoing.pk},
        content_type="application/json",
    )

    assert bad.status_code == 400 and "机构" in bad.json()["message"]
    assert good.status_code == 201 and good.json()["pages"] == 3
    assert [i["archival_code"] for i in listed.json()] == [good.json()["archival_code"]]
    assert foreign.status_code == 404


def test_classified_documents_need_a_cleared_archivist_to_file_and_export(
    organ_a, clerk, archivist
):
    secret = make_dispatched(organ_a, clerk, classification=Classification.SECRET)

    with pytest.raises(PermissionDenied, match="涉密等级不足"):
        services.archive_file(actor=archivist, outgoing=secret)
    archivist.clearance = Classification.SECRET
    archivist.save(update_fields=["clearance"])
    item = services.archive_file(actor=archivist, outgoing=secret)
    archivist.clearance = Classification.NONE
    archivist.save(update_fields=["clearance"])

    assert item.classification == Classification.SECRET
    with pytest.raises(PermissionDenied, match="秘密"):
        services.archive_export_year(organ=organ_a, year=2026, actor=archivist)
    assert _client(archivist).get(reverse("archive:export"), {"year": 2026}).status_code == 403


def test_the_archive_page_runs_the_same_number_of_queries_for_3_or_9_items(
    organ_a, clerk, archivist
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        client = _client(archivist)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("archive:list"), {"year": 2026}).status_code == 200
        return len(queries)

    for n in range(1, 4):
        services.archive_file(actor=archivist, outgoing=make_dispatched(organ_a, clerk, number=n))
    few = count()
    for n in range(4, 10):
        services.archive_file(actor=archivist, outgoing=make_dispatched(organ_a, clerk, number=n))

    assert count() == few


def test_pages_packed_in_a_compressed_object_stream_are_counted():
    import zlib

    packed = zlib.compress(
        b"3 0 4 40 5 80 "
        b"<< /Type /Page /Parent 2 0 R >>        "
        b"<< /Type /Page /Parent 2 0 R >>        "
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>"
    )
    data = (
        b"%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"6 0 obj\n<< /Type /ObjStm /N 3 /First 14 /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\n%%EOF\n"
    )

    assert pdf_page_count(data) == 2


def test_the_archivist_sets_the_fonds_code_once_before_filing(organ_a, clerk, archivist):
    client = _client(archivist)

    bad = client.post(reverse("archive:fonds"), {"code": "01"}, follow=True)
    good = client.post(
        reverse("api:archive_fonds"), {"code": "a194"}, content_type="application/json"
    )
    item = services.archive_file(actor=archivist, outgoing=make_dispatched(organ_a, clerk))
    late = client.post(
        reverse("api:archive_fonds"), {"code": "0200"}, content_type="application/json"
    )

    assert "全宗号须为 4 位" in bad.content.decode()
    assert good.status_code == 200 and good.json()["code"] == "A194"
    assert item.archival_code.startswith("A194-WS·")
    assert late.status_code == 409 and "不能再改" in late.json()["message"]
    assert _client(clerk).post(reverse("archive:fonds"), {"code": "0194"}).status_code == 403


def test_the_archivist_files_a_closed_incoming_document_from_its_page_and_sees_the_code(
    cast, archivist
):
    doc = cast.advance(cast.receive(), Status.CLOSED)
    client = _client(archivist)

    page = client.get(doc.get_absolute_url()).content.decode()
    response = client.post(
        reverse("archive:file", args=["incoming", doc.pk]), {"class_code": "ZHC"}, follow=True
    )
    after = client.get(doc.get_absolute_url()).content.decode()

    assert reverse("archive:file", args=["incoming", doc.pk]) in page
    assert response.status_code == 200
    item = ArchiveItem.objects.get(incoming=doc)
    assert item.archival_code in after
    assert reverse("archive:file", args=["incoming", doc.pk]) not in after
    assert (
        reverse("archive:file", args=["incoming", doc.pk])
        not in _client(cast.clerk).get(doc.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_the_archive_pages_are_for_archivists_only(request):
    from tests.contract import Endpoint, check_matrix, expect

    check_matrix(request, Endpoint("archive:list"), expect(403))
    check_matrix(request, Endpoint("archive:export", data={"year": 2026}), expect(403))
    check_matrix(request, Endpoint("api:archive_items"), expect(403))


def test_the_openapi_schema_lists_the_archive_endpoints(archivist):
    schema = _client(archivist).get("/api/openapi.json").json()

    paths = set(schema["paths"])
    for path in [
        "/api/archive/items/",
        "/api/archive/file/",
        "/api/archive/export/",
        "/api/archive/marks/",
        "/api/archive/fonds/",
        "/api/archive/copies/{pk}/{action}/",
    ]:
        assert path in paths, path


def test_an_archivists_own_retention_is_kept_with_the_tables_in_the_audit(
    organ_a, clerk, archivist
):
    item = services.archive_file(
        actor=archivist, outgoing=make_dispatched(organ_a, clerk, doc_type="函"), retention="Y"
    )

    event = AuditEvent.objects.get(action="archive_file")
    assert item.retention == "Y"
    assert (event.extra["retention"], event.extra["table_retention"]) == ("Y", "D10")
