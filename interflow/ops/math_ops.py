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


# ------------------------------------------------------------------- elementwise binary ops

define_op("Add", np.add, broadcast, input_names=_BINARY, elementwise=True,
          allowed_dtypes=_NUMERIC | {dtypes.string})
# TF2-era graphs (and TF >= 1.15's `+`) use AddV2: the same sum without strings. interflow's
# own wrappers build TF1's Add; AddV2 is here so imported GraphDefs run.
define_op("AddV2", np.add, broadcast, input_names=_BINARY, elementwise=True,
          allowed_dtypes=_NUMERIC)
define_op("Sub", np.subtract, broadcast, input_names=_BINARY, elementwise=True,
          allowed_dtypes=_NUMERIC)
define_op("Mul", np.multiply, broadcast, input_names=_BINARY, elementwise=True,
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


define_op("RealDiv", _realdiv_kernel, broadcast, input_names=_BINARY, elementwise=True,
          allowed_dtypes=_NUMERIC)
define_op("FloorDiv", _integer_checked(np.floor_divide), broadcast,
          input_names=_BINARY, elementwise=True, allowed_dtypes=_NUMERIC)
define_op("FloorMod", _integer_checked(np.mod), broadcast, input_names=_BINARY,
          elementwise=True, allowed_dtypes=_REAL)
define_op("Pow", _pow_kernel, broadcast, input_names=_BINARY, elementwise=True,
          allowed_dtypes=_SIGNED | _COMPLEX)
define_op("Maximum", np.maximum, broadcast, input_names=_BINARY, elementwise=True,
          allowed_dtypes=_REAL)
define_op("Minimum", np.minimum, broadcast, input_names=_BINARY, elementwise=True,
          allowed_dtypes=_REAL)
define_op("SquaredDifference", _squared_difference_kernel, broadcast,
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


_UNARY = [
    # (op type, kernel, allowed dtypes, elementwise)
    ("Neg", np.negative, _SIGNED | _COMPLEX, True),
    ("Abs", np.absolute, _SIGNED, True),
    ("Sign", np.sign, _SIGNED | _COMPLEX, True),
    ("Square", np.square, _NUMERIC, True),
    ("Sqrt", np.sqrt, _INEXACT, True),
    ("Rsqrt", _rsqrt_kernel, _INEXACT, True),
    ("Exp", np.exp, _INEXACT, True),
    ("Expm1", np.expm1, _INEXACT, True),
    ("Log", np.log, _INEXACT, True),
    ("Log1p", np.log1p, _INEXACT, True),
    ("Sin", np.sin, _INEXACT, True),
    ("Cos", np.cos, _INEXACT, True),
    ("Tan", np.tan, _INEXACT, True),
    ("Tanh", np.tanh, _INEXACT, True),
    ("Sigmoid", _sigmoid_kernel, _INEXACT, False),
    ("Reciprocal", _reciprocal_kernel, _SIGNED | _COMPLEX, True),
    ("Floor", np.floor, _FLOATS, True),
    ("Ceil", np.ceil, _FLOATS, True),
    ("Round", np.rint, _INEXACT, True),  # rint rounds half to even, as TF's Round
    ("Erf", _erf_kernel, _FLOATS, False),
    ("Conj", np.conjugate, _COMPLEX, True),
]
for _type, _kernel, _allowed, _elementwise in _UNARY:
    define_op(_type, _kernel, same_as_input, allowed_dtypes=_allowed, elementwise=_elementwise,
              fresh_output=True)


def _real_dtype_of(dtype):
    return dtypes.float64 if dtype.base_dtype is dtypes.complex128 else dtypes.float32


def _real_dtype(op):
    return _real_dtype_of(op._inputs[0].dtype)


define_op("ComplexAbs", np.absolute, same_as_input, allowed_dtypes=_COMPLEX,
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


_MATMUL_DTYPES = _FLOATS | _INDEX | _COMPLEX
define_op("MatMul", _matmul_kernel, _matmul_shape, input_names=("a", "b"),
          kernel_attrs=("transpose_a", "transpose_b"), allowed_dtypes=_MATMUL_DTYPES,
          fresh_output=True)
define_op("BatchMatMulV2", _batch_matmul_kernel, _batch_matmul_shape,
          input_names=("x", "y"), kernel_attrs=("adj_x", "adj_y"),
          allowed_dtypes=_MATMUL_DTYPES, fresh_output=True)
define_op("SparseMatMul", _matmul_kernel, _matmul_shape, input_names=("a", "b"),
          kernel_attrs=("transpose_a", "transpose_b"), allowed_dtypes={dtypes.float32},
          type_attr="Ta", output_dtype=lambda op: dtypes.float32, fresh_output=True)


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


define_op("MatrixInverse", _linalg(_inverse_kernel), _square_matrices_shape,
          input_names=("input",), kernel_attrs=("adjoint",), allowed_dtypes=_INEXACT,
          fresh_output=True)
define_op("MatrixDeterminant", _linalg(np.linalg.det), _determinant_shape,
          input_names=("input",), allowed_dtypes=_INEXACT, fresh_output=True)


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


_REDUCTIONS = [("Sum", _sum_kernel, _NUMERIC), ("Prod", _prod_kernel, _NUMERIC),
               ("Mean", _mean_kernel, _NUMERIC),
               ("Max", _extreme_kernel(np.max, _lowest), _REAL),
               ("Min", _extreme_kernel(np.min, _highest), _REAL)]
for _type, _kernel, _allowed in _REDUCTIONS:
    define_op(_type, _kernel, _reduce_shape, input_names=_REDUCTION, same_dtype=(0,),
              allowed_dtypes=_allowed, kernel_attrs=("keep_dims",), fresh_output=True)
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


define_op("Cumsum", _cumsum_kernel, same_as_input, input_names=("x", "axis"),
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


define_op("AddN", _add_n_kernel, _add_n_shape, input_names=("inputs",),
          list_input=True, allowed_dtypes=_NUMERIC, fresh_output=True)


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


define_op("Cast", _cast_kernel, same_as_input, type_attr="SrcT", kernel_attrs=("DstT",),
          output_dtype=lambda op: op._attrs["DstT"], fresh_output=True)


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
