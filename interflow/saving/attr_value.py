"""Op attrs <-> TensorFlow's AttrValue, TensorProto and TensorShapeProto messages.

Attrs are converted by their Python type, as TensorFlow stores them: DType -> type,
TensorShape -> shape, bool -> b, int -> i, float -> f, str/bytes -> s, np.ndarray -> tensor,
lists -> list. Going back, values come out as interflow's op wrappers store them: DTypes,
TensorShapes, Python scalars, `str` for strings, read-only arrays for tensors (string tensors as
object arrays of bytes).
"""

import numbers

import numpy as np

from interflow.framework import dtypes
from interflow.framework.shapes import TensorShape
from interflow.saving.protos import proto_module

__all__ = ["UnsupportedAttr", "to_attr_value", "from_attr_value", "make_tensor_proto",
           "make_ndarray", "shape_to_proto", "shape_from_proto", "dtype_name"]


class UnsupportedAttr(TypeError):
    """An attr value that has no AttrValue form (a Python function, say)."""


# The TensorProto field holding each dtype's values when they are not in tensor_content.
_VALUE_FIELDS = {
    "float32": "float_val", "float64": "double_val", "int32": "int_val", "int16": "int_val",
    "int8": "int_val", "uint8": "int_val", "uint16": "int_val", "int64": "int64_val",
    "uint32": "uint32_val", "uint64": "uint64_val", "bool": "bool_val",
    "complex64": "scomplex_val", "complex128": "dcomplex_val", "float16": "half_val",
    "string": "string_val",
}
# As TF's make_tensor_proto: these types go to tensor_content (raw little-endian bytes) when
# the tensor has more than one element.
_CONTENT_TYPES = frozenset(["float16", "float32", "float64", "int8", "int16", "int32", "int64",
                            "uint8", "uint16", "uint32", "uint64"])
_TF_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def dtype_name(dtype):
    """TF's C++ name of a dtype, as its error messages print it ('float' for float32)."""
    name = dtypes.as_dtype(dtype).base_dtype.name
    return _TF_TYPE_NAMES.get(name, name)


def shape_to_proto(shape, proto=None):
    """A TensorShapeProto for a TensorShape (unknown dims become -1)."""
    if proto is None:
        proto = proto_module("tensor_shape_pb2").TensorShapeProto()
    proto.SetInParent()  # a scalar shape has no dims but must still be present
    shape = shape if isinstance(shape, TensorShape) else TensorShape(shape)
    if shape.ndims is None:
        proto.unknown_rank = True
    else:
        for d in shape.as_list():
            proto.dim.add(size=-1 if d is None else int(d))
    return proto


def shape_from_proto(proto):
    if proto.unknown_rank:
        return TensorShape(None)
    return TensorShape([None if d.size < 0 else int(d.size) for d in proto.dim])


def make_tensor_proto(value, proto=None):
    """A TensorProto holding ndarray `value` (dtype and shape as they are)."""
    if proto is None:
        proto = proto_module("tensor_pb2").TensorProto()
    arr = np.asarray(value)
    dtype = dtypes.as_dtype(arr.dtype)
    proto.SetInParent()
    proto.dtype = dtype.as_datatype_enum
    shape_to_proto(TensorShape(arr.shape), proto.tensor_shape)
    name = dtype.name
    if name == "string":
        proto.string_val.extend(_as_bytes(v) for v in arr.reshape(-1))
    elif name in _CONTENT_TYPES and arr.size > 1:
        proto.tensor_content = np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder("<")) \
            .tobytes()
    elif name == "float16":
        proto.half_val.extend(int(v) for v in arr.reshape(-1).view(np.uint16))
    elif name in ("complex64", "complex128"):
        flat = arr.reshape(-1)
        pairs = np.empty(flat.size * 2, dtype=flat.real.dtype)
        pairs[0::2] = flat.real
        pairs[1::2] = flat.imag
        getattr(proto, _VALUE_FIELDS[name]).extend(pairs.tolist())
    else:
        getattr(proto, _VALUE_FIELDS[name]).extend(arr.reshape(-1).tolist())
    return proto


def _as_bytes(v):
    if isinstance(v, bytes):
        return v
    if isinstance(v, str):
        return v.encode("utf-8")
    return bytes(v)


def make_ndarray(proto):
    """The read-only ndarray a TensorProto holds (strings as an object array of bytes).

    As TF's MakeNdarray, a short value list is padded with its last value (TF writes a tensor
    whose elements are all equal as one value).
    """
    dtype = dtypes.as_dtype(proto.dtype).base_dtype
    shape = tuple(int(d.size) for d in proto.tensor_shape.dim)
    size = int(np.prod(shape, dtype=np.int64)) if shape else 1
    name = dtype.name
    if proto.tensor_content and name != "string":
        arr = np.frombuffer(proto.tensor_content, dtype=dtype.np_dtype.newbyteorder("<"))
        if arr.size != size:
            raise ValueError("TensorProto of dtype %s and shape %s has %d elements in "
                             "tensor_content" % (name, list(shape), arr.size))
        arr = arr.astype(dtype.np_dtype).reshape(shape)
    else:
        if name == "string":
            values = np.empty(len(proto.string_val), dtype=object)
            values[:] = list(proto.string_val)
        elif name == "float16":
            values = np.array(proto.half_val, dtype=np.uint16).view(np.float16)
        elif name in ("complex64", "complex128"):
            pairs = np.array(getattr(proto, _VALUE_FIELDS[name]),
                             dtype=np.float32 if name == "complex64" else np.float64)
            values = (pairs[0::2] + 1j * pairs[1::2]).astype(dtype.np_dtype)
        else:
            values = np.array(getattr(proto, _VALUE_FIELDS[name]), dtype=dtype.np_dtype)
        if values.size == size:
            arr = values.reshape(shape)
        elif values.size == 0:
            arr = np.zeros(shape, dtype=dtype.np_dtype) if name != "string" else \
                np.full(shape, b"", dtype=object)
        elif values.size < size:
            arr = np.concatenate([values, np.repeat(values[-1:], size - values.size)])
            arr = arr.reshape(shape)
        else:
            raise ValueError("TensorProto of shape %s has %d values, more than its %d elements"
                             % (list(shape), values.size, size))
        arr = np.array(arr, dtype=dtype.np_dtype if name != "string" else object)
    if not arr.flags.owndata:
        arr = arr.copy()
    arr.flags.writeable = False  # as tf.constant: a constant's buffer is never written
    return arr


def _scalar_kind(value):
    if isinstance(value, (bool, np.bool_)):
        return "b"
    if isinstance(value, dtypes.DType):
        return "type"
    if isinstance(value, (numbers.Integral, np.integer)):
        return "i"
    if isinstance(value, (numbers.Real, np.floating)):
        return "f"
    if isinstance(value, (str, bytes)):
        return "s"
    if isinstance(value, TensorShape):
        return "shape"
    if isinstance(value, np.ndarray):
        return "tensor"
    return None


def _encode_scalar(kind, value):
    if kind == "b":
        return bool(value)
    if kind == "type":
        return value.as_datatype_enum
    if kind == "i":
        return int(value)
    if kind == "f":
        return float(value)
    if kind == "s":
        return _as_bytes(value)
    raise AssertionError(kind)


def to_attr_value(value, proto=None):
    """Fills (or returns a new) AttrValue for a Python attr value.

    Raises:
      UnsupportedAttr: for values no AttrValue can hold (None, functions, mixed lists).
    """
    if proto is None:
        proto = proto_module("attr_value_pb2").AttrValue()
    kind = _scalar_kind(value)
    if kind == "shape":
        shape_to_proto(value, proto.shape)
    elif kind == "tensor":
        make_tensor_proto(value, proto.tensor)
    elif kind is not None:
        setattr(proto, kind, _encode_scalar(kind, value))
    elif isinstance(value, (list, tuple)):
        kinds = set(_scalar_kind(v) for v in value)
        if kinds == {"i", "f"}:
            kinds = {"f"}
        if len(kinds) > 1 or None in kinds:
            raise UnsupportedAttr("a list of %s has no AttrValue form"
                                  % ", ".join(sorted(type(v).__name__ for v in value)))
        proto.list.SetInParent()
        if kinds:
            kind = kinds.pop()
            if kind == "shape":
                for v in value:
                    shape_to_proto(v, proto.list.shape.add())
            elif kind == "tensor":
                for v in value:
                    make_tensor_proto(v, proto.list.tensor.add())
            else:
                getattr(proto.list, kind).extend(_encode_scalar(kind, v) for v in value)
    else:
        raise UnsupportedAttr("a value of type %s has no AttrValue form" % type(value).__name__)
    return proto


def _decode_string(b):
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b


def from_attr_value(proto):
    """The Python value interflow's op wrappers store for an AttrValue."""
    which = proto.WhichOneof("value")
    if which == "s":
        return _decode_string(proto.s)
    if which == "i":
        return int(proto.i)
    if which == "f":
        return float(proto.f)
    if which == "b":
        return bool(proto.b)
    if which == "type":
        return dtypes.as_dtype(proto.type)
    if which == "shape":
        return shape_from_proto(proto.shape)
    if which == "tensor":
        return make_ndarray(proto.tensor)
    if which == "list":
        lst = proto.list
        if lst.s:
            return [_decode_string(v) for v in lst.s]
        if lst.i:
            return [int(v) for v in lst.i]
        if lst.f:
            return [float(v) for v in lst.f]
        if lst.b:
            return [bool(v) for v in lst.b]
        if lst.type:
            return [dtypes.as_dtype(v) for v in lst.type]
        if lst.shape:
            return [shape_from_proto(v) for v in lst.shape]
        if lst.tensor:
            return [make_ndarray(v) for v in lst.tensor]
        if lst.func:
            raise UnsupportedAttr("function-valued attrs (tf.function, Defun) are not "
                                  "supported by interflow")
        return []
    if which is None:
        return None
    raise UnsupportedAttr("%s-valued attrs (tf.function, Defun) are not supported by interflow"
                          % which)
