"""Base fixtures: regions in two provinces and one user per role in two counties.

County A = 130102 (石家庄市长安区), county B = 130104 (石家庄市桥西区), both in city 1301 (石家庄市),
province 13 (河北省); a third county 370830 (济宁市汶上县) lies in another province.
"""
import os
import shutil

import pytest

from accounts.models import Role

from .celery_worker import celery_worker, celery_worker_process  # noqa: F401 (fixtures for every test module)
from .factories import InstitutionFactory, UserFactory, region

PASSWORD = "pass-Word-123"


def pytest_collection_modifyitems(config, items):
    """Skip service/browser tests where the services are missing, unless CI requires them."""
    require_services = os.environ.get("REQUIRE_SERVICES") == "1"
    require_browser = os.environ.get("REQUIRE_BROWSER") == "1"
    has_pg = os.environ.get("DATABASE_URL", "").startswith("postgres")
    has_broker = bool(os.environ.get("CELERY_BROKER_URL"))
    has_chromium = shutil.which("chromium") is not None or os.path.exists("/usr/bin/chromium")
    for item in items:
        if "services" in item.keywords and not (has_pg and has_broker) and not require_services:
            item.add_marker(pytest.mark.skip(
                reason="needs PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL); .ci/run provides them"))
        if "browser" in item.keywords and not has_chromium and not require_browser:
            item.add_marker(pytest.mark.skip(
                reason="needs Chromium at /usr/bin/chromium (apt-get install -y chromium); .ci/run installs it"))


def business_callbacks(callbacks):
    """The on-commit callbacks a test captured, less the audit log's seal (accounts/audit_chain.py) and the
    navbar badge's and the signed-in user's cache invalidations (notifications/services.py, accounts/authcache.py)."""
    from accounts.audit_chain import seal_pending
    from accounts.authcache import mark_changed
    from notifications.services import forget_unread_keys

    return [callback for callback in callbacks
            if callback is not seal_pending and getattr(callback, "func", None) not in (forget_unread_keys, mark_changed)]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Per-IP counters live in the cache (LocMem here, Redis with CACHE_URL): each test starts with none."""
    from django.core.cache import cache

    from core.tablecache import forget_all_local

    cache.clear()
    forget_all_local()  # the regions, holidays and standards this process remembers are the last test's
    yield
    cache.clear()
    forget_all_local()


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Each test starts in the portal's default language (Chinese): a request with the English cookie leaves
    English active in the thread, and messages now follow the active language (issue 13, point 12)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def regions(db):
    return {
        "province": region("13", "河北省"),
        "city": region("1301", "石家庄市"),
        "county_a": region("130102", "长安区"),
        "county_b": region("130104", "桥西区"),
        "township_a": region("130102001", "建北街道"),
        "other_province": region("37", "山东省"),
        "other_city": region("3708", "济宁市"),
        "other_county": region("370830", "汶上县"),
    }


@pytest.fixture
def users(regions):
    """One user per role in county A, the same in county B, plus city/province admins and operators."""
    made = {}
    for key in ("a", "b"):
        county = regions[f"county_{key}"]
        for role in (Role.REVIEWER, Role.INSPECTOR, Role.ADMIN, Role.VIEWER):
            made[f"{role}_{key}"] = UserFactory(username=f"{role}_{key}", role=role, region=county)
        made[f"operator_{key}"] = UserFactory(username=f"operator_{key}", role=Role.OPERATOR)
    made["city_admin"] = UserFactory(username="city_admin", role=Role.ADMIN, region=regions["city"])
    made["province_admin"] = UserFactory(username="province_admin", role=Role.ADMIN, region=regions["province"])
    made["national_admin"] = UserFactory(username="national_admin", role=Role.ADMIN, region=None)
    made["other_province_admin"] = UserFactory(username="other_province_admin", role=Role.ADMIN,
                                               region=regions["other_province"])
    return made


@pytest.fixture
def institutions(regions, users):
    """One filed institution in each county (and one in the other province), operated by its operator."""
    inst_a = InstitutionFactory(name="长安区阳光托育园", region=regions["county_a"], capacity=(40, 30))
    inst_b = InstitutionFactory(name="桥西区童心托育中心", region=regions["county_b"], capacity=(60, 45))
    inst_other = InstitutionFactory(name="汶上县小树苗托育", region=regions["other_county"], capacity=(25, 20))
    inst_a.operators.add(users["operator_a"])
    inst_b.operators.add(users["operator_b"])
    return {"a": inst_a, "b": inst_b, "other": inst_other}


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client
    return _login
