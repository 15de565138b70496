"""Array ops, one module per kind; interflow.ops.array_ops re-exports their public names."""

# Each module imports only modules listed before it, so this is also their import order:
#   _util, static_values, placeholders_identity, shapes, sequences, joining, reordering,
#   reshaping, filling, padding, slicing, selection, indexing (Tensor.__getitem__),
#   packing (lists holding tensors in convert_to_tensor).
# The exceptions, imported inside the function, are gradients that need a later module
# (ConcatV2's and Pad's build Slice ops) and calls into math_ops (Cast, reduce_sum, ...).
#
# Gradients follow TF1's array_grad.py: `gradient(op, *output_grads)` returns one gradient per
# input, None for shapes, axes and indices. They are built from graph ops (never NumPy on
# values), so they can be differentiated again.
