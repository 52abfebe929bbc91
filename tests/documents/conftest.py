"""The 发文 cast, on top of the shared one (tests/conftest.py).

Organ A (甲市人民政府): the 综合处 with a drafter and its head; the office with the director
(办公室审核, 复核) and the clerk (登记, 用印, 核发); a deputy leader (分管领导) and the principal
(主要负责人) who sign; the principal's secretary. Organ B (乙县人民政府) is below A; its
clerk is the shared ``outsider``. The typesetter and the checker are replaced by stand-ins so
that these tests exercise the route, not the typesetting (which has its own tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.organs.factories import DepartmentFactory, PostFactory
from zhongshu.documents import rendering, services
from zhongshu.documents.models import OutgoingDocument
from zhongshu.organs.models import Delegation, Role

Status = OutgoingDocument.Status


def _tiny_pdf() -> bytes:
    """A real one-page PDF as ReportLab (the typesetter's engine) writes it."""
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.drawString(100, 700, "zhongshu test")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


FAKE_PDF = _tiny_pdf()
FAKE_DOCX = b"PK\x03\x04 zhongshu test docx"


def content(**overrides: Any) -> dict[str, Any]:
    """A valid 通知 of 甲市人民政府 to 乙县人民政府 (keys as in gongwen's JSON)."""
    data: dict[str, Any] = {
        "doc_type": "通知",
        "title": "甲市人民政府关于做好2026年安全生产工作的通知",
        "primary_recipients": ["乙县人民政府"],
        "body": [
            {"text": "为做好今年安全生产工作，现就有关事项通知如下。", "level": 0},
            {"text": "一、压实责任", "level": 1},
            {"text": "各地要落实属地管理责任。", "level": 0},
        ],
        "cc_recipients": [],
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    """Files under a temporary MEDIA_ROOT (the fast password hasher is set for every test in
    tests/conftest.py)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def stand_ins(monkeypatch):
    """Checker without findings and a typesetter returning fixed bytes; tests may override."""
    state: dict[str, Any] = {"findings": [], "rendered": []}
    monkeypatch.setattr(rendering, "check", lambda model, document: list(state["findings"]))
    monkeypatch.setattr(rendering, "check_bounded", lambda model, document: list(state["findings"]))

    def render(model, seal_images=None):
        state["rendered"].append(model)
        state["seal_images"] = seal_images
        return rendering.Rendered(pdf=FAKE_PDF, docx=FAKE_DOCX)

    monkeypatch.setattr(rendering, "render", render)
    return state


@pytest.fixture
def department_a(organ_a):
    return DepartmentFactory(organ=organ_a, name="综合处")


@pytest.fixture
def drafter(department_a):
    return PostFactory(
        department=department_a, title="科员", holder__full_name="孙拟稿", roles=[Role.DRAFTER]
    ).holder


@pytest.fixture
def dept_head(department_a):
    return PostFactory(
        department=department_a,
        title="处长",
        holder__full_name="周处长",
        roles=[Role.DEPARTMENT_HEAD],
    ).holder


@pytest.fixture
def leader(organ_a):
    leaders = DepartmentFactory(organ=organ_a, name="市政府领导")
    return PostFactory(
        department=leaders, title="副市长", holder__full_name="吴副市长", roles=[Role.LEADER]
    ).holder


@pytest.fixture
def secretary(office_a, principal):
    return PostFactory(
        department=office_a, title="秘书", holder__full_name="郑秘书", roles=[Role.SECRETARY]
    ).holder


@pytest.fixture
def organ_b_below_a(organ_a, organ_b):
    organ_b.parent = organ_a
    organ_b.save(update_fields=["parent"])
    return organ_b


@pytest.fixture
def sealed_organ_a(organ_a):
    organ_a.seal.save("seal-a.png", ContentFile(b"\x89PNG test seal"), save=True)
    return organ_a


def delegate(principal, delegate_user, scope=Delegation.Scope.SIGN_OFF, *, hours=24):
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
    drafter: Any
    dept_head: Any
    director: Any
    clerk: Any
    leader: Any
    principal: Any

    def draft(self, **overrides) -> OutgoingDocument:
        return services.draft_create(actor=self.drafter, content=content(**overrides))

    def advance(self, document: OutgoingDocument, to: str) -> OutgoingDocument:
        """Drive ``document`` along the plain route (no 会签) until it waits at ``to``."""
        order = [
            Status.DRAFT,
            Status.REVIEW,
            Status.AUDIT,
            Status.SIGN_OFF,
            Status.RECHECK,
            Status.REGISTER,
            Status.SEAL,
            Status.DISPATCH,
            Status.DISPATCHED,
        ]
        signer = self.principal if document.needs_principal else self.leader
        steps = {
            Status.DRAFT: lambda d: services.route_submit(
                document=d, actor=self.drafter, reviewer=self.dept_head
            ),
            Status.REVIEW: lambda d: services.route_pass(
                document=d, actor=self.dept_head, opinion="核稿通过", next_handler=self.director
            ),
            Status.AUDIT: lambda d: services.route_pass(
                document=d, actor=self.director, opinion="审核通过", next_handler=signer
            ),
            Status.SIGN_OFF: lambda d: services.document_sign_off(
                document=d, actor=signer, opinion="同意"
            ),
            Status.RECHECK: lambda d: services.document_recheck(document=d, actor=self.director),
            Status.REGISTER: lambda d: services.document_register(document=d, actor=self.clerk),
            Status.SEAL: lambda d: services.document_seal(document=d, actor=self.clerk),
            Status.DISPATCH: lambda d: services.document_dispatch(document=d, actor=self.clerk),
        }
        while document.status != to:
            steps[document.status](document)
            document.refresh_from_db()
            assert document.status in order
        return document


@pytest.fixture
def cast(drafter, dept_head, director, clerk, leader, principal, sealed_organ_a) -> Cast:
    return Cast(drafter, dept_head, director, clerk, leader, principal)
