"""The text written on nodes for run-time values: small arrays in full, large ones summarized."""

import numpy as np
import pytest

import interflow as tf
from interflow.notebook.values import format_outputs, format_value, shape_text


@pytest.mark.parametrize("value, text", [
    (np.int32(15), "15"),
    (np.float32(1.0), "1.0"),
    (np.float64(0.125), "0.125"),
    (np.float32(1e-7), "1e-07"),
    (np.bool_(True), "true"),
    (np.array(2.5, dtype=np.float32), "2.5"),
    (np.array([1, 2, 3], dtype=np.int64), "[1 2 3]"),
    (np.array([1.0, 2.5], dtype=np.float32), "[1. 2.5]"),
    (np.array([[1, 2], [3, 4]], dtype=np.int32), "[[1 2]\n [3 4]]"),
    (np.array([True, False]), "[true false]"),
    (np.arange(13, dtype=np.int32), "13 int32\nmin 0 mean 6.0 max 12"),
    (np.tile(np.array([-1, 0, 1], dtype=np.float32), 10).reshape(3, 10),
     "3×10 float32\nmin -1.0 mean 0.0 max 1.0"),
    (np.array([np.nan] * 20), "20 float64\nno finite values"),
    (np.ones(20, dtype=bool), "20 bool\n100% true"),
    (b"abc", "b'abc'"),
    (np.array([b"a", b"b"], dtype=object), "[b'a', b'b']"),
    (np.array([b"a"] * 20, dtype=object), "20 strings"),
    (None, ""),
])
def test_format_value(value, text):
    assert format_value(value) == text


def test_mean_ignores_non_finite_values():
    v = np.array([1.0, np.inf, 3.0] + [2.0] * 20)
    assert format_value(v) == "23 float64\nmin 1.0 mean 2.0 max 3.0"


def test_several_outputs_are_numbered():
    assert format_outputs([np.int32(1), np.array([2, 3])]) == "0: 1\n1: [2 3]"
    assert format_outputs([np.int32(1)]) == "1"
    assert format_outputs([]) == ""


@pytest.mark.parametrize("shape, text", [
    (tf.TensorShape(None), "?"), (tf.TensorShape([]), "scalar"),
    (tf.TensorShape([None, 3]), "?×3"), (tf.TensorShape([2, 3, 4]), "2×3×4"), ((5,), "5"),
])
def test_shape_text(shape, text):
    assert shape_text(shape) == text
