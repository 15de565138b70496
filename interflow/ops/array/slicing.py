"""Slicing: Slice, StridedSlice, and StridedSliceGrad (StridedSlice's gradient)."""

import numpy as np

from interflow.framework.common_shapes import shape_text
from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.shapes import TensorShape
from interflow.ops.array._util import (_as_array, _as_int, _dims_text, _index_arg, _index_input,
                                       _int_list, _invalid, _py_range, _py_slice)
from interflow.ops.array.filling import ones_like
from interflow.ops.array.joining import concat, stack
from interflow.ops.array.padding import pad
from interflow.ops.array.reshaping import reshape
from interflow.ops.array.shapes import rank, shape
from interflow.ops.array.static_values import _constant_value, _partial_vector

__all__ = ["slice", "strided_slice"]

_UNKNOWN = object()  # a value that exists only at run time (not a masked/omitted one)
_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")


# ------------------------------------------------------------------------------ slice

def _slice_bounds(begin, size, dims, fail):
    """Output dims of Slice; calls `fail(message)` for ranges outside the input."""
    out = []
    for i, (b, sz, d) in enumerate(zip(begin, size, dims)):
        if b is not None and d is not None and not 0 <= b <= d:
            fail("Expected begin[%d] in [0, %d], but got %d" % (i, d, b))
        if sz == -1:
            out.append(None if b is None or d is None else d - b)
            continue
        if sz is not None and b is not None and d is not None and not 0 <= sz <= d - b:
            fail("Expected size[%d] in [0, %d], but got %d" % (i, d - b, sz))
        if sz is not None and sz < -1:
            fail("Expected size[%d] >= -1, but got %d" % (i, sz))
        out.append(sz)
    return out


def _raise_value_error(message):
    raise ValueError(message)


def _raise_invalid_argument(message):
    raise _invalid(message)


def _slice_shape(op):
    x, begin_t, size_t = op._inputs
    _index_input(op, 1, "begin", "Index")
    _index_input(op, 2, "size", "Index")
    begin, sizes = _partial_vector(begin_t), _partial_vector(size_t)
    s = x._shape
    n = len(begin) if begin is not None else (len(sizes) if sizes is not None else s.ndims)
    if n is None:
        return TensorShape(None)
    for vec in (begin, sizes):
        if vec is not None and len(vec) != n or (s.ndims is not None and n != s.ndims):
            raise ValueError("Expected begin and size arguments to be 1-D tensors of size %s, "
                             "but got shapes %s and %s instead."
                             % (s.ndims, shape_text(begin_t._shape), shape_text(size_t._shape)))
    begin = begin or [None] * n
    sizes = sizes or [None] * n
    dims = s.as_tuple() or (None,) * n
    return TensorShape(_slice_bounds(begin, sizes, dims, _raise_value_error))


def _slice_kernel(input, begin, size):
    x = np.asarray(input)
    begin, size = _int_list(begin), _int_list(size)
    if len(begin) != x.ndim or len(size) != x.ndim:
        raise _invalid("Expected begin and size arguments to be 1-D tensors of size %d, but got "
                       "shapes [%d] and [%d] instead." % (x.ndim, len(begin), len(size)))
    index = []
    for b, n, d in zip(begin, size, x.shape):
        if n == -1:
            n = d - b
        if not (0 <= b <= d and 0 <= n <= d - b):
            _slice_bounds(begin, size, x.shape, _raise_invalid_argument)
        index.append(_py_slice(b, b + n))
    return x[tuple(index)]


def _slice_grad(op, grad):
    x, begin = op._inputs[0], op._inputs[1]
    index_dtype = begin.dtype.base_dtype
    input_rank = rank(x)
    slice_size = shape(op._outputs[0], out_type=index_dtype)
    # Pad grad back to x's shape: begin zeros before, the rest after, per dimension.
    pad_shape = stack([input_rank, 1])
    before_pad = reshape(begin, pad_shape)
    after_pad = reshape(shape(x, out_type=index_dtype) - slice_size - begin, pad_shape)
    paddings = concat([before_pad, after_pad], 1)
    return [pad(grad, paddings), None, None]


define_op("Slice", _slice_kernel, _slice_shape, input_names=("input", "begin", "size"),
          same_dtype=(0,), gradient=_slice_grad)


def slice(input_, begin, size, name=None):
    """The block of `input_` starting at `begin` with extent `size` (-1: to the end)."""
    return apply_op("Slice", [input_, _index_arg(begin), _index_arg(size)],
                    name=name or "Slice")


# ---------------------------------------------------------------------- strided_slice

def _expand_slice_spec(n, r, ellipsis_mask, new_axis_mask, shrink_axis_mask):
    """Lays the n sparse specs over the r input dims: [(kind, spec index, input dim)], kind one
    of 'new' (tf.newaxis), 'shrink' (an int index), 'slice', 'full' (dims an ellipsis or the
    implicit trailing ellipsis covers)."""
    ellipses = [i for i in _py_range(n) if ellipsis_mask >> i & 1]
    if len(ellipses) > 1:
        raise ValueError("Multiple ellipses in slice spec not allowed")
    consuming = sum(1 for i in _py_range(n)
                    if not ellipsis_mask >> i & 1 and not new_axis_mask >> i & 1)
    entries, dim = [], 0
    for i in _py_range(n):
        if ellipsis_mask >> i & 1:
            for _ in _py_range(max(r - consuming, 0)):
                entries.append(("full", i, dim))
                dim += 1
        elif new_axis_mask >> i & 1:
            entries.append(("new", i, None))
        else:
            if dim >= r:
                raise ValueError("Index out of range using input dim %d; input has only %d dims"
                                 % (dim, r))
            entries.append(("shrink" if shrink_axis_mask >> i & 1 else "slice", i, dim))
            dim += 1
    while dim < r:
        entries.append(("full", None, dim))
        dim += 1
    return entries


def _strided_length(size, begin, end, stride):
    """Elements a strided range takes from a dim of `size` (TF's canonical clamping); begin or
    end None means masked (full range)."""
    if size is None or _UNKNOWN in (begin, end, stride):
        return None
    lo, hi = (0, size) if stride > 0 else (-1, size - 1)

    def canonical(x, c):
        if x is None:
            return (lo, hi)[c] if stride > 0 else (hi, lo)[c]
        return max(lo, min(hi, size + x if x < 0 else x))
    length = canonical(end, 1) - canonical(begin, 0)
    if length == 0 or (length < 0) != (stride < 0):
        return 0
    return length // stride + (1 if length % stride else 0)


def _strided_slice_shape(op):
    x = op._inputs[0]
    for i, arg in ((1, "begin"), (2, "end"), (3, "strides")):
        _index_input(op, i, arg, "Index")
    vectors = [_partial_vector(t) for t in op._inputs[1:]]
    lengths = {len(v) for v in vectors if v is not None}
    if len(lengths) > 1:
        raise ValueError("Expected begin, end, and strides to be 1D equal size tensors, but got "
                         "shapes %s instead." % ", ".join(shape_text(t._shape)
                                                      for t in op._inputs[1:]))
    s = x._shape
    if not lengths or s.ndims is None:
        return TensorShape(None)
    n = lengths.pop()
    begin, end, strides = ([_UNKNOWN if d is None else d for d in v] if v is not None
                           else [_UNKNOWN] * n for v in vectors)
    a = op._attrs
    entries = _expand_slice_spec(n, s.ndims, a["ellipsis_mask"], a["new_axis_mask"],
                                 a["shrink_axis_mask"])
    dims, out = s.as_tuple(), []
    for kind, i, d in entries:
        if kind == "new":
            out.append(1)
        elif kind == "full":
            out.append(dims[d])
        elif kind == "shrink":
            b, size = begin[i], dims[d]
            if b is not _UNKNOWN and size is not None:
                fwd = b + size if b < 0 else b
                if not 0 <= fwd < size:
                    raise ValueError("slice index %d of dimension %d out of bounds." % (fwd, d))
        else:
            if strides[i] == 0:
                raise ValueError("strides[%d] must be non-zero" % i)
            out.append(_strided_length(dims[d], None if a["begin_mask"] >> i & 1 else begin[i],
                                       None if a["end_mask"] >> i & 1 else end[i], strides[i]))
    return TensorShape(out)


def _strided_index(dims, begin, end, strides, begin_mask, end_mask, ellipsis_mask,
                   new_axis_mask, shrink_axis_mask):
    """The NumPy index (ints, slices, None for new axes) a strided slice of an array of shape
    `dims` takes; InvalidArgumentError for specs that cannot apply to it."""
    begin, end, strides = (np.reshape(v, -1) for v in (begin, end, strides))
    if not len(begin) == len(end) == len(strides):
        raise _invalid("Expected begin, end, and strides to be 1D equal size tensors, but got "
                       "shapes [%d], [%d], and [%d] instead." % (len(begin), len(end),
                                                                len(strides)))
    try:
        entries = _expand_slice_spec(len(begin), len(dims), ellipsis_mask, new_axis_mask,
                                     shrink_axis_mask)
    except ValueError as e:
        raise _invalid(str(e)) from None
    index = []
    for kind, i, d in entries:
        if kind == "new":
            index.append(None)
        elif kind == "full":
            index.append(_py_slice(None))
        elif kind == "shrink":
            b, size = int(begin[i]), dims[d]
            fwd = b + size if b < 0 else b
            if not 0 <= fwd < size:
                raise _invalid("slice index %d of dimension %d out of bounds." % (fwd, d))
            index.append(fwd)
        else:
            step = int(strides[i])
            if step == 0:
                raise _invalid("strides[%d] must be non-zero" % i)
            # Python slices clamp out-of-range bounds exactly as TF canonicalizes them.
            index.append(_py_slice(None if begin_mask >> i & 1 else int(begin[i]),
                                   None if end_mask >> i & 1 else int(end[i]), step))
    return index


def _strided_slice_kernel(input, begin, end, strides, **masks):
    x = np.asarray(input)
    index = _strided_index(x.shape, begin, end, strides, **masks)
    return _as_array(x[tuple(index)], x.dtype)


def _strided_slice_grad(op, grad):
    x, begin, end, strides = op._inputs
    x_shape = shape(x, out_type=begin.dtype.base_dtype)
    # Values known while building are passed as such (TF folds them into new Consts).
    args = []
    for t in (x_shape, begin, end, strides):
        value = _constant_value(t)
        args.append(t if value is None else value)
    masks = {m: op._attrs[m] for m in _MASKS}
    return [strided_slice_grad(*args, grad, **masks), None, None, None]


define_op("StridedSlice", _strided_slice_kernel, _strided_slice_shape,
          input_names=("input", "begin", "end", "strides"), same_dtype=(0,),
          kernel_attrs=_MASKS, gradient=_strided_slice_grad)


def _strided_slice_grad_shape(op):
    for i, arg in ((0, "shape"), (1, "begin"), (2, "end"), (3, "strides")):
        _index_input(op, i, arg, "Index")
    dims = _partial_vector(op._inputs[0])
    return TensorShape(dims)


def _strided_slice_grad_kernel(shape, begin, end, strides, dy, **masks):
    dy = np.asarray(dy)
    dims = [int(d) for d in np.reshape(shape, -1)]
    if any(d < 0 for d in dims):
        raise _invalid("shape must be non-negative, got %s" % _dims_text(dims))
    out = np.zeros(dims, dtype=dy.dtype)
    # New axes are size-1 dims of dy only; the other entries address `out` itself.
    index = tuple(i for i in _strided_index(dims, begin, end, strides, **masks)
                  if i is not None)
    target_shape = np.shape(out[index])
    if int(np.prod(target_shape, dtype=np.int64)) != dy.size:
        raise _invalid("shape of dy was %s instead of %s" % (_dims_text(dy.shape),
                                                             _dims_text(target_shape)))
    out[index] = dy.reshape(target_shape)
    return out


def _strided_slice_grad_grad(op, grad):
    _, begin, end, strides, _ = op._inputs
    masks = {m: op._attrs[m] for m in _MASKS}
    return [None, None, None, None, strided_slice(grad, begin, end, strides, **masks)]


# TF's StridedSliceGrad: scatters dy into zeros of `shape` where StridedSlice took its values.
define_op("StridedSliceGrad", _strided_slice_grad_kernel, _strided_slice_grad_shape,
          input_names=("shape", "begin", "end", "strides", "dy"), same_dtype=(4,),
          kernel_attrs=_MASKS, fresh_output=True, gradient=_strided_slice_grad_grad)


def strided_slice_grad(shape, begin, end, strides, dy, begin_mask=0, end_mask=0,
                       ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0, name=None):
    """The gradient of StridedSlice: `dy` placed where the slice of a `shape` tensor was taken,
    zeros elsewhere."""
    return apply_op("StridedSliceGrad", [_index_arg(shape), _index_arg(begin), _index_arg(end),
                                         _index_arg(strides), dy],
                    {"begin_mask": begin_mask, "end_mask": end_mask,
                     "ellipsis_mask": ellipsis_mask, "new_axis_mask": new_axis_mask,
                     "shrink_axis_mask": shrink_axis_mask}, name=name or "StridedSliceGrad")


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None):
    """input_[begin:end:strides] per dimension, with TF's masks (the op behind t[...])."""
    begin, end = _index_arg(begin), _index_arg(end)
    if strides is None:
        strides = ones_like(begin)
    return apply_op("StridedSlice", [input_, begin, end, _index_arg(strides)],
                    {"begin_mask": _as_int(begin_mask, "begin_mask"),
                     "end_mask": _as_int(end_mask, "end_mask"),
                     "ellipsis_mask": _as_int(ellipsis_mask, "ellipsis_mask"),
                     "new_axis_mask": _as_int(new_axis_mask, "new_axis_mask"),
                     "shrink_axis_mask": _as_int(shrink_axis_mask, "shrink_axis_mask")},
                    name=name or "StridedSlice")
