"""Static shapes: TensorShape and Dimension, where any dimension (or the rank) may be unknown."""

import numbers

__all__ = ["Dimension", "TensorShape", "as_shape", "unknown_shape", "scalar"]


class Dimension:
    """One dimension of a TensorShape: an int, or unknown (value None)."""

    __slots__ = ("_value",)

    def __init__(self, value):
        if value is None:
            self._value = None
        elif isinstance(value, Dimension):
            self._value = value._value
        else:
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                try:
                    as_int = int(value.__index__())
                except (AttributeError, TypeError):
                    raise TypeError("Dimension value must be integer or None or have an "
                                    "__index__ method, got value '%r' with type '%s'"
                                    % (value, type(value).__name__)) from None
                value = as_int
            if value < 0:
                raise ValueError("Dimension %d must be >= 0" % value)
            self._value = int(value)

    value = property(lambda self: self._value)

    def __repr__(self):
        return "Dimension(%r)" % (self._value,)

    def __str__(self):
        return "?" if self._value is None else str(self._value)

    def __int__(self):
        if self._value is None:
            raise TypeError("Cannot convert an unknown Dimension to an integer.")
        return self._value

    __index__ = __int__

    def __eq__(self, other):
        try:
            other = as_dimension(other)
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or other._value is None:
            return None
        return self._value == other._value

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is None or eq is NotImplemented else not eq

    def __hash__(self):
        return hash(self._value)

    def is_compatible_with(self, other):
        other = as_dimension(other)
        return self._value is None or other._value is None or self._value == other._value

    def merge_with(self, other):
        other = as_dimension(other)
        if not self.is_compatible_with(other):
            raise ValueError("Dimensions %s and %s are not compatible" % (self, other))
        return Dimension(self._value if self._value is not None else other._value)

    def _arith(self, other, fn):
        try:
            other = as_dimension(other)
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or other._value is None:
            return Dimension(None)
        return Dimension(fn(self._value, other._value))

    def __add__(self, other):
        return self._arith(other, lambda a, b: a + b)

    __radd__ = __add__

    def __mul__(self, other):
        return self._arith(other, lambda a, b: a * b)

    __rmul__ = __mul__

    def __sub__(self, other):
        return self._arith(other, lambda a, b: a - b)

    def __floordiv__(self, other):
        return self._arith(other, lambda a, b: a // b)


def as_dimension(value):
    return value if isinstance(value, Dimension) else Dimension(value)


def dimension_value(dim):
    """The int (or None) of a Dimension, int or None."""
    return dim._value if isinstance(dim, Dimension) else dim


def _dim_value(d):
    """An int or None from an int, None, Dimension or index-like value."""
    if d is None or type(d) is int:
        if type(d) is int and d < 0:
            raise ValueError("Dimension %d must be >= 0" % d)
        return d
    return Dimension(d)._value


class TensorShape:
    """The static shape of a Tensor: unknown rank (dims None) or a list of Dimensions.

    Dims are kept as plain ints and Nones (shapes are built for every op, so they stay
    cheap); Dimension objects are made when indexed, as TF1 users expect (`shape[1].value`).
    """

    __slots__ = ("_dims",)

    def __init__(self, dims):
        if dims is None:
            self._dims = None
        elif isinstance(dims, TensorShape):
            self._dims = dims._dims
        elif isinstance(dims, (numbers.Integral, Dimension)) and not isinstance(dims, bool):
            self._dims = (_dim_value(dims),)
        else:
            try:
                dims_iter = iter(dims)
            except TypeError:
                raise TypeError("Cannot convert %r to a TensorShape." % (dims,)) from None
            self._dims = tuple(_dim_value(d) for d in dims_iter)

    @property
    def dims(self):
        return None if self._dims is None else [Dimension(d) for d in self._dims]

    @property
    def ndims(self):
        return None if self._dims is None else len(self._dims)

    rank = ndims

    def as_list(self):
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def as_tuple(self):
        """The dims as a tuple of ints and Nones, or None for unknown rank (interflow helper)."""
        return self._dims

    def is_fully_defined(self):
        return self._dims is not None and None not in self._dims

    def num_elements(self):
        if not self.is_fully_defined():
            return None
        n = 1
        for d in self._dims:
            n *= d
        return n

    def is_compatible_with(self, other):
        other = as_shape(other)
        a, b = self._dims, other._dims
        if a is None or b is None or a == b:
            return True
        if len(a) != len(b):
            return False
        return all(x is None or y is None or x == y for x, y in zip(a, b))

    def merge_with(self, other):
        other = as_shape(other)
        a, b = self._dims, other._dims
        if a is None:
            return other
        if b is None or a == b:
            return self
        if len(a) != len(b) or not self.is_compatible_with(other):
            raise ValueError("Shapes %s and %s are not compatible" % (self, other))
        return TensorShape([x if x is not None else y for x, y in zip(a, b)])

    def assert_is_compatible_with(self, other):
        if not self.is_compatible_with(other):
            raise ValueError("Shapes %s and %s are incompatible" % (self, other))

    def assert_has_rank(self, rank):
        if self._dims is not None and len(self._dims) != rank:
            raise ValueError("Shape %s must have rank %d" % (self, rank))

    def with_rank(self, rank):
        if self._dims is None:
            return unknown_shape(rank)
        self.assert_has_rank(rank)
        return self

    def concatenate(self, other):
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return TensorShape(None)
        return TensorShape(self._dims + other._dims)

    def __len__(self):
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __iter__(self):
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter([Dimension(d) for d in self._dims])

    def __getitem__(self, key):
        if self._dims is None:
            if isinstance(key, slice):
                return TensorShape(None)
            return Dimension(None)
        if isinstance(key, slice):
            return TensorShape(self._dims[key])
        return Dimension(self._dims[key])

    def __bool__(self):
        return self._dims is not None

    def __eq__(self, other):
        try:
            other = as_shape(other)
        except TypeError:
            return NotImplemented
        return self._dims == other._dims

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self):
        return hash(self._dims)

    def __repr__(self):
        if self._dims is None:
            return "TensorShape(None)"
        return "TensorShape(%r)" % [Dimension(d) for d in self._dims]

    def __str__(self):
        if self._dims is None:
            return "<unknown>"
        text = ["?" if d is None else str(d) for d in self._dims]
        if len(text) == 1:
            return "(%s,)" % text[0]
        return "(%s)" % ", ".join(text)


def as_shape(shape):
    return shape if isinstance(shape, TensorShape) else TensorShape(shape)


def unknown_shape(rank=None):
    return TensorShape(None if rank is None else [None] * rank)


def scalar():
    return TensorShape([])
