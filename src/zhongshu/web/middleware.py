"""Middleware of the whole site: refuse malformed input before any view, and set the
Content-Security-Policy of every page.

``MalformedInputMiddleware`` answers 400 (a JSON ``{"message", "extra"}`` under ``/api/``, a
short Chinese page elsewhere) instead of letting two kinds of input end in a 500:

1. a multipart body whose ``Content-Type`` has no valid ``boundary``, or that cannot be parsed
   (Django raises ``MultiPartParserError``, which no view catches, in whatever first reads
   ``request.POST``: the CSRF check of a page, or django-ninja for the API);
2. a NUL character (``%00``) in the path, a query parameter, a form field or a JSON string:
   PostgreSQL refuses NUL in text ("A string literal cannot contain NUL (0x00) characters"),
   so a search for ``?q=%00`` failed inside the query. No legitimate input contains one.

It must come before ``CsrfViewMiddleware`` (which reads ``request.POST``).

``ContentSecurityPolicyMiddleware`` sets ``settings.CONTENT_SECURITY_POLICY`` on every HTML
response that has none: no inline script anywhere (the pages' scripts are files under ``static/``,
``tests/security/test_headers.py`` scans the templates).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

NUL = "\x00"
#: The bodies Django parses into ``request.POST`` (for a POST only).
_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _malformed(request: HttpRequest, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message, "extra": {}}, status=400)
    html = render_to_string("web/bad_request.html", {"message": message})
    return HttpResponse(html, status=400)


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _querydict_has_nul(data) -> bool:
    return any(NUL in key or any(NUL in v for v in values) for key, values in data.lists())


class MalformedInputMiddleware:
    """400 for a multipart body without a usable boundary and for NUL characters in input."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self._refusal(request)
        if refusal is not None:
            return _malformed(request, refusal)
        return self.get_response(request)

    def _refusal(self, request: HttpRequest) -> str | None:
        nul = _("请求含有空字符（NUL），无法处理。")
        if NUL in request.path or _querydict_has_nul(request.GET):
            return nul
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return None
        # the header as Django parsed it when it made the request
        content_type = request.content_type
        if content_type == "multipart/form-data":
            boundary = request.content_params.get("boundary", "")
            if not boundary or not MultiPartParser.boundary_re.match(boundary):
                return _("上传格式有误：multipart 请求缺少有效的分隔符（boundary）。")
        if request.method == "POST" and content_type in _FORM_TYPES:
            try:
                request.POST  # noqa: B018 — parse now, where the error can still be a 400
            except MultiPartParserError:
                return _("上传格式有误：无法解析 multipart 请求体。")
            return nul if _querydict_has_nul(request.POST) else None
        if content_type == "application/json":
            body = request.body
            if b"\\u0000" in body or b"\x00" in body:
                try:
                    if _has_nul(json.loads(body)):
                        return nul
                except ValueError:
                    return None  # not JSON: the API's schema check says so
        return None


class ContentSecurityPolicyMiddleware:
    """Set ``Content-Security-Policy`` (from ``settings.CONTENT_SECURITY_POLICY``)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Pages only: a policy on a PDF would stop the browser's viewer in the preview frame.
        html = response.get("Content-Type", "").startswith("text/html")
        if self.policy and html and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response
