"""Steps that many browser tests take."""
from django.urls import reverse

from tests.conftest import PASSWORD


def log_in(page, live_server, username: str) -> None:
    """Sign `username` in through the login page (signing out whoever was signed in)."""
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form").get_by_role("button", name="登录").click()
    page.wait_for_load_state()
