#!/usr/bin/env bash
# The whole test suite: bash scripts/test.sh [pytest arguments]
# Creates .venv (Python 3.11) if missing and installs the project with its dev extras first.
# With nothing set it runs on SQLite; tests marked `services` (PostgreSQL + Redis) and `browser`
# (/usr/bin/chromium) skip with a reason. .ci/run sets DATABASE_URL, CELERY_BROKER_URL,
# REQUIRE_SERVICES=1 and REQUIRE_BROWSER=1 and calls this same script.
# Serial on purpose: the suite takes a few minutes, and pytest-xdist would give each process its
# own test database while the real Celery worker and the broker queue are shared.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh
ensure_venv dev

status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure here" >&2
fi
exit "$status"
