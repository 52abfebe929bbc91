"""The live preview and check never wait on an unbounded render (issue #23).

They run in a child process killed after ``RENDER_TIMEOUT_SECONDS`` and answer a Chinese
message when it is reached; a document beyond the size limits is a 400 before any work; an
identical preview is served from the cache, not typeset again. These tests run the real
typesetter and checker (in child processes), not the stand-ins of ``conftest.py``.
"""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from zhongshu.documents import rendering
from zhongshu.documents.models import OutgoingDocument
from zhongshu.gongwen.limits import MAX_DOCUMENT_CHARS
from zhongshu.lib import bounded

REAL_CHECK_BOUNDED = rendering.check_bounded

FORM = {
    "doc_type": "通知",
    "layout": "文件格式",
    "title": "甲市人民政府关于做好2026年防汛工作的通知",
    "primary_recipients": "乙县人民政府",
    "body": "请做好防汛工作。\n一、压实责任\n各地要落实责任。",
    "sealed": "on",
}


@pytest.fixture(autouse=True)
def _real_checker_and_empty_cache(monkeypatch):
    monkeypatch.setattr(rendering, "check_bounded", REAL_CHECK_BOUNDED)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def runs(monkeypatch):
    """Every stage started in a child process: (function name, seconds it took)."""
    seen: list[tuple[str, float]] = []
    real = bounded.run_bounded

    def counted(function, *args, timeout):
        start = time.monotonic()
        try:
            return real(function, *args, timeout=timeout)
        finally:
            seen.append((function.__name__, time.monotonic() - start))

    monkeypatch.setattr(bounded, "run_bounded", counted)
    return seen


def test_a_preview_is_typeset_in_a_child_process(cast, client, runs):
    client.force_login(cast.drafter)

    response = client.post("/documents/new/preview.pdf", FORM)

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert [name for name, _ in runs] == ["preview_pdf"]


def test_a_repeated_identical_preview_is_served_from_the_cache(cast, client, runs):
    client.force_login(cast.drafter)

    first = client.post("/documents/new/preview.pdf", FORM)
    second = client.post("/documents/new/preview.pdf", FORM)
    changed = client.post("/documents/new/preview.pdf", {**FORM, "title": "关于防汛的通知"})

    assert first.status_code == second.status_code == changed.status_code == 200
    assert second.content == first.content
    assert changed.content != first.content
    assert [name for name, _ in runs] == ["preview_pdf", "preview_pdf"]  # not three


def test_a_preview_past_the_time_limit_is_a_chinese_message_not_a_wait(
    cast, client, runs, settings
):
    settings.RENDER_TIMEOUT_SECONDS = 0.001  # no real render finishes in a millisecond
    client.force_login(cast.drafter)

    response = client.post("/documents/new/preview.pdf", FORM)

    assert response.status_code == 503
    text = response.content.decode()
    assert "排版超时" in text
    assert "0.001 秒" in text
    assert runs[0][1] < 5  # killed, not waited for

    settings.RENDER_TIMEOUT_SECONDS = 60
    again = client.post("/documents/new/preview.pdf", FORM)

    assert again.status_code == 200  # the overrun was not cached
    assert len(runs) == 2


def test_a_live_check_past_the_time_limit_says_so_in_the_findings_card(
    cast, client, runs, settings
):
    settings.RENDER_TIMEOUT_SECONDS = 0.001
    client.force_login(cast.drafter)

    response = client.post("/documents/new/check/", FORM)

    assert response.status_code == 503
    assert "审核超时" in response.content.decode()
    assert [name for name, _ in runs] == ["findings"]


def test_a_live_check_runs_the_real_rules_in_a_child_process(cast, client, runs):
    client.force_login(cast.drafter)

    response = client.post("/documents/new/check/", {**FORM, "title": "甲市人民政府关于防汛"})

    assert response.status_code == 200
    assert "标题" in response.content.decode()
    assert [name for name, _ in runs] == ["findings"]


def test_a_document_beyond_the_size_limit_is_a_400_before_any_typesetting(cast, client, runs):
    client.force_login(cast.drafter)
    body = "\n".join(["请做好防汛工作，压实各级责任。" * 20] * (MAX_DOCUMENT_CHARS // 300 + 10))

    preview = client.post("/documents/new/preview.pdf", {**FORM, "body": body})
    check = client.post("/documents/new/check/", {**FORM, "body": body})

    assert preview.status_code == 400
    assert "公文过长" in preview.content.decode()
    assert f"{MAX_DOCUMENT_CHARS:,}" in preview.content.decode()
    assert check.status_code == 400
    assert "公文过长" in check.content.decode()
    assert not OutgoingDocument.objects.exists()


def test_the_api_check_of_a_huge_stored_draft_is_a_400_with_the_limit(cast, client, runs):
    client.force_login(cast.drafter)
    client.post("/documents/new/", FORM)
    document = OutgoingDocument.objects.get()
    content = dict(document.content)
    content["body"] = [{"text": "请做好防汛工作。" * 100, "level": 0}] * 80  # 64,000 字
    OutgoingDocument.objects.filter(pk=document.pk).update(content=content)  # stored earlier

    response = client.get(f"/api/documents/{document.pk}/check")

    assert response.status_code == 400
    assert "公文过长" in response.json()["message"]
    assert runs  # refused by the child, before any rule ran


def test_an_uploaded_docx_over_the_readers_limit_is_a_400_naming_it():
    import io

    import docx

    from zhongshu.gongwen.limits import MAX_READER_CHARS
    from zhongshu.lib.errors import ApplicationError

    package = docx.Document()
    for _ in range(3):
        package.add_paragraph("文" * (MAX_READER_CHARS // 2))
    data = io.BytesIO()
    package.save(data)

    with pytest.raises(ApplicationError, match=f"{MAX_READER_CHARS:,} 字的上限") as refusal:
        rendering.read_upload(data.getvalue())
    assert refusal.value.status == 400
