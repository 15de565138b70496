"""Optimizer update ops (ApplyGradientDescent, ApplyMomentum, ApplyAdam, ApplyAdagrad,
ApplyRMSProp): each updates its variable and slots in place, with TF's update rules."""

import numpy as np

from interflow.framework.common_shapes import same_as_input
from interflow.framework.op_registry import apply_op, define_op

__all__ = []



def _apply_gradient_descent(var, alpha, delta):
    w = var.get()
    w -= alpha * delta
    return w


def _apply_gradient_descent_in_delta(var, alpha, delta):
    """As _apply_gradient_descent, scaling a dying delta in its own buffer (no temporary)."""
    w = var.get()
    if type(delta) is np.ndarray and delta.flags.writeable and delta.shape == w.shape and \
            delta.dtype == w.dtype:
        w -= np.multiply(delta, alpha, out=delta)
        return w
    w -= alpha * delta
    return w


def _apply_momentum(var, accum, lr, grad, momentum, *, use_nesterov):
    a = accum.get()
    a *= momentum
    a += grad
    w = var.get()
    if use_nesterov:
        w -= grad * lr + a * momentum * lr
    else:
        w -= lr * a
    return w


def _apply_adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, *,
                use_nesterov):
    lr_t = lr * np.sqrt(1 - beta2_power) / (1 - beta1_power)
    m_ = m.get()
    v_ = v.get()
    m_ += (grad - m_) * (1 - beta1)
    v_ += (np.square(grad) - v_) * (1 - beta2)
    w = var.get()
    if use_nesterov:
        w -= lr_t * (m_ * beta1 + (1 - beta1) * grad) / (np.sqrt(v_) + epsilon)
    else:
        w -= lr_t * m_ / (np.sqrt(v_) + epsilon)
    return w


def _apply_adagrad(var, accum, lr, grad, *, update_slots):
    a = accum.get()
    if update_slots:
        a += np.square(grad)
    w = var.get()
    w -= lr * grad / np.sqrt(a)
    return w


def _apply_rms_prop(var, ms, mom, lr, rho, momentum, epsilon, grad):
    ms_ = ms.get()
    ms_ += (np.square(grad) - ms_) * (1 - rho)
    mom_ = mom.get()
    mom_ *= momentum
    mom_ += lr * grad / np.sqrt(ms_ + epsilon)
    w = var.get()
    w -= mom_
    return w


def _define(op_type, kernel, input_names, n_refs, kernel_attrs=(), **options):
    define_op(op_type, kernel, same_as_input, input_names=input_names,
              ref_inputs=tuple(range(n_refs)), same_dtype=tuple(range(len(input_names))),
              kernel_attrs=kernel_attrs, stateful=True,
              output_dtype=lambda op: op._inputs[0]._dtype, differentiable=False, **options)


_define("ApplyGradientDescent", _apply_gradient_descent, ("var", "alpha", "delta"), 1,
        scratch_kernel=_apply_gradient_descent_in_delta, scratch_inputs=(2,))
_define("ApplyMomentum", _apply_momentum, ("var", "accum", "lr", "grad", "momentum"), 2,
        ("use_nesterov",))
_define("ApplyAdam", _apply_adam, ("var", "m", "v", "beta1_power", "beta2_power", "lr",
                                   "beta1", "beta2", "epsilon", "grad"), 3, ("use_nesterov",))
_define("ApplyAdagrad", _apply_adagrad, ("var", "accum", "lr", "grad"), 2, ("update_slots",))
_define("ApplyRMSProp", _apply_rms_prop, ("var", "ms", "mom", "lr", "rho", "momentum",
                                          "epsilon", "grad"), 3)


def apply_gradient_descent(var, alpha, delta, use_locking=False, name=None):
    return apply_op("ApplyGradientDescent", [var, alpha, delta], {"use_locking": use_locking},
                    name=name or "ApplyGradientDescent")


def apply_momentum(var, accum, lr, grad, momentum, use_locking=False, use_nesterov=False,
                   name=None):
    return apply_op("ApplyMomentum", [var, accum, lr, grad, momentum],
                    {"use_locking": use_locking, "use_nesterov": use_nesterov},
                    name=name or "ApplyMomentum")


def apply_adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad,
               use_locking=False, use_nesterov=False, name=None):
    return apply_op("ApplyAdam", [var, m, v, beta1_power, beta2_power, lr, beta1, beta2,
                                  epsilon, grad],
                    {"use_locking": use_locking, "use_nesterov": use_nesterov},
                    name=name or "ApplyAdam")


def apply_adagrad(var, accum, lr, grad, use_locking=False, update_slots=True, name=None):
    return apply_op("ApplyAdagrad", [var, accum, lr, grad],
                    {"use_locking": use_locking, "update_slots": update_slots},
                    name=name or "ApplyAdagrad")


def apply_rms_prop(var, ms, mom, lr, rho, momentum, epsilon, grad, use_locking=False,
                   name=None):
    return apply_op("ApplyRMSProp", [var, ms, mom, lr, rho, momentum, epsilon, grad],
                    {"use_locking": use_locking}, name=name or "ApplyRMSProp")
