"""Cross entropies (tf.nn.*_cross_entropy_with_logits) and tf.losses.

Values are checked against NumPy; op names, error classes and messages, and a few values are
as TensorFlow 2.21's tf.compat.v1 has them (recorded once with the real TensorFlow).
"""

import numpy as np
import pytest

import interflow as tf
from interflow import losses
from interflow.ops.losses import div_no_nan
from interflow.testing import check_gradients


def run(fetch, feed_dict=None):
    """Runs `fetch`, checking each value's dtype and shape against the tensor's static ones."""
    with tf.Session() as sess:
        values = sess.run(fetch, feed_dict)
    for t, v in zip(fetch if isinstance(fetch, list) else [fetch],
                    values if isinstance(fetch, list) else [values]):
        if t is not None:
            assert np.asarray(v).dtype == t.dtype.as_numpy_dtype
            assert t.shape.is_compatible_with(np.shape(v))
    return values


def op_names(prefix=""):
    return [op.name for op in tf.get_default_graph().get_operations()
            if op.name.startswith(prefix)]


def np_log_softmax(x, axis=-1):
    x = np.asarray(x, np.float64)
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def np_softmax_xent(labels, logits, axis=-1):
    return -np.sum(labels * np_log_softmax(logits, axis), axis=axis)


def tol(dtype):
    return {np.float16: 2e-2, np.float32: 1e-5, np.float64: 1e-12}[np.dtype(dtype).type]


RNG = np.random.default_rng(7)


def _probabilities(shape, axis=-1):
    p = RNG.uniform(0, 1, size=shape)
    return p / p.sum(axis=axis, keepdims=True)


# ----------------------------------------------------------------------------- softmax xent


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("shape", [(4, 3), (2, 3, 5), (1, 1)])
def test_softmax_cross_entropy_v2_values(dtype, shape):
    logits = RNG.normal(size=shape).astype(dtype)
    labels = _probabilities(shape).astype(dtype)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    assert loss.dtype.as_numpy_dtype is dtype and loss.shape.as_tuple() == shape[:-1]
    np.testing.assert_allclose(run(loss), np_softmax_xent(labels, logits), rtol=tol(dtype),
                               atol=tol(dtype))


@pytest.mark.parametrize("axis", [0, 1, -2])
def test_softmax_cross_entropy_v2_along_another_axis(axis):
    logits = RNG.normal(size=(3, 4, 2))
    labels = _probabilities((3, 4, 2), axis)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, axis=axis)
    expected = np_softmax_xent(labels, logits, axis)
    assert loss.shape.as_tuple() == expected.shape
    np.testing.assert_allclose(run(loss), expected, rtol=1e-12)
    # `dim` is the older name of axis.
    old = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, dim=axis)
    np.testing.assert_allclose(run(old), expected, rtol=1e-12)


def test_softmax_cross_entropy_labels_broadcast_and_cast_as_tf():
    logits = np.array([[0.5, 1.0, -1.0], [2.0, 0.0, 0.0]], np.float32)
    # Labels [2, 1] broadcast over the classes; float64 labels are cast to the logits' dtype.
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=np.ones((2, 1)), logits=logits)
    assert loss.dtype == tf.float32
    np.testing.assert_allclose(run(loss), np_softmax_xent(np.ones((2, 3)), logits), rtol=1e-6)


def test_softmax_cross_entropy_v2_names_as_tf():
    labels = tf.placeholder(tf.float32, [4, 3], name="labels")
    logits = tf.placeholder(tf.float32, [4, 3], name="logits")
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    assert loss.name == "softmax_cross_entropy_with_logits/Reshape_2:0"
    s = "softmax_cross_entropy_with_logits"
    assert op_names(s) == [s + n for n in [
        "/Rank", "/Shape", "/Rank_1", "/Shape_1", "/Sub/y", "/Sub", "/Slice/begin",
        "/Slice/size", "/Slice", "/concat/values_0", "/concat/axis", "/concat", "/Reshape",
        "/Rank_2", "/Shape_2", "/Sub_1/y", "/Sub_1", "/Slice_1/begin", "/Slice_1/size",
        "/Slice_1", "/concat_1/values_0", "/concat_1/axis", "/concat_1", "/Reshape_1", "",
        "/Sub_2/y", "/Sub_2", "/Slice_2/begin", "/Slice_2/size", "/Slice_2", "/Reshape_2"]]
    xent = tf.get_default_graph().get_operation_by_name(s)
    assert xent.type == "SoftmaxCrossEntropyWithLogits"
    assert [t.shape.as_list() for t in xent.outputs] == [[4], [4, 3]]
    grads = tf.gradients(loss, [logits, labels])
    assert [g.name for g in grads] == [
        "gradients/softmax_cross_entropy_with_logits/Reshape_grad/Reshape:0",
        "gradients/softmax_cross_entropy_with_logits/Reshape_1_grad/Reshape:0"]
    grad_scope = [n for n in op_names("gradients/softmax_cross_entropy_with_logits_grad/")]
    assert grad_scope == ["gradients/softmax_cross_entropy_with_logits_grad/" + n for n in [
        "ExpandDims/dim", "ExpandDims", "mul", "LogSoftmax", "Neg", "ExpandDims_1/dim",
        "ExpandDims_1", "mul_1"]]


def test_softmax_cross_entropy_v1_stops_gradients_into_labels():
    labels = tf.placeholder(tf.float64, [2, 3], name="labels")
    logits = tf.placeholder(tf.float64, [2, 3], name="logits")
    loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    assert loss.name == "softmax_cross_entropy_with_logits_sg/Reshape_2:0"
    assert op_names()[2:4] == ["softmax_cross_entropy_with_logits_sg/labels_stop_gradient",
                               "softmax_cross_entropy_with_logits_sg/Rank"]
    g_logits, g_labels = tf.gradients(loss, [logits, labels])
    assert g_labels is None
    x, z = RNG.normal(size=(2, 3)), _probabilities((2, 3))
    np.testing.assert_allclose(run(g_logits, {logits: x, labels: z}),
                               np.exp(np_log_softmax(x)) - z, rtol=1e-12)


def test_softmax_cross_entropy_v2_gradients():
    labels = tf.placeholder(tf.float64, [2, 3])
    logits = tf.placeholder(tf.float64, [2, 3])
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    weights = np.array([2.0, -1.0])
    g_logits, g_labels = tf.gradients(loss, [logits, labels], grad_ys=weights)
    x, z = RNG.normal(size=(2, 3)), _probabilities((2, 3))
    got = run([g_logits, g_labels], {logits: x, labels: z})
    np.testing.assert_allclose(got[0], weights[:, None] * (np.exp(np_log_softmax(x)) - z))
    np.testing.assert_allclose(got[1], weights[:, None] * -np_log_softmax(x))


def test_softmax_cross_entropy_errors():
    logits = tf.placeholder(tf.float32, [2, 3])
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4"):
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.zeros([2, 4]), logits=logits)
    with pytest.raises(ValueError, match="Both `labels` and `logits` must be provided for "
                                         "softmax_cross_entropy_with_logitsReceived"):
        tf.nn.softmax_cross_entropy_with_logits(labels=None, logits=logits)
    with pytest.raises(TypeError):
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=[[1, 0, 0]], logits=[[1, 2, 3]])


# ----------------------------------------------------------------------------- sparse xent


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("label_dtype", [np.int32, np.int64])
@pytest.mark.parametrize("shape", [(5, 4), (2, 3, 4), (1, 1)])
def test_sparse_softmax_cross_entropy_values(dtype, label_dtype, shape):
    logits = RNG.normal(size=shape).astype(dtype)
    labels = RNG.integers(0, shape[-1], size=shape[:-1]).astype(label_dtype)
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    assert loss.dtype.as_numpy_dtype is dtype and loss.shape.as_tuple() == shape[:-1]
    expected = -np.take_along_axis(np_log_softmax(logits), labels[..., None], -1)[..., 0]
    np.testing.assert_allclose(run(loss), expected, rtol=tol(dtype), atol=tol(dtype))


def test_sparse_softmax_cross_entropy_gradient_and_names_as_tf():
    logits = tf.placeholder(tf.float64, [2, 3], name="logits")
    labels = tf.placeholder(tf.int32, [2], name="labels")
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    assert loss.name == ("SparseSoftmaxCrossEntropyWithLogits/"
                         "SparseSoftmaxCrossEntropyWithLogits:0")
    assert op_names("Sparse") == ["SparseSoftmaxCrossEntropyWithLogits/Shape",
                                  "SparseSoftmaxCrossEntropyWithLogits/"
                                  "SparseSoftmaxCrossEntropyWithLogits"]
    assert loss.op.get_attr("Tlabels") == tf.int32
    grad = tf.gradients(loss, logits)[0]
    assert grad.name == ("gradients/SparseSoftmaxCrossEntropyWithLogits/"
                         "SparseSoftmaxCrossEntropyWithLogits_grad/mul:0")
    x = RNG.normal(size=(2, 3))
    expected = np.exp(np_log_softmax(x))
    expected[[0, 1], [2, 0]] -= 1
    np.testing.assert_allclose(run(grad, {logits: x, labels: [2, 0]}), expected, rtol=1e-12)
    named = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits,
                                                           name="xentropy")
    assert named.name == "xentropy/xentropy:0"


def test_sparse_softmax_cross_entropy_out_of_range_label_fails_at_run_time():
    logits = tf.placeholder(tf.float32, [2, 3])
    labels = tf.placeholder(tf.int32, [2])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    for bad, message in [([1, 3], "Received a label value of 3 which is outside the valid "
                                  "range of [0, 3).  Label values: 1 3"),
                         ([-1, 1], "Received a label value of -1 which is outside the valid "
                                   "range of [0, 3).  Label values: -1 1")]:
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(loss, {logits: np.zeros((2, 3)), labels: bad})
        assert message in str(info.value)


def test_sparse_softmax_cross_entropy_build_errors_as_tf():
    logits = tf.placeholder(tf.float32, [2, 3])
    with pytest.raises(ValueError, match=r"`labels.shape` must equal `logits.shape` except for "
                                         r"the last dimension. Received: labels.shape=\(3,\) "
                                         r"and logits.shape=\(2, 3\)"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([3], tf.int32),
                                                       logits=logits)
    with pytest.raises(ValueError, match=r"`labels.shape.rank` must equal `logits.shape.rank "
                                         r"- 1`. Received: labels.shape=\(2, 1\) of rank 2 and "
                                         r"logits.shape=\(2, 3\) of rank 2"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([2, 1], tf.int32),
                                                       logits=logits)
    with pytest.raises(TypeError, match="Value passed to parameter 'labels' has DataType float32 "
                                        "not in list of allowed values: int32, int64"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([2]), logits=logits)
    with pytest.raises(ValueError, match="`logits` cannot be a scalar"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0], logits=tf.constant(1.0))


def test_sparse_softmax_cross_entropy_unknown_shapes():
    logits = tf.placeholder(tf.float64, [None, None, 3])
    labels = tf.placeholder(tf.int64, [None, None])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    assert loss.shape.as_list() == [None, None]
    x, z = RNG.normal(size=(2, 4, 3)), RNG.integers(0, 3, size=(2, 4))
    expected = -np.take_along_axis(np_log_softmax(x), z[..., None], -1)[..., 0]
    np.testing.assert_allclose(run(loss, {logits: x, labels: z}), expected, rtol=1e-12)


# ----------------------------------------------------------------------------- sigmoid xent


def np_sigmoid_xent(z, x):
    return np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("shape", [(), (5,), (2, 3)])
def test_sigmoid_cross_entropy_values(dtype, shape):
    x = (RNG.normal(size=shape) * 4).astype(dtype)
    z = RNG.uniform(0, 1, size=shape).astype(dtype)
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)
    assert loss.dtype.as_numpy_dtype is dtype and loss.shape.as_tuple() == shape
    np.testing.assert_allclose(run(loss), np_sigmoid_xent(z.astype(np.float64), x),
                               rtol=tol(dtype) * 10, atol=tol(dtype) * 10)


def test_sigmoid_cross_entropy_names_as_tf():
    labels = tf.placeholder(tf.float32, [4, 3], name="labels")
    logits = tf.placeholder(tf.float32, [4, 3], name="logits")
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)
    assert loss.name == "logistic_loss:0"
    assert [(op.name, op.type) for op in tf.get_default_graph().get_operations()][2:] == [
        ("logistic_loss/zeros_like", "Const"), ("logistic_loss/GreaterEqual", "GreaterEqual"),
        ("logistic_loss/Select", "Select"), ("logistic_loss/Neg", "Neg"),
        ("logistic_loss/Select_1", "Select"), ("logistic_loss/mul", "Mul"),
        ("logistic_loss/sub", "Sub"), ("logistic_loss/Exp", "Exp"),
        ("logistic_loss/Log1p", "Log1p"), ("logistic_loss", loss.op.type)]
    with pytest.raises(ValueError, match=r"`logits` and `labels` must have the same shape, "
                                         r"received \(\(4, 3\) vs \(4, 2\)\)."):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros([4, 2]), logits=logits)


# ----------------------------------------------------------------------------- stability


def test_huge_logits_give_finite_losses_and_gradients_as_tf():
    big = np.array([[1e4, -1e4, 0], [-1e4, 3e4, 2e4]], np.float32)
    soft = np.array([[0, 1, 0], [0.5, 0, 0.5]], np.float32)
    logits = tf.placeholder(tf.float32, [2, 3])
    labels = tf.placeholder(tf.float32, [2, 3])
    classes = tf.placeholder(tf.int32, [2])
    xent = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=classes, logits=logits)
    sigmoid = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)
    fetches = [xent, *tf.gradients(xent, [logits, labels]), sparse,
               tf.gradients(sparse, logits)[0], sigmoid, *tf.gradients(sigmoid, [logits, labels])]
    values = run(fetches, {logits: big, labels: soft, classes: [1, 0]})
    assert all(np.isfinite(v).all() for v in values)
    # The numbers TensorFlow gives.
    np.testing.assert_allclose(values[0], [20000, 25000])
    np.testing.assert_allclose(values[1], [[1, -1, 0], [-0.5, 1, -0.5]])
    np.testing.assert_allclose(values[2], [[0, 20000, 10000], [40000, 0, 10000]])
    np.testing.assert_allclose(values[3], [20000, 40000])
    np.testing.assert_allclose(values[4], [[1, -1, 0], [-1, 1, 0]])
    np.testing.assert_allclose(values[5], [[1e4, 1e4, 0.6931472], [5e3, 3e4, 1e4]], rtol=1e-6)
    np.testing.assert_allclose(values[6], [[1, -1, 0.5], [-0.5, 1, 0.5]])
    np.testing.assert_allclose(values[7], [[-1e4, 1e4, 0], [1e4, -3e4, -2e4]])


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_huge_logits_losses_through_tf_losses(dtype):
    big = (np.array([[1.0, -1.0, 0.5]]) * 1e4).astype(dtype)
    x = tf.placeholder(dtype, [1, 3])
    total = (losses.softmax_cross_entropy([[0.0, 1.0, 0.0]], x)
             + losses.sparse_softmax_cross_entropy([2], x)
             + losses.sigmoid_cross_entropy([[1.0, 0.0, 1.0]], x))
    values = run([total, tf.gradients(total, x)[0]], {x: big})
    assert all(np.isfinite(v).all() for v in values)


# ----------------------------------------------------------------------------- tf.losses


P = np.array([[0.1, 0.9, 0.5], [0.3, 0.2, 0.8]], np.float32)
L = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]], np.float32)


def np_reduce(per_example, weights, reduction):
    weights = np.broadcast_to(np.asarray(weights, np.float64), per_example.shape)
    weighted = per_example * weights
    if reduction == losses.Reduction.NONE:
        return weighted
    total = weighted.sum()
    if reduction == losses.Reduction.SUM:
        return total
    if reduction == losses.Reduction.MEAN:
        return total / weights.sum() if weights.sum() else 0.0
    if reduction == losses.Reduction.SUM_OVER_BATCH_SIZE:
        return total / weighted.size
    present = np.count_nonzero(weights)
    return total / present if present else 0.0


@pytest.mark.parametrize("reduction", losses.Reduction.all())
@pytest.mark.parametrize("weights", [1.0, 0.0, np.array([[1.0], [0.0]], np.float32),
                                     np.array([[2.0, 0.0, 1.0]], np.float32)])
def test_mean_squared_error_reductions_and_weights(reduction, weights):
    loss = losses.mean_squared_error(L, P, weights=weights, reduction=reduction)
    expected = np_reduce((P.astype(np.float64) - L) ** 2, weights, reduction)
    assert loss.dtype == tf.float32
    np.testing.assert_allclose(run(loss), expected, rtol=1e-6, atol=1e-7)


def test_mean_squared_error_values_recorded_from_tf():
    w = np.array([[1.0], [0.0]], np.float32)
    got = [run(losses.mean_squared_error(L, P, weights=w, reduction=r)) for r in (
        losses.Reduction.SUM, losses.Reduction.MEAN, losses.Reduction.SUM_OVER_BATCH_SIZE,
        losses.Reduction.SUM_BY_NONZERO_WEIGHTS)]
    np.testing.assert_allclose(got, [0.27, 0.09, 0.045, 0.09], rtol=1e-6)


def np_softmax_ce_loss(onehot, logits, smoothing=0.0):
    if smoothing:
        onehot = onehot * (1 - smoothing) + smoothing / onehot.shape[-1]
    return np_softmax_xent(onehot, logits).mean()


def np_huber(labels, predictions, delta):
    e = np.abs(predictions - labels)
    q = np.minimum(e, delta)
    return (0.5 * q * q + delta * (e - q)).mean()


LOSS_CASES = [
    ("absolute_difference", lambda: losses.absolute_difference(L, P, weights=2.0),
     lambda: np.abs(P - L).mean() * 2, 0.8),
    ("huber_loss", lambda: losses.huber_loss(L, P * 3, delta=0.5),
     lambda: np_huber(L, P * 3.0, 0.5), 0.35833335),
    ("log_loss", lambda: losses.log_loss(L, P),
     lambda: (-L * np.log(P + 1e-7) - (1 - L) * np.log(1 - P + 1e-7)).mean(), 0.65673685),
    ("hinge_loss", lambda: losses.hinge_loss(L, P * 4 - 2),
     lambda: np.maximum(0, 1 - (2 * L - 1) * (P * 4 - 2)).mean(), 0.8333333),
    ("cosine_distance", lambda: losses.cosine_distance(L, P, axis=1),
     lambda: (1 - (L * P).sum(axis=1)).mean(), 0.15),
    ("softmax_cross_entropy", lambda: losses.softmax_cross_entropy(L, P * 5, label_smoothing=0.2),
     lambda: np_softmax_ce_loss(L, P * 5.0, 0.2), 2.3739083),
    ("sigmoid_cross_entropy", lambda: losses.sigmoid_cross_entropy(L, P * 5, label_smoothing=0.2),
     lambda: np_sigmoid_xent(L * 0.8 + 0.1, P * 5.0).mean(), 1.1494732),
    ("sparse_softmax_cross_entropy", lambda: losses.sparse_softmax_cross_entropy(
        [1, 2], P * 5, weights=[[2.0], [1.0]]),
     lambda: (-np_log_softmax(P * 5.0)[[0, 1], [1, 2]] * [2, 1]).mean(), 0.20486817),
    ("sparse_softmax_cross_entropy_squeezed_labels", lambda: losses.sparse_softmax_cross_entropy(
        [[1], [2]], P * 5, weights=[2.0, 1.0]),
     lambda: (-np_log_softmax(P * 5.0)[[0, 1], [1, 2]] * [2, 1]).mean(), 0.20486817),
]


@pytest.mark.parametrize("build, reference, tf_value", [c[1:] for c in LOSS_CASES],
                         ids=[c[0] for c in LOSS_CASES])
def test_loss_values_against_numpy_and_tf(build, reference, tf_value):
    loss = build()
    assert loss.dtype == tf.float32 and loss.shape.as_list() == []
    value = run(loss)
    np.testing.assert_allclose(value, reference(), rtol=1e-5)
    np.testing.assert_allclose(value, tf_value, rtol=1e-6)
    assert losses.get_losses() == [loss]


def test_mean_squared_error_names_and_control_dependencies_as_tf():
    labels = tf.placeholder(tf.float32, [4, 3], name="labels")
    predictions = tf.placeholder(tf.float32, [4, 3], name="predictions")
    loss = losses.mean_squared_error(labels, predictions)
    assert loss.name == "mean_squared_error/value:0" and loss.op.type == "DivNoNan"
    g = tf.get_default_graph()
    names = op_names("mean_squared_error/")
    assert names[:12] == ["mean_squared_error/" + n for n in [
        "SquaredDifference", "assert_broadcastable/weights", "assert_broadcastable/weights/shape",
        "assert_broadcastable/weights/rank", "assert_broadcastable/values/shape",
        "assert_broadcastable/values/rank", "assert_broadcastable/static_scalar_check_success",
        "Cast/x", "Mul", "Const", "Sum", "num_present/Equal/y"]]
    for name in ["num_present/Select", "num_present/broadcast_weights",
                 "num_present/broadcast_weights/assert_broadcastable/"
                 "static_scalar_check_success", "num_present"]:
        assert "mean_squared_error/" + name in names
    check = g.get_operation_by_name(
        "mean_squared_error/assert_broadcastable/static_scalar_check_success")
    assert check.type == "NoOp"
    # As TF: ops made inside the check's control_dependencies wait for it, unless an input
    # made inside already does.
    assert g.get_operation_by_name("mean_squared_error/Cast/x").control_inputs == [check]
    assert g.get_operation_by_name("mean_squared_error/Mul").control_inputs == []
    assert g.get_operation_by_name("mean_squared_error/Sum").inputs[0].op.name == \
        "mean_squared_error/Mul"
    assert g.get_operation_by_name("mean_squared_error/SquaredDifference").inputs[0] is \
        predictions


def test_weight_tensor_makes_the_static_dims_check_as_tf():
    w = tf.placeholder(tf.float32, [4, 1], name="w")
    loss = losses.mean_squared_error(tf.zeros([4, 3]), tf.ones([4, 3]), weights=w)
    g = tf.get_default_graph()
    check = g.get_operation_by_name(
        "mean_squared_error/assert_broadcastable/static_dims_check_success")
    assert g.get_operation_by_name("mean_squared_error/Mul").control_inputs == [check]
    np.testing.assert_allclose(run(loss, {w: [[1.0], [0.0], [2.0], [0.0]]}), 1.5)


def test_sparse_and_softmax_loss_names_as_tf():
    logits = tf.placeholder(tf.float32, [4, 3], name="logits")
    sparse = losses.sparse_softmax_cross_entropy(tf.zeros([4], tf.int32), logits)
    softmax = losses.softmax_cross_entropy(tf.zeros([4, 3]), logits)
    sigmoid = losses.sigmoid_cross_entropy(tf.zeros([4, 3]), logits)
    names = op_names()
    for name in ["sparse_softmax_cross_entropy_loss/Const",
                 "sparse_softmax_cross_entropy_loss/xentropy/xentropy",
                 "softmax_cross_entropy_loss/labels_stop_gradient",
                 "softmax_cross_entropy_loss/xentropy",
                 "softmax_cross_entropy_loss/xentropy/Reshape_2",
                 "sigmoid_cross_entropy_loss/xentropy"]:
        assert name in names
    assert [sparse.name, softmax.name, sigmoid.name] == [
        "sparse_softmax_cross_entropy_loss/value:0", "softmax_cross_entropy_loss/value:0",
        "sigmoid_cross_entropy_loss/value:0"]


def test_reduction_none_keeps_the_shape_and_the_input_dtype():
    loss = losses.absolute_difference(L, P, weights=[[1.0, 2.0, 3.0]],
                                      reduction=losses.Reduction.NONE)
    assert loss.shape.as_list() == [2, 3] and loss.dtype == tf.float32
    np.testing.assert_allclose(run(loss), np.abs(P - L) * [1, 2, 3], rtol=1e-6)
    labels = tf.placeholder(tf.float64, [2, 3])
    per_example = losses.compute_weighted_loss(labels * 2.0, reduction=losses.Reduction.NONE)
    assert per_example.dtype == tf.float64
    np.testing.assert_allclose(run(per_example, {labels: L}), L * 2.0)


def test_collections_and_total_loss_as_tf():
    losses.mean_squared_error(L, P)
    losses.absolute_difference(L, P, scope="abs")
    losses.absolute_difference(L, P, loss_collection=None)
    assert [t.name for t in losses.get_losses()] == ["mean_squared_error/value:0",
                                                    "abs/value:0"]
    assert [t.name for t in losses.get_losses("abs")] == ["abs/value:0"]
    reg = tf.constant(1.5, name="reg")
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, reg)
    total = losses.get_total_loss()
    assert total.name == "total_loss:0" and total.op.type == "AddN"
    assert [t.name for t in total.op.inputs] == ["mean_squared_error/value:0", "abs/value:0",
                                                "reg:0"]
    assert losses.get_regularization_losses() == [reg]
    assert losses.get_regularization_loss().name == "total_regularization_loss:0"
    without = losses.get_total_loss(False, name="tl")
    np.testing.assert_allclose(run([total, without]), [2.14, 0.64], rtol=1e-6)


def test_get_total_loss_and_regularization_loss_with_empty_collections():
    assert losses.get_regularization_loss().op.type == "Const"
    with pytest.raises(ValueError):
        losses.get_total_loss()


def test_losses_errors_as_tf():
    with pytest.raises(ValueError, match=r"weights can not be broadcast to values. Mismatch at "
                                         r"dim 0. values.shape=\[2 3\], weights.shape=\[3 1\]"):
        losses.mean_squared_error(L, P, weights=np.ones((3, 1), np.float32))
    with pytest.raises(ValueError, match=r"weights can not be broadcast to values. "
                                         r"values.rank=2. weights.rank=1. values.shape=\(2, 3\). "
                                         r"weights.shape=\(2,\)"):
        losses.mean_squared_error(L, P, weights=np.ones((2,), np.float32))
    with pytest.raises(ValueError, match="Invalid Reduction Key bad. Key should be one of "
                                         r"\('none', 'weighted_sum', 'weighted_mean'"):
        losses.mean_squared_error(L, P, reduction="bad")
    with pytest.raises(ValueError, match="Argument `labels` must not be None."):
        losses.mean_squared_error(None, P)
    with pytest.raises(ValueError, match=r"Shapes \(2, 2\) and \(2, 3\) are incompatible"):
        losses.mean_squared_error(L, P[:, :2])
    with pytest.raises(ValueError, match="You must specify argument `axis`."):
        losses.cosine_distance(L, P)


def test_reduction_constants_as_tf():
    assert losses.Reduction.all() == (
        "none", "weighted_sum", "weighted_mean", "weighted_sum_over_batch_size",
        "weighted_sum_by_nonzero_weights", "weighted_sum_by_nonzero_weights")
    assert losses.Reduction.SUM_OVER_NONZERO_WEIGHTS == losses.Reduction.SUM_BY_NONZERO_WEIGHTS
    losses.Reduction.validate("none")


GRADIENT_CASES = [
    ("mean_squared_error", lambda p, l: losses.mean_squared_error(l, p)),
    ("mean_squared_error_weights", lambda p, l: losses.mean_squared_error(
        l, p, weights=np.array([[1.0], [0.0]], np.float32))),
    ("absolute_difference_sum", lambda p, l: losses.absolute_difference(
        l, p + 5.0, reduction=losses.Reduction.SUM)),
    ("huber_loss", lambda p, l: losses.huber_loss(l, p * 3.0, delta=1.5)),
    ("log_loss", lambda p, l: losses.log_loss(tf.sigmoid(l), tf.sigmoid(p))),
    ("hinge_loss", lambda p, l: losses.hinge_loss(L, p * 10.0)),
    ("cosine_distance", lambda p, l: losses.cosine_distance(l, p, axis=1)),
    ("softmax_cross_entropy", lambda p, l: losses.softmax_cross_entropy(
        [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], p, label_smoothing=0.1)),
    ("sparse_softmax_cross_entropy_mean", lambda p, l: losses.sparse_softmax_cross_entropy(
        [0, 2], p, weights=[1.0, 3.0], reduction=losses.Reduction.MEAN)),
    ("sigmoid_cross_entropy", lambda p, l: losses.sigmoid_cross_entropy(
        tf.sigmoid(l), p, reduction=losses.Reduction.SUM_OVER_BATCH_SIZE)),
]


@pytest.mark.parametrize("build", [c[1] for c in GRADIENT_CASES],
                         ids=[c[0] for c in GRADIENT_CASES])
def test_loss_gradients_match_finite_differences(build):
    # tf.losses compute in float32, as TF: float32 finite differences and tolerances.
    p = tf.placeholder(tf.float32, [2, 3])
    l = tf.placeholder(tf.float32, [2, 3])
    loss = build(p, l)
    values = {p: np.array([[0.3, -1.2, 0.7], [1.1, 0.4, -0.6]], np.float32),
              l: np.array([[-0.5, 0.8, 1.3], [0.2, -1.0, 0.9]], np.float32)}
    result = check_gradients(loss, [p, l], feed_dict=values, delta=1e-2, rtol=2e-2, atol=2e-3)
    assert result.ok, result


# ----------------------------------------------------------------------------- div_no_nan


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_div_no_nan(dtype):
    x = np.array([[1.0, -2.0, 3.0], [0.0, 5.0, 6.0]], dtype)
    y = np.array([2.0, 0.0, -3.0], dtype)
    z = div_no_nan(x, y)
    assert z.op.type == "DivNoNan" and z.shape.as_list() == [2, 3]
    np.testing.assert_array_equal(run(z), [[0.5, 0.0, -1.0], [0.0, 0.0, -2.0]])
    assert run(div_no_nan(np.array(3.0, dtype), np.array(0.0, dtype))) == 0.0


def test_tf_nn_and_losses_namespaces():
    from interflow import nn
    for name in ["softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2",
                 "sparse_softmax_cross_entropy_with_logits",
                 "sigmoid_cross_entropy_with_logits"]:
        assert callable(getattr(nn, name))
    from interflow.ops import losses as losses_ops
    assert "mean_squared_error" in losses_ops.__all__
    for name in losses_ops.__all__:
        assert getattr(losses, name) is getattr(losses_ops, name)
