"""Property tests: the public op API, given arbitrary (mostly bad) arguments, raises only the
documented exceptions: TypeError / ValueError while building, tf.errors.OpError while running;
never an internal AttributeError, KeyError, IndexError or the like."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import interflow as tf
from interflow.ops import array_ops, math_ops, nn_ops, random_ops

# TF itself raises InvalidArgumentError at build time for some static checks (softmax's axis).
BUILD_ERRORS = (TypeError, ValueError, NotImplementedError, tf.errors.OpError)
RUN_ERRORS = (tf.errors.OpError, TypeError, ValueError)

# Functions that read the filesystem, take callables, or need other protocols are left out.
_SKIP = {"py_func", "map_fn", "while_loop", "cond", "case", "Print", "print"}


def _public_functions():
    functions = []
    for module in (math_ops, array_ops, nn_ops, random_ops):
        for name in getattr(module, "__all__", []):
            fn = getattr(module, name, None)
            if callable(fn) and not isinstance(fn, type) and name not in _SKIP:
                functions.append((module.__name__.rsplit(".", 1)[1] + "." + name, fn))
    return sorted(functions, key=lambda item: item[0])


FUNCTIONS = _public_functions()

_dtypes = st.sampled_from([np.float32, np.float64, np.int32, np.int64, np.bool_, np.uint8])
_shapes = st.lists(st.integers(0, 3), min_size=0, max_size=3).map(tuple)
_arrays = st.builds(lambda dtype, shape, seed: np.random.default_rng(seed).uniform(
    -3, 3, size=shape).astype(dtype), _dtypes, _shapes, st.integers(0, 1000))
_python = st.one_of(st.none(), st.booleans(), st.integers(-5, 5),
                    st.floats(-4, 4), st.sampled_from([float("nan"), float("inf")]),
                    st.text(max_size=3),
                    st.lists(st.integers(-3, 3), max_size=4),
                    st.lists(st.lists(st.floats(-2, 2), min_size=2, max_size=2), max_size=3))
_values = st.one_of(_python, _arrays, st.sampled_from(["tensor_f", "tensor_i", "tensor_u",
                                                        "placeholder", "dtype"]))


def _materialize(value, sess_feeds):
    if isinstance(value, str):
        if value == "tensor_f":
            return tf.constant([[1.0, -2.0], [3.5, 0.25]])
        if value == "tensor_i":
            return tf.constant([3, 0, 1])
        if value == "tensor_u":
            p = tf.placeholder(tf.float32, shape=None)
            sess_feeds[p] = np.ones((2, 2), np.float32)
            return p
        if value == "placeholder":
            p = tf.placeholder(tf.float32, shape=[None, 2])
            sess_feeds[p] = np.ones((3, 2), np.float32)
            return p
        if value == "dtype":
            return tf.float32
    return value


@pytest.mark.parametrize("name, fn", FUNCTIONS, ids=[n for n, _ in FUNCTIONS])
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(args=st.lists(_values, min_size=0, max_size=3))
def test_only_documented_exceptions(name, fn, args):
    tf.reset_default_graph()
    feeds = {}
    args = [_materialize(a, feeds) for a in args]
    try:
        with np.errstate(all="ignore"):
            result = fn(*args)
    except BUILD_ERRORS:
        return
    fetches = [r for r in (result if isinstance(result, (list, tuple)) else [result])
               if isinstance(r, (tf.Tensor, tf.Operation))]
    if not fetches:
        return
    with tf.Session() as sess:
        try:
            with np.errstate(all="ignore"):
                sess.run(fetches, feeds)
        except RUN_ERRORS:
            pass
