"""Reshaping: Reshape, Squeeze, ExpandDims, BroadcastTo and Tile."""

import numpy as np

from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.shapes import TensorShape
from interflow.framework.tensor_conversion import constant
from interflow.ops.array._util import (_as_int, _dims_text, _index_arg, _index_input, _invalid,
                                       _math)
from interflow.ops.array.joining import stack
from interflow.ops.array.reordering import transpose
from interflow.ops.array.sequences import range
from interflow.ops.array.shapes import broadcast_gradient_args, shape, size
from interflow.ops.array.static_values import _constant_value, _partial_vector

__all__ = ["reshape", "squeeze", "expand_dims", "broadcast_to", "tile"]


# ---------------------------------------------------------------------------- reshape

def _reshape_shape(op):
    x, shape_t = op._inputs
    _index_input(op, 1, "shape", "Tshape")
    if shape_t._shape.ndims not in (None, 1):
        raise ValueError("Shape must be rank 1 but is rank %d" % shape_t._shape.ndims)
    dims = _partial_vector(shape_t)
    if dims is None:
        return TensorShape(None)
    for d in dims:
        if d is not None and d < -1:
            raise ValueError("Invalid value in tensor used for shape: %d" % d)
    unknown = [i for i, d in enumerate(dims) if d is None or d == -1]
    known = int(np.prod([d for d in dims if d is not None and d >= 0], dtype=np.int64))
    out = [None if d == -1 else d for d in dims]
    n = x._shape.num_elements()
    if n is not None:
        if not unknown and known != n:
            raise ValueError("Cannot reshape a tensor with %d elements to shape %s (%d elements)"
                             % (n, _dims_text(dims), known))
        if len(unknown) == 1 and known > 0:
            if n % known:
                raise ValueError("Dimension size must be evenly divisible by %d but is %d"
                                 % (known, n))
            out[unknown[0]] = n // known
    return TensorShape(out)


def _reshape_kernel(tensor, shape):
    if type(tensor) is np.ndarray and type(shape) is np.ndarray and shape.ndim == 1:
        try:
            # NumPy applies TF's rules (one -1, sizes must match); errors get TF's wording below.
            return tensor.reshape(shape.tolist())
        except ValueError:
            pass
    shape = np.asarray(shape)
    if shape.ndim != 1:
        raise _invalid("shape must be a vector of {int32,int64}, got shape %s"
                       % _dims_text(shape.shape))
    dims = [int(d) for d in shape]
    n = int(np.size(tensor))
    infer = [i for i, d in enumerate(dims) if d == -1]
    if len(infer) > 1:
        raise _invalid("Only one input size may be -1, not both %d and %d" % tuple(infer[:2]))
    for i, d in enumerate(dims):
        if d < -1:
            raise _invalid("Size %d must be non-negative, not %d" % (i, d))
    known = int(np.prod([d for d in dims if d != -1], dtype=np.int64))
    if infer:
        if known == 0 or n % known:
            raise _invalid("Input to reshape is a tensor with %d values, but the requested shape "
                           "requires a multiple of %d" % (n, known))
        dims[infer[0]] = n // known
    elif known != n:
        raise _invalid("Input to reshape is a tensor with %d values, but the requested shape "
                       "has %d" % (n, known))
    return np.reshape(tensor, dims)


def _reshape_to_input(op, grad):
    return reshape(grad, shape(op._inputs[0]))


def _reshape_grad(op, grad):
    s = op._inputs[0]._shape
    if s.ndims is not None and not s.is_fully_defined():
        dims = list(s.as_tuple())
        unknown = [i for i, d in enumerate(dims) if d is None]
        # One unknown dim can be -1, sparing a run-time Shape op (not with a 0 dim: then -1
        # would be ambiguous).
        if len(unknown) == 1 and 0 not in dims:
            if grad._shape.ndims == len(dims) and grad._shape.as_tuple() == s.as_tuple():
                return [grad, None]  # already x's shape: reshaping would change nothing
            dims[unknown[0]] = -1
            return [reshape(grad, dims), None]
    return [_reshape_to_input(op, grad), None]


define_op("Reshape", _reshape_kernel, _reshape_shape, input_names=("tensor", "shape"),
          same_dtype=(0,), gradient=_reshape_grad)


def reshape(tensor, shape, name=None):
    """`tensor`'s elements with shape `shape` (one -1 entry is inferred)."""
    return apply_op("Reshape", [tensor, _index_arg(shape)], name=name or "Reshape")


# --------------------------------------------------------------- squeeze, expand_dims

def _squeeze_shape(op):
    s = op._inputs[0]._shape
    axes = op._attrs["squeeze_dims"]
    if s.ndims is None:
        return TensorShape(None)
    r = s.ndims
    for i, a in enumerate(axes):
        if not -r <= a < r:
            raise ValueError("squeeze_dims[%d] not in [%d,%d)." % (i, -r, r))
    wanted = {a % r for a in axes}
    out = []
    for i, d in enumerate(s.as_tuple()):
        if wanted:
            if i in wanted:
                if d is not None and d != 1:
                    raise ValueError("Can not squeeze dim[%d], expected a dimension of 1, got %d"
                                     % (i, d))
                continue
        elif d is None:
            return TensorShape(None)  # whether it is 1 is known only at run time
        elif d == 1:
            continue
        out.append(d)
    return TensorShape(out)


def _squeeze_kernel(input, *, squeeze_dims):
    x = np.asarray(input)
    r = x.ndim
    for i, a in enumerate(squeeze_dims):
        if not -r <= a < r:
            raise _invalid("Tried to squeeze dim index %d for tensor with %d dimensions."
                           % (a, r))
        if x.shape[a] != 1:
            raise _invalid("Can not squeeze dim[%d], expected a dimension of 1, got %d"
                           % (a % r, x.shape[a]))
    axes = tuple(a % r for a in squeeze_dims) if squeeze_dims else None
    return np.squeeze(x, axis=axes)


def _squeeze_grad(op, grad):
    return [_reshape_to_input(op, grad)]


define_op("Squeeze", _squeeze_kernel, _squeeze_shape, input_names=("input",),
          kernel_attrs=("squeeze_dims",), gradient=_squeeze_grad)


def squeeze(input, axis=None, name=None, squeeze_dims=None):
    """`input` without its size-1 dimensions (only those in `axis`, when given)."""
    if squeeze_dims is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'squeeze_dims' and 'axis'.")
        axis = squeeze_dims
    if axis is None:
        axis = []
    elif np.isscalar(axis):
        axis = [axis]
    return apply_op("Squeeze", [input], {"squeeze_dims": [_as_int(a, "axis") for a in axis]},
                    name=name or "Squeeze")


def _expand_dims_shape(op):
    x, dim_t = op._inputs
    _index_input(op, 1, "dim", "Tdim")
    dim = _constant_value(dim_t)
    s = x._shape
    if dim is None or s.ndims is None:
        return TensorShape(None)
    if np.size(dim) != 1:
        raise ValueError("'dim' input must be a tensor with a single value")
    dim, r = int(np.reshape(dim, -1)[0]), s.ndims
    if not -r - 1 <= dim <= r:
        raise ValueError("dim %d not in the interval [%d, %d]." % (dim, -r - 1, r))
    dims = list(s.as_tuple())
    dims.insert(dim % (r + 1), 1)
    return TensorShape(dims)


def _expand_dims_kernel(input, dim):
    x = np.asarray(input)
    dim, r = int(dim if np.ndim(dim) == 0 else np.reshape(dim, -1)[0]), x.ndim
    if not -r - 1 <= dim <= r:
        raise _invalid("Tried to expand dim index %d for tensor with %d dimensions." % (dim, r))
    dim %= r + 1
    return x.reshape(x.shape[:dim] + (1,) + x.shape[dim:])


def _expand_dims_grad(op, grad):
    return [_reshape_to_input(op, grad), None]


define_op("ExpandDims", _expand_dims_kernel, _expand_dims_shape, input_names=("input", "dim"),
          same_dtype=(0,), gradient=_expand_dims_grad)


def expand_dims(input, axis=None, name=None, dim=None):
    """`input` with a new dimension of size 1 at `axis`."""
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'.")
        axis = dim
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    return apply_op("ExpandDims", [input, axis], name=name or "ExpandDims")


# ----------------------------------------------------------------- broadcast_to, tile

def _broadcast_to_shape(op):
    x, shape_t = op._inputs
    _index_input(op, 1, "shape", "Tidx")
    target = _partial_vector(shape_t)
    if target is None:
        return TensorShape(None)
    s = x._shape
    if s.ndims is not None:
        if s.ndims > len(target):
            raise ValueError("Rank of input (%d) must be no greater than rank of output shape "
                             "(%d)." % (s.ndims, len(target)))
        for d, t in zip(reversed(s.as_tuple()), reversed(target)):
            if d is not None and t is not None and d != 1 and d != t:
                raise ValueError("Dimensions must be equal, but are %d and %d" % (d, t))
    return TensorShape(target)


def _broadcast_to_kernel(input, shape):
    target = tuple(int(d) for d in np.reshape(shape, -1))
    try:
        return np.broadcast_to(input, target)
    except ValueError:
        raise _invalid("Unable to broadcast tensor of shape %s to tensor of shape %s"
                       % (_dims_text(np.shape(input)), _dims_text(target))) from None


def _broadcast_to_grad(op, grad):
    x, broadcast_shape = op._inputs
    shape_dtype = broadcast_shape.dtype.base_dtype
    input_shape = shape(x, out_type=shape_dtype)
    static = _constant_value(broadcast_shape)
    if static is not None:
        broadcast_shape = constant(static, dtype=shape_dtype)
    _, reduction_axes = broadcast_gradient_args(broadcast_shape, input_shape)
    summed = _math().reduce_sum(grad, axis=reduction_axes, keepdims=True)
    return [reshape(summed, input_shape), None]


define_op("BroadcastTo", _broadcast_to_kernel, _broadcast_to_shape,
          input_names=("input", "shape"), same_dtype=(0,),
          gradient=_broadcast_to_grad)


def broadcast_to(input, shape, name=None):
    """`input` broadcast (NumPy rules) to `shape`."""
    return apply_op("BroadcastTo", [input, _index_arg(shape)], name=name or "BroadcastTo")


def _tile_shape(op):
    x, multiples_t = op._inputs
    _index_input(op, 1, "multiples", "Tmultiples")
    multiples = _partial_vector(multiples_t)
    s = x._shape
    if multiples is None:
        return TensorShape(None if s.ndims is None else [None] * s.ndims)
    if s.ndims is not None and len(multiples) != s.ndims:
        raise ValueError("Shape must be rank %d but is rank %d" % (s.ndims, len(multiples)))
    for i, m in enumerate(multiples):
        if m is not None and m < 0:
            raise ValueError("Expected multiples[%d] >= 0, but got %d" % (i, m))
    dims = s.as_tuple() or (None,) * len(multiples)
    return TensorShape([None if d is None or m is None else d * m
                        for d, m in zip(dims, multiples)])


def _tile_kernel(input, multiples):
    x = np.asarray(input)
    multiples = [int(m) for m in np.reshape(multiples, -1)]
    if len(multiples) != x.ndim:
        raise _invalid("Expected multiples argument to be a vector of length %d but got length %d"
                       % (x.ndim, len(multiples)))
    for i, m in enumerate(multiples):
        if m < 0:
            raise _invalid("Expected multiples[%d] >= 0, but got %d" % (i, m))
    return np.tile(x, multiples)


def _tile_grad(op, grad):
    x, multiples = op._inputs
    input_shape = shape(x, out_type=multiples.dtype.base_dtype)
    # grad reshaped to [m0, d0, m1, d1, ...] holds the copies along the even axes: sum them.
    split_shape = reshape(transpose(stack([multiples, input_shape])), [-1])
    axes = range(0, size(split_shape), 2)
    input_grad = _math().reduce_sum(reshape(grad, split_shape), axes)
    input_grad.set_shape(x.shape)
    return [input_grad, None]


define_op("Tile", _tile_kernel, _tile_shape, input_names=("input", "multiples"),
          same_dtype=(0,), fresh_output=True, gradient=_tile_grad)


def tile(input, multiples, name=None):
    """`input` repeated `multiples[i]` times along each dimension i."""
    return apply_op("Tile", [input, _index_arg(multiples)], name=name or "Tile")
