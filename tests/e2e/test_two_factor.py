"""An admin signs in, is sent to set up the authenticator (a QR code and the key), enters its code, keeps the
recovery codes and reaches the audit log; the next log-in asks for a code."""
import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import Role
from tests.factories import UserFactory, region

from .test_filing_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def current_code(device) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def test_an_admin_sets_up_two_factor_log_in(live_server, page, screenshot, settings):
    settings.OTP_REQUIRED_ROLES = ["admin", "reviewer"]
    admin = UserFactory(username="county_admin", role=Role.ADMIN, region=region("130102", "长安区"))
    log_in(page, live_server, "county_admin")
    page.goto(live_server.url + "/accounts/audit/")
    expect(page.locator("h1")).to_have_text("启用二次验证")
    expect(page.locator("#totp-qr svg")).to_be_visible()
    screenshot("two-factor-setup")
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    page.fill("#id_code", current_code(device))
    page.click("#totp-confirm")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    screenshot("two-factor-codes")
    page.click("#codes-done")
    page.goto(live_server.url + "/accounts/audit/")
    expect(page.locator("h1")).to_contain_text("审计日志")
    # Signed out and in again: the code is asked for.
    log_in(page, live_server, "county_admin")
    page.goto(live_server.url + "/accounts/audit/")
    expect(page.locator("h1")).to_have_text("二次验证")
    screenshot("two-factor-verify")
