"""The signed-in user and the session's authenticator are read from the shared cache (accounts.authcache, issue 12
point 14): once cached, a signed-in page reads neither from the database, and every way of changing them (a save,
an UPDATE through the manager, a device removed) takes effect on the very next request."""
import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import authcache
from accounts.models import Role, User
from tests.accounts.helpers import sign_in_verified

pytestmark = pytest.mark.django_db

PAGE = "/institutions/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.OTP_REQUIRED_ROLES = ["admin", "reviewer"]


def verified(client, user) -> TOTPDevice:
    """A session of `user` that has given the code of its authenticator."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    sign_in_verified(client, user, device)
    return device


def markers_expired(user) -> None:
    """MARKER_SECONDS after the last change of the user (the log-in writes its last_login): its marker is gone."""
    assert cache.get(authcache._user_key(user.pk)) == authcache.MARKER
    cache.delete(authcache._user_key(user.pk))


def reads(client, path=PAGE):
    """The response, and how many times the request read the signed-in user and an authenticator."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    sql = [query["sql"] for query in queries.captured_queries]
    users = sum('FROM "accounts_user" INNER JOIN' in s or 'FROM "accounts_user" LEFT OUTER JOIN' in s for s in sql)
    devices = sum('FROM "otp_totp_totpdevice"' in s for s in sql)
    return response, users, devices


def test_a_signed_in_page_reads_the_user_and_the_authenticator_once(client, users):
    verified(client, users["admin_a"])
    just_logged_in, user_reads, device_reads = reads(client)
    assert just_logged_in.status_code == 200 and (user_reads, device_reads) == (1, 1)
    markers_expired(users["admin_a"])
    first, user_reads, device_reads = reads(client)
    assert first.status_code == 200 and (user_reads, device_reads) == (1, 0)
    again, user_reads, device_reads = reads(client)
    assert again.status_code == 200 and (user_reads, device_reads) == (0, 0)
    assert "长安区管辖范围内" in again.content.decode()


@pytest.mark.parametrize("how", ["save", "update"])
def test_a_deactivated_user_is_signed_out_on_the_next_request(client, users, how):
    admin = users["admin_a"]
    verified(client, admin)
    assert client.get(PAGE).status_code == 200
    if how == "save":
        admin.is_active = False
        admin.save()
    else:
        assert User.objects.filter(pk=admin.pk).update(is_active=False) == 1
    response = client.get(PAGE)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_new_region_or_role_shows_on_the_next_request(client, users, regions):
    admin = users["admin_a"]
    verified(client, admin)
    assert "长安区管辖范围内" in client.get(PAGE).content.decode()
    User.objects.filter(pk=admin.pk).update(region=regions["county_b"])
    assert "桥西区管辖范围内" in client.get(PAGE).content.decode()
    admin.refresh_from_db()
    admin.role = Role.OPERATOR
    admin.region = None
    admin.save()
    assert "您负责的托育机构" in client.get(PAGE).content.decode()


def test_a_removed_authenticator_no_longer_verifies_the_session(client, users):
    device = verified(client, users["admin_a"])
    assert client.get(PAGE).status_code == 200
    device.delete()
    response = client.get(PAGE)
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/")


def test_an_unconfirmed_authenticator_verifies_nothing(client, users):
    device = verified(client, users["admin_a"])
    assert client.get(PAGE).status_code == 200
    device.confirmed = False
    device.save()
    assert client.get(PAGE).status_code == 302


def test_a_reader_of_the_old_row_cannot_store_it_after_a_change(users):
    """The race: a request reads the user, a change of the user commits before that request stores what it read."""
    admin = users["admin_a"]
    key = authcache._user_key(admin.pk)

    def read_then_changed_elsewhere():
        old = User.objects.select_related("region").get(pk=admin.pk)
        User.objects.filter(pk=admin.pk).update(is_active=False)  # another process's change, committed
        return old

    assert authcache._read(key, read_then_changed_elsewhere).is_active  # this request saw the old row...
    assert not authcache.user(admin.pk).is_active  # ...and the next one sees the change
    assert cache.get(key) == authcache.MARKER


def test_nothing_read_inside_a_transaction_is_stored(users):
    admin = users["admin_a"]
    admin.save()
    markers_expired(admin)
    with transaction.atomic():
        assert authcache.user(admin.pk) == admin
    assert cache.get(authcache._user_key(admin.pk)) is None
    assert authcache.user(admin.pk) == admin
    assert cache.get(authcache._user_key(admin.pk)) == admin


def test_an_unknown_user_or_device_is_none(users):
    assert authcache.user(10**9) is None
    assert authcache.device("otp_totp.totpdevice/999999") is None
    assert authcache.device("no such thing") is None
    assert cache.get(authcache._device_key("otp_totp.totpdevice/999999")) is None
