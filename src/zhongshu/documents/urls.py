from django.urls import path

from zhongshu.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("new/preview.pdf", views.document_draft_preview, name="draft_preview"),
    path("new/check/", views.document_draft_check, name="draft_check"),
    path("numbers/", views.number_register_view, name="numbers"),
    path("numbers/export.xlsx", views.number_register_export, name="numbers_export"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/edit/preview.pdf", views.document_edit_preview, name="edit_preview"),
    path("<int:pk>/edit/check/", views.document_edit_check, name="edit_check"),
    path("<int:pk>/sheet/", views.document_sheet_view, name="sheet"),
    path("<int:pk>/sheet.pdf", views.document_sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/preview.pdf", views.document_preview, name="preview"),
    path("<int:pk>/files/<str:kind>/", views.document_file, name="file"),
    path("<int:pk>/copies/<int:recipient_pk>.pdf", views.document_copies, name="copies"),
    path("<int:pk>/act/<str:action>/", views.document_act, name="act"),
    path("<int:pk>/correct/", views.document_correct, name="correct"),
]
