"""Security headers on every response, templates fit for a strict script policy, and `check --deploy` clean
with the documented production settings (docs/security.md)."""
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = REPO_ROOT / "templates"

PRODUCTION_ENV = {  # as docs/security.md "Deployment" lists them
    "DEBUG": "0",
    "ALLOWED_HOSTS": "tuoyu.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://tuoyu.example.gov.cn",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_PROXY_SSL_HEADER": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.example.gov.cn",
    "EMAIL_PORT": "587",
    "EMAIL_USE_TLS": "1",
    "EMAIL_HOST_USER": "tuoyu",
    "EMAIL_HOST_PASSWORD": "not-a-real-password",
    "PORTAL_BASE_URL": "https://tuoyu.example.gov.cn",
    "SMS_BACKEND": "accounts.sms.HttpGatewayBackend",
    "SMS_GATEWAY_URL": "https://sms.example.gov.cn/send",
    "SMS_GATEWAY_TOKEN": "not-a-real-token",
}


def csp_directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.strip().split(" ", 1)[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/directory/", "/accounts/login/", "/complaints/new/", "/api/v1/regions/",
                                  "/api/docs/", "/no-such-page/"])
def test_every_response_carries_a_strict_script_policy(path, regions):
    response = Client().get(path)
    directives = csp_directives(response)
    assert directives["script-src"] == "script-src 'self'"
    assert directives["object-src"] == "object-src 'none'" and directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0):
                offenders.append(f"{path.relative_to(REPO_ROOT)}: inline <script>")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{path.relative_to(REPO_ROOT)}: event-handler attribute")
        if "<style" in text:
            offenders.append(f"{path.relative_to(REPO_ROOT)}: <style> element")
    assert not offenders


def run_check(extra_env: dict) -> subprocess.CompletedProcess:
    skip = ("DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")  # the browser tests set the last one
    env = {key: value for key, value in os.environ.items() if key not in skip}
    env.update({"DJANGO_SETTINGS_MODULE": "tuoyu_portal.settings", "SECRET_KEY": secrets.token_urlsafe(50)})
    env.update(extra_env)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_the_documented_production_settings():
    result = run_check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_without_https_settings_or_a_shared_cache():
    result = run_check({"DEBUG": "0", "ALLOWED_HOSTS": "tuoyu.example.gov.cn", "CACHE_URL": ""})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for check_id in ("security.W004", "security.W008", "security.W012", "tuoyu_portal.W001", "tuoyu_portal.W002",
                     "tuoyu_portal.W003", "tuoyu_portal.W005"):
        assert check_id in output


def test_check_deploy_warns_of_an_smtp_backend_without_a_server():
    result = run_check({**PRODUCTION_ENV, "EMAIL_HOST": ""})
    assert result.returncode != 0 and "tuoyu_portal.W004" in result.stdout + result.stderr


@pytest.mark.django_db
def test_smtp_settings_come_from_the_environment():
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, "
            "s.PORTAL_BASE_URL)")
    env = {**{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")},
           "DJANGO_SETTINGS_MODULE": "tuoyu_portal.settings", "SECRET_KEY": "x" * 50, **PRODUCTION_ENV}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                         timeout=60, check=True).stdout.split()
    assert out == ["django.core.mail.backends.smtp.EmailBackend", "smtp.example.gov.cn", "587", "tuoyu", "True",
                   "False", "https://tuoyu.example.gov.cn"]
    both = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60,
                          env={**env, "EMAIL_USE_SSL": "1"})
    assert both.returncode != 0 and "ImproperlyConfigured: EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other" in both.stderr


@pytest.mark.django_db
def test_https_settings_come_from_the_environment():
    code = ("import django, os; django.setup(); from django.conf import settings as s; "
            "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE)")
    env = {**{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")},
           "DJANGO_SETTINGS_MODULE": "tuoyu_portal.settings", "SECRET_KEY": "x" * 50, **PRODUCTION_ENV}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                         timeout=60, check=True).stdout.split()
    assert out == ["True", "31536000", "('HTTP_X_FORWARDED_PROTO',", "'https')", "True"]
