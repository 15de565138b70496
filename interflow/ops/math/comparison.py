"""Comparisons and logic: Less, Equal, ..., LogicalAnd/Or/Not, IsFinite, IsNan, IsInf."""

import numpy as np

from interflow.framework import dtypes
from interflow.framework.common_shapes import broadcast, same_as_input
from interflow.framework.op_registry import apply_op, define_op
from interflow.ops.math._util import _BINARY, _FLOATS, _REAL, _apply_in_scope, _bool_output

__all__ = ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
           "logical_and", "logical_or", "logical_not", "logical_xor", "is_finite", "is_nan",
           "is_inf"]


def _comparison_kernel(ufunc):
    def kernel(x, y, **_):
        return np.asarray(ufunc(x, y), dtype=np.bool_)
    return kernel


_COMPARISONS = [("Less", np.less, _REAL), ("LessEqual", np.less_equal, _REAL),
                ("Greater", np.greater, _REAL), ("GreaterEqual", np.greater_equal, _REAL),
                ("Equal", np.equal, None), ("NotEqual", np.not_equal, None)]
for _type, _ufunc, _allowed in _COMPARISONS:
    define_op(_type, _comparison_kernel(_ufunc), broadcast, input_names=_BINARY,
              allowed_dtypes=_allowed, output_dtype=_bool_output, fresh_output=True,
              differentiable=False)

for _type, _ufunc in (("LogicalAnd", np.logical_and), ("LogicalOr", np.logical_or)):
    define_op(_type, _ufunc, broadcast, input_names=_BINARY, same_dtype=(), type_attr=None,
              output_dtype=_bool_output, elementwise=True, differentiable=False)
define_op("LogicalNot", np.logical_not, same_as_input, same_dtype=(), type_attr=None,
          output_dtype=_bool_output, elementwise=True, differentiable=False)


def less(x, y, name=None):
    """x < y elementwise (bool)."""
    return apply_op("Less", [x, y], name=name or "Less")


def less_equal(x, y, name=None):
    """x <= y elementwise (bool)."""
    return apply_op("LessEqual", [x, y], name=name or "LessEqual")


def greater(x, y, name=None):
    """x > y elementwise (bool)."""
    return apply_op("Greater", [x, y], name=name or "Greater")


def greater_equal(x, y, name=None):
    """x >= y elementwise (bool)."""
    return apply_op("GreaterEqual", [x, y], name=name or "GreaterEqual")


def equal(x, y, name=None):
    """x == y elementwise (bool); any dtype, including strings."""
    return apply_op("Equal", [x, y], {"incompatible_shape_error": True}, name=name or "Equal")


def not_equal(x, y, name=None):
    """x != y elementwise (bool); any dtype, including strings."""
    return apply_op("NotEqual", [x, y], {"incompatible_shape_error": True},
                    name=name or "NotEqual")


def logical_and(x, y, name=None):
    """x AND y elementwise for bool tensors."""
    return _apply_in_scope("LogicalAnd", [(x, "x", None), (y, "y", None)], name,
                           fixed=dtypes.bool_)


def logical_or(x, y, name=None):
    """x OR y elementwise for bool tensors."""
    return _apply_in_scope("LogicalOr", [(x, "x", None), (y, "y", None)], name,
                           fixed=dtypes.bool_)


def logical_not(x, name=None):
    """NOT x elementwise for a bool tensor."""
    return _apply_in_scope("LogicalNot", [(x, "x", None)], name, fixed=dtypes.bool_)


def logical_xor(x, y, name="LogicalXor"):
    """x XOR y, built as TF does: (x OR y) AND NOT (x AND y)."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)


for _type, _ufunc in (("IsFinite", np.isfinite), ("IsNan", np.isnan), ("IsInf", np.isinf)):
    define_op(_type, _ufunc, same_as_input, allowed_dtypes=_FLOATS, output_dtype=_bool_output,
              fresh_output=True, differentiable=False)


def is_finite(x, name=None):
    """True where x is neither inf nor nan."""
    return apply_op("IsFinite", [x], name=name or "IsFinite")


def is_nan(x, name=None):
    """True where x is nan."""
    return apply_op("IsNan", [x], name=name or "IsNan")


def is_inf(x, name=None):
    """True where x is +inf or -inf."""
    return apply_op("IsInf", [x], name=name or "IsInf")
