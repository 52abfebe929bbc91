"""The world of the security suite: the whole demo city (with its 发文 and 收文), seeded once for
the package inside a transaction that is rolled back when its last test is done (as ``tests/demo``
does per module).

Organ A is the 市委办公室: it drafted and dispatched the demo's one 秘密 document, registered paper
收文, archived one of them and circulates another. The actors are people of the city:

=================  ==============================================================================
``clerk``          陈静, 文书 of organ A with 秘密 clearance: may see organ A's work
``no_role``        马亮, 信息处处长 of organ A (秘密), without the 文书/拟稿 roles
``no_clearance``   林晓宇, 督查专员 of organ A, 非密: classified objects are 404 to him
``outsider``       张磊, 文书 of the 市发展改革委 (another organ, received nothing from organ A)
``system_admin``   邵建平; ``security_admin`` 柳文博; ``audit_admin`` 施慧 (三员, no post)
``anonymous``      not logged in
=================  ==============================================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import TestCase, override_settings
from django.utils import timezone

from zhongshu.accounts.models import PasswordCode, User
from zhongshu.accounts.services import password_code_request
from zhongshu.demo.services import demo_seed

ACTOR_USERNAMES = {
    "clerk": "chenjing",
    "no_role": "maliang",
    "no_clearance": "linxiaoyu",
    "outsider": "zhanglei",
    "system_admin": "sysadmin",
    "security_admin": "secadmin",
    "audit_admin": "auditadmin",
}
ACTORS = (*ACTOR_USERNAMES, "anonymous")
ADMINS = ("system_admin", "security_admin", "audit_admin")


@dataclass
class World:
    """The objects of organ A that fill the routes' path parameters."""

    users: dict[str, User]
    organ: object
    department: object
    post: object
    secret_document: object
    recipient: object
    incoming: object
    circulation: object
    task: object
    archived_incoming: object
    copy_incoming: object
    copy_record: object
    work_item: object
    notification: object
    delegation: object
    password_code: object

    def markers(self) -> dict[str, str]:
        """Texts that only someone who may see the object finds in a page."""
        return {
            "secret_document": self.secret_document.title,
            "incoming": self.incoming.title,
        }


def _build_world() -> World:
    from zhongshu.documents.archive.models import ArchiveItem, CopyRecord
    from zhongshu.documents.incoming.models import (
        Circulation,
        IncomingDocument,
        InstructionTask,
    )
    from zhongshu.documents.models import OutgoingDocument
    from zhongshu.flow.models import WorkItem
    from zhongshu.notifications.models import Notification
    from zhongshu.notifications.services import notification_send
    from zhongshu.organs.models import Delegation
    from zhongshu.organs.services.delegations import delegation_create

    users = {a: User.objects.get(username=u) for a, u in ACTOR_USERNAMES.items()}
    clerk = users["clerk"]
    secret = OutgoingDocument.objects.get(classification__gt=0, drafter=clerk)
    organ = secret.organ
    post = clerk.posts.select_related("department").get(department__organ=organ)
    circulation = Circulation.objects.filter(document__organ=organ).first()
    archived = ArchiveItem.objects.filter(organ=organ, incoming__isnull=False).first()
    record = CopyRecord.objects.filter(document=secret).first()
    copy_incoming = IncomingDocument.objects.get(
        dispatch_recipient__document=secret, organ=record.holder
    )
    return World(
        users=users,
        organ=organ,
        department=post.department,
        post=post,
        secret_document=secret,
        recipient=secret.recipients.first(),
        incoming=circulation.document,
        circulation=circulation,
        task=InstructionTask.objects.filter(organ=organ).first(),
        archived_incoming=archived.incoming,
        copy_incoming=copy_incoming,
        copy_record=record,
        work_item=WorkItem.objects.filter(assignee=clerk).first(),
        notification=Notification.objects.filter(recipient=clerk).first()
        or notification_send(recipient=clerk, title="安全测试通知"),
        # a delegation in organ A: its leader 李红梅 to the clerk
        delegation=Delegation.objects.filter(delegate=clerk).first()
        or delegation_create(
            actor=User.objects.get(username="lihongmei"),
            delegate=clerk,
            scope=Delegation.Scope.values[0],
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(days=30),
            reason="安全测试",
        ),
        # a reset asked by the system administrator for a person of organ A who is no actor
        password_code=password_code_request(
            user=User.objects.get(username="lihongmei"),
            actor=User.objects.get(username="sysadmin"),
            purpose=PasswordCode.Purpose.RESET,
        ),
    )


# Package scope: the modules of this suite that run in one process (one pytest-xdist worker with
# --dist loadfile) share one seeded city instead of seeding it again for each file.
@pytest.fixture(scope="package")
def _world_once(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")  # the sealed PDFs and the scans
    with override_settings(MEDIA_ROOT=media):
        django_db_blocker.unblock()
        # Django's TestCase atomics (see tests/demo/conftest.py): services opening
        # ``atomic(durable=True)`` may run inside them.
        atomics = TestCase._enter_atomics()
        try:
            demo_seed()
            world = _build_world()
        except BaseException:
            TestCase._rollback_atomics(atomics)
            django_db_blocker.restore()
            raise
        django_db_blocker.restore()
        yield media, world
        django_db_blocker.unblock()
        TestCase._rollback_atomics(atomics)
        django_db_blocker.restore()


@pytest.fixture
def world(_world_once, db, settings) -> World:
    """The seeded demo city and organ A's objects (writes are rolled back after each test)."""
    settings.MEDIA_ROOT = _world_once[0]
    return _world_once[1]
