"""Math ops: elementwise arithmetic and functions, comparisons, reductions, matmul, casts, and
the Tensor operator overloads."""

import numpy as np

from interflow.framework import dtypes
from interflow.framework.common_shapes import broadcast, same_as_input
from interflow.framework.op_registry import apply_op, define_op, graph_of
from interflow.framework.operation import Tensor
from interflow.framework.tensor_conversion import convert_to_tensor

__all__ = ["add", "subtract", "multiply"]

_BINARY = ("x", "y")

define_op("Add", np.add, broadcast, input_names=_BINARY, elementwise=True)
define_op("Sub", np.subtract, broadcast, input_names=_BINARY, elementwise=True)
define_op("Mul", np.multiply, broadcast, input_names=_BINARY, elementwise=True)


def add(x, y, name=None):
    """x + y elementwise, with broadcasting."""
    return apply_op("Add", [x, y], name=name or "Add")


def subtract(x, y, name=None):
    return apply_op("Sub", [x, y], name=name or "Sub")


def multiply(x, y, name=None):
    return apply_op("Mul", [x, y], name=name or "Mul")


def _binary_operator(func, op_name):
    """Tensor.__op__: converts the other operand to this tensor's dtype as `op/y`."""
    def forward(x, y):
        graph = graph_of([x, y])
        with graph.as_default(), graph.name_scope(op_name) as scope:
            if not isinstance(y, Tensor):
                y = convert_to_tensor(y, dtype=x.dtype.base_dtype, name="y")
            return func(x, y, name=scope)

    def reflected(y, x):
        graph = graph_of([x, y])
        with graph.as_default(), graph.name_scope(op_name) as scope:
            x = convert_to_tensor(x, dtype=y.dtype.base_dtype, name="x")
            return func(x, y, name=scope)
    return forward, reflected


def _install_operators():
    for dunder, func, op_name in (("add", add, "add"), ("sub", subtract, "sub"),
                                  ("mul", multiply, "mul")):
        forward, reflected = _binary_operator(func, op_name)
        Tensor._override_operator("__%s__" % dunder, forward)
        Tensor._override_operator("__r%s__" % dunder, reflected)


_install_operators()
