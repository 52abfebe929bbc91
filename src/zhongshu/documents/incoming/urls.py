from django.urls import path

from zhongshu.documents.incoming import views

app_name = "incoming"

urlpatterns = [
    path("", views.incoming_inbox, name="inbox"),
    path("new/", views.incoming_external_create, name="external"),
    path("register/", views.incoming_register_view, name="register"),
    path("register/export.xlsx", views.incoming_register_export, name="register_export"),
    path("tasks/", views.instruction_task_list, name="tasks"),
    path("tasks/<int:task_pk>/close/", views.instruction_task_close_view, name="task_close"),
    path("sent/<int:document_pk>/", views.incoming_dispatch_receipts, name="receipts"),
    path("<int:pk>/", views.incoming_detail, name="detail"),
    path("<int:pk>/slip/", views.incoming_slip_print, name="slip"),
    path("<int:pk>/slip.pdf", views.incoming_slip_pdf, name="slip_pdf"),
    path("<int:pk>/scan/", views.incoming_scan, name="scan"),
    path("<int:pk>/original.pdf", views.incoming_received_file, name="original"),
    path("<int:pk>/circulation/", views.incoming_circulation_panel, name="circulation"),
    path(
        "<int:pk>/circulations/<int:circulation_pk>/chase/",
        views.circulation_chase_view,
        name="circulation_chase",
    ),
    path("<int:pk>/act/<str:action>/", views.incoming_act, name="act"),
]
