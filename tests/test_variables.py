"""tf.Variable: its ops and names, collections, initializers, reads and assignments in sessions,
uninitialized-use errors and report_uninitialized_variables (names checked against TF 2.21's
tf.compat.v1)."""

import numpy as np
import pytest

import interflow as tf


def op_names():
    return [op.name for op in tf.get_default_graph().get_operations()]


def run(fetches, init=True, **kwargs):
    with tf.Session() as sess:
        if init:
            sess.run(tf.global_variables_initializer())
        return sess.run(fetches, **kwargs)


# ------------------------------------------------------------------ ops, names, dtypes


def test_a_variable_is_four_ops():
    x = tf.Variable(3, name="x")
    assert op_names() == ["x/initial_value", "x", "x/Assign", "x/read"]
    assert (x.name, x.op.name, x.op.type) == ("x:0", "x", "VariableV2")
    assert (x.initializer.name, x.initializer.type) == ("x/Assign", "Assign")
    assert x.initial_value.name == "x/initial_value:0"
    assert x.value().name == "x/read:0" and x.value().op.type == "Identity"
    assert x.dtype == tf.int32_ref and x.value().dtype == tf.int32
    assert x.shape.as_list() == [] and x.get_shape().as_list() == []
    assert x.graph is tf.get_default_graph() and x.trainable
    assert repr(x) == str(x) == "<tf.Variable 'x:0' shape=() dtype=int32_ref>"
    assert tf.convert_to_tensor(x) is x.value()


def test_callable_initial_value_goes_under_initializer():
    y = tf.Variable(lambda: tf.constant([1., 2.]), name="y")
    assert op_names() == ["y/Initializer/Const", "y", "y/Assign", "y/read"]
    assert repr(y) == "<tf.Variable 'y:0' shape=(2,) dtype=float32_ref>"
    np.testing.assert_array_equal(run(y), np.array([1., 2.], np.float32))


def test_default_and_scoped_names():
    names = [tf.Variable(1., name="x").name, tf.Variable(1.).name, tf.Variable(1.).name,
             tf.Variable(1., name="x").name, tf.Variable(1., name="a/b").name]
    with tf.name_scope("ns"):
        names.append(tf.Variable(1., name="v").name)
        names.append(tf.Variable(1.).name)
    assert names == ["x:0", "Variable:0", "Variable_1:0", "x_1:0", "a/b:0", "ns/v:0",
                     "ns/Variable:0"]


@pytest.mark.parametrize("value,kwargs,dtype,shape", [
    (3, {}, tf.int32, ()),
    (3., {}, tf.float32, ()),
    (True, {}, tf.bool, ()),
    (np.float64(1.5), {}, tf.float64, ()),
    (np.zeros((2, 3), np.float16), {}, tf.float16, (2, 3)),
    ([[1, 2], [3, 4]], {"dtype": tf.int64}, tf.int64, (2, 2)),
    (1, {"dtype": tf.float32}, tf.float32, ()),
    ([1., 2., 3.], {"dtype": "float64"}, tf.float64, (3,)),
    ("hello", {}, tf.string, ()),
])
def test_dtype_and_shape_follow_the_initial_value(value, kwargs, dtype, shape):
    v = tf.Variable(value, **kwargs)
    assert v.dtype == dtype._as_ref and v.shape.as_list() == list(shape)
    got = run(v)
    if dtype == tf.string:
        assert got == b"hello"   # a 0-d string comes back as bytes, as in TF
        return
    assert np.asarray(got).dtype == dtype.as_numpy_dtype and np.shape(got) == shape
    np.testing.assert_array_equal(got, np.asarray(value, dtype=dtype.as_numpy_dtype))


def test_explicit_shape_and_validate_shape():
    v = tf.Variable(tf.constant([[1, 2], [3, 4]]), validate_shape=False, name="vs")
    assert v.shape.ndims is None
    assert repr(v) == "<tf.Variable 'vs:0' shape=<unknown> dtype=int32_ref>"
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(v), [[1, 2], [3, 4]])
        sess.run(tf.assign(v, [1, 2, 3], validate_shape=False))
        np.testing.assert_array_equal(sess.run(v), [1, 2, 3])
    u = tf.Variable(tf.placeholder_with_default([1., 2.], shape=[None]), validate_shape=False)
    assert u.shape.ndims is None
    for kwargs in ({}, {"shape": [None]}):
        with pytest.raises(ValueError, match="initial_value must have a shape specified"):
            tf.Variable(tf.placeholder_with_default([1., 2.], shape=[None]), **kwargs)
    w = tf.Variable(tf.placeholder_with_default([1., 2.], shape=[None]), shape=[None],
                    validate_shape=False)
    assert w.shape.as_list() == [None]


@pytest.mark.parametrize("build,error,message", [
    (lambda: tf.Variable(), ValueError, "initial_value must be specified."),
    (lambda: tf.Variable(1., collections="abc"), ValueError,
     "collections argument to Variable constructor must be a list, tuple, or set. Got abc of "
     "type <class 'str'>"),
    (lambda: tf.Variable(1.0, dtype=tf.int32), TypeError,
     "Expected int32, got 1.0 of type 'float' instead."),
])
def test_constructor_errors(build, error, message):
    with pytest.raises(error) as info:
        build()
    assert str(info.value) == message


def test_variables_are_made_outside_control_dependencies():
    x = tf.Variable(1., name="x")
    with tf.control_dependencies([x.initializer]):
        v = tf.Variable(1., name="cv")
        w = tf.Variable(lambda: tf.constant(2.), name="cw")
    for var in (v, w):
        assert var.initializer.control_inputs == [] and var.op.control_inputs == []
        assert var.initial_value.op.control_inputs == []


def test_variable_in_the_graph_of_its_initial_value():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.)
    v = tf.Variable(c, name="v")
    assert v.graph is g and tf.get_default_graph() is not g
    assert v.op.name == "v" and v.initial_value is c


# ------------------------------------------------------------------ collections


def test_collections():
    x = tf.Variable(1, name="x")
    z = tf.Variable([1., 2.], trainable=False, collections=["mine", tf.GraphKeys.GLOBAL_VARIABLES])
    w = tf.Variable(1., collections=["other"])
    t1 = tf.Variable(1., collections=("t1",))
    t2 = tf.Variable(1., collections={"t2"}, trainable=False)
    assert tf.global_variables() == [x, z]
    assert tf.trainable_variables() == [x, w, t1]
    assert tf.get_collection("mine") == [z] and tf.get_collection("other") == [w]
    assert tf.get_collection("t1") == [t1] and tf.get_collection("t2") == [t2]
    assert not z.trainable and w.trainable
    assert tf.local_variables() == [] and tf.model_variables() == []
    assert tf.all_variables() == tf.global_variables()
    assert sorted(tf.get_default_graph().get_all_collection_keys()) == [
        "mine", "other", "t1", "t2", "trainable_variables", "variables"]


def test_collection_scope_filter():
    u1 = tf.Variable(1., name="u1")
    tf.Variable(1., name="v1")
    with tf.name_scope("u"):
        u2 = tf.Variable(1., name="w")
    assert tf.global_variables("u") == [u1, u2]
    assert tf.trainable_variables("u/") == [u2]


# ------------------------------------------------------------------ initializers


def test_global_variables_initializer_is_a_noop_named_init():
    x = tf.Variable(3, name="x")
    y = tf.Variable(lambda: tf.constant([1., 2.]), name="y")
    z = tf.Variable([1., 2.], trainable=False)
    init = tf.global_variables_initializer()
    assert (init.name, init.type) == ("init", "NoOp")
    assert init.control_inputs == [x.initializer, y.initializer, z.initializer]
    assert list(init.inputs) == [] and init.outputs == []
    assert tf.global_variables_initializer().name == "init_1"
    assert tf.initialize_all_variables().name == "init_2"
    empty = tf.variables_initializer([])
    assert (empty.name, empty.type, empty.control_inputs) == ("init_3", "NoOp", [])
    foo = tf.variables_initializer([x], name="foo")
    assert (foo.name, foo.type, foo.control_inputs) == ("foo", "NoOp", [x.initializer])
    local = tf.local_variables_initializer()
    assert (local.type, local.control_inputs) == ("NoOp", [])
    with tf.Session() as sess:
        assert sess.run(init) is None
        assert sess.run([x, z])[0] == 3


def test_local_variables_initializer():
    v = tf.Variable(5, collections=[tf.GraphKeys.LOCAL_VARIABLES], name="loc")
    assert tf.local_variables() == [v] and tf.global_variables() == []
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(v) == 5


def test_uninitialized_use_names_the_variable_and_the_fix():
    x = tf.Variable(3, name="x")
    fetches = [(x, "x"), (x + 1, "x"), (x.assign_add(1), "AssignAdd"), (x.read_value(), "x")]
    with tf.Session() as sess:
        for fetch, failing_op in fetches:
            with pytest.raises(tf.errors.FailedPreconditionError) as info:
                sess.run(fetch)
            message = str(info.value)
            assert message.startswith("Attempting to use uninitialized value x")
            assert "tf.global_variables_initializer()" in message
            assert info.value.op.name == failing_op
        # The session is still usable.
        sess.run(x.initializer)
        assert sess.run(x) == 3 and sess.run(x + 1) == 4


def test_sessions_keep_their_own_variable_values():
    x = tf.Variable(3, name="x")
    add = x.assign_add(10)
    sess1, sess2 = tf.Session(), tf.Session()
    try:
        sess1.run(x.initializer)
        sess1.run(add)
        with pytest.raises(tf.errors.FailedPreconditionError):
            sess2.run(x)
        sess2.run(tf.global_variables_initializer())
        assert (sess1.run(x), sess2.run(x)) == (13, 3)
    finally:
        sess1.close()
        sess2.close()
    with tf.Session() as sess3:
        with pytest.raises(tf.errors.FailedPreconditionError):
            sess3.run(x)


def test_initialized_value_initializes_first():
    x = tf.Variable(3, name="x")
    y = tf.Variable(x.initialized_value() + 1, name="y")
    with tf.Session() as sess:
        assert sess.run(y.initializer) is None
        assert sess.run(y) == 4


def test_initial_values_reading_other_variables_with_the_global_initializer():
    x = tf.Variable(3, name="x")
    y = tf.Variable(x + 1, name="y")
    z = tf.Variable(y * x, name="z")
    assert run([x, y, z]) == [3, 4, 12]


def test_is_variable_initialized():
    x = tf.Variable(3, name="x")
    flag = tf.is_variable_initialized(x)
    assert flag.name == "IsVariableInitialized:0" and flag.dtype == tf.bool
    with tf.Session() as sess:
        assert sess.run(flag) == np.False_
        sess.run(x.initializer)
        assert sess.run(flag) == np.True_


# ------------------------------------------------------------------ reading and assigning


def test_assign_methods_names_dtypes_and_values():
    x = tf.Variable(3, name="x")
    a = x.assign(5)
    a2 = x.assign_add(2)
    a3 = x.assign_sub(1)
    a4 = x.assign(9, read_value=False)
    a5 = x.assign(7, name="myassign")
    assert (a.name, a.op.type, a.dtype) == ("Assign:0", "Assign", tf.int32_ref)
    assert (a2.name, a2.op.type, a2.dtype) == ("AssignAdd:0", "AssignAdd", tf.int32_ref)
    assert (a3.name, a3.op.type) == ("AssignSub:0", "AssignSub")
    assert isinstance(a4, tf.Operation) and a4.name == "Assign_1"
    assert a5.name == "myassign:0" and [t.name for t in a5.op.inputs] == ["x:0",
                                                                        "myassign/value:0"]
    with tf.Session() as sess:
        sess.run(x.initializer)
        assert [sess.run(a), sess.run(a2), sess.run(a3)] == [5, 7, 6]
        assert sess.run(a4) is None and sess.run(x) == 9
        got = sess.run(a5)
        assert got == 7 and type(got) is np.int32


def test_assign_errors_at_build_time():
    x = tf.Variable(3, name="x")
    with pytest.raises(ValueError, match=r"Shapes must be equal rank, but are 0 and 1"):
        x.assign([1, 2])
    with pytest.raises(TypeError):
        x.assign(1.5)


def test_reads_value_read_value_and_eval():
    x = tf.Variable(3, name="x")
    r1, r2 = x.read_value(), x.read_value()
    assert (r1.name, r2.name, r1.op.type, r1.dtype) == ("read:0", "read_1:0", "Identity",
                                                        tf.int32)
    with pytest.raises(ValueError, match="No default session is registered"):
        x.eval()
    with tf.Session() as sess:
        sess.run(x.initializer)
        assert x.eval(session=sess) == 3
        assert x.eval() == 3 and x.value().eval() == 3 and r1.eval() == 3


def test_load_writes_without_adding_ops():
    x = tf.Variable([1, 2], name="x")
    before = op_names()
    with pytest.raises(ValueError, match="Either session argument should be provided"):
        x.load([3, 4])
    with tf.Session() as sess:
        sess.run(x.initializer)
        x.load([5, 6], sess)
        np.testing.assert_array_equal(sess.run(x), [5, 6])
        x.load(np.array([7, 8]))
        np.testing.assert_array_equal(sess.run(x), [7, 8])
    assert op_names() == before


def test_reads_after_an_assign_in_control_dependencies_see_the_new_value():
    # The TF1 idiom `with tf.control_dependencies([update]): return tf.identity(v)`.
    x = tf.Variable(1, name="x")
    update = tf.assign(x, 5)
    with tf.control_dependencies([update]):
        reads = [tf.identity(x), x + 0, x.read_value()]
    for read in reads:
        with tf.Session() as sess:
            sess.run(x.initializer)
            assert sess.run(read) == 5


def test_counter_program():
    counter = tf.Variable(0, name="counter")
    increment = tf.assign(counter, counter + 1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert [sess.run(increment) for _ in range(3)] == [1, 2, 3]
        assert sess.run(counter) == 3


def test_fetched_values_do_not_alias_the_variable():
    x = tf.Variable([1., 2.], name="x")
    with tf.Session() as sess:
        sess.run(x.initializer)
        got = sess.run(x)
        got[0] = 100.
        assigned = sess.run(x.assign([3., 4.]))
        assigned[1] = 100.
        np.testing.assert_array_equal(sess.run(x), [3., 4.])
        np.testing.assert_array_equal(got, [100., 2.])


# ------------------------------------------------------------------ operators


@pytest.mark.parametrize("expr,name,oracle", [
    (lambda x: x + 1, "add:0", lambda v: v + 1),
    (lambda x: 2 * x, "mul:0", lambda v: 2 * v),
    (lambda x: x - 1, "sub:0", lambda v: v - 1),
    (lambda x: 5 - x, "sub:0", lambda v: 5 - v),
    (lambda x: x * x, "mul:0", lambda v: v * v),
    (lambda x: -x, "Neg:0", lambda v: -v),
    (lambda x: abs(x), "Abs:0", np.abs),
    (lambda x: x / 2, "truediv:0", lambda v: v / 2),
    (lambda x: 2 / x, "truediv:0", lambda v: 2 / v),
    (lambda x: x // 2, "floordiv:0", lambda v: v // 2),
    (lambda x: x % 2, "mod:0", lambda v: v % 2),
    (lambda x: x ** 2, "pow:0", lambda v: v ** 2),
    (lambda x: 2 ** x, "pow:0", lambda v: 2 ** v),
    (lambda x: x < 1, "Less:0", lambda v: v < 1),
    (lambda x: x >= 1, "GreaterEqual:0", lambda v: v >= 1),
    (lambda x: tf.add(x, 1), "Add:0", lambda v: v + 1),
])
def test_operators_read_the_snapshot(expr, name, oracle):
    value = np.array([[1.5, -2.], [3., 4.]], np.float32)
    x = tf.Variable(value, name="x")
    t = expr(x)
    assert t.name == name
    assert x.value() in t.op.inputs
    got = run(t)
    expected = oracle(value)
    assert got.dtype == expected.dtype and got.dtype == t.dtype.as_numpy_dtype
    np.testing.assert_allclose(got, expected)


def test_variable_identity_semantics():
    a, b = tf.Variable(1., name="a"), tf.Variable(1., name="b")
    assert a != b and len({a: 1, b: 2}) == 2
    with pytest.raises(TypeError, match="not iterable"):
        iter(a)


def test_to_proto_and_back():
    with tf.name_scope("outer"):
        v = tf.Variable(2., name="v")
    proto = v.to_proto()
    assert proto == {"variable_name": "outer/v:0", "initializer_name": "outer/v/Assign",
                     "snapshot_name": "outer/v/read:0",
                     "initial_value_name": "outer/v/initial_value:0", "trainable": True}
    assert v.to_proto(export_scope="outer")["variable_name"] == "v:0"
    w = tf.Variable(variable_def=proto)
    assert w.op is v.op and w.initializer is v.initializer and w.value() is v.value()
    assert run(w) == 2.


# ------------------------------------------------------------------ report_uninitialized


def test_report_uninitialized_variables():
    u1, u2 = tf.Variable(1., name="u1"), tf.Variable(2., name="u2")
    report = tf.report_uninitialized_variables([u1, u2])
    assert report.dtype == tf.string and report.shape.as_list() == [None]
    # Built from TF's own ops, named as TF 2.21 names them (so the graph opens in TF).
    assert report.name == "report_uninitialized_variables/boolean_mask/GatherV2:0"
    assert [op.name for op in tf.get_default_graph().get_operations()
            if op.type in ("IsVariableInitialized", "Pack", "LogicalNot", "Where")] == [
        "report_uninitialized_variables/IsVariableInitialized",
        "report_uninitialized_variables/IsVariableInitialized_1",
        "report_uninitialized_variables/stack", "report_uninitialized_variables/LogicalNot",
        "report_uninitialized_variables/boolean_mask/concat/values_1",
        "report_uninitialized_variables/boolean_mask/Where"]
    with tf.Session() as sess:
        got = sess.run(report)
        assert got.dtype == object
        np.testing.assert_array_equal(got, np.array([b"u1", b"u2"], dtype=object))
        sess.run(u1.initializer)
        np.testing.assert_array_equal(sess.run(report), np.array([b"u2"], dtype=object))
        sess.run(u2.initializer)
        got = sess.run(report)
        assert got.shape == (0,) and got.dtype == object


def test_report_uninitialized_defaults_and_empty_list():
    empty = tf.report_uninitialized_variables([])
    assert empty.name == "report_uninitialized_variables/Const:0"
    assert empty.dtype == tf.string and empty.shape.as_list() == [0]
    a = tf.Variable(1., name="a")
    loc = tf.Variable(1., name="loc", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    report = tf.report_uninitialized_variables()
    assert report.op.name == "report_uninitialized_variables_1/boolean_mask/GatherV2"
    with tf.Session() as sess:
        got = sess.run(empty)
        assert got.shape == (0,) and got.dtype == object
        assert list(sess.run(report)) == [b"a", b"loc"]
        sess.run([a.initializer, loc.initializer])
        assert list(sess.run(report)) == []
