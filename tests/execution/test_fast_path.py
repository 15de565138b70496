"""The unobserved run's steps (fast_path.py): what planning takes out must never change what a
run computes, frees or reports. The oracle is the same run observed, which executes every op."""

import numpy as np
import pytest

import interflow as tf
from tests.execution.observing import observed_run


def _both_ways(fetches, feed_dict=None):
    """(value of an unobserved run, value of an observed run, the fast steps' op types)."""
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        fast = sess.run(fetches, feed_dict)
        plan = list(sess._plans.values())[-1]
        slow = observed_run(sess, fetches, feed_dict)
    return fast, slow, [step[4].type for step in plan.fast_steps]


def test_shape_values_fixed_by_static_shapes_are_folded_and_unread_shape_ops_dropped():
    logits = tf.placeholder(tf.float32, shape=[None, 10])
    flat = tf.reshape(logits, tf.concat([[-1], tf.slice(tf.shape(logits), [1], [1])], 0))
    value = np.arange(30, dtype=np.float32).reshape(3, 10)
    fast, slow, types = _both_ways(flat, {logits: value})
    np.testing.assert_array_equal(fast, slow)
    np.testing.assert_array_equal(fast, value)
    assert types == ["Reshape"]  # Shape, Slice and ConcatV2 were known before the run


def test_shape_values_that_depend_on_the_batch_stay_in_the_run():
    x = tf.placeholder(tf.float32, shape=[None, 4])
    batch = tf.slice(tf.shape(x), [0], [1])
    fast, slow, types = _both_ways(batch, {x: np.zeros((7, 4), np.float32)})
    assert fast.tolist() == slow.tolist() == [7]
    assert types == ["Shape", "Slice"]


def test_size_and_rank_of_static_shapes_are_folded():
    x = tf.placeholder(tf.float32, shape=[2, 3])
    y = tf.cast(tf.size(x), tf.float32) + tf.cast(tf.rank(x), tf.float32) + x
    fast, slow, types = _both_ways(y, {x: np.ones((2, 3), np.float32)})
    np.testing.assert_array_equal(fast, slow)
    assert fast[0, 0] == 6 + 2 + 1
    assert "Size" not in types and "Rank" not in types


def test_a_fed_shape_value_wins_over_the_static_one():
    x = tf.placeholder(tf.float32, shape=[None, 3])
    s = tf.shape(x)
    last = tf.slice(s, [1], [1])
    with tf.Session() as sess:
        # Feeding the Shape op's output: the run must use the fed value, not the static one.
        got = sess.run(last, {x: np.zeros((2, 3), np.float32), s: np.array([5, 8], np.int32)})
    assert got.tolist() == [8]


def test_identity_is_aliased_and_values_are_still_freed_after_their_last_use():
    v = tf.Variable(np.ones(4, np.float32))
    y = tf.identity(v) * 2.0
    fast, slow, types = _both_ways(y)
    np.testing.assert_array_equal(fast, slow)
    assert "Identity" not in types


def test_a_fetched_identity_is_kept_and_its_value_is_a_copy():
    v = tf.Variable(np.zeros(3, np.float32))
    read = tf.identity(v)
    with tf.Session() as sess:
        sess.run(v.initializer)
        got = sess.run(read)
        got[0] = 9.0
        assert sess.run(v).tolist() == [0.0, 0.0, 0.0]


def test_errors_of_a_folded_slice_are_still_reported_by_the_run():
    x = tf.placeholder(tf.float32, shape=[None, 3])
    begin = tf.placeholder_with_default(np.array([2], np.int32), shape=[1])
    bad = tf.slice(tf.shape(x), begin, [5])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Slice"):
            sess.run(bad, {x: np.zeros((1, 3), np.float32)})


def test_each_value_is_freed_after_its_last_use():
    import tracemalloc
    n = 256
    x = tf.placeholder(tf.float32, shape=[n, n])
    y = x
    for _ in range(12):
        y = tf.matmul(y, x)  # a new buffer each step, not elementwise (never reused in place)
    value = np.eye(n, dtype=np.float32)
    with tf.Session() as sess:
        sess.run(y, {x: value})
        tracemalloc.start()
        sess.run(y, {x: value})
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 3.5 * value.nbytes  # the fetched result, one input and one output at a time


def test_read_only_variables_are_loaded_before_the_run_and_checked():
    v = tf.Variable(np.arange(3, dtype=np.float32))
    w = tf.Variable(np.ones(3, np.float32))
    with tf.control_dependencies([tf.assign_add(w, [1.0, 1.0, 1.0])]):
        y = v * 2.0 + tf.identity(w)
    fast, slow, types = _both_ways(y)
    np.testing.assert_array_equal(fast, [2.0, 4.0, 6.0])  # w: 1 + 1
    np.testing.assert_array_equal(slow, [3.0, 5.0, 7.0])  # the observed run: w: 2 + 1
    assert types.count("VariableV2") == 1  # w, assigned in the run, is still read by a step
    with tf.Session() as sess:
        sess.run(w.initializer)
        with pytest.raises(tf.errors.FailedPreconditionError, match="Variable"):
            sess.run(y)
        assert sess.run(w).tolist() == [1.0, 1.0, 1.0]  # nothing ran


@pytest.mark.parametrize("static, target, aliased", [
    ([None, 10], [-1, 10], True),
    ([4, 10], [4, 10], True),
    ([4, 10], [-1, 10], True),
    ([None, 10], [4, 10], False),    # the batch may not be 4: the kernel must check
    ([None, 10], [-1, 5, 2], False),
    ([None, None], [-1, 10], False),
])
def test_a_reshape_to_its_inputs_own_shape_is_aliased(static, target, aliased):
    x = tf.placeholder(tf.float32, shape=static)
    y = tf.reshape(x, target) * 2.0
    value = np.arange(40, dtype=np.float32).reshape(4, 10)
    fast, slow, types = _both_ways(y, {x: value})
    np.testing.assert_array_equal(fast, slow)
    assert ("Reshape" not in types) == aliased


def test_an_aliased_reshape_still_fails_when_the_feed_does_not_fit():
    x = tf.placeholder(tf.float32, shape=[None, 10])
    y = tf.reshape(x, [-1, 10]) * 2.0
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="shape"):
            sess.run(y, {x: np.zeros((4, 5), np.float32)})
