"""Math ops (tf.add, tf.matmul, tf.reduce_sum, ...): the public names of interflow.ops.math."""

from interflow.ops.math import operators  # noqa: F401  (installs Tensor's +, -, *, @, <, ...)
from interflow.ops.math.arg_min_max import argmax, argmin
from interflow.ops.math.binary import (add, add_n, div, divide, floor_div, floordiv, floormod,
                                       maximum, minimum, mod, mul, multiply, pow, realdiv,
                                       squared_difference, sub, subtract, truediv)
from interflow.ops.math.casting import (cast, clip_by_value, saturate_cast, to_double, to_float,
                                        to_int32, to_int64)
from interflow.ops.math.comparison import (equal, greater, greater_equal, is_finite, is_inf,
                                           is_nan, less, less_equal, logical_and, logical_not,
                                           logical_or, logical_xor, not_equal)
from interflow.ops.math.linalg import matmul, matrix_determinant, matrix_inverse
from interflow.ops.math.reduction import (count_nonzero, reduce_all, reduce_any,
                                          reduce_logsumexp, reduce_max, reduce_mean, reduce_min,
                                          reduce_prod, reduce_sum)
from interflow.ops.math.scan import cumsum
from interflow.ops.math.transcendental import (cos, erf, exp, expm1, log, log1p, sigmoid, sin,
                                               tan, tanh)
from interflow.ops.math.unary import (abs, ceil, conj, floor, neg, negative, reciprocal, round,
                                      rsqrt, sign, sqrt, square)

__all__ = [
    # elementwise binary
    "add", "subtract", "sub", "multiply", "mul", "divide", "truediv", "realdiv", "div",
    "floordiv", "floor_div", "mod", "floormod", "pow", "maximum", "minimum",
    "squared_difference",
    # elementwise unary
    "negative", "neg", "abs", "sign", "square", "sqrt", "rsqrt", "exp", "log", "log1p", "sin",
    "cos", "tan", "tanh", "sigmoid", "reciprocal", "floor", "ceil", "round", "expm1", "erf",
    "conj",
    # comparisons and logic
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
    "logical_or", "logical_not", "logical_xor", "is_finite", "is_nan", "is_inf",
    # linear algebra
    "matmul", "matrix_inverse", "matrix_determinant",
    # reductions and scans
    "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any",
    "reduce_all", "reduce_logsumexp", "count_nonzero", "argmax", "argmin", "cumsum", "add_n",
    # casts and clipping
    "cast", "to_float", "to_double", "to_int32", "to_int64", "saturate_cast", "clip_by_value",
]
