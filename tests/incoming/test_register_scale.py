"""The 收文登记簿's .xlsx at the size of a city (issue #14): 100,000 rows in under 50 MB, read in
chunks with their correction flags."""

from __future__ import annotations

import tracemalloc
import zipfile
from datetime import datetime
from types import SimpleNamespace

from django.utils import timezone

from zhongshu.documents.incoming import exports

# 10,000 rows keep the test quick under tracemalloc (which traces every allocation); the
# peak is flat in the row count (write-only rows go to disk as they come), so 5 MB at 10,000 rows
# stands for the 50 MB at 100,000: a workbook held in memory takes ~22 MB at 10,000.
# bench/README.md has the 100,000-row figures.
ROWS = 10_000
LIMIT = 5 * 2**20


def _fake_items(count: int):
    at = timezone.make_aware(datetime(2026, 10, 29, 16, 5))
    for seq in range(1, count + 1):
        yield SimpleNamespace(
            receipt_number=f"收〔2026〕{seq}号",
            created_at=at,
            sender_name="江淮市财政局",
            doc_number=f"江财发〔2026〕{seq}号",
            title="关于做好年度预算执行工作的通知",
            doc_type="通知",
            get_classification_display=lambda: "非密",
            get_urgency_display=lambda: "",
            copies=1,
            acknowledged_by="王文书",
            acknowledged_at=at,
            deadline=None,
            get_status_display=lambda: "办理中",
            result="",
            is_revoked=seq % 100 == 0,
            is_abolished=False,
            is_amended=False,
        )


def test_an_export_streams_its_rows_in_flat_memory():
    # ~2 min under tracemalloc at load 4-7; the peak is flat (write-only rows go to disk).
    tracemalloc.start()
    try:
        workbook, count = exports.incoming_register_workbook_file(_fake_items(ROWS))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with (
        workbook,
        zipfile.ZipFile(workbook) as package,
        package.open("xl/worksheets/sheet1.xml") as xml,
    ):
        tail = b""
        while chunk := xml.read(1 << 20):
            tail = (tail + chunk)[-4096:]
    print(f"{ROWS:,} rows: peak {peak / 2**20:.1f} MB")
    assert count == ROWS
    assert f'<row r="{ROWS + 1}"'.encode() in tail
    assert peak < LIMIT


def test_rows_are_flagged_a_chunk_at_a_time(monkeypatch):
    seen = []

    def flags(items):
        items = list(items)
        seen.append(len(items))
        return items

    monkeypatch.setattr(exports.selectors, "with_correction_flags", flags)
    assert len(list(exports.flagged_in_chunks(iter(range(5001))))) == 5001
    assert seen == [exports.CHUNK, exports.CHUNK, 1001]
