"""trace(): op executions counted run by run, through the core's RunHook; the seeds'
"lifecycle of a node value" example checked exactly."""

import threading

import numpy as np
import pytest

import interflow as tf
from interflow.execution import hooks
from interflow.notebook import trace
from tests.notebook import graphs
from tests.notebook.dot_text import Dot

Y_OPS = ["w", "add/y", "add", "add_1/y", "add_1"]
Z_OPS = ["w", "add/y", "add", "mul/y", "mul"]


def test_lifecycle_eval_twice_computes_w_and_x_twice():
    w, x, y, z = graphs.lifecycle()
    with trace() as t:
        with tf.Session() as sess:
            assert y.eval() == 10
            assert z.eval() == 15
    assert t.counts == {"w": 2, "add/y": 2, "add": 2, "add_1/y": 1, "add_1": 1,
                        "mul/y": 1, "mul": 1}
    assert [r.ops for r in t.runs] == [Y_OPS, Z_OPS]
    assert [r.fetches for r in t.runs] == [[y], [z]]
    assert [r.feeds for r in t.runs] == [[], []]
    assert [r.call for r in t.runs] == ["eval", "eval"]
    assert [r.error for r in t.runs] == [None, None]
    assert t.text().splitlines() == [
        "run 1: y.eval() computed w, x, y (+2 constants: add/y, add_1/y)",
        "run 2: z.eval() computed w, x, z (+2 constants: add/y, mul/y)",
        "computed more than once: w ×2, x ×2. Every run recomputes what its fetches need; "
        "only Variables keep their values between runs (fetch several tensors in one "
        "sess.run([...]) to compute shared ops once).",
    ]
    assert sess is not None


def test_lifecycle_one_run_computes_w_and_x_once():
    w, x, y, z = graphs.lifecycle()
    with trace() as t:
        with tf.Session() as sess:
            y_val, z_val = sess.run([y, z])
    assert (y_val, z_val) == (10, 15)
    assert t.counts == {"w": 1, "add/y": 1, "add": 1, "add_1/y": 1, "add_1": 1,
                        "mul/y": 1, "mul": 1}
    assert t.runs[0].ops == ["w", "add/y", "add", "add_1/y", "add_1", "mul/y", "mul"]
    assert t.runs[0].call == "run"
    assert t.text() == ("run 1: sess.run([y, z]) computed w, x, y, z "
                        "(+3 constants: add/y, add_1/y, mul/y)")
    assert t.repeated() == []


def test_lifecycle_drawing_shows_the_counts():
    w, x, y, z = graphs.lifecycle()
    with trace() as t, tf.Session():
        y.eval()
        z.eval()
    d = Dot(t.draw().dot)
    assert d.label("w") == "w | Const | ran 2×"
    assert d.label("add") == "add x | Add | ran 2×"
    assert d.label("add_1") == "add_1 y | Add | ran 1×"
    assert d.label("mul") == "mul z | Mul | ran 1×"


def test_variables_keep_values_and_are_not_called_recomputed():
    v = tf.Variable(0, name="v")
    inc = tf.assign_add(v, 1, name="inc")
    init = tf.global_variables_initializer()
    sess = tf.Session()
    with trace() as t:
        sess.run(init)
        for _ in range(3):
            sess.run(inc)
    assert sess.run(v) == 3
    assert t.counts["inc"] == 3 and t.counts["inc/value"] == 3
    assert [r.ops for r in t.runs] == [["v/initial_value", "v/Assign", "init"]] + \
        [["inc/value", "inc"]] * 3
    assert [label for label, _ in t.repeated()] == ["inc"]
    lines = t.text().splitlines()
    assert lines[0] == "run 1: sess.run(init) computed v/Assign, init (+1 constant: " \
                       "v/initial_value)"
    assert lines[1] == "run 2: sess.run(inc) computed inc (+1 constant: inc/value)"


def test_feeds_and_shortcuts_are_described():
    x = tf.placeholder(tf.float32, [None], name="x")
    doubled = x * 2.0
    noop = tf.no_op(name="nothing")
    with tf.Session() as session, trace() as t:
        doubled.eval(feed_dict={x: [1.0]})
        noop.run()
        session.run({"d": doubled}, feed_dict={"x:0": np.ones(2)})
    assert t.runs[0].feeds == [x] and t.runs[0].ops == ["mul/y", "mul"]
    assert [t.call_text(r) for r in t.runs] == [
        "doubled.eval(feed_dict={x: ...})", "noop.run()",
        "session.run(doubled, feed_dict={x: ...})"]


def test_unnamed_tensors_are_shown_by_their_tf_names():
    def build_and_run():
        a = tf.constant(2.0, name="a")
        with trace() as t, tf.Session() as s:
            s.run([a * 3.0, tf.unstack(tf.constant([1.0, 2.0]))[1]])
        return t
    t = build_and_run()
    assert t.text() == ("run 1: s.run([mul, unstack:1]) computed a, mul, unstack "
                        "(+2 constants: mul/y, Const)")


def test_a_failing_run_is_recorded():
    x = tf.placeholder(tf.float32, name="x")
    v = tf.Variable(1.0, name="v")
    with tf.Session() as sess, trace() as t:
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(x * 2.0)
        with pytest.raises(tf.errors.FailedPreconditionError):
            sess.run(v + 1.0)
    # A missing feed fails while planning, before any observer hears of the run.
    assert len(t.runs) == 1
    assert t.runs[0].error.startswith("Attempting to use uninitialized value v")
    assert t.runs[0].ops == []
    assert "failed: Attempting to use uninitialized value v" in t.text()


def test_runs_in_other_threads_are_not_counted():
    w, x, y, z = graphs.lifecycle()
    sess = tf.Session()
    with trace() as t:
        worker = threading.Thread(target=lambda: sess.run(z))
        worker.start()
        worker.join()
        sess.run(y)
    assert len(t.runs) == 1 and "mul" not in t.counts


def test_the_hook_is_detached_after_the_block():
    w, x, y, z = graphs.lifecycle()
    with tf.Session() as sess:
        with trace() as t:
            sess.run(y)
        assert t not in hooks.active_hooks()
        sess.run(y)
    assert t.counts["add_1"] == 1


def test_nothing_traced():
    with trace() as t:
        pass
    assert t.text() == "trace: no Session.run happened inside."
    assert t.counts == {} and t.runs == []
    with pytest.raises(ValueError, match="no Session.run"):
        t.draw()


def test_html_table_lists_each_run():
    w, x, y, z = graphs.lifecycle()
    with trace() as t, tf.Session():
        y.eval()
        z.eval()
    html = t._repr_html_()
    assert html.count("<tr><td>") == 2
    assert "<code>y.eval()</code>" in html and "<code>z.eval()</code>" in html
    assert "w, x, y" in html and "Computed more than once: <b>w ×2, x ×2</b>" in html


def test_names_bound_inside_a_function_are_used():
    def f():
        base = tf.constant(1.0, name="c")
        plus = base + 1.0
        with trace() as t, tf.Session() as s:
            s.run(plus)
        return t
    assert f().text() == "run 1: s.run(plus) computed base, plus (+1 constant: add/y)"
