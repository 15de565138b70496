"""tf.train: optimizers, the global step, learning-rate schedules (re-exports only)."""

from interflow.train.optimizer import *  # noqa: F401,F403
from interflow.train.training_util import *  # noqa: F401,F403
from interflow.train.learning_rate_decay import *  # noqa: F401,F403
from interflow.train.saver import *  # noqa: F401,F403
