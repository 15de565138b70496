"""Padding: Pad, PadV2, MirrorPad, and MirrorPadGrad (MirrorPad's gradient)."""

import numpy as np

from interflow.framework.common_shapes import shape_text
from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.shapes import TensorShape
from interflow.ops.array._util import (_dims_text, _index_arg, _index_input, _invalid,
                                       _is_tensor_like)
from interflow.ops.array.joining import stack
from interflow.ops.array.reshaping import reshape
from interflow.ops.array.shapes import rank, shape
from interflow.ops.array.static_values import _constant_value

__all__ = ["pad"]


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


def _pad_grad(op, grad):
    """Pad and PadV2: the input's block of grad (TF gives no gradient to constant_values)."""
    from interflow.ops.array.slicing import slice  # slicing imports this module
    x, paddings = op._inputs[0], op._inputs[1]
    pad_before = slice(paddings, [0, 0], stack([rank(x), 1]))
    begin = reshape(pad_before, [-1])
    sizes = shape(x, out_type=begin.dtype.base_dtype)
    x_grad = slice(grad, begin, sizes)
    return [x_grad] + [None] * (len(op._inputs) - 1)


def _mirror_pad_grad(op, grad):
    return [apply_op("MirrorPadGrad", [grad, op._inputs[1]], {"mode": op._attrs["mode"]},
                     name="MirrorPadGrad"), None]


define_op("Pad", _pad_kernel, _pad_shape, input_names=("input", "paddings"), same_dtype=(0,),
          fresh_output=True, gradient=_pad_grad)
define_op("PadV2", _pad_kernel, _pad_shape, input_names=("input", "paddings", "constant_values"),
          same_dtype=(0, 2), fresh_output=True, gradient=_pad_grad)
define_op("MirrorPad", _mirror_pad_kernel, _pad_shape, input_names=("input", "paddings"),
          same_dtype=(0,), kernel_attrs=("mode",), fresh_output=True,
          gradient=_mirror_pad_grad)


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


def _mirror_pad_grad_grad(op, grad):
    return [apply_op("MirrorPad", [grad, op._inputs[1]], {"mode": op._attrs["mode"]},
                     name="MirrorPad"), None]


# MirrorPad's gradient (TF's MirrorPadGrad): folds the mirrored borders back onto the input.
define_op("MirrorPadGrad", _mirror_pad_grad_kernel, _mirror_pad_grad_shape,
          input_names=("input", "paddings"), same_dtype=(0,), kernel_attrs=("mode",),
          fresh_output=True, gradient=_mirror_pad_grad_grad)


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
