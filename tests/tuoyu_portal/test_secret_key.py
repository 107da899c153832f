"""Without DEBUG and without SECRET_KEY: commands that sign nothing run, serving refuses to start."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env["SQLITE_PATH"] = str(ROOT / "test-output" / "no-key.sqlite3")
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_makemigrations_check_runs_without_a_key():
    result = run("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_the_web_process_refuses_to_start_without_a_key():
    result = run("-c", "import tuoyu_portal.wsgi")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off / 未开启 DEBUG 时必须设置 SECRET_KEY" in result.stderr
