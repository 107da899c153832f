from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("signup/", views.sign_up, name="signup"),
    path("password/reset/", views.password_reset_phone, name="password_reset"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("sessions/", views.sessions_page, name="sessions"),
    path("2fa/", views.two_factor_page, name="two_factor"),
    path("2fa/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("2fa/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(
        template_name="accounts/password_change_done.html"), name="password_change_done"),
    path("token/", views.api_token, name="api_token"),
    path("email/", views.email_change, name="email_change"),
    path("audit/", views.audit_log, name="audit_log"),
    path("lockouts/", views.lockouts, name="lockouts"),
]
