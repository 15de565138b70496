"""A small MLP (784-256-10, relu, softmax cross-entropy) on generated data: its gradients
equal a hand-written NumPy backward pass, and every optimizer lowers its loss."""

import numpy as np
import pytest

import interflow as tf

BATCH = 64


def _data(seed=0):
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(10, 784)).astype(np.float32)
    labels = rng.integers(10, size=BATCH)
    xs = (centers[labels] + rng.normal(scale=2.0, size=(BATCH, 784))).astype(np.float32)
    return xs, np.eye(10, dtype=np.float32)[labels]


def _params(seed=1):
    rng = np.random.default_rng(seed)
    return [rng.normal(scale=0.05, size=(784, 256)).astype(np.float32),
            np.zeros(256, np.float32),
            rng.normal(scale=0.05, size=(256, 10)).astype(np.float32),
            np.zeros(10, np.float32)]


def _build(params):
    X = tf.placeholder(tf.float32, shape=(None, 784), name="X")
    Y = tf.placeholder(tf.float32, shape=(None, 10), name="Y")
    W1, b1, W2, b2 = [tf.Variable(p) for p in params]
    hidden = tf.nn.relu(tf.matmul(X, W1) + b1)
    logits = tf.matmul(hidden, W2) + b2
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=Y, logits=logits))
    return X, Y, [W1, b1, W2, b2], loss


def _numpy_backward(xs, ys, params):
    W1, b1, W2, b2 = [p.astype(np.float64) for p in params]
    z1 = xs @ W1 + b1
    a1 = np.maximum(z1, 0)
    logits = a1 @ W2 + b2
    shifted = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    loss = -np.mean(np.sum(ys * np.log(p), axis=1))
    dlogits = (p - ys) / len(xs)
    dz1 = (dlogits @ W2.T) * (z1 > 0)
    return loss, [xs.T @ dz1, dz1.sum(axis=0), a1.T @ dlogits, dlogits.sum(axis=0)]


def test_gradients_match_a_numpy_backward_pass():
    xs, ys = _data()
    params = _params()
    X, Y, variables, loss = _build(params)
    grads = tf.gradients(loss, variables)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got_loss, got = sess.run([loss, grads], {X: xs, Y: ys})
    want_loss, want = _numpy_backward(xs.astype(np.float64), ys, params)
    np.testing.assert_allclose(got_loss, want_loss, rtol=1e-4)
    for g, w in zip(got, want):
        assert g.dtype == np.float32
        np.testing.assert_allclose(g, w, rtol=2e-3, atol=1e-5)


@pytest.mark.parametrize("make", [
    lambda: tf.train.GradientDescentOptimizer(0.1),
    lambda: tf.train.MomentumOptimizer(0.05, 0.9),
    lambda: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
    lambda: tf.train.AdamOptimizer(0.001),
    lambda: tf.train.AdagradOptimizer(0.05),
    lambda: tf.train.RMSPropOptimizer(0.01),
], ids=["sgd", "momentum", "nesterov", "adam", "adagrad", "rmsprop"])
def test_each_optimizer_lowers_the_loss(make):
    xs, ys = _data()
    X, Y, _, loss = _build(_params())
    train_op = make().minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = []
        for _ in range(15):
            losses.append(sess.run(loss, {X: xs, Y: ys}))
            sess.run(train_op, {X: xs, Y: ys})
        losses.append(sess.run(loss, {X: xs, Y: ys}))
    assert losses[-1] < 0.5 * losses[0]
    assert np.all(np.isfinite(losses))
