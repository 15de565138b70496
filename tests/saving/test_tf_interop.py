"""Graph files TensorFlow opens, and graph files TensorFlow wrote: both directions against a real
TensorFlow (run in a subprocess; skipped when none is available, see subprocesses.tf_python).

The direction TF -> interflow is also covered without TensorFlow by test_graph_def.py's
checked-in tf_linear_model.pbtxt.
"""

import json

import numpy as np
import pytest

import interflow as tf
from tests.saving.op_cases import interflow_cases as _interflow_cases
from tests.saving.subprocesses import requires_tf, run_python, run_tf

pytestmark = requires_tf

A = np.random.RandomState(0).randn(3, 4).astype(np.float32)


_TF_CHECK = """
from tensorflow.python.framework import op_def_registry
gd = tf.GraphDef()
gd.ParseFromString(open("graph.pb", "rb").read())
problems = []
for node in gd.node:
    op_def = op_def_registry.get(node.op)
    if op_def is None:
        problems.append("%s: unknown op %s" % (node.name, node.op))
        continue
    attrs = {a.name for a in op_def.attr}
    problems += ["%s (%s): attr %s not in TF's op" % (node.name, node.op, k)
                 for k in node.attr if k not in attrs and not k.startswith("_")]
    problems += ["%s (%s): missing attr %s" % (node.name, node.op, a.name) for a in op_def.attr
                 if a.name not in node.attr and not a.HasField("default_value")]
names = json.load(open("names.json"))
expected = np.load("values.npz")
tf.import_graph_def(gd, name="")
graph = tf.get_default_graph()
with tf.Session() as sess:
    sess.run("init")
    got = sess.run(names, {"inputs/a:0": np.load("a.npy")})
for key, value in got.items():
    value, want = np.asarray(value), expected[key]
    if want.dtype.kind == "S":  # serialized summaries: the same bytes
        same = value.tobytes() == want.tobytes()
    else:
        same = value.dtype == want.dtype and value.shape == want.shape and np.allclose(
            value, want, atol=1e-5)
    if not same:
        problems.append("%s: TF computed %s %s, interflow %s %s" % (
            key, value.dtype, value.shape, want.dtype, want.shape))
for op_name, device in [("on_cpu", "/device:CPU:0")]:
    if graph.get_operation_by_name(op_name).device != device:
        problems.append("device of %s lost" % op_name)
if [c.name for c in graph.get_operation_by_name("after_sum").control_inputs] != ["Sum"]:
    problems.append("control input lost")
json.dump(problems, open("problems.json", "w"))
tf.reset_default_graph()
"""


_TF_WRITES = """
rng = np.random.RandomState(0)
with tf.name_scope("inputs"):
    X = tf.placeholder(tf.float32, (None, 3), name="X")
with tf.name_scope("layer"):
    W = tf.Variable(rng.randn(3, 4).astype(np.float32), name="W")
    b = tf.Variable(tf.zeros([4]), name="b")
    hidden = tf.nn.relu(tf.matmul(X, W) + b, name="hidden")
W2 = tf.Variable(rng.randn(4, 2).astype(np.float32), name="W2")
probs = tf.nn.softmax(tf.matmul(hidden, W2[:, :2]), name="probs")
total = tf.reduce_sum(probs * tf.constant([1.0, 2.0]), axis=1, name="total")
cast = tf.cast(tf.argmax(probs, 1), tf.float32, name="cast")
stacked = tf.stack([total, cast], axis=1, name="stacked")
with tf.device("/cpu:0"):
    norm = tf.sqrt(tf.reduce_mean(tf.square(stacked)), name="norm")
init = tf.global_variables_initializer()
x_ = rng.randn(5, 3).astype(np.float32)
names = {"hidden": hidden.name, "probs": probs.name, "total": total.name, "cast": cast.name,
         "stacked": stacked.name, "norm": norm.name}
with tf.Session() as sess:
    sess.run(init)
    values = sess.run(names, {X: x_})
np.savez("tf_values.npz", **values)
np.save("x.npy", x_)
json.dump(names, open("tf_names.json", "w"))
tf.train.write_graph(tf.get_default_graph(), ".", "tf_graph.pb", as_text=False)
tf.reset_default_graph()
"""

_TF_TRAINS = """
for name in ("model", "adam"):
    saver = tf.train.import_meta_graph(name + ".ckpt.meta")
    train_op = tf.get_collection("train_op")[0]
    with tf.Session() as sess:
        sess.run("init")
        for _ in range(5):
            sess.run(train_op, {"X:0": np.load("train_x.npy"), "y:0": np.load("train_y.npy")})
        np.save(name + "_tf_theta.npy", sess.run("theta:0"))
    open(name + "_tf_restore_op.txt", "w").write(saver.saver_def.restore_op_name)
    tf.reset_default_graph()
"""

_TF_META = """
x = tf.placeholder(tf.float32, (None, 2), name="x")
w = tf.Variable([[1.0], [2.0]], name="w")
loss = tf.reduce_sum(tf.square(tf.matmul(x, w)), name="loss")
step = tf.assign_sub(w, tf.constant([[0.5], [0.5]]), name="step")
tf.add_to_collection("train_op", step.op)
tf.train.export_meta_graph("tf.meta")
"""


def _train_model(optimizer):
    rng = np.random.RandomState(3)
    x_, y_ = rng.randn(20, 3).astype(np.float32), rng.randn(20, 1).astype(np.float32)
    X = tf.placeholder(tf.float32, (None, 3), name="X")
    y = tf.placeholder(tf.float32, (None, 1), name="y")
    theta = tf.Variable([[0.1], [0.2], [0.3]], name="theta")
    error = tf.matmul(X, theta) - y
    if optimizer:  # autodiff's gradient ops, Adam's slots and ApplyAdam
        train_op = tf.train.AdamOptimizer(0.1).minimize(tf.reduce_mean(tf.square(error)))
    else:
        gradients = 2 / 20 * tf.matmul(tf.transpose(X), error)
        train_op = tf.assign(theta, theta - 0.1 * gradients, name="train").op
        tf.add_to_collection("train_op", train_op)
    return x_, y_, X, y, theta, train_op


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """Writes interflow's files, then runs TensorFlow once on all of them (its start-up takes
    seconds) and lets it write its own files."""
    d = tmp_path_factory.mktemp("interop")
    with tf.Graph().as_default():
        cases = _interflow_cases()
        with tf.Session() as sess:
            sess.run("init")
            values = sess.run(cases, {"inputs/a:0": A})
        np.savez(d / "values.npz", **{k: np.asarray(v) for k, v in values.items()})
        np.save(d / "a.npy", A)
        (d / "names.json").write_text(json.dumps({k: t.name for k, t in cases.items()}))
        tf.train.write_graph(tf.get_default_graph(), str(d), "graph.pb", as_text=False)
    for name, optimizer in [("model", False), ("adam", True)]:
        with tf.Graph().as_default():
            x_, y_, X, y, theta, train_op = _train_model(optimizer)
            np.save(d / "train_x.npy", x_)
            np.save(d / "train_y.npy", y_)
            saver = tf.train.Saver()
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                saver.save(sess, str(d / (name + ".ckpt")))
                for _ in range(5):
                    sess.run(train_op, {X: x_, y: y_})
                np.save(d / (name + "_theta.npy"), sess.run(theta))
    run_tf("import json\nimport numpy as np\n" + _TF_CHECK + _TF_WRITES + _TF_TRAINS +
           _TF_META, d)
    return d


def test_tensorflow_imports_and_runs_interflow_graphs(workdir):
    """Every node's attrs are those of TF's OpDef, and TF computes the same values."""
    assert json.loads((workdir / "problems.json").read_text()) == []


def test_interflow_imports_and_runs_tensorflow_graphs(workdir):
    graph_def = tf.GraphDef()
    graph_def.ParseFromString((workdir / "tf_graph.pb").read_bytes())
    tf.import_graph_def(graph_def, name="")
    names = json.loads((workdir / "tf_names.json").read_text())
    expected = np.load(workdir / "tf_values.npz")
    assert tf.get_default_graph().get_operation_by_name("norm").device == "/device:CPU:0"
    with tf.Session() as sess:
        sess.run("init")
        got = sess.run(names, {"inputs/X:0": np.load(workdir / "x.npy")})
    for key, value in got.items():
        assert value.dtype == expected[key].dtype and value.shape == expected[key].shape, key
        np.testing.assert_allclose(value, expected[key], rtol=1e-5, err_msg=key)


@pytest.mark.parametrize("name", ["model", "adam"])
def test_tensorflow_trains_from_an_interflow_meta_graph(workdir, name):
    """TensorFlow's import_meta_graph reads interflow's .meta (graph, collections, SaverDef),
    including autodiff's gradient ops and Adam's, and runs its train op: the values match
    interflow's for the same steps."""
    assert (workdir / (name + "_tf_restore_op.txt")).read_text() == "save/restore_all"
    np.testing.assert_allclose(np.load(workdir / (name + "_tf_theta.npy")),
                               np.load(workdir / (name + "_theta.npy")), rtol=1e-5)


def test_interflow_reads_tensorflow_meta_graphs(workdir):
    """A .meta TensorFlow wrote: graph, variables and train_op collections come back (TF's
    checkpoint values cannot: interflow reads its own checkpoint format only)."""
    saver = tf.train.import_meta_graph(str(workdir / "tf.meta"))
    # No SaverDef in the file: a new Saver over the imported variables, as TF.
    assert saver.saver_def.restore_op_name == "save/restore_all"
    assert [v.name for v in tf.global_variables()] == ["w:0"]
    train_op = tf.get_collection("train_op")[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)
        assert sess.run("loss:0", {"x:0": [[1.0, 1.0]]}) == pytest.approx(4.0)


def test_subprocess_helper_runs_interflow(tmp_path):
    assert run_python("import interflow; print(interflow.__name__)", tmp_path).stdout == \
        "interflow\n"
