"""A user sets their own e-mail address (for notification mails and the daily progress mail)."""
import pytest
from django.urls import reverse

from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("accounts:email_change")


def test_a_user_sets_and_clears_their_email_and_returns_to_next(client, users):
    user = users["city_admin"]
    client.force_login(user)
    assert 'name="email"' in client.get(URL).content.decode()
    response = client.post(URL, {"email": " city@example.gov.cn ", "next": "/stats/?region=1301"})
    assert response.status_code == 302 and response["Location"] == "/stats/?region=1301"
    user.refresh_from_db()
    assert user.email == "city@example.gov.cn"
    assert AuditEvent.objects.filter(action="user.email", actor=user).exists()
    client.post(URL, {"email": ""})
    user.refresh_from_db()
    assert user.email == ""


def test_a_bad_address_is_refused_and_kept_and_next_must_be_local(client, users):
    client.force_login(users["viewer_a"])
    response = client.post(URL, {"email": "not-an-address"})
    assert response.status_code == 400 and 'value="not-an-address"' in response.content.decode()
    response = client.post(URL, {"email": "a@example.gov.cn", "next": "https://evil.example/"})
    assert response["Location"] == URL


def test_anonymous_users_go_to_the_log_in_page(client):
    assert client.get(URL).status_code == 302


def test_subscribing_without_an_email_links_to_the_email_page(client, users):
    client.force_login(users["city_admin"])
    response = client.post(reverse("stats:progress_mail"), {"subscribe": "1", "next": "/notifications/"}, follow=True)
    assert f'href="{URL}?next=%2Fnotifications%2F"' in response.content.decode()
