"""The 收文 cast, on top of the shared one (tests/conftest.py).

Organ B (乙县人民政府, the shared ``outsider`` is its office director, clerk and principal)
dispatches a 通知 to organ A (甲市人民政府). In organ A: the office's ``clerk`` (文书) and
``director`` (办公室主任), the ``principal`` and a deputy ``leader`` who write 批示, the 综合处
(head and a staff member) and the 法规处 (head) who handle it. The content is real structured
gongwen JSON; the real checker reads it at 初审.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.organs.factories import DepartmentFactory, PostFactory
from zhongshu.documents.archive.services import archive_file
from zhongshu.documents.incoming import services
from zhongshu.documents.incoming.models import IncomingDocument, InstructionTask
from zhongshu.documents.models import DispatchRecipient, OutgoingDocument
from zhongshu.organs.models import Delegation, Post, Role

Status = IncomingDocument.Status


def content(**overrides: Any) -> dict[str, Any]:
    """A 通知 of 乙县人民政府 to 甲市人民政府, as gongwen JSON."""
    data: dict[str, Any] = {
        "doc_type": "通知",
        "title": "乙县人民政府关于做好2026年防汛工作的通知",
        "doc_number": "乙政〔2026〕3号",
        "issuers": [{"name": "乙县人民政府"}],
        "primary_recipients": ["甲市人民政府"],
        "body": [
            {"text": "为做好今年防汛工作，现就有关事项通知如下。", "level": 0},
            {"text": "一、压实责任", "level": 1},
            {"text": "各地要落实属地管理责任。", "level": 0},
        ],
        "date": "2026-06-01",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def leader(organ_a):
    leaders = DepartmentFactory(organ=organ_a, name="市政府领导")
    return PostFactory(
        department=leaders, title="副市长", holder__full_name="吴副市长", roles=[Role.LEADER]
    ).holder


@pytest.fixture
def general(organ_a):
    return DepartmentFactory(organ=organ_a, name="综合处")


@pytest.fixture
def law(organ_a):
    return DepartmentFactory(organ=organ_a, name="法规处")


@pytest.fixture
def head_general(general):
    return PostFactory(
        department=general, title="处长", holder__full_name="周处长", roles=[Role.DEPARTMENT_HEAD]
    ).holder


@pytest.fixture
def staff_general(general):
    return PostFactory(department=general, title="科员", holder__full_name="钱科员").holder


@pytest.fixture
def head_law(law):
    return PostFactory(
        department=law, title="处长", holder__full_name="冯处长", roles=[Role.DEPARTMENT_HEAD]
    ).holder


def make_outgoing(
    sender, *, classification: int = 0, urgency: str = "", **overrides
) -> OutgoingDocument:
    """A document of the sender's organ already dispatched (rows written directly: the 发文
    route has its own tests)."""
    post = sender.posts.first()
    data = content(**overrides)
    return OutgoingDocument.objects.create(
        organ=post.department.organ,
        department=post.department,
        drafter=sender,
        content=data,
        title=data["title"],
        doc_type=data["doc_type"],
        classification=classification,
        urgency=urgency,
        status=OutgoingDocument.Status.DISPATCHED,
        doc_number=data.get("doc_number", ""),
        signed_on=timezone.localdate(),
        dispatched_at=timezone.now(),
    )


def make_recipient(outgoing: OutgoingDocument, organ, *, copies: int = 2) -> DispatchRecipient:
    now = timezone.now()
    return DispatchRecipient.objects.create(
        document=outgoing,
        organ=organ,
        name=organ.name,
        kind=DispatchRecipient.Kind.PRIMARY,
        copies=copies,
        dispatched_at=now,
        delivered_at=None,
    )


def delegate(principal, delegate_user, scope=Delegation.Scope.INSTRUCT, *, hours=24):
    now = timezone.now()
    return Delegation.objects.create(
        principal=principal,
        delegate=delegate_user,
        scope=scope,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=hours),
        created_by=principal,
    )


@dataclass
class Cast:
    clerk: Any
    director: Any
    principal: Any
    leader: Any
    sender: Any
    organ: Any
    general: Any
    law: Any
    head_general: Any
    head_law: Any

    def archivist(self):
        """The organ's 档案员 (made in its office the first time, found afterwards)."""
        post = Post.objects.filter(
            department__organ=self.organ, roles__role=Role.ARCHIVIST, is_active=True
        ).first()
        if post is None:
            post = PostFactory(
                department=self.clerk.posts.first().department,
                title="档案员",
                holder__full_name="档案员小林",
                roles=[Role.ARCHIVIST],
            )
        return post.holder

    def receive(self, **overrides) -> IncomingDocument:
        outgoing = make_outgoing(self.sender, **overrides)
        recipient = make_recipient(outgoing, self.organ)
        return services.incoming_receive_dispatch(recipient=recipient, actor=self.sender)

    def task(self) -> InstructionTask:
        """A 批示督办 task led by the 综合处, due in three days: the leader's 批示 on a received
        document makes it in the same step."""
        document = self.advance(self.receive(), Status.PROPOSED)
        services.incoming_instruct(
            document=document,
            actor=self.leader,
            text="请综合处落实",
            task={
                "content": "落实防汛责任",
                "lead_department": self.general,
                "deadline": timezone.now() + timedelta(days=3),
            },
        )
        return InstructionTask.objects.get(document=document)

    def advance(self, document: IncomingDocument, to: str, *, leaders=None) -> IncomingDocument:
        """Drive ``document`` along the usual route until it stands at ``to``."""
        leaders = [self.leader] if leaders is None else leaders
        steps = {
            Status.PENDING: lambda d: services.incoming_acknowledge(document=d, actor=self.clerk),
            Status.ACKNOWLEDGED: lambda d: services.incoming_register(
                document=d,
                actor=self.clerk,
                chaser=self.clerk if (d.is_urgent or d.important) else None,
                deadline=timezone.now() + timedelta(days=2) if d.is_urgent else None,
            ),
            Status.REGISTERED: lambda d: services.incoming_screen(document=d, actor=self.clerk),
            Status.SCREENED: lambda d: services.incoming_propose(
                document=d, actor=self.director, opinion="请吴副市长阅示", leaders=leaders
            ),
            Status.PROPOSED: lambda d: services.incoming_instruct(
                document=d, actor=self.leader, text="请综合处牵头办理"
            ),
            Status.INSTRUCTED: lambda d: services.incoming_assign(
                document=d,
                actor=self.clerk,
                lead_department=self.general,
                co_departments=[self.law],
            ),
            Status.HANDLING: lambda d: (
                services.incoming_handle(document=d, actor=self.head_general, result="已部署落实"),
                services.incoming_close(document=d, actor=self.clerk, result="已按要求部署"),
            ),
            # 归档 is the archive's: the organ's 档案员 files the closed document as a 件
            Status.CLOSED: lambda d: archive_file(actor=self.archivist(), incoming=d),
        }
        while document.status != to:
            steps[document.status](document)
            document.refresh_from_db()
        return document


@pytest.fixture
def cast(
    clerk, director, principal, leader, outsider, organ_a, general, law, head_general, head_law
) -> Cast:
    return Cast(
        clerk, director, principal, leader, outsider, organ_a, general, law, head_general, head_law
    )
