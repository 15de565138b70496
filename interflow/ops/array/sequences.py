"""Sequences: Range and LinSpace."""

import numpy as np

from interflow.framework import dtypes
from interflow.framework.api import name_scope as _name_scope
from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.shapes import TensorShape
from interflow.framework.tensor_conversion import convert_to_tensor
from interflow.ops.array._util import _cast, _dims_text, _index_input, _invalid
from interflow.ops.array.static_values import _constant_value, _scalar_value

__all__ = ["range", "linspace", "lin_space"]


def _range_size(start, limit, delta, integer):
    if not all(np.isfinite(v) for v in (start, limit, delta)):
        return None, "Requires start, limit and delta to be finite: %s, %s, %s" % (
            start, limit, delta)
    if delta == 0:
        return None, "Requires delta != 0"
    if delta > 0 and start > limit:
        return None, "Requires start <= limit when delta > 0: %s/%s" % (start, limit)
    if delta < 0 and start < limit:
        return None, "Requires start >= limit when delta < 0: %s/%s" % (start, limit)
    if integer:
        return (abs(int(limit) - int(start)) + abs(int(delta)) - 1) // abs(int(delta)), None
    return int(np.ceil(np.abs((limit - start) / delta))), None


def _range_shape(op):
    for t, arg in zip(op._inputs, ("start", "limit", "delta")):
        if t._shape.ndims not in (None, 0):
            raise ValueError("Shape must be rank 0 but is rank %d (%s)" % (t._shape.ndims, arg))
    values = [_constant_value(t) for t in op._inputs]
    if any(v is None for v in values):
        return TensorShape([None])
    n, problem = _range_size(*values, integer=op._inputs[0]._dtype.is_integer)
    if problem:
        raise ValueError(problem)
    return TensorShape([n])


def _range_kernel(start, limit, delta):
    start, limit, delta = (np.asarray(v) for v in (start, limit, delta))
    dtype = start.dtype
    for v, arg in ((start, "start"), (limit, "limit"), (delta, "delta")):
        if v.ndim:
            raise _invalid("%s must be a scalar, not shape %s" % (arg, _dims_text(v.shape)))
    n, problem = _range_size(start[()], limit[()], delta[()], integer=dtype.kind in "iu")
    if problem:
        raise _invalid(problem)
    if dtype.kind in "iu":
        return start + delta * np.arange(n, dtype=dtype)
    # TF accumulates in the output type (start, start+delta, ...), as cumsum does.
    values = np.full(n, delta, dtype=dtype)
    if n:
        values[0] = start
    return np.cumsum(values, dtype=dtype)


define_op("Range", _range_kernel, _range_shape, input_names=("start", "limit", "delta"),
          type_attr="Tidx", fresh_output=True, differentiable=False,
          allowed_dtypes=(dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64))


_RANGE_HIERARCHY = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64)


def range(start, limit=None, delta=1, dtype=None, name="range"):
    """The sequence start, start+delta, ... up to but excluding `limit` (TF's dtype inference:
    int32 for ints, float32 as soon as one argument is a float)."""
    if limit is None:
        start, limit = 0, start
    with _name_scope(name, "Range", [start, limit, delta]) as scope:
        start = convert_to_tensor(start, dtype=dtype, name="start")
        limit = convert_to_tensor(limit, dtype=dtype, name="limit")
        delta = convert_to_tensor(delta, dtype=dtype, name="delta")
        if dtype is None:
            args = (start, limit, delta)
            for t in args:
                if t.dtype.base_dtype not in _RANGE_HIERARCHY:
                    raise TypeError("tf.range arguments must be int32, int64, float32 or "
                                    "float64, got %s" % t.dtype.base_dtype.name)
            inferred = max((t.dtype.base_dtype for t in args), key=_RANGE_HIERARCHY.index)
            start, limit, delta = (t if t.dtype.base_dtype is inferred else _cast(t, inferred)
                                   for t in args)
        return apply_op("Range", [start, limit, delta], name=scope)


def _linspace_shape(op):
    start, stop, num_t = op._inputs
    _index_input(op, 2, "num", "Tidx")
    for t in (start, stop, num_t):
        if t._shape.ndims not in (None, 0):
            raise ValueError("Shape must be rank 0 but is rank %d" % t._shape.ndims)
    num = _scalar_value(num_t)
    if num is not None and num <= 0:
        raise ValueError("Requires num > 0: %d" % num)
    return TensorShape([num])


def _linspace_kernel(start, stop, num):
    start, stop = np.asarray(start), np.asarray(stop)
    num = int(num)
    if num <= 0:
        raise _invalid("Requires num > 0: %d" % num)
    if num == 1:
        return np.full(1, start, dtype=start.dtype)
    # As TF: start + i * step in the output type, and exactly `stop` last.
    step = (stop - start) / start.dtype.type(num - 1)
    out = (start + step * np.arange(num, dtype=start.dtype)).astype(start.dtype, copy=False)
    out[-1] = stop
    return out


define_op("LinSpace", _linspace_kernel, _linspace_shape, input_names=("start", "stop", "num"),
          same_dtype=(0, 1), allowed_dtypes=(dtypes.float32, dtypes.float64), fresh_output=True,
          differentiable=False)


def linspace(start, stop, num, name=None):
    """`num` evenly spaced values from `start` to `stop`, both included."""
    return apply_op("LinSpace", [start, stop, num], name=name or "LinSpace")


lin_space = linspace
