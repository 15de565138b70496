"""Plans: pruning, order, caching, deep graphs, freeing after last use, buffer reuse, hooks."""

import gc
import weakref

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import interflow as tf
from interflow.execution import hooks, plan as plan_lib


class Recorder(hooks.RunHook):
    def __init__(self):
        self.ops = []
        self.runs = 0

    def on_run_start(self, session, fetches, feeds, ops):
        self.runs += 1

    def on_op_done(self, op, outputs, seconds):
        self.ops.append(op.name)


@pytest.fixture
def recorder():
    r = Recorder()
    hooks.add_hook(r)
    yield r
    hooks.remove_hook(r)


def test_only_the_needed_subgraph_runs_once_per_run(recorder):
    w = tf.constant(3, name="w")
    x = tf.add(w, 2, name="x")
    y = tf.add(x, 5, name="y")
    z = tf.multiply(x, 3, name="z")
    tf.constant(0, name="unrelated")
    with tf.Session() as sess:
        sess.run(y)
        assert recorder.ops == ["w", "x/y", "x", "y/y", "y"]
        recorder.ops.clear()
        sess.run([y, z])
        assert sorted(recorder.ops) == sorted(["w", "x/y", "x", "y/y", "y", "z/y", "z"])
        assert recorder.ops.count("x") == 1


def test_fed_tensors_cut_the_graph(recorder):
    p = tf.placeholder(tf.float32, name="p")
    mid = tf.multiply(p, 2.0, name="mid")
    out = tf.add(mid, 1.0, name="out")
    with tf.Session() as sess:
        sess.run(out, {mid: 3.0})
    assert "mid" not in recorder.ops and "p" not in recorder.ops


def test_plans_are_cached_per_fetches_and_feeds():
    a = tf.placeholder(tf.float32)
    b = a + 1.0
    with tf.Session() as sess:
        sess.run(b, {a: 1.0})
        sess.run(b, {a: 2.0})
        sess.run([b], {a: 2.0})  # same flat fetches and feeds: same plan
        assert len(sess._plans) == 1
        sess.run([b, a], {a: 2.0})
        assert len(sess._plans) == 2


def test_order_is_topological_and_control_inputs_come_first():
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    with tf.control_dependencies([b]):
        c = tf.identity(a, name="c")
    order = plan_lib.topological_order([c.op])
    names = [op.name for op in order]
    assert names.index("a") < names.index("c") and names.index("b") < names.index("c")


def test_a_100000_op_chain_builds_and_runs():
    x = tf.constant(0)
    one = tf.constant(1)
    for _ in range(100_000):
        x = tf.add(x, one)
    with tf.Session() as sess:
        assert sess.run(x) == 100_000


def test_values_are_released_after_their_last_use():
    """Intermediate arrays die during the run, not at its end."""
    n = 1000  # below the buffer-reuse threshold: every op allocates its own result
    p = tf.placeholder(tf.float32, shape=[n])
    first = p + 1.0
    chain = first
    for _ in range(5):
        chain = chain * 1.5
    refs, alive_at_end = [], []

    class Watch(hooks.RunHook):
        def on_op_done(self, op, outputs, seconds):
            if op is first.op:
                refs.append(weakref.ref(outputs[0]))
            if op is chain.op:
                gc.collect()
                alive_at_end.append(refs[0]() is not None)

    watch = Watch()
    hooks.add_hook(watch)
    try:
        with tf.Session() as sess:
            sess.run(chain, {p: np.ones(n, np.float32)})
    finally:
        hooks.remove_hook(watch)
    assert alive_at_end == [False]


def test_inplace_reuse_never_touches_feeds_constants_or_variables():
    n = 1 << 16
    feed = np.arange(n, dtype=np.float32)
    original = feed.copy()
    c = tf.constant(np.ones(n, np.float32))
    v = tf.Variable(np.ones(n, np.float32))
    p = tf.placeholder(tf.float32, shape=[n])
    out = ((p * 2.0 + c) * 3.0 + v) * 0.5
    with tf.Session() as sess:
        sess.run(v.initializer)
        got = sess.run(out, {p: feed})
        np.testing.assert_allclose(got, ((original * 2 + 1) * 3 + 1) * 0.5)
        np.testing.assert_array_equal(feed, original)
        np.testing.assert_array_equal(sess.run(c), np.ones(n))
        np.testing.assert_array_equal(sess.run(v), np.ones(n))
        again = sess.run(out, {p: feed})
        np.testing.assert_array_equal(again, got)


def test_inplace_chain_allocates_one_intermediate_buffer():
    """30 elementwise ops on a feed: peak extra memory stays near one buffer."""
    import tracemalloc
    n = 1 << 20  # 4 MiB of float32
    p = tf.placeholder(tf.float32, shape=[n])
    y = p
    for i in range(30):
        y = y * 1.001 if i % 2 else y + 0.5
    feed = np.ones(n, np.float32)
    with tf.Session() as sess:
        sess.run(y, {p: feed})
        tracemalloc.start()
        result = sess.run(y, {p: feed})
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert result.shape == (n,)
    assert peak < 2.5 * feed.nbytes


_DIMS = st.sampled_from([1, 3, 4096, 5000])


@settings(max_examples=40, deadline=None)
@given(first=st.lists(_DIMS, min_size=1, max_size=2), second=st.lists(_DIMS, min_size=1,
                                                                      max_size=2),
       static=st.sampled_from(["full", "first dim unknown", "none"]),
       op=st.sampled_from(["add", "mul", "sub", "maximum"]))
def test_inplace_reuse_gives_numpys_results_under_broadcasting(first, second, static, op):
    """(a + 1) op (b + 1): the left value dies in the op and may be reused as its output,
    only when that cannot change the result, whatever the shapes and what the graph knows."""
    first, second = tuple(first), tuple(second)
    try:
        np.broadcast_shapes(first, second)
    except ValueError:
        return
    if np.prod(np.broadcast_shapes(first, second)) > 1 << 14:
        return
    rng = np.random.default_rng(0)
    av = rng.normal(size=first).astype(np.float32)
    bv = rng.normal(size=second).astype(np.float32)
    with tf.Graph().as_default():
        def known(shape):
            if static == "none":
                return None
            return [None] + list(shape[1:]) if static == "first dim unknown" else shape
        a = tf.placeholder(tf.float32, shape=known(first))
        b = tf.placeholder(tf.float32, shape=known(second))
        out = getattr(tf, op)(a + 1.0, b + 1.0)
        with tf.Session() as sess:
            got = sess.run(out, {a: av, b: bv})
    expected = getattr(np, {"sub": "subtract", "mul": "multiply"}.get(op, op))(
        av + np.float32(1), bv + np.float32(1))
    np.testing.assert_array_equal(got, expected)


def test_fetching_an_intermediate_keeps_it_intact():
    n = 1 << 16
    p = tf.placeholder(tf.float32, shape=[n])
    a = p + 1.0
    b = a * 2.0
    with tf.Session() as sess:
        got_a, got_b = sess.run([a, b], {p: np.zeros(n, np.float32)})
    assert got_a[0] == 1.0 and got_b[0] == 2.0


def test_hooks_cost_nothing_when_absent_and_see_failures(recorder):
    p = tf.placeholder(tf.float32)
    bad = tf.add(p, tf.constant([1.0, 2.0]))
    errors = []

    class Err(hooks.RunHook):
        def on_run_error(self, session, error):
            errors.append(error)

    err = Err()
    hooks.add_hook(err)
    try:
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(bad, {p: np.ones(3)})
    finally:
        hooks.remove_hook(err)
    assert len(errors) == 1


def test_gradient_descent_scales_a_dying_delta_in_its_buffer_but_never_a_fetched_one():
    from interflow.ops import training_ops
    n = 1 << 13
    x = tf.placeholder(tf.float32, shape=[n])
    w = tf.Variable(np.ones(n, np.float32))
    delta = x * 2.0  # a buffer the run allocates, read by the update alone
    update = training_ops.apply_gradient_descent(w, 0.25, delta)
    xv = np.arange(n, dtype=np.float32)
    with tf.Session() as sess:
        sess.run(w.initializer)
        sess.run(update, {x: xv})
        plan = sess._plans[((update,), (x,))]
        assert plan.steps[-1][0] is training_ops._apply_gradient_descent_in_delta
        np.testing.assert_array_equal(sess.run(w), 1 - np.float32(0.25) * (xv * 2))
        _, fetched = sess.run([update, delta], {x: xv})
        np.testing.assert_array_equal(fetched, xv * 2)  # fetched: not scaled in place
        np.testing.assert_array_equal(sess.run(w), 1 - 2 * (np.float32(0.25) * (xv * 2)))


def test_relu_gradient_masks_a_dying_gradient_in_its_buffer_with_the_same_values():
    x = tf.placeholder(tf.float64, shape=[None, 3])
    y = tf.nn.relu(x)
    g = tf.gradients(y * y, x)[0]  # ReluGrad's incoming gradient (2y) dies in ReluGrad
    xv = np.array([[-1.0, 0.5, 2.0], [3.0, -0.0, np.nan]])
    with tf.Session() as sess:
        got = sess.run(g, {x: xv})
        plan = sess._plans[((g,), (x,))]
    from interflow.ops import nn_ops
    assert any(step[0] is nn_ops._relu_grad_in_gradients for step in plan.fast_steps)
    yv = np.maximum(xv, 0)
    np.testing.assert_array_equal(got, (2 * yv) * (yv > 0))
