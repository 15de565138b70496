"""Gradient-table rows for array_ops."""

import numpy as np

import interflow as tf
from interflow.framework.op_registry import apply_op
from tests.autodiff.gradient_table import Case


def _partial(a, shape):
    """`a` with a less known static shape (a None dim, or unknown rank for shape=None)."""
    return tf.placeholder_with_default(a, shape)


def _second(forward, a, b):
    """The gradient of `forward(b)` for the output weights `a`: a gradient op as a forward op."""
    return tf.gradients(forward(b), b, grad_ys=a)[0]


CASES = [
    Case("placeholder_with_default", lambda a: tf.placeholder_with_default(a, [3]) * a,
         [(3,)]),
    Case("identity_alone", lambda a: tf.identity(a), [(2, 3)]),
    Case("identity_n", lambda a, b: tf.stack(tf.identity_n([a, b])[::-1]), [(2, 3), (2, 3)]),
    Case("identity_n_one_output_used", lambda a, b: tf.identity_n([a, b])[1], [(2,), (3,)]),
    # reshape, squeeze, expand_dims
    Case("reshape", lambda a: tf.reshape(a, [3, 2]), [(2, 3)]),
    Case("reshape_inferred", lambda a: tf.reshape(a, [-1]), [(2, 3, 2)]),
    Case("reshape_one_unknown_dim", lambda a: tf.reshape(_partial(a, [None, 3]), [3, -1]),
         [(4, 3)]),
    Case("reshape_same_partial_shape", lambda a: tf.reshape(_partial(a, [None, 3]), [-1, 3]),
         [(4, 3)]),
    Case("reshape_unknown_rank", lambda a: tf.reshape(_partial(a, None), [-1, 2]), [(2, 3, 2)]),
    Case("squeeze_all", lambda a: tf.squeeze(a), [(2, 1, 3, 1)]),
    Case("squeeze_axis", lambda a: tf.squeeze(a, axis=[-1]), [(1, 3, 1)]),
    Case("expand_dims", lambda a: tf.expand_dims(a, 1), [(2, 3)]),
    Case("expand_dims_last", lambda a: tf.expand_dims(a, -1), [(3,)]),
    # transposes
    Case("transpose_perm", lambda a: tf.transpose(a, [1, 2, 0]), [(2, 3, 4)]),
    Case("transpose_default", lambda a: tf.transpose(a), [(2, 3)]),
    Case("transpose_unknown_rank", lambda a: tf.transpose(_partial(a, None)), [(2, 3, 2)]),
    Case("conjugate_transpose_float", lambda a: apply_op("ConjugateTranspose", [a, [1, 0]]),
         [(2, 3)]),
    Case("matrix_transpose", lambda a: tf.matrix_transpose(a), [(2, 3, 4)]),
    # joining and splitting
    Case("concat_axis1", lambda a, b: tf.concat([a, b], 1), [(2, 3), (2, 2)]),
    Case("concat_negative_axis", lambda a, b, c: tf.concat([a, b, c], -1),
         [(2, 1, 2), (2, 1, 3), (2, 1, 1)]),
    Case("concat_axis0", lambda a, b: tf.concat([a, b], 0), [(1, 3), (2, 3)]),
    Case("concat_unknown_shapes", lambda a, b: tf.concat([_partial(a, [None, 2]), b], 0),
         [(3, 2), (1, 2)]),
    Case("concat_int64_axis", lambda a, b: tf.concat([a, b], tf.constant(1, tf.int64)),
         [(2, 1), (2, 2)]),
    Case("concat_single", lambda a: tf.concat([a], 0), [(2, 3)]),
    Case("stack", lambda a, b: tf.stack([a, b]), [(2, 3), (2, 3)]),
    Case("stack_axis1", lambda a, b, c: tf.stack([a, b, c], axis=1), [(2, 3)] * 3),
    Case("stack_axis_last", lambda a, b: tf.stack([a, b], axis=-1), [(3,), (3,)]),
    Case("unstack_reordered", lambda a: tf.stack(tf.unstack(a, axis=1)[::-1]), [(2, 3)]),
    Case("unstack_one_output_used", lambda a: tf.unstack(a)[1], [(3, 2)]),
    Case("split", lambda a: tf.concat(tf.split(a, 3, axis=1)[::-1], 1), [(2, 6)]),
    Case("split_one_output_used", lambda a: tf.split(a, 2, axis=0)[1], [(4, 3)]),
    Case("split_v", lambda a: tf.concat(tf.split(a, [1, -1, 2], axis=1)[::-1], 1), [(2, 5)]),
    Case("split_v_one_output_used", lambda a: tf.split(a, [2, 1], axis=-1)[0], [(2, 3)]),
    # tiling, reversing, broadcasting
    Case("tile", lambda a: tf.tile(a, [2, 3]), [(2, 3)]),
    Case("tile_vector", lambda a: tf.tile(a, [4]), [(3,)]),
    Case("tile_3d_int64_multiples", lambda a: tf.tile(a, tf.constant([1, 2, 2], tf.int64)),
         [(2, 1, 3)]),
    Case("reverse", lambda a: tf.reverse(a, [1]), [(2, 3)]),
    Case("reverse_two_axes", lambda a: tf.reverse(a, [0, -1]), [(2, 3, 2)]),
    Case("broadcast_to", lambda a: tf.broadcast_to(a, [4, 2, 3]), [(2, 1)]),
    Case("broadcast_to_rank", lambda a: tf.broadcast_to(a, [2, 3]), [(3,)]),
    Case("broadcast_to_same", lambda a: tf.broadcast_to(a, [2, 3]), [(2, 3)]),
    # padding and filling
    Case("pad", lambda a: tf.pad(a, [[1, 0], [0, 2]]), [(2, 3)]),
    Case("pad_3d", lambda a: tf.pad(a, [[0, 0], [2, 1], [1, 1]]), [(2, 2, 3)]),
    Case("pad_v2", lambda a: tf.pad(a, [[1, 2], [0, 1]], constant_values=3.0), [(2, 3)]),
    Case("mirror_pad_reflect", lambda a: tf.pad(a, [[2, 1], [0, 3]], mode="REFLECT"),
         [(5, 4)]),
    Case("mirror_pad_symmetric", lambda a: tf.pad(a, [[2, 1], [0, 3]], mode="SYMMETRIC"),
         [(5, 4)]),
    Case("mirror_pad_reflect_vector", lambda a: tf.pad(a, [[3, 2]], mode="REFLECT"), [(4,)]),
    Case("mirror_pad_grad", lambda a, b: _second(
        lambda x: tf.pad(x, [[1, 2], [2, 0]], mode="REFLECT"), a, b), [(6, 5), (3, 3)]),
    Case("mirror_pad_grad_symmetric", lambda a, b: _second(
        lambda x: tf.pad(x, [[0, 2], [3, 1]], mode="SYMMETRIC"), a, b), [(4, 7), (2, 3)]),
    Case("fill", lambda a: tf.fill([2, 3], a), [()]),
    # slicing
    Case("slice", lambda a: tf.slice(a, [0, 1], [2, 2]), [(2, 3)]),
    Case("slice_to_end", lambda a: tf.slice(a, [1, 0, 1], [-1, 2, -1]), [(3, 2, 4)]),
    Case("slice_int64", lambda a: tf.slice(a, tf.constant([1], tf.int64),
                                           tf.constant([2], tf.int64)), [(4,)]),
    Case("strided_slice", lambda a: a[1:, ::2], [(3, 4)]),
    Case("strided_slice_negative_stride_shrink", lambda a: a[::-1, 1], [(3, 4)]),
    Case("strided_slice_new_axis_ellipsis", lambda a: a[None, ..., 0], [(2, 3, 2)]),
    Case("strided_slice_mixed", lambda a: a[-2:, tf.newaxis, 1:3], [(3, 4, 2)]),
    Case("strided_slice_scalar", lambda a: a[1, 2], [(2, 3)]),
    Case("strided_slice_unknown_shape", lambda a: _partial(a, [None, 4])[1:, ::-2], [(3, 4)]),
    Case("strided_slice_grad", lambda a, b: _second(lambda x: x[1:, ::2], a, b),
         [(2, 2), (3, 4)]),
    Case("strided_slice_grad_masks", lambda a, b: _second(lambda x: x[tf.newaxis, ..., -1], a, b),
         [(1, 2, 3), (2, 3, 2)]),
    # gathering and scattering
    Case("gather", lambda a: tf.gather(a, [0, 2, 0]), [(3, 2)]),
    Case("gather_axis1", lambda a: tf.gather(a, [2, 0, 2, 1], axis=1), [(2, 3, 2)]),
    Case("gather_negative_axis", lambda a: tf.gather(a, [1, 1], axis=-1), [(2, 3)]),
    Case("gather_matrix_indices", lambda a: tf.gather(a, [[0, 1], [1, 1]]), [(2, 3)]),
    Case("gather_int64_indices_vector",
         lambda a: tf.gather(a, tf.constant([3, 0, 3], tf.int64)), [(4,)]),
    Case("gather_unknown_axis",
         lambda a: tf.gather(a, [0, 0, 1], axis=tf.placeholder_with_default(1, [])), [(2, 2)]),
    Case("unsorted_segment_sum", lambda a: tf.unsorted_segment_sum(a, [0, 2, 0, -1], 3),
         [(4, 2)]),
    Case("unsorted_segment_sum_matrix_ids",
         lambda a: tf.unsorted_segment_sum(a, [[1, 0], [-1, 1]], 2), [(2, 2, 3)]),
    Case("boolean_mask", lambda a: tf.boolean_mask(a, [True, False, True]), [(3, 2)]),
    Case("boolean_mask_2d", lambda a: tf.boolean_mask(a, np.array([[True, False], [True, True]])),
         [(2, 2, 3)]),
    # selecting
    Case("where_vector_condition", lambda a, b: tf.where([True, False], a, b), [(2, 3), (2, 3)]),
    Case("where_full_condition", lambda a, b: tf.where(np.array([[True, False, True]]), a, b),
         [(1, 3), (1, 3)]),
    Case("where_scalar_condition", lambda a, b: tf.where(False, a, b), [(2,), (2,)]),
    # shapes known only at run time (the gradients build Shape/Rank/ShapeN ops)
    Case("tile_unknown_shape", lambda a: tf.tile(_partial(a, None), [1, 2]), [(2, 3)]),
    Case("pad_unknown_rank", lambda a: tf.pad(_partial(a, None), [[1, 1], [0, 2]]), [(2, 2)]),
    Case("mirror_pad_unknown_rank",
         lambda a: tf.pad(_partial(a, None), [[1, 1], [0, 2]], mode="SYMMETRIC"), [(2, 2)]),
    Case("slice_unknown_rank", lambda a: tf.slice(_partial(a, None), [1, 0], [1, -1]), [(3, 2)]),
    Case("strided_slice_unknown_rank", lambda a: _partial(a, None)[::2, 1:], [(3, 3)]),
    Case("concat_unknown_rank", lambda a, b: tf.concat([_partial(a, None), b], 1),
         [(2, 1), (2, 3)]),
    Case("squeeze_unknown_rank", lambda a: tf.squeeze(_partial(a, None), [1]), [(3, 1)]),
    Case("broadcast_to_unknown_input", lambda a: tf.broadcast_to(_partial(a, [None, 1]), [2, 3]),
         [(2, 1)]),
    Case("gather_unknown_params", lambda a: tf.gather(_partial(a, None), [1, 0, 1]), [(2, 3)]),
    Case("gather_unknown_params_axis1",
         lambda a: tf.gather(_partial(a, [2, None]), [1, 0, 1], axis=1), [(2, 3)]),
    Case("where_unknown_shape", lambda a, b: tf.where([True, False, True], _partial(a, None), b),
         [(3, 2), (3, 2)]),
    Case("stack_unknown_shapes", lambda a, b: tf.stack([_partial(a, None), b], axis=1),
         [(2,), (2,)]),
    Case("unsorted_segment_sum_unknown_shape",
         lambda a: tf.unsorted_segment_sum(_partial(a, None), [1, 1, 0], 2), [(3, 2)]),
    # diagonals
    Case("diag", lambda a: tf.diag(a), [(3,)]),
    Case("diag_matrix", lambda a: tf.diag(a), [(2, 2)]),
    Case("diag_part", lambda a: tf.diag_part(a), [(3, 3)]),
    Case("diag_part_4d", lambda a: tf.diag_part(a), [(2, 3, 2, 3)]),
]
