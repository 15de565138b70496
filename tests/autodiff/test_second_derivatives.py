"""Second derivatives: tf.gradients of a gradient against finite differences of the first
derivative, one section per op family."""

import numpy as np
import pytest

import interflow as tf
from interflow.testing import check_gradients


# ---------------------------------------------------------------------------- array_ops
# Array ops are linear, so a nonlinearity around them makes the second derivative: for
# y = f(x)**3, d2y/dx2 = 6 J^T diag(f(x)) J, which differentiates each op's gradient graph in
# turn (StridedSliceGrad, MirrorPadGrad, UnsortedSegmentSum, ConcatOffset + Slice, ...).

_ARRAY_CASES = [
    ("reshape", lambda x: tf.reshape(x, [3, 2]), (2, 3)),
    ("transpose", lambda x: tf.transpose(x, [1, 0]), (2, 3)),
    ("squeeze_expand_dims", lambda x: tf.squeeze(tf.expand_dims(x, 1), [1]), (2, 3)),
    ("reverse", lambda x: tf.reverse(x, [0, 1]), (2, 3)),
    ("strided_slice", lambda x: x[1:, ::-2], (3, 4)),
    ("strided_slice_new_axis_shrink", lambda x: x[None, ..., 1], (2, 3)),
    ("slice", lambda x: tf.slice(x, [1, 0], [2, -1]), (3, 2)),
    ("gather_repeated_rows", lambda x: tf.gather(x, [2, 0, 2]), (3, 2)),
    ("gather_axis1", lambda x: tf.gather(x, [1, 1, 0], axis=1), (2, 3)),
    ("unsorted_segment_sum", lambda x: tf.unsorted_segment_sum(x, [1, -1, 1, 0], 2), (4, 2)),
    ("concat", lambda x: tf.concat([x, tf.reverse(x, [0])], 1), (2, 3)),
    ("stack_unstack", lambda x: tf.stack(tf.unstack(x)[::-1], axis=1), (3, 2)),
    ("split", lambda x: tf.concat(tf.split(x, 2, axis=1)[::-1], 0), (2, 4)),
    ("split_v", lambda x: tf.concat(tf.split(x, [1, 2], axis=0)[::-1], 0), (3, 2)),
    ("tile", lambda x: tf.tile(x, [2, 1]), (2, 3)),
    ("broadcast_to", lambda x: tf.broadcast_to(x, [2, 3, 2]), (3, 1)),
    ("pad", lambda x: tf.pad(x, [[1, 0], [2, 1]]), (2, 3)),
    ("pad_v2", lambda x: tf.pad(x, [[0, 1], [1, 1]], constant_values=2.0), (2, 3)),
    ("mirror_pad_reflect", lambda x: tf.pad(x, [[2, 1], [0, 2]], mode="REFLECT"), (3, 3)),
    ("mirror_pad_symmetric", lambda x: tf.pad(x, [[1, 2], [3, 0]], mode="SYMMETRIC"), (2, 3)),
    ("fill", lambda x: tf.fill([2, 3], x), ()),
    ("where", lambda x: tf.where([True, False, True], x, tf.reverse(x, [1])), (3, 2)),
    ("diag", lambda x: tf.diag(x), (3,)),
    ("diag_part", lambda x: tf.diag_part(x), (3, 3)),
    ("boolean_mask", lambda x: tf.boolean_mask(x, [True, False, True]), (3, 2)),
    ("identity_n", lambda x: tf.identity_n([x, x])[1], (2,)),
]


@pytest.mark.parametrize("f,shape", [c[1:] for c in _ARRAY_CASES],
                         ids=[c[0] for c in _ARRAY_CASES])
def test_array_op_second_derivative_matches_finite_differences(f, shape):
    x = tf.placeholder(tf.float64, shape)
    fx = f(x)
    dy = tf.gradients(fx * fx * fx, x)[0]
    value = np.random.default_rng(len(shape) + sum(shape)).uniform(-1.0, 1.0, size=shape)
    result = check_gradients(dy, x, feed_dict={x: value})
    assert result.ok, result


@pytest.mark.parametrize("forward,grad_op,grad_grad_op", [
    (lambda x: x[1:, ::2], "StridedSliceGrad", "StridedSlice"),
    (lambda x: tf.pad(x, [[1, 0], [0, 2]], mode="REFLECT"), "MirrorPadGrad", "MirrorPad"),
    (lambda x: tf.gather(x, [0, 0]), "UnsortedSegmentSum", "GatherV2"),
])
def test_array_gradient_ops_are_differentiated_by_their_forward_op(forward, grad_op,
                                                                   grad_grad_op):
    x = tf.placeholder(tf.float64, [3, 3])
    v = tf.placeholder(tf.float64)
    dx = tf.gradients(forward(x), x, grad_ys=v)[0]
    assert grad_op in {op.type for op in tf.get_default_graph().get_operations()
                       if op.name.startswith("gradients/")}
    dv = tf.gradients(dx, v)[0]
    scope = [op for op in tf.get_default_graph().get_operations()
             if op.name.startswith("gradients_1/") and "%s_grad/" % grad_op in op.name]
    assert grad_grad_op in {op.type for op in scope}
    with tf.Session() as sess:
        out_shape = forward(tf.zeros([3, 3], tf.float64)).shape.as_list()
        v_value = np.arange(np.prod(out_shape), dtype=np.float64).reshape(out_shape)
        got_dv = sess.run(dv, {x: np.zeros((3, 3)), v: v_value})
    # d(sum dx)/dv = the forward op applied to ones: how often each output reads an input.
    with tf.Session() as sess:
        expected = sess.run(forward(tf.ones([3, 3], tf.float64)))
    np.testing.assert_allclose(got_dv, expected)


# ---------------------------------------------------------------------------- nn_ops
# The first derivative of each nn function (for fixed random output weights) is differentiated
# again and checked against finite differences of it: this runs the gradients of ReluGrad,
# EluGrad, Conv2DBackpropInput/Filter, MaxPoolGrad, AvgPoolGrad, BiasAddGrad, and the cross
# entropies' second (backprop) output.

def _nn_xent(x, l):
    return tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.nn.softmax(l), logits=x)


def _nn_square(t):
    return t * t


_NN_CASES = [
    ("relu", lambda x: tf.nn.relu(x) * x, [(3, 4)], {}),
    ("relu6", lambda x: tf.nn.relu6(x * 4.0) * x, [(3, 4)], {}),
    ("elu", lambda x: tf.nn.elu(x), [(3, 4)], {}),
    ("softplus", lambda x: tf.nn.softplus(x), [(3, 4)], {}),
    ("leaky_relu", lambda x: tf.nn.leaky_relu(x, 0.3) * x, [(2, 5)], {}),
    ("softmax", lambda x: tf.nn.softmax(x), [(3, 4)], {}),
    ("log_softmax", lambda x: tf.nn.log_softmax(x), [(3, 4)], {}),
    ("bias_add", lambda v, b: _nn_square(tf.nn.bias_add(v, b)), [(2, 3), (3,)], {}),
    ("bias_add_nchw", lambda v, b: _nn_square(tf.nn.bias_add(v, b, data_format="NCHW")),
     [(2, 3, 2), (3,)], {}),
    ("l2_loss", lambda x: tf.nn.l2_loss(x), [(2, 3)], {}),
    ("conv2d", lambda x, w: tf.nn.conv2d(x, w, strides=2, padding="SAME"),
     [(1, 4, 4, 2), (3, 3, 2, 2)], {}),
    ("conv2d_squared", lambda x, w: _nn_square(tf.nn.conv2d(x, w, strides=1, padding="VALID",
                                                            dilations=2)),
     [(1, 5, 5, 1), (2, 2, 1, 2)], {}),
    ("conv2d_transpose", lambda x, w: _nn_square(tf.nn.conv2d_transpose(
        x, w, [1, 4, 4, 1], strides=2, padding="SAME")), [(1, 2, 2, 2), (2, 2, 1, 2)], {}),
    ("max_pool", lambda x: _nn_square(tf.nn.max_pool(x, 2, 1, "VALID")), [(1, 3, 4, 2)],
     {"distinct": True}),
    ("avg_pool", lambda x: _nn_square(tf.nn.avg_pool(x, 2, 2, "SAME")), [(1, 3, 3, 2)], {}),
    ("softmax_cross_entropy", _nn_xent, [(3, 4), (3, 4)], {}),
    ("sparse_softmax_cross_entropy", lambda x: tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=[2, 0, 1], logits=x), [(3, 4)], {}),
    ("sigmoid_cross_entropy", lambda x, z: tf.nn.sigmoid_cross_entropy_with_logits(
        labels=z, logits=x), [(3, 4), (3, 4)], {}),
]


def _nn_inputs(shapes, rng, distinct):
    values = []
    for shape in shapes:
        v = rng.uniform(-2.0, 2.0, size=shape)
        if distinct:
            v = rng.permutation(v.size).reshape(shape) * 0.37 - 1.0
        v = np.where(np.abs(v) < 0.05, 0.05, v)  # away from relu's kink
        values.append(v)
    return values


@pytest.mark.parametrize("f,shapes,options", [c[1:] for c in _NN_CASES],
                         ids=[c[0] for c in _NN_CASES])
def test_nn_second_derivative_matches_finite_differences(f, shapes, options):
    rng = np.random.default_rng(sum(map(sum, shapes)) + len(shapes))
    xs = [tf.placeholder(tf.float64, s) for s in shapes]
    y = f(*xs)
    weights = tf.constant(rng.uniform(0.5, 1.5, size=y.shape.as_list()))
    firsts = tf.gradients(y, xs, grad_ys=weights)
    feeds = dict(zip(xs, _nn_inputs(shapes, rng, options.get("distinct", False))))
    checked = 0
    for d in firsts:
        if d is not None:
            result = check_gradients(d, xs, feed_dict=feeds)
            assert result.ok, result
            checked += 1
    assert checked


@pytest.mark.parametrize("forward,shapes,grad_op,grad_grad_ops", [
    (tf.nn.relu, [(2, 3)], "ReluGrad", {"ReluGrad"}),
    (tf.nn.elu, [(2, 3)], "EluGrad", {"EluGrad", "Select"}),
    (lambda v, b: tf.nn.bias_add(v, b), [(2, 3), (3,)], "BiasAddGrad", {"Tile"}),
    (lambda x, w: tf.nn.conv2d(x, w, 1, "SAME"), [(1, 3, 3, 1), (2, 2, 1, 1)],
     "Conv2DBackpropInput", {"Conv2DBackpropFilter", "Conv2D"}),
    (lambda x, w: tf.nn.conv2d(x, w, 1, "SAME"), [(1, 3, 3, 1), (2, 2, 1, 1)],
     "Conv2DBackpropFilter", {"Conv2DBackpropInput", "Conv2D"}),
    (lambda x: tf.nn.max_pool(x, 2, 2, "SAME"), [(1, 4, 4, 1)], "MaxPoolGrad",
     {"MaxPoolGradGrad"}),
    (lambda x: tf.nn.avg_pool(x, 2, 2, "SAME"), [(1, 4, 4, 1)], "AvgPoolGrad", {"AvgPool"}),
])
def test_nn_gradient_ops_are_differentiated_as_tf(forward, shapes, grad_op, grad_grad_ops):
    xs = [tf.placeholder(tf.float64, s) for s in shapes]
    y = forward(*xs)
    dy = tf.placeholder(tf.float64, y.shape)
    first = [g for g in tf.gradients(y, xs, grad_ys=dy) if g is not None
             and g.op.type == grad_op]
    assert first, "no %s op in the first gradient" % grad_op
    tf.gradients(first[0], [dy] + xs)
    made = {op.type for op in tf.get_default_graph().get_operations()
            if op.name.startswith("gradients_1/") and "/%s_grad/" % grad_op in op.name}
    assert grad_grad_ops <= made, made


# ----------------------------------------------------------------------------- math_ops
# y = f(x) for a nonlinear f: tf.gradients(y, x) is differentiated again and compared with
# finite differences of it. Rows: (id, f, shape, low, high) with inputs drawn in low..high.

def _math_eye_plus(x):
    return x + tf.constant(3 * np.eye(x.shape.as_list()[-1]))


_MATH_CASES = [
    ("square", lambda x: tf.square(x), (2, 3), -2.0, 2.0),
    ("square_mean", lambda x: tf.reduce_mean(tf.square(x)), (4, 1), -2.0, 2.0),
    ("exp", lambda x: tf.exp(x), (2, 3), -2.0, 2.0),
    ("expm1", lambda x: tf.expm1(x), (3,), -2.0, 2.0),
    ("log", lambda x: tf.log(x), (2, 3), 0.5, 2.0),
    ("log1p_mean", lambda x: tf.reduce_mean(tf.log1p(x)), (2, 3), -0.5, 2.0),
    ("sin_cos", lambda x: tf.sin(x) * tf.cos(x), (2, 3), -2.0, 2.0),
    ("tan", lambda x: tf.tan(x), (3,), -1.0, 1.0),
    ("tanh", lambda x: tf.tanh(x), (2, 3), -2.0, 2.0),
    ("tanh_sum", lambda x: tf.reduce_sum(tf.tanh(x)), (2, 3), -2.0, 2.0),
    ("sigmoid", lambda x: tf.sigmoid(x), (2, 3), -3.0, 3.0),
    ("sqrt", lambda x: tf.sqrt(x), (2, 3), 0.5, 2.0),
    ("rsqrt", lambda x: tf.rsqrt(x), (2, 3), 0.5, 2.0),
    ("reciprocal", lambda x: tf.reciprocal(x), (2, 3), 0.5, 2.0),
    ("erf", lambda x: tf.erf(x), (2, 3), -2.0, 2.0),
    ("abs_times_x", lambda x: tf.abs(x) * x, (4,), 0.2, 2.0),
    ("mul_div", lambda x: tf.sin(x) * x / (x + 3.0), (2, 3), -1.0, 2.0),
    ("pow_self", lambda x: tf.pow(x, x), (2, 3), 0.5, 2.0),
    ("pow_constant", lambda x: x ** 3.0, (2, 3), -2.0, 2.0),
    ("squared_difference", lambda x: tf.squared_difference(tf.sin(x), x), (2, 3), -2.0, 2.0),
    ("maximum", lambda x: tf.maximum(x * x, 0.5), (2, 3), -2.0, 2.0),
    ("matmul", lambda x: tf.matmul(x, x), (3, 3), -1.0, 1.0),
    ("matmul_transposes", lambda x: tf.matmul(x, x * x, True, True), (3, 3), -1.0, 1.0),
    ("batch_matmul", lambda x: tf.matmul(x, x, adjoint_b=True), (2, 3, 3), -1.0, 1.0),
    ("matrix_inverse", lambda x: tf.matrix_inverse(_math_eye_plus(x)), (3, 3), -1.0, 1.0),
    ("matrix_determinant", lambda x: tf.matrix_determinant(x), (2, 3, 3), -1.0, 1.0),
    ("reduce_prod", lambda x: tf.reduce_prod(x, 1), (2, 3), -2.0, 2.0),
    ("reduce_max", lambda x: tf.reduce_max(x * x, 1), (3, 4), -2.0, 2.0),
    ("reduce_mean_axis", lambda x: tf.square(tf.reduce_mean(x, 0)), (3, 2), -2.0, 2.0),
    ("reduce_logsumexp", lambda x: tf.reduce_logsumexp(x, 1), (2, 3), -2.0, 2.0),
    ("cumsum", lambda x: tf.cumsum(x * x, 1, reverse=True), (2, 3), -2.0, 2.0),
    ("complex_abs", lambda x: tf.abs(tf.cast(x, tf.complex128) * (1 + 2j) + 0.5), (3,),
     0.2, 2.0),
]


@pytest.mark.parametrize("f,shape,low,high", [c[1:] for c in _MATH_CASES],
                         ids=[c[0] for c in _MATH_CASES])
def test_math_op_second_derivative_matches_finite_differences(f, shape, low, high):
    x = tf.placeholder(tf.float64, shape)
    dy = tf.gradients(f(x), x)[0]
    value = np.random.default_rng(sum(shape) + len(shape)).uniform(low, high, size=shape)
    result = check_gradients(dy, x, feed_dict={x: value})
    assert result.ok, result


def test_math_third_derivative_of_tanh_reuses_each_forward_output():
    # d/dx tanh = 1 - t^2, d2 = -2t(1 - t^2), d3 = -2(1 - t^2)(1 - 3t^2) for t = tanh(x).
    x = tf.placeholder(tf.float64, [5])
    d1 = tf.gradients(tf.tanh(x), x)[0]
    d2 = tf.gradients(d1, x)[0]
    d3 = tf.gradients(d2, x)[0]
    value = np.linspace(-2.0, 2.0, 5)
    with tf.Session() as sess:
        got = sess.run([d1, d2, d3], {x: value})
    t = np.tanh(value)
    np.testing.assert_allclose(got[0], 1 - t * t)
    np.testing.assert_allclose(got[1], -2 * t * (1 - t * t))
    np.testing.assert_allclose(got[2], -2 * (1 - t * t) * (1 - 3 * t * t))
