"""Casts and clipping: Cast (cast, to_float, ...), saturate_cast, clip_by_value."""

from interflow.framework import dtypes
from interflow.framework.common_shapes import same_as_input
from interflow.framework.op_registry import apply_op, define_op, graph_of
from interflow.framework.operation import Tensor
from interflow.framework.tensor_conversion import convert_to_tensor
from interflow.ops.math._util import _INEXACT

__all__ = ["cast", "to_float", "to_double", "to_int32", "to_int64", "saturate_cast",
           "clip_by_value"]


def _cast_kernel(x, *, DstT):
    dst = DstT.np_dtype
    if x.dtype == object or dst == object:
        raise NotImplementedError("Cast %s to %s is not supported"
                                  % (dtypes.as_dtype(x.dtype).name, DstT.name))
    if x.dtype.kind == "c" and dst.kind != "c":
        x = x.real  # TF drops the imaginary part
    return x.astype(dst)


def _cast_grad(op, grad):
    """Cast back, between floating and complex types only: integers carry no gradient."""
    src = op._inputs[0].dtype.base_dtype
    if src in _INEXACT and grad.dtype.base_dtype in _INEXACT:
        return [cast(grad, src)]
    return [None]


define_op("Cast", _cast_kernel, same_as_input, _cast_grad, type_attr="SrcT",
          kernel_attrs=("DstT",), output_dtype=lambda op: op._attrs["DstT"], fresh_output=True)


def cast(x, dtype, name=None):
    """`x` converted to `dtype` (floats to integers truncate toward zero); no op if equal."""
    base = dtypes.as_dtype(dtype).base_dtype
    if isinstance(x, Tensor) and x.dtype.base_dtype is base:
        return x
    graph = graph_of([x])
    with graph.as_default(), graph.name_scope(name or "Cast") as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype is not base:
            x = apply_op("Cast", [x], {"SrcT": x.dtype.base_dtype, "DstT": base,
                                       "Truncate": False}, name=scope)
        return x


def to_float(x, name="ToFloat"):
    """cast(x, tf.float32)."""
    return cast(x, dtypes.float32, name=name)


def to_double(x, name="ToDouble"):
    """cast(x, tf.float64)."""
    return cast(x, dtypes.float64, name=name)


def to_int32(x, name="ToInt32"):
    """cast(x, tf.int32)."""
    return cast(x, dtypes.int32, name=name)


def to_int64(x, name="ToInt64"):
    """cast(x, tf.int64)."""
    return cast(x, dtypes.int64, name=name)


def saturate_cast(value, dtype, name=None):
    """cast(value, dtype), first clamping `value` to the range `dtype` can represent."""
    from interflow.ops.math.binary import maximum, minimum  # binary imports this module
    graph = graph_of([value])
    with graph.as_default(), graph.name_scope(name or "saturate_cast") as scope:
        value = convert_to_tensor(value, name="value")
        dtype = dtypes.as_dtype(dtype).base_dtype
        if value.dtype.min < dtype.min:
            value = maximum(value, convert_to_tensor(dtype.min, dtype=value.dtype, name="min"))
        if value.dtype.max > dtype.max:
            value = minimum(value, convert_to_tensor(dtype.max, dtype=value.dtype, name="max"))
        return cast(value, dtype, name=scope)


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """min(max(t, clip_value_min), clip_value_max); the bounds may not enlarge t's shape."""
    from interflow.ops.math.binary import maximum, minimum  # binary imports this module
    graph = graph_of([t, clip_value_min, clip_value_max])
    with graph.as_default(), graph.name_scope(name or "clip_by_value") as scope:
        t = convert_to_tensor(t, name="t")
        t_min = minimum(t, clip_value_max)
        _check_not_broadcast(t, t_min)
        t_max = maximum(t_min, clip_value_min, name=scope)
        _check_not_broadcast(t, t_max)
        return t_max


def _check_not_broadcast(t, result):
    if not t.shape.is_compatible_with(result.shape):
        raise ValueError("Shapes %s and %s are incompatible" % (t.shape, result.shape))
