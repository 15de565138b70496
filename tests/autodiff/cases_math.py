"""Gradient-table rows for math_ops."""

import numpy as np

import interflow as tf
from interflow.framework.op_registry import apply_op
from tests.autodiff.gradient_table import Case


def _complex(a, b):
    """a + ib, built from real placeholders with casts (the table feeds float64 only)."""
    return tf.cast(a, tf.complex128) + tf.cast(b, tf.complex128) * 1j


def _well_conditioned(a):
    """a + 3I (per matrix): random entries in [-1, 1] then stay far from singular."""
    n = a.shape.as_list()[-1]
    return a + tf.constant(3 * np.eye(n))


def _f32(t):
    # A float32 result: check_gradients then uses float32 steps and tolerances.
    return tf.cast(t, tf.float32)


CASES = [
    # ------------------------------------------------------------ elementwise binary
    Case("add_broadcast", lambda a, b: a + b, [(3, 4), (4,)]),
    Case("sub_broadcast", lambda a, b: a - b, [(3, 1), (1, 4)]),
    Case("mul_broadcast", lambda a, b: a * b, [(2, 3), ()]),
    Case("identity", lambda a: tf.identity(a) * a, [(3,)]),
    Case("add_same_shape", lambda a, b: tf.add(a, b) * a, [(2, 3), (2, 3)]),
    Case("add_v2", lambda a, b: apply_op("AddV2", [a, b]) * b, [(2, 1, 3), (4, 1)]),
    Case("sub_scalar_first", lambda a, b: tf.subtract(a, b) * b, [(), (2, 3)]),
    Case("mul_same_shape", lambda a, b: tf.multiply(a, b), [(2, 3), (2, 3)]),
    Case("mul_self", lambda a: a * a, [(4,)]),
    Case("realdiv", lambda a, b: a / b, [(2, 3), (2, 3)], avoid=0.5),
    Case("realdiv_broadcast", lambda a, b: tf.div(a, b), [(2, 3), (3,)], avoid=0.5),
    Case("realdiv_scalar", lambda a, b: tf.realdiv(a, b), [(), (4,)], avoid=0.5),
    # The divisor stays away from 0 (and avoid= is not used: its clamped, equal values would
    # put x / y on an integer, where x mod y jumps).
    Case("floormod", lambda a, b: tf.floormod(a - 1.5, b), [(2, 3), (3,)], low=0.5, high=3.0),
    Case("floormod_negative_divisor", lambda a, b: tf.floormod(a - 1.5, -b), [(2, 3), (3,)],
         low=0.5, high=3.0),
    Case("floormod_scalar", lambda a, b: a % b, [(4,), ()], low=0.5, high=3.0),
    Case("pow", lambda a, b: tf.pow(a, b), [(2, 3), (2, 3)], low=0.5, high=2.0),
    Case("pow_broadcast", lambda a, b: a ** b, [(2, 3), (3,)], low=0.5, high=2.0),
    Case("pow_negative_base_constant_exponent", lambda a: tf.pow(a, 3.0), [(5,)]),
    Case("maximum", lambda a, b: tf.maximum(a, b), [(3, 4), (3, 4)]),
    Case("maximum_broadcast", lambda a, b: tf.maximum(a, b), [(3, 4), (4,)]),
    Case("minimum", lambda a, b: tf.minimum(a, b), [(3, 4), (3, 4)]),
    Case("minimum_broadcast", lambda a, b: tf.minimum(a, b), [(), (5,)]),
    Case("clip_by_value", lambda a: tf.clip_by_value(a, -0.5, 0.7), [(3, 4)]),
    Case("clip_by_value_tensor_bounds",
         lambda a, b: tf.clip_by_value(a, b - 1.0, b + 0.5), [(3, 4), ()]),
    Case("squared_difference", lambda a, b: tf.squared_difference(a, b), [(2, 3), (2, 3)]),
    Case("squared_difference_broadcast", lambda a, b: tf.squared_difference(a, b),
         [(2, 3), (2, 1)]),
    # ------------------------------------------------------------- elementwise unary
    Case("neg", lambda a: -a * a, [(2, 3)]),
    Case("abs", lambda a: tf.abs(a), [(2, 3)], avoid=0.1),
    Case("sign", lambda a: tf.sign(a) * a, [(2, 3)], avoid=0.1),
    Case("square", lambda a: tf.square(a), [(2, 3)]),
    Case("square_mean", lambda a: tf.reduce_mean(tf.square(a)), [(5, 1)]),
    Case("sqrt", lambda a: tf.sqrt(a), [(2, 3)], low=0.5, high=3.0),
    Case("rsqrt", lambda a: tf.rsqrt(a), [(2, 3)], low=0.5, high=3.0),
    Case("exp", lambda a: tf.exp(a), [(2, 3)]),
    Case("exp_sum", lambda a: tf.reduce_sum(tf.exp(a)), [(2, 3)]),
    Case("expm1", lambda a: tf.expm1(a), [(2, 3)]),
    Case("log", lambda a: tf.log(a), [(2, 3)], low=0.5, high=3.0),
    Case("log_mean", lambda a: tf.reduce_mean(tf.log(a)), [(2, 3)], low=0.5, high=3.0),
    Case("log1p", lambda a: tf.log1p(a), [(2, 3)], low=-0.5, high=2.0),
    Case("sin", lambda a: tf.sin(a), [(2, 3)]),
    Case("cos", lambda a: tf.cos(a), [(2, 3)]),
    Case("tan", lambda a: tf.tan(a), [(2, 3)], low=-1.2, high=1.2),
    Case("tanh", lambda a: tf.tanh(a), [(2, 3)]),
    Case("tanh_mean", lambda a: tf.reduce_mean(tf.tanh(a)), [(2, 3)]),
    Case("sigmoid", lambda a: tf.sigmoid(a), [(2, 3)], low=-4.0, high=4.0),
    Case("reciprocal", lambda a: tf.reciprocal(a), [(2, 3)], avoid=0.5),
    Case("erf", lambda a: tf.erf(a), [(2, 3)]),
    Case("floor_has_no_gradient", lambda a: tf.floor(a) * a, [(2, 3)], low=-3.0, high=3.0),
    Case("ceil_has_no_gradient", lambda a: tf.ceil(a) * a, [(2, 3)], low=-3.0, high=3.0),
    Case("round_has_no_gradient", lambda a: tf.round(a) * a, [(2, 3)], low=-3.0, high=3.0),
    Case("complex_abs", lambda a, b: tf.abs(_complex(a, b)), [(2, 3), (2, 3)], avoid=0.2),
    Case("conj", lambda a, b: tf.abs(tf.conj(_complex(a, b)) + (0.5 + 0.25j)) * a,
         [(4,), (4,)]),
    Case("complex_mul", lambda a, b: tf.abs(_complex(a, b) * _complex(b, a) - 1.0),
         [(3,), (3,)]),
    # --------------------------------------------------------------- linear algebra
    Case("matmul", lambda a, b: tf.matmul(a, b), [(2, 3), (3, 4)]),
    Case("matmul_transpose_a", lambda a, b: tf.matmul(a, b, transpose_a=True),
         [(3, 2), (3, 4)]),
    Case("matmul_transpose_b", lambda a, b: tf.matmul(a, b, transpose_b=True),
         [(2, 3), (4, 3)]),
    Case("matmul_transpose_both", lambda a, b: tf.matmul(a, b, True, True),
         [(3, 2), (4, 3)]),
    Case("matmul_operator_self", lambda a: a @ a, [(3, 3)]),
    Case("batch_matmul", lambda a, b: tf.matmul(a, b), [(2, 2, 3), (2, 3, 4)]),
    Case("batch_matmul_adjoint_a", lambda a, b: tf.matmul(a, b, adjoint_a=True),
         [(2, 3, 2), (2, 3, 4)]),
    Case("batch_matmul_adjoint_b", lambda a, b: tf.matmul(a, b, adjoint_b=True),
         [(2, 2, 3), (2, 4, 3)]),
    Case("batch_matmul_transpose_both", lambda a, b: tf.matmul(a, b, True, True),
         [(2, 3, 2), (2, 4, 3)]),
    Case("batch_matmul_broadcast_rank", lambda a, b: tf.matmul(a, b), [(2, 2, 3), (3, 4)]),
    Case("batch_matmul_broadcast_batch", lambda a, b: tf.matmul(a, b),
         [(2, 1, 2, 3), (3, 3, 2)]),
    Case("sparse_matmul", lambda a, b: tf.matmul(_f32(a), _f32(b), a_is_sparse=True),
         [(2, 3), (3, 4)]),
    Case("sparse_matmul_transposes",
         lambda a, b: tf.matmul(_f32(a), _f32(b), transpose_a=True, transpose_b=True,
                                b_is_sparse=True), [(3, 2), (4, 3)]),
    Case("matrix_inverse", lambda a: tf.matrix_inverse(_well_conditioned(a)), [(3, 3)],
         low=-1.0, high=1.0),
    Case("matrix_inverse_adjoint_batch",
         lambda a: tf.matrix_inverse(_well_conditioned(a), adjoint=True), [(2, 3, 3)],
         low=-1.0, high=1.0),
    Case("matrix_determinant", lambda a: tf.matrix_determinant(a), [(3, 3)]),
    Case("matrix_determinant_batch", lambda a: tf.matrix_determinant(a), [(2, 3, 3)]),
    # ------------------------------------------------------------------- reductions
    Case("sum_all", lambda a: tf.reduce_sum(a), [(2, 3)]),
    Case("sum_all_keep_dims", lambda a: tf.reduce_sum(a, keepdims=True) * a, [(2, 3)]),
    Case("sum_axis0", lambda a: tf.reduce_sum(a, 0), [(2, 3, 4)]),
    Case("sum_axes_keep_dims", lambda a: tf.reduce_sum(a, [0, 2], keep_dims=True),
         [(2, 3, 4)]),
    Case("sum_negative_axis", lambda a: tf.reduce_sum(a, -1), [(2, 3)]),
    Case("sum_no_axes", lambda a: tf.reduce_sum(a, []) * a, [(3,)]),
    Case("sum_scalar", lambda a: tf.reduce_sum(a) * a, [()]),
    Case("mean_all", lambda a: tf.reduce_mean(a * a), [(2, 3)]),
    Case("mean_axis1", lambda a: tf.reduce_mean(a, 1) * tf.reduce_sum(a, 1), [(3, 4)]),
    Case("mean_axes_keep_dims", lambda a: tf.reduce_mean(a, [1, 2], keepdims=True) * a,
         [(2, 3, 2)]),
    Case("mean_all_keep_dims", lambda a: tf.reduce_mean(a, keepdims=True), [(2, 3)]),
    Case("max_all", lambda a: tf.reduce_max(a), [(3, 4)]),
    Case("max_axis", lambda a: tf.reduce_max(a, axis=1), [(3, 4)]),
    Case("max_axis_keep_dims", lambda a: tf.reduce_max(a, 0, keepdims=True) * a, [(3, 4)]),
    Case("min_all", lambda a: tf.reduce_min(a), [(3, 4)]),
    Case("min_axes", lambda a: tf.reduce_min(a, [0, 2]), [(2, 3, 2)]),
    Case("prod_all", lambda a: tf.reduce_prod(a), [(2, 3)]),
    Case("prod_axis", lambda a: tf.reduce_prod(a, 1), [(3, 4)]),
    Case("prod_axes_keep_dims", lambda a: tf.reduce_prod(a, [0, 2], keepdims=True) * a,
         [(2, 3, 2)]),
    Case("reduce_logsumexp", lambda a: tf.reduce_logsumexp(a, axis=1), [(3, 4)]),
    Case("cumsum", lambda a: tf.cumsum(a) * a, [(4,)]),
    Case("cumsum_axis1_exclusive", lambda a: tf.cumsum(a, 1, exclusive=True), [(2, 4)]),
    Case("cumsum_reverse", lambda a: tf.cumsum(a, 0, reverse=True) * a, [(3, 2)]),
    Case("cumsum_exclusive_reverse", lambda a: tf.cumsum(a, -1, True, True) * a, [(2, 4)]),
    Case("add_n", lambda a, b: tf.add_n([a, b, a]) * b, [(2, 3), (2, 3)]),
    # ------------------------------------------------------------------------ casts
    Case("cast_float32", lambda a: tf.cast(a, tf.float32) * 3.0, [(2, 3)]),
    Case("cast_complex", lambda a: tf.cast(tf.cast(a, tf.complex128) * (1 + 2j), tf.float64),
         [(3,)]),
    Case("cast_int_blocks", lambda a: tf.cast(tf.cast(a, tf.int32), tf.float64) * a + a,
         [(4,)], low=0.2, high=0.8),
]

# The gradient ops of Tanh and Sigmoid are themselves differentiable (second derivatives).
CASES += [
    Case("tanh_grad_op", lambda y, dy: tf.gradients(tf.tanh(y), y, grad_ys=[dy])[0] * y,
         [(3, 2), (3, 2)], low=-0.9, high=0.9),
    Case("sigmoid_grad_op", lambda y, dy: tf.gradients(tf.sigmoid(y), y, grad_ys=[dy])[0] * y,
         [(4,), (4,)]),
]
