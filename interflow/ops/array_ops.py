"""Array ops: placeholders, identity, shapes, reshaping, joining and splitting, slicing and
gathering, filling, list auto-packing, Tensor.__getitem__ (TF1's strided-slice grammar), and
their gradients (in the last section)."""

import builtins
import numbers

import numpy as np

from interflow.framework import dtypes, errors
from interflow.framework.api import name_scope as _name_scope
from interflow.framework.common_shapes import same_as_input, scalar_shape, shape_text
from interflow.framework.op_registry import apply_op, define_op, get_op_def
from interflow.framework.operation import Operation, Tensor
from interflow.framework.shapes import Dimension, TensorShape, as_shape
from interflow.framework.tensor_conversion import (constant, convert_to_tensor,
                                                   register_tensor_conversion_function,
                                                   to_numpy)

__all__ = ["placeholder", "placeholder_with_default", "identity", "constant", "newaxis",
           "reshape", "transpose", "concat", "stack", "unstack", "split", "squeeze",
           "expand_dims", "tile", "pad", "fill", "zeros", "ones", "zeros_like", "ones_like",
           "range", "linspace", "lin_space", "shape", "size", "rank", "where", "gather",
           "one_hot", "slice", "strided_slice", "boolean_mask", "reverse", "reverse_v2",
           "stop_gradient", "identity_n", "broadcast_to", "invert_permutation",
           "matrix_transpose", "diag", "diag_part", "broadcast_gradient_args",
           "unsorted_segment_sum", "shape_n"]

# This module defines tf.range and tf.slice; Python's own are needed inside it.
_py_range = builtins.range
_py_slice = builtins.slice

newaxis = None

_INDEX_TYPES = (dtypes.int32, dtypes.int64)
_UNKNOWN = object()  # a value that exists only at run time (not a masked/omitted one)


_DEFERRED_GRADIENTS = []


def _deferred(name):
    """The gradient function `name` for a define_op call: gradients live in their own section
    at the end of this module (after every op they build), so it is looked up when called."""
    def gradient(op, *grads):
        return globals()[name](op, *grads)
    gradient.__name__ = gradient.__qualname__ = name
    _DEFERRED_GRADIENTS.append(name)
    return gradient


def _invalid(message):
    """A run-time error raised by a kernel; the executor adds the op and the user's line."""
    return errors.InvalidArgumentError(None, None, message)


def _dims_text(dims):
    return "[%s]" % ",".join("?" if d is None else str(d) for d in dims)


def _single_or_tuple(values):
    # A plan stores a one-output op's result as is, several outputs as a tuple.
    return values[0] if len(values) == 1 else tuple(values)


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


def _merge(a, b):
    """Merges two static shapes with TF's messages ('Dimension 0 in both shapes ...')."""
    a, b = as_shape(a), as_shape(b)
    if a.ndims is None:
        return b
    if b.ndims is None:
        return a
    if a.ndims != b.ndims:
        raise ValueError("Shapes must be equal rank, but are %d and %d" % (a.ndims, b.ndims))
    out = []
    for i, (x, y) in enumerate(zip(a.as_tuple(), b.as_tuple())):
        if x is not None and y is not None and x != y:
            raise ValueError("Dimension %d in both shapes must be equal, but are %d and %d. "
                             "Shapes are %s and %s." % (i, x, y, shape_text(a), shape_text(b)))
        out.append(x if x is not None else y)
    return TensorShape(out)


# ---------------------------------------------------------------------------- static values

def _constant_value(t, depth=0):
    """The value of `t` if it is known while building (a Const, or a few ops TF folds the
    same way: Shape/Size/Rank of static shapes, Pack and ConcatV2 of known values), else None."""
    op = t._op
    kind = op._type
    while kind in ("Identity", "StopGradient") and depth < 64:
        op = op._inputs[0]._op
        kind = op._type
        depth += 1
    if kind == "Const":
        return op._attrs["value"]
    if depth > 64:
        return None
    if kind == "Shape":
        s = op._inputs[0]._shape
        if s.is_fully_defined():
            return np.array(s.as_list(), dtype=op._attrs["out_type"].np_dtype)
    elif kind == "Size":
        n = op._inputs[0]._shape.num_elements()
        if n is not None:
            return np.array(n, dtype=op._attrs["out_type"].np_dtype)
    elif kind == "Rank":
        if op._inputs[0]._shape.ndims is not None:
            return np.array(op._inputs[0]._shape.ndims, dtype=np.int32)
    elif kind == "Pack":
        values = [_constant_value(x, depth + 1) for x in op._inputs]
        if values and all(v is not None for v in values):
            return np.stack(values, axis=op._attrs["axis"])
    elif kind == "ConcatV2":
        values = [_constant_value(x, depth + 1) for x in op._inputs]
        if all(v is not None for v in values):
            return np.concatenate(values[:-1], axis=int(values[-1]))
    elif kind == "Fill":
        dims, value = (_constant_value(x, depth + 1) for x in op._inputs)
        if dims is not None and value is not None:
            return np.full([int(d) for d in dims], value, dtype=value.dtype)
    elif kind == "Cast" and "DstT" in op._attrs:
        value = _constant_value(op._inputs[0], depth + 1)
        if value is not None and op._attrs["DstT"].is_numpy_compatible:
            return value.astype(op._attrs["DstT"].np_dtype)
    return None


def _partial_vector(t, depth=0):
    """The elements of a 1-D int tensor as ints, None for those known only at run time; None
    when even the length is unknown (TF's constant_value_as_shape, without the shape)."""
    value = _constant_value(t)
    if value is not None:
        return [int(v) for v in value.reshape(-1)] if value.ndim == 1 else None
    op = t._op
    if op._type == "Shape" and op._inputs[0]._shape.ndims is not None:
        return list(op._inputs[0]._shape.as_tuple())
    if op._type == "Pack" and t._shape.ndims == 1 and depth < 64:
        out = []
        for x in op._inputs:
            v = _constant_value(x)
            out.append(int(v) if v is not None and np.ndim(v) == 0 else None)
        return out
    if op._type == "ConcatV2" and depth < 64:
        parts = [_partial_vector(x, depth + 1) for x in op._inputs[:-1]]
        if all(p is not None for p in parts):
            return [d for p in parts for d in p]
    s = t._shape
    if s.ndims == 1 and s.as_tuple()[0] is not None:
        return [None] * s.as_tuple()[0]
    return None


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


def _scalar_value(t):
    value = _constant_value(t)
    return None if value is None or np.ndim(value) != 0 else value.item()


# ---------------------------------------------------------------------------- list auto-packing

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


def _cast_nested(values, dtype):
    out = []
    for v in values:
        if _is_tensor_like(v):
            v = convert_to_tensor(v)
            if v.dtype.base_dtype is not dtype:
                v = _cast(v, dtype)
        elif isinstance(v, (list, tuple)):
            v = _cast_nested(v, dtype)
        out.append(v)
    return out


def _autopacking_helper(values, dtype, name):
    """TF1's _autopacking_helper: packs a nested list holding tensors, converting plain
    elements to Consts named by their position ('packed/1', 'packed/0/1')."""
    must_pack = False
    converted = []
    with _name_scope(name, None, list(values)) as scope:
        for i, elem in enumerate(values):
            if _is_tensor_like(elem):
                elem = convert_to_tensor(elem)
                if dtype is not None and elem.dtype.base_dtype is not dtype:
                    raise TypeError("Cannot convert a list containing a tensor of dtype %s to %s "
                                    "(Tensor is: %r)" % (elem.dtype.name, dtype.name, elem))
                must_pack = True
            elif isinstance(elem, (list, tuple)):
                elem = _autopacking_helper(elem, dtype, str(i))
                if isinstance(elem, Tensor):
                    must_pack = True
            converted.append(elem)
        if not must_pack:
            return converted
        tensors = [e if isinstance(e, Tensor) else constant(e, dtype=dtype, name=str(i))
                   for i, e in enumerate(converted)]
        return _pack_op(tensors, 0, scope)


def _autopacking_conversion_function(value, dtype=None, name=None, as_ref=False):
    """convert_to_tensor of a (nested) list holding tensors: a Pack op named 'packed'."""
    if as_ref:
        return NotImplemented
    inferred = _dtype_from_nested(value)
    if inferred is None:
        return NotImplemented  # plain values: the Const path handles them
    if dtype is None:
        dtype = inferred
    else:
        dtype = dtypes.as_dtype(dtype).base_dtype
        if dtype is not inferred:
            value = _cast_nested(value, dtype)
    return _autopacking_helper(value, dtype, name or "packed")


register_tensor_conversion_function((list, tuple), _autopacking_conversion_function, 99)


def _cast(x, dtype):
    from interflow.ops import math_ops  # math_ops owns Cast
    cast = getattr(math_ops, "cast", None)
    if cast is None:
        raise TypeError("Converting %s to %s needs tf.cast, which is not available."
                        % (x.name, dtype.name))
    return cast(x, dtype)


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


# ---------------------------------------------------------------------------- placeholders

def _placeholder_kernel(**_):
    # Plans refuse an unfed placeholder before anything runs; this is the last line of defence.
    raise errors.InvalidArgumentError(None, None, "You must feed a value for placeholder tensor")


define_op("Placeholder", _placeholder_kernel, lambda op: op._attrs["shape"], input_names=(),
          type_attr=None, output_dtype=lambda op: op._attrs["dtype"], differentiable=False)


def placeholder(dtype, shape=None, name=None):
    """A tensor that must be fed (feed_dict) in every run that needs it.

    `shape` may have None dimensions, or be None for any shape.
    """
    return apply_op("Placeholder", [], {"dtype": dtypes.as_dtype(dtype),
                                        "shape": TensorShape(shape)}, name=name or "Placeholder")


def _check_default_shape(op):
    shape = op._attrs["shape"]
    default = op._inputs[0]._shape
    if not shape.is_compatible_with(default):
        raise ValueError("Shapes %s and %s are incompatible" % (shape_text(shape),
                                                                 shape_text(default)))
    return shape


define_op("PlaceholderWithDefault", lambda x: x, _check_default_shape, input_names=("input",),
          type_attr="dtype", output_dtype=lambda op: op._attrs["dtype"],
          gradient=lambda op, grad: [grad])


def placeholder_with_default(input, shape, name=None):
    """A placeholder that yields `input` when not fed."""
    x = convert_to_tensor(input)
    return apply_op("PlaceholderWithDefault", [x], {"dtype": x.dtype.base_dtype,
                                                    "shape": TensorShape(shape)},
                    name=name or "PlaceholderWithDefault")


def _identity_dtype(op):
    return op._inputs[0]._dtype.base_dtype


define_op("Identity", lambda x: x, same_as_input, output_dtype=_identity_dtype,
          input_names=("input",), gradient=lambda op, grad: [grad])


def identity(input, name=None):
    """The same value as `input` (a ref input is read: Variable/read)."""
    return apply_op("Identity", [input], name=name or "Identity")


define_op("StopGradient", lambda x: x, same_as_input, output_dtype=_identity_dtype,
          input_names=("input",), differentiable=False)


def stop_gradient(input, name=None):
    """The same value as `input`, but tf.gradients treats it as a constant."""
    return apply_op("StopGradient", [input], name=name or "StopGradient")


def _identity_n_kernel(*values):
    return _single_or_tuple(values)


define_op("IdentityN", _identity_n_kernel, lambda op: [t._shape for t in op._inputs],
          num_outputs=lambda op: len(op._inputs), input_names=("input",), same_dtype=(),
          type_attr=None, output_dtype=lambda op: [t._dtype.base_dtype for t in op._inputs],
          gradient=_deferred("_identity_n_grad"))


def identity_n(input, name=None):
    """Each tensor of the list `input`, unchanged (one op, several outputs)."""
    with _name_scope(name, "IdentityN", list(input)) as scope:
        tensors = [convert_to_tensor(v, name="input_%d" % i) for i, v in enumerate(input)]
        out = apply_op("IdentityN", tensors, {"T": [t.dtype.base_dtype for t in tensors]},
                       name=scope)
    return out if isinstance(out, list) else [out]


# ---------------------------------------------------------------------------- shape, size, rank

def _out_type_dtype(op):
    return op._attrs["out_type"]


define_op("Shape", lambda x, *, out_type: np.array(np.shape(x), dtype=out_type.np_dtype),
          lambda op: TensorShape([op._inputs[0]._shape.ndims]), input_names=("input",),
          output_dtype=_out_type_dtype, kernel_attrs=("out_type",), fresh_output=True,
          differentiable=False)
define_op("Size", lambda x, *, out_type: np.array(np.size(x), dtype=out_type.np_dtype),
          scalar_shape, input_names=("input",), output_dtype=_out_type_dtype,
          kernel_attrs=("out_type",), fresh_output=True, differentiable=False)
define_op("Rank", lambda x: np.array(np.ndim(x), dtype=np.int32), scalar_shape,
          input_names=("input",), output_dtype=lambda op: dtypes.int32, fresh_output=True,
          differentiable=False)


def _check_out_type(out_type):
    out_type = dtypes.as_dtype(out_type).base_dtype
    if out_type not in _INDEX_TYPES:
        raise TypeError("out_type must be int32 or int64, not %s" % out_type.name)
    return out_type


def shape_internal(input, name=None, optimize=True, out_type=dtypes.int32):
    """tf.shape; with `optimize`, a Const when the static shape is fully known (as TF1)."""
    out_type = _check_out_type(out_type)
    with _name_scope(name, "Shape", [input]) as scope:
        x = convert_to_tensor(input)
        if optimize and x.shape.is_fully_defined():
            return constant(x.shape.as_list(), dtype=out_type, name=scope)
        return apply_op("Shape", [x], {"out_type": out_type}, name=scope)


def shape(input, name=None, out_type=dtypes.int32):
    """The shape of `input` as a 1-D int32 (or `out_type`) tensor."""
    return shape_internal(input, name, optimize=True, out_type=out_type)


def _shape_n_kernel(*values, out_type):
    return _single_or_tuple([np.array(np.shape(x), dtype=out_type.np_dtype) for x in values])


define_op("ShapeN", _shape_n_kernel, lambda op: [TensorShape([t._shape.ndims])
                                                 for t in op._inputs],
          num_outputs=lambda op: len(op._inputs), input_names=("input",), list_input=True,
          output_dtype=lambda op: [op._attrs["out_type"]] * len(op._inputs),
          kernel_attrs=("out_type",), fresh_output=True, differentiable=False)


def shape_n(input, out_type=dtypes.int32, name=None):
    """The shapes of the tensors `input`, one 1-D int32 (or `out_type`) tensor each."""
    out_type = _check_out_type(out_type)
    values = list(input)
    if not values:
        raise ValueError("List argument 'input' to 'ShapeN' Op with length 0 shorter than "
                         "minimum length 1.")
    with _name_scope(name, "ShapeN", values) as scope:
        tensors = _convert_list(values, "input", "ShapeN")
        out = apply_op("ShapeN", tensors, {"N": len(tensors), "out_type": out_type},
                       name=scope)
    return out if isinstance(out, list) else [out]


def size_internal(input, name=None, optimize=True, out_type=dtypes.int32):
    out_type = _check_out_type(out_type)
    with _name_scope(name, "Size", [input]) as scope:
        x = convert_to_tensor(input)
        s = x.shape
        if optimize:
            if s.is_fully_defined():
                return constant(s.num_elements(), dtype=out_type, name=scope)
            if s.ndims is not None and 0 in s.as_tuple():
                return constant(0, dtype=out_type, name=scope)
        return apply_op("Size", [x], {"out_type": out_type}, name=scope)


def size(input, name=None, out_type=dtypes.int32):
    """The number of elements of `input`, a 0-D int32 (or `out_type`) tensor."""
    return size_internal(input, name, optimize=True, out_type=out_type)


def rank_internal(input, name=None, optimize=True):
    with _name_scope(name, "Rank", [input]) as scope:
        x = convert_to_tensor(input)
        if optimize and x.shape.ndims is not None:
            return constant(x.shape.ndims, dtype=dtypes.int32, name=scope)
        return apply_op("Rank", [x], name=scope)


def rank(input, name=None):
    """The number of dimensions of `input`, a 0-D int32 tensor."""
    return rank_internal(input, name, optimize=True)


# ---------------------------------------------------------------------------- reshape

def _reshape_shape(op):
    x, shape_t = op._inputs
    _index_input(op, 1, "shape", "Tshape")
    if shape_t._shape.ndims not in (None, 1):
        raise ValueError("Shape must be rank 1 but is rank %d" % shape_t._shape.ndims)
    dims = _partial_vector(shape_t)
    if dims is None:
        return TensorShape(None)
    for d in dims:
        if d is not None and d < -1:
            raise ValueError("Invalid value in tensor used for shape: %d" % d)
    unknown = [i for i, d in enumerate(dims) if d is None or d == -1]
    known = int(np.prod([d for d in dims if d is not None and d >= 0], dtype=np.int64))
    out = [None if d == -1 else d for d in dims]
    n = x._shape.num_elements()
    if n is not None:
        if not unknown and known != n:
            raise ValueError("Cannot reshape a tensor with %d elements to shape %s (%d elements)"
                             % (n, _dims_text(dims), known))
        if len(unknown) == 1 and known > 0:
            if n % known:
                raise ValueError("Dimension size must be evenly divisible by %d but is %d"
                                 % (known, n))
            out[unknown[0]] = n // known
    return TensorShape(out)


def _reshape_kernel(tensor, shape):
    if type(tensor) is np.ndarray and type(shape) is np.ndarray and shape.ndim == 1:
        try:
            # NumPy applies TF's rules (one -1, sizes must match); errors get TF's wording below.
            return tensor.reshape(shape.tolist())
        except ValueError:
            pass
    shape = np.asarray(shape)
    if shape.ndim != 1:
        raise _invalid("shape must be a vector of {int32,int64}, got shape %s"
                       % _dims_text(shape.shape))
    dims = [int(d) for d in shape]
    n = int(np.size(tensor))
    infer = [i for i, d in enumerate(dims) if d == -1]
    if len(infer) > 1:
        raise _invalid("Only one input size may be -1, not both %d and %d" % tuple(infer[:2]))
    for i, d in enumerate(dims):
        if d < -1:
            raise _invalid("Size %d must be non-negative, not %d" % (i, d))
    known = int(np.prod([d for d in dims if d != -1], dtype=np.int64))
    if infer:
        if known == 0 or n % known:
            raise _invalid("Input to reshape is a tensor with %d values, but the requested shape "
                           "requires a multiple of %d" % (n, known))
        dims[infer[0]] = n // known
    elif known != n:
        raise _invalid("Input to reshape is a tensor with %d values, but the requested shape "
                       "has %d" % (n, known))
    return np.reshape(tensor, dims)


define_op("Reshape", _reshape_kernel, _reshape_shape, input_names=("tensor", "shape"),
          same_dtype=(0,), gradient=_deferred("_reshape_grad"))


def reshape(tensor, shape, name=None):
    """`tensor`'s elements with shape `shape` (one -1 entry is inferred)."""
    return apply_op("Reshape", [tensor, _index_arg(shape)], name=name or "Reshape")


# ---------------------------------------------------------------------------- transpose

def _check_perm(perm, n):
    if sorted(perm) != list(_py_range(n)):
        missing = [i for i in _py_range(n) if i not in perm]
        return "%d is missing from {%s}." % (missing[0] if missing else n,
                                             ",".join(str(p) for p in perm))
    return None


def _transpose_shape(op):
    x, perm_t = op._inputs
    _index_input(op, 1, "perm", "Tperm")
    r = x._shape.ndims
    perm = _constant_value(perm_t)
    if perm is None:
        n = perm_t._shape.as_tuple()[0] if perm_t._shape.ndims == 1 else None
        if r is not None and n is not None and n != r:
            raise ValueError("Dimension must be %d but is %d" % (r, n))
        n = r if r is not None else n
        return TensorShape(None if n is None else [None] * n)
    perm = [int(p) for p in np.reshape(perm, -1)]
    if r is not None and len(perm) != r:
        raise ValueError("Dimension must be %d but is %d" % (r, len(perm)))
    problem = _check_perm(perm, len(perm))
    if problem:
        raise ValueError("perm must be a permutation of 0..%d: %s" % (len(perm) - 1, problem))
    if r is None:
        return TensorShape([None] * len(perm))
    dims = x._shape.as_tuple()
    return TensorShape([dims[p] for p in perm])


def _transpose_kernel(x, perm):
    perm = [int(p) for p in np.reshape(perm, -1)]
    if len(perm) != np.ndim(x):
        raise _invalid("transpose expects a vector of size %d. But input(1) is a vector of size "
                       "%d" % (np.ndim(x), len(perm)))
    problem = _check_perm(perm, len(perm))
    if problem:
        raise _invalid(problem)
    return np.transpose(x, perm)


define_op("Transpose", _transpose_kernel, _transpose_shape, input_names=("x", "perm"),
          same_dtype=(0,), gradient=_deferred("_transpose_grad"))
define_op("ConjugateTranspose", lambda x, perm: np.conj(_transpose_kernel(x, perm)),
          _transpose_shape, input_names=("x", "perm"), same_dtype=(0,), fresh_output=True,
          gradient=_deferred("_conjugate_transpose_grad"))


def transpose(a, perm=None, name="transpose", conjugate=False):
    """Permutes the dimensions of `a` by `perm` (default: reversed)."""
    with _name_scope(name, "transpose", [a]) as scope:
        a = convert_to_tensor(a, name="a")
        op_type = "ConjugateTranspose" if conjugate and a.dtype.is_complex else "Transpose"
        if perm is not None:
            return apply_op(op_type, [a, _index_arg(perm)], name=scope)
        if not a.shape.ndims:
            # Rank known only at run time: perm = range(rank - 1, -1, -1).
            r = rank_internal(a, optimize=False)
            perm = apply_op("Range", [r - 1, -1, -1], name="Range")
        else:
            perm = np.arange(a.shape.ndims - 1, -1, -1, dtype=np.int32)
        return apply_op(op_type, [a, perm], name=scope)


# ---------------------------------------------------------------------------- concat, stack

def _concat_shape(op):
    values, axis_t = op._inputs[:-1], op._inputs[-1]
    _index_input(op, len(op._inputs) - 1, "axis", "Tidx")
    if axis_t._shape.ndims not in (None, 0):
        raise ValueError("Shape must be rank 0 but is rank %d" % axis_t._shape.ndims)
    r = None
    for v in values:
        if v._shape.ndims is not None:
            if r is None:
                r = v._shape.ndims
            elif v._shape.ndims != r:
                raise ValueError("Shape must be rank %d but is rank %d" % (r, v._shape.ndims))
    axis = _scalar_value(axis_t)
    if r is None or axis is None:
        return TensorShape(None if r is None else [None] * r)
    axis = int(axis)
    if axis >= r or axis < -r:
        raise ValueError("Shape must be at least rank %d but is rank %d"
                         % (axis + 1 if axis >= 0 else -axis, r))
    axis %= r
    rest, total = None, 0
    for v in values:
        if v._shape.ndims is None:
            total = None
            continue
        dims = list(v._shape.as_tuple())
        d = dims.pop(axis)
        total = None if total is None or d is None else total + d
        rest = dims if rest is None else _merge(rest, dims).as_tuple()
    rest = list(rest)
    rest.insert(axis, total)
    return TensorShape(rest)


def _concat_kernel(*args):
    values, axis = [np.asarray(v) for v in args[:-1]], int(args[-1])
    r = values[0].ndim
    if r == 0:
        raise _invalid("ConcatOp : Can't concatenate scalars (use tf.stack instead)")
    if not -r <= axis < r:
        raise _invalid("ConcatOp : Expected concatenating dimensions in the range [%d, %d), but "
                       "got %d" % (-r, r, axis))
    axis %= r
    first = values[0].shape
    for i, v in enumerate(values[1:], 1):
        if v.ndim != r:
            raise _invalid("ConcatOp : Ranks of all input tensors should match: shape[0] = %s "
                           "vs. shape[%d] = %s" % (_dims_text(first), i, _dims_text(v.shape)))
        for d in _py_range(r):
            if d != axis and v.shape[d] != first[d]:
                raise _invalid("ConcatOp : Dimension %d in both shapes must be equal: shape[0] = "
                               "%s vs. shape[%d] = %s" % (d, _dims_text(first), i,
                                                         _dims_text(v.shape)))
    return np.concatenate(values, axis=axis)


define_op("ConcatV2", _concat_kernel, _concat_shape, input_names=("values", "axis"),
          same_dtype=(), fresh_output=True, gradient=_deferred("_concat_grad"))


def concat(values, axis, name="concat"):
    """Joins the tensors `values` along dimension `axis`."""
    if not isinstance(values, (list, tuple)):
        values = [values]
    if not values:
        raise ValueError("tf.concat needs at least one tensor in `values`.")
    if len(values) == 1:
        # TF1 returns an Identity of the only value (after checking `axis`).
        with _name_scope(name, "concat", list(values)):
            axis_t = convert_to_tensor(axis, name="concat_dim", dtype=dtypes.int32)
            axis_t.shape.assert_is_compatible_with(TensorShape([]))
            return identity(values[0], name=name or "concat")
    with _name_scope(name, "concat", list(values) + [axis]) as scope:
        tensors = _convert_list(values, "values", "ConcatV2")
        axis_t = convert_to_tensor(axis, name="axis")
        return apply_op("ConcatV2", tensors + [axis_t],
                        {"N": len(tensors), "T": tensors[0].dtype.base_dtype}, name=scope)


def _concat_offset_kernel(concat_dim, *shapes):
    shapes = [np.reshape(s, -1) for s in shapes]
    r = len(shapes[0])
    axis = int(concat_dim)
    if not 0 <= axis < r:
        raise _invalid("Concat dim is out of range: %d vs. %d" % (axis, r))
    offsets, offset = [], 0
    for i, s in enumerate(shapes):
        if len(s) != r:
            raise _invalid("input %d should contain %d elements, but got %d" % (i, r, len(s)))
        for d in _py_range(r):
            if d != axis and s[d] != shapes[0][d]:
                raise _invalid("All dimensions except %d must match. Input %d has shape %s and "
                               "doesn't match input 0 with shape %s."
                               % (axis, i, _dims_text(s), _dims_text(shapes[0])))
        out = np.zeros(r, dtype=s.dtype)
        out[axis] = offset
        offset += int(s[axis])
        offsets.append(out)
    return _single_or_tuple(offsets)


# ConcatV2's gradient: where each input starts in the output (zeros but along concat_dim).
define_op("ConcatOffset", _concat_offset_kernel, lambda op: [t._shape for t in op._inputs[1:]],
          num_outputs=lambda op: len(op._inputs) - 1, input_names=("concat_dim", "shape"),
          same_dtype=(), type_attr=None, fresh_output=True, differentiable=False,
          output_dtype=lambda op: [t._dtype.base_dtype for t in op._inputs[1:]])


def concat_offset(concat_dim, shape, name=None):
    """The offsets of the tensors of shapes `shape` in their concatenation along `concat_dim`."""
    shapes = list(shape)
    out = apply_op("ConcatOffset", [concat_dim] + shapes,
                   {"N": len(shapes), "shape_type": shapes[0].dtype.base_dtype},
                   name=name or "ConcatOffset")
    return out if isinstance(out, list) else [out]


def _pack_shape(op):
    merged = TensorShape(None)
    for i, t in enumerate(op._inputs):
        try:
            merged = _merge(merged, t._shape)
        except ValueError as e:
            raise ValueError("%s\n\tFrom merging shape %d with other shapes." % (e, i - 1)) \
                from None
    if merged.ndims is None:
        return TensorShape(None)
    axis, r = op._attrs["axis"], merged.ndims + 1
    if not -r <= axis < r:
        raise ValueError("Invalid axis: %d; must be in [%d,%d)" % (axis, -r, r))
    dims = list(merged.as_tuple())
    dims.insert(axis % r, len(op._inputs))
    return TensorShape(dims)


def _pack_kernel(*values, axis):
    values = [np.asarray(v) for v in values]
    for i, v in enumerate(values[1:], 1):
        if v.shape != values[0].shape:
            raise _invalid("Shapes of all inputs must match: values[0].shape = %s != values[%d]"
                           ".shape = %s" % (_dims_text(values[0].shape), i, _dims_text(v.shape)))
    return np.stack(values, axis=axis)


define_op("Pack", _pack_kernel, _pack_shape, input_names=("values",), list_input=True,
          kernel_attrs=("axis",), fresh_output=True, gradient=_deferred("_pack_grad"))


def _pack_op(tensors, axis, name):
    return apply_op("Pack", tensors, {"N": len(tensors), "axis": axis}, name=name)


def stack(values, axis=0, name="stack"):
    """Stacks the rank-R tensors `values` into one rank-(R+1) tensor along `axis`."""
    axis = _as_int(axis, "axis")
    if axis == 0:
        try:
            # A list of plain values becomes one Const; a list holding tensors is auto-packed.
            return convert_to_tensor(values, name=name)
        except (TypeError, ValueError):
            pass
    if not isinstance(values, (list, tuple)):
        values = list(values)
    if not values:
        raise ValueError("tf.stack needs at least one value (or axis=0 for an empty list).")
    value_shape = convert_to_tensor(values[0], name=name).shape
    if value_shape.ndims is not None:
        r = value_shape.ndims + 1
        if axis < -r or axis >= r:
            raise ValueError("Argument `axis` = %d not in range [%d, %d)" % (axis, -r, r))
    with _name_scope(name, "stack", list(values)) as scope:
        return _pack_op(_convert_list(values, "values", "Pack"), axis, scope)


def _unpack_shape(op):
    num, axis = op._attrs["num"], op._attrs["axis"]
    s = op._inputs[0]._shape
    if s.ndims is None:
        return [TensorShape(None)] * num
    r = s.ndims
    if not -r <= axis < r:
        raise ValueError("Dimension must be in range [%d, %d), but is %d" % (-r, r, axis))
    dims = list(s.as_tuple())
    d = dims.pop(axis % r)
    if d is not None and d != num:
        raise ValueError("Dimension must be %d but is %d" % (num, d))
    return [TensorShape(dims)] * num


def _unpack_kernel(value, *, num, axis):
    value = np.asarray(value)
    if value.shape[axis] != num:
        raise _invalid("Input shape axis %d must equal %d, got shape %s"
                       % (axis % value.ndim, num, _dims_text(value.shape)))
    moved = np.moveaxis(value, axis, 0)
    # `[i, ...]` keeps 0-d results arrays (a bare index would give scalars, bytes for strings).
    return _single_or_tuple([moved[i, ...] for i in _py_range(num)])


define_op("Unpack", _unpack_kernel, _unpack_shape, num_outputs=lambda op: op._attrs["num"],
          input_names=("value",), kernel_attrs=("num", "axis"),
          gradient=_deferred("_unpack_grad"))


def unstack(value, num=None, axis=0, name="unstack"):
    """The list of rank-(R-1) tensors along `axis` of `value` (`num` inferred from its shape)."""
    axis = _as_int(axis, "axis")
    if num is not None:
        num = _as_int(num, "num")
    if num is None:
        value = convert_to_tensor(value)
        s = value.shape
        if s.ndims is not None:
            if axis < -s.ndims or axis >= s.ndims:
                raise ValueError("Argument `axis` = %d not in range [%d, %d)"
                                 % (axis, -s.ndims, s.ndims))
            num = s.as_tuple()[axis]
        if num is None:
            raise ValueError("Cannot infer argument `num` from shape %s" % s)
    out = apply_op("Unpack", [value], {"num": num, "axis": axis}, name=name)
    if isinstance(out, Operation):
        return []
    return out if isinstance(out, list) else [out]


# ---------------------------------------------------------------------------- split

def _split_shape(op):
    axis_t, x = op._inputs
    n = op._attrs["num_split"]
    s = x._shape
    if s.ndims is None:
        return [TensorShape(None)] * n
    axis = _scalar_value(axis_t)
    if axis is None:
        return [TensorShape([None] * s.ndims)] * n
    axis = int(axis)
    if not -s.ndims <= axis < s.ndims:
        raise ValueError("Dimension must be in range [%d, %d), but is %d"
                         % (-s.ndims, s.ndims, axis))
    dims = list(s.as_tuple())
    d = dims[axis]
    if d is not None:
        if d % n:
            raise ValueError("Dimension size must be evenly divisible by %d but is %d\n\tNumber of "
                             "ways to split should evenly divide the split dimension" % (n, d))
        dims[axis] = d // n
    return [TensorShape(dims)] * n


def _split_kernel(split_dim, value, *, num_split):
    value = np.asarray(value)
    axis = int(split_dim)
    if not -value.ndim <= axis < value.ndim:
        raise _invalid("-input rank(-%d) <= split_dim < input rank (%d), but got %d"
                       % (value.ndim, value.ndim, axis))
    if value.shape[axis] % num_split:
        raise _invalid("Number of ways to split should evenly divide the split dimension, but got "
                       "split_dim %d (size = %d) and num_split %d"
                       % (axis % value.ndim, value.shape[axis], num_split))
    return _single_or_tuple(np.split(value, num_split, axis=axis))


define_op("Split", _split_kernel, _split_shape, num_outputs=lambda op: op._attrs["num_split"],
          input_names=("split_dim", "value"), same_dtype=(1,), kernel_attrs=("num_split",),
          gradient=_deferred("_split_grad"))


def _resolve_sizes(sizes, total):
    """SplitV's sizes with a -1 filled in; a message when they cannot split `total`."""
    infer = [i for i, d in enumerate(sizes) if d == -1]
    known = sum(d for d in sizes if d != -1)
    if len(infer) > 1 or any(d < -1 for d in sizes):
        return None, "invalid size_splits %s" % _dims_text(sizes)
    if total is None:
        return sizes, None
    if (not infer and known != total) or (infer and known > total):
        return None, "can't split axis of size %d into pieces of size %s" % (
            total, _dims_text(sizes))
    sizes = list(sizes)
    if infer:
        sizes[infer[0]] = total - known
    return sizes, None


def _splitv_shape(op):
    x, sizes_t, axis_t = op._inputs
    _index_input(op, 1, "size_splits", "Tlen")
    n = op._attrs["num_split"]
    s = x._shape
    if s.ndims is None:
        return [TensorShape(None)] * n
    axis = _scalar_value(axis_t)
    if axis is None:
        return [TensorShape([None] * s.ndims)] * n
    axis = int(axis)
    if not -s.ndims <= axis < s.ndims:
        raise ValueError("Dimension must be in range [%d, %d), but is %d"
                         % (-s.ndims, s.ndims, axis))
    axis %= s.ndims
    sizes = _partial_vector(sizes_t)
    dims = list(s.as_tuple())
    if sizes is None or None in sizes:
        return [TensorShape(dims[:axis] + [None] + dims[axis + 1:])] * n
    if len(sizes) != n:
        raise ValueError("size_splits has %d elements but num_split is %d" % (len(sizes), n))
    sizes, problem = _resolve_sizes(sizes, dims[axis])
    if problem:
        raise ValueError(problem)
    return [TensorShape(dims[:axis] + [None if d == -1 else d] + dims[axis + 1:])
            for d in sizes]


def _splitv_kernel(value, size_splits, split_dim, *, num_split):
    value = np.asarray(value)
    axis = int(split_dim)
    if not -value.ndim <= axis < value.ndim:
        raise _invalid("-input rank(-%d) <= split_dim < input rank (%d), but got %d"
                       % (value.ndim, value.ndim, axis))
    sizes, problem = _resolve_sizes([int(d) for d in np.reshape(size_splits, -1)],
                                    value.shape[axis])
    if problem:
        raise _invalid(problem)
    return _single_or_tuple(np.split(value, np.cumsum(sizes)[:-1], axis=axis))


define_op("SplitV", _splitv_kernel, _splitv_shape, num_outputs=lambda op: op._attrs["num_split"],
          input_names=("value", "size_splits", "split_dim"), same_dtype=(0,),
          kernel_attrs=("num_split",), gradient=_deferred("_splitv_grad"))


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Splits `value` along `axis` into `num_or_size_splits` equal pieces, or into pieces of
    the sizes listed in `num_or_size_splits` (one may be -1)."""
    if isinstance(axis, (float, bool, str)) or axis is None:
        raise TypeError("split's axis must be an integer or an int32 tensor, got %r." % (axis,))
    if isinstance(num_or_size_splits, (numbers.Integral, Dimension)) and \
            not isinstance(num_or_size_splits, bool):
        n = int(num_or_size_splits)
        if n < 1:
            raise ValueError("num_split must be >= 1, got %d" % n)
        out = apply_op("Split", [axis, value], {"num_split": n}, name=name)
        return out if isinstance(out, list) else [out]
    size_splits = convert_to_tensor(num_or_size_splits)
    if size_splits.shape.ndims == 0:
        raise TypeError("num_or_size_splits must be a Python int or a 1-D list/tensor of sizes, "
                        "got a scalar tensor %s" % size_splits.name)
    if num is None:
        if size_splits.shape.ndims == 1:
            num = size_splits.shape.as_tuple()[0]
        if num is None:
            raise ValueError("Cannot infer argument `num` from shape %s" % size_splits.shape)
    out = apply_op("SplitV", [value, size_splits, axis], {"num_split": _as_int(num, "num")},
                   name=name)
    return out if isinstance(out, list) else [out]


# ---------------------------------------------------------------------------- squeeze, expand

def _squeeze_shape(op):
    s = op._inputs[0]._shape
    axes = op._attrs["squeeze_dims"]
    if s.ndims is None:
        return TensorShape(None)
    r = s.ndims
    for i, a in enumerate(axes):
        if not -r <= a < r:
            raise ValueError("squeeze_dims[%d] not in [%d,%d)." % (i, -r, r))
    wanted = {a % r for a in axes}
    out = []
    for i, d in enumerate(s.as_tuple()):
        if wanted:
            if i in wanted:
                if d is not None and d != 1:
                    raise ValueError("Can not squeeze dim[%d], expected a dimension of 1, got %d"
                                     % (i, d))
                continue
        elif d is None:
            return TensorShape(None)  # whether it is 1 is known only at run time
        elif d == 1:
            continue
        out.append(d)
    return TensorShape(out)


def _squeeze_kernel(input, *, squeeze_dims):
    x = np.asarray(input)
    r = x.ndim
    for i, a in enumerate(squeeze_dims):
        if not -r <= a < r:
            raise _invalid("Tried to squeeze dim index %d for tensor with %d dimensions."
                           % (a, r))
        if x.shape[a] != 1:
            raise _invalid("Can not squeeze dim[%d], expected a dimension of 1, got %d"
                           % (a % r, x.shape[a]))
    axes = tuple(a % r for a in squeeze_dims) if squeeze_dims else None
    return np.squeeze(x, axis=axes)


define_op("Squeeze", _squeeze_kernel, _squeeze_shape, input_names=("input",),
          kernel_attrs=("squeeze_dims",), gradient=_deferred("_squeeze_grad"))


def squeeze(input, axis=None, name=None, squeeze_dims=None):
    """`input` without its size-1 dimensions (only those in `axis`, when given)."""
    if squeeze_dims is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'squeeze_dims' and 'axis'.")
        axis = squeeze_dims
    if axis is None:
        axis = []
    elif np.isscalar(axis):
        axis = [axis]
    return apply_op("Squeeze", [input], {"squeeze_dims": [_as_int(a, "axis") for a in axis]},
                    name=name or "Squeeze")


def _expand_dims_shape(op):
    x, dim_t = op._inputs
    _index_input(op, 1, "dim", "Tdim")
    dim = _constant_value(dim_t)
    s = x._shape
    if dim is None or s.ndims is None:
        return TensorShape(None)
    if np.size(dim) != 1:
        raise ValueError("'dim' input must be a tensor with a single value")
    dim, r = int(np.reshape(dim, -1)[0]), s.ndims
    if not -r - 1 <= dim <= r:
        raise ValueError("dim %d not in the interval [%d, %d]." % (dim, -r - 1, r))
    dims = list(s.as_tuple())
    dims.insert(dim % (r + 1), 1)
    return TensorShape(dims)


def _expand_dims_kernel(input, dim):
    x = np.asarray(input)
    dim, r = int(np.reshape(dim, -1)[0]), x.ndim
    if not -r - 1 <= dim <= r:
        raise _invalid("Tried to expand dim index %d for tensor with %d dimensions." % (dim, r))
    return np.expand_dims(x, dim % (r + 1))


define_op("ExpandDims", _expand_dims_kernel, _expand_dims_shape, input_names=("input", "dim"),
          same_dtype=(0,), gradient=_deferred("_expand_dims_grad"))


def expand_dims(input, axis=None, name=None, dim=None):
    """`input` with a new dimension of size 1 at `axis`."""
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'.")
        axis = dim
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    return apply_op("ExpandDims", [input, axis], name=name or "ExpandDims")


# ---------------------------------------------------------------------------- tile, pad

def _tile_shape(op):
    x, multiples_t = op._inputs
    _index_input(op, 1, "multiples", "Tmultiples")
    multiples = _partial_vector(multiples_t)
    s = x._shape
    if multiples is None:
        return TensorShape(None if s.ndims is None else [None] * s.ndims)
    if s.ndims is not None and len(multiples) != s.ndims:
        raise ValueError("Shape must be rank %d but is rank %d" % (s.ndims, len(multiples)))
    for i, m in enumerate(multiples):
        if m is not None and m < 0:
            raise ValueError("Expected multiples[%d] >= 0, but got %d" % (i, m))
    dims = s.as_tuple() or (None,) * len(multiples)
    return TensorShape([None if d is None or m is None else d * m
                        for d, m in zip(dims, multiples)])


def _tile_kernel(input, multiples):
    x = np.asarray(input)
    multiples = [int(m) for m in np.reshape(multiples, -1)]
    if len(multiples) != x.ndim:
        raise _invalid("Expected multiples argument to be a vector of length %d but got length %d"
                       % (x.ndim, len(multiples)))
    for i, m in enumerate(multiples):
        if m < 0:
            raise _invalid("Expected multiples[%d] >= 0, but got %d" % (i, m))
    return np.tile(x, multiples)


define_op("Tile", _tile_kernel, _tile_shape, input_names=("input", "multiples"),
          same_dtype=(0,), fresh_output=True, gradient=_deferred("_tile_grad"))


def tile(input, multiples, name=None):
    """`input` repeated `multiples[i]` times along each dimension i."""
    return apply_op("Tile", [input, _index_arg(multiples)], name=name or "Tile")


def _pad_shape(op):
    x, paddings_t = op._inputs[0], op._inputs[1]
    _index_input(op, 1, "paddings", "Tpaddings")
    if len(op._inputs) == 3 and op._inputs[2]._shape.ndims not in (None, 0):
        raise ValueError("Shape must be rank 0 but is rank %d" % op._inputs[2]._shape.ndims)
    s, ps = x._shape, paddings_t._shape
    if ps.ndims is not None:
        if ps.ndims != 2 or ps.as_tuple()[1] not in (None, 2) or (
                s.ndims is not None and ps.as_tuple()[0] not in (None, s.ndims)):
            raise ValueError("paddings must be a matrix of shape [%s, 2] (a [before, after] pair "
                             "per dimension of the input), got shape %s"
                             % ("?" if s.ndims is None else s.ndims, shape_text(ps)))
    paddings = _constant_value(paddings_t)
    r = s.ndims if s.ndims is not None else (ps.as_tuple()[0] if ps.ndims == 2 else None)
    if paddings is None:
        return TensorShape(None if r is None else [None] * r)
    paddings = np.asarray(paddings).reshape(-1, 2)
    if (paddings < 0).any():
        raise ValueError("Paddings must be non-negative")
    dims = s.as_tuple() or (None,) * len(paddings)
    mode = op._attrs.get("mode")
    for i, (d, (a, b)) in enumerate(zip(dims, paddings)):
        if d is not None and mode is not None:
            limit = d - 1 if mode == "REFLECT" else d
            if a > limit or b > limit:
                raise ValueError("%s paddings must be at most %d for dimension %d of size %d, "
                                 "got [%d, %d]" % (mode, limit, i, d, a, b))
    return TensorShape([None if d is None else d + int(a) + int(b)
                        for d, (a, b) in zip(dims, paddings)])


def _check_paddings(x, paddings):
    paddings = np.asarray(paddings)
    if paddings.shape != (x.ndim, 2):
        raise _invalid("The first dimension of paddings must be the rank of inputs%s %s"
                       % (_dims_text(paddings.shape), _dims_text(x.shape)))
    if (paddings < 0).any():
        raise _invalid("Paddings must be non-negative: %s" % paddings.tolist())
    return [(int(a), int(b)) for a, b in paddings]


def _pad_kernel(input, paddings, constant_values=None):
    x = np.asarray(input)
    pads = _check_paddings(x, paddings)
    if constant_values is None:
        constant_values = b"" if x.dtype == object else 0
    return np.pad(x, pads, mode="constant", constant_values=constant_values)


def _mirror_pad_kernel(input, paddings, *, mode):
    x = np.asarray(input)
    pads = _check_paddings(x, paddings)
    for i, (a, b) in enumerate(pads):
        d = x.shape[i]
        if mode == "REFLECT" and (a >= d or b >= d):
            raise _invalid("paddings must be less than the dimension size: %d, %d not less than %d"
                           % (a, b, d))
        if mode == "SYMMETRIC" and (a > d or b > d):
            raise _invalid("paddings must be no greater than the dimension size: %d, %d greater "
                           "than %d" % (a, b, d))
    return np.pad(x, pads, mode=mode.lower())


define_op("Pad", _pad_kernel, _pad_shape, input_names=("input", "paddings"), same_dtype=(0,),
          fresh_output=True, gradient=_deferred("_pad_grad"))
define_op("PadV2", _pad_kernel, _pad_shape, input_names=("input", "paddings", "constant_values"),
          same_dtype=(0, 2), fresh_output=True, gradient=_deferred("_pad_grad"))
define_op("MirrorPad", _mirror_pad_kernel, _pad_shape, input_names=("input", "paddings"),
          same_dtype=(0,), kernel_attrs=("mode",), fresh_output=True,
          gradient=_deferred("_mirror_pad_grad"))


def _mirror_pad_grad_shape(op):
    x, paddings_t = op._inputs
    _index_input(op, 1, "paddings", "Tpaddings")
    paddings = _constant_value(paddings_t)
    s = x._shape
    if paddings is None or s.ndims is None:
        return TensorShape(None if s.ndims is None else [None] * s.ndims)
    paddings = np.asarray(paddings).reshape(-1, 2)
    if len(paddings) != s.ndims:
        raise ValueError("paddings must be a matrix of shape [%d, 2], got %d rows"
                         % (s.ndims, len(paddings)))
    return TensorShape([None if d is None else d - int(a) - int(b)
                        for d, (a, b) in zip(s.as_tuple(), paddings)])


def _mirror_pad_grad_kernel(input, paddings, *, mode):
    g = np.asarray(input)
    pads = _check_paddings(g, paddings)
    shift = 1 if mode == "REFLECT" else 0  # REFLECT mirrors around the edge, not through it
    for axis, (a, b) in enumerate(pads):
        n = g.shape[axis] - a - b
        if n < 0 or a > n - shift or b > n - shift:
            raise _invalid("paddings [%d, %d] are too large for a %s pad of dimension %d of size "
                           "%d" % (a, b, mode, axis, n))
        moved = np.moveaxis(g, axis, 0)
        folded = moved[a:a + n].copy()
        # The padding entries are mirrored copies: fold each back onto the entry it copies.
        folded[shift:shift + a] += moved[:a][::-1]
        folded[n - shift - b:n - shift] += moved[a + n:][::-1]
        g = np.moveaxis(folded, 0, axis)
    return np.array(g)  # a fresh, contiguous array even when nothing was folded


# MirrorPad's gradient (TF's MirrorPadGrad): folds the mirrored borders back onto the input.
define_op("MirrorPadGrad", _mirror_pad_grad_kernel, _mirror_pad_grad_shape,
          input_names=("input", "paddings"), same_dtype=(0,), kernel_attrs=("mode",),
          fresh_output=True, gradient=_deferred("_mirror_pad_grad_grad"))


def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    """`tensor` padded by `paddings` ([before, after] per dimension): with `constant_values`
    (mode CONSTANT), or by mirroring the edges (REFLECT, SYMMETRIC)."""
    if not isinstance(mode, str):
        raise TypeError("mode must be a string (CONSTANT, REFLECT or SYMMETRIC), got %r" % (mode,))
    mode = mode.upper()
    paddings = _index_arg(paddings)
    if mode == "CONSTANT":
        # TF1: `constant_values != 0` picks PadV2 (always, for a tensor).
        if not _is_tensor_like(constant_values) and \
                not isinstance(constant_values, (str, bytes)) and \
                not np.any(np.asarray(constant_values) != 0):
            return apply_op("Pad", [tensor, paddings], name=name or "Pad")
        return apply_op("PadV2", [tensor, paddings, constant_values], name=name or "PadV2")
    if mode in ("REFLECT", "SYMMETRIC"):
        return apply_op("MirrorPad", [tensor, paddings], {"mode": mode},
                        name=name or "MirrorPad")
    raise ValueError('Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", or '
                     '"SYMMETRIC". Received `mode` = %s' % mode)


# ---------------------------------------------------------------------------- fill, zeros, ones

def _fill_shape(op):
    dims_t, value = op._inputs
    _index_input(op, 0, "dims", "index_type")
    if value._shape.ndims not in (None, 0):
        raise ValueError("Shape must be rank 0 but is rank %d" % value._shape.ndims)
    if dims_t._shape.ndims not in (None, 1):
        raise ValueError("Shape must be rank 1 but is rank %d" % dims_t._shape.ndims)
    dims = _partial_vector(dims_t)
    if dims is None:
        return TensorShape(None)
    if any(d is not None and d < 0 for d in dims):
        raise ValueError("Fill dimensions must be >= 0")
    return TensorShape(dims)


def _fill_kernel(dims, value):
    dims = np.reshape(dims, -1).tolist()
    if any(d < 0 for d in dims):
        raise _invalid("dims must be non-negative, got %s" % _dims_text(dims))
    value = np.asarray(value)
    if value.ndim:
        raise _invalid("value must be a scalar, got shape %s" % _dims_text(value.shape))
    return np.full(dims, value, dtype=value.dtype)


define_op("Fill", _fill_kernel, _fill_shape, input_names=("dims", "value"), same_dtype=(1,),
          fresh_output=True, gradient=_deferred("_fill_grad"))


def fill(dims, value, name=None):
    """A tensor of shape `dims` with every element `value`."""
    return apply_op("Fill", [_index_arg(dims), value], name=name or "Fill")


def _static_dims(shape):
    """`shape` as a list of ints when it is a static list/tuple/TensorShape, else None."""
    if isinstance(shape, TensorShape):
        return shape.as_list() if shape.is_fully_defined() else None
    if isinstance(shape, np.ndarray) and shape.ndim == 1 and shape.dtype.kind in "iu":
        return [int(d) for d in shape]
    if not isinstance(shape, (list, tuple)):
        return None
    out = []
    for d in shape:
        if isinstance(d, Dimension):
            d = d.value
        if isinstance(d, (numbers.Integral, np.integer)) and not isinstance(d, bool):
            out.append(int(d))
        else:
            return None
    return out


def _filled(shape, value, dtype, name, default_name):
    """TF1's zeros/ones: a Const when the static shape has under 1000 elements, else Fill."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    with _name_scope(name, default_name, [shape]) as scope:
        if dtype.is_bool:
            value = bool(value)
        elif dtype is dtypes.string:
            value = "" if value == 0 else value
        if not isinstance(shape, Tensor):
            dims = _static_dims(shape)
            if dims is not None and all(d >= 0 for d in dims) and np.prod(dims) < 1000:
                return constant(value, shape=dims, dtype=dtype, name=scope)
            try:
                as_dims = TensorShape(shape)
                if not as_dims.is_fully_defined():
                    raise ValueError("partially known")
                shape = constant(as_dims.as_list(), dtype=dtypes.int64 if any(
                    d >= 2 ** 31 for d in as_dims.as_list()) else dtypes.int32,
                    name="shape_as_tensor")
            except (TypeError, ValueError):
                shape = convert_to_tensor(shape, dtype=dtypes.int32)
        if not shape.shape.ndims:
            shape = reshape(shape, [-1])  # a scalar (or unknown-rank) shape becomes a vector
        return fill(shape, constant(value, dtype=dtype), name=scope)


def zeros(shape, dtype=dtypes.float32, name=None):
    """A tensor of shape `shape` with all elements zero (False, b'')."""
    return _filled(shape, 0, dtype, name, "zeros")


def ones(shape, dtype=dtypes.float32, name=None):
    """A tensor of shape `shape` with all elements one (True)."""
    return _filled(shape, 1, dtype, name, "ones")


def _zeros_like_kernel(x):
    x = np.asarray(x)
    return np.full(x.shape, b"", dtype=object) if x.dtype == object else np.zeros_like(x)


define_op("ZerosLike", _zeros_like_kernel, same_as_input, output_dtype=_identity_dtype,
          fresh_output=True, differentiable=False)
define_op("OnesLike", lambda x: np.ones_like(np.asarray(x)), same_as_input,
          output_dtype=_identity_dtype, fresh_output=True, differentiable=False)


def zeros_like(tensor, dtype=None, name=None, optimize=True):
    """Zeros with the shape of `tensor` (and its dtype, or `dtype`)."""
    with _name_scope(name, "zeros_like", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        base = tensor.dtype.base_dtype
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype).base_dtype
        if optimize and tensor.shape.is_fully_defined():
            return zeros(tensor.shape, dtype=dtype or base, name=scope)
        if dtype is not None and dtype is not base:
            return zeros(shape_internal(tensor, optimize=optimize), dtype=dtype, name=scope)
        return apply_op("ZerosLike", [tensor], name=scope)


def ones_like(tensor, dtype=None, name=None, optimize=True):
    """Ones with the shape of `tensor` (and its dtype, or `dtype`)."""
    with _name_scope(name, "ones_like", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        ones_shape = shape_internal(tensor, optimize=optimize)
        result = ones(ones_shape, dtype=dtype or tensor.dtype.base_dtype, name=scope)
        result.set_shape(tensor.shape)
        return result


# ---------------------------------------------------------------------------- range, linspace

def _range_size(start, limit, delta, integer):
    if not all(np.isfinite(v) for v in (start, limit, delta)):
        return None, "Requires start, limit and delta to be finite: %s, %s, %s" % (
            start, limit, delta)
    if delta == 0:
        return None, "Requires delta != 0"
    if delta > 0 and start > limit:
        return None, "Requires start <= limit when delta > 0: %s/%s" % (start, limit)
    if delta < 0 and start < limit:
        return None, "Requires start >= limit when delta < 0: %s/%s" % (start, limit)
    if integer:
        return (abs(int(limit) - int(start)) + abs(int(delta)) - 1) // abs(int(delta)), None
    return int(np.ceil(np.abs((limit - start) / delta))), None


def _range_shape(op):
    for t, arg in zip(op._inputs, ("start", "limit", "delta")):
        if t._shape.ndims not in (None, 0):
            raise ValueError("Shape must be rank 0 but is rank %d (%s)" % (t._shape.ndims, arg))
    values = [_constant_value(t) for t in op._inputs]
    if any(v is None for v in values):
        return TensorShape([None])
    n, problem = _range_size(*values, integer=op._inputs[0]._dtype.is_integer)
    if problem:
        raise ValueError(problem)
    return TensorShape([n])


def _range_kernel(start, limit, delta):
    start, limit, delta = (np.asarray(v) for v in (start, limit, delta))
    dtype = start.dtype
    for v, arg in ((start, "start"), (limit, "limit"), (delta, "delta")):
        if v.ndim:
            raise _invalid("%s must be a scalar, not shape %s" % (arg, _dims_text(v.shape)))
    n, problem = _range_size(start[()], limit[()], delta[()], integer=dtype.kind in "iu")
    if problem:
        raise _invalid(problem)
    if dtype.kind in "iu":
        return start + delta * np.arange(n, dtype=dtype)
    # TF accumulates in the output type (start, start+delta, ...), as cumsum does.
    values = np.full(n, delta, dtype=dtype)
    if n:
        values[0] = start
    return np.cumsum(values, dtype=dtype)


define_op("Range", _range_kernel, _range_shape, input_names=("start", "limit", "delta"),
          type_attr="Tidx", fresh_output=True, differentiable=False,
          allowed_dtypes=(dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64))

_RANGE_HIERARCHY = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64)


def range(start, limit=None, delta=1, dtype=None, name="range"):
    """The sequence start, start+delta, ... up to but excluding `limit` (TF's dtype inference:
    int32 for ints, float32 as soon as one argument is a float)."""
    if limit is None:
        start, limit = 0, start
    with _name_scope(name, "Range", [start, limit, delta]) as scope:
        start = convert_to_tensor(start, dtype=dtype, name="start")
        limit = convert_to_tensor(limit, dtype=dtype, name="limit")
        delta = convert_to_tensor(delta, dtype=dtype, name="delta")
        if dtype is None:
            args = (start, limit, delta)
            for t in args:
                if t.dtype.base_dtype not in _RANGE_HIERARCHY:
                    raise TypeError("tf.range arguments must be int32, int64, float32 or "
                                    "float64, got %s" % t.dtype.base_dtype.name)
            inferred = max((t.dtype.base_dtype for t in args), key=_RANGE_HIERARCHY.index)
            start, limit, delta = (t if t.dtype.base_dtype is inferred else _cast(t, inferred)
                                   for t in args)
        return apply_op("Range", [start, limit, delta], name=scope)


def _linspace_shape(op):
    start, stop, num_t = op._inputs
    _index_input(op, 2, "num", "Tidx")
    for t in (start, stop, num_t):
        if t._shape.ndims not in (None, 0):
            raise ValueError("Shape must be rank 0 but is rank %d" % t._shape.ndims)
    num = _scalar_value(num_t)
    if num is not None and num <= 0:
        raise ValueError("Requires num > 0: %d" % num)
    return TensorShape([num])


def _linspace_kernel(start, stop, num):
    start, stop = np.asarray(start), np.asarray(stop)
    num = int(num)
    if num <= 0:
        raise _invalid("Requires num > 0: %d" % num)
    if num == 1:
        return np.full(1, start, dtype=start.dtype)
    # As TF: start + i * step in the output type, and exactly `stop` last.
    step = (stop - start) / start.dtype.type(num - 1)
    out = (start + step * np.arange(num, dtype=start.dtype)).astype(start.dtype, copy=False)
    out[-1] = stop
    return out


define_op("LinSpace", _linspace_kernel, _linspace_shape, input_names=("start", "stop", "num"),
          same_dtype=(0, 1), allowed_dtypes=(dtypes.float32, dtypes.float64), fresh_output=True,
          differentiable=False)


def linspace(start, stop, num, name=None):
    """`num` evenly spaced values from `start` to `stop`, both included."""
    return apply_op("LinSpace", [start, stop, num], name=name or "LinSpace")


lin_space = linspace


# ---------------------------------------------------------------------------- where, select

def _where_kernel(input):
    return np.argwhere(np.asarray(input)).astype(np.int64, copy=False)


define_op("Where", _where_kernel, lambda op: TensorShape([None, op._inputs[0]._shape.ndims]),
          input_names=("input",), output_dtype=lambda op: dtypes.int64, fresh_output=True,
          differentiable=False)


def _select_shape(op):
    cond, then, other = op._inputs
    if cond._dtype.base_dtype is not dtypes.bool_:
        raise TypeError("Input 'condition' of 'Select' Op has type %s that does not match expected "
                        "type of bool." % cond._dtype.base_dtype.name)
    out = _merge(then._shape, other._shape)
    c = cond._shape
    if c.ndims is None or out.ndims is None or c.ndims == 0:
        return out
    if c.ndims == 1 and out.ndims > 1:
        _merge(c, out[:1])  # a vector condition picks whole rows
        return out
    return _merge(out, c)


def _select_kernel(condition, t, e):
    c, t, e = np.asarray(condition), np.asarray(t), np.asarray(e)
    if t.shape != e.shape:
        raise _invalid("'then' and 'else' must have the same size.  but received: %s vs. %s"
                       % (_dims_text(t.shape), _dims_text(e.shape)))
    if c.ndim == 1 and t.ndim > 1:
        if c.shape[0] != t.shape[0]:
            raise _invalid("Number of batches of 'then' must match size of 'cond', but saw: %d "
                           "vs. %d" % (t.shape[0], c.shape[0]))
        c = c.reshape((-1,) + (1,) * (t.ndim - 1))
    elif c.ndim and c.shape != t.shape:
        raise _invalid("'then' and 'cond' must have the same size.  but received: %s vs. %s"
                       % (_dims_text(t.shape), _dims_text(c.shape)))
    return _as_array(np.where(c, t, e), t.dtype)


define_op("Select", _select_kernel, _select_shape, input_names=("condition", "t", "e"),
          same_dtype=(1, 2), fresh_output=True, gradient=_deferred("_select_grad"))


def where(condition, x=None, y=None, name=None):
    """With `x` and `y`: elements of `x` where `condition` holds, else of `y` (TF1's Select: a
    vector `condition` picks whole rows). Alone: the int64 coordinates of true elements."""
    if x is None and y is None:
        with _name_scope(name, "Where", [condition]) as scope:
            condition = convert_to_tensor(condition, preferred_dtype=dtypes.bool_,
                                          name="condition")
            return apply_op("Where", [condition], name=scope)
    if x is not None and y is not None:
        return apply_op("Select", [condition, x, y], name=name or "Select")
    raise ValueError("x and y must both be non-None or both be None.")


# ---------------------------------------------------------------------------- gather, one_hot

def _gather_shape(op):
    params, indices, axis_t = op._inputs
    _index_input(op, 1, "indices", "Tindices")
    _index_input(op, 2, "axis", "Taxis")
    axis = _scalar_value(axis_t)
    p, i = params._shape, indices._shape
    if p.ndims is None or i.ndims is None:
        return TensorShape(None)
    if axis is None:
        return TensorShape([None] * (p.ndims - 1 + i.ndims))
    axis = int(axis)
    if axis >= p.ndims or axis < -p.ndims:
        raise ValueError("Shape must be at least rank %d but is rank %d"
                         % (axis + 1 if axis >= 0 else -axis, p.ndims))
    axis %= p.ndims
    dims = p.as_tuple()
    return TensorShape(dims[:axis] + i.as_tuple() + dims[axis + 1:])


def _gather_kernel(params, indices, axis, *, batch_dims=0):
    params, indices, axis = np.asarray(params), np.asarray(indices), int(axis)
    r = params.ndim
    if not -r <= axis < r:
        raise _invalid("Expected axis in the range [%d, %d), but got %d" % (-r, r, axis))
    axis %= r
    limit = params.shape[axis]
    bad = (indices < 0) | (indices >= limit)
    if bad.any():
        where_bad = tuple(int(k) for k in np.argwhere(bad)[0])
        raise _invalid("indices%s = %d is not in [0, %d)" % (
            "[%s]" % ",".join(str(k) for k in where_bad) if where_bad else "",
            indices[where_bad], limit))
    return _as_array(np.take(params, indices, axis=axis), params.dtype)


define_op("GatherV2", _gather_kernel, _gather_shape, input_names=("params", "indices", "axis"),
          same_dtype=(0,), type_attr="Tparams", kernel_attrs=("batch_dims",), fresh_output=True,
          gradient=_deferred("_gather_grad"))


def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0):
    """The slices of `params` along `axis` (default 0) at `indices`."""
    del validate_indices  # TF1 ignores it too; indices are always validated on the CPU
    if batch_dims != 0:
        raise NotImplementedError("tf.gather with batch_dims != 0 is not supported by interflow.")
    if axis is None:
        axis = 0
    return apply_op("GatherV2", [params, _index_arg(indices), axis], {"batch_dims": 0},
                    name=name or "GatherV2")


def _unsorted_segment_sum_shape(op):
    data, ids, num_t = op._inputs
    _index_input(op, 1, "segment_ids", "Tindices")
    _index_input(op, 2, "num_segments", "Tnumsegments")
    if num_t._shape.ndims not in (None, 0):
        raise ValueError("Shape must be rank 0 but is rank %d" % num_t._shape.ndims)
    num = _scalar_value(num_t)
    if num is not None and num < 0:
        raise ValueError("Dimension size, given by scalar input 2, must be non-negative but is "
                         "%d" % num)
    d, i = data._shape, ids._shape
    if d.ndims is None or i.ndims is None:
        return TensorShape(None)
    if i.ndims > d.ndims:
        raise ValueError("Shape must be at least rank %d but is rank %d" % (i.ndims, d.ndims))
    dims = d.as_tuple()
    for a, b in zip(dims, i.as_tuple()):  # segment_ids' shape must be a prefix of data's
        if a is not None and b is not None and a != b:
            raise ValueError("Dimensions must be equal, but are %d and %d" % (a, b))
    return TensorShape([num] + list(dims[i.ndims:]))


def _unsorted_segment_sum_kernel(data, segment_ids, num_segments):
    data, ids = np.asarray(data), np.asarray(segment_ids)
    num = np.asarray(num_segments)
    if num.ndim:
        raise _invalid("num_segments should be a scalar, not shape %s" % _dims_text(num.shape))
    num = int(num)
    if num < 0:
        raise _invalid("num_segments must be non-negative, got %d" % num)
    if data.shape[:ids.ndim] != ids.shape:
        raise _invalid("data.shape = %s does not start with segment_ids.shape = %s"
                       % (_dims_text(data.shape), _dims_text(ids.shape)))
    bad = ids >= num
    if bad.any():
        where_bad = tuple(int(k) for k in np.argwhere(bad)[0])
        raise _invalid("segment_ids%s = %d is out of range [0, %d)" % (
            "[%s]" % ",".join(str(k) for k in where_bad) if where_bad else "",
            ids[where_bad], num))
    out = np.zeros((num,) + data.shape[ids.ndim:], dtype=data.dtype)
    keep = ids >= 0  # negative ids drop their rows, as in TF
    np.add.at(out, ids[keep], data[keep])
    return out


# Also GatherV2's gradient: TF's IndexedSlices made dense, the rows summed per index.
define_op("UnsortedSegmentSum", _unsorted_segment_sum_kernel, _unsorted_segment_sum_shape,
          input_names=("data", "segment_ids", "num_segments"), same_dtype=(0,),
          fresh_output=True, gradient=_deferred("_unsorted_segment_sum_grad"),
          allowed_dtypes=(dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int8,
                          dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8, dtypes.uint16,
                          dtypes.uint32, dtypes.uint64, dtypes.complex64, dtypes.complex128))


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """out[i] = the sum of the rows data[j...] with segment_ids[j...] == i (i < num_segments);
    rows with a negative id are dropped."""
    return apply_op("UnsortedSegmentSum", [data, _index_arg(segment_ids), num_segments],
                    name=name or "UnsortedSegmentSum")


def _one_hot_shape(op):
    indices, depth_t, on_value, off_value = op._inputs
    _index_input(op, 0, "indices", "TI")
    axis = op._attrs["axis"]
    for t in (depth_t, on_value, off_value):
        if t._shape.ndims not in (None, 0):
            raise ValueError("Shape must be rank 0 but is rank %d" % t._shape.ndims)
    depth = _scalar_value(depth_t)
    if depth is not None and depth < 0:
        raise ValueError("depth must be non-negative, got: %d" % depth)
    s = indices._shape
    if s.ndims is None:
        return TensorShape(None)
    if not -1 <= axis <= s.ndims:
        raise ValueError("Expected axis to be -1 or between [0, %d).  But received: %d"
                         % (s.ndims + 1, axis))
    dims = list(s.as_tuple())
    dims.insert(s.ndims if axis == -1 else axis, depth)
    return TensorShape(dims)


def _one_hot_kernel(indices, depth, on_value, off_value, *, axis):
    indices, depth = np.asarray(indices), int(depth)
    if depth < 0:
        raise _invalid("depth must be non-negative, got: %d" % depth)
    on_value, off_value = np.asarray(on_value), np.asarray(off_value)
    hot = indices[..., None] == np.arange(depth)
    out = np.where(hot, on_value, off_value).astype(on_value.dtype, copy=False)
    return out if axis == -1 else np.moveaxis(out, -1, axis)


define_op("OneHot", _one_hot_kernel, _one_hot_shape,
          input_names=("indices", "depth", "on_value", "off_value"), same_dtype=(2, 3),
          kernel_attrs=("axis",), fresh_output=True, differentiable=False)


def _value_dtype(value):
    if _is_tensor_like(value):
        return value.dtype.base_dtype
    return to_numpy(value)[1]


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """A one-hot encoding of `indices`: `on_value` (1) at each index, `off_value` (0) elsewhere,
    along a new dimension `axis` (default: last). Indices outside [0, depth) give all off."""
    with _name_scope(name, "one_hot", [indices, depth, on_value, off_value]) as scope:
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype).base_dtype
        on_dtype = _value_dtype(on_value) if on_value is not None else None
        off_dtype = _value_dtype(off_value) if off_value is not None else None
        if on_dtype is not None or off_dtype is not None:
            if dtype is not None:
                for value_dtype, arg in ((on_dtype, "on_value"), (off_dtype, "off_value")):
                    if value_dtype is not None and value_dtype is not dtype:
                        raise TypeError("dtype %s of %s does not match dtype parameter %s"
                                        % (value_dtype, arg, dtype))
            else:
                dtype = on_dtype if on_dtype is not None else off_dtype
        elif dtype is None:
            dtype = dtypes.float32
        if on_value is None:
            on_value, on_dtype = convert_to_tensor(1, dtype, name="on_value"), dtype
        if off_value is None:
            off_value, off_dtype = convert_to_tensor(0, dtype, name="off_value"), dtype
        if on_dtype is not off_dtype:
            raise TypeError("dtype %s of on_value does not match dtype %s of off_value"
                            % (on_dtype, off_dtype))
        return apply_op("OneHot", [_index_arg(indices), depth, on_value, off_value],
                        {"axis": -1 if axis is None else _as_int(axis, "axis")}, name=scope)


# ---------------------------------------------------------------------------- slice

def _slice_bounds(begin, size, dims, fail):
    """Output dims of Slice; calls `fail(message)` for ranges outside the input."""
    out = []
    for i, (b, sz, d) in enumerate(zip(begin, size, dims)):
        if b is not None and d is not None and not 0 <= b <= d:
            fail("Expected begin[%d] in [0, %d], but got %d" % (i, d, b))
        if sz == -1:
            out.append(None if b is None or d is None else d - b)
            continue
        if sz is not None and b is not None and d is not None and not 0 <= sz <= d - b:
            fail("Expected size[%d] in [0, %d], but got %d" % (i, d - b, sz))
        if sz is not None and sz < -1:
            fail("Expected size[%d] >= -1, but got %d" % (i, sz))
        out.append(sz)
    return out


def _raise_value_error(message):
    raise ValueError(message)


def _slice_shape(op):
    x, begin_t, size_t = op._inputs
    _index_input(op, 1, "begin", "Index")
    _index_input(op, 2, "size", "Index")
    begin, sizes = _partial_vector(begin_t), _partial_vector(size_t)
    s = x._shape
    n = len(begin) if begin is not None else (len(sizes) if sizes is not None else s.ndims)
    if n is None:
        return TensorShape(None)
    for vec in (begin, sizes):
        if vec is not None and len(vec) != n or (s.ndims is not None and n != s.ndims):
            raise ValueError("Expected begin and size arguments to be 1-D tensors of size %s, "
                             "but got shapes %s and %s instead."
                             % (s.ndims, shape_text(begin_t._shape), shape_text(size_t._shape)))
    begin = begin or [None] * n
    sizes = sizes or [None] * n
    dims = s.as_tuple() or (None,) * n
    return TensorShape(_slice_bounds(begin, sizes, dims, _raise_value_error))


def _slice_kernel(input, begin, size):
    x = np.asarray(input)
    begin = [int(b) for b in np.reshape(begin, -1)]
    size = [int(s) for s in np.reshape(size, -1)]
    if len(begin) != x.ndim or len(size) != x.ndim:
        raise _invalid("Expected begin and size arguments to be 1-D tensors of size %d, but got "
                       "shapes [%d] and [%d] instead." % (x.ndim, len(begin), len(size)))

    def fail(message):
        raise _invalid(message)
    out = _slice_bounds(begin, size, x.shape, fail)
    return x[tuple(_py_slice(b, b + n) for b, n in zip(begin, out))]


define_op("Slice", _slice_kernel, _slice_shape, input_names=("input", "begin", "size"),
          same_dtype=(0,), gradient=_deferred("_slice_grad"))


def slice(input_, begin, size, name=None):
    """The block of `input_` starting at `begin` with extent `size` (-1: to the end)."""
    return apply_op("Slice", [input_, _index_arg(begin), _index_arg(size)],
                    name=name or "Slice")


# ---------------------------------------------------------------------------- strided_slice

def _expand_slice_spec(n, r, ellipsis_mask, new_axis_mask, shrink_axis_mask):
    """Lays the n sparse specs over the r input dims: [(kind, spec index, input dim)], kind one
    of 'new' (tf.newaxis), 'shrink' (an int index), 'slice', 'full' (dims an ellipsis or the
    implicit trailing ellipsis covers)."""
    ellipses = [i for i in _py_range(n) if ellipsis_mask >> i & 1]
    if len(ellipses) > 1:
        raise ValueError("Multiple ellipses in slice spec not allowed")
    consuming = sum(1 for i in _py_range(n)
                    if not ellipsis_mask >> i & 1 and not new_axis_mask >> i & 1)
    entries, dim = [], 0
    for i in _py_range(n):
        if ellipsis_mask >> i & 1:
            for _ in _py_range(max(r - consuming, 0)):
                entries.append(("full", i, dim))
                dim += 1
        elif new_axis_mask >> i & 1:
            entries.append(("new", i, None))
        else:
            if dim >= r:
                raise ValueError("Index out of range using input dim %d; input has only %d dims"
                                 % (dim, r))
            entries.append(("shrink" if shrink_axis_mask >> i & 1 else "slice", i, dim))
            dim += 1
    while dim < r:
        entries.append(("full", None, dim))
        dim += 1
    return entries


def _strided_length(size, begin, end, stride):
    """Elements a strided range takes from a dim of `size` (TF's canonical clamping); begin or
    end None means masked (full range)."""
    if size is None or _UNKNOWN in (begin, end, stride):
        return None
    lo, hi = (0, size) if stride > 0 else (-1, size - 1)

    def canonical(x, c):
        if x is None:
            return (lo, hi)[c] if stride > 0 else (hi, lo)[c]
        return max(lo, min(hi, size + x if x < 0 else x))
    length = canonical(end, 1) - canonical(begin, 0)
    if length == 0 or (length < 0) != (stride < 0):
        return 0
    return length // stride + (1 if length % stride else 0)


def _strided_slice_shape(op):
    x = op._inputs[0]
    for i, arg in ((1, "begin"), (2, "end"), (3, "strides")):
        _index_input(op, i, arg, "Index")
    vectors = [_partial_vector(t) for t in op._inputs[1:]]
    lengths = {len(v) for v in vectors if v is not None}
    if len(lengths) > 1:
        raise ValueError("Expected begin, end, and strides to be 1D equal size tensors, but got "
                         "shapes %s instead." % ", ".join(shape_text(t._shape)
                                                      for t in op._inputs[1:]))
    s = x._shape
    if not lengths or s.ndims is None:
        return TensorShape(None)
    n = lengths.pop()
    begin, end, strides = ([_UNKNOWN if d is None else d for d in v] if v is not None
                           else [_UNKNOWN] * n for v in vectors)
    a = op._attrs
    entries = _expand_slice_spec(n, s.ndims, a["ellipsis_mask"], a["new_axis_mask"],
                                 a["shrink_axis_mask"])
    dims, out = s.as_tuple(), []
    for kind, i, d in entries:
        if kind == "new":
            out.append(1)
        elif kind == "full":
            out.append(dims[d])
        elif kind == "shrink":
            b, size = begin[i], dims[d]
            if b is not _UNKNOWN and size is not None:
                fwd = b + size if b < 0 else b
                if not 0 <= fwd < size:
                    raise ValueError("slice index %d of dimension %d out of bounds." % (fwd, d))
        else:
            if strides[i] == 0:
                raise ValueError("strides[%d] must be non-zero" % i)
            out.append(_strided_length(dims[d], None if a["begin_mask"] >> i & 1 else begin[i],
                                       None if a["end_mask"] >> i & 1 else end[i], strides[i]))
    return TensorShape(out)


def _strided_index(dims, begin, end, strides, begin_mask, end_mask, ellipsis_mask,
                   new_axis_mask, shrink_axis_mask):
    """The NumPy index (ints, slices, None for new axes) a strided slice of an array of shape
    `dims` takes; InvalidArgumentError for specs that cannot apply to it."""
    begin, end, strides = (np.reshape(v, -1) for v in (begin, end, strides))
    if not len(begin) == len(end) == len(strides):
        raise _invalid("Expected begin, end, and strides to be 1D equal size tensors, but got "
                       "shapes [%d], [%d], and [%d] instead." % (len(begin), len(end),
                                                                len(strides)))
    try:
        entries = _expand_slice_spec(len(begin), len(dims), ellipsis_mask, new_axis_mask,
                                     shrink_axis_mask)
    except ValueError as e:
        raise _invalid(str(e)) from None
    index = []
    for kind, i, d in entries:
        if kind == "new":
            index.append(None)
        elif kind == "full":
            index.append(_py_slice(None))
        elif kind == "shrink":
            b, size = int(begin[i]), dims[d]
            fwd = b + size if b < 0 else b
            if not 0 <= fwd < size:
                raise _invalid("slice index %d of dimension %d out of bounds." % (fwd, d))
            index.append(fwd)
        else:
            step = int(strides[i])
            if step == 0:
                raise _invalid("strides[%d] must be non-zero" % i)
            # Python slices clamp out-of-range bounds exactly as TF canonicalizes them.
            index.append(_py_slice(None if begin_mask >> i & 1 else int(begin[i]),
                                   None if end_mask >> i & 1 else int(end[i]), step))
    return index


def _strided_slice_kernel(input, begin, end, strides, **masks):
    x = np.asarray(input)
    index = _strided_index(x.shape, begin, end, strides, **masks)
    return _as_array(x[tuple(index)], x.dtype)


_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")

define_op("StridedSlice", _strided_slice_kernel, _strided_slice_shape,
          input_names=("input", "begin", "end", "strides"), same_dtype=(0,),
          kernel_attrs=_MASKS, gradient=_deferred("_strided_slice_grad"))


def _strided_slice_grad_shape(op):
    for i, arg in ((0, "shape"), (1, "begin"), (2, "end"), (3, "strides")):
        _index_input(op, i, arg, "Index")
    dims = _partial_vector(op._inputs[0])
    return TensorShape(dims)


def _strided_slice_grad_kernel(shape, begin, end, strides, dy, **masks):
    dy = np.asarray(dy)
    dims = [int(d) for d in np.reshape(shape, -1)]
    if any(d < 0 for d in dims):
        raise _invalid("shape must be non-negative, got %s" % _dims_text(dims))
    out = np.zeros(dims, dtype=dy.dtype)
    # New axes are size-1 dims of dy only; the other entries address `out` itself.
    index = tuple(i for i in _strided_index(dims, begin, end, strides, **masks)
                  if i is not None)
    target_shape = np.shape(out[index])
    if int(np.prod(target_shape, dtype=np.int64)) != dy.size:
        raise _invalid("shape of dy was %s instead of %s" % (_dims_text(dy.shape),
                                                             _dims_text(target_shape)))
    out[index] = dy.reshape(target_shape)
    return out


# TF's StridedSliceGrad: scatters dy into zeros of `shape` where StridedSlice took its values.
define_op("StridedSliceGrad", _strided_slice_grad_kernel, _strided_slice_grad_shape,
          input_names=("shape", "begin", "end", "strides", "dy"), same_dtype=(4,),
          kernel_attrs=_MASKS, fresh_output=True, gradient=_deferred("_strided_slice_grad_grad"))


def strided_slice_grad(shape, begin, end, strides, dy, begin_mask=0, end_mask=0,
                       ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0, name=None):
    """The gradient of StridedSlice: `dy` placed where the slice of a `shape` tensor was taken,
    zeros elsewhere."""
    return apply_op("StridedSliceGrad", [_index_arg(shape), _index_arg(begin), _index_arg(end),
                                         _index_arg(strides), dy],
                    {"begin_mask": begin_mask, "end_mask": end_mask,
                     "ellipsis_mask": ellipsis_mask, "new_axis_mask": new_axis_mask,
                     "shrink_axis_mask": shrink_axis_mask}, name=name or "StridedSliceGrad")


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None):
    """input_[begin:end:strides] per dimension, with TF's masks (the op behind t[...])."""
    begin, end = _index_arg(begin), _index_arg(end)
    if strides is None:
        strides = ones_like(begin)
    return apply_op("StridedSlice", [input_, begin, end, _index_arg(strides)],
                    {"begin_mask": _as_int(begin_mask, "begin_mask"),
                     "end_mask": _as_int(end_mask, "end_mask"),
                     "ellipsis_mask": _as_int(ellipsis_mask, "ellipsis_mask"),
                     "new_axis_mask": _as_int(new_axis_mask, "new_axis_mask"),
                     "shrink_axis_mask": _as_int(shrink_axis_mask, "shrink_axis_mask")},
                    name=name or "StridedSlice")


_SLICE_TYPE_ERROR = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and "
                     "scalar tf.int32/tf.int64 tensors are valid indices")


def _check_index(idx):
    if isinstance(idx, (numbers.Integral, Dimension)):
        return
    dtype = getattr(idx, "dtype", None)
    try:
        ok = dtype is not None and dtypes.as_dtype(dtype).base_dtype in _INDEX_TYPES
    except TypeError:
        ok = False
    idx_shape = getattr(idx, "shape", None)
    if not ok or (idx_shape is not None and len(idx_shape or ()) == 1):
        raise TypeError(_SLICE_TYPE_ERROR + ", got %r" % (idx,))


def _index_value(idx):
    return idx.value if isinstance(idx, Dimension) else idx


def _slice_helper(tensor, slice_spec, var=None):
    """Tensor.__getitem__: NumPy basic indexing (ints, slices with steps, negative indices,
    ..., tf.newaxis, scalar int tensors) as one StridedSlice; a bool tensor masks."""
    if isinstance(slice_spec, Tensor) and slice_spec.dtype.base_dtype is dtypes.bool_:
        return boolean_mask(tensor, slice_spec)
    if not isinstance(slice_spec, (list, tuple)):
        slice_spec = [slice_spec]
    begin, end, strides = [], [], []
    begin_mask = end_mask = ellipsis_mask = new_axis_mask = shrink_axis_mask = 0
    for index, s in enumerate(slice_spec):
        if isinstance(s, _py_slice):
            if s.start is not None:
                _check_index(s.start)
                begin.append(_index_value(s.start))
            else:
                begin.append(0)
                begin_mask |= 1 << index
            if s.stop is not None:
                _check_index(s.stop)
                end.append(_index_value(s.stop))
            else:
                end.append(0)
                end_mask |= 1 << index
            if s.step is not None:
                _check_index(s.step)
                strides.append(_index_value(s.step))
            else:
                strides.append(1)
        elif s is Ellipsis:
            begin.append(0)
            end.append(0)
            strides.append(1)
            ellipsis_mask |= 1 << index
        elif s is newaxis:
            begin.append(0)
            end.append(0)
            strides.append(1)
            new_axis_mask |= 1 << index
        else:
            _check_index(s)
            s = _index_value(s)
            begin.append(s)
            end.append(s + 1)
            strides.append(1)
            shrink_axis_mask |= 1 << index
    with _name_scope(None, "strided_slice", [tensor] + begin + end + strides) as name:
        if begin:
            packed = [stack(begin), stack(end), stack(strides)]
            if any(p.dtype.base_dtype is dtypes.int64 for p in packed):
                packed = [p if p.dtype.base_dtype is dtypes.int64 else _cast(p, dtypes.int64)
                          for p in packed]
        else:
            packed = [constant([], dtype=dtypes.int32)] * 3
        return strided_slice(tensor, packed[0], packed[1], packed[2], begin_mask=begin_mask,
                             end_mask=end_mask, shrink_axis_mask=shrink_axis_mask,
                             new_axis_mask=new_axis_mask, ellipsis_mask=ellipsis_mask, var=var,
                             name=name)


Tensor._override_operator("__getitem__", _slice_helper)


# ---------------------------------------------------------------------------- boolean_mask

def _prod(x, axis):
    get_op_def("Prod")  # math_ops declares it; a clear error if it does not (yet)
    return apply_op("Prod", [x, axis], {"keep_dims": False}, name="Prod")


def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    """The entries of `tensor` where the K-D bool `mask` is true (NumPy's tensor[mask]): the
    masked K dimensions (from `axis`, default 0) become one dimension of unknown size."""
    with _name_scope(name, "boolean_mask", [tensor, mask]):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        shape_mask = mask.shape
        ndims_mask = shape_mask.ndims
        shape_tensor = tensor.shape
        if ndims_mask == 0:
            raise ValueError("mask cannot be scalar.")
        if ndims_mask is None:
            raise ValueError("Number of mask dimensions must be specified, even if some "
                             "dimensions are None.  E.g. shape=[None] is ok, but shape=None is "
                             "not.")
        axis = 0 if axis is None else axis
        shape_tensor[axis:axis + ndims_mask].assert_is_compatible_with(shape_mask)
        leading_size = _prod(shape(tensor)[axis:axis + ndims_mask], [0])
        tensor = reshape(tensor, concat([shape(tensor)[:axis], [leading_size],
                                         shape(tensor)[axis + ndims_mask:]], 0))
        first_dim = shape_tensor[axis:axis + ndims_mask].num_elements()
        tensor.set_shape(as_shape(shape_tensor[:axis]).concatenate([first_dim])
                         .concatenate(shape_tensor[axis + ndims_mask:]))
        mask = reshape(mask, [-1])
        indices = squeeze(where(mask), axis=[1])
        return gather(tensor, indices, axis=axis)


# ---------------------------------------------------------------------------- reverse, broadcast

def _reverse_shape(op):
    x, axis_t = op._inputs
    _index_input(op, 1, "axis", "Tidx")
    axes = _constant_value(axis_t)
    r = x._shape.ndims
    if axes is not None and r is not None:
        axes = [int(a) for a in np.reshape(axes, -1)]
        for a in axes:
            if not -r <= a < r:
                raise ValueError("'axis'[%d] = %d is out of valid range [%d, %d)"
                                 % (axes.index(a), a, -r, r))
        if len({a % r for a in axes}) != len(axes):
            raise ValueError("axis %s specified more than once." % axes)
    return x._shape


def _reverse_kernel(tensor, axis):
    x = np.asarray(tensor)
    axes = [int(a) for a in np.reshape(axis, -1)]
    for a in axes:
        if not -x.ndim <= a < x.ndim:
            raise _invalid("'axis'[%d] = %d is out of valid range [%d, %d)"
                           % (axes.index(a), a, -x.ndim, x.ndim))
    return np.flip(x, axis=tuple(a % x.ndim for a in axes)) if axes else x


define_op("ReverseV2", _reverse_kernel, _reverse_shape, input_names=("tensor", "axis"),
          same_dtype=(0,), gradient=_deferred("_reverse_grad"))


def reverse_v2(tensor, axis, name=None):
    """`tensor` with the dimensions listed in `axis` reversed."""
    return apply_op("ReverseV2", [tensor, _index_arg(axis)], name=name or "ReverseV2")


reverse = reverse_v2


def _broadcast_to_shape(op):
    x, shape_t = op._inputs
    _index_input(op, 1, "shape", "Tidx")
    target = _partial_vector(shape_t)
    if target is None:
        return TensorShape(None)
    s = x._shape
    if s.ndims is not None:
        if s.ndims > len(target):
            raise ValueError("Rank of input (%d) must be no greater than rank of output shape "
                             "(%d)." % (s.ndims, len(target)))
        for d, t in zip(reversed(s.as_tuple()), reversed(target)):
            if d is not None and t is not None and d != 1 and d != t:
                raise ValueError("Dimensions must be equal, but are %d and %d" % (d, t))
    return TensorShape(target)


def _broadcast_to_kernel(input, shape):
    target = tuple(int(d) for d in np.reshape(shape, -1))
    try:
        return np.broadcast_to(input, target)
    except ValueError:
        raise _invalid("Unable to broadcast tensor of shape %s to tensor of shape %s"
                       % (_dims_text(np.shape(input)), _dims_text(target))) from None


define_op("BroadcastTo", _broadcast_to_kernel, _broadcast_to_shape,
          input_names=("input", "shape"), same_dtype=(0,),
          gradient=_deferred("_broadcast_to_grad"))


def broadcast_to(input, shape, name=None):
    """`input` broadcast (NumPy rules) to `shape`."""
    return apply_op("BroadcastTo", [input, _index_arg(shape)], name=name or "BroadcastTo")


def _invert_permutation_kernel(x):
    x = np.asarray(x)
    if x.ndim != 1:
        raise _invalid("invert_permutation expects a 1D vector.")
    if sorted(x.tolist()) != list(_py_range(len(x))):
        raise _invalid("%s is not a permutation of 0..%d" % (x.tolist(), len(x) - 1))
    out = np.empty_like(x)
    out[x] = np.arange(len(x), dtype=x.dtype)
    return out


define_op("InvertPermutation", _invert_permutation_kernel, same_as_input,
          allowed_dtypes=_INDEX_TYPES, fresh_output=True, differentiable=False)


def invert_permutation(x, name=None):
    """The inverse of the permutation `x`: y[x[i]] = i."""
    return apply_op("InvertPermutation", [x], name=name or "InvertPermutation")


# ---------------------------------------------------------------------------- matrices, gradients

def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """`a` with its last two dimensions swapped (a batch of matrices transposed)."""
    with _name_scope(name, "matrix_transpose", [a]):
        a = convert_to_tensor(a, name="a")
        ndims = a.shape.ndims
        if ndims is not None:
            if ndims < 2:
                raise ValueError("Argument `a` should be a (batch) matrix with rank >= 2.  "
                                 "Received `a` = %s with shape: %s" % (a, a.shape))
            perm = list(_py_range(ndims - 2)) + [ndims - 1, ndims - 2]
        else:
            a_rank = rank(a)
            perm = concat((apply_op("Range", [0, a_rank - 2, 1], name="Range"),
                           [a_rank - 1, a_rank - 2]), 0)
        return transpose(a, perm=perm, conjugate=conjugate)


def _diag_part_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is None:
        return TensorShape(None)
    if s.ndims % 2 or s.ndims == 0:
        raise ValueError("Input must have even rank <= 6, input rank is %d" % s.ndims)
    k = s.ndims // 2
    dims = s.as_tuple()
    out = []
    for a, b in zip(dims[:k], dims[k:]):
        if a is not None and b is not None and a != b:
            raise ValueError("Dimensions must be equal, but are %d and %d" % (a, b))
        out.append(a if a is not None else b)
    return TensorShape(out)


def _diag_part_kernel(input):
    x = np.asarray(input)
    k = x.ndim // 2
    if x.ndim % 2 or x.ndim == 0 or x.shape[:k] != x.shape[k:]:
        raise _invalid("Invalid shape %s: dimensions [0, %d) must match dimensions [%d, %d)"
                       % (_dims_text(x.shape), k, k, x.ndim))
    n = int(np.prod(x.shape[:k], dtype=np.int64))
    return np.diagonal(x.reshape(n, n)).reshape(x.shape[:k]).copy()


define_op("DiagPart", _diag_part_kernel, _diag_part_shape, input_names=("input",),
          fresh_output=True, gradient=_deferred("_diag_part_grad"))


def diag_part(input, name=None):
    """The diagonal of `input` of shape [D1..Dk, D1..Dk]: a tensor of shape [D1..Dk]."""
    return apply_op("DiagPart", [input], name=name or "DiagPart")


def _diag_kernel(diagonal):
    d = np.asarray(diagonal)
    return np.diag(d.reshape(-1)).reshape(d.shape + d.shape)


define_op("Diag", _diag_kernel,
          lambda op: op._inputs[0]._shape.concatenate(op._inputs[0]._shape),
          input_names=("diagonal",), fresh_output=True, gradient=_deferred("_diag_grad"))


def diag(diagonal, name=None):
    """The tensor of shape [D1..Dk, D1..Dk] with `diagonal` on its diagonal, zeros elsewhere."""
    return apply_op("Diag", [diagonal], name=name or "Diag")


def _broadcast_gradient_args_kernel(s0, s1):
    """TF's BCast: the dims each input was broadcast along (to sum its gradient over)."""
    dtype = np.asarray(s0).dtype
    a, b = np.reshape(s0, -1).tolist(), np.reshape(s1, -1).tolist()
    if a == b:
        return np.zeros(0, dtype), np.zeros(0, dtype)
    n = max(len(a), len(b))
    x, y = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
    r0, r1 = [], []
    for i, (p, q) in enumerate(zip(x, y)):
        if p == q:
            if p == 1:  # both 1: TF reduces both (the result keeps the dim)
                r0.append(i)
                r1.append(i)
        elif p == 1:
            r0.append(i)
        elif q == 1:
            r1.append(i)
        else:
            raise _invalid("Incompatible shapes: %s vs. %s" % (_dims_text(a), _dims_text(b)))
    return np.array(r0, dtype), np.array(r1, dtype)


define_op("BroadcastGradientArgs", _broadcast_gradient_args_kernel,
          lambda op: [TensorShape([None])] * 2, num_outputs=2, input_names=("s0", "s1"),
          allowed_dtypes=_INDEX_TYPES, fresh_output=True, differentiable=False)


def broadcast_gradient_args(s0, s1, name=None):
    """(r0, r1): the dimensions along which shapes `s0` and `s1` broadcast against each other,
    i.e. the axes to reduce each gradient over."""
    r0, r1 = apply_op("BroadcastGradientArgs", [s0, s1], name=name or "BroadcastGradientArgs")
    return r0, r1


# ============================================================================ gradients
# TF1's array_grad.py, op by op: `gradient(op, *output_grads)` returns one gradient per input,
# None for shapes, axes and indices. Built from graph ops (never NumPy on values), so the
# gradients can be differentiated again. The define_op calls above name them via _deferred.

def _math():
    from interflow.ops import math_ops  # math_ops imports this module
    return math_ops


def _identity_n_grad(op, *grads):
    return list(grads)


def _reshape_to_input(op, grad):
    return reshape(grad, shape(op._inputs[0]))


def _reshape_grad(op, grad):
    s = op._inputs[0]._shape
    if s.ndims is not None and not s.is_fully_defined():
        dims = list(s.as_tuple())
        unknown = [i for i, d in enumerate(dims) if d is None]
        # One unknown dim can be -1, sparing a run-time Shape op (not with a 0 dim: then -1
        # would be ambiguous).
        if len(unknown) == 1 and 0 not in dims:
            dims[unknown[0]] = -1
            return [reshape(grad, dims), None]
    return [_reshape_to_input(op, grad), None]


def _squeeze_grad(op, grad):
    return [_reshape_to_input(op, grad)]


def _expand_dims_grad(op, grad):
    return [_reshape_to_input(op, grad), None]


def _transpose_grad(op, grad):
    return [transpose(grad, invert_permutation(op._inputs[1])), None]


def _conjugate_transpose_grad(op, grad):
    return [transpose(grad, invert_permutation(op._inputs[1]), conjugate=True), None]


def _concat_grad(op, grad):
    values, axis = op._inputs[:-1], op._inputs[-1]
    if len(values) == 1:
        return [grad, None]
    if axis.dtype.base_dtype is not dtypes.int32:
        axis = _cast(axis, dtypes.int32)  # ConcatOffset takes an int32 concat_dim
    non_neg_axis = axis % rank(values[0])
    sizes = []
    for v in values:
        sizes.append(shape(v))
        if sizes[-1].op.type != "Const":  # as TF: one ShapeN unless all shapes are static
            sizes = shape_n(values)
            break
    offsets = concat_offset(non_neg_axis, sizes)
    return [slice(grad, begin, size) for begin, size in zip(offsets, sizes)] + [None]


def _pack_grad(op, grad):
    return unstack(grad, num=op._attrs["N"], axis=op._attrs["axis"])


def _unpack_grad(op, *grads):
    return [stack(list(grads), axis=op._attrs["axis"])]


def _split_grad(op, *grads):
    return [None, concat(list(grads), op._inputs[0])]


def _splitv_grad(op, *grads):
    return [concat(list(grads), op._inputs[2]), None, None]


def _tile_grad(op, grad):
    x, multiples = op._inputs
    input_shape = shape(x, out_type=multiples.dtype.base_dtype)
    # grad reshaped to [m0, d0, m1, d1, ...] holds the copies along the even axes: sum them.
    split_shape = reshape(transpose(stack([multiples, input_shape])), [-1])
    axes = range(0, size(split_shape), 2)
    input_grad = _math().reduce_sum(reshape(grad, split_shape), axes)
    input_grad.set_shape(x.shape)
    return [input_grad, None]


def _pad_grad(op, grad):
    """Pad and PadV2: the input's block of grad (TF gives no gradient to constant_values)."""
    x, paddings = op._inputs[0], op._inputs[1]
    pad_before = slice(paddings, [0, 0], stack([rank(x), 1]))
    begin = reshape(pad_before, [-1])
    sizes = shape(x, out_type=begin.dtype.base_dtype)
    x_grad = slice(grad, begin, sizes)
    return [x_grad] + [None] * (len(op._inputs) - 1)


def _mirror_pad_grad(op, grad):
    return [apply_op("MirrorPadGrad", [grad, op._inputs[1]], {"mode": op._attrs["mode"]},
                     name="MirrorPadGrad"), None]


def _mirror_pad_grad_grad(op, grad):
    return [apply_op("MirrorPad", [grad, op._inputs[1]], {"mode": op._attrs["mode"]},
                     name="MirrorPad"), None]


def _fill_grad(op, grad):
    return [None, _math().reduce_sum(grad)]


def _slice_grad(op, grad):
    x, begin = op._inputs[0], op._inputs[1]
    index_dtype = begin.dtype.base_dtype
    input_rank = rank(x)
    slice_size = shape(op._outputs[0], out_type=index_dtype)
    # Pad grad back to x's shape: begin zeros before, the rest after, per dimension.
    pad_shape = stack([input_rank, 1])
    before_pad = reshape(begin, pad_shape)
    after_pad = reshape(shape(x, out_type=index_dtype) - slice_size - begin, pad_shape)
    paddings = concat([before_pad, after_pad], 1)
    return [pad(grad, paddings), None, None]


def _strided_slice_grad(op, grad):
    x, begin, end, strides = op._inputs
    x_shape = shape(x, out_type=begin.dtype.base_dtype)
    # Values known while building are passed as such (TF folds them into new Consts).
    args = []
    for t in (x_shape, begin, end, strides):
        value = _constant_value(t)
        args.append(t if value is None else value)
    masks = {m: op._attrs[m] for m in _MASKS}
    return [strided_slice_grad(*args, grad, **masks), None, None, None]


def _strided_slice_grad_grad(op, grad):
    _, begin, end, strides, _ = op._inputs
    masks = {m: op._attrs[m] for m in _MASKS}
    return [None, None, None, None, strided_slice(grad, begin, end, strides, **masks)]


def _gather_grad(op, grad):
    """GatherV2: TF returns IndexedSlices (rows of grad and the indices they go to); interflow
    has none, so the rows are summed into a dense tensor as TF does when it densifies them."""
    params, indices, axis = op._inputs
    params_shape = shape(params)
    indices_size = expand_dims(size(indices), 0)
    if _scalar_value(axis) == 0:
        values_shape = concat([indices_size, params_shape[1:]], 0)
        values = reshape(grad, values_shape)
        flat_indices = reshape(indices, indices_size)
        return [unsorted_segment_sum(values, flat_indices, params_shape[0]), None, None]
    # Another axis: move it to the front, sum the rows there, and move it back.
    outer_shape = params_shape[:axis]
    inner_shape = params_shape[axis:][1:]
    values_shape = concat([outer_shape, [-1], inner_shape], 0)
    values_dims = size(values_shape)
    axis_dims = size(outer_shape)
    outer_axes = range(0, axis_dims)
    inner_axes = range(axis_dims + 1, values_dims)
    values = reshape(grad, values_shape)
    values = transpose(values, concat([[axis_dims], outer_axes, inner_axes], 0))
    flat_indices = reshape(indices, indices_size)
    params_grad = unsorted_segment_sum(values, flat_indices, params_shape[axis])
    params_grad = transpose(params_grad, concat([outer_axes + 1, [0], inner_axes], 0))
    return [reshape(params_grad, params_shape), None, None]


def _unsorted_segment_sum_grad(op, grad):
    """Each row of data gets its segment's row of grad; rows with a negative id get zeros."""
    math_ops = _math()
    ids = op._inputs[1]
    clipped = math_ops.maximum(ids, zeros_like(ids))
    gathered = gather(grad, clipped)
    is_positive = math_ops.greater_equal(ids, 0)
    # Select wants a condition of the gathered shape: pad the ids' shape with ones, broadcast.
    ids_shape = shape(is_positive)
    broadcastable_shape = concat(
        [ids_shape, ones([rank(gathered) - rank(is_positive)], dtype=ids_shape.dtype)], 0)
    is_positive = reshape(is_positive, broadcastable_shape)
    is_positive = math_ops.logical_and(is_positive, ones_like(gathered, dtype=dtypes.bool_))
    return [where(is_positive, gathered, zeros_like(gathered)), None, None]


def _select_grad(op, grad):
    """TF1's Select takes t and e of one shape, so neither gradient needs reducing."""
    c, x = op._inputs[0], op._inputs[1]
    zeros = zeros_like(x)
    return [None, where(c, grad, zeros), where(c, zeros, grad)]


def _reverse_grad(op, grad):
    return [reverse_v2(grad, op._inputs[1]), None]


def _broadcast_to_grad(op, grad):
    x, broadcast_shape = op._inputs
    shape_dtype = broadcast_shape.dtype.base_dtype
    input_shape = shape(x, out_type=shape_dtype)
    static = _constant_value(broadcast_shape)
    if static is not None:
        broadcast_shape = constant(static, dtype=shape_dtype)
    _, reduction_axes = broadcast_gradient_args(broadcast_shape, input_shape)
    summed = _math().reduce_sum(grad, axis=reduction_axes, keepdims=True)
    return [reshape(summed, input_shape), None]


def _diag_grad(op, grad):
    return [diag_part(grad)]


def _diag_part_grad(op, grad):
    return [diag(grad)]


_missing = [n for n in _DEFERRED_GRADIENTS if n not in globals()]
if _missing:
    raise ImportError("array_ops declares gradients it does not define: %s" % _missing)
