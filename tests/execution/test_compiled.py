"""Compiled step lists (compiled.py) do what the executor's loop does: values, multiple and zero
outputs, frees, and errors that name the op, once a plan has run often enough to be compiled."""

import numpy as np
import pytest

import interflow as tf
from interflow.execution import compiled


def _run_often(sess, fetches, feed_dict=None):
    """Runs until the plan is compiled; returns the values of the last run of each kind."""
    first = sess.run(fetches, feed_dict)
    for _ in range(compiled.COMPILE_AFTER_RUNS):
        sess.run(fetches, feed_dict)
    plan = sess._plans[next(reversed(sess._plans))]
    assert plan.compiled is not None
    return first, sess.run(fetches, feed_dict)


def test_compiled_runs_give_the_loops_values_with_multiple_and_zero_output_ops():
    x = tf.placeholder(tf.float32, shape=[6])
    a, b, c = tf.split(x * 2.0, 3)
    rows = tf.unstack(tf.reshape(x, [3, 2]))
    y = tf.concat([c, b, a], 0) + 1.0
    with tf.control_dependencies([y]):
        done = tf.no_op()
    feed = {x: np.array([3, 1, 3, 2, 2, 5], np.float32)}
    with tf.Session() as sess:
        looped, compiled_values = _run_often(sess, [y, rows[2], rows[0], done], feed)
    for expected, got in zip(looped, compiled_values):
        np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(compiled_values[0], [5, 11, 7, 5, 7, 3])
    np.testing.assert_array_equal(compiled_values[1], [2, 5])


def test_compiled_runs_update_variables_as_the_loop_does():
    w = tf.Variable(np.zeros(3, np.float32))
    step = tf.assign_add(w, [1.0, 2.0, 3.0])
    with tf.Session() as sess:
        sess.run(w.initializer)
        _run_often(sess, step)
        runs = compiled.COMPILE_AFTER_RUNS + 2
        np.testing.assert_array_equal(sess.run(w), np.array([1, 2, 3], np.float32) * runs)


def test_a_failing_compiled_step_names_its_op_and_leaves_the_session_usable():
    x = tf.placeholder(tf.float32, shape=[None, None])
    y = tf.matmul(x, tf.ones([3, 2]), name="product") * 2.0
    with tf.Session() as sess:
        _run_often(sess, y, {x: np.ones((4, 3), np.float32)})
        with pytest.raises(tf.errors.InvalidArgumentError, match="product") as info:
            sess.run(y, {x: np.ones((4, 5), np.float32)})
        assert "test_compiled.py" in str(info.value)  # the user's line that made the op
        np.testing.assert_array_equal(sess.run(y, {x: np.ones((1, 3), np.float32)}),
                                      [[6.0, 6.0]])


def test_failed_step_maps_lines_to_steps():
    def ok(a):
        return a + 1

    def bad(a):
        raise ValueError("no")
    steps = [(ok, (0,), 1, (0,), None, False), (ok, (1,), 2, (1,), None, False),
             (bad, (2,), 3, (), None, False)]
    run = compiled.compile_steps(steps)
    slots = [1, None, None, None]
    with pytest.raises(ValueError) as info:
        run(slots)
    assert compiled.failed_step(info.value.__traceback__, run) == 2
    assert slots == [None, None, 3, None]  # frees done up to the failing step
