"""The 发文字号登记簿 at the size of a city (issue #14): 50 numbers to a page, filtered by year,
代字 and status over HTTP, and an .xlsx export of 100,000 rows in under 50 MB."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from datetime import date, datetime
from types import SimpleNamespace

from django.utils import timezone
from openpyxl import load_workbook

from zhongshu.documents.exports import register_workbook_file
from zhongshu.documents.models import DocNumber, OutgoingDocument

Status = OutgoingDocument.Status
# 10,000 rows keep the test quick under tracemalloc (which traces every allocation); the
# peak is flat in the row count (write-only rows go to disk as they come), so 5 MB at 10,000 rows
# stands for the 50 MB at 100,000: a workbook held in memory takes ~22 MB at 10,000.
# bench/README.md has the 100,000-row figures.
ROWS = 10_000
LIMIT = 5 * 2**20


def _fake_numbers(count: int):
    """``count`` register rows made one at a time, as ``QuerySet.iterator()`` gives them."""
    document = SimpleNamespace(
        title="江淮市人民政府关于做好防汛抗旱工作的通知",
        doc_type="通知",
        get_classification_display=lambda: "非密",
        get_urgency_display=lambda: "",
        department=SimpleNamespace(name="办公室"),
        drafter="孙拟稿",
        signer="周签发",
        signed_on=date(2026, 10, 29),
        dispatched_at=timezone.make_aware(datetime(2026, 10, 30, 9, 30)),
        get_status_display=lambda: "已核发",
    )
    allocated_at = timezone.make_aware(datetime(2026, 10, 29, 16, 5))
    for seq in range(1, count + 1):
        yield SimpleNamespace(
            text=f"江政发〔2026〕{seq}号",
            document=document,
            allocated_by="王文书",
            allocated_at=allocated_at,
            is_void=seq % 100 == 0,
            void_reason="文号登记错误" if seq % 100 == 0 else "",
        )


def test_an_export_streams_its_rows_in_flat_memory():
    # ~25 s of writing; under tracemalloc ~2 min at load 4-7 (it traces every allocation). The
    # peak was 0.4 MB: openpyxl's write-only mode writes each row to disk as it comes.
    started = time.perf_counter()
    tracemalloc.start()
    try:
        workbook, count = register_workbook_file(_fake_numbers(ROWS))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    seconds = time.perf_counter() - started

    with workbook:
        size = workbook.seek(0, io.SEEK_END)
        workbook.seek(0)
        with zipfile.ZipFile(workbook) as package, package.open("xl/worksheets/sheet1.xml") as xml:
            tail = b""
            while chunk := xml.read(1 << 20):
                tail = (tail + chunk)[-4096:]
    print(f"{ROWS:,} rows: {seconds:.1f} s, peak {peak / 2**20:.1f} MB, file {size / 2**20:.1f} MB")
    assert count == ROWS
    assert f'<row r="{ROWS + 1}"'.encode() in tail
    assert f"{ROWS}&#21495;".encode() in tail  # …〕10000号 (CJK goes out as &#…; entities)
    assert peak < LIMIT


def _register(cast, extra: int, *, org_code: str | None = None, voided: int = 0):
    """One issued document, then ``extra`` more numbers on it (a register's rows, quickly)."""
    document = cast.advance(cast.draft(), Status.DISPATCHED)
    first = DocNumber.objects.get(document=document)
    now = timezone.now()
    DocNumber.objects.bulk_create(
        DocNumber(
            organ_id=first.organ_id,
            org_code=org_code or first.org_code,
            year=first.year,
            seq=first.seq + i,
            document=document,
            allocated_by=cast.clerk,
            allocated_at=now,
            voided_at=now if i <= voided else None,
            voided_by=cast.clerk if i <= voided else None,
            void_reason="文号登记错误" if i <= voided else "",
        )
        for i in range(1, extra + 1)
    )
    return first


def test_the_register_page_shows_50_numbers_to_a_page(cast, client):
    first = _register(cast, 119)
    client.force_login(cast.clerk)

    page1 = client.get("/documents/numbers/").content.decode()
    page3 = client.get(f"/documents/numbers/?year={first.year}&page=3").content.decode()

    assert page1.count(f"{first.org_code}〔{first.year}〕") == 50
    assert f"{first.org_code}〔{first.year}〕{first.seq}号" in page1
    assert "第 1 页，共 3 页（120 个文号）" in page1
    assert f"year={first.year}&amp;page=4" not in page3
    assert page3.count(f"{first.org_code}〔{first.year}〕") == 20
    assert f"{first.org_code}〔{first.year}〕{first.seq + 119}号" in page3


def test_the_register_page_filters_by_year_code_and_status(cast, client):
    first = _register(cast, 10, voided=3)
    DocNumber.objects.filter(seq__gt=first.seq + 6).update(org_code="甲政办")
    client.force_login(cast.clerk)
    base = f"/documents/numbers/?organ={first.organ_id}&year={first.year}"

    def shown(url):
        body = client.get(url).content.decode()
        return body.count(f"〔{first.year}〕")

    assert shown(base) == 11
    assert shown(f"{base}&org_code=甲政办") == 4
    assert shown(f"{base}&org_code={first.org_code}") == 7
    assert shown(f"{base}&status=void") == 3
    assert shown(f"{base}&status={Status.DISPATCHED}") == 8
    assert shown(f"{base}&status={Status.DISPATCHED}&org_code=甲政办") == 4
    assert shown(f"/documents/numbers/?organ={first.organ_id}&year={first.year - 1}") == 0
    assert shown(f"{base}&status=nonsense") == 11  # an unknown status is no filter


def test_the_export_takes_the_same_filters_and_streams(cast, client):
    first = _register(cast, 10, voided=3)
    client.force_login(cast.clerk)

    response = client.get(
        f"/documents/numbers/export.xlsx?organ={first.organ_id}&year={first.year}&status=void"
    )

    assert response.streaming
    rows = list(load_workbook(io.BytesIO(response.getvalue())).active.iter_rows(values_only=True))
    assert [r[12] for r in rows[1:]] == ["已作废"] * 3
