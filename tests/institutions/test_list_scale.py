"""List pages at national scale (issue 12, point 14): the scope is one range condition an index serves in
order, counts of large results are cached for a minute, the admin counts once, name searches have trigram
indexes on PostgreSQL, the queue leaves the wizard data in the database."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import pagination
from core.pagination import CountCachingPaginator
from filings.models import Filing, FilingStatus
from institutions.models import Institution
from regions.scope import code_prefix_q, prefix_successor
from tests.factories import InstitutionFactory, UserFactory, region

LIST = reverse("institutions:staff_list")


@pytest.mark.parametrize("code, expected", [
    ("13", "14"), ("1301", "1302"), ("130102", "130103"), ("1399", "14"), ("139", "14"), ("19", "2"),
    ("99", None), ("9", None), ("130102009", "13010201"),
])
def test_the_successor_of_a_code_prefix(code, expected):
    assert prefix_successor(code) == expected


@pytest.mark.django_db
def test_a_code_range_selects_exactly_the_codes_that_start_with_the_prefix():
    codes = ["13", "1301", "130102", "130102001", "1399", "139901", "14", "1401", "12", "99", "9901", "990102"]
    for code in codes:
        region(code)
    from regions.models import Region

    for prefix in ["13", "1301", "130102", "1399", "139901", "99", "9901", "1", "9"]:
        got = set(Region.objects.filter(code_prefix_q("code", prefix)).values_list("code", flat=True))
        assert got == {code for code in codes if code.startswith(prefix)}, prefix


def page_query(queries) -> str:
    return next(q["sql"] for q in queries if "LIMIT" in q["sql"] and "institutions_institution" in q["sql"]
                and "COUNT(" not in q["sql"])


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?page=1", "?region=130102&nature=for_profit"])
def test_the_staff_list_filters_its_scope_once_as_a_range(login, users, institutions, query):
    client = login(users["reviewer_a"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST + query)
    assert response.status_code == 200
    assert {i.name for i in response.context["page_obj"].object_list} <= {"长安区阳光托育园"}
    sql = page_query(queries.captured_queries)
    assert sql.count('"region_id" >=') == 1 and "LIKE" not in sql  # was: region_id LIKE '13%' twice


@pytest.mark.django_db
def test_a_region_chosen_below_the_scope_still_narrows_the_list(login, users, institutions):
    client = login(users["city_admin"])
    names = {i.name for i in client.get(LIST + "?region=130104").context["page_obj"].object_list}
    assert names == {"桥西区童心托育中心"}
    names = {i.name for i in client.get(LIST + "?region=1301").context["page_obj"].object_list}
    assert names == {"长安区阳光托育园", "桥西区童心托育中心"}


@pytest.mark.django_db
def test_a_large_count_is_cached_for_a_minute_and_a_small_one_is_always_exact(
        regions, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(pagination, "CACHE_FROM", 3)
    for _ in range(3):
        InstitutionFactory(region=regions["county_a"])
    InstitutionFactory(region=regions["county_b"])
    county_a = Institution.objects.in_region("130102").order_by("id")
    with django_assert_num_queries(1):
        assert CountCachingPaginator(county_a, 20).count == 3
    InstitutionFactory(region=regions["county_a"])
    with django_assert_num_queries(0):
        assert CountCachingPaginator(county_a, 20).count == 3  # cached: at most a minute old
    # Another scope or filter is another query, with its own count.
    with django_assert_num_queries(1):
        assert CountCachingPaginator(Institution.objects.in_region("130104").order_by("id"), 20).count == 1
    with django_assert_num_queries(1):  # below CACHE_FROM: counted every time
        assert CountCachingPaginator(Institution.objects.in_region("130104").order_by("id"), 20).count == 1
    assert CountCachingPaginator(Institution.objects.none(), 20).count == 0
    assert CountCachingPaginator([1, 2, 3], 2).count == 3


@pytest.mark.django_db
def test_the_admin_list_counts_once_and_searches_name_code_and_number(client, regions, django_assert_max_num_queries):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    for i in range(60):
        InstitutionFactory(region=regions["county_a"], name=f"长安托育{i:03d}")
    InstitutionFactory(region=regions["county_b"], name="桥西童心", filing_number="130104-2024-00007")
    client.force_login(admin)
    url = reverse("admin:institutions_institution_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 20  # 20 a page
    assert sum("COUNT(" in q["sql"] for q in queries.captured_queries) == 1  # no second count of the table
    with django_assert_max_num_queries(6):
        response = client.get(url, {"q": "130104-2024"})
    assert [i.name for i in response.context["cl"].result_list] == ["桥西童心"]
    # A search of less than a page: its rows, read once, are its count.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": "桥西"})
    institution_reads = [q["sql"] for q in queries.captured_queries if 'FROM "institutions_institution"' in q["sql"]]
    assert len(institution_reads) == 1 and "COUNT(" not in institution_reads[0]
    assert response.context["cl"].result_count == 1
    later = client.get(url, {"p": 4})  # 61 rows, 20 a page
    assert later.context["cl"].result_count == 61 and len(later.context["cl"].result_list) == 1


@pytest.mark.django_db
def test_the_admin_list_shows_regions_from_the_cache_without_joining_them(client, regions,
                                                                           django_assert_max_num_queries):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    for i in range(12):
        InstitutionFactory(region=regions["county_a"] if i % 2 else regions["county_b"], name=f"托育{i:02d}")
    InstitutionFactory(region=regions["other_county"], name="汶上托育")
    client.force_login(admin)
    url = reverse("admin:institutions_institution_changelist")
    client.get(url)  # the regions are cached from here on
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"p": 1})
    page = response.content.decode()
    for key in ("county_a", "county_b", "other_county"):
        assert f'<td class="field-region nowrap">{regions[key].name} ({regions[key].code})</td>' in page
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "institutions_institution"' in q["sql"]]
    assert reads and not any("regions_region" in sql for sql in reads)
    assert not any('FROM "regions_region"' in q["sql"] for q in queries.captured_queries)
    for i in range(30):  # more rows in more counties: no query per row or per region
        InstitutionFactory(region=regions["county_a"], name=f"新增{i:02d}")
    with django_assert_max_num_queries(len(queries.captured_queries)):
        assert client.get(url, {"q": "托育"}).status_code == 200


@pytest.mark.django_db
def test_the_directory_finds_a_credit_code_typed_in_lower_case_or_full_width(client, regions):
    inst = InstitutionFactory(region=regions["county_a"], name="长安阳光")
    for typed in (inst.credit_code.lower(), "".join(chr(ord(c) + 0xFEE0) for c in inst.credit_code)):
        response = client.get(reverse("institutions:directory"), {"q": f" {typed} "})
        assert [i.pk for i in response.context["page_obj"].object_list] == [inst.pk], typed


@pytest.mark.django_db
def test_the_review_queue_leaves_the_wizard_data_in_the_database(login, users, institutions):
    Filing.objects.create(institution=institutions["a"], county=institutions["a"].region, name="长安区阳光托育园",
                          status=FilingStatus.SUBMITTED, data={"basic": {"note": "x" * 5000}},
                          submitted_at="2026-11-02T02:00:00Z")
    with CaptureQueriesContext(connection) as queries:
        response = login(users["reviewer_a"]).get(reverse("filings:list"))
    assert response.status_code == 200 and "长安区阳光托育园" in response.content.decode()
    sql = next(q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"] and "filings_filing" in q["sql"])
    assert '"filings_filing"."data"' not in sql and '"filings_filing"."baseline"' not in sql
    # The county column comes from the regions cache, not a join to every row.
    assert "regions_region" not in sql
    assert f'<td class="small">{institutions["a"].region.name}</td>' in response.content.decode()
    again = CaptureQueriesContext(connection)
    with again:
        login(users["reviewer_a"]).get(reverse("filings:list"))
    assert not any('FROM "regions_region"' in q["sql"] for q in again.captured_queries)


@pytest.mark.services
@pytest.mark.django_db
def test_name_searches_can_use_the_trigram_indexes_on_postgresql(regions):
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL (DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        names = {row[0] for row in cursor.fetchall()}
    assert names >= {"institution_name_trgm", "institution_credit_code_trgm", "institution_filing_number_trgm",
                     "filing_name_trgm", "filing_credit_code_trgm", "filing_filing_number_trgm"}
    queryset = Institution.objects.filter(name__icontains="阳光托育").order_by()  # the directory's search
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A tiny test table: with scans of the whole table or of a B-tree ruled out, can the index serve it?
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "institution_name_trgm" in plan, plan


@pytest.mark.services
@pytest.mark.django_db
def test_the_planner_has_fine_statistics_of_the_searched_expressions():
    """With PostgreSQL's default of 100, a rare name fragment was estimated to match 1 % of 126,000 institutions
    and the list read in region order to the end: 80 ms instead of 1 (bench/list_pages.py, core.migration_ops)."""
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL (DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname, a.attstattarget FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                       "WHERE c.relname LIKE %s AND a.attnum = 1", ["%_trgm"])
        targets = dict(cursor.fetchall())
    assert targets == {name: 1000 for name in (
        "institution_name_trgm", "institution_credit_code_trgm", "institution_filing_number_trgm",
        "filing_name_trgm", "filing_credit_code_trgm", "filing_filing_number_trgm")}


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["region", "name", "-slots"])
def test_capacity_is_computed_for_the_rows_of_the_page_only(client, regions, sort, django_assert_max_num_queries):
    made = [InstitutionFactory(region=regions["county_a"], name=f"托育{i:02d}", capacity=(10 + i, i))
            for i in range(25)]
    InstitutionFactory(region=regions["county_a"], name="托育无记录")  # no capacity record: shown as —
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("institutions:directory"), {"page": 2, "sort": sort})
    rows = response.context["page_obj"].object_list
    assert len(rows) == 6
    expected = {inst.pk: 10 + i for i, inst in enumerate(made)}
    assert all(row.slots == expected.get(row.pk) for row in rows)
    page_sql = page_query(queries.captured_queries)
    if sort == "-slots":  # sorting by slots needs them for every row
        assert "institutions_capacityrecord" in page_sql
        assert [row.slots for row in rows] == [14, 13, 12, 11, 10, None]
    else:
        assert "institutions_capacityrecord" not in page_sql  # was: a subquery run for every skipped row too
    # The page, its figures (capacity, monthly reports' vacancies, fees: one statement), the count (cached: may be 2).
    with django_assert_max_num_queries(3):
        client.get(reverse("institutions:directory"), {"page": 2, "sort": sort})


@pytest.mark.django_db
def test_the_api_list_gives_each_institution_its_capacity_on_the_date(client, users, regions):
    inst = InstitutionFactory(region=regions["county_a"], capacity=(40, 30))  # from 2024-03-01
    client.force_login(users["admin_a"])
    rows = client.get(reverse("institution-list")).json()["results"]
    assert [(row["id"], row["slots"]) for row in rows] == [(inst.pk, 40)]
    rows = client.get(reverse("institution-list"), {"date": "2024-01-01"}).json()["results"]
    assert [(row["id"], row["slots"]) for row in rows] == [(inst.pk, None)]  # before its filing


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["institutions:directory", "institutions:staff_list"])
def test_list_rows_show_the_region_path_without_a_query_per_row(
        client, users, regions, url_name, django_assert_max_num_queries):
    for i in range(5):
        InstitutionFactory(region=regions["township_a"], name=f"街道托育{i}", capacity=(20, 10))
        InstitutionFactory(region=regions["county_b"], name=f"县区托育{i}", capacity=(20, 10))
    client.force_login(users["province_admin"])
    client.get(reverse(url_name))
    with django_assert_max_num_queries(9):
        body = client.get(reverse(url_name)).content.decode()
    assert "河北省 石家庄市 长安区 建北街道" in body and "河北省 石家庄市 桥西区" in body


@pytest.mark.django_db
def test_a_first_page_holding_every_result_needs_no_count_query(client, regions):
    for i in range(25):
        InstitutionFactory(region=regions["county_a"], name=f"阳光托育{i:02d}" if i < 3 else f"童心托育{i:02d}")
    url = reverse("institutions:directory")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": "阳光"})
    assert response.context["page_obj"].paginator.count == 3
    assert [i.name for i in response.context["page_obj"].object_list] == ["阳光托育00", "阳光托育01", "阳光托育02"]
    assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)
    assert "找到 3 家机构" in response.content.decode()
    # More than a page: counted, and the first page's rows are the ones read before the count.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": "托育"})
    page = response.context["page_obj"]
    assert page.paginator.count == 25 and page.paginator.num_pages == 2 and len(page.object_list) == 20
    assert sum("COUNT(" in q["sql"] for q in queries.captured_queries) == 1
    assert len(client.get(url, {"q": "托育", "page": 2}).context["page_obj"].object_list) == 5
    assert len(client.get(url, {"q": "托育", "page": "x"}).context["page_obj"].object_list) == 20


@pytest.mark.django_db
def test_admin_pages_build_the_app_list_only_where_it_is_shown(client, regions, monkeypatch):
    """The admin's navigation sidebar is off and its app list is built lazily: the changelist does not build it,
    the index still lists every app (core/admin_site.py)."""
    from django.contrib import admin

    from core.admin_site import PortalAdminSite

    assert isinstance(admin.site, PortalAdminSite)
    built = []
    original = PortalAdminSite.get_app_list

    def counting(self, request, app_label=None):
        apps = original(self, request, app_label)
        built.append(len(apps))
        return apps

    monkeypatch.setattr(PortalAdminSite, "get_app_list", counting)
    InstitutionFactory(region=region("130102"), name="长安区阳光托育")
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    changelist = client.get(reverse("admin:institutions_institution_changelist"), {"q": "阳光"})
    assert changelist.status_code == 200 and "长安区阳光托育" in changelist.content.decode()
    assert 'id="nav-sidebar"' not in changelist.content.decode()
    assert not [n for n in built if n]  # only the empty placeholder each_context asks for, never the real list
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200 and reverse("admin:institutions_institution_changelist") in index.content.decode()
    assert any(built)
    # The portal's name, not Django's, heads and titles its admin pages.
    for page in (changelist, index):
        head = page.content.decode().split("</head>")[0]
        assert "托育机构备案与监管平台" in page.content.decode() and "Django" not in head
    assert "<title>数据维护 | 管理后台</title>" in index.content.decode()
