"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live_server.

Playwright never downloads a browser here (`playwright install` is not used): it launches
/usr/bin/chromium (or CHROMIUM_PATH). Mark every test `browser` and `django_db(transaction=True)`;
screenshots go to test-output/screenshots/.
"""
import os
from pathlib import Path

import pytest
from django.test import override_settings
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API keeps an event loop in this thread; Django would otherwise refuse the ORM
# calls that fixtures and tests make in between ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live_server, started with a MEDIA_URL that Django's live server can parse.

    settings.MEDIA_URL is None on purpose (private files have no public URL), but the live server
    wraps the site in a media-file handler that calls urlparse(MEDIA_URL) once, when it starts; a
    prefix that nothing links to keeps it out of the way without changing the settings of other tests.
    """
    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    with override_settings(MEDIA_URL="/__media-is-never-served-publicly__/"):
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A desktop page. Any Content-Security-Policy violation on it fails the test: the portal's policy allows
    no inline script, and every page must work under it."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def screenshot(page, request):
    """screenshot("name") saves a full-page PNG as test-output/screenshots/<name>.png and returns its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def _take(name: str | None = None) -> Path:
        path = SCREENSHOT_DIR / f"{name or request.node.name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take
