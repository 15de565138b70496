"""Optimizers: TF's op names and slot variables, exact update rules, and training behaviour."""

import numpy as np
import pytest

import interflow as tf

START = np.array([[1.0], [-2.0], [0.5]], np.float32)
TARGET = np.array([[0.5], [0.25], [-1.0]], np.float32)


def _quadratic(name="theta"):
    theta = tf.Variable(START, name=name)
    loss = tf.reduce_sum(tf.square(theta - TARGET))
    return theta, loss


def _grad(theta):
    return 2.0 * (theta - TARGET)


def _train(optimizer, steps=5, **minimize_kwargs):
    theta, loss = _quadratic()
    train_op = optimizer.minimize(loss, **minimize_kwargs)
    init = tf.global_variables_initializer()
    values = []
    with tf.Session() as sess:
        sess.run(init)
        for _ in range(steps):
            sess.run(train_op)
            values.append(sess.run(theta))
    return train_op, values


def _names_after(start):
    return [op.name for op in tf.get_default_graph().get_operations()[start:]
            if not op.name.startswith("gradients")]


@pytest.mark.parametrize("make, expected", [
    (lambda: tf.train.GradientDescentOptimizer(0.1),
     ["GradientDescent/learning_rate", "GradientDescent/update_theta/ApplyGradientDescent",
      "GradientDescent"]),
    (lambda: tf.train.MomentumOptimizer(0.1, momentum=0.9),
     ["theta/Momentum/Initializer/zeros", "theta/Momentum", "theta/Momentum/Assign",
      "theta/Momentum/read", "Momentum/learning_rate", "Momentum/momentum",
      "Momentum/update_theta/ApplyMomentum", "Momentum"]),
    (lambda: tf.train.RMSPropOptimizer(0.1),
     ["theta/RMSProp/Initializer/ones", "theta/RMSProp", "theta/RMSProp/Assign",
      "theta/RMSProp/read", "theta/RMSProp_1/Initializer/zeros", "theta/RMSProp_1",
      "theta/RMSProp_1/Assign", "theta/RMSProp_1/read", "RMSProp/learning_rate",
      "RMSProp/decay", "RMSProp/momentum", "RMSProp/epsilon",
      "RMSProp/update_theta/ApplyRMSProp", "RMSProp"]),
])
def test_update_ops_and_slots_are_named_as_tf(make, expected):
    theta, loss = _quadratic()
    start = len(tf.get_default_graph().get_operations())
    optimizer = make()
    train_op = optimizer.minimize(loss)
    assert _names_after(start) == [n for n in expected]
    assert train_op.name == expected[-1] and train_op.type == "NoOp"


def test_adam_names_with_global_step():
    theta, loss = _quadratic()
    start = len(tf.get_default_graph().get_operations())
    step = tf.train.get_or_create_global_step()
    train_op = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=step)
    names = _names_after(start)
    assert names[:4] == ["global_step/Initializer/zeros", "global_step", "global_step/Assign",
                         "global_step/read"]
    for expected in ["beta1_power", "beta2_power", "theta/Adam", "theta/Adam_1",
                     "Adam/update_theta/ApplyAdam", "Adam/update", "Adam"]:
        assert expected in names
    assert train_op.name == "Adam" and train_op.type == "AssignAdd"


def test_slots_are_global_not_trainable_and_initialized_by_a_later_initializer():
    theta, loss = _quadratic()
    optimizer = tf.train.MomentumOptimizer(0.1, 0.9)
    train_op = optimizer.minimize(loss)
    assert [v.op.name for v in tf.trainable_variables()] == ["theta"]
    assert [v.op.name for v in tf.global_variables()] == ["theta", "theta/Momentum"]
    assert optimizer.get_slot_names() == ["momentum"]
    assert optimizer.get_slot(theta, "momentum").op.name == "theta/Momentum"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)


def test_gradient_descent_rule():
    _, values = _train(tf.train.GradientDescentOptimizer(0.1))
    theta = START.copy()
    for got in values:
        theta = theta - 0.1 * _grad(theta)
        np.testing.assert_allclose(got, theta, rtol=1e-6)


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_rule(nesterov):
    _, values = _train(tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=nesterov))
    theta, accum = START.copy(), np.zeros_like(START)
    for got in values:
        g = _grad(theta)
        accum = 0.9 * accum + g
        theta = theta - (0.1 * (g + 0.9 * accum) if nesterov else 0.1 * accum)
        np.testing.assert_allclose(got, theta, rtol=1e-5, atol=1e-7)


def test_adam_rule():
    """Computed in float32 as TF's kernel does (beta powers kept as float32 variables)."""
    f32 = np.float32
    lr, b1, b2, eps = f32(0.1), f32(0.9), f32(0.999), f32(1e-8)
    _, values = _train(tf.train.AdamOptimizer(0.1, 0.9, 0.999, 1e-8))
    theta, m, v = START.copy(), np.zeros_like(START), np.zeros_like(START)
    b1_power, b2_power = b1, b2
    for got in values:
        g = _grad(theta)
        lr_t = lr * np.sqrt(f32(1) - b2_power) / (f32(1) - b1_power)
        m = m + (g - m) * (f32(1) - b1)
        v = v + (g * g - v) * (f32(1) - b2)
        theta = theta - lr_t * m / (np.sqrt(v) + eps)
        b1_power, b2_power = b1_power * b1, b2_power * b2
        np.testing.assert_allclose(got, theta, rtol=1e-5, atol=1e-6)


def test_adagrad_rule():
    _, values = _train(tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.1))
    theta, accum = START.copy(), np.full_like(START, 0.1)
    for got in values:
        g = _grad(theta)
        accum = accum + g * g
        theta = theta - 0.1 * g / np.sqrt(accum)
        np.testing.assert_allclose(got, theta, rtol=1e-5)


def test_rmsprop_rule():
    lr, rho, mom, eps = 0.01, 0.9, 0.5, 1e-10
    _, values = _train(tf.train.RMSPropOptimizer(lr, decay=rho, momentum=mom, epsilon=eps))
    theta, ms, moment = START.copy(), np.ones_like(START), np.zeros_like(START)
    for got in values:
        g = _grad(theta)
        ms = rho * ms + (1 - rho) * g * g
        moment = mom * moment + lr * g / np.sqrt(ms + eps)
        theta = theta - moment
        np.testing.assert_allclose(got, theta, rtol=1e-5, atol=1e-7)


def test_learning_rate_may_be_a_placeholder():
    theta, loss = _quadratic()
    lr = tf.placeholder(tf.float32, shape=[])
    train_op = tf.train.GradientDescentOptimizer(lr).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op, {lr: 0.0})
        np.testing.assert_allclose(sess.run(theta), START)
        sess.run(train_op, {lr: 0.1})
        np.testing.assert_allclose(sess.run(theta), START - 0.1 * _grad(START), rtol=1e-6)


def test_var_list_restricts_and_global_step_counts():
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(1.0, name="b")
    loss = tf.square(a) + tf.square(b)
    step = tf.train.get_or_create_global_step()
    train_op = tf.train.GradientDescentOptimizer(0.25).minimize(loss, global_step=step,
                                                                var_list=[a])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)
        sess.run(train_op)
        assert sess.run([a, b, step]) == [0.25, 1.0, 2]
        assert tf.train.global_step(sess, step) == 2


def test_no_reachable_variable_is_a_clear_error():
    tf.Variable(1.0, name="unused")
    x = tf.placeholder(tf.float32)
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        tf.train.GradientDescentOptimizer(0.1).minimize(x * 2.0)
    with pytest.raises(ValueError, match="No variables to optimize"):
        with tf.Graph().as_default():
            tf.train.GradientDescentOptimizer(0.1).minimize(tf.constant(1.0) * 2.0)


def test_compute_and_apply_gradients_separately():
    theta, loss = _quadratic()
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    grads_and_vars = optimizer.compute_gradients(loss)
    assert grads_and_vars[0][1] is theta
    clipped = [(tf.clip_by_value(g, -0.1, 0.1), v) for g, v in grads_and_vars]
    train_op = optimizer.apply_gradients(clipped)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)
        expected = START - 0.1 * np.clip(_grad(START), -0.1, 0.1)
        np.testing.assert_allclose(sess.run(theta), expected, rtol=1e-6)


def test_exponential_decay():
    step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.1, step, 100, 0.96, staircase=True)
    smooth = tf.train.exponential_decay(0.1, step, 100, 0.96)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        step.load(150, sess)
        got, got_smooth = sess.run([lr, smooth])
    np.testing.assert_allclose(got, 0.1 * 0.96, rtol=1e-6)
    np.testing.assert_allclose(got_smooth, 0.1 * 0.96 ** 1.5, rtol=1e-6)
    assert lr.op.name == "ExponentialDecay"
