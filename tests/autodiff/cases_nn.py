"""Gradient-table rows for nn_ops (activations, convolutions, pooling, losses)."""

import interflow as tf
from tests.autodiff.gradient_table import Case

CASES = []
