"""Data migrations of issue 14 keep the data: the Holiday table moved from filings to core (with its ids), and the
institution states no service set became "not filed"."""
import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import Holiday
from core.workdays import WorkingDays
from tests.factories import UserFactory

BEFORE = [("core", "0001_initial"), ("filings", "0003_queue_index")]
AFTER = [("core", "0002_holiday"), ("filings", "0004_holiday_moved_to_core")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_holidays_are_kept_with_their_ids():
    old_apps = migrate(BEFORE)
    old = old_apps.get_model("filings", "Holiday")
    old.objects.create(id=7, date=datetime.date(2026, 10, 1), name="国庆节")
    old.objects.create(id=9, date=datetime.date(2026, 9, 27), name="国庆调休", is_workday=True)
    try:
        migrate(AFTER)
        rows = list(Holiday.objects.values_list("id", "date", "name", "is_workday"))
        assert rows == [(9, datetime.date(2026, 9, 27), "国庆调休", True),
                        (7, datetime.date(2026, 10, 1), "国庆节", False)]
        # The sequence follows the copied ids: a new holiday gets a fresh id, not 1 that may clash later.
        assert Holiday.objects.create(date=datetime.date(2026, 10, 2), name="国庆节").id > 9
        calendar = WorkingDays(datetime.date(2026, 9, 26), datetime.date(2026, 10, 5))
        assert calendar.is_workday(datetime.date(2026, 9, 27))  # a Sunday worked
        assert not calendar.is_workday(datetime.date(2026, 10, 1))  # a Thursday off
    finally:
        migrate(executor_leaf_nodes())


def executor_leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_institution_states_no_service_set_become_not_filed(regions):
    """Issue 14 point 4: draft / submitted / returned / rejected institutions are "not filed" after 0006."""
    old_apps = migrate([("institutions", "0005_trigram_search")])
    old = old_apps.get_model("institutions", "Institution")
    for n, state in enumerate(("draft", "submitted", "returned", "rejected", "filed", "deregistered")):
        old.objects.create(credit_code=f"91130102MA0TEST{n:02d}X", name=f"机构{n}", region_id="130102",
                           filing_state=state)
    try:
        migrate([("institutions", "0006_one_life_cycle")])
        from institutions.models import Institution

        states = dict(Institution.objects.values_list("name", "filing_state"))
        assert states == {"机构0": "not_filed", "机构1": "not_filed", "机构2": "not_filed", "机构3": "not_filed",
                          "机构4": "filed", "机构5": "deregistered"}
    finally:
        migrate(executor_leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_old_inspection_settings_become_national_standards(users):
    """Issue 14 point 6: cut-offs and intervals an admin had saved are national Standard rows after 0004."""
    superuser = UserFactory(username="root", is_superuser=True)
    old_apps = migrate([("inspections", "0003_provincial_checklists"), ("standards", "0001_initial")])
    by = users["national_admin"]
    old_apps.get_model("inspections", "GradeScale").objects.create(pk=1, a_min=920, b_min=750, c_min=600,
                                                                   updated_by_id=by.pk)
    old_apps.get_model("inspections", "InspectionPolicy").objects.create(
        pk=1, regular_interval_days=180, risk_interval_days=90, deadline_days=30, high_deadline_days=15)
    try:
        migrate([("inspections", "0004_standards_replace_settings")])
        from standards.models import Standard

        rows = {(row.key, row.value, row.created_by_id) for row in Standard.objects.all()}
        # Only the values that differ from the defaults; a row saved by nobody is set by the first superuser.
        assert rows == {("grade.a_min", 920, by.pk), ("inspection.regular_interval_days", 180, superuser.pk)}
    finally:
        migrate(executor_leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_each_institutions_first_operator_becomes_its_admin(regions):
    """Issue 15 point 2: the operators' table keeps its rows; the first linked operator is the admin (0008)."""
    first = UserFactory(username="first_op", role="operator")
    second = UserFactory(username="second_op", role="operator")
    old_apps = migrate([("institutions", "0007_institution_claims")])
    institution = old_apps.get_model("institutions", "Institution").objects.create(
        credit_code="91130102MA0TEST99X", name="老机构", region_id="130102", filing_state="filed")
    institution.operators.add(first.pk)
    institution.operators.add(second.pk)
    try:
        migrate([("institutions", "0008_institution_operators")])
        from institutions.models import InstitutionOperator

        links = dict(InstitutionOperator.objects.filter(institution_id=institution.pk)
                     .values_list("user__username", "is_admin"))
        assert links == {"first_op": True, "second_op": False}
    finally:
        migrate(executor_leaf_nodes())
