"""TensorFlow data types (tf.float32, ...) and their NumPy counterparts."""

import numpy as np

__all__ = ["DType", "as_dtype"]


class DType:
    """A TensorFlow element type, with its reference variant (`float32_ref`).

    DTypes are interned: compare with `==` or `is`.
    """

    __slots__ = ("_name", "_np", "_enum", "_is_ref", "_base", "_ref")

    def __init__(self, name, np_dtype, enum, is_ref=False):
        self._name = name
        self._np = np_dtype
        self._enum = enum
        self._is_ref = is_ref
        self._base = self
        self._ref = None

    name = property(lambda self: self._name)
    as_numpy_dtype = property(lambda self: self._np.type if self._np is not None else None)
    """The NumPy scalar type (np.float32, ...), as TF's `as_numpy_dtype`."""
    np_dtype = property(lambda self: self._np)
    """The np.dtype instance (interflow extension, handy for kernels)."""
    as_datatype_enum = property(lambda self: self._enum + (100 if self._is_ref else 0))
    base_dtype = property(lambda self: self._base)
    real_dtype = property(lambda self: self._base)
    is_ref_dtype = property(lambda self: self._is_ref)

    @property
    def _as_ref(self):
        return self._base._ref

    @property
    def is_floating(self):
        return self._base in _FLOATING

    @property
    def is_integer(self):
        return self._base in _INTEGER

    @property
    def is_unsigned(self):
        return self._base in (uint8, uint16, uint32, uint64)

    @property
    def is_bool(self):
        return self._base is bool_

    @property
    def is_complex(self):
        return self._base in (complex64, complex128)

    @property
    def is_numpy_compatible(self):
        return self._np is not None

    @property
    def min(self):
        info = np.finfo(self._np) if self.is_floating else np.iinfo(self._np)
        return info.min

    @property
    def max(self):
        info = np.finfo(self._np) if self.is_floating else np.iinfo(self._np)
        return info.max

    @property
    def size(self):
        return self._np.itemsize if self._np is not None else 1

    def is_compatible_with(self, other):
        """True if a value of dtype `other` can be used where this dtype is expected
        (float32 accepts float32_ref; float32_ref does not accept float32), as TF."""
        other = as_dtype(other)
        return self is other or self is other._base

    def __repr__(self):
        return "tf." + self._name

    def __str__(self):
        return "<dtype: %r>" % self._name

    def __eq__(self, other):
        if other is None:
            return False
        if isinstance(other, DType):
            return self is other
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self._name)

    def __reduce__(self):
        return as_dtype, (self._name,)


def _make(name, np_dtype, enum):
    base = DType(name, np_dtype, enum)
    ref = DType(name + "_ref", np_dtype, enum, is_ref=True)
    ref._base = base
    base._ref = ref
    ref._ref = ref
    return base, ref


# DataType enum values as in TensorFlow's types.proto.
float16, float16_ref = _make("float16", np.dtype(np.float16), 19)
float32, float32_ref = _make("float32", np.dtype(np.float32), 1)
float64, float64_ref = _make("float64", np.dtype(np.float64), 2)
int8, int8_ref = _make("int8", np.dtype(np.int8), 6)
int16, int16_ref = _make("int16", np.dtype(np.int16), 5)
int32, int32_ref = _make("int32", np.dtype(np.int32), 3)
int64, int64_ref = _make("int64", np.dtype(np.int64), 9)
uint8, uint8_ref = _make("uint8", np.dtype(np.uint8), 4)
uint16, uint16_ref = _make("uint16", np.dtype(np.uint16), 17)
uint32, uint32_ref = _make("uint32", np.dtype(np.uint32), 22)
uint64, uint64_ref = _make("uint64", np.dtype(np.uint64), 23)
bool_, bool_ref = _make("bool", np.dtype(np.bool_), 10)
complex64, complex64_ref = _make("complex64", np.dtype(np.complex64), 8)
complex128, complex128_ref = _make("complex128", np.dtype(np.complex128), 18)
# Strings are kept as NumPy object arrays of `bytes`, as TF returns them.
string, string_ref = _make("string", np.dtype(object), 7)
half = float16
double = float64

_FLOATING = frozenset([float16, float32, float64])
_INTEGER = frozenset([int8, int16, int32, int64, uint8, uint16, uint32, uint64])

_ALL = [float16, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32,
        uint64, bool_, complex64, complex128, string]
_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update({d._ref.name: d._ref for d in _ALL})
_BY_NAME.update({"half": float16, "double": float64})
_BY_ENUM = {d.as_datatype_enum: d for d in _ALL}
_BY_ENUM.update({d._ref.as_datatype_enum: d._ref for d in _ALL})
_BY_NP = {d._np: d for d in _ALL if d is not string}
for _t in (np.bytes_, np.str_, np.object_):
    _BY_NP[np.dtype(_t)] = string
_BY_PY = {float: float32, int: int32, bool: bool_, complex: complex128, bytes: string,
          str: string, object: string}


def as_dtype(type_value):
    """Converts a DType, NumPy dtype or type, name string or enum to a DType.

    Raises:
      TypeError: if `type_value` names no TensorFlow type.
    """
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, str):
        try:
            return _BY_NAME[type_value]
        except KeyError:
            raise TypeError("Cannot convert value %r to a TensorFlow DType." % (type_value,)) from None
    if isinstance(type_value, int) and not isinstance(type_value, bool):
        try:
            return _BY_ENUM[type_value]
        except KeyError:
            raise TypeError("Cannot convert value %r to a TensorFlow DType." % (type_value,)) from None
    if type_value in _BY_PY:
        return _BY_PY[type_value]
    try:
        return _BY_NP[np.dtype(type_value)]
    except (TypeError, KeyError, ValueError):
        raise TypeError("Cannot convert value %r to a TensorFlow DType." % (type_value,)) from None
