"""Graph.as_graph_def, tf.import_graph_def and tf.train.write_graph."""

import os
import pathlib
import warnings

import numpy as np
import pytest

import interflow as tf
from interflow.saving.graph_io import read_graph_def
from tests.saving.op_cases import interflow_cases

DATA = pathlib.Path(__file__).parent / "data"


def _small_graph():
    with tf.name_scope("inputs"):
        x = tf.placeholder(tf.float32, (None, 3), name="x")
    c = tf.constant([[1.0, 2.0, 3.0]], name="c")
    with tf.device("/cpu:0"):
        s = tf.add(x, c, name="s")
    with tf.control_dependencies([s]):
        t = tf.identity(c, name="t")
    parts = tf.split(x, 3, axis=1, name="parts")
    u = tf.multiply(parts[1], 2.0, name="u")
    return x, s, t, u


def _node(graph_def, name):
    return next(n for n in graph_def.node if n.name == name)


# ----------------------------------------------------------------------------- as_graph_def


def test_as_graph_def_holds_tf_names_types_inputs_devices_and_attrs():
    _small_graph()
    gd = tf.get_default_graph().as_graph_def()
    assert isinstance(gd, tf.GraphDef)
    assert [n.name for n in gd.node] == [op.name for op in tf.get_default_graph().get_operations()]
    x = _node(gd, "inputs/x")
    assert x.op == "Placeholder"
    assert x.attr["dtype"].type == tf.float32.as_datatype_enum
    assert [d.size for d in x.attr["shape"].shape.dim] == [-1, 3]
    s = _node(gd, "s")
    assert (s.op, list(s.input), s.device) == ("Add", ["inputs/x", "c"], "/device:CPU:0")
    assert list(_node(gd, "t").input) == ["c", "^s"]
    assert list(_node(gd, "u").input) == ["parts:1", "u/y"]
    c = _node(gd, "c")
    np.testing.assert_array_equal(
        tf.saving.attr_value.make_ndarray(c.attr["value"].tensor), [[1.0, 2.0, 3.0]])
    assert gd.versions.producer == tf.get_default_graph().graph_def_versions["producer"]


def test_add_shapes_and_from_version():
    x = tf.placeholder(tf.float32, (None, 3), name="x")
    version = tf.get_default_graph().version
    tf.identity(x, name="later")
    gd = tf.get_default_graph().as_graph_def(add_shapes=True)
    shape = _node(gd, "later").attr["_output_shapes"].list.shape[0]
    assert [d.size for d in shape.dim] == [-1, 3]
    assert "_output_shapes" not in tf.get_default_graph().as_graph_def().node[0].attr
    newer = tf.get_default_graph().as_graph_def(from_version=version)
    assert [n.name for n in newer.node] == ["later"]


def test_session_graph_def_and_printing():
    tf.constant(1.0, name="one")
    with tf.Session() as sess:
        gd = sess.graph_def
    assert [n.name for n in gd.node] == ["one"]
    assert 'name: "one"' in str(gd) and 'op: "Const"' in str(gd)


# ----------------------------------------------------------------------------- round trip


def _run_all(graph, names, feed):
    with tf.Session(graph=graph) as sess:
        sess.run("init")
        return sess.run(names, feed)


def _assert_same_op(op1, op2):
    assert op2.type == op1.type
    assert [t.name for t in op2.inputs] == [t.name for t in op1.inputs]
    assert [c.name for c in op2.control_inputs] == [c.name for c in op1.control_inputs]
    assert op2.device == op1.device
    assert [t.dtype for t in op2.outputs] == [t.dtype for t in op1.outputs]
    assert [t.shape.as_tuple() for t in op2.outputs] == [t.shape.as_tuple() for t in op1.outputs]
    assert sorted(op2._attrs) == sorted(op1._attrs)
    for key, value in op1._attrs.items():
        other = op2._attrs[key]
        if isinstance(value, np.ndarray):
            assert other.dtype == value.dtype and other.shape == value.shape
            assert not other.flags.writeable
            assert list(other.reshape(-1)) == list(value.reshape(-1))
        elif isinstance(value, tf.TensorShape):
            assert other.as_tuple() == value.as_tuple()
        elif isinstance(value, (list, tuple)):
            assert [getattr(x, "as_tuple", lambda x=x: x)() for x in other] == \
                [getattr(x, "as_tuple", lambda x=x: x)() for x in value], (op1.name, key)
        elif isinstance(value, float):
            # AttrValue.f is a 32-bit float, in TF as here: 0.2 comes back as float32(0.2).
            assert type(other) is float and np.float32(other) == np.float32(value)
        else:
            assert other == value and type(other) is type(value), (op1.name, key)


def test_round_trip_rebuilds_every_op_as_the_wrappers_make_it():
    """Imported ops have the same type, inputs, dtypes, static shapes and attrs (same Python
    types) as the ones interflow's wrappers built, and compute the same values."""
    g1 = tf.Graph()
    with g1.as_default():
        cases = interflow_cases()
        names = {k: t.name for k, t in cases.items() if k != "seeded_random_shape"}
    gd = g1.as_graph_def()
    g2 = tf.Graph()
    with g2.as_default():
        assert tf.import_graph_def(gd, name="") is None
    assert len(g2.get_operations()) == len(g1.get_operations())
    for op1 in g1.get_operations():
        _assert_same_op(op1, g2.get_operation_by_name(op1.name))
    feed = {"inputs/a:0": np.random.RandomState(5).randn(3, 4).astype(np.float32)}
    a, b = _run_all(g1, names, feed), _run_all(g2, names, feed)
    for key in names:
        u, v = np.asarray(a[key]), np.asarray(b[key])
        assert u.dtype == v.dtype and u.shape == v.shape, key
        assert u.tobytes() == v.tobytes() if u.dtype.kind in "SO" else \
            np.array_equal(u, v, equal_nan=True), key


def test_string_constants_round_trip():
    with tf.Graph().as_default() as g1:
        tf.constant(["a", "bc", "\u00e9"], name="strings")
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(g1.as_graph_def(), name="")
        with tf.Session() as sess:
            assert list(sess.run("strings:0")) == [b"a", b"bc", "\u00e9".encode()]
    _assert_same_op(g1.get_operation_by_name("strings"), g2.get_operation_by_name("strings"))


def test_import_prefix_scope_and_return_elements():
    x, s, t, u = _small_graph()
    gd = tf.get_default_graph().as_graph_def()
    g = tf.Graph()
    with g.as_default():
        first = tf.import_graph_def(gd, return_elements=["s:0", "t"])
        assert [e.name for e in first] == ["import/s:0", "import/t"]
        assert isinstance(first[1], tf.Operation)
        second = tf.import_graph_def(gd, return_elements=["u:0"])
        assert second[0].name == "import_1/u:0"
        with tf.name_scope("outer"):
            assert tf.import_graph_def(gd, return_elements=["u:0"])[0].name == \
                "outer/import/u:0"
        tf.import_graph_def(gd, name="")
        # Clashing names are made unique, as TF does.
        clash = tf.import_graph_def(gd, name="", return_elements=["s:0", "inputs/x"])
        assert [e.name for e in clash] == ["s_1:0", "inputs/x_1"]
        assert g.get_operation_by_name("import/s").device == "/device:CPU:0"
        assert [c.name for c in g.get_operation_by_name("import/t").control_inputs] == \
            ["import/s"]


def test_input_map_replaces_inputs():
    _small_graph()
    gd = tf.get_default_graph().as_graph_def()
    g = tf.Graph()
    with g.as_default():
        fed = tf.constant([[10.0, 20.0, 30.0]], name="fed")
        s, u = tf.import_graph_def(gd, input_map={"inputs/x:0": fed},
                                   return_elements=["s:0", "u:0"])
        s2, = tf.import_graph_def(gd, input_map={"inputs/x": fed}, return_elements=["s:0"])
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(s), [[11.0, 22.0, 33.0]])
            np.testing.assert_array_equal(sess.run(u), [[40.0]])
            np.testing.assert_array_equal(sess.run(s2), [[11.0, 22.0, 33.0]])


@pytest.mark.parametrize("kwargs,error,message", [
    (dict(input_map={"nope:0": "fed"}), ValueError,
     r"Attempted to map inputs that were not found in graph_def: \[nope:0\]"),
    (dict(input_map={"inputs/x:0": "int"}), ValueError,
     "Input 0 of node import/s was passed int32 from Const:0 incompatible with expected float"),
    (dict(return_elements=["nope:0"]), ValueError,
     "Requested return tensor 'nope:0' not found in graph def"),
    (dict(return_elements=["nope"]), ValueError,
     "Requested return node 'nope' not found in graph def"),
    (dict(return_elements="s:0"), TypeError, "must be a list of strings"),
    (dict(input_map={"inputs/x:0": 3}), TypeError, "must be Tensor objects"),
])
def test_import_errors_as_tf(kwargs, error, message):
    _small_graph()
    gd = tf.get_default_graph().as_graph_def()
    with tf.Graph().as_default():
        values = {"fed": tf.constant([[1.0, 2.0, 3.0]], name="fed"), "int": tf.constant(1)}
        if "input_map" in kwargs:
            kwargs["input_map"] = {k: values.get(v, v) if isinstance(v, str) else v
                                   for k, v in kwargs["input_map"].items()}
        with pytest.raises(error, match=message):
            tf.import_graph_def(gd, **kwargs)


def test_unknown_op_type_and_bad_graph_defs():
    gd = tf.GraphDef()
    node = gd.node.add(name="foo", op="FooBarOp")
    with pytest.raises(ValueError, match="node 'foo': op type 'FooBarOp' is not registered"):
        tf.import_graph_def(gd)
    node.op = "Identity"
    node.input.append("missing")
    node.attr["T"].type = tf.float32.as_datatype_enum
    with pytest.raises(ValueError, match="Node 'foo': Unknown input node 'missing'"):
        tf.import_graph_def(gd)
    with pytest.raises(TypeError, match="must be a GraphDef proto"):
        tf.import_graph_def("hello")
    loop = tf.GraphDef()
    a = loop.node.add(name="a", op="Identity", input=["b"])
    b = loop.node.add(name="b", op="Identity", input=["a"])
    a.attr["T"].type = b.attr["T"].type = tf.float32.as_datatype_enum
    with pytest.raises(ValueError, match="cycle"):
        tf.import_graph_def(loop)


def test_nodes_in_any_order_and_empty_graph_def():
    _small_graph()
    gd = tf.get_default_graph().as_graph_def()
    shuffled = tf.GraphDef()
    shuffled.node.extend(reversed(gd.node))
    with tf.Graph().as_default():
        u, = tf.import_graph_def(shuffled, return_elements=["u:0"])
        with tf.Session() as sess:
            assert sess.run(u, {"import/inputs/x:0": [[1.0, 2.0, 3.0]]})[0, 0] == 4.0
        assert tf.import_graph_def(tf.GraphDef(), name="") is None


def test_missing_default_attrs_are_filled_in():
    x = tf.placeholder(tf.float32, (2, 2), name="x")
    tf.matmul(x, x, name="mm")
    gd = tf.get_default_graph().as_graph_def()
    del _node(gd, "mm").attr["transpose_a"]  # TF may strip default-valued attrs
    with tf.Graph().as_default():
        mm, = tf.import_graph_def(gd, return_elements=["mm:0"])
        assert mm.op.get_attr("transpose_a") is False
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(mm, {"import/x:0": [[1, 2], [3, 4]]}),
                                          [[7, 10], [15, 22]])


def test_gradient_override_names_are_kept_and_missing_ones_reported():
    x = tf.constant(2.0, name="x")
    with tf.get_default_graph().gradient_override_map({"Identity": "NotRegisteredAnywhere"}):
        tf.identity(x, name="y")
    gd = tf.get_default_graph().as_graph_def()
    assert _node(gd, "y").attr["_gradient_op_type"].s == b"NotRegisteredAnywhere"
    with tf.Graph().as_default():
        with pytest.warns(UserWarning, match="RegisterGradient\\('NotRegisteredAnywhere'\\)"):
            y, = tf.import_graph_def(gd, return_elements=["y"])
        assert y.get_attr("_gradient_op_type") == "NotRegisteredAnywhere"


# ----------------------------------------------------------------------------- write_graph


@pytest.mark.parametrize("as_text,name", [(True, "model.pbtxt"), (False, "model.pb")])
def test_write_graph_text_and_binary(tmp_path, as_text, name):
    _small_graph()
    logdir = tmp_path / "a" / "b"
    path = tf.train.write_graph(tf.get_default_graph(), str(logdir), name, as_text=as_text)
    assert path == os.path.join(str(logdir), name)
    content = pathlib.Path(path).read_bytes()
    assert content.startswith(b"node {") == as_text
    assert read_graph_def(path) == tf.get_default_graph().as_graph_def()
    again = tf.train.write_graph(tf.get_default_graph().as_graph_def(), str(logdir), name,
                                 as_text=as_text)
    assert pathlib.Path(again).read_bytes() == content
    assert sorted(os.listdir(logdir)) == [name]  # no temporary files left


def test_write_graph_program_of_the_seed(tmp_path, monkeypatch, capsys):
    """Seed 002: write_graph(sess.graph.as_graph_def(), './runs/', ...) and
    Saver().save(sess, './runs/'), then import an empty GraphDef and print sess.graph_def."""
    monkeypatch.chdir(tmp_path)
    with tf.Graph().as_default():
        with tf.name_scope("input"):
            variables_node = tf.Variable(1.0, name="variables_node")
        with tf.name_scope("output"):
            output_node = tf.mul(variables_node, 2.0, name="output_node")
        with tf.Session() as sess:
            init = tf.global_variables_initializer()
            sess.run(init)
            tf.train.write_graph(sess.graph.as_graph_def(), './runs/', 'model.pbtxt',
                                 as_text=True)
            saver = tf.train.Saver()
            saver.save(sess, './runs/')
            print(sess.run(output_node))
    with tf.Session() as sess:
        with tf.Graph().as_default():
            graph_def = tf.GraphDef()
            graph_path = './runs/model.pbtxt'  # noqa: F841  (as in the seed)
            graph = tf.import_graph_def(graph_def, name="")  # noqa: F841
        print(sess.graph_def)
    out = capsys.readouterr().out
    assert out.startswith("2.0\nversions {\n  producer: ")
    assert sorted(os.listdir("runs")) == [".meta", ".npz", "checkpoint", "model.pbtxt"]
    assert open("runs/checkpoint").read() == ('model_checkpoint_path: "."\n'
                                              'all_model_checkpoint_paths: "."\n')
    gd = read_graph_def("runs/model.pbtxt")
    assert _node(gd, "output/output_node").op == "Mul"
    with tf.Graph().as_default():
        out_t, = tf.import_graph_def(gd, return_elements=["output/output_node:0"])
        with tf.Session() as sess:
            sess.run("import/init")
            assert sess.run(out_t) == 2.0
        # As TF: the state file says "." and the prefix "runs/." exists (a directory).
        assert tf.train.latest_checkpoint("runs") == "runs/."


# ----------------------------------------------------------------------------- TF's own file


def test_a_graph_tensorflow_wrote_imports_and_runs():
    """tests/saving/data/tf_linear_model.pbtxt was written by TensorFlow (see
    make_tf_linear_model.py next to it); the expected values are what TensorFlow computed."""
    gd = read_graph_def(str(DATA / "tf_linear_model.pbtxt"))
    with tf.Graph().as_default() as g:
        tf.import_graph_def(gd, name="")
        X_ = np.array([[1., 2., 3.], [0.5, -1., 2.], [-1., 0., 1.], [2., 2., -2.]], np.float32)
        y_ = np.array([[1.], [0.], [-1.], [2.]], np.float32)
        feed = {"inputs/X:0": X_, "inputs/y:0": y_}
        assert g.get_operation_by_name("loss/rmse").device == "/device:CPU:0"
        assert g.get_tensor_by_name("model/predictions:0").shape.as_tuple() == (None, 1)
        with tf.Session() as sess:
            sess.run("init")
            pred, hidden, mse, rmse = sess.run(["model/predictions:0", "model/hidden:0",
                                                "loss/mse:0", "loss/rmse:0"], feed)
            np.testing.assert_allclose(pred, [[-1.25], [3.75], [-0.25], [-2.75]])
            np.testing.assert_allclose(hidden, [[0, 1.25], [3.75, 0], [0, 0.25], [0, 2.75]])
            assert mse == np.float32(10.5625) and rmse == np.float32(3.25)
            sess.run("step_done", feed)
            theta, mse = sess.run(["model/theta:0", "loss/mse:0"], feed)
            np.testing.assert_allclose(theta, [[1.53125], [-1.1125], [-0.05000001]], rtol=1e-6)
            np.testing.assert_allclose(mse, 1.855803, rtol=1e-6)


def test_warning_free_round_trip_of_plain_graphs():
    _small_graph()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gd = tf.get_default_graph().as_graph_def()
        with tf.Graph().as_default():
            tf.import_graph_def(gd)


def test_stripped_default_attrs_of_pack_use_tfs_default():
    tf.stack([tf.constant([1, 2]), tf.constant([3, 4])], name="stacked")
    gd = tf.get_default_graph().as_graph_def()
    del _node(gd, "stacked").attr["axis"]
    with tf.Graph().as_default():
        stacked, = tf.import_graph_def(gd, return_elements=["stacked:0"])
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(stacked), [[1, 2], [3, 4]])
    del _node(gd, "stacked").attr["N"]
    _node(gd, "stacked").op = "MirrorPad"
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="it has no attr 'mode', which interflow's kernel"):
            tf.import_graph_def(gd)
