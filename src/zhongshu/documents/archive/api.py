"""The archive API: the 件 of a year, filing, the export, 撤销/废止 marks and the 份号 register.

The same services as the pages; errors are mapped once in ``zhongshu.config.api``.
"""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from zhongshu.accounts.permissions import BusinessAuth
from zhongshu.documents.archive import selectors, services

router = Router(tags=["archive"])
auth = BusinessAuth()


class ArchiveItemOut(Schema):
    id: int
    kind: str
    archival_code: str
    year: int
    retention: str
    class_code: str
    seq: int
    title: str
    doc_number: str
    responsible: str
    date: date
    classification: int
    pages: int
    file_sha256: str
    slip_sha256: str
    filed_at: datetime


class YearQuery(Schema):
    organ: int | None = None
    year: int | None = None


class ArchiveFileIn(Schema):
    kind: str
    id: int
    class_code: str = "BGS"
    retention: str = ""
    note: str = ""


class MarkIn(Schema):
    kind: str
    document_kind: str
    id: int
    reason: str
    effective_from: date | None = None


class MarkOut(Schema):
    id: int
    kind: str
    reason: str
    effective_from: date
    at: datetime


class FondsIn(Schema):
    code: str
    organ: int | None = None


class FondsOut(Schema):
    organ_id: int
    code: str


class CopyActIn(Schema):
    note: str = ""


class CopyOut(Schema):
    id: int
    document_id: int
    copy_number: int
    holder_id: int
    status: str


@router.get("/items/", response=list[ArchiveItemOut], auth=auth, url_name="archive_items")
def archive_items_api(request, query: Query[YearQuery]):
    organ = selectors.archivist_organ_or_403(user=request.auth, organ_id=query.organ)
    return list(selectors.archive_items(organ=organ, user=request.auth, year=query.year))


@router.post("/file/", response={201: ArchiveItemOut}, auth=auth, url_name="archive_file")
def archive_file_api(request, payload: ArchiveFileIn):
    document = selectors.candidate_get_for_user(user=request.auth, kind=payload.kind, pk=payload.id)
    item = services.archive_file(
        actor=request.auth,
        **{payload.kind: document},
        class_code=payload.class_code,
        retention=payload.retention,
        note=payload.note,
    )
    return Status(201, item)


@router.get("/export/", auth=auth, url_name="archive_export")
def archive_export_api(request, query: Query[YearQuery]):
    organ = selectors.archivist_organ_or_403(user=request.auth, organ_id=query.organ)
    year = query.year or timezone.localdate().year
    name, data = services.archive_export_year(organ=organ, year=year, actor=request.auth)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@router.post("/fonds/", response=FondsOut, auth=auth, url_name="archive_fonds")
def fonds_set_api(request, payload: FondsIn):
    organ = selectors.archivist_organ_or_403(user=request.auth, organ_id=payload.organ)
    return services.fonds_set(organ=organ, code=payload.code, actor=request.auth)


def _document(user, kind: str, pk: int):
    if kind == "incoming":
        from zhongshu.documents.incoming.selectors import incoming_get_for_user

        return {"incoming": incoming_get_for_user(user=user, pk=pk)}
    if kind == "outgoing":
        from zhongshu.documents.selectors import document_get_for_user

        return {"outgoing": document_get_for_user(user=user, pk=pk)}
    raise Http404(_("文件不存在或无权访问。"))


@router.post("/marks/", response={201: MarkOut}, auth=auth, url_name="archive_mark")
def document_mark_api(request, payload: MarkIn):
    mark = services.document_mark(
        actor=request.auth,
        kind=payload.kind,
        reason=payload.reason,
        effective_from=payload.effective_from,
        **_document(request.auth, payload.document_kind, payload.id),
    )
    return Status(201, mark)


class CopyLineOut(Schema):
    from_status: str
    to_status: str
    actor_id: int
    note: str
    at: datetime


class CopyDetailOut(CopyOut):
    lines: list[CopyLineOut]


@router.post(
    "/copies/register/{int:document_pk}/",
    response={201: list[CopyOut]},
    auth=auth,
    url_name="archive_copy_register",
)
def copy_register_api(request, document_pk: int):
    """Open the 份号 register of a dispatched classified 发文 (its numbered copies)."""
    from zhongshu.documents.selectors import document_get_for_user

    document = document_get_for_user(user=request.auth, pk=document_pk)
    return Status(201, services.copy_records_register(document=document, actor=request.auth))


@router.get(
    "/copies/{int:document_pk}/",
    response=list[CopyDetailOut],
    auth=auth,
    url_name="archive_copy_list",
)
def copy_list_api(request, document_pk: int):
    """The 份号 register of one document, as its issuing organ sees it (with every line).

    Only for someone who may see the document itself: a role in the issuing organ is not
    enough, the register of a 秘密 document is 404 to a person without clearance."""
    from zhongshu.documents.selectors import document_get_for_user

    document_get_for_user(user=request.auth, pk=document_pk)
    records = selectors.copy_records_for_user(user=request.auth, document_pk=document_pk)
    return [
        {
            "id": r.pk,
            "document_id": r.document_id,
            "copy_number": r.copy_number,
            "holder_id": r.holder_id,
            "status": r.status,
            "lines": list(r.lines.all()),
        }
        for r in records
    ]


_COPY_ACTIONS = {
    "return": lambda record, user, note: services.copy_return(record=record, actor=user, note=note),
    "request": lambda record, user, note: services.copy_destruction_request(
        record=record, actor=user, reason=note
    ),
    "approve": lambda record, user, note: services.copy_destruction_approve(
        record=record, actor=user, note=note
    ),
    "reject": lambda record, user, note: services.copy_destruction_reject(
        record=record, actor=user, note=note
    ),
}


@router.post("/copies/{int:pk}/{action}/", response=CopyOut, auth=auth, url_name="archive_copy_act")
def copy_act_api(request, pk: int, action: str, payload: CopyActIn):
    """清退, 申请销毁, 审批销毁 or 不同意销毁 of one numbered copy (404 outside both organs, and
    above the user's clearance)."""
    if action not in _COPY_ACTIONS:
        raise Http404
    record = selectors.copy_record_get_for_user(user=request.auth, pk=pk)
    return _COPY_ACTIONS[action](record, request.auth, payload.note)
