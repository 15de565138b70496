"""Running Python in a fresh process: interflow programs (a new process is what "restore after a
restart" means) and, when one is available, a TensorFlow oracle for interop tests."""

import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
_DEFAULT_TF_PYTHON = "/work/.tfvenv/bin/python"


def tf_python():
    """A Python interpreter with TensorFlow: $INTERFLOW_TF_PYTHON, else the default oracle path
    if it exists, else None."""
    path = os.environ.get("INTERFLOW_TF_PYTHON")
    if path:
        return path
    return _DEFAULT_TF_PYTHON if os.path.exists(_DEFAULT_TF_PYTHON) else None


requires_tf = pytest.mark.skipif(tf_python() is None, reason="no TensorFlow python: set "
                                 "INTERFLOW_TF_PYTHON to run the TensorFlow interop tests")


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    return env


def run_python(code, cwd, python=None, check=True, timeout=None):
    """Runs `code` (dedented) in a new interpreter with interflow importable; returns the
    CompletedProcess (stdout/stderr as text)."""
    result = subprocess.run([python or sys.executable, "-c", textwrap.dedent(code)], cwd=cwd,
                            env=_env(), capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError("subprocess failed (%d):\n%s\n%s" % (
            result.returncode, result.stdout[-3000:], result.stderr[-3000:]))
    return result


def run_tf(code, cwd):
    """Runs `code` with TensorFlow (tf = tf.compat.v1, v2 behaviour disabled)."""
    prelude = ("import tensorflow.compat.v1 as tf\n"
               "tf.disable_v2_behavior()\n")
    return run_python(prelude + textwrap.dedent(code), cwd, python=tf_python())
