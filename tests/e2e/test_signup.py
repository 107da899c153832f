"""A new nursery operator signs up in a browser with a text-message code (the console backend prints it), files
the nursery through the wizard, and the county reviewer approves it (issue 15 acceptance)."""
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role, User
from filings.models import Filing, FilingStatus
from tests.factories import UserFactory, region

from .test_filing_flow import file_through_the_wizard, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_operator_signs_up_files_and_is_approved(live_server, page, screenshot, settings, capsys, tmp_path):
    settings.SMS_BACKEND = "accounts.sms.ConsoleBackend"
    region("13", "河北省"), region("1301", "石家庄市"), region("130104", "桥西区")
    UserFactory(username="rv_signup", role=Role.REVIEWER, region=region("130102", "长安区"))

    page.goto(live_server.url + reverse("accounts:login"))
    page.click("#signup-link")
    page.fill("#id_phone", "13800138000")
    page.fill("#id_display_name", "李娜")
    page.click("#send-code")
    expect(page.locator(".alert-success")).to_contain_text("验证码已发送")
    expect(page.locator("#id_display_name")).to_have_value("李娜")
    code = re.search(r"\[SMS to 13800138000\] .*?(\d{6})", capsys.readouterr().out).group(1)
    page.fill("#id_code", code)
    page.fill("#id_password1", "Nursery-2026")
    page.fill("#id_password2", "Nursery-2026")
    page.check("#id_agree")
    screenshot("signup")
    page.click("#signup-submit")
    expect(page.locator(".alert-success")).to_contain_text("注册成功")
    operator = User.objects.get(username="13800138000")
    assert operator.role == Role.OPERATOR and operator.display_name == "李娜"

    file_through_the_wizard(page, live_server, tmp_path, credit_code=515151)
    filing = Filing.objects.get(created_by=operator)
    assert filing.status == FilingStatus.SUBMITTED

    log_in(page, live_server, "rv_signup")
    page.goto(live_server.url + reverse("filings:detail", args=[filing.pk]))
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#approve-button")
    expect(page.locator("#filing-number")).to_contain_text("130102-")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.APPROVED and filing.institution.operators.filter(pk=operator.pk).exists()


def test_the_account_pages_fit_a_phone(live_server, page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    for name, url in (("login", reverse("accounts:login")), ("signup", reverse("accounts:signup")),
                      ("reset", reverse("accounts:password_reset"))):
        page.goto(live_server.url + url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on a phone"
        screenshot(f"phone-{name}")
