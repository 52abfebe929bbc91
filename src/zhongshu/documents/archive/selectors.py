"""Reads of the archive, scoped to the organs where the user is 档案员 (404 elsewhere), and to
the documents whose 密级 the user's clearance admits (the documents' own rule: a classified
document above it does not exist for the user, its 件, its title and its 份号 register alike)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from zhongshu.documents.archive.models import ArchiveItem, CopyRecord
from zhongshu.documents.archive.services import organs_with_role
from zhongshu.organs.models import Organ, Role


def archivist_organs(*, user) -> QuerySet[Organ]:
    return Organ.objects.filter(pk__in=organs_with_role(user, [Role.ARCHIVIST])).order_by(
        "sort_order", "id"
    )


def archivist_organ_or_403(*, user, organ_id=None) -> Organ:
    """The organ the archivist works in (the one asked for, else the first): 403 for a person
    who is nobody's archivist, 404 for an organ that is not theirs."""
    organs = list(archivist_organs(user=user))
    if not organs:
        raise PermissionDenied(_("只有档案员可以使用归档功能。"))
    if organ_id in (None, ""):
        return organs[0]
    for organ in organs:
        if str(organ.pk) == str(organ_id):
            return organ
    raise Http404(_("机关不存在或无权访问。"))


def archive_items(*, organ, user, year: int | None = None) -> QuerySet[ArchiveItem]:
    """The organ's 件 in 档号 order (件号 compared as numbers) that ``user``'s clearance admits."""
    qs = ArchiveItem.objects.filter(organ=organ, classification__lte=user.clearance)
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("incoming", "outgoing").order_by(
        "year", "retention", "class_code", "seq"
    )


def archive_candidates(*, organ, user) -> dict[str, QuerySet]:
    """Documents of ``organ`` ready for filing and not yet filed: closed 收文, dispatched 发文,
    those ``user``'s clearance admits."""
    from zhongshu.documents.incoming.models import IncomingDocument
    from zhongshu.documents.models import OutgoingDocument

    incoming = IncomingDocument.objects.filter(
        organ=organ,
        status__in=[IncomingDocument.Status.CLOSED, IncomingDocument.Status.FILED],
        archive_item__isnull=True,
        classification__lte=user.clearance,
    ).order_by("closed_at", "id")
    outgoing = OutgoingDocument.objects.filter(
        organ=organ,
        status=OutgoingDocument.Status.DISPATCHED,
        archive_item__isnull=True,
        classification__lte=user.clearance,
    ).order_by("signed_on", "id")
    return {"incoming": incoming, "outgoing": outgoing}


def candidate_get_for_user(*, user, kind: str, pk: int):
    """A document waiting to be filed, for its organ's 档案员.

    404 when it is not a document of an organ the user works in (an outsider learns nothing) or
    its 密级 is above the user's clearance; 403 when it is, but the user is not that organ's 档案员.
    """
    from zhongshu.documents.incoming.models import IncomingDocument
    from zhongshu.documents.models import OutgoingDocument

    models = {"incoming": IncomingDocument, "outgoing": OutgoingDocument}
    if kind not in models:
        raise Http404
    own = organs_with_role(user, list(Role.values))
    document = (
        models[kind]
        .objects.filter(pk=pk, organ_id__in=own, classification__lte=user.clearance)
        .first()
    )
    if document is None:
        raise Http404(_("文件不存在或无权访问。"))
    if document.organ_id not in organs_with_role(user, [Role.ARCHIVIST]):
        raise PermissionDenied(_("只有本机关档案员可以归档。"))
    return document


def copies_held(*, incoming) -> list[dict]:
    """The numbered copies (份号) of a received classified document that its organ holds, each
    with its register lines, for the 收文 page (the caller has checked the user sees it)."""
    recipient = incoming.dispatch_recipient
    if recipient is None or not incoming.classification:
        return []
    records = (
        CopyRecord.objects.filter(document_id=recipient.document_id, holder_id=incoming.organ_id)
        .select_related("requested_by", "approved_by")
        .prefetch_related("lines__actor")
        .order_by("copy_number")
    )
    return list(records)


def copy_get_for_user(*, user, incoming, pk: int) -> CopyRecord:
    """One copy held by the organ of a 收文 the user sees (404 otherwise)."""
    record = next((r for r in copies_held(incoming=incoming) if r.pk == pk), None)
    if record is None:
        raise Http404(_("该份号不存在或不属于本机关。"))
    return record


def copy_records_for_user(*, user, document_pk: int) -> QuerySet[CopyRecord]:
    """The 份号 register of one 发文 as its issuing organ sees it: empty outside the organ, and
    empty when the document's 密级 is above the user's clearance."""
    organs = organs_with_role(user, list(Role.values))
    return (
        CopyRecord.objects.filter(
            document_id=document_pk,
            document__organ_id__in=organs,
            document__classification__lte=user.clearance,
        )
        .prefetch_related("lines")
        .order_by("copy_number")
    )


def copy_record_get_for_user(*, user, pk: int) -> CopyRecord:
    """One numbered copy, for its issuing organ or its holder, under the document's clearance
    rule (404 otherwise)."""
    organs = organs_with_role(user, list(Role.values))
    record = (
        CopyRecord.objects.filter(pk=pk, document__classification__lte=user.clearance)
        .filter(Q(holder_id__in=organs) | Q(document__organ_id__in=organs))
        .select_related("document")
        .first()
    )
    if record is None:
        raise Http404(_("该份号不存在或无权访问。"))
    return record
