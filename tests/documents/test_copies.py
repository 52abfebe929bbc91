"""份号 on the copies of a classified document (GB/T 9704 §7.2.1: 涉密公文应当标注份号).

The sealed PDF is typeset with line 1 of the 版头 free and never changes; each copy handed out
(a receiving organ's download, the issuing office's print of a recipient's range) carries its
份号 there, stamped on the fly with the downloader's watermark. These tests use the real
typesetter (the other 发文 tests replace it) and read the PDFs with pdfplumber.
"""

from __future__ import annotations

import hashlib
import io
import re

import pdfplumber
import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse

from tests.contract import Endpoint, check_matrix, expect
from tests.organs.factories import OrganFactory
from zhongshu.documents import copies, rendering
from zhongshu.documents.models import IssuedFile, OutgoingDocument
from zhongshu.documents.rendering import render as typeset
from zhongshu.gongwen.typeset import layout as L
from zhongshu.organs.models import Classification

pytestmark = pytest.mark.django_db

Status = OutgoingDocument.Status
NUMBER = re.compile(r"^\d{6}$")
MM = 25.4 / 72


@pytest.fixture(autouse=True)
def real_typesetter(monkeypatch, sealed_organ_a):
    """The real typesetter, and a seal image it can read."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((4, 4, 196, 196), outline=(255, 0, 0, 255), width=8)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    sealed_organ_a.seal.save("seal-a.png", ContentFile(buffer.getvalue()), save=True)
    monkeypatch.setattr(rendering, "render", typeset)


def _clear(*people, level=Classification.CONFIDENTIAL) -> None:
    for person in people:
        person.clearance = level
        person.save(update_fields=["clearance"])


def _words(pdf: bytes, page: int = 0) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return doc.pages[page].extract_words()


def _copy_numbers(pdf: bytes) -> list[str]:
    """The 6-digit number at the top left of each page (or "" where there is none)."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            numbers = [
                w["text"]
                for w in page.extract_words()
                if NUMBER.match(w["text"]) and w["x0"] * MM < L.MARGIN_LEFT_MM + 1
            ]
            found.append(numbers[0] if numbers else "")
    return found


def _top_left_number(pdf: bytes) -> dict | None:
    return next((w for w in _words(pdf) if NUMBER.match(w["text"])), None)


@pytest.fixture
def classified(cast, outsider, organ_b_below_a):
    """A 机密 document to 丙县 (2 copies: 份号 1–2) and 乙县 (3 copies: 份号 3–5), dispatched."""
    from zhongshu.documents import services

    _clear(cast.drafter, cast.dept_head, cast.director, cast.clerk, cast.leader, outsider)
    OrganFactory(name="丙县人民政府", short_name="丙县政府", parent=organ_b_below_a.parent)
    document = cast.advance(
        cast.draft(
            classification="机密",
            classification_period="10年",
            primary_recipients=["丙县人民政府", "乙县人民政府"],
        ),
        Status.DISPATCH,
    )
    services.document_dispatch(
        document=document, actor=cast.clerk, copies={"丙县人民政府": 2, "乙县人民政府": 3}
    )
    document.refresh_from_db()
    return document


def _stored(document) -> tuple[IssuedFile, bytes]:
    issued = copies.current_pdf(document)
    with issued.file.open("rb") as handle:
        return issued, handle.read()


def test_a_classified_document_is_sealed_with_its_copy_number_line_left_free(classified):
    issued, data = _stored(classified)

    assert issued.copy_number_slot["page"] == 1
    assert issued.copy_number_slot["x_mm"] == pytest.approx(L.MARGIN_LEFT_MM)
    assert issued.copy_number_slot["top_mm"] == pytest.approx(L.line_top_mm(1))
    assert _top_left_number(data) is None  # the master carries no 份号
    mark = next(w for w in _words(data) if w["text"].startswith("机密"))
    assert mark["top"] * MM == pytest.approx(L.line_top_mm(2), abs=1.5)  # 密级 on line 2


def test_the_receiving_clerk_downloads_the_copy_with_its_organs_copy_number(
    client, classified, outsider
):
    issued, before = _stored(classified)
    client.force_login(outsider)

    response = client.get(reverse("documents:file", args=[classified.pk, "pdf"]))

    assert response.status_code == 200
    data = response.content
    number = _top_left_number(data)
    assert number is not None and number["text"] == "000003"
    assert number["x0"] * MM == pytest.approx(L.MARGIN_LEFT_MM, abs=1.0)
    assert number["top"] * MM == pytest.approx(L.line_top_mm(1), abs=1.5)
    assert "赵外人" in "".join(c["text"] for c in pdfplumber.open(io.BytesIO(data)).pages[0].chars)
    # the stored master is the start of the copy and never changes
    assert data.startswith(before)
    issued.refresh_from_db()
    _again, after = _stored(classified)
    assert hashlib.sha256(after).hexdigest() == issued.sha256 == hashlib.sha256(before).hexdigest()


def test_the_issuing_office_downloads_its_own_unnumbered_file_copy(client, classified, cast):
    client.force_login(cast.clerk)

    response = client.get(reverse("documents:file", args=[classified.pk, "pdf"]))

    assert response.status_code == 200
    assert _top_left_number(response.content) is None
    assert "张文书" in "".join(
        c["text"] for c in pdfplumber.open(io.BytesIO(response.content)).pages[0].chars
    )


def test_the_receiving_side_gets_its_copy_through_the_incoming_hook(classified, outsider):
    recipient = classified.recipients.get(name="乙县人民政府")
    request = RequestFactory().get("/")
    request.user = outsider

    response = copies.received_copy_response(
        request, recipient=recipient, issued=copies.current_pdf(classified), filename="来文.pdf"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert _top_left_number(response.content)["text"] == "000003"


def test_the_receiving_clerk_downloads_the_original_from_the_incoming_page_with_its_number(
    client, classified, outsider
):
    """收文 来文原件 is the organ's copy: its 份号 and the downloader's watermark."""
    from zhongshu.documents.incoming.models import IncomingDocument

    incoming = IncomingDocument.objects.get(dispatch_recipient__name="乙县人民政府")
    client.force_login(outsider)

    response = client.get(reverse("incoming:original", args=[incoming.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert _top_left_number(response.content)["text"] == "000003"
    assert "赵外人" in "".join(
        c["text"] for c in pdfplumber.open(io.BytesIO(response.content)).pages[0].chars
    )


def test_the_office_prints_a_recipients_range_one_copy_after_another(client, classified, cast):
    _issued, master = _stored(classified)
    pages = len(pdfplumber.open(io.BytesIO(master)).pages)
    recipient = classified.recipients.get(name="乙县人民政府")
    client.force_login(cast.clerk)

    response = client.get(reverse("documents:copies", args=[classified.pk, recipient.pk]))

    assert response.status_code == 200
    numbers = _copy_numbers(response.content)
    assert len(numbers) == 3 * pages
    assert numbers[0::pages] == ["000003", "000004", "000005"]
    assert all(n == "" for i, n in enumerate(numbers) if i % pages)  # only on each first page
    assert response.content.startswith(master)


def test_the_office_prints_one_copy_of_the_range(client, classified, cast):
    recipient = classified.recipients.get(name="丙县人民政府")
    client.force_login(cast.clerk)
    url = reverse("documents:copies", args=[classified.pk, recipient.pk])

    one = client.get(url, {"number": "2"})
    outside = client.get(url, {"number": "3"})

    assert one.status_code == 200
    assert _copy_numbers(one.content)[0] == "000002"
    assert outside.status_code == 400
    assert "不属于" in outside.content.decode()


def test_printing_the_copies_is_audited_with_their_numbers(client, classified, cast):
    from zhongshu.audit.models import AuditEvent

    recipient = classified.recipients.get(name="丙县人民政府")
    client.force_login(cast.clerk)

    client.get(reverse("documents:copies", args=[classified.pk, recipient.pk]))

    entry = AuditEvent.objects.filter(action="outgoing_print").get()
    assert entry.extra["copy_numbers"] == [1, 2]
    assert entry.extra["watermarked"] is True


def test_only_the_issuing_office_prints_the_copies(client, classified, cast, outsider):
    recipient = classified.recipients.get(name="乙县人民政府")
    url = reverse("documents:copies", args=[classified.pk, recipient.pk])

    for person in (cast.drafter, outsider):
        client.force_login(person)
        assert client.get(url).status_code in (403, 404)


def test_the_api_prints_the_copies_and_refuses_a_number_outside_the_range(client, classified, cast):
    recipient = classified.recipients.get(name="丙县人民政府")
    client.force_login(cast.clerk)
    url = reverse("api:document_copies", args=[classified.pk, recipient.pk])

    ok = client.get(url)
    bad = client.get(url, {"number": "5"})

    assert ok.status_code == 200
    assert _copy_numbers(ok.content)[0] == "000001"
    assert bad.status_code == 400
    assert "不属于" in bad.json()["message"] + str(bad.json()["extra"])


def test_an_unclassified_document_is_handed_out_as_issued_without_copy_number(
    client, cast, outsider, organ_b_below_a
):
    document = cast.advance(cast.draft(), Status.DISPATCHED)
    issued, stored = _stored(document)
    client.force_login(outsider)

    response = client.get(reverse("documents:file", args=[document.pk, "pdf"]))

    assert response.status_code == 200
    assert response.content == stored
    assert _top_left_number(response.content) is None
    assert issued.copy_number_slot is None
    assert document.recipients.get().copy_range == ""


def _copies_kwargs(api: bool):
    def build(request):
        document = request.getfixturevalue("classified")
        recipient = document.recipients.get(name="乙县人民政府")
        if api:
            return {"document_id": document.pk, "recipient_id": recipient.pk}
        return {"pk": document.pk, "recipient_pk": recipient.pk}

    return build


ADMINS_REFUSED = {"system_admin": 403, "security_admin": 403, "audit_admin": 403}


def test_the_copies_page_matrix(request, classified):
    check_matrix(
        request,
        Endpoint("documents:copies", kwargs=_copies_kwargs(api=False)),
        expect(404, clerk=200, director=200, outsider=403, **ADMINS_REFUSED),
    )


def test_the_api_copies_matrix(request, classified):
    check_matrix(
        request,
        Endpoint("api:document_copies", kwargs=_copies_kwargs(api=True)),
        expect(404, clerk=200, director=200, outsider=403, **ADMINS_REFUSED),
    )


@pytest.mark.parametrize("layout", ["文件格式", "信函格式"])
def test_the_stamped_copy_number_lands_where_the_typesetter_prints_one(layout):
    """The master leaves the 份号's line free, and the stamp puts the number exactly where the
    typesetter prints a 份号 it is given (the 版头's line 1; under the double line in 信函格式)."""
    from tests.documents.conftest import content
    from zhongshu.documents.watermark import CopyNumberSlot, stamp
    from zhongshu.gongwen.model import load_document
    from zhongshu.gongwen.typeset.pdf import render_pdf

    model = load_document(
        content(
            classification="秘密",
            classification_period="1年",
            layout=layout,
            doc_type="函",
            title="甲市人民政府关于商请支持有关工作的函",
        )
    )
    master = render_pdf(model, copy_number_slot=True)
    printed = render_pdf(model.model_copy(update={"copy_number": "000001"}))

    stamped = stamp(
        master.pdf, copies=[1], slot=CopyNumberSlot.from_placement(master.copy_number_slot)
    )

    expected = _top_left_number(printed.pdf)
    got = _top_left_number(stamped)
    assert _top_left_number(master.pdf) is None
    assert got["text"] == expected["text"] == "000001"
    for key in ("x0", "x1", "top", "bottom"):
        assert got[key] == pytest.approx(expected[key], abs=0.5)  # points


def test_the_document_page_links_each_recipients_copies_for_the_office_only(
    client, classified, cast, outsider
):
    recipient = classified.recipients.get(name="乙县人民政府")
    link = reverse("documents:copies", args=[classified.pk, recipient.pk])

    client.force_login(cast.clerk)
    office_page = client.get(reverse("documents:detail", args=[classified.pk])).content.decode()
    client.force_login(outsider)
    receiving_page = client.get(reverse("documents:detail", args=[classified.pk])).content.decode()

    assert link in office_page
    assert link not in receiving_page
