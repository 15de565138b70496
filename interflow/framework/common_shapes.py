"""Shape functions shared by many ops: same-as-input, NumPy broadcasting, unknown."""

from interflow.framework.shapes import Dimension, TensorShape, as_shape

__all__ = ["same_as_input", "broadcast", "broadcast_shapes", "unknown", "scalar_shape",
           "shape_text", "merge_shapes", "never_broadcast"]


def shape_text(shape):
    """TF's compact shape text: [?,3] (or ? for unknown rank)."""
    if shape.ndims is None:
        return "?"
    return "[%s]" % ",".join("?" if d is None else str(d) for d in shape.as_tuple())


def same_as_input(op):
    return op._inputs[0]._shape


def unknown(op):
    return TensorShape(None)


def scalar_shape(op):
    return TensorShape([])


def broadcast_shapes(a, b):
    """The NumPy-broadcast of two TensorShapes; raises ValueError if they cannot broadcast."""
    if a.ndims is None or b.ndims is None:
        return TensorShape(None)
    da, db = a.as_tuple(), b.as_tuple()
    n = max(len(da), len(db))
    da = (1,) * (n - len(da)) + da
    db = (1,) * (n - len(db)) + db
    out = []
    for x, y in zip(da, db):
        if x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        elif x is None:
            out.append(y)
        elif y is None or x == y:
            out.append(x)
        else:
            raise ValueError("Dimensions must be equal, but are %d and %d" % (x, y))
    return TensorShape(out)


def merge_shapes(a, b):
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


def never_broadcast(x, inputs):
    """True when the static shapes prove that broadcasting tensor `x` with `inputs` leaves
    x's shape unchanged: x has the highest rank, and in each dimension x is known and not 1,
    or every other input is absent there or 1 (an unknown x dimension may be 1 at run time,
    and then a longer one elsewhere would broadcast it)."""
    if x._shape.ndims is None:
        return False
    xdims = x._shape.as_tuple()
    others = []
    for t in inputs:
        if t is x:
            continue
        if t._shape.ndims is None or t._shape.ndims > len(xdims):
            return False
        others.append(t._shape.as_tuple())
    for i, d in enumerate(xdims):
        if d is not None and d != 1:
            continue
        back = len(xdims) - i
        for o in others:
            if back <= len(o) and o[-back] != 1:
                return False
    return True


def broadcast(op):
    """Shape function of elementwise ops over any number of broadcasting inputs."""
    shape = op._inputs[0]._shape
    for t in op._inputs[1:]:
        shape = broadcast_shapes(shape, t._shape)
    return shape


def dim(value):
    return value.value if isinstance(value, Dimension) else value
