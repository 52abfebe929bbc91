"""Running the seed, ``zhongshu seed-demo`` and ``zhongshu demo --no-serve`` (twice: idempotent)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhongshu.accounts.models import User
from zhongshu.audit.models import AuditEvent
from zhongshu.cli import main as zhongshu_main
from zhongshu.demo import data
from zhongshu.demo.services import demo_seed
from zhongshu.documents.models import OutgoingDocument
from zhongshu.flow.models import WorkItem
from zhongshu.notifications.models import Notification
from zhongshu.organs.models import Delegation, Department, Organ, Post, PostRole

COUNTED = [
    Organ, Department, User, Post, PostRole, Delegation, WorkItem, Notification, AuditEvent,
    OutgoingDocument,
]  # fmt: skip


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_seeding_twice_creates_and_changes_nothing_the_second_time(db):
    first = demo_seed()
    after_first = _counts()
    reporting = dict(Post.objects.values_list("id", "reports_to_id"))
    holders = dict(Post.objects.values_list("id", "holder_id"))
    second = demo_seed()
    assert first.total > 0
    assert second.created == {}
    assert _counts() == after_first
    assert dict(Post.objects.values_list("id", "reports_to_id")) == reporting
    assert dict(Post.objects.values_list("id", "holder_id")) == holders


def test_a_second_seed_keeps_what_visitors_changed(db):
    """GIVEN a seeded city WHEN a visitor changes a password and finishes a work item and the
    seed runs again THEN the new password and the finished item stay as they are."""
    from zhongshu.flow.services import workitem_complete

    demo_seed()
    clerk = User.objects.get(username=data.FEATURED_USERNAME)
    clerk.set_password("Another#Pass2027")
    clerk.save(update_fields=["password"])
    item = WorkItem.objects.filter(assignee=clerk).first()
    workitem_complete(item=item, actor=clerk)
    demo_seed()
    clerk.refresh_from_db()
    item.refresh_from_db()
    assert clerk.check_password("Another#Pass2027") is True
    assert item.state == WorkItem.State.DONE
    assert WorkItem.objects.filter(assignee=clerk, title=item.title).count() == 1


def test_the_seed_demo_command_says_nothing_changed_on_a_second_run(db, capsys):
    call_command("seed_demo")
    assert "已载入演示数据" in capsys.readouterr().out
    call_command("seed_demo")
    assert "未作改动" in capsys.readouterr().out


def test_the_seed_demo_command_can_leave_out_the_work_items(db):
    call_command("seed_demo", "--no-work")
    assert User.objects.filter(username=data.FEATURED_USERNAME).exists() is True
    assert WorkItem.objects.exists() is False


def test_the_zhongshu_command_accepts_dashes_in_command_names(db, capsys):
    assert zhongshu_main(["seed-demo", "--no-work"]) == 0
    assert "已载入演示数据" in capsys.readouterr().out


def test_demo_without_serving_prints_logins_password_and_address(db, capsys):
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "liuyang" in out and "刘洋" in out and "江淮市政府办公室" in out
    assert "auditadmin" in out and "审计管理员" in out
    assert data.DEMO_PASSWORD in out
    assert "http://127.0.0.1:8000" in out
    call_command("demo", "--no-serve")
    assert "保留原有数据" in capsys.readouterr().out


def test_demo_on_all_interfaces_prints_an_address_a_browser_can_open(db, capsys):
    call_command("demo", "--no-serve", "--bind", "0.0.0.0:8123")
    assert "http://127.0.0.1:8123" in capsys.readouterr().out


def test_demo_refuses_zero_threads(db):
    with pytest.raises(CommandError, match="线程数至少为 1"):
        call_command("demo", "--no-serve", "--threads", "0")


def test_a_seed_over_an_older_demo_cancels_its_items_of_no_document(db):
    """GIVEN a demo seeded by an earlier version, with an open item of no document WHEN the seed
    runs again THEN that item is cancelled (it led nowhere) and a second run finds none."""
    from zhongshu.flow.services import workitem_create

    demo_seed(with_work=False)
    clerk = User.objects.get(username=data.FEATURED_USERNAME)
    item = workitem_create(
        assignee=clerk,
        kind=WorkItem.Kind.TO_READ,
        module=WorkItem.Module.INFORMATION,
        action="阅知",
        title=data.RETIRED_WORK_TITLES[3],
    )
    first = demo_seed(with_work=False)
    item.refresh_from_db()
    assert item.state == WorkItem.State.CANCELLED
    assert first.created == {"retired_work_items": 1}
    assert demo_seed(with_work=False).created == {}
