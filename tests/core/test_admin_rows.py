"""The admin changelist's rows written in one pass (core/templatetags/admin_rows.py, issue 12 point 14) are the
very HTML Django's own `{% result_list %}` writes, for every kind of column it handles (text, choices, a foreign key,
numbers, dates and times, booleans, empty values), and any changelist it does not handle gets Django's rows."""
import datetime
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import Holiday
from core.templatetags import admin_rows
from core.templatetags.admin_rows import _columns
from institutions.models import Institution
from notifications.models import Notification
from regions.models import RegionPopulation
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db

DJANGO = Template("{% load admin_list %}{% result_list cl %}")
FAST = Template("{% load admin_rows %}{% fast_result_list cl %}")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def both(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    cl = response.context["cl"]
    context = {"cl": cl, "opts": cl.opts}
    return DJANGO.render(Context(context)), FAST.render(Context(context)), response.content.decode(), cl


@pytest.mark.parametrize("query", ["", "?o=-3.1", "?filing_state__exact=filed", "?q=托育"])
def test_the_institution_list_is_written_as_django_writes_it(admin_client, regions, query):
    InstitutionFactory(name="长安区<阳光>托育园 & 家", region=regions["county_a"], filing_number="")
    InstitutionFactory(name="桥西区童心托育", region=regions["county_b"], star_rating=4)
    InstitutionFactory(name="汶上县托育", region=regions["other_county"], filing_number="370830-2024-00001")
    django, fast, page, cl = both(admin_client, reverse("admin:institutions_institution_changelist") + query)
    assert _columns(cl) is not None  # written here, not by Django
    assert fast == django and "<tbody>" in fast
    assert fast in page  # the page itself is written with them
    institution = Institution.objects.order_by("pk").first()
    if not query:
        assert f'href="/admin/institutions/institution/{institution.pk}/change/"' in fast
        assert "长安区&lt;阳光&gt;托育园 &amp; 家" in fast and 'class="field-region nowrap"' in fast


def test_dates_times_booleans_and_empty_values_are_written_as_django_writes_them(admin_client, users, regions):
    RegionPopulation.objects.create(region=regions["county_a"], year=2025, population=1234567)
    for day, workday in ((datetime.date(2026, 10, 1), False), (datetime.date(2026, 10, 11), True)):
        Holiday.objects.create(date=day, name="国庆节" if not workday else "调休上班", is_workday=workday)
    Notification.objects.create(recipient=users["admin_a"], kind="filing.submitted",
                                title="提醒 <b>", read_at=timezone.now())
    Notification.objects.create(recipient=users["admin_b"], kind="filing.submitted",
                                title="另一条")
    for url in ("admin:core_holiday_changelist", "admin:notifications_notification_changelist",
                "admin:accounts_user_changelist",
                "admin:regions_regionpopulation_changelist"):
        django, fast, _page, cl = both(admin_client, reverse(url))
        assert _columns(cl) is not None and django.count("<tr>") >= 2, url
        assert fast == django, url


def test_a_changelist_it_does_not_handle_gets_djangos_rows(admin_client, users):
    TOTPDevice.objects.create(user=users["admin_a"], name="authenticator", confirmed=True)
    for url in ("admin:auth_group_changelist",  # list_display: __str__
                "admin:regions_region_changelist",  # its code is the primary key
                "admin:otp_totp_totpdevice_changelist",  # a method of the model admin
                "admin:filings_filing_changelist"):  # the implicit id column
        django, fast, _page, cl = both(admin_client, reverse(url))
        assert _columns(cl) is None and fast == django, url



CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.mark.parametrize("query", ["", "?p=7", "?p=15", "?o=-3.1", "?o=2.-1&p=2", "?filing_state__exact=filed",
                                   "?inclusive__exact=1&operating_model__exact=community", "?q=托育&p=2",
                                   "?q=没有这个机构", "?_facets=True", "?all="])
def test_the_whole_changelist_page_is_written_as_django_writes_it(admin_client, regions, monkeypatch, query):
    """The large list's page (admin/fast_change_list.html: table, pagination and filters written in one pass) is
    byte for byte the page Django's admin/change_list.html writes: every page of an elided page range, sorting
    on several columns, filters chosen, facets, a search with no result, "show all"."""
    from institutions.admin import InstitutionAdmin

    for i in range(29):
        InstitutionFactory(name=f"托育{i:02d} <&>", region=regions["county_a"] if i % 3 else regions["county_b"],
                           inclusive=bool(i % 2), star_rating=(i % 5) + 1 if i % 4 else None)
    InstitutionFactory(name="其他", region=regions["other_county"], filing_number="")
    monkeypatch.setattr(InstitutionAdmin, "list_per_page", 2)  # 15 pages: the range is elided
    url = reverse("admin:institutions_institution_changelist") + query

    def page(template_name):
        monkeypatch.setattr(InstitutionAdmin, "change_list_template", template_name)
        response = admin_client.get(url)
        assert response.status_code == 200
        return CSRF.sub("csrf", response.content.decode())

    written = []  # what was written here rather than by Django's templates
    for name in ("_result_list_html", "_filter_html", "_pagination_html"):
        original = getattr(admin_rows, name)
        monkeypatch.setattr(admin_rows, name, lambda *args, _o=original, _n=name: written.append(_n) or _o(*args))
    fast = page("admin/fast_change_list.html")
    assert {"_result_list_html", "_filter_html", "_pagination_html"} <= set(written)
    django = page("admin/change_list.html")
    assert fast == django
    if query == "?p=7":
        assert '<span class="this-page">7</span>' in fast and "…" in fast
    if query == "?o=-3.1":
        assert 'class="sortpriority"' in fast
    if query == "?filing_state__exact=filed":
        assert '<li class="selected">' in fast


def test_the_memoized_header_and_head_follow_the_language_the_user_and_the_request_s_csrf_token(client, regions):
    """admin/fast_change_list.html renders its header, head and breadcrumbs once per process for what they show
    ({% memo %}, core/templatetags/fragment_memo.py): another language, another user's name, and every request's
    own CSRF token (the logout form's is the page's, not the first request's)."""
    from django.middleware.csrf import _unmask_cipher_token

    url = reverse("admin:institutions_institution_changelist")
    InstitutionFactory(region=regions["county_a"])
    first = UserFactory(username="root-one", first_name="甲", is_staff=True, is_superuser=True)
    second = UserFactory(username="root-two", first_name="乙", is_staff=True, is_superuser=True)
    pages = {}
    for user in (first, second, first):
        client.force_login(user)
        for language in ("zh-hans", "en", "zh-hans"):
            html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
            tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
            assert len(tokens) == 2 and tokens[0] == tokens[1]  # the logout form's and the changelist form's
            secret = _unmask_cipher_token(tokens[0])
            assert secret == client.cookies["csrftoken"].value  # valid for this client's cookie
            pages.setdefault((user.username, language), []).append((html, tokens[0]))
            welcome = html.split('id="user-tools"')[1].split("</strong>")[0]
            assert f"<strong>{user.first_name}</strong>" in welcome + "</strong>"
            tools = html.split('id="user-tools"')[1].split("</div>")[0]
            crumbs = html.split('class="breadcrumbs"')[1].split("</div>")[0]
            head = html.split("</head>")[0]
            english = language == "en"
            assert ("Log out" in tools) == english and ("注销" in tools) != english
            assert ("Home" in crumbs) == english and ("首页" in crumbs) != english
            assert "admin/css/changelists.css" in head and "Django" not in head
    again = pages[("root-one", "zh-hans")]
    assert len(again) == 4 and len({token for _html, token in again}) == 4  # a new token each request
    assert len({CSRF.sub("csrf", html) for html, _token in again}) == 1  # the same page otherwise
