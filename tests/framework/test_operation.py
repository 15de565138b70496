"""Operation and Tensor: attributes, names, repr, shapes, identity semantics, eval/run."""

import numpy as np
import pytest

import interflow as tf


def test_tensor_repr_and_str_as_tf1():
    x = tf.Variable(3, name="x")
    y = tf.Variable(4, name="y")
    f = x * x * y + y + 2
    assert repr(f) == "<tf.Tensor 'add_1:0' shape=() dtype=int32>"
    assert str(f) == 'Tensor("add_1:0", shape=(), dtype=int32)'
    assert repr(x) == "<tf.Variable 'x:0' shape=() dtype=int32_ref>"
    assert [op.name for op in tf.get_default_graph().get_operations()] == [
        "x/initial_value", "x", "x/Assign", "x/read", "y/initial_value", "y", "y/Assign",
        "y/read", "mul", "mul_1", "add", "add_1/y", "add_1"]


def test_operation_attributes():
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.identity(a, name="b")
    op = b.op
    assert op.name == "b" and op.type == "Identity"
    assert op.inputs == [a] and op.outputs == [b]
    assert op.graph is tf.get_default_graph()
    assert op.get_attr("T") == tf.float32
    assert b.value_index == 0 and b.name == "b:0"
    assert a.consumers() == [op]
    assert repr(op) == "<tf.Operation 'b' type=Identity>"
    assert 'op: "Identity"' in str(op.node_def) and 'input: "a"' in str(op.node_def)
    with pytest.raises(ValueError):
        op.get_attr("nope")


def test_const_value_attr_is_read_only():
    a = tf.constant([1, 2, 3])
    value = a.op.get_attr("value")
    assert value.tolist() == [1, 2, 3]
    with pytest.raises(ValueError):
        value[0] = 9


def test_tensors_hash_and_compare_by_identity():
    a = tf.constant(1)
    b = tf.constant(1)
    assert a == a and a != b
    assert {a: 1, b: 2}[a] == 1


def test_tensor_bool_and_iter_are_refused():
    a = tf.constant([1, 2])
    with pytest.raises(TypeError, match="bool"):
        bool(a)
    with pytest.raises(TypeError):
        iter(a)
    with pytest.raises(NotImplementedError):
        np.asarray(a)


def test_set_shape_narrows_and_refuses_incompatible():
    p = tf.placeholder(tf.float32, shape=[None, 3])
    p.set_shape([2, 3])
    assert p.shape.as_list() == [2, 3] and p.get_shape() is p.shape
    with pytest.raises(ValueError):
        p.set_shape([2, 4])


def test_eval_and_run_need_a_default_session():
    c = tf.constant(2)
    with pytest.raises(ValueError, match="No default session"):
        c.eval()
    with pytest.raises(ValueError, match="No default session"):
        tf.no_op().run()
    with tf.Session() as sess:
        assert c.eval() == 2
        assert c.eval(session=sess) == 2


def test_eval_with_another_graphs_session_fails():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1)
    with tf.Session():
        with pytest.raises(ValueError, match="graph is different"):
            c.eval()


def test_traceback_points_at_user_line():
    c = tf.constant(1)  # this line
    filename, lineno, _ = c.op.traceback[0]
    assert filename == __file__
    import linecache
    assert "this line" in linecache.getline(filename, lineno)


def test_tensor_pickling_is_refused_with_advice():
    import pickle
    with pytest.raises(TypeError, match="sess.run"):
        pickle.dumps(tf.constant(1))
