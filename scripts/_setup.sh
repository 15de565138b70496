# Shared set-up for scripts/test.sh and scripts/notebooks.sh (sourced, not run).
# Provides: ROOT, VENV, VPY, ensure_venv EXTRA, ensure_system_packages CMD:PKG...

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
VPY="$VENV/bin/python"

say() { printf '[interflow] %s\n' "$*" >&2; }

# A Python 3.10-3.13 to make the virtualenv with ($INTERFLOW_PYTHON wins when set).
find_python() {
    local candidates=("${INTERFLOW_PYTHON:-}" python3 python3.13 python3.12 python3.11 python3.10 python)
    local p
    for p in "${candidates[@]}"; do
        [ -n "$p" ] || continue
        command -v "$p" >/dev/null 2>&1 || continue
        if "$p" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 13)))' \
                2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    say "no Python 3.10-3.13 found (set INTERFLOW_PYTHON=/path/to/python3)"
    return 1
}

# Runs a command as root: directly when root, else through non-interactive sudo.
as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        return 126
    fi
}

# Runs "$@" with its output in a log file, shown only if it fails.
quietly() {
    local log status=0
    log="$(mktemp "${TMPDIR:-/tmp}/interflow-setup.XXXXXX")"
    "$@" </dev/null >"$log" 2>&1 || status=$?
    if [ "$status" != 0 ]; then
        grep -v 'is ignored: it is neither a file nor a directory' "$log" | tail -n 40 >&2
    fi
    rm -f "$log"
    return "$status"
}

APT_UPDATED=0
apt_install() {
    command -v apt-get >/dev/null 2>&1 || { say "apt-get not found: install $* by hand"; return 1; }
    if [ "$APT_UPDATED" = 0 ]; then
        say "apt-get update"
        quietly as_root env DEBIAN_FRONTEND=noninteractive apt-get update ||
            say "apt-get update failed (continuing with the package lists there are)"
        APT_UPDATED=1
    fi
    say "apt-get install $* (a minute or so)"
    quietly as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y \
        --no-install-recommends "$@"
}

# ensure_system_packages dot:graphviz chromium:chromium ...
# Installs the Debian package of every command that is missing, with one apt-get update.
# A failure is reported but not fatal: the tests that need the program will say so.
ensure_system_packages() {
    local missing=() pair cmd pkg
    for pair in "$@"; do
        cmd="${pair%%:*}"
        pkg="${pair#*:}"
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ "${#missing[@]}" -gt 0 ] || return 0
    if ! apt_install "${missing[@]}"; then
        say "WARNING: could not install ${missing[*]} (need root or passwordless sudo)."
        say "         Install them by hand: apt-get install ${missing[*]}"
    fi
}

# ensure_venv EXTRA: .venv with `pip install -e ".[EXTRA]"`, redone only when pyproject.toml
# changed since the last install of that extra (a stamp file inside .venv remembers it).
ensure_venv() {
    local extra="$1" py stamp want
    if [ -x "$VPY" ] && ! "$VPY" -c 'import sys' >/dev/null 2>&1; then
        say "$VENV is broken (moved or its Python was removed): recreating it"
        rm -rf "$VENV"
    fi
    if [ ! -x "$VPY" ]; then
        py="$(find_python)"
        say "creating $VENV with $py ($("$py" --version 2>&1))"
        if ! "$py" -m venv "$VENV" >/dev/null 2>&1; then
            # Debian's python3 ships venv/ensurepip separately.
            rm -rf "$VENV"
            local ver
            ver="$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
            apt_install "python$ver-venv" || apt_install python3-venv
            "$py" -m venv "$VENV"
        fi
    fi
    stamp="$VENV/.interflow-$extra.stamp"
    want="$(cksum <"$ROOT/pyproject.toml") $ROOT"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    say "pip install -e \".[$extra]\" into $VENV (first time: a minute or two)"
    (cd "$ROOT" && quietly "$VPY" -m pip install -e ".[$extra]")
    echo "$want" >"$stamp"
}
