"""List auto-packing: convert_to_tensor of a (nested) list holding tensors is a Pack op."""

from interflow.framework import dtypes
from interflow.framework.api import name_scope as _name_scope
from interflow.framework.operation import Tensor
from interflow.framework.tensor_conversion import (constant, convert_to_tensor,
                                                   register_tensor_conversion_function)
from interflow.ops.array._util import _cast, _dtype_from_nested, _is_tensor_like
from interflow.ops.array.joining import _pack_op

__all__ = []


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
