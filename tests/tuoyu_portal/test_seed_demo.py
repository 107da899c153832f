"""seed_demo: a believable, rule-abiding demo data set that can be loaded again without duplicates."""
import csv
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from accounts.models import AuditEvent, Role, User
from demo.seed import DEMO_PASSWORD, INSTITUTIONS, REGIONS
from institutions.models import CapacityRecord, FilingState, Institution, NurseryClass
from institutions.validators import validate_credit_code
from programme.fees import over_cap
from programme.models import Fee, FeeCap
from regions.models import Region, RegionPopulation, SlotTarget
from regions.services import DATA_DIR

COUNTS = (Region, Institution, CapacityRecord, NurseryClass, RegionPopulation, SlotTarget, User, AuditEvent, Fee,
          FeeCap)


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", "--force", *args, stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTS}


@pytest.mark.django_db
def test_seeding_twice_creates_nothing_new_and_prints_the_log_ins():
    first = seed()
    after_first = counts()
    second = seed()
    assert counts() == after_first
    # The listed institutions, and the one created by approving the demo's approved filing.
    assert after_first["Institution"] == len(INSTITUTIONS) + 1 and len(INSTITUTIONS) >= 30
    assert f"institutions created: 0, already there: {len(INSTITUTIONS)}" in second
    # Every filed institution publishes its fees; no inclusive one charges above its city's guide price.
    assert after_first["Fee"] == 3 * Institution.objects.filter(filing_state="filed").count()
    assert after_first["FeeCap"] == 6 and not over_cap(Fee.objects.all(), datetime.date.today()).exists()
    for username in ("operator", "reviewer", "inspector", "county_admin", "city_admin", "province_admin", "viewer",
                     "admin"):
        assert username in first
    assert DEMO_PASSWORD in first and "demo data only" in first


@pytest.mark.django_db
def test_demo_regions_carry_the_official_names_of_the_shipped_list():
    official = {}
    for filename in ("provinces.csv", "cities.csv", "areas.csv", "streets.csv"):
        with open(DATA_DIR / filename, encoding="utf-8", newline="") as handle:
            official.update({row["code"]: row["name"] for row in csv.DictReader(handle)})
    assert {code: official[code] for code in REGIONS} == REGIONS


@pytest.mark.django_db
def test_demo_data_obeys_the_rules():
    seed()
    for institution in Institution.objects.all():
        assert validate_credit_code(institution.credit_code) == institution.credit_code
        institution.full_clean()
        assert institution.filing_number.startswith(f"{institution.county_code}-{institution.filed_on.year}-")
        assert 1 <= institution.classes.count() <= 10
        assert institution.capacity_records.first().effective_from == institution.filed_on
    for nursery_class in NurseryClass.objects.all():
        nursery_class.full_clean()
    assert Institution.objects.filter(region__level="township").count() >= 5
    deregistered = Institution.objects.filter(filing_state=FilingState.DEREGISTERED)
    assert deregistered.count() == 2
    assert not CapacityRecord.objects.effective_at(datetime.date(2026, 1, 1)).filter(
        institution__in=deregistered).exists()
    assert RegionPopulation.objects.count() == 6 * 5 and SlotTarget.objects.filter(year__lte=2025).count() == 6 * 5


@pytest.mark.django_db
def test_demo_accounts_have_their_role_scope_and_password(client):
    seed("--password", "Another-demo-77")
    users = {user.username: user for user in User.objects.all()}
    assert (users["reviewer"].role, users["reviewer"].region_id) == (Role.REVIEWER, "130102")
    assert (users["city_admin"].role, users["city_admin"].region_id) == (Role.ADMIN, "1301")
    assert (users["province_admin"].region_id, users["viewer"].region_id) == ("13", "3708")
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert users["operator"].operated_institutions.count() == 4  # three listed, one from an approved filing
    response = client.post("/accounts/login/", {"username": "inspector", "password": "Another-demo-77"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(users["inspector"].pk)


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_without_debug_unless_forced():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG=1"):
        call_command("seed_demo", stdout=StringIO())
    assert not Institution.objects.exists()


@pytest.mark.django_db
def test_seed_demo_refuses_a_weak_password():
    with pytest.raises(CommandError):
        seed("--password", "123")


@pytest.mark.django_db
def test_the_demo_prints_what_a_newcomer_needs_only(caplog):
    """Issue 13, point 15: no task or rollup log lines before the log-in table (they are shown with -v 2)."""
    import logging

    caplog.set_level(logging.INFO)
    out = seed()
    assert "Task " not in out and "stats rollup" not in out and out.count("statistics") == 1
    assert not [r for r in caplog.records if r.name.startswith(("celery", "stats", "kombu"))
                and r.levelno < logging.WARNING]
    assert len(out.strip().splitlines()) <= 15  # 7 lines of summary and header, one per demo account (8)
    verbose = seed("-v", "2")
    assert verbose.count("statistics:") >= 5


def test_nothing_imports_the_demo_app():
    """demo/ sits at the top: it uses the other apps, and no app (nor tuoyu_portal) imports it."""
    import ast
    from pathlib import Path

    from django.conf import settings

    base = Path(settings.BASE_DIR)
    importers = []
    for path in base.glob("*/**/*.py"):
        top = path.relative_to(base).parts[0]
        if top in {"demo", "tests", "bench", "scripts", ".venv", "var", "test-output"} or top.endswith("egg-info"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if any(name == "demo" or name.startswith("demo.") for name in names):
                importers.append(str(path.relative_to(base)))
    assert importers == []
