"""Gradient-table rows for array_ops."""

import interflow as tf
from tests.autodiff.gradient_table import Case

CASES = [
    Case("placeholder_with_default", lambda a: tf.placeholder_with_default(a, [3]) * a,
         [(3,)]),
]
