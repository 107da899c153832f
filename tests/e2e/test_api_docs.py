"""The API documentation (Swagger UI, vendored) renders under the portal's Content-Security-Policy."""
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_the_schema_without_policy_violations(live_server, page, screenshot):
    page.goto(live_server.url + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Tuoyu Portal API")
    expect(page.locator(".opblock").first).to_be_visible()
    screenshot("api-docs")
