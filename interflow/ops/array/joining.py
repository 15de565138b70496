"""Joining and splitting: ConcatV2 (and ConcatOffset), Pack, Unpack, Split, SplitV."""

import numbers

import numpy as np

from interflow.framework import dtypes
from interflow.framework.api import name_scope as _name_scope
from interflow.framework.common_shapes import merge_shapes
from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.operation import Operation
from interflow.framework.shapes import Dimension, TensorShape
from interflow.framework.tensor_conversion import convert_to_tensor
from interflow.ops.array._util import (_as_int, _cast, _convert_list, _dims_text, _index_input,
                                       _invalid, _py_range, _single_or_tuple)
from interflow.ops.array.placeholders_identity import identity
from interflow.ops.array.shapes import rank, shape, shape_n
from interflow.ops.array.static_values import _partial_vector, _scalar_value

__all__ = ["concat", "stack", "unstack", "split"]


# ----------------------------------------------------------------------------- concat

def _concat_shape(op):
    values, axis_t = op._inputs[:-1], op._inputs[-1]
    _index_input(op, len(op._inputs) - 1, "axis", "Tidx")
    if axis_t._shape.ndims not in (None, 0):
        raise ValueError("Shape must be rank 0 but is rank %d" % axis_t._shape.ndims)
    r = None
    for v in values:
        if v._shape.ndims is not None:
            if r is None:
                r = v._shape.ndims
            elif v._shape.ndims != r:
                raise ValueError("Shape must be rank %d but is rank %d" % (r, v._shape.ndims))
    axis = _scalar_value(axis_t)
    if r is None or axis is None:
        return TensorShape(None if r is None else [None] * r)
    axis = int(axis)
    if axis >= r or axis < -r:
        raise ValueError("Shape must be at least rank %d but is rank %d"
                         % (axis + 1 if axis >= 0 else -axis, r))
    axis %= r
    rest, total = None, 0
    for v in values:
        if v._shape.ndims is None:
            total = None
            continue
        dims = list(v._shape.as_tuple())
        d = dims.pop(axis)
        total = None if total is None or d is None else total + d
        rest = dims if rest is None else merge_shapes(rest, dims).as_tuple()
    rest = list(rest)
    rest.insert(axis, total)
    return TensorShape(rest)


def _concat_kernel(*args):
    values, axis = args[:-1], int(args[-1])
    if all(type(v) is np.ndarray and v.ndim for v in values):
        try:
            # The graph gave every value one dtype; NumPy checks ranks, dims and the axis,
            # and any error gets TF's wording below.
            return np.concatenate(values, axis=axis)
        except ValueError:
            pass
    values = [np.asarray(v) for v in values]
    r = values[0].ndim
    if r == 0:
        raise _invalid("ConcatOp : Can't concatenate scalars (use tf.stack instead)")
    if not -r <= axis < r:
        raise _invalid("ConcatOp : Expected concatenating dimensions in the range [%d, %d), but "
                       "got %d" % (-r, r, axis))
    axis %= r
    first = values[0].shape
    for i, v in enumerate(values[1:], 1):
        if v.ndim != r:
            raise _invalid("ConcatOp : Ranks of all input tensors should match: shape[0] = %s "
                           "vs. shape[%d] = %s" % (_dims_text(first), i, _dims_text(v.shape)))
        for d in _py_range(r):
            if d != axis and v.shape[d] != first[d]:
                raise _invalid("ConcatOp : Dimension %d in both shapes must be equal: shape[0] = "
                               "%s vs. shape[%d] = %s" % (d, _dims_text(first), i,
                                                         _dims_text(v.shape)))
    return np.concatenate(values, axis=axis)


def _concat_grad(op, grad):
    from interflow.ops.array.slicing import slice  # slicing imports this module
    values, axis = op._inputs[:-1], op._inputs[-1]
    if len(values) == 1:
        return [grad, None]
    if axis.dtype.base_dtype is not dtypes.int32:
        axis = _cast(axis, dtypes.int32)  # ConcatOffset takes an int32 concat_dim
    non_neg_axis = axis % rank(values[0])
    sizes = []
    for v in values:
        sizes.append(shape(v))
        if sizes[-1].op.type != "Const":  # as TF: one ShapeN unless all shapes are static
            sizes = shape_n(values)
            break
    offsets = concat_offset(non_neg_axis, sizes)
    return [slice(grad, begin, size) for begin, size in zip(offsets, sizes)] + [None]


define_op("ConcatV2", _concat_kernel, _concat_shape, input_names=("values", "axis"),
          same_dtype=(), fresh_output=True, gradient=_concat_grad)


def concat(values, axis, name="concat"):
    """Joins the tensors `values` along dimension `axis`."""
    if not isinstance(values, (list, tuple)):
        values = [values]
    if not values:
        raise ValueError("tf.concat needs at least one tensor in `values`.")
    if len(values) == 1:
        # TF1 returns an Identity of the only value (after checking `axis`).
        with _name_scope(name, "concat", list(values)):
            axis_t = convert_to_tensor(axis, name="concat_dim", dtype=dtypes.int32)
            axis_t.shape.assert_is_compatible_with(TensorShape([]))
            return identity(values[0], name=name or "concat")
    with _name_scope(name, "concat", list(values) + [axis]) as scope:
        tensors = _convert_list(values, "values", "ConcatV2")
        axis_t = convert_to_tensor(axis, name="axis")
        return apply_op("ConcatV2", tensors + [axis_t],
                        {"N": len(tensors), "T": tensors[0].dtype.base_dtype}, name=scope)


def _concat_offset_kernel(concat_dim, *shapes):
    shapes = [np.reshape(s, -1) for s in shapes]
    r = len(shapes[0])
    axis = int(concat_dim)
    if not 0 <= axis < r:
        raise _invalid("Concat dim is out of range: %d vs. %d" % (axis, r))
    offsets, offset = [], 0
    for i, s in enumerate(shapes):
        if len(s) != r:
            raise _invalid("input %d should contain %d elements, but got %d" % (i, r, len(s)))
        for d in _py_range(r):
            if d != axis and s[d] != shapes[0][d]:
                raise _invalid("All dimensions except %d must match. Input %d has shape %s and "
                               "doesn't match input 0 with shape %s."
                               % (axis, i, _dims_text(s), _dims_text(shapes[0])))
        out = np.zeros(r, dtype=s.dtype)
        out[axis] = offset
        offset += int(s[axis])
        offsets.append(out)
    return _single_or_tuple(offsets)


# ConcatV2's gradient: where each input starts in the output (zeros but along concat_dim).
define_op("ConcatOffset", _concat_offset_kernel, lambda op: [t._shape for t in op._inputs[1:]],
          num_outputs=lambda op: len(op._inputs) - 1, input_names=("concat_dim", "shape"),
          same_dtype=(), type_attr=None, fresh_output=True, differentiable=False,
          output_dtype=lambda op: [t._dtype.base_dtype for t in op._inputs[1:]])


def concat_offset(concat_dim, shape, name=None):
    """The offsets of the tensors of shapes `shape` in their concatenation along `concat_dim`."""
    shapes = list(shape)
    out = apply_op("ConcatOffset", [concat_dim] + shapes,
                   {"N": len(shapes), "shape_type": shapes[0].dtype.base_dtype},
                   name=name or "ConcatOffset")
    return out if isinstance(out, list) else [out]


# --------------------------------------------------------------------- stack, unstack

def _pack_shape(op):
    merged = TensorShape(None)
    for i, t in enumerate(op._inputs):
        try:
            merged = merge_shapes(merged, t._shape)
        except ValueError as e:
            raise ValueError("%s\n\tFrom merging shape %d with other shapes." % (e, i - 1)) \
                from None
    if merged.ndims is None:
        return TensorShape(None)
    axis, r = op._attrs["axis"], merged.ndims + 1
    if not -r <= axis < r:
        raise ValueError("Invalid axis: %d; must be in [%d,%d)" % (axis, -r, r))
    dims = list(merged.as_tuple())
    dims.insert(axis % r, len(op._inputs))
    return TensorShape(dims)


def _pack_kernel(*values, axis):
    values = [np.asarray(v) for v in values]
    for i, v in enumerate(values[1:], 1):
        if v.shape != values[0].shape:
            raise _invalid("Shapes of all inputs must match: values[0].shape = %s != values[%d]"
                           ".shape = %s" % (_dims_text(values[0].shape), i, _dims_text(v.shape)))
    return np.stack(values, axis=axis)


def _pack_grad(op, grad):
    return unstack(grad, num=op._attrs["N"], axis=op._attrs["axis"])


define_op("Pack", _pack_kernel, _pack_shape, input_names=("values",), list_input=True,
          kernel_attrs=("axis",), fresh_output=True, gradient=_pack_grad)


def _pack_op(tensors, axis, name):
    return apply_op("Pack", tensors, {"N": len(tensors), "axis": axis}, name=name)


def stack(values, axis=0, name="stack"):
    """Stacks the rank-R tensors `values` into one rank-(R+1) tensor along `axis`."""
    axis = _as_int(axis, "axis")
    if axis == 0:
        try:
            # A list of plain values becomes one Const; a list holding tensors is auto-packed.
            return convert_to_tensor(values, name=name)
        except (TypeError, ValueError):
            pass
    if not isinstance(values, (list, tuple)):
        values = list(values)
    if not values:
        raise ValueError("tf.stack needs at least one value (or axis=0 for an empty list).")
    value_shape = convert_to_tensor(values[0], name=name).shape
    if value_shape.ndims is not None:
        r = value_shape.ndims + 1
        if axis < -r or axis >= r:
            raise ValueError("Argument `axis` = %d not in range [%d, %d)" % (axis, -r, r))
    with _name_scope(name, "stack", list(values)) as scope:
        return _pack_op(_convert_list(values, "values", "Pack"), axis, scope)


def _unpack_shape(op):
    num, axis = op._attrs["num"], op._attrs["axis"]
    s = op._inputs[0]._shape
    if s.ndims is None:
        return [TensorShape(None)] * num
    r = s.ndims
    if not -r <= axis < r:
        raise ValueError("Dimension must be in range [%d, %d), but is %d" % (-r, r, axis))
    dims = list(s.as_tuple())
    d = dims.pop(axis % r)
    if d is not None and d != num:
        raise ValueError("Dimension must be %d but is %d" % (num, d))
    return [TensorShape(dims)] * num


def _unpack_kernel(value, *, num, axis):
    value = np.asarray(value)
    if value.shape[axis] != num:
        raise _invalid("Input shape axis %d must equal %d, got shape %s"
                       % (axis % value.ndim, num, _dims_text(value.shape)))
    moved = np.moveaxis(value, axis, 0)
    # `[i, ...]` keeps 0-d results arrays (a bare index would give scalars, bytes for strings).
    return _single_or_tuple([moved[i, ...] for i in _py_range(num)])


def _unpack_grad(op, *grads):
    return [stack(list(grads), axis=op._attrs["axis"])]


define_op("Unpack", _unpack_kernel, _unpack_shape, num_outputs=lambda op: op._attrs["num"],
          input_names=("value",), kernel_attrs=("num", "axis"),
          gradient=_unpack_grad)


def unstack(value, num=None, axis=0, name="unstack"):
    """The list of rank-(R-1) tensors along `axis` of `value` (`num` inferred from its shape)."""
    axis = _as_int(axis, "axis")
    if num is not None:
        num = _as_int(num, "num")
    if num is None:
        value = convert_to_tensor(value)
        s = value.shape
        if s.ndims is not None:
            if axis < -s.ndims or axis >= s.ndims:
                raise ValueError("Argument `axis` = %d not in range [%d, %d)"
                                 % (axis, -s.ndims, s.ndims))
            num = s.as_tuple()[axis]
        if num is None:
            raise ValueError("Cannot infer argument `num` from shape %s" % s)
    out = apply_op("Unpack", [value], {"num": num, "axis": axis}, name=name)
    if isinstance(out, Operation):
        return []
    return out if isinstance(out, list) else [out]


# ------------------------------------------------------------------------------ split

def _split_shape(op):
    axis_t, x = op._inputs
    n = op._attrs["num_split"]
    s = x._shape
    if s.ndims is None:
        return [TensorShape(None)] * n
    axis = _scalar_value(axis_t)
    if axis is None:
        return [TensorShape([None] * s.ndims)] * n
    axis = int(axis)
    if not -s.ndims <= axis < s.ndims:
        raise ValueError("Dimension must be in range [%d, %d), but is %d"
                         % (-s.ndims, s.ndims, axis))
    dims = list(s.as_tuple())
    d = dims[axis]
    if d is not None:
        if d % n:
            raise ValueError("Dimension size must be evenly divisible by %d but is %d\n\tNumber of "
                             "ways to split should evenly divide the split dimension" % (n, d))
        dims[axis] = d // n
    return [TensorShape(dims)] * n


def _split_kernel(split_dim, value, *, num_split):
    value = np.asarray(value)
    axis = int(split_dim)
    if not -value.ndim <= axis < value.ndim:
        raise _invalid("-input rank(-%d) <= split_dim < input rank (%d), but got %d"
                       % (value.ndim, value.ndim, axis))
    if value.shape[axis] % num_split:
        raise _invalid("Number of ways to split should evenly divide the split dimension, but got "
                       "split_dim %d (size = %d) and num_split %d"
                       % (axis % value.ndim, value.shape[axis], num_split))
    return _single_or_tuple(np.split(value, num_split, axis=axis))


def _split_grad(op, *grads):
    return [None, concat(list(grads), op._inputs[0])]


define_op("Split", _split_kernel, _split_shape, num_outputs=lambda op: op._attrs["num_split"],
          input_names=("split_dim", "value"), same_dtype=(1,), kernel_attrs=("num_split",),
          gradient=_split_grad)


def _resolve_sizes(sizes, total):
    """SplitV's sizes with a -1 filled in; a message when they cannot split `total`."""
    infer = [i for i, d in enumerate(sizes) if d == -1]
    known = sum(d for d in sizes if d != -1)
    if len(infer) > 1 or any(d < -1 for d in sizes):
        return None, "invalid size_splits %s" % _dims_text(sizes)
    if total is None:
        return sizes, None
    if (not infer and known != total) or (infer and known > total):
        return None, "can't split axis of size %d into pieces of size %s" % (
            total, _dims_text(sizes))
    sizes = list(sizes)
    if infer:
        sizes[infer[0]] = total - known
    return sizes, None


def _splitv_shape(op):
    x, sizes_t, axis_t = op._inputs
    _index_input(op, 1, "size_splits", "Tlen")
    n = op._attrs["num_split"]
    s = x._shape
    if s.ndims is None:
        return [TensorShape(None)] * n
    axis = _scalar_value(axis_t)
    if axis is None:
        return [TensorShape([None] * s.ndims)] * n
    axis = int(axis)
    if not -s.ndims <= axis < s.ndims:
        raise ValueError("Dimension must be in range [%d, %d), but is %d"
                         % (-s.ndims, s.ndims, axis))
    axis %= s.ndims
    sizes = _partial_vector(sizes_t)
    dims = list(s.as_tuple())
    if sizes is None or None in sizes:
        return [TensorShape(dims[:axis] + [None] + dims[axis + 1:])] * n
    if len(sizes) != n:
        raise ValueError("size_splits has %d elements but num_split is %d" % (len(sizes), n))
    sizes, problem = _resolve_sizes(sizes, dims[axis])
    if problem:
        raise ValueError(problem)
    return [TensorShape(dims[:axis] + [None if d == -1 else d] + dims[axis + 1:])
            for d in sizes]


def _splitv_kernel(value, size_splits, split_dim, *, num_split):
    value = np.asarray(value)
    axis = int(split_dim)
    if not -value.ndim <= axis < value.ndim:
        raise _invalid("-input rank(-%d) <= split_dim < input rank (%d), but got %d"
                       % (value.ndim, value.ndim, axis))
    sizes, problem = _resolve_sizes([int(d) for d in np.reshape(size_splits, -1)],
                                    value.shape[axis])
    if problem:
        raise _invalid(problem)
    return _single_or_tuple(np.split(value, np.cumsum(sizes)[:-1], axis=axis))


def _splitv_grad(op, *grads):
    return [concat(list(grads), op._inputs[2]), None, None]


define_op("SplitV", _splitv_kernel, _splitv_shape, num_outputs=lambda op: op._attrs["num_split"],
          input_names=("value", "size_splits", "split_dim"), same_dtype=(0,),
          kernel_attrs=("num_split",), gradient=_splitv_grad)


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Splits `value` along `axis` into `num_or_size_splits` equal pieces, or into pieces of
    the sizes listed in `num_or_size_splits` (one may be -1)."""
    if isinstance(axis, (float, bool, str)) or axis is None:
        raise TypeError("split's axis must be an integer or an int32 tensor, got %r." % (axis,))
    if isinstance(num_or_size_splits, (numbers.Integral, Dimension)) and \
            not isinstance(num_or_size_splits, bool):
        n = int(num_or_size_splits)
        if n < 1:
            raise ValueError("num_split must be >= 1, got %d" % n)
        out = apply_op("Split", [axis, value], {"num_split": n}, name=name)
        return out if isinstance(out, list) else [out]
    size_splits = convert_to_tensor(num_or_size_splits)
    if size_splits.shape.ndims == 0:
        raise TypeError("num_or_size_splits must be a Python int or a 1-D list/tensor of sizes, "
                        "got a scalar tensor %s" % size_splits.name)
    if num is None:
        if size_splits.shape.ndims == 1:
            num = size_splits.shape.as_tuple()[0]
        if num is None:
            raise ValueError("Cannot infer argument `num` from shape %s" % size_splits.shape)
    out = apply_op("SplitV", [value, size_splits, axis], {"num_split": _as_int(num, "num")},
                   name=name)
    return out if isinstance(out, list) else [out]
