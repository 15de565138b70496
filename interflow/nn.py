"""tf.nn: the neural-network namespace (re-exports only)."""

from interflow.ops.nn_ops import *  # noqa: F401,F403
