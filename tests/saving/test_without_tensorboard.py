"""Without tensorboard/protobuf installed, the core still runs and checkpoints still work; graph
files and summaries say what to install."""

from tests.saving.subprocesses import run_python

_PROGRAM = """
import sys
import warnings
for blocked in ("tensorboard", "google.protobuf", "google"):
    sys.modules[blocked] = None  # `import tensorboard` now raises ImportError

import numpy as np
import interflow as tf

x = tf.Variable([1.0, 2.0], name="x")
y = x * 3.0
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y).tolist())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        print(saver.save(sess, "model.ckpt"))
    print("warned:", "pip install interflow[tensorboard]" in str(caught[0].message))
with tf.Session() as sess:
    saver.restore(sess, "model.ckpt")
    print(sess.run(x).tolist())
print(tf.train.list_variables("."))
print(isinstance(3, tf.GraphDef))
for attempt in (lambda: tf.get_default_graph().as_graph_def(), lambda: tf.GraphDef(),
                lambda: tf.summary.scalar("s", y[0]), lambda: tf.summary.FileWriter("logs")):
    try:
        attempt()
        print("no error")
    except ImportError as e:
        print("ImportError:", "pip install interflow[tensorboard]" in str(e))
print(sorted(m for m in sys.modules if m.startswith(("google.", "tensorboard.")) and
             sys.modules[m] is not None))
"""


def test_core_and_checkpoints_work_without_protobuf(tmp_path):
    out = run_python(_PROGRAM, tmp_path).stdout.splitlines()
    assert out == ["[3.0, 6.0]", "model.ckpt", "warned: True", "[1.0, 2.0]",
                   "[('x', [2])]", "False"] + ["ImportError: True"] * 4 + ["[]"]


def _module_imports(path):
    import ast
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [node.module + "." + a.name for a in node.names]
    return names


def test_layering_framework_execution_saving_train():
    """framework <- execution <- saving (saving installs Graph.as_graph_def), protobuf only
    inside saving/summary functions, and saving never imports train (train imports saving)."""
    import pathlib
    package = pathlib.Path(__file__).resolve().parents[2] / "interflow"
    bad = []
    for sub, forbidden in [("framework", ("interflow.saving", "interflow.summary", "tensorboard",
                                          "google.protobuf")),
                           ("execution", ("interflow.saving", "interflow.summary", "tensorboard",
                                          "google.protobuf")),
                           ("saving", ("interflow.train", "interflow.summary")),
                           ("ops", ("interflow.saving", "interflow.summary"))]:
        for path in sorted((package / sub).rglob("*.py")):
            bad += ["%s imports %s" % (path.name, n) for n in _module_imports(path)
                    if n.startswith(forbidden)]
    assert bad == []
