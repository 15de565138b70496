"""Initializers: the ops they build under `<var>/Initializer/` (names checked against TF 2.21's
tf.compat.v1), their constants (glorot limits, variance-scaling stddevs), values and errors."""

import math

import numpy as np
import pytest

import interflow as tf
from interflow import init_ops

GLOROT_UNIFORM_OPS = ["x/Initializer/random_uniform/shape", "x/Initializer/random_uniform/min",
                      "x/Initializer/random_uniform/max",
                      "x/Initializer/random_uniform/RandomUniform",
                      "x/Initializer/random_uniform/sub", "x/Initializer/random_uniform/mul",
                      "x/Initializer/random_uniform", "x", "x/Assign", "x/read"]
RANDOM_NORMAL_OPS = ["x/Initializer/random_normal/shape", "x/Initializer/random_normal/mean",
                     "x/Initializer/random_normal/stddev",
                     "x/Initializer/random_normal/RandomStandardNormal",
                     "x/Initializer/random_normal/mul", "x/Initializer/random_normal",
                     "x", "x/Assign", "x/read"]
TRUNCATED_NORMAL_OPS = [n.replace("random_normal", "truncated_normal").replace(
    "RandomStandardNormal", "TruncatedNormal") for n in RANDOM_NORMAL_OPS]
VARIABLE_OPS = ["x", "x/Assign", "x/read"]


def op_names():
    return [op.name for op in tf.get_default_graph().get_operations()]


def const_value(name):
    op = tf.get_default_graph().get_operation_by_name(name)
    assert op.type == "Const"
    return op.get_attr("value")


# (initializer, shape, dtype, op names TF makes) -- recorded from TF 2.21 tf.compat.v1.
NAME_TABLE = [
    (None, (3, 4), None, GLOROT_UNIFORM_OPS),
    (None, (), None, GLOROT_UNIFORM_OPS),
    (None, (2, 3, 4, 5), tf.float64, GLOROT_UNIFORM_OPS),
    (None, (3, 4), tf.int32, ["x/Initializer/zeros"] + VARIABLE_OPS),
    (None, (3, 4), tf.bool, ["x/Initializer/zeros"] + VARIABLE_OPS),
    (None, (2,), tf.int64, ["x/Initializer/zeros"] + VARIABLE_OPS),
    (tf.zeros_initializer(), (3, 4), None, ["x/Initializer/zeros"] + VARIABLE_OPS),
    (tf.zeros_initializer, (3, 4), None, ["x/Initializer/zeros"] + VARIABLE_OPS),
    (tf.zeros_initializer(), (100, 100), None,
     ["x/Initializer/zeros/shape_as_tensor", "x/Initializer/zeros/Const",
      "x/Initializer/zeros"] + VARIABLE_OPS),
    (tf.ones_initializer(), (3, 4), None, ["x/Initializer/ones"] + VARIABLE_OPS),
    (tf.ones_initializer(), (), None, ["x/Initializer/ones"] + VARIABLE_OPS),
    (tf.constant_initializer(3), (3, 4), None, ["x/Initializer/Const"] + VARIABLE_OPS),
    (tf.constant_initializer(3), (3, 4), tf.int32, ["x/Initializer/Const"] + VARIABLE_OPS),
    (tf.random_normal_initializer(1., 2., seed=3), (3, 4), None, RANDOM_NORMAL_OPS),
    (tf.random_uniform_initializer(-1., 2.), (3, 4), None, GLOROT_UNIFORM_OPS),
    (tf.truncated_normal_initializer(stddev=0.1), (3, 4), None, TRUNCATED_NORMAL_OPS),
    (tf.glorot_uniform_initializer(), (3, 4), None, GLOROT_UNIFORM_OPS),
    (tf.glorot_normal_initializer(), (3, 4), None, TRUNCATED_NORMAL_OPS),
    (tf.variance_scaling_initializer(), (3, 4), None, TRUNCATED_NORMAL_OPS),
    (tf.variance_scaling_initializer(distribution="untruncated_normal"), (3, 4), None,
     RANDOM_NORMAL_OPS),
    (tf.variance_scaling_initializer(distribution="uniform"), (3, 4), None,
     GLOROT_UNIFORM_OPS),
]


@pytest.mark.parametrize("init,shape,dtype,expected", NAME_TABLE)
def test_get_variable_builds_the_initializer_ops_tf_names(init, shape, dtype, expected):
    kwargs = {} if dtype is None else {"dtype": dtype}
    v = tf.get_variable("x", shape=shape, initializer=init, **kwargs)
    assert op_names() == expected
    assert v.dtype == (dtype or tf.float32)._as_ref
    assert v.shape.as_list() == list(shape)
    assert v.initial_value.op.name == expected[-4]
    with tf.Session() as sess:
        sess.run(v.initializer)
        value = sess.run(v)
    assert np.shape(value) == tuple(shape)
    assert np.asarray(value).dtype == (dtype or tf.float32).as_numpy_dtype


# (initializer, shape, Const under x/Initializer/, its value): the spread constants TF computes.
CONSTANT_TABLE = [
    (None, (3, 4), "random_uniform/max", math.sqrt(6 / 7)),
    (None, (3, 4), "random_uniform/min", -math.sqrt(6 / 7)),
    (None, (), "random_uniform/max", math.sqrt(3)),
    (None, (5,), "random_uniform/max", math.sqrt(3 / 5)),
    (None, (2, 3, 4, 5), "random_uniform/max", 1 / 3),   # fans 24 and 30: conv receptive field
    (None, (3, 3, 16, 32), "random_uniform/max", math.sqrt(6 / (9 * 16 + 9 * 32))),
    (tf.glorot_normal_initializer(), (3, 4), "truncated_normal/stddev", 0.6076704263687134),
    (tf.variance_scaling_initializer(), (3, 4), "truncated_normal/stddev", 0.656359076499939),
    (tf.variance_scaling_initializer(mode="fan_out", distribution="normal"), (3, 4),
     "truncated_normal/stddev", math.sqrt(1 / 4) / .87962566103423978),
    (tf.variance_scaling_initializer(distribution="untruncated_normal"), (3, 4),
     "random_normal/stddev", 0.5773502588272095),
    (tf.variance_scaling_initializer(2., "fan_out", "uniform"), (3, 4), "random_uniform/max",
     1.2247449159622192),
    (init_ops.he_normal(), (8, 2), "truncated_normal/stddev",
     math.sqrt(2 / 8) / .87962566103423978),
    (init_ops.he_uniform(), (8, 2), "random_uniform/max", math.sqrt(6 / 8)),
    (init_ops.lecun_normal(), (8, 2), "truncated_normal/stddev",
     math.sqrt(1 / 8) / .87962566103423978),
    (init_ops.lecun_uniform(), (8, 2), "random_uniform/max", math.sqrt(3 / 8)),
    (tf.random_normal_initializer(1., 2.), (3, 4), "random_normal/mean", 1.0),
    (tf.random_normal_initializer(1., 2.), (3, 4), "random_normal/stddev", 2.0),
    (tf.random_uniform_initializer(-1., 2.), (3, 4), "random_uniform/min", -1.0),
    (tf.uniform_unit_scaling_initializer(factor=2.), (6, 3), "random_uniform/max",
     2 * math.sqrt(3 / 6)),
]


@pytest.mark.parametrize("init,shape,const,expected", CONSTANT_TABLE)
def test_initializer_constants_follow_variance_scaling(init, shape, const, expected):
    tf.get_variable("x", shape=shape, initializer=init)
    np.testing.assert_allclose(const_value("x/Initializer/" + const), expected, rtol=1e-6)


@pytest.mark.parametrize("shape,fans", [((), (1, 1)), ((5,), (5, 5)), ((3, 4), (3, 4)),
                                        ((2, 3, 4, 5), (24, 30)), ((3, 3, 1, 8), (9, 72)),
                                        (tf.TensorShape([6, 7]), (6, 7))])
def test_compute_fans(shape, fans):
    assert init_ops._compute_fans(shape) == fans


@pytest.mark.parametrize("init,check", [
    (tf.glorot_uniform_initializer(seed=1),
     lambda v: np.abs(v).max() <= math.sqrt(6 / 200) and np.abs(v).max() > 0.9 * math.sqrt(
         6 / 200)),
    (tf.random_uniform_initializer(2., 5., seed=1),
     lambda v: v.min() >= 2 and v.max() < 5 and abs(v.mean() - 3.5) < 0.1),
    (tf.random_normal_initializer(3., 0.5, seed=1),
     lambda v: abs(v.mean() - 3) < 0.05 and abs(v.std() - 0.5) < 0.05 and
     np.abs(v - 3).max() > 1.0),
    (tf.truncated_normal_initializer(-1., 0.5, seed=1),
     lambda v: abs(v.mean() + 1) < 0.05 and np.abs(v + 1).max() <= 1.0),
    (tf.glorot_normal_initializer(seed=1),
     lambda v: abs(v.std() - math.sqrt(2 / 200)) < 0.1 * math.sqrt(2 / 200)),
    (tf.zeros_initializer(), lambda v: (v == 0).all()),
    (tf.ones_initializer(), lambda v: (v == 1).all()),
    (tf.constant_initializer(-2.5), lambda v: (v == -2.5).all()),
])
def test_initializer_values(init, check):
    v = tf.get_variable("x", shape=(100, 100), initializer=init)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        value = sess.run(v)
    assert value.dtype == np.float32 and value.shape == (100, 100)
    assert check(value)


def test_seeded_initializers_replay_in_new_sessions_and_record_seeds():
    v = tf.get_variable("x", shape=(3, 4), initializer=tf.random_normal_initializer(seed=3))
    op = tf.get_default_graph().get_operation_by_name(
        "x/Initializer/random_normal/RandomStandardNormal")
    assert (op.get_attr("seed"), op.get_attr("seed2")) == (87654321, 3)
    values = []
    for _ in range(2):
        with tf.Session() as sess:
            sess.run(v.initializer)
            values.append(sess.run(v))
    np.testing.assert_array_equal(values[0], values[1])


@pytest.mark.parametrize("value,shape,dtype,expected", [
    (3, (2, 2), tf.float32, np.full((2, 2), 3, np.float32)),
    ([1, 2, 3, 4], (4,), tf.float32, np.array([1, 2, 3, 4], np.float32)),
    ([1, 2, 3, 4], (2, 2), tf.float32, np.array([[1, 2], [3, 4]], np.float32)),
    ([1, 2], (4,), tf.float32, np.array([1, 2, 2, 2], np.float32)),   # padded with the last
    (np.arange(6).reshape(2, 3), (2, 3), tf.int64, np.arange(6).reshape(2, 3)),
    (7, (3,), tf.int32, np.array([7, 7, 7], np.int32)),
    (True, (2,), tf.bool, np.array([True, True])),
])
def test_constant_initializer_values(value, shape, dtype, expected):
    v = tf.get_variable("x", shape=shape, dtype=dtype, initializer=tf.constant_initializer(value))
    assert op_names() == ["x/Initializer/Const"] + VARIABLE_OPS
    with tf.Session() as sess:
        sess.run(v.initializer)
        got = sess.run(v)
    assert np.asarray(got).dtype == dtype.as_numpy_dtype
    np.testing.assert_array_equal(got, expected)


def test_constant_initializer_errors():
    with pytest.raises(TypeError, match="Invalid type for initial value"):
        tf.constant_initializer(object())
    with pytest.raises(TypeError, match="Expected Tensor's shape"):
        tf.constant_initializer([1, 2, 3], verify_shape=True)([2, 2])
    t = tf.constant_initializer([1, 2, 3, 4], verify_shape=True)([4])
    assert t.name == "Const:0"


@pytest.mark.parametrize("make,name,dtype", [
    (lambda: tf.zeros_initializer()([2, 3]), "zeros:0", tf.float32),
    (lambda: tf.zeros_initializer()([2, 3], dtype=tf.int32), "zeros:0", tf.int32),
    (lambda: tf.zeros_initializer(dtype=tf.int64)([2, 3]), "zeros:0", tf.int64),
    (lambda: tf.ones_initializer()([2, 3]), "ones:0", tf.float32),
    (lambda: tf.constant_initializer(5)([2, 3]), "Const:0", tf.float32),
    (lambda: tf.constant_initializer(5, dtype=tf.int32)([2, 3]), "Const:0", tf.int32),
    (lambda: tf.glorot_uniform_initializer()([2, 3]), "random_uniform:0", tf.float32),
    (lambda: tf.glorot_uniform_initializer()([2, 3], tf.float64), "random_uniform:0",
     tf.float64),
    (lambda: tf.random_normal_initializer()([2, 3]), "random_normal:0", tf.float32),
    (lambda: tf.truncated_normal_initializer()([2, 3]), "truncated_normal:0", tf.float32),
    (lambda: tf.glorot_normal_initializer()(tf.TensorShape([2, 3])), "truncated_normal:0",
     tf.float32),
    (lambda: tf.random_uniform_initializer(0, 10, dtype=tf.int32)([2, 3]), "random_uniform:0",
     tf.int32),
])
def test_initializers_called_directly(make, name, dtype):
    t = make()
    assert t.name == name
    assert t.dtype == dtype
    assert t.shape.as_list() == [2, 3]
    with tf.Session() as sess:
        value = sess.run(t)
    assert value.dtype == dtype.as_numpy_dtype and value.shape == (2, 3)


@pytest.mark.parametrize("make", [
    lambda: tf.random_normal_initializer(dtype=tf.int32),
    lambda: tf.truncated_normal_initializer(dtype=tf.int32),
    lambda: tf.glorot_uniform_initializer(dtype=tf.int32),
    lambda: tf.variance_scaling_initializer(dtype=tf.string),
    lambda: tf.variance_scaling_initializer(scale=-1.),
    lambda: tf.variance_scaling_initializer(scale=0.),
    lambda: tf.variance_scaling_initializer(mode="fan"),
    lambda: tf.variance_scaling_initializer(distribution="cauchy"),
    lambda: tf.orthogonal_initializer()([3]),
])
def test_invalid_initializer_arguments_raise_value_error(make):
    with pytest.raises(ValueError):
        make()


@pytest.mark.parametrize("init", [
    tf.zeros_initializer(dtype=tf.int32), tf.ones_initializer(), tf.constant_initializer(2.5),
    tf.random_uniform_initializer(-1, 1, seed=4), tf.random_normal_initializer(0.5, 2., seed=1),
    tf.truncated_normal_initializer(stddev=3.), tf.variance_scaling_initializer(2., "fan_avg"),
    tf.glorot_uniform_initializer(seed=7), tf.glorot_normal_initializer(),
])
def test_get_config_round_trips(init):
    config = init.get_config()
    clone = type(init).from_config(config)
    assert type(clone) is type(init)
    assert clone.get_config() == config
    assert config["dtype"] == init.dtype.name


def test_tf1_exposes_the_initializer_classes():
    assert tf.zeros_initializer is init_ops.Zeros
    assert tf.glorot_uniform_initializer is init_ops.GlorotUniform
    assert issubclass(tf.glorot_uniform_initializer, tf.variance_scaling_initializer)
    assert isinstance(tf.constant_initializer(0.), init_ops.Initializer)
    assert tf.initializers.zeros is tf.zeros_initializer
    assert tf.initializers.glorot_uniform is tf.glorot_uniform_initializer
    assert tf.initializers.variance_scaling is tf.variance_scaling_initializer
    assert tf.glorot_uniform_initializer().get_config() == {"seed": None, "dtype": "float32"}
    assert tf.random_uniform_initializer().maxval is None
    with pytest.raises(NotImplementedError):
        init_ops.Initializer()([2])


def test_tf_initializers_namespace_has_variable_initializers():
    v = tf.Variable(1., name="v")
    init = tf.initializers.global_variables()
    assert init.name == "init" and init.type == "NoOp"
    assert init.control_inputs == [v.initializer]
    assert tf.initializers.variables([]).type == "NoOp"
    assert tf.initializers.local_variables().type == "NoOp"


def test_get_variable_passes_its_dtype_to_the_initializer():
    # The initializer's own dtype is a default; get_variable's dtype wins (as in TF).
    v = tf.get_variable("x", [2], initializer=tf.zeros_initializer(dtype=tf.int32))
    assert v.dtype == tf.float32_ref
    w = tf.get_variable("w", [2], dtype=tf.float64,
                        initializer=tf.random_uniform_initializer(-1., 1.))
    assert w.dtype == tf.float64_ref
    assert const_value("w/Initializer/random_uniform/min").dtype == np.float64


def test_initializers_receive_partition_info():
    seen = []

    class Recording(init_ops.Initializer):
        def __call__(self, shape, dtype=None, partition_info=None):
            seen.append((shape, dtype, partition_info))
            return tf.zeros_initializer()(shape, dtype)

    tf.get_variable("x", [2, 3], initializer=Recording())
    assert seen == [([2, 3], tf.float32, None)]
    # A plain function without partition_info also works, as in TF.
    tf.get_variable("y", [2], initializer=lambda shape, dtype: tf.ones_initializer()(shape, dtype))
    assert "y/Initializer/ones" in op_names()
