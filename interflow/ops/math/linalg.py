"""Linear algebra: MatMul (BatchMatMulV2, SparseMatMul), MatrixInverse, MatrixDeterminant."""

import numpy as np

from interflow.framework import dtypes, errors
from interflow.framework.common_shapes import broadcast_shapes
from interflow.framework.op_registry import apply_op, define_op, graph_of
from interflow.framework.shapes import TensorShape
from interflow.framework.tensor_conversion import convert_to_tensor
from interflow.ops import array_ops
from interflow.ops.math._util import _COMPLEX, _FLOATS, _INDEX, _INEXACT, _matrix_text
from interflow.ops.math.reduction import reduce_sum
from interflow.ops.math.unary import conj

__all__ = ["matmul", "matrix_inverse", "matrix_determinant"]


# ------------------------------------------------------------------------------------- matmul


def _matmul_shape(op):
    a, b = op._inputs[0]._shape, op._inputs[1]._shape
    for s in (a, b):
        if s.ndims is not None and s.ndims != 2:
            raise ValueError("Shape must be rank 2 but is rank %d" % s.ndims)
    ad = a.as_tuple() if a.ndims is not None else (None, None)
    bd = b.as_tuple() if b.ndims is not None else (None, None)
    m, ka = (ad[1], ad[0]) if op._attrs["transpose_a"] else ad
    kb, n = (bd[1], bd[0]) if op._attrs["transpose_b"] else bd
    if ka is not None and kb is not None and ka != kb:
        raise ValueError("Dimensions must be equal, but are %d and %d" % (ka, kb))
    return TensorShape([m, n])


def _batch_matmul_shape(op):
    a, b = op._inputs[0]._shape, op._inputs[1]._shape
    for s in (a, b):
        if s.ndims is not None and s.ndims < 2:
            raise ValueError("Shape must be at least rank 2 but is rank %d" % s.ndims)
    if a.ndims is None or b.ndims is None:
        return TensorShape(None)
    ad, bd = a.as_tuple(), b.as_tuple()
    m, ka = (ad[-1], ad[-2]) if op._attrs["adj_x"] else (ad[-2], ad[-1])
    kb, n = (bd[-1], bd[-2]) if op._attrs["adj_y"] else (bd[-2], bd[-1])
    if ka is not None and kb is not None and ka != kb:
        raise ValueError("Dimensions must be equal, but are %d and %d" % (ka, kb))
    batch = broadcast_shapes(TensorShape(ad[:-2]), TensorShape(bd[:-2]))
    return batch.concatenate([m, n])


def _matmul_kernel(a, b, *, transpose_a, transpose_b, **_):
    if a.ndim == 2 and b.ndim == 2:
        x = a.T if transpose_a else a
        y = b.T if transpose_b else b
        if x.shape[1] == y.shape[0]:
            return np.matmul(x, y)
    for i, m in enumerate((a, b)):
        if m.ndim != 2:
            raise errors.InvalidArgumentError(None, None, "In[%d] is not a matrix. Instead it "
                                              "has shape %s" % (i, _matrix_text(m)))
    raise errors.InvalidArgumentError(None, None, "Matrix size-incompatible: In[0]: %s, "
                                      "In[1]: %s" % (_matrix_text(a), _matrix_text(b)))


def _matmul_kernel_for(op, _context):
    transpose_a, transpose_b = op._attrs["transpose_a"], op._attrs["transpose_b"]

    def kernel(a, b):
        x = a.T if transpose_a else a
        y = b.T if transpose_b else b
        if a.ndim == 2 and b.ndim == 2 and x.shape[1] == y.shape[0]:
            return np.matmul(x, y)
        return _matmul_kernel(a, b, transpose_a=transpose_a, transpose_b=transpose_b)  # raises
    return kernel


def _adjoint(x):
    x = np.swapaxes(x, -1, -2)
    return np.conjugate(x) if x.dtype.kind == "c" else x


def _batch_matmul_kernel(x, y, *, adj_x, adj_y):
    for i, m in enumerate((x, y)):
        if np.ndim(m) < 2:
            raise errors.InvalidArgumentError(None, None, "In[%d] ndims must be >= 2: %d"
                                              % (i, np.ndim(m)))
    return np.matmul(_adjoint(x) if adj_x else x, _adjoint(y) if adj_y else y)


def _matmul_op(a, b, transpose_a=False, transpose_b=False):
    return apply_op("MatMul", [a, b], {"transpose_a": transpose_a, "transpose_b": transpose_b},
                    name="MatMul")


def _sum_to_shape_of(grad, x):
    """`grad` summed over the dimensions along which `x` was broadcast, reshaped to x's shape."""
    gs, xs = grad._shape, x._shape
    if gs.is_fully_defined() and xs.is_fully_defined():
        gdims, xdims = gs.as_list(), xs.as_list()
        if gdims == xdims:
            return grad
        lead = len(gdims) - len(xdims)
        axes = list(range(lead)) + [lead + i for i, d in enumerate(xdims)
                                    if d == 1 and gdims[lead + i] != 1]
        summed = reduce_sum(grad, axes) if axes else grad
        return array_ops.reshape(summed, xdims)
    sx = array_ops.shape(x)
    rx, _ = array_ops.broadcast_gradient_args(sx, array_ops.shape(grad))
    return array_ops.reshape(reduce_sum(grad, rx), sx)


def _matmul_grad(op, grad):
    """Two MatMuls; the transposes are the ops' flags, never Transpose ops."""
    ta, tb = op._attrs["transpose_a"], op._attrs["transpose_b"]
    a, b = conj(op._inputs[0]), conj(op._inputs[1])
    if not ta and not tb:
        return [_matmul_op(grad, b, False, True), _matmul_op(a, grad, True, False)]
    if not ta and tb:
        return [_matmul_op(grad, b, False, False), _matmul_op(grad, a, True, False)]
    if ta and not tb:
        return [_matmul_op(b, grad, False, True), _matmul_op(a, grad, False, False)]
    return [_matmul_op(b, grad, True, True), _matmul_op(grad, a, True, True)]


def _sparse_matmul_grad(op, grad):
    """As MatMul's, with SparseMatMul ops carrying the sparsity hints (a gradient that comes
    from a ReluGrad counts as sparse, TF's heuristic)."""
    a, b = op._inputs
    sparse = {id(a): op._attrs.get("a_is_sparse", False),
              id(b): op._attrs.get("b_is_sparse", False),
              id(grad): grad.op._type == "ReluGrad"}

    def mm(t1, t2, transpose_a=False, transpose_b=False):
        return apply_op("SparseMatMul", [t1, t2], {
            "transpose_a": transpose_a, "transpose_b": transpose_b,
            "a_is_sparse": sparse[id(t1)], "b_is_sparse": sparse[id(t2)],
            "Ta": dtypes.float32, "Tb": dtypes.float32}, name="MatMul")
    ta, tb = op._attrs["transpose_a"], op._attrs["transpose_b"]
    if not ta and not tb:
        return [mm(grad, b, transpose_b=True), mm(a, grad, transpose_a=True)]
    if not ta and tb:
        return [mm(grad, b), mm(grad, a, transpose_a=True)]
    if ta and not tb:
        return [mm(b, grad, transpose_b=True), mm(a, grad)]
    return [mm(b, grad, True, True), mm(grad, a, True, True)]


def _batch_matmul_grad(op, grad):
    """Batched products with the adjoint flags, summed over broadcast batch dimensions."""
    x, y = op._inputs

    def mm(a, b, adj_a, adj_b):
        return apply_op("BatchMatMulV2", [a, b], {"adj_x": adj_a, "adj_y": adj_b},
                        name="MatMul")
    adj_x, adj_y = op._attrs["adj_x"], op._attrs["adj_y"]
    if not adj_x:
        if not adj_y:
            gx, gy = mm(grad, y, False, True), mm(x, grad, True, False)
        else:
            gx, gy = mm(grad, y, False, False), mm(grad, x, True, False)
    elif not adj_y:
        gx, gy = mm(y, grad, False, True), mm(x, grad, False, False)
    else:
        gx, gy = mm(y, grad, True, True), mm(grad, x, True, True)
    sx, sy = x._shape, y._shape
    if sx.ndims is not None and sy.ndims is not None and sx.ndims == sy.ndims and \
            TensorShape(sx.as_tuple()[:-2]).is_fully_defined() and \
            sx.as_tuple()[:-2] == sy.as_tuple()[:-2]:
        return [gx, gy]
    return [_sum_to_shape_of(gx, x), _sum_to_shape_of(gy, y)]


_MATMUL_DTYPES = _FLOATS | _INDEX | _COMPLEX
define_op("MatMul", _matmul_kernel, _matmul_shape, _matmul_grad, input_names=("a", "b"),
          kernel_attrs=("transpose_a", "transpose_b"), allowed_dtypes=_MATMUL_DTYPES,
          fresh_output=True, kernel_for=_matmul_kernel_for)
define_op("BatchMatMulV2", _batch_matmul_kernel, _batch_matmul_shape, _batch_matmul_grad,
          input_names=("x", "y"), kernel_attrs=("adj_x", "adj_y"),
          allowed_dtypes=_MATMUL_DTYPES, fresh_output=True)
define_op("SparseMatMul", _matmul_kernel, _matmul_shape, _sparse_matmul_grad,
          input_names=("a", "b"), kernel_attrs=("transpose_a", "transpose_b"),
          allowed_dtypes={dtypes.float32}, type_attr="Ta",
          output_dtype=lambda op: dtypes.float32, fresh_output=True)


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None):
    """The matrix product a @ b (MatMul), or batched over leading dims (BatchMatMulV2).

    Inner dimensions must agree; with static shapes, a mismatch fails when the op is built.
    """
    graph = graph_of([a, b])
    with graph.as_default(), graph.name_scope(name or "MatMul") as scope:
        if transpose_a and adjoint_a:
            raise ValueError("Only one of transpose_a and adjoint_a can be True.")
        if transpose_b and adjoint_b:
            raise ValueError("Only one of transpose_b and adjoint_b can be True.")
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        ra, rb = a.shape.ndims, b.shape.ndims
        if not (a_is_sparse or b_is_sparse) and (ra is None or ra > 2 or rb is None or rb > 2):
            if transpose_a:
                a, adjoint_a = conj(a), True
            if transpose_b:
                b, adjoint_b = conj(b), True
            return apply_op("BatchMatMulV2", [a, b], {"adj_x": bool(adjoint_a),
                                                      "adj_y": bool(adjoint_b)}, name=scope)
        if adjoint_a:
            a, transpose_a = conj(a), True
        if adjoint_b:
            b, transpose_b = conj(b), True
        attrs = {"transpose_a": bool(transpose_a), "transpose_b": bool(transpose_b)}
        if (a_is_sparse or b_is_sparse) and a.dtype.base_dtype is dtypes.float32 and \
                b.dtype.base_dtype is dtypes.float32:
            attrs.update(a_is_sparse=bool(a_is_sparse), b_is_sparse=bool(b_is_sparse),
                         Ta=dtypes.float32, Tb=dtypes.float32)
            return apply_op("SparseMatMul", [a, b], attrs, name=scope)
        return apply_op("MatMul", [a, b], attrs, name=scope)


# ----------------------------------------------------------------------- inverse, determinant


def _square_matrices_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is None:
        return s
    if s.ndims < 2:
        raise ValueError("Shape must be at least rank 2 but is rank %d" % s.ndims)
    rows, cols = s.as_tuple()[-2:]
    if rows is not None and cols is not None and rows != cols:
        raise ValueError("Dimensions must be equal, but are %d and %d" % (rows, cols))
    return s


def _determinant_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is None:
        return s
    if s.ndims < 2:
        raise ValueError("Shape must be at least rank 2 but is rank %d" % s.ndims)
    rows, cols = s.as_tuple()[-2:]
    if rows is not None and cols is not None and rows != cols:
        raise ValueError("Dimensions must be equal, but are %d and %d" % (cols, rows))
    return TensorShape(s.as_tuple()[:-2])


def _linalg(fn):
    """NumPy's linalg has no float16: compute in float32 and round back."""
    def kernel(x, **attrs):
        if x.dtype == np.float16:
            return fn(x.astype(np.float32), **attrs).astype(np.float16)
        return fn(x, **attrs)
    return kernel


def _inverse_kernel(x, *, adjoint):
    # np.linalg.LinAlgError on a singular matrix becomes InvalidArgumentError in the executor.
    return np.linalg.inv(_adjoint(x) if adjoint else x)


def _matrix_inverse_grad(op, grad):
    """-A^-T grad A^-T (with adjoints for complex or adjoint=True)."""
    ainv = op._outputs[0]
    adjoint = op._attrs["adjoint"]
    return [-matmul(ainv, matmul(grad, ainv, adjoint_a=adjoint, adjoint_b=not adjoint),
                    adjoint_a=not adjoint)]


def _matrix_determinant_grad(op, grad):
    """grad * det(A) * A^-T, per matrix of the batch."""
    a, c = op._inputs[0], op._outputs[0]
    a_adj_inv = matrix_inverse(a, adjoint=True)
    multipliers = grad * c
    if c._shape.ndims != 0:  # one factor per matrix: shape c + [1, 1]
        if c._shape.is_fully_defined():
            kept = c._shape.as_list() + [1, 1]
        else:
            kept = array_ops.concat([array_ops.shape(c), [1, 1]], 0)
        multipliers = array_ops.reshape(multipliers, kept)
    return [multipliers * a_adj_inv]


define_op("MatrixInverse", _linalg(_inverse_kernel), _square_matrices_shape,
          _matrix_inverse_grad, input_names=("input",), kernel_attrs=("adjoint",),
          allowed_dtypes=_INEXACT, fresh_output=True)
define_op("MatrixDeterminant", _linalg(np.linalg.det), _determinant_shape,
          _matrix_determinant_grad, input_names=("input",), allowed_dtypes=_INEXACT,
          fresh_output=True)


def matrix_inverse(input, adjoint=False, name=None):  # noqa: A002  (TF's argument name)
    """The inverse of each square matrix in `input` (InvalidArgumentError if singular)."""
    return apply_op("MatrixInverse", [input], {"adjoint": bool(adjoint)},
                    name=name or "MatrixInverse")


def matrix_determinant(input, name=None):  # noqa: A002
    """The determinant of each square matrix in `input`."""
    return apply_op("MatrixDeterminant", [input], name=name or "MatrixDeterminant")
