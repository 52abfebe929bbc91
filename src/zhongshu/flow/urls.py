from django.urls import path

from zhongshu.flow import views

app_name = "flow"

urlpatterns = [
    path("items/<int:pk>/open/", views.workitem_open, name="open"),
    path("items/<int:pk>/", views.workitem_detail, name="detail"),
    path("items/<int:pk>/complete/", views.workitem_complete_view, name="complete"),
    path("hand-over/", views.workitem_hand_over_view, name="hand_over"),
]
