"""interflow.exercises: every check passes the teacher's answer and fails typical wrong answers
with a hint, never raises, never shows the answer, and leaves the student's graph as it was."""

import numpy as np
import pytest

import interflow as tf
from interflow import exercises as ex
from interflow.datasets import california_housing
from interflow.notebook import trace


def _verdict(result, ok):
    assert isinstance(result, ex.Result)
    assert bool(result) is ok, repr(result)
    text = repr(result)
    assert text.startswith("✓" if ok else "✗")
    html = result._repr_html_()
    assert ("✓" if ok else "✗") in html
    if not ok:
        assert result.hint, "a wrong answer must come with a hint"
        assert "Hint:" in text and "Hint:" in html
    return text


def right(result):
    return _verdict(result, True)


def wrong(result, *words):
    text = _verdict(result, False)
    for word in words:
        assert word in text, (word, text)
    return text


def test_result_shows_message_and_hint():
    r = ex.Result(False, "demo", "it is <wrong>", "look & see")
    assert repr(r) == "✗ demo: it is <wrong>\n  Hint: look & see"
    assert "&lt;wrong&gt;" in r._repr_html_() and "look &amp; see" in r._repr_html_()
    assert repr(ex.Result(True, "demo", "fine", "unused")) == "✓ demo: fine"


# ------------------------------------------------------------------ graphs and sessions


def _first_graph(formula=lambda x, y: x * x * y + y + 2, names=("x", "y"), start=(3, 4),
                 make=tf.Variable):
    x = make(start[0], name=names[0])
    y = make(start[1], name=names[1])
    return formula(x, y)


def test_first_graph_right():
    right(ex.check_first_graph(_first_graph()))
    tf.reset_default_graph()
    right(ex.check_first_graph(_first_graph(lambda x, y: y * x * x + 2 + y)))


@pytest.mark.parametrize("answer, words", [
    (lambda: None, ["not a Tensor"]),
    (lambda: 3 * 3 * 4 + 4 + 2, ["is a number"]),
    (lambda: _first_graph(names=("a", "b")), ["no Variable named 'x' or 'y'"]),
    (lambda: _first_graph(make=tf.constant), ["no Variable named"]),
    (lambda: _first_graph(lambda x, y: x * y * 3 + 6), ["but", "for x=1, y=2"]),
    (lambda: _first_graph(lambda x, y: x * x * y + y + 3), ["not 42"]),
    (lambda: _first_graph(start=(3.0, 4.0), formula=lambda x, y: x * x * y + y + 2.5),
     ["not 42"]),
    (lambda: _first_graph(lambda x, y: x * 14), ["does not depend on y"]),
])
def test_first_graph_wrong(answer, words):
    wrong(ex.check_first_graph(answer()), *words)


def _lifecycle():
    w = tf.constant(3)
    x = w + 2
    y = x + 5
    z = x * 3
    return x, y, z


def test_computed_once_right():
    x, y, z = _lifecycle()
    with trace() as t:
        with tf.Session() as sess:
            y_val, z_val = sess.run([y, z])
    text = right(ex.check_computed_once(t, [y, z], [y_val, z_val], once=x))
    assert "1 run" in text and "x once" in text   # the trace's Python names


def test_computed_once_wrong():
    x, y, z = _lifecycle()
    with trace() as t:
        with tf.Session() as sess:
            y_val = y.eval()
            z_val = z.eval()
    text = wrong(ex.check_computed_once(t, [y, z], [y_val, z_val], once=x),
                 "x was computed 2 times in 2 runs")
    assert "sess.run([" not in text          # the hint does not give the code away
    with trace() as empty:
        pass
    wrong(ex.check_computed_once(empty, [y, z], [10, 15], once=x), "saw no Session.run")
    wrong(ex.check_computed_once(t, [y, z], [None, None], once=x), "y is still None")
    wrong(ex.check_computed_once(t, [y, z], [y, z], once=x), "is a Tensor, not a number")
    wrong(ex.check_computed_once(t, [y, z], [15, 10], once=x), "is not what y computes")
    wrong(ex.check_computed_once(None, [y, z], [10, 15], once=x), "not a trace")
    with trace() as other:
        with tf.Session() as sess:
            sess.run(x)
    wrong(ex.check_computed_once(other, [y, z], [10, 15], once=x), "never computed")


def test_assign_placeholder_right():
    x = tf.Variable(tf.random_uniform(shape=(), minval=0.0, maxval=1.0), name="x")
    x_new_val = tf.placeholder(shape=(), dtype=tf.float32)
    right(ex.check_assign_placeholder(x, x_new_val, tf.assign(x, x_new_val)))
    right(ex.check_assign_placeholder(x, x_new_val, x.assign(x_new_val).op))


def test_assign_placeholder_wrong():
    x = tf.Variable(tf.random_uniform(shape=(), minval=0.0, maxval=1.0), name="x")
    p = tf.placeholder(shape=(), dtype=tf.float32)
    five = tf.constant(5.0)
    wrong(ex.check_assign_placeholder(x, None, None), "x_new_val is None")
    wrong(ex.check_assign_placeholder(x, five, tf.assign(x, five)), "Const op")
    wrong(ex.check_assign_placeholder(x, p, None), "x_assign is None")
    wrong(ex.check_assign_placeholder(x, p, tf.assign(x, five)), "does not use x_new_val")
    wrong(ex.check_assign_placeholder(x, p, p + x), "x is")       # computes, stores nothing
    wrong(ex.check_assign_placeholder(x, p, tf.assign(x, p * 2)), "x is 10")
    wrong(ex.check_assign_placeholder(tf.constant(1.0), p, p), "not a tf.Variable")


def test_own_graph():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(2.0, name="c")
    right(ex.check_own_graph(g, c))
    wrong(ex.check_own_graph(None, None), "not a tf.Graph")
    wrong(ex.check_own_graph(tf.get_default_graph(), tf.constant(2.0, name="c")),
          "is the default graph")
    wrong(ex.check_own_graph(g, tf.constant(2.0, name="c")), "belongs to the default graph")
    for value, name, words in [(3.0, "c", "not 2.0"), (2.0, "two", "named 'two'")]:
        other = tf.Graph()
        with other.as_default():
            c = tf.constant(value, name=name)
        wrong(ex.check_own_graph(other, c), words)


# ------------------------------------------------------------------ linear regression

HOUSING = california_housing()
M, N = HOUSING.data.shape
SCALED = np.c_[np.ones((M, 1)), (HOUSING.data - HOUSING.data.mean(0)) / HOUSING.data.std(0)]


def _model(placeholders=False):
    tf.reset_default_graph()
    tf.set_random_seed(42)
    if placeholders:
        X = tf.placeholder(tf.float32, shape=(None, N + 1), name="X")
        y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
    else:
        X = tf.constant(SCALED, dtype=tf.float32, name="X")
        y = tf.constant(HOUSING.target.reshape(-1, 1), dtype=tf.float32, name="y")
    theta = tf.Variable(tf.random_uniform([N + 1, 1], -1.0, 1.0, seed=42), name="theta")
    error = tf.matmul(X, theta, name="predictions") - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    return X, y, theta, error, mse


def test_manual_gradients_right_and_graph_untouched():
    X, y, theta, error, mse = _model()
    gradients = 2 / M * tf.matmul(tf.transpose(X), error)
    other = 2 / M * tf.matmul(X, error, transpose_a=True)
    n_ops = len(tf.get_default_graph().get_operations())
    right(ex.check_manual_gradients(gradients, mse, theta))
    right(ex.check_manual_gradients(other, mse, theta))
    assert len(tf.get_default_graph().get_operations()) == n_ops   # checks add no ops


@pytest.mark.parametrize("build, words", [
    (lambda X, error, theta, mse: None, ["still None"]),
    (lambda X, error, theta, mse: 1 / M * tf.matmul(tf.transpose(X), error),
     ["2 times too small"]),
    (lambda X, error, theta, mse: 2 * tf.matmul(tf.transpose(X), error), ["times too large"]),
    (lambda X, error, theta, mse: -2 / M * tf.matmul(tf.transpose(X), error),
     ["sign is flipped"]),
    (lambda X, error, theta, mse: 2 / M * tf.matmul(tf.transpose(error), X),
     ["shape (1, 9)", "(9, 1)"]),
    (lambda X, error, theta, mse: np.zeros((N + 1, 1)), ["NumPy array"]),
    (lambda X, error, theta, mse: tf.gradients(mse, [theta]), ["a list of 1 item"]),
    (lambda X, error, theta, mse: 2 / M * tf.matmul(tf.transpose(X), tf.abs(error)),
     ["finite differences"]),
])
def test_manual_gradients_wrong(build, words):
    X, y, theta, error, mse = _model()
    text = wrong(ex.check_manual_gradients(build(X, error, theta, mse), mse, theta), *words)
    assert "tf.transpose(X)" not in text and "2/m" not in text


def test_autodiff_gradients():
    X, y, theta, error, mse = _model()
    right(ex.check_autodiff_gradients(tf.gradients(mse, [theta])[0], mse, theta))
    wrong(ex.check_autodiff_gradients(2 / M * tf.matmul(tf.transpose(X), error), mse, theta),
          "not computed by autodiff")
    wrong(ex.check_autodiff_gradients(tf.gradients(mse, [theta]), mse, theta),
          "tf.gradients returns one gradient per variable")
    wrong(ex.check_autodiff_gradients(tf.gradients(2 * mse, [theta])[0], mse, theta),
          "2 times too large")


def test_training_step_right():
    X, y, theta, error, mse = _model()
    gradients = 2 / M * tf.matmul(tf.transpose(X), error)
    right(ex.check_training_step(tf.assign(theta, theta - 0.01 * gradients), theta, mse, 0.01))
    optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)
    right(ex.check_training_step(optimizer.minimize(mse), theta, mse, 0.01))


def test_training_step_wrong():
    X, y, theta, error, mse = _model()
    gradients = 2 / M * tf.matmul(tf.transpose(X), error)
    wrong(ex.check_training_step(None, theta, mse, 0.01), "None")
    wrong(ex.check_training_step(theta - 0.01 * gradients, theta, mse, 0.01),
          "left theta unchanged")
    wrong(ex.check_training_step(tf.assign(theta, theta + 0.01 * gradients), theta, mse, 0.01),
          "uphill")
    wrong(ex.check_training_step(tf.assign(theta, theta - 0.1 * gradients), theta, mse, 0.01),
          "10 times too far")
    wrong(ex.check_training_step(tf.assign(theta, theta - 0.01 * tf.sign(gradients)), theta,
                                 mse, 0.01), "not by one gradient-descent step")
    optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.1)
    wrong(ex.check_training_step(optimizer.minimize(mse), theta, mse, 0.01), "times too far")


def test_training_step_with_feeds():
    X, y, theta, error, mse = _model(placeholders=True)
    feed = {X: SCALED[:50], y: HOUSING.target[:50].reshape(-1, 1)}
    step = tf.train.GradientDescentOptimizer(0.01).minimize(mse)
    right(ex.check_training_step(step, theta, mse, 0.01, feed_dict=feed))
    gradients = tf.gradients(mse, [theta])[0]
    right(ex.check_autodiff_gradients(gradients, mse, theta, feed_dict=feed))


def _fetch_batch_factory(kind):
    n_batches = 207
    target = HOUSING.target

    def fetch_batch(epoch, batch_index, batch_size):
        np.random.seed(epoch * n_batches + batch_index)
        indices = np.random.randint(M, size=batch_size)
        if kind == "unseeded":
            indices = np.random.default_rng().integers(M, size=batch_size)
        X_batch = SCALED[indices]
        y_batch = target.reshape(-1, 1)[indices]
        if kind == "flat":
            y_batch = target[indices]
        elif kind == "shuffled_targets":
            y_batch = target.reshape(-1, 1)[indices[::-1]]
        elif kind == "unscaled":
            X_batch = HOUSING.data[indices]
        elif kind == "same":
            X_batch, y_batch = SCALED[:batch_size], target.reshape(-1, 1)[:batch_size]
        elif kind == "list":
            return [X_batch, y_batch]
        elif kind == "none":
            return None, None
        return X_batch, y_batch
    return fetch_batch


def test_fetch_batch():
    right(ex.check_fetch_batch(_fetch_batch_factory("right"), SCALED, HOUSING.target))
    for kind, words in [("flat", ["y_batch has shape (100,)"]),
                        ("shuffled_targets", ["not the target of row"]),
                        ("unscaled", ["X_batch has shape (100, 8)"]),
                        ("same", ["batch 0 and batch 1"]),
                        ("unseeded", ["different batch each call"]),
                        ("list", ["returned a list"]),
                        ("none", ["returned None for X_batch"])]:
        wrong(ex.check_fetch_batch(_fetch_batch_factory(kind), SCALED, HOUSING.target), *words)
    wrong(ex.check_fetch_batch(None, SCALED, HOUSING.target), "not a function")
    state = np.random.get_state()[1].copy()
    ex.check_fetch_batch(_fetch_batch_factory("right"), SCALED, HOUSING.target)
    assert np.array_equal(np.random.get_state()[1], state)  # the student's RNG is left alone


def test_trained_theta():
    best = np.linalg.lstsq(SCALED, HOUSING.target.reshape(-1, 1), rcond=None)[0]
    right(ex.check_trained_theta(best, SCALED, HOUSING.target))
    right(ex.check_trained_theta(best + 0.005, SCALED, HOUSING.target))
    wrong(ex.check_trained_theta(best + 0.5, SCALED, HOUSING.target), "more than 2%")
    wrong(ex.check_trained_theta(None, SCALED, HOUSING.target), "None")
    wrong(ex.check_trained_theta(best.ravel(), SCALED, HOUSING.target), "shape (9,)")
    wrong(ex.check_trained_theta(tf.Variable(best), SCALED, HOUSING.target), "not its value")


# ------------------------------------------------------------------ scopes and sharing


def _two_relus(bug):
    X = tf.placeholder(tf.float32, shape=(None, 3), name="XX")
    w1 = tf.Variable(tf.random_normal((3, 1)), name="weights11")
    w2 = tf.Variable(tf.random_normal((3, 1)), name="weights22")
    b1 = tf.Variable(0.0, name="bias11")
    b2 = tf.Variable(0.0, name="bias22")
    z1 = tf.add(tf.matmul(X, w1), b1, name="z11")
    z2 = tf.add(tf.matmul(X, w2), b2, name="z22")
    relu1 = tf.maximum(z1, 0., name="relu11")
    relu2 = tf.maximum(z1 if bug else z2, 0., name="relu22")
    return tf.add(relu1, relu2, name="output")


def test_copy_paste():
    right(ex.check_copy_paste_fixed(_two_relus(bug=False)))
    tf.reset_default_graph()
    wrong(ex.check_copy_paste_fixed(_two_relus(bug=True)), "never uses weights22 and bias22",
          "%graph output")
    tf.reset_default_graph()
    wrong(ex.check_copy_paste_fixed(tf.constant(1.0, name="output")), "no op named")


def _relus(scope=None, threshold="none", count=5):
    X = tf.placeholder(tf.float32, shape=(None, 3), name="X")

    def relu(X):
        if threshold == "get_variable":
            t = tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
        elif threshold == "Variable":
            t = tf.Variable(0.0, name="threshold")
        else:
            t = 0.
        w = tf.Variable(tf.random_normal((3, 1)), name="weights")
        b = tf.Variable(0.0, name="bias")
        z = tf.add(tf.matmul(X, w), b, name="z")
        return tf.maximum(z, t, name="max")

    relus = []
    for i in range(count):
        if scope == "name_scope":
            with tf.name_scope("relu"):
                relus.append(relu(X))
        elif scope == "variable_scope":
            with tf.variable_scope("relu", reuse=(i >= 1)):
                relus.append(relu(X))
        elif scope == "variable_scope_no_reuse":
            with tf.variable_scope("relu_%d" % i):
                relus.append(relu(X))
        elif scope == "other_name":
            with tf.name_scope("unit"):
                relus.append(relu(X))
        else:
            relus.append(relu(X))
    return tf.add_n(relus, name="output")


def test_relu_name_scopes():
    right(ex.check_relu_name_scopes(_relus("name_scope")))
    tf.reset_default_graph()
    right(ex.check_relu_name_scopes(_relus("variable_scope", threshold="get_variable")))
    tf.reset_default_graph()
    wrong(ex.check_relu_name_scopes(_relus()), "ops outside any scope", "name scope")
    tf.reset_default_graph()
    wrong(ex.check_relu_name_scopes(_relus("other_name")), "the scopes are unit, unit_1")
    tf.reset_default_graph()
    wrong(ex.check_relu_name_scopes(_relus("name_scope", count=3)), "not relu, relu_1")


def test_shared_threshold():
    right(ex.check_shared_threshold(_relus("variable_scope", threshold="get_variable")))
    tf.reset_default_graph()
    # The other solution of the course: created outside, reused inside.
    X = tf.placeholder(tf.float32, shape=(None, 3), name="X")
    with tf.variable_scope("relu"):
        tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))

    def relu(X):
        with tf.variable_scope("relu", reuse=True):
            threshold = tf.get_variable("threshold")
            w = tf.Variable(tf.random_normal((3, 1)), name="weights")
            z = tf.matmul(X, w, name="z")
            return tf.maximum(z, threshold, name="max")
    right(ex.check_shared_threshold(tf.add_n([relu(X) for _ in range(5)], name="output")))
    tf.reset_default_graph()
    wrong(ex.check_shared_threshold(_relus("name_scope", threshold="Variable")),
          "5 threshold Variables", "tf.Variable always creates")
    tf.reset_default_graph()
    wrong(ex.check_shared_threshold(_relus("variable_scope", threshold="Variable")),
          "5 threshold Variables", "tf.Variable always creates")
    tf.reset_default_graph()
    wrong(ex.check_shared_threshold(_relus("variable_scope_no_reuse",
                                           threshold="get_variable")),
          "5 threshold Variables", "which argument of variable_scope")
    tf.reset_default_graph()
    wrong(ex.check_shared_threshold(_relus("name_scope")), "no Variable named threshold")
    tf.reset_default_graph()
    with tf.variable_scope("shared"):
        tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
    wrong(ex.check_shared_threshold(_relus("name_scope")), "named 'shared/threshold'")


ANSWERS = {"x0": "my_scope/x", "x1": "my_scope/x_1", "x2": "my_scope/x_2",
           "x3": "my_scope/x", "x4": "my_scope_1/x", "x5": "my_scope/x", "same": True}


def test_scope_names():
    right(ex.check_scope_names(dict(ANSWERS)))
    right(ex.check_scope_names(dict(ANSWERS, x0="my_scope/x:0")))   # tensor names accepted
    assert tf.get_default_graph().get_operations() == []             # ran in its own graph
    text = wrong(ex.check_scope_names(dict(ANSWERS, x4="my_scope/x_3")), "1 of 7", "x4",
                 "NEW name scope")
    assert "my_scope_1" not in text
    text = wrong(ex.check_scope_names(dict(ANSWERS, x1="my_scope/x", x2="my_scope/x",
                                           same=False)), "3 of 7", "x1, x2, same")
    for answer in ANSWERS.values():
        if isinstance(answer, str):
            assert answer not in text.split("predictions are wrong")[1]
    wrong(ex.check_scope_names({}), "no prediction yet")
    wrong(ex.check_scope_names(None), "not a dict")


# ------------------------------------------------------------------ robustness


def test_a_failing_graph_is_a_hint_not_an_exception():
    X = tf.placeholder(tf.float32, shape=(None, 3), name="inputs")
    w = tf.Variable(tf.ones((3, 1)), name="x")
    y = tf.Variable(4.0, name="y")
    f = tf.reduce_sum(tf.matmul(X, w)) + y     # needs a feed the check cannot give
    wrong(ex.check_first_graph(f), "InvalidArgumentError", "read the error")


@pytest.mark.parametrize("check, args", [
    (ex.check_first_graph, (object(),)),
    (ex.check_computed_once, (object(), [], [], None)),
    (ex.check_assign_placeholder, (1, 2, 3)),
    (ex.check_own_graph, ("g", "c")),
    (ex.check_manual_gradients, ("g", None, None)),
    (ex.check_autodiff_gradients, (object(), None, None)),
    (ex.check_training_step, (1, None, None, 0.01)),
    (ex.check_fetch_batch, (lambda *a: 1 / 0, SCALED, HOUSING.target)),
    (ex.check_trained_theta, ("theta", SCALED, HOUSING.target)),
    (ex.check_copy_paste_fixed, (3,)),
    (ex.check_relu_name_scopes, ([],)),
    (ex.check_shared_threshold, ({},)),
    (ex.check_scope_names, ("names",)),
])
def test_checks_never_raise(check, args):
    assert not check(*args)
