"""How big a 公文 the reader, the checker and the typesetters take on, and the refusal beyond.

Every stage is linear (or close to it) in the size of its input, so time is bounded by size;
these limits bound the size. They are far beyond any official document: a 政府工作报告 runs
to about 20,000 characters and 300 paragraphs, a 统计公报 to about 25,000. Text past them is
no 公文 (a whole web site pasted, a generated file) and is refused at once with the reason,
before any work is done, instead of holding a server worker for seconds or minutes.

Measured on the 2-core development machine (``bench/render.py``): the reader, the checker and
the PDF typesetter each take well under 50 µs of CPU per character of text.
"""

from __future__ import annotations

from collections.abc import Iterator

from zhongshu.gongwen.model import Document, DocumentError

# All the text of one document (every element, attachments included), in characters:
# about 100 pages of 正文 at 22 lines × 28 characters.
MAX_DOCUMENT_CHARS = 60_000
# Paragraphs of 正文 and of the attachments together (a line of its own is a paragraph).
MAX_PARAGRAPHS = 5_000
# Text given to the reader: the document's limit plus room for what the reader drops (page
# headers and footers, navigation of a pasted web page, blank lines).
MAX_READER_CHARS = 2 * MAX_DOCUMENT_CHARS


class DocumentTooLarge(DocumentError):
    """The input is beyond ``MAX_*``: ``size`` (characters or paragraphs) over ``limit``.

    A ``DocumentError`` (so callers that refuse bad input refuse this too) whose message says
    what is too large and what the limit is, in Chinese; ``what`` is "字" or "段".
    """

    def __init__(self, message: str, *, size: int, limit: int, what: str):
        super().__init__([("公文", message)])
        self.message = message
        self.size = size
        self.limit = limit
        self.what = what

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):  # travels back from a child process (``zhongshu.lib.bounded``)
        return _too_large, (self.message, self.size, self.limit, self.what)


def _too_large(message: str, size: int, limit: int, what: str) -> DocumentTooLarge:
    return DocumentTooLarge(message, size=size, limit=limit, what=what)


def _texts(document: Document) -> Iterator[str]:
    yield document.title
    yield document.adoption_note
    yield document.note
    yield document.printer
    yield document.doc_number
    yield document.date_text
    yield from document.primary_recipients
    yield from document.cc_recipients
    yield from document.attachment_notes
    for issuer in document.issuers:
        yield issuer.name
        yield issuer.masthead
        yield issuer.signature
        yield from issuer.signers
    for paragraph in document.body:
        yield paragraph.text
    for attachment in document.attachments:
        yield attachment.title
        for paragraph in attachment.body:
            yield paragraph.text
    if document.minutes_attendance is not None:
        attendance = document.minutes_attendance
        yield from (*attendance.present, *attendance.absent, *attendance.attending)


def document_size(document: Document) -> tuple[int, int]:
    """(characters of all its text, paragraphs of 正文 and attachments)."""
    chars = sum(len(text) for text in _texts(document))
    paragraphs = len(document.body) + sum(len(a.body) for a in document.attachments)
    return chars, paragraphs


def ensure_document_size(document: Document) -> None:
    """Raise ``DocumentTooLarge`` when ``document`` is beyond the limits; cheap (one pass)."""
    chars, paragraphs = document_size(document)
    if chars > MAX_DOCUMENT_CHARS:
        raise DocumentTooLarge(
            f"公文过长：共 {chars:,} 字，超过 {MAX_DOCUMENT_CHARS:,} 字的上限（约 100 页）。"
            "请检查是否粘贴了多余内容，或将其分为几份公文、以附件另行印发。",
            size=chars,
            limit=MAX_DOCUMENT_CHARS,
            what="字",
        )
    if paragraphs > MAX_PARAGRAPHS:
        raise DocumentTooLarge(
            f"公文段落过多：共 {paragraphs:,} 段，超过 {MAX_PARAGRAPHS:,} 段的上限。"
            "请检查是否把每一行都当成了一段，或将其分为几份公文。",
            size=paragraphs,
            limit=MAX_PARAGRAPHS,
            what="段",
        )


def ensure_reader_chars(chars: int) -> None:
    """Raise ``DocumentTooLarge`` when ``chars`` characters given to the reader are beyond
    ``MAX_READER_CHARS`` (the .docx reader counts as it goes, the text reader all at once)."""
    if chars > MAX_READER_CHARS:
        raise DocumentTooLarge(
            f"文本过长：超过 {MAX_READER_CHARS:,} 字的上限，不像一份公文。请只提交公文本身。",
            size=chars,
            limit=MAX_READER_CHARS,
            what="字",
        )
