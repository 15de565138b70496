"""interflow.testing.check_gradients: tf.gradients against central finite differences."""

import numpy as np

from interflow.autodiff.gradients import gradients
from interflow.execution.session import Session
from interflow.framework import session_stack
from interflow.framework.operation import Tensor
from interflow.framework.tensor_conversion import constant, convert_to_tensor

__all__ = ["check_gradients", "GradientCheck"]


class GradientCheck:
    """The outcome of check_gradients: per x, the symbolic and the numeric gradient."""

    def __init__(self, names, analytic, numeric, rtol, atol):
        self.names = names
        self.analytic = analytic
        self.numeric = numeric
        self.rtol = rtol
        self.atol = atol
        self.errors = [None if a is None else float(np.max(np.abs(a - n), initial=0.0))
                       for a, n in zip(analytic, numeric)]

    @property
    def ok(self):
        """True when every gradient matches within rtol/atol (a missing gradient fails, unless
        the numeric gradient is zero too)."""
        for a, n in zip(self.analytic, self.numeric):
            if a is None:
                if np.any(np.abs(n) > self.atol):
                    return False
            elif not np.allclose(a, n, rtol=self.rtol, atol=self.atol):
                return False
        return True

    @property
    def max_error(self):
        return max((e for e in self.errors if e is not None), default=0.0)

    def assert_ok(self):
        if not self.ok:
            raise AssertionError(str(self))

    def __bool__(self):
        return self.ok

    def __repr__(self):
        lines = ["GradientCheck(%s, max error %.3g)" % ("ok" if self.ok else "MISMATCH",
                                                        self.max_error)]
        for name, a, n, e in zip(self.names, self.analytic, self.numeric, self.errors):
            if a is None:
                lines.append("  %s: no gradient (tf.gradients gave None); numeric max |g| = "
                             "%.3g" % (name, float(np.max(np.abs(n), initial=0.0))))
            else:
                lines.append("  %s: max |symbolic - numeric| = %.3g" % (name, e))
        return "\n".join(lines)


def _resolve(x):
    if isinstance(x, Tensor):
        return x
    ref = getattr(x, "_ref", None)
    if ref is not None:
        return ref()
    return convert_to_tensor(x)


def check_gradients(y, xs, feed_dict=None, session=None, delta=None, rtol=None, atol=None,
                    seed=0):
    """Checks tf.gradients(y, xs) against central finite differences.

    The check differentiates sum(w * y) for a fixed random w (so transposed or misplaced
    gradient entries cannot cancel out), perturbing each element of each x by +-delta and
    feeding it. Differences are taken in float64; for float32 graphs the default tolerances
    are looser.

    Args:
      y: the tensor to differentiate.
      xs: a tensor or Variable, or a list of them (placeholders must be in feed_dict).
      feed_dict: feeds for the runs.
      session: where to run (default: the default session, else a new session in which the
        global variables are initialized).
      delta, rtol, atol: finite-difference step and tolerances (defaults by dtype).
      seed: seed of the random weights w.

    Returns:
      A GradientCheck: truthy when the gradients match; `assert_ok()` raises with details.
    """
    single = not isinstance(xs, (list, tuple))
    xs = [xs] if single else list(xs)
    x_tensors = [_resolve(x) for x in xs]
    feed_dict = dict(feed_dict or {})
    is64 = y.dtype.base_dtype.name == "float64"
    delta = delta if delta is not None else (1e-6 if is64 else 1e-3)
    rtol = rtol if rtol is not None else (1e-5 if is64 else 2e-2)
    atol = atol if atol is not None else (1e-7 if is64 else 2e-3)

    graph = y.graph
    with graph.as_default():
        shape = _static_or_unknown(y)
        weights_value = weights = None
        if shape is not None:
            weights_value = np.random.default_rng(seed).uniform(0.5, 1.5, size=shape)
            weights = constant(weights_value.astype(y.dtype.base_dtype.np_dtype))
        if weights is None:
            grads = gradients(y, x_tensors)
        else:
            grads = gradients(y, x_tensors, grad_ys=[weights])

    own = None
    if session is None:
        session = session_stack.get_default_session()
        if session is None or session.graph is not graph:
            from interflow.variables import global_variables_initializer
            with graph.as_default():
                init = global_variables_initializer()
            own = session = Session(graph=graph)
            session.run(init)
    try:
        x_values = [np.array(v, dtype=np.float64) for v in session.run(x_tensors, feed_dict)]
        analytic = session.run([g for g in grads if g is not None], feed_dict)
        analytic_iter = iter(analytic)
        analytic = [None if g is None else np.asarray(next(analytic_iter), np.float64)
                    for g in grads]
        base = session.run(y, feed_dict)
        w = np.ones(np.shape(base)) if weights is None else weights_value

        def objective(feeds):
            return float(np.sum(w * np.asarray(session.run(y, feeds), np.float64)))

        numeric = []
        for x, value in zip(x_tensors, x_values):
            grad = np.zeros_like(value)
            flat = grad.reshape(-1)
            for i in range(value.size):
                bumped = value.copy().reshape(-1)
                bumped[i] += delta
                plus = objective({**feed_dict, x: bumped.reshape(value.shape)})
                bumped[i] -= 2 * delta
                minus = objective({**feed_dict, x: bumped.reshape(value.shape)})
                flat[i] = (plus - minus) / (2 * delta)
            numeric.append(grad)
    finally:
        if own is not None:
            own.close()
    return GradientCheck([x.name for x in x_tensors], analytic, numeric, rtol, atol)


def _static_or_unknown(y):
    shape = y.shape
    return tuple(shape.as_list()) if shape.is_fully_defined() else None
