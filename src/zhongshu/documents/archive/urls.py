from django.urls import path

from zhongshu.documents.archive import views

app_name = "archive"

urlpatterns = [
    path("", views.archive_list, name="list"),
    path("file/<str:kind>/<int:pk>/", views.archive_file_view, name="file"),
    path("export/", views.archive_export_view, name="export"),
    path("fonds/", views.archive_fonds_view, name="fonds"),
    path("mark/<str:kind>/<int:pk>/", views.document_mark_view, name="mark"),
    path(
        "copies/incoming/<int:incoming_pk>/<int:pk>/<str:action>/",
        views.copy_act_view,
        name="copy_act",
    ),
]
