"""tf.nn ops: activations, softmax, bias_add, l2_loss, dropout, conv2d and pooling.

Values are checked against NumPy (straightforward loop implementations for conv and pooling)
and, for a few cases, against numbers recorded from TensorFlow 2.21's tf.compat.v1; op names,
dtypes, static shapes and error classes as TensorFlow has them.
"""

import itertools
import math

import numpy as np
import pytest

import interflow as tf
from interflow.ops import math_ops


def run(fetch, feed_dict=None):
    """Runs `fetch` and checks the value's dtype and shape against the tensor's static ones."""
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        value = sess.run(fetch, feed_dict)
    assert np.asarray(value).dtype == fetch.dtype.as_numpy_dtype
    assert fetch.shape.is_compatible_with(np.shape(value))
    return value


def tol(dtype):
    return {np.float16: 2e-3, np.float32: 1e-5, np.float64: 1e-12}.get(np.dtype(dtype).type, 0)


def op_names():
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()]



# ----------------------------------------------------------------------------- activations


def _np_softplus(x):
    return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0)


ACTIVATIONS = [
    (tf.nn.relu, "Relu", lambda x: np.maximum(x, 0)),
    (tf.nn.relu6, "Relu6", lambda x: np.minimum(np.maximum(x, 0), 6)),
    (tf.nn.elu, "Elu", lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0)))),
    (tf.nn.softplus, "Softplus", _np_softplus),
    (tf.nn.leaky_relu, "LeakyRelu", lambda x: np.where(x > 0, x, 0.2 * x)),
]


@pytest.mark.parametrize("func, op_type, reference", ACTIVATIONS)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("shape", [(), (7,), (3, 4), (2, 3, 2)])
def test_activation_values(func, op_type, reference, dtype, shape):
    x = np.asarray(np.random.RandomState(0).randn(*shape) * 5).astype(dtype)
    t = func(x)
    assert t.op.type == op_type and t.dtype.as_numpy_dtype is dtype
    assert t.shape.as_tuple() == shape
    np.testing.assert_allclose(run(t), reference(x.astype(np.float64)), rtol=tol(dtype) * 5,
                               atol=tol(dtype) * 5)


@pytest.mark.parametrize("func, reference", [
    (tf.nn.relu, lambda x: np.maximum(x, 0)),
    (tf.nn.relu6, lambda x: np.minimum(np.maximum(x, 0), 6))])
@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint8])
def test_relu_integer_dtypes(func, reference, dtype):
    x = np.array([0, 3, 7, 100, 5], dtype) if dtype == np.uint8 else \
        np.array([-5, 0, 3, 7, 100], dtype)
    np.testing.assert_array_equal(run(func(x)), reference(x))


def test_activation_values_recorded_from_tf():
    x = np.array([[-2., -0.5, 0., 1., 7.]], np.float32)
    expected = {
        tf.nn.relu: [0., 0., 0., 1., 7.],
        tf.nn.relu6: [0., 0., 0., 1., 6.],
        tf.nn.elu: [-0.86466473, -0.39346933, 0., 1., 7.],
        tf.nn.softplus: [0.126928, 0.474077, 0.6931472, 1.3132616, 7.0009117],
        tf.nn.leaky_relu: [-0.4, -0.1, 0., 1., 7.],
        tf.nn.softmax: [0.00012291, 0.00055084, 0.00090819, 0.00246871, 0.99594927],
        tf.nn.log_softmax: [-9.004059, -7.504059, -7.004059, -6.004059, -0.00405893],
    }
    for func, values in expected.items():
        np.testing.assert_allclose(run(func(x))[0], values, rtol=1e-5, atol=1e-7)
    assert run(tf.nn.l2_loss(x)) == np.float32(27.125)


def test_activation_names_as_tf():
    x = np.ones((1, 5), np.float32)
    for func in (tf.nn.relu, tf.nn.relu6, tf.nn.elu, tf.nn.softplus):
        func(x)
    tf.nn.leaky_relu(x)
    c = tf.constant(x)
    tf.nn.leaky_relu(c, alpha=0.1)
    tf.nn.relu([1, -2])
    assert op_names() == [
        ("Relu/features", "Const"), ("Relu", "Relu"), ("Relu6/features", "Const"),
        ("Relu6", "Relu6"), ("Elu/features", "Const"), ("Elu", "Elu"),
        ("Softplus/features", "Const"), ("Softplus", "Softplus"),
        ("LeakyRelu/features", "Const"), ("LeakyRelu", "LeakyRelu"), ("Const", "Const"),
        ("LeakyRelu_1", "LeakyRelu"), ("Relu_1/features", "Const"), ("Relu_1", "Relu")]
    graph = tf.get_default_graph()
    assert graph.get_operation_by_name("LeakyRelu").get_attr("alpha") == 0.2
    assert graph.get_operation_by_name("LeakyRelu_1").get_attr("alpha") == 0.1
    assert graph.get_operation_by_name("Relu_1").get_attr("T") is tf.int32
    assert tf.nn.relu(c, name="act").name == "act:0"


def test_activation_dtype_errors():
    with pytest.raises(TypeError, match="DataType bool not in list of allowed values"):
        tf.nn.relu(np.ones(3, bool))
    for func in (tf.nn.elu, tf.nn.softplus, tf.nn.softmax, tf.nn.l2_loss):
        with pytest.raises(TypeError, match="DataType int32 not in list of allowed values: "
                                            "float16, float32, float64"):
            func([1, 2])


def test_softplus_does_not_overflow():
    value = run(tf.nn.softplus(np.array([-100., 0., 100., 1000.], np.float32)))
    np.testing.assert_allclose(value, [0., np.log(2), 100., 1000.], atol=1e-30, rtol=1e-6)


def test_leaky_relu_casts_integers_to_float32():
    t = tf.nn.leaky_relu([1, -2])
    assert t.dtype is tf.float32 and t.op.type == "LeakyRelu"
    np.testing.assert_allclose(run(t), [1., -0.4], rtol=1e-6)


def test_leaky_relu_alpha_above_one_selects_as_tf():
    np.testing.assert_allclose(run(tf.nn.leaky_relu([-1., 2.], alpha=3.0)), [-3., 2.])


def test_sigmoid_and_tanh_are_reexported_from_math_ops():
    assert tf.nn.sigmoid is math_ops.sigmoid and tf.nn.tanh is math_ops.tanh


# ----------------------------------------------------------------------------- softmax


def _np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 6)])
def test_softmax_and_log_softmax_values(dtype, shape):
    x = (np.random.RandomState(1).randn(*shape) * 4).astype(dtype)
    s, ls = tf.nn.softmax(x), tf.nn.log_softmax(x)
    assert s.op.type == "Softmax" and ls.op.type == "LogSoftmax"
    ref = _np_softmax(x.astype(np.float64))
    np.testing.assert_allclose(run(s), ref, rtol=tol(dtype) * 5, atol=tol(dtype))
    np.testing.assert_allclose(run(ls), np.log(ref), rtol=tol(dtype) * 5, atol=tol(dtype) * 5)


def test_softmax_is_numerically_stable():
    x = np.array([[1000., 0., -1000.], [-1e30, -1e30, -1e30]], np.float32)
    np.testing.assert_allclose(run(tf.nn.softmax(x)), [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]],
                               rtol=1e-6)
    np.testing.assert_allclose(run(tf.nn.log_softmax(x[:1])), [[0., -1000., -2000.]])


def test_softmax_names_and_errors():
    assert tf.nn.softmax([[1., 2.]]).name == "Softmax:0"
    assert tf.nn.log_softmax([[1., 2.]], name="lsm").name == "lsm:0"
    assert tf.nn.softmax([[1., 2.]], axis=-1).name == "Softmax_1:0"
    assert tf.nn.softmax([[1., 2.]], dim=1).name == "Softmax_2:0"
    with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
        tf.nn.softmax(3.0)
    with pytest.raises(ValueError, match="Cannot specify both 'dim' and 'axis'."):
        tf.nn.softmax([[1., 2.]], axis=0, dim=0)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"`dim` must be in the range \[-2, 2\) where 2 is the number of "
                             r"dimensions in the input. Received: dim=3"):
        tf.nn.softmax([[1., 2.]], axis=3)


@pytest.mark.parametrize("axis", [0, 1, -2, -3])
def test_softmax_along_another_axis(axis):
    x = np.random.RandomState(2).randn(2, 3, 4).astype(np.float32)
    s = tf.nn.softmax(x, axis=axis)
    ls = tf.nn.log_softmax(x, dim=axis)
    assert s.shape.as_list() == [2, 3, 4]
    np.testing.assert_allclose(run(s), _np_softmax(x, axis), rtol=1e-5)
    np.testing.assert_allclose(run(ls), np.log(_np_softmax(x, axis)), rtol=1e-5, atol=1e-6)


def test_softmax_other_axis_value_recorded_from_tf():
    np.testing.assert_allclose(
        run(tf.nn.softmax([[1., 2.], [3., 5.]], axis=0)),
        [[0.11920291185379028, 0.04742587357759476], [0.8807970285415649, 0.9525741338729858]],
        rtol=1e-6)


# ----------------------------------------------------------------------------- bias_add, l2_loss


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int32])
@pytest.mark.parametrize("shape", [(2, 3), (2, 4, 3), (1, 2, 2, 3), (2, 1, 2, 2, 3)])
def test_bias_add_nhwc(dtype, shape):
    x = (np.random.RandomState(3).randn(*shape) * 5).astype(dtype)
    b = np.arange(shape[-1]).astype(dtype)
    t = tf.nn.bias_add(x, b)
    assert t.op.type == "BiasAdd" and t.op.get_attr("data_format") == "NHWC"
    np.testing.assert_allclose(run(t), x + b, rtol=tol(dtype))


@pytest.mark.parametrize("shape", [(2, 3, 4), (1, 3, 2, 2), (2, 3, 1, 2, 2)])
def test_bias_add_nchw(shape):
    x = np.random.RandomState(4).randn(*shape).astype(np.float32)
    b = np.array([1., 2., 3.], np.float32)
    t = tf.nn.bias_add(x, b, data_format="NCHW")
    assert t.op.get_attr("data_format") == "NCHW" and t.shape.as_tuple() == shape
    np.testing.assert_allclose(run(t), x + b.reshape((3,) + (1,) * (len(shape) - 2)),
                               rtol=1e-6)


def test_bias_add_nchw_recorded_from_tf():
    np.testing.assert_array_equal(
        run(tf.nn.bias_add(np.zeros((1, 2, 2, 2), np.float32), [1., 2.], data_format="NCHW")),
        [[[[1.0, 1.0], [1.0, 1.0]], [[2.0, 2.0], [2.0, 2.0]]]])


def test_bias_add_names_and_static_shapes():
    tf.nn.bias_add(tf.constant(np.ones((2, 3), np.float32)), [1., 2., 3.])
    tf.nn.bias_add(np.ones((2, 3, 4), np.float32), np.ones(3, np.float32), data_format="NCHW")
    assert op_names() == [("Const", "Const"), ("BiasAdd/bias", "Const"),
                          ("BiasAdd", "BiasAdd"), ("BiasAdd_1/input", "Const"),
                          ("BiasAdd_1/bias", "Const"), ("BiasAdd_1", "BiasAdd")]
    p = tf.placeholder(tf.float32, [None, 7, None, 3])
    assert tf.nn.bias_add(p, tf.placeholder(tf.float32)).shape.as_tuple() == (None, 7, None, 3)
    assert tf.nn.bias_add(tf.placeholder(tf.float32, [2, None]),
                          tf.placeholder(tf.float32, [3])).shape.as_list() == [2, 3]
    assert tf.nn.bias_add(tf.placeholder(tf.float32),
                          tf.placeholder(tf.float32, [3])).shape.ndims is None
    # A float64 NumPy bias is converted to the value's dtype, as TF does.
    assert tf.nn.bias_add(np.ones((2, 3), np.float32), np.ones(3)).dtype is tf.float32


def test_bias_add_errors():
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.nn.bias_add(np.ones(3, np.float32), np.ones(3, np.float32))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4 for "
                                         "'BiasAdd_\\d' \\(op: 'BiasAdd'\\)"):
        tf.nn.bias_add(np.ones((2, 3), np.float32), np.ones(4, np.float32))
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.nn.bias_add(np.ones((2, 3), np.float32), np.ones((1, 3), np.float32))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 5 and 4"):
        tf.nn.bias_add(np.ones((2, 5, 4), np.float32), np.ones(4, np.float32),
                       data_format="NCHW")
    with pytest.raises(ValueError, match="Shape must be at least rank 3 but is rank 2"):
        tf.nn.bias_add(np.ones((2, 5), np.float32), np.ones(5, np.float32), data_format="NCHW")
    with pytest.raises(ValueError, match="`data_format` must be of the form `N...C` or `NC...`"):
        tf.nn.bias_add(np.ones((2, 3), np.float32), np.ones(3, np.float32), data_format="XYZ")
    with pytest.raises(ValueError, match="requested dtype float32 for Tensor with dtype float64"):
        tf.nn.bias_add(np.ones((2, 3), np.float32), tf.constant(np.ones(3)))
    p = tf.placeholder(tf.float32, [None, None])
    t = tf.nn.bias_add(p, [1., 2.])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="as many biases"):
            sess.run(t, {p: np.ones((2, 3))})


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("shape", [(), (5,), (3, 4)])
def test_l2_loss(dtype, shape):
    x = np.asarray(np.random.RandomState(5).randn(*shape)).astype(dtype)
    t = tf.nn.l2_loss(x)
    assert t.op.type == "L2Loss" and t.shape.as_list() == [] and t.dtype.as_numpy_dtype is dtype
    assert t.op.inputs[0].op.name == "L2Loss/t"
    np.testing.assert_allclose(run(t), np.sum(x.astype(np.float64) ** 2) / 2,
                               rtol=tol(dtype) * 5)


# ----------------------------------------------------------------------------- dropout


def test_dropout_names_as_tf1():
    x = tf.constant(np.ones((1, 5), np.float32))
    y = tf.nn.dropout(x, keep_prob=0.5)
    assert op_names() == [
        ("Const", "Const"), ("dropout/rate", "Const"), ("dropout/Shape", "Const"),
        ("dropout/random_uniform/min", "Const"), ("dropout/random_uniform/max", "Const"),
        ("dropout/random_uniform/RandomUniform", "RandomUniform"),
        ("dropout/random_uniform/sub", "Sub"), ("dropout/random_uniform/mul", "Mul"),
        ("dropout/random_uniform", "Add"), ("dropout/sub/x", "Const"), ("dropout/sub", "Sub"),
        ("dropout/truediv/x", "Const"), ("dropout/truediv", "RealDiv"),
        ("dropout/GreaterEqual", "GreaterEqual"), ("dropout/mul", "Mul"),
        ("dropout/Cast", "Cast"), ("dropout/mul_1", "Mul")]
    assert y.shape.as_list() == [1, 5] and y.dtype is tf.float32


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dropout_keeps_and_scales(dtype):
    x = np.random.RandomState(6).rand(100, 50).astype(dtype) + 1
    y = tf.nn.dropout(x, keep_prob=0.75, seed=3)
    value = run(y)
    kept = value != 0
    assert abs(kept.mean() - 0.75) < 0.02
    np.testing.assert_allclose(value[kept], x[kept] / 0.75, rtol=1e-6)
    with tf.Session() as sess:
        first, second = sess.run(y), sess.run(y)
    assert not np.array_equal(first != 0, second != 0)  # a new mask on every run
    np.testing.assert_array_equal(first, value)        # but seeded: a new session replays


def test_dropout_rate_placeholder_and_noise_shape():
    kp = tf.placeholder(tf.float32)
    x = np.ones((4, 30), np.float32)
    y = tf.nn.dropout(x, kp)
    assert y.shape.as_list() == [4, 30]
    assert np.array_equal(run(y, {kp: 1.0}), x)
    z = run(tf.nn.dropout(x, rate=0.5, noise_shape=[1, 30]))
    assert all(len(set(col)) == 1 for col in z.T)  # one decision per column


def test_dropout_keep_prob_one_is_identity_and_errors():
    x = tf.constant([1., 2.])
    assert tf.nn.dropout(x, keep_prob=1.0) is x
    assert tf.nn.dropout(x, rate=0.0) is x
    with pytest.raises(ValueError, match="`x.dtype` must be a floating point tensor"):
        tf.nn.dropout([1, 2], 0.5)
    with pytest.raises(ValueError, match=r"`rate` must be a scalar tensor or a float in the "
                                         r"range \[0, 1\). Received: rate=1"):
        tf.nn.dropout(x, 0.0)
    with pytest.raises(ValueError, match="rate=-0.5"):
        tf.nn.dropout(x, 1.5)
    with pytest.raises(ValueError, match="`rate` must be provided"):
        tf.nn.dropout(x)
    with pytest.raises(ValueError, match="Cannot specify both 'keep_prob' and 'rate'."):
        tf.nn.dropout(x, 0.5, rate=0.5)
    with pytest.raises(ValueError, match="must have rank 0"):
        tf.nn.dropout(x, rate=tf.constant([0.5, 0.5]))


# ----------------------------------------------------------------------------- conv2d


def ref_conv2d(x, w, strides, padding, dilations=(1, 1)):
    """Loop-based NHWC convolution (cross-correlation), TF's padding rule."""
    n, h, wd, c = x.shape
    kh, kw, _, k_out = w.shape
    (sh, sw), (dh, dw) = strides, dilations
    ekh, ekw = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    if padding == "SAME":
        oh, ow = math.ceil(h / sh), math.ceil(wd / sw)
        top = max((oh - 1) * sh + ekh - h, 0) // 2
        left = max((ow - 1) * sw + ekw - wd, 0) // 2
    else:
        oh, ow = math.ceil((h - ekh + 1) / sh), math.ceil((wd - ekw + 1) / sw)
        top = left = 0
    out = np.zeros((n, oh, ow, k_out))
    for b, i, j, a, e in itertools.product(range(n), range(oh), range(ow), range(kh), range(kw)):
        r, col = i * sh - top + a * dh, j * sw - left + e * dw
        if 0 <= r < h and 0 <= col < wd:
            out[b, i, j] += x[b, r, col].astype(np.float64) @ w[a, e].astype(np.float64)
    return out


def _conv_cases():
    rng = np.random.RandomState(7)
    cases = []
    for _ in range(24):
        h, w = rng.randint(1, 9, size=2)
        kh, kw = rng.randint(1, 4, size=2)
        dh, dw = (1, 1) if rng.rand() < 0.6 else tuple(rng.randint(1, 3, size=2))
        padding = "SAME" if rng.rand() < 0.5 or h < (kh - 1) * dh + 1 or \
            w < (kw - 1) * dw + 1 else "VALID"
        cases.append(((int(rng.randint(1, 3)), int(h), int(w), int(rng.randint(1, 4))),
                      (int(kh), int(kw), int(rng.randint(1, 4))),
                      tuple(int(s) for s in rng.randint(1, 4, size=2)),
                      (int(dh), int(dw)), padding))
    return cases


@pytest.mark.parametrize("x_shape, k_shape, strides, dilations, padding", _conv_cases())
def test_conv2d_matches_loop_reference(x_shape, k_shape, strides, dilations, padding):
    rng = np.random.RandomState(sum(x_shape + k_shape))
    x = rng.randn(*x_shape).astype(np.float32)
    w = rng.randn(k_shape[0], k_shape[1], x_shape[3], k_shape[2]).astype(np.float32)
    y = tf.nn.conv2d(x, w, strides=[1, *strides, 1], padding=padding,
                     dilations=[1, *dilations, 1])
    expected = ref_conv2d(x, w, strides, padding, dilations)
    assert y.shape.as_tuple() == expected.shape
    np.testing.assert_allclose(run(y), expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_conv2d_nchw_matches_nhwc(padding):
    rng = np.random.RandomState(8)
    x = rng.randn(2, 6, 7, 3).astype(np.float32)
    w = rng.randn(3, 2, 3, 4).astype(np.float32)
    y = tf.nn.conv2d(x.transpose(0, 3, 1, 2), w, strides=[1, 1, 2, 3], padding=padding,
                     data_format="NCHW")
    expected = ref_conv2d(x, w, (2, 3), padding).transpose(0, 3, 1, 2)
    assert y.shape.as_tuple() == expected.shape
    np.testing.assert_allclose(run(y), expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int32])
def test_conv2d_dtypes(dtype):
    rng = np.random.RandomState(9)
    x = rng.randint(-3, 4, size=(1, 5, 4, 2)).astype(dtype)
    w = rng.randint(-3, 4, size=(2, 3, 2, 3)).astype(dtype)
    y = tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding="SAME")
    assert y.dtype.as_numpy_dtype is dtype
    np.testing.assert_array_equal(run(y), ref_conv2d(x, w, (1, 1), "SAME"))


def test_conv2d_seed_example_as_tf():
    img = tf.constant(1.0, shape=[1, 5, 5, 3])
    k = tf.constant(1.0, shape=[3, 3, 3, 1])
    kernel = tf.Variable(k)
    y2 = tf.nn.conv2d(img, kernel, strides=[1, 2, 2, 1], padding="SAME")
    y3 = tf.nn.conv2d(img, kernel, strides=[1, 2, 2, 1], padding="VALID")
    assert str(y2) == 'Tensor("Conv2D:0", shape=(1, 3, 3, 1), dtype=float32)'
    assert y3.name == "Conv2D_1:0" and y3.shape.as_list() == [1, 2, 2, 1]
    assert [op.name for op in tf.get_default_graph().get_operations()] == \
        ["Const", "Const_1", "Variable", "Variable/Assign", "Variable/read", "Conv2D",
         "Conv2D_1"]
    op = y2.op
    assert [t.name for t in op.inputs] == ["Const:0", "Variable/read:0"]
    assert op.get_attr("strides") == [1, 2, 2, 1] and op.get_attr("padding") == "SAME"
    assert op.get_attr("data_format") == "NHWC" and op.get_attr("dilations") == [1, 1, 1, 1]
    assert op.get_attr("use_cudnn_on_gpu") is True and op.get_attr("T") is tf.float32
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        v2, v3 = sess.run([y2, y3])
    np.testing.assert_array_equal(v2[0, :, :, 0], [[12., 18., 12.], [18., 27., 18.],
                                                   [12., 18., 12.]])
    np.testing.assert_array_equal(v3, np.full((1, 2, 2, 1), 27., np.float32))


# Inputs and outputs recorded from TensorFlow 2.21 (tf.compat.v1).
_X = (np.arange(1 * 5 * 6 * 2, dtype=np.float32).reshape(1, 5, 6, 2) % 7) - 3
_W = (np.arange(3 * 2 * 2 * 2, dtype=np.float32).reshape(3, 2, 2, 2) % 5) - 2
_IMG = np.arange(25, dtype=np.float32).reshape(1, 5, 5, 1) * 7 % 11


def test_conv2d_values_recorded_from_tf():
    same = tf.nn.conv2d(_X, _W, [1, 2, 3, 1], "SAME")
    valid = tf.nn.conv2d(_X, _W, [1, 2, 3, 1], "VALID")
    dilated = tf.nn.conv2d(_X, _W, [1, 1, 1, 1], "VALID", dilations=[1, 2, 1, 1])
    np.testing.assert_array_equal(run(same), [[[[8.0, 2.0], [2.0, 7.0]],
                                               [[-3.0, 1.0], [13.0, -13.0]],
                                               [[10.0, 10.0], [-4.0, 5.0]]]])
    np.testing.assert_array_equal(run(valid), [[[[-7.0, 8.0], [-19.0, 8.0]],
                                                [[1.0, -13.0], [10.0, 1.0]]]])
    np.testing.assert_array_equal(run(dilated), [[[[6.0, -7.0], [-5.0, 0.0], [5.0, -7.0],
                                                   [1.0, 0.0], [-3.0, 7.0]]]])
    dilated_same = run(tf.nn.conv2d(_X, _W, [1, 1, 1, 1], "SAME", dilations=[1, 2, 1, 1]))
    np.testing.assert_array_equal(dilated_same[0, 0], [[-2.0, -2.0], [10.0, 2.0], [-6.0, 6.0],
                                                       [6.0, 10.0], [-3.0, -7.0], [-8.0, -7.0]])
    np.testing.assert_array_equal(dilated_same[0, 4], [[8.0, 6.0], [-6.0, 2.0], [8.0, -2.0],
                                                       [-6.0, 1.0], [8.0, -10.0], [-7.0, -8.0]])


def test_conv2d_strides_and_dilations_shorthands():
    x = np.ones((1, 5, 5, 3), np.float32)
    w = np.ones((3, 3, 3, 1), np.float32)
    assert tf.nn.conv2d(x, w, 2, "SAME").op.get_attr("strides") == [1, 2, 2, 1]
    assert tf.nn.conv2d(x, w, [2, 1], "SAME").op.get_attr("strides") == [1, 2, 1, 1]
    y = tf.nn.conv2d(x.transpose(0, 3, 1, 2), w, [2, 1], "SAME", data_format="NCHW")
    assert y.op.get_attr("strides") == [1, 1, 2, 1]
    assert tf.nn.conv2d(x, filters=w, strides=1, padding="VALID").shape.as_list() == \
        [1, 3, 3, 1]


def test_conv2d_static_shapes_with_unknown_dims():
    w = np.ones((3, 3, 3, 1), np.float32)
    p = tf.placeholder(tf.float32, [None, None, None, 3])
    assert tf.nn.conv2d(p, w, [1, 2, 2, 1], "SAME").shape.as_tuple() == (None, None, None, 1)
    assert tf.nn.conv2d(tf.placeholder(tf.float32), w, [1, 2, 2, 1],
                        "SAME").shape.as_tuple() == (None, None, None, 1)
    y = tf.nn.conv2d(tf.placeholder(tf.float32, [None, 7, None, None]),
                     tf.placeholder(tf.float32, [3, None, None, 5]), [1, 2, 2, 1], "VALID")
    assert y.shape.as_tuple() == (None, 3, None, 5)
    assert tf.nn.conv2d(tf.placeholder(tf.float32, [4, 5, 6, 3]), w, [1, 1, 1, 1],
                        "SAME").shape.as_list() == [4, 5, 6, 1]


def test_conv2d_build_time_errors():
    img = np.ones((1, 5, 5, 3), np.float32)
    with pytest.raises(ValueError, match=r"Depth of input \(3\) is not a multiple of input "
                                         r"depth of filter \(2\) for 'Conv2D' \(op: 'Conv2D'\)"):
        tf.nn.conv2d(img, np.ones((3, 3, 2, 1), np.float32), [1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match="grouped convolutions are not supported"):
        tf.nn.conv2d(np.ones((1, 5, 5, 4), np.float32), np.ones((3, 3, 2, 2), np.float32),
                     [1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3"):
        tf.nn.conv2d(img[0], np.ones((3, 3, 3, 1), np.float32), [1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3"):
        tf.nn.conv2d(img, np.ones((3, 3, 3), np.float32), [1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match=r"strides should be of length 1, 2 or 4. Received: "
                                         r"strides=\[1, 1, 1\] of length 3"):
        tf.nn.conv2d(img, np.ones((3, 3, 3, 1), np.float32), [1, 1, 1], "SAME")
    with pytest.raises(ValueError, match="Attr 'padding' of 'Conv2D' Op passed string 'same'"):
        tf.nn.conv2d(img, np.ones((3, 3, 3, 1), np.float32), [1, 1, 1, 1], "same")
    with pytest.raises(ValueError, match="Negative dimension size caused by subtracting 7 "
                                         "from 5 for 'Conv2D_\\d'"):
        tf.nn.conv2d(img, np.ones((7, 3, 3, 1), np.float32), [1, 1, 1, 1], "VALID")
    with pytest.raises(ValueError, match="Stride must be > 0, but got 0"):
        tf.nn.conv2d(img, np.ones((3, 3, 3, 1), np.float32), [1, 0, 1, 1], "SAME")
    with pytest.raises(TypeError, match="DataType int64 not in list of allowed values"):
        tf.nn.conv2d(img.astype(np.int64), np.ones((3, 3, 3, 1), np.int64), 1, "SAME")
    # SAME with a filter larger than the input is fine, as in TF.
    assert tf.nn.conv2d(img, np.ones((7, 3, 3, 1), np.float32), 1, "SAME").shape.as_list() == \
        [1, 5, 5, 1]


def test_conv2d_run_time_errors():
    img = np.ones((1, 5, 5, 3), np.float32)
    w = np.ones((3, 3, 3, 1), np.float32)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.UnimplementedError, match="strides in the batch and "
                                                               "depth dimensions"):
            sess.run(tf.nn.conv2d(img, w, [2, 1, 1, 1], "SAME"))
        with pytest.raises(tf.errors.InvalidArgumentError, match="dilations in the batch"):
            sess.run(tf.nn.conv2d(img, w, 1, "SAME", dilations=[2, 1, 1, 1]))
        p = tf.placeholder(tf.float32, [1, None, None, 3])
        with pytest.raises(tf.errors.InvalidArgumentError, match="output size would be "
                                                                 "negative"):
            sess.run(tf.nn.conv2d(p, w, 1, "VALID"), {p: np.ones((1, 2, 5, 3))})


# ----------------------------------------------------------------------------- pooling


def ref_pool(x, ksize, strides, padding, reduce):
    """Loop-based NHWC pooling over the real (unpadded) elements of each window."""
    n, h, w, c = x.shape
    (kh, kw), (sh, sw) = ksize, strides
    if padding == "SAME":
        oh, ow = math.ceil(h / sh), math.ceil(w / sw)
        top = max((oh - 1) * sh + kh - h, 0) // 2
        left = max((ow - 1) * sw + kw - w, 0) // 2
    else:
        oh, ow = math.ceil((h - kh + 1) / sh), math.ceil((w - kw + 1) / sw)
        top = left = 0
    out = np.zeros((n, oh, ow, c))
    for b, i, j, ch in itertools.product(range(n), range(oh), range(ow), range(c)):
        r0, c0 = i * sh - top, j * sw - left
        window = x[b, max(r0, 0):max(r0 + kh, 0), max(c0, 0):max(c0 + kw, 0), ch]
        out[b, i, j, ch] = reduce(window.astype(np.float64))
    return out


def _pool_cases():
    rng = np.random.RandomState(10)
    cases = []
    for _ in range(20):
        h, w = (int(v) for v in rng.randint(1, 9, size=2))
        kh, kw = (int(v) for v in rng.randint(1, 4, size=2))
        padding = "SAME" if rng.rand() < 0.5 or h < kh or w < kw else "VALID"
        cases.append(((int(rng.randint(1, 3)), h, w, int(rng.randint(1, 4))), (kh, kw),
                      tuple(int(s) for s in rng.randint(1, 4, size=2)), padding))
    return cases


@pytest.mark.parametrize("x_shape, ksize, strides, padding", _pool_cases())
def test_pools_match_loop_reference(x_shape, ksize, strides, padding):
    # Negative values: SAME padding must never win a max nor count in a mean.
    x = np.random.RandomState(sum(x_shape)).randn(*x_shape).astype(np.float32) - 3
    mp = tf.nn.max_pool(x, [1, *ksize, 1], [1, *strides, 1], padding)
    ap = tf.nn.avg_pool(x, [1, *ksize, 1], [1, *strides, 1], padding)
    expected_max = ref_pool(x, ksize, strides, padding, np.max)
    assert mp.shape.as_tuple() == ap.shape.as_tuple() == expected_max.shape
    np.testing.assert_allclose(run(mp), expected_max, rtol=1e-6)
    np.testing.assert_allclose(run(ap), ref_pool(x, ksize, strides, padding, np.mean),
                               rtol=1e-5, atol=1e-6)


def test_pool_values_recorded_from_tf():
    k, s = [1, 3, 3, 1], [1, 2, 2, 1]
    np.testing.assert_array_equal(run(tf.nn.max_pool(_IMG, k, s, "SAME"))[0, :, :, 0],
                                  [[9, 10, 10], [9, 9, 10], [8, 9, 7]])
    np.testing.assert_array_equal(run(tf.nn.max_pool(_IMG, k, s, "VALID"))[0, :, :, 0],
                                  [[9, 10], [9, 10]])
    np.testing.assert_allclose(run(tf.nn.avg_pool(_IMG, k, s, "SAME"))[0, :, :, 0],
                               [[4.5, 5.833333492279053, 6.25],
                                [3.8333332538604736, 4.55555534362793, 4.666666507720947],
                                [5.0, 4.5, 4.0]], rtol=1e-6)
    np.testing.assert_allclose(run(tf.nn.avg_pool(_IMG, k, s, "VALID"))[0, :, :, 0],
                               [[4.111111164093018, 5.888888835906982],
                                [4.44444465637207, 5.0]], rtol=1e-6)
    np.testing.assert_array_equal(
        run(tf.nn.max_pool(-_IMG - 1, [1, 2, 2, 1], s, "SAME"))[0, :, :, 0],
        [[-1, -2, -7], [-1, -4, -2], [-5, -1, -4]])


@pytest.mark.parametrize("dtype", [np.float16, np.float64, np.int32, np.int8, np.uint8])
def test_max_pool_dtypes(dtype):
    x = np.random.RandomState(11).randint(0, 100, size=(2, 5, 4, 3)).astype(dtype)
    if np.dtype(dtype).kind != "u":
        x = x - dtype(50)
    t = tf.nn.max_pool(x, [1, 2, 3, 1], [1, 2, 1, 1], "SAME")
    np.testing.assert_array_equal(run(t), ref_pool(x, (2, 3), (2, 1), "SAME", np.max))


@pytest.mark.parametrize("dtype", [np.float16, np.float64])
def test_avg_pool_dtypes(dtype):
    x = np.random.RandomState(12).randn(1, 4, 5, 2).astype(dtype)
    t = tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 1, 2, 1], "SAME")
    np.testing.assert_allclose(run(t), ref_pool(x, (2, 2), (1, 2), "SAME", np.mean),
                               rtol=tol(dtype) * 5, atol=tol(dtype) * 5)


def test_pool_nchw_matches_nhwc():
    x = np.random.RandomState(13).randn(2, 5, 6, 3).astype(np.float32)
    for func, reduce in ((tf.nn.max_pool, np.max), (tf.nn.avg_pool, np.mean)):
        t = func(x.transpose(0, 3, 1, 2), [1, 1, 3, 2], [1, 1, 2, 2], "SAME",
                 data_format="NCHW")
        expected = ref_pool(x, (3, 2), (2, 2), "SAME", reduce).transpose(0, 3, 1, 2)
        assert t.shape.as_tuple() == expected.shape
        np.testing.assert_allclose(run(t), expected, rtol=1e-5, atol=1e-6)


def test_pool_names_attrs_and_static_shapes():
    img = tf.constant(1.0, shape=[1, 5, 5, 3])
    mp = tf.nn.max_pool(img, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
    ap = tf.nn.avg_pool(img, ksize=2, strides=2, padding="SAME")
    tf.nn.max_pool(np.ones((1, 4, 4, 1), np.float32), 2, 2, "VALID")
    tf.nn.avg_pool(np.ones((1, 4, 4, 1), np.float32), 2, 2, "VALID")
    assert op_names() == [("Const", "Const"), ("MaxPool", "MaxPool"), ("AvgPool", "AvgPool"),
                          ("MaxPool_1/input", "Const"), ("MaxPool_1", "MaxPool"),
                          ("AvgPool_1/value", "Const"), ("AvgPool_1", "AvgPool")]
    assert mp.shape.as_list() == ap.shape.as_list() == [1, 3, 3, 3]
    assert mp.op.get_attr("ksize") == ap.op.get_attr("ksize") == [1, 2, 2, 1]
    assert mp.op.get_attr("padding") == "SAME" and mp.op.get_attr("data_format") == "NHWC"
    p = tf.placeholder(tf.float32, [None, 7, None, 3])
    assert tf.nn.max_pool(p, [1, 2, 2, 1], [1, 2, 2, 1], "VALID").shape.as_tuple() == \
        (None, 3, None, 3)
    assert tf.nn.avg_pool(tf.placeholder(tf.float32), 2, 2, "SAME").shape.as_tuple() == \
        (None,) * 4
    assert tf.nn.max_pool(img, 2, 1, "SAME", name="pool").name == "pool:0"


def test_pool_errors():
    img = np.ones((1, 5, 5, 3), np.float32)
    with pytest.raises(ValueError, match=r"ksize should be of length 1, 2 or 4. Received: "
                                         r"ksize=\[1, 2, 2\] of length 3"):
        tf.nn.max_pool(img, [1, 2, 2], [1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match=r"`ksize` cannot be zero. Received: "
                                         r"ksize=\[1, 0, 2, 1\]"):
        tf.nn.max_pool(img, [1, 0, 2, 1], [1, 1, 1, 1], "VALID")
    with pytest.raises(ValueError, match="Negative dimension size caused by subtracting 6 "
                                         "from 5 for 'MaxPool'"):
        tf.nn.max_pool(img, [1, 6, 2, 1], [1, 1, 1, 1], "VALID")
    with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3 for 'AvgPool'"):
        tf.nn.avg_pool(img[0], [1, 2, 2, 1], [1, 1, 1, 1], "VALID")
    with pytest.raises(ValueError, match="Attr 'padding' of 'MaxPool' Op passed string 'FULL'"):
        tf.nn.max_pool(img, [1, 2, 2, 1], [1, 1, 1, 1], "FULL")
    with pytest.raises(ValueError, match="Stride must be > 0, but got 0"):
        tf.nn.max_pool(img, [1, 2, 2, 1], [1, 0, 1, 1], "SAME")
    with pytest.raises(TypeError, match="Value passed to parameter 'value' has DataType int32 "
                                        "not in list of allowed values"):
        tf.nn.avg_pool(img.astype(np.int32), [1, 2, 2, 1], [1, 1, 1, 1], "VALID")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.UnimplementedError, match="Pooling is not yet supported "
                                                               "on the batch dimension."):
            sess.run(tf.nn.max_pool(img, [2, 2, 2, 1], [1, 1, 1, 1], "SAME"))
        with pytest.raises(tf.errors.UnimplementedError):
            sess.run(tf.nn.avg_pool(img, [1, 2, 2, 3], [1, 1, 1, 3], "VALID"))


# ----------------------------------------------------------------------------- gradients
# The gradient ops (ReluGrad, BiasAddGrad, Conv2DBackpropInput/Filter, MaxPoolGrad,
# MaxPoolGradGrad, AvgPoolGrad) against loop references; names and attrs as TF makes them.


def grad_names(prefix="gradients/"):
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()
            if op.name.startswith(prefix)]


ACTIVATION_GRADS = [
    (tf.nn.relu, "ReluGrad", lambda x, g: g * (x > 0)),
    (tf.nn.relu6, "Relu6Grad", lambda x, g: g * ((x > 0) & (x < 6))),
    (tf.nn.elu, "EluGrad", lambda x, g: np.where(x > 0, g, g * np.exp(np.minimum(x, 0)))),
    (lambda x: tf.nn.leaky_relu(x, alpha=0.3), "LeakyReluGrad",
     lambda x, g: np.where(x > 0, g, 0.3 * g)),
    (tf.nn.softplus, "Mul", lambda x, g: g / (1 + np.exp(-x))),
]


@pytest.mark.parametrize("func, grad_type, reference", ACTIVATION_GRADS)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_activation_gradients(func, grad_type, reference, dtype):
    x_value = (np.random.RandomState(1).randn(3, 4) * 4).astype(dtype)
    g_value = np.random.RandomState(2).randn(3, 4).astype(dtype)
    x = tf.placeholder(dtype, [3, 4])
    grad = tf.gradients(func(x), x, grad_ys=tf.constant(g_value))[0]
    assert grad.op.type == grad_type and grad.dtype.as_numpy_dtype is dtype
    np.testing.assert_allclose(run(grad, {x: x_value}), reference(
        x_value.astype(np.float64), g_value.astype(np.float64)), rtol=tol(dtype) * 5,
        atol=tol(dtype) * 5)


def test_activation_gradient_names_as_tf():
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    y = tf.nn.relu(x)
    assert tf.gradients(y, x)[0].name == "gradients/Relu_grad/ReluGrad:0"
    assert tf.get_default_graph().get_operation_by_name(
        "gradients/Relu_grad/ReluGrad").inputs[1] is y  # ReluGrad of the output, as TF
    leaky = tf.nn.leaky_relu(x)
    grad = tf.gradients(leaky, x)[0]
    assert grad.name == "gradients_1/LeakyRelu_grad/LeakyReluGrad:0"
    assert grad.op.get_attr("alpha") == pytest.approx(0.2) and grad.op.inputs[1] is x
    assert tf.gradients(tf.nn.softplus(x), x)[0].name == "gradients_2/Softplus_grad/mul:0"
    assert ("gradients_2/Softplus_grad/Sigmoid", "Sigmoid") in grad_names("gradients_2/")
    # The second derivative of relu goes through ReluGrad's own gradient.
    d2 = tf.gradients(tf.gradients(y, x, name="g1")[0], x, name="g2")[0]
    assert d2.name == "g2/Relu_grad/ReluGrad:0"
    assert ("g2/g1/Relu_grad/ReluGrad_grad/ReluGrad", "ReluGrad") in grad_names("g2/")


def test_softmax_gradient_names_as_tf():
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    tf.gradients(tf.nn.softmax(x), x)
    assert [n for n, _ in grad_names("gradients/Softmax_grad/")] == [
        "gradients/Softmax_grad/" + n for n in
        ["mul", "Sum/reduction_indices", "Sum", "sub", "mul_1"]]
    tf.gradients(tf.nn.log_softmax(x), x)
    assert [n for n, _ in grad_names("gradients_1/LogSoftmax_grad/")] == [
        "gradients_1/LogSoftmax_grad/" + n for n in
        ["Exp", "Sum/reduction_indices", "Sum", "mul", "sub"]]


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int32])
@pytest.mark.parametrize("fmt, shape", [("NHWC", (2, 3)), ("NHWC", (2, 3, 4, 3)),
                                        ("NCHW", (2, 3, 4)), ("NCHW", (1, 3, 2, 2, 2))])
def test_bias_add_gradient(dtype, fmt, shape):
    channels = shape[1] if fmt == "NCHW" else shape[-1]
    v = tf.placeholder(dtype, shape)
    b = tf.placeholder(dtype, [channels])
    g_value = (np.arange(np.prod(shape)).reshape(shape) % 7 - 3).astype(dtype)
    gv, gb = tf.gradients(tf.nn.bias_add(v, b, data_format=fmt), [v, b],
                          grad_ys=tf.constant(g_value)) if dtype != np.int32 else (None, None)
    if dtype == np.int32:  # integer tensors take no gradient; the op itself still works
        gb = apply_bias_add_grad(tf.constant(g_value), fmt)
    else:
        assert gb.name == "gradients/BiasAdd_grad/BiasAddGrad:0"
        assert gb.op.get_attr("data_format") == fmt and gv.op.type == "Const"
    axes = tuple(i for i in range(len(shape)) if i != (1 if fmt == "NCHW" else len(shape) - 1))
    assert gb.shape.as_list() == [channels]
    np.testing.assert_allclose(run(gb), g_value.astype(np.float64).sum(axis=axes),
                               rtol=tol(dtype) * 10)


def apply_bias_add_grad(dy, fmt):
    from interflow.framework.op_registry import apply_op
    return apply_op("BiasAddGrad", [dy], {"data_format": fmt})


def test_l2_loss_gradient_as_tf():
    x = tf.placeholder(tf.float32, [3], name="x")
    g = tf.gradients(tf.nn.l2_loss(x), x)[0]
    assert g.name == "gradients/L2Loss_grad/mul:0" and g.op.inputs[0] is x
    np.testing.assert_allclose(run(g, {x: [1.0, -2.0, 3.0]}), [1.0, -2.0, 3.0])


def ref_conv2d_backprop(x, w, dy, strides, padding, dilations=(1, 1)):
    """Loop-based gradients of ref_conv2d: (d input, d filter) for the output gradient dy."""
    n, h, wd, c = x.shape
    kh, kw, _, k_out = w.shape
    (sh, sw), (dh, dw) = strides, dilations
    ekh, ekw = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    oh, ow = dy.shape[1:3]
    if padding == "SAME":
        top = max((oh - 1) * sh + ekh - h, 0) // 2
        left = max((ow - 1) * sw + ekw - wd, 0) // 2
    else:
        top = left = 0
    dx, dwt = np.zeros(x.shape), np.zeros(w.shape)
    for b, i, j, a, e in itertools.product(range(n), range(oh), range(ow), range(kh), range(kw)):
        r, col = i * sh - top + a * dh, j * sw - left + e * dw
        if 0 <= r < h and 0 <= col < wd:
            dx[b, r, col] += w[a, e].astype(np.float64) @ dy[b, i, j]
            dwt[a, e] += np.outer(x[b, r, col], dy[b, i, j])
    return dx, dwt


@pytest.mark.parametrize("x_shape, k_shape, strides, dilations, padding", _conv_cases())
def test_conv2d_backprops_match_loop_reference(x_shape, k_shape, strides, dilations, padding):
    rng = np.random.RandomState(sum(x_shape) + sum(k_shape))
    x = rng.randn(*x_shape)
    w = rng.randn(*k_shape[:2], x_shape[3], k_shape[2])
    out_shape = ref_conv2d(x, w, strides, padding, dilations).shape
    dy = rng.randn(*out_shape)
    st, dl = [1, *strides, 1], [1, *dilations, 1]
    dx = tf.nn.conv2d_backprop_input(list(x_shape), w, dy, strides=st, padding=padding,
                                     dilations=dl)
    dw = tf.nn.conv2d_backprop_filter(x, list(w.shape), dy, strides=st, padding=padding,
                                      dilations=dl)
    assert dx.shape.as_tuple() == x.shape and dw.shape.as_tuple() == w.shape
    ref_dx, ref_dw = ref_conv2d_backprop(x, w, dy, strides, padding, dilations)
    got_dx, got_dw = run(dx), run(dw)
    np.testing.assert_allclose(got_dx, ref_dx, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(got_dw, ref_dw, rtol=1e-10, atol=1e-10)
    # tf.gradients of conv2d builds the same two ops.
    xt, wt = tf.constant(x), tf.constant(w)
    grads = tf.gradients(tf.nn.conv2d(xt, wt, strides=st, padding=padding, dilations=dl),
                         [xt, wt], grad_ys=dy)
    assert [g.op.type for g in grads] == ["Conv2DBackpropInput", "Conv2DBackpropFilter"]
    np.testing.assert_allclose(run(grads[0]), ref_dx, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(run(grads[1]), ref_dw, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int32])
def test_conv2d_backprop_dtypes(dtype):
    rng = np.random.RandomState(3)
    x = (rng.randn(2, 5, 4, 2) * 3).astype(dtype)
    w = (rng.randn(2, 3, 2, 3) * 3).astype(dtype)
    dy = (rng.randn(2, 3, 2, 3) * 3).astype(dtype)
    dx = tf.nn.conv2d_backprop_input([2, 5, 4, 2], w, dy, strides=2, padding="SAME")
    dw = tf.nn.conv2d_backprop_filter(x, [2, 3, 2, 3], dy, strides=2, padding="SAME")
    assert dx.dtype.as_numpy_dtype is dtype and dw.dtype.as_numpy_dtype is dtype
    ref_dx, ref_dw = ref_conv2d_backprop(x, w, dy, (2, 2), "SAME")
    scale = 1 if dtype == np.int32 else 1e-2 if dtype == np.float16 else 1e-5
    np.testing.assert_allclose(run(dx), ref_dx, rtol=scale, atol=scale * 10)
    np.testing.assert_allclose(run(dw), ref_dw, rtol=scale, atol=scale * 10)


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_conv2d_backprops_nchw_match_nhwc(padding):
    rng = np.random.RandomState(4)
    x, w = rng.randn(2, 6, 5, 3), rng.randn(3, 2, 3, 2)
    dy = rng.randn(*ref_conv2d(x, w, (2, 1), padding).shape)
    nchw = [tf.nn.conv2d_backprop_input([2, 3, 6, 5], w, dy.transpose(0, 3, 1, 2),
                                        strides=[1, 1, 2, 1], padding=padding,
                                        data_format="NCHW"),
            tf.nn.conv2d_backprop_filter(x.transpose(0, 3, 1, 2), [3, 2, 3, 2],
                                         dy.transpose(0, 3, 1, 2), strides=[1, 1, 2, 1],
                                         padding=padding, data_format="NCHW")]
    ref_dx, ref_dw = ref_conv2d_backprop(x, w, dy, (2, 1), padding)
    got = [run(t) for t in nchw]
    np.testing.assert_allclose(got[0], ref_dx.transpose(0, 3, 1, 2), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(got[1], ref_dw, rtol=1e-10, atol=1e-10)


def test_conv2d_gradient_names_and_attrs_as_tf():
    x = tf.placeholder(tf.float32, [2, 5, 5, 3], name="x")
    w = tf.placeholder(tf.float32, [3, 3, 3, 4], name="w")
    y = tf.nn.conv2d(x, w, strides=[1, 2, 2, 1], padding="SAME")
    dx, dw = tf.gradients(y, [x, w])
    assert grad_names("gradients/Conv2D_grad/") == [
        ("gradients/Conv2D_grad/ShapeN", "ShapeN"),
        ("gradients/Conv2D_grad/Conv2DBackpropInput", "Conv2DBackpropInput"),
        ("gradients/Conv2D_grad/Conv2DBackpropFilter", "Conv2DBackpropFilter")]
    assert dx.op.inputs[0].name == "gradients/Conv2D_grad/ShapeN:0"
    assert dw.op.inputs[1].name == "gradients/Conv2D_grad/ShapeN:1"
    for op in (dx.op, dw.op):
        assert op.get_attr("strides") == [1, 2, 2, 1] and op.get_attr("padding") == "SAME"
        assert op.get_attr("dilations") == [1, 1, 1, 1] and op.get_attr("data_format") == "NHWC"
        assert op.get_attr("explicit_paddings") == [] and op.get_attr("use_cudnn_on_gpu")
    assert dx.shape.as_list() == [2, 5, 5, 3] and dw.shape.as_list() == [3, 3, 3, 4]
    ddx = tf.gradients(dx, [x, w], name="g2")
    assert ddx[0] is None
    assert ddx[1].name == "g2/gradients/Conv2D_grad/Conv2DBackpropInput_grad/" \
                          "Conv2DBackpropFilter:0"
    assert ("g2/gradients/Conv2D_grad/Conv2DBackpropInput_grad/Conv2D", "Conv2D") in \
        grad_names("g2/")


def test_conv2d_backprop_and_transpose_names_as_tf():
    w = tf.placeholder(tf.float32, [3, 3, 3, 4], name="w")
    dy = tf.placeholder(tf.float32, [2, 3, 3, 4], name="dy")
    a = tf.nn.conv2d_backprop_input([2, 5, 5, 3], w, dy, strides=[1, 2, 2, 1], padding="SAME")
    b = tf.nn.conv2d_transpose(dy, w, [2, 5, 5, 3], strides=[1, 2, 2, 1], padding="SAME")
    c = tf.nn.conv2d_transpose(dy, w, tf.placeholder(tf.int32, [4], name="os"), strides=2,
                               padding="SAME")
    assert [(n, t) for n, t in op_names() if n not in ("w", "dy", "os")] == [
        ("Conv2DBackpropInput/input_sizes", "Const"),
        ("Conv2DBackpropInput", "Conv2DBackpropInput"),
        ("conv2d_transpose/input_sizes", "Const"), ("conv2d_transpose", "Conv2DBackpropInput"),
        ("conv2d_transpose_1", "Conv2DBackpropInput")]
    assert a.shape.as_list() == b.shape.as_list() == [2, 5, 5, 3]
    assert c.shape.as_list() == [2, None, None, None]  # the batch comes from out_backprop
    assert c.op.get_attr("strides") == [1, 2, 2, 1]


def test_conv2d_backprop_errors():
    w = tf.placeholder(tf.float32, [3, 3, 3, 4])
    dy = tf.placeholder(tf.float32, [2, 3, 3, 4])
    with pytest.raises(ValueError, match="Size of out_backprop doesn't match computed: "
                                         "actual = 3, computed = 4"):
        tf.nn.conv2d_backprop_input([2, 7, 7, 3], w, dy, strides=[1, 2, 2, 1], padding="SAME")
    with pytest.raises(ValueError, match="Filter output depth 5 and out_backprop depth 4"):
        tf.nn.conv2d_backprop_filter(tf.zeros([2, 5, 5, 3]), [3, 3, 3, 5], dy, strides=2,
                                     padding="SAME")
    with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3"):
        tf.nn.conv2d_backprop_input([2, 5, 5, 3], w, tf.zeros([3, 3, 4]), strides=2,
                                    padding="SAME")
    sizes = tf.placeholder(tf.int32, [4])
    bad_input = tf.nn.conv2d_backprop_input(sizes, w, dy, strides=[1, 2, 2, 1], padding="SAME")
    bad_filter = tf.nn.conv2d_backprop_filter(tf.zeros([2, 5, 5, 3]), sizes, dy, strides=2,
                                              padding="SAME")
    feeds = {w: np.zeros((3, 3, 3, 4)), dy: np.zeros((2, 3, 3, 4))}
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Size of out_backprop doesn't match computed"):
            sess.run(bad_input, {**feeds, sizes: [2, 7, 7, 3]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="input depth 2 and filter"):
            sess.run(bad_input, {**feeds, sizes: [2, 5, 5, 2]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="filter output depth 5"):
            sess.run(bad_filter, {**feeds, sizes: [3, 3, 3, 5]})
        assert sess.run(bad_input, {**feeds, sizes: [2, 5, 5, 3]}).shape == (2, 5, 5, 3)


def ref_max_pool_grad(x, dy, ksize, strides, padding):
    """Each output's gradient to the first maximum (row-major) of its window."""
    n, h, w, c = x.shape
    (kh, kw), (sh, sw) = ksize, strides
    oh, ow = dy.shape[1:3]
    top = max((oh - 1) * sh + kh - h, 0) // 2 if padding == "SAME" else 0
    left = max((ow - 1) * sw + kw - w, 0) // 2 if padding == "SAME" else 0
    dx = np.zeros(x.shape)
    for b, i, j, ch in itertools.product(range(n), range(oh), range(ow), range(c)):
        best = None
        for a, e in itertools.product(range(kh), range(kw)):
            r, col = i * sh - top + a, j * sw - left + e
            if 0 <= r < h and 0 <= col < w and (best is None or x[b, r, col, ch] > x[best]):
                best = (b, r, col, ch)
        dx[best] += dy[b, i, j, ch]
    return dx


def ref_avg_pool_grad(x_shape, dy, ksize, strides, padding):
    n, h, w, c = x_shape
    (kh, kw), (sh, sw) = ksize, strides
    oh, ow = dy.shape[1:3]
    top = max((oh - 1) * sh + kh - h, 0) // 2 if padding == "SAME" else 0
    left = max((ow - 1) * sw + kw - w, 0) // 2 if padding == "SAME" else 0
    dx = np.zeros(x_shape)
    for b, i, j in itertools.product(range(n), range(oh), range(ow)):
        rows = [r for r in range(i * sh - top, i * sh - top + kh) if 0 <= r < h]
        cols = [q for q in range(j * sw - left, j * sw - left + kw) if 0 <= q < w]
        for r, q in itertools.product(rows, cols):
            dx[b, r, q] += dy[b, i, j] / (len(rows) * len(cols))
    return dx


@pytest.mark.parametrize("x_shape, ksize, strides, padding", _pool_cases())
def test_pool_gradients_match_loop_reference(x_shape, ksize, strides, padding):
    rng = np.random.RandomState(sum(x_shape))
    x = rng.randint(-2, 3, size=x_shape).astype(np.float64)  # many ties
    xt = tf.constant(x)
    mp = tf.nn.max_pool(xt, [1, *ksize, 1], [1, *strides, 1], padding)
    ap = tf.nn.avg_pool(xt, [1, *ksize, 1], [1, *strides, 1], padding)
    dy = rng.randn(*mp.shape.as_list())
    dmx = tf.gradients(mp, xt, grad_ys=dy)[0]
    dax = tf.gradients(ap, xt, grad_ys=dy)[0]
    assert dmx.op.type == "MaxPoolGrad" and dax.op.type == "AvgPoolGrad"
    np.testing.assert_allclose(run(dmx), ref_max_pool_grad(x, dy, ksize, strides, padding),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(run(dax), ref_avg_pool_grad(x.shape, dy, ksize, strides,
                                                           padding), rtol=1e-12, atol=1e-12)
    # MaxPoolGradGrad reads, for each output, the input gradient at its window's maximum.
    ddx = rng.randn(*x_shape)
    dd = tf.gradients(dmx, dmx.op.inputs[2], grad_ys=ddx)[0]
    assert dd.op.type == "MaxPoolGradGrad"
    # <dmx(dy), ddx> = <dy, MaxPoolGradGrad(ddx)>: the two are adjoint.
    np.testing.assert_allclose(np.sum(run(dd) * dy), np.sum(run(dmx) * ddx), rtol=1e-10)


def test_max_pool_gradient_ties_go_to_the_first_maximum_as_tf():
    ones = tf.constant(np.ones((1, 2, 2, 1), np.float32))
    g = tf.gradients(tf.nn.max_pool(ones, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"), ones)[0]
    assert run(g).ravel().tolist() == [1, 0, 0, 0]
    x = tf.constant(np.array([1, 3, 3, 2, 3, 3, 0, 1, 2], np.float32).reshape(1, 3, 3, 1))
    valid = tf.gradients(tf.nn.max_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"), x)[0]
    same = tf.gradients(tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"), x)[0]
    assert run(valid).ravel().tolist() == [0, 2, 0, 0, 2, 0, 0, 0, 0]
    assert run(same).ravel().tolist() == [0, 1, 1, 0, 0, 0, 0, 1, 1]


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.int32])
def test_max_pool_grad_dtypes(dtype):
    x = np.arange(16).reshape(1, 4, 4, 1).astype(dtype)
    from interflow.framework.op_registry import apply_op
    attrs = {"ksize": [1, 2, 2, 1], "strides": [1, 2, 2, 1], "padding": "VALID",
             "data_format": "NHWC", "explicit_paddings": []}
    y = tf.nn.max_pool(x, 2, 2, "VALID")
    g = apply_op("MaxPoolGrad", [x, y, np.ones((1, 2, 2, 1), dtype)], attrs)
    assert g.dtype.as_numpy_dtype is dtype
    assert run(g).ravel().tolist() == [0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1]


def test_pool_gradients_nchw_match_nhwc():
    rng = np.random.RandomState(5)
    x = rng.randn(2, 5, 4, 3)
    xt = tf.constant(x.transpose(0, 3, 1, 2))
    args = ([1, 1, 3, 2], [1, 1, 2, 1], "SAME")
    dy = rng.randn(2, 3, 3, 4)  # NCHW: [batch, channels, out height, out width]
    mp = tf.gradients(tf.nn.max_pool(xt, *args, data_format="NCHW"), xt, grad_ys=dy)[0]
    ap = tf.gradients(tf.nn.avg_pool(xt, *args, data_format="NCHW"), xt, grad_ys=dy)[0]
    dy_nhwc = dy.transpose(0, 2, 3, 1)
    np.testing.assert_allclose(run(mp), ref_max_pool_grad(x, dy_nhwc, (3, 2), (2, 1), "SAME")
                               .transpose(0, 3, 1, 2), rtol=1e-12)
    np.testing.assert_allclose(run(ap), ref_avg_pool_grad(x.shape, dy_nhwc, (3, 2), (2, 1),
                                                          "SAME").transpose(0, 3, 1, 2),
                               rtol=1e-12)


def test_pool_gradient_names_and_attrs_as_tf():
    x = tf.placeholder(tf.float32, [2, 5, 5, 3], name="x")
    mp = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    dmx = tf.gradients(mp, x)[0]
    assert dmx.name == "gradients/MaxPool_grad/MaxPoolGrad:0"
    assert dmx.op.inputs[0] is x and dmx.op.inputs[1] is mp
    assert {k: dmx.op.get_attr(k) for k in ("ksize", "strides", "padding", "data_format",
                                            "explicit_paddings")} == {
        "ksize": [1, 2, 2, 1], "strides": [1, 2, 2, 1], "padding": "SAME",
        "data_format": "NHWC", "explicit_paddings": []}
    dax = tf.gradients(tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"), x)[0]
    assert dax.name == "gradients_1/AvgPool_grad/AvgPoolGrad:0"
    assert dax.op.inputs[0].name == "gradients_1/AvgPool_grad/Shape:0"
    tf.gradients(dmx, x, name="g2")
    assert [n for n, t in grad_names("g2/gradients/")] == [
        "g2/gradients/MaxPool_grad/MaxPoolGrad_grad/" + n
        for n in ["zeros_like", "zeros_like_1", "MaxPoolGradGrad"]]
    assert "explicit_paddings" not in tf.get_default_graph().get_operation_by_name(
        "g2/gradients/MaxPool_grad/MaxPoolGrad_grad/MaxPoolGradGrad").node_def.attr


def test_random_ops_are_not_differentiable():
    x = tf.placeholder(tf.float32, [4, 2])
    shuffled = tf.random_shuffle(x)
    assert tf.gradients(tf.reduce_sum(shuffled), x) == [None]
