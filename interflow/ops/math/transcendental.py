"""Elementwise functions: Exp, Log, Sin, Cos, Tan, Tanh, Sigmoid, Erf (TanhGrad, SigmoidGrad)."""

import math

import numpy as np

from interflow.framework.common_shapes import same_as_input
from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.tensor_conversion import constant
from interflow.ops.math._util import _FLOATS, _INEXACT, _scale, _unary
from interflow.ops.math.unary import conj, reciprocal, square

__all__ = ["exp", "expm1", "log", "log1p", "sin", "cos", "tan", "tanh", "sigmoid", "erf"]


def _sigmoid_kernel(x):
    if x.dtype.kind == "c":
        return np.reciprocal(1 + np.exp(-x))
    # exp(-|x|) never overflows, so large |x| gives 0 or 1 without warnings.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


_erf_object = np.frompyfunc(math.erf, 1, 1)


def _erf_kernel(x):
    return np.asarray(_erf_object(x), dtype=x.dtype)


def _exp_grad(op, grad):
    return [_scale(op, grad, conj(op._outputs[0]))]


def _expm1_grad(op, grad):
    return [_scale(op, grad, exp(conj(op._inputs[0])))]


def _log_grad(op, grad):
    return [_scale(op, grad, reciprocal(conj(op._inputs[0])))]


def _log1p_grad(op, grad):
    return [_scale(op, grad, reciprocal(1 + conj(op._inputs[0])))]


def _sin_grad(op, grad):
    return [_scale(op, grad, cos(conj(op._inputs[0])))]


def _cos_grad(op, grad):
    return [-grad * sin(conj(op._inputs[0]))]


def _tan_grad(op, grad):
    secx = reciprocal(cos(conj(op._inputs[0])))
    return [square(secx) * grad]


def _tanh_grad(op, grad):
    """TanhGrad(y, grad) = grad * (1 - y^2), from the forward output y: one op, as TF."""
    return [apply_op("TanhGrad", [conj(op._outputs[0]), grad])]


def _sigmoid_grad(op, grad):
    """SigmoidGrad(y, grad) = grad * y * (1 - y), from the forward output y: one op, as TF."""
    return [apply_op("SigmoidGrad", [conj(op._outputs[0]), grad])]


def _tanh_grad_grad(op, grad):
    """d/dy and d/ddy of dy * (1 - y^2)."""
    y, dy = conj(op._inputs[0]), conj(op._inputs[1])
    return [grad * -2.0 * dy * y, apply_op("TanhGrad", [y, grad])]


def _sigmoid_grad_grad(op, grad):
    """d/dy and d/ddy of dy * y * (1 - y)."""
    y, dy = op._inputs
    grad_dy = grad * dy
    return [grad_dy - 2.0 * grad_dy * y, apply_op("SigmoidGrad", [y, grad])]


define_op("TanhGrad", lambda y, dy: dy * (1 - y * y), same_as_input, _tanh_grad_grad,
          input_names=("y", "dy"), allowed_dtypes=_INEXACT, fresh_output=True)
define_op("SigmoidGrad", lambda y, dy: dy * y * (1 - y), same_as_input, _sigmoid_grad_grad,
          input_names=("y", "dy"), allowed_dtypes=_INEXACT, fresh_output=True)


def _erf_grad(op, grad):
    """grad * 2 / sqrt(pi) * exp(-x^2)."""
    x = conj(op._inputs[0])
    two_over_root_pi = constant(2 / np.sqrt(np.pi), dtype=grad.dtype.base_dtype)
    return [grad * two_over_root_pi * exp(-square(x))]


_TRANSCENDENTAL = [
    # (op type, kernel, allowed dtypes, elementwise, gradient)
    ("Exp", np.exp, _INEXACT, True, _exp_grad),
    ("Expm1", np.expm1, _INEXACT, True, _expm1_grad),
    ("Log", np.log, _INEXACT, True, _log_grad),
    ("Log1p", np.log1p, _INEXACT, True, _log1p_grad),
    ("Sin", np.sin, _INEXACT, True, _sin_grad),
    ("Cos", np.cos, _INEXACT, True, _cos_grad),
    ("Tan", np.tan, _INEXACT, True, _tan_grad),
    ("Tanh", np.tanh, _INEXACT, True, _tanh_grad),
    ("Sigmoid", _sigmoid_kernel, _INEXACT, False, _sigmoid_grad),
    ("Erf", _erf_kernel, _FLOATS, False, _erf_grad),
]
for _type, _kernel, _allowed, _elementwise, _gradient in _TRANSCENDENTAL:
    define_op(_type, _kernel, same_as_input, _gradient, allowed_dtypes=_allowed,
              elementwise=_elementwise, fresh_output=True)


exp = _unary("Exp", "exp", "e ** x elementwise.")
expm1 = _unary("Expm1", "expm1", "e ** x - 1 elementwise, accurate for small x.")
log = _unary("Log", "log", "Natural logarithm, elementwise (log(0) = -inf).")
log1p = _unary("Log1p", "log1p", "log(1 + x) elementwise, accurate for small x.")
sin = _unary("Sin", "sin", "Sine, elementwise.")
cos = _unary("Cos", "cos", "Cosine, elementwise.")
tan = _unary("Tan", "tan", "Tangent, elementwise.")
tanh = _unary("Tanh", "tanh", "Hyperbolic tangent, elementwise.")
sigmoid = _unary("Sigmoid", "sigmoid",
                 "1 / (1 + exp(-x)) elementwise, without overflow for large |x|.")
erf = _unary("Erf", "erf", "The Gauss error function, elementwise.")
