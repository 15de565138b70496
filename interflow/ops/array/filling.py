"""Filled tensors: Fill, zeros and ones (and *_like: ZerosLike, OnesLike), Diag, DiagPart."""

import numbers

import numpy as np

from interflow.framework import dtypes
from interflow.framework.api import name_scope as _name_scope
from interflow.framework.common_shapes import same_as_input
from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.operation import Tensor
from interflow.framework.shapes import Dimension, TensorShape
from interflow.framework.tensor_conversion import constant, convert_to_tensor
from interflow.ops.array._util import (_dims_text, _identity_dtype, _index_arg, _index_input,
                                       _int_list, _invalid, _math)
from interflow.ops.array.reshaping import reshape
from interflow.ops.array.shapes import shape_internal
from interflow.ops.array.static_values import _partial_vector

__all__ = ["fill", "zeros", "ones", "zeros_like", "ones_like", "diag", "diag_part"]


# ------------------------------------------------------------------ fill, zeros, ones

def _fill_shape(op):
    dims_t, value = op._inputs
    _index_input(op, 0, "dims", "index_type")
    if value._shape.ndims not in (None, 0):
        raise ValueError("Shape must be rank 0 but is rank %d" % value._shape.ndims)
    if dims_t._shape.ndims not in (None, 1):
        raise ValueError("Shape must be rank 1 but is rank %d" % dims_t._shape.ndims)
    dims = _partial_vector(dims_t)
    if dims is None:
        return TensorShape(None)
    if any(d is not None and d < 0 for d in dims):
        raise ValueError("Fill dimensions must be >= 0")
    return TensorShape(dims)


def _fill_kernel(dims, value):
    dims = _int_list(dims)
    if any(d < 0 for d in dims):
        raise _invalid("dims must be non-negative, got %s" % _dims_text(dims))
    value = np.asarray(value)
    if value.ndim:
        raise _invalid("value must be a scalar, got shape %s" % _dims_text(value.shape))
    out = np.empty(dims, dtype=value.dtype)
    out.fill(value)
    return out


def _fill_grad(op, grad):
    return [None, _math().reduce_sum(grad)]


define_op("Fill", _fill_kernel, _fill_shape, input_names=("dims", "value"), same_dtype=(1,),
          fresh_output=True, gradient=_fill_grad)


def fill(dims, value, name=None):
    """A tensor of shape `dims` with every element `value`."""
    return apply_op("Fill", [_index_arg(dims), value], name=name or "Fill")


def _static_dims(shape):
    """`shape` as a list of ints when it is a static list/tuple/TensorShape, else None."""
    if isinstance(shape, TensorShape):
        return shape.as_list() if shape.is_fully_defined() else None
    if isinstance(shape, np.ndarray) and shape.ndim == 1 and shape.dtype.kind in "iu":
        return [int(d) for d in shape]
    if not isinstance(shape, (list, tuple)):
        return None
    out = []
    for d in shape:
        if isinstance(d, Dimension):
            d = d.value
        if isinstance(d, (numbers.Integral, np.integer)) and not isinstance(d, bool):
            out.append(int(d))
        else:
            return None
    return out


def _filled(shape, value, dtype, name, default_name):
    """TF1's zeros/ones: a Const when the static shape has under 1000 elements, else Fill."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    with _name_scope(name, default_name, [shape]) as scope:
        if dtype.is_bool:
            value = bool(value)
        elif dtype is dtypes.string:
            value = "" if value == 0 else value
        if not isinstance(shape, Tensor):
            dims = _static_dims(shape)
            if dims is not None and all(d >= 0 for d in dims) and np.prod(dims) < 1000:
                return constant(value, shape=dims, dtype=dtype, name=scope)
            try:
                as_dims = TensorShape(shape)
                if not as_dims.is_fully_defined():
                    raise ValueError("partially known")
                shape = constant(as_dims.as_list(), dtype=dtypes.int64 if any(
                    d >= 2 ** 31 for d in as_dims.as_list()) else dtypes.int32,
                    name="shape_as_tensor")
            except (TypeError, ValueError):
                shape = convert_to_tensor(shape, dtype=dtypes.int32)
        if not shape.shape.ndims:
            shape = reshape(shape, [-1])  # a scalar (or unknown-rank) shape becomes a vector
        return fill(shape, constant(value, dtype=dtype), name=scope)


def zeros(shape, dtype=dtypes.float32, name=None):
    """A tensor of shape `shape` with all elements zero (False, b'')."""
    return _filled(shape, 0, dtype, name, "zeros")


def ones(shape, dtype=dtypes.float32, name=None):
    """A tensor of shape `shape` with all elements one (True)."""
    return _filled(shape, 1, dtype, name, "ones")


def _zeros_like_kernel(x):
    x = np.asarray(x)
    return np.full(x.shape, b"", dtype=object) if x.dtype == object else np.zeros_like(x)


define_op("ZerosLike", _zeros_like_kernel, same_as_input, output_dtype=_identity_dtype,
          fresh_output=True, differentiable=False)
define_op("OnesLike", lambda x: np.ones_like(np.asarray(x)), same_as_input,
          output_dtype=_identity_dtype, fresh_output=True, differentiable=False)


def zeros_like(tensor, dtype=None, name=None, optimize=True):
    """Zeros with the shape of `tensor` (and its dtype, or `dtype`)."""
    with _name_scope(name, "zeros_like", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        base = tensor.dtype.base_dtype
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype).base_dtype
        if optimize and tensor.shape.is_fully_defined():
            return zeros(tensor.shape, dtype=dtype or base, name=scope)
        if dtype is not None and dtype is not base:
            return zeros(shape_internal(tensor, optimize=optimize), dtype=dtype, name=scope)
        return apply_op("ZerosLike", [tensor], name=scope)


def ones_like(tensor, dtype=None, name=None, optimize=True):
    """Ones with the shape of `tensor` (and its dtype, or `dtype`)."""
    with _name_scope(name, "ones_like", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        ones_shape = shape_internal(tensor, optimize=optimize)
        result = ones(ones_shape, dtype=dtype or tensor.dtype.base_dtype, name=scope)
        result.set_shape(tensor.shape)
        return result


# ------------------------------------------------------------------------------- diag

def _diag_part_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is None:
        return TensorShape(None)
    if s.ndims % 2 or s.ndims == 0:
        raise ValueError("Input must have even rank <= 6, input rank is %d" % s.ndims)
    k = s.ndims // 2
    dims = s.as_tuple()
    out = []
    for a, b in zip(dims[:k], dims[k:]):
        if a is not None and b is not None and a != b:
            raise ValueError("Dimensions must be equal, but are %d and %d" % (a, b))
        out.append(a if a is not None else b)
    return TensorShape(out)


def _diag_part_kernel(input):
    x = np.asarray(input)
    k = x.ndim // 2
    if x.ndim % 2 or x.ndim == 0 or x.shape[:k] != x.shape[k:]:
        raise _invalid("Invalid shape %s: dimensions [0, %d) must match dimensions [%d, %d)"
                       % (_dims_text(x.shape), k, k, x.ndim))
    n = int(np.prod(x.shape[:k], dtype=np.int64))
    return np.diagonal(x.reshape(n, n)).reshape(x.shape[:k]).copy()


def _diag_part_grad(op, grad):
    return [diag(grad)]


define_op("DiagPart", _diag_part_kernel, _diag_part_shape, input_names=("input",),
          fresh_output=True, gradient=_diag_part_grad)


def diag_part(input, name=None):
    """The diagonal of `input` of shape [D1..Dk, D1..Dk]: a tensor of shape [D1..Dk]."""
    return apply_op("DiagPart", [input], name=name or "DiagPart")


def _diag_kernel(diagonal):
    d = np.asarray(diagonal)
    return np.diag(d.reshape(-1)).reshape(d.shape + d.shape)


def _diag_grad(op, grad):
    return [diag_part(grad)]


define_op("Diag", _diag_kernel,
          lambda op: op._inputs[0]._shape.concatenate(op._inputs[0]._shape),
          input_names=("diagonal",), fresh_output=True, gradient=_diag_grad)


def diag(diagonal, name=None):
    """The tensor of shape [D1..Dk, D1..Dk] with `diagonal` on its diagonal, zeros elsewhere."""
    return apply_op("Diag", [diagonal], name=name or "Diag")
