#!/usr/bin/env bash
# Sets up .venv (pip install -e ".[test]") and the system programs the tests use (graphviz's
# dot, chromium), then runs pytest with any extra arguments: scripts/test.sh tests/ops -x
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"

ensure_system_packages dot:graphviz chromium:chromium
ensure_venv test

cd "$ROOT"
args=()
# Two workers on a machine with two cores or more, unless the caller chose (-n/-p no:xdist).
if [ "$(nproc 2>/dev/null || echo 1)" -ge 2 ] && "$VPY" -c 'import xdist' >/dev/null 2>&1; then
    case " $* " in
        *" -n"* | *"--numprocesses"* | *"no:xdist"* | *" --pdb"*) ;;
        *) args+=(-n 2) ;;
    esac
fi
set +e
"$VPY" -m pytest -q "${args[@]}" "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
    say "pytest collected no tests (exit 5): treated as a failure"
fi
exit "$status"
