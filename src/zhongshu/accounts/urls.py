from django.urls import path

from zhongshu.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("otp/remove/", views.otp_remove, name="otp_remove"),
    path("security/", views.security, name="security"),
    path("password/code/", views.password_code_redeem, name="password_code_redeem"),
    path("codes/", views.password_code_list, name="password_code_list"),
    path("codes/<int:pk>/issue/", views.password_code_issue, name="password_code_issue"),
]
