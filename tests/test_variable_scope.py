"""variable_scope and get_variable: names, reuse rules, scope re-entry, defaults and errors.

Every expected name and message here was recorded from TensorFlow 2.21's tf.compat.v1 running
the same code (except the missing-shape message, which is TF 1.x's wording)."""

import threading

import numpy as np
import pytest

import interflow as tf

C = tf.constant_initializer(1.)


def gv(name, shape=(1,), **kwargs):
    kwargs.setdefault("initializer", C)
    return tf.get_variable(name, shape, **kwargs)


def op_names():
    return [op.name for op in tf.get_default_graph().get_operations()]


def variable_ops(name, init="Initializer/Const"):
    return [name + "/" + init, name, name + "/Assign", name + "/read"]


# ------------------------------------------------------------------ the seed programs


def test_seed_extra_material_get_variable_versus_variable():
    with tf.variable_scope("my_scope"):
        x0 = tf.get_variable("x", shape=(), initializer=tf.constant_initializer(0.))
        x1 = tf.Variable(0., name="x")
        x2 = tf.Variable(0., name="x")
    with tf.variable_scope("my_scope", reuse=True):
        x3 = tf.get_variable("x")
        x4 = tf.Variable(0., name="x")
    with tf.variable_scope("", default_name="", reuse=True):
        x5 = tf.get_variable("my_scope/x")
    assert [x.op.name for x in (x0, x1, x2, x3, x4, x5)] == [
        "my_scope/x", "my_scope/x_1", "my_scope/x_2", "my_scope/x", "my_scope_1/x", "my_scope/x"]
    assert x0 is x3 and x3 is x5
    assert op_names() == (variable_ops("my_scope/x")
                          + variable_ops("my_scope/x_1", "initial_value")
                          + variable_ops("my_scope/x_2", "initial_value")
                          + variable_ops("my_scope_1/x", "initial_value"))
    assert repr(x0) == "<tf.Variable 'my_scope/x:0' shape=() dtype=float32_ref>"
    assert sorted(tf.get_default_graph().get_all_collection_keys()) == [
        "trainable_variables", "variables"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(x5) == 0.0 and sess.run(x5).dtype == np.float32


def test_seed_sharing_get_variable_three_ways():
    with tf.variable_scope("relu"):
        first = tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
    with tf.variable_scope("relu", reuse=True):
        second = tf.get_variable("threshold")
    with tf.variable_scope("relu") as scope:
        scope.reuse_variables()
        third = tf.get_variable("threshold")
        assert scope.reuse is True and scope.name == "relu"
        assert scope.original_name_scope == "relu_2/"
    assert first is second is third
    assert str(first) == repr(first) == \
        "<tf.Variable 'relu/threshold:0' shape=() dtype=float32_ref>"
    assert op_names() == variable_ops("relu/threshold")


def relu_block(X):
    threshold = tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
    w_shape = (int(X.get_shape()[1]), 1)
    w = tf.Variable(tf.random_normal(w_shape), name="weights")
    b = tf.Variable(0.0, name="bias")
    z = tf.add(tf.matmul(X, w), b, name="z")
    return tf.maximum(z, threshold, name="max")


def relu_ops(scope):
    rn = scope + "/random_normal"
    return ([rn + "/shape", rn + "/mean", rn + "/stddev", rn + "/RandomStandardNormal",
             rn + "/mul", rn]
            + [scope + "/weights", scope + "/weights/Assign", scope + "/weights/read"]
            + variable_ops(scope + "/bias", "initial_value")
            + [scope + "/MatMul", scope + "/z", scope + "/max"])


def test_seed_sharing_inside_reuse_from_the_second_iteration():
    X = tf.placeholder(tf.float32, shape=(None, 3), name="X")
    relus = []
    for relu_index in range(5):
        with tf.variable_scope("relu", reuse=(relu_index >= 1)):
            relus.append(relu_block(X))
    output = tf.add_n(relus, name="output")
    expected = ["X"] + variable_ops("relu/threshold")
    for scope in ["relu", "relu_1", "relu_2", "relu_3", "relu_4"]:
        expected += relu_ops(scope)
    assert op_names() == expected + ["output"]
    assert [v.name for v in tf.global_variables()] == ["relu/threshold:0"] + [
        "%s/%s:0" % (s, n) for s in ["relu", "relu_1", "relu_2", "relu_3", "relu_4"]
        for n in ("weights", "bias")]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(output, {X: np.ones((2, 3))})
    assert out.shape == (2, 1) and out.dtype == np.float32 and (out >= 0).all()


def test_seed_sharing_outside_threshold_created_first():
    def relu(X):
        with tf.variable_scope("relu", reuse=True):
            threshold = tf.get_variable("threshold")
            w = tf.Variable(tf.random_normal((int(X.get_shape()[1]), 1)), name="weights")
            b = tf.Variable(0.0, name="bias")
            z = tf.add(tf.matmul(X, w), b, name="z")
            return tf.maximum(z, threshold, name="max")

    X = tf.placeholder(tf.float32, shape=(None, 3), name="X")
    with tf.variable_scope("relu"):
        tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
    relus = [relu(X) for _ in range(5)]
    output = tf.add_n(relus, name="output")
    expected = ["X"] + variable_ops("relu/threshold")
    for scope in ["relu_1", "relu_2", "relu_3", "relu_4", "relu_5"]:
        expected += relu_ops(scope)
    assert op_names() == expected + ["output"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(output, {X: np.zeros((2, 3))}),
                                      np.zeros((2, 1), np.float32))


# ------------------------------------------------------------------ names


def test_get_variable_ignores_name_scopes_other_ops_do_not():
    with tf.name_scope("ns"):
        with tf.variable_scope("vs") as scope:
            v = gv("v")
            a = tf.add(v, v, name="add")
            w = tf.Variable(1., name="w")
            assert tf.get_variable_scope() is scope
    assert (v.name, a.name, w.name) == ("vs/v:0", "ns/vs/add:0", "ns/vs/w:0")
    assert (scope.name, scope.original_name_scope) == ("vs", "ns/vs/")
    assert op_names() == variable_ops("vs/v") + ["ns/vs/add"] + variable_ops("ns/vs/w",
                                                                          "initial_value")


def test_get_variable_inside_a_name_scope_only():
    with tf.name_scope("only_ns"):
        v = gv("v")
    assert v.name == "v:0" and v.initializer.name == "v/Assign"


def test_variable_and_get_variable_sharing_a_name():
    with tf.variable_scope("m"):
        a = tf.Variable(1., name="v")
        b = gv("v")   # the store key is m/v; the op name had to be made unique
    assert (a.name, b.name) == ("m/v:0", "m/v_1:0")
    with tf.variable_scope("m", reuse=True):
        assert gv("v") is b


def test_reentering_scopes_by_object_and_by_string():
    with tf.variable_scope("a") as sa:
        tf.add(1, 2, name="add")
    with tf.variable_scope(sa) as s2:
        v = gv("v")
        c = tf.add(1, 2, name="add")
    assert (v.name, c.name, s2.name, s2.original_name_scope) == ("a/v:0", "a_1/add:0", "a", "a/")
    assert s2 is not sa
    with tf.variable_scope(sa, auxiliary_name_scope=False) as s3:
        assert tf.add(1, 2, name="add").name == "add:0"
        assert s3.original_name_scope == "a/"
    with tf.variable_scope("a") as s4:
        assert tf.add(1, 2, name="add").name == "a_2/add:0"
        assert s4.original_name_scope == "a_2/"
    with tf.variable_scope("outer"):
        with tf.variable_scope(sa) as s5:
            c = tf.add(1, 2, name="add")
            v2 = gv("v2")
        assert (c.name, v2.name, s5.name, s5.original_name_scope) == (
            "outer/a/add:0", "a/v2:0", "a", "a/")
        with tf.variable_scope("a") as s6:
            c = tf.add(1, 2, name="add")
        assert (c.name, s6.name, s6.original_name_scope) == ("outer/a_1/add:0", "outer/a",
                                                             "outer/a_1/")
    with tf.variable_scope("b", auxiliary_name_scope=False) as s7:
        assert tf.add(1, 2, name="add").name == "add_1:0"
    assert (s7.name, s7.original_name_scope) == ("b", "")
    with tf.name_scope("q"):
        with tf.variable_scope("b", auxiliary_name_scope=False) as s8:
            assert tf.add(1, 2, name="add").name == "q/add:0"
    assert (s8.name, s8.original_name_scope) == ("b", "q/")


def test_entering_the_same_variable_scope_object_twice():
    cm = tf.variable_scope("cm")
    with cm as s1:
        assert tf.add(1, 2, name="add").name == "cm/add:0"
    with cm as s2:
        assert tf.add(1, 2, name="add").name == "cm_1/add:0"
    assert s1.original_name_scope == s2.original_name_scope == "cm/"
    assert s1 is not s2
    dd = tf.variable_scope(None, default_name="dd")
    with dd as s:
        assert (s.name, s.original_name_scope) == ("dd", "dd/")
    with dd as s:   # the unique default name is chosen once
        assert (s.name, s.original_name_scope) == ("dd", "dd/")
        assert tf.add(1, 2, name="add").name == "dd_1/add:0"


def test_default_names_count_variable_scopes_apart_from_name_scopes():
    with tf.name_scope("foo"):
        pass
    seen = []
    for _ in range(3):
        with tf.variable_scope(None, default_name="foo") as s:
            seen.append((s.name, s.original_name_scope, tf.add(1, 2, name="add").name))
    assert seen == [("foo", "foo_1/", "foo_1/add:0"), ("foo_1", "foo_2/", "foo_2/add:0"),
                    ("foo_2", "foo_3/", "foo_3/add:0")]
    with tf.variable_scope("bar"):
        pass
    with tf.variable_scope(None, default_name="bar") as s:
        assert (s.name, s.original_name_scope) == ("bar_1", "bar_1/")
    with tf.variable_scope("outer"):
        with tf.variable_scope(None, default_name="baz") as s:
            assert s.name == "outer/baz"
        with tf.variable_scope(None, default_name="baz") as s:
            assert s.name == "outer/baz_1"
    with tf.variable_scope("outer"):   # leaving "outer" forgot its sub-scopes
        with tf.variable_scope(None, default_name="baz") as s:
            assert (s.name, s.original_name_scope) == ("outer/baz", "outer_1/baz/")
    with tf.variable_scope("zzz", default_name="ignored") as s:
        assert s.name == "zzz"


def test_empty_scope_with_reuse_reaches_the_root():
    with tf.variable_scope("", default_name="", reuse=True) as s:
        got = (s.name, s.original_name_scope, tf.add(1, 2, name="add").name, s.reuse)
    assert got == ("", "", "add:0", True)


def test_empty_string_scopes():
    with tf.variable_scope("") as s:
        assert (s.name, s.original_name_scope, s.reuse) == ("", "", False)
        assert tf.add(1, 2, name="add").name == "add:0"
    with tf.name_scope("nn"):
        with tf.variable_scope("") as s:
            assert tf.add(1, 2, name="add").name == "nn/add:0"
    with tf.variable_scope("a"):
        with tf.variable_scope("") as s:   # TF's quirk: the name gets a trailing slash
            assert (s.name, s.original_name_scope) == ("a/", "")
            assert tf.add(1, 2, name="add").name == "a/add:0"


def test_root_scope_and_scope_properties():
    root = tf.get_variable_scope()
    assert (root.name, root.original_name_scope, root.reuse, root.dtype) == ("", "", False,
                                                                            tf.float32)
    assert root.initializer is None and root.regularizer is None
    assert isinstance(root, tf.VariableScope)
    with tf.variable_scope("s1"):
        with tf.variable_scope("s2") as s:
            assert (s.name, s.original_name_scope, tf.get_variable_scope().name) == (
                "s1/s2", "s1/s2/", "s1/s2")
    assert tf.get_variable_scope() is root


# ------------------------------------------------------------------ reuse


def test_reuse_is_inherited_and_cannot_be_turned_off():
    with tf.variable_scope("r") as r0:
        assert r0.reuse is False
        with tf.variable_scope("r2", reuse=True) as r1:
            assert r1.reuse is True
            with tf.variable_scope("r3", reuse=False) as r2:
                assert r2.reuse is True
            with tf.variable_scope("r4") as r3:
                assert r3.reuse is True
            with tf.variable_scope("r5", reuse=tf.AUTO_REUSE) as r4:
                assert r4.reuse is tf.AUTO_REUSE
        with tf.variable_scope("r6", reuse=tf.AUTO_REUSE) as r5:
            assert r5.reuse is tf.AUTO_REUSE
            with tf.variable_scope("r7", reuse=True) as r6:
                assert r6.reuse is True
            with tf.variable_scope("r8") as r7:
                assert r7.reuse is tf.AUTO_REUSE
            with tf.variable_scope("r8b", reuse=False) as r7:
                assert r7.reuse is tf.AUTO_REUSE
        with tf.variable_scope(r1) as r8:
            assert r8.reuse is True
        with tf.variable_scope(r1, reuse=False) as r8:
            assert r8.reuse is True
        with tf.variable_scope(r0, reuse=True) as r9:
            assert r9.reuse is True and r0.reuse is False
        r0.reuse_variables()
        assert r0.reuse is True and tf.get_variable_scope().reuse is True
    assert tf.get_variable_scope().reuse is False
    assert repr(tf.AUTO_REUSE) == "<_ReuseMode.AUTO_REUSE: 1>"


def test_auto_reuse_creates_then_shares():
    def make():
        with tf.variable_scope("au", reuse=tf.AUTO_REUSE):
            return gv("v", [2])
    a, b = make(), make()
    assert a is b
    assert op_names() == variable_ops("au/v")
    with tf.variable_scope("au", reuse=tf.AUTO_REUSE):
        assert tf.get_variable("v") is a
        assert tf.get_variable("v", [None]) is a
        with pytest.raises(ValueError, match=r"^Trying to share variable au/v, but specified "
                           r"shape \(3,\) and found shape \(2,\)\.$"):
            gv("v", [3])
        with pytest.raises(ValueError, match=r"^Trying to share variable au/v, but specified "
                           r"dtype float64 and found dtype float32_ref\.$"):
            tf.get_variable("v", dtype=tf.float64)


def test_reuse_true_returns_the_same_variable_and_values():
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [2, 3])
    with tf.variable_scope("layer", reuse=True):
        w2 = tf.get_variable("w", [2, 3])
    assert w is w2
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(w), sess.run(w2))


# ------------------------------------------------------------------ errors


def test_creating_an_existing_variable_names_where_it_was_defined():
    with tf.variable_scope("my_scope"):
        tf.get_variable("x", shape=(), initializer=C)  # the line the error quotes
    with pytest.raises(ValueError) as info:
        with tf.variable_scope("my_scope"):
            gv("x", shape=())
    message = str(info.value)
    assert message.startswith(
        "Variable my_scope/x already exists, disallowed. Did you mean to set reuse=True or "
        "reuse=tf.AUTO_REUSE in VarScope? Originally defined at:\n\n  File \"")
    assert __file__ in message
    assert message.endswith("in test_creating_an_existing_variable_names_where_it_was_defined\n"
                            "    tf.get_variable(\"x\", shape=(), initializer=C)  # the line the "
                            "error quotes\n")


def get_in_scope(scope, name, **kwargs):
    with tf.variable_scope(scope, **kwargs):
        return tf.get_variable(name)


@pytest.mark.parametrize("build,error,message", [
    (lambda: get_in_scope("relu", "threshold", reuse=True), ValueError,
     "Variable relu/threshold does not exist, or was not created with tf.get_variable(). Did "
     "you mean to set reuse=tf.AUTO_REUSE in VarScope?"),
    (lambda: tf.get_variable("z"), ValueError,
     "Shape of a new variable (z) must be fully defined, but instead was <unknown>."),
    (lambda: tf.get_variable("z", initializer=C), ValueError,
     "Shape of a new variable (z) must be fully defined, but instead was <unknown>."),
    (lambda: tf.get_variable("z", shape=[None, 3]), ValueError,
     "Shape of a new variable (z) must be fully defined, but instead was (?, 3)."),
    (lambda: tf.get_variable("z", shape=[2], initializer=tf.constant([1., 2.])), ValueError,
     "If initializer is a constant, do not specify shape."),
    (lambda: tf.get_variable("z", initializer=tf.constant([1., 2.]), dtype=tf.int32),
     ValueError, "Initializer type '<dtype: 'float32'>' and explicit dtype '<dtype: 'int32'>' "
     "don't match."),
    (lambda: tf.get_variable("z", initializer=[1, 2], dtype=tf.float32), ValueError,
     "Initializer type '<dtype: 'int32'>' and explicit dtype '<dtype: 'float32'>' don't "
     "match."),
    (lambda: tf.get_variable("z", shape=[2], dtype=tf.complex64), ValueError,
     "An initializer for variable z of <dtype: 'complex64'> is required"),
    (lambda: gv("z", collections="abc"), ValueError,
     "collections argument to Variable constructor must be a list, tuple, or set. Got abc of "
     "type <class 'str'>"),
    (lambda: gv("z", custom_getter=3), ValueError,
     "Passed a custom_getter which is not callable: 3"),
    (lambda: tf.variable_scope(None), TypeError,
     "If default_name is None then name_or_scope is required"),
    (lambda: tf.variable_scope(None, default_name="r", reuse=True).__enter__(), ValueError,
     "reuse=True cannot be used without a name_or_scope"),
    (lambda: tf.variable_scope("x", reuse=3), ValueError,
     "The reuse parameter must be True or False or None."),
    (lambda: tf.variable_scope(3).__enter__(), TypeError,
     "VariableScope: name_or_scope must be a string or VariableScope."),
    (lambda: tf.variable_scope("x", auxiliary_name_scope=1), TypeError,
     "The auxiliary_name_scope must be `True` or `False`, while get 1"),
])
def test_errors(build, error, message):
    with pytest.raises(error) as info:
        build()
    assert str(info.value) == message


def test_shape_and_dtype_mismatch_on_reuse():
    gv("x", shape=(3,))
    tf.get_variable_scope().reuse_variables()
    with pytest.raises(ValueError) as info:
        gv("x", shape=(2,))
    assert str(info.value) == ("Trying to share variable x, but specified shape (2,) and found "
                               "shape (3,).")
    with pytest.raises(ValueError) as info:
        gv("x", shape=(3,), dtype=tf.int32, initializer=tf.constant_initializer(1))
    assert str(info.value) == ("Trying to share variable x, but specified dtype int32 and found "
                               "dtype float32_ref.")


def test_failed_scope_entry_leaves_no_scope_open():
    with pytest.raises(ValueError):
        with tf.variable_scope(None, default_name="r", reuse=True):
            pass
    assert tf.get_variable_scope().name == ""
    assert tf.get_default_graph().get_name_scope() == ""
    a, b = tf.variable_scope("n1"), tf.variable_scope("n2")
    a.__enter__()
    b.__enter__()
    try:
        with pytest.raises(RuntimeError, match="Improper nesting of variable_scope."):
            a.__exit__(None, None, None)
    finally:
        b.__exit__(None, None, None)


# ------------------------------------------------------------------ initial values


def test_initializer_values_tensors_and_functions():
    z6 = tf.get_variable("z6", initializer=tf.constant([1., 2.]))
    assert (z6.dtype, op_names()) == (tf.float32_ref, ["Const"] + variable_ops("z6")[1:])
    z7 = tf.get_variable("z7", initializer=[1, 2])
    assert (z7.dtype, z7.shape.as_list()) == (tf.int32_ref, [2])
    assert op_names()[-4:] == variable_ops("z7", "initial_value")
    z8 = tf.get_variable("z8", initializer=np.zeros((2, 3)))
    assert (z8.dtype, z8.shape.as_list()) == (tf.float64_ref, [2, 3])
    z9 = tf.get_variable("z9", initializer=lambda: tf.constant([[1, 2]]))
    assert (z9.dtype, z9.shape.as_list()) == (tf.int32_ref, [1, 2])
    assert op_names()[-4:] == variable_ops("z9")
    lst = tf.get_variable("lst", initializer=[1., 2.], dtype=tf.float32)
    # TF converts the value once to check its dtype: a stray Const at the root.
    assert op_names()[-5:] == ["Const_1"] + variable_ops("lst", "initial_value")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        z6v, z7v, z8v, z9v, lstv = sess.run([z6, z7, z8, z9, lst])
    np.testing.assert_array_equal(z6v, [1., 2.])
    assert z7v.dtype == np.int32 and z8v.dtype == np.float64 and z9v.dtype == np.int32
    np.testing.assert_array_equal(lstv, np.array([1., 2.], np.float32))


def test_validate_shape_false_gives_an_unknown_shape():
    v = tf.get_variable("unk", initializer=tf.placeholder_with_default([1., 2.], [None]),
                        validate_shape=False)
    assert v.shape.ndims is None
    with pytest.raises(ValueError, match="initial_value must have a shape specified"):
        tf.get_variable("unk2", initializer=tf.placeholder_with_default([1., 2.], [None]))


def test_shapes_may_be_tensor_shapes_or_numpy_ints():
    assert gv("a", tf.TensorShape([2, 3])).shape.as_list() == [2, 3]
    assert gv("b", [np.int64(2), 3]).shape.as_list() == [2, 3]
    assert gv("c", 4).shape.as_list() == [4]


# ------------------------------------------------------------------ scope defaults


def test_scope_initializer_and_dtype_are_defaults():
    with tf.variable_scope("d", initializer=tf.constant_initializer(2.), dtype=tf.float64) as s:
        a = tf.get_variable("a", [2])
        assert (a.dtype, s.dtype) == (tf.float64_ref, tf.float64)
        assert op_names()[-4:] == variable_ops("d/a")
        with tf.variable_scope("e"):
            b = tf.get_variable("b", [2])
            assert (b.dtype, tf.get_variable_scope().dtype) == (tf.float64_ref, tf.float64)
        s.set_initializer(tf.constant_initializer(3))
        s.set_dtype(tf.int32)
        c = tf.get_variable("c", [2])
        assert c.dtype == tf.int32_ref
        d = tf.get_variable("dd", [2], initializer=tf.constant_initializer(0.), dtype=tf.float32)
        assert d.dtype == tf.float32_ref
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        av, cv = sess.run([a, c])
    np.testing.assert_array_equal(av, np.array([2., 2.]))
    assert av.dtype == np.float64
    np.testing.assert_array_equal(cv, np.array([3, 3], np.int32))


def test_reentered_scope_keeps_its_defaults_unless_overridden():
    with tf.variable_scope("k", initializer=tf.constant_initializer(5.)) as k:
        pass
    with tf.variable_scope(k):
        a = tf.get_variable("a", [1])
    with tf.variable_scope(k, initializer=tf.constant_initializer(6.)):
        b = tf.get_variable("b", [1])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(a)[0] == 5. and sess.run(b)[0] == 6.


def test_custom_getters_see_every_argument_and_compose():
    calls = []

    def suffix(getter, name, *args, **kwargs):
        calls.append(("suffix", name, sorted(kwargs)))
        return getter(name + "_suffix", *args, **kwargs)

    def two(getter, name, *args, **kwargs):
        calls.append(("two", name))
        return getter(name + "_two", *args, **kwargs)

    with tf.variable_scope("cgs", custom_getter=suffix):
        assert gv("v").name == "cgs/v_suffix:0"
    assert calls[0] == ("suffix", "cgs/v", [
        "aggregation", "caching_device", "collections", "constraint", "dtype", "initializer",
        "partitioner", "regularizer", "reuse", "shape", "synchronization", "trainable",
        "use_resource", "validate_shape"])
    assert gv("v9", custom_getter=suffix).name == "v9_suffix:0"
    calls.clear()
    with tf.variable_scope("cgo", custom_getter=suffix):
        with tf.variable_scope("cgi", custom_getter=two):
            assert gv("v").name == "cgo/cgi/v_two_suffix:0"
    assert [c[:2] for c in calls] == [("two", "cgo/cgi/v"), ("suffix", "cgo/cgi/v_two")]


def test_regularizer_losses_are_collected_under_the_variable():
    v = gv("reg", [2, 3], regularizer=lambda t: tf.multiply(t, 0.5))
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert [t.name for t in losses] == ["reg/Regularizer/Mul:0"]
    assert op_names()[-2:] == ["reg/Regularizer/Mul/y", "reg/Regularizer/Mul"]
    with tf.variable_scope("sc", regularizer=lambda t: tf.multiply(t, 2.)):
        gv("w")
        gv("none", regularizer=tf.no_regularizer)
    assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 2
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(losses[0]), np.full((2, 3), 0.5, np.float32))


def test_collections_trainable_and_local_variables():
    nt = gv("nt", trainable=False)
    assert nt not in tf.trainable_variables() and nt in tf.global_variables()
    cc = gv("cc", collections=["mine"])
    assert cc in tf.trainable_variables() and cc not in tf.global_variables()
    assert tf.get_collection("mine") == [cc]
    loc = tf.get_local_variable("loc", [1], initializer=C)
    assert loc.name == "loc:0" and loc in tf.local_variables()
    assert loc not in tf.trainable_variables() and loc not in tf.global_variables()
    with tf.variable_scope("coll") as s:
        a = gv("a")
        b = gv("b", trainable=False)
    assert s.global_variables() == [a, b] and s.trainable_variables() == [a]
    assert s.local_variables() == []


def test_store_lives_in_the_graph_under_a_hidden_key():
    gv("x")
    graph = tf.get_default_graph()
    assert all(isinstance(k, str) for k in graph.get_all_collection_keys())
    assert len(graph.get_collection(("__variable_store",))) == 1
    g2 = tf.Graph()
    with g2.as_default():
        x2 = gv("x")   # another graph, another store: no "already exists"
        assert x2.graph is g2
    tf.reset_default_graph()
    assert gv("x").graph is tf.get_default_graph()


def test_values_from_another_graph_make_it_the_default():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.)
    with tf.variable_scope("gg", values=[c]) as s:
        assert tf.get_default_graph() is g and s.name == "gg"
        assert gv("gv").graph is g
    assert tf.get_default_graph() is not g


def test_variables_ignore_control_dependencies():
    x = tf.Variable(1., name="xx")
    with tf.control_dependencies([x.initializer]):
        v = gv("cdv")
    assert v.initializer.control_inputs == [] and v.initial_value.op.control_inputs == []


def test_variable_scopes_are_per_thread():
    seen = []
    with tf.variable_scope("main_thread"):
        t = threading.Thread(target=lambda: seen.append(tf.get_variable_scope().name))
        t.start()
        t.join()
        assert tf.get_variable_scope().name == "main_thread"
    assert seen == [""]


def test_partitioned_variables_are_refused_clearly():
    with pytest.raises(NotImplementedError, match="Partitioned variables"):
        gv("p", [10, 2], partitioner=lambda shape, dtype: [2, 1])


def test_variable_op_scope_is_variable_scope_with_values_first():
    c = tf.constant(1.)
    with tf.variable_op_scope([c], None, default_name="vop") as s:
        assert s.name == "vop" and gv("v").name == "vop/v:0"
