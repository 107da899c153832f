"""/api/v1/signup/… and /api/v1/password/reset/… (included by tuoyu_portal.urls)."""
from django.urls import path

from .apis import ResetCodeView, ResetView, SignUpCodeView, SignUpView

urlpatterns = [
    path("signup/code/", SignUpCodeView.as_view(), name="signup-code"),
    path("signup/", SignUpView.as_view(), name="signup"),
    path("password/reset/code/", ResetCodeView.as_view(), name="password-reset-code"),
    path("password/reset/", ResetView.as_view(), name="password-reset"),
]
