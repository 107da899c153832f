"""API tokens: stored hashed, expiring, revoked by a password change, shown once; invalid tokens throttled."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import AuditEvent
from tests.conftest import PASSWORD

API = "/api/v1/institutions/"


def new_token(client) -> str:
    return client.post(reverse("accounts:api_token"), {"action": "rotate"}).context["new_key"]


def api_status(key: str, **extra) -> int:
    return Client(**extra).get(API, HTTP_AUTHORIZATION=f"Token {key}").status_code


@pytest.mark.django_db
def test_the_token_is_stored_only_as_a_hash_and_expires(client, users, institutions):
    client.force_login(users["reviewer_a"])
    key = new_token(client)
    token = AuthToken.objects.get(user=users["reviewer_a"])
    assert key not in token.digest and token.digest != key
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest, token_key FROM knox_authtoken")
        assert all(key not in value for row in cursor.fetchall() for value in row if len(value) > 15)
    assert timedelta(days=89) < token.expiry - timezone.now() <= timedelta(days=90)
    assert api_status(key) == 200
    assert key not in client.get(reverse("accounts:api_token")).content.decode()
    AuthToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert api_status(key) == 401


@pytest.mark.django_db
def test_a_password_change_on_the_page_revokes_the_tokens(client, users, institutions):
    client.force_login(users["reviewer_a"])
    key = new_token(client)
    changes = AuditEvent.objects.filter(action="auth.password_change", actor=users["reviewer_a"])
    before = changes.count()
    client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Another-pass-456", "new_password2": "Another-pass-456"})
    assert api_status(key) == 401
    assert changes.count() == before + 1
    assert AuditEvent.objects.filter(action="token.revoke", actor=users["reviewer_a"]).exists()


@pytest.mark.django_db
def test_a_password_set_in_admin_revokes_the_tokens(client, users, institutions, regions):
    from tests.factories import UserFactory

    client.force_login(users["reviewer_a"])
    key = new_token(client)
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    admin = Client()
    admin.force_login(root)
    url = reverse("admin:auth_user_password_change", args=[users["reviewer_a"].pk])
    response = admin.post(url, {"password1": "Another-pass-456", "password2": "Another-pass-456",
                                "usable_password": "true"})
    assert response.status_code == 302
    assert api_status(key) == 401
    assert AuditEvent.objects.filter(action="auth.password_change", object_id=str(users["reviewer_a"].pk)).exists()


@pytest.mark.django_db
def test_the_owner_can_revoke_the_token(client, users, institutions):
    client.force_login(users["reviewer_a"])
    key = new_token(client)
    client.post(reverse("accounts:api_token"), {"action": "revoke"})
    assert api_status(key) == 401 and not AuthToken.objects.exists()


@pytest.mark.django_db
def test_a_new_account_records_no_password_change(regions):
    from accounts.models import User

    User.objects.create_user(username="fresh", password="Fresh-pass-123")
    assert not AuditEvent.objects.filter(action="auth.password_change").exists()


@pytest.mark.django_db
@override_settings(API_TOKEN_FAILURE_LIMIT=5)
def test_invalid_tokens_from_one_address_are_throttled(client, users, institutions):
    client.force_login(users["reviewer_a"])
    key = new_token(client)
    for index in range(5):
        assert api_status(f"{index:064x}", REMOTE_ADDR="10.1.2.3") == 401
    assert api_status("f" * 64, REMOTE_ADDR="10.1.2.3") == 429
    response = Client(REMOTE_ADDR="10.1.2.3").get(API, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 429 and "Retry-After" in response.headers
    assert api_status(key, REMOTE_ADDR="10.4.4.4") == 200
