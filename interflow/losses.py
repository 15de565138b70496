"""tf.losses: loss functions that weight, reduce and collect losses (re-exports only)."""

from interflow.ops.losses import *  # noqa: F401,F403
