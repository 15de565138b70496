"""The Tensor operator overloads: + - * / // % ** @ & | ^ ~, unary -, abs(), < <= > >=."""

import contextlib

from interflow.framework.graph import get_default_graph
from interflow.framework.op_registry import graph_of
from interflow.framework.operation import Tensor
from interflow.framework.tensor_conversion import convert_to_tensor
from interflow.ops.math.binary import (add, div, floordiv, floormod, multiply, pow, subtract,
                                       truediv)
from interflow.ops.math.comparison import (greater, greater_equal, less, less_equal, logical_and,
                                           logical_not, logical_or, logical_xor)
from interflow.ops.math.linalg import matmul
from interflow.ops.math.unary import abs, negative

__all__ = []


def _binary_operator(func, op_name):
    """Tensor.__op__: converts the other operand to this tensor's dtype as `op/y`."""
    def forward(x, y):
        if isinstance(y, Tensor):
            # Same names as opening name_scope(op_name) first, without its cost.
            return func(x, y, name=op_name)
        graph = x.graph
        with _in_graph(graph), graph.name_scope(op_name) as scope:
            y = convert_to_tensor(y, dtype=x.dtype.base_dtype, name="y")
            return func(x, y, name=scope)

    def reflected(y, x):
        graph = graph_of([x, y])
        with _in_graph(graph), graph.name_scope(op_name) as scope:
            x = convert_to_tensor(x, dtype=y.dtype.base_dtype, name="x")
            return func(x, y, name=scope)
    return forward, reflected


def _in_graph(graph):
    """graph.as_default(), skipped when it already is the default (graph building is hot)."""
    return contextlib.nullcontext() if graph is get_default_graph() else graph.as_default()


def _install_operators():
    for dunder, func, op_name in (("add", add, "add"), ("sub", subtract, "sub"),
                                  ("mul", multiply, "mul"), ("div", div, "div"),
                                  ("truediv", truediv, "truediv"),
                                  ("floordiv", floordiv, "floordiv"), ("mod", floormod, "mod"),
                                  ("pow", pow, "pow"), ("matmul", matmul, "matmul"),
                                  ("and", logical_and, "and"), ("or", logical_or, "or"),
                                  ("xor", logical_xor, "xor")):
        forward, reflected = _binary_operator(func, op_name)
        Tensor._override_operator("__%s__" % dunder, forward)
        Tensor._override_operator("__r%s__" % dunder, reflected)
    Tensor._override_operator("__neg__", lambda x: negative(x))
    Tensor._override_operator("__abs__", lambda x: abs(x))
    Tensor._override_operator("__invert__", lambda x: logical_not(x))
    # Comparisons build ops; == and != keep Python identity, as TF1's Tensor does.
    Tensor._override_operator("__lt__", lambda x, y: less(x, y))
    Tensor._override_operator("__le__", lambda x, y: less_equal(x, y))
    Tensor._override_operator("__gt__", lambda x, y: greater(x, y))
    Tensor._override_operator("__ge__", lambda x, y: greater_equal(x, y))


_install_operators()
