"""convert_to_tensor and tf.constant: Python and NumPy values become Const ops, with TF's dtype rules."""

import numbers

import numpy as np

from interflow.framework import dtypes
from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.operation import Tensor
from interflow.framework.shapes import TensorShape

__all__ = ["constant", "convert_to_tensor", "register_tensor_conversion_function",
           "to_numpy"]

_CONVERSION_FUNCTIONS = []  # (priority, base_type, func), tried in priority order


def register_tensor_conversion_function(base_type, conversion_func, priority=100):
    """Teaches convert_to_tensor a new type: `conversion_func(value, dtype, name, as_ref)`."""
    if not callable(conversion_func):
        raise TypeError("conversion_func must be callable.")
    _CONVERSION_FUNCTIONS.append((priority, base_type, conversion_func))
    _CONVERSION_FUNCTIONS.sort(key=lambda entry: entry[0])


def _const_kernel(*, value):
    return value


define_op("Const", _const_kernel, lambda op: TensorShape(op._attrs["value"].shape),
          input_names=(), kernel_attrs=("value",), type_attr=None,
          output_dtype=lambda op: op._attrs["dtype"], differentiable=False)


def _incompatible(value, dtype):
    return TypeError("Expected %s, got %s of type '%s' instead."
                     % (dtype.name, _short_repr(value), type(value).__name__))


def _short_repr(value):
    text = repr(value)
    return text if len(text) < 80 else text[:76] + "...]"


def _check_python_values(value, dtype):
    """TF refuses Python values that do not fit `dtype` (2.5 for int32), instead of casting."""
    if isinstance(value, (list, tuple)):
        for v in value:
            _check_python_values(v, dtype)
        return
    if isinstance(value, (np.ndarray, np.generic)):
        return
    if dtype.is_bool:
        ok = isinstance(value, (bool, np.bool_))
    elif dtype.is_integer:
        ok = isinstance(value, numbers.Integral)
    elif dtype.is_floating:
        ok = isinstance(value, numbers.Real)
    elif dtype.is_complex:
        ok = isinstance(value, numbers.Number)
    elif dtype is dtypes.string:
        ok = isinstance(value, (str, bytes))
    else:
        ok = True
    if not ok:
        raise _incompatible(value, dtype)


def _infer_python_dtype(arr, value):
    kind = arr.dtype.kind
    if kind == "f":
        return dtypes.float32
    if kind in "iu":
        if arr.size and (arr.max() > np.iinfo(np.int32).max or arr.min() < np.iinfo(np.int32).min):
            return dtypes.int64
        return dtypes.int32
    if kind == "b":
        return dtypes.bool_
    if kind == "c":
        return dtypes.complex128
    if kind in "USO":
        return dtypes.string
    raise TypeError("Failed to convert object of type %s to Tensor. Contents: %s. Consider "
                    "casting elements to a supported type." % (type(value).__name__,
                                                             _short_repr(value)))


def _to_strings(arr):
    out = np.empty(arr.shape, dtype=object)
    flat = out.reshape(-1)
    for i, v in enumerate(arr.reshape(-1)):
        flat[i] = v.encode() if isinstance(v, str) else bytes(v)
    return out


def to_numpy(value, dtype=None):
    """The NumPy array a Const of `value` holds, with TF's dtype inference (int -> int32,
    float -> float32, NumPy keeps its dtype) or conversion to `dtype`."""
    dtype = None if dtype is None else dtypes.as_dtype(dtype).base_dtype
    kind = type(value)
    if kind is float or kind is int:  # the common case, kept quick for graph building
        if dtype is None:
            dtype = dtypes.float32 if kind is float else (
                dtypes.int32 if -2**31 <= value < 2**31 else dtypes.int64)
        elif kind is float and not (dtype.is_floating or dtype.is_complex):
            raise _incompatible(value, dtype)
        elif dtype is dtypes.string or dtype is dtypes.bool_:
            raise _incompatible(value, dtype)
        try:
            return np.array(value, dtype=dtype.np_dtype), dtype
        except OverflowError:
            raise _incompatible(value, dtype) from None
    if isinstance(value, (np.ndarray, np.generic)):
        arr = np.asarray(value)
        if dtype is None:
            dtype = dtypes.as_dtype(arr.dtype)
        elif arr.dtype != dtype.np_dtype:
            if dtype is dtypes.string or arr.dtype.kind in "USO":
                if not (dtype is dtypes.string and arr.dtype.kind in "USO"):
                    raise _incompatible(value, dtype)
            else:
                arr = arr.astype(dtype.np_dtype)
    else:
        if dtype is not None:
            _check_python_values(value, dtype)
        try:
            arr = np.array(value)
        except ValueError:
            raise ValueError("Argument must be a dense tensor: %s - the nested lists have "
                             "different lengths." % _short_repr(value)) from None
        except NotImplementedError:
            # A Tensor or Variable inside the list refused __array__ (tf.constant([t1, t2])).
            raise TypeError("List of Tensors when single Tensor expected") from None
        if arr.dtype == object and not _all_strings(arr):
            if any(isinstance(v, Tensor) for v in _leaves(value)):
                raise TypeError("List of Tensors when single Tensor expected")
            raise ValueError("Argument must be a dense tensor: %s - the nested lists have "
                             "different lengths or mixed types." % _short_repr(value))
        if dtype is None:
            dtype = _infer_python_dtype(arr, value)
        if dtype is not dtypes.string:
            try:
                arr = arr.astype(dtype.np_dtype)
            except (TypeError, ValueError):
                raise _incompatible(value, dtype) from None
    if dtype is dtypes.string and arr.dtype != object:
        arr = _to_strings(arr)
    return arr, dtype


def _all_strings(arr):
    return all(isinstance(v, (str, bytes)) for v in arr.reshape(-1))


def _leaves(value):
    if isinstance(value, (list, tuple)):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def _reshape_to(arr, shape, verify_shape):
    shape = tuple(int(d) for d in shape)
    if arr.shape == shape:
        return arr
    if verify_shape:
        raise TypeError("Expected Tensor's shape: %s, but got %s." % (shape, arr.shape))
    needed = int(np.prod(shape))
    if arr.size == needed:
        return arr.reshape(shape)
    if arr.size == 1:
        return np.broadcast_to(arr.reshape(()), shape).copy()
    if arr.size > needed:
        raise ValueError("Too many elements provided. Needed at most %d, but received %d"
                         % (needed, arr.size))
    if arr.size == 0:
        raise ValueError("Cannot create a tensor of shape %s from an empty value." % (shape,))
    # TF1 pads a short value with its last element.
    flat = np.concatenate([arr.reshape(-1), np.repeat(arr.reshape(-1)[-1:], needed - arr.size)])
    return flat.reshape(shape)


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    """A Const op holding `value` (converted to `dtype`, reshaped or broadcast to `shape`)."""
    if isinstance(value, Tensor):
        raise TypeError("tf.constant() takes a value, not a Tensor (%s). Use tf.identity or the "
                        "tensor itself." % value.name)
    arr, dt = to_numpy(value, dtype)
    if shape is not None:
        arr = _reshape_to(arr, TensorShape(shape).as_list(), verify_shape)
    if arr.base is not None or arr.flags.writeable:
        arr = np.array(arr, copy=True)
    arr.flags.writeable = False  # a constant's buffer must never be written, even by mistake
    return apply_op("Const", [], {"value": arr, "dtype": dt}, name=name)


def convert_to_tensor(value, dtype=None, name=None, preferred_dtype=None, as_ref=False):
    """Returns `value` as a Tensor: tensors pass through (dtype checked), registered types
    (Variables) convert themselves, anything else becomes a Const."""
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
    if isinstance(value, Tensor):
        if dtype is not None and not dtype.base_dtype.is_compatible_with(value._dtype.base_dtype):
            raise ValueError("Tensor conversion requested dtype %s for Tensor with dtype %s: %r"
                             % (dtype.name, value._dtype.name, value))
        return value
    for _, base_type, func in _CONVERSION_FUNCTIONS:
        if isinstance(value, base_type):
            result = func(value, dtype=dtype, name=name, as_ref=as_ref)
            if result is not NotImplemented:
                if dtype is not None and result._dtype.base_dtype is not dtype.base_dtype:
                    raise ValueError("Tensor conversion requested dtype %s for Tensor with "
                                     "dtype %s: %r" % (dtype.name, result._dtype.name, result))
                return result
    if dtype is None and preferred_dtype is not None:
        try:
            arr, _ = to_numpy(value, preferred_dtype)
            return constant(arr, name=name or "Const")
        except (TypeError, ValueError):
            pass
    if hasattr(value, "_as_graph_element") and not isinstance(value, (list, tuple)):
        raise TypeError("Can not convert a %s into a Tensor." % type(value).__name__)
    return constant(value, dtype=dtype, name=name or "Const")


def convert_n_to_tensor(values, dtype=None, name=None):
    return [convert_to_tensor(v, dtype=dtype, name=None if name is None else "%s_%d" % (name, i))
            for i, v in enumerate(values)]
