"""The bridge to the real gongwen checker and typesetter (no stand-ins here)."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile

from zhongshu.documents import rendering, services, vocabulary
from zhongshu.documents.models import DocumentStep, IssuedFile, OutgoingDocument
from zhongshu.documents.services import _common as services_common
from zhongshu.gongwen import model as gw
from zhongshu.lib.errors import ApplicationError

Status = OutgoingDocument.Status


@pytest.fixture
def real_gongwen(monkeypatch):
    """Undo the stand-ins of conftest: the real checker and typesetter run."""
    monkeypatch.undo()


def _png_seal() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((5, 5, 195, 195), outline=(220, 0, 0, 255), width=8)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_real_checker_blocks_a_request_with_two_primary_recipients(cast, real_gongwen):
    doc = cast.advance(
        cast.draft(
            doc_type="请示",
            direction="上行文",
            title="甲市人民政府关于申请安全生产专项资金的请示",
            primary_recipients=["丙省人民政府", "丁省人民政府"],
            note="（联系人：张三，电话：12345678）",
        ),
        Status.SIGN_OFF,
    )

    with pytest.raises(ApplicationError) as exc:
        services.document_sign_off(document=doc, actor=cast.principal, opinion="同意")

    rules = {f["rule_id"] for f in exc.value.extra["findings"]}
    assert "recipients.request-single" in rules
    services.document_sign_off(
        document=doc,
        actor=cast.principal,
        opinion="同意",
        override_reason="两省联合主管，经请示同意",
    )
    assert doc.steps.filter(decision=DocumentStep.Decision.OVERRIDE).exists()


def test_the_real_typesetter_seals_a_document_to_pdf_and_docx(cast, organ_a, real_gongwen):
    organ_a.seal.save("seal.png", ContentFile(_png_seal()), save=True)
    doc = cast.advance(cast.draft(), Status.SEAL)

    files = services.document_seal(document=doc, actor=cast.clerk)

    kinds = {f.kind: f for f in files}
    with kinds[IssuedFile.Kind.PDF].file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    with kinds[IssuedFile.Kind.DOCX].file.open("rb") as handle:
        assert handle.read(2) == b"PK"
    assert kinds[IssuedFile.Kind.PDF].size > 1000


def _cleared(cast) -> None:
    from zhongshu.organs.models import Classification

    for person in (cast.drafter, cast.dept_head, cast.director, cast.leader, cast.principal):
        person.clearance = Classification.SECRET
        person.save(update_fields=["clearance"])


def test_a_classified_draft_is_not_faulted_for_the_copy_numbers_the_dispatch_assigns(
    cast, real_gongwen
):
    """
    GIVEN a 秘密 draft with its 保密期限 (the drafter may not write 份号: 核发 numbers them)
    WHEN the checker runs on it and its signer signs it
    THEN there is no "未标注份号" finding, and the signer needs no override reason
    """
    from zhongshu.documents import rendering
    from zhongshu.documents.services._common import parse_content

    _cleared(cast)
    doc = cast.draft(classification="秘密", classification_period="1年")

    findings = rendering.check(parse_content(doc.content), doc)

    assert "classification.copy-number" not in {f["rule_id"] for f in findings}
    doc = cast.advance(doc, Status.SIGN_OFF)
    services.document_sign_off(document=doc, actor=doc.current_handler, opinion="同意")
    doc.refresh_from_db()
    assert doc.status == Status.RECHECK


def test_a_written_copy_number_is_still_checked(cast, real_gongwen):
    """The rule stays on a text that carries 份号 (an imported or issued one)."""
    from zhongshu.documents import rendering
    from zhongshu.documents.services._common import parse_content

    _cleared(cast)
    doc = cast.draft(classification="秘密", classification_period="1年")
    model = parse_content(doc.content).model_copy(update={"copy_number": "12"})

    findings = rendering.check(model, doc)

    assert any(f["element"] == "份号" for f in findings)


# --- one vocabulary, one organ-relation rule (issue #11) --------------------------------------


@pytest.mark.parametrize(("choices", "enum"), vocabulary.pairs())
def test_each_concept_has_one_vocabulary_on_both_sides(choices, enum):
    """The Django choices name their members as the gongwen enum does, and label them with its
    value: a value crosses over by name (``vocabulary.as_choice``), never by a written map."""
    assert [m.name for m in choices] == [m.name for m in enum]
    for member in enum:
        choice = vocabulary.as_choice(choices, member)
        assert vocabulary.as_gongwen(enum, choice) is member
        if member.value:
            assert str(choice.label) == member.value


def test_a_document_to_a_superior_and_a_peer_is_upward_for_drafting_and_the_checker(cast, organ_a):
    """
    GIVEN 甲市 under a 省政府, and a peer organ beside it
    WHEN a draft of 甲市 names both as 主送
    THEN drafting makes it 上行文 and the checker's context sees a superior (they used to
    disagree: drafting asked for any superior, the checker for all of them)
    """
    from tests.organs.factories import OrganFactory
    from zhongshu.gongwen.checker.context import OrganRelation

    province = OrganFactory(name="某省人民政府", short_name="某省政府")
    organ_a.parent = province
    organ_a.save(update_fields=["parent"])
    peer = OrganFactory(name="丙市人民政府", short_name="丙市政府")

    document = cast.draft(doc_type="报告", primary_recipients=[province.name, peer.name])

    assert document.direction == OutgoingDocument.Direction.UP
    context = rendering._context(services_common.parse_content(document.content), document)
    assert context.recipient_relation == OrganRelation.SUPERIOR
    assert context.direction == vocabulary.as_gongwen(gw.Direction, document.direction)
