"""The per-IP counters live in the cache every web process shares (Redis when CACHE_URL is set)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from complaints import ratelimit as complaint_limits
from core import ratelimit

REPO_ROOT = Path(__file__).resolve().parents[2]


def count_in_another_process(bucket: str, ip: str, window: int) -> int:
    """What a second Django process (another web worker) reads for the counter."""
    code = ("import django; django.setup(); from core import ratelimit; "
            f"print(ratelimit.used({bucket!r}, {ip!r}, window_seconds={window}))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tuoyu_portal.test_settings"}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                         timeout=60, check=True)
    return int(out.stdout.strip().splitlines()[-1])


@pytest.mark.services
@pytest.mark.django_db
def test_complaint_and_login_counters_are_seen_by_another_process(users):
    if not os.environ.get("CACHE_URL"):
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("CACHE_URL (Redis) must be set when REQUIRE_SERVICES=1")
        pytest.skip("needs CACHE_URL pointing at Redis")
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    client = Client(REMOTE_ADDR="10.7.7.7")
    for _ in range(3):
        client.post("/complaints/track/", {"number": "TS-4K7QM2XR9B"})
        client.post("/accounts/login/", {"username": "reviewer_a", "password": "guess-123"})
    assert count_in_another_process("complaints-track", "10.7.7.7", complaint_limits.WINDOW_SECONDS) == 3
    assert count_in_another_process("login-failed", "10.7.7.7", settings.LOGIN_IP_WINDOW_SECONDS) == 3
    assert ratelimit.used("login-failed", "10.7.7.7", window_seconds=settings.LOGIN_IP_WINDOW_SECONDS) == 3


@pytest.mark.services
def test_the_redis_backend_keeps_one_client_and_stores_and_expires():
    """core.cache.RedisCache: one redis.Redis client per pool, reused by every call (Django builds one per call)."""
    if not os.environ.get("CACHE_URL"):
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("CACHE_URL (Redis) must be set when REQUIRE_SERVICES=1")
        pytest.skip("needs CACHE_URL pointing at Redis")
    from django.core.cache import caches

    from core.cache import RedisCache

    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    client = cache._cache.get_client("k")
    assert cache._cache.get_client("other", write=True) is client
    cache.set("core-cache-test", {"a": 1}, 30)
    cache.set_many({"core-cache-n": 5}, 30)
    assert cache.get("core-cache-test") == {"a": 1} and cache.incr("core-cache-n") == 6
    cache.delete_many(["core-cache-test", "core-cache-n"])
    assert cache.get("core-cache-test") is None
