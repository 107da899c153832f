"""Settings for the test suite: the real settings plus a throw-away key and fast password hashing."""
import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tuoyu-test-media-"))  # noqa: F405
STORAGES = {**STORAGES}  # noqa: F405
# Tasks run in-process in tests even when CELERY_BROKER_URL is set (CI sets it); the celery_worker
# fixture (tests/celery_worker.py) sends them to a real worker for the tests that ask for one.
CELERY_TASK_ALWAYS_EAGER = True
# Two-factor log-in is switched on by the tests of it (tests/accounts/test_two_factor.py); the rest of the suite
# signs in admins and reviewers without an authenticator.
OTP_REQUIRED_ROLES = []
SMS_BACKEND = "accounts.sms.LocmemBackend"  # the tests read the codes from accounts.sms.outbox
