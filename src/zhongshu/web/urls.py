from django.urls import path

from zhongshu.web import views

app_name = "web"

urlpatterns = [
    path("", views.workbench, name="workbench"),
]
