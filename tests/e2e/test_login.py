"""Smoke test in a real browser: the log-in page renders and a user lands on their work page."""
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from tests.conftest import PASSWORD
from tests.factories import UserFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reviewer_logs_in_and_sees_their_name_in_the_navbar(live_server, page, screenshot):
    region("13", "河北省"), region("1301", "石家庄市")
    UserFactory(username="reviewer_e2e", role=Role.REVIEWER, region=region("130102", "长安区"))

    page.goto(live_server.url + reverse("accounts:login"))
    expect(page.locator("h1")).to_have_text("登录")
    screenshot("login-page")

    page.fill("#id_username", "reviewer_e2e")
    page.fill("#id_password", PASSWORD)
    page.locator("main form").get_by_role("button", name="登录").click()

    page.wait_for_url(re.compile(re.escape(reverse("institutions:staff_list")) + "$"))
    expect(page.locator("nav.navbar")).to_contain_text("reviewer_e2e")
    screenshot("after-login")


def test_wrong_password_stays_on_the_login_page_with_an_explanation(live_server, page):
    UserFactory(username="viewer_e2e", role=Role.VIEWER)

    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("#id_username", "viewer_e2e")
    page.fill("#id_password", "wrong-password")
    page.locator("main form").get_by_role("button", name="登录").click()

    expect(page.locator(".alert-danger")).to_contain_text("请输入一个正确的用户名和密码")
    assert page.url.startswith(live_server.url + reverse("accounts:login"))
