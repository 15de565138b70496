"""Property: for random graphs, the unobserved run (fast path, in-place reuse, compiled steps)
gives exactly what the observed run gives, which executes every op as written."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import interflow as tf
from interflow.execution import compiled
from tests.execution.observing import observed_run


def _unary(kind, t):
    if kind == "relu":
        return tf.nn.relu(t)
    if kind == "identity":
        return tf.identity(t)
    if kind == "square":
        return tf.square(t)
    if kind == "flatten_rows":  # softmax cross-entropy's reshape to [-1, last dim]
        return tf.reshape(t, tf.concat([[-1], tf.slice(tf.shape(t), [1], [1])], 0))
    if kind == "sum_rows":  # broadcast back to [rows, cols]
        return t - tf.reduce_sum(t, axis=0, keepdims=True)
    if kind == "scale_by_size":
        return t * tf.cast(tf.size(t), tf.float32)
    return tf.stop_gradient(t)


def _binary(kind, a, b):
    if kind == "add":
        return a + b
    if kind == "mul":
        return a * b
    if kind == "sub":
        return a - b
    if kind == "max":
        return tf.maximum(a, b)
    return tf.matmul(a, tf.transpose(b))


_STEPS = st.lists(st.tuples(
    st.sampled_from(["relu", "identity", "square", "flatten_rows", "sum_rows", "scale_by_size",
                     "stop", "add", "mul", "sub", "max", "matmul"]),
    st.integers(0, 100), st.integers(0, 100)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=_STEPS, rows=st.sampled_from([1, 3, 70]), static=st.booleans(),
       fetch_all=st.booleans())
def test_fast_and_observed_runs_agree(steps, rows, static, fetch_all, monkeypatch_compile):
    cols = 64
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, shape=[rows if static else None, cols])
        # Every value is [rows, cols], except the constant row, which broadcasts.
        row = tf.constant(np.linspace(-1, 1, cols, dtype=np.float32))
        values = [x, row]
        for kind, i, j in steps:
            a = values[i % len(values)]
            if a is row:
                a = x
            if kind in ("add", "mul", "sub", "max", "matmul"):
                b = values[j % len(values)]
                if kind == "matmul" and b is row:
                    b = x
                out = _binary(kind, a, b)
                if kind == "matmul":  # back to [rows, cols]: (rows x rows) @ (rows x cols)
                    out = tf.matmul(out, x)
            else:
                out = _unary(kind, a)
            values.append(out)
        fetches = values[2:] if fetch_all else values[-1:]
        feed = {x: np.random.default_rng(len(steps)).normal(size=(rows, cols))
                .astype(np.float32)}
        with tf.Session() as sess:
            fast = [sess.run(fetches, feed) for _ in range(3)]  # the third run is compiled
            slow = observed_run(sess, fetches, feed)
    for run in fast:
        for got, want in zip(run, slow):
            np.testing.assert_array_equal(got, want)


@pytest.fixture
def monkeypatch_compile(monkeypatch):
    """Plans compile after two runs, so the property covers compiled steps too."""
    monkeypatch.setattr(compiled, "COMPILE_AFTER_RUNS", 2)
