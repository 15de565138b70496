"""Math ops against NumPy: elementwise functions, comparisons, operators, reductions, matmul,
casts; TF1's op names, dtypes and static shapes; build-time and run-time errors."""

import math
import re
import warnings

import numpy as np
import pytest

import interflow as tf

F32, F64, I32 = tf.float32, tf.float64, tf.int32
ALL = (F32, F64, I32)
FLOATS = (F32, F64)


def run(fetch, feed_dict=None, sess=None):
    """Runs `fetch` with NumPy warnings as errors, and checks the value's dtype and shape
    against the tensor's static ones."""
    own = sess is None
    sess = sess or tf.Session()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # TF returns inf/nan silently; so must we
            value = sess.run(fetch, feed_dict)
    finally:
        if own:
            sess.close()
    assert np.asarray(value).dtype == fetch.dtype.as_numpy_dtype
    assert fetch.shape.is_compatible_with(np.shape(value))
    return value


def assert_close(got, want, dtype):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape
    if dtype in FLOATS:
        rtol = 2e-5 if dtype is F32 else 1e-12
        np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol)
    else:
        np.testing.assert_array_equal(got, want)


def ops_summary(graph=None):
    graph = graph or tf.get_default_graph()
    return [(op.name, op.type) for op in graph.get_operations()]


def values(dtype, shape, low, high, seed=0, nonzero=False):
    rng = np.random.default_rng(seed)
    np_dtype = dtype.as_numpy_dtype
    if dtype is I32:
        x = rng.integers(int(math.floor(low)), int(math.ceil(high)) + 1, size=shape)
    else:
        x = rng.uniform(low, high, size=shape)
    if nonzero:
        x = np.where(x == 0, 1, x)
        x = np.where(np.abs(x) < 0.5, 0.5 * np.sign(x) + (x == 0), x)
    return np.asarray(x).astype(np_dtype)


def placeholder_for(value, name=None):
    return tf.placeholder(tf.as_dtype(value.dtype), np.shape(value), name=name)


# ------------------------------------------------------------------------ elementwise unary


def _erf(x):
    return np.vectorize(math.erf, otypes=[np.float64])(x).astype(x.dtype)


UNARY = [
    # (id, tf function, NumPy reference, allowed dtypes among ALL, domain)
    ("negative", tf.negative, np.negative, ALL, (-5, 5)),
    ("neg", tf.neg, np.negative, ALL, (-5, 5)),
    ("abs", tf.abs, np.abs, ALL, (-5, 5)),
    ("sign", tf.sign, np.sign, ALL, (-3, 3)),
    ("square", tf.square, np.square, ALL, (-5, 5)),
    ("sqrt", tf.sqrt, np.sqrt, FLOATS, (0.1, 9)),
    ("rsqrt", tf.rsqrt, lambda x: 1 / np.sqrt(x), FLOATS, (0.1, 9)),
    ("exp", tf.exp, np.exp, FLOATS, (-3, 3)),
    ("expm1", tf.expm1, np.expm1, FLOATS, (-3, 3)),
    ("log", tf.log, np.log, FLOATS, (0.1, 9)),
    ("log1p", tf.log1p, np.log1p, FLOATS, (-0.5, 3)),
    ("sin", tf.sin, np.sin, FLOATS, (-4, 4)),
    ("cos", tf.cos, np.cos, FLOATS, (-4, 4)),
    ("tan", tf.tan, np.tan, FLOATS, (-1.2, 1.2)),
    ("tanh", tf.tanh, np.tanh, FLOATS, (-4, 4)),
    ("sigmoid", tf.sigmoid, lambda x: 1 / (1 + np.exp(-x)), FLOATS, (-6, 6)),
    ("reciprocal", tf.reciprocal, np.reciprocal, FLOATS, (0.5, 4)),
    ("floor", tf.floor, np.floor, FLOATS, (-4, 4)),
    ("ceil", tf.ceil, np.ceil, FLOATS, (-4, 4)),
    ("round", tf.round, np.round, FLOATS, (-4, 4)),
    ("erf", tf.erf, _erf, FLOATS, (-2, 2)),
]
SHAPES = [(), (4,), (2, 3)]


def _with_dtypes(cases, allowed_index):
    """(case, dtype) pairs for each dtype a case allows, with readable ids."""
    return [pytest.param(c, d, id="%s-%s" % (c[0], d.name))
            for c in cases for d in ALL if d in c[allowed_index]]


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("case, dtype", _with_dtypes(UNARY, 3))
def test_unary_matches_numpy(case, dtype, shape):
    _, fn, ref, _, (low, high) = case
    x = values(dtype, shape, low, high)
    p = placeholder_for(x)
    y = fn(p)
    assert y.dtype is dtype
    assert y.shape.as_list() == list(shape)
    assert_close(run(y, {p: x}), ref(x).astype(dtype.as_numpy_dtype), dtype)


# Reciprocal takes int32 at build time (its kernel refuses it at run time, as TF's CPU kernels
# do) and tf.round returns integers unchanged.
@pytest.mark.parametrize("case", [c for c in UNARY if I32 not in c[3] and
                                  c[0] not in ("reciprocal", "round")], ids=lambda c: c[0])
def test_unary_disallowed_dtypes(case):
    _, fn, _, _, _ = case
    p = tf.placeholder(tf.int32)
    with pytest.raises(TypeError, match=re.escape(
            "Value passed to parameter 'x' has DataType int32 not in list of allowed values: ")):
        fn(p)


@pytest.mark.parametrize("fn, op_type", [
    (tf.negative, "Neg"), (tf.abs, "Abs"), (tf.sign, "Sign"), (tf.square, "Square"),
    (tf.sqrt, "Sqrt"), (tf.exp, "Exp"), (tf.log, "Log"), (tf.sigmoid, "Sigmoid"),
    (tf.tanh, "Tanh"), (tf.floor, "Floor"), (tf.reciprocal, "Reciprocal"), (tf.round, "Round"),
    (tf.rsqrt, "Rsqrt"), (tf.log1p, "Log1p"), (tf.erf, "Erf")])
def test_unary_op_types_and_default_names(fn, op_type):
    x = tf.placeholder(tf.float32, (None, 2), name="x")
    y = fn(x)
    assert (y.op.type, y.op.name) == (op_type, op_type)
    assert y.shape.as_list() == [None, 2]
    assert fn(x).op.name == op_type + "_1"
    assert fn(x, name="mine").op.name == "mine"
    if op_type != "Round":  # tf.round converts its input before any scope
        assert fn([1.5]).op.inputs[0].op.name == op_type + "_2/x"  # Python values: Op/x


def test_bool_is_refused_by_arithmetic():
    b = tf.placeholder(tf.bool)
    for fn in (tf.negative, tf.abs, tf.square, tf.sign):
        with pytest.raises(TypeError, match="has DataType bool not in list of allowed values"):
            fn(b)


def test_round_is_half_to_even_and_integers_pass_through():
    x = tf.constant([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, -2.6])
    np.testing.assert_array_equal(run(tf.round(x)), [0., 2., 2., -0., -2., 2., -3.])
    i = tf.constant([1, 2])
    assert tf.round(i) is i
    assert tf.round([3]).op.name == "x"  # converted as 'x' outside any Round scope, as TF


def test_sigmoid_is_stable_for_large_inputs():
    for dtype in FLOATS:
        x = np.array([-1000., -30., -20., 0., 20., 1000.], dtype=dtype.as_numpy_dtype)
        got = run(tf.sigmoid(tf.constant(x)))
        want = [1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))
                for v in x.tolist()]
        want = np.array(want).astype(dtype.as_numpy_dtype)
        np.testing.assert_allclose(got, want, rtol=1e-6 if dtype is F32 else 1e-14, atol=0)


def test_abs_of_complex_is_complex_abs():
    y = tf.abs(tf.constant([3 + 4j, -1j], dtype=tf.complex64))
    assert y.op.type == "ComplexAbs" and y.dtype is tf.float32
    np.testing.assert_allclose(run(y), [5., 1.])
    assert tf.conj(tf.constant([1.])).op.type == "Const"  # real: returned unchanged
    np.testing.assert_array_equal(run(tf.conj(tf.constant([1 + 2j]))), [1 - 2j])


def test_float_edge_cases_give_inf_and_nan_without_warnings():
    cases = [
        (tf.constant([1., -1., 0.]) / 0., [np.inf, -np.inf, np.nan]),
        (tf.constant([1., -1., 0.]) // 0., [np.inf, -np.inf, np.nan]),
        (tf.constant([1., -1., 0.]) % 0., [np.nan, np.nan, np.nan]),
        (tf.log(tf.constant([0., -1.])), [-np.inf, np.nan]),
        (tf.sqrt(tf.constant([-1.])), [np.nan]),
        (tf.rsqrt(tf.constant([0.])), [np.inf]),
        (tf.reciprocal(tf.constant([0.])), [np.inf]),
        (tf.exp(tf.constant([1000.])), [np.inf]),
        (tf.pow(tf.constant([0.]), -1.), [np.inf]),
        (tf.constant([3e38]) * 10. - tf.constant([3e38]) * 10., [np.nan]),
        (tf.square(tf.constant([1e30])), [np.inf]),
        (tf.reduce_mean(tf.constant(np.zeros((0, 2), np.float32)), 0), [np.nan, np.nan]),
    ]
    with tf.Session() as sess:
        for t, want in cases:
            np.testing.assert_array_equal(run(t, sess=sess), np.float32(want))


def test_float_to_int_cast_of_nan_is_quiet():
    got = run(tf.cast(tf.constant([1.7, -1.7, np.nan]), tf.int32))
    np.testing.assert_array_equal(got[:2], [1, -1])


# ----------------------------------------------------------------------- elementwise binary

BINARY = [
    # (id, tf function, NumPy reference, allowed dtypes among ALL, x domain, y domain, y != 0)
    ("add", tf.add, np.add, ALL, (-5, 5), (-5, 5), False),
    ("subtract", tf.subtract, np.subtract, ALL, (-5, 5), (-5, 5), False),
    ("sub", tf.sub, np.subtract, ALL, (-5, 5), (-5, 5), False),
    ("multiply", tf.multiply, np.multiply, ALL, (-5, 5), (-5, 5), False),
    ("mul", tf.mul, np.multiply, ALL, (-5, 5), (-5, 5), False),
    ("truediv", tf.truediv, np.true_divide, FLOATS, (-5, 5), (-4, 4), True),
    ("divide", tf.divide, np.true_divide, FLOATS, (-5, 5), (-4, 4), True),
    ("realdiv", tf.realdiv, np.true_divide, FLOATS, (-5, 5), (-4, 4), True),
    ("div_float", tf.div, np.true_divide, FLOATS, (-5, 5), (-4, 4), True),
    ("div_int", tf.div, np.floor_divide, (I32,), (-9, 9), (-4, 4), True),
    ("floordiv", tf.floordiv, np.floor_divide, ALL, (-9, 9), (-4, 4), True),
    ("floor_div", tf.floor_div, np.floor_divide, ALL, (-9, 9), (-4, 4), True),
    ("mod", tf.mod, np.mod, ALL, (-9, 9), (-4, 4), True),
    ("floormod", tf.floormod, np.mod, ALL, (-9, 9), (-4, 4), True),
    ("pow_float", tf.pow, np.power, FLOATS, (0.1, 3), (-2, 2), False),
    ("pow_int", tf.pow, np.power, (I32,), (-4, 4), (0, 5), False),
    ("maximum", tf.maximum, np.maximum, ALL, (-5, 5), (-5, 5), False),
    ("minimum", tf.minimum, np.minimum, ALL, (-5, 5), (-5, 5), False),
    ("squared_difference", tf.squared_difference, lambda x, y: np.square(x - y), ALL,
     (-5, 5), (-5, 5), False),
]
BROADCAST = [((), ()), ((3,), (3,)), ((2, 3), (3,)), ((4, 1), (1, 5)), ((2, 1, 3), (4, 1)),
             ((), (2, 2))]


@pytest.mark.parametrize("shapes", BROADCAST, ids=str)
@pytest.mark.parametrize("case, dtype", _with_dtypes(BINARY, 3))
def test_binary_matches_numpy_with_broadcasting(case, dtype, shapes):
    _, fn, ref, _, xd, yd, nonzero = case
    x = values(dtype, shapes[0], *xd, seed=1)
    y = values(dtype, shapes[1], *yd, seed=2, nonzero=nonzero)
    px, py = placeholder_for(x), placeholder_for(y)
    z = fn(px, py)
    assert z.dtype is dtype
    assert z.shape.as_list() == list(np.broadcast_shapes(*shapes))
    assert_close(run(z, {px: x, py: y}), ref(x, y).astype(dtype.as_numpy_dtype), dtype)


@pytest.mark.parametrize("fn, op_type", [
    (tf.add, "Add"), (tf.subtract, "Sub"), (tf.multiply, "Mul"), (tf.realdiv, "RealDiv"),
    (tf.floor_div, "FloorDiv"), (tf.mod, "FloorMod"), (tf.floormod, "FloorMod"),
    (tf.maximum, "Maximum"), (tf.minimum, "Minimum"),
    (tf.squared_difference, "SquaredDifference"), (tf.pow, "Pow"), (tf.floordiv, "floordiv"),
    (tf.truediv, "truediv"), (tf.div, "div")])
def test_binary_default_names_and_const_names(fn, op_type):
    x = tf.placeholder(tf.float32, (None, 3), name="x")
    z = fn(x, 2.0)
    assert z.op.name == op_type
    assert [t.op.name for t in z.op.inputs] == ["x", op_type + "/y"]
    assert fn(x, 2.0).op.name == op_type + "_1"
    assert fn(x, 2.0, name="named").op.name == "named"
    assert z.shape.as_list() == [None, 3]


def test_binary_shape_mismatch_fails_at_build_time():
    x = tf.placeholder(tf.float32, (3,), name="x")
    y = tf.placeholder(tf.float32, (4,), name="y")
    with pytest.raises(ValueError, match=re.escape(
            "Dimensions must be equal, but are 3 and 4 for 'add' (op: 'Add') with input "
            "shapes: [3], [4].")):
        x + y
    with pytest.raises(ValueError, match=re.escape(
            "Dimensions must be equal, but are 3 and 4 for 'Maximum' (op: 'Maximum')")):
        tf.maximum(x, y)
    with pytest.raises(ValueError, match="for 'Equal' \\(op: 'Equal'\\)"):
        tf.equal(x, y)


def test_integer_true_division_casts_to_float64_as_tf():
    x = tf.placeholder(tf.int32, name="x")
    y = tf.placeholder(tf.int32, name="y")
    z = x / y
    assert z.dtype is tf.float64
    assert ops_summary() == [("x", "Placeholder"), ("y", "Placeholder"),
                             ("truediv/Cast", "Cast"), ("truediv/Cast_1", "Cast"),
                             ("truediv", "RealDiv")]
    np.testing.assert_array_equal(run(z, {x: [1, 2, -7], y: [2, 0, 2]}), [0.5, np.inf, -3.5])
    w = tf.truediv(tf.placeholder(tf.int16, name="s"), 2)
    assert w.dtype is tf.float32 and w.op.inputs[1].op.name == "truediv_1/Cast_1"
    assert tf.divide(x, y).op.name == "truediv_2"
    assert tf.divide(x, y, name="ratio").op.name == "ratio"


def test_legacy_div_floors_integers():
    x = tf.constant([7, -7, 6])
    z = tf.div(x, 2)
    assert (z.op.type, z.op.name, z.dtype) == ("FloorDiv", "div", tf.int32)
    np.testing.assert_array_equal(run(z), [3, -4, 3])
    assert tf.div(tf.constant([1.]), 2).op.type == "RealDiv"


def test_division_dtype_errors():
    i = tf.placeholder(tf.int32, name="i")
    f = tf.placeholder(tf.float32, name="f")
    with pytest.raises(TypeError, match=re.escape(
            "`x` and `y` must have the same dtype, got tf.int32 != tf.float32.")):
        i / f
    with pytest.raises(TypeError, match=re.escape("Invalid dtype tf.bool in __truediv__")):
        tf.truediv(tf.placeholder(tf.bool), tf.placeholder(tf.bool))
    with pytest.raises(TypeError, match="`x` and `y` must have the same dtype"):
        tf.truediv(2, f)  # x is converted first, as an int32


def test_python_operand_is_converted_to_the_tensor_dtype():
    i = tf.placeholder(tf.int32, name="i")
    with pytest.raises(TypeError, match=re.escape(
            "Expected int32, got 2.5 of type 'float' instead.")):
        i + 2.5
    with pytest.raises(TypeError, match=re.escape("Expected int32, got 1.5 of type 'float'")):
        i < 1.5
    f = tf.placeholder(tf.float32, name="f")
    with pytest.raises(TypeError, match=re.escape(
            "Input 'y' of 'Add' Op has type float32 that does not match type int32 of "
            "argument 'x'.")):
        i + f
    with pytest.raises(TypeError, match=re.escape(
            "Input 'y' of 'Mul' Op has type float32 that does not match type int32")):
        i * f
    with pytest.raises(TypeError, match="Input 'y' of 'Add' Op has type float32"):
        tf.add(2, f)  # TF converts x first: 2 becomes int32
    assert (f + 2).dtype is tf.float32 and (2 * f).dtype is tf.float32


@pytest.mark.parametrize("fn, op_type, name", [
    (tf.add, "Add", "Add"), (tf.maximum, "Maximum", "Maximum"), (tf.less, "Less", "Less")])
def test_disallowed_binary_dtypes(fn, op_type, name):
    b = tf.placeholder(tf.bool)
    with pytest.raises(TypeError, match=re.escape(
            "Value passed to parameter 'x' has DataType bool not in list of allowed values")):
        fn(b, b)


def test_string_add_concatenates():
    s = tf.add(tf.constant(["a", "b"]), tf.constant(["c", "d"]))
    assert s.dtype is tf.string
    assert list(run(s)) == [b"ac", b"bd"]


@pytest.mark.parametrize("dtype", ALL, ids=lambda d: d.name)
def test_elementwise_kernels_writing_into_dying_buffers_stay_correct(dtype):
    # Big intermediates that die at their consumer let the executor pass them as `out=`.
    n = 1 << 16
    x = values(dtype, (n,), 1, 3, seed=10)
    y = values(dtype, (n,), 1, 3, seed=11)
    px, py = placeholder_for(x), placeholder_for(y)
    chains = []
    for case in BINARY:
        if dtype in case[3]:
            chains.append((case[1](px + 1, py + 0), case[2](x + 1, y)))
    for case in UNARY:
        if dtype in case[3] and case[0] not in ("erf", "sigmoid"):
            chains.append((case[1](px * 1), case[2](x)))
    with tf.Session() as sess:
        got = sess.run([t for t, _ in chains], {px: x, py: y})
    for (t, want), value in zip(chains, got):
        assert value.dtype == t.dtype.as_numpy_dtype, t.op.type
        assert_close(value, want.astype(value.dtype), dtype)


def test_addv2_runs_for_imported_tf2_graphs():
    from interflow.framework.op_registry import apply_op
    z = apply_op("AddV2", [tf.constant([[1., 2.]]), tf.constant([[3.], [4.]])], name="AddV2")
    assert z.shape.as_list() == [2, 2]
    np.testing.assert_array_equal(run(z), [[4., 5.], [5., 6.]])
    with pytest.raises(TypeError, match="has DataType string not in list of allowed values"):
        apply_op("AddV2", [tf.constant(["a"]), tf.constant(["b"])], name="AddV2")


# --------------------------------------------------------------------- integer run-time errors


@pytest.mark.parametrize("build, message", [
    (lambda: tf.constant([1, 2]) // tf.constant([0, 1]), "Integer division by zero"),
    (lambda: tf.constant([1, 2]) % tf.constant([1, 0]), "Integer division by zero"),
    (lambda: tf.div(tf.constant([1]), tf.constant([0])), "Integer division by zero"),
    (lambda: tf.pow(tf.constant([2, 3]), tf.constant([-1, 2])),
     "Integers to negative integer powers are not allowed"),
    (lambda: tf.realdiv(tf.constant([1]), tf.constant([2])), "No OpKernel was registered to "
     "support Op 'RealDiv' with these attrs: [T=DT_INT32]"),
    (lambda: tf.reciprocal(tf.constant([2])), "No OpKernel was registered to support Op "
     "'Reciprocal'"),
])
def test_integer_kernel_errors_are_invalid_argument_and_the_session_survives(build, message):
    bad = build()
    good = tf.constant([3, 4]) // tf.constant([2, 2])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(message)) as info:
            sess.run(bad)
        assert info.value.op is bad.op
        np.testing.assert_array_equal(sess.run(good), [1, 2])


def test_integer_floor_semantics_match_tf():
    a, b = tf.constant([7, -7, 7, -7]), tf.constant([2, 2, -2, -2])
    np.testing.assert_array_equal(run(a // b), [3, -4, -4, 3])
    np.testing.assert_array_equal(run(a % b), [1, 1, -1, -1])
    np.testing.assert_array_equal(run(tf.constant([5., -5., 5.]) % tf.constant([3., 3., -3.])),
                                  [2., 1., -1.])


# ------------------------------------------------------------------- comparisons and logic

COMPARISONS = [("equal", tf.equal, np.equal, "Equal"),
               ("not_equal", tf.not_equal, np.not_equal, "NotEqual"),
               ("less", tf.less, np.less, "Less"),
               ("less_equal", tf.less_equal, np.less_equal, "LessEqual"),
               ("greater", tf.greater, np.greater, "Greater"),
               ("greater_equal", tf.greater_equal, np.greater_equal, "GreaterEqual")]


@pytest.mark.parametrize("dtype", ALL, ids=lambda d: d.name)
@pytest.mark.parametrize("shapes", BROADCAST[1:], ids=str)
@pytest.mark.parametrize("case", COMPARISONS, ids=lambda c: c[0])
def test_comparisons_match_numpy(case, shapes, dtype):
    _, fn, ref, op_type = case
    x = values(I32, shapes[0], -2, 2, seed=3).astype(dtype.as_numpy_dtype)
    y = values(I32, shapes[1], -2, 2, seed=4).astype(dtype.as_numpy_dtype)
    px, py = placeholder_for(x), placeholder_for(y)
    z = fn(px, py)
    assert (z.dtype, z.op.type, z.op.name) == (tf.bool, op_type, op_type)
    assert z.shape.as_list() == list(np.broadcast_shapes(*shapes))
    np.testing.assert_array_equal(run(z, {px: x, py: y}), ref(x, y))


def test_equality_works_for_strings_and_bools():
    np.testing.assert_array_equal(run(tf.equal(tf.constant(["a", "b"]), "a")), [True, False])
    np.testing.assert_array_equal(run(tf.not_equal(tf.constant([True]), False)), [True])


@pytest.mark.parametrize("fn, ref", [(tf.logical_and, np.logical_and),
                                     (tf.logical_or, np.logical_or),
                                     (tf.logical_xor, np.logical_xor)])
def test_logical_binary(fn, ref):
    x = np.array([[True, True, False, False]])
    y = np.array([[True], [False]])
    z = fn(tf.constant(x), tf.constant(y))
    assert z.dtype is tf.bool and z.shape.as_list() == [2, 4]
    np.testing.assert_array_equal(run(z), ref(x, y))


def test_logical_names_and_types():
    b = tf.placeholder(tf.bool, name="b")
    assert tf.logical_not(b).op.type == "LogicalNot"
    np.testing.assert_array_equal(run(tf.logical_not(b), {b: [True, False]}), [False, True])
    tf.logical_xor(b, b)
    assert ops_summary()[-4:] == [("LogicalOr", "LogicalOr"), ("LogicalAnd", "LogicalAnd"),
                                  ("LogicalNot_2", "LogicalNot"), ("LogicalXor", "LogicalAnd")]
    tf.logical_and(b, True)
    assert ops_summary()[-2:] == [("LogicalAnd_1/y", "Const"), ("LogicalAnd_1", "LogicalAnd")]
    with pytest.raises(TypeError, match=re.escape(
            "Input 'x' of 'LogicalAnd' Op has type int32 that does not match expected type "
            "of bool.")):
        tf.logical_and(tf.placeholder(tf.int32), b)


# ----------------------------------------------------------------------- operator overloads

OPERATORS = [
    # (symbol, forward, reflected, op type, scope name, NumPy reference, dtype)
    ("+", lambda a, b: a + b, lambda a, b: b + a, "Add", "add", np.add, F32),
    ("-", lambda a, b: a - b, lambda a, b: b - a, "Sub", "sub", np.subtract, F32),
    ("*", lambda a, b: a * b, lambda a, b: b * a, "Mul", "mul", np.multiply, F32),
    ("/", lambda a, b: a / b, lambda a, b: b / a, "RealDiv", "truediv", np.true_divide, F32),
    ("//", lambda a, b: a // b, lambda a, b: b // a, "FloorDiv", "floordiv", np.floor_divide,
     F32),
    ("%", lambda a, b: a % b, lambda a, b: b % a, "FloorMod", "mod", np.mod, F32),
    ("**", lambda a, b: a ** b, lambda a, b: b ** a, "Pow", "pow", np.power, F32),
    ("&", lambda a, b: a & b, lambda a, b: b & a, "LogicalAnd", "and", np.logical_and,
     tf.bool),
    ("|", lambda a, b: a | b, lambda a, b: b | a, "LogicalOr", "or", np.logical_or, tf.bool),
    ("^", lambda a, b: a ^ b, lambda a, b: b ^ a, "LogicalAnd", "xor", np.logical_xor,
     tf.bool),
]


@pytest.mark.parametrize("case", OPERATORS, ids=lambda c: c[0])
def test_binary_operators_names_values_and_reflection(case):
    _, forward, reflected, op_type, scope, ref, dtype = case
    if dtype is tf.bool:
        x, other = np.array([True, False, True]), True
    else:
        x, other = np.array([1.5, 2., 3.], np.float32), 2.
    p = tf.placeholder(dtype, (3,), name="p")
    z = forward(p, other)
    assert (z.op.type, z.op.name, z.dtype) == (op_type, scope, dtype)
    assert tf.get_default_graph().get_operation_by_name(scope + "/y").type == "Const"
    np.testing.assert_allclose(run(z, {p: x}), ref(x, other), rtol=1e-6)
    r = reflected(p, other)
    assert (r.op.type, r.op.name) == (op_type, scope + "_1")
    assert tf.get_default_graph().get_operation_by_name(scope + "_1/x").type == "Const"
    np.testing.assert_allclose(run(r, {p: x}), ref(other, x), rtol=1e-6)
    w = forward(p, p)
    assert w.op.name == scope + "_2" and w.shape.as_list() == [3]


def test_operator_names_follow_tf1():
    x = tf.placeholder(tf.float32, name="x")
    y = tf.placeholder(tf.float32, name="y")
    z = x * x * y + y + 2
    assert ops_summary() == [("x", "Placeholder"), ("y", "Placeholder"), ("mul", "Mul"),
                             ("mul_1", "Mul"), ("add", "Add"), ("add_1/y", "Const"),
                             ("add_1", "Add")]
    assert z.name == "add_1:0"
    assert run(z, {x: 2., y: 3.}) == np.float32(17.)
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, name="x")
    z = 2 * x
    assert ops_summary() == [("x", "Placeholder"), ("mul/x", "Const"), ("mul", "Mul")]
    assert np.float32(3) * x is not NotImplemented  # NumPy scalars defer to the tensor


@pytest.mark.parametrize("build, op_type, name, ref", [
    (lambda p: -p, "Neg", "Neg", np.negative),
    (lambda p: abs(p), "Abs", "Abs", np.abs),
    (lambda p: p < 0, "Less", "Less", lambda v: v < 0),
    (lambda p: p <= 0, "LessEqual", "LessEqual", lambda v: v <= 0),
    (lambda p: p > 0, "Greater", "Greater", lambda v: v > 0),
    (lambda p: p >= 0, "GreaterEqual", "GreaterEqual", lambda v: v >= 0),
    (lambda p: 0 < p, "Greater", "Greater", lambda v: v > 0),
])
def test_unary_and_comparison_operators(build, op_type, name, ref):
    p = tf.placeholder(tf.float32, (3,), name="p")
    z = build(p)
    assert (z.op.type, z.op.name) == (op_type, name)
    x = np.array([-1., 0., 2.], np.float32)
    np.testing.assert_array_equal(run(z, {p: x}), ref(x))


def test_invert_is_logical_not():
    b = tf.placeholder(tf.bool, name="b")
    z = ~b
    assert (z.op.type, z.op.name) == ("LogicalNot", "LogicalNot")
    np.testing.assert_array_equal(run(z, {b: [True, False]}), [False, True])


def test_equality_operators_keep_identity_and_hashing():
    a, b = tf.constant(1), tf.constant(1)
    assert (a == b) is False and (a == a) is True and (a != b) is True
    assert {a: 1, b: 2}[a] == 1
    assert len(tf.get_default_graph().get_operations()) == 2  # no Equal op was built


def test_matmul_operator_and_variables():
    a = tf.placeholder(tf.float32, (2, 3), name="a")
    z = a @ np.ones((3, 1), np.float32)
    assert (z.op.type, z.op.name, z.shape.as_list()) == ("MatMul", "matmul", [2, 1])
    r = np.ones((1, 2), np.float32) @ a
    assert (r.op.type, r.op.name, r.shape.as_list()) == ("MatMul", "matmul_1", [1, 3])
    v = tf.Variable(np.float32(3.), name="v")
    s = v * 2 + 1
    assert s.op.name == "add" and s.op.inputs[0].op.name == "mul"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert run(s, sess=sess) == np.float32(7.)
        assert run(-v, sess=sess) == np.float32(-3.)


# ------------------------------------------------------------------------------ reductions

REDUCTIONS = [("reduce_sum", tf.reduce_sum, np.sum, "Sum"),
              ("reduce_mean", tf.reduce_mean, None, "Mean"),
              ("reduce_max", tf.reduce_max, np.max, "Max"),
              ("reduce_min", tf.reduce_min, np.min, "Min"),
              ("reduce_prod", tf.reduce_prod, np.prod, "Prod")]
AXES = [None, 0, 1, -1, [0, 2], [-1, 0], [], np.array([1, 2])]


def _mean_ref(x, axis, keepdims):
    if x.dtype.kind == "i":
        s = np.sum(x, axis=axis, keepdims=keepdims, dtype=np.int64)
        n = x.size // max(s.size, 1) if axis != () else 1
        return np.trunc(s / n).astype(x.dtype)  # integer means truncate toward zero, as TF
    return np.mean(x, axis=axis, keepdims=keepdims)


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("dtype", ALL, ids=lambda d: d.name)
@pytest.mark.parametrize("case", REDUCTIONS, ids=lambda c: c[0])
def test_reductions_match_numpy(case, dtype, axis, keepdims):
    _, fn, ref, op_type = case
    x = values(dtype, (2, 3, 4), -2, 2, seed=5)
    p = placeholder_for(x)
    z = fn(p, axis=axis, keepdims=keepdims)
    assert z.op.type == op_type and z.dtype is dtype
    np_axis = None if axis is None else tuple(np.atleast_1d(axis).tolist())
    want = (ref or _mean_ref)(x, axis=np_axis, keepdims=keepdims)
    want = np.asarray(want).astype(dtype.as_numpy_dtype)
    assert z.shape.as_list() == list(want.shape)
    assert_close(run(z, {p: x}), want, dtype)


@pytest.mark.parametrize("fn, ref", [(tf.reduce_any, np.any), (tf.reduce_all, np.all)])
@pytest.mark.parametrize("axis", [None, 0, -1, [0, 1]], ids=str)
def test_logical_reductions(fn, ref, axis):
    x = np.array([[True, False, True], [True, True, True]])
    z = fn(tf.constant(x), axis, keepdims=True)
    np_axis = None if axis is None else tuple(np.atleast_1d(axis).tolist())
    want = ref(x, axis=np_axis, keepdims=True)
    assert z.dtype is tf.bool and z.shape.as_list() == list(want.shape)
    np.testing.assert_array_equal(run(z), want)


def test_reduce_any_requires_bool():
    with pytest.raises(TypeError, match=re.escape(
            "Input 'input' of 'Any' Op has type int32 that does not match expected type of "
            "bool.")):
        tf.reduce_any(tf.constant([1, 0]))
    with pytest.raises(TypeError, match="parameter 'input' has DataType bool not in list"):
        tf.reduce_sum(tf.constant([True]))


@pytest.mark.parametrize("kwargs, shape", [
    ({}, []), ({"axis": 1}, [None, 4]), ({"axis": [0, -1], "keepdims": True}, [1, 3, 1]),
    ({"axis": -1, "keep_dims": True}, [None, 3, 1]), ({"reduction_indices": [2]}, [None, 3]),
    ({"axis": 0}, [3, 4]), ({"keepdims": True}, [1, 1, 1]), ({"axis": []}, [None, 3, 4]),
    ({"axis": [0, 0]}, [3, 4])])
def test_reduction_static_shapes(kwargs, shape):
    x = tf.placeholder(tf.float32, (None, 3, 4), name="x")
    assert tf.reduce_sum(x, **kwargs).shape.as_list() == shape
    assert tf.reduce_max(x, **kwargs).shape.as_list() == shape


def test_reduction_shapes_with_unknown_rank_or_axis():
    u = tf.placeholder(tf.float32, name="u")
    assert tf.reduce_sum(u).shape.as_list() == []  # reducing everything gives a scalar
    assert tf.reduce_sum(u, 1).shape.ndims is None
    assert tf.reduce_sum(u, 1, keepdims=True).shape.ndims is None
    x = tf.placeholder(tf.float32, (None, 3), name="x")
    axis = tf.placeholder(tf.int32, name="axis")
    assert tf.reduce_sum(x, axis).shape.ndims is None
    assert tf.reduce_sum(x, axis, keepdims=True).shape.as_list() == [None, None]
    z = tf.reduce_sum(x, axis)
    np.testing.assert_array_equal(run(z, {x: np.ones((2, 3)), axis: 1}), [3., 3.])
    got = run(tf.reduce_mean(u), {u: np.arange(6.).reshape(2, 3)})
    assert got == np.float32(2.5)


def test_reduction_names_as_tf1():
    x = tf.placeholder(tf.float32, (None, 3, 4), name="x")
    tf.reduce_sum(x)
    tf.reduce_sum(x, 1)
    tf.reduce_mean(x, 1, name="m")
    assert ops_summary() == [("x", "Placeholder"), ("Const", "Const"), ("Sum", "Sum"),
                             ("Sum_1/reduction_indices", "Const"), ("Sum_1", "Sum"),
                             ("m/reduction_indices", "Const"), ("m", "Mean")]
    s = tf.get_default_graph().get_operation_by_name("Sum_1")
    assert s.get_attr("keep_dims") is False and s.get_attr("T") is tf.float32
    assert s.get_attr("Tidx") is tf.int32
    assert [t.name for t in s.inputs] == ["x:0", "Sum_1/reduction_indices:0"]


def test_reduction_of_python_values_uses_rank_and_range_as_tf1():
    z = tf.reduce_sum([[1, 2], [3, 4]])
    assert ops_summary() == [("Rank/Const", "Const"), ("Rank", "Const"),
                             ("range/start", "Const"), ("range/delta", "Const"),
                             ("range", "Range"), ("Sum/input", "Const"), ("Sum", "Sum")]
    assert z.dtype is tf.int32 and z.shape.as_list() == []
    assert run(z) == 10


def test_reduction_of_an_unknown_rank_tensor_uses_a_rank_op():
    u = tf.placeholder(tf.float32, name="u")
    tf.reduce_sum(u)
    assert ops_summary()[1:] == [("Rank", "Rank"), ("range/start", "Const"),
                                 ("range/delta", "Const"), ("range", "Range"), ("Sum", "Sum")]


def test_reduction_of_a_variable():
    v = tf.Variable(np.ones((2, 3), np.float32), name="v")
    z = tf.reduce_sum(v)
    assert z.op.inputs[1].op.name == "Const" and z.shape.as_list() == []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert run(z, sess=sess) == np.float32(6.)


def test_legacy_keep_dims_and_reduction_indices_arguments():
    x = tf.placeholder(tf.float32, (None, 3, 4), name="x")
    with pytest.raises(ValueError, match=re.escape(
            "Cannot specify both 'keep_dims' and 'keepdims'.")):
        tf.reduce_sum(x, 1, keepdims=True, keep_dims=False)
    with pytest.raises(ValueError, match=re.escape(
            "Cannot specify both 'reduction_indices' and 'axis'.")):
        tf.reduce_mean(x, axis=1, reduction_indices=1)
    value = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    new = tf.reduce_sum(x, axis=[0, 2], keepdims=True)
    old = tf.reduce_sum(x, reduction_indices=[0, 2], keep_dims=True)
    np.testing.assert_array_equal(run(new, {x: value}), run(old, {x: value}))


@pytest.mark.parametrize("axis, message", [
    (3, "Invalid reduction dimension 3 for input with 3 dimensions for 'Sum' (op: 'Sum') "
        "with input shapes: [?,3,4], []."),
    (-4, "Invalid reduction dimension -4 for input with 3 dimensions"),
    ([0, 5], "Invalid reduction dimension 5 for input with 3 dimensions"),
    ([[0]], "Shape must be at most rank 1 but is rank 2")])
def test_invalid_reduction_axes_fail_at_build_time(axis, message):
    x = tf.placeholder(tf.float32, (None, 3, 4), name="x")
    with pytest.raises(ValueError, match=re.escape(message)):
        tf.reduce_sum(x, axis)


def test_reduction_axis_must_be_an_integer():
    x = tf.placeholder(tf.float32, (2, 3), name="x")
    with pytest.raises(TypeError, match=re.escape(
            "Value passed to parameter 'reduction_indices' has DataType float32 not in list "
            "of allowed values: int32, int64")):
        tf.reduce_sum(x, 1.5)
    assert tf.reduce_sum(x, tf.constant([1], tf.int64)).op.get_attr("Tidx") is tf.int64


@pytest.mark.parametrize("axis_value, message", [
    (5, "Invalid reduction dimension (5 for input with 2 dimension(s)"),
    ([0, -2], "Axes contains duplicate dimension: 0")])
def test_invalid_fed_axes_fail_at_run_time(axis_value, message):
    x = tf.constant([[1., 2.], [3., 4.]])
    axis = tf.placeholder(tf.int32, name="axis")
    z = tf.reduce_sum(x, axis)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(message)):
            sess.run(z, {axis: axis_value})
        np.testing.assert_array_equal(sess.run(z, {axis: 0}), [4., 6.])


def test_integer_reductions_keep_their_dtype():
    m = tf.constant([[-1, -2], [4, 8], [-7, 2]])
    np.testing.assert_array_equal(run(tf.reduce_mean(m, 1)), [-1, 6, -2])  # truncation
    assert run(tf.reduce_mean(tf.constant([1, 2]))) == 1
    assert run(tf.reduce_sum(tf.constant([2 ** 30, 2 ** 30]))) == -2 ** 31  # int32 wraps
    assert tf.reduce_mean(m).dtype is tf.int32
    assert run(tf.reduce_sum(tf.constant([3], tf.int64))).dtype == np.int64


def test_reductions_of_empty_axes_give_the_identity():
    e = np.zeros((0, 3))
    np.testing.assert_array_equal(run(tf.reduce_sum(tf.constant(e, tf.float32), 0)), [0.] * 3)
    np.testing.assert_array_equal(run(tf.reduce_max(tf.constant(e, tf.float32), 0)),
                                  [-np.inf] * 3)
    np.testing.assert_array_equal(run(tf.reduce_min(tf.constant(e, tf.int32), 0)),
                                  [np.iinfo(np.int32).max] * 3)
    np.testing.assert_array_equal(run(tf.reduce_prod(tf.constant(e, tf.int32), 0)), [1] * 3)
    np.testing.assert_array_equal(run(tf.reduce_mean(tf.constant(e, tf.int32), 0)), [0] * 3)
    assert run(tf.reduce_sum(tf.constant([], tf.float32))) == 0.


def test_count_nonzero():
    x = tf.placeholder(tf.float32, (2, 2), name="x")
    z = tf.count_nonzero(x, 1)
    assert z.dtype is tf.int64 and z.op.name == "count_nonzero/Sum"
    assert ops_summary()[1:] == [
        ("count_nonzero/zeros", "Const"), ("count_nonzero/NotEqual", "NotEqual"),
        ("count_nonzero/Cast", "Cast"), ("count_nonzero/Sum/reduction_indices", "Const"),
        ("count_nonzero/Sum", "Sum")]
    np.testing.assert_array_equal(run(z, {x: [[1., 0.], [2., 3.]]}), [1, 2])
    assert tf.count_nonzero(x, keepdims=True).shape.as_list() == [1, 1]
    assert tf.count_nonzero(x, dtype=tf.int32).dtype is tf.int32
    b = tf.count_nonzero(tf.constant([True, False, True]))
    assert b.op.inputs[0].op.type == "Cast" and run(b) == 2  # bools are counted directly


@pytest.mark.parametrize("dtype", FLOATS, ids=lambda d: d.name)
@pytest.mark.parametrize("axis, keepdims", [(None, False), (1, False), ([0, 2], True),
                                            (-1, True)], ids=str)
def test_reduce_logsumexp(axis, keepdims, dtype):
    x = values(dtype, (2, 3, 4), -3, 3, seed=12)
    p = tf.placeholder(dtype, (None, 3, 4), name="p")
    z = tf.reduce_logsumexp(p, axis, keepdims=keepdims)
    np_axis = None if axis is None else tuple(np.atleast_1d(axis).tolist())
    want = np.log(np.sum(np.exp(x.astype(np.float64)), axis=np_axis, keepdims=keepdims))
    assert z.op.name == "ReduceLogSumExp" and z.dtype is dtype
    assert z.shape.is_compatible_with(want.shape)
    assert_close(run(z, {p: x}), want.astype(dtype.as_numpy_dtype), F32)


def test_reduce_logsumexp_does_not_overflow():
    x = tf.constant([[1000., 1000.], [-np.inf, -np.inf], [1., 2.]])
    np.testing.assert_allclose(run(tf.reduce_logsumexp(x, 1)),
                               [1000. + np.log(2.), -np.inf, 2. + np.log1p(np.exp(-1.))],
                               rtol=1e-6)
    assert [n for n, _ in ops_summary()][1:4] == [
        "ReduceLogSumExp/Max/reduction_indices", "ReduceLogSumExp/Max",
        "ReduceLogSumExp/IsFinite"]


@pytest.mark.parametrize("fn, ref, op_type", [(tf.is_finite, np.isfinite, "IsFinite"),
                                              (tf.is_nan, np.isnan, "IsNan"),
                                              (tf.is_inf, np.isinf, "IsInf")])
def test_float_classification(fn, ref, op_type):
    x = np.array([1., np.inf, -np.inf, np.nan, 0.], np.float32)
    z = fn(tf.constant(x))
    assert (z.op.type, z.dtype) == (op_type, tf.bool)
    np.testing.assert_array_equal(run(z), ref(x))


# ----------------------------------------------------------------------- argmax, cumsum, add_n


@pytest.mark.parametrize("dtype", ALL, ids=lambda d: d.name)
@pytest.mark.parametrize("axis", [0, 1, -1, 2], ids=str)
@pytest.mark.parametrize("fn, ref", [(tf.argmax, np.argmax), (tf.argmin, np.argmin)])
def test_argmax_argmin(fn, ref, axis, dtype):
    x = values(dtype, (2, 3, 4), -50, 50, seed=6)
    p = tf.placeholder(dtype, (2, None, 4))
    z = fn(p, axis)
    want = ref(x, axis=axis)
    assert z.dtype is tf.int64
    assert z.shape.is_compatible_with(want.shape) and z.shape.ndims == 2
    np.testing.assert_array_equal(run(z, {p: x}), want)
    np.testing.assert_array_equal(run(fn(p, axis, output_type=tf.int32), {p: x}), want)


def test_argmax_defaults_names_and_errors():
    a = tf.placeholder(tf.float32, (2, None, 3), name="a")
    z = tf.argmax(a)
    assert (z.op.name, z.shape.as_list()) == ("ArgMax", [None, 3])
    assert z.op.inputs[1].op.name == "ArgMax/dimension"
    assert z.op.get_attr("output_type") is tf.int64 and z.op.get_attr("Tidx") is tf.int32
    assert tf.argmax(a, dimension=2).shape.as_list() == [2, None]
    assert tf.argmin(a, 1).op.name == "ArgMin"
    with pytest.raises(ValueError, match=re.escape(
            "Dimension (3) must be in the range [-3, 3), where 3 is the number of dimensions "
            "in the input")):
        tf.argmax(a, 3)
    with pytest.raises(ValueError, match="Cannot specify both 'dimension' and 'axis'"):
        tf.argmax(a, 1, dimension=1)
    empty = tf.argmax(tf.constant(np.zeros((0, 3)), tf.float32), 0)
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(
            "Reduction axis 0 is empty in shape [0,3]")):
        run(empty)


@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_cumsum(axis, exclusive, reverse):
    x = np.arange(1, 13, dtype=np.int32).reshape(3, 4)
    z = tf.cumsum(tf.constant(x), axis, exclusive=exclusive, reverse=reverse)
    assert z.op.type == "Cumsum" and z.shape.as_list() == [3, 4]
    w = np.flip(x, axis) if reverse else x
    want = np.cumsum(w, axis=axis) - (w if exclusive else 0)
    np.testing.assert_array_equal(run(z), np.flip(want, axis) if reverse else want)


def test_add_n():
    a = tf.placeholder(tf.float32, (2, 3), name="a")
    b = tf.placeholder(tf.float32, (None, 3), name="b")
    s = tf.add_n([a, b, a])
    assert (s.op.type, s.op.name, s.shape.as_list()) == ("AddN", "AddN", [2, 3])
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.testing.assert_array_equal(run(s, {a: x, b: x + 1}), 3 * x + 1)
    assert tf.add_n([a]) is a
    assert tf.add_n([a], name="only").op.type == "Identity"
    assert run(tf.add_n([tf.constant(1), tf.constant(2)])) == 3


def test_add_n_errors():
    a = tf.placeholder(tf.float32, (2, 3), name="a")
    with pytest.raises(ValueError, match=re.escape(
            "Dimension 0 in both shapes must be equal, but are 2 and 3. Shapes are [2,3] and "
            "[3,3]")):
        tf.add_n([a, tf.placeholder(tf.float32, (3, 3))])
    with pytest.raises(TypeError, match=re.escape(
            "Tensors in list passed to 'inputs' of 'AddN' Op have types [float32, int32] that "
            "don't all match.")):
        tf.add_n([a, tf.placeholder(tf.int32, (2, 3))])
    with pytest.raises(ValueError, match="at least one Tensor"):
        tf.add_n([])
    with pytest.raises(ValueError, match="Shapes must be equal rank, but are 2 and 0"):
        tf.add_n([a, 1.0])
    u = tf.placeholder(tf.float32, name="u")
    with pytest.raises(tf.errors.InvalidArgumentError, match="same size and shape"):
        run(tf.add_n([u, u + 0, a]), {u: np.ones(3), a: np.ones((2, 3))})


# ------------------------------------------------------------------------------------ matmul

MATMULS = [
    # (a shape, b shape, kwargs, op type)
    ((2, 3), (3, 4), {}, "MatMul"),
    ((3, 2), (3, 4), {"transpose_a": True}, "MatMul"),
    ((2, 3), (4, 3), {"transpose_b": True}, "MatMul"),
    ((3, 2), (4, 3), {"transpose_a": True, "transpose_b": True}, "MatMul"),
    ((3, 2), (4, 3), {"adjoint_a": True, "adjoint_b": True}, "MatMul"),
    ((5, 2, 3), (3, 4), {}, "BatchMatMulV2"),
    ((5, 1, 2, 3), (4, 3, 2), {}, "BatchMatMulV2"),
    ((5, 3, 2), (5, 4, 3), {"transpose_a": True, "transpose_b": True}, "BatchMatMulV2"),
    ((5, 3, 2), (3, 4), {"adjoint_a": True}, "BatchMatMulV2"),
]


def _t(m, flag):
    return np.swapaxes(m, -1, -2) if flag else m


@pytest.mark.parametrize("dtype", ALL, ids=lambda d: d.name)
@pytest.mark.parametrize("case", MATMULS, ids=lambda c: "%s@%s%s" % (c[0], c[1], sorted(c[2])))
def test_matmul_matches_numpy(case, dtype):
    sa, sb, kwargs, op_type = case
    a, b = values(dtype, sa, -3, 3, seed=7), values(dtype, sb, -3, 3, seed=8)
    pa, pb = placeholder_for(a), placeholder_for(b)
    z = tf.matmul(pa, pb, **kwargs)
    ta = kwargs.get("transpose_a") or kwargs.get("adjoint_a")
    tb = kwargs.get("transpose_b") or kwargs.get("adjoint_b")
    want = np.matmul(_t(a, ta), _t(b, tb))
    assert (z.op.type, z.op.name, z.dtype) == (op_type, "MatMul", dtype)
    assert z.shape.as_list() == list(want.shape)
    assert_close(run(z, {pa: a, pb: b}), want.astype(dtype.as_numpy_dtype), dtype)


def test_matmul_attrs_and_partial_shapes():
    a = tf.placeholder(tf.float32, (None, 3), name="a")
    c = tf.placeholder(tf.float32, (3, 5), name="c")
    z = tf.matmul(a, c)
    assert z.shape.as_list() == [None, 5]
    assert z.op.get_attr("transpose_a") is False and z.op.get_attr("T") is tf.float32
    assert tf.matmul(c, a, transpose_a=True, transpose_b=True).shape.as_list() == [5, None]
    d = tf.placeholder(tf.float32, (2, None, 3), name="d")
    assert tf.matmul(d, c).shape.as_list() == [2, None, 5]
    u = tf.placeholder(tf.float32, name="u")
    w = tf.matmul(u, c)
    assert w.op.type == "BatchMatMulV2" and w.shape.ndims is None
    assert w.op.get_attr("adj_x") is False
    k = tf.matmul([[1., 2.]], [[3.], [4.]])
    assert [t.op.name for t in k.op.inputs] == ["MatMul_4/a", "MatMul_4/b"]
    assert run(k) == np.float32(11.)


def test_matmul_shape_errors_name_both_shapes_and_the_op():
    a = tf.placeholder(tf.float32, (None, 3), name="a")
    b = tf.placeholder(tf.float32, (4, 1), name="b")
    with pytest.raises(ValueError, match=re.escape(
            "Dimensions must be equal, but are 3 and 4 for 'MatMul' (op: 'MatMul') with input "
            "shapes: [?,3], [4,1].")) as info:
        tf.matmul(a, b)
    assert "test_math_ops.py" in str(info.value)  # and the user's line
    with pytest.raises(ValueError, match=re.escape(
            "Dimensions must be equal, but are 3 and 4 for 'matmul_1' (op: 'MatMul')")):
        a @ b  # the failed 'MatMul' above used up its name (names are case-insensitive)
    v = tf.placeholder(tf.float32, (3,), name="v")
    with pytest.raises(ValueError, match=re.escape(
            "Shape must be rank 2 but is rank 1 for 'MatMul_2' (op: 'MatMul') with input "
            "shapes: [?,3], [3].")):
        tf.matmul(a, v)
    with pytest.raises(ValueError, match=re.escape(
            "Dimensions must be equal, but are 2 and 5 for 'MatMul_3' (op: 'BatchMatMulV2')")):
        tf.matmul(tf.placeholder(tf.float32, (2, 3, 4)), tf.placeholder(tf.float32, (5, 4, 6)))
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.matmul(tf.placeholder(tf.float32, (2, 3, 4)), v)
    with pytest.raises(ValueError, match="Only one of transpose_a and adjoint_a can be True"):
        tf.matmul(a, a, transpose_a=True, adjoint_a=True)


def test_matmul_dtype_errors():
    with pytest.raises(TypeError, match=re.escape(
            "Input 'b' of 'MatMul' Op has type float32 that does not match type int32 of "
            "argument 'a'.")):
        tf.matmul(tf.placeholder(tf.int32, (2, 3)), tf.placeholder(tf.float32, (3, 1)))
    with pytest.raises(TypeError, match=re.escape(
            "Value passed to parameter 'a' has DataType bool not in list of allowed values")):
        tf.matmul(tf.placeholder(tf.bool, (2, 2)), tf.placeholder(tf.bool, (2, 2)))


def test_matmul_run_time_shape_error():
    a = tf.placeholder(tf.float32, (None, None), name="a")
    z = tf.matmul(a, a)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(
                "Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3]")):
            sess.run(z, {a: np.ones((2, 3))})
        np.testing.assert_array_equal(sess.run(z, {a: np.eye(2)}), np.eye(2))


# ------------------------------------------------------------------- inverse and determinant


@pytest.mark.parametrize("dtype", FLOATS, ids=lambda d: d.name)
@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4)], ids=str)
def test_matrix_inverse_and_determinant(shape, dtype):
    rng = np.random.default_rng(9)
    m = (rng.normal(size=shape) + 4 * np.eye(shape[-1])).astype(dtype.as_numpy_dtype)
    p = placeholder_for(m)
    inv, det = tf.matrix_inverse(p), tf.matrix_determinant(p)
    assert (inv.op.type, det.op.type) == ("MatrixInverse", "MatrixDeterminant")
    assert inv.shape.as_list() == list(shape) and det.shape.as_list() == list(shape[:-2])
    assert_close(run(inv, {p: m}), np.linalg.inv(m), F32)
    assert_close(run(det, {p: m}), np.linalg.det(m), F32)
    adj = tf.matrix_inverse(p, adjoint=True)
    assert_close(run(adj, {p: m}), np.linalg.inv(np.swapaxes(m, -1, -2)), F32)


def test_matrix_inverse_errors():
    with pytest.raises(ValueError, match=re.escape(
            "Dimensions must be equal, but are 3 and 4 for 'MatrixInverse'")):
        tf.matrix_inverse(tf.placeholder(tf.float32, (3, 4)))
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.matrix_inverse(tf.placeholder(tf.float32, (3,)))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 4 and 3"):
        tf.matrix_determinant(tf.placeholder(tf.float32, (3, 4)))
    with pytest.raises(TypeError, match=re.escape(
            "Value passed to parameter 'input' has DataType int32 not in list")):
        tf.matrix_inverse(tf.placeholder(tf.int32, (2, 2)))


def test_singular_matrix_is_invalid_argument_at_run_time_and_the_session_survives():
    m = tf.placeholder(tf.float32, (2, 2), name="m")
    inv = tf.matrix_inverse(m)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="not invertible") as info:
            sess.run(inv, {m: [[1., 2.], [2., 4.]]})
        assert info.value.op is inv.op
        np.testing.assert_allclose(sess.run(inv, {m: [[2., 0.], [0., 4.]]}),
                                   [[0.5, 0.], [0., 0.25]])


# ------------------------------------------------------------------------ casts and clipping

CASTS = [
    (np.array([1.7, -1.7, 0.]), tf.float32, tf.int32, [1, -1, 0]),
    (np.array([1.7, -1.7, 0.]), tf.float64, tf.bool, [True, True, False]),
    (np.array([True, False]), tf.bool, tf.float32, [1., 0.]),
    (np.array([3, -4]), tf.int32, tf.float64, [3., -4.]),
    (np.array([0.1]), tf.float64, tf.float32, np.float32([0.1])),
    (np.array([2 ** 31 - 1]), tf.int64, tf.int32, [2 ** 31 - 1]),
    (np.array([1.5 + 2j]), tf.complex64, tf.float32, [1.5]),
]


@pytest.mark.parametrize("value, src, dst, want", CASTS,
                         ids=lambda c: c.name if isinstance(c, tf.DType) else None)
def test_cast(value, src, dst, want):
    x = tf.constant(value, dtype=src)
    y = tf.cast(x, dst)
    assert (y.op.type, y.op.name, y.dtype) == ("Cast", "Cast", dst)
    assert y.op.get_attr("SrcT") is src and y.op.get_attr("DstT") is dst
    np.testing.assert_array_equal(run(y), np.asarray(want, dst.as_numpy_dtype))


def test_cast_names_and_no_op_cases():
    a = tf.placeholder(tf.float32, (2, 3), name="a")
    assert tf.cast(a, tf.float32) is a
    assert tf.to_float(a) is a
    tf.to_double(a)
    tf.to_int32(a)
    tf.to_int64(a)
    tf.to_float(tf.to_int32(a, name="i"))
    c = tf.cast([1.5], tf.float32)
    assert ops_summary() == [("a", "Placeholder"), ("ToDouble", "Cast"), ("ToInt32", "Cast"),
                             ("ToInt64", "Cast"), ("i", "Cast"), ("ToFloat", "Cast"),
                             ("Cast/x", "Const")]
    assert c.op.type == "Const" and c.shape.as_list() == [1]


def test_saturate_cast():
    y = tf.saturate_cast(tf.constant([300., -5., 1.5]), tf.uint8)
    assert y.dtype is tf.uint8 and y.op.name == "saturate_cast"
    assert [n for n, _ in ops_summary()[1:]] == [
        "saturate_cast/min", "saturate_cast/Maximum", "saturate_cast/max",
        "saturate_cast/Minimum", "saturate_cast"]
    np.testing.assert_array_equal(run(y), [255, 0, 1])


def test_clip_by_value():
    a = tf.placeholder(tf.float32, (2, 3), name="a")
    z = tf.clip_by_value(a, 0., 1.)
    assert ops_summary()[1:] == [("clip_by_value/Minimum/y", "Const"),
                                 ("clip_by_value/Minimum", "Minimum"),
                                 ("clip_by_value/y", "Const"), ("clip_by_value", "Maximum")]
    x = np.array([[-1., 0.5, 2.], [0., 1., 3.]], np.float32)
    np.testing.assert_array_equal(run(z, {a: x}), np.clip(x, 0., 1.))
    np.testing.assert_array_equal(run(tf.clip_by_value(tf.constant([1, 5, -3]), 0, 2)),
                                  [1, 2, 0])
    with pytest.raises(ValueError, match=re.escape("Shapes (2, 3) and (4, 2, 3) are "
                                                   "incompatible")):
        tf.clip_by_value(a, np.zeros((4, 2, 3), np.float32), 1.)


def test_ops_are_built_in_the_graph_of_their_inputs():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (2, 2), name="x")
    outside = [x + 1, tf.reduce_sum(x), tf.cast(x, tf.int32), tf.matmul(x, [[1.], [1.]]),
               tf.clip_by_value(x, 0., 1.), tf.truediv(x, 2), tf.abs(x), tf.argmax(x, 1)]
    assert all(t.graph is g for t in outside)
    assert tf.get_default_graph().get_operations() == []
