"""Packaging and layering: the core needs NumPy alone, the version is single-sourced, and the
import direction of DESIGN.md holds (nothing imports the notebook layer; framework/ and
execution/ stay below ops/)."""

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import interflow

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "interflow"

OPTIONAL = ("IPython", "ipywidgets", "graphviz", "google.protobuf", "tensorboard")


def test_core_runs_with_numpy_alone():
    script = textwrap.dedent("""
        import sys
        BLOCKED = %r

        def blocked(name):
            return any(name == b or name.startswith(b + ".") for b in BLOCKED)

        class Block:
            def find_spec(self, name, path=None, target=None):
                if blocked(name):
                    raise ImportError("blocked for this test: " + name)
                return None

        sys.meta_path.insert(0, Block())
        import interflow as tf
        x = tf.Variable(3, name="x")
        y = tf.Variable(4, name="y")
        f = x * x * y + y + 2
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            result = sess.run(f)
        assert result == 42, result
        loaded = sorted(m for m in sys.modules if blocked(m))
        assert not loaded, loaded
        print("OK", result)
    """) % (OPTIONAL,)
    proc = subprocess.run([sys.executable, "-c", script], cwd=str(ROOT), capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["OK", "42"]


def test_blocker_would_catch_an_optional_import():
    # The finder in the test above must really block: importing a blocked module fails.
    script = textwrap.dedent("""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "graphviz" or name.startswith("graphviz."):
                    raise ImportError("blocked")
        sys.meta_path.insert(0, Block())
        try:
            import graphviz
        except ImportError:
            print("blocked")
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert proc.stdout.strip() == "blocked", proc.stderr


def _pyproject_version():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib
    except ImportError:  # Python 3.10
        match = re.search(r'^\[project\][^\[]*?^version\s*=\s*"([^"]+)"', text, re.M | re.S)
        assert match, "no [project] version in pyproject.toml"
        return match.group(1)
    return tomllib.loads(text)["project"]["version"]


def test_version_matches_pyproject():
    assert interflow.__version__ == _pyproject_version()


# ------------------------------------------------------------------------------ layering


def _module_name(path):
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path):
    """(imported module candidates, at_module_level) for every import statement in `path`.

    `from a.b import c` yields both a.b and a.b.c (c may be a submodule); relative imports are
    resolved against the module's package.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []

    def visit(node, top):
        for child in ast.iter_child_nodes(node):
            child_top = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                       ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((alias.name, top) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[:len(base) - (child.level - 1)]
                    base = ".".join(base + ([child.module] if child.module else []))
                else:
                    base = child.module
                found.append((base, top))
                found.extend((base + "." + alias.name, top) for alias in child.names)
            visit(child, child_top)
    visit(tree, True)
    return found


def _imports_of(name, candidates):
    return any(c == name or c.startswith(name + ".") for c in candidates)


def _sources(*subpackages):
    files = []
    for sub in subpackages:
        files.extend(sorted((PACKAGE / sub).rglob("*.py")))
    return files


CORE = ("framework", "ops", "execution", "autodiff", "train", "saving", "summary")


def _violations(files, target, module_level_only):
    bad = []
    for path in files:
        for name, top in _imports(path):
            if (top or not module_level_only) and _imports_of(target, [name]):
                bad.append("%s imports %s" % (path.relative_to(ROOT), name))
    return bad


def test_core_never_imports_notebook():
    assert _violations(_sources(*CORE), "interflow.notebook", module_level_only=False) == []


def test_top_level_modules_import_notebook_only_lazily():
    files = [p for p in sorted(PACKAGE.glob("*.py"))]
    assert _violations(files, "interflow.notebook", module_level_only=True) == []


@pytest.mark.parametrize("target", ["interflow.ops", "interflow.execution"])
def test_framework_does_not_import_ops_or_execution_at_module_level(target):
    assert _violations(_sources("framework"), target, module_level_only=True) == []


def test_execution_never_imports_ops():
    assert _violations(_sources("execution"), "interflow.ops", module_level_only=False) == []


def _import_cycle(graph):
    """One cycle of the directed graph {module: modules it imports}, or None."""
    state = {}

    def visit(node, path):
        state[node] = "open"
        path.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == "open":
                return path[path.index(dep):] + [dep]
            if dep not in state:
                found = visit(dep, path)
                if found:
                    return found
        path.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node, [])
            if found:
                return found
    return None


def test_op_modules_import_each_other_without_cycles():
    # The op modules register ops as they are imported: module-level imports among them must
    # form a DAG (a later module needed by a gradient is imported inside the function).
    files = _sources("ops")
    modules = {_module_name(p) for p in files}
    graph = {_module_name(p): {name for name, top in _imports(p)
                               if top and name in modules and name != _module_name(p)}
             for p in files}
    assert _import_cycle(graph) is None


@pytest.mark.parametrize("graph, has_cycle", [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, False),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True),
    ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, False),
    ({"a": set(), "b": {"b2"}, "b2": {"b"}}, True),
])
def test_import_cycle_finder(graph, has_cycle):
    assert (_import_cycle(graph) is not None) is has_cycle


@pytest.mark.parametrize("source, target, module_level_only, expected", [
    ("import interflow.notebook.render\n", "interflow.notebook", False, True),
    ("from interflow import notebook\n", "interflow.notebook", False, True),
    ("from ..notebook import magics\n", "interflow.notebook", False, True),
    ("def f():\n    from interflow.ops import math_ops\n", "interflow.ops", True, False),
    ("def f():\n    from interflow.ops import math_ops\n", "interflow.ops", False, True),
    ("if True:\n    import interflow.ops.array_ops as a\n", "interflow.ops", True, True),
    ("from interflow.framework import ops_helpers\n", "interflow.ops", False, False),
    ("import numpy as np\n", "interflow.notebook", False, False),
])
def test_layering_scanner(tmp_path, monkeypatch, source, target, module_level_only, expected):
    # The scanner itself must see imports in every form, or the tests above prove nothing.
    probe = tmp_path / "interflow" / "execution" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert bool(_violations([probe], target, module_level_only)) is expected
