"""Tensor values known while the graph is built (TF's constant_value), for static shapes."""

import numpy as np


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


def _scalar_value(t):
    value = _constant_value(t)
    return None if value is None or np.ndim(value) != 0 else value.item()
