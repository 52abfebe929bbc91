"""URLs: each app's pages under its own prefix, the API under /api/."""

from importlib import import_module

from django.urls import include, path

from zhongshu.config.api import api


def _app_urls():
    """Include each app's ``urls.py`` (with its ``app_name`` namespace) when it has one."""
    patterns = []
    for app, prefix in [
        ("accounts", "accounts/"),
        ("organs", "organs/"),
        ("audit", "audit/"),
        ("flow", "flow/"),
        ("notifications", "notifications/"),
        ("documents", "documents/"),
        ("documents.incoming", "incoming/"),
        ("documents.archive", "archive/"),
        ("web", ""),
    ]:
        try:
            import_module(f"zhongshu.{app}.urls")
        except ModuleNotFoundError as exc:
            if exc.name != f"zhongshu.{app}.urls":
                raise
            continue
        patterns.append(path(prefix, include(f"zhongshu.{app}.urls")))
    return patterns


urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    *_app_urls(),
]
