"""The figures a list page shows beside each institution (institutions.selectors.figures_attach): capacity in
force, the latest current monthly report's vacancies, the lowest basic fee in force, read for the page's rows in
one statement on SQLite and PostgreSQL alike (issue 12, point 14)."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from institutions.models import CapacityRecord, Institution
from institutions.selectors import figures_attach, vacancy_cutoff
from monthly.models import MonthlyReport
from programme.models import Fee
from tests.factories import InstitutionFactory, UserFactory

DAY = datetime.timedelta(days=1)


def report(institution, month: datetime.date, vacancies: int, user):
    return MonthlyReport.objects.create(institution=institution, month=month, vacancies=vacancies,
                                        due_on=month + datetime.timedelta(days=40), on_time=True,
                                        submitted_at=timezone.now(), submitted_by=user)


def fee(institution, class_type: str, amount: int, valid_from: datetime.date, user):
    return Fee.objects.create(institution=institution, class_type=class_type, monthly_fee=amount,
                              valid_from=valid_from, declared_by=user)


@pytest.fixture
def page(regions):
    """Three institutions: one with a history of every figure, one with figures out of force only, one bare."""
    today = timezone.localdate()
    user = UserFactory(username="figures-operator")
    full, stale, bare = (InstitutionFactory(region=regions["county_a"], name=f"图表{n}托育园") for n in "甲乙丙")
    # Capacity: a closed record, the one in force, one from next month.
    CapacityRecord.objects.create(institution=full, effective_from=today - 400 * DAY, effective_to=today - 30 * DAY,
                                  slots=10, enrolled=5)
    CapacityRecord.objects.create(institution=full, effective_from=today - 30 * DAY, effective_to=today + 30 * DAY,
                                  slots=40, enrolled=31)
    CapacityRecord.objects.create(institution=full, effective_from=today + 30 * DAY, slots=99, enrolled=0)
    CapacityRecord.objects.create(institution=stale, effective_from=today + DAY, slots=50, enrolled=0)
    # Reports: the latest current one counts; one before the cutoff never does.
    cutoff = vacancy_cutoff(today)
    report(full, cutoff, 3, user)
    report(full, (cutoff + 40 * DAY).replace(day=1), 0, user)
    report(stale, (cutoff - DAY).replace(day=1), 9, user)
    # Fees: per class the latest in force, then the lowest over the classes; a future one does not count yet.
    fee(full, "infant", 2200, today - 100 * DAY, user)
    fee(full, "toddler_small", 1500, today - 100 * DAY, user)
    fee(full, "toddler_small", 2500, today - 10 * DAY, user)  # replaces 1500
    fee(full, "toddler_large", 1000, today + 10 * DAY, user)  # not yet
    fee(stale, "infant", 900, today + DAY, user)
    return {"full": full, "stale": stale, "bare": bare, "today": today}


@pytest.mark.django_db
def test_each_figure_is_the_one_in_force_and_all_are_read_in_one_statement(page):
    rows = [page["full"], page["stale"], page["bare"]]
    with CaptureQueriesContext(connection) as queries:
        figures_attach(rows, page["today"], vacancies=True, fees=True)
    assert len(queries.captured_queries) == 1
    figures = [(row.slots, row.enrolled, row.vacancies, row.fee_from) for row in rows]
    assert figures == [(40, 31, 0, 2200), (None, None, None, None), (None, None, None, None)]
    # On another day other records are in force.
    later = [Institution.objects.get(pk=page["full"].pk)]
    figures_attach(later, page["today"] + 31 * DAY, fees=True)
    assert (later[0].slots, later[0].fee_from) == (99, 1000)
    assert not hasattr(later[0], "vacancies")  # only what was asked for


@pytest.mark.django_db
def test_rows_sorted_by_slots_keep_their_annotation_and_an_empty_page_reads_nothing(page, django_assert_num_queries):
    row = page["full"]
    row.slots, row.enrolled = 7, 6  # as the -slots sort annotates them
    with django_assert_num_queries(0):
        assert figures_attach([row]) == [row] and figures_attach([], vacancies=True, fees=True) == []
    assert (row.slots, row.enrolled) == (7, 6)
    with django_assert_num_queries(1):
        figures_attach([row], vacancies=True)
    assert (row.slots, row.vacancies) == (7, 0)


@pytest.mark.django_db
def test_the_directory_shows_them_from_one_query(client, page):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("institutions:directory"), {"q": "图表"}).content.decode()
    touching = [q["sql"] for q in queries.captured_queries
                if "monthly_monthlyreport" in q["sql"] or "programme_fee" in q["sql"]]
    assert len(touching) == 1 and "institutions_capacityrecord" in touching[0]
    row = {name: html.split(page[name].name)[1].split("</tr>")[0] for name in ("full", "stale", "bare")}
    assert "暂无空位" in row["full"] and "保育费 2200 元/月起" in row["full"] and ">40<" in row["full"].replace(
        "\n", "").replace(" ", "")
    for name in ("stale", "bare"):
        assert "vacancy-badge" not in row[name] and "fee-from" not in row[name] and "—" in row[name]
