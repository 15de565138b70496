"""ArgMax and ArgMin: the index of the largest or smallest value along an axis."""

import numpy as np

from interflow.framework import dtypes, errors
from interflow.framework.op_registry import define_op
from interflow.framework.shapes import TensorShape
from interflow.ops.math._util import (_INDEX, _NUMERIC, _apply_in_scope, _const_value,
                                      _deprecated_lookup, _index_dtype, _matrix_text)

__all__ = ["argmax", "argmin"]


def _arg_shape(op):
    x, dim_t = op._inputs
    shape = x._shape
    if shape.ndims is None:
        return TensorShape(None)
    rank = shape.ndims
    if dim_t._shape.ndims not in (None, 0):
        raise ValueError("Shape must be rank 0 but is rank %d" % dim_t._shape.ndims)
    dim = _const_value(dim_t)
    if dim is None:
        return TensorShape([None] * max(rank - 1, 0))
    dim = int(dim)
    if dim < -rank or dim >= rank:
        raise ValueError("Dimension (%d) must be in the range [%d, %d), where %d is the number "
                         "of dimensions in the input" % (dim, -rank, rank, rank))
    dims = list(shape.as_tuple())
    del dims[dim % rank]
    return TensorShape(dims)


def _arg_kernel(fn):
    def kernel(x, dimension, *, output_type):
        rank = np.ndim(x)
        if np.ndim(dimension) != 0:
            raise errors.InvalidArgumentError(None, None, "dim must be a scalar, but received "
                                              "tensor of shape: %s" % _matrix_text(dimension))
        axis = int(dimension)
        if axis < -rank or axis >= rank:
            raise errors.InvalidArgumentError(
                None, None, "Expected dimension in the range [%d, %d), but got %d"
                % (-rank, rank, axis))
        if x.shape[axis] == 0:
            raise errors.InvalidArgumentError(
                None, None, "Reduction axis %d is empty in shape %s"
                % (axis % rank, _matrix_text(x)))
        return fn(x, axis=axis).astype(output_type.np_dtype)
    return kernel


for _type, _fn in (("ArgMax", np.argmax), ("ArgMin", np.argmin)):
    define_op(_type, _arg_kernel(_fn), _arg_shape, input_names=("input", "dimension"),
              same_dtype=(0,), allowed_dtypes=_NUMERIC, kernel_attrs=("output_type",),
              output_dtype=lambda op: op._attrs["output_type"], fresh_output=True,
              differentiable=False)


def _arg_min_max(op_type, input, axis, dimension, output_type, name):  # noqa: A002
    axis = _deprecated_lookup("axis", axis, "dimension", dimension)
    if axis is None:
        axis = 0
    output_type = dtypes.as_dtype(output_type).base_dtype
    if output_type not in _INDEX:
        raise TypeError("Value passed to parameter 'output_type' has DataType %s not in list "
                        "of allowed values: int32, int64" % output_type.name)
    return _apply_in_scope(op_type, [(input, "input", None), (axis, "dimension", dtypes.int32)],
                           name,
                           attrs=lambda ts: {"Tidx": _index_dtype(ts[1], "dimension"),
                                             "output_type": output_type})


def argmax(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
    """The index of the largest value along `axis` (default 0), as int64."""
    return _arg_min_max("ArgMax", input, axis, dimension, output_type, name)


def argmin(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
    """The index of the smallest value along `axis` (default 0), as int64."""
    return _arg_min_max("ArgMin", input, axis, dimension, output_type, name)
