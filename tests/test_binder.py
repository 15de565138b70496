"""binder/ holds what repo2docker needs: a fresh virtualenv built from binder/requirements.txt,
plus binder/postBuild run from a copy of the repository, imports interflow (installed, not the
checkout), draws a graph with Graphviz's dot and has the notebook tools; apt.txt asks for dot;
the README's Binder badge opens the first notebook."""

import os
import re
import shutil
import subprocess
import textwrap
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"


def test_binder_files():
    apt = (BINDER / "apt.txt").read_text().split()
    assert "graphviz" in apt
    requirements = (BINDER / "requirements.txt").read_text()
    names = {re.split(r"[<>=!~ \[]", line.strip())[0].lower()
             for line in requirements.splitlines() if line.strip() and not line.startswith("#")}
    assert {"numpy", "ipython", "ipywidgets", "graphviz", "jupyterlab", "ipykernel",
            "tensorboard", "protobuf"} <= names
    post_build = BINDER / "postBuild"
    assert os.access(post_build, os.X_OK), "repo2docker runs postBuild only if it is executable"
    assert "pip install" in post_build.read_text()
    assert re.fullmatch(r"python-3\.1[0-3]\s*", (BINDER / "runtime.txt").read_text())


def test_readme_badge_opens_the_first_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"\(https://mybinder\.org/v2/gh/[^)\s]+\?urlpath=lab/tree/([^)\s]+)\)",
                      readme)
    assert match, "no Binder badge with a urlpath in README.md"
    assert (ROOT / match.group(1)).is_file()
    assert "https://mybinder.org/badge_logo.svg" in readme


@pytest.mark.slow
def test_fresh_environment_from_binder_files(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["PATH"] = str(bin_dir) + os.pathsep + env.get("PATH", "")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"

    def run(args, cwd):
        proc = subprocess.run(args, cwd=str(cwd), env=env, capture_output=True, text=True)
        assert proc.returncode == 0, "%s failed:\n%s\n%s" % (args, proc.stdout[-3000:],
                                                            proc.stderr[-3000:])
        return proc.stdout

    run([str(python), "-m", "pip", "install", "-q", "-r", str(BINDER / "requirements.txt")],
        tmp_path)
    # repo2docker runs postBuild from the repository root: use a copy, so the build leaves no
    # build/ or egg-info behind in the checkout.
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, repo / name)
    for name in ("interflow", "binder"):
        shutil.copytree(ROOT / name, repo / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    run(["bash", str(repo / "binder" / "postBuild")], repo)

    probe = textwrap.dedent("""
        import shutil, interflow as tf
        from interflow.notebook import draw
        print(tf.__file__)
        x = tf.Variable(3, name="x")
        f = x * x + 2
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run(f))
        picture = draw(f)
        if shutil.which("dot"):
            svg = picture.svg
            assert svg.startswith("<svg") and "<title>x</title>" in svg, svg[:200]
            print("svg")
        else:
            print("no-dot")
        import jupyterlab, ipykernel, ipywidgets, tensorboard
        from google.protobuf import __version__
        with tf.Graph().as_default():
            tf.summary.scalar("loss", tf.constant(1.0))
            print("summary ok")
    """)
    out = run([str(python), "-c", probe], tmp_path).split()
    assert Path(out[0]).resolve().is_relative_to(env_dir.resolve()), out[0]   # installed copy
    assert out[1] == "11"
    assert out[2] == ("svg" if shutil.which("dot") else "no-dot")
    assert out[3:] == ["summary", "ok"]
