"""Tensor.__getitem__: NumPy-style indexing as one StridedSlice (a bool tensor masks)."""

import numbers

from interflow.framework import dtypes
from interflow.framework.api import name_scope as _name_scope
from interflow.framework.operation import Tensor
from interflow.framework.shapes import Dimension
from interflow.framework.tensor_conversion import constant
from interflow.ops.array._util import _INDEX_TYPES, _cast, _py_slice
from interflow.ops.array.joining import stack
from interflow.ops.array.selection import boolean_mask
from interflow.ops.array.slicing import strided_slice

__all__ = ["newaxis"]


newaxis = None


_SLICE_TYPE_ERROR = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and "
                     "scalar tf.int32/tf.int64 tensors are valid indices")


def _check_index(idx):
    if isinstance(idx, (numbers.Integral, Dimension)):
        return
    dtype = getattr(idx, "dtype", None)
    try:
        ok = dtype is not None and dtypes.as_dtype(dtype).base_dtype in _INDEX_TYPES
    except TypeError:
        ok = False
    idx_shape = getattr(idx, "shape", None)
    if not ok or (idx_shape is not None and len(idx_shape or ()) == 1):
        raise TypeError(_SLICE_TYPE_ERROR + ", got %r" % (idx,))


def _index_value(idx):
    return idx.value if isinstance(idx, Dimension) else idx


def _slice_helper(tensor, slice_spec, var=None):
    """Tensor.__getitem__: NumPy basic indexing (ints, slices with steps, negative indices,
    ..., tf.newaxis, scalar int tensors) as one StridedSlice; a bool tensor masks."""
    if isinstance(slice_spec, Tensor) and slice_spec.dtype.base_dtype is dtypes.bool_:
        return boolean_mask(tensor, slice_spec)
    if not isinstance(slice_spec, (list, tuple)):
        slice_spec = [slice_spec]
    begin, end, strides = [], [], []
    begin_mask = end_mask = ellipsis_mask = new_axis_mask = shrink_axis_mask = 0
    for index, s in enumerate(slice_spec):
        if isinstance(s, _py_slice):
            if s.start is not None:
                _check_index(s.start)
                begin.append(_index_value(s.start))
            else:
                begin.append(0)
                begin_mask |= 1 << index
            if s.stop is not None:
                _check_index(s.stop)
                end.append(_index_value(s.stop))
            else:
                end.append(0)
                end_mask |= 1 << index
            if s.step is not None:
                _check_index(s.step)
                strides.append(_index_value(s.step))
            else:
                strides.append(1)
        elif s is Ellipsis:
            begin.append(0)
            end.append(0)
            strides.append(1)
            ellipsis_mask |= 1 << index
        elif s is newaxis:
            begin.append(0)
            end.append(0)
            strides.append(1)
            new_axis_mask |= 1 << index
        else:
            _check_index(s)
            s = _index_value(s)
            begin.append(s)
            end.append(s + 1)
            strides.append(1)
            shrink_axis_mask |= 1 << index
    with _name_scope(None, "strided_slice", [tensor] + begin + end + strides) as name:
        if begin:
            packed = [stack(begin), stack(end), stack(strides)]
            if any(p.dtype.base_dtype is dtypes.int64 for p in packed):
                packed = [p if p.dtype.base_dtype is dtypes.int64 else _cast(p, dtypes.int64)
                          for p in packed]
        else:
            packed = [constant([], dtype=dtypes.int32)] * 3
        return strided_slice(tensor, packed[0], packed[1], packed[2], begin_mask=begin_mask,
                             end_mask=end_mask, shrink_axis_mask=shrink_axis_mask,
                             new_axis_mask=new_axis_mask, ellipsis_mask=ellipsis_mask, var=var,
                             name=name)


Tensor._override_operator("__getitem__", _slice_helper)
