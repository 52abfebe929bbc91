"""拟稿: creating and editing the structured draft (条例 第十九条).

The draft is validated through ``gongwen.model.load_document``. What belongs to later steps
is refused here: the 发文字号 is allocated at 登记, the 成文日期 is the sign-off date, 份号 are
given at 核发 (domain.md §8).
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhongshu.audit.services import audit_record
from zhongshu.documents import permissions
from zhongshu.documents.models import OutgoingDocument
from zhongshu.documents.services._common import (
    Decision,
    Status,
    add_step,
    content_hash,
    dump_content,
    outgoing_flow,
    parse_content,
)
from zhongshu.documents.vocabulary import as_choice
from zhongshu.gongwen.model import Direction as GwDirection
from zhongshu.gongwen.model import Document, Issuer
from zhongshu.organs.models import Classification, Department, Organ


def organ_by_name(name: str) -> Organ | None:
    """The organ of this deployment a 主送/抄送 name means (full name, then 规范化简称)."""
    name = (name or "").strip()
    if not name:
        return None
    return (
        Organ.objects.filter(name=name, is_active=True).first()
        or Organ.objects.filter(short_name=name, is_active=True).first()
    )


def recipients_direction(organ: Organ, names) -> GwDirection:
    """The one organ-relation rule (drafting, the checker's context and rendering ask it): a
    主送 above ``organ`` in the tree makes the document 上行文, else a 主送 below it 下行文; 主送
    not in this deployment, or neither above nor below, say nothing (UNKNOWN).

    Any superior among several 主送 is enough: a document that goes up to one superior is
    上行文 (the principal signs it, 第二十二条), and the checker then sees the superior."""
    ancestors = {o.pk for o in organ.ancestors()}
    found = [o for o in (organ_by_name(n) for n in names) if o is not None]
    if any(o.pk in ancestors for o in found):
        return GwDirection.UP
    if any(organ.pk in {a.pk for a in o.ancestors()} for o in found):
        return GwDirection.DOWN
    return GwDirection.UNKNOWN


def derive_direction(model: Document, organ: Organ) -> GwDirection:
    """The direction as written, else as the 主送 stand to the organ (``recipients_direction``)."""
    if model.direction != GwDirection.UNKNOWN:
        return model.direction
    return recipients_direction(organ, model.primary_recipients)


def _check_draft_elements(model: Document, organ: Organ) -> Document:
    """Refuse what the drafter may not set; fill the lead issuer with the organ."""
    errors: list[str] = []
    if model.doc_number:
        errors.append(_("发文字号在登记时由系统编号，拟稿时不能填写。"))
    if model.date is not None or model.date_text:
        errors.append(_("成文日期以签发日期为准，拟稿时不能填写。"))
    if model.copy_number:
        errors.append(_("份号在核发时编定，拟稿时不能填写。"))
    if not model.title.strip():
        errors.append(_("标题不能为空。"))
    if errors:
        raise ValidationError({"content": errors})
    issuers = list(model.issuers)
    if not issuers:
        issuers = [Issuer(name=organ.name)]
    elif issuers[0].name.strip() != organ.name:
        raise ValidationError(
            {
                "content": [
                    _("主办机关（第一个发文机关）应为本机关“%(name)s”。") % {"name": organ.name}
                ]
            }
        )
    names = [i.name.strip() for i in issuers]
    if len(set(names)) != len(names):
        raise ValidationError({"content": [_("发文机关不能重复。")]})
    update: dict[str, Any] = {"issuers": issuers, "direction": derive_direction(model, organ)}
    if not model.printer.strip():
        update["printer"] = default_printer(organ)
    return model.model_copy(update=update)


def default_printer(organ: Organ) -> str:
    """印发机关 when the drafter leaves it empty: the organ's office (办公厅/室), which prints
    and sends the organ's documents (GB/T 9704 §7.4.3); the organ itself when it has none."""
    office = organ.departments.filter(is_office=True, is_active=True).order_by("sort_order", "id")
    office = office.first()
    if office is None:
        return organ.name
    return office.name if office.name.startswith(organ.name) else f"{organ.name}{office.name}"


def _columns(model: Document) -> dict[str, Any]:
    """The columns copied from the content for lists and permissions."""
    return {
        "title": model.title.strip()[:300],
        "doc_type": model.doc_type.value,
        "direction": as_choice(OutgoingDocument.Direction, model.direction),
        "classification": as_choice(Classification, model.classification),
        "urgency": as_choice(OutgoingDocument.Urgency, model.urgency),
        "important": model.important,
    }


def _drafting_department(actor, department: Department | None, organ_id: int | None = None):
    """The department the actor drafts in: the given one (checked) or their first with 拟稿人
    (in ``organ_id`` when given)."""
    posts = permissions.drafting_posts(actor, organ_id)
    if department is not None:
        if not posts.filter(post__department=department).exists():
            raise PermissionDenied(_("您不是“%(dept)s”的拟稿人。") % {"dept": department})
        return department
    first = posts.first()
    if first is None:
        if organ_id is not None:
            raise PermissionDenied(_("只有本机关的拟稿人可以起草更正文件。"))
        raise PermissionDenied(_("您没有拟稿人岗位，不能起草公文。"))
    return first.post.department


def draft_build(
    *,
    actor,
    content: dict[str, Any] | str,
    department: Department | None = None,
    deadline=None,
    organ_id: int | None = None,
) -> OutgoingDocument:
    """The draft as it would be saved, checked but not saved (the save path and the live
    preview of an unsaved draft share it, so the preview shows what saving would keep).

    1. The actor must carry the 拟稿人 role in the department (their first such post by
       default, in ``organ_id`` when given); the organ is the department's.
    2. Validate the content; refuse number, date and 份号; the lead issuer is the organ.
    3. A drafter may not create a document above their own clearance.
    """
    if actor is None or not actor.is_active or actor.admin_role:
        raise PermissionDenied(_("只有业务用户可以起草公文。"))
    department = _drafting_department(actor, department, organ_id)
    organ = department.organ
    model = _check_draft_elements(parse_content(content), organ)
    columns = _columns(model)
    if columns["classification"] > actor.clearance:
        raise PermissionDenied(_("公文密级超出您的可接触密级，不能起草。"))
    if deadline is not None and deadline.tzinfo is None:
        raise ValidationError({"deadline": [_("办理时限必须带时区。")]})
    document = OutgoingDocument(
        organ=organ,
        department=department,
        drafter=actor,
        content=dump_content(model),
        deadline=deadline,
        **columns,
    )
    document.full_clean()
    return document


def draft_create(
    *, actor, content: dict[str, Any] | str, department: Department | None = None, deadline=None
) -> OutgoingDocument:
    """Start a draft in the actor's department (``draft_build``), save it, audit."""
    document = draft_build(actor=actor, content=content, department=department, deadline=deadline)
    with transaction.atomic(durable=True):
        document.save(force_insert=True)
        audit_record(
            actor=actor,
            action="outgoing_draft_create",
            obj=document,
            organ=document.organ,
            extra={"title": document.title, "doc_type": document.doc_type},
        )
    return document


def draft_edit_build(
    *, document: OutgoingDocument, actor, content: dict[str, Any] | str
) -> OutgoingDocument:
    """The document with ``content`` as ``draft_update`` would save it, never saved (the live
    preview of the edit page shares it, so the preview shows what saving would keep).

    The actor must be allowed to edit (403 otherwise); the content passes the same checks.
    """
    _cap, new_content, columns = _edited(document=document, actor=actor, content=content)
    unsaved = copy.copy(document)
    unsaved.content = new_content
    for name, value in columns.items():
        setattr(unsaved, name, value)
    unsaved.full_clean()
    return unsaved


def _edited(*, document: OutgoingDocument, actor, content: dict[str, Any] | str):
    """The edit capability, the checked content and its columns (shared by the save and the
    unsaved preview)."""
    cap = permissions.require(actor, document, permissions.Action.EDIT)
    model = _check_edit(parse_content(content), document)
    columns = _columns(model)
    if columns["classification"] > actor.clearance:
        raise PermissionDenied(_("公文密级超出您的可接触密级。"))
    return cap, dump_content(model), columns


def draft_update(
    *, document: OutgoingDocument, actor, content: dict[str, Any] | str
) -> OutgoingDocument:
    """Save new content: the drafter while drafting; the handler at 核稿, 办公室审核 and 复核.

    A handler's change is written on the processing sheet (修改, with the hashes before and
    after), so that 复核 and the signer see who changed the text after them.
    """
    with transaction.atomic(durable=True):
        outgoing_flow.lock(document)
        cap, new_content, columns = _edited(document=document, actor=actor, content=content)
        before = content_hash(document.content)
        after = content_hash(new_content)
        changed = [name for name, value in columns.items() if getattr(document, name) != value]
        document.content = new_content
        for name, value in columns.items():
            setattr(document, name, value)
        document.full_clean()
        document.save(update_fields=["content", *columns.keys(), "updated_at"])
        if document.status != Status.DRAFT and before != after:
            add_step(
                document,
                actor=actor,
                acting_for=cap.acting_for,
                decision=Decision.EDIT,
                from_status=document.status,
                to_status=document.status,
                extra={"before": before, "after": after, "columns": changed},
            )
        audit_record(
            actor=actor,
            action="outgoing_draft_update",
            obj=document,
            organ=document.organ,
            acting_for=cap.acting_for,
            extra={"status": document.status, "before": before, "after": after},
        )
    return document


def _check_edit(model: Document, document: OutgoingDocument) -> Document:
    """At 复核 the office may not touch the number, date or 份号 either: those come from the
    system; while drafting the usual draft rules apply."""
    existing = parse_content(document.content)
    if document.status == Status.RECHECK:
        if (model.doc_number, model.date, model.copy_number) != (
            existing.doc_number,
            existing.date,
            existing.copy_number,
        ):
            raise ValidationError(
                {"content": [_("发文字号、成文日期和份号由系统填写，复核时不能修改。")]}
            )
        model = model.model_copy(update={"date": None, "date_text": ""})
        checked = _check_draft_elements(model, document.organ)
        return checked.model_copy(update={"date": existing.date, "date_text": existing.date_text})
    return _check_draft_elements(model, document.organ)
