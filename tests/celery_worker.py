"""A real Celery worker for tests marked `services`: a subprocess on the test database and the real broker.

Use it with `@pytest.mark.services` and `@pytest.mark.django_db(transaction=True)` (the worker is another
process: it sees only committed rows). The test settings run tasks eagerly; while a test holds the
`celery_worker` fixture, `.delay()` goes through the broker (CELERY_BROKER_URL) to this worker instead.
"""
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from celery._state import _set_task_join_will_block

REPO_ROOT = Path(__file__).resolve().parent.parent
WORKER_LOG = REPO_ROOT / "test-output" / "celery-worker.log"
START_TIMEOUT = 60


def _test_database_url(url: str, test_name: str) -> str:
    """DATABASE_URL with its database name replaced by pytest-django's test database (test_<name>)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + test_name))


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup):
    """Start one worker for the session (after the test database exists); stop it before it is dropped."""
    from django.conf import settings
    from django.db import connection

    from tuoyu_portal.celery import app

    broker = os.environ.get("CELERY_BROKER_URL")
    database_url = os.environ.get("DATABASE_URL", "")
    if not broker or not database_url.startswith("postgres"):
        message = "a real worker needs CELERY_BROKER_URL and a PostgreSQL DATABASE_URL"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message + " (REQUIRE_SERVICES=1)")
        pytest.skip(message)
    name = f"pytest-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
    env = {
        **os.environ,
        # The production settings module, as a deployed worker runs, pointed at the test database.
        "DJANGO_SETTINGS_MODULE": "tuoyu_portal.settings",
        "DATABASE_URL": _test_database_url(database_url, connection.settings_dict["NAME"]),
        "CONN_MAX_AGE": "0",
        "PRIVATE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SECRET_KEY": settings.SECRET_KEY,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    command = [sys.executable, "-m", "celery", "-A", "tuoyu_portal", "worker", "--pool=solo", "-Q", "celery",
               "-l", "warning", "-n", name, "--purge", "--without-gossip", "--without-mingle"]
    WORKER_LOG.parent.mkdir(parents=True, exist_ok=True)
    with open(WORKER_LOG, "ab") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not app.control.ping(destination=[name], timeout=1.0):
                if process.poll() is not None:
                    raise RuntimeError(f"celery worker exited with {process.returncode}; see {WORKER_LOG}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"celery worker did not answer within {START_TIMEOUT} s; see {WORKER_LOG}")
            yield {"hostname": name, "database_url": env["DATABASE_URL"], "process": process}
        finally:
            process.terminate()  # warm shutdown: the task in hand is finished first
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def celery_worker(celery_worker_process):
    """Send tasks to the real worker for the duration of one test (instead of running them eagerly)."""
    from tuoyu_portal.celery import app

    # Eager tasks run from several threads (the concurrency tests) can leave celery's process-wide
    # "inside a task" flag set (each apply() saves and restores it, and the threads interleave); this
    # test process is not a task, so it may wait for results.
    _set_task_join_will_block(False)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield celery_worker_process
    finally:
        app.conf.task_always_eager = eager
        # Let the worker finish what the test queued (debounced recomputes, chords) before pytest-django
        # flushes the tables under it: a flush racing a running task deadlocks.
        _wait_until_idle(app, celery_worker_process["hostname"])


def _wait_until_idle(app, hostname: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    inspect = app.control.inspect(destination=[hostname], timeout=1.0)
    while time.monotonic() < deadline:
        busy = [inspect.active(), inspect.reserved(), inspect.scheduled()]
        if all(answer is not None and not any(answer.values()) for answer in busy):
            return
        time.sleep(0.3)
    raise RuntimeError(f"the celery worker {hostname} was still busy {timeout:.0f} s after the test; see {WORKER_LOG}")
