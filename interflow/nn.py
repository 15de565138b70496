"""tf.nn: the neural-network namespace (re-exports only)."""

from interflow.ops.math_ops import sigmoid, tanh  # noqa: F401  (math_ops owns these ops)
from interflow.ops.nn_ops import *  # noqa: F401,F403
