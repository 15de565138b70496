"""Elementwise binary arithmetic (Add, Sub, Mul, RealDiv, Pow, Maximum, ...) and AddN."""

import numpy as np

from interflow.framework import dtypes, errors
from interflow.framework.common_shapes import broadcast, merge_shapes
from interflow.framework.op_registry import apply_op, define_op, graph_of
from interflow.framework.tensor_conversion import convert_to_tensor
from interflow.ops import array_ops
from interflow.ops.math._util import (_BINARY, _COMPLEX, _FLOATS, _INDEX, _NUMERIC, _REAL,
                                      _SIGNED, _is_symbolic, _matrix_text, _no_kernel)
from interflow.ops.math.casting import cast
from interflow.ops.math.comparison import greater, not_equal
from interflow.ops.math.transcendental import log
from interflow.ops.math.unary import conj, negative

__all__ = ["add", "subtract", "sub", "multiply", "mul", "divide", "truediv", "realdiv", "div",
           "floordiv", "floor_div", "mod", "floormod", "pow", "maximum", "minimum",
           "squared_difference", "add_n"]

# Elementwise binary ops return gradients of the output's (broadcast) shape: tf.gradients sums
# them back to each input.


def _add_grad(op, grad):
    return [grad, grad]


def _sub_grad(op, grad):
    return [grad, -grad]


def _mul_grad(op, grad):
    x, y = op._inputs
    return [multiply(grad, conj(y)), multiply(conj(x), grad)]


define_op("Add", np.add, broadcast, _add_grad, input_names=_BINARY, elementwise=True,
          allowed_dtypes=_NUMERIC | {dtypes.string})
# TF2-era graphs (and TF >= 1.15's `+`) use AddV2: the same sum without strings. interflow's
# own wrappers build TF1's Add; AddV2 is here so imported GraphDefs run.
define_op("AddV2", np.add, broadcast, _add_grad, input_names=_BINARY, elementwise=True,
          allowed_dtypes=_NUMERIC)
define_op("Sub", np.subtract, broadcast, _sub_grad, input_names=_BINARY, elementwise=True,
          allowed_dtypes=_NUMERIC)
define_op("Mul", np.multiply, broadcast, _mul_grad, input_names=_BINARY, elementwise=True,
          allowed_dtypes=_NUMERIC)


def _realdiv_kernel(x, y, out=None):
    if x.dtype.kind in "iub":
        raise _no_kernel("RealDiv", x.dtype, "Integer tensors divide with tf.truediv (x / y), "
                         "which casts them to floats, or with tf.floordiv (x // y).")
    return np.true_divide(x, y, out=out)


def _integer_checked(ufunc):
    """Integer division and modulus fail on a zero divisor, as TF's kernels do."""
    def kernel(x, y, out=None):
        if y.dtype.kind in "iu" and not (y.all() if y.ndim else y):
            raise errors.InvalidArgumentError(None, None, "Integer division by zero")
        return ufunc(x, y, out=out)
    kernel.__name__ = ufunc.__name__
    return kernel


def _pow_kernel(x, y, out=None):
    if y.dtype.kind == "i" and np.any(y < 0):
        raise errors.InvalidArgumentError(
            None, None, "Integers to negative integer powers are not allowed")
    return np.power(x, y, out=out)


def _squared_difference_kernel(x, y, out=None):
    d = np.subtract(x, y, out=out)
    if d.dtype.kind == "c":
        return np.multiply(d, np.conjugate(d), out=out)
    return np.multiply(d, d, out=out)


def _realdiv_grad(op, grad):
    x, y = op._inputs
    cx, cy = conj(x), conj(y)
    return [realdiv(grad, cy), grad * realdiv(realdiv(-cx, cy), cy)]


def _floormod_grad(op, grad):
    """x mod y = x - floor(x / y) * y: (grad, -grad * floor(x / y))."""
    x, y = op._inputs
    return [grad, grad * negative(floor_div(conj(x), conj(y)))]


def _pow_grad(op, grad):
    """(grad * y * x ** (y - 1), grad * z * log(x)), with log(x) taken as 0 where x <= 0 (no
    real logarithm there; TF's rule), so that x ** 2 at x = 0 gives 0, not nan."""
    x, y = op._inputs
    z = op._outputs[0]
    cx, cy = conj(x), conj(y)
    gx = grad * cy * pow(cx, cy - 1)
    mask = not_equal(cx, 0) if x.dtype.is_complex else greater(cx, 0)
    safe_x = array_ops.where(mask, cx, array_ops.ones_like(x))
    log_x = array_ops.where(mask, log(safe_x), array_ops.zeros_like(x))
    return [gx, grad * conj(z) * log_x]


def _maximum_minimum_grad(selector):
    """Maximum and Minimum: the whole gradient goes to x where selector(x, y) holds (x >= y
    for Maximum, x <= y for Minimum), else to y; ties go to x, unsplit, as in TF1."""
    def gradient(op, grad):
        x, y = op._inputs
        zeros = array_ops.zeros_like(grad)
        xmask = selector(x, y)
        return [array_ops.where(xmask, grad, zeros), array_ops.where(xmask, zeros, grad)]
    return gradient


def _squared_difference_grad(op, grad):
    x, y = op._inputs
    x_grad = (grad * 2) * (x - y)
    return [x_grad, -x_grad]


define_op("RealDiv", _realdiv_kernel, broadcast, _realdiv_grad, input_names=_BINARY,
          elementwise=True, allowed_dtypes=_NUMERIC)
# TF registers FloorDiv's gradient as None: a step function.
define_op("FloorDiv", _integer_checked(np.floor_divide), broadcast,
          input_names=_BINARY, elementwise=True, allowed_dtypes=_NUMERIC, differentiable=False)
define_op("FloorMod", _integer_checked(np.mod), broadcast, _floormod_grad, input_names=_BINARY,
          elementwise=True, allowed_dtypes=_REAL)
define_op("Pow", _pow_kernel, broadcast, _pow_grad, input_names=_BINARY, elementwise=True,
          allowed_dtypes=_SIGNED | _COMPLEX)
define_op("Maximum", np.maximum, broadcast, _maximum_minimum_grad(lambda x, y: x >= y),
          input_names=_BINARY, elementwise=True, allowed_dtypes=_REAL)
define_op("Minimum", np.minimum, broadcast, _maximum_minimum_grad(lambda x, y: x <= y),
          input_names=_BINARY, elementwise=True, allowed_dtypes=_REAL)
define_op("SquaredDifference", _squared_difference_kernel, broadcast, _squared_difference_grad,
          input_names=_BINARY, elementwise=True,
          allowed_dtypes=_FLOATS | _INDEX | _COMPLEX)


def add(x, y, name=None):
    """x + y elementwise, with broadcasting."""
    return apply_op("Add", [x, y], name=name or "Add")


def subtract(x, y, name=None):
    """x - y elementwise, with broadcasting."""
    return apply_op("Sub", [x, y], name=name or "Sub")


def multiply(x, y, name=None):
    """x * y elementwise, with broadcasting."""
    return apply_op("Mul", [x, y], name=name or "Mul")


sub = subtract
mul = multiply


# What x / y casts integers to before a RealDiv (TF's _TRUEDIV_TABLE); None: no cast.
_TRUEDIV_TABLE = {
    dtypes.uint8: dtypes.float32, dtypes.int8: dtypes.float32, dtypes.uint16: dtypes.float32,
    dtypes.int16: dtypes.float32, dtypes.uint32: dtypes.float64, dtypes.int32: dtypes.float64,
    dtypes.uint64: dtypes.float64, dtypes.int64: dtypes.float64, dtypes.float16: None,
    dtypes.float32: None, dtypes.float64: None, dtypes.complex64: None, dtypes.complex128: None,
}


def _convert_pair(x, y):
    x = convert_to_tensor(x, name="x")
    y = convert_to_tensor(y, name="y", preferred_dtype=x.dtype.base_dtype)
    if x.dtype.base_dtype is not y.dtype.base_dtype:
        raise TypeError("`x` and `y` must have the same dtype, got %r != %r."
                        % (x.dtype.base_dtype, y.dtype.base_dtype))
    return x, y


def truediv(x, y, name=None):
    """x / y with Python 3 semantics: integers are cast to floats first (int32 -> float64)."""
    graph = graph_of([x, y])
    with graph.as_default(), graph.name_scope(name or "truediv") as scope:
        x, y = _convert_pair(x, y)
        dtype = x.dtype.base_dtype
        if dtype not in _TRUEDIV_TABLE:
            raise TypeError("Invalid dtype %r in __truediv__" % dtype)
        target = _TRUEDIV_TABLE[dtype]
        if target is not None:
            x = cast(x, target)
            y = cast(y, target)
        return apply_op("RealDiv", [x, y], name=scope)


def div(x, y, name=None):
    """Legacy TF1 division: x / y for floats, floor division (FloorDiv) for integers."""
    graph = graph_of([x, y])
    with graph.as_default(), graph.name_scope(name or "div") as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
        if x.dtype.is_floating or x.dtype.is_complex:
            return apply_op("RealDiv", [x, y], name=scope)
        return apply_op("FloorDiv", [x, y], name=scope)


def divide(x, y, name=None):
    """x / y (Python 3 true division); with `name`, the op is called `name`."""
    if name is not None:
        return truediv(x, y, name=name)
    if not _is_symbolic(x):
        # A Python x becomes a tensor (of y's dtype) first, so the result is always a tensor.
        x = convert_to_tensor(x, dtype=y.dtype.base_dtype if _is_symbolic(y) else None)
    return x / y


def realdiv(x, y, name=None):
    """x / y for floating-point or complex tensors (the RealDiv op)."""
    return apply_op("RealDiv", [x, y], name=name or "RealDiv")


def floordiv(x, y, name=None):
    """x // y: division rounded toward negative infinity."""
    graph = graph_of([x, y])
    with graph.as_default(), graph.name_scope(name or "floordiv") as scope:
        return apply_op("FloorDiv", [x, y], name=scope)


def floor_div(x, y, name=None):
    """The FloorDiv op under its own default name."""
    return apply_op("FloorDiv", [x, y], name=name or "FloorDiv")


def floormod(x, y, name=None):
    """x % y with the sign of y (Python's modulus), elementwise."""
    return apply_op("FloorMod", [x, y], name=name or "FloorMod")


mod = floormod


def pow(x, y, name=None):  # noqa: A001  (tf.pow)
    """x ** y elementwise; integers to negative powers fail at run time, as in TF."""
    graph = graph_of([x, y])
    with graph.as_default(), graph.name_scope(name or "Pow") as scope:
        return apply_op("Pow", [x, y], name=scope)


def maximum(x, y, name=None):
    """max(x, y) elementwise, with broadcasting."""
    return apply_op("Maximum", [x, y], name=name or "Maximum")


def minimum(x, y, name=None):
    """min(x, y) elementwise, with broadcasting."""
    return apply_op("Minimum", [x, y], name=name or "Minimum")


def squared_difference(x, y, name=None):
    """(x - y) ** 2 elementwise."""
    return apply_op("SquaredDifference", [x, y], name=name or "SquaredDifference")


# -------------------------------------------------------------------------------------- add_n


def _add_n_shape(op):
    shape = op._inputs[0]._shape
    for t in op._inputs[1:]:
        shape = merge_shapes(shape, t._shape)
    return shape


def _add_n_kernel(*xs):
    first = np.shape(xs[0])
    for i, v in enumerate(xs[1:], 1):
        if np.shape(v) != first:
            raise errors.InvalidArgumentError(
                None, None, "Inputs to operation AddN must have the same size and shape.  "
                "Input 0: %s != input %d: %s" % (_matrix_text(xs[0]), i, _matrix_text(v)))
    out = np.add(xs[0], xs[1])
    for v in xs[2:]:
        out = np.add(out, v, out=out) if isinstance(out, np.ndarray) else np.add(out, v)
    return out


define_op("AddN", _add_n_kernel, _add_n_shape, lambda op, grad: [grad] * len(op._inputs),
          input_names=("inputs",), list_input=True, allowed_dtypes=_NUMERIC, fresh_output=True)


def add_n(inputs, name=None):
    """The elementwise sum of a list of tensors of the same shape and dtype."""
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError("Inputs must be an iterable of at least one Tensor/IndexedSlices with "
                         "the same dtype and shape.")
    graph = graph_of(list(inputs))
    with graph.as_default():
        inputs = [convert_to_tensor(v) for v in inputs]
        if len(inputs) == 1:
            if name:
                return array_ops.identity(inputs[0], name=name)
            return inputs[0]
        kinds = [t.dtype.base_dtype for t in inputs]
        if any(k is not kinds[0] for k in kinds):
            raise TypeError("Tensors in list passed to 'inputs' of 'AddN' Op have types [%s] "
                            "that don't all match." % ", ".join(k.name for k in kinds))
        return apply_op("AddN", inputs, {"N": len(inputs)}, name=name or "AddN")
