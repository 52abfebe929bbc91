"""A button on a page is an act the service accepts (issue #11): for every 发文 and 收文 of the
demo city, in every state it stands in, and every person of its organ (with their secretaries),
the actions the page offers (``allowed_actions``) are exactly the actions whose service does
not refuse that person.

Each service is called inside a test-case savepoint rolled back at once, so that every call
meets the document as seeded, with input that passes the field checks a service makes before
it asks who acts. A refusal is a ``PermissionDenied`` or an ``ApplicationError`` (the step is
not open now); a field error raised after the service accepted the person (no 核稿人 chosen)
counts as accepted.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase, override_settings

from zhongshu.accounts.models import User
from zhongshu.demo.documents import seed_documents
from zhongshu.demo.incoming import seed_incoming
from zhongshu.demo.services import demo_seed
from zhongshu.documents import permissions, services
from zhongshu.documents.incoming import permissions as incoming_permissions
from zhongshu.documents.incoming import services as incoming_services
from zhongshu.documents.incoming.models import IncomingDocument
from zhongshu.documents.models import OutgoingDocument
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs.models import Delegation

Out = permissions.Action
In = incoming_permissions.Action


@pytest.fixture(scope="module")
def _city_with_work(django_db_setup, django_db_blocker, tmp_path_factory):
    """The city's people, its 发文 in every state and the 收文 they became, seeded once for the
    module inside a test-case transaction rolled back at its end."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        django_db_blocker.unblock()
        atomics = TestCase._enter_atomics()
        try:
            demo_seed(with_work=False)
            seed_documents()
            seed_incoming()
        except BaseException:
            TestCase._rollback_atomics(atomics)
            django_db_blocker.restore()
            raise
        django_db_blocker.restore()
        yield
        django_db_blocker.unblock()
        TestCase._rollback_atomics(atomics)
        django_db_blocker.restore()


@pytest.fixture
def city(_city_with_work, db) -> None:
    """The seeded city (each test's writes are rolled back after it)."""


def _accepts(call: Callable[..., object], document, actor: User) -> bool:
    """Whether the service accepted the person (the call is undone either way)."""
    fresh = type(document).objects.get(pk=document.pk)  # as seeded, not as a last call left it
    atomics = TestCase._enter_atomics()
    try:
        call(fresh, actor)
    except (PermissionDenied, ApplicationError):
        return False
    except ValidationError:
        return True
    finally:
        TestCase._rollback_atomics(atomics)
    return True


def _actors(organ_ids: set[int]) -> list[User]:
    """The business people posted in the organs, and the delegates of any of them."""
    people = set(
        User.objects.filter(
            is_active=True,
            admin_role="",
            posts__is_active=True,
            posts__department__organ__in=organ_ids,
        ).values_list("pk", flat=True)
    )
    people |= set(
        Delegation.objects.filter(principal_id__in=people).values_list("delegate_id", flat=True)
    )
    return list(User.objects.filter(pk__in=people).order_by("pk"))


# --- 发文 ------------------------------------------------------------------------------------

OUTGOING_CALLS: dict[str, Callable[..., object]] = {
    Out.EDIT: lambda d, u: services.draft_update(document=d, actor=u, content=d.content),
    Out.SUBMIT: lambda d, u: services.route_submit(
        document=d, actor=u, reviewer=permissions.reviewers_for(d).first(), opinion="请核稿"
    ),
    Out.PASS: lambda d, u: services.route_pass(document=d, actor=u, opinion="同意"),
    Out.COUNTERSIGN: lambda d, u: services.countersign_complete(
        document=d, actor=u, opinion="无意见"
    ),
    Out.RETURN: lambda d, u: services.route_return(
        document=d,
        actor=u,
        to_status=(services.return_targets(d) or [OutgoingDocument.Status.DRAFT])[-1],
        reason="请修改",
    ),
    Out.WITHDRAW: lambda d, u: services.route_withdraw(document=d, actor=u, reason="不再发文"),
    Out.SIGN_OFF: lambda d, u: services.document_sign_off(
        document=d, actor=u, opinion="同意", override_reason="已知悉"
    ),
    Out.RECHECK: lambda d, u: services.document_recheck(document=d, actor=u, opinion="无误"),
    Out.REGISTER: lambda d, u: services.document_register(document=d, actor=u),
    Out.VOID_NUMBER: lambda d, u: services.number_void(document=d, actor=u, reason="登记有误"),
    Out.SEAL: lambda d, u: services.document_seal(document=d, actor=u),
    Out.DISPATCH: lambda d, u: services.document_dispatch(document=d, actor=u),
    Out.CORRECT: lambda d, u: services.correction_create(
        document=d, actor=u, kind=OutgoingDocument.CorrectionKind.AMEND
    ),
}


def _outgoing_organs(document: OutgoingDocument) -> set[int]:
    organs = {document.organ_id}
    organs |= set(document.countersigns.exclude(organ=None).values_list("organ_id", flat=True))
    return organs


def test_every_outgoing_button_is_an_act_the_service_accepts(city):
    documents = list(OutgoingDocument.objects.order_by("pk"))
    assert {d.status for d in documents} >= set(OutgoingDocument.Status.values) - {
        OutgoingDocument.Status.WITHDRAWN
    }
    mismatches = []
    for document in documents:
        for actor in _actors(_outgoing_organs(document)):
            shown = permissions.allowed_actions(actor, document) & set(OUTGOING_CALLS)
            accepted = set()
            for action, call in OUTGOING_CALLS.items():
                if _accepts(call, document, actor):
                    accepted.add(action)
            if shown != accepted:
                mismatches.append((document.title, document.status, str(actor), shown, accepted))
    assert mismatches == []


# --- 收文 ------------------------------------------------------------------------------------


def _reader(document: IncomingDocument) -> User | None:
    from zhongshu.documents.incoming.services.circulation import eligible_readers

    return eligible_readers(document).order_by("pk").first()


INCOMING_CALLS: dict[str, Callable[..., object]] = {
    In.ACKNOWLEDGE: lambda d, u: incoming_services.incoming_acknowledge(document=d, actor=u),
    In.REFUSE: lambda d, u: incoming_services.incoming_refuse(
        document=d, actor=u, reason="非本机关来文"
    ),
    In.REGISTER: lambda d, u: incoming_services.incoming_register(document=d, actor=u),
    In.SCREEN: lambda d, u: incoming_services.incoming_screen(document=d, actor=u),
    In.RETURN: lambda d, u: incoming_services.incoming_return(
        document=d, actor=u, reason="格式不符"
    ),
    In.PROPOSE: lambda d, u: incoming_services.incoming_propose(
        document=d, actor=u, opinion="拟请阅示"
    ),
    In.INSTRUCT: lambda d, u: incoming_services.incoming_instruct(document=d, actor=u, text="同意"),
    In.ASSIGN: lambda d, u: incoming_services.incoming_assign(
        document=d, actor=u, lead_department=None
    ),
    In.HANDLE: lambda d, u: incoming_services.incoming_handle(document=d, actor=u, result="已办"),
    In.CIRCULATE: lambda d, u: incoming_services.circulation_start(
        document=d, actor=u, purpose="阅知", readers=[_reader(d)]
    ),
    In.READ: lambda d, u: incoming_services.circulation_read(document=d, actor=u),
    In.CHASE: lambda d, u: incoming_services.incoming_chase(document=d, actor=u),
    In.CLOSE: lambda d, u: incoming_services.incoming_close(document=d, actor=u, result="已办结"),
    In.REPLY: lambda d, u: incoming_services.incoming_reply(document=d, actor=u, text="已收悉"),
}


def test_every_incoming_button_is_an_act_the_service_accepts(city):
    documents = list(IncomingDocument.objects.order_by("pk"))
    assert len({d.status for d in documents}) >= 8
    mismatches = []
    for document in documents:
        for actor in _actors({document.organ_id}):
            shown = incoming_permissions.allowed_actions(actor, document) & set(INCOMING_CALLS)
            accepted = set()
            for action, call in INCOMING_CALLS.items():
                if _accepts(call, document, actor):
                    accepted.add(action)
            if shown != accepted:
                mismatches.append((document.title, document.status, str(actor), shown, accepted))
    assert mismatches == []
