"""Titles under the viewer's current clearance (issue #10, part 4): a work item or notification
about a classified object shows its title only while the viewer's clearance admits the 密级,
on every page, the API and the e-mail/SMS copies; computed when read, in one selector."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.archive.conftest import make_dispatched
from zhongshu.flow.models import WorkItem
from zhongshu.flow.services import workitem_create
from zhongshu.notifications.channels.sms.transport import LoggingBackend
from zhongshu.notifications.services import notification_send
from zhongshu.organs.models import Classification

SECRET_TITLE = "甲市人民政府关于绝对保密事项的通知"
MASK = "（密级文件，您当前无权查看标题）"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _set_clearance(user, level):
    user.clearance = level
    user.save(update_fields=["clearance"])


@pytest.fixture
def secret_item(organ_a, clerk, director):
    """A 秘密 发文 of organ A, a 待办 on it for the director (cleared for 秘密), and a
    notification about that item."""
    _set_clearance(clerk, Classification.SECRET)
    _set_clearance(director, Classification.SECRET)
    document = make_dispatched(
        organ_a, clerk, classification=Classification.SECRET, title=SECRET_TITLE
    )
    item = workitem_create(
        assignee=director,
        kind=WorkItem.Kind.TODO,
        module=WorkItem.Module.DOCUMENTS,
        action="审核",
        title=SECRET_TITLE,
        target=document,
        url=document.get_absolute_url(),
    )
    notification_send(
        recipient=director, title=f"催办：{SECRET_TITLE}", body="环节：审核", work_item=item
    )
    return item


def _everything_the_director_reads(director, item) -> str:
    client = Client()
    client.force_login(director)
    pages = [
        client.get(reverse("web:workbench")),
        client.get(reverse("flow:detail", args=[item.pk])),
        client.get(reverse("notifications:list")),
        client.get("/api/flow/items", {"tab": "todo"}),
        client.get(f"/api/flow/items/{item.pk}"),
        client.get("/api/notifications/"),
    ]
    assert all(page.status_code == 200 for page in pages), [p.status_code for p in pages]
    return "\n".join(page.content.decode() for page in pages)


def test_a_lowered_clearance_hides_the_titles_already_on_her_pages(director, secret_item):
    """GIVEN the director sees the title of a 秘密 item on her workbench, the item page, her
    notifications and their APIs WHEN the security administrator lowers her clearance to 非密
    THEN every one of them shows the masked title instead; raised again, the title is back."""
    assert SECRET_TITLE in _everything_the_director_reads(director, secret_item)

    _set_clearance(director, Classification.NONE)
    body = _everything_the_director_reads(director, secret_item)
    assert SECRET_TITLE not in body
    assert MASK in body or MASK.encode("unicode_escape").decode() in body
    assert "环节：审核" not in body  # the notification's body goes with its title

    _set_clearance(director, Classification.SECRET)
    assert SECRET_TITLE in _everything_the_director_reads(director, secret_item)


def test_titles_of_unclassified_items_are_shown_to_anyone(clerk, director):
    item = workitem_create(
        assignee=director,
        kind=WorkItem.Kind.TODO,
        module=WorkItem.Module.DOCUMENTS,
        action="核稿",
        title="关于公开事项的通知",
    )
    assert "关于公开事项的通知" in _everything_the_director_reads(director, item)


def test_the_email_and_sms_copies_carry_the_masked_title(
    settings, director, secret_item, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    director.email = "director@example.gov.cn"
    director.phone = "13800000001"
    director.save(update_fields=["email", "phone"])
    _set_clearance(director, Classification.NONE)
    mail.outbox.clear()
    LoggingBackend.sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        stored = notification_send(
            recipient=director,
            title=f"紧急待办：{SECRET_TITLE}",
            body="环节：审核",
            urgent=True,
            work_item=secret_item,
        )

    assert len(mail.outbox) == 1
    assert SECRET_TITLE not in mail.outbox[0].subject + mail.outbox[0].body
    assert MASK in mail.outbox[0].subject
    assert len(LoggingBackend.sent) == 1 and SECRET_TITLE not in LoggingBackend.sent[0][1]
    stored.refresh_from_db()
    assert SECRET_TITLE in stored.title  # the record keeps its text; only what is shown changes


def test_masking_costs_no_query_per_item(organ_a, clerk, director, secret_item):
    """The 密级 is read in the page's own query: 1 or 21 classified items, same count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _set_clearance(director, Classification.NONE)
    client = Client()
    client.force_login(director)
    client.get(reverse("web:workbench"))  # warm the session

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("web:workbench")).status_code == 200
            assert client.get(reverse("notifications:list")).status_code == 200
        return len(ctx.captured_queries)

    baseline = count()
    for _i in range(20):
        item = workitem_create(
            assignee=director,
            kind=WorkItem.Kind.TODO,
            module=WorkItem.Module.DOCUMENTS,
            action="审核",
            title=SECRET_TITLE,
            target=secret_item.target,
        )
        notification_send(recipient=director, title=SECRET_TITLE, work_item=item)
    assert count() == baseline
