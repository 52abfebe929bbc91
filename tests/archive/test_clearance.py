"""Every archive page and endpoint applies the document's clearance rule (issue #10, part 4):
a classified document above the user's clearance does not exist for her (404), nor does its
件, its title or its 份号 register."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.archive.conftest import make_dispatched
from zhongshu.documents.archive import services
from zhongshu.documents.archive.models import CopyRecord
from zhongshu.documents.models import DispatchRecipient
from zhongshu.organs.models import Classification


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _clear(user, level=Classification.SECRET):
    user.clearance = level
    user.save(update_fields=["clearance"])


def _secret_with_register(organ_a, organ_b, clerk):
    document = make_dispatched(
        organ_a, clerk, classification=Classification.SECRET, title="甲市人民政府关于机密事项的通知"
    )
    DispatchRecipient.objects.create(
        document=document,
        organ=organ_b,
        name=organ_b.name,
        kind=DispatchRecipient.Kind.PRIMARY,
        copies=1,
        copy_number_from=1,
        copy_number_to=1,
        dispatched_at=timezone.now(),
    )
    _clear(clerk)
    services.copy_records_register(document=document, actor=clerk)
    return document


def test_the_copies_api_is_404_to_an_organ_member_without_clearance(
    organ_a, organ_b, clerk, director
):
    """GIVEN a 秘密 发文 of organ A with its 份号 register WHEN the organ's director, cleared
    only for 非密, asks for the register (he gets 404 on the document too) THEN 404; once the
    security administrator raises his clearance, he sees it."""
    document = _secret_with_register(organ_a, organ_b, clerk)
    url = reverse("api:archive_copy_list", args=[document.pk])

    assert _client(director).get(reverse("documents:detail", args=[document.pk])).status_code == 404
    assert _client(director).get(url).status_code == 404

    _clear(director)
    assert [c["copy_number"] for c in _client(director).get(url).json()] == [1]


def test_acting_on_a_copy_is_404_without_clearance(organ_a, organ_b, clerk, director):
    document = _secret_with_register(organ_a, organ_b, clerk)
    record = CopyRecord.objects.get(document=document)
    url = reverse("api:archive_copy_act", args=[record.pk, "return"])

    response = _client(director).post(url, {"note": "清退"}, content_type="application/json")

    assert response.status_code == 404
    record.refresh_from_db()
    assert record.status == CopyRecord.Status.DISPATCHED


def test_the_archive_page_and_items_hide_what_the_archivist_may_not_read(organ_a, clerk, archivist):
    """GIVEN a filed 秘密 发文 and a 秘密 发文 waiting to be filed WHEN an archivist without
    clearance opens the archive page and the items API THEN neither title is there, and filing
    the waiting one is 404; cleared, she sees both."""
    filed = make_dispatched(
        organ_a, clerk, classification=Classification.SECRET, title="甲市关于甲密事项的通知"
    )
    waiting = make_dispatched(
        organ_a,
        clerk,
        classification=Classification.SECRET,
        number=2,
        title="甲市关于乙密事项的通知",
    )
    _clear(archivist)
    services.archive_file(actor=archivist, outgoing=filed)
    _clear(archivist, Classification.NONE)
    client = _client(archivist)

    page = client.get(reverse("archive:list"), {"year": 2026}).content.decode()
    items = client.get(reverse("api:archive_items"), {"year": 2026}).json()
    filing = client.post(
        reverse("api:archive_file"),
        {"kind": "outgoing", "id": waiting.pk},
        content_type="application/json",
    )

    assert "甲密事项" not in page and "乙密事项" not in page
    assert items == []
    assert filing.status_code == 404

    _clear(archivist)
    page = client.get(reverse("archive:list"), {"year": 2026}).content.decode()
    assert "甲密事项" in page and "乙密事项" in page
    assert len(client.get(reverse("api:archive_items"), {"year": 2026}).json()) == 1
