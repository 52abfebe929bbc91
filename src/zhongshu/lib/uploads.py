"""What an uploaded file is, read from its bytes: the one rule every upload field applies.

A file's name says what its sender wants it taken for; only its content says what it is. Each
upload field names an :class:`UploadRule` (the kinds it accepts, its size limit, and for
zip-based kinds the limits of the archive), and :func:`check_upload` refuses, with a Chinese
message naming the file and what it actually is:

1. a missing or empty name, or one that is a path;
2. an empty file, or one over the size limit;
3. an extension the field does not take, or content that is not what the extension says
   (magic bytes: ``%PDF-``, PNG, JPEG, TIFF, zip), including HTML, SVG, GIF or script
   dressed up as an accepted kind and polyglots carrying markup in their first bytes;
4. an image Pillow cannot open and verify, or one with more pixels than a page needs;
5. for zip-based kinds (.docx, .xlsx, OFD): an archive that is not one, has too many
   entries, duplicate or path-like entry names, encrypted entries, unknown compression, a
   DTD in its XML, archives nested too deep, or that inflates past its limits (per entry, in
   total, or by ratio). Sizes in the headers are not trusted: every entry is stream-read
   with a cap, so a zip bomb is refused after a few megabytes of inflation, in milliseconds
   and with bounded memory;
6. a .docx or .xlsx whose ``[Content_Types].xml`` does not declare the main part of that
   kind (a Word document, an Excel workbook; macro-enabled variants are not these), or whose
   main part is missing; an OFD without its ``OFD.xml``.

The file is left at position 0 for whoever stores or parses it next.
"""

from __future__ import annotations

import contextlib
import enum
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, Any
from xml.etree import ElementTree as ET

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MB = 1024 * 1024
CHUNK = 64 * 1024
HEAD = 2048


class Kind(enum.Enum):
    """What a file is, by its content. The label is how a person would name it."""

    PDF = "pdf"
    OFD = "ofd"
    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"
    DOCX = "docx"
    XLSX = "xlsx"
    # seen, never accepted
    GIF = "gif"
    ZIP = "zip"
    HTML = "html"
    SVG = "svg"
    XML = "xml"
    TEXT = "text"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return str(_KIND_LABELS[self])


_KIND_LABELS = {
    Kind.PDF: gettext_lazy("PDF 文件"),
    Kind.OFD: gettext_lazy("OFD 版式文件"),
    Kind.PNG: gettext_lazy("PNG 图片"),
    Kind.JPEG: gettext_lazy("JPG 图片"),
    Kind.TIFF: gettext_lazy("TIFF 图片"),
    Kind.DOCX: gettext_lazy("Word 文档（.docx）"),
    Kind.XLSX: gettext_lazy("Excel 工作簿（.xlsx）"),
    Kind.GIF: gettext_lazy("GIF 图片"),
    Kind.ZIP: gettext_lazy("压缩包"),
    Kind.HTML: gettext_lazy("HTML 网页"),
    Kind.SVG: gettext_lazy("SVG 矢量图（可含脚本）"),
    Kind.XML: gettext_lazy("XML 文本"),
    Kind.TEXT: gettext_lazy("纯文本"),
    Kind.UNKNOWN: gettext_lazy("无法识别的内容"),
}

#: The extensions each accepted kind may carry.
EXTENSIONS = {
    Kind.PDF: (".pdf",),
    Kind.OFD: (".ofd",),
    Kind.PNG: (".png",),
    Kind.JPEG: (".jpg", ".jpeg"),
    Kind.TIFF: (".tif", ".tiff"),
    Kind.DOCX: (".docx",),
    Kind.XLSX: (".xlsx",),
}

#: The main part an OOXML package of each kind declares in ``[Content_Types].xml``.
OOXML_MAIN = {
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}

#: The kinds that are zip packages (inspected as archives) and the image kinds (decoded by
#: Pillow, under its name for the format).
_ARCHIVE_KINDS = frozenset({Kind.DOCX, Kind.XLSX, Kind.OFD})
_IMAGE_FORMATS = {Kind.PNG: "PNG", Kind.JPEG: "JPEG", Kind.TIFF: "TIFF"}

#: Markup that has no business in the first bytes of a PDF, an image or an archive: a file
#: carrying it there is a polyglot meant to be rendered by a browser.
_MARKUP = re.compile(
    rb"<\s*(script|html|svg|iframe|body|head|object|embed|!doctype\s+html)\b", re.I
)
_XML_DTD = (b"<!DOCTYPE", b"<!ENTITY")
_XML_DTD_ANY = tuple(
    marker.decode().encode(encoding)
    for marker in _XML_DTD
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)


#: What an archive's entry is read as XML by some parser (whatever its name says).
_MARKUP_KINDS = frozenset({Kind.XML, Kind.HTML, Kind.SVG, Kind.TEXT})


@dataclass(frozen=True)
class ArchiveLimits:
    """How far a zip-based upload may go when inflated (checked while reading, not trusted
    from its headers). The ratio is checked only past ``ratio_floor`` bytes of an entry,
    where ordinary XML never comes near it and a run of zeros is already ~1000:1."""

    max_entries: int = 1000
    max_entry: int = 25 * MB
    max_total: int = 60 * MB
    max_ratio: int = 100
    ratio_floor: int = 2 * MB
    max_depth: int = 1  # an embedded workbook in a Word file is one level; no deeper


@dataclass(frozen=True)
class UploadRule:
    """What one upload field takes: ``what`` names the file in messages (扫描件, 印章图片)."""

    what: Any
    kinds: tuple[Kind, ...]
    max_bytes: int
    archive: ArchiveLimits = field(default_factory=ArchiveLimits)
    max_pixels: int = 80_000_000  # an A3 page at 600 dpi is ~70 million pixels

    @property
    def accepted(self) -> str:
        return "、".join(kind.label for kind in self.kinds)


DOCX_IMPORT = UploadRule(what=gettext_lazy("Word 文稿"), kinds=(Kind.DOCX,), max_bytes=20 * MB)
PEOPLE_IMPORT = UploadRule(
    what=gettext_lazy("Excel 工作簿"),
    kinds=(Kind.XLSX,),
    max_bytes=10 * MB,
    archive=ArchiveLimits(max_entries=200, max_entry=20 * MB, max_total=40 * MB),
)
SEAL_IMAGE = UploadRule(
    what=gettext_lazy("印章图片"),
    kinds=(Kind.PNG, Kind.JPEG),
    max_bytes=2 * MB,
    max_pixels=16_000_000,  # a seal is 4.2 cm across: 4000 × 4000 is far beyond any print
)
INCOMING_SCAN = UploadRule(
    what=gettext_lazy("扫描件"),
    kinds=(Kind.PDF, Kind.OFD, Kind.JPEG, Kind.PNG, Kind.TIFF, Kind.DOCX),
    max_bytes=50 * MB,
    # stored, not parsed: the images inside may be large, a bomb is still stopped by ratio
    archive=ArchiveLimits(max_entries=5000, max_entry=100 * MB, max_total=200 * MB),
)


#: Every rule, for what holds for all uploads (the request size cap below).
RULES = (DOCX_IMPORT, PEOPLE_IMPORT, SEAL_IMAGE, INCOMING_SCAN)
#: The largest request body an upload may come in: the largest file any field takes, plus
#: room for the form's other fields and the multipart framing.
MAX_REQUEST_BYTES = max(rule.max_bytes for rule in RULES) + MB


class UploadSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than any upload field takes (413), before
    anything reads it: Django would otherwise spool all of it to disk (the per-field limits
    only apply once the whole upload has arrived). Goes before anything that reads
    ``request.POST`` (the CSRF middleware does)."""

    def __init__(self, get_response: Any):
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body it cannot size
        if length <= MAX_REQUEST_BYTES:
            return self.get_response(request)
        from django.http import HttpResponse, JsonResponse

        message = _("上传的内容有 %(size).1f MB，超过上限 %(max)d MB，未予接收。") % {
            "size": length / MB,
            "max": MAX_REQUEST_BYTES // MB,
        }
        if request.path.startswith("/api/"):
            extra = {"max_bytes": MAX_REQUEST_BYTES}
            return JsonResponse({"message": message, "extra": extra}, status=413)
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class _Refused(Exception):
    """Why the content was refused, without the file's name (added by ``check_upload``)."""

    def __init__(self, reason: str, code: str):
        super().__init__(reason)
        self.reason = reason
        self.code = code


def check_upload(upload: Any, rule: UploadRule, *, name: str | None = None) -> Kind:
    """Check ``upload`` (an ``UploadedFile`` or any seekable file with ``name``) against
    ``rule``; return the kind it is, or raise ``ValidationError`` with a Chinese message that
    names the file. Reads at most the archive limits' worth of inflated data; leaves the
    file at position 0."""
    name = name if name is not None else (getattr(upload, "name", "") or "")
    what = str(rule.what)
    shown = _shown_name(name)
    try:
        kind = _check(upload, rule, name)
    except _Refused as refused:
        raise ValidationError(
            _("%(what)s“%(name)s”%(reason)s")
            % {"what": what, "name": shown or _("（无文件名）"), "reason": refused.reason},
            code=refused.code,
        ) from None
    finally:
        _rewind(upload)
    return kind


class UploadField(forms.FileField):
    """A form's upload field, checked against ``rule`` by :func:`check_upload` when it is
    cleaned. Empty files are let through Django's own check so that the rule refuses them with
    the file's name."""

    def __init__(self, *, rule: UploadRule, **kwargs: Any):
        kwargs.setdefault("allow_empty_file", True)
        self.rule = rule
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload:
            check_upload(upload, self.rule)
        return upload


def _shown_name(name: str, *, entry: bool = False) -> str:
    """The name as it may be shown back: printable, at most 80 chars, and for an upload only
    its last component (an archive's entry is shown whole: its path is the point)."""
    base = name if entry else re.split(r"[/\\]", name)[-1]
    base = "".join(ch for ch in base if ch.isprintable())
    return base if len(base) <= 80 else base[:60] + "…" + base[-19:]


def _rewind(upload: Any) -> None:
    # a closed or unseekable file: there is nothing to leave at the start
    with contextlib.suppress(AttributeError, OSError, ValueError):
        upload.seek(0)


def _size(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    return int(size)


def _check(upload: Any, rule: UploadRule, name: str) -> Kind:
    # 1. the name
    stripped = name.strip()
    if not stripped or not stripped.rsplit(".", 1)[0].strip(". "):
        raise _Refused(_("没有文件名，请选择一个有名称的文件。"), "name_empty")
    if any(ch in stripped for ch in "/\\\0"):
        raise _Refused(_("的文件名含有路径或非法字符。"), "name_path")
    if any(not ch.isprintable() for ch in stripped):
        raise _Refused(_("的文件名含有控制字符。"), "name_path")
    # 2. the size
    size = _size(upload)
    if size <= 0:
        raise _Refused(_("是空文件。"), "empty")
    if size > rule.max_bytes:
        raise _Refused(
            _("有 %(size).1f MB，超过上限 %(max)d MB。")
            % {"size": size / MB, "max": rule.max_bytes // MB},
            "too_large",
        )
    # 3. the extension, then the content
    suffix = PurePosixPath(stripped).suffix.lower()
    claimed = next((k for k in rule.kinds if suffix in EXTENSIONS[k]), None)
    if claimed is None:
        raise _Refused(
            _("的类型（%(suffix)s）不被接受：只接受%(accepted)s。")
            % {"suffix": suffix or _("无扩展名"), "accepted": rule.accepted},
            "extension",
        )
    upload.seek(0)
    head = upload.read(HEAD)
    found = sniff(head)
    if found is Kind.ZIP and claimed in _ARCHIVE_KINDS:
        found = claimed  # confirmed (or refused) by the archive checks below
    if found is not claimed:
        raise _Refused(
            _("的内容是%(found)s，不是扩展名所称的%(claimed)s。")
            % {"found": found.label, "claimed": claimed.label},
            "content",
        )
    if claimed not in _ARCHIVE_KINDS and _MARKUP.search(head):
        raise _Refused(
            _("是夹带网页代码的%(claimed)s（伪装文件），不予接受。") % {"claimed": claimed.label},
            "polyglot",
        )
    # 4. images decode; archives are inspected and must be the package they claim
    if claimed in _IMAGE_FORMATS:
        _check_image(upload, claimed, rule)
    elif claimed in _ARCHIVE_KINDS:
        upload.seek(0)
        names, content_types = inspect_archive(upload, rule.archive)
        _check_package(claimed, names, content_types)
    return claimed


def sniff(head: bytes) -> Kind:
    """The kind of a file from its first bytes (magic numbers; markup by its opening tag)."""
    if head.startswith(b"%PDF-"):
        return Kind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return Kind.TIFF
    if head.startswith((b"GIF87a", b"GIF89a")):
        return Kind.GIF
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return Kind.ZIP
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if b"<svg" in text[:HEAD]:
        return Kind.SVG
    if text.startswith(b"<?xml"):
        return Kind.XML
    if text.startswith(b"<") or _MARKUP.search(text):
        return Kind.HTML
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return Kind.UNKNOWN
    return Kind.TEXT


def _check_image(upload: Any, kind: Kind, rule: UploadRule) -> None:
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload, formats=[_IMAGE_FORMATS[kind]]) as image:
            width, height = image.size
            if width * height > rule.max_pixels:
                raise _Refused(
                    _("的尺寸过大（%(w)d × %(h)d 像素）。") % {"w": width, "h": height},
                    "image_size",
                )
            image.verify()
    except _Refused:
        raise
    except Exception as exc:  # Pillow raises many kinds for a damaged image
        raise _Refused(
            _("不是完好的%(kind)s：文件已损坏或被截断。") % {"kind": kind.label}, "image_damaged"
        ) from exc


def inspect_archive(
    file: IO[bytes], limits: ArchiveLimits, *, depth: int = 0, budget: list[int] | None = None
) -> tuple[set[str], bytes]:
    """Stream-read every entry of the zip ``file`` within ``limits``; return its entry names
    and its ``[Content_Types].xml`` (b"" when absent), or raise ``_Refused``.

    ``budget`` is the inflated bytes still allowed, shared with nested archives.
    """
    budget = budget if budget is not None else [limits.max_total]
    try:
        archive = zipfile.ZipFile(file)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _Refused(_("不是有效的压缩格式文件（文件已损坏）。"), "archive_damaged") from exc
    with archive:
        if len(infos) > limits.max_entries:
            raise _Refused(
                _("包含 %(count)d 个条目，超过上限 %(max)d 个。")
                % {"count": len(infos), "max": limits.max_entries},
                "archive_entries",
            )
        names: set[str] = set()
        declared = 0
        for info in infos:
            _check_entry_name(info, names)
            if info.flag_bits & 0x1:
                raise _Refused(_("含有加密的条目，无法检查。"), "archive_encrypted")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _Refused(_("使用了不支持的压缩方式。"), "archive_method")
            declared += info.file_size
            if info.file_size > limits.max_entry or declared > limits.max_total:
                raise _Refused(_bomb_reason(info.filename, limits), "archive_bomb")
        content_types = b""
        archive_size = _size(file)
        for info in infos:
            if info.is_dir():
                continue
            data = _read_entry(archive, info, archive_size, limits, depth, budget)
            if info.filename == "[Content_Types].xml":
                content_types = data
        return names, content_types


def _check_entry_name(info: zipfile.ZipInfo, names: set[str]) -> None:
    raw = info.orig_filename
    name = info.filename
    parts = name.split("/")
    if (
        not name
        or "\0" in raw
        or "\\" in raw
        or name.startswith("/")
        or re.match(r"^[A-Za-z]:", name)
        or any(part in {"..", "."} for part in parts)
        or any(not ch.isprintable() for ch in name)
    ):
        raise _Refused(
            _("含有路径异常的条目“%(entry)s”。") % {"entry": _shown_name(raw, entry=True) or "?"},
            "archive_path",
        )
    key = name.lower()  # OPC part names are case-insensitive: two spellings are one part
    if key in names:
        raise _Refused(
            _("含有重名的条目“%(entry)s”。") % {"entry": _shown_name(name, entry=True)},
            "archive_duplicate",
        )
    names.add(key)


def _bomb_reason(entry: str, limits: ArchiveLimits) -> str:
    return _(
        "解压后过大（条目“%(entry)s”超出限制：单个条目 %(entry_max)d MB、合计 %(total_max)d MB、"
        "压缩比 %(ratio)d 倍），疑为压缩炸弹，已拒绝。"
    ) % {
        "entry": _shown_name(entry, entry=True),
        "entry_max": limits.max_entry // MB,
        "total_max": limits.max_total // MB,
        "ratio": limits.max_ratio,
    }


def _read_entry(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    archive_size: int,
    limits: ArchiveLimits,
    depth: int,
    budget: list[int],
) -> bytes:
    """Inflate one entry in chunks, counting what actually comes out (not what the header
    says). Returns the entry's bytes when it is ``[Content_Types].xml``, else b"". A nested
    archive is spooled to a temporary file (memory stays bounded) and inspected in turn."""
    compressed = max(1, min(info.compress_size, archive_size))
    keep = info.filename == "[Content_Types].xml"
    kept = bytearray()
    nested = None
    count = 0
    xml = info.filename.lower().endswith((".xml", ".rels"))
    try:
        with archive.open(info) as entry:
            while chunk := entry.read(CHUNK):
                if count == 0:
                    markup = xml or sniff(chunk[:HEAD]) in _MARKUP_KINDS  # any name
                    if markup and any(marker in chunk for marker in _XML_DTD_ANY):
                        raise _Refused(
                            _("的条目“%(entry)s”含有 DTD 声明，不予接受。")
                            % {"entry": _shown_name(info.filename, entry=True)},
                            "archive_dtd",
                        )
                    if chunk.startswith(b"PK\x03\x04"):
                        if depth >= limits.max_depth:
                            raise _Refused(
                                _("嵌套了过多层压缩包（条目“%(entry)s”）。")
                                % {"entry": _shown_name(info.filename, entry=True)},
                                "archive_nested",
                            )
                        nested = tempfile.SpooledTemporaryFile(max_size=MB)  # noqa: SIM115
                count += len(chunk)
                budget[0] -= len(chunk)
                if (
                    count > limits.max_entry
                    or budget[0] < 0
                    or (count > limits.ratio_floor and count > limits.max_ratio * compressed)
                ):
                    raise _Refused(_bomb_reason(info.filename, limits), "archive_bomb")
                if keep:
                    kept += chunk
                if nested is not None:
                    nested.write(chunk)
        if nested is not None:
            nested.seek(0)
            inspect_archive(nested, limits, depth=depth + 1, budget=budget)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        # a CRC that does not match, a size the data does not have, a truncated stream
        raise _Refused(
            _("的条目“%(entry)s”已损坏（内容与其记录的大小或校验值不符）。")
            % {"entry": _shown_name(info.filename, entry=True)},
            "archive_damaged",
        ) from exc
    finally:
        if nested is not None:
            nested.close()
    return bytes(kept)


def _check_package(kind: Kind, names: set[str], content_types: bytes) -> None:
    if kind is Kind.OFD:
        if "ofd.xml" not in names:
            raise _Refused(_("不是 OFD 文件：缺少 OFD.xml。"), "package")
        return
    refused = _Refused(
        _("不是%(kind)s：压缩包中没有相应的主体部分。") % {"kind": kind.label}, "package"
    )
    if not content_types:
        raise refused
    try:
        root = ET.fromstring(content_types)  # noqa: S314 - no DTD (refused while reading)
    except ET.ParseError as exc:
        raise refused from exc
    for element in root:
        if (
            element.tag.endswith("Override")
            and element.get("ContentType") == OOXML_MAIN[kind]
            and (element.get("PartName") or "").lstrip("/").lower() in names
        ):
            return
    raise refused


__all__ = [
    "DOCX_IMPORT",
    "INCOMING_SCAN",
    "MAX_REQUEST_BYTES",
    "PEOPLE_IMPORT",
    "RULES",
    "SEAL_IMAGE",
    "ArchiveLimits",
    "Kind",
    "UploadField",
    "UploadRule",
    "UploadSizeLimitMiddleware",
    "check_upload",
    "inspect_archive",
    "sniff",
]
