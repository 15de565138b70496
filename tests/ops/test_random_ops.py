"""Random ops: TF1 op structure and names, dtypes, static shapes, errors, value ranges and
distributions, and the seed rules (repeatable across sessions and graphs when seeded)."""

import numpy as np
import pytest

import interflow as tf


def run(fetch, feed_dict=None, sess=None):
    """Runs `fetch` and checks the value's dtype and shape against the tensor's static ones."""
    own = sess is None
    sess = sess or tf.Session()
    try:
        value = sess.run(fetch, feed_dict)
    finally:
        if own:
            sess.close()
    assert np.asarray(value).dtype == fetch.dtype.as_numpy_dtype
    assert fetch.shape.is_compatible_with(np.shape(value))
    return value


def graph_summary(graph=None):
    graph = graph or tf.get_default_graph()
    return [(op.name, op.type, [t.name for t in op.inputs]) for op in graph.get_operations()]


# ----------------------------------------------------------------------------- structure


def test_random_uniform_float_structure_as_tf1():
    r = tf.random_uniform([2, 3])
    assert graph_summary() == [
        ("random_uniform/shape", "Const", []),
        ("random_uniform/min", "Const", []),
        ("random_uniform/max", "Const", []),
        ("random_uniform/RandomUniform", "RandomUniform", ["random_uniform/shape:0"]),
        ("random_uniform/sub", "Sub", ["random_uniform/max:0", "random_uniform/min:0"]),
        ("random_uniform/mul", "Mul", ["random_uniform/RandomUniform:0",
                                       "random_uniform/sub:0"]),
        ("random_uniform", "Add", ["random_uniform/mul:0", "random_uniform/min:0"])]
    assert r.name == "random_uniform:0"
    rnd = tf.get_default_graph().get_operation_by_name("random_uniform/RandomUniform")
    assert rnd.get_attr("seed") == 0 and rnd.get_attr("seed2") == 0
    assert rnd.get_attr("dtype") is tf.float32 and rnd.get_attr("T") is tf.int32
    assert tf.random_uniform([1]).name == "random_uniform_1:0"
    assert tf.random_uniform([1], name="noise").name == "noise:0"


def test_random_uniform_int_structure_as_tf1():
    r = tf.random_uniform([2, 3], 0, 10, dtype=tf.int32)
    assert graph_summary() == [
        ("random_uniform/shape", "Const", []),
        ("random_uniform/min", "Const", []),
        ("random_uniform/max", "Const", []),
        ("random_uniform", "RandomUniformInt", ["random_uniform/shape:0", "random_uniform/min:0",
                                                "random_uniform/max:0"])]
    assert r.op.get_attr("Tout") is tf.int32 and r.op.get_attr("T") is tf.int32
    assert r.dtype is tf.int32 and r.shape.as_list() == [2, 3]


@pytest.mark.parametrize("func, scope, op_type", [
    (tf.random_normal, "random_normal", "RandomStandardNormal"),
    (tf.truncated_normal, "truncated_normal", "TruncatedNormal")])
def test_normal_structure_as_tf1(func, scope, op_type):
    r = func([2, 3], seed=3)
    s = scope
    assert graph_summary() == [
        (s + "/shape", "Const", []), (s + "/mean", "Const", []), (s + "/stddev", "Const", []),
        (s + "/" + op_type, op_type, [s + "/shape:0"]),
        (s + "/mul", "Mul", [s + "/%s:0" % op_type, s + "/stddev:0"]),
        (s, "Add", [s + "/mul:0", s + "/mean:0"])]
    rnd = r.op.inputs[0].op.inputs[0].op
    # An op seed without a graph seed: TF's default graph seed 87654321.
    assert (rnd.get_attr("seed"), rnd.get_attr("seed2")) == (87654321, 3)
    assert rnd.get_attr("dtype") is tf.float32


def test_random_shuffle_structure():
    r = tf.random_shuffle([[1, 2], [3, 4]])
    assert graph_summary() == [("RandomShuffle/value", "Const", []),
                               ("RandomShuffle", "RandomShuffle", ["RandomShuffle/value:0"])]
    assert r.op.get_attr("T") is tf.int32 and r.shape.as_list() == [2, 2]
    assert tf.random_shuffle(r, name="mix").name == "mix:0"


def test_graph_seed_goes_into_attrs():
    tf.set_random_seed(5)
    a = tf.random_uniform([2])
    b = tf.random_uniform([2], seed=7)
    ra, rb = (t.op.inputs[0].op.inputs[0].op for t in (a, b))
    assert ra.get_attr("seed") == 5 and ra.get_attr("seed2") != 0
    assert (rb.get_attr("seed"), rb.get_attr("seed2")) == (5, 7)


# ----------------------------------------------------------------------------- values, dtypes


@pytest.mark.parametrize("dtype", [tf.float16, tf.float32, tf.float64])
@pytest.mark.parametrize("minval, maxval", [(0, None), (-1.0, 1.0), (2.5, 3.0)])
def test_random_uniform_float_range(dtype, minval, maxval):
    r = tf.random_uniform([50, 40], minval, maxval, dtype=dtype, seed=1)
    value = run(r)
    assert value.shape == (50, 40) and r.dtype is dtype
    high = 1.0 if maxval is None else maxval
    assert value.min() >= minval and value.max() <= high
    # Not degenerate: the draws spread over most of the range.
    assert value.max() - value.min() > 0.9 * (high - minval)
    assert abs(value.astype(np.float64).mean() - (minval + high) / 2) < 0.05 * (high - minval)


@pytest.mark.parametrize("dtype", [tf.int32, tf.int64])
def test_random_uniform_int_range(dtype):
    r = tf.random_uniform([2000], -3, 4, dtype=dtype, seed=2)
    value = run(r)
    assert set(np.unique(value).tolist()) == set(range(-3, 4))


@pytest.mark.parametrize("dtype", [tf.float16, tf.float32, tf.float64])
def test_random_normal_moments(dtype):
    r = tf.random_normal([200, 100], mean=2.0, stddev=3.0, dtype=dtype, seed=4)
    value = run(r).astype(np.float64)
    assert abs(value.mean() - 2.0) < 0.1 and abs(value.std() - 3.0) < 0.1


@pytest.mark.parametrize("dtype", [tf.float16, tf.float32, tf.float64])
def test_truncated_normal_stays_within_two_stddev(dtype):
    r = tf.truncated_normal([200, 100], mean=-1.0, stddev=0.5, dtype=dtype, seed=4)
    value = run(r).astype(np.float64)
    assert value.min() >= -2.0 and value.max() <= 0.0
    # The truncated standard normal has stddev ~0.88; the tails were re-drawn, not clipped.
    assert abs(value.std() - 0.5 * 0.8796) < 0.02
    assert np.mean(np.abs(value + 1.0) > 0.99) < 0.01


@pytest.mark.parametrize("value", [np.arange(12).reshape(6, 2), np.arange(5.0),
                                   np.array([b"a", b"b", b"c"], dtype=object)])
def test_random_shuffle_permutes_first_dim(value):
    r = tf.random_shuffle(value, seed=3)
    out = run(r)
    assert sorted(map(tuple, np.reshape(out, (len(value), -1)).tolist())) == \
        sorted(map(tuple, np.reshape(value, (len(value), -1)).tolist()))


def test_random_shuffle_eventually_reorders_and_scalar_passes():
    r = tf.random_shuffle(np.arange(10))
    with tf.Session() as sess:
        outs = [tuple(sess.run(r)) for _ in range(5)]
    assert any(o != tuple(range(10)) for o in outs)
    assert run(tf.random_shuffle(3)) == 3


# ----------------------------------------------------------------------------- static shapes


def test_static_shape_from_fed_shape_vector():
    p = tf.placeholder(tf.int32, [3])
    r = tf.random_uniform(p)
    assert r.shape.as_tuple() == (None, None, None)
    assert run(r, {p: [2, 1, 4]}).shape == (2, 1, 4)
    q = tf.placeholder(tf.int64)
    assert tf.random_normal(q).shape.ndims is None


def test_static_shape_from_tensor_shape_and_dimensions():
    x = tf.constant(np.zeros((2, 5)))
    assert tf.random_uniform(x.shape).shape.as_list() == [2, 5]
    assert tf.random_normal([x.shape[1], 3]).shape.as_list() == [5, 3]
    assert tf.random_uniform([]).shape.as_list() == []
    assert np.shape(run(tf.random_uniform([]))) == ()


def test_static_shape_from_tf_shape():
    p = tf.placeholder(tf.float32, [None, 4])
    r = tf.random_uniform(tf.shape(p))
    assert r.shape.as_tuple() == (None, 4)
    assert run(r, {p: np.zeros((3, 4))}).shape == (3, 4)
    mixed = tf.random_normal([tf.shape(p)[0], 3])
    assert mixed.shape.as_tuple() == (None, 3)
    assert run(mixed, {p: np.zeros((5, 4))}).shape == (5, 3)


# ----------------------------------------------------------------------------- errors


def test_build_time_errors():
    with pytest.raises(ValueError, match="Must specify maxval for integer dtype tf.int32"):
        tf.random_uniform([2], dtype=tf.int32)
    with pytest.raises(ValueError, match="Argument `dtype` got invalid value <dtype: 'string'>"):
        tf.random_uniform([2], dtype=tf.string)
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.random_uniform([[2]])
    with pytest.raises(TypeError, match="DataType float32 not in list of allowed values: "
                                        "int32, int64"):
        tf.random_uniform([2.0, 3])
    with pytest.raises(TypeError, match="Expected int32"):
        tf.random_normal([2], dtype=tf.int32)
    with pytest.raises(TypeError, match="Value for attr 'dtype' of int32"):
        tf.truncated_normal([2], mean=0, stddev=1, dtype=tf.int32)
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        tf.random_uniform([2], [0, 1], 5, dtype=tf.int32)


def test_negative_dimension_fails_at_run_time():
    r = tf.random_uniform([-1, 2])
    assert r.shape.as_tuple() == (None, 2)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Dimension -1 must be >= 0"):
            sess.run(r)


def test_int_minval_not_below_maxval_fails_at_run_time():
    r = tf.random_uniform([2], 5, 3, dtype=tf.int32)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Need minval < maxval, got 5 >= 3"):
            sess.run(r)


# ----------------------------------------------------------------------------- seeds


def _build(graph_seed=None, op_seed=None):
    """Several random ops built the same way each time."""
    if graph_seed is not None:
        tf.set_random_seed(graph_seed)
    return [tf.random_uniform([4], seed=op_seed),
            tf.random_normal([4], seed=op_seed),
            tf.truncated_normal([4], seed=op_seed),
            tf.random_uniform([4], 0, 100, dtype=tf.int64, seed=op_seed),
            tf.random_shuffle(np.arange(8), seed=op_seed)]


def _runs(fetches, n=2):
    with tf.Session(graph=fetches[0].graph) as sess:
        return [sess.run(fetches) for _ in range(n)]


def _same(a, b):
    return all(np.array_equal(x, y) for x, y in zip(a, b))


@pytest.mark.parametrize("graph_seed, op_seed", [(1, None), (None, 7), (3, 7), (0, None)])
def test_seeded_ops_repeat_in_new_sessions_and_new_graphs(graph_seed, op_seed):
    fetches = _build(graph_seed, op_seed)
    first, second = _runs(fetches)
    again, _ = _runs(fetches)
    assert _same(first, again)               # a new session replays the numbers
    assert not _same(first[:4], second[:4])  # successive runs in one session differ
    with tf.Graph().as_default():
        rebuilt = _build(graph_seed, op_seed)
        assert _same(_runs(rebuilt, 1)[0], first)  # a graph built the same way too


def test_different_seeds_give_different_numbers():
    a = _runs(_build(1, None), 1)[0]
    with tf.Graph().as_default():
        b = _runs(_build(2, None), 1)[0]
    with tf.Graph().as_default():
        c = _runs(_build(1, 5), 1)[0]
    assert not _same(a[:4], b[:4]) and not _same(a[:4], c[:4])


def test_unseeded_ops_differ_from_each_other_and_across_sessions():
    a = tf.random_uniform([6])
    b = tf.random_uniform([6])
    with tf.Session() as sess:
        va, vb = sess.run([a, b])
    with tf.Session() as sess:
        va2 = sess.run(a)
    assert not np.array_equal(va, vb)
    assert not np.array_equal(va, va2)


def test_graph_seed_without_op_seed_gives_each_op_its_own_stream():
    tf.set_random_seed(11)
    a = tf.random_uniform([6])
    b = tf.random_uniform([6])
    va, vb = _runs([a, b], 1)[0]
    assert not np.array_equal(va, vb)


def test_same_op_and_graph_seed_give_the_same_stream_as_tf():
    a = tf.random_uniform([6], seed=9)
    b = tf.random_uniform([6], seed=9)
    va, vb = _runs([a, b], 1)[0]
    assert np.array_equal(va, vb)
