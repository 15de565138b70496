#!/usr/bin/env bash
# Sets up .venv (pip install -e ".[notebook]") and graphviz's dot, then opens notebooks/ in
# JupyterLab. With --check: runs every notebook headless instead, failing on any cell error,
# and writes executed copies and HTML to artifacts/notebooks/.
#   scripts/notebooks.sh                 # JupyterLab (extra arguments go to `jupyter lab`)
#   scripts/notebooks.sh --check [NB...] # execute all notebooks (or the ones given)
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"

ensure_system_packages dot:graphviz
ensure_venv notebook

cd "$ROOT"
if [ "${1:-}" = "--check" ]; then
    shift
    exec "$VPY" "$ROOT/scripts/run_notebooks.py" "$@"
fi
"$VPY" "$ROOT/scripts/run_notebooks.py" --ensure-kernel
lab_args=()
# Jupyter refuses to start as root (containers, CI) without this.
[ "$(id -u)" != 0 ] || lab_args+=(--allow-root)
exec "$VENV/bin/jupyter" lab "${lab_args[@]}" "$ROOT/notebooks" "$@"
