"""Reductions: Sum, Prod, Mean, Max, Min, Any, All (tf.reduce_*), logsumexp, count_nonzero."""

import numpy as np

from interflow.framework import dtypes, errors
from interflow.framework.op_registry import apply_op, define_op, graph_of
from interflow.framework.shapes import TensorShape
from interflow.framework.tensor_conversion import constant, convert_to_tensor
from interflow.ops import array_ops
from interflow.ops.math._util import (_NUMERIC, _REAL, _REDUCTION, _bool_output,
                                      _check_index_dtype, _const_value, _convert_input,
                                      _deprecated_lookup, _fold, _is_symbolic)
from interflow.ops.math.binary import floordiv, floormod, maximum, realdiv, subtract
from interflow.ops.math.casting import cast
from interflow.ops.math.comparison import equal, is_finite, not_equal
from interflow.ops.math.transcendental import exp, log
from interflow.ops.math.unary import conj

__all__ = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any",
           "reduce_all", "reduce_logsumexp", "count_nonzero"]


def _reduce_shape(op):
    x, axes_t = op._inputs
    keep = op._attrs["keep_dims"]
    shape = x._shape
    if axes_t._shape.ndims is not None and axes_t._shape.ndims > 1:
        raise ValueError("Shape must be at most rank 1 but is rank %d" % axes_t._shape.ndims)
    axes = _const_value(axes_t)
    if shape.ndims is None:
        return TensorShape(None)
    rank = shape.ndims
    if axes is None:
        if axes_t._shape.as_tuple() == (0,):
            return shape
        return TensorShape([None] * rank) if keep else TensorShape(None)
    reduced = set()
    for a in np.asarray(axes).reshape(-1).tolist():
        if a < -rank or a >= rank:
            raise ValueError("Invalid reduction dimension %d for input with %d dimensions"
                             % (a, rank))
        reduced.add(a % rank)
    dims = shape.as_tuple()
    if keep:
        return TensorShape([1 if i in reduced else d for i, d in enumerate(dims)])
    return TensorShape([d for i, d in enumerate(dims) if i not in reduced])


def _axes(x, axes):
    """The sorted, non-negative reduction axes; out-of-range or repeated axes fail at run time
    (the static check cannot see repeats such as [0, -2] for a matrix, nor fed axes)."""
    rank = np.ndim(x)
    if type(axes) is np.ndarray and axes.size == 1:  # the common case, kept quick
        a = int(axes.reshape(-1)[0]) if axes.ndim else int(axes)
        if -rank <= a < rank:
            return (a % rank,)
    result = set()
    for a in np.asarray(axes).reshape(-1).tolist():
        if a < -rank or a >= rank:
            raise errors.InvalidArgumentError(
                None, None, "Invalid reduction dimension (%d for input with %d dimension(s)"
                % (a, rank))
        if a % rank in result:
            raise errors.InvalidArgumentError(
                None, None, "Invalid reduction arguments: Axes contains duplicate dimension: %d"
                % (a % rank))
        result.add(a % rank)
    return tuple(sorted(result))


def _sum_kernel(x, axes, *, keep_dims):
    return np.add.reduce(x, axis=_axes(x, axes), dtype=x.dtype, keepdims=keep_dims)


def _prod_kernel(x, axes, *, keep_dims):
    return np.prod(x, axis=_axes(x, axes), dtype=x.dtype, keepdims=keep_dims)


def _mean_kernel(x, axes, *, keep_dims):
    ax = _axes(x, axes)
    n = 1
    for a in ax:
        n *= x.shape[a]
    if x.dtype.kind in "iu":
        s = np.sum(x, axis=ax, dtype=x.dtype, keepdims=keep_dims)
        if n == 0:
            return np.zeros_like(s)  # TF's integer mean of nothing is 0
        q = s // n
        if x.dtype.kind == "i":
            q = q + ((q < 0) & (q * n != s))  # C-style truncation toward zero, as TF
        return np.asarray(q, dtype=x.dtype)
    if x.dtype == np.float16:
        return np.mean(x, axis=ax, dtype=np.float32, keepdims=keep_dims).astype(np.float16)
    s = np.sum(x, axis=ax, keepdims=keep_dims)
    return np.asarray(np.true_divide(s, n), dtype=x.dtype)  # empty: 0/0 = nan, as TF


def _extreme_kernel(fn, identity):
    def kernel(x, axes, *, keep_dims):
        ax = _axes(x, axes)
        if np.size(x) == 0:  # TF reduces an empty axis to the reduction's identity
            return fn(x, axis=ax, keepdims=keep_dims, initial=identity(x.dtype))
        return fn(x, axis=ax, keepdims=keep_dims)
    return kernel


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def _highest(dtype):
    return np.inf if dtype.kind == "f" else np.iinfo(dtype).max


def _logical_reduce_kernel(fn):
    def kernel(x, axes, *, keep_dims):
        return fn(x, axis=_axes(x, axes), keepdims=keep_dims)
    return kernel


# ---------------------------------------------------------------------------------- gradients


def _reduction_axes(op):
    """The axes a reduction op reduces, sorted and non-negative, when known statically."""
    x, axes_t = op._inputs
    rank = x._shape.ndims
    axes = _const_value(axes_t)
    if rank is None or axes is None:
        return None
    axes = np.reshape(axes, -1)
    if rank == 0:
        return [] if axes.size == 0 else None
    return sorted({int(a) % rank for a in axes.tolist()})


def _with_kept_dims(op, t):
    """`t` (the reduction's output or its gradient) reshaped as if keep_dims were set, so that
    it broadcasts against the input."""
    if op._attrs["keep_dims"]:
        return t
    x, axes_t = op._inputs
    axes = _reduction_axes(op)
    if axes is None:
        return array_ops.reshape(t, _dynamic_kept_shape(x, axes_t))
    if not axes:
        return t
    kept = [1 if i in axes else d for i, d in enumerate(x._shape.as_tuple())]
    unknown = kept.count(None)
    if unknown == 0 or (unknown == 1 and 0 not in kept):
        return array_ops.reshape(t, [-1 if d is None else d for d in kept])
    for a in axes:  # ascending, so each 1 lands at its final position
        t = array_ops.expand_dims(t, a)
    return t


def _dynamic_kept_shape(x, axes_t, shape=None):
    """shape(x) with the reduced axes set to 1, computed at run time (TF's reduced_shape)."""
    shape = array_ops.shape(x) if shape is None else shape
    rank = array_ops.size(shape)
    axes = cast(array_ops.reshape(axes_t, [-1]), dtypes.int32)
    axes = floormod(axes + rank, maximum(rank, 1))
    reduced = reduce_any(equal(array_ops.expand_dims(axes, 1), array_ops.range(rank)), axis=0)
    return array_ops.where(reduced, array_ops.ones_like(shape), shape)


def _tile_to_input(op, grad):
    """The gradient of a sum: `grad` repeated along the reduced axes, to the input's shape.

    Full reductions use Fill (a scalar spread out); others Tile, as TF1 does. The result is a
    new contiguous array, never a broadcast view (a view would slow down a MatMul after it).
    """
    x = op._inputs[0]
    shape = x._shape
    axes = _reduction_axes(op)
    if axes is not None:
        rank = shape.ndims
        if len(axes) == rank:
            if rank:
                dims = shape.as_list() if shape.is_fully_defined() else array_ops.shape(x)
                if op._attrs["keep_dims"]:
                    grad = array_ops.reshape(grad, [])
                return array_ops.fill(dims, grad)
            return grad
        if not axes:
            return grad
        grad = _with_kept_dims(op, grad)
        if shape.is_fully_defined():
            dims = shape.as_list()
            return array_ops.tile(grad, [dims[i] if i in axes else 1 for i in range(rank)])
        mask = constant(np.array([i in axes for i in range(rank)]))
        multiples = array_ops.where(mask, array_ops.shape(x), constant(np.ones(rank, np.int32)))
        return array_ops.tile(grad, multiples)
    input_shape = array_ops.shape(x)
    kept = _dynamic_kept_shape(x, op._inputs[1], input_shape)
    if not op._attrs["keep_dims"]:
        grad = array_ops.reshape(grad, kept)
    return array_ops.tile(grad, floordiv(input_shape, maximum(kept, 1)))


def _sum_grad(op, grad):
    return [_tile_to_input(op, grad), None]


def _mean_grad(op, grad):
    """Sum's gradient divided by the number of elements averaged; the division is done on the
    small gradient, before it is spread out (the same values as TF's divide-after-tile)."""
    x, y = op._inputs[0], op._outputs[0]
    if x._shape.is_fully_defined() and y._shape.is_fully_defined():
        factor = x._shape.num_elements() // max(y._shape.num_elements(), 1)
        if grad._shape.ndims == 0:
            return [_tile_to_input(op, _fold(grad, np.true_divide, factor)), None]
        factor = constant(factor, dtype=grad.dtype.base_dtype)
    else:
        n_y = y._shape.num_elements() if y._shape.is_fully_defined() else None
        count = array_ops.size(x)  # the elements averaged into each of y's
        if n_y is None:
            count = floordiv(count, maximum(array_ops.size(y), 1))
        elif n_y > 1:
            count = floordiv(count, n_y)
        factor = cast(count, grad.dtype.base_dtype)
    return [_tile_to_input(op, realdiv(grad, factor)), None]


def _min_max_grad(op, grad):
    """Max and Min: the gradient goes to the elements equal to the result, split equally among
    ties (TF1's rule)."""
    x, axes = op._inputs
    y = _with_kept_dims(op, op._outputs[0])
    grad = _with_kept_dims(op, grad)
    indicators = cast(equal(y, x), grad.dtype.base_dtype)
    num_selected = reduce_sum(indicators, axes, keepdims=True)
    return [indicators / num_selected * grad, None]


def _prod_grad(op, grad):
    """The product of the other elements of each slice, also where x has zeros.

    TF1 uses two exclusive cumprods; here the zeros are counted instead (as TF's SegmentProd
    gradient does): with no zero, y / x; with one zero, the product of the rest at the zero
    and 0 elsewhere; with two or more, 0 everywhere.
    """
    x, axes = op._inputs
    y = _with_kept_dims(op, op._outputs[0])
    grad = _with_kept_dims(op, grad)
    dtype = x.dtype.base_dtype
    is_zero = cast(equal(x, 0), dtype)
    nonzero = x + is_zero  # zeros replaced by ones
    one_zero = cast(equal(reduce_sum(is_zero, axes, keepdims=True), 1), dtype)
    rest = reduce_prod(nonzero, axes, keepdims=True) * one_zero
    partial = y / nonzero + is_zero * rest
    return [grad * conj(partial), None]


_REDUCTIONS = [("Sum", _sum_kernel, _NUMERIC, _sum_grad),
               ("Prod", _prod_kernel, _NUMERIC, _prod_grad),
               ("Mean", _mean_kernel, _NUMERIC, _mean_grad),
               ("Max", _extreme_kernel(np.max, _lowest), _REAL, _min_max_grad),
               ("Min", _extreme_kernel(np.min, _highest), _REAL, _min_max_grad)]
for _type, _kernel, _allowed, _gradient in _REDUCTIONS:
    define_op(_type, _kernel, _reduce_shape, _gradient, input_names=_REDUCTION,
              same_dtype=(0,), allowed_dtypes=_allowed, kernel_attrs=("keep_dims",),
              fresh_output=True)
for _type, _fn in (("Any", np.any), ("All", np.all)):
    define_op(_type, _logical_reduce_kernel(_fn), _reduce_shape, input_names=_REDUCTION,
              same_dtype=(), type_attr=None, output_dtype=_bool_output,
              kernel_attrs=("keep_dims",), fresh_output=True, differentiable=False)


# ----------------------------------------------------------------------------------- wrappers


def _reduction_dims(x, axis):
    """The reduction_indices tensor for `axis`; for None, all dims (TF's _ReductionDims)."""
    if axis is not None:
        return axis
    shape = getattr(x, "shape", None) if _is_symbolic(x) else None
    if isinstance(shape, TensorShape) and shape.ndims is not None:
        return constant(np.arange(shape.ndims, dtype=np.int32))
    return array_ops.range(0, array_ops.rank(x))


def _reduce(op_type, input_tensor, axis, keepdims, name, reduction_indices, keep_dims):
    axis = _deprecated_lookup("axis", axis, "reduction_indices", reduction_indices)
    keepdims = _deprecated_lookup("keepdims", keepdims, "keep_dims", keep_dims)
    keepdims = False if keepdims is None else bool(keepdims)
    fixed = dtypes.bool_ if op_type in ("Any", "All") else None
    graph = graph_of([input_tensor, axis])
    with graph.as_default():
        dims = _reduction_dims(input_tensor, axis)
        with graph.name_scope(name or op_type) as scope:
            x = _convert_input(input_tensor, "input", None, fixed, op_type)
            dims = convert_to_tensor(dims, name="reduction_indices",
                                     preferred_dtype=dtypes.int32)
            _check_index_dtype(dims, "reduction_indices")
            out = apply_op(op_type, [x, dims], {"keep_dims": keepdims,
                                                "Tidx": dims.dtype.base_dtype}, name=scope)
    if axis is None and not keepdims and not out.shape.is_fully_defined():
        out.set_shape([])  # reducing everything always gives a scalar
    return out


def reduce_sum(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
               keep_dims=None):
    """Sum over `axis` (all dims if None); the result keeps the input's dtype."""
    return _reduce("Sum", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_mean(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                keep_dims=None):
    """Mean over `axis`; integer means truncate toward zero and stay integers, as in TF."""
    return _reduce("Mean", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_max(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
               keep_dims=None):
    """Maximum over `axis` (-inf, or the dtype's minimum, for an empty axis)."""
    return _reduce("Max", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_min(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
               keep_dims=None):
    """Minimum over `axis` (inf, or the dtype's maximum, for an empty axis)."""
    return _reduce("Min", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_prod(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                keep_dims=None):
    """Product over `axis`."""
    return _reduce("Prod", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_any(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
               keep_dims=None):
    """Logical OR over `axis` of a bool tensor."""
    return _reduce("Any", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_all(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
               keep_dims=None):
    """Logical AND over `axis` of a bool tensor."""
    return _reduce("All", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_logsumexp(input_tensor, axis=None, keepdims=None, name=None,
                     reduction_indices=None, keep_dims=None):
    """log(sum(exp(x))) over `axis`, computed without overflow (TF1's composite)."""
    axis = _deprecated_lookup("axis", axis, "reduction_indices", reduction_indices)
    keepdims = _deprecated_lookup("keepdims", keepdims, "keep_dims", keep_dims)
    keepdims = False if keepdims is None else bool(keepdims)
    graph = graph_of([input_tensor, axis])
    with graph.as_default():
        x = convert_to_tensor(input_tensor)
        with graph.name_scope(name or "ReduceLogSumExp") as scope:
            raw_max = reduce_max(x, axis=axis, keepdims=True)
            # An infinite max would make x - max nan; shift by 0 there instead.
            my_max = array_ops.stop_gradient(array_ops.where(
                is_finite(raw_max), raw_max, array_ops.zeros_like(raw_max)))
            result = log(reduce_sum(exp(subtract(x, my_max)), axis, keepdims=keepdims))
            if not keepdims:
                my_max = array_ops.reshape(my_max, array_ops.shape(result))
            result = apply_op("Add", [result, my_max], name=scope)
    if axis is None and not keepdims and not result.shape.is_fully_defined():
        result.set_shape([])
    return result


def count_nonzero(input_tensor, axis=None, keepdims=None, dtype=dtypes.int64, name=None,
                  reduction_indices=None, keep_dims=None):
    """The number of non-zero elements over `axis` (int64 by default)."""
    keepdims = _deprecated_lookup("keepdims", keepdims, "keep_dims", keep_dims)
    axis = _deprecated_lookup("axis", axis, "reduction_indices", reduction_indices)
    graph = graph_of([input_tensor])
    with graph.as_default(), graph.name_scope(name or "count_nonzero"):
        x = convert_to_tensor(input_tensor, name="input_tensor")
        if x.dtype.base_dtype is not dtypes.bool_:
            zero = constant(np.zeros((), dtype=x.dtype.as_numpy_dtype), name="zeros")
            x = not_equal(x, zero)
        nonzero = cast(x, dtypes.int64)
        return cast(reduce_sum(nonzero, axis=axis, keepdims=bool(keepdims)), dtype=dtype)
