"""Two-factor log-in (issue 15 point 5): required for admins and reviewers, who are sent to set it up and reach no
other page before; a code of the authenticator or a recovery code (once) at each log-in; optional for the other
roles; an admin of the user's region resets it (audited), another region's admin cannot (404)."""
import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SETUP, VERIFY = "/accounts/2fa/setup/", "/accounts/2fa/verify/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.OTP_REQUIRED_ROLES = ["admin", "reviewer"]


def log_in(client, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def code_of(device) -> str:
    """The code the user's authenticator app shows now."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def waited(user) -> None:
    """django-otp makes the next try after a wrong code wait a second (doubling each time): the user waited."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def set_up(client, user) -> list[str]:
    page = client.get(SETUP)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(SETUP, {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    waited(user)
    done = client.post(SETUP, {"code": code_of(device)})
    assert done.status_code == 200
    codes = [line.strip() for line in done.content.decode().split('<li class="list-group-item">')[1:]]
    return [code.split("<")[0] for code in codes]


def test_an_admin_without_a_second_factor_reaches_no_page_before_setting_it_up(client, users):
    admin = users["admin_a"]
    log_in(client, "admin_a")
    for url in (reverse("accounts:audit_log"), reverse("imports:list"), reverse("filings:list"), "/standards/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(SETUP), url
    api = client.get("/api/v1/filings/")
    assert api.status_code == 403 and "二次验证" in api.json()["detail"]
    codes = set_up(client, admin)
    assert len(codes) == 10
    assert client.get(reverse("accounts:audit_log")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.2fa_enable", actor=admin).exists()

    # The next log-in asks for a code; a recovery code works once.
    client.post(reverse("accounts:logout"))
    log_in(client, "admin_a")
    assert client.get(reverse("accounts:audit_log")).url.startswith(VERIFY)
    assert client.post(VERIFY, {"code": "12345678"}).status_code == 400
    assert AuditEvent.objects.filter(action="auth.2fa_failed", actor=admin).count() == 1
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 400  # too soon after a wrong code
    waited(admin)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert client.get(reverse("accounts:audit_log")).status_code == 200
    client.post(reverse("accounts:logout"))
    log_in(client, "admin_a")
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 400  # used up
    device = TOTPDevice.objects.get(user=admin, confirmed=True)
    device.last_t = -1  # the code of this 30-second step was used at set-up: accept the next log-in's code
    device.throttling_failure_count = 0
    device.save()
    assert client.post(VERIFY, {"code": code_of(device)}).status_code == 302
    assert client.get(reverse("accounts:audit_log")).status_code == 200


def test_other_roles_may_turn_it_on_and_then_must_give_it(client, users):
    inspector = users["inspector_a"]
    log_in(client, "inspector_a")
    assert client.get(reverse("inspections:home")).status_code == 200  # optional
    page = client.get(reverse("accounts:two_factor"))
    assert "未启用" in page.content.decode()
    set_up(client, inspector)
    client.post(reverse("accounts:logout"))
    log_in(client, "inspector_a")
    assert client.get(reverse("inspections:home")).url.startswith(VERIFY)
    # An optional second factor can be turned off again (a required one cannot).
    device = TOTPDevice.objects.get(user=inspector)
    device.last_t = -1
    device.save()
    client.post(VERIFY, {"code": code_of(device)})
    client.post(reverse("accounts:two_factor"), {"action": "off"})
    assert not TOTPDevice.objects.filter(user=inspector).exists()


def test_an_admin_of_the_users_region_resets_it_and_another_regions_admin_cannot(client, users):
    reviewer = users["reviewer_a"]
    TOTPDevice.objects.create(user=reviewer, name="authenticator", confirmed=True)
    for admin, status in (("admin_b", 404), ("admin_a", 302)):
        user = users[admin]
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        response = client.post(reverse("accounts:lockouts"), {"action": "reset_2fa", "username": "reviewer_a"})
        assert response.status_code == status, admin
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    event = AuditEvent.objects.get(action="auth.2fa_reset")
    assert event.actor == users["admin_a"] and event.before == {"devices": 1} and event.region_code == "130102"
    # Without a device, the reviewer sets a new one up at the next log-in.
    client.post(reverse("accounts:logout"))
    log_in(client, "reviewer_a")
    assert client.get(reverse("filings:list")).url.startswith(SETUP)


def test_a_password_alone_cannot_replace_an_existing_second_factor(client, users):
    """With a stolen password, setting up a new authenticator would bypass the old one: refused."""
    admin = users["admin_a"]
    TOTPDevice.objects.create(user=admin, name="authenticator", confirmed=True)
    log_in(client, "admin_a")
    response = client.get(SETUP)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert client.post(SETUP, {"code": "123456"}).url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=admin).count() == 1
    assert client.get(reverse("accounts:audit_log")).url.startswith(VERIFY)
