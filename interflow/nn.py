"""tf.nn: the neural-network namespace (re-exports only)."""

from interflow.ops.math_ops import sigmoid, tanh  # noqa: F401  (math_ops owns these ops)
from interflow.ops.nn_ops import *  # noqa: F401,F403
from interflow.ops.losses import (  # noqa: F401  (the cross-entropy ops live with the losses)
    sigmoid_cross_entropy_with_logits, softmax_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2, sparse_softmax_cross_entropy_with_logits)
