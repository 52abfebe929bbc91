"""The archive cast: the 收文 cast (tests/incoming/conftest.py) plus organ A's 档案员, and
dispatched outgoing documents of organ A with a real multi-page PDF."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.incoming.conftest import (  # noqa: F401 (fixtures)
    Cast,
    cast,
    content,
    general,
    head_general,
    head_law,
    law,
    leader,
)
from tests.organs.factories import PostFactory
from zhongshu.documents.models import IssuedFile, OutgoingDocument
from zhongshu.organs.models import Role


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_bytes(pages: int, text: str = "正文") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for number in range(pages):
        page.drawString(100, 700, f"page {number + 1}")
        page.showPage()
    page.save()
    return buffer.getvalue()


@pytest.fixture
def archivist(office_a):
    return PostFactory(
        department=office_a, title="档案员", holder__full_name="档案员小林", roles=[Role.ARCHIVIST]
    ).holder


def make_dispatched(
    organ,
    drafter,
    *,
    pages: int = 3,
    doc_type: str = "通知",
    important: bool = False,
    signed_on: date = date(2026, 3, 9),
    number: int = 1,
    classification: int = 0,
    title: str = "",
) -> OutgoingDocument:
    """A dispatched outgoing document of ``organ`` with its sealed PDF of ``pages`` pages."""
    post = drafter.posts.first()
    title = title or f"甲市人民政府关于第{number}项工作的{doc_type}"
    data = content(title=title, doc_type=doc_type, doc_number=f"甲政〔2026〕{number}号")
    document = OutgoingDocument.objects.create(
        organ=organ,
        department=post.department,
        drafter=drafter,
        content=data,
        title=title,
        doc_type=doc_type,
        important=important,
        classification=classification,
        status=OutgoingDocument.Status.DISPATCHED,
        doc_number=data["doc_number"],
        signed_on=signed_on,
        dispatched_at=timezone.now(),
    )
    raw = pdf_bytes(pages)
    issued = IssuedFile(
        document=document,
        kind=IssuedFile.Kind.PDF,
        size=len(raw),
        sha256=hashlib.sha256(raw).hexdigest(),
        created_at=timezone.now(),
    )
    issued.file.save("sealed.pdf", ContentFile(raw), save=False)
    issued.save()
    return document
