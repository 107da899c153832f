"""The institution lists' filter bar is a cached fragment (templates/institutions/_filter_form.html, the "fragments"
cache in process memory; issue 12 point 14): whatever was rendered before in the same process, each request shows
its own search term, its own choices, its own user's region picker, language and region names."""
import pytest

from regions.models import Region

pytestmark = pytest.mark.django_db

DIRECTORY, STAFF = "/directory/", "/institutions/"


def bar(client, url, language="zh-hans"):
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return html.split('id="filter-form"')[1].split("</form>")[0]


def test_each_request_shows_its_own_search_and_choices(client, institutions):
    first = bar(client, DIRECTORY + "?q=阳光&nature=for_profit")
    assert 'value="阳光"' in first and '<option value="for_profit" selected>' in first
    second = bar(client, DIRECTORY + "?q=童心&nature=for_profit")  # the same bar but the search term
    assert 'value="童心"' in second and 'value="阳光"' not in second
    assert second.replace("童心", "阳光") == first
    third = bar(client, DIRECTORY + "?q=童心&nature=non_profit")
    assert '<option value="non_profit" selected>' in third and '<option value="for_profit" selected>' not in third
    assert bar(client, DIRECTORY + "?q=童心&nature=for_profit&page=2") == second  # the page number is not in it
    sorted_by_name = bar(client, DIRECTORY + "?q=童心&nature=for_profit&sort=name")
    assert '<option value="name" selected>' in sorted_by_name


def test_an_invalid_choice_shows_its_error_and_a_valid_one_does_not(client, institutions):
    assert "invalid" not in bar(client, DIRECTORY + "?star_rating=3").lower()
    wrong = bar(client, DIRECTORY + "?star_rating=9")
    assert "9" in wrong and ("errorlist" in wrong or "invalid" in wrong.lower())
    assert "errorlist" not in bar(client, DIRECTORY + "?star_rating=3")


def test_the_region_picker_starts_at_each_users_own_region(client, users, institutions):
    client.force_login(users["province_admin"])
    province = bar(client, STAFF)
    assert 'name="region_city"' in province and 'name="region_province"' not in province
    client.force_login(users["admin_a"])
    county = bar(client, STAFF)
    assert 'name="region_township"' in county and 'name="region_city"' not in county
    client.force_login(users["province_admin"])
    assert bar(client, STAFF) == province


def test_the_language_and_a_renamed_region_show_at_once(client, institutions):
    chinese = bar(client, DIRECTORY + "?region=1301")
    english = bar(client, DIRECTORY + "?region=1301", language="en")
    assert "查询" in chinese and "查询" not in english and "Search" in english
    assert "石家庄市" in chinese
    city = Region.objects.get(code="1301")
    city.name = "石家庄市（新）"
    city.save()
    assert "石家庄市（新）" in bar(client, DIRECTORY + "?region=1301")
