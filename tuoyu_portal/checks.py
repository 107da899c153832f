"""Deployment checks of the portal's own settings, run by `manage.py check --deploy` (docs/security.md)."""
from django.conf import settings
from django.core import checks

W_CACHE_NOT_SHARED = "tuoyu_portal.W001"
W_EMAIL_NOT_SENT = "tuoyu_portal.W002"
W_NO_BASE_URL = "tuoyu_portal.W003"
W_SMTP_HOST = "tuoyu_portal.W004"
W_SMS_NOT_SENT = "tuoyu_portal.W005"


@checks.register(checks.Tags.security, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [checks.Warning(
            "The cache is each process's own memory: log-in, API token and complaint limits are not shared by "
            "the web processes.",
            hint="Set CACHE_URL to a Redis URL (a database of its own, e.g. redis://redis:6379/1).",
            id=W_CACHE_NOT_SHARED)]
    return []


@checks.register(checks.Tags.compatibility, deploy=True)
def email(app_configs, **kwargs):
    """Notices and the daily progress mail must reach people, with links that work outside the portal."""
    warnings = []
    backend = settings.EMAIL_BACKEND
    if backend.endswith(("console.EmailBackend", "locmem.EmailBackend", "dummy.EmailBackend", "filebased.EmailBackend")):
        warnings.append(checks.Warning(
            f"E-mail is not sent: EMAIL_BACKEND is {backend}.",
            hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST, EMAIL_PORT, "
                 "EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS or EMAIL_USE_SSL (README, Configuration).",
            id=W_EMAIL_NOT_SENT))
    elif backend.endswith("smtp.EmailBackend") and settings.EMAIL_HOST in ("", "localhost", "127.0.0.1"):
        warnings.append(checks.Warning(
            f"EMAIL_HOST is {settings.EMAIL_HOST!r}: is an SMTP server really listening on this machine?",
            hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_USE_TLS/EMAIL_USE_SSL, the account) to the mail server.",
            id=W_SMTP_HOST))
    if not settings.PORTAL_BASE_URL.startswith(("https://", "http://")):
        warnings.append(checks.Warning(
            "PORTAL_BASE_URL is not set: the links in notification e-mails are bare paths that no mail reader can open.",
            hint="Set PORTAL_BASE_URL to the portal's address, e.g. https://tuoyu.example.gov.cn",
            id=W_NO_BASE_URL))
    return warnings


@checks.register(checks.Tags.compatibility, deploy=True)
def sms(app_configs, **kwargs):
    """Sign-up and password reset send their codes by text message."""
    if settings.SMS_BACKEND.endswith(("ConsoleBackend", "LocmemBackend")):
        return [checks.Warning(
            f"Text messages are not sent: SMS_BACKEND is {settings.SMS_BACKEND}; operators cannot sign up or "
            "reset a password by phone.",
            hint="Set SMS_BACKEND=accounts.sms.HttpGatewayBackend with SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN, or "
                 "another provider's backend class (accounts/sms.py, docs/security.md).",
            id=W_SMS_NOT_SENT)]
    if settings.SMS_BACKEND.endswith("HttpGatewayBackend") and not settings.SMS_GATEWAY_URL.startswith("https://"):
        return [checks.Warning(
            "SMS_GATEWAY_URL is not an https:// address: the codes would not reach the gateway, or travel in clear.",
            hint="Set SMS_GATEWAY_URL (and SMS_GATEWAY_TOKEN) to the SMS gateway.", id=W_SMS_NOT_SENT)]
    return []
