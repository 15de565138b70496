"""Selecting elements: Where, Select, GatherV2, UnsortedSegmentSum, OneHot, boolean_mask."""

import numpy as np

from interflow.framework import dtypes
from interflow.framework.api import name_scope as _name_scope
from interflow.framework.common_shapes import merge_shapes
from interflow.framework.op_registry import apply_op, define_op, get_op_def
from interflow.framework.shapes import TensorShape, as_shape
from interflow.framework.tensor_conversion import convert_to_tensor, to_numpy
from interflow.ops.array._util import (_as_array, _as_int, _dims_text, _index_arg, _index_input,
                                       _invalid, _is_tensor_like, _math)
from interflow.ops.array.filling import ones, ones_like, zeros_like
from interflow.ops.array.joining import concat
from interflow.ops.array.reordering import transpose
from interflow.ops.array.reshaping import expand_dims, reshape, squeeze
from interflow.ops.array.sequences import range
from interflow.ops.array.shapes import rank, shape, size
from interflow.ops.array.static_values import _scalar_value

__all__ = ["where", "gather", "unsorted_segment_sum", "one_hot", "boolean_mask"]


# ---------------------------------------------------------------------- where, select

def _where_kernel(input):
    return np.argwhere(np.asarray(input)).astype(np.int64, copy=False)


define_op("Where", _where_kernel, lambda op: TensorShape([None, op._inputs[0]._shape.ndims]),
          input_names=("input",), output_dtype=lambda op: dtypes.int64, fresh_output=True,
          differentiable=False)


def _select_shape(op):
    cond, then, other = op._inputs
    if cond._dtype.base_dtype is not dtypes.bool_:
        raise TypeError("Input 'condition' of 'Select' Op has type %s that does not match expected "
                        "type of bool." % cond._dtype.base_dtype.name)
    out = merge_shapes(then._shape, other._shape)
    c = cond._shape
    if c.ndims is None or out.ndims is None or c.ndims == 0:
        return out
    if c.ndims == 1 and out.ndims > 1:
        merge_shapes(c, out[:1])  # a vector condition picks whole rows
        return out
    return merge_shapes(out, c)


def _select_kernel(condition, t, e):
    c, t, e = np.asarray(condition), np.asarray(t), np.asarray(e)
    if t.shape != e.shape:
        raise _invalid("'then' and 'else' must have the same size.  but received: %s vs. %s"
                       % (_dims_text(t.shape), _dims_text(e.shape)))
    if c.ndim == 1 and t.ndim > 1:
        if c.shape[0] != t.shape[0]:
            raise _invalid("Number of batches of 'then' must match size of 'cond', but saw: %d "
                           "vs. %d" % (t.shape[0], c.shape[0]))
        c = c.reshape((-1,) + (1,) * (t.ndim - 1))
    elif c.ndim and c.shape != t.shape:
        raise _invalid("'then' and 'cond' must have the same size.  but received: %s vs. %s"
                       % (_dims_text(t.shape), _dims_text(c.shape)))
    return _as_array(np.where(c, t, e), t.dtype)


def _select_grad(op, grad):
    """TF1's Select takes t and e of one shape, so neither gradient needs reducing."""
    c, x = op._inputs[0], op._inputs[1]
    zeros = zeros_like(x)
    return [None, where(c, grad, zeros), where(c, zeros, grad)]


define_op("Select", _select_kernel, _select_shape, input_names=("condition", "t", "e"),
          same_dtype=(1, 2), fresh_output=True, gradient=_select_grad)


def where(condition, x=None, y=None, name=None):
    """With `x` and `y`: elements of `x` where `condition` holds, else of `y` (TF1's Select: a
    vector `condition` picks whole rows). Alone: the int64 coordinates of true elements."""
    if x is None and y is None:
        with _name_scope(name, "Where", [condition]) as scope:
            condition = convert_to_tensor(condition, preferred_dtype=dtypes.bool_,
                                          name="condition")
            return apply_op("Where", [condition], name=scope)
    if x is not None and y is not None:
        return apply_op("Select", [condition, x, y], name=name or "Select")
    raise ValueError("x and y must both be non-None or both be None.")


# ------------------------------------------------------- gather, unsorted_segment_sum

def _gather_shape(op):
    params, indices, axis_t = op._inputs
    _index_input(op, 1, "indices", "Tindices")
    _index_input(op, 2, "axis", "Taxis")
    axis = _scalar_value(axis_t)
    p, i = params._shape, indices._shape
    if p.ndims is None or i.ndims is None:
        return TensorShape(None)
    if axis is None:
        return TensorShape([None] * (p.ndims - 1 + i.ndims))
    axis = int(axis)
    if axis >= p.ndims or axis < -p.ndims:
        raise ValueError("Shape must be at least rank %d but is rank %d"
                         % (axis + 1 if axis >= 0 else -axis, p.ndims))
    axis %= p.ndims
    dims = p.as_tuple()
    return TensorShape(dims[:axis] + i.as_tuple() + dims[axis + 1:])


def _gather_kernel(params, indices, axis, *, batch_dims=0):
    params, indices, axis = np.asarray(params), np.asarray(indices), int(axis)
    r = params.ndim
    if not -r <= axis < r:
        raise _invalid("Expected axis in the range [%d, %d), but got %d" % (-r, r, axis))
    axis %= r
    limit = params.shape[axis]
    bad = (indices < 0) | (indices >= limit)
    if bad.any():
        where_bad = tuple(int(k) for k in np.argwhere(bad)[0])
        raise _invalid("indices%s = %d is not in [0, %d)" % (
            "[%s]" % ",".join(str(k) for k in where_bad) if where_bad else "",
            indices[where_bad], limit))
    return _as_array(np.take(params, indices, axis=axis), params.dtype)


def _gather_grad(op, grad):
    """GatherV2: TF returns IndexedSlices (rows of grad and the indices they go to); interflow
    has none, so the rows are summed into a dense tensor as TF does when it densifies them."""
    params, indices, axis = op._inputs
    params_shape = shape(params)
    indices_size = expand_dims(size(indices), 0)
    if _scalar_value(axis) == 0:
        values_shape = concat([indices_size, params_shape[1:]], 0)
        values = reshape(grad, values_shape)
        flat_indices = reshape(indices, indices_size)
        return [unsorted_segment_sum(values, flat_indices, params_shape[0]), None, None]
    # Another axis: move it to the front, sum the rows there, and move it back.
    outer_shape = params_shape[:axis]
    inner_shape = params_shape[axis:][1:]
    values_shape = concat([outer_shape, [-1], inner_shape], 0)
    values_dims = size(values_shape)
    axis_dims = size(outer_shape)
    outer_axes = range(0, axis_dims)
    inner_axes = range(axis_dims + 1, values_dims)
    values = reshape(grad, values_shape)
    values = transpose(values, concat([[axis_dims], outer_axes, inner_axes], 0))
    flat_indices = reshape(indices, indices_size)
    params_grad = unsorted_segment_sum(values, flat_indices, params_shape[axis])
    params_grad = transpose(params_grad, concat([outer_axes + 1, [0], inner_axes], 0))
    return [reshape(params_grad, params_shape), None, None]


define_op("GatherV2", _gather_kernel, _gather_shape, input_names=("params", "indices", "axis"),
          same_dtype=(0,), type_attr="Tparams", kernel_attrs=("batch_dims",), fresh_output=True,
          gradient=_gather_grad)


def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0):
    """The slices of `params` along `axis` (default 0) at `indices`."""
    del validate_indices  # TF1 ignores it too; indices are always validated on the CPU
    if batch_dims != 0:
        raise NotImplementedError("tf.gather with batch_dims != 0 is not supported by interflow.")
    if axis is None:
        axis = 0
    return apply_op("GatherV2", [params, _index_arg(indices), axis], {"batch_dims": 0},
                    name=name or "GatherV2")


def _unsorted_segment_sum_shape(op):
    data, ids, num_t = op._inputs
    _index_input(op, 1, "segment_ids", "Tindices")
    _index_input(op, 2, "num_segments", "Tnumsegments")
    if num_t._shape.ndims not in (None, 0):
        raise ValueError("Shape must be rank 0 but is rank %d" % num_t._shape.ndims)
    num = _scalar_value(num_t)
    if num is not None and num < 0:
        raise ValueError("Dimension size, given by scalar input 2, must be non-negative but is "
                         "%d" % num)
    d, i = data._shape, ids._shape
    if d.ndims is None or i.ndims is None:
        return TensorShape(None)
    if i.ndims > d.ndims:
        raise ValueError("Shape must be at least rank %d but is rank %d" % (i.ndims, d.ndims))
    dims = d.as_tuple()
    for a, b in zip(dims, i.as_tuple()):  # segment_ids' shape must be a prefix of data's
        if a is not None and b is not None and a != b:
            raise ValueError("Dimensions must be equal, but are %d and %d" % (a, b))
    return TensorShape([num] + list(dims[i.ndims:]))


def _unsorted_segment_sum_kernel(data, segment_ids, num_segments):
    data, ids = np.asarray(data), np.asarray(segment_ids)
    num = np.asarray(num_segments)
    if num.ndim:
        raise _invalid("num_segments should be a scalar, not shape %s" % _dims_text(num.shape))
    num = int(num)
    if num < 0:
        raise _invalid("num_segments must be non-negative, got %d" % num)
    if data.shape[:ids.ndim] != ids.shape:
        raise _invalid("data.shape = %s does not start with segment_ids.shape = %s"
                       % (_dims_text(data.shape), _dims_text(ids.shape)))
    bad = ids >= num
    if bad.any():
        where_bad = tuple(int(k) for k in np.argwhere(bad)[0])
        raise _invalid("segment_ids%s = %d is out of range [0, %d)" % (
            "[%s]" % ",".join(str(k) for k in where_bad) if where_bad else "",
            ids[where_bad], num))
    out = np.zeros((num,) + data.shape[ids.ndim:], dtype=data.dtype)
    keep = ids >= 0  # negative ids drop their rows, as in TF
    np.add.at(out, ids[keep], data[keep])
    return out


def _unsorted_segment_sum_grad(op, grad):
    """Each row of data gets its segment's row of grad; rows with a negative id get zeros."""
    math_ops = _math()
    ids = op._inputs[1]
    clipped = math_ops.maximum(ids, zeros_like(ids))
    gathered = gather(grad, clipped)
    is_positive = math_ops.greater_equal(ids, 0)
    # Select wants a condition of the gathered shape: pad the ids' shape with ones, broadcast.
    ids_shape = shape(is_positive)
    broadcastable_shape = concat(
        [ids_shape, ones([rank(gathered) - rank(is_positive)], dtype=ids_shape.dtype)], 0)
    is_positive = reshape(is_positive, broadcastable_shape)
    is_positive = math_ops.logical_and(is_positive, ones_like(gathered, dtype=dtypes.bool_))
    return [where(is_positive, gathered, zeros_like(gathered)), None, None]


# Also GatherV2's gradient: TF's IndexedSlices made dense, the rows summed per index.
define_op("UnsortedSegmentSum", _unsorted_segment_sum_kernel, _unsorted_segment_sum_shape,
          input_names=("data", "segment_ids", "num_segments"), same_dtype=(0,),
          fresh_output=True, gradient=_unsorted_segment_sum_grad,
          allowed_dtypes=(dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int8,
                          dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8, dtypes.uint16,
                          dtypes.uint32, dtypes.uint64, dtypes.complex64, dtypes.complex128))


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """out[i] = the sum of the rows data[j...] with segment_ids[j...] == i (i < num_segments);
    rows with a negative id are dropped."""
    return apply_op("UnsortedSegmentSum", [data, _index_arg(segment_ids), num_segments],
                    name=name or "UnsortedSegmentSum")


# ---------------------------------------------------------------------------- one_hot

def _one_hot_shape(op):
    indices, depth_t, on_value, off_value = op._inputs
    _index_input(op, 0, "indices", "TI")
    axis = op._attrs["axis"]
    for t in (depth_t, on_value, off_value):
        if t._shape.ndims not in (None, 0):
            raise ValueError("Shape must be rank 0 but is rank %d" % t._shape.ndims)
    depth = _scalar_value(depth_t)
    if depth is not None and depth < 0:
        raise ValueError("depth must be non-negative, got: %d" % depth)
    s = indices._shape
    if s.ndims is None:
        return TensorShape(None)
    if not -1 <= axis <= s.ndims:
        raise ValueError("Expected axis to be -1 or between [0, %d).  But received: %d"
                         % (s.ndims + 1, axis))
    dims = list(s.as_tuple())
    dims.insert(s.ndims if axis == -1 else axis, depth)
    return TensorShape(dims)


def _one_hot_kernel(indices, depth, on_value, off_value, *, axis):
    indices, depth = np.asarray(indices), int(depth)
    if depth < 0:
        raise _invalid("depth must be non-negative, got: %d" % depth)
    on_value, off_value = np.asarray(on_value), np.asarray(off_value)
    hot = indices[..., None] == np.arange(depth)
    out = np.where(hot, on_value, off_value).astype(on_value.dtype, copy=False)
    return out if axis == -1 else np.moveaxis(out, -1, axis)


define_op("OneHot", _one_hot_kernel, _one_hot_shape,
          input_names=("indices", "depth", "on_value", "off_value"), same_dtype=(2, 3),
          kernel_attrs=("axis",), fresh_output=True, differentiable=False)


def _value_dtype(value):
    if _is_tensor_like(value):
        return value.dtype.base_dtype
    return to_numpy(value)[1]


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """A one-hot encoding of `indices`: `on_value` (1) at each index, `off_value` (0) elsewhere,
    along a new dimension `axis` (default: last). Indices outside [0, depth) give all off."""
    with _name_scope(name, "one_hot", [indices, depth, on_value, off_value]) as scope:
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype).base_dtype
        on_dtype = _value_dtype(on_value) if on_value is not None else None
        off_dtype = _value_dtype(off_value) if off_value is not None else None
        if on_dtype is not None or off_dtype is not None:
            if dtype is not None:
                for value_dtype, arg in ((on_dtype, "on_value"), (off_dtype, "off_value")):
                    if value_dtype is not None and value_dtype is not dtype:
                        raise TypeError("dtype %s of %s does not match dtype parameter %s"
                                        % (value_dtype, arg, dtype))
            else:
                dtype = on_dtype if on_dtype is not None else off_dtype
        elif dtype is None:
            dtype = dtypes.float32
        if on_value is None:
            on_value, on_dtype = convert_to_tensor(1, dtype, name="on_value"), dtype
        if off_value is None:
            off_value, off_dtype = convert_to_tensor(0, dtype, name="off_value"), dtype
        if on_dtype is not off_dtype:
            raise TypeError("dtype %s of on_value does not match dtype %s of off_value"
                            % (on_dtype, off_dtype))
        return apply_op("OneHot", [_index_arg(indices), depth, on_value, off_value],
                        {"axis": -1 if axis is None else _as_int(axis, "axis")}, name=scope)


# ----------------------------------------------------------------------- boolean_mask

def _prod(x, axis):
    get_op_def("Prod")  # math_ops declares it; a clear error if it does not (yet)
    return apply_op("Prod", [x, axis], {"keep_dims": False}, name="Prod")


def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    """The entries of `tensor` where the K-D bool `mask` is true (NumPy's tensor[mask]): the
    masked K dimensions (from `axis`, default 0) become one dimension of unknown size."""
    with _name_scope(name, "boolean_mask", [tensor, mask]):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        shape_mask = mask.shape
        ndims_mask = shape_mask.ndims
        shape_tensor = tensor.shape
        if ndims_mask == 0:
            raise ValueError("mask cannot be scalar.")
        if ndims_mask is None:
            raise ValueError("Number of mask dimensions must be specified, even if some "
                             "dimensions are None.  E.g. shape=[None] is ok, but shape=None is "
                             "not.")
        axis = 0 if axis is None else axis
        shape_tensor[axis:axis + ndims_mask].assert_is_compatible_with(shape_mask)
        leading_size = _prod(shape(tensor)[axis:axis + ndims_mask], [0])
        tensor = reshape(tensor, concat([shape(tensor)[:axis], [leading_size],
                                         shape(tensor)[axis + ndims_mask:]], 0))
        first_dim = shape_tensor[axis:axis + ndims_mask].num_elements()
        tensor.set_shape(as_shape(shape_tensor[:axis]).concatenate([first_dim])
                         .concatenate(shape_tensor[axis + ndims_mask:]))
        mask = reshape(mask, [-1])
        indices = squeeze(where(mask), axis=[1])
        return gather(tensor, indices, axis=axis)
