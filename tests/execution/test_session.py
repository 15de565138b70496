"""Session.run: fetch structures, feeds, state between runs, errors, default sessions, threads."""

import collections
import threading

import numpy as np
import pytest

import interflow as tf


@pytest.fixture
def xy():
    x = tf.Variable(3, name="x")
    y = tf.Variable(4, name="y")
    return x, y, x * x * y + y + 2


def test_first_graph_three_ways(xy):
    x, y, f = xy
    sess = tf.Session()
    sess.run(x.initializer)
    sess.run(y.initializer)
    assert sess.run(f) == 42
    sess.close()
    with tf.Session():
        x.initializer.run()
        y.initializer.run()
        assert f.eval() == 42
    init = tf.global_variables_initializer()
    with tf.Session():
        init.run()
        assert f.eval() == 42


def test_interactive_session_is_default_until_closed(xy):
    x, y, f = xy
    init = tf.global_variables_initializer()
    sess = tf.InteractiveSession()
    assert tf.get_default_session() is sess
    init.run()
    assert f.eval() == 42
    sess.close()
    assert tf.get_default_session() is None


def test_fetch_structures_are_rebuilt():
    a, b = tf.constant(1), tf.constant(2.0)
    Pair = collections.namedtuple("Pair", "first second")
    with tf.Session() as sess:
        out = sess.run({"a": a, "rest": [b, (a, b)], "pair": Pair(a, b)})
        assert out["a"] == 1 and out["rest"][0] == 2.0
        assert isinstance(out["rest"][1], tuple) and out["rest"][1] == (1, 2.0)
        assert isinstance(out["pair"], Pair) and out["pair"].second == 2.0
        assert sess.run([]) == []
        ordered = sess.run(collections.OrderedDict([("z", a), ("y", b)]))
        assert isinstance(ordered, collections.OrderedDict) and list(ordered) == ["z", "y"]


def test_fetch_ops_variables_and_names():
    v = tf.Variable([1.0, 2.0], name="v")
    tf.constant(5, name="five")  # fetched below by its name
    with tf.Session() as sess:
        assert sess.run(v.initializer) is None
        assert sess.run(v).tolist() == [1.0, 2.0]
        assert sess.run("five:0") == 5
        assert sess.run("v/Assign") is None


def test_scalar_results_are_numpy_scalars_with_tensor_dtype():
    with tf.Session() as sess:
        value = sess.run(tf.constant(3) + 1)
        assert isinstance(value, np.int32)
        value = sess.run(tf.constant(1.5) * 2)
        assert isinstance(value, np.float32)


def test_results_belong_to_the_caller():
    v = tf.Variable([1.0, 2.0])
    c = tf.constant([1.0, 2.0])
    with tf.Session() as sess:
        sess.run(v.initializer)
        got = sess.run(v)
        got[0] = 100.0
        assert sess.run(v).tolist() == [1.0, 2.0]
        got_c = sess.run(c)
        got_c[0] = 100.0
        assert sess.run(c).tolist() == [1.0, 2.0]
        first, second = sess.run([c * 2, c * 2])
        first[0] = -1
        assert second[0] == 2.0


def test_lifecycle_of_a_node_value():
    w = tf.constant(3)
    x = w + 2
    y = x + 5
    z = x * 3
    with tf.Session() as sess:
        assert y.eval() == 10
        assert z.eval() == 15
        y_val, z_val = sess.run([y, z])
        assert (y_val, z_val) == (10, 15)


def test_sessions_do_not_share_variables():
    v = tf.Variable(1, name="v")
    inc = tf.assign_add(v, 1)
    s1, s2 = tf.Session(), tf.Session()
    s1.run(v.initializer)
    s2.run(v.initializer)
    s1.run(inc)
    s1.run(inc)
    assert s1.run(v) == 3 and s2.run(v) == 1
    s1.close()
    s2.close()


def test_counter_example_from_the_seed():
    state = tf.Variable(0, name="counter")
    one = tf.constant(1)
    new_value = tf.add(state, one)
    update = tf.assign(state, new_value)
    init_op = tf.initialize_all_variables()
    seen = []
    with tf.Session() as sess:
        sess.run(init_op)
        seen.append(sess.run(state))
        for _ in range(3):
            sess.run(update)
            seen.append(sess.run(state))
    assert seen == [0, 1, 2, 3]


class TestFeeds:
    def test_placeholder_feeds(self):
        a = tf.placeholder(tf.float32, shape=(None, 3))
        b = a + 5
        with tf.Session():
            assert b.eval(feed_dict={a: [[1, 2, 3]]}).tolist() == [[6, 7, 8]]
            got = b.eval(feed_dict={a: [[4, 5, 6], [7, 8, 9]]})
            assert got.dtype == np.float32 and got.shape == (2, 3)

    def test_any_tensor_can_be_fed_and_then_its_inputs_do_not_run(self):
        p = tf.placeholder(tf.float32)
        mid = p * 2
        out = mid + 1
        with tf.Session() as sess:
            assert sess.run(out, {mid: 10.0}) == 11.0
            assert sess.run(out, {"mul:0": 1.0}) == 2.0

    def test_fed_value_is_returned_when_fetched(self):
        p = tf.placeholder(tf.int32, shape=[2])
        with tf.Session() as sess:
            assert sess.run(p, {p: [1, 2]}).tolist() == [1, 2]

    def test_missing_feed_names_the_placeholder_and_nothing_runs(self):
        v = tf.Variable(0)
        inc = tf.assign_add(v, 1)
        x = tf.placeholder(tf.float32, shape=(None, 3), name="X")
        with tf.Session() as sess:
            sess.run(v.initializer)
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match=r"You must feed a value for placeholder tensor 'X' with "
                                     r"dtype float and shape \[\?,3\]"):
                sess.run([inc, x])
            assert sess.run(v) == 0

    def test_shape_and_dtype_checks(self):
        x = tf.placeholder(tf.float32, shape=(None, 3), name="X")
        i = tf.placeholder(tf.int32, shape=())
        with tf.Session() as sess:
            with pytest.raises(ValueError,
                               match=r"Cannot feed value of shape \(1, 2\) for Tensor 'X:0', "
                                     r"which has shape '\(\?, 3\)'"):
                sess.run(x, {x: [[1, 2]]})
            with pytest.raises(ValueError):
                sess.run(x, {x: [["a", "b", "c"]]})
            with pytest.raises(TypeError):
                sess.run(i, {i: 2 ** 40})
            with pytest.raises(TypeError, match="cannot be a tf.Tensor"):
                sess.run(x, {x: tf.constant([[1.0, 2.0, 3.0]])})

    def test_unfeedable_and_bad_keys(self):
        c = tf.constant(1)
        tf.get_default_graph().prevent_feeding(c)
        with tf.Session() as sess:
            with pytest.raises(ValueError, match="may not be fed"):
                sess.run(c, {c: 2})
            with pytest.raises(TypeError):
                sess.run(c, {3: 2})
            with pytest.raises(KeyError):
                sess.run(c, {"nope:0": 2})

    def test_placeholder_with_default(self):
        p = tf.placeholder_with_default(tf.constant([1.0, 2.0]), shape=[None])
        with tf.Session() as sess:
            assert sess.run(p).tolist() == [1.0, 2.0]
            assert sess.run(p, {p: [5.0]}).tolist() == [5.0]


class TestErrors:
    def test_closed_session(self):
        sess = tf.Session()
        sess.close()
        with pytest.raises(RuntimeError, match="closed Session"):
            sess.run(tf.constant(1))

    def test_other_graphs_tensor(self):
        g = tf.Graph()
        with g.as_default():
            c = tf.constant(1)
        with tf.Session() as sess:
            with pytest.raises(ValueError, match="not an element of this graph"):
                sess.run(c)

    @pytest.mark.parametrize("bad", [None, 3, object()])
    def test_unfetchable_types(self, bad):
        with tf.Session() as sess:
            with pytest.raises(TypeError):
                sess.run(bad)
            with pytest.raises(TypeError):
                sess.run([tf.constant(1), bad])

    def test_uninitialized_variable_names_it_and_the_session_stays_usable(self):
        theta = tf.Variable(1.0, name="theta")
        out = theta * 2
        with tf.Session() as sess:
            with pytest.raises(tf.errors.FailedPreconditionError) as info:
                sess.run(out)
            message = str(info.value)
            assert "theta" in message and "global_variables_initializer" in message
            assert __file__ in message
            sess.run(tf.global_variables_initializer())
            assert sess.run(out) == 2.0

    def test_kernel_errors_name_op_shapes_and_line(self):
        p = tf.placeholder(tf.float32, shape=None, name="p")
        q = tf.placeholder(tf.float32, shape=None, name="q")
        s = tf.add(p, q, name="the_sum")  # the line to report
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(s, {p: np.ones((2, 3)), q: np.ones(4)})
            message = str(info.value)
            assert "the_sum" in message and "Add" in message
            assert "float32[2,3]" in message and "float32[4]" in message
            assert "the line to report" in message
            assert info.value.op is s.op
            assert sess.run(s, {p: 1.0, q: 2.0}) == 3.0

    def test_with_block_is_not_reentrant(self):
        sess = tf.Session()
        with sess:
            with pytest.raises(RuntimeError):
                with sess:
                    pass


def test_session_on_explicit_graph_and_as_default():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(7)
    sess = tf.Session(graph=g)
    with sess.as_default():
        assert tf.get_default_session() is sess
        assert c.eval() == 7
    assert tf.get_default_session() is None
    sess.close()


def test_with_session_makes_its_graph_default():
    g = tf.Graph()
    with tf.Session(graph=g) as sess:
        assert tf.get_default_graph() is g
        assert sess.graph is g


def test_config_proto_and_run_options_are_accepted():
    config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)
    config.gpu_options.allow_growth = True
    c = tf.constant(2) * 3
    with tf.Session(config=config) as sess:
        meta = tf.RunMetadata()
        opts = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
        assert sess.run(c, options=opts, run_metadata=meta) == 6
        names = [n.node_name for n in meta.step_stats.dev_stats[0].node_stats]
        assert names == ["Const", "mul/y", "mul"]
        assert all(n.all_end_rel_micros >= 0 for n in meta.step_stats.dev_stats[0].node_stats)


def test_concurrent_runs_on_one_session():
    x = tf.placeholder(tf.float32, shape=[None])
    y = x * 2.0 + 1.0
    errors = []
    with tf.Session() as sess:
        def worker(k):
            try:
                for i in range(200):
                    value = np.full(3, float(k * 1000 + i), np.float32)
                    got = sess.run(y, {x: value})
                    if not np.array_equal(got, value * 2 + 1):
                        errors.append((k, i, got))
            except Exception as e:  # pragma: no cover - reported below
                errors.append(e)
        threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []


def test_default_session_stack_is_per_thread():
    sess = tf.Session()
    seen = {}
    with sess.as_default():
        t = threading.Thread(target=lambda: seen.setdefault("s", tf.get_default_session()))
        t.start()
        t.join()
    assert seen["s"] is None
    sess.close()


def test_make_callable():
    a = tf.placeholder(tf.float32)
    b = a * 3.0
    with tf.Session() as sess:
        f = sess.make_callable(b, [a])
        assert f(2.0) == 6.0
