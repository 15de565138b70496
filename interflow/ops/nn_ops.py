"""Neural-network ops: activations, softmax, bias_add, l2_loss, dropout, conv2d and pooling."""

import numbers

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from interflow.framework import dtypes, errors
from interflow.framework.api import name_scope
from interflow.framework.common_shapes import same_as_input, scalar_shape, shape_text
from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.shapes import TensorShape
from interflow.framework.tensor_conversion import convert_to_tensor
from interflow.ops import array_ops, math_ops, random_ops
from interflow.ops.math_ops import cast

__all__ = ["relu", "relu6", "elu", "softplus", "leaky_relu", "softmax", "log_softmax",
           "bias_add", "l2_loss", "dropout", "conv2d", "conv2d_backprop_input",
           "conv2d_backprop_filter", "conv2d_transpose", "max_pool", "avg_pool"]

_FLOATS = (dtypes.float16, dtypes.float32, dtypes.float64)
_INTS = (dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8, dtypes.uint16,
         dtypes.uint32, dtypes.uint64)
_REALS = _FLOATS + _INTS
_MAX_POOL_DTYPES = _FLOATS + _INTS[:6]  # TF's MaxPool takes no uint32/uint64
_FEATURES = ("features",)


# ----------------------------------------------------------------------------- activations


def _relu(x, out=None):
    return np.maximum(x, x.dtype.type(0), out=out)


def _relu6(x, out=None):
    return np.clip(x, x.dtype.type(0), x.dtype.type(6), out=out)


def _elu(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, x.dtype.type(0))))


def _softplus(x):
    # log(1 + e**x) without overflow: logaddexp(0, x).
    return np.logaddexp(x, x.dtype.type(0))


def _leaky_relu(x, *, alpha):
    return np.where(x > 0, x, x * x.dtype.type(alpha))


def _same_shapes(op):
    """The one shape of all inputs (the *Grad ops of activations take equal shapes)."""
    shape = op._inputs[0]._shape
    for t in op._inputs[1:]:
        other = t._shape
        if shape.ndims is not None and other.ndims is not None:
            if shape.ndims != other.ndims:
                raise ValueError("Shapes must be equal rank, but are %d and %d"
                                 % (shape.ndims, other.ndims))
            for i, (a, b) in enumerate(zip(shape.as_tuple(), other.as_tuple())):
                if a is not None and b is not None and a != b:
                    raise ValueError("Dimension %d in both shapes must be equal, but are %d and "
                                     "%d. Shapes are %s and %s." % (i, a, b, shape_text(shape),
                                                                    shape_text(other)))
        shape = shape.merge_with(other)
    return shape


def _check_same_shape(a, b):
    if a.shape != b.shape:
        raise errors.InvalidArgumentError(
            None, None, "Incompatible shapes: %s vs. %s" % (list(a.shape), list(b.shape)))


def _relu_grad_kernel(gradients, features):
    _check_same_shape(gradients, features)
    return gradients * (features > 0)  # as TF's kernel: a mask multiply (NaN stays NaN)


def _relu_grad_in_gradients(gradients, features):
    """As _relu_grad_kernel, masking a dying `gradients` in its own buffer."""
    _check_same_shape(gradients, features)
    if type(gradients) is np.ndarray and gradients.flags.writeable:
        return np.multiply(gradients, features > 0, out=gradients)
    return gradients * (features > 0)


def _relu6_grad_kernel(gradients, features):
    _check_same_shape(gradients, features)
    return np.where((features > 0) & (features < 6), gradients, gradients.dtype.type(0))


def _elu_grad_kernel(gradients, outputs):
    _check_same_shape(gradients, outputs)
    return np.where(outputs < 0, gradients * (outputs + outputs.dtype.type(1)), gradients)


def _leaky_relu_grad_kernel(gradients, features, *, alpha):
    _check_same_shape(gradients, features)
    return np.where(features > 0, gradients, gradients * gradients.dtype.type(alpha))


# TF: the gradient of Relu (Relu6, Elu) is a ReluGrad of the op's output; each *Grad op's own
# gradient passes the incoming gradient through the same mask and nothing to the mask's input.
def _relu_grad(op, grad):
    return [apply_op("ReluGrad", [grad, op.outputs[0]], name="ReluGrad")]


def _relu_grad_grad(op, grad):
    x = op.inputs[1]
    return [apply_op("ReluGrad", [grad, x], name="ReluGrad"), array_ops.zeros_like(x)]


def _relu6_grad(op, grad):
    return [apply_op("Relu6Grad", [grad, op.outputs[0]], name="Relu6Grad")]


def _relu6_grad_grad(op, grad):
    x = op.inputs[1]
    return [apply_op("Relu6Grad", [grad, x], name="Relu6Grad"), array_ops.zeros_like(x)]


def _elu_grad(op, grad):
    return [apply_op("EluGrad", [grad, op.outputs[0]], name="EluGrad")]


def _elu_grad_grad(op, grad):
    elu_x = op.inputs[1]
    return [apply_op("EluGrad", [grad, elu_x], name="EluGrad"),
            array_ops.where(elu_x < 0, grad * op.inputs[0], array_ops.zeros_like(elu_x))]


def _softplus_grad(op, grad):
    return [grad * math_ops.sigmoid(op.inputs[0])]


def _leaky_relu_grad(op, grad):
    alpha = op.get_attr("alpha")
    return [apply_op("LeakyReluGrad", [grad, op.inputs[0]], {"alpha": alpha},
                     name="LeakyReluGrad")]


def _leaky_relu_grad_grad(op, grad):
    x = op.inputs[1]
    alpha = op.get_attr("alpha")
    return [apply_op("LeakyReluGrad", [grad, x], {"alpha": alpha}, name="LeakyReluGrad"),
            array_ops.zeros_like(x)]


define_op("Relu", _relu, same_as_input, _relu_grad, input_names=_FEATURES,
          allowed_dtypes=_REALS, elementwise=True)
define_op("Relu6", _relu6, same_as_input, _relu6_grad, input_names=_FEATURES,
          allowed_dtypes=_REALS, elementwise=True)
define_op("Elu", _elu, same_as_input, _elu_grad, input_names=_FEATURES, allowed_dtypes=_FLOATS,
          fresh_output=True)
define_op("Softplus", _softplus, same_as_input, _softplus_grad, input_names=_FEATURES,
          allowed_dtypes=_FLOATS, fresh_output=True)
define_op("LeakyRelu", _leaky_relu, same_as_input, _leaky_relu_grad, input_names=_FEATURES,
          allowed_dtypes=_FLOATS, kernel_attrs=("alpha",), fresh_output=True)
define_op("ReluGrad", _relu_grad_kernel, _same_shapes, _relu_grad_grad,
          input_names=("gradients", "features"), allowed_dtypes=_REALS, fresh_output=True,
          scratch_kernel=_relu_grad_in_gradients, scratch_inputs=(0,))
define_op("Relu6Grad", _relu6_grad_kernel, _same_shapes, _relu6_grad_grad,
          input_names=("gradients", "features"), allowed_dtypes=_REALS, fresh_output=True)
define_op("EluGrad", _elu_grad_kernel, _same_shapes, _elu_grad_grad,
          input_names=("gradients", "outputs"), allowed_dtypes=_FLOATS, fresh_output=True)
define_op("LeakyReluGrad", _leaky_relu_grad_kernel, _same_shapes, _leaky_relu_grad_grad,
          input_names=("gradients", "features"), allowed_dtypes=_FLOATS,
          kernel_attrs=("alpha",), fresh_output=True)


def relu(features, name=None):
    """max(features, 0)."""
    return apply_op("Relu", [features], name=name or "Relu")


def relu6(features, name=None):
    """min(max(features, 0), 6)."""
    return apply_op("Relu6", [features], name=name or "Relu6")


def elu(features, name=None):
    """features if > 0, else exp(features) - 1."""
    return apply_op("Elu", [features], name=name or "Elu")


def softplus(features, name=None):
    """log(exp(features) + 1), computed without overflow."""
    return apply_op("Softplus", [features], name=name or "Softplus")


def leaky_relu(features, alpha=0.2, name=None):
    """features if > 0, else alpha * features (integer features are cast to float32 first)."""
    with name_scope(name, "LeakyRelu", [features, alpha]) as scope:
        features = convert_to_tensor(features, name="features")
        if features.dtype.is_integer:
            features = cast(features, dtypes.float32)
        if isinstance(alpha, np.ndarray):
            alpha = alpha.item()
        return apply_op("LeakyRelu", [features], {"alpha": float(alpha)}, name=scope)


# ----------------------------------------------------------------------------- softmax


def _softmax_kernel(logits):
    x = logits.astype(np.float32) if logits.dtype == np.float16 else logits
    if x.size == 0:
        return np.empty_like(logits)
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    e /= e.sum(axis=-1, keepdims=True)
    return e.astype(logits.dtype, copy=False)


def _log_softmax_kernel(logits):
    x = logits.astype(np.float32) if logits.dtype == np.float16 else logits
    if x.size == 0:
        return np.empty_like(logits)
    shifted = x - x.max(axis=-1, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return shifted.astype(logits.dtype, copy=False)


def _at_least_rank(rank, index=0):
    def infer(op):
        shape = op._inputs[index]._shape
        if shape.ndims is not None and shape.ndims < rank:
            raise ValueError("Shape must be at least rank %d but is rank %d"
                             % (rank, shape.ndims))
        return shape
    return infer


def _softmax_grad(op, grad_softmax):
    # d softmax = (diag(s) - s s^T) dy, without forming the matrix.
    softmax = op.outputs[0]
    sum_channels = math_ops.reduce_sum(grad_softmax * softmax, -1, keepdims=True)
    return [(grad_softmax - sum_channels) * softmax]


def _log_softmax_grad(op, grad):
    softmax = math_ops.exp(op.outputs[0])
    return [grad - math_ops.reduce_sum(grad, -1, keepdims=True) * softmax]


define_op("Softmax", _softmax_kernel, _at_least_rank(1), _softmax_grad, input_names=("logits",),
          allowed_dtypes=_FLOATS, fresh_output=True)
define_op("LogSoftmax", _log_softmax_kernel, _at_least_rank(1), _log_softmax_grad,
          input_names=("logits",), allowed_dtypes=_FLOATS, fresh_output=True)


def _softmax(op_type, logits, axis, dim, name):
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'dim' and 'axis'.")
        axis = dim
    if axis is None:
        axis = -1
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError("%s's axis must be an integer, got %r." % (op_type, axis))
    logits = convert_to_tensor(logits)
    ndims = logits.shape.ndims
    if axis == -1 or (ndims is not None and axis == ndims - 1):
        return apply_op(op_type, [logits], name=name or op_type)
    if ndims is None:
        raise ValueError("%s along axis %d needs the rank of its input to be known."
                         % (op_type, axis))
    if not -ndims <= axis < ndims:
        raise errors.InvalidArgumentError(
            None, None, "`dim` must be in the range [%d, %d) where %d is the number of "
            "dimensions in the input. Received: dim=%d" % (-ndims, ndims, ndims, axis))
    # As TF: swap `axis` with the last axis, apply the op, swap back.
    axis %= ndims
    perm = list(range(ndims))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    result = apply_op(op_type, [array_ops.transpose(logits, perm)], name=op_type)
    result = array_ops.transpose(result, perm, name=name or "transpose")
    result.set_shape(logits.shape)
    return result


def softmax(logits, axis=None, name=None, dim=None):
    """exp(logits) / sum(exp(logits), axis), computed stably (axis: default -1; `dim` is
    TF1's older name for it)."""
    return _softmax("Softmax", logits, axis, dim, name)


def log_softmax(logits, axis=None, name=None, dim=None):
    """logits - log(sum(exp(logits), axis)), computed stably."""
    return _softmax("LogSoftmax", logits, axis, dim, name)


# ----------------------------------------------------------------------------- bias_add, l2_loss


def _channel_axis(data_format, ndim):
    return 1 if data_format == "NCHW" else ndim - 1


def _bias_add_shape(op):
    value, bias = (t._shape for t in op._inputs)
    nchw = op._attrs["data_format"] == "NCHW"
    min_rank = 3 if nchw else 2
    if value.ndims is not None and value.ndims < min_rank:
        raise ValueError("Shape must be at least rank %d but is rank %d"
                         % (min_rank, value.ndims))
    if bias.ndims is not None and bias.ndims != 1:
        raise ValueError("Shape must be rank 1 but is rank %d" % bias.ndims)
    if value.ndims is None:
        return value
    dims = value.as_list()
    axis = _channel_axis(op._attrs["data_format"], len(dims))
    channels = bias[0].value if bias.ndims == 1 else None
    if channels is not None:
        if dims[axis] is not None and dims[axis] != channels:
            raise ValueError("Dimensions must be equal, but are %d and %d"
                             % (dims[axis], channels))
        dims[axis] = channels
    return TensorShape(dims)


def _bias_add_kernel(value, bias, *, data_format):
    axis = _channel_axis(data_format, value.ndim)
    if bias.ndim != 1 or value.ndim < 2 or value.shape[axis] != bias.shape[0]:
        raise errors.InvalidArgumentError(
            None, None, "Must provide as many biases as the channel dimension of the input "
            "tensor: %s vs. %s" % (list(bias.shape), list(value.shape)))
    if data_format == "NCHW":
        bias = bias.reshape((-1,) + (1,) * (value.ndim - 2))
    return value + bias


def _bias_add_grad_shape(op):
    shape = op._inputs[0]._shape
    fmt = op._attrs["data_format"]
    min_rank = 3 if fmt == "NCHW" else 2
    if shape.ndims is None:
        return TensorShape([None])
    if shape.ndims < min_rank:
        raise ValueError("Shape must be at least rank %d but is rank %d" % (min_rank, shape.ndims))
    return TensorShape([shape.as_tuple()[_channel_axis(fmt, shape.ndims)]])


def _bias_add_grad_kernel(out_backprop, *, data_format):
    if out_backprop.ndim < 2:
        raise errors.InvalidArgumentError(
            None, None, "Input tensor must be at least 2D: %s" % list(out_backprop.shape))
    axis = _channel_axis(data_format, out_backprop.ndim)
    others = tuple(i for i in range(out_backprop.ndim) if i != axis)
    acc = np.float32 if out_backprop.dtype == np.float16 else out_backprop.dtype
    return np.sum(out_backprop, axis=others, dtype=acc).astype(out_backprop.dtype, copy=False)


def _bias_add_grad(op, received_grad):
    return [received_grad, apply_op("BiasAddGrad", [received_grad],
                                    {"data_format": op.get_attr("data_format")},
                                    name="BiasAddGrad")]


def _bias_add_grad_grad(op, received_grad):
    # As TF: broadcast the bias gradient back over the non-channel dims with reshape + tile.
    shape = array_ops.shape(op.inputs[0])
    bias_shape = array_ops.shape(received_grad)
    if op.get_attr("data_format") == "NCHW":
        expanded_shape = array_ops.concat([array_ops.ones_like(shape[:1]), bias_shape,
                                           array_ops.ones_like(shape[2:])], 0)
        tile_mults = array_ops.concat([shape[:1], [1], shape[2:]], 0)
    else:
        expanded_shape = array_ops.concat([array_ops.ones_like(shape[:-1]), bias_shape], 0)
        tile_mults = array_ops.concat([shape[:-1], [1]], 0)
    expanded_grad = array_ops.reshape(received_grad, expanded_shape)
    return [array_ops.tile(expanded_grad, tile_mults)]


_BIAS_DTYPES = _REALS + (dtypes.complex64, dtypes.complex128)
define_op("BiasAdd", _bias_add_kernel, _bias_add_shape, _bias_add_grad,
          input_names=("value", "bias"), allowed_dtypes=_BIAS_DTYPES,
          kernel_attrs=("data_format",), fresh_output=True)
define_op("BiasAddGrad", _bias_add_grad_kernel, _bias_add_grad_shape, _bias_add_grad_grad,
          input_names=("out_backprop",), allowed_dtypes=_BIAS_DTYPES,
          kernel_attrs=("data_format",), fresh_output=True)


def bias_add(value, bias, data_format=None, name=None):
    """value + bias, where `bias` (rank 1) is added along the channel dimension: the last one
    ("NHWC", the default), or dimension 1 ("NCHW")."""
    with name_scope(name, "BiasAdd", [value, bias]) as scope:
        if data_format is None:
            data_format = "NHWC"
        elif isinstance(data_format, str) and data_format.startswith("NC"):
            data_format = "NCHW"
        elif isinstance(data_format, str) and data_format.startswith("N") and \
                data_format.endswith("C"):
            data_format = "NHWC"
        else:
            raise ValueError("`data_format` must be of the form `N...C` or `NC...`. Received: "
                             "data_format=%s" % data_format)
        value = convert_to_tensor(value, name="input")
        bias = convert_to_tensor(bias, dtype=value.dtype.base_dtype, name="bias")
        return apply_op("BiasAdd", [value, bias], {"data_format": data_format}, name=scope)


def _l2_loss_kernel(t):
    acc = np.float32 if t.dtype == np.float16 else t.dtype
    return np.asarray(np.sum(np.square(t, dtype=acc), dtype=acc) / 2, dtype=t.dtype)


define_op("L2Loss", _l2_loss_kernel, scalar_shape, lambda op, grad: [op.inputs[0] * grad],
          input_names=("t",), allowed_dtypes=_FLOATS, fresh_output=True)


def l2_loss(t, name=None):
    """sum(t ** 2) / 2, a scalar."""
    return apply_op("L2Loss", [t], name=name or "L2Loss")


# ----------------------------------------------------------------------------- dropout


def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """Zeroes each element with probability `rate` (= 1 - keep_prob) and scales the others by
    1 / keep_prob, so the expected sum is unchanged. A new mask is drawn on every run."""
    if keep_prob is not None:
        if rate is not None:
            raise ValueError("Cannot specify both 'keep_prob' and 'rate'.")
        try:
            rate = 1. - keep_prob
        except TypeError:
            raise ValueError("keep_prob must be a floating point number or Tensor (got %r)"
                             % (keep_prob,)) from None
    if rate is None:
        raise ValueError("`rate` must be provided. Received: rate=None")
    with name_scope(name, "dropout", [x]):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError("`x.dtype` must be a floating point tensor as `x` will be scaled. "
                             "Received: x_dtype=%s" % x.dtype)
        if isinstance(rate, numbers.Real):
            if not 0 <= rate < 1:
                raise ValueError("`rate` must be a scalar tensor or a float in the range [0, "
                                 "1). Received: rate=%g" % rate)
            if rate == 0:
                return x
        rate = convert_to_tensor(rate, dtype=x.dtype.base_dtype, name="rate")
        if rate.shape.ndims not in (None, 0):
            raise ValueError("Shape %s must have rank 0" % rate.shape)
        if rate.op.type == "Const" and rate.op._attrs["value"] == 0:
            return x
        if noise_shape is None:
            noise_shape = array_ops.shape(x)
        random_tensor = random_ops.random_uniform(noise_shape, seed=seed, dtype=x.dtype)
        keep_prob = 1 - rate
        scale = 1 / keep_prob
        # >=: a draw equal to rate is kept, so exactly (1 - rate) of [0, 1) survives.
        keep_mask = random_tensor >= rate
        ret = x * scale * cast(keep_mask, x.dtype)
        ret.set_shape(x.shape)
        return ret


# ----------------------------------------------------------------------------- conv2d, pooling


def _sequence(value, name, data_format):
    """TF's _get_sequence for 2-D ops: an int or 1, 2 or 4 values, as the 4 attr values."""
    if isinstance(value, numbers.Integral):
        value = [value]
    value = [int(v) for v in value]
    channel = 1 if data_format == "NCHW" else 3
    if len(value) == 4:
        return value
    if len(value) in (1, 2):
        spatial = value * 2 if len(value) == 1 else value
        return [1, 1] + spatial if channel == 1 else [1] + spatial + [1]
    raise ValueError("%s should be of length 1, 2 or 4. Received: %s=%s of length %d"
                     % (name, name, value, len(value)))


def _check_attrs(op_type, padding, data_format):
    if padding not in ("SAME", "VALID"):
        raise ValueError("Attr 'padding' of '%s' Op passed string '%s' not in: \"SAME\", "
                         "\"VALID\"." % (op_type, padding))
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError("Value for attr 'data_format' of \"%s\" is not in the list of allowed "
                         "values: \"NHWC\", \"NCHW\"" % data_format)


def _out_size(size, k, stride, padding):
    """Output length along one spatial dim (None if unknown); k is the effective window."""
    if size is None:
        return None
    if padding == "SAME":
        return -(-size // stride)
    if k is None:
        return None
    if size < k:
        raise ValueError("Negative dimension size caused by subtracting %d from %d" % (k, size))
    return (size - k) // stride + 1


def _pads(size, k, stride, padding):
    """(output size, pad before, pad after) along one dim, by TF's rule."""
    if padding == "VALID":
        if size < k:
            raise errors.InvalidArgumentError(
                None, None, "Computed output size would be negative: %d [input_size: %d, "
                "effective_filter_size: %d, stride: %d]"
                % ((size - k) // stride + 1, size, k, stride))
        return (size - k) // stride + 1, 0, 0
    out = -(-size // stride)
    total = max((out - 1) * stride + k - size, 0)
    return out, total // 2, total - total // 2


def _spatial(shape, data_format):
    """(batch, height, width, channels) of a rank-4 TensorShape's dims."""
    d = shape.as_tuple() if shape.ndims is not None else (None,) * 4
    return (d[0], d[2], d[3], d[1]) if data_format == "NCHW" else d


def _layout(n, h, w, c, data_format):
    return TensorShape([n, c, h, w] if data_format == "NCHW" else [n, h, w, c])


def _check_rank4(shape):
    if shape.ndims is not None and shape.ndims != 4:
        raise ValueError("Shape must be rank 4 but is rank %d" % shape.ndims)


def _hw(values, data_format):
    return (values[2], values[3]) if data_format == "NCHW" else (values[1], values[2])


def _conv2d_shape(op):
    inp, filt = (t._shape for t in op._inputs)
    _check_rank4(inp)
    _check_rank4(filt)
    fmt = op._attrs["data_format"]
    strides, dilations = op._attrs["strides"], op._attrs["dilations"]
    for s in strides:
        if s <= 0:
            raise ValueError("Stride must be > 0, but got %d" % s)
    for d in dilations:
        if d <= 0:
            raise ValueError("Dilated rate must be >= 1, but got %d" % d)
    n, h, w, c = _spatial(inp, fmt)
    kh, kw, k_in, k_out = filt.as_tuple() if filt.ndims is not None else (None,) * 4
    if c is not None and k_in is not None:
        if k_in == 0 or c % k_in:
            raise ValueError("Depth of input (%d) is not a multiple of input depth of filter "
                             "(%d)" % (c, k_in))
        if c != k_in:
            raise ValueError("Depth of input (%d) is not equal to input depth of filter (%d): "
                             "grouped convolutions are not supported" % (c, k_in))
    sh, sw = _hw(strides, fmt)
    dh, dw = _hw(dilations, fmt)
    padding = op._attrs["padding"]
    oh = _out_size(h, None if kh is None else (kh - 1) * dh + 1, sh, padding)
    ow = _out_size(w, None if kw is None else (kw - 1) * dw + 1, sw, padding)
    return _layout(n, oh, ow, k_out, fmt)


def _to_nhwc(x, data_format):
    return x.transpose(0, 2, 3, 1) if data_format == "NCHW" else x


def _from_nhwc(x, data_format):
    return x.transpose(0, 3, 1, 2) if data_format == "NCHW" else x


def _check_batch_depth(values, data_format, what, error):
    batch, depth = (values[0], values[1]) if data_format == "NCHW" else (values[0], values[3])
    if batch != 1 or depth != 1:
        raise error(None, None, "Current implementation does not yet support %s in the batch "
                    "and depth dimensions." % what)


def _windows(x, kh, kw, sh, sw, dh=1, dw=1):
    """(N, OH, OW, C, kh, kw): a view of every (dilated) window of an NHWC array."""
    v = sliding_window_view(x, ((kh - 1) * dh + 1, (kw - 1) * dw + 1), axis=(1, 2))
    return v[:, ::sh, ::sw, :, ::dh, ::dw]


def _pad_hw(x, kh, kw, sh, sw, padding, fill=0):
    oh, top, bottom = _pads(x.shape[1], kh, sh, padding)
    ow, left, right = _pads(x.shape[2], kw, sw, padding)
    if top or bottom or left or right:
        x = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=fill)
    return x, (oh, top), (ow, left)


def _conv2d_kernel(x, filt, *, strides, padding, data_format, dilations):
    _check_batch_depth(strides, data_format, "strides", errors.UnimplementedError)
    _check_batch_depth(dilations, data_format, "dilations", errors.InvalidArgumentError)
    if x.ndim != 4 or filt.ndim != 4 or x.shape[_channel_axis(data_format, 4)] != filt.shape[2]:
        raise errors.InvalidArgumentError(
            None, None, "input and filter must be 4-dimensional with matching depths, got "
            "input %s and filter %s" % (list(x.shape), list(filt.shape)))
    x = _to_nhwc(x, data_format)
    kh, kw, _, k_out = filt.shape
    (sh, sw), (dh, dw) = _hw(strides, data_format), _hw(dilations, data_format)
    xp, (oh, _), (ow, _) = _pad_hw(x, (kh - 1) * dh + 1, (kw - 1) * dw + 1, sh, sw, padding)
    dtype = x.dtype
    if dtype == np.float16:  # NumPy's float16 matmul is slow and imprecise
        xp, filt = xp.astype(np.float32), filt.astype(np.float32)
    out = np.zeros((x.shape[0], oh, ow, k_out), xp.dtype)
    if out.size and filt.size:
        _im2col_matmul(_windows(xp, kh, kw, sh, sw, dh, dw), filt, out)
    return _from_nhwc(out.astype(dtype, copy=False), data_format)


# im2col copies each window; batches go through in chunks of about this many elements, so
# memory stays bounded for big images and filters.
_IM2COL_CHUNK = 1 << 23


def _im2col_matmul(windows, filt, out):
    """out[n, i, j] = windows[n, i, j] . filt, as one matmul per chunk of the batch."""
    kh, kw, c, k_out = filt.shape
    n, oh, ow = windows.shape[:3]
    w2 = filt.reshape(kh * kw * c, k_out)
    step = max(1, _IM2COL_CHUNK // (oh * ow * kh * kw * c or 1))
    for start in range(0, n, step):
        # (n, OH, OW, kh, kw, C) matches the filter's (kh, kw, C) row order.
        cols = windows[start:start + step].transpose(0, 1, 2, 4, 5, 3).reshape(-1, kh * kw * c)
        np.matmul(cols, w2, out=out[start:start + step].reshape(-1, k_out))


# ------------------------------------------------------------------- conv2d backprop (gradients)


def _shape_vector(t):
    """The static dims a shape-valued tensor holds (None where unknown, or None for all)."""
    op = t._op
    if op._type == "ShapeN":
        shape = op._inputs[t._value_index]._shape
        return None if shape.ndims is None else list(shape.as_tuple())
    return array_ops._partial_vector(t)


def _sizes_shape(t):
    """A TensorShape of rank 4 from a shape-valued input (input_sizes, filter_sizes)."""
    if t._shape.ndims is not None and t._shape.ndims != 1:
        raise ValueError("Shape must be rank 1 but is rank %d" % t._shape.ndims)
    if t._shape.ndims == 1 and t._shape.as_tuple()[0] not in (None, 4):
        raise ValueError("Dimension must be 4 but is %d" % t._shape.as_tuple()[0])
    dims = _shape_vector(t)
    if dims is None or len(dims) != 4:
        return TensorShape([None] * 4)
    for d in dims:
        if d is not None and d < 0:
            raise ValueError("Dimension %d must be >= 0" % d)
    return TensorShape(dims)


def _check_backprop_dims(op, x_shape, f_shape, dy_shape):
    """Build-time version of the kernels' size checks, for whatever dims are known."""
    fmt, padding = op._attrs["data_format"], op._attrs["padding"]
    n, h, w, c = _spatial(x_shape, fmt)
    kh, kw, k_in, k_out = f_shape.as_tuple() if f_shape.ndims is not None else (None,) * 4
    dn, doh, dow, dc = _spatial(dy_shape, fmt)
    if c is not None and k_in is not None and c != k_in:
        raise ValueError("Input depth %d and filter input depth %d must match" % (c, k_in))
    if dc is not None and k_out is not None and dc != k_out:
        raise ValueError("Filter output depth %d and out_backprop depth %d must match"
                         % (k_out, dc))
    if n is not None and dn is not None and n != dn:
        raise ValueError("Input batch %d and out_backprop batch %d must match" % (n, dn))
    strides, dilations = op._attrs["strides"], op._attrs["dilations"]
    for size, k, s, d, actual, dim in ((h, kh, _hw(strides, fmt)[0], _hw(dilations, fmt)[0],
                                        doh, 1),
                                       (w, kw, _hw(strides, fmt)[1], _hw(dilations, fmt)[1],
                                        dow, 2)):
        if size is None or k is None or actual is None:
            continue
        computed = _out_size(size, (k - 1) * d + 1, s, padding)
        if computed != actual:
            raise ValueError(_size_mismatch(op._type, actual, computed, dim, size, k, s, d))


def _size_mismatch(op_type, actual, computed, dim, size, k, stride, dilation):
    return ("%s: Size of out_backprop doesn't match computed: actual = %d, computed = %d "
            "spatial_dim: %d input: %d filter: %d output: %d stride: %d dilation: %d"
            % (op_type, actual, computed, dim, size, k, actual, stride, dilation))


def _check_conv_attrs_shape(op):
    for s in op._attrs["strides"]:
        if s <= 0:
            raise ValueError("Stride must be > 0, but got %d" % s)
    for d in op._attrs["dilations"]:
        if d <= 0:
            raise ValueError("Dilated rate must be >= 1, but got %d" % d)


def _conv2d_backprop_input_shape(op):
    sizes, filt, dy = op._inputs
    _check_rank4(filt._shape)
    _check_rank4(dy._shape)
    _check_conv_attrs_shape(op)
    shape = _sizes_shape(sizes)
    if shape.as_tuple()[0] is None and dy._shape.ndims == 4:
        # As TF: with unknown input_sizes the batch still comes from out_backprop.
        shape = TensorShape([dy._shape.as_tuple()[0], None, None, None])
    _check_backprop_dims(op, shape, filt._shape, dy._shape)
    return shape


def _conv2d_backprop_filter_shape(op):
    x, sizes, dy = op._inputs
    _check_rank4(x._shape)
    _check_rank4(dy._shape)
    _check_conv_attrs_shape(op)
    shape = _sizes_shape(sizes)
    _check_backprop_dims(op, x._shape, shape, dy._shape)
    return shape


def _runtime_sizes(sizes, what):
    sizes = np.asarray(sizes)
    if sizes.shape != (4,):
        raise errors.InvalidArgumentError(
            None, None, "%s must be a 4-D vector, got shape %s" % (what, list(sizes.shape)))
    if (sizes < 0).any():
        raise errors.InvalidArgumentError(None, None, "%s must be non-negative, got %s"
                                          % (what, sizes.tolist()))
    return tuple(int(v) for v in sizes)


def _backprop_geometry(op_type, x_shape, f_shape, dy, strides, padding, dilations):
    """Checks the NHWC shapes of a conv backprop and returns its per-dim (out, pad, k, s, d)."""
    if len(x_shape) != 4 or len(f_shape) != 4 or dy.ndim != 4:
        raise errors.InvalidArgumentError(
            None, None, "%s: input, filter and out_backprop must be 4-dimensional, got %s, %s "
            "and %s" % (op_type, list(x_shape), list(f_shape), list(dy.shape)))
    n, h, w, c = x_shape
    kh, kw, k_in, k_out = f_shape
    if c != k_in:
        raise errors.InvalidArgumentError(
            None, None, "%s: input depth %d and filter input depth %d must match"
            % (op_type, c, k_in))
    if dy.shape[0] != n or dy.shape[3] != k_out:
        raise errors.InvalidArgumentError(
            None, None, "%s: out_backprop %s does not match batch %d and filter output depth "
            "%d" % (op_type, list(dy.shape), n, k_out))
    dims = []
    for axis, (size, k, s, d) in enumerate(((h, kh, strides[0], dilations[0]),
                                            (w, kw, strides[1], dilations[1])), start=1):
        ek = (k - 1) * d + 1
        if padding == "VALID" and size < ek:
            raise errors.InvalidArgumentError(
                None, None, "Computed output size would be negative: %d [input_size: %d, "
                "effective_filter_size: %d, stride: %d]" % ((size - ek) // s + 1, size, ek, s))
        out, before, after = _pads(size, ek, s, padding)
        if dy.shape[axis] != out:
            raise errors.InvalidArgumentError(
                None, None, _size_mismatch(op_type, dy.shape[axis], out, axis, size, k, s, d))
        dims.append((out, before, after, k, s, d))
    return dims


def _tap(dims, a, b):
    """The strided slice of the padded input that filter tap (a, b) sees for every output."""
    (oh, _, _, _, sh, dh), (ow, _, _, _, sw, dw) = dims
    return (slice(None), slice(a * dh, a * dh + (oh - 1) * sh + 1, sh),
            slice(b * dw, b * dw + (ow - 1) * sw + 1, sw), slice(None))


def _conv2d_backprop_input_kernel(input_sizes, filt, dy, *, strides, padding, data_format,
                                  dilations):
    _check_batch_depth(strides, data_format, "strides", errors.UnimplementedError)
    sizes = _runtime_sizes(input_sizes, "input_sizes")
    n, h, w, c = (sizes[0], sizes[2], sizes[3], sizes[1]) if data_format == "NCHW" else sizes
    dy = _to_nhwc(dy, data_format)
    dims = _backprop_geometry("Conv2DBackpropInput", (n, h, w, c), filt.shape, dy,
                              _hw(strides, data_format), padding, _hw(dilations, data_format))
    dtype = dy.dtype
    work = np.float32 if dtype == np.float16 else dtype
    (oh, top, bottom, kh, _, _), (ow, left, right, kw, _, _) = dims
    dxp = np.zeros((n, h + top + bottom, w + left + right, c), work)
    if dy.size and filt.size:
        dy2 = dy.reshape(-1, dy.shape[3]).astype(work, copy=False)
        filt = filt.astype(work, copy=False)
        # Each filter tap scatters dy . filt[a, b]^T back onto the input pixels it read.
        for a in range(kh):
            for b in range(kw):
                dxp[_tap(dims, a, b)] += (dy2 @ filt[a, b].T).reshape(n, oh, ow, c)
    dx = dxp[:, top:top + h, left:left + w, :].astype(dtype)
    return _from_nhwc(dx, data_format)


def _conv2d_backprop_filter_kernel(x, filter_sizes, dy, *, strides, padding, data_format,
                                   dilations):
    _check_batch_depth(strides, data_format, "strides", errors.UnimplementedError)
    sizes = _runtime_sizes(filter_sizes, "filter_sizes")
    x, dy = _to_nhwc(x, data_format), _to_nhwc(dy, data_format)
    if x.ndim != 4:
        raise errors.InvalidArgumentError(None, None, "input must be 4-dimensional, got %s"
                                          % list(x.shape))
    dims = _backprop_geometry("Conv2DBackpropFilter", x.shape, sizes, dy,
                              _hw(strides, data_format), padding, _hw(dilations, data_format))
    dtype = x.dtype
    work = np.float32 if dtype == np.float16 else dtype
    (_, top, bottom, kh, _, _), (_, left, right, kw, _, _) = dims
    c, k_out = sizes[2], sizes[3]
    dw = np.zeros(sizes, work)
    if dy.size and x.size:
        xp = np.pad(x.astype(work, copy=False), ((0, 0), (top, bottom), (left, right), (0, 0)))
        dy2 = dy.reshape(-1, k_out).astype(work, copy=False)
        # One matmul per filter tap: the pixels it read (all batches, all outputs) times dy.
        for a in range(kh):
            for b in range(kw):
                dw[a, b] = xp[_tap(dims, a, b)].reshape(-1, c).T @ dy2
    return dw.astype(dtype, copy=False)


_CONV_ATTRS = ("strides", "use_cudnn_on_gpu", "padding", "explicit_paddings", "data_format",
               "dilations")


def _conv_attrs(op):
    return {k: list(v) if isinstance(v, list) else v
            for k, v in ((k, op.get_attr(k)) for k in _CONV_ATTRS)}


def _conv2d_grad(op, grad):
    attrs = _conv_attrs(op)
    shape_0, shape_1 = array_ops.shape_n([op.inputs[0], op.inputs[1]])
    return [apply_op("Conv2DBackpropInput", [shape_0, op.inputs[1], grad], dict(attrs),
                     name="Conv2DBackpropInput"),
            apply_op("Conv2DBackpropFilter", [op.inputs[0], shape_1, grad], dict(attrs),
                     name="Conv2DBackpropFilter")]


def _conv2d_backprop_input_grad(op, grad):
    attrs = _conv_attrs(op)
    return [None,
            apply_op("Conv2DBackpropFilter", [grad, array_ops.shape(op.inputs[1]), op.inputs[2]],
                     dict(attrs), name="Conv2DBackpropFilter"),
            apply_op("Conv2D", [grad, op.inputs[1]], dict(attrs), name="Conv2D")]


def _conv2d_backprop_filter_grad(op, grad):
    attrs = _conv_attrs(op)
    return [apply_op("Conv2DBackpropInput", [array_ops.shape(op.inputs[0]), grad, op.inputs[2]],
                     dict(attrs), name="Conv2DBackpropInput"),
            None,
            apply_op("Conv2D", [op.inputs[0], grad], dict(attrs), name="Conv2D")]


_CONV_DTYPES = _FLOATS + (dtypes.int32,)
_CONV_KERNEL_ATTRS = ("strides", "padding", "data_format", "dilations")
define_op("Conv2D", _conv2d_kernel, _conv2d_shape, _conv2d_grad, input_names=("input", "filter"),
          allowed_dtypes=_CONV_DTYPES, fresh_output=True, kernel_attrs=_CONV_KERNEL_ATTRS)
define_op("Conv2DBackpropInput", _conv2d_backprop_input_kernel, _conv2d_backprop_input_shape,
          _conv2d_backprop_input_grad, input_names=("input_sizes", "filter", "out_backprop"),
          same_dtype=(1, 2), allowed_dtypes=_CONV_DTYPES, fresh_output=True,
          kernel_attrs=_CONV_KERNEL_ATTRS)
define_op("Conv2DBackpropFilter", _conv2d_backprop_filter_kernel, _conv2d_backprop_filter_shape,
          _conv2d_backprop_filter_grad, input_names=("input", "filter_sizes", "out_backprop"),
          same_dtype=(0, 2), allowed_dtypes=_CONV_DTYPES, fresh_output=True,
          kernel_attrs=_CONV_KERNEL_ATTRS)


def conv2d(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True,  # noqa: A002
           data_format="NHWC", dilations=(1, 1, 1, 1), name=None, filters=None):
    """2-D convolution (cross-correlation, as TF) of `input` [batch, height, width, in_channels]
    with `filter` [height, width, in_channels, out_channels].

    `strides` and `dilations`: an int or 1, 2 or 4 values; `padding`: "SAME" (output size
    ceil(in / stride), zero padding split as TF does, extra on the bottom/right) or "VALID".
    """
    if filters is not None:
        if filter is not None:
            raise ValueError("Cannot specify both 'filters' and 'filter'.")
        filter = filters  # noqa: A001
    _check_attrs("Conv2D", padding, data_format)
    attrs = {"strides": _sequence(strides, "strides", data_format),
             "use_cudnn_on_gpu": bool(use_cudnn_on_gpu), "padding": padding,
             "explicit_paddings": [], "data_format": data_format,
             "dilations": _sequence(dilations, "dilations", data_format)}
    return apply_op("Conv2D", [input, filter], attrs, name=name or "Conv2D")


def _backprop_attrs(op_type, strides, padding, use_cudnn_on_gpu, data_format, dilations):
    _check_attrs(op_type, padding, data_format)
    return {"strides": _sequence(strides, "strides", data_format),
            "use_cudnn_on_gpu": bool(use_cudnn_on_gpu), "padding": padding,
            "explicit_paddings": [], "data_format": data_format,
            "dilations": _sequence(dilations, "dilations", data_format)}


def conv2d_backprop_input(input_sizes, filter=None, out_backprop=None, strides=None,  # noqa: A002
                          padding=None, use_cudnn_on_gpu=True, data_format="NHWC",
                          dilations=(1, 1, 1, 1), name=None, filters=None):
    """The gradient of conv2d with respect to its input, of shape `input_sizes` (a 4-vector),
    given the filter and the gradient `out_backprop` of the convolution's output."""
    if filters is not None:
        if filter is not None:
            raise ValueError("Cannot specify both 'filters' and 'filter'.")
        filter = filters  # noqa: A001
    attrs = _backprop_attrs("Conv2DBackpropInput", strides, padding, use_cudnn_on_gpu,
                            data_format, dilations)
    return apply_op("Conv2DBackpropInput", [input_sizes, filter, out_backprop], attrs,
                    name=name or "Conv2DBackpropInput")


def conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding,  # noqa: A002
                           use_cudnn_on_gpu=True, data_format="NHWC", dilations=(1, 1, 1, 1),
                           name=None):
    """The gradient of conv2d with respect to its filter, of shape `filter_sizes` (a 4-vector),
    given the input and the gradient `out_backprop` of the convolution's output."""
    attrs = _backprop_attrs("Conv2DBackpropFilter", strides, padding, use_cudnn_on_gpu,
                            data_format, dilations)
    return apply_op("Conv2DBackpropFilter", [input, filter_sizes, out_backprop], attrs,
                    name=name or "Conv2DBackpropFilter")


def conv2d_transpose(value=None, filter=None, output_shape=None, strides=None,  # noqa: A002
                     padding="SAME", data_format="NHWC", name=None, input=None,  # noqa: A002
                     filters=None, dilations=None):
    """The transpose of conv2d ("deconvolution"): conv2d's input gradient applied to `value`,
    giving a tensor of `output_shape`."""
    if input is not None:
        if value is not None:
            raise ValueError("Cannot specify both 'value' and 'input'.")
        value = input
    if filters is not None:
        if filter is not None:
            raise ValueError("Cannot specify both 'filters' and 'filter'.")
        filter = filters  # noqa: A001
    if dilations is None:
        dilations = 1
    with name_scope(name, "conv2d_transpose", [value, filter, output_shape]) as scope:
        attrs = _backprop_attrs("Conv2DBackpropInput", strides, padding, True, data_format,
                                dilations)
        return apply_op("Conv2DBackpropInput", [output_shape, filter, value], attrs, name=scope)


def _pool_shape(op):
    inp = op._inputs[0]._shape
    _check_rank4(inp)
    fmt, padding = op._attrs["data_format"], op._attrs["padding"]
    for s in op._attrs["strides"]:
        if s <= 0:
            raise ValueError("Stride must be > 0, but got %d" % s)
    n, h, w, c = _spatial(inp, fmt)
    kh, kw = _hw(op._attrs["ksize"], fmt)
    sh, sw = _hw(op._attrs["strides"], fmt)
    return _layout(n, _out_size(h, kh, sh, padding), _out_size(w, kw, sw, padding), c, fmt)


def _check_pool_attrs(ksize, strides, data_format):
    batch = (ksize[0], strides[0])
    depth = (ksize[1], strides[1]) if data_format == "NCHW" else (ksize[3], strides[3])
    if batch != (1, 1):
        raise errors.UnimplementedError(None, None, "Pooling is not yet supported on the "
                                        "batch dimension.")
    if depth != (1, 1):
        raise errors.UnimplementedError(None, None, "Pooling across depth is not supported "
                                        "by interflow: pool over height and width only.")


def _max_pool_kernel(x, *, ksize, strides, padding, data_format):
    _check_pool_attrs(ksize, strides, data_format)
    x = _to_nhwc(x, data_format)
    (kh, kw), (sh, sw) = _hw(ksize, data_format), _hw(strides, data_format)
    # SAME padding never wins a max: pad with the dtype's lowest value.
    low = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    xp, _, _ = _pad_hw(x, kh, kw, sh, sw, padding, fill=low)
    return _from_nhwc(_windows(xp, kh, kw, sh, sw).max(axis=(4, 5)), data_format)


def _valid_counts(size, k, stride, pad_before, out):
    """How many real (unpadded) elements each output position's window covers."""
    start = np.arange(out) * stride - pad_before
    return np.minimum(start + k, size) - np.maximum(start, 0)


def _avg_pool_kernel(x, *, ksize, strides, padding, data_format):
    _check_pool_attrs(ksize, strides, data_format)
    x = _to_nhwc(x, data_format)
    (kh, kw), (sh, sw) = _hw(ksize, data_format), _hw(strides, data_format)
    dtype = x.dtype
    xp, (oh, top), (ow, left) = _pad_hw(x.astype(np.float32) if dtype == np.float16 else x,
                                        kh, kw, sh, sw, padding)
    sums = _windows(xp, kh, kw, sh, sw).sum(axis=(4, 5))
    # TF divides by the number of real elements in each window, not by the window size.
    counts = np.outer(_valid_counts(x.shape[1], kh, sh, top, oh),
                      _valid_counts(x.shape[2], kw, sw, left, ow))
    out = (sums / counts[None, :, :, None].astype(sums.dtype)).astype(dtype, copy=False)
    return _from_nhwc(out, data_format)


# ------------------------------------------------------------------- pooling backprop (gradients)


def _max_pool_argmax(x, ksize, strides, padding, data_format):
    """For each output of max_pool(x) (NHWC), the flat index into the padded NHWC input of its
    window's first maximum (row-major within the window, as TF's CPU kernel picks ties)."""
    x = _to_nhwc(x, data_format)
    (kh, kw), (sh, sw) = _hw(ksize, data_format), _hw(strides, data_format)
    low = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    xp, (oh, top), (ow, left) = _pad_hw(x, kh, kw, sh, sw, padding, fill=low)
    n, hp, wp, c = xp.shape
    if x.size == 0 or oh == 0 or ow == 0:
        return np.zeros((n, oh, ow, c), np.intp), xp.shape, top, left, x.shape
    arg = _windows(xp, kh, kw, sh, sw).reshape(n, oh, ow, c, kh * kw).argmax(axis=-1)
    rows = np.arange(oh).reshape(1, oh, 1, 1) * sh + arg // kw
    cols = np.arange(ow).reshape(1, 1, ow, 1) * sw + arg % kw
    flat = ((np.arange(n).reshape(n, 1, 1, 1) * hp + rows) * wp + cols) * c + np.arange(c)
    return flat, xp.shape, top, left, x.shape


def _check_grad_shape(expected, got, what):
    if tuple(expected) != tuple(got):
        raise errors.InvalidArgumentError(
            None, None, "Expected %s shape to be %s, but got %s"
            % (what, list(expected), list(got)))


def _max_pool_grad_kernel(orig_input, orig_output, grad, *, ksize, strides, padding,
                          data_format):
    _check_pool_attrs(ksize, strides, data_format)
    flat, padded, top, left, (n, h, w, c) = _max_pool_argmax(orig_input, ksize, strides,
                                                            padding, data_format)
    g = _to_nhwc(grad, data_format)
    _check_grad_shape(flat.shape, g.shape, "grad")
    # Each output's gradient goes to its window's argmax; overlapping windows add up.
    dxp = np.bincount(flat.reshape(-1), weights=g.reshape(-1).astype(np.float64),
                      minlength=int(np.prod(padded))).reshape(padded)
    dx = dxp[:, top:top + h, left:left + w, :].astype(orig_input.dtype)
    return _from_nhwc(dx, data_format)


def _max_pool_grad_grad_kernel(orig_input, orig_output, grad, *, ksize, strides, padding,
                               data_format):
    _check_pool_attrs(ksize, strides, data_format)
    flat, padded, top, left, shape = _max_pool_argmax(orig_input, ksize, strides, padding,
                                                      data_format)
    g = _to_nhwc(grad, data_format)
    _check_grad_shape(shape, g.shape, "grad")
    gp = np.pad(g, ((0, 0), (top, padded[1] - shape[1] - top),
                    (left, padded[2] - shape[2] - left), (0, 0)))
    return _from_nhwc(gp.reshape(-1)[flat], data_format)


def _avg_pool_grad_kernel(orig_input_shape, grad, *, ksize, strides, padding, data_format):
    _check_pool_attrs(ksize, strides, data_format)
    sizes = _runtime_sizes(orig_input_shape, "orig_input_shape")
    n, h, w, c = (sizes[0], sizes[2], sizes[3], sizes[1]) if data_format == "NCHW" else sizes
    (kh, kw), (sh, sw) = _hw(ksize, data_format), _hw(strides, data_format)
    oh, top, bottom = _pads(h, kh, sh, padding)
    ow, left, right = _pads(w, kw, sw, padding)
    g = _to_nhwc(grad, data_format)
    _check_grad_shape((n, oh, ow, c), g.shape, "grad")
    dtype = g.dtype
    work = np.float32 if dtype == np.float16 else dtype
    dxp = np.zeros((n, h + top + bottom, w + left + right, c), work)
    if g.size:
        counts = np.outer(_valid_counts(h, kh, sh, top, oh), _valid_counts(w, kw, sw, left, ow))
        share = g.astype(work) / counts[None, :, :, None].astype(work)
        dims = ((oh, 0, 0, kh, sh, 1), (ow, 0, 0, kw, sw, 1))
        # Every element of a window gets an equal share of that window's gradient.
        for a in range(kh):
            for b in range(kw):
                dxp[_tap(dims, a, b)] += share
    return _from_nhwc(dxp[:, top:top + h, left:left + w, :].astype(dtype), data_format)


def _pool_grad_shape(op):
    for t in op._inputs:
        _check_rank4(t._shape)
    return op._inputs[0]._shape


def _max_pool_grad_grad_shape(op):
    for t in op._inputs:
        _check_rank4(t._shape)
    return _pool_shape(op).merge_with(op._inputs[1]._shape)


def _avg_pool_grad_shape(op):
    _check_rank4(op._inputs[1]._shape)
    return _sizes_shape(op._inputs[0])


def _pool_attrs(op, explicit_paddings):
    attrs = {k: (list(op.get_attr(k)) if k in ("ksize", "strides") else op.get_attr(k))
             for k in _POOL_ATTRS}
    if explicit_paddings:
        attrs["explicit_paddings"] = []
    return attrs


def _max_pool_grad(op, grad):
    return [apply_op("MaxPoolGrad", [op.inputs[0], op.outputs[0], grad], _pool_attrs(op, True),
                     name="MaxPoolGrad")]


def _max_pool_grad_grad(op, grad):
    return [array_ops.zeros_like(op.inputs[0]), array_ops.zeros_like(op.inputs[1]),
            apply_op("MaxPoolGradGrad", [op.inputs[0], op.inputs[1], grad],
                     _pool_attrs(op, False), name="MaxPoolGradGrad")]


def _max_pool_grad_grad_grad(op, grad):
    return [array_ops.zeros_like(op.inputs[0]), array_ops.zeros_like(op.inputs[1]),
            apply_op("MaxPoolGrad", [op.inputs[0], op.inputs[1], grad], _pool_attrs(op, True),
                     name="MaxPoolGrad")]


def _avg_pool_grad(op, grad):
    return [apply_op("AvgPoolGrad", [array_ops.shape(op.inputs[0]), grad],
                     _pool_attrs(op, False), name="AvgPoolGrad")]


def _avg_pool_grad_grad(op, grad):
    # TF returns stop_gradient(orig_input_shape) for the (integer, untrainable) shape input.
    return [array_ops.stop_gradient(op.inputs[0]),
            apply_op("AvgPool", [grad], _pool_attrs(op, False), name="AvgPool")]


_POOL_ATTRS = ("ksize", "strides", "padding", "data_format")
_MAX_POOL_GRAD_NAMES = ("orig_input", "orig_output", "grad")
define_op("MaxPool", _max_pool_kernel, _pool_shape, _max_pool_grad, input_names=("input",),
          allowed_dtypes=_MAX_POOL_DTYPES, kernel_attrs=_POOL_ATTRS, fresh_output=True)
define_op("AvgPool", _avg_pool_kernel, _pool_shape, _avg_pool_grad, input_names=("value",),
          allowed_dtypes=_FLOATS, kernel_attrs=_POOL_ATTRS, fresh_output=True)
define_op("MaxPoolGrad", _max_pool_grad_kernel, _pool_grad_shape, _max_pool_grad_grad,
          input_names=_MAX_POOL_GRAD_NAMES, allowed_dtypes=_MAX_POOL_DTYPES,
          kernel_attrs=_POOL_ATTRS, fresh_output=True)
define_op("MaxPoolGradGrad", _max_pool_grad_grad_kernel, _max_pool_grad_grad_shape,
          _max_pool_grad_grad_grad, input_names=_MAX_POOL_GRAD_NAMES,
          allowed_dtypes=_MAX_POOL_DTYPES, kernel_attrs=_POOL_ATTRS, fresh_output=True)
define_op("AvgPoolGrad", _avg_pool_grad_kernel, _avg_pool_grad_shape, _avg_pool_grad_grad,
          input_names=("orig_input_shape", "grad"), same_dtype=(1,), allowed_dtypes=_FLOATS,
          kernel_attrs=_POOL_ATTRS, fresh_output=True)


def _pool(op_type, value, ksize, strides, padding, data_format, name, input):
    if input is not None:
        if value is not None:
            raise ValueError("Cannot specify both 'value' and 'input'.")
        value = input
    _check_attrs(op_type, padding, data_format)
    ksize = _sequence(ksize, "ksize", data_format)
    if 0 in ksize:
        raise ValueError("`ksize` cannot be zero. Received: ksize=%s" % ksize)
    attrs = {"ksize": ksize, "strides": _sequence(strides, "strides", data_format),
             "padding": padding, "data_format": data_format}
    if op_type == "MaxPool":
        attrs["explicit_paddings"] = []
    return apply_op(op_type, [value], attrs, name=name or op_type)


def max_pool(value, ksize, strides, padding, data_format="NHWC", name=None,
             input=None):  # noqa: A002
    """The maximum over each ksize window (SAME padding never contributes)."""
    return _pool("MaxPool", value, ksize, strides, padding, data_format, name, input)


def avg_pool(value, ksize, strides, padding, data_format="NHWC", name=None,
             input=None):  # noqa: A002
    """The mean over each ksize window; with SAME, over the window's unpadded elements only."""
    return _pool("AvgPool", value, ksize, strides, padding, data_format, name, input)
