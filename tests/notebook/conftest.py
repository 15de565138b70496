"""Fixtures for tests that start real Jupyter kernels: a kernelspec running this interpreter
with the checkout importable, kept in a temporary directory."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KERNEL_NAME = "interflow-test"


def write_kernelspec(kernels_dir, name=KERNEL_NAME, env=None):
    """Writes kernels_dir/name/kernel.json for `sys.executable` -m ipykernel_launcher."""
    spec = Path(kernels_dir) / name
    spec.mkdir(parents=True, exist_ok=True)
    kernel_env = {"PYTHONPATH": str(ROOT), "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    kernel_env.update(env or {})
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (interflow tests)", "language": "python",
        "env": kernel_env}), encoding="utf-8")
    return spec


@pytest.fixture(scope="session")
def jupyter_data(tmp_path_factory):
    """A Jupyter data directory whose kernels/ holds the test kernelspecs."""
    pytest.importorskip("ipykernel", reason="ipykernel is needed to start a kernel")
    root = tmp_path_factory.mktemp("jupyter-data")
    write_kernelspec(root / "kernels")
    empty = tmp_path_factory.mktemp("no-dot-bin")
    write_kernelspec(root / "kernels", KERNEL_NAME + "-no-dot", env={"PATH": str(empty)})
    return root
