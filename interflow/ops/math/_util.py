"""Helpers the math op modules share: dtype sets, argument conversion, gradient scaling."""

import numpy as np

from interflow.framework import dtypes, errors
from interflow.framework.common_shapes import shape_text
from interflow.framework.op_registry import apply_op, graph_of
from interflow.framework.operation import Tensor
from interflow.framework.shapes import TensorShape
from interflow.framework.tensor_conversion import constant, convert_to_tensor


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


def _index_dtype(t, arg):
    _check_index_dtype(t, arg)
    return t.dtype.base_dtype


def _matrix_text(x):
    return shape_text(TensorShape(np.shape(x)))


def _bool_output(op):
    return dtypes.bool_


def _unary(op_type, public_name, doc):
    def wrapper(x, name=None):
        return apply_op(op_type, [x], name=name or op_type)
    wrapper.__name__ = wrapper.__qualname__ = public_name
    wrapper.__doc__ = doc
    return wrapper


# --------------------------------------------------------------------------- gradient scaling
# The gradient of a full sum or mean is a Fill of one scalar: unary ops' gradients multiply by
# that scalar rather than build the filled array.


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
    from interflow.ops.math.binary import realdiv  # binary imports this module
    return realdiv(v, constant(c, dtype=dtype))


def _scale(op, grad, full):
    """grad * full for the unary elementwise `op` (`full` has the shape of its input), or
    full * v when grad = Fill(that shape, v)."""
    v = _fill_value(grad, op)
    return grad * full if v is None else full * v
