"""Training benchmark: interflow vs hand-written NumPy vs TensorFlow (tf.compat.v1), one table.

    python bench/bench_training.py [--no-tf] [--strict]

a. the seed's full-batch regression through tf.gradients, 1,000 epochs    target: <= 1.1x NumPy
b. the seed's mini-batch program (batch 100, feed per step)              target: <= 1/5 of TF
c. steps of an MLP 784-256-10 (relu, softmax cross-entropy), batch 128   target: <= 1.1x NumPy
   (200 steps each for interflow and NumPy, 100 for TensorFlow)
d. building the gradients of a 200-layer tanh network (per layer, median of 5 builds)
                                                                         target: <= 1/10 of TF

Rows a and c run interflow and NumPy in alternating rounds after 60 warm-up steps each (a
training loop's steady state); their ratio is the median of the per-round ratios, so load from
other processes cancels out. Data are generated (nothing is downloaded). TensorFlow runs in a subprocess under
$INTERFLOW_TF_PYTHON (default /work/.tfvenv/bin/python when it exists).
Results also go to artifacts/bench/training.json.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness as h  # noqa: E402

sys.path.insert(0, str(h.ROOT))
import numpy as np  # noqa: E402

EPOCHS = 1000
MLP_STEPS = 100
BATCH = 128
LAYERS = 200

# The same program text runs under interflow and under TensorFlow (`tf` bound by the caller).
PROGRAMS = r'''
import time
import numpy as np

def make_regression_data():
    rng = np.random.default_rng(42)
    data = rng.normal(size=(20640, 8))
    target = data @ rng.normal(size=8) + rng.normal(scale=0.5, size=20640) + 2.0
    data = (data - data.mean(0)) / data.std(0)
    return np.c_[np.ones((20640, 1)), data].astype(np.float32), target.reshape(-1, 1)

def full_batch(tf, epochs):
    step = full_batch_step(tf)
    for _ in range(20):
        step()
    start = time.perf_counter()
    for _ in range(epochs):
        step()
    return (time.perf_counter() - start) / epochs

def full_batch_step(tf):
    """One epoch of the seed's regression through tf.gradients, as a callable."""
    Xv, yv = make_regression_data()
    m, n1 = Xv.shape
    with tf.Graph().as_default():
        X = tf.constant(Xv, dtype=tf.float32, name="X")
        y = tf.constant(yv, dtype=tf.float32, name="y")
        theta = tf.Variable(tf.random_uniform([n1, 1], -1.0, 1.0, seed=42), name="theta")
        error = tf.matmul(X, theta, name="predictions") - y
        mse = tf.reduce_mean(tf.square(error), name="mse")
        gradients = tf.gradients(mse, [theta])[0]
        training_op = tf.assign(theta, theta - 0.01 * gradients)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        return lambda: sess.run(training_op)

def mini_batch(tf, steps):
    Xv, yv = make_regression_data()
    m, n1 = Xv.shape
    with tf.Graph().as_default():
        X = tf.placeholder(tf.float32, shape=(None, n1), name="X")
        y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
        theta = tf.Variable(tf.random_uniform([n1, 1], -1.0, 1.0, seed=42), name="theta")
        error = tf.matmul(X, theta, name="predictions") - y
        mse = tf.reduce_mean(tf.square(error), name="mse")
        training_op = tf.train.GradientDescentOptimizer(learning_rate=0.01).minimize(mse)
        rng = np.random.default_rng(0)
        batches = [rng.integers(m, size=100) for _ in range(50)]
        feeds = [(Xv[i], yv[i].astype(np.float32)) for i in batches]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for xb, yb in feeds[:10]:
                sess.run(training_op, feed_dict={X: xb, y: yb})
            start = time.perf_counter()
            for k in range(steps):
                xb, yb = feeds[k % len(feeds)]
                sess.run(training_op, feed_dict={X: xb, y: yb})
            return (time.perf_counter() - start) / steps

def make_mlp_data(batch):
    rng = np.random.default_rng(1)
    xs = rng.normal(size=(batch, 784)).astype(np.float32)
    labels = rng.integers(10, size=batch)
    return xs, labels

def mlp(tf, steps, batch):
    step = mlp_step(tf, batch)
    for _ in range(5):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - start) / steps

def mlp_step(tf, batch):
    """One training step of the MLP, as a callable."""
    xs, labels = make_mlp_data(batch)
    onehot = np.eye(10, dtype=np.float32)[labels]
    with tf.Graph().as_default():
        X = tf.placeholder(tf.float32, shape=(None, 784), name="X")
        Y = tf.placeholder(tf.float32, shape=(None, 10), name="Y")
        rng = np.random.default_rng(2)
        W1 = tf.Variable(rng.normal(scale=0.05, size=(784, 256)).astype(np.float32))
        b1 = tf.Variable(np.zeros(256, np.float32))
        W2 = tf.Variable(rng.normal(scale=0.05, size=(256, 10)).astype(np.float32))
        b2 = tf.Variable(np.zeros(10, np.float32))
        hidden = tf.nn.relu(tf.matmul(X, W1) + b1)
        logits = tf.matmul(hidden, W2) + b2
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=Y, logits=logits))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        feeds = {X: xs, Y: onehot}
        return lambda: sess.run(train, feeds)

def tanh_gradients(tf, layers, repeat=5):
    """Seconds per layer of tf.gradients on a `layers`-deep tanh net: the median of `repeat`
    builds, each in a fresh graph (one build can catch a garbage-collector pause)."""
    times = []
    for _ in range(repeat):
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, shape=(None, 16))
            weights = []
            h = x
            for i in range(layers):
                w = tf.Variable(np.full((16, 16), 0.01, np.float32))
                weights.append(w)
                h = tf.tanh(tf.matmul(h, w))
            loss = tf.reduce_sum(h)
            start = time.perf_counter()
            tf.gradients(loss, weights)
            times.append((time.perf_counter() - start) / layers)
    return sorted(times)[len(times) // 2]
'''


# ------------------------------------------------------------------------ NumPy by hand

def numpy_full_batch_step():
    """One epoch of the same regression written by hand in NumPy, as a callable."""
    ns = {}
    exec(PROGRAMS, ns)
    X, y = ns["make_regression_data"]()
    y = y.astype(np.float32)
    scale = np.float32(2 / X.shape[0])
    state = {"theta": np.random.default_rng(0).uniform(-1, 1, (X.shape[1], 1)).astype(np.float32)}

    def step():
        theta = state["theta"]
        state["theta"] = theta - np.float32(0.01) * (scale * (X.T @ (X @ theta - y)))
    return step


def numpy_mini_batch(steps):
    ns = {}
    exec(PROGRAMS, ns)
    X, y = ns["make_regression_data"]()
    m = X.shape[0]
    rng = np.random.default_rng(0)
    feeds = [(X[i], y[i].astype(np.float32)) for i in (rng.integers(m, size=100)
                                                        for _ in range(50))]
    theta = np.random.default_rng(0).uniform(-1, 1, (X.shape[1], 1)).astype(np.float32)
    start = time.perf_counter()
    for k in range(steps):
        xb, yb = feeds[k % len(feeds)]
        theta = theta - np.float32(0.01) * (np.float32(2 / len(xb)) * (xb.T @ (xb @ theta - yb)))
    return (time.perf_counter() - start) / steps


def numpy_mlp_step(batch):
    """One step of the MLP with a hand-written backward pass, as a callable."""
    ns = {}
    exec(PROGRAMS, ns)
    xs, labels = ns["make_mlp_data"](batch)
    onehot = np.eye(10, dtype=np.float32)[labels]
    rng = np.random.default_rng(2)
    W1 = rng.normal(scale=0.05, size=(784, 256)).astype(np.float32)
    b1 = np.zeros(256, np.float32)
    W2 = rng.normal(scale=0.05, size=(256, 10)).astype(np.float32)
    b2 = np.zeros(10, np.float32)
    lr = np.float32(0.1)

    def step():
        nonlocal W1, b1, W2, b2  # updated in place, as an optimizer's variables
        z1 = xs @ W1 + b1
        a1 = np.maximum(z1, 0)
        logits = a1 @ W2 + b2
        shifted = logits - logits.max(axis=1, keepdims=True)
        p = np.exp(shifted)
        p /= p.sum(axis=1, keepdims=True)
        dlogits = (p - onehot) / np.float32(batch)
        dW2 = a1.T @ dlogits
        db2 = dlogits.sum(axis=0)
        da1 = dlogits @ W2.T
        dz1 = da1 * (z1 > 0)
        dW1 = xs.T @ dz1
        db1 = dz1.sum(axis=0)
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
    return step


# ------------------------------------------------------------------------ runners

def bench_interflow_and_numpy():
    import interflow as tf
    ns = {}
    exec(PROGRAMS, ns)
    mine, numpy, paired = {}, {}, {}
    # a: EPOCHS epochs in 40 rounds of 25; c: 40 rounds of 5 MLP steps.
    mine["a"], numpy["a"], paired["a"] = h.time_paired(
        ns["full_batch_step"](tf), numpy_full_batch_step(), calls=EPOCHS // 40, rounds=40)
    mine["c"], numpy["c"], paired["c"] = h.time_paired(
        ns["mlp_step"](tf, BATCH), numpy_mlp_step(BATCH), calls=MLP_STEPS // 20, rounds=40)
    mine["b"], numpy["b"] = ns["mini_batch"](tf, 2000), numpy_mini_batch(2000)
    mine["d"] = ns["tanh_gradients"](tf, LAYERS)
    return mine, numpy, paired


TF_SCRIPT = r'''
import _harness
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
ns = {}
exec(%r, ns)
_harness.emit({"a": ns["full_batch"](tf, %d), "b": ns["mini_batch"](tf, 2000),
               "c": ns["mlp"](tf, %d, %d), "d": ns["tanh_gradients"](tf, %d)})
'''


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-tf", action="store_true", help="skip TensorFlow")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    mine, numpy, paired = bench_interflow_and_numpy()
    tf = None if args.no_tf else h.run_tf(TF_SCRIPT % (PROGRAMS, EPOCHS, MLP_STEPS, BATCH,
                                                       LAYERS), timeout=900)
    tf_ok = isinstance(tf, dict) and "error" not in tf
    us = 1e6
    rows = []

    def tf_value(key, scale=us):
        return tf[key] * scale if tf_ok else None

    ratio = paired["a"]
    rows.append(h.row("a. regression, tf.gradients, per epoch", "us", mine["a"] * us,
                      numpy["a"] * us, tf_value("a"), "<= 1.1x NumPy", ratio, ratio <= 1.1))
    ratio_b = mine["b"] / tf["b"] if tf_ok else None
    rows.append(h.row("b. mini-batch regression, per step", "us", mine["b"] * us,
                      numpy["b"] * us, tf_value("b"), "<= 1/5 of TF", ratio_b,
                      (ratio_b <= 0.2) if tf_ok else "no TF"))
    ratio = paired["c"]
    rows.append(h.row("c. MLP 784-256-10 step, batch %d" % BATCH, "ms", mine["c"] * 1e3,
                      numpy["c"] * 1e3, tf_value("c", 1e3), "<= 1.1x NumPy", ratio,
                      ratio <= 1.1))
    ratio_d = mine["d"] / tf["d"] if tf_ok else None
    rows.append(h.row("d. gradients of a %d-layer tanh net, per layer" % LAYERS, "us",
                      mine["d"] * us, None, tf_value("d"), "<= 1/10 of TF", ratio_d,
                      (ratio_d <= 0.1) if tf_ok else "no TF"))
    note = "" if tf_ok or tf is None else "TensorFlow failed: %s" % tf["error"][-300:]
    h.print_table(rows, "interflow training benchmark" + (" (%s)" % note if note else ""))
    path = h.write_json("training", {"rows": rows, "environment": h.environment()})
    print("results written to %s" % path)
    if args.strict and any(r["status"] == "FAIL" for r in rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
