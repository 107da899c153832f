"""NUL characters and over-deep JSON answer 400 with a message, never a server error (issue 12 point 9)."""
import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.middleware import MSG_NUL
from core.parsers import MSG_TOO_DEEP
from filings.models import Filing

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_a_wizard_field_is_refused_and_nothing_is_stored(client, users):
    from filings.services import filing_start_new

    filing = filing_start_new(by=users["operator_a"])
    client.force_login(users["operator_a"])
    response = client.post(f"/filings/{filing.pk}/edit/entity/", {"name": "阳光\x00托育", "credit_code": "x"})
    assert response.status_code == 400 and str(MSG_NUL) in response.content.decode()
    assert "entity" not in Filing.objects.get(pk=filing.pk).data


def test_a_nul_in_a_query_or_json_body_is_refused(users):
    api = APIClient()
    api.force_authenticate(users["province_admin"])
    assert api.get("/api/v1/institutions/", {"q": "a\x00b"}).status_code == 400
    response = api.post("/api/v1/complaints/", data='{"description": "x\\u0000y"}', content_type="application/json")
    assert response.status_code == 400 and response.json() == {"detail": MSG_NUL}


def test_json_nested_100000_levels_on_the_public_complaint_api_is_a_400(institutions):
    body = "[" * 100_000 + "]" * 100_000
    response = Client().post("/api/v1/complaints/public/", data=body, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"] == MSG_TOO_DEEP


def test_ordinary_nested_json_still_parses(users):
    api = APIClient()
    api.force_authenticate(users["reviewer_a"])
    body = {"reason": "材料不全", "comments": {"entity.name": "名称与执照不一致"}}
    response = api.post("/api/v1/filings/999999/return/", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 404  # parsed; the filing does not exist
