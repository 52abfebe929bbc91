"""The one django-ninja API of 中枢 (OpenAPI at /api/docs) and its single error mapping.

Each app contributes a router from its ``api.py``. Errors are mapped here only: a
``ValidationError`` is 400, ``PermissionDenied`` 403, ``Http404`` 404 and ``ApplicationError``
its own status, all as ``{"message": ..., "extra": {...}}`` with a Chinese message.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from zhongshu.lib.errors import ApplicationError

api = NinjaAPI(
    title="中枢 API",
    version="1",
    description="中枢 (Zhongshu) 党政机关办公厅(室)业务平台 REST API",
    auth=django_auth,
    urls_namespace="api",
)


def _error(request, message: str, status: int, extra: dict | None = None):
    return api.create_response(request, {"message": message, "extra": extra or {}}, status=status)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        extra = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        message = "；".join(m for msgs in extra.values() for m in msgs)
    else:
        extra = {}
        message = "；".join(exc.messages)
    return _error(request, message or "输入有误", 400, {"fields": extra} if extra else {})


_SCHEMA_MESSAGES = {
    "missing": "必填",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "string_type": "须为文本",
    "bool_parsing": "须为是或否",
    "bool_type": "须为是或否",
    "list_type": "须为列表",
    "datetime_parsing": "日期时间格式无效",
    "datetime_from_date_parsing": "日期时间格式无效",
    "date_parsing": "日期格式无效",
    "json_invalid": "不是有效的 JSON",
}


@api.exception_handler(NinjaValidationError)
def _schema_error(request, exc: NinjaValidationError):
    """A body or query that does not fit the schema is bad input too: 400, not ninja's 422.

    ``loc`` is ("body", <parameter>, field...) or ("query"/"path", field); the field path is
    kept, the message translated for the common pydantic error types.
    """
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ())]
        loc = loc[2:] if loc[:1] == ["body"] else loc[1:]
        name = ".".join(loc) or "_"
        fields.setdefault(name, []).append(_SCHEMA_MESSAGES.get(err.get("type", ""), "格式无效"))
    message = "；".join(f"{name}：{'、'.join(msgs)}" for name, msgs in fields.items())
    return _error(request, f"输入有误：{message}", 400, {"fields": fields})


@api.exception_handler(PermissionDenied)
def _permission_denied(request, exc: PermissionDenied):
    return _error(request, str(exc) or "无权执行此操作", 403)


@api.exception_handler(Http404)
def _not_found(request, exc: Http404):
    return _error(request, "对象不存在或无权访问", 404)


@api.exception_handler(ApplicationError)
def _application_error(request, exc: ApplicationError):
    return _error(request, exc.message, exc.status, exc.extra)


def _install_routers() -> None:
    """Add each app's router under its prefix (imported here, after ``api`` exists, because
    the routers' modules import services that import nothing of this module)."""
    from zhongshu.accounts.api import router as accounts
    from zhongshu.audit.api import router as audit
    from zhongshu.documents.api import router as documents
    from zhongshu.documents.archive.api import router as archive
    from zhongshu.documents.incoming.api import router as incoming
    from zhongshu.flow.api import router as flow
    from zhongshu.notifications.api import router as notifications
    from zhongshu.organs.api import router as organs

    for prefix, router in [
        ("/organs/", organs),
        ("/accounts/", accounts),
        ("/audit/", audit),
        ("/flow/", flow),
        ("/notifications/", notifications),
        ("/documents/", documents),
        ("/incoming/", incoming),
        ("/archive/", archive),
    ]:
        api.add_router(prefix, router)


_install_routers()
