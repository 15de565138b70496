"""Reordering elements: Transpose, ConjugateTranspose, InvertPermutation, ReverseV2."""

import numpy as np

from interflow.framework.api import name_scope as _name_scope
from interflow.framework.common_shapes import same_as_input
from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.shapes import TensorShape
from interflow.framework.tensor_conversion import convert_to_tensor
from interflow.ops.array._util import _INDEX_TYPES, _index_arg, _index_input, _invalid, _py_range
from interflow.ops.array.joining import concat
from interflow.ops.array.shapes import rank, rank_internal
from interflow.ops.array.static_values import _constant_value

__all__ = ["transpose", "matrix_transpose", "invert_permutation", "reverse", "reverse_v2"]


# -------------------------------------------------------------------------- transpose

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


def _transpose_grad(op, grad):
    return [transpose(grad, invert_permutation(op._inputs[1])), None]


def _conjugate_transpose_grad(op, grad):
    return [transpose(grad, invert_permutation(op._inputs[1]), conjugate=True), None]


define_op("Transpose", _transpose_kernel, _transpose_shape, input_names=("x", "perm"),
          same_dtype=(0,), gradient=_transpose_grad)
define_op("ConjugateTranspose", lambda x, perm: np.conj(_transpose_kernel(x, perm)),
          _transpose_shape, input_names=("x", "perm"), same_dtype=(0,), fresh_output=True,
          gradient=_conjugate_transpose_grad)


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


# ---------------------------------------------------------------------------- reverse

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


def _reverse_grad(op, grad):
    return [reverse_v2(grad, op._inputs[1]), None]


define_op("ReverseV2", _reverse_kernel, _reverse_shape, input_names=("tensor", "axis"),
          same_dtype=(0,), gradient=_reverse_grad)


def reverse_v2(tensor, axis, name=None):
    """`tensor` with the dimensions listed in `axis` reversed."""
    return apply_op("ReverseV2", [tensor, _index_arg(axis)], name=name or "ReverseV2")


reverse = reverse_v2
