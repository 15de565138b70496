"""Gradient-table rows for nn_ops (activations, convolutions, pooling) and the cross-entropy ops.

tf.losses compute in float32 (as TF), too coarse for these float64 finite differences: their
gradients are checked in tests/ops/test_losses.py with float32 tolerances.
"""

import numpy as np

import interflow as tf
from interflow.framework.op_registry import apply_op
from interflow.ops.losses import div_no_nan
from tests.autodiff.gradient_table import Case


def _grad_op(forward, x, dy):
    """forward's gradient op (ReluGrad, MaxPoolGrad, ...) as a function of x and dy."""
    return tf.gradients(forward(x), x, grad_ys=dy)[0]


def _grad_of_const(forward, shape, dy):
    """forward's gradient op as a function of dy only (its other inputs are constants)."""
    c = tf.constant(np.linspace(-1.0, 1.0, int(np.prod(shape))).reshape(shape))
    return tf.gradients(forward(c), c, grad_ys=dy)[0]


def _bias_add_grad(fmt, value_shape, dy):
    v = tf.constant(np.zeros(value_shape))
    b = tf.constant(np.zeros(value_shape[1 if fmt == "NCHW" else -1]))
    return tf.gradients(tf.nn.bias_add(v, b, data_format=fmt), b, grad_ys=dy)[0]


def _xent_outputs(x, labels, sparse=False):
    op_type = "SparseSoftmaxCrossEntropyWithLogits" if sparse else "SoftmaxCrossEntropyWithLogits"
    attrs = {"Tlabels": tf.int32} if sparse else {}
    return apply_op(op_type, [x, labels], attrs)


def _loss_and_backprop(x, labels, sparse=False):
    """Both outputs used: the gradient sums the loss path and the backprop (softmax) path."""
    loss, backprop = _xent_outputs(x, labels, sparse)
    return loss + tf.reduce_sum(backprop * backprop, 1)


_LABELS = np.array([[0.1, 0.2, 0.3, 0.4], [1.0, 0.0, 0.0, 0.0], [0.25, 0.25, 0.5, 0.0]])
_CLASSES = np.array([0, 3, 1], np.int32)


def _conv(strides=1, padding="SAME", dilations=1, fmt="NHWC"):
    return lambda x, w: tf.nn.conv2d(x, w, strides=strides, padding=padding,
                                     dilations=dilations, data_format=fmt)


CASES = [
    # activations and their gradient ops
    Case("relu", lambda a: tf.nn.relu(a), [(3, 4)], avoid=0.05),
    Case("relu6", lambda a: tf.nn.relu6(a), [(3, 4)], low=-3.0, high=9.0, avoid=0.05),
    Case("elu", lambda a: tf.nn.elu(a), [(3, 4)]),
    Case("softplus", lambda a: tf.nn.softplus(a), [(2, 5)], low=-5.0, high=5.0),
    Case("leaky_relu", lambda a: tf.nn.leaky_relu(a, alpha=0.3), [(2, 5)], avoid=0.05),
    Case("relu_grad", lambda x, dy: _grad_op(tf.nn.relu, x, dy), [(3, 4), (3, 4)],
         avoid=0.05),
    Case("relu6_grad", lambda x, dy: _grad_op(tf.nn.relu6, x + 3.0, dy), [(3, 4), (3, 4)],
         low=-5.0, high=5.0, avoid=0.05),
    Case("elu_grad", lambda x, dy: _grad_op(tf.nn.elu, x, dy), [(3, 4), (3, 4)], avoid=0.05),
    Case("leaky_relu_grad", lambda x, dy: _grad_op(
        lambda t: tf.nn.leaky_relu(t, alpha=0.1), x, dy), [(2, 3), (2, 3)], avoid=0.05),
    # softmax
    Case("softmax", lambda a: tf.nn.softmax(a), [(3, 5)]),
    Case("softmax_3d", lambda a: tf.nn.softmax(a), [(2, 3, 4)]),
    Case("softmax_axis0", lambda a: tf.nn.softmax(a, axis=0), [(3, 2)]),
    Case("log_softmax", lambda a: tf.nn.log_softmax(a), [(3, 5)]),
    Case("log_softmax_large_logits", lambda a: tf.nn.log_softmax(a * 100.0), [(2, 3)]),
    # bias_add, l2_loss
    Case("bias_add", lambda v, b: tf.nn.bias_add(v, b), [(2, 3, 4), (4,)]),
    Case("bias_add_2d", lambda v, b: tf.nn.bias_add(v, b), [(3, 2), (2,)]),
    Case("bias_add_nchw", lambda v, b: tf.nn.bias_add(v, b, data_format="NCHW"),
         [(2, 4, 3, 2), (4,)]),
    Case("bias_add_grad", lambda dy: _bias_add_grad("NHWC", (2, 3, 4), dy), [(2, 3, 4)]),
    Case("bias_add_grad_nchw", lambda dy: _bias_add_grad("NCHW", (2, 4, 3, 2), dy),
         [(2, 4, 3, 2)]),
    Case("l2_loss", lambda a: tf.nn.l2_loss(a), [(3, 4)]),
    Case("l2_loss_scalar", lambda a: tf.nn.l2_loss(a), [()]),
    # conv2d and its backprops
    Case("conv2d_same_stride2", _conv(strides=2), [(2, 5, 5, 2), (3, 3, 2, 3)]),
    Case("conv2d_valid", _conv(padding="VALID"), [(1, 5, 4, 2), (2, 3, 2, 2)]),
    Case("conv2d_valid_stride_remainder", _conv(strides=[2, 3], padding="VALID"),
         [(1, 6, 7, 1), (3, 2, 1, 2)]),
    Case("conv2d_dilated", _conv(dilations=2), [(1, 5, 5, 1), (2, 2, 1, 2)]),
    Case("conv2d_nchw", _conv(strides=2, fmt="NCHW"), [(1, 2, 4, 5), (3, 2, 2, 2)]),
    Case("conv2d_backprop_input", lambda w, dy: tf.nn.conv2d_backprop_input(
        [2, 5, 5, 2], w, dy, strides=[1, 2, 2, 1], padding="SAME"),
        [(3, 3, 2, 3), (2, 3, 3, 3)]),
    Case("conv2d_backprop_input_valid_dilated", lambda w, dy: tf.nn.conv2d_backprop_input(
        [1, 5, 4, 1], w, dy, strides=1, padding="VALID", dilations=[1, 2, 1, 1]),
        [(2, 2, 1, 2), (1, 3, 3, 2)]),
    Case("conv2d_transpose", lambda x, w: tf.nn.conv2d_transpose(
        x, w, [1, 6, 6, 2], strides=2, padding="SAME"), [(1, 3, 3, 3), (3, 3, 2, 3)]),
    Case("conv2d_backprop_filter", lambda x, dy: tf.nn.conv2d_backprop_filter(
        x, [3, 3, 2, 3], dy, strides=[1, 2, 2, 1], padding="SAME"),
        [(2, 5, 5, 2), (2, 3, 3, 3)]),
    Case("conv2d_backprop_filter_nchw", lambda x, dy: tf.nn.conv2d_backprop_filter(
        x, [2, 2, 2, 1], dy, strides=[1, 1, 2, 1], padding="VALID", data_format="NCHW"),
        [(1, 2, 4, 5), (1, 1, 2, 4)]),
    # pooling and its gradient ops (distinct values: no ties, no argmax jumps)
    Case("max_pool_same", lambda a: tf.nn.max_pool(a, 2, 2, "SAME"), [(2, 5, 5, 2)],
         distinct=True),
    Case("max_pool_overlapping", lambda a: tf.nn.max_pool(a, 3, 1, "VALID"), [(1, 4, 5, 2)],
         distinct=True),
    Case("max_pool_nchw", lambda a: tf.nn.max_pool(a, [1, 1, 2, 2], [1, 1, 2, 1], "SAME",
                                                   data_format="NCHW"), [(1, 2, 4, 3)],
         distinct=True),
    Case("max_pool_grad", lambda x, dy: _grad_op(lambda t: tf.nn.max_pool(t, 2, 1, "VALID"),
                                                 x, dy), [(1, 3, 3, 2), (1, 2, 2, 2)],
         distinct=True),
    Case("max_pool_grad_grad", lambda x, dy, ddx: tf.gradients(
        _grad_op(lambda t: tf.nn.max_pool(t, 2, 2, "SAME"), x, dy), dy, grad_ys=ddx)[0],
        [(1, 3, 4, 1), (1, 2, 2, 1), (1, 3, 4, 1)], distinct=True),
    Case("avg_pool_same", lambda a: tf.nn.avg_pool(a, 3, 2, "SAME"), [(2, 5, 5, 2)]),
    Case("avg_pool_valid_nchw", lambda a: tf.nn.avg_pool(
        a, [1, 1, 2, 2], [1, 1, 1, 2], "VALID", data_format="NCHW"), [(1, 2, 3, 5)]),
    Case("avg_pool_grad", lambda dy: _grad_of_const(
        lambda t: tf.nn.avg_pool(t, 2, 2, "SAME"), (1, 3, 5, 2), dy), [(1, 2, 3, 2)]),
    # cross entropies (the ops, then the tf.nn functions)
    Case("softmax_xent_op", lambda x, l: _xent_outputs(x, tf.nn.softmax(l))[0],
         [(3, 4), (3, 4)]),
    Case("softmax_xent_op_backprop_output", lambda x: _xent_outputs(x, _LABELS)[1], [(3, 4)]),
    Case("softmax_xent_op_both_outputs", lambda x: _loss_and_backprop(x, _LABELS), [(3, 4)]),
    Case("sparse_xent_op", lambda x: _xent_outputs(x, _CLASSES, sparse=True)[0], [(3, 4)]),
    Case("sparse_xent_op_both_outputs", lambda x: _loss_and_backprop(x, _CLASSES, sparse=True),
         [(3, 4)]),
    Case("softmax_cross_entropy_with_logits_v2", lambda x, l: (
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.nn.softmax(l), logits=x)),
        [(3, 4), (3, 4)]),
    Case("softmax_cross_entropy_with_logits_v2_axis0", lambda x, l: (
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.nn.softmax(l, axis=0), logits=x,
                                                   axis=0)), [(4, 2), (4, 2)]),
    Case("softmax_cross_entropy_with_logits_v1", lambda x: (
        tf.nn.softmax_cross_entropy_with_logits(labels=_LABELS, logits=x)), [(3, 4)]),
    Case("sparse_softmax_cross_entropy_with_logits", lambda x: (
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=_CLASSES, logits=x)), [(3, 4)]),
    Case("sparse_softmax_cross_entropy_with_logits_3d", lambda x: (
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[[0, 2], [1, 1]], logits=x)),
        [(2, 2, 3)]),
    Case("sigmoid_cross_entropy_with_logits", lambda x, z: (
        tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)), [(3, 4), (3, 4)],
        avoid=0.05),
    Case("div_no_nan", lambda x, y: div_no_nan(x, y), [(3, 4), (4,)], avoid=0.2),
    Case("div_no_nan_zero_divisor", lambda x, y: div_no_nan(x, y * np.array([0.0, 1.0])),
         [(3, 2), (2,)], avoid=0.2),
]
