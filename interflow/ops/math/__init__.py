"""Math ops, one module per kind; interflow.ops.math_ops re-exports their public names."""

# Each module imports only modules listed before it, so this is also their import order:
#   _util, casting, comparison, unary, transcendental, binary, reduction, arg_min_max, linalg,
#   scan, operators (the Tensor operator overloads).
# The exceptions, imported inside the function, are the few calls into binary from modules
# before it (RealDiv in unary gradients and _util._fold; Maximum and Minimum in clipping).
# The math modules import interflow.ops.array_ops at the top: the array modules import math_ops
# only inside functions.
#
# Gradients follow TF1's math_grad.py. They are declared next to their op and build graph ops
# only (so they can be differentiated again).
