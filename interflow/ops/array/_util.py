"""Helpers the array op modules share: run-time errors, index arguments, list inputs."""

import builtins
import numbers

import numpy as np

from interflow.framework import dtypes, errors
from interflow.framework.operation import Tensor
from interflow.framework.shapes import Dimension
from interflow.framework.tensor_conversion import convert_to_tensor

# The array modules define tf.range and tf.slice; Python's own are needed inside them.
_py_range = builtins.range
_py_slice = builtins.slice

_INDEX_TYPES = (dtypes.int32, dtypes.int64)


def _invalid(message):
    """A run-time error raised by a kernel; the executor adds the op and the user's line."""
    return errors.InvalidArgumentError(None, None, message)


def _dims_text(dims):
    return "[%s]" % ",".join("?" if d is None else str(d) for d in dims)


def _single_or_tuple(values):
    # A plan stores a one-output op's result as is, several outputs as a tuple.
    return values[0] if len(values) == 1 else tuple(values)


def _int_list(vector):
    """A kernel's index vector (begin, size, dims...) as a list of Python ints."""
    if type(vector) is np.ndarray and vector.ndim == 1:
        return vector.tolist()
    return [int(v) for v in np.reshape(vector, -1)]


def _as_array(value, dtype):
    """NumPy indexing may return a bare scalar (bytes for strings); kernels return arrays."""
    return value if type(value) is np.ndarray else np.asarray(value, dtype=dtype)


def _index_input(op, i, arg, attr=None):
    """Checks that input `i` is int32/int64 and records its type in attr `attr` (Tshape,
    Tidx, ...), which TF stores on the node; it is known only once inputs are converted."""
    dt = op._inputs[i]._dtype.base_dtype
    if dt not in _INDEX_TYPES:
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed "
                        "values: int32, int64" % (arg, dt.name))
    if attr:
        op._attrs[attr] = dt


def _as_int(value, arg):
    """An int attr from `value` (TF's _MakeInt): TypeError for floats, None, inf..."""
    if isinstance(value, Dimension) and value.value is not None:
        return value.value
    if isinstance(value, (numbers.Integral, np.integer)):
        return int(value)
    raise TypeError("Expected int for argument '%s' not %r." % (arg, value))


def _index_arg(value):
    """TF converts index arguments (shapes, axes, indices) preferring int32, so an empty list
    is an empty int32 vector rather than float32."""
    if isinstance(value, (list, tuple)) and len(value) == 0:
        return np.zeros(0, np.int32)
    return value


def _identity_dtype(op):
    return op._inputs[0]._dtype.base_dtype


# ------------------------------------------------------------------------ list inputs

def _is_tensor_like(value):
    # Variables convert themselves (to their `read` snapshot); they carry _as_graph_element.
    return isinstance(value, Tensor) or (hasattr(type(value), "_as_graph_element")
                                         and hasattr(value, "dtype"))


_PLAIN_TYPES = frozenset([int, float, bool, complex, str, bytes, type(None)])


def _dtype_from_nested(values):
    for v in values:
        if type(v) in _PLAIN_TYPES or isinstance(v, (np.ndarray, np.generic)):
            continue
        if _is_tensor_like(v):
            return v.dtype.base_dtype
        if isinstance(v, (list, tuple)):
            found = _dtype_from_nested(v)
            if found is not None:
                return found
    return None


def _math():
    from interflow.ops import math_ops  # math_ops imports the array modules
    return math_ops


def _cast(x, dtype):
    return _math().cast(x, dtype)


def _convert_list(values, arg, op_type):
    """Converts a list input as TF's op wrappers do: elements named 'values_0', 'values_1',
    plain values taking the dtype of the first tensor; all must then share one dtype."""
    dtype = _dtype_from_nested([v for v in values if _is_tensor_like(v)])
    tensors = []
    for i, v in enumerate(values):
        want = None if _is_tensor_like(v) else dtype
        tensors.append(convert_to_tensor(v, dtype=want, name="%s_%d" % (arg, i)))
    types = [t.dtype.base_dtype for t in tensors]
    if len(set(types)) > 1:
        raise TypeError("Tensors in list passed to '%s' of '%s' Op have types [%s] that don't "
                        "all match." % (arg, op_type, ", ".join(d.name for d in types)))
    return tensors
