"""tf.gradients as a graph transform: names, aggregation, None, dtypes, stop_gradient,
overrides, second derivatives, deep graphs."""

import numpy as np
import pytest

import interflow as tf
from interflow.testing import check_gradients


def _run(fetches, feed_dict=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed_dict)


def test_gradient_ops_live_under_gradients_scopes_and_record_their_forward_op():
    x = tf.placeholder(tf.float32, name="x")
    y = tf.square(x, name="sq")
    g1 = tf.gradients(y, x)[0]
    g2 = tf.gradients(y, x)[0]
    assert g1.op.name.startswith("gradients/") and g2.op.name.startswith("gradients_1/")
    grad_ops = [op for op in tf.get_default_graph().get_operations()
                if op.name.startswith("gradients/sq_grad/")]
    assert grad_ops and all(op.forward_op is y.op for op in grad_ops)
    assert _run(g1, {x: 3.0}) == 6.0


def test_several_ys_are_summed_and_fan_out_is_aggregated_with_add_n():
    x = tf.placeholder(tf.float64, shape=[3])
    a = x * 2.0
    b = x * x
    grads = tf.gradients([a, b], [x])
    x_val = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(_run(grads[0], {x: x_val}), 2.0 + 2 * x_val)
    types = {op.type for op in tf.get_default_graph().get_operations()
             if op.name.startswith("gradients/")}
    assert "AddN" in types


def test_unrelated_and_integer_xs_give_none():
    x = tf.placeholder(tf.float32)
    unrelated = tf.placeholder(tf.float32)
    i = tf.placeholder(tf.int32)
    y = x * 2.0 + tf.cast(i, tf.float32)
    assert tf.gradients(y, [unrelated, i]) == [None, None]
    with pytest.raises(TypeError):
        tf.gradients(i * 2, i)


def test_unconnected_zero():
    x = tf.placeholder(tf.float32, shape=[2])
    unrelated = tf.placeholder(tf.float32, shape=[2])
    g = tf.gradients(x * 2.0, unrelated, unconnected_gradients="zero")[0]
    assert _run(g, {unrelated: [1.0, 2.0]}).tolist() == [0.0, 0.0]


def test_broadcast_gradients_reduce_to_the_input_shape():
    a = tf.placeholder(tf.float64, shape=[None, 3])
    b = tf.placeholder(tf.float64, shape=[3])
    c = tf.placeholder(tf.float64, shape=[])
    y = a * b + c
    ga, gb, gc = tf.gradients(y, [a, b, c])
    av = np.arange(6.0).reshape(2, 3)
    bv = np.array([1.0, 2.0, 3.0])
    got = _run([ga, gb, gc], {a: av, b: bv, c: 0.5})
    np.testing.assert_allclose(got[0], np.broadcast_to(bv, (2, 3)))
    np.testing.assert_allclose(got[1], av.sum(axis=0))
    assert got[2] == 6.0


@pytest.mark.parametrize("a_static, b_static, a_value, b_value", [
    ([None, 3], [3], (4, 3), (3,)),           # a never broadcast: its gradient is grad itself
    ([None, 3], [1, 3], (4, 3), (1, 3)),
    ([None, 3], [None, 3], (1, 3), (4, 3)),   # an unknown 1 can be broadcast at run time
    ([None, 1], [None, 3], (4, 1), (4, 3)),
    ([None, None], [5], (2, 5), (5,)),        # a's last dim could be 1 and broadcast to 5
    ([2, None], [None], (2, 1), (6,)),
    (None, [3], (2, 3), (3,)),                # unknown rank
])
def test_broadcast_gradients_with_partly_known_shapes(a_static, b_static, a_value, b_value):
    a = tf.placeholder(tf.float64, shape=a_static)
    b = tf.placeholder(tf.float64, shape=b_static)
    ga, gb = tf.gradients(a * b, [a, b])
    rng = np.random.default_rng(0)
    av, bv = rng.normal(size=a_value), rng.normal(size=b_value)
    got_a, got_b = _run([ga, gb], {a: av, b: bv})
    out = np.broadcast_shapes(av.shape, bv.shape)
    for got, mine, other in ((got_a, av, bv), (got_b, bv, av)):
        full = np.broadcast_to(other, out)
        lead = len(out) - mine.ndim
        summed = full.sum(axis=tuple(range(lead)))
        summed = summed.sum(axis=tuple(i for i, d in enumerate(mine.shape) if d == 1),
                            keepdims=True)
        np.testing.assert_allclose(got, summed.reshape(mine.shape))


def test_gradient_of_a_never_broadcast_input_needs_no_shape_ops():
    a = tf.placeholder(tf.float32, shape=[None, 3])
    b = tf.placeholder(tf.float32, shape=[3])
    ga, = tf.gradients(a + b, [a])
    types = {op.type for op in tf.get_default_graph().get_operations()}
    assert "BroadcastGradientArgs" not in types
    assert ga.op.type == "Fill"  # the ones of grad_ys, passed through unchanged


def test_grad_ys_weights_the_ys():
    x = tf.placeholder(tf.float32, shape=[2])
    y = x * 3.0
    g = tf.gradients(y, x, grad_ys=[tf.constant([1.0, 10.0])])[0]
    assert _run(g, {x: [1.0, 1.0]}).tolist() == [3.0, 30.0]


def test_stop_gradient_and_stop_gradients_argument():
    x = tf.placeholder(tf.float32)
    y = tf.stop_gradient(x * x) + x
    assert _run(tf.gradients(y, x)[0], {x: 3.0}) == 1.0
    a = x * x
    b = a + x
    assert _run(tf.gradients(b, x, stop_gradients=[a])[0], {x: 3.0}) == 1.0


def test_variables_are_differentiated_through_their_read_snapshot():
    theta = tf.Variable([[1.0], [2.0]], name="theta")
    X = tf.constant([[1.0, 1.0], [2.0, 0.5]])
    y = tf.reduce_sum(tf.matmul(X, theta))
    g = tf.gradients(y, [theta])[0]
    np.testing.assert_allclose(_run(g), [[3.0], [1.5]])


def test_second_derivatives():
    x = tf.placeholder(tf.float64)
    y = x * x * x
    dy = tf.gradients(y, x)[0]
    d2y = tf.gradients(dy, x)[0]
    assert _run([dy, d2y], {x: 2.0}) == [12.0, 12.0]


def test_a_10000_op_chain_differentiates():
    x = tf.placeholder(tf.float64)
    y = x
    for _ in range(10_000):
        y = y * 1.0001
    g = tf.gradients(y, x)[0]
    np.testing.assert_allclose(_run(g, {x: 1.0}), 1.0001 ** 10_000)


def test_register_gradient_and_override_map():
    @tf.RegisterGradient("TimesTen_%d" % id(test_register_gradient_and_override_map))
    def _times_ten(op, grad):
        return [grad * 10.0]

    x = tf.placeholder(tf.float32)
    with tf.get_default_graph().gradient_override_map(
            {"Identity": "TimesTen_%d" % id(test_register_gradient_and_override_map)}):
        y = tf.identity(x)
    assert _run(tf.gradients(y, x)[0], {x: 1.0}) == 10.0
    with pytest.raises(KeyError):
        tf.RegisterGradient("TimesTen_%d" % id(test_register_gradient_and_override_map))(
            _times_ten)


def test_not_differentiable_passes_none():
    tf.NotDifferentiable("Interflow_Test_NoGrad")
    from interflow.framework import op_registry
    assert op_registry.has_gradient_entry("Interflow_Test_NoGrad")


def test_missing_gradient_function_is_a_clear_lookup_error():
    from interflow.framework import op_registry
    from interflow.framework.common_shapes import same_as_input
    if "Interflow_Test_NoGradFn" not in op_registry._REGISTRY:
        op_registry.define_op("Interflow_Test_NoGradFn", lambda x: x, same_as_input)
    x = tf.placeholder(tf.float32)
    y = op_registry.apply_op("Interflow_Test_NoGradFn", [x])
    with pytest.raises(LookupError, match="No gradient defined for operation"):
        tf.gradients(y, x)


def test_check_gradients_reports_a_wrong_gradient():
    @tf.RegisterGradient("Wrong_%d" % id(test_check_gradients_reports_a_wrong_gradient))
    def _wrong(op, grad):
        return [grad * 3.0]

    x = tf.placeholder(tf.float64, shape=[2])
    with tf.get_default_graph().gradient_override_map(
            {"Identity": "Wrong_%d" % id(test_check_gradients_reports_a_wrong_gradient)}):
        y = tf.identity(x)
    result = check_gradients(y, x, feed_dict={x: np.array([1.0, 2.0])})
    assert not result.ok
    assert "MISMATCH" in repr(result)
    with pytest.raises(AssertionError):
        result.assert_ok()
    good = check_gradients(x * x, x, feed_dict={x: np.array([1.0, 2.0])})
    assert good.ok and good.max_error < 1e-6
