"""The seed's linear-regression lesson, four ways plus mini-batches, run as the seed writes it
(on the synthetic California-housing-shaped data) and checked against NumPy.

Tolerances: every gradient-descent variant must end within 0.01 of NumPy's normal-equation
theta (each coefficient) and within 0.1% of its MSE; the full-batch variants must also match
the same gradient-descent loop written in NumPy (float32) to 1e-4.
"""

import numpy as np
import pytest

import interflow as tf
from interflow.datasets import california_housing

housing = california_housing()
m, n = housing.data.shape
housing_data_plus_bias = np.c_[np.ones((m, 1)), housing.data]
scaled = (housing.data - housing.data.mean(axis=0)) / housing.data.std(axis=0)
scaled_housing_data_plus_bias = np.c_[np.ones((m, 1)), scaled]
TARGET = housing.target.reshape(-1, 1)
THETA_NORMAL = np.linalg.inv(scaled_housing_data_plus_bias.T @ scaled_housing_data_plus_bias) \
    @ scaled_housing_data_plus_bias.T @ TARGET
MSE_NORMAL = float(np.mean((scaled_housing_data_plus_bias @ THETA_NORMAL - TARGET) ** 2))


def reset_graph(seed=42):
    tf.reset_default_graph()
    tf.set_random_seed(seed)
    np.random.seed(seed)


def _mse(theta):
    return float(np.mean((scaled_housing_data_plus_bias @ theta - TARGET) ** 2))


def _numpy_gradient_descent(theta0, n_epochs=1000, learning_rate=0.01):
    X = scaled_housing_data_plus_bias.astype(np.float32)
    y = TARGET.astype(np.float32)
    theta = theta0.astype(np.float32)
    for _ in range(n_epochs):
        theta = theta - learning_rate * (np.float32(2 / m) * X.T @ (X @ theta - y))
    return theta


def _assert_converged(best_theta):
    np.testing.assert_allclose(best_theta, THETA_NORMAL, atol=0.01)
    assert _mse(best_theta) <= MSE_NORMAL * 1.001


def test_normal_equation():
    reset_graph()
    X = tf.constant(housing_data_plus_bias, dtype=tf.float32, name="X")
    y = tf.constant(housing.target.reshape(-1, 1), dtype=tf.float32, name="y")
    XT = tf.transpose(X)
    theta = tf.matmul(tf.matmul(tf.matrix_inverse(tf.matmul(XT, X)), XT), y)

    with tf.Session() as sess:
        theta_value = theta.eval()

    X = housing_data_plus_bias
    y = housing.target.reshape(-1, 1)
    theta_numpy = np.linalg.inv(X.T.dot(X)).dot(X.T).dot(y)
    # float32 normal equations on unscaled data lose digits, as in TF.
    predictions = housing_data_plus_bias @ theta_value
    assert np.mean((predictions - y) ** 2) <= np.mean((X @ theta_numpy - y) ** 2) * 1.05


def _gradient_descent_program(gradients_kind, capsys):
    reset_graph()

    n_epochs = 1000
    learning_rate = 0.01

    X = tf.constant(scaled_housing_data_plus_bias, dtype=tf.float32, name="X")
    y = tf.constant(housing.target.reshape(-1, 1), dtype=tf.float32, name="y")
    theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
    y_pred = tf.matmul(X, theta, name="predictions")
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    if gradients_kind == "manual":
        gradients = 2/m * tf.matmul(tf.transpose(X), error)
        training_op = tf.assign(theta, theta - learning_rate * gradients)
    elif gradients_kind == "autodiff":
        gradients = tf.gradients(mse, [theta])[0]
        training_op = tf.assign(theta, theta - learning_rate * gradients)
    else:
        optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
        training_op = optimizer.minimize(mse)

    init = tf.global_variables_initializer()

    with tf.Session() as sess:
        sess.run(init)
        theta0 = theta.eval()

        for epoch in range(n_epochs):
            if epoch % 100 == 0:
                print("Epoch", epoch, "MSE =", mse.eval())
            sess.run(training_op)

        best_theta = theta.eval()

    printed = capsys.readouterr().out.splitlines()
    return theta0, best_theta, printed


@pytest.mark.parametrize("kind", ["manual", "autodiff", "optimizer"])
def test_gradient_descent_three_ways(kind, capsys):
    theta0, best_theta, printed = _gradient_descent_program(kind, capsys)
    assert [line.split(" MSE")[0] for line in printed] == \
        ["Epoch %d" % e for e in range(0, 1000, 100)]
    mses = [float(line.split("= ")[1]) for line in printed]
    assert all(later < earlier for earlier, later in zip(mses, mses[1:]))
    _assert_converged(best_theta)
    np.testing.assert_allclose(best_theta, _numpy_gradient_descent(theta0), rtol=1e-4,
                               atol=1e-5)


def test_autodiff_gradient_equals_the_hand_written_one():
    reset_graph()
    X = tf.constant(scaled_housing_data_plus_bias, dtype=tf.float32, name="X")
    y = tf.constant(housing.target.reshape(-1, 1), dtype=tf.float32, name="y")
    theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
    error = tf.matmul(X, theta, name="predictions") - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    manual = 2/m * tf.matmul(tf.transpose(X), error)
    auto = tf.gradients(mse, [theta])[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got_manual, got_auto = sess.run([manual, auto])
    np.testing.assert_allclose(got_auto, got_manual, rtol=1e-4, atol=1e-6)


def test_mini_batch_gradient_descent():
    n_epochs = 1000
    learning_rate = 0.01
    reset_graph()

    X = tf.placeholder(tf.float32, shape=(None, n + 1), name="X")
    y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
    theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
    y_pred = tf.matmul(X, theta, name="predictions")
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
    training_op = optimizer.minimize(mse)

    init = tf.global_variables_initializer()
    n_epochs = 10

    batch_size = 100
    n_batches = int(np.ceil(m / batch_size))

    def fetch_batch(epoch, batch_index, batch_size):
        np.random.seed(epoch * n_batches + batch_index)  # not shown in the book
        indices = np.random.randint(m, size=batch_size)  # not shown
        X_batch = scaled_housing_data_plus_bias[indices] # not shown
        y_batch = housing.target.reshape(-1, 1)[indices] # not shown
        return X_batch, y_batch

    with tf.Session() as sess:
        sess.run(init)

        for epoch in range(n_epochs):
            for batch_index in range(n_batches):
                X_batch, y_batch = fetch_batch(epoch, batch_index, batch_size)
                sess.run(training_op, feed_dict={X: X_batch, y: y_batch})

        best_theta = theta.eval()

    # Stochastic: near the optimum, not at it.
    np.testing.assert_allclose(best_theta, THETA_NORMAL, atol=0.05)
    assert _mse(best_theta) <= MSE_NORMAL * 1.01
