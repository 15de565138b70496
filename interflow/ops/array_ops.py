"""Array ops (tf.reshape, tf.concat, tf.gather, ...): the public names of interflow.ops.array."""

from interflow.framework.tensor_conversion import constant
from interflow.ops.array import packing  # noqa: F401  (lists holding tensors become Pack ops)
from interflow.ops.array.filling import diag, diag_part, fill, ones, ones_like, zeros, zeros_like
from interflow.ops.array.indexing import newaxis  # also installs Tensor.__getitem__
from interflow.ops.array.joining import concat, split, stack, unstack
from interflow.ops.array.padding import pad
from interflow.ops.array.placeholders_identity import (identity, identity_n, placeholder,
                                                       placeholder_with_default, stop_gradient)
from interflow.ops.array.reordering import (invert_permutation, matrix_transpose, reverse,
                                            reverse_v2, transpose)
from interflow.ops.array.reshaping import broadcast_to, expand_dims, reshape, squeeze, tile
from interflow.ops.array.selection import boolean_mask, gather, one_hot, unsorted_segment_sum, where
from interflow.ops.array.sequences import lin_space, linspace, range
from interflow.ops.array.shapes import broadcast_gradient_args, rank, shape, shape_n, size
from interflow.ops.array.slicing import slice, strided_slice

# Functions outside tf's namespace that gradients and tests call as array_ops.<name>.
from interflow.ops.array.joining import concat_offset  # noqa: F401
from interflow.ops.array.shapes import rank_internal, shape_internal, size_internal  # noqa: F401
from interflow.ops.array.slicing import strided_slice_grad  # noqa: F401

# Private names once reached as array_ops.<name> (losses and nn_ops still do); new code imports
# them from their own modules.
from interflow.ops.array.slicing import _MASKS  # noqa: F401
from interflow.ops.array.static_values import _constant_value, _partial_vector  # noqa: F401

__all__ = ["placeholder", "placeholder_with_default", "identity", "constant", "newaxis",
           "reshape", "transpose", "concat", "stack", "unstack", "split", "squeeze",
           "expand_dims", "tile", "pad", "fill", "zeros", "ones", "zeros_like", "ones_like",
           "range", "linspace", "lin_space", "shape", "size", "rank", "where", "gather",
           "one_hot", "slice", "strided_slice", "boolean_mask", "reverse", "reverse_v2",
           "stop_gradient", "identity_n", "broadcast_to", "invert_permutation",
           "matrix_transpose", "diag", "diag_part", "broadcast_gradient_args",
           "unsorted_segment_sum", "shape_n"]
