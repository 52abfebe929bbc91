from django.urls import path

from zhongshu.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.events, name="events"),
    path("export.csv", views.export_csv, name="export"),
    path("chain/", views.chain_status, name="chain_status"),
]
