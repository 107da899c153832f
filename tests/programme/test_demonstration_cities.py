"""Demonstration cities (issue 16 point 2): the city declares, its province recommends, the national level names it;
each level sets only its own step; the city's dashboard shows the status with the batch year; audited; scoped."""
import pytest

from accounts.models import AuditEvent
from programme.models import CityStatus, DemonstrationCity

pytestmark = pytest.mark.django_db

PAGE = "/programme/demonstration-cities/"


def set_status(client, status, region_code="1301", year=2025):
    return client.post(PAGE, {"region_code": region_code, "year": year, "status": status, "basis": "国卫办人口函"})


def test_declared_recommended_designated_each_by_its_level_and_shown_on_the_city_dashboard(client, users, regions):
    client.force_login(users["province_admin"])
    response = set_status(client, "declared")
    assert response.status_code == 400 and "城市本级管理员" in response.content.decode()
    client.force_login(users["city_admin"])
    assert set_status(client, "declared").status_code == 302
    assert set_status(client, "designated").status_code == 400  # not the city's step
    client.force_login(users["other_province_admin"])
    assert set_status(client, "recommended").status_code == 400  # another province's city
    client.force_login(users["province_admin"])
    assert set_status(client, "recommended").status_code == 302
    client.force_login(users["national_admin"])
    assert set_status(client, "designated").status_code == 302
    row = DemonstrationCity.objects.get()
    assert (row.region_id, row.year, row.status) == ("1301", 2025, CityStatus.DESIGNATED)
    assert AuditEvent.objects.filter(action="demonstration_city.set").count() == 3

    from stats.services import rollups_compute_year

    rollups_compute_year(year=2025)
    client.force_login(users["city_admin"])
    page = client.get("/stats/", {"region": "1301", "year": 2025}).content.decode()
    assert 'id="demonstration-city"' in page and "2025年批次" in page and "已命名" in page
    client.force_login(users["other_province_admin"])
    assert "1301" not in client.get(PAGE).content.decode().split('id="city-table"')[1]
    client.force_login(users["operator_a"])
    assert client.get(PAGE).status_code == 403


def test_the_api_sets_and_lists_in_scope(users, regions):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users["city_admin"])
    body = {"region_code": "1301", "year": 2025, "status": "declared"}
    assert api.post("/api/v1/demonstration-cities/", body, format="json").status_code == 201
    assert api.post("/api/v1/demonstration-cities/", {**body, "status": "designated"}, format="json") \
        .status_code == 409
    assert [row["status"] for row in api.get("/api/v1/demonstration-cities/").json()["results"]] == ["declared"]
    api.force_authenticate(users["other_province_admin"])
    assert api.get("/api/v1/demonstration-cities/").json()["results"] == []
    api.force_authenticate(users["operator_a"])
    assert api.get("/api/v1/demonstration-cities/").status_code == 403
