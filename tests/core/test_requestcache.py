"""A signed-in session's request reads its cached user, authenticator and unread-notice count in one round trip
to the shared cache (core/requestcache.py, core.middleware.PrefetchMiddleware, issue 12 point 14); a value read
then is handed out once, never after a change made by the request itself, and never to another request."""
import pytest
from django.core.cache import caches

from accounts import authcache
from core import requestcache
from notifications.context_processors import unread_cache_key
from notifications.models import Notification
from notifications.services import forget_unread_keys
from tests.accounts.test_authcache import PAGE, markers_expired, required, verified  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_calls(monkeypatch):
    """Every get and get_many of the default cache: (method, keys)."""
    backend = caches["default"]
    calls, inside = [], []
    for name in ("get", "get_many"):
        original = getattr(backend, name)

        def spy(keys, *args, _original=original, _name=name, **kwargs):
            if not inside:  # not the gets of locmem's own get_many
                calls.append((_name, [keys] if isinstance(keys, str) else list(keys)))
            inside.append(_name)
            try:
                return _original(keys, *args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(backend, name, spy)
    return calls


def test_a_signed_in_page_reads_its_user_authenticator_and_badge_in_one_round_trip(client, users, cache_calls):
    user = users["admin_a"]
    device = verified(client, user)
    markers_expired(user)
    assert client.get(PAGE).status_code == 200  # stores the user, the authenticator and the count
    cache_calls.clear()
    page = client.get(PAGE)
    assert page.status_code == 200 and "长安区管辖范围内" in page.content.decode()
    wanted = {authcache._user_key(user.pk), authcache._device_key(device.persistent_id), unread_cache_key(user.pk)}
    prefetches = [keys for method, keys in cache_calls if method == "get_many" and wanted & set(keys)]
    assert len(prefetches) == 1 and set(prefetches[0]) == wanted
    assert not [keys for method, keys in cache_calls if method == "get" and wanted & set(keys)]
    assert requestcache.take(unread_cache_key(user.pk)) is requestcache.MISSING  # nothing left after the request


def test_the_badge_counts_a_notice_after_the_prefetch(client, users):
    """The count prefetched at the start is not shown once a change of this request has forgotten it."""
    user = users["admin_a"]
    verified(client, user)
    client.get(PAGE)
    key = unread_cache_key(user.pk)
    token = requestcache.begin([key])
    try:
        assert requestcache.take(key) is not requestcache.MISSING
        requestcache.end(token)
        token = requestcache.begin([key])
        Notification.objects.create(recipient=user, kind="filing.submitted", title="新的通知")
        forget_unread_keys([key])  # what notifications.services does on a change
        assert requestcache.take(key) is requestcache.MISSING
        assert requestcache.get(key) is None  # read from the cache, where the count is gone
    finally:
        requestcache.end(token)


def test_a_prefetched_value_is_handed_out_once_and_a_changed_user_not_at_all(users):
    user = users["admin_a"]
    key = authcache._user_key(user.pk)
    caches["default"].set(key, "stale")
    token = requestcache.begin([key, "absent"])
    try:
        assert requestcache.take("absent") is None  # read, and not in the cache
        assert requestcache.take("absent") is requestcache.MISSING  # once
        authcache.forget_users([user.pk])  # a save of the user in this request
        assert requestcache.take(key) is requestcache.MISSING
        assert authcache.user(user.pk) == user  # from the database, not the value prefetched before the change
    finally:
        requestcache.end(token)
    assert requestcache.take(key) is requestcache.MISSING
