"""Log-in protection: account lockout (django-axes), a per-IP limit of failed log-ins and failed API tokens
(core.ratelimit, in the shared cache), and the audit rows of log-ins, failures, lockouts and
password changes.

Two layers, on purpose (docs/security.md):
- per account: 5 failures lock the account for 15 minutes (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME). Axes keeps
  its attempts in the database, which every process shares, so that admins can list and unlock accounts;
- per IP: LOGIN_IP_FAILURE_LIMIT failures (any usernames) in LOGIN_IP_WINDOW_SECONDS refuse further log-ins
  from that address until the window ends. The limit is higher than the account's because a county
  commission's clerks share one address behind the office NAT.
"""
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core import ratelimit

LOGIN_BUCKET = "login-failed"
TOKEN_BUCKET = "token-failed"

MSG_ACCOUNT_LOCKED = (gettext_lazy("该账号因连续 {limit} 次登录失败已被锁定，请于 {until} 后重试，或联系管理员解锁。"))
MSG_IP_THROTTLED = (gettext_lazy("此网络地址登录失败次数过多，请于 {until} 后重试。"))
MSG_TOKEN_THROTTLED = (gettext_lazy("此网络地址的无效接口令牌过多，请于 {seconds} 秒后重试。"))


def local_time(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def ip_failures_exceeded(request) -> bool:
    return ratelimit.used(LOGIN_BUCKET, ratelimit.client_ip(request),
                          window_seconds=settings.LOGIN_IP_WINDOW_SECONDS) >= settings.LOGIN_IP_FAILURE_LIMIT


def ip_retry_at():
    return timezone.now() + timedelta(seconds=ratelimit.retry_after(settings.LOGIN_IP_WINDOW_SECONDS))


class IPThrottleBackend:
    """First authentication backend: refuses every log-in from an address over its failure limit.

    Raising PermissionDenied stops Django's backend chain (no password is checked), and marks the request so
    that the log-in page can say when to retry. It has no get_user(): sessions name the password backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and ip_failures_exceeded(request):
            request.login_throttled_until = ip_retry_at()
            raise PermissionDenied
        return None


def record_ip_failure(request) -> None:
    if request is not None:
        ratelimit.hit(LOGIN_BUCKET, ratelimit.client_ip(request), limit=settings.LOGIN_IP_FAILURE_LIMIT,
                      window_seconds=settings.LOGIN_IP_WINDOW_SECONDS)


def account_unlock_at(username: str):
    """When the account's lockout ends: its last failure plus the cool-off (axes' rule)."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    last = AccessAttempt.objects.filter(username=username).order_by("-attempt_time").first()
    base = last.attempt_time if last else timezone.now()
    return base + (get_cool_off() or timedelta(0))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the log-in page again, status 429, saying when the account opens again."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    message = MSG_ACCOUNT_LOCKED.format(limit=settings.AXES_FAILURE_LIMIT,
                                        until=local_time(account_unlock_at(username)))
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": message}, status=429)
    return login_refused(request, message, username=username)


def login_refused(request, message: str, *, username: str = ""):
    """The portal's log-in page (also for /admin/login/) with the refusal and the username kept, status 429."""
    from django.contrib.auth.forms import AuthenticationForm

    form = AuthenticationForm(request, initial={"username": username})
    return render(request, "accounts/login.html", {
        "form": form, "refused": message, "username": username,
        "next": request.POST.get("next") or request.GET.get("next", "")}, status=429)


class PasswordChangeEffects:
    """Listed in AUTH_PASSWORD_VALIDATORS for its password_changed() hook, which Django calls after any saved
    password change: the user's API tokens are revoked and the change is audited. It validates nothing."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        # User.set_password marks a change of an existing account; a new account's first password is not one.
        if user is None or not getattr(user, "_password_replaced", False):
            return
        from .services import MSG_TOKENS_PASSWORD_CHANGED, api_tokens_revoke, auth_event_record

        user._password_replaced = False
        api_tokens_revoke(user=user, reason=MSG_TOKENS_PASSWORD_CHANGED)
        auth_event_record(action="auth.password_change", user=user, username=user.get_username(), request=None)

    def get_help_text(self):
        from django.utils.translation import gettext

        return gettext("修改密码后，您已有的接口令牌全部失效。")


def axes_client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: REMOTE_ADDR as the rate limits see it, or None (axes stores an IP field)."""
    return request.META.get("REMOTE_ADDR") or None
