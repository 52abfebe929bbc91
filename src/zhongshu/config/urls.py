"""URLs: each app's pages under its own prefix (namespaced by its ``app_name``), the API under
/api/ (routers listed in ``zhongshu.config.api``)."""

from django.urls import include, path

from zhongshu.config.api import api

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("zhongshu.accounts.urls")),
    path("organs/", include("zhongshu.organs.urls")),
    path("audit/", include("zhongshu.audit.urls")),
    path("flow/", include("zhongshu.flow.urls")),
    path("notifications/", include("zhongshu.notifications.urls")),
    path("documents/", include("zhongshu.documents.urls")),
    path("incoming/", include("zhongshu.documents.incoming.urls")),
    path("archive/", include("zhongshu.documents.archive.urls")),
    path("", include("zhongshu.web.urls")),
]
