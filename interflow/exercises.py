"""Self-checking classroom exercises: each check inspects a student's graph, values, trace or
gradients and says right (✓) or wrong (✗) with a hint, without ever showing the answer.

    from interflow import exercises as ex
    ex.check_first_graph(f)          # shows ✓ or ✗ + hint as the cell's result

Every check returns a `Result` (truthy when right) and never raises: a student's mistake, even
one that makes the graph fail to run, becomes a hint. Checks do not add ops to the student's
graph (they run it in their own session and compare with finite differences or NumPy), so
drawings of the graph stay as the student built them.
"""

import functools
import html

import numpy as np

from interflow.framework.graph import Graph, GraphKeys, get_default_graph
from interflow.framework.operation import Operation, Tensor
from interflow.execution.session import Session
from interflow.variables import Variable

__all__ = ["Result", "check_first_graph", "check_computed_once", "check_assign_placeholder",
           "check_own_graph", "check_manual_gradients", "check_autodiff_gradients",
           "check_training_step", "check_fetch_batch", "check_trained_theta",
           "check_copy_paste_fixed", "check_relu_name_scopes", "check_shared_threshold",
           "check_scope_names"]


class Result:
    """The verdict of a check: truthy when right; shows as ✓/✗ with a message and a hint."""

    def __init__(self, ok, exercise, message, hint=None):
        self.ok = bool(ok)
        self.exercise = exercise
        self.message = message
        self.hint = hint

    def __bool__(self):
        return self.ok

    def __repr__(self):
        if self.ok:
            return "✓ %s: %s" % (self.exercise, self.message)
        text = "✗ %s: %s" % (self.exercise, self.message)
        if self.hint:
            text += "\n  Hint: %s" % self.hint
        return text

    __str__ = __repr__

    def _repr_html_(self):
        color, background, mark = (("#1a7f37", "#eaf7ee", "✓") if self.ok
                                   else ("#b42318", "#fdeeee", "✗"))
        hint = ""
        if not self.ok and self.hint:
            hint = "<br><b>Hint:</b> %s" % html.escape(self.hint)
        return ('<div class="interflow-check" style="border-left:4px solid %s;background:%s;'
                'padding:6px 10px;margin:4px 0;font-family:sans-serif">'
                '<b style="color:%s">%s %s</b>: %s%s</div>'
                % (color, background, color, mark, html.escape(self.exercise),
                   html.escape(self.message), hint))


def _right(exercise, message):
    return Result(True, exercise, message)


def _wrong(exercise, message, hint=None):
    return Result(False, exercise, message, hint)


def _first_line(error):
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return message.strip().split("\n")[0].strip()


def _never_raises(exercise):
    """Turns any exception inside a check into a ✗ (a check must not break a class's notebook)."""
    def wrap(check):
        @functools.wraps(check)
        def checked(*args, **kwargs):
            try:
                return check(*args, **kwargs)
            except Exception as e:  # the student's graph may fail in any way
                return _wrong(exercise, "running your answer failed with %s: %s"
                              % (type(e).__name__, _first_line(e)),
                              "read the error: it names the op and the line that built it.")
        return checked
    return wrap


# ------------------------------------------------------------------------------ helpers


def _element(obj):
    """The Tensor or Operation behind obj (a Variable gives its value), else None."""
    if isinstance(obj, Variable):
        return obj.value()
    if isinstance(obj, (Tensor, Operation)):
        return obj
    return None


def _describe(obj):
    if obj is None:
        return "None"
    if isinstance(obj, np.ndarray):
        return "a NumPy array"
    if isinstance(obj, (list, tuple)):
        return "a %s of %d item%s" % (type(obj).__name__, len(obj), "" if len(obj) == 1 else "s")
    return "a %s" % type(obj).__name__


def _variables(graph):
    return list(graph.get_collection(GraphKeys.GLOBAL_VARIABLES))


def _session(graph):
    """A new session on `graph` with every global variable initialized (no op is added)."""
    sess = Session(graph=graph)
    initializers = [v.initializer for v in _variables(graph)]
    if initializers:
        sess.run(initializers)
    return sess


def _ancestors(element):
    """Every op `element` depends on (data and control inputs), itself included."""
    start = element if isinstance(element, Operation) else element.op
    seen = {start}
    stack = [start]
    while stack:
        op = stack.pop()
        for producer in [t.op for t in op.inputs] + list(op.control_inputs):
            if producer not in seen:
                seen.add(producer)
                stack.append(producer)
    return seen


def _shape(value):
    return "(%s)" % ", ".join(str(d) for d in np.shape(value)) if np.ndim(value) != 1 else \
        "(%d,)" % np.shape(value)[0]


def _static_shape(tensor):
    dims = tensor.shape.as_list() if tensor.shape.ndims is not None else None
    if dims is None:
        return None
    return tuple(dims)


def _top_scope(name):
    return name.split("/", 1)[0]


# ------------------------------------------------------------------ graphs and sessions


@_never_raises("first graph")
def check_first_graph(f):
    """f must be a graph node computing x*x*y + y + 2 from Variables named 'x' and 'y'."""
    ex = "first graph"
    if isinstance(f, (int, float, np.number, np.ndarray)):
        return _wrong(ex, "f is a number (%s), computed by Python, not a node of a graph."
                      % (f,), "build f from tf.Variable objects, so that f is a Tensor.")
    f = _element(f)
    if not isinstance(f, Tensor):
        return _wrong(ex, "f is %s, not a Tensor." % _describe(f),
                      "assign f the expression built from your Variables.")
    graph = f.graph
    by_name = {v.op.name: v for v in _variables(graph)}
    missing = [n for n in ("x", "y") if n not in by_name]
    if missing:
        found = ", ".join(sorted(by_name)) or "none"
        return _wrong(ex, "no Variable named %s in f's graph (Variables found: %s)."
                      % (" or ".join(repr(m) for m in missing), found),
                      "give each tf.Variable its name with the name= argument.")
    x, y = by_name["x"], by_name["y"]
    needed = _ancestors(f)
    unused = [n for n, v in (("x", x), ("y", y)) if v.op not in needed]
    if unused:
        return _wrong(ex, "f does not depend on %s." % " and ".join(unused),
                      "f must be computed from both Variables.")
    with _session(graph) as sess:
        value = sess.run(f)
        if not np.isscalar(value) and np.shape(value) != ():
            return _wrong(ex, "f has shape %s; it should be a scalar." % _shape(value),
                          "start x and y from scalar values.")
        if value != 42:
            return _wrong(ex, "f evaluates to %s after initialization, not 42." % value,
                          "check the initial values of x (3) and y (4), then the formula.")
        for xv, yv in ((1, 2), (2, 5), (5, 1)):
            dtype = x.dtype.base_dtype.as_numpy_dtype
            got = sess.run(f, {x: np.asarray(xv, dtype), y: np.asarray(yv, dtype)})
            if not np.isclose(got, xv * xv * yv + yv + 2):
                return _wrong(ex, "f is 42 for x=3, y=4, but %s for x=%d, y=%d."
                              % (got, xv, yv), "compare your expression with the formula "
                              "term by term: f = x·x·y + y + 2.")
    return _right(ex, "f is a Tensor of the graph; it computes 42 from the Variables x and y.")


@_never_raises("compute once")
def check_computed_once(trace, fetches, values, once):
    """The traced cell fetched `fetches` (their values are `values`) computing `once` one time.

    Args:
      trace: the Trace kept by `%%trace t` (or `with interflow.notebook.trace() as t:`).
      fetches: the tensors the student had to evaluate, e.g. [y, z].
      values: the student's values of them, e.g. [y_val, z_val].
      once: the tensor that must be computed only once, e.g. x.
    """
    ex = "compute once"
    if trace is None or not hasattr(trace, "runs") or not hasattr(trace, "counts"):
        return _wrong(ex, "the first argument is %s, not a trace." % _describe(trace),
                      "start the cell with %%trace t, then pass t to the check.")
    fetches = [_element(t) for t in fetches]
    once = _element(once)
    values = list(values)
    aliases = _trace_names(trace)

    def label(t):
        return aliases.get(t.op.name) or t.op.name

    for t, v in zip(fetches, values):
        if v is None:
            return _wrong(ex, "the value of %s is still None." % label(t),
                          "set it to the value your session computed.")
        if isinstance(v, (Tensor, Operation, Variable)):
            return _wrong(ex, "the value of %s is a %s, not a number."
                          % (label(t), type(v).__name__),
                          "a Tensor is a node of the graph; run it in a session to get its "
                          "value.")
    with _session(fetches[0].graph) as sess:
        expected = sess.run(list(fetches))
    for t, v, e in zip(fetches, values, expected):
        if np.shape(v) != np.shape(e) or not np.allclose(v, e):
            return _wrong(ex, "the value you got for %s (%s) is not what %s computes."
                          % (label(t), v, label(t)), "fetch the tensor itself.")
    runs = [r for r in trace.runs if r.graph is fetches[0].graph]
    if not runs:
        return _wrong(ex, "the trace saw no Session.run on this graph.",
                      "compute the values inside the traced cell (the one starting with "
                      "%%trace t).")
    computed = set(name for r in runs for name in r.ops)
    not_seen = [label(t) for t in fetches if t.op.name not in computed]
    if not_seen:
        return _wrong(ex, "inside the trace, %s %s never computed."
                      % (", ".join(not_seen), "was" if len(not_seen) == 1 else "were"),
                      "compute the values inside the traced cell.")
    count = trace.counts.get(once.op.name, 0)
    if count > 1:
        return _wrong(ex, "%s was computed %d times in %d run%s." % (
            label(once), count, len(runs), "" if len(runs) == 1 else "s"),
            "every run recomputes everything its fetches need, and forgets it afterwards. "
            "How can one run give you both values?")
    return _right(ex, "both values come from %d run%s that computed %s once."
                  % (len(runs), "" if len(runs) == 1 else "s", label(once)))


def _trace_names(trace):
    """{op name: Python name} a notebook trace knows (empty for other objects)."""
    try:
        names = trace.names()
    except Exception:  # not a notebook Trace, or its namespace is gone
        return {}
    return names if isinstance(names, dict) else {}


@_never_raises("assign from a placeholder")
def check_assign_placeholder(x, x_new_val, x_assign):
    """x_assign, run with feed_dict={x_new_val: v}, must set the Variable x to v."""
    ex = "assign from a placeholder"
    if not isinstance(x, Variable):
        return _wrong(ex, "x is %s, not a tf.Variable." % _describe(x),
                      "keep the Variable x from the first cell.")
    if not isinstance(x_new_val, Tensor):
        return _wrong(ex, "x_new_val is %s, not a Tensor." % _describe(x_new_val),
                      "the new value must come in at run time: which kind of node is fed?")
    if x_new_val.op.type not in ("Placeholder", "PlaceholderWithDefault"):
        return _wrong(ex, "x_new_val is a %s op, so its value is fixed when the graph is "
                      "built." % x_new_val.op.type,
                      "make it the kind of node whose value you give in feed_dict.")
    target = _element(x_assign)
    if target is None:
        return _wrong(ex, "x_assign is %s, not a graph node." % _describe(x_assign),
                      "build an op that writes into x.")
    if x_new_val.op not in _ancestors(target):
        return _wrong(ex, "x_assign does not use x_new_val.",
                      "the value written into x must be the placeholder's value.")
    dtype = x.dtype.base_dtype.as_numpy_dtype
    with _session(x.graph) as sess:
        for v in (5.0, -1.5):
            sess.run(target, {x_new_val: np.asarray(v, dtype)})
            got = sess.run(x)
            if not np.allclose(got, v):
                return _wrong(ex, "after running x_assign with x_new_val = %s, x is %s." %
                              (v, got), "x_assign must write the fed value into x "
                              "(tf.assign or x.assign).")
    return _right(ex, "running x_assign with a fed value stores that value in x.")


@_never_raises("a graph of your own")
def check_own_graph(g, c):
    """g is a new tf.Graph, not the default one, and holds the constant c (2.0, named 'c')."""
    ex = "a graph of your own"
    if not isinstance(g, Graph):
        return _wrong(ex, "g is %s, not a tf.Graph." % _describe(g), "create a new graph object.")
    if g is get_default_graph():
        return _wrong(ex, "g is the default graph, so c would be there anyway.",
                      "create a new graph and make it the default only inside a with block.")
    if not isinstance(c, Tensor):
        return _wrong(ex, "c is %s, not a Tensor." % _describe(c), "create c with tf.constant.")
    if c.graph is not g:
        where = "the default graph" if c.graph is get_default_graph() else "another graph"
        return _wrong(ex, "c belongs to %s, not to g." % where,
                      "ops go to the graph that is the default when they are created.")
    if c.op.name != "c":
        return _wrong(ex, "c's op is named %r, not 'c'." % c.op.name, "use the name= argument.")
    with Session(graph=g) as sess:
        value = sess.run(c)
    if not np.allclose(value, 2.0):
        return _wrong(ex, "c evaluates to %s, not 2.0." % value, "check its value.")
    return _right(ex, "c lives in g, and the default graph is left alone.")


# ------------------------------------------------------------------ linear regression


def _numeric_gradient(sess, loss, theta, theta_value, feed_dict, delta=1e-3):
    """Central finite differences of `loss` in float64, feeding `theta`."""
    grad = np.zeros(theta_value.shape, np.float64)
    flat = grad.reshape(-1)
    dtype = theta_value.dtype
    for i in range(theta_value.size):
        bumped = theta_value.astype(np.float64).reshape(-1)
        bumped[i] += delta
        plus = sess.run(loss, {**feed_dict, theta: bumped.reshape(theta_value.shape)
                               .astype(dtype)})
        bumped[i] -= 2 * delta
        minus = sess.run(loss, {**feed_dict, theta: bumped.reshape(theta_value.shape)
                                .astype(dtype)})
        flat[i] = (float(plus) - float(minus)) / (2 * delta)
    return grad


def _gradient_verdict(ex, gradients, mse, theta, feed_dict, autodiff):
    if gradients is None:
        return _wrong(ex, "gradients is still None.", "replace None with your expression.")
    if isinstance(gradients, (list, tuple)):
        return _wrong(ex, "gradients is %s, not a Tensor." % _describe(gradients),
                      "tf.gradients returns one gradient per variable in a list: take "
                      "theta's." if autodiff else "build one Tensor.")
    if isinstance(gradients, (np.ndarray, float, int, np.number)):
        return _wrong(ex, "gradients is %s: a value computed once, not a node of the graph."
                      % _describe(gradients), "build it from graph ops, so that it is "
                      "recomputed with the current theta at every step.")
    if not isinstance(gradients, Tensor):
        return _wrong(ex, "gradients is %s, not a Tensor." % _describe(gradients),
                      "build it from graph ops.")
    if gradients.graph is not mse.graph:
        return _wrong(ex, "gradients belongs to another graph than mse.",
                      "re-run the cells that build the graph, top to bottom.")
    want = _static_shape(theta.value())
    got = _static_shape(gradients)
    if got is not None and want is not None and len(got) == len(want) and got != want \
            and None not in got:
        return _wrong(ex, "gradients has shape %s, but theta has shape %s."
                      % (got, want), "a gradient has the shape of the variable: check "
                      "which factor is transposed and the order of the product.")
    if autodiff and not any(op.name.startswith("gradients") for op in _ancestors(gradients)):
        return _wrong(ex, "gradients was not computed by autodiff.",
                      "let TensorFlow differentiate mse for you.")
    with _session(mse.graph) as sess:
        theta_value = np.asarray(sess.run(theta))
        rng = np.random.default_rng(7)
        points = [theta_value, (theta_value + rng.uniform(-1, 1, theta_value.shape))
                  .astype(theta_value.dtype)]
        for point in points:
            feeds = {**feed_dict, theta: point}
            value = np.asarray(sess.run(gradients, feeds), np.float64)
            numeric = _numeric_gradient(sess, mse, theta, point, feed_dict)
            if value.shape != numeric.shape:
                return _wrong(ex, "gradients has shape %s, but theta has shape %s."
                              % (_shape(value), _shape(numeric)),
                              "a gradient has the shape of the variable: check which factor "
                              "is transposed and the order of the product.")
            scale = np.max(np.abs(numeric))
            if np.allclose(value, numeric, rtol=2e-2, atol=2e-3 * max(scale, 1.0)):
                continue
            return _wrong(ex, "gradients does not match the derivative of mse measured by "
                          "finite differences (largest difference %.3g)."
                          % np.max(np.abs(value - numeric)), _gradient_hint(value, numeric))
    return _right(ex, "gradients matches the finite-difference derivative of mse at two "
                  "values of theta.")


def _gradient_hint(value, numeric):
    denominator = float(np.sum(numeric * numeric))
    if denominator > 0:
        factor = float(np.sum(value * numeric)) / denominator
        residual = value - factor * numeric
        if np.max(np.abs(residual)) <= 0.02 * max(np.max(np.abs(value)), 1e-12):
            if np.isclose(factor, -1.0, rtol=0.02):
                return "the sign is flipped: error is y_pred - y, and the gradient points " \
                       "uphill."
            return "the direction is right but it is %.3g times too %s: check the constant " \
                   "factor in front." % ((factor, "large") if abs(factor) > 1
                                         else (1 / factor, "small"))
    return "differentiate mse = mean(error²) with respect to theta, with error = X·theta - y."


@_never_raises("manual gradients")
def check_manual_gradients(gradients, mse, theta, feed_dict=None):
    """`gradients` (a Tensor built by hand) must equal d mse / d theta."""
    return _gradient_verdict("manual gradients", gradients, mse, theta, dict(feed_dict or {}),
                             autodiff=False)


@_never_raises("autodiff gradients")
def check_autodiff_gradients(gradients, mse, theta, feed_dict=None):
    """`gradients` must be d mse / d theta, computed by tf.gradients."""
    return _gradient_verdict("autodiff gradients", gradients, mse, theta,
                             dict(feed_dict or {}), autodiff=True)


@_never_raises("training step")
def check_training_step(training_op, theta, mse, learning_rate, feed_dict=None):
    """Running training_op once must move theta by -learning_rate * d mse / d theta."""
    ex = "training step"
    target = _element(training_op)
    if target is None:
        return _wrong(ex, "training_op is %s, not a graph node." % _describe(training_op),
                      "build an op that updates theta.")
    feed_dict = dict(feed_dict or {})
    with _session(theta.graph) as sess:
        before = np.asarray(sess.run(theta), np.float64)
        gradient = _numeric_gradient(sess, mse, theta, np.asarray(sess.run(theta)), feed_dict)
        sess.run(target, feed_dict)
        after = np.asarray(sess.run(theta), np.float64)
    step = after - before
    expected = -learning_rate * gradient
    scale = max(float(np.max(np.abs(expected))), 1e-12)
    if np.max(np.abs(step)) <= 1e-9 * max(1.0, float(np.max(np.abs(before)))):
        return _wrong(ex, "running training_op left theta unchanged.",
                      "the op must write the new value into theta (it is a Variable).")
    if np.allclose(step, expected, rtol=3e-2, atol=3e-2 * scale):
        return _right(ex, "one run of training_op takes one gradient-descent step.")
    if np.allclose(step, -expected, rtol=3e-2, atol=3e-2 * scale):
        return _wrong(ex, "theta moved uphill: mse grows.",
                      "gradient descent steps against the gradient.")
    denominator = float(np.sum(expected * expected))
    factor = float(np.sum(step * expected)) / denominator
    if factor > 0 and np.allclose(step, factor * expected, rtol=3e-2, atol=3e-2 * scale):
        return _wrong(ex, "theta moved the right way, but %.3g times too far." % factor,
                      "the step is learning_rate times the gradient.")
    return _wrong(ex, "theta changed, but not by one gradient-descent step.",
                  "new theta = theta - learning_rate × (gradient of mse).")


@_never_raises("fetch a mini-batch")
def check_fetch_batch(fetch_batch, X_data, y_data, batch_size=100):
    """fetch_batch(epoch, batch_index, batch_size) gives matching rows of X_data and y_data."""
    ex = "fetch a mini-batch"
    if not callable(fetch_batch):
        return _wrong(ex, "fetch_batch is %s, not a function." % _describe(fetch_batch),
                      "define it with def.")
    X_data = np.asarray(X_data)
    y_data = np.asarray(y_data).reshape(len(X_data), -1)
    state = np.random.get_state()
    try:
        return _fetch_batch_verdict(ex, fetch_batch, X_data, y_data, batch_size)
    finally:
        # The student's fetch_batch seeds NumPy's global generator: leave it as it was.
        np.random.set_state(state)


def _fetch_batch_verdict(ex, fetch_batch, X_data, y_data, batch_size):
    rows = {X_data[i].tobytes(): i for i in range(len(X_data))}
    batches = {}
    for args in ((0, 0, batch_size), (0, 1, batch_size), (3, 5, batch_size // 2)):
        result = fetch_batch(*args)
        if not isinstance(result, tuple) or len(result) != 2:
            return _wrong(ex, "fetch_batch%s returned %s." % (args, _describe(result)),
                          "return two arrays: the inputs and the targets of the batch.")
        if result[0] is None or result[1] is None:
            return _wrong(ex, "fetch_batch%s returned None for %s." % (
                args, "X_batch" if result[0] is None else "y_batch"),
                "pick batch_size row indices at random, then take those rows of the inputs "
                "and of the targets.")
        X_batch, y_batch = (np.asarray(a) for a in result)
        size = args[2]
        if X_batch.shape != (size, X_data.shape[1]):
            return _wrong(ex, "X_batch has shape %s for batch_size=%d; expected %d rows of %d "
                          "columns." % (_shape(X_batch), size, size, X_data.shape[1]),
                          "index the rows of the (scaled, with bias) data.")
        if y_batch.shape != (size, 1):
            return _wrong(ex, "y_batch has shape %s for batch_size=%d; the placeholder y "
                          "wants (%d, 1)." % (_shape(y_batch), size, size),
                          "targets are a column: reshape them.")
        for j in range(size):
            i = rows.get(np.asarray(X_batch[j], X_data.dtype).tobytes())
            if i is None:
                return _wrong(ex, "row %d of X_batch is not a row of the training data." % j,
                              "take whole rows of the data, selected by index.")
            if not np.allclose(y_batch[j], y_data[i]):
                return _wrong(ex, "row %d of y_batch is not the target of row %d of X_batch."
                              % (j, j), "select the targets with the same indices as the "
                              "inputs.")
        batches[args] = X_batch
        again = fetch_batch(*args)[0]
        if not np.array_equal(np.asarray(again), X_batch):
            return _wrong(ex, "fetch_batch%s gives a different batch each call." % (args,),
                          "seed NumPy's generator from epoch and batch_index, so a batch "
                          "can be fetched again.")
    if np.array_equal(batches[(0, 0, batch_size)], batches[(0, 1, batch_size)]):
        return _wrong(ex, "batch 0 and batch 1 of epoch 0 are the same rows.",
                      "each batch index should give another batch.")
    return _right(ex, "batches have the right shapes, matching inputs and targets, and can be "
                  "fetched again.")


@_never_raises("trained theta")
def check_trained_theta(best_theta, X_data, y_data, tolerance=0.02):
    """best_theta's MSE on (X_data, y_data) is within `tolerance` of the best possible."""
    ex = "trained theta"
    if best_theta is None:
        return _wrong(ex, "best_theta is still None.", "evaluate theta after training.")
    if isinstance(best_theta, (Tensor, Variable)):
        return _wrong(ex, "best_theta is a %s, not its value." % type(best_theta).__name__,
                      "evaluate it in the session, before the session closes.")
    X_data = np.asarray(X_data, np.float64)
    y_data = np.asarray(y_data, np.float64).reshape(-1, 1)
    best_theta = np.asarray(best_theta, np.float64)
    if best_theta.shape != (X_data.shape[1], 1):
        return _wrong(ex, "best_theta has shape %s, expected (%d, 1)."
                      % (_shape(best_theta), X_data.shape[1]), "evaluate theta itself.")
    optimum = np.linalg.lstsq(X_data, y_data, rcond=None)[0]
    best = float(np.mean((X_data @ optimum - y_data) ** 2))
    got = float(np.mean((X_data @ best_theta - y_data) ** 2))
    if got <= best * (1 + tolerance):
        return _right(ex, "MSE %.4f, within %.0f%% of the best possible." % (got, tolerance *
                                                                              100))
    return _wrong(ex, "MSE %.4f is more than %.0f%% above what this model can reach."
                  % (got, tolerance * 100), "did the loop feed each batch to training_op, "
                  "and run all the epochs?")


# ------------------------------------------------------------------ name scopes and sharing


@_never_raises("copy-paste bug")
def check_copy_paste_fixed(output):
    """Both branches of the two-ReLU graph must reach `output` (weights11 and weights22)."""
    ex = "copy-paste bug"
    output = _element(output)
    if not isinstance(output, Tensor):
        return _wrong(ex, "output is %s, not a Tensor." % _describe(output),
                      "run the cell that builds the graph.")
    needed = {op.name for op in _ancestors(output)}
    for name in ("weights11", "weights22", "bias11", "bias22", "z11", "z22"):
        try:
            output.graph.get_operation_by_name(name)
        except (KeyError, ValueError):
            return _wrong(ex, "there is no op named %r in the graph." % name,
                          "keep the names of the seed program.")
    lost = [n for n in ("weights11", "weights22", "bias11", "bias22") if n not in needed]
    if lost:
        return _wrong(ex, "output never uses %s." % " and ".join(lost),
                      "draw it with %graph output, and follow the arrows up from relu22.")
    return _right(ex, "both ReLU branches, with their own weights and bias, reach output.")


@_never_raises("name scopes")
def check_relu_name_scopes(output, n_relus=5):
    """Every op of relu(X) lives in a name scope relu, relu_1, ..., relu_{n-1}."""
    ex = "name scopes"
    output = _element(output)
    if not isinstance(output, Tensor):
        return _wrong(ex, "output is %s, not a Tensor." % _describe(output),
                      "run the cell that builds the graph.")
    ops = _ancestors(output)
    expected = {"relu"} | {"relu_%d" % i for i in range(1, n_relus)}
    scopes = {_top_scope(op.name) for op in ops if "/" in op.name}
    flat = sorted(op.name for op in ops if "/" not in op.name
                  and op.type not in ("Placeholder", "AddN") and op is not output.op)
    if flat:
        return _wrong(ex, "%d op%s outside any scope: %s." % (
            len(flat), "" if len(flat) == 1 else "s", ", ".join(flat[:6])
            + (" ..." if len(flat) > 6 else "")),
            "open a name scope inside relu(), around everything it creates.")
    if not expected <= scopes:
        return _wrong(ex, "the scopes are %s, not relu, relu_1, ..., relu_%d."
                      % (", ".join(sorted(scopes)) or "none", n_relus - 1),
                      "name the scope 'relu': TensorFlow numbers the later ones for you.")
    maxes = [op for op in ops if op.type == "Maximum"]
    if len(maxes) != n_relus:
        return _wrong(ex, "output depends on %d maximum ops, not %d." % (len(maxes), n_relus),
                      "call relu() %d times and add up the results." % n_relus)
    return _right(ex, "each call of relu() has its own scope; the drawing shows %d boxes."
                  % n_relus)


@_never_raises("shared threshold")
def check_shared_threshold(output, n_relus=5):
    """The n ReLUs must share one variable relu/threshold made by get_variable."""
    ex = "shared threshold"
    output = _element(output)
    if not isinstance(output, Tensor):
        return _wrong(ex, "output is %s, not a Tensor." % _describe(output),
                      "run the cell that builds the graph.")
    graph = output.graph
    thresholds = [v for v in _variables(graph) if v.op.name.rsplit("/", 1)[-1]
                  .startswith("threshold")]
    if not thresholds:
        return _wrong(ex, "there is no Variable named threshold in the graph.",
                      "create it with tf.get_variable(\"threshold\", ...).")
    if len(thresholds) > 1:
        message = "there are %d threshold Variables: %s." % (
            len(thresholds), ", ".join(v.op.name for v in thresholds[:5]))
        if any(_made_by_tf_variable(v) for v in thresholds):
            return _wrong(ex, message, "tf.Variable always creates a new variable; only "
                          "tf.get_variable can hand back one that exists.")
        return _wrong(ex, message, "the later calls must reuse the first variable instead of "
                      "making a new one: which argument of variable_scope controls that?")
    threshold = thresholds[0]
    if threshold.op.name != "relu/threshold":
        return _wrong(ex, "the threshold Variable is named %r, not 'relu/threshold'."
                      % threshold.op.name, "create it inside a variable_scope named relu.")
    maxes = [op for op in _ancestors(output) if op.type == "Maximum"]
    if len(maxes) != n_relus:
        return _wrong(ex, "output depends on %d maximum ops, not %d." % (len(maxes), n_relus),
                      "call relu() %d times and add up the results." % n_relus)
    without = [op.name for op in maxes if threshold.op not in _ancestors(op)]
    if without:
        return _wrong(ex, "%s do%s not use the threshold." % (
            ", ".join(without), "es" if len(without) == 1 else ""),
            "each ReLU compares z with the shared threshold.")
    return _right(ex, "one threshold variable, used by all %d ReLUs." % n_relus)


def _made_by_tf_variable(variable):
    """True unless get_variable made `variable` (it is then in the graph's variable store)."""
    from interflow.variable_scope import _VARSTORE_KEY
    for store in variable.graph.get_collection(_VARSTORE_KEY):
        if any(v is variable for v in getattr(store, "_vars", {}).values()):
            return False
    return True


_SCOPE_PROGRAM_HINTS = {
    "x0": "get_variable creates the variable under the variable scope's name.",
    "x1": "tf.Variable ignores variable scopes' reuse: it is named like any op, made unique "
          "in the current name scope.",
    "x2": "tf.Variable ignores variable scopes' reuse: it is named like any op, made unique "
          "in the current name scope.",
    "x3": "with reuse=True, get_variable returns a variable that already exists.",
    "x4": "reopening a variable scope by name opens a NEW name scope for ordinary ops "
          "(name scopes are made unique, variable scopes are not).",
    "x5": "the empty variable scope is the root: the full name is looked up.",
    "same": "which of x0, x3 and x5 were made by get_variable, and which returned an "
            "existing variable?",
}


def _scope_program_names():
    from interflow.init_ops import constant_initializer
    from interflow.variable_scope import get_variable, variable_scope
    with Graph().as_default():
        with variable_scope("my_scope"):
            x0 = get_variable("x", shape=(), initializer=constant_initializer(0.))
            x1 = Variable(0., name="x")
            x2 = Variable(0., name="x")
        with variable_scope("my_scope", reuse=True):
            x3 = get_variable("x")
            x4 = Variable(0., name="x")
        with variable_scope("", default_name="", reuse=True):
            x5 = get_variable("my_scope/x")
        names = {k: v.op.name for k, v in (("x0", x0), ("x1", x1), ("x2", x2), ("x3", x3),
                                           ("x4", x4), ("x5", x5))}
        names["same"] = x0 is x3 and x3 is x5
    return names


def _op_name(text):
    """'my_scope/x:0' or 'my_scope/x' -> 'my_scope/x' (a tensor name is accepted too)."""
    text = str(text).strip()
    return text[:-2] if text.endswith(":0") else text


@_never_raises("variable names")
def check_scope_names(predictions):
    """predictions: {'x0': 'op name', ..., 'x5': ..., 'same': bool} for the x0..x5 program."""
    ex = "variable names"
    if not isinstance(predictions, dict):
        return _wrong(ex, "predictions is %s, not a dict." % _describe(predictions),
                      "fill in the dict of the exercise cell.")
    actual = _scope_program_names()
    missing = [k for k in actual if predictions.get(k) is None]
    if missing:
        return _wrong(ex, "no prediction yet for %s." % ", ".join(missing),
                      "replace each None with your prediction.")
    wrong = [k for k in actual if k != "same" and _op_name(predictions[k]) != actual[k]]
    if "same" in actual and bool(predictions["same"]) != actual["same"]:
        wrong.append("same")
    if wrong:
        return _wrong(ex, "%d of 7 predictions are wrong: %s." % (len(wrong), ", ".join(wrong)),
                      _SCOPE_PROGRAM_HINTS[wrong[0]] + " (Hints are about %s; fix it, then "
                      "check again.)" % wrong[0])
    return _right(ex, "all six names and the identity test are right.")
