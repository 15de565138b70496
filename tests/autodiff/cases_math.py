"""Gradient-table rows for math_ops."""

import interflow as tf
from tests.autodiff.gradient_table import Case

CASES = [
    Case("add_broadcast", lambda a, b: a + b, [(3, 4), (4,)]),
    Case("sub_broadcast", lambda a, b: a - b, [(3, 1), (1, 4)]),
    Case("mul_broadcast", lambda a, b: a * b, [(2, 3), ()]),
    Case("identity", lambda a: tf.identity(a) * a, [(3,)]),
]
