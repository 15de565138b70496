"""Math ops: elementwise arithmetic and functions, comparisons, reductions, matmul, casts, and
the Tensor operator overloads."""

import contextlib
import math

import numpy as np

from interflow.framework import dtypes, errors
from interflow.framework.common_shapes import (broadcast, broadcast_shapes, same_as_input,
                                               shape_text)
from interflow.framework.graph import get_default_graph
from interflow.framework.op_registry import apply_op, define_op, graph_of
from interflow.framework.operation import Tensor
from interflow.framework.shapes import TensorShape
from interflow.framework.tensor_conversion import constant, convert_to_tensor

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

_FLOATS = frozenset([dtypes.float16, dtypes.float32, dtypes.float64])
_COMPLEX = frozenset([dtypes.complex64, dtypes.complex128])
_SIGNED_INTS = frozenset([dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64])
_INTS = _SIGNED_INTS | {dtypes.uint8, dtypes.uint16, dtypes.uint32, dtypes.uint64}
_REAL = _FLOATS | _INTS
_NUMERIC = _REAL | _COMPLEX
_SIGNED = _FLOATS | _SIGNED_INTS
_INEXACT = _FLOATS | _COMPLEX
_INDEX = frozenset([dtypes.int32, dtypes.int64])
_BINARY = ("x", "y")
_REDUCTION = ("input", "reduction_indices")

# ---------------------------------------------------------------------------------- helpers


def _no_kernel(op_type, dtype, hint):
    return errors.InvalidArgumentError(
        None, None, "No OpKernel was registered to support Op '%s' with these attrs: [T=DT_%s]. "
        "%s" % (op_type, dtypes.as_dtype(dtype).name.upper(), hint))


def _const_value(t):
    """The value of `t` when a Const (or a Cast of one) produces it, else None."""
    op = t.op
    if op._type == "Cast" and op._inputs[0].op._type == "Const":
        return op._inputs[0].op._attrs["value"].astype(op._attrs["DstT"].np_dtype)
    return op._attrs["value"] if op._type == "Const" else None


def _is_symbolic(value):
    return isinstance(value, Tensor) or hasattr(value, "_as_graph_element")


def _deprecated_lookup(new_name, new_value, old_name, old_value):
    """TF's deprecated_argument_lookup: the old keyword still works, but not both at once."""
    if old_value is not None:
        if new_value is not None:
            raise ValueError("Cannot specify both '%s' and '%s'." % (old_name, new_name))
        return old_value
    return new_value


def _apply_in_scope(op_type, values, name, attrs=None, fixed=None):
    """apply_op inside the op's own name scope, after converting Python values as TF's
    wrappers do (`Op/arg` Consts). `values` is [(value, arg name, dtype hint or None)];
    `attrs` may be a function of the converted tensors; `fixed` is a dtype every input must
    have (ops such as LogicalAnd whose inputs are typed bool, not T)."""
    graph = graph_of([v for v, _, _ in values])
    with graph.as_default(), graph.name_scope(name or op_type) as scope:
        tensors = [_convert_input(v, arg, hint, fixed, op_type) for v, arg, hint in values]
        if callable(attrs):
            attrs = attrs(tensors)
        return apply_op(op_type, tensors, attrs, name=scope)


def _convert_input(value, arg, hint, fixed, op_type):
    # `hint` is TF's default for a type attr (Tidx=int32): [] becomes int32, not float32.
    if fixed is not None:
        if isinstance(value, Tensor):
            if value.dtype.base_dtype is not fixed:
                raise TypeError("Input '%s' of '%s' Op has type %s that does not match expected "
                                "type of %s." % (arg, op_type, value.dtype.base_dtype.name,
                                                 fixed.name))
            return value
        return convert_to_tensor(value, dtype=fixed, name=arg)
    if isinstance(value, Tensor):
        return value
    return convert_to_tensor(value, name=arg, preferred_dtype=hint)


def _check_index_dtype(t, arg):
    if t.dtype.base_dtype not in _INDEX:
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed "
                        "values: int32, int64" % (arg, t.dtype.base_dtype.name))


# --------------------------------------------------------------------------- gradient helpers
# Gradient functions follow TF1's math_grad.py. They are declared next to their op below and
# build graph ops only (so they can be differentiated again). Elementwise binary ops return
# gradients of the output's (broadcast) shape: tf.gradients sums them back to each input.


def _fill_value(grad, op):
    """The scalar v when `grad` is Fill(shape of x, v) for the input x of the unary op `op`
    (the gradient of a full sum or mean), else None.

    grad * f'(x) is then f'(x) * v: the filled array is never built, and scalar factors can be
    folded into v (for a loss such as reduce_mean(square(e)), one full-size op instead of three).
    """
    fill = grad.op
    if fill._type != "Fill":
        return None
    x = op._inputs[0]
    if x._shape.is_fully_defined() and x._shape == grad._shape:
        return fill._inputs[1]
    dims = fill._inputs[0].op
    if dims._type == "Shape" and (dims._inputs[0] is x or dims._inputs[0] is op._outputs[0]):
        return fill._inputs[1]
    return None


def _constant_scalar(t):
    """The value of a scalar `t` fixed when the graph is built (a Const, or a Fill of Consts
    with no dims, as tf.gradients' initial gradient of a scalar y), else None."""
    op = t.op
    if op._type == "Fill":
        dims, value = _const_value(op._inputs[0]), _const_value(op._inputs[1])
        return value if dims is not None and np.size(dims) == 0 and value is not None else None
    return _const_value(t) if t._shape.ndims == 0 else None


def _fold(v, ufunc, c):
    """ufunc(v, c) for a scalar tensor v and a number c: a new Const when v is constant (no op
    to run at every step; the same float arithmetic as the op would do), else the op."""
    value = _constant_scalar(v)
    dtype = v.dtype.base_dtype
    if value is not None:
        return constant(ufunc(value, np.asarray(c, dtype.np_dtype)).astype(dtype.np_dtype))
    if ufunc is np.multiply:
        return v * c
    return realdiv(v, constant(c, dtype=dtype))


def _scale(op, grad, full):
    """grad * full for the unary elementwise `op` (`full` has the shape of its input), or
    full * v when grad = Fill(that shape, v)."""
    v = _fill_value(grad, op)
    return grad * full if v is None else full * v


def _matmul_op(a, b, transpose_a=False, transpose_b=False):
    return apply_op("MatMul", [a, b], {"transpose_a": transpose_a, "transpose_b": transpose_b},
                    name="MatMul")


def _sum_to_shape_of(grad, x):
    """`grad` summed over the dimensions along which `x` was broadcast, reshaped to x's shape."""
    from interflow.ops import array_ops
    gs, xs = grad._shape, x._shape
    if gs.is_fully_defined() and xs.is_fully_defined():
        gdims, xdims = gs.as_list(), xs.as_list()
        if gdims == xdims:
            return grad
        lead = len(gdims) - len(xdims)
        axes = list(range(lead)) + [lead + i for i, d in enumerate(xdims)
                                    if d == 1 and gdims[lead + i] != 1]
        summed = reduce_sum(grad, axes) if axes else grad
        return array_ops.reshape(summed, xdims)
    sx = array_ops.shape(x)
    rx, _ = array_ops.broadcast_gradient_args(sx, array_ops.shape(grad))
    return array_ops.reshape(reduce_sum(grad, rx), sx)


def _reduction_axes(op):
    """The axes a reduction op reduces, sorted and non-negative, when known statically."""
    x, axes_t = op._inputs
    rank = x._shape.ndims
    axes = _const_value(axes_t)
    if rank is None or axes is None:
        return None
    axes = np.reshape(axes, -1)
    if rank == 0:
        return [] if axes.size == 0 else None
    return sorted({int(a) % rank for a in axes.tolist()})


def _with_kept_dims(op, t):
    """`t` (the reduction's output or its gradient) reshaped as if keep_dims were set, so that
    it broadcasts against the input."""
    from interflow.ops import array_ops
    if op._attrs["keep_dims"]:
        return t
    x, axes_t = op._inputs
    axes = _reduction_axes(op)
    if axes is None:
        return array_ops.reshape(t, _dynamic_kept_shape(x, axes_t))
    if not axes:
        return t
    kept = [1 if i in axes else d for i, d in enumerate(x._shape.as_tuple())]
    unknown = kept.count(None)
    if unknown == 0 or (unknown == 1 and 0 not in kept):
        return array_ops.reshape(t, [-1 if d is None else d for d in kept])
    for a in axes:  # ascending, so each 1 lands at its final position
        t = array_ops.expand_dims(t, a)
    return t


def _dynamic_kept_shape(x, axes_t, shape=None):
    """shape(x) with the reduced axes set to 1, computed at run time (TF's reduced_shape)."""
    from interflow.ops import array_ops
    shape = array_ops.shape(x) if shape is None else shape
    rank = array_ops.size(shape)
    axes = cast(array_ops.reshape(axes_t, [-1]), dtypes.int32)
    axes = floormod(axes + rank, maximum(rank, 1))
    reduced = reduce_any(equal(array_ops.expand_dims(axes, 1), array_ops.range(rank)), axis=0)
    return array_ops.where(reduced, array_ops.ones_like(shape), shape)


def _tile_to_input(op, grad):
    """The gradient of a sum: `grad` repeated along the reduced axes, to the input's shape.

    Full reductions use Fill (a scalar spread out); others Tile, as TF1 does. The result is a
    new contiguous array, never a broadcast view (a view would slow down a MatMul after it).
    """
    from interflow.ops import array_ops
    x = op._inputs[0]
    shape = x._shape
    axes = _reduction_axes(op)
    if axes is not None:
        rank = shape.ndims
        if len(axes) == rank:
            if rank:
                dims = shape.as_list() if shape.is_fully_defined() else array_ops.shape(x)
                if op._attrs["keep_dims"]:
                    grad = array_ops.reshape(grad, [])
                return array_ops.fill(dims, grad)
            return grad
        if not axes:
            return grad
        grad = _with_kept_dims(op, grad)
        if shape.is_fully_defined():
            dims = shape.as_list()
            return array_ops.tile(grad, [dims[i] if i in axes else 1 for i in range(rank)])
        mask = constant(np.array([i in axes for i in range(rank)]))
        multiples = array_ops.where(mask, array_ops.shape(x), constant(np.ones(rank, np.int32)))
        return array_ops.tile(grad, multiples)
    input_shape = array_ops.shape(x)
    kept = _dynamic_kept_shape(x, op._inputs[1], input_shape)
    if not op._attrs["keep_dims"]:
        grad = array_ops.reshape(grad, kept)
    return array_ops.tile(grad, floordiv(input_shape, maximum(kept, 1)))


# ------------------------------------------------------------------- elementwise binary ops


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
        if y.dtype.kind in "iu" and not np.all(y):
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
    from interflow.ops import array_ops
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
        from interflow.ops import array_ops
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


# -------------------------------------------------------------------- elementwise unary ops


def _sigmoid_kernel(x):
    if x.dtype.kind == "c":
        return np.reciprocal(1 + np.exp(-x))
    # exp(-|x|) never overflows, so large |x| gives 0 or 1 without warnings.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


def _rsqrt_kernel(x, out=None):
    r = np.sqrt(x, out=out)
    return np.reciprocal(r, out=out)


def _reciprocal_kernel(x, out=None):
    if x.dtype.kind in "iu":
        raise _no_kernel("Reciprocal", x.dtype, "Cast the tensor to a float type first.")
    return np.reciprocal(x, out=out)


_erf_object = np.frompyfunc(math.erf, 1, 1)


def _erf_kernel(x):
    return np.asarray(_erf_object(x), dtype=x.dtype)


def _neg_grad(op, grad):
    return [-grad]


def _abs_grad(op, grad):
    return [grad * sign(op._inputs[0])]


def _sign_grad(op, grad):
    from interflow.ops import array_ops
    return [array_ops.zeros_like(op._inputs[0])]


def _square_grad(op, grad):
    x = op._inputs[0]
    v = _fill_value(grad, op)
    if v is not None:
        return [conj(x) * _fold(v, np.multiply, 2)]
    return [grad * (conj(x) * 2)]


def _sqrt_grad(op, grad):
    """grad / (2 sqrt(x)), from the forward output."""
    return [realdiv(grad * 0.5, conj(op._outputs[0]))]


def _rsqrt_grad(op, grad):
    """-grad / (2 x^(3/2)) = -0.5 * grad * y^3, from the forward output y."""
    y = conj(op._outputs[0])
    return [(grad * -0.5) * (square(y) * y)]


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


def _reciprocal_grad(op, grad):
    """-grad / x^2 = -grad * y^2, from the forward output y (TF's ReciprocalGrad)."""
    return [-grad * square(conj(op._outputs[0]))]


def _erf_grad(op, grad):
    """grad * 2 / sqrt(pi) * exp(-x^2)."""
    x = conj(op._inputs[0])
    two_over_root_pi = constant(2 / np.sqrt(np.pi), dtype=grad.dtype.base_dtype)
    return [grad * two_over_root_pi * exp(-square(x))]


def _conj_grad(op, grad):
    return [conj(grad)]


_UNARY = [
    # (op type, kernel, allowed dtypes, elementwise, gradient)
    ("Neg", np.negative, _SIGNED | _COMPLEX, True, _neg_grad),
    ("Abs", np.absolute, _SIGNED, True, _abs_grad),
    ("Sign", np.sign, _SIGNED | _COMPLEX, True, _sign_grad),
    ("Square", np.square, _NUMERIC, True, _square_grad),
    ("Sqrt", np.sqrt, _INEXACT, True, _sqrt_grad),
    ("Rsqrt", _rsqrt_kernel, _INEXACT, True, _rsqrt_grad),
    ("Exp", np.exp, _INEXACT, True, _exp_grad),
    ("Expm1", np.expm1, _INEXACT, True, _expm1_grad),
    ("Log", np.log, _INEXACT, True, _log_grad),
    ("Log1p", np.log1p, _INEXACT, True, _log1p_grad),
    ("Sin", np.sin, _INEXACT, True, _sin_grad),
    ("Cos", np.cos, _INEXACT, True, _cos_grad),
    ("Tan", np.tan, _INEXACT, True, _tan_grad),
    ("Tanh", np.tanh, _INEXACT, True, _tanh_grad),
    ("Sigmoid", _sigmoid_kernel, _INEXACT, False, _sigmoid_grad),
    ("Reciprocal", _reciprocal_kernel, _SIGNED | _COMPLEX, True, _reciprocal_grad),
    # Step functions: TF registers their gradient as None.
    ("Floor", np.floor, _FLOATS, True, None),
    ("Ceil", np.ceil, _FLOATS, True, None),
    ("Round", np.rint, _INEXACT, True, None),  # rint rounds half to even, as TF's Round
    ("Erf", _erf_kernel, _FLOATS, False, _erf_grad),
    ("Conj", np.conjugate, _COMPLEX, True, _conj_grad),
]
for _type, _kernel, _allowed, _elementwise, _gradient in _UNARY:
    define_op(_type, _kernel, same_as_input, _gradient, allowed_dtypes=_allowed,
              elementwise=_elementwise, fresh_output=True, differentiable=_gradient is not None)


def _real_dtype_of(dtype):
    return dtypes.float64 if dtype.base_dtype is dtypes.complex128 else dtypes.float32


def _real_dtype(op):
    return _real_dtype_of(op._inputs[0].dtype)


def _complex_abs_grad(op, grad):
    """grad * x / |x|, and 0 where x = 0 (TF's div_no_nan): there x is 0, so dividing the real
    gradient by |x| made safe (1 where it is 0) gives the same result with real ops."""
    from interflow.ops import array_ops
    x, y = op._inputs[0], op._outputs[0]
    safe = array_ops.where(equal(y, 0), array_ops.ones_like(y), y)
    return [cast(realdiv(grad, safe), x.dtype.base_dtype) * x]


define_op("ComplexAbs", np.absolute, same_as_input, _complex_abs_grad, allowed_dtypes=_COMPLEX,
          output_dtype=_real_dtype, fresh_output=True)


def _unary(op_type, public_name, doc):
    def wrapper(x, name=None):
        return apply_op(op_type, [x], name=name or op_type)
    wrapper.__name__ = wrapper.__qualname__ = public_name
    wrapper.__doc__ = doc
    return wrapper


negative = _unary("Neg", "negative", "-x elementwise.")
neg = negative
sign = _unary("Sign", "sign", "-1, 0 or 1 by the sign of x, elementwise (nan stays nan).")
square = _unary("Square", "square", "x * x elementwise.")
sqrt = _unary("Sqrt", "sqrt", "Square root, elementwise (floats and complex only).")
rsqrt = _unary("Rsqrt", "rsqrt", "1 / sqrt(x) elementwise.")
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
reciprocal = _unary("Reciprocal", "reciprocal",
                    "1 / x elementwise (floats and complex at run time).")
floor = _unary("Floor", "floor", "The largest integer not greater than x, elementwise.")
ceil = _unary("Ceil", "ceil", "The smallest integer not less than x, elementwise.")
erf = _unary("Erf", "erf", "The Gauss error function, elementwise.")


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


# ------------------------------------------------------------------ comparisons and logic


def _bool_output(op):
    return dtypes.bool_


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


# ------------------------------------------------------------------------- linear algebra


def _matmul_shape(op):
    a, b = op._inputs[0]._shape, op._inputs[1]._shape
    for s in (a, b):
        if s.ndims is not None and s.ndims != 2:
            raise ValueError("Shape must be rank 2 but is rank %d" % s.ndims)
    ad = a.as_tuple() if a.ndims is not None else (None, None)
    bd = b.as_tuple() if b.ndims is not None else (None, None)
    m, ka = (ad[1], ad[0]) if op._attrs["transpose_a"] else ad
    kb, n = (bd[1], bd[0]) if op._attrs["transpose_b"] else bd
    if ka is not None and kb is not None and ka != kb:
        raise ValueError("Dimensions must be equal, but are %d and %d" % (ka, kb))
    return TensorShape([m, n])


def _batch_matmul_shape(op):
    a, b = op._inputs[0]._shape, op._inputs[1]._shape
    for s in (a, b):
        if s.ndims is not None and s.ndims < 2:
            raise ValueError("Shape must be at least rank 2 but is rank %d" % s.ndims)
    if a.ndims is None or b.ndims is None:
        return TensorShape(None)
    ad, bd = a.as_tuple(), b.as_tuple()
    m, ka = (ad[-1], ad[-2]) if op._attrs["adj_x"] else (ad[-2], ad[-1])
    kb, n = (bd[-1], bd[-2]) if op._attrs["adj_y"] else (bd[-2], bd[-1])
    if ka is not None and kb is not None and ka != kb:
        raise ValueError("Dimensions must be equal, but are %d and %d" % (ka, kb))
    batch = broadcast_shapes(TensorShape(ad[:-2]), TensorShape(bd[:-2]))
    return batch.concatenate([m, n])


def _matrix_text(x):
    return shape_text(TensorShape(np.shape(x)))


def _matmul_kernel(a, b, *, transpose_a, transpose_b, **_):
    for i, m in enumerate((a, b)):
        if m.ndim != 2:
            raise errors.InvalidArgumentError(None, None, "In[%d] is not a matrix. Instead it "
                                              "has shape %s" % (i, _matrix_text(m)))
    x = a.T if transpose_a else a
    y = b.T if transpose_b else b
    if x.shape[1] != y.shape[0]:
        raise errors.InvalidArgumentError(None, None, "Matrix size-incompatible: In[0]: %s, "
                                          "In[1]: %s" % (_matrix_text(a), _matrix_text(b)))
    return np.matmul(x, y)


def _adjoint(x):
    x = np.swapaxes(x, -1, -2)
    return np.conjugate(x) if x.dtype.kind == "c" else x


def _batch_matmul_kernel(x, y, *, adj_x, adj_y):
    for i, m in enumerate((x, y)):
        if np.ndim(m) < 2:
            raise errors.InvalidArgumentError(None, None, "In[%d] ndims must be >= 2: %d"
                                              % (i, np.ndim(m)))
    return np.matmul(_adjoint(x) if adj_x else x, _adjoint(y) if adj_y else y)


def _matmul_grad(op, grad):
    """Two MatMuls; the transposes are the ops' flags, never Transpose ops."""
    ta, tb = op._attrs["transpose_a"], op._attrs["transpose_b"]
    a, b = conj(op._inputs[0]), conj(op._inputs[1])
    if not ta and not tb:
        return [_matmul_op(grad, b, False, True), _matmul_op(a, grad, True, False)]
    if not ta and tb:
        return [_matmul_op(grad, b, False, False), _matmul_op(grad, a, True, False)]
    if ta and not tb:
        return [_matmul_op(b, grad, False, True), _matmul_op(a, grad, False, False)]
    return [_matmul_op(b, grad, True, True), _matmul_op(grad, a, True, True)]


def _sparse_matmul_grad(op, grad):
    """As MatMul's, with SparseMatMul ops carrying the sparsity hints (a gradient that comes
    from a ReluGrad counts as sparse, TF's heuristic)."""
    a, b = op._inputs
    sparse = {id(a): op._attrs.get("a_is_sparse", False),
              id(b): op._attrs.get("b_is_sparse", False),
              id(grad): grad.op._type == "ReluGrad"}

    def mm(t1, t2, transpose_a=False, transpose_b=False):
        return apply_op("SparseMatMul", [t1, t2], {
            "transpose_a": transpose_a, "transpose_b": transpose_b,
            "a_is_sparse": sparse[id(t1)], "b_is_sparse": sparse[id(t2)],
            "Ta": dtypes.float32, "Tb": dtypes.float32}, name="MatMul")
    ta, tb = op._attrs["transpose_a"], op._attrs["transpose_b"]
    if not ta and not tb:
        return [mm(grad, b, transpose_b=True), mm(a, grad, transpose_a=True)]
    if not ta and tb:
        return [mm(grad, b), mm(grad, a, transpose_a=True)]
    if ta and not tb:
        return [mm(b, grad, transpose_b=True), mm(a, grad)]
    return [mm(b, grad, True, True), mm(grad, a, True, True)]


def _batch_matmul_grad(op, grad):
    """Batched products with the adjoint flags, summed over broadcast batch dimensions."""
    x, y = op._inputs

    def mm(a, b, adj_a, adj_b):
        return apply_op("BatchMatMulV2", [a, b], {"adj_x": adj_a, "adj_y": adj_b},
                        name="MatMul")
    adj_x, adj_y = op._attrs["adj_x"], op._attrs["adj_y"]
    if not adj_x:
        if not adj_y:
            gx, gy = mm(grad, y, False, True), mm(x, grad, True, False)
        else:
            gx, gy = mm(grad, y, False, False), mm(grad, x, True, False)
    elif not adj_y:
        gx, gy = mm(y, grad, False, True), mm(x, grad, False, False)
    else:
        gx, gy = mm(y, grad, True, True), mm(grad, x, True, True)
    sx, sy = x._shape, y._shape
    if sx.ndims is not None and sy.ndims is not None and sx.ndims == sy.ndims and \
            TensorShape(sx.as_tuple()[:-2]).is_fully_defined() and \
            sx.as_tuple()[:-2] == sy.as_tuple()[:-2]:
        return [gx, gy]
    return [_sum_to_shape_of(gx, x), _sum_to_shape_of(gy, y)]


_MATMUL_DTYPES = _FLOATS | _INDEX | _COMPLEX
define_op("MatMul", _matmul_kernel, _matmul_shape, _matmul_grad, input_names=("a", "b"),
          kernel_attrs=("transpose_a", "transpose_b"), allowed_dtypes=_MATMUL_DTYPES,
          fresh_output=True)
define_op("BatchMatMulV2", _batch_matmul_kernel, _batch_matmul_shape, _batch_matmul_grad,
          input_names=("x", "y"), kernel_attrs=("adj_x", "adj_y"),
          allowed_dtypes=_MATMUL_DTYPES, fresh_output=True)
define_op("SparseMatMul", _matmul_kernel, _matmul_shape, _sparse_matmul_grad,
          input_names=("a", "b"), kernel_attrs=("transpose_a", "transpose_b"),
          allowed_dtypes={dtypes.float32}, type_attr="Ta",
          output_dtype=lambda op: dtypes.float32, fresh_output=True)


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None):
    """The matrix product a @ b (MatMul), or batched over leading dims (BatchMatMulV2).

    Inner dimensions must agree; with static shapes, a mismatch fails when the op is built.
    """
    graph = graph_of([a, b])
    with graph.as_default(), graph.name_scope(name or "MatMul") as scope:
        if transpose_a and adjoint_a:
            raise ValueError("Only one of transpose_a and adjoint_a can be True.")
        if transpose_b and adjoint_b:
            raise ValueError("Only one of transpose_b and adjoint_b can be True.")
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        ra, rb = a.shape.ndims, b.shape.ndims
        if not (a_is_sparse or b_is_sparse) and (ra is None or ra > 2 or rb is None or rb > 2):
            if transpose_a:
                a, adjoint_a = conj(a), True
            if transpose_b:
                b, adjoint_b = conj(b), True
            return apply_op("BatchMatMulV2", [a, b], {"adj_x": bool(adjoint_a),
                                                      "adj_y": bool(adjoint_b)}, name=scope)
        if adjoint_a:
            a, transpose_a = conj(a), True
        if adjoint_b:
            b, transpose_b = conj(b), True
        attrs = {"transpose_a": bool(transpose_a), "transpose_b": bool(transpose_b)}
        if (a_is_sparse or b_is_sparse) and a.dtype.base_dtype is dtypes.float32 and \
                b.dtype.base_dtype is dtypes.float32:
            attrs.update(a_is_sparse=bool(a_is_sparse), b_is_sparse=bool(b_is_sparse),
                         Ta=dtypes.float32, Tb=dtypes.float32)
            return apply_op("SparseMatMul", [a, b], attrs, name=scope)
        return apply_op("MatMul", [a, b], attrs, name=scope)


def _square_matrices_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is None:
        return s
    if s.ndims < 2:
        raise ValueError("Shape must be at least rank 2 but is rank %d" % s.ndims)
    rows, cols = s.as_tuple()[-2:]
    if rows is not None and cols is not None and rows != cols:
        raise ValueError("Dimensions must be equal, but are %d and %d" % (rows, cols))
    return s


def _determinant_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is None:
        return s
    if s.ndims < 2:
        raise ValueError("Shape must be at least rank 2 but is rank %d" % s.ndims)
    rows, cols = s.as_tuple()[-2:]
    if rows is not None and cols is not None and rows != cols:
        raise ValueError("Dimensions must be equal, but are %d and %d" % (cols, rows))
    return TensorShape(s.as_tuple()[:-2])


def _linalg(fn):
    """NumPy's linalg has no float16: compute in float32 and round back."""
    def kernel(x, **attrs):
        if x.dtype == np.float16:
            return fn(x.astype(np.float32), **attrs).astype(np.float16)
        return fn(x, **attrs)
    return kernel


def _inverse_kernel(x, *, adjoint):
    # np.linalg.LinAlgError on a singular matrix becomes InvalidArgumentError in the executor.
    return np.linalg.inv(_adjoint(x) if adjoint else x)


def _matrix_inverse_grad(op, grad):
    """-A^-T grad A^-T (with adjoints for complex or adjoint=True)."""
    ainv = op._outputs[0]
    adjoint = op._attrs["adjoint"]
    return [-matmul(ainv, matmul(grad, ainv, adjoint_a=adjoint, adjoint_b=not adjoint),
                    adjoint_a=not adjoint)]


def _matrix_determinant_grad(op, grad):
    """grad * det(A) * A^-T, per matrix of the batch."""
    from interflow.ops import array_ops
    a, c = op._inputs[0], op._outputs[0]
    a_adj_inv = matrix_inverse(a, adjoint=True)
    multipliers = grad * c
    if c._shape.ndims != 0:  # one factor per matrix: shape c + [1, 1]
        if c._shape.is_fully_defined():
            kept = c._shape.as_list() + [1, 1]
        else:
            kept = array_ops.concat([array_ops.shape(c), [1, 1]], 0)
        multipliers = array_ops.reshape(multipliers, kept)
    return [multipliers * a_adj_inv]


define_op("MatrixInverse", _linalg(_inverse_kernel), _square_matrices_shape,
          _matrix_inverse_grad, input_names=("input",), kernel_attrs=("adjoint",),
          allowed_dtypes=_INEXACT, fresh_output=True)
define_op("MatrixDeterminant", _linalg(np.linalg.det), _determinant_shape,
          _matrix_determinant_grad, input_names=("input",), allowed_dtypes=_INEXACT,
          fresh_output=True)


def matrix_inverse(input, adjoint=False, name=None):  # noqa: A002  (TF's argument name)
    """The inverse of each square matrix in `input` (InvalidArgumentError if singular)."""
    return apply_op("MatrixInverse", [input], {"adjoint": bool(adjoint)},
                    name=name or "MatrixInverse")


def matrix_determinant(input, name=None):  # noqa: A002
    """The determinant of each square matrix in `input`."""
    return apply_op("MatrixDeterminant", [input], name=name or "MatrixDeterminant")


# ------------------------------------------------------------------------------ reductions


def _reduce_shape(op):
    x, axes_t = op._inputs
    keep = op._attrs["keep_dims"]
    shape = x._shape
    if axes_t._shape.ndims is not None and axes_t._shape.ndims > 1:
        raise ValueError("Shape must be at most rank 1 but is rank %d" % axes_t._shape.ndims)
    axes = _const_value(axes_t)
    if shape.ndims is None:
        return TensorShape(None)
    rank = shape.ndims
    if axes is None:
        if axes_t._shape.as_tuple() == (0,):
            return shape
        return TensorShape([None] * rank) if keep else TensorShape(None)
    reduced = set()
    for a in np.asarray(axes).reshape(-1).tolist():
        if a < -rank or a >= rank:
            raise ValueError("Invalid reduction dimension %d for input with %d dimensions"
                             % (a, rank))
        reduced.add(a % rank)
    dims = shape.as_tuple()
    if keep:
        return TensorShape([1 if i in reduced else d for i, d in enumerate(dims)])
    return TensorShape([d for i, d in enumerate(dims) if i not in reduced])


def _axes(x, axes):
    """The sorted, non-negative reduction axes; out-of-range or repeated axes fail at run time
    (the static check cannot see repeats such as [0, -2] for a matrix, nor fed axes)."""
    rank = np.ndim(x)
    result = set()
    for a in np.asarray(axes).reshape(-1).tolist():
        if a < -rank or a >= rank:
            raise errors.InvalidArgumentError(
                None, None, "Invalid reduction dimension (%d for input with %d dimension(s)"
                % (a, rank))
        if a % rank in result:
            raise errors.InvalidArgumentError(
                None, None, "Invalid reduction arguments: Axes contains duplicate dimension: %d"
                % (a % rank))
        result.add(a % rank)
    return tuple(sorted(result))


def _sum_kernel(x, axes, *, keep_dims):
    return np.sum(x, axis=_axes(x, axes), dtype=x.dtype, keepdims=keep_dims)


def _prod_kernel(x, axes, *, keep_dims):
    return np.prod(x, axis=_axes(x, axes), dtype=x.dtype, keepdims=keep_dims)


def _mean_kernel(x, axes, *, keep_dims):
    ax = _axes(x, axes)
    n = 1
    for a in ax:
        n *= x.shape[a]
    if x.dtype.kind in "iu":
        s = np.sum(x, axis=ax, dtype=x.dtype, keepdims=keep_dims)
        if n == 0:
            return np.zeros_like(s)  # TF's integer mean of nothing is 0
        q = s // n
        if x.dtype.kind == "i":
            q = q + ((q < 0) & (q * n != s))  # C-style truncation toward zero, as TF
        return np.asarray(q, dtype=x.dtype)
    if x.dtype == np.float16:
        return np.mean(x, axis=ax, dtype=np.float32, keepdims=keep_dims).astype(np.float16)
    s = np.sum(x, axis=ax, keepdims=keep_dims)
    return np.asarray(np.true_divide(s, n), dtype=x.dtype)  # empty: 0/0 = nan, as TF


def _extreme_kernel(fn, identity):
    def kernel(x, axes, *, keep_dims):
        ax = _axes(x, axes)
        if np.size(x) == 0:  # TF reduces an empty axis to the reduction's identity
            return fn(x, axis=ax, keepdims=keep_dims, initial=identity(x.dtype))
        return fn(x, axis=ax, keepdims=keep_dims)
    return kernel


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def _highest(dtype):
    return np.inf if dtype.kind == "f" else np.iinfo(dtype).max


def _logical_reduce_kernel(fn):
    def kernel(x, axes, *, keep_dims):
        return fn(x, axis=_axes(x, axes), keepdims=keep_dims)
    return kernel


def _sum_grad(op, grad):
    return [_tile_to_input(op, grad), None]


def _mean_grad(op, grad):
    """Sum's gradient divided by the number of elements averaged; the division is done on the
    small gradient, before it is spread out (the same values as TF's divide-after-tile)."""
    from interflow.ops import array_ops
    x, y = op._inputs[0], op._outputs[0]
    if x._shape.is_fully_defined() and y._shape.is_fully_defined():
        factor = x._shape.num_elements() // max(y._shape.num_elements(), 1)
        if grad._shape.ndims == 0:
            return [_tile_to_input(op, _fold(grad, np.true_divide, factor)), None]
        factor = constant(factor, dtype=grad.dtype.base_dtype)
    else:
        n_y = y._shape.num_elements() if y._shape.is_fully_defined() else None
        size_y = max(n_y, 1) if n_y is not None else maximum(array_ops.size(y), 1)
        factor = cast(floordiv(array_ops.size(x), size_y), grad.dtype.base_dtype)
    return [_tile_to_input(op, realdiv(grad, factor)), None]


def _min_max_grad(op, grad):
    """Max and Min: the gradient goes to the elements equal to the result, split equally among
    ties (TF1's rule)."""
    x, axes = op._inputs
    y = _with_kept_dims(op, op._outputs[0])
    grad = _with_kept_dims(op, grad)
    indicators = cast(equal(y, x), grad.dtype.base_dtype)
    num_selected = reduce_sum(indicators, axes, keepdims=True)
    return [indicators / num_selected * grad, None]


def _prod_grad(op, grad):
    """The product of the other elements of each slice, also where x has zeros.

    TF1 uses two exclusive cumprods; here the zeros are counted instead (as TF's SegmentProd
    gradient does): with no zero, y / x; with one zero, the product of the rest at the zero
    and 0 elsewhere; with two or more, 0 everywhere.
    """
    x, axes = op._inputs
    y = _with_kept_dims(op, op._outputs[0])
    grad = _with_kept_dims(op, grad)
    dtype = x.dtype.base_dtype
    is_zero = cast(equal(x, 0), dtype)
    nonzero = x + is_zero  # zeros replaced by ones
    one_zero = cast(equal(reduce_sum(is_zero, axes, keepdims=True), 1), dtype)
    rest = reduce_prod(nonzero, axes, keepdims=True) * one_zero
    partial = y / nonzero + is_zero * rest
    return [grad * conj(partial), None]


_REDUCTIONS = [("Sum", _sum_kernel, _NUMERIC, _sum_grad),
               ("Prod", _prod_kernel, _NUMERIC, _prod_grad),
               ("Mean", _mean_kernel, _NUMERIC, _mean_grad),
               ("Max", _extreme_kernel(np.max, _lowest), _REAL, _min_max_grad),
               ("Min", _extreme_kernel(np.min, _highest), _REAL, _min_max_grad)]
for _type, _kernel, _allowed, _gradient in _REDUCTIONS:
    define_op(_type, _kernel, _reduce_shape, _gradient, input_names=_REDUCTION,
              same_dtype=(0,), allowed_dtypes=_allowed, kernel_attrs=("keep_dims",),
              fresh_output=True)
for _type, _fn in (("Any", np.any), ("All", np.all)):
    define_op(_type, _logical_reduce_kernel(_fn), _reduce_shape, input_names=_REDUCTION,
              same_dtype=(), type_attr=None, output_dtype=_bool_output,
              kernel_attrs=("keep_dims",), fresh_output=True, differentiable=False)


def _reduction_dims(x, axis):
    """The reduction_indices tensor for `axis`; for None, all dims (TF's _ReductionDims)."""
    if axis is not None:
        return axis
    shape = getattr(x, "shape", None) if _is_symbolic(x) else None
    if isinstance(shape, TensorShape) and shape.ndims is not None:
        return constant(np.arange(shape.ndims, dtype=np.int32))
    from interflow.ops import array_ops  # tf.range and tf.rank live there
    return array_ops.range(0, array_ops.rank(x))


def _reduce(op_type, input_tensor, axis, keepdims, name, reduction_indices, keep_dims):
    axis = _deprecated_lookup("axis", axis, "reduction_indices", reduction_indices)
    keepdims = _deprecated_lookup("keepdims", keepdims, "keep_dims", keep_dims)
    keepdims = False if keepdims is None else bool(keepdims)
    fixed = dtypes.bool_ if op_type in ("Any", "All") else None
    graph = graph_of([input_tensor, axis])
    with graph.as_default():
        dims = _reduction_dims(input_tensor, axis)
        with graph.name_scope(name or op_type) as scope:
            x = _convert_input(input_tensor, "input", None, fixed, op_type)
            dims = convert_to_tensor(dims, name="reduction_indices",
                                     preferred_dtype=dtypes.int32)
            _check_index_dtype(dims, "reduction_indices")
            out = apply_op(op_type, [x, dims], {"keep_dims": keepdims,
                                                "Tidx": dims.dtype.base_dtype}, name=scope)
    if axis is None and not keepdims and not out.shape.is_fully_defined():
        out.set_shape([])  # reducing everything always gives a scalar
    return out


def reduce_sum(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
               keep_dims=None):
    """Sum over `axis` (all dims if None); the result keeps the input's dtype."""
    return _reduce("Sum", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_mean(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                keep_dims=None):
    """Mean over `axis`; integer means truncate toward zero and stay integers, as in TF."""
    return _reduce("Mean", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_max(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
               keep_dims=None):
    """Maximum over `axis` (-inf, or the dtype's minimum, for an empty axis)."""
    return _reduce("Max", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_min(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
               keep_dims=None):
    """Minimum over `axis` (inf, or the dtype's maximum, for an empty axis)."""
    return _reduce("Min", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_prod(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                keep_dims=None):
    """Product over `axis`."""
    return _reduce("Prod", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_any(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
               keep_dims=None):
    """Logical OR over `axis` of a bool tensor."""
    return _reduce("Any", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_all(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
               keep_dims=None):
    """Logical AND over `axis` of a bool tensor."""
    return _reduce("All", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_logsumexp(input_tensor, axis=None, keepdims=None, name=None,
                     reduction_indices=None, keep_dims=None):
    """log(sum(exp(x))) over `axis`, computed without overflow (TF1's composite)."""
    from interflow.ops import array_ops  # where, zeros_like, reshape, shape live there
    axis = _deprecated_lookup("axis", axis, "reduction_indices", reduction_indices)
    keepdims = _deprecated_lookup("keepdims", keepdims, "keep_dims", keep_dims)
    keepdims = False if keepdims is None else bool(keepdims)
    graph = graph_of([input_tensor, axis])
    with graph.as_default():
        x = convert_to_tensor(input_tensor)
        with graph.name_scope(name or "ReduceLogSumExp") as scope:
            raw_max = reduce_max(x, axis=axis, keepdims=True)
            # An infinite max would make x - max nan; shift by 0 there instead.
            my_max = array_ops.stop_gradient(array_ops.where(
                is_finite(raw_max), raw_max, array_ops.zeros_like(raw_max)))
            result = log(reduce_sum(exp(subtract(x, my_max)), axis, keepdims=keepdims))
            if not keepdims:
                my_max = array_ops.reshape(my_max, array_ops.shape(result))
            result = apply_op("Add", [result, my_max], name=scope)
    if axis is None and not keepdims and not result.shape.is_fully_defined():
        result.set_shape([])
    return result


def count_nonzero(input_tensor, axis=None, keepdims=None, dtype=dtypes.int64, name=None,
                  reduction_indices=None, keep_dims=None):
    """The number of non-zero elements over `axis` (int64 by default)."""
    keepdims = _deprecated_lookup("keepdims", keepdims, "keep_dims", keep_dims)
    axis = _deprecated_lookup("axis", axis, "reduction_indices", reduction_indices)
    graph = graph_of([input_tensor])
    with graph.as_default(), graph.name_scope(name or "count_nonzero"):
        x = convert_to_tensor(input_tensor, name="input_tensor")
        if x.dtype.base_dtype is not dtypes.bool_:
            zero = constant(np.zeros((), dtype=x.dtype.as_numpy_dtype), name="zeros")
            x = not_equal(x, zero)
        nonzero = cast(x, dtypes.int64)
        return cast(reduce_sum(nonzero, axis=axis, keepdims=bool(keepdims)), dtype=dtype)


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


def _index_dtype(t, arg):
    _check_index_dtype(t, arg)
    return t.dtype.base_dtype


def argmax(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
    """The index of the largest value along `axis` (default 0), as int64."""
    return _arg_min_max("ArgMax", input, axis, dimension, output_type, name)


def argmin(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
    """The index of the smallest value along `axis` (default 0), as int64."""
    return _arg_min_max("ArgMin", input, axis, dimension, output_type, name)


def _cumsum_kernel(x, axis, *, exclusive, reverse):
    axis = int(axis)
    if not -np.ndim(x) <= axis < np.ndim(x):
        raise errors.InvalidArgumentError(None, None, "ValueError: axis %d is out of range for "
                                          "a tensor of rank %d" % (axis, np.ndim(x)))
    if reverse:
        x = np.flip(x, axis)
    r = np.cumsum(x, axis=axis, dtype=x.dtype)
    if exclusive:
        shifted = np.zeros_like(r)
        index = [slice(None)] * r.ndim
        index[axis] = slice(1, None)
        source = [slice(None)] * r.ndim
        source[axis] = slice(None, -1)
        shifted[tuple(index)] = r[tuple(source)]
        r = shifted
    return np.ascontiguousarray(np.flip(r, axis)) if reverse else r


def _cumsum_grad(op, grad):
    """A cumsum in the other direction."""
    return [cumsum(grad, op._inputs[1], exclusive=op._attrs["exclusive"],
                   reverse=not op._attrs["reverse"]), None]


define_op("Cumsum", _cumsum_kernel, same_as_input, _cumsum_grad, input_names=("x", "axis"),
          same_dtype=(0,), allowed_dtypes=_NUMERIC, kernel_attrs=("exclusive", "reverse"),
          fresh_output=True)


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Running sums along `axis`; `exclusive` starts at 0, `reverse` sums from the end."""
    return _apply_in_scope("Cumsum", [(x, "x", None), (axis, "axis", dtypes.int32)], name,
                           attrs=lambda ts: {"exclusive": bool(exclusive),
                                             "reverse": bool(reverse),
                                             "Tidx": _index_dtype(ts[1], "axis")})


def _add_n_shape(op):
    shape = op._inputs[0]._shape
    for t in op._inputs[1:]:
        shape = _merge_shapes(shape, t._shape)
    return shape


def _merge_shapes(a, b):
    if a.ndims is None:
        return b
    if b.ndims is None:
        return a
    if a.ndims != b.ndims:
        raise ValueError("Shapes must be equal rank, but are %d and %d" % (a.ndims, b.ndims))
    dims = []
    for i, (x, y) in enumerate(zip(a.as_tuple(), b.as_tuple())):
        if x is not None and y is not None and x != y:
            raise ValueError("Dimension %d in both shapes must be equal, but are %d and %d. "
                             "Shapes are %s and %s." % (i, x, y, shape_text(a), shape_text(b)))
        dims.append(x if x is not None else y)
    return TensorShape(dims)


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
                from interflow.ops import array_ops
                return array_ops.identity(inputs[0], name=name)
            return inputs[0]
        kinds = [t.dtype.base_dtype for t in inputs]
        if any(k is not kinds[0] for k in kinds):
            raise TypeError("Tensors in list passed to 'inputs' of 'AddN' Op have types [%s] "
                            "that don't all match." % ", ".join(k.name for k in kinds))
        return apply_op("AddN", inputs, {"N": len(inputs)}, name=name or "AddN")


# -------------------------------------------------------------------------------- casting


def _cast_kernel(x, *, DstT):
    dst = DstT.np_dtype
    if x.dtype == object or dst == object:
        raise NotImplementedError("Cast %s to %s is not supported"
                                  % (dtypes.as_dtype(x.dtype).name, DstT.name))
    if x.dtype.kind == "c" and dst.kind != "c":
        x = x.real  # TF drops the imaginary part
    return x.astype(dst)


def _cast_grad(op, grad):
    """Cast back, between floating and complex types only: integers carry no gradient."""
    src = op._inputs[0].dtype.base_dtype
    if src in _INEXACT and grad.dtype.base_dtype in _INEXACT:
        return [cast(grad, src)]
    return [None]


define_op("Cast", _cast_kernel, same_as_input, _cast_grad, type_attr="SrcT",
          kernel_attrs=("DstT",), output_dtype=lambda op: op._attrs["DstT"], fresh_output=True)


def cast(x, dtype, name=None):
    """`x` converted to `dtype` (floats to integers truncate toward zero); no op if equal."""
    base = dtypes.as_dtype(dtype).base_dtype
    if isinstance(x, Tensor) and x.dtype.base_dtype is base:
        return x
    graph = graph_of([x])
    with graph.as_default(), graph.name_scope(name or "Cast") as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype is not base:
            x = apply_op("Cast", [x], {"SrcT": x.dtype.base_dtype, "DstT": base,
                                       "Truncate": False}, name=scope)
        return x


def to_float(x, name="ToFloat"):
    """cast(x, tf.float32)."""
    return cast(x, dtypes.float32, name=name)


def to_double(x, name="ToDouble"):
    """cast(x, tf.float64)."""
    return cast(x, dtypes.float64, name=name)


def to_int32(x, name="ToInt32"):
    """cast(x, tf.int32)."""
    return cast(x, dtypes.int32, name=name)


def to_int64(x, name="ToInt64"):
    """cast(x, tf.int64)."""
    return cast(x, dtypes.int64, name=name)


def saturate_cast(value, dtype, name=None):
    """cast(value, dtype), first clamping `value` to the range `dtype` can represent."""
    graph = graph_of([value])
    with graph.as_default(), graph.name_scope(name or "saturate_cast") as scope:
        value = convert_to_tensor(value, name="value")
        dtype = dtypes.as_dtype(dtype).base_dtype
        if value.dtype.min < dtype.min:
            value = maximum(value, convert_to_tensor(dtype.min, dtype=value.dtype, name="min"))
        if value.dtype.max > dtype.max:
            value = minimum(value, convert_to_tensor(dtype.max, dtype=value.dtype, name="max"))
        return cast(value, dtype, name=scope)


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """min(max(t, clip_value_min), clip_value_max); the bounds may not enlarge t's shape."""
    graph = graph_of([t, clip_value_min, clip_value_max])
    with graph.as_default(), graph.name_scope(name or "clip_by_value") as scope:
        t = convert_to_tensor(t, name="t")
        t_min = minimum(t, clip_value_max)
        _check_not_broadcast(t, t_min)
        t_max = maximum(t_min, clip_value_min, name=scope)
        _check_not_broadcast(t, t_max)
        return t_max


def _check_not_broadcast(t, result):
    if not t.shape.is_compatible_with(result.shape):
        raise ValueError("Shapes %s and %s are incompatible" % (t.shape, result.shape))


# ---------------------------------------------------------------------- operator overloads


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
