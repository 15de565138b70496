"""OpStepper and TrainingStepper without a browser: a stepped run equals Session.run, its order
is a valid topological order of exactly the ops the run executes, back and forward round trip,
the seed's optimizer program gets the right phases, and the training history equals a plain
training loop. Then the widgets (their Python side) and the %step / %train magics."""

import shutil

import numpy as np
import pytest

import interflow as tf
from interflow.execution import hooks
from interflow.framework import errors
from interflow.notebook.stepper import OpStepper, TrainingStepper, find_loss, training_phases
from tests.train import seed_programs

needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz's dot is not installed (apt-get install graphviz)")


def build():
    """Placeholders, variables in a scope, a control dependency on an assign_add, an assign,
    a seeded random op: everything a run can do to its order and to the session's state."""
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.name_scope("model"):
        w = tf.Variable([[1.0], [2.0]], name="w")
        b = tf.Variable(0.5, name="b")
        y = tf.matmul(x, w) + b
    counter = tf.Variable(0, name="counter")
    bump = tf.assign_add(counter, 1, name="bump")
    with tf.control_dependencies([bump]):
        z = tf.reduce_sum(y * 2.0, name="z")
    grow = tf.assign(w, w * 2.0, name="grow")
    noise = tf.random_normal([3], seed=7, name="noise")
    return {"x": x, "w": w, "b": b, "y": y, "counter": counter, "bump": bump, "z": z,
            "grow": grow, "noise": noise, "init": tf.global_variables_initializer()}


FEED = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.25]], dtype=np.float32)

FETCHES = {
    "tensor": lambda g: g["y"],
    "list with an assign": lambda g: [g["z"], g["grow"]],
    "dict and tuple": lambda g: {"z": g["z"], "pair": (g["y"], g["bump"]), "n": g["noise"]},
    "an op": lambda g: g["z"].op,
    "a name": lambda g: "z:0",
    "a variable": lambda g: g["w"],
}


def two_sessions(g):
    a, b = tf.Session(), tf.Session()
    a.run(g["init"])
    b.run(g["init"])
    return a, b


def assert_same(got, want):
    assert type(got) is type(want), (got, want)
    if isinstance(want, dict):
        assert list(got) == list(want)
        for k in want:
            assert_same(got[k], want[k])
    elif isinstance(want, (list, tuple)):
        assert len(got) == len(want)
        for g_, w_ in zip(got, want):
            assert_same(g_, w_)
    elif want is None:
        assert got is None
    else:
        assert np.asarray(got).dtype == np.asarray(want).dtype
        np.testing.assert_array_equal(got, want)


def session_variables(session):
    return {k: np.array(v) for k, v in session._variable_store().items()}


class Executed(hooks.RunHook):
    """The ops one plain Session.run executed, in order."""

    def __init__(self):
        self.ops = []

    def on_op_done(self, op, outputs, seconds):
        self.ops.append(op.name)


def executed_by_run(session, fetches, feed_dict):
    seen = Executed()
    hooks.add_hook(seen)
    try:
        session.run(fetches, feed_dict=feed_dict)
    finally:
        hooks.remove_hook(seen)
    return seen.ops


# ----------------------------------------------------------------------------- OpStepper

@pytest.mark.parametrize("which", list(FETCHES))
def test_the_stepped_run_returns_what_session_run_returns(which):
    g = build()
    a, b = two_sessions(g)
    fetches = FETCHES[which](g)
    stepper = OpStepper(fetches, feed_dict={g["x"]: FEED}, session=a)
    assert not stepper.done
    with pytest.raises(ValueError, match="not finished"):
        stepper.result
    while not stepper.done:
        stepper.step()
    assert_same(stepper.result, b.run(fetches, feed_dict={g["x"]: FEED}))
    # The run was real, and only one: the variables end as after one Session.run.
    want = session_variables(b)
    got = session_variables(a)
    assert set(got) == set(want)
    for name in want:
        np.testing.assert_array_equal(got[name], want[name])


@pytest.mark.parametrize("which", list(FETCHES))
def test_order_is_a_topological_order_of_exactly_the_ops_the_run_executes(which):
    g = build()
    a, b = two_sessions(g)
    fetches = FETCHES[which](g)
    stepper = OpStepper(fetches, feed_dict={g["x"]: FEED}, session=a)
    executed = executed_by_run(b, fetches, {g["x"]: FEED})
    assert sorted(stepper.order) == sorted(executed)
    assert len(set(stepper.order)) == len(stepper.order)
    graph = tf.get_default_graph()
    position = {name: i for i, name in enumerate(stepper.order)}
    fed = {g["x"]}
    for name in stepper.order:
        op = graph.get_operation_by_name(name)
        refs = op.op_def.ref_inputs
        for i, t in enumerate(op.inputs):
            if t not in fed and i not in refs:
                assert position[t.op.name] < position[name], (t.op.name, name)
        for c in op.control_inputs:
            assert position[c.name] < position[name], (c.name, name)
    # ... and the stepper executes them in that order.
    ran = []
    while not stepper.done:
        ran.append(stepper.step())
    assert ran == stepper.order


def test_back_and_forward_round_trip_and_the_session_keeps_the_real_run():
    g = build()
    a, _ = two_sessions(g)
    stepper = OpStepper([g["z"], g["grow"]], feed_dict={g["x"]: FEED}, session=a)
    n = len(stepper.order)
    seen = [(stepper.current, stepper.values, stepper.variables)]
    for _ in range(n):
        stepper.step()
        seen.append((stepper.current, stepper.values, stepper.variables))
    assert stepper.done and stepper.position == n
    final = session_variables(a)

    def check(position):
        current, values, variables = seen[position]
        assert stepper.position == position
        assert stepper.current == current
        assert list(stepper.values) == list(values)
        for k in values:
            np.testing.assert_array_equal(stepper.values[k], values[k])
        for k in variables:
            np.testing.assert_array_equal(stepper.variables[k], variables[k])

    for position in range(n - 1, -1, -1):
        stepper.back()
        check(position)
        assert not stepper.done
    assert stepper.back() is None and stepper.position == 0
    # Going back restores nothing in the session.
    for name, value in session_variables(a).items():
        np.testing.assert_array_equal(value, final[name])
    for position in range(1, n + 1):
        stepper.step()
        check(position)
    assert stepper.step() == stepper.order[-1]     # at the end: nothing more runs
    assert a.run(g["counter"]) == 1                # bump ran once, not once per replay
    stepper.back(3)
    check(n - 3)
    stepper.step(2)
    check(n - 1)


def test_an_assign_is_visible_after_its_op_and_back_shows_the_earlier_value():
    g = build()
    a, _ = two_sessions(g)
    stepper = OpStepper([g["z"], g["grow"]], feed_dict={g["x"]: FEED}, session=a)
    stepper.run_to("bump")
    assert stepper.current == "bump"
    assert stepper.variables["counter"] == 1
    assert a.run(g["counter"]) == 1            # the run is real: the session has it too
    stepper.back()
    assert stepper.variables["counter"] == 0  # ... the view goes back
    assert a.run(g["counter"]) == 1
    stepper.run_to(g["grow"])
    np.testing.assert_array_equal(stepper.variables["model/w"], [[2.0], [4.0]])
    stepper.back()
    np.testing.assert_array_equal(stepper.variables["model/w"], [[1.0], [2.0]])
    # Values are kept as computed: the read made before the assign keeps the old value.
    np.testing.assert_array_equal(stepper.values["model/w/read:0"], [[1.0], [2.0]])


def test_run_to_moves_both_ways_and_names_the_ops_on_a_typo():
    g = build()
    a, _ = two_sessions(g)
    stepper = OpStepper(g["z"], feed_dict={g["x"]: FEED}, session=a)
    assert stepper.run_to("z") == "z" and stepper.done
    assert stepper.run_to(g["y"]) == g["y"].op.name
    assert stepper.position == stepper.order.index(g["y"].op.name) + 1
    with pytest.raises(ValueError, match="not executed by this run; its ops are: .*model/w"):
        stepper.run_to("grow")
    assert stepper.seek(10 ** 6) == "z" and stepper.done
    assert stepper.seek(-5) is None and stepper.position == 0


def test_values_are_the_runs_tensors_so_far_fed_values_included():
    g = build()
    a, b = two_sessions(g)
    stepper = OpStepper(g["y"], feed_dict={g["x"]: FEED}, session=a)
    assert list(stepper.values) == ["x:0"]
    stepper.run_to("model/MatMul")
    np.testing.assert_array_equal(stepper.values["model/MatMul:0"], FEED @ [[1.0], [2.0]])
    assert "model/add:0" not in stepper.values
    stepper.finish()
    assert stepper.values["model/add:0"].dtype == np.float32
    np.testing.assert_array_equal(stepper.values["model/add:0"],
                                  b.run(g["y"], feed_dict={g["x"]: FEED}))
    assert isinstance(stepper.values["model/b:0"], np.float32)   # 0-d: a NumPy scalar, as run


def test_an_unfed_placeholder_is_known_before_anything_runs():
    g = build()
    a, b = two_sessions(g)
    stepper = OpStepper(g["z"], session=a)
    assert stepper.missing == ["x"]
    assert isinstance(stepper.error, errors.InvalidArgumentError)
    assert "You must feed a value for placeholder tensor 'x'" in stepper.error.message
    assert stepper.order == [] and stepper.current is None
    with pytest.raises(errors.InvalidArgumentError) as raised:
        stepper.step()
    with pytest.raises(errors.InvalidArgumentError) as direct:
        b.run(g["z"])
    assert raised.value.message == direct.value.message
    assert a.run(g["counter"]) == 0


def test_an_uninitialized_variable_fails_the_first_step_which_can_be_retried():
    g = build()
    sess = tf.Session()
    stepper = OpStepper(g["y"], feed_dict={g["x"]: FEED}, session=sess)
    with pytest.raises(errors.FailedPreconditionError, match="not initialized"):
        stepper.step()
    assert stepper.position == 0 and not stepper.finished
    sess.run(g["init"])
    assert stepper.step() == stepper.order[0]
    stepper.finish()
    np.testing.assert_allclose(stepper.result, FEED @ [[1.0], [2.0]] + 0.5)


def test_a_failing_op_ends_the_run_and_the_view_stays_usable():
    x = tf.placeholder(tf.float32, [None, None], name="x")
    w = tf.constant([[1.0], [2.0]], name="w")
    y = tf.matmul(x, w, name="y")
    out = y + 1.0
    sess = tf.Session()
    bad = np.ones((2, 3), np.float32)
    stepper = OpStepper(out, feed_dict={x: bad}, session=sess)
    with pytest.raises(errors.InvalidArgumentError) as raised:
        stepper.run_to("add")
    with pytest.raises(errors.InvalidArgumentError) as direct:
        sess.run(out, feed_dict={x: bad})
    assert raised.value.message == direct.value.message
    assert stepper.failed == "y" and stepper.finished
    assert stepper.current == "w" and stepper.done
    with pytest.raises(errors.InvalidArgumentError):
        stepper.result
    with pytest.raises(errors.InvalidArgumentError):
        stepper.step()
    assert stepper.back() is None
    assert stepper.step() == "w"


def test_a_run_of_a_fed_tensor_runs_no_op():
    x = tf.placeholder(tf.float32, [2], name="x")
    sess = tf.Session()
    stepper = OpStepper(x, feed_dict={x: [1.0, 2.0]}, session=sess)
    assert stepper.order == []
    np.testing.assert_array_equal(stepper.finish(), [1.0, 2.0])
    assert stepper.done


def test_the_default_session_is_used_and_a_missing_one_is_explained():
    c = tf.constant(2.0, name="c") * 3.0
    with pytest.raises(ValueError, match="tf.InteractiveSession"):
        OpStepper(c)
    with tf.Session():
        assert OpStepper(c).finish() == 6.0


# ----------------------------------------------------------------------------- TrainingStepper

def seed_program(*parts):
    ns = {}
    exec(seed_programs.PRELUDE + "".join(parts), ns)
    return ns


def test_phases_of_the_seeds_optimizer_program():
    ns = seed_program(seed_programs.MODEL, seed_programs.OPTIMIZER)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    stepper = TrainingStepper(ns["training_op"], session=sess)
    phases = stepper.phases
    assert stepper.loss is ns["mse"]
    assert [t.name for t in stepper.watch] == ["mse:0", "theta:0"]
    forward = {name for name, p in phases.items() if p == "forward"}
    gradient = {name for name, p in phases.items() if p == "gradient"}
    update = {name for name, p in phases.items() if p == "update"}
    assert forward == {"X", "y", "theta", "theta/read", "predictions", "sub", "Square", "Const",
                       "mse"}
    assert gradient and all(name.startswith("gradients/") for name in gradient)
    graph = tf.get_default_graph()
    assert all(graph.get_operation_by_name(n).forward_op is not None or
               n.startswith("gradients/") for n in gradient)
    assert update == {"GradientDescent", "GradientDescent/learning_rate",
                      "GradientDescent/update_theta/ApplyGradientDescent"}
    # Exactly the ops one step runs (with the watched loss), nothing else.
    stepper.step()
    assert set(stepper.order) == set(phases)


def test_phases_with_a_global_step_and_placeholders():
    ns = seed_program(seed_programs.MINIBATCH_MODEL, seed_programs.MINIBATCH_OPTIMIZER)
    stepper = TrainingStepper(ns["training_op"], session=tf.Session())
    phases = stepper.phases
    assert phases["X"] == phases["y"] == phases["mse"] == phases["theta/read"] == "forward"
    for name in ("GradientDescent", "GradientDescent/update", "global_step",
                 "GradientDescent/update_theta/ApplyGradientDescent"):
        assert phases[name] == "update", name
    assert all(p == "gradient" for n, p in phases.items() if n.startswith("gradients/"))
    assert [t.name for t in stepper.watch] == ["mse:0", "theta:0"]   # not global_step


def test_phases_of_adam_put_its_slots_and_beta_powers_in_the_update():
    ns = seed_program(seed_programs.MODEL, "optimizer = tf.train.AdamOptimizer(0.01)\n"
                                           "training_op = optimizer.minimize(mse)\n")
    phases = TrainingStepper(ns["training_op"], session=tf.Session()).phases
    for name in ("beta1_power", "beta1_power/read", "beta2_power", "theta/Adam",
                 "theta/Adam_1", "Adam/update_theta/ApplyAdam", "Adam/mul", "Adam/Assign",
                 "Adam"):
        assert phases[name] == "update", name
    assert phases["theta"] == phases["mse"] == "forward"


def test_phases_of_the_hand_written_gradient_step():
    ns = seed_program(seed_programs.MODEL, seed_programs.MANUAL)
    stepper = TrainingStepper(ns["training_op"], watch=[ns["mse"]], session=tf.Session())
    assert stepper.loss is None
    assert stepper.phases[ns["training_op"].op.name] == "update"
    assert set(stepper.phases.values()) == {"forward", "update"}
    assert stepper.phases["mse"] == stepper.phases["predictions"] == "forward"
    stepper.session.run(tf.global_variables_initializer())
    stepper.step(3)
    losses = stepper.history["mse"]
    assert len(losses) == 3 and losses[2] < losses[1] < losses[0]


def test_history_matches_a_plain_training_loop():
    ns = seed_program(seed_programs.MINIBATCH_MODEL, seed_programs.MINIBATCH_OPTIMIZER,
                      seed_programs.FETCH_BATCH)
    X, y, mse, theta = ns["X"], ns["y"], ns["mse"], ns["theta"]
    training_op, fetch_batch = ns["training_op"], ns["fetch_batch"]

    def feed(step):
        X_batch, y_batch = fetch_batch(0, step, 100)
        return {X: X_batch, y: y_batch}

    init = tf.global_variables_initializer()
    stepped, plain = tf.Session(), tf.Session()
    stepped.run(init)
    plain.run(init)
    stepper = TrainingStepper(training_op, feed_dict=feed, watch=[mse, theta, "global_step"],
                              session=stepped)
    stepper.step()
    stepper.step(24)
    assert stepper.steps == 25
    losses, thetas, steps = [], [], []
    for step in range(25):
        thetas.append(plain.run(theta))
        steps.append(plain.run(ns["global_step"]))
        losses.append(plain.run(mse, feed_dict=feed(step)))
        plain.run(training_op, feed_dict=feed(step))
    assert list(stepper.history) == ["mse:0", "theta:0", "global_step:0"]
    assert stepper.history["mse"] is stepper.history["mse:0"]
    assert stepper.history[mse] is stepper.history["mse:0"]
    assert len(stepper.history["mse:0"]) == 25
    for got, want in zip(stepper.history["mse:0"], losses):
        assert type(got) is type(want) and got == want
    for got, want in zip(stepper.history["theta:0"], thetas):
        np.testing.assert_array_equal(got, want)
    assert stepper.history["global_step:0"] == steps == list(range(25))
    np.testing.assert_array_equal(stepper.last.after["theta:0"], plain.run(theta))
    np.testing.assert_array_equal(stepped.run(theta), plain.run(theta))
    assert losses[-1] < losses[0]


def test_history_of_the_seeds_loop_with_a_loss_the_gradients_do_not_need():
    # With static shapes the gradient of mse does not read mse: the step must still compute
    # the watched loss before its update, as the seed's loop prints it.
    ns = seed_program(seed_programs.MODEL, seed_programs.OPTIMIZER)
    init = tf.global_variables_initializer()
    stepped, plain = tf.Session(), tf.Session()
    stepped.run(init)
    plain.run(init)
    stepper = TrainingStepper(ns["training_op"], session=stepped)
    stepper.step(10)
    losses = []
    for epoch in range(10):
        losses.append(ns["mse"].eval(session=plain))
        plain.run(ns["training_op"])
    assert stepper.history["mse"] == losses
    np.testing.assert_array_equal(stepped.run(ns["theta"]), plain.run(ns["theta"]))


def test_after_values_evaluate_pure_tensors_again_on_the_same_feed():
    ns = seed_program(seed_programs.MODEL, seed_programs.OPTIMIZER)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    stepper = TrainingStepper(ns["training_op"], session=sess)
    assert stepper.after_values() == {}
    record = stepper.step()
    after = stepper.after_values()
    assert after["mse:0"] < record.before["mse:0"]
    assert after["mse:0"] == sess.run(ns["mse"])
    np.testing.assert_array_equal(after["theta:0"], sess.run(ns["theta"]))
    assert not np.array_equal(record.before["theta:0"], after["theta:0"])


def test_a_random_watched_tensor_is_not_evaluated_again():
    w = tf.Variable(1.0, name="w")
    noisy = tf.add(w * w, tf.random_uniform([], seed=1), name="noisy")
    train = tf.train.GradientDescentOptimizer(0.1).minimize(noisy)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    stepper = TrainingStepper(train, session=sess)
    assert stepper.loss.name == "noisy:0"
    stepper.step()
    assert "noisy:0" not in stepper.after_values()
    assert set(stepper.after_values()) == {"w:0"}


def test_reset_reruns_the_initializers_and_clears_the_history():
    w = tf.Variable([3.0, -2.0], name="w")
    loss = tf.reduce_sum(tf.square(w), name="loss")
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    stepper = TrainingStepper(train, watch=[loss, w], session=sess)
    stepper.step(3)
    assert stepper.steps == 3 and len(stepper.history["loss"]) == 3
    np.testing.assert_allclose(sess.run(w), [3.0 * 0.8 ** 3, -2.0 * 0.8 ** 3], rtol=1e-6)
    stepper.reset()
    assert stepper.steps == 0 and stepper.last is None
    assert stepper.history == {"loss:0": [], "w:0": []}
    np.testing.assert_array_equal(sess.run(w), [3.0, -2.0])
    stepper.step()
    assert stepper.history["loss"] == [np.float32(13.0)]


def test_a_failing_step_is_reported_and_does_not_count():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0], [1.0]], name="w")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w)), name="loss")
    train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    sess = tf.Session()

    def feed(step):
        if step == 1:
            raise RuntimeError("no batch %d" % step)
        return {x: np.ones((4, 2))}

    stepper = TrainingStepper(train, feed_dict=feed, session=sess)
    with pytest.raises(errors.FailedPreconditionError):
        stepper.step()            # not initialized yet
    assert stepper.steps == 0 and stepper.last.error is not None
    assert stepper.last.failed == "w"
    sess.run(tf.global_variables_initializer())
    stepper.step()
    with pytest.raises(RuntimeError, match="no batch 1"):
        stepper.step()
    assert stepper.steps == 1 and len(stepper.history["loss"]) == 1
    stepper.feed_dict = {x: np.ones((4, 2))}
    stepper.step()
    assert stepper.steps == 2


def test_find_loss_is_none_without_gradients():
    c = tf.constant(1.0) + 2.0
    assert find_loss([c.op]) is None
    assert training_phases(c.op, [c.op]) == {c.op.name: "update"}


# ----------------------------------------------------------------------------- widgets

def _ipywidgets():
    return pytest.importorskip("ipywidgets", reason="ipywidgets is not installed")


@needs_dot
def test_op_stepper_widget_draws_once_and_restyles_each_step():
    _ipywidgets()
    from interflow.notebook.widgets import OpStepperView
    g = build()
    a, _ = two_sessions(g)
    stepper = OpStepper([g["z"], g["grow"]], feed_dict={g["x"]: FEED}, session=a)
    view = OpStepperView(stepper, aliases={})
    view.widget
    base = view._base.value
    pic = view.drawn().picture
    assert set(stepper.order) <= set(pic.node_ids)
    assert "before the first op" in view._status.value
    view._step.click()
    assert stepper.position == 1 and view._slider.value == 1
    first = stepper.order[0]
    assert "op 1 of %d: %s" % (len(stepper.order), first) in view._status.value
    assert "#%s path" % pic.node_ids[first] in view._overlay.value    # highlighted
    view._slider.value = 6
    assert stepper.position == 6
    sixth = stepper.current
    assert "#%s path" % pic.node_ids[sixth] in view._overlay.value
    assert "#%s path" % pic.node_ids[first] not in view._overlay.value.split("filter")[0] \
        .split("stroke: #e65100")[0].split("}")[-1]
    view._back.click()
    assert stepper.position == 5 and view._slider.value == 5
    assert view._base.value == base                  # never redrawn: nothing moves
    view._slider.value = len(stepper.order)
    assert stepper.done and "done" in view._status.value
    assert view._base.value == base
    # The values are written on the nodes (the overlay) and listed in the panel.
    assert "[[2.]" in view._overlay.value and "grow" in view._panel.value
    assert view._step.disabled and not view._back.disabled


@needs_dot
def test_op_stepper_widget_marks_an_unfed_placeholder_before_anything_runs():
    _ipywidgets()
    from interflow.notebook.widgets import OpStepperView
    g = build()
    a, _ = two_sessions(g)
    view = OpStepperView(OpStepper(g["z"], session=a), aliases={})
    view.widget
    assert view._step.disabled and view._slider.disabled and view._play.disabled
    assert "placeholder x not fed" in view._error.value
    assert "You must feed a value for placeholder tensor" in view._error.value
    assert "needs a feed" in view._base.value


@needs_dot
def test_op_stepper_widget_shows_a_failure_and_stays_usable():
    _ipywidgets()
    from interflow.notebook.widgets import OpStepperView
    x = tf.placeholder(tf.float32, [None, None], name="x")
    y = tf.matmul(x, tf.constant([[1.0], [2.0]], name="w"), name="y")
    stepper = OpStepper(y + 1.0, feed_dict={x: np.ones((2, 3))}, session=tf.Session())
    view = OpStepperView(stepper, aliases={})
    view.widget
    view._slider.value = 3
    assert "InvalidArgumentError" in view._error.value
    assert stepper.failed == "y" and view._slider.value == stepper.position == 1
    assert "failed: y" in view._status.value
    view._back.click()
    assert stepper.position == 0 and view._error.value == ""


@needs_dot
def test_the_current_ops_collapsed_scope_is_opened():
    _ipywidgets()
    from interflow.notebook.widgets import OpStepperView
    from tests.notebook.graphs import blocks
    h = blocks(8)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    stepper = OpStepper(h, feed_dict={"x:0": np.ones((1, 2))}, session=sess)
    view = OpStepperView(stepper, aliases={})
    view.widget
    first = view._base.value
    assert not view.drawn().shows("block3/MatMul")
    stepper.run_to("block3/MatMul")
    view.refresh()
    assert view.drawn().shows("block3/MatMul")
    assert view._base.value != first
    assert "#%s path" % view.drawn().picture.node_ids["block3/MatMul"] in view._overlay.value


@needs_dot
def test_training_widget_steps_runs_n_resets_and_survives_an_error():
    _ipywidgets()
    from interflow.notebook.widgets import TrainingStepperView
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0], [1.0]], name="w")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0), name="loss")
    train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    data = {"x": np.ones((4, 2), np.float32)}
    stepper = TrainingStepper(train, feed_dict=lambda step: {x: data["x"]}, session=sess)
    view = TrainingStepperView(stepper, aliases={})
    view.widget
    base = view._base.value
    pic = view.drawn().picture
    gd = pic.node_ids["GradientDescent"]
    assert "#%s path" % gd in view._overlay.value and "#d8f0d8" in view._overlay.value
    view._step.click()
    assert stepper.steps == 1 and "1 step run" in view._status.value
    assert "before step 1" in view._watched.value
    view._n.value = 5
    view._run_n.click()
    assert stepper.steps == 6
    assert "<polyline" in view._curve.value and "step 6" in view._curve.value
    data["x"] = np.ones((4, 3), np.float32)
    view._step.click()
    assert "Step 7 failed" in view._error.value and stepper.steps == 6
    data["x"] = np.ones((4, 2), np.float32)
    view._step.click()
    assert view._error.value == "" and stepper.steps == 7
    view._reset.click()
    assert stepper.steps == 0 and "0 steps run" in view._status.value
    assert view._base.value == base
    view._play.playing = True
    view._play.value = 1
    view._play.value = 2
    assert stepper.steps == 2


@needs_dot
def test_snapshot_is_a_standalone_svg_of_the_last_state():
    _ipywidgets()
    from interflow.notebook.widgets import OpStepperView
    g = build()
    a, _ = two_sessions(g)
    stepper = OpStepper(g["y"], feed_dict={g["x"]: FEED}, session=a)
    view = OpStepperView(stepper, aliases={})
    stepper.run_to("model/MatMul")
    view.refresh()
    bundle = view.snapshot_bundle()
    svg = bundle["image/svg+xml"]
    assert svg.startswith("<svg") and "ifsnap-" + view.prefix in svg
    assert "stroke: #e65100" in svg and "op %d of" % stepper.position in bundle["text/plain"]
    import xml.dom.minidom
    xml.dom.minidom.parseString(svg)          # well-formed: viewers can show it


# ----------------------------------------------------------------------------- magics

@pytest.fixture
def ip():
    IPython = pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    shell.reset(new_session=False)
    result = shell.run_cell("%load_ext interflow")
    if not result.success or "step" not in shell.magics_manager.magics["line"]:
        import interflow
        interflow.load_ipython_extension(shell)
    assert IPython
    yield shell
    shell.reset(new_session=False)


def run_cell(shell, source):
    from IPython.utils.capture import capture_output
    with capture_output() as cap:
        result = shell.run_cell(source)
    return result, cap


PROGRAM = """
import numpy as np
import interflow as tf
x = tf.placeholder(tf.float32, [None, 2], name="x")
w = tf.Variable([[1.0], [2.0]], name="w")
y = tf.matmul(x, w)
loss = tf.reduce_mean(tf.square(y - 1.0), name="loss")
train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
batches = [np.ones((3, 2)) * (i + 1) for i in range(4)]
sess = tf.InteractiveSession()
sess.run(tf.global_variables_initializer())
"""


def test_step_magic_opens_an_op_stepper(ip):
    run_cell(ip, PROGRAM)
    result, cap = run_cell(ip, "s = %step y --feed x=np.ones((2,2))")
    assert result.success, cap.stderr
    s = ip.user_ns["s"]
    assert isinstance(s, OpStepper)
    np.testing.assert_array_equal(s.finish(), [[3.0], [3.0]])
    result, cap = run_cell(ip, "s2 = %step y loss --feed '{x: batches[0]}'")
    assert result.success and ip.user_ns["s2"].finish()[1] == np.float32(4.0)


def test_train_magic_evaluates_feeds_at_every_step(ip):
    run_cell(ip, PROGRAM)
    result, cap = run_cell(ip, "t = %train train --feed x=batches[step % 4] --watch loss,w")
    assert result.success, cap.stderr
    t = ip.user_ns["t"]
    assert isinstance(t, TrainingStepper)
    assert [v.name for v in t.watch] == ["loss:0", "w:0"]
    t.step(4)
    np.testing.assert_array_equal(t.last.feed[ip.user_ns["x"]], np.ones((3, 2)) * 4)


@pytest.mark.parametrize("line, message", [
    ("%step", "%step: the following arguments are required: fetch"),
    ("%step nope", "%step: unknown tensor or op 'nope'"),
    ("%step y --feed x", "%step: --feed x must be NAME=EXPR, a dict, not a Tensor"),
    ("%step y --feed x=undefined_name", "%step: cannot evaluate --feed undefined_name"),
    ("%train train --feed x=batches[step]+", "%train: cannot evaluate --feed batches[step]+"),
    ("%train train --watch nope", "%train: unknown tensor or op 'nope'"),
    ("%train", "%train: the following arguments are required: fetch"),
])
def test_magics_fail_in_one_line(ip, line, message):
    run_cell(ip, PROGRAM)
    result, cap = run_cell(ip, line)
    assert result.success
    lines = cap.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), cap.stderr
    assert "Traceback" not in cap.stdout + cap.stderr


def test_magics_need_a_default_session(ip):
    run_cell(ip, PROGRAM.replace("sess = tf.InteractiveSession()\nsess.run("
                                 "tf.global_variables_initializer())", ""))
    result, cap = run_cell(ip, "%step y --feed x=np.ones((2,2))")
    assert cap.stderr.startswith("%step: the run needs a default session")


@needs_dot
def test_the_widget_follows_a_stepper_moved_from_code():
    _ipywidgets()
    from interflow.notebook.widgets import OpStepperView, TrainingStepperView
    g = build()
    a, _ = two_sessions(g)
    stepper = OpStepper(g["y"], feed_dict={g["x"]: FEED}, session=a)
    view = OpStepperView(stepper, aliases={})
    view.widget
    stepper.run_to("model/MatMul")
    assert view._slider.value == stepper.position
    assert "model/MatMul (MatMul)" in view._status.value
    w = tf.Variable(2.0, name="v")
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.square(w, name="sq"))
    a.run(w.initializer)
    trainer = TrainingStepper(train, session=a)
    tview = TrainingStepperView(trainer, aliases={})
    tview.widget
    trainer.step(2)
    assert "2 steps run" in tview._status.value


# ----------------------------------------------------------------------------- saved notebook

def test_a_saved_notebook_keeps_a_static_svg_of_the_last_state(jupyter_data, tmp_path):
    pytest.importorskip("ipywidgets", reason="ipywidgets is not installed")
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed (apt-get install graphviz)")
    from tests.notebook.test_notebooks import execute
    nb = execute([
        "%load_ext interflow",
        PROGRAM,
        "s = %step loss --feed x=batches[1]\ns",
        "s.run_to('MatMul')",
        "t = %train train --feed x=batches[step % 4]\nt",
        "t.step(3)",
    ], jupyter_data, tmp_path)

    def snapshot(cell):
        found = [o for o in cell.outputs if o.output_type == "display_data"
                 and "image/svg+xml" in o.data]
        assert len(found) == 1, cell.outputs
        return found[0].data

    for index in (2, 4):
        kinds = [sorted(o.data) for o in nb.cells[index].outputs
                 if o.output_type == "display_data"]
        assert ["application/vnd.jupyter.widget-view+json", "text/plain"] in kinds
    op_state = snapshot(nb.cells[2])
    assert op_state["text/plain"].startswith("op 3 of ")
    assert ": MatMul (MatMul)" in op_state["text/plain"]
    assert op_state["image/svg+xml"].startswith("<svg") and "#e65100" in op_state["image/svg+xml"]
    train_state = snapshot(nb.cells[4])
    assert train_state["text/plain"].startswith("3 steps run; loss = ")


def test_without_dot_the_widgets_still_step(monkeypatch):
    _ipywidgets()
    from interflow.notebook import drawing
    from interflow.notebook.widgets import OpStepperView, TrainingStepperView

    def no_dot(data):
        raise drawing.DotMissing(drawing.DOT_MISSING)
    monkeypatch.setattr(drawing, "_run_dot", no_dot)
    g = build()
    a, _ = two_sessions(g)
    view = OpStepperView(OpStepper(g["y"], feed_dict={g["x"]: FEED}, session=a), aliases={})
    view.widget
    assert "dot program was not found, so the graph is not drawn" in view._base.value
    view._step.click()
    view._step.click()
    assert view.stepper.position == 2 and "op 2 of" in view._status.value
    assert "current op" in view._panel.value
    bundle = view.snapshot_bundle()
    assert set(bundle) == {"text/plain"} and "op 2 of" in bundle["text/plain"]
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(g["w"] * 1.0))
    tview = TrainingStepperView(TrainingStepper(train, session=a), aliases={})
    tview.widget
    tview._step.click()
    assert tview.stepper.steps == 1 and tview._error.value == ""


def test_without_ipywidgets_the_stepper_shows_its_picture_and_says_why(monkeypatch):
    import sys
    from IPython.utils.capture import capture_output
    from interflow.notebook.widgets import display_view, OpStepperView
    g = build()
    a, _ = two_sessions(g)
    view = OpStepperView(OpStepper(g["y"], feed_dict={g["x"]: FEED}, session=a), aliases={})
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    with capture_output() as cap:
        display_view(view)
    assert len(cap.outputs) == 1
    data = cap.outputs[0].data
    assert "ipywidgets" in data["text/plain"]
    if shutil.which("dot"):
        assert data["image/svg+xml"].startswith("<svg")


def test_a_failure_in_the_first_op_is_marked_as_such():
    x = tf.placeholder(tf.float32, [None, None], name="x")
    y = tf.matmul(x, x, name="y")
    stepper = OpStepper(y, feed_dict={x: np.ones((2, 3))}, session=tf.Session())
    assert stepper.order == ["y"]
    with pytest.raises(errors.InvalidArgumentError):
        stepper.step()
    assert stepper.failed == "y" and stepper.finished and stepper.position == 0
