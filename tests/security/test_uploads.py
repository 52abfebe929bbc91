"""Every upload field of 中枢 against a corpus of hostile files (issue #10, parts 1 and 7).

The fields are found, not listed: every ``FileField`` of every form class of the project and
every django-ninja operation taking an ``UploadedFile``. Each one needs a driver here (how to
send it a file as the person allowed to); a new upload field without one fails
``test_every_upload_field_of_the_project_has_a_driver``.

Each file of the corpus (zip bombs, polyglots, wrong magic bytes, too large, empty, names that
are only an extension or a path) is sent to each field over HTTP and must be refused with a
Chinese message (a form error or a 4xx ``{"message", "extra"}``), with no row written in any
table of the project and no file left under MEDIA_ROOT.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import io
import pkgutil
import random
import re
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import zhongshu
from tests.security import corpus
from zhongshu.lib import uploads

# --- discovery ----------------------------------------------------------------------------


def _form_upload_fields() -> set[str]:
    """``module.Form.field`` for each FileField (ImageField is one) declared by a form class
    of the project (inherited fields are reported on the class that declares them)."""
    for module in pkgutil.walk_packages(zhongshu.__path__, "zhongshu."):
        if module.name.rsplit(".", 1)[-1] in {"forms", "admin", "views", "api"} or ".forms." in (
            module.name + "."
        ):
            importlib.import_module(module.name)
    found: set[str] = set()
    pending = [forms.BaseForm]
    seen: set[type] = set()
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                pending.append(sub)
        if not cls.__module__.startswith("zhongshu."):
            continue
        inherited = {
            name
            for base in cls.__mro__[1:]
            for name in getattr(base, "base_fields", {})
            if isinstance(base.base_fields[name], forms.FileField)
        }
        for name, field in getattr(cls, "base_fields", {}).items():
            if isinstance(field, forms.FileField) and name not in inherited:
                found.add(f"{cls.__module__}.{cls.__qualname__}.{name}")
    return found


def _api_upload_parameters() -> set[str]:
    """``METHOD /api/path`` for each API operation with an uploaded-file parameter."""
    from zhongshu.config.api import api

    found: set[str] = set()
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for parameter in inspect.signature(operation.view_func).parameters.values():
                    if re.search(r"\bUploadedFile\b|^File\[", str(parameter.annotation)):
                        url = "/api/" + (prefix.strip("/") + "/" + path.strip("/")).strip("/")
                        for method in operation.methods:
                            found.add(f"{method} {url}")
    return found


# --- drivers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Driver:
    """How to send a file to one upload field, and how it says no."""

    field: str  # as discovered
    rule: uploads.UploadRule
    extension: str  # of the files it takes
    required: bool
    send: Callable[[dict, str, bytes], object]  # (cast, name, content) -> response
    api: bool = False

    @property
    def name(self) -> str:
        return self.field if self.api else ".".join(self.field.split(".")[-2:])


def _post(client: Client, url: str, data: dict, name: str, content: bytes, key: str):
    # a nameless BytesIO is sent as filename="" (SimpleUploadedFile refuses an empty name)
    upload = SimpleUploadedFile(name, content) if name else io.BytesIO(content)
    return client.post(url, {**data, key: upload})


def _as(cast, role: str) -> Client:
    """The person's client, logged in by the fixture (logging in writes its own audit line)."""
    return cast["clients"][role]


def _seal(cast, name, content):
    return _post(
        _as(cast, "system_admin"),
        reverse("organs:organ_create"),
        {"name": "丙县人民政府", "short_name": "丙县政府", "kind": "government"},
        name,
        content,
        "seal",
    )


def _people(cast, name, content):
    return _post(
        _as(cast, "system_admin"), reverse("organs:import_upload"), {}, name, content, "file"
    )


def _docx_form(cast, name, content):
    return _post(_as(cast, "clerk"), "/documents/new/", {"import_docx": "1"}, name, content, "docx")


def _read_docx(cast, name, content):
    return _post(_as(cast, "clerk"), "/api/documents/read-docx", {}, name, content, "file")


def _scan(cast, name, content):
    return _post(
        _as(cast, "clerk"),
        reverse("incoming:external"),
        {
            "organ": cast["organ_a"].pk,
            "sender_name": "省应急管理厅",
            "title": "关于加强汛期值守的通知",
            "classification": "0",
            "urgency": "",
            "copies": "1",
        },
        name,
        content,
        "scan",
    )


DRIVERS = [
    Driver("zhongshu.organs.forms.OrganForm.seal", uploads.SEAL_IMAGE, ".png", False, _seal),
    Driver("zhongshu.organs.forms.ImportForm.file", uploads.PEOPLE_IMPORT, ".xlsx", True, _people),
    Driver(
        "zhongshu.documents.forms.DocxUploadForm.docx",
        uploads.DOCX_IMPORT,
        ".docx",
        True,
        _docx_form,
    ),
    Driver(
        "zhongshu.documents.incoming.forms.ExternalForm.scan",
        uploads.INCOMING_SCAN,
        ".pdf",
        False,
        _scan,
    ),
    Driver(
        "POST /api/documents/read-docx",
        uploads.DOCX_IMPORT,
        ".docx",
        True,
        _read_docx,
        api=True,
    ),
]


def test_every_upload_field_of_the_project_has_a_driver():
    """A new FileField or API upload parameter must be added to the corpus's drivers."""
    discovered = _form_upload_fields() | _api_upload_parameters()

    assert discovered == {driver.field for driver in DRIVERS}


# --- the corpus ------------------------------------------------------------------------------


@functools.cache
def _cases(extension: str, max_bytes: int) -> list[tuple[str, str, bytes]]:
    magic = {".png": b"\x89PNG\r\n\x1a\n", ".pdf": b"%PDF-1.7\n"}.get(extension, b"PK\x03\x04")
    return [
        *corpus.hostile(extension),
        ("empty", f"空文件{extension}", b""),
        (
            "one byte over the limit",
            f"大文件{extension}",
            magic + bytes(max_bytes + 1 - len(magic)),
        ),
    ]


@pytest.fixture
def cast(clerk, system_admin, organ_a, settings, tmp_path) -> dict:
    settings.MEDIA_ROOT = tmp_path / "media"
    clients = {}
    for role, user in (("clerk", clerk), ("system_admin", system_admin)):
        clients[role] = Client()
        clients[role].force_login(user)
    return {"clients": clients, "organ_a": organ_a, "media": tmp_path}


def _rows() -> dict[str, int]:
    """Rows of every table of the project's apps."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("zhongshu.")
    }


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _refusal(driver: Driver, response, *, named: bool = True) -> str:
    """The Chinese message of a refusal, or an AssertionError saying what came back.
    ``named``: the upload rule's message naming the file (else also "required")."""
    if driver.api:
        assert 400 <= response.status_code < 500, response.status_code
        body = response.json()
        assert set(body) == {"message", "extra"}
        message = body["message"]
    else:
        assert response.status_code == 200, response.status_code  # the form again, not a 302
        text = response.content.decode()
        pattern = rf"{driver.rule.what}“[^”]*”[^<]*"
        if not named:
            pattern += r"|这个字段是必填项。|请选择要导入的 \.docx 文件。"
        found = re.search(pattern, text)
        assert found, "no Chinese refusal in the page"
        message = found.group(0)
    assert re.search(r"[\u4e00-\u9fff]", message), message
    if named:
        assert message.startswith(f"{driver.rule.what}“"), message
    return message


@pytest.mark.parametrize("driver", DRIVERS, ids=lambda d: d.name)
def test_every_upload_field_refuses_every_hostile_file_and_stores_nothing(cast, driver):
    media = Path(cast["media"]) / "media"
    failures = []
    for case, name, content in _cases(driver.extension, driver.rule.max_bytes):
        rows, files = _rows(), _files(media)
        response = driver.send(cast, name, content)
        try:
            _refusal(driver, response)
            after = _rows()
            assert after == rows, {k: v - rows[k] for k, v in after.items() if v != rows[k]}
            assert _files(media) == files, "files stored"
        except AssertionError as exc:
            failures.append(f"{case} ({name!r}): {exc}")

    assert failures == []


ARCHIVE_DRIVERS = [d for d in DRIVERS if {uploads.Kind.DOCX, uploads.Kind.XLSX} & set(d.rule.kinds)]


@pytest.mark.parametrize("driver", ARCHIVE_DRIVERS, ids=lambda d: d.name)
def test_a_zip_bomb_is_refused_in_under_a_second_and_100_mb(cast, driver):
    """The 1 GB bomb of the field's own kind (a .docx for Word fields, an .xlsx for the
    workbook, a .docx scan), one that stays under the entry cap but inflates 1000:1, and one
    whose headers understate its size. The request is timed as it runs, then sent again under
    tracemalloc for its peak memory (tracing slows Python code several times over)."""
    kind = "xlsx" if driver.extension == ".xlsx" else "docx"
    build = corpus.xlsx_bomb if kind == "xlsx" else corpus.docx_bomb
    driver.send(cast, f"warm.{kind}", corpus.small_docx())  # imports and first-request costs
    for content in (build(), build(24), build(declared=20 * corpus.MB)):
        started = time.perf_counter()
        response = driver.send(cast, f"炸弹.{kind}", content)
        elapsed = time.perf_counter() - started
        tracemalloc.start()
        driver.send(cast, f"炸弹.{kind}", content)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        message = _refusal(driver, response)
        assert "炸弹" in message
        assert "压缩炸弹" in message or "已损坏" in message
        assert elapsed < 1.0
        assert peak < 100 * corpus.MB


def test_a_file_without_a_name_never_reaches_the_application(cast):
    """A part sent with ``filename=""`` is what a browser sends for "no file chosen": Django
    drops it, so a required field says it is required and an optional one stores nothing."""
    media = Path(cast["media"]) / "media"
    for driver in DRIVERS:
        response = driver.send(cast, "", corpus.HTML)
        if driver.required:
            _refusal(driver, response, named=False)
        assert _files(media) == []


def test_a_path_in_a_file_name_is_dropped_before_the_file_is_stored(cast):
    """Django keeps only the last component of an uploaded file's name: a scan named
    ``../../x.pdf`` is stored inside its upload directory as ``x.pdf``, never outside."""
    media = Path(cast["media"]) / "media"

    response = _scan(cast, "../../../../x.pdf", corpus.PDF)

    assert response.status_code == 302
    (stored,) = _files(media)
    assert stored.name == "x.pdf"
    assert stored.parent.parent == media / "incoming" / "scans"


def test_good_files_are_accepted_by_every_field(cast):
    """The rule is not a wall: real files of each accepted kind get through."""
    good = {
        ".png": corpus.png(),
        ".xlsx": corpus.small_xlsx(),
        ".docx": corpus.small_docx(),
        ".pdf": corpus.PDF,
    }
    for driver in DRIVERS:
        response = driver.send(cast, f"正常{driver.extension}", good[driver.extension])
        if driver.api:
            assert response.status_code == 200, response.content
        elif driver.field.endswith(("seal", "scan")):
            assert response.status_code == 302, driver.field
        else:
            assert driver.rule.what + "“" not in response.content.decode()


# --- the rule itself (lib/uploads.py) ----------------------------------------------------------


def _check(name: str, content: bytes, rule: uploads.UploadRule = uploads.INCOMING_SCAN):
    return uploads.check_upload(SimpleUploadedFile(name, content), rule)


def _refused(name: str, content: bytes, rule: uploads.UploadRule = uploads.INCOMING_SCAN) -> str:
    with pytest.raises(ValidationError) as info:
        _check(name, content, rule)
    (message,) = info.value.messages
    assert message.startswith(f"{rule.what}“"), message
    return message


def test_an_ofd_is_a_scan_when_it_has_its_ofd_xml():
    good = corpus.zip_bytes([corpus.Entry("OFD.xml", b"<ofd:OFD/>"), corpus.Entry("Doc_0/a", b"x")])
    bad = corpus.zip_bytes([corpus.Entry("Doc_0/a", b"x")])

    assert _check("来文.ofd", good) is uploads.Kind.OFD
    assert "缺少 OFD.xml" in _refused("来文.ofd", bad)


def test_tiff_and_jpeg_scans_are_accepted_by_their_content():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (16, 16)).save(buffer, format="TIFF")

    assert _check("来文.tif", buffer.getvalue()) is uploads.Kind.TIFF
    assert _check("来文.jpeg", corpus.jpeg()) is uploads.Kind.JPEG


def test_a_bomb_nested_in_a_word_file_is_found_and_deeper_nesting_is_refused():
    inner = corpus.docx_bomb(24)
    nested = corpus.docx_package(corpus.Entry("word/document.xml", b"<w:document/>"))
    with_bomb = corpus.word_with(corpus.Entry("word/embeddings/a.xlsx", inner))
    two_deep = corpus.word_with(corpus.Entry("word/embeddings/a.docx", nested))
    deeper = corpus.word_with(corpus.Entry("word/embeddings/a.docx", two_deep))

    assert "压缩炸弹" in _refused("草稿.docx", with_bomb, uploads.DOCX_IMPORT)
    assert _check("草稿.docx", two_deep, uploads.DOCX_IMPORT) is uploads.Kind.DOCX
    assert "嵌套了过多层压缩包" in _refused("草稿.docx", deeper, uploads.DOCX_IMPORT)


def test_a_dtd_in_a_part_is_refused_before_any_parser_sees_it():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
        b'"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document>&lol2;</w:document>'
    )
    content = corpus.docx_package(corpus.Entry("word/document.xml", laughs))
    renamed = corpus.zip_bytes(
        [
            corpus.Entry(
                "[Content_Types].xml",
                corpus.CONTENT_TYPES.format(part="word/body.bin", type=corpus.DOCX_MAIN).encode(),
            ),
            corpus.Entry("word/body.bin", laughs),
        ]
    )

    assert "DTD" in _refused("草稿.docx", content, uploads.DOCX_IMPORT)
    assert "DTD" in _refused("草稿.docx", renamed, uploads.DOCX_IMPORT)


def test_too_many_entries_and_encrypted_entries_are_refused():
    many = corpus.zip_bytes([corpus.Entry(f"x/{n}.xml", b"<x/>") for n in range(201)])
    encrypted = bytearray(corpus.small_xlsx())
    # set the "encrypted" flag of the first entry in the central directory
    at = encrypted.find(b"PK\x01\x02")
    encrypted[at + 8] |= 0x1

    assert "超过上限 200 个" in _refused("人员.xlsx", many, uploads.PEOPLE_IMPORT)
    assert "加密" in _refused("人员.xlsx", bytes(encrypted), uploads.PEOPLE_IMPORT)


def test_an_image_with_more_pixels_than_a_seal_needs_is_refused():
    assert "尺寸过大" in _refused("印章.png", corpus.png(5000, 5000), uploads.SEAL_IMAGE)


def test_the_checked_file_is_left_at_its_start_for_whoever_stores_it():
    upload = SimpleUploadedFile("来文.pdf", corpus.PDF)

    uploads.check_upload(upload, uploads.INCOMING_SCAN)

    assert upload.read() == corpus.PDF


def test_a_1_gb_bomb_is_refused_by_the_rule_in_milliseconds_with_little_memory():
    for content in (
        corpus.docx_bomb(),
        corpus.docx_bomb(24),
        corpus.docx_bomb(declared=20 * corpus.MB),
    ):
        tracemalloc.start()
        started = time.perf_counter()
        message = _refused("炸弹.docx", content, uploads.DOCX_IMPORT)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

        assert "压缩炸弹" in message or "已损坏" in message
        assert elapsed < 0.5
        assert peak < 10 * corpus.MB


@pytest.mark.parametrize("url", ["/api/documents/read-docx", "/documents/new/"])
def test_a_request_larger_than_any_upload_field_takes_is_refused_before_it_is_read(cast, url):
    rows = _rows()
    declared = uploads.MAX_REQUEST_BYTES + 1

    response = _as(cast, "clerk").post(
        url, data=b"x" * 10, content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=declared
    )

    assert response.status_code == 413
    message = response.json()["message"] if url.startswith("/api/") else response.content.decode()
    assert "超过上限 51 MB" in message
    assert _rows() == rows


def test_a_large_upload_spooled_to_disk_is_inspected_from_its_temporary_file():
    """Over FILE_UPLOAD_MAX_MEMORY_SIZE Django keeps the upload in a temporary file: the
    archive is read from there, chunk by chunk, like one in memory."""
    from django.core.files.uploadedfile import TemporaryUploadedFile

    scan = corpus.word_with(
        corpus.Entry("word/media/image1.png", random.Random(0).randbytes(4 * corpus.MB))
    )
    upload = TemporaryUploadedFile("来文.docx", "application/octet-stream", len(scan), None)
    upload.write(scan)
    upload.seek(0)

    assert uploads.check_upload(upload, uploads.INCOMING_SCAN) is uploads.Kind.DOCX
    assert upload.read() == scan
    upload.close()
