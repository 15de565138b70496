"""Shapes as tensors: Shape, Size, Rank, ShapeN, and BroadcastGradientArgs."""

import numpy as np

from interflow.framework import dtypes
from interflow.framework.api import name_scope as _name_scope
from interflow.framework.common_shapes import scalar_shape
from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.shapes import TensorShape
from interflow.framework.tensor_conversion import constant, convert_to_tensor
from interflow.ops.array._util import (_INDEX_TYPES, _convert_list, _dims_text, _invalid,
                                       _single_or_tuple)

__all__ = ["shape", "size", "rank", "shape_n", "broadcast_gradient_args"]


def _out_type_dtype(op):
    return op._attrs["out_type"]


define_op("Shape", lambda x, *, out_type: np.array(np.shape(x), dtype=out_type.np_dtype),
          lambda op: TensorShape([op._inputs[0]._shape.ndims]), input_names=("input",),
          output_dtype=_out_type_dtype, kernel_attrs=("out_type",), fresh_output=True,
          differentiable=False)
define_op("Size", lambda x, *, out_type: np.array(np.size(x), dtype=out_type.np_dtype),
          scalar_shape, input_names=("input",), output_dtype=_out_type_dtype,
          kernel_attrs=("out_type",), fresh_output=True, differentiable=False)
define_op("Rank", lambda x: np.array(np.ndim(x), dtype=np.int32), scalar_shape,
          input_names=("input",), output_dtype=lambda op: dtypes.int32, fresh_output=True,
          differentiable=False)


def _check_out_type(out_type):
    out_type = dtypes.as_dtype(out_type).base_dtype
    if out_type not in _INDEX_TYPES:
        raise TypeError("out_type must be int32 or int64, not %s" % out_type.name)
    return out_type


def shape_internal(input, name=None, optimize=True, out_type=dtypes.int32):
    """tf.shape; with `optimize`, a Const when the static shape is fully known (as TF1)."""
    out_type = _check_out_type(out_type)
    with _name_scope(name, "Shape", [input]) as scope:
        x = convert_to_tensor(input)
        if optimize and x.shape.is_fully_defined():
            return constant(x.shape.as_list(), dtype=out_type, name=scope)
        return apply_op("Shape", [x], {"out_type": out_type}, name=scope)


def shape(input, name=None, out_type=dtypes.int32):
    """The shape of `input` as a 1-D int32 (or `out_type`) tensor."""
    return shape_internal(input, name, optimize=True, out_type=out_type)


def _shape_n_kernel(*values, out_type):
    return _single_or_tuple([np.array(np.shape(x), dtype=out_type.np_dtype) for x in values])


define_op("ShapeN", _shape_n_kernel, lambda op: [TensorShape([t._shape.ndims])
                                                 for t in op._inputs],
          num_outputs=lambda op: len(op._inputs), input_names=("input",), list_input=True,
          output_dtype=lambda op: [op._attrs["out_type"]] * len(op._inputs),
          kernel_attrs=("out_type",), fresh_output=True, differentiable=False)


def shape_n(input, out_type=dtypes.int32, name=None):
    """The shapes of the tensors `input`, one 1-D int32 (or `out_type`) tensor each."""
    out_type = _check_out_type(out_type)
    values = list(input)
    if not values:
        raise ValueError("List argument 'input' to 'ShapeN' Op with length 0 shorter than "
                         "minimum length 1.")
    with _name_scope(name, "ShapeN", values) as scope:
        tensors = _convert_list(values, "input", "ShapeN")
        out = apply_op("ShapeN", tensors, {"N": len(tensors), "out_type": out_type},
                       name=scope)
    return out if isinstance(out, list) else [out]


def size_internal(input, name=None, optimize=True, out_type=dtypes.int32):
    out_type = _check_out_type(out_type)
    with _name_scope(name, "Size", [input]) as scope:
        x = convert_to_tensor(input)
        s = x.shape
        if optimize:
            if s.is_fully_defined():
                return constant(s.num_elements(), dtype=out_type, name=scope)
            if s.ndims is not None and 0 in s.as_tuple():
                return constant(0, dtype=out_type, name=scope)
        return apply_op("Size", [x], {"out_type": out_type}, name=scope)


def size(input, name=None, out_type=dtypes.int32):
    """The number of elements of `input`, a 0-D int32 (or `out_type`) tensor."""
    return size_internal(input, name, optimize=True, out_type=out_type)


def rank_internal(input, name=None, optimize=True):
    with _name_scope(name, "Rank", [input]) as scope:
        x = convert_to_tensor(input)
        if optimize and x.shape.ndims is not None:
            return constant(x.shape.ndims, dtype=dtypes.int32, name=scope)
        return apply_op("Rank", [x], name=scope)


def rank(input, name=None):
    """The number of dimensions of `input`, a 0-D int32 tensor."""
    return rank_internal(input, name, optimize=True)


# ------------------------------------------------------------ broadcast gradient args

def _broadcast_gradient_args_kernel(s0, s1):
    """TF's BCast: the dims each input was broadcast along (to sum its gradient over)."""
    dtype = np.asarray(s0).dtype
    a, b = np.reshape(s0, -1).tolist(), np.reshape(s1, -1).tolist()
    if a == b:
        return np.zeros(0, dtype), np.zeros(0, dtype)
    n = max(len(a), len(b))
    x, y = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
    r0, r1 = [], []
    for i, (p, q) in enumerate(zip(x, y)):
        if p == q:
            if p == 1:  # both 1: TF reduces both (the result keeps the dim)
                r0.append(i)
                r1.append(i)
        elif p == 1:
            r0.append(i)
        elif q == 1:
            r1.append(i)
        else:
            raise _invalid("Incompatible shapes: %s vs. %s" % (_dims_text(a), _dims_text(b)))
    return np.array(r0, dtype), np.array(r1, dtype)


define_op("BroadcastGradientArgs", _broadcast_gradient_args_kernel,
          lambda op: [TensorShape([None])] * 2, num_outputs=2, input_names=("s0", "s1"),
          allowed_dtypes=_INDEX_TYPES, fresh_output=True, differentiable=False)


def broadcast_gradient_args(s0, s1, name=None):
    """(r0, r1): the dimensions along which shapes `s0` and `s1` broadcast against each other,
    i.e. the axes to reduce each gradient over."""
    r0, r1 = apply_op("BroadcastGradientArgs", [s0, s1], name=name or "BroadcastGradientArgs")
    return r0, r1
