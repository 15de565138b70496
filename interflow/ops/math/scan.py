"""Scans: Cumsum, the running sum along an axis."""

import numpy as np

from interflow.framework import dtypes, errors
from interflow.framework.common_shapes import same_as_input
from interflow.framework.op_registry import define_op
from interflow.ops.math._util import _NUMERIC, _apply_in_scope, _index_dtype

__all__ = ["cumsum"]


def _cumsum_kernel(x, axis, *, exclusive, reverse):
    axis = int(axis)
    if not -np.ndim(x) <= axis < np.ndim(x):
        raise errors.InvalidArgumentError(None, None, "ValueError: axis %d is out of range for "
                                          "a tensor of rank %d" % (axis, np.ndim(x)))
    if reverse:
        x = np.flip(x, axis)
    r = np.cumsum(x, axis=axis, dtype=x.dtype)
    if exclusive:
        shifted = np.zeros_like(r)
        index = [slice(None)] * r.ndim
        index[axis] = slice(1, None)
        source = [slice(None)] * r.ndim
        source[axis] = slice(None, -1)
        shifted[tuple(index)] = r[tuple(source)]
        r = shifted
    return np.ascontiguousarray(np.flip(r, axis)) if reverse else r


def _cumsum_grad(op, grad):
    """A cumsum in the other direction."""
    return [cumsum(grad, op._inputs[1], exclusive=op._attrs["exclusive"],
                   reverse=not op._attrs["reverse"]), None]


define_op("Cumsum", _cumsum_kernel, same_as_input, _cumsum_grad, input_names=("x", "axis"),
          same_dtype=(0,), allowed_dtypes=_NUMERIC, kernel_attrs=("exclusive", "reverse"),
          fresh_output=True)


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Running sums along `axis`; `exclusive` starts at 0, `reverse` sums from the end."""
    return _apply_in_scope("Cumsum", [(x, "x", None), (axis, "axis", dtypes.int32)], name,
                           attrs=lambda ts: {"exclusive": bool(exclusive),
                                             "reverse": bool(reverse),
                                             "Tidx": _index_dtype(ts[1], "axis")})
