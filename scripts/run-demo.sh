#!/usr/bin/env bash
# The portal with demo data on http://127.0.0.1:${PORT:-8000}: bash scripts/run-demo.sh
# Creates .venv (Python 3.11) if missing, installs the project, then on the embedded default
# (DEBUG=1, SQLite in db.sqlite3, Celery tasks run in-process) runs migrate, load_regions and
# seed_demo (which prints the demo log-ins) and starts the development server. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh
ensure_venv

# The embedded default, whatever the shell has: no PostgreSQL, no broker.
unset DATABASE_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND
export DEBUG=1
# Demo only: admins and reviewers may sign in without an authenticator app (production requires one for them:
# OTP_REQUIRED_ROLES, docs/security.md). Any demo user can still turn it on under the user menu.
export OTP_REQUIRED_ROLES="${OTP_REQUIRED_ROLES-}"
PORT="${PORT:-8000}"

python=.venv/bin/python
$python manage.py migrate --no-input
$python manage.py load_regions
$python manage.py seed_demo
echo
echo "Two-factor log-in is off for this demo (production requires it for admins and reviewers: OTP_REQUIRED_ROLES)."
echo "Portal: http://127.0.0.1:$PORT/   (Ctrl-C stops it; run this script again to restart)"
exec $python manage.py runserver "127.0.0.1:$PORT"
