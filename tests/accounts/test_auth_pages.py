import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_login_with_wrong_password_keeps_username_and_explains(client, users):
    response = client.post(reverse("accounts:login"), {"username": "reviewer_a", "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="reviewer_a"' in body
    assert "请输入一个正确的用户名和密码" in body  # Django's message, in the page's language only
    assert "Please enter a correct username" not in body
    english = client.post(reverse("accounts:login"), {"username": "reviewer_a", "password": "wrong"},
                          HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Please enter a correct username and password" in english
    assert "请输入" not in english


@pytest.mark.django_db
def test_login_and_logout(client, users):
    response = client.post(reverse("accounts:login"), {"username": "reviewer_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("institutions:staff_list")
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).url == reverse("institutions:directory")


@pytest.mark.django_db
def test_logout_requires_post_with_csrf(users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["reviewer_a"])
    assert client.post(reverse("accounts:logout")).status_code == 403


@pytest.mark.django_db
def test_password_change(client, users):
    client.force_login(users["viewer_a"])
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Another-pass-456", "new_password2": "Another-pass-456"})
    assert response.status_code == 302
    users["viewer_a"].refresh_from_db()
    assert users["viewer_a"].check_password("Another-pass-456")


@pytest.mark.django_db
def test_chinese_is_default_and_english_switch_works(client, users):
    assert "信息公示" in client.get(reverse("institutions:directory")).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/directory/"})
    assert response.status_code == 302
    body = client.get(reverse("institutions:directory")).content.decode()
    assert '<html lang="en">' in body
    assert "Public directory of childcare institutions" in body and "托育机构信息公示" not in body


@pytest.mark.django_db
def test_api_token_page_generates_a_working_token_once(client, users, institutions):
    client.force_login(users["reviewer_a"])
    assert "生成令牌" in client.get(reverse("accounts:api_token")).content.decode()
    key = client.post(reverse("accounts:api_token")).context["new_key"]
    page = client.get(reverse("accounts:api_token")).content.decode()
    assert key not in page and "重新生成令牌" in page
    from django.test import Client

    api = Client().get("/api/v1/institutions/", HTTP_AUTHORIZATION=f"Token {key}")
    assert api.status_code == 200 and api.json()["count"] == 1
    second = client.post(reverse("accounts:api_token")).context["new_key"]
    assert Client().get("/api/v1/institutions/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert second != key
