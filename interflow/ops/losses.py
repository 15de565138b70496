"""Losses: the cross-entropy ops (tf.nn.*_cross_entropy_with_logits) and tf.losses.

The softmax cross entropies are primitives, as in TF, for numerical stability: their kernels
work from log-softmax (logits shifted by their maximum), so logits of any size give finite losses
and gradients, and the gradient with respect to the logits is the op's second output
(softmax - labels). The sigmoid cross entropy and the tf.losses functions are composites named
as TF1 names them.
"""

import numpy as np

from interflow.framework import dtypes, errors
from interflow.framework.api import name_scope
from interflow.framework.common_shapes import broadcast_shapes, shape_text
from interflow.framework.graph import GraphKeys, get_default_graph
from interflow.framework.op_registry import apply_op, define_op, get_op_def
from interflow.framework.operation import Tensor
from interflow.framework.shapes import TensorShape
from interflow.framework.tensor_conversion import constant, convert_to_tensor
from interflow.ops import array_ops, control_flow_ops, math_ops, nn_ops

__all__ = ["Reduction", "compute_weighted_loss", "absolute_difference", "cosine_distance",
           "hinge_loss", "huber_loss", "log_loss", "mean_squared_error",
           "sigmoid_cross_entropy", "softmax_cross_entropy", "sparse_softmax_cross_entropy",
           "add_loss", "get_losses", "get_regularization_losses", "get_regularization_loss",
           "get_total_loss"]

# The tf.nn functions defined here (interflow.nn re-exports them).
NN_FUNCTIONS = ["softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2",
                "sparse_softmax_cross_entropy_with_logits", "sigmoid_cross_entropy_with_logits"]

_FLOATS = (dtypes.float16, dtypes.float32, dtypes.float64)


# ----------------------------------------------------------------------------- xent kernels


def _neg_log_softmax_rows(x):
    """-log(softmax(x)) along axis 1, from x minus its row maximum (never overflows); as TF,
    log(sum(exp(shifted))) - shifted, so the most likely class gets +0, not -0."""
    shifted = x - x.max(axis=1, keepdims=True)
    return np.log(np.exp(shifted).sum(axis=1, keepdims=True)) - shifted


def _xent_kernel(features, labels):
    if features.ndim != 2 or labels.ndim != 2:
        raise errors.InvalidArgumentError(
            None, None, "logits and labels must be either 2-dimensional, or broadcasted to be "
            "2-dimensional")
    dtype = features.dtype
    shape = features.shape
    if labels.shape != shape:
        try:
            shape = np.broadcast_shapes(shape, labels.shape)
        except ValueError:
            raise errors.InvalidArgumentError(
                None, None, "logits and labels must be broadcastable: logits_size=%s "
                "labels_size=%s" % (shape_text(TensorShape(features.shape)),
                                    shape_text(TensorShape(labels.shape)))) from None
        features = np.broadcast_to(features, shape)
        labels = np.broadcast_to(labels, shape)
    if shape[1] == 0:
        return np.zeros(shape[0], dtype), np.zeros(shape, dtype)
    if dtype == np.float16:
        features, labels = features.astype(np.float32), labels.astype(np.float32)
    # As TF's kernel: from logits shifted by their row maximum, loss = sum(labels *
    # (log(sum(exp)) - shifted)), backprop = exp / sum(exp) - labels.
    shifted = features - features.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    sum_exp = exp.sum(axis=1, keepdims=True)
    neg_log_probs = np.log(sum_exp) - shifted
    loss = np.sum(labels * neg_log_probs, axis=1)
    exp /= sum_exp
    exp -= labels
    return loss.astype(dtype, copy=False), exp.astype(dtype, copy=False)


def _sparse_xent_kernel(features, labels):
    if features.ndim != 2 or labels.ndim != 1 or features.shape[0] != labels.shape[0]:
        raise errors.InvalidArgumentError(
            None, None, "logits must be 2-D and labels 1-D with the same first dimension, got "
            "logits shape %s and labels shape %s" % (shape_text(TensorShape(features.shape)),
                                                    shape_text(TensorShape(labels.shape))))
    n, k = features.shape
    if k == 0 and n:
        raise errors.InvalidArgumentError(
            None, None, "Must have at least one class, but got logits shape %s"
            % shape_text(TensorShape(features.shape)))
    bad = (labels < 0) | (labels >= k)
    if bad.any():
        raise errors.InvalidArgumentError(
            None, None, "Received a label value of %d which is outside the valid range of "
            "[0, %d).  Label values: %s" % (labels[bad][0], k,
                                            " ".join(str(v) for v in labels.tolist())))
    dtype = features.dtype
    if n == 0:
        return np.zeros(0, dtype), np.zeros(features.shape, dtype)
    neg_log_probs = _neg_log_softmax_rows(features.astype(np.float32) if dtype == np.float16
                                          else features)
    rows = np.arange(n)
    loss = neg_log_probs[rows, labels]
    backprop = np.exp(-neg_log_probs)
    backprop[rows, labels] -= 1
    return loss.astype(dtype, copy=False), backprop.astype(dtype, copy=False)


def _rank2(shape, what):
    if shape.ndims is not None and shape.ndims != 2:
        raise ValueError("Shape must be rank 2 but is rank %d" % shape.ndims)
    return shape.as_tuple() if shape.ndims is not None else (None, None)


def _xent_shape(op):
    features, labels = (t._shape for t in op._inputs)
    _rank2(features, "logits")
    _rank2(labels, "labels")
    shape = broadcast_shapes(features, labels)
    if shape.ndims is None:
        return [TensorShape([None]), TensorShape([None, None])]
    return [TensorShape(shape.as_tuple()[:1]), shape]


def _sparse_xent_shape(op):
    features, labels = (t._shape for t in op._inputs)
    batch, classes = _rank2(features, "logits")
    if labels.ndims is not None and labels.ndims != 1:
        raise ValueError("Shape must be rank 1 but is rank %d" % labels.ndims)
    label_batch = labels.as_tuple()[0] if labels.ndims == 1 else None
    if batch is not None and label_batch is not None and batch != label_batch:
        raise ValueError("Dimensions must be equal, but are %d and %d" % (batch, label_batch))
    batch = batch if batch is not None else label_batch
    return [TensorShape([batch]), TensorShape([batch, classes])]


# ----------------------------------------------------------------------------- xent gradients


def _is_zeros(t):
    """True when `t` is known to be all zeros while building (the unused-output gradient that
    tf.gradients makes, as TF's `_is_zeros_tensor`)."""
    op = t.op
    if op.type == "ZerosLike":
        return True
    if op.type == "Const":
        return not np.any(op._attrs["value"])
    if op.type == "Fill":
        value = array_ops._constant_value(op.inputs[1])
        return value is not None and not np.any(value)
    return False


def _broadcast_mul(vec, mat):
    """vec [D0] times mat [D0, D1], row by row."""
    return array_ops.expand_dims(vec, -1) * mat


def _softmax_grad_grad(logits, grad, grad_grad):
    # The gradient through the backprop output (softmax - labels) is softmax's Jacobian.
    if grad_grad is None or _is_zeros(grad_grad):
        return grad
    softmax = apply_op("Softmax", [logits], name="Softmax")
    return grad + ((grad_grad - array_ops.squeeze(
        math_ops.matmul(array_ops.expand_dims(grad_grad, 1), array_ops.expand_dims(softmax, 2)),
        axis=1)) * softmax)


def _xent_grad(op, grad_loss, grad_grad):
    grad = _broadcast_mul(grad_loss, op.outputs[1])
    logits = op.inputs[0]
    grad = _softmax_grad_grad(logits, grad, grad_grad)
    log_softmax = apply_op("LogSoftmax", [logits], name="LogSoftmax")
    labels_grad = _broadcast_mul(grad_loss, -log_softmax)
    if grad_grad is not None and not _is_zeros(grad_grad):
        # backprop = softmax - labels also depends on the labels; TF leaves this term out
        # (its second derivatives with respect to labels are wrong), interflow keeps it.
        labels_grad = labels_grad - grad_grad
    return [grad, labels_grad]


def _sparse_xent_grad(op, grad_loss, grad_grad):
    grad = _broadcast_mul(grad_loss, op.outputs[1])
    return [_softmax_grad_grad(op.inputs[0], grad, grad_grad), None]


define_op("SoftmaxCrossEntropyWithLogits", _xent_kernel, _xent_shape, _xent_grad,
          num_outputs=2, input_names=("features", "labels"), allowed_dtypes=_FLOATS,
          fresh_output=True)
define_op("SparseSoftmaxCrossEntropyWithLogits", _sparse_xent_kernel, _sparse_xent_shape,
          _sparse_xent_grad, num_outputs=2, input_names=("features", "labels"),
          same_dtype=(0,), allowed_dtypes=_FLOATS, fresh_output=True)


# ----------------------------------------------------------------------------- DivNoNan


def _div_no_nan_kernel(x, y, out=None):
    with np.errstate(all="ignore"):
        result = np.divide(x, y, out=out)
    zero = y == 0
    if np.any(zero):
        if np.ndim(result) == 0:
            return result.dtype.type(0)
        np.copyto(result, 0, where=np.broadcast_to(zero, result.shape))
    return result


def _div_no_nan_grad(op, grad):
    x, y = op.inputs
    return [div_no_nan(grad, y), grad * div_no_nan(div_no_nan(-x, y), y)]


try:
    get_op_def("DivNoNan")
except ValueError:
    # DivNoNan is a math op; it is declared here (only if math_ops has not) for the losses.
    from interflow.framework.common_shapes import broadcast as _broadcast
    define_op("DivNoNan", _div_no_nan_kernel, _broadcast, _div_no_nan_grad,
              input_names=("x", "y"),
              allowed_dtypes=_FLOATS + (dtypes.complex64, dtypes.complex128), elementwise=True)


def div_no_nan(x, y, name=None):
    """x / y, and 0 wherever y is 0."""
    own = getattr(math_ops, "div_no_nan", None)
    if own is not None:
        return own(x, y, name=name)
    with name_scope(name, "div_no_nan", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
        return apply_op("DivNoNan", [x, y], name=scope)


# ----------------------------------------------------------------------------- tf.nn xent


def _ensure_xent_args(name, labels, logits):
    if labels is None or logits is None:
        raise ValueError("Both `labels` and `logits` must be provided for %sReceived: labels=%s "
                         "and logits=%s" % (name, labels, logits))


def _flatten_outer_dims(logits):
    """logits reshaped to [-1, last dim], the static shape kept where known."""
    if logits.get_shape().ndims == 0:  # TF fails with an IndexError
        raise ValueError("Shape must be at least rank 1 but is rank 0: %s needs a class "
                         "dimension" % logits.name)
    rank = array_ops.rank(logits)
    last_dim_size = array_ops.slice(array_ops.shape(logits), [math_ops.subtract(rank, 1)], [1])
    output = array_ops.reshape(logits, array_ops.concat([[-1], last_dim_size], 0))
    shape = logits.get_shape()
    if shape.ndims is not None:
        dims = shape.as_list()
        if all(d is not None for d in dims[:-1]):
            output.set_shape([int(np.prod(dims[:-1], dtype=np.int64)), dims[-1]])
    return output


def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name=None, dim=None):
    """-sum(labels * log(softmax(logits)), axis), computed stably; gradients flow into both
    logits and labels (each row of labels should be a probability distribution).

    Returns a tensor of logits' shape without the class axis (default: the last one).
    """
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'.")
        axis = dim
    if axis is None:
        axis = -1
    with name_scope(name, "softmax_cross_entropy_with_logits", [logits, labels]) as name:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        convert_to_float32 = logits.dtype.base_dtype == dtypes.float16
        precise_logits = math_ops.cast(logits, dtypes.float32) if convert_to_float32 else logits
        labels = math_ops.cast(labels, precise_logits.dtype)
        input_rank = array_ops.rank(precise_logits)
        shape = logits.get_shape()
        if axis != -1:
            if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
                raise TypeError("axis must be an integer, got %r" % (axis,))
            if shape.ndims is not None:
                if not -shape.ndims <= axis < shape.ndims:
                    raise ValueError("axis %d is out of range for logits of rank %d"
                                     % (axis, shape.ndims))
                axis %= shape.ndims

            def _move_dim_to_end(tensor, dim_index, rank):
                return array_ops.transpose(tensor, array_ops.concat([
                    array_ops.range(dim_index), array_ops.range(dim_index + 1, rank),
                    [dim_index]], 0))

            precise_logits = _move_dim_to_end(precise_logits, axis, input_rank)
            labels = _move_dim_to_end(labels, axis, input_rank)
        input_shape = array_ops.shape(precise_logits)
        precise_logits = _flatten_outer_dims(precise_logits)
        labels = _flatten_outer_dims(labels)
        cost, _ = apply_op("SoftmaxCrossEntropyWithLogits", [precise_logits, labels], name=name)
        output_shape = array_ops.slice(input_shape, [0], [math_ops.subtract(input_rank, 1)])
        cost = array_ops.reshape(cost, output_shape)
        if shape.ndims is not None:
            dims = shape.as_list()
            del dims[axis]
            cost.set_shape(dims)
        if convert_to_float32:
            return math_ops.cast(cost, logits.dtype)
        return cost


def softmax_cross_entropy_with_logits(labels=None, logits=None, dim=-1, name=None, axis=None):
    """TF1's softmax cross entropy: as the v2 function, but no gradient flows into labels."""
    if axis is not None:
        if dim != -1:
            raise ValueError("Cannot specify both 'axis' and 'dim'.")
        dim = axis
    _ensure_xent_args("softmax_cross_entropy_with_logits", labels, logits)
    with name_scope(name, "softmax_cross_entropy_with_logits_sg", [logits, labels]) as name:
        labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, axis=dim,
                                                name=name)


def _shape_str(shape):
    """TF's str(TensorShape): (2, 3), (None, 3), <unknown>."""
    if shape.ndims is None:
        return "<unknown>"
    dims = shape.as_tuple()
    return "(%s)" % (", ".join(str(d) for d in dims) + ("," if len(dims) == 1 else ""))


def sparse_softmax_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """-log(softmax(logits)[label]) per example, computed stably.

    `labels` are int32/int64 class indices of shape logits.shape[:-1]; an index outside
    [0, num_classes) is an InvalidArgumentError when the op runs. No gradient for labels.
    """
    _ensure_xent_args("sparse_softmax_cross_entropy_with_logits", labels, logits)
    with name_scope(name, "SparseSoftmaxCrossEntropyWithLogits", [labels, logits]):
        labels = convert_to_tensor(labels)
        logits = convert_to_tensor(logits)
        if labels.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError("Value passed to parameter 'labels' has DataType %s not in list of "
                            "allowed values: int32, int64" % labels.dtype.base_dtype.name)
        precise_logits = (math_ops.cast(logits, dtypes.float32)
                          if logits.dtype.base_dtype == dtypes.float16 else logits)
        labels_static_shape = labels.get_shape()
        labels_shape = array_ops.shape(labels)
        logits_shape = logits.get_shape()
        outer = (TensorShape(logits_shape.as_tuple()[:-1]) if logits_shape.ndims
                 else TensorShape(None))
        static_shapes_fully_defined = (labels_static_shape.is_fully_defined()
                                       and outer.is_fully_defined())
        if logits_shape.ndims == 0:
            raise ValueError("`logits` cannot be a scalar. Received logits=%s`" % logits)
        if logits_shape.ndims is not None and labels_static_shape.ndims is not None and \
                labels_static_shape.ndims != logits_shape.ndims - 1:
            raise ValueError(
                "`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: "
                "labels.shape=%s of rank %d and logits.shape=%s of rank %d"
                % (_shape_str(labels_static_shape), labels_static_shape.ndims,
                   _shape_str(logits_shape), logits_shape.ndims))
        if static_shapes_fully_defined and labels_static_shape != outer:
            raise ValueError(
                "`labels.shape` must equal `logits.shape` except for the last dimension. "
                "Received: labels.shape=%s and logits.shape=%s"
                % (_shape_str(labels_static_shape), _shape_str(logits_shape)))
        if logits_shape.ndims == 2:
            cost, _ = apply_op("SparseSoftmaxCrossEntropyWithLogits", [precise_logits, labels],
                               {"Tlabels": labels.dtype.base_dtype},
                               name=name or "SparseSoftmaxCrossEntropyWithLogits")
        else:
            num_classes = array_ops.shape(logits)[array_ops.rank(logits) - 1]
            precise_logits = array_ops.reshape(precise_logits, [-1, num_classes])
            labels = array_ops.reshape(labels, [-1])
            cost, _ = apply_op("SparseSoftmaxCrossEntropyWithLogits", [precise_logits, labels],
                               {"Tlabels": labels.dtype.base_dtype},
                               name=name or "SparseSoftmaxCrossEntropyWithLogits")
            cost = array_ops.reshape(cost, labels_shape)
            cost.set_shape(labels_static_shape)
        if logits.dtype.base_dtype == dtypes.float16:
            return math_ops.cast(cost, dtypes.float16)
        return cost


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """The logistic loss -z log(sigmoid(x)) - (1 - z) log(1 - sigmoid(x)) elementwise, computed
    stably as max(x, 0) - x * z + log(1 + exp(-|x|))."""
    _ensure_xent_args("sigmoid_cross_entropy_with_logits", labels, logits)
    with name_scope(name, "logistic_loss", [logits, labels]) as name:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        if not labels.get_shape().is_compatible_with(logits.get_shape()):
            raise ValueError("`logits` and `labels` must have the same shape, received (%s vs "
                             "%s)." % (_shape_str(logits.get_shape()),
                                       _shape_str(labels.get_shape())))
        # Select instead of max/abs, as TF: both branches have a gradient at 0.
        zeros = array_ops.zeros_like(logits, dtype=logits.dtype)
        cond = logits >= zeros
        relu_logits = array_ops.where(cond, logits, zeros)
        neg_abs_logits = array_ops.where(cond, -logits, logits)
        return math_ops.add(relu_logits - logits * labels,
                            math_ops.log1p(math_ops.exp(neg_abs_logits)), name=name)


# ----------------------------------------------------------------------------- tf.losses


class Reduction:
    """How tf.losses reduce the weighted per-example losses to the returned loss."""

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE,
                cls.SUM_OVER_NONZERO_WEIGHTS, cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError("Invalid Reduction Key %s. Key should be one of %s."
                             % (key, cls.all()))


_BROADCAST_ERROR = "weights can not be broadcast to values."


def _assert_broadcastable(weights, values):
    """A NoOp that stands for TF's check that `weights` broadcast to `values`.

    With static shapes the check happens now (ValueError), as in TF. With unknown shapes TF adds
    a run-time Assert; here the weighting Mul itself fails at run time instead.
    """
    with name_scope(None, "assert_broadcastable", (weights, values)) as scope:
        with name_scope(None, "weights", (weights,)) as weights_scope:
            weights = convert_to_tensor(weights, name=weights_scope)
            weights_shape = array_ops.shape(weights, name="shape")
            weights_rank = array_ops.rank(weights, name="rank")
        weights_rank_static = array_ops._constant_value(weights_rank)
        with name_scope(None, "values", (values,)) as values_scope:
            values = convert_to_tensor(values, name=values_scope)
            values_shape = array_ops.shape(values, name="shape")
            values_rank = array_ops.rank(values, name="rank")
        values_rank_static = array_ops._constant_value(values_rank)
        if weights_rank_static is not None and values_rank_static is not None:
            if weights_rank_static == 0:
                return control_flow_ops.no_op(name="static_scalar_check_success")
            if weights_rank_static != values_rank_static:
                raise ValueError(
                    "%s values.rank=%d. weights.rank=%d. values.shape=%s. weights.shape=%s. "
                    "Received weights=%s, values=%s"
                    % (_BROADCAST_ERROR, values_rank_static, weights_rank_static,
                       _shape_str(values.shape), _shape_str(weights.shape), weights, values))
            weights_shape_static = array_ops._constant_value(weights_shape)
            values_shape_static = array_ops._constant_value(values_shape)
            if weights_shape_static is not None and values_shape_static is not None:
                for i, (w, v) in enumerate(zip(weights_shape_static.tolist(),
                                               values_shape_static.tolist())):
                    if w not in (1, v):
                        raise ValueError(
                            "%s Mismatch at dim %d. values.shape=%s, weights.shape=%s. "
                            "Received weights=%s, values=%s"
                            % (_BROADCAST_ERROR, i, values_shape_static, weights_shape_static,
                               weights, values))
                return control_flow_ops.no_op(name="static_dims_check_success")
        return control_flow_ops.no_op(name=scope)


def _broadcast_weights(weights, values):
    """`weights` broadcast to the shape of `values` (weights * ones_like(values))."""
    with name_scope(None, "broadcast_weights", (weights, values)) as scope:
        values = convert_to_tensor(values, name="values")
        weights = convert_to_tensor(weights, dtype=values.dtype.base_dtype, name="weights")
        w_shape, v_shape = weights.get_shape(), values.get_shape()
        if w_shape.is_fully_defined() and v_shape.is_fully_defined() and \
                w_shape.is_compatible_with(v_shape):
            return weights
        graph = get_default_graph()
        with graph.control_dependencies((_assert_broadcastable(weights, values),)):
            return math_ops.multiply(weights, array_ops.ones_like(values), name=scope)


def _safe_mean(losses, num_present):
    total_loss = math_ops.reduce_sum(losses)
    return div_no_nan(total_loss, num_present, name="value")


def _num_elements(losses):
    with name_scope(None, "num_elements", values=[losses]) as scope:
        return math_ops.cast(array_ops.size(losses, name=scope), dtype=losses.dtype)


def _num_present(losses, weights):
    """How many losses have a nonzero weight (after broadcasting the weights to them)."""
    if isinstance(weights, float) and weights != 0.0:
        return _num_elements(losses)
    with name_scope(None, "num_present", (losses, weights)) as scope:
        weights = math_ops.cast(weights, dtype=dtypes.float32)
        present = array_ops.where(math_ops.equal(weights, 0.0), array_ops.zeros_like(weights),
                                  array_ops.ones_like(weights))
        present = _broadcast_weights(present, losses)
        return math_ops.reduce_sum(present, name=scope)


def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """losses * weights, reduced as `reduction` says, and added to `loss_collection`.

    `weights` must broadcast to `losses` (a scalar, or the same rank with 1s or equal dims).
    The result is float32 math cast back to the dtype of `losses`.
    """
    Reduction.validate(reduction)
    with name_scope(scope, "weighted_loss", (losses, weights)):
        graph = get_default_graph()
        graph._last_loss_reduction = reduction
        with graph.control_dependencies((_assert_broadcastable(weights, losses),)):
            losses = convert_to_tensor(losses)
            input_dtype = losses.dtype.base_dtype
            losses = math_ops.cast(losses, dtype=dtypes.float32)
            weights = math_ops.cast(weights, dtype=dtypes.float32)
            weighted_losses = math_ops.multiply(losses, weights)
            if reduction == Reduction.NONE:
                loss = weighted_losses
            else:
                loss = math_ops.reduce_sum(weighted_losses)
                if reduction == Reduction.MEAN:
                    loss = _safe_mean(loss, math_ops.reduce_sum(
                        array_ops.ones_like(losses) * weights))
                elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                    loss = _safe_mean(loss, _num_present(losses, weights))
                elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                    loss = _safe_mean(loss, _num_elements(losses))
            loss = math_ops.cast(loss, input_dtype)
            add_loss(loss, loss_collection)
            return loss


def _check_not_none(**args):
    for name, value in args.items():
        if value is None:
            raise ValueError("Argument `%s` must not be None." % name)


def _float_pair(predictions, labels):
    predictions = math_ops.cast(predictions, dtype=dtypes.float32)
    labels = math_ops.cast(labels, dtype=dtypes.float32)
    predictions.get_shape().assert_is_compatible_with(labels.get_shape())
    return predictions, labels


def absolute_difference(labels, predictions, weights=1.0, scope=None,
                        loss_collection=GraphKeys.LOSSES,
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """The weighted |predictions - labels|, reduced (default: mean over nonzero weights)."""
    _check_not_none(labels=labels, predictions=predictions)
    with name_scope(scope, "absolute_difference", (predictions, labels, weights)) as scope:
        predictions, labels = _float_pair(predictions, labels)
        losses = math_ops.abs(math_ops.subtract(predictions, labels))
        return compute_weighted_loss(losses, weights, scope, loss_collection,
                                     reduction=reduction)


def cosine_distance(labels, predictions, axis=None, weights=1.0, scope=None,
                    loss_collection=GraphKeys.LOSSES,
                    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS, dim=None):
    """1 - sum(labels * predictions, axis) for unit-normalized inputs, weighted and reduced."""
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'.")
        axis = dim
    if axis is None:
        raise ValueError("You must specify argument `axis`.")
    _check_not_none(labels=labels, predictions=predictions)
    with name_scope(scope, "cosine_distance_loss", (predictions, labels, weights)) as scope:
        predictions, labels = _float_pair(predictions, labels)
        radial_diffs = math_ops.multiply(predictions, labels)
        losses = 1 - math_ops.reduce_sum(radial_diffs, axis=(axis,), keepdims=True)
        return compute_weighted_loss(losses, weights, scope, loss_collection,
                                     reduction=reduction)


def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """max(0, 1 - (2 * labels - 1) * logits) for labels in {0, 1}, weighted and reduced."""
    _check_not_none(labels=labels, logits=logits)
    with name_scope(scope, "hinge_loss", (logits, labels, weights)) as scope:
        logits, labels = _float_pair(logits, labels)
        all_ones = array_ops.ones_like(labels)
        labels = math_ops.subtract(2 * labels, all_ones)
        losses = nn_ops.relu(math_ops.subtract(all_ones, math_ops.multiply(labels, logits)))
        return compute_weighted_loss(losses, weights, scope, loss_collection,
                                     reduction=reduction)


def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None,
               loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """0.5 * e**2 where |e| <= delta, else delta * (|e| - 0.5 * delta), e = predictions -
    labels; weighted and reduced."""
    _check_not_none(labels=labels, predictions=predictions)
    with name_scope(scope, "huber_loss", (predictions, labels, weights)) as scope:
        predictions, labels = _float_pair(predictions, labels)
        error = math_ops.subtract(predictions, labels)
        abs_error = math_ops.abs(error)
        quadratic = math_ops.minimum(abs_error, delta)
        linear = math_ops.subtract(abs_error, quadratic)
        losses = math_ops.add(
            math_ops.multiply(convert_to_tensor(0.5, dtype=quadratic.dtype),
                              math_ops.multiply(quadratic, quadratic)),
            math_ops.multiply(delta, linear))
        return compute_weighted_loss(losses, weights, scope, loss_collection,
                                     reduction=reduction)


def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None,
             loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """-labels * log(predictions + eps) - (1 - labels) * log(1 - predictions + eps), weighted
    and reduced (predictions are probabilities)."""
    _check_not_none(labels=labels, predictions=predictions)
    with name_scope(scope, "log_loss", (predictions, labels, weights)) as scope:
        predictions, labels = _float_pair(predictions, labels)
        losses = -math_ops.multiply(labels, math_ops.log(predictions + epsilon)) - \
            math_ops.multiply((1 - labels), math_ops.log(1 - predictions + epsilon))
        return compute_weighted_loss(losses, weights, scope, loss_collection,
                                     reduction=reduction)


def mean_squared_error(labels, predictions, weights=1.0, scope=None,
                       loss_collection=GraphKeys.LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """The weighted (predictions - labels)**2, reduced (default: mean over nonzero weights)."""
    _check_not_none(labels=labels, predictions=predictions)
    with name_scope(scope, "mean_squared_error", (predictions, labels, weights)) as scope:
        predictions, labels = _float_pair(predictions, labels)
        losses = math_ops.squared_difference(predictions, labels)
        return compute_weighted_loss(losses, weights, scope, loss_collection,
                                     reduction=reduction)


def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0,
                          scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """sigmoid_cross_entropy_with_logits, weighted and reduced; labels smoothed towards 1/2
    when label_smoothing > 0."""
    _check_not_none(multi_class_labels=multi_class_labels, logits=logits)
    with name_scope(scope, "sigmoid_cross_entropy_loss",
                    (logits, multi_class_labels, weights)) as scope:
        logits = convert_to_tensor(logits)
        multi_class_labels = math_ops.cast(multi_class_labels, logits.dtype)
        logits.get_shape().assert_is_compatible_with(multi_class_labels.get_shape())
        if label_smoothing > 0:
            multi_class_labels = (multi_class_labels * (1 - label_smoothing)
                                  + 0.5 * label_smoothing)
        losses = sigmoid_cross_entropy_with_logits(labels=multi_class_labels, logits=logits,
                                                   name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection,
                                     reduction=reduction)


def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """softmax_cross_entropy_with_logits_v2 (no gradient into the labels), weighted and
    reduced; labels smoothed towards uniform when label_smoothing > 0."""
    _check_not_none(onehot_labels=onehot_labels, logits=logits)
    with name_scope(scope, "softmax_cross_entropy_loss",
                    (logits, onehot_labels, weights)) as scope:
        logits = convert_to_tensor(logits)
        onehot_labels = math_ops.cast(onehot_labels, logits.dtype)
        logits.get_shape().assert_is_compatible_with(onehot_labels.get_shape())
        if label_smoothing > 0:
            num_classes = math_ops.cast(array_ops.shape(onehot_labels)[-1], logits.dtype)
            smooth_positives = 1.0 - label_smoothing
            smooth_negatives = label_smoothing / num_classes
            onehot_labels = onehot_labels * smooth_positives + smooth_negatives
        onehot_labels = array_ops.stop_gradient(onehot_labels, name="labels_stop_gradient")
        losses = softmax_cross_entropy_with_logits_v2(labels=onehot_labels, logits=logits,
                                                      name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection,
                                     reduction=reduction)


def _remove_squeezable_dimensions(labels, predictions, weights):
    """Squeezes a trailing 1 off labels or weights so that labels have rank(predictions) - 1
    (static ranks only)."""
    with name_scope(None, "remove_squeezable_dimensions", [labels, predictions]):
        predictions = convert_to_tensor(predictions)
        labels = convert_to_tensor(labels)
        p_shape, l_shape = predictions.get_shape(), labels.get_shape()
        if p_shape.ndims is not None and l_shape.ndims is not None:
            rank_diff = p_shape.ndims - l_shape.ndims
            if rank_diff == 2 and p_shape.as_tuple()[-1] in (None, 1):
                predictions = array_ops.squeeze(predictions, [-1])
            elif rank_diff == 0 and l_shape.ndims and l_shape.as_tuple()[-1] in (None, 1):
                labels = array_ops.squeeze(labels, [-1])
    weights = convert_to_tensor(weights)
    labels_rank, weights_rank = labels.get_shape().ndims, weights.get_shape().ndims
    if labels_rank is not None and weights_rank is not None and weights_rank - labels_rank == 1:
        weights = array_ops.squeeze(weights, [-1])
    return labels, predictions, weights


def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None,
                                 loss_collection=GraphKeys.LOSSES,
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """sparse_softmax_cross_entropy_with_logits, weighted and reduced."""
    _check_not_none(labels=labels, logits=logits)
    with name_scope(scope, "sparse_softmax_cross_entropy_loss",
                    (logits, labels, weights)) as scope:
        labels, logits, weights = _remove_squeezable_dimensions(labels, logits, weights)
        losses = sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits,
                                                          name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection,
                                     reduction=reduction)


def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    """Adds `loss` to the collection `loss_collection` of its graph."""
    if loss_collection:
        graph = loss.graph if isinstance(loss, Tensor) else get_default_graph()
        graph.add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    """The losses in `loss_collection` (names filtered by the regex `scope`)."""
    return get_default_graph().get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    """The tensors in the REGULARIZATION_LOSSES collection."""
    return get_default_graph().get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """The sum of the regularization losses (a 0.0 constant if there are none)."""
    losses = get_regularization_losses(scope)
    if losses:
        return math_ops.add_n(losses, name=name)
    return constant(0.0)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    """The sum of the LOSSES collection (plus the regularization losses, by default).

    Raises ValueError when there is no loss to add up.
    """
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses += get_regularization_losses(scope=scope)
    return math_ops.add_n(losses, name=name)
