"""Every .xlsx and .csv export writes user text as inert text (issue #10, part 3).

A name stored as ``=cmd|' /C calc'!A0`` (through the people import, as text) must come out of
every export as what it is, a string: in a workbook a string cell (no ``<f>`` formula element
anywhere) showing the same characters, quote-prefixed so that editing it keeps it text; in a
CSV prefixed with ``'`` (OWASP). The database keeps the text as it was typed.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

import zhongshu
from tests.organs.factories import PostFactory
from tests.security import corpus
from zhongshu.accounts.models import User
from zhongshu.audit.services import audit_record
from zhongshu.documents.archive.models import ArchiveItem
from zhongshu.documents.incoming import services as incoming_services
from zhongshu.documents.models import DocNumber, OutgoingDocument
from zhongshu.lib.spreadsheets import csv_cell, xlsx_append
from zhongshu.organs.models import Role
from zhongshu.organs.services.importing import PEOPLE_COLUMNS, PEOPLE_SHEET

#: Text a spreadsheet program would run or evaluate, one per formula-starting character.
EVIL = "=cmd|' /C calc'!A0"
PLUS = "+1+cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+9)*cmd|' /C calc'!A0"
TAB = "\t=1+1"
CR = "\r=1+1"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_inert(data: bytes, *texts: str) -> None:
    """No formula in any sheet of the workbook, and each of ``texts`` in a string cell that
    shows exactly that text and carries the quote prefix."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/"):
                xml = package.read(name)
                assert b"<f>" not in xml and b"<f " not in xml, name
    book = load_workbook(io.BytesIO(data))
    cells = {
        cell.value: cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    for text in texts:
        assert text in cells, (text, sorted(cells)[:20])
        assert cells[text].data_type == "s"
        assert cells[text].quotePrefix is True


# --- the helper --------------------------------------------------------------------------


@pytest.mark.parametrize("text", [EVIL, PLUS, MINUS, AT, TAB, CR])
def test_the_helper_writes_formula_looking_text_as_text(text):
    book = Workbook()
    xlsx_append(book.active, [text, "普通文字", 3, date(2026, 1, 2)])
    buffer = io.BytesIO()
    book.save(buffer)

    assert_inert(buffer.getvalue(), text)
    row = next(load_workbook(buffer).active.iter_rows(values_only=True))
    assert row[1:3] == ("普通文字", 3)
    assert csv_cell(text) == "'" + text
    assert csv_cell("普通文字") == "普通文字"
    assert csv_cell(None) == ""


def test_the_helper_does_not_fail_on_characters_xml_cannot_hold():
    book = Workbook()
    xlsx_append(book.active, ["张\x01三"])
    buffer = io.BytesIO()
    book.save(buffer)

    assert load_workbook(buffer).active["A1"].value == "张\ufffd三"


# --- every export ------------------------------------------------------------------------


def test_a_name_imported_as_text_is_exported_as_text_by_the_organs_export(
    system_admin, organ_a, office_a
):
    book = Workbook()
    people = book.active
    people.title = PEOPLE_SHEET
    xlsx_append(people, PEOPLE_COLUMNS)
    xlsx_append(people, ["calc", EVIL, PLUS, organ_a.name, office_a.name, AT, "", ""])
    upload = io.BytesIO()
    book.save(upload)
    admin = _client(system_admin)

    imported = admin.post(
        reverse("organs:import_upload"),
        {"file": ContentFile(upload.getvalue(), name="人员.xlsx")},
    )
    exported = admin.get(reverse("organs:export_workbook"))

    assert imported.status_code == 200
    assert User.objects.get(username="calc").full_name == EVIL  # stored as typed
    assert exported.status_code == 200
    assert_inert(exported.content, EVIL, PLUS, AT)


def test_the_import_template_has_no_formula(system_admin):
    response = _client(system_admin).get(reverse("organs:import_template"))

    assert response.status_code == 200
    assert_inert(response.content)


@pytest.fixture
def numbered(organ_a, office_a, clerk):
    """A numbered 发文 whose title and 作废原因 were typed as formulas."""
    document = OutgoingDocument.objects.create(
        organ=organ_a,
        department=office_a,
        drafter=clerk,
        title=EVIL,
        doc_type="通知",
        content={"title": EVIL},
    )
    DocNumber.objects.create(
        organ=organ_a,
        org_code=organ_a.org_code,
        year=timezone.localdate().year,
        seq=1,
        document=document,
        allocated_by=clerk,
        allocated_at=timezone.now(),
        voided_at=timezone.now(),
        void_reason=MINUS,
    )
    return document


def test_the_outgoing_register_page_export_writes_titles_as_text(numbered, clerk):
    response = _client(clerk).get(reverse("documents:numbers_export"))

    assert response.status_code == 200
    assert_inert(response.getvalue(), EVIL, MINUS)


def test_the_outgoing_register_api_export_writes_titles_as_text(numbered, clerk):
    response = _client(clerk).get("/api/documents/numbers/export.xlsx")

    assert response.status_code == 200
    assert_inert(response.content, EVIL, MINUS)


def test_the_incoming_register_export_writes_senders_and_titles_as_text(
    organ_a, clerk, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = incoming_services.incoming_register_external(
        organ=organ_a, actor=clerk, sender_name=PLUS, title=EVIL, doc_number=AT
    )
    year = timezone.localdate().year
    type(document).objects.filter(pk=document.pk).update(
        receipt_year=year, receipt_seq=1, receipt_number=f"甲收〔{year}〕1号"
    )

    response = _client(clerk).get(reverse("incoming:register_export"))

    assert response.status_code == 200
    assert_inert(response.getvalue(), EVIL, PLUS, AT)


def test_the_archive_catalogue_writes_titles_and_authors_as_text(
    organ_a, office_a, clerk, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    archivist = PostFactory(department=office_a, title="档案员", roles=[Role.ARCHIVIST]).holder
    incoming = incoming_services.incoming_register_external(
        organ=organ_a, actor=clerk, sender_name="省厅", title="来文"
    )
    item = ArchiveItem(
        organ=organ_a,
        incoming=incoming,
        fonds_code="0194",
        year=2026,
        retention="D30",
        class_code="BGS",
        seq=1,
        archival_code="0194-WS·2026-D30-BGS-0001",
        title=EVIL,
        doc_number=AT,
        responsible=PLUS,
        date=date(2026, 3, 9),
        classification=0,
        pages=1,
        file_sha256="0" * 64,
        note=MINUS,
        filed_by=archivist,
        filed_at=timezone.now(),
    )
    item.file.save("x.pdf", ContentFile(corpus.PDF), save=False)
    item.save()

    response = _client(archivist).get(reverse("archive:export"), {"year": 2026})

    assert response.status_code == 200
    package = zipfile.ZipFile(io.BytesIO(response.content))
    assert_inert(package.read("归档文件目录.xlsx"), EVIL, AT, PLUS, MINUS)


def test_the_audit_csv_quotes_formula_looking_text(audit_admin, organ_a):
    actor = User.objects.create(username="calc", full_name=EVIL)
    audit_record(actor=actor, action="organs.export", extra={"note": "x"})

    response = _client(audit_admin).get(reverse("audit:export"))

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    names = [row[2] for row in rows[1:]]
    assert "'" + EVIL in names
    assert EVIL not in names
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert User.objects.get(username="calc").full_name == EVIL


def test_every_module_that_writes_a_workbook_or_a_csv_writes_its_rows_through_the_helper():
    """A new export written with a bare ``sheet.append`` or ``csv.writer`` rows fails here."""
    source = Path(zhongshu.__file__).parent
    offenders = []
    for path in source.rglob("*.py"):
        if path.name == "spreadsheets.py" and path.parent.name == "lib":
            continue
        text = path.read_text(encoding="utf-8")
        if "Workbook(" in text and (
            "xlsx_append" not in text
            or re.search(r"\b(sheet|ws|book|people|organs)\.append\(", text)
        ):
            offenders.append(str(path.relative_to(source)))
        if "csv.writer" in text and "csv_row" not in text:
            offenders.append(str(path.relative_to(source)))

    assert offenders == []
