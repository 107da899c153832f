"""Error answers: JSON with a detail under /api/, the portal's own page elsewhere; ids out of range are 400."""
import pytest
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_unknown_api_path_answers_json_404(users):
    for path in ("/api/v1/filings/not-a-number/", "/api/v1/inspections/null,null/", "/api/v1/nothing/"):
        response = api(users["province_admin"]).get(path)
        assert response.status_code == 404 and response["Content-Type"] == "application/json", path
        assert response.json()["detail"]


def test_an_unknown_page_is_the_portals_404_in_the_users_language(users):
    client = Client()
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "您访问的页面不存在" in response.content.decode()
    client.cookies["django_language"] = "en"
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and 'id="error-title"' in response.content.decode()


@pytest.mark.parametrize("path", ["/api/v1/inspections/", "/api/v1/rectifications/"])
def test_an_id_filter_beyond_a_bigint_is_refused_not_a_server_error(users, path):
    response = api(users["province_admin"]).get(path, {"institution": "-2.9715056375765986e+278"})
    assert response.status_code == 400
    assert api(users["province_admin"]).get(path, {"institution": str(2**63)}).status_code == 400


def test_a_visit_without_a_grade_has_a_null_grade_as_documented(users, institutions, checklists):
    from inspections import services

    visit = services.visit_start(institution=institutions["a"], type="fire", by=users["inspector_a"])
    row = api(users["province_admin"]).get(f"/api/v1/inspections/{visit.pk}/").json()
    assert row["grade"] is None


def test_every_operation_documents_its_error_answers():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"404", "429"} <= set(operation["responses"]), (method, path)
