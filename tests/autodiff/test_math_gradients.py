"""math_ops gradients beyond the finite-difference table: TF1's rules at kinks, ties and zeros
(values checked against TensorFlow), which ops have none, unknown shapes, and the size of the
gradient graphs that training runs at every step."""

import numpy as np
import pytest

import interflow as tf
from interflow.execution.hooks import RunHook, add_hook, remove_hook
from interflow.framework import op_registry
from interflow.testing import check_gradients


def _run(fetches, feed_dict=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed_dict)


def _grad_ops(scope):
    return [op for op in tf.get_default_graph().get_operations()
            if op.name.startswith(scope)]


# ------------------------------------------------------------------ TF's rules (values)

def test_maximum_and_minimum_give_ties_wholly_to_x():
    x = tf.placeholder(tf.float64, [3])
    y = tf.placeholder(tf.float64, [3])
    feeds = {x: [1.0, 2.0, 3.0], y: [1.0, 5.0, 3.0]}
    gx, gy = _run(tf.gradients(tf.maximum(x, y), [x, y]), feeds)
    assert gx.tolist() == [1.0, 0.0, 1.0] and gy.tolist() == [0.0, 1.0, 0.0]
    gx, gy = _run(tf.gradients(tf.minimum(x, y), [x, y]), feeds)
    assert gx.tolist() == [1.0, 1.0, 1.0] and gy.tolist() == [0.0, 0.0, 0.0]


def test_maximum_broadcast_gradient_sums_to_each_input():
    x = tf.placeholder(tf.float64, [2, 3])
    y = tf.placeholder(tf.float64, [])
    gx, gy = _run(tf.gradients(tf.maximum(x, y), [x, y]),
                  {x: [[0.0, 1.0, 2.0], [3.0, -1.0, 1.0]], y: 1.0})
    assert gx.tolist() == [[0.0, 1.0, 1.0], [1.0, 0.0, 1.0]]
    assert gy == 2.0


def test_reduce_max_and_min_split_the_gradient_equally_among_ties():
    m = tf.placeholder(tf.float64, [3, 3])
    value = [[1.0, 3.0, 3.0], [0.0, 2.0, 5.0], [0.0, 0.0, 4.0]]
    g_max = _run(tf.gradients(tf.reduce_max(m, 1), m)[0], {m: value})
    np.testing.assert_allclose(g_max, [[0, 0.5, 0.5], [0, 0, 1], [0, 0, 1]])
    g_min = _run(tf.gradients(tf.reduce_min(m), m)[0], {m: value})
    np.testing.assert_allclose(g_min, [[0, 0, 0], [1 / 3, 0, 0], [1 / 3, 1 / 3, 0]])


def test_pow_gradient_takes_log_as_zero_where_x_is_not_positive():
    x = tf.placeholder(tf.float64, [3])
    y = tf.placeholder(tf.float64, [3])
    gx, gy = _run(tf.gradients(tf.pow(x, y), [x, y]), {x: [0.0, -2.0, 2.0], y: [2.0] * 3})
    assert gx.tolist() == [0.0, -4.0, 4.0]
    np.testing.assert_allclose(gy, [0.0, 0.0, 4 * np.log(2.0)])


@pytest.mark.parametrize("axis,keepdims,expected", [
    (1, False, [[9, 3, 3], [10, 0, 0], [0, 0, 0]]),
    (0, True, [[0, 0, 20], [0, 0, 12], [0, 6, 15]]),
])
def test_reduce_prod_gradient_with_no_one_and_two_zeros(axis, keepdims, expected):
    m = tf.placeholder(tf.float64, [3, 3])
    value = np.array([[1.0, 3.0, 3.0], [0.0, 2.0, 5.0], [0.0, 0.0, 4.0]])
    y = tf.reduce_prod(m, axis, keepdims=keepdims)
    np.testing.assert_allclose(_run(tf.gradients(y, m)[0], {m: value}), expected)
    assert check_gradients(y, m, feed_dict={m: value}).ok


def test_floormod_gradient_for_y_is_minus_floor_of_the_quotient():
    x = tf.placeholder(tf.float64, [3])
    y = tf.placeholder(tf.float64, [3])
    gx, gy = _run(tf.gradients(tf.floormod(x, y), [x, y]),
                  {x: [0.0, -2.5, 2.5], y: [2.0, -2.0, 2.0]})
    assert gx.tolist() == [1.0, 1.0, 1.0] and gy.tolist() == [0.0, -1.0, -1.0]


def test_complex_abs_gradient_is_x_over_abs_and_zero_at_zero():
    c = tf.placeholder(tf.complex128, [3])
    g = _run(tf.gradients(tf.abs(c), c)[0], {c: [0j, 3 + 4j, -1j]})
    assert g.dtype == np.complex128
    np.testing.assert_allclose(g, [0, 0.6 + 0.8j, -1j])


def test_sign_gradient_is_zero_not_none():
    x = tf.placeholder(tf.float64, [3])
    g = tf.gradients(tf.sign(x), x)[0]
    assert g is not None and _run(g, {x: [-1.0, 0.0, 2.0]}).tolist() == [0.0, 0.0, 0.0]


# --------------------------------------------------------------- where there is no gradient

@pytest.mark.parametrize("build", [
    lambda x: tf.floor(x), lambda x: tf.ceil(x), lambda x: tf.round(x),
    lambda x: tf.floordiv(x, 2.0), lambda x: x // 2.0,
    lambda x: tf.cast(tf.cast(x, tf.int32), tf.float32),
    lambda x: tf.cast(tf.argmax(x), tf.float32),
    lambda x: tf.cast(tf.greater(x, 0.0), tf.float32),
    lambda x: tf.cast(tf.is_finite(x), tf.float32),
], ids=["floor", "ceil", "round", "floordiv", "floordiv_operator", "cast_to_int", "argmax",
        "greater", "is_finite"])
def test_ops_without_gradient_give_none(build):
    x = tf.placeholder(tf.float32, [3])
    assert tf.gradients(build(x), x) == [None]


@pytest.mark.parametrize("op_type", [
    "Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "NotEqual", "LogicalAnd",
    "LogicalOr", "LogicalNot", "IsFinite", "IsNan", "IsInf", "ArgMax", "ArgMin", "Any", "All",
    "FloorDiv", "Floor", "Ceil", "Round"])
def test_not_differentiable_ops_are_registered_as_such(op_type):
    assert op_registry.has_gradient_entry(op_type)
    assert op_registry._GRADIENTS[op_type] is None


def test_cast_gradient_casts_back_between_float_types():
    x = tf.placeholder(tf.float32, [2])
    g = tf.gradients(tf.cast(x, tf.float64) * 3.0, x)[0]
    assert g.dtype == tf.float32
    value = _run(g, {x: [1.0, 2.0]})
    assert value.dtype == np.float32 and value.tolist() == [3.0, 3.0]


@pytest.mark.parametrize("dtype", [tf.float16, tf.float32, tf.float64])
def test_gradient_dtypes_follow_the_input(dtype):
    x = tf.placeholder(dtype, [2, 3])
    w = tf.placeholder(dtype, [3, 1])
    loss = tf.reduce_mean(tf.square(tf.sigmoid(tf.matmul(x, w)) - 0.5)) + tf.reduce_sum(w * w)
    grads = tf.gradients(loss, [x, w])
    values = _run(grads, {x: np.ones((2, 3)), w: np.ones((3, 1))})
    for g, v in zip(grads, values):
        assert g.dtype == dtype and v.dtype == dtype.as_numpy_dtype


# -------------------------------------------------------------------------- unknown shapes

@pytest.mark.parametrize("reduce", [tf.reduce_sum, tf.reduce_mean, tf.reduce_max,
                                    tf.reduce_min, tf.reduce_prod])
@pytest.mark.parametrize("shape", [[None, 3], [None, None], None], ids=["batch", "dims", "rank"])
@pytest.mark.parametrize("axis,keepdims", [(None, False), (1, False), (0, True), ([0, 1], True),
                                          (-1, True)])
def test_reduction_gradients_with_unknown_shapes(reduce, shape, axis, keepdims):
    x = tf.placeholder(tf.float64, shape)
    y = reduce(x, axis=axis, keepdims=keepdims)
    value = np.random.default_rng(0).uniform(0.5, 2.0, size=(2, 3))
    with tf.Graph().as_default():
        known = tf.placeholder(tf.float64, [2, 3])
        expected = _run(tf.gradients(reduce(known, axis=axis, keepdims=keepdims) * 1.5, known),
                        {known: value})[0]
    g = tf.gradients(y, x, grad_ys=tf.fill(tf.shape(y), tf.constant(1.5, tf.float64)))[0]
    np.testing.assert_allclose(_run(g, {x: value}), expected)


@pytest.mark.parametrize("reduce", [tf.reduce_sum, tf.reduce_mean, tf.reduce_max,
                                    tf.reduce_prod])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reduction_gradients_with_fed_axes(reduce, keepdims):
    x = tf.placeholder(tf.float64, [2, 3, 2])
    axes = tf.placeholder(tf.int32, [None])
    y = reduce(x, axis=axes, keepdims=keepdims)
    value = np.random.default_rng(1).uniform(0.5, 2.0, size=(2, 3, 2))
    for axes_value in ([1], [0, 2], [-1], []):
        result = check_gradients(y, x, feed_dict={x: value, axes: axes_value})
        assert result.ok, (axes_value, result)


def test_elementwise_gradients_with_unknown_shapes_are_summed_back():
    x = tf.placeholder(tf.float64)
    y = tf.placeholder(tf.float64, [None, 1])
    z = tf.pow(x, y) + tf.squared_difference(x, y) + tf.maximum(x, y) / y
    gx, gy = tf.gradients(z, [x, y])
    xv, yv = np.array([0.5, 1.5, 2.5]), np.array([[1.0], [2.0]])
    assert check_gradients(z, [x, y], feed_dict={x: xv, y: yv}).ok
    assert [v.shape for v in _run([gx, gy], {x: xv, y: yv})] == [(3,), (2, 1)]


def test_batch_matmul_gradient_with_unknown_batch_sums_broadcast_batches():
    a = tf.placeholder(tf.float64, [None, 2, 3])
    b = tf.placeholder(tf.float64, [3, 4])
    y = tf.matmul(a, b)
    av = np.random.default_rng(2).uniform(-1, 1, (3, 2, 3))
    bv = np.random.default_rng(3).uniform(-1, 1, (3, 4))
    assert check_gradients(y, [a, b], feed_dict={a: av, b: bv}).ok


# ------------------------------------------------------------ gradient graphs stay small

@pytest.mark.parametrize("transpose_a,transpose_b,flags", [
    (False, False, [(False, True), (True, False)]),
    (False, True, [(False, False), (True, False)]),
    (True, False, [(False, True), (False, False)]),
    (True, True, [(True, True), (True, True)]),
])
def test_matmul_gradient_is_two_matmuls_with_transpose_flags(transpose_a, transpose_b, flags):
    a = tf.placeholder(tf.float32, [3, 2] if transpose_a else [2, 3], name="a")
    b = tf.placeholder(tf.float32, [4, 3] if transpose_b else [3, 4], name="b")
    y = tf.matmul(a, b, transpose_a=transpose_a, transpose_b=transpose_b, name="prod")
    ga, gb = tf.gradients(y, [a, b])
    ops = _grad_ops("gradients/prod_grad/")
    assert [op.type for op in ops] == ["MatMul", "MatMul"]
    assert [op.name for op in ops] == ["gradients/prod_grad/MatMul",
                                       "gradients/prod_grad/MatMul_1"]
    assert [(op.get_attr("transpose_a"), op.get_attr("transpose_b")) for op in ops] == flags
    assert (ga.op, gb.op) == (ops[0], ops[1])


def test_mean_gradient_with_static_shapes_divides_a_scalar_and_fills():
    x = tf.placeholder(tf.float32, [4, 5])
    g = tf.placeholder(tf.float32, [])
    y = tf.reduce_mean(x, name="m")
    dx = tf.gradients(y, x, grad_ys=g)[0]
    assert sorted(op.type for op in _grad_ops("gradients/m_grad/")) == [
        "Const", "Const", "Fill", "RealDiv"]
    assert dx.shape.as_list() == [4, 5]
    np.testing.assert_allclose(_run(dx, {g: 2.0}), np.full((4, 5), 0.1), rtol=1e-6)


def test_partial_mean_gradient_with_static_shapes_is_reshape_tile_and_one_division():
    x = tf.placeholder(tf.float64, [4, 5])
    y = tf.reduce_mean(x, axis=1, name="m")
    dx = tf.gradients(y * [1.0, 2.0, 3.0, 4.0], x)[0]
    types = sorted(op.type for op in _grad_ops("gradients/m_grad/"))
    assert types == ["Const", "Const", "Const", "RealDiv", "Reshape", "Tile"]
    np.testing.assert_allclose(_run(dx), np.repeat([[0.2], [0.4], [0.6], [0.8]], 5, axis=1))


def test_tanh_and_sigmoid_gradients_reuse_the_forward_output():
    x = tf.placeholder(tf.float32, [3], name="x")
    for f, name in ((tf.tanh, "t"), (tf.sigmoid, "s")):
        y = f(x, name=name)
        tf.gradients(y, x)
        ops = _grad_ops("gradients")
        assert not any(op.type in ("Tanh", "Sigmoid", "Exp") for op in ops)
        assert any(y in op.inputs for op in ops)
    t, s = _run([tf.gradients(tf.tanh(x), x)[0], tf.gradients(tf.sigmoid(x), x)[0]],
                {x: [-1.0, 0.0, 2.0]})
    v = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_allclose(t, 1 - np.tanh(v) ** 2, rtol=1e-6)
    sig = 1 / (1 + np.exp(-v))
    np.testing.assert_allclose(s, sig * (1 - sig), rtol=1e-6)


class _Counter(RunHook):
    def __init__(self):
        self.ops = []

    def on_op_done(self, op, outputs, seconds):
        self.ops.append(op)


def test_linear_regression_step_runs_one_elementwise_op_per_full_size_gradient():
    # Geron's ch. 9 training step: mse = mean(square(X theta - y)) through tf.gradients.
    rng = np.random.default_rng(0)
    X_value = rng.normal(size=(200, 4)).astype(np.float32)
    y_value = rng.normal(size=(200, 1)).astype(np.float32)
    X = tf.constant(X_value, name="X")
    y = tf.constant(y_value, name="y")
    theta = tf.Variable(tf.random_uniform([4, 1], -1.0, 1.0, seed=42), name="theta")
    error = tf.matmul(X, theta, name="predictions") - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    gradients = tf.gradients(mse, [theta])[0]
    training_op = tf.assign(theta, theta - 0.01 * gradients)
    counter = _Counter()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        before = sess.run(theta)
        add_hook(counter)
        try:
            sess.run(training_op)
        finally:
            remove_hook(counter)
        after = sess.run(theta)
    expected = before - 0.01 * 2 / 200 * X_value.T @ (X_value @ before - y_value)
    np.testing.assert_allclose(after, expected, rtol=1e-5, atol=1e-6)
    # Computing ops of the gradient: one Mul of the error's size and one MatMul.
    computed = [op.type for op in counter.ops if op.name.startswith("gradients/")
                and op.type != "Const"]
    assert sorted(computed) == ["MatMul", "Mul"]


def test_folded_mean_gradient_still_follows_a_fed_grad_ys():
    x = tf.placeholder(tf.float64, [2, 2])
    w = tf.placeholder(tf.float64, [])
    y = tf.reduce_mean(tf.square(x))
    g = tf.gradients(y, x, grad_ys=w)[0]
    xv = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(_run(g, {x: xv, w: 3.0}), 3.0 * 2 * xv / 4)
