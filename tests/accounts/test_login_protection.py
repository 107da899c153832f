"""Password guessing: account lockout (django-axes), the per-IP limit, their messages, audit and unlocking."""
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.security import MSG_ACCOUNT_LOCKED
from tests.conftest import PASSWORD
from tests.factories import UserFactory

LOGIN = "/accounts/login/"
LOCKED_START = MSG_ACCOUNT_LOCKED.split("{")[0]


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username: str, times: int) -> None:
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "guess-123"})


@pytest.mark.django_db
def test_twenty_wrong_passwords_then_the_right_one_does_not_log_in(users):
    client = Client()
    fail(client, "reviewer_a", 20)
    response = client.post(LOGIN, {"username": "reviewer_a", "password": PASSWORD})
    assert not logged_in(client)
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED_START in body and 'value="reviewer_a"' in body
    attempt = AccessAttempt.objects.get(username="reviewer_a")
    # the message names the minute the lockout ends
    assert timezone.localtime(attempt.attempt_time + timedelta(minutes=15)).strftime("%Y-%m-%d %H:%M") in body


@pytest.mark.django_db
def test_four_failures_still_allow_the_right_password_and_success_resets_the_count(users):
    client = Client()
    fail(client, "reviewer_a", 4)
    assert client.post(LOGIN, {"username": "reviewer_a", "password": PASSWORD}).status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_the_lockout_ends_after_fifteen_minutes(users):
    client = Client()
    fail(client, "reviewer_a", 5)
    assert client.post(LOGIN, {"username": "reviewer_a", "password": PASSWORD}).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert client.post(LOGIN, {"username": "reviewer_a", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_admin_login_is_locked_too(regions):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    for _ in range(6):
        client.post("/admin/login/", {"username": "root", "password": "guess-123", "next": "/admin/"})
    response = client.post("/admin/login/", {"username": "root", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 429 and not logged_in(client)
    assert LOCKED_START in response.content.decode()


@pytest.mark.django_db
@override_settings(LOGIN_IP_FAILURE_LIMIT=8)
def test_one_address_guessing_many_usernames_is_throttled(users):
    client = Client(REMOTE_ADDR="10.1.2.3")
    for index in range(8):
        client.post(LOGIN, {"username": f"nobody{index}", "password": "guess-123"})
    response = client.post(LOGIN, {"username": "viewer_a", "password": PASSWORD})
    assert response.status_code == 429 and not logged_in(client)
    assert "登录失败次数过多" in response.content.decode()
    # another address is not affected
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert other.post(LOGIN, {"username": "viewer_a", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_failures_lockouts_and_logins_are_audited(users):
    client = Client(REMOTE_ADDR="10.1.2.3")
    fail(client, "reviewer_a", 5)
    failed = AuditEvent.objects.filter(action="auth.login_failed", object_id=str(users["reviewer_a"].pk))
    assert failed.count() == 5
    assert failed.first().after == {"username": "reviewer_a", "ip": "10.1.2.3"}
    assert failed.first().region_code == "130102"
    assert AuditEvent.objects.filter(action="auth.lockout", actor=users["reviewer_a"]).count() == 1
    Client().post(LOGIN, {"username": "viewer_b", "password": PASSWORD})
    assert AuditEvent.objects.filter(action="auth.login", actor=users["viewer_b"]).exists()
    client.post(LOGIN, {"username": "no-such-user", "password": "x"})
    assert AuditEvent.objects.filter(action="auth.login_failed", object_id="", summary="no-such-user").exists()


def lock(username):
    fail(Client(), username, 5)


@pytest.mark.django_db
def test_admin_in_scope_lists_and_unlocks_an_account(users):
    lock("reviewer_a")
    lock("reviewer_b")
    admin = Client()
    admin.force_login(users["admin_a"])
    page = admin.get(reverse("accounts:lockouts")).content.decode()
    assert "reviewer_a" in page and "reviewer_b" not in page
    assert admin.post(reverse("accounts:lockouts"), {"username": "reviewer_b"}).status_code == 404
    assert admin.post(reverse("accounts:lockouts"), {"username": "reviewer_a"}).status_code == 302
    assert Client().post(LOGIN, {"username": "reviewer_a", "password": PASSWORD}).status_code == 302
    assert Client().post(LOGIN, {"username": "reviewer_b", "password": PASSWORD}).status_code == 429
    assert AuditEvent.objects.filter(action="auth.unlock", actor=users["admin_a"], summary="解除 reviewer_a 的登录锁定").exists()


@pytest.mark.django_db
def test_province_admin_unlocks_an_operator_of_an_institution_in_scope(users, institutions):
    lock("operator_a")
    admin = Client()
    admin.force_login(users["other_province_admin"])
    assert admin.post(reverse("accounts:lockouts"), {"username": "operator_a"}).status_code == 404
    admin.force_login(users["province_admin"])
    assert "operator_a" in admin.get(reverse("accounts:lockouts")).content.decode()
    assert admin.post(reverse("accounts:lockouts"), {"username": "operator_a"}).status_code == 302


@pytest.mark.django_db
def test_lockout_page_is_for_admins_only(users):
    client = Client()
    client.force_login(users["reviewer_a"])
    assert client.get(reverse("accounts:lockouts")).status_code == 403
