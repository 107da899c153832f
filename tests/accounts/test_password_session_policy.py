"""等保 2.0 level 3 controls (issue 15 point 5): password complexity, no reuse of the last 5, expiry of staff
passwords with a warning, a password set by an admin changed at the next log-in; staff sessions end after 30 idle
minutes and every session after its lifetime; a user lists and ends their sessions."""
import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SEEN, STARTED
from accounts.models import AuditEvent, PasswordHistory, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

CHANGE = "/accounts/password/"


def change(client, old, new):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def test_a_simple_password_is_refused_with_the_rule(client, users):
    client.force_login(users["reviewer_a"])
    for weak in ("abcdefgh12", "Ab1!"):
        response = change(client, PASSWORD, weak)
        assert response.status_code == 200
    assert "至少 3 类" in change(client, PASSWORD, "abcdefgh12").content.decode()
    assert "密码至少 8 位" in change(client, PASSWORD, "Ab1!").content.decode()
    assert change(client, PASSWORD, "Chang-ed-2026").status_code == 302


def test_none_of_the_last_five_passwords_again(client, users):
    user = users["reviewer_a"]
    client.force_login(user)
    reused = change(client, PASSWORD, PASSWORD)
    assert reused.status_code == 200 and "不能使用最近 5 次用过的密码" in reused.content.decode()
    current = PASSWORD
    for n in range(1, 5):
        new = f"Second-Pass-{n}"
        assert change(client, current, new).status_code == 302, n
        current = new
    # The first password is one of the last five (it and four since): still refused.
    assert "不能使用最近 5 次" in change(client, current, PASSWORD).content.decode()
    assert change(client, current, "Second-Pass-5").status_code == 302
    assert PasswordHistory.objects.filter(user=user).count() == 5
    # Now it is the sixth back: allowed again.
    assert change(client, "Second-Pass-5", PASSWORD).status_code == 302


def test_a_password_set_by_an_admin_is_changed_before_anything_else(client, users):
    user = users["inspector_a"]
    user.set_password("Set-By-Admin-1")
    user.must_change_password = True
    user.save()
    client.force_login(user)
    response = client.get(reverse("inspections:home"))
    assert response.status_code == 302 and response.url.startswith(CHANGE)
    assert "next=" in response.url
    api = client.get("/api/v1/institutions/")
    assert api.status_code == 403 and "请先修改密码" in api.json()["detail"]
    assert client.get(CHANGE).status_code == 200  # the password page itself opens
    done = client.post(CHANGE + "?next=/inspections/", {"old_password": "Set-By-Admin-1", "next": "/inspections/",
                                                         "new_password1": "Own-Choice-26", "new_password2": "Own-Choice-26"})
    assert done.status_code == 302 and done.url == "/inspections/"
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("inspections:home")).status_code == 200


def test_a_staff_password_expires_after_90_days_with_a_warning_before(client, users):
    reviewer, operator = users["reviewer_a"], users["operator_a"]
    User.objects.filter(pk=reviewer.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=80))
    client.force_login(reviewer)
    page = client.get(reverse("filings:list"))
    assert page.status_code == 200 and "您的密码将在 10 天后到期" in page.content.decode()
    assert "到期" not in client.get(reverse("filings:list")).content.decode()  # once a day
    User.objects.filter(pk=reviewer.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=91))
    expired = client.get(reverse("filings:list"))
    assert expired.status_code == 302 and expired.url.startswith(CHANGE)
    # Operators' passwords do not expire.
    User.objects.filter(pk=operator.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=400))
    client.force_login(operator)
    assert client.get(reverse("filings:list")).status_code == 200


def log_in(client, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[-500:]


def age_session(client, *, idle=0, since_start=0):
    session = client.session
    now = time.time()
    session[SEEN] = now - idle
    session[STARTED] = now - since_start
    session.save()


def test_a_staff_session_ends_after_30_idle_minutes_an_operators_does_not(client, users):
    log_in(client, "reviewer_a")
    age_session(client, idle=29 * 60)
    assert client.get(reverse("filings:list")).status_code == 200
    age_session(client, idle=31 * 60)
    ended = client.get(reverse("filings:list"))
    assert ended.status_code == 302 and ended.url.startswith(reverse("accounts:login"))
    assert "未操作" in client.get(ended.url).content.decode()
    assert client.get(reverse("filings:list")).status_code == 302  # signed out
    log_in(client, "operator_a")
    age_session(client, idle=3 * 60 * 60)
    assert client.get(reverse("filings:list")).status_code == 200


def test_every_session_ends_after_its_lifetime(client, users):
    log_in(client, "operator_a")
    age_session(client, since_start=13 * 60 * 60)
    response = client.get(reverse("filings:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_a_user_lists_and_ends_their_other_sessions(client, users):
    from django.test import Client

    laptop, phone = client, Client(HTTP_USER_AGENT="Mobile Safari")
    log_in(laptop, "admin_a")
    log_in(phone, "admin_a")
    page = laptop.get(reverse("accounts:sessions"))
    assert page.status_code == 200
    assert "Mobile Safari" in page.content.decode() and "当前会话" in page.content.decode()
    assert laptop.post(reverse("accounts:sessions"), {"action": "others"}).status_code == 302
    assert phone.get(reverse("filings:list")).status_code == 302  # signed out at once
    assert laptop.get(reverse("filings:list")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.session_end", actor=users["admin_a"]).count() == 1
    # Another user's session cannot be ended from here.
    other = Client()
    log_in(other, "admin_b")
    from accounts.models import UserSession

    foreign = UserSession.objects.get(user=users["admin_b"])
    laptop.post(reverse("accounts:sessions"), {"session": foreign.pk})
    assert other.get(reverse("filings:list")).status_code == 200
