"""Notifications: sending is idempotent (one row, one e-mail), the list shows one's own only, opening and
"mark all read" are POSTs with CSRF that answer 404 outside one's own, and the navbar badge counts unread."""
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services
from notifications.models import Notification
from notifications.services import Notice, notification_send, notification_send_many
from tests.conftest import business_callbacks

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
READ_ALL = reverse("notifications:read_all")


def open_url(notification) -> str:
    return reverse("notifications:open", args=[notification.pk])


def notice(user, key="k1", **kwargs):
    fields = {"kind": "test", "title": f"标题{key}", "body": "内容", "url": "/filings/1/", "dedupe_key": key,
              "email": False, **kwargs}
    return notification_send(recipient=user, **fields)


@pytest.fixture
def alice(users):
    user = users["reviewer_a"]
    user.email = "reviewer-a@example.gov.cn"
    user.save(update_fields=["email"])
    return user


# --- sending -----------------------------------------------------------------------------------------

def test_sending_the_same_notice_twice_creates_one_row_and_one_email(alice, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notice(alice, email=True)
        second = notice(alice, email=True, title="另一个标题")
    assert first.pk == second.pk and Notification.objects.count() == 1
    assert second.title == "标题k1"  # the first send wins
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["reviewer-a@example.gov.cn"] and mail.subject == "标题k1"
    assert "内容" in mail.body and "/filings/1/" in mail.body
    first.refresh_from_db()
    assert first.emailed_at is not None


def test_the_same_key_for_another_user_is_another_notice(users, alice):
    notice(alice)
    notice(users["reviewer_b"])
    assert Notification.objects.count() == 2


def test_no_email_without_an_address_or_when_not_asked(users, alice, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice(users["reviewer_b"], email=True)
        notice(alice, key="quiet", email=False)
    assert Notification.objects.count() == 2 and mailoutbox == []


def test_email_is_sent_only_after_commit(alice, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice(alice, email=True)
    assert mailoutbox == [] and len(business_callbacks(callbacks)) == 1


def test_a_failed_email_is_given_back_and_sent_by_a_rerun(alice, mailoutbox, monkeypatch,
                                                          django_capture_on_commit_callbacks):
    def refuse(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(services, "send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        notice(alice, email=True)
    assert Notification.objects.get().emailed_at is None
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        notice(alice, email=True)
        notice(alice, email=True)
    assert len(mailoutbox) == 1 and Notification.objects.count() == 1


def test_send_many_creates_the_new_ones_and_mails_one_digest_per_recipient(
        users, alice, mailoutbox, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    notice(alice, key="old")
    batch = [Notice(alice.pk, "test", f"提醒{i}", "", "/x/", f"k{i}") for i in range(5)]
    batch += [Notice(alice.pk, "test", "旧", "", "", "old"), Notice(users["reviewer_b"].pk, "test", "乙", "", "", "k0")]
    with django_capture_on_commit_callbacks(execute=True):
        with django_assert_max_num_queries(8):
            assert notification_send_many(batch, digest_subject="每日提醒") == 6
        assert notification_send_many(batch, digest_subject="每日提醒") == 0
    assert Notification.objects.count() == 7
    # reviewer_b has no address; alice gets one digest listing the five new notices (not the old one).
    assert len(mailoutbox) == 1 and mailoutbox[0].subject == "每日提醒"
    assert all(f"提醒{i}" in mailoutbox[0].body for i in range(5)) and "旧" not in mailoutbox[0].body


# --- the list page -----------------------------------------------------------------------------------

def test_list_shows_own_notifications_only_unread_first(login, users):
    read = notice(users["reviewer_a"], key="read")
    services.notification_mark_read(notification=read)
    notice(users["reviewer_a"], key="unread")
    notice(users["reviewer_b"], key="theirs")
    response = login(users["reviewer_a"]).get(LIST)
    assert response.status_code == 200
    titles = [n.title for n in response.context["page_obj"].object_list]
    assert titles == ["标题unread", "标题read"]
    assert "标题theirs" not in response.content.decode()


def test_list_is_paginated_and_query_count_does_not_grow(login, users, django_assert_max_num_queries):
    for i in range(45):
        notice(users["operator_a"], key=f"n{i}")
    client = login(users["operator_a"])
    with django_assert_max_num_queries(6):  # session, user, count, page, badge count
        response = client.get(LIST)
    assert len(response.context["page_obj"].object_list) == 20
    assert client.get(LIST, {"page": 3}).context["page_obj"].number == 3


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(READ_ALL).status_code == 302


# --- opening and marking read ------------------------------------------------------------------------

def test_opening_marks_read_and_goes_to_the_notice_page(login, users):
    notification = notice(users["reviewer_a"])
    response = login(users["reviewer_a"]).post(open_url(notification))
    assert response.status_code == 302 and response["Location"] == "/filings/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_goes_back_to_the_list_for_a_notice_without_a_portal_path(login, users):
    external = notice(users["reviewer_a"], key="ext", url="https://evil.example.com/")
    none = notice(users["reviewer_a"], key="none", url="")
    client = login(users["reviewer_a"])
    assert client.post(open_url(external))["Location"] == LIST
    assert client.post(open_url(none))["Location"] == LIST


def test_another_users_notification_cannot_be_opened_or_marked_read(login, users):
    theirs = notice(users["reviewer_b"])
    response = login(users["reviewer_a"]).post(open_url(theirs))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_needs_post(login, users):
    notification = notice(users["reviewer_a"])
    assert login(users["reviewer_a"]).get(open_url(notification)).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_marks_only_own(login, users):
    mine = [notice(users["reviewer_a"], key=f"m{i}") for i in range(3)]
    theirs = notice(users["reviewer_b"])
    response = login(users["reviewer_a"]).post(READ_ALL, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "已将 3 条通知标为已读" in response.content.decode()
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_all_read_leaves_no_old_count_for_a_page_read_meanwhile(login, users, monkeypatch):
    """A page of the same user rendered while the notices are being marked read (right after the count was
    forgotten) stores what it reads: it must read the notices already marked."""
    from django.core.cache import cache

    from notifications.context_processors import unread_cache_key

    user = users["reviewer_a"]
    for i in range(2):
        notice(user, key=f"r{i}")
    forget = services._forget_unread_counts

    def forget_then_a_page_reads(recipient_ids):
        forget(recipient_ids)
        cache.set(unread_cache_key(user.pk), Notification.objects.visible_to(user).unread().count())

    monkeypatch.setattr(services, "_forget_unread_counts", forget_then_a_page_reads)
    assert login(user).post(READ_ALL).status_code == 302
    assert cache.get(unread_cache_key(user.pk)) == 0


def test_read_only_viewers_may_mark_their_own_notices_read(login, users):
    notification = notice(users["viewer_a"])
    assert login(users["viewer_a"]).post(READ_ALL).status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("target", ["open", "read_all"])
def test_posts_without_csrf_token_are_refused(users, target):
    notification = notice(users["reviewer_a"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["reviewer_a"])
    url = open_url(notification) if target == "open" else READ_ALL
    assert client.post(url).status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None
    # The page's own forms carry the token.
    assert 'name="csrfmiddlewaretoken"' in client.get(LIST).content.decode()


# --- the navbar badge ----------------------------------------------------------------------------------

def test_badge_counts_unread_notices_on_every_page(login, users):
    for i in range(2):
        notice(users["reviewer_a"], key=f"b{i}")
    services.notification_mark_read(notification=notice(users["reviewer_a"], key="read"))
    notice(users["reviewer_b"], key="theirs")
    client = login(users["reviewer_a"])
    response = client.get(reverse("institutions:staff_list"))
    body = response.content.decode()
    assert response.context["unread_notifications_count"] == 2
    assert 'id="unread-badge"' in body and ">2<span" in body and reverse("notifications:list") in body
    client.post(READ_ALL)
    body = client.get(reverse("institutions:staff_list")).content.decode()
    assert 'id="unread-badge"' not in body and 'id="nav-notifications"' in body


def test_badge_shows_99_plus(login, users):
    Notification.objects.bulk_create([Notification(recipient=users["reviewer_a"], kind="t", title="t",
                                                   dedupe_key=f"k{i}") for i in range(120)])
    body = login(users["reviewer_a"]).get(reverse("institutions:staff_list")).content.decode()
    assert ">99+<span" in body


def test_anonymous_pages_have_no_bell(client, db):
    response = client.get(reverse("institutions:directory"))
    assert response.context["unread_notifications_count"] == 0
    assert 'id="nav-notifications"' not in response.content.decode()


def test_badge_count_is_cached_between_pages_and_forgotten_when_it_changes(
        login, users, django_capture_on_commit_callbacks):
    """One query less on every page of a signed-in user: the count is kept in the shared cache, and every change
    made through notifications.services (a new notice, one read, all read) makes the next page count again."""
    notice(users["reviewer_a"], key="first")
    client = login(users["reviewer_a"])
    url = reverse("institutions:staff_list")
    assert client.get(url).context["unread_notifications_count"] == 1
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).context["unread_notifications_count"] == 1
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"] and "read_at" in q["sql"]]
    assert counts == []  # the badge came from the cache
    with django_capture_on_commit_callbacks(execute=True):
        second = notice(users["reviewer_a"], key="second")
    assert client.get(url).context["unread_notifications_count"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_mark_read(notification=second)
    assert client.get(url).context["unread_notifications_count"] == 1
    notification_send_many([Notice(users["reviewer_a"].pk, "t", "t", "", "", "third")], email=False)
    assert client.get(url).context["unread_notifications_count"] == 2
    client.post(READ_ALL)
    assert client.get(url).context["unread_notifications_count"] == 0
