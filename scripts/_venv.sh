# Sourced by the scripts in this folder: make sure .venv exists (Python 3.11) and holds the project.
# ensure_venv [EXTRAS]  e.g. ensure_venv dev  ->  pip install -e '.[dev]'
# pip runs only when pyproject.toml (or the extras) changed since the last install.

find_python311() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3; do
        if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Python 3.11 is required: put python3.11 on PATH (or set PYTHON=/path/to/python3.11)" >&2
    return 1
}

ensure_venv() {
    local extras="${1:-}" target="." python stamp hash done_target done_hash
    [ -n "$extras" ] && target=".[$extras]"
    if [ -x .venv/bin/python ] && ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
        echo ".venv exists but is not Python 3.11: remove it (rm -rf .venv) and run again" >&2
        return 1
    fi
    if [ ! -x .venv/bin/python ]; then
        python="$(find_python311)" || return 1
        echo "Creating .venv with $("$python" -V 2>&1)"
        "$python" -m venv .venv
    fi
    stamp=.venv/.tuoyu-installed
    hash="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    if [ -f "$stamp" ]; then
        read -r done_target done_hash < "$stamp" || true
        # A dev install covers a plain one; a changed pyproject.toml installs again.
        if [ "${done_hash:-}" = "$hash" ] && { [ "${done_target:-}" = "$target" ] || [ "${done_target:-}" = ".[dev]" ]; }; then
            return 0
        fi
    fi
    echo "Installing $target into .venv ..."
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$target"
    echo "$target $hash" > "$stamp"
}
