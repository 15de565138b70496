"""Short text for the values written on drawn nodes: small arrays in full, large ones as their
shape and min/mean/max."""

import numpy as np

__all__ = ["format_value", "format_outputs", "shape_text"]

SMALL = 12          # arrays with at most this many elements are written in full
_LINE = 36          # characters per line of a written-out array


def shape_text(shape):
    """TensorBoard's compact shapes: 'scalar', '?×3', '2×3', '?' for unknown rank."""
    dims = getattr(shape, "dims", shape)
    if dims is None:
        return "?"
    dims = list(dims)
    if not dims:
        return "scalar"
    return "×".join("?" if d is None or getattr(d, "value", d) is None
                    else str(getattr(d, "value", d)) for d in dims)


def _num(x, point=".0"):
    """4 significant digits; a float keeps its point (1.0, or NumPy's 1. inside arrays)."""
    if isinstance(x, (bool, np.bool_)):
        return "true" if x else "false"
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    text = "%.4g" % x
    if not any(c in text for c in ".enia"):
        text += point
    return text


def format_value(value):
    """A few lines describing one run-time value."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        text = repr(value)
        return text if len(text) <= _LINE else text[:_LINE - 3] + "..."
    try:
        arr = np.asarray(value)
    except Exception:  # a reference or another run-time object: say what it is
        return type(value).__name__
    if arr.dtype == object:
        if arr.size <= SMALL and all(isinstance(v, bytes) for v in arr.reshape(-1)):
            text = repr([v for v in arr.reshape(-1)]) if arr.ndim else repr(arr.item())
            return text if len(text) <= 2 * _LINE else text[:2 * _LINE - 3] + "..."
        return "%s strings" % shape_text(arr.shape)
    if arr.ndim == 0:
        return _num(arr.item())
    if arr.size <= SMALL:
        return np.array2string(arr, precision=4, suppress_small=True, max_line_width=_LINE,
                               separator=" ", formatter=_formatter(arr))
    head = "%s %s" % (shape_text(arr.shape), arr.dtype.name)
    if arr.dtype == bool:
        return "%s\n%.0f%% true" % (head, 100.0 * arr.mean())
    if not np.issubdtype(arr.dtype, np.number):
        return head
    finite = arr[np.isfinite(arr)] if np.issubdtype(arr.dtype, np.floating) else arr
    if finite.size == 0:
        return "%s\nno finite values" % head
    return "%s\nmin %s mean %s max %s" % (head, _num(finite.min()), _num(finite.mean()),
                                          _num(finite.max()))


def _formatter(arr):
    if np.issubdtype(arr.dtype, np.floating):
        return {"float_kind": lambda x: _num(x, ".")}
    if arr.dtype == bool:
        return {"bool": lambda x: "true" if x else "false"}
    return None


def format_outputs(outputs):
    """Text for all outputs of one op: one value, or 'k: value' lines for several."""
    outputs = list(outputs)
    if not outputs:
        return ""
    if len(outputs) == 1:
        return format_value(outputs[0])
    return "\n".join("%d: %s" % (i, format_value(v)) for i, v in enumerate(outputs))
