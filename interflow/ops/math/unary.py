"""Elementwise unary arithmetic: Neg, Abs, Sign, Square, Sqrt, Rsqrt, Reciprocal, rounding, Conj."""

import numpy as np

from interflow.framework import dtypes
from interflow.framework.common_shapes import same_as_input
from interflow.framework.op_registry import apply_op, define_op, graph_of
from interflow.framework.operation import Tensor
from interflow.framework.tensor_conversion import convert_to_tensor
from interflow.ops import array_ops
from interflow.ops.math._util import (_COMPLEX, _FLOATS, _INEXACT, _NUMERIC, _SIGNED, _fill_value,
                                      _fold, _no_kernel, _unary)
from interflow.ops.math.casting import cast
from interflow.ops.math.comparison import equal

__all__ = ["negative", "neg", "abs", "sign", "square", "sqrt", "rsqrt", "reciprocal", "floor",
           "ceil", "round", "conj"]


def _rsqrt_kernel(x, out=None):
    r = np.sqrt(x, out=out)
    return np.reciprocal(r, out=out)


def _reciprocal_kernel(x, out=None):
    if x.dtype.kind in "iu":
        raise _no_kernel("Reciprocal", x.dtype, "Cast the tensor to a float type first.")
    return np.reciprocal(x, out=out)


def _neg_grad(op, grad):
    return [-grad]


def _abs_grad(op, grad):
    return [grad * sign(op._inputs[0])]


def _sign_grad(op, grad):
    return [array_ops.zeros_like(op._inputs[0])]


def _square_grad(op, grad):
    x = op._inputs[0]
    v = _fill_value(grad, op)
    if v is not None:
        return [conj(x) * _fold(v, np.multiply, 2)]
    return [grad * (conj(x) * 2)]


def _sqrt_grad(op, grad):
    """grad / (2 sqrt(x)), from the forward output."""
    from interflow.ops.math.binary import realdiv  # binary imports this module
    return [realdiv(grad * 0.5, conj(op._outputs[0]))]


def _rsqrt_grad(op, grad):
    """-grad / (2 x^(3/2)) = -0.5 * grad * y^3, from the forward output y."""
    y = conj(op._outputs[0])
    return [(grad * -0.5) * (square(y) * y)]


def _reciprocal_grad(op, grad):
    """-grad / x^2 = -grad * y^2, from the forward output y (TF's ReciprocalGrad)."""
    return [-grad * square(conj(op._outputs[0]))]


def _conj_grad(op, grad):
    return [conj(grad)]


_UNARY = [
    # (op type, kernel, allowed dtypes, gradient)
    ("Neg", np.negative, _SIGNED | _COMPLEX, _neg_grad),
    ("Abs", np.absolute, _SIGNED, _abs_grad),
    ("Sign", np.sign, _SIGNED | _COMPLEX, _sign_grad),
    ("Square", np.square, _NUMERIC, _square_grad),
    ("Sqrt", np.sqrt, _INEXACT, _sqrt_grad),
    ("Rsqrt", _rsqrt_kernel, _INEXACT, _rsqrt_grad),
    ("Reciprocal", _reciprocal_kernel, _SIGNED | _COMPLEX, _reciprocal_grad),
    # Step functions: TF registers their gradient as None.
    ("Floor", np.floor, _FLOATS, None),
    ("Ceil", np.ceil, _FLOATS, None),
    ("Round", np.rint, _INEXACT, None),  # rint rounds half to even, as TF's Round
    ("Conj", np.conjugate, _COMPLEX, _conj_grad),
]
for _type, _kernel, _allowed, _gradient in _UNARY:
    define_op(_type, _kernel, same_as_input, _gradient, allowed_dtypes=_allowed,
              elementwise=True, fresh_output=True, differentiable=_gradient is not None)


def _real_dtype_of(dtype):
    return dtypes.float64 if dtype.base_dtype is dtypes.complex128 else dtypes.float32


def _real_dtype(op):
    return _real_dtype_of(op._inputs[0].dtype)


def _complex_abs_grad(op, grad):
    """grad * x / |x|, and 0 where x = 0 (TF's div_no_nan): there x is 0, so dividing the real
    gradient by |x| made safe (1 where it is 0) gives the same result with real ops."""
    from interflow.ops.math.binary import realdiv  # binary imports this module
    x, y = op._inputs[0], op._outputs[0]
    safe = array_ops.where(equal(y, 0), array_ops.ones_like(y), y)
    return [cast(realdiv(grad, safe), x.dtype.base_dtype) * x]


define_op("ComplexAbs", np.absolute, same_as_input, _complex_abs_grad, allowed_dtypes=_COMPLEX,
          output_dtype=_real_dtype, fresh_output=True)


negative = _unary("Neg", "negative", "-x elementwise.")
neg = negative
sign = _unary("Sign", "sign", "-1, 0 or 1 by the sign of x, elementwise (nan stays nan).")
square = _unary("Square", "square", "x * x elementwise.")
sqrt = _unary("Sqrt", "sqrt", "Square root, elementwise (floats and complex only).")
rsqrt = _unary("Rsqrt", "rsqrt", "1 / sqrt(x) elementwise.")
reciprocal = _unary("Reciprocal", "reciprocal",
                    "1 / x elementwise (floats and complex at run time).")
floor = _unary("Floor", "floor", "The largest integer not greater than x, elementwise.")
ceil = _unary("Ceil", "ceil", "The smallest integer not less than x, elementwise.")


def abs(x, name=None):  # noqa: A001  (tf.abs)
    """|x| elementwise; for complex x, the magnitude (a real tensor)."""
    graph = graph_of([x])
    with graph.as_default(), graph.name_scope(name or "Abs") as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.is_complex:
            return apply_op("ComplexAbs", [x], {"Tout": _real_dtype_of(x.dtype)}, name=scope)
        return apply_op("Abs", [x], name=scope)


def round(x, name=None):  # noqa: A001  (tf.round)
    """Rounds half to even, elementwise (0.5 -> 0, 1.5 -> 2); integers are returned as is."""
    x = convert_to_tensor(x, name="x")
    if x.dtype.is_integer:
        return x
    return apply_op("Round", [x], name=name or "Round")


def conj(x, name=None):
    """The complex conjugate; real tensors are returned unchanged."""
    if isinstance(x, Tensor) and (x.dtype.is_floating or x.dtype.is_integer):
        return x
    graph = graph_of([x])
    with graph.as_default(), graph.name_scope(name or "Conj") as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.is_complex:
            return apply_op("Conj", [x], name=scope)
        if x.dtype.is_floating or x.dtype.is_integer:
            return x
        raise TypeError("Expected numeric or variant tensor, got dtype %r" % x.dtype)
