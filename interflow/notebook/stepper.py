"""Stepping through runs: OpStepper walks one Session.run op by op (forward for real, back in
its own view), TrainingStepper runs a train op step by step and records watched tensors.
Plan iterators only: the ipywidgets views live in widgets.py.

The run an OpStepper steps through is real, as in tfdbg's node stepper: each op runs in the
session when it is first stepped over, so an Assign changes the session's variable then.
Going back only moves the stepper's view (values, variables as they were at that point,
from copies kept while running); stepping forward again replays the recorded ops up to where
the run got, then runs the next ones. Once the last op ran, the session's variables are
exactly as after one Session.run; a stepper left half-way leaves them half-way, as an
interrupted run would.
"""

import functools

import numpy as np

from interflow.framework import errors, session_stack
from interflow.framework.graph import GraphKeys
from interflow.framework.operation import Operation, Tensor
from interflow.notebook import kinds, subgraph

__all__ = ["OpStepper", "TrainingStepper", "StepRecord", "training_phases", "find_loss"]

_VARIABLE_TYPES = ("VariableV2", "Variable")


def _session(session, what):
    if session is not None:
        return session
    session = session_stack.get_default_session()
    if session is None:
        raise ValueError("%s runs in the default session, and there is none: pass session=sess, "
                         "or create one with sess = tf.InteractiveSession()." % what)
    return session


def _copy(value):
    """`value` as Session.run would return it (a NumPy scalar for 0-d), never a buffer the
    run may write into later (an Assign, an in-place kernel)."""
    if isinstance(value, np.ndarray):
        return value[()] if value.ndim == 0 else value.copy()
    return value


def _ref_variables(op):
    """Names of the variables `op` takes by reference (what an Assign or Apply* writes)."""
    refs = op._op_def.ref_inputs
    return [op._inputs[i]._op.name for i in refs if i < len(op._inputs)]


def _variables_of(ops):
    """Names of the variables `ops` read or write, in order."""
    names = {}
    for op in ops:
        if op._type in _VARIABLE_TYPES:
            names[op.name] = True
        for name in _ref_variables(op):
            names[name] = True
    return list(names)


def _notifies(method):
    """Calls the stepper's observers once after a public move (even one that raised)."""
    @functools.wraps(method)
    def moving(self, *args, **kwargs):
        self._moving += 1
        try:
            return method(self, *args, **kwargs)
        finally:
            self._moving -= 1
            if not self._moving:
                for callback in list(self._observers):
                    callback(self)
    return moving


class _Observable:
    """observe(callback): callback(stepper) after each step, back, seek or reset (the widgets
    follow a stepper moved from code this way)."""

    _moving = 0

    def observe(self, callback):
        self._observers.append(callback)

    def unobserve(self, callback):
        if callback in self._observers:
            self._observers.remove(callback)


class OpStepper(_Observable):
    """Steps through ONE Session.run op by op, without changing what the run computes.

        s = OpStepper(y, feed_dict={x: data})
        s.order          # op names in execution order
        s.step(); s.current, s.values       # the op just run; tensor name -> value so far
        s.back(); s.run_to("add"); s.step(len(s.order))
        s.done, s.result # what sess.run(y, feed_dict={x: data}) returns

    Args:
      fetches: what Session.run would fetch (a tensor, op, name, or any nesting of them).
      feed_dict: the run's feeds.
      session: the session to run in (default: the default session).

    A placeholder the fetches need that is not fed makes `error` the InvalidArgumentError
    the run would raise (and `missing` names the placeholders); step() raises it.
    """

    def __init__(self, fetches, feed_dict=None, session=None):
        self.session = _session(session, "OpStepper")
        self.graph = self.session.graph
        self.fetches = fetches
        self.feed_dict = feed_dict
        self.error = None
        self.failed = None
        self.missing = []
        feeds = {}
        try:
            self._run = self.session.plan_run(fetches, feed_dict)
        except errors.InvalidArgumentError as e:
            elements = [subgraph.resolve(f, self.graph) for f in subgraph.flatten(fetches)]
            feeds = subgraph.resolve_feeds(feed_dict, self.graph)
            missing = subgraph.missing_feeds(subgraph.needed_ops(elements, feeds), feeds)
            if not missing:
                raise
            self._run = None
            self.error = e
            self.missing = [op.name for op in missing]
        if self._run is not None:
            self.elements = list(self._run.fetches)
            self.fed = dict(zip(self._run.feeds, self._run.feed_values))
            self.ops = list(self._run.ops)
        else:
            self.elements = elements
            self.fed = dict(feeds)
            self.ops = []
        self.order = [op.name for op in self.ops]
        self._index = {name: i for i, name in enumerate(self.order)}
        self._records = []          # per op run: ({tensor name: value}, {variable: value after})
        self._start_variables = {}
        self._generator = None
        self._finished = False
        self._result = None
        self.position = 0           # how many ops of `order` the view has executed
        self._view = None
        self._observers = []

    # ------------------------------------------------------------------ state

    @property
    def executed(self):
        """How many ops have really run in the session (>= position)."""
        return len(self._records)

    @property
    def finished(self):
        """True once the run ended in the session (every op ran, or one failed)."""
        return self._finished

    @property
    def done(self):
        """True when the run has ended and the view is at its end."""
        return self._finished and self.position == len(self._records)

    @property
    def current(self):
        """The name of the op just executed (at the view's position), or None at the start."""
        return self.order[self.position - 1] if self.position else None

    @property
    def current_op(self):
        return self.ops[self.position - 1] if self.position else None

    @property
    def next_op(self):
        """The Operation the next step runs, or None at the end."""
        if self.position < len(self.ops) and not (self.failed and self.done):
            return self.ops[self.position]
        return None

    @property
    def values(self):
        """{tensor name: value} the run has computed up to the view's position (fed values
        included), each as it was right after its op ran."""
        result = {t.name: v for t, v in self.fed.items()}
        for outputs, _ in self._records[:self.position]:
            result.update(outputs)
        return result

    @property
    def variables(self):
        """{variable name: value} of the variables the run touches, as they were at the view's
        position (before the run starts: as the session has them now)."""
        if self._generator is None and not self._records:
            result = self._snapshot_variables()
        else:
            result = dict(self._start_variables)
        for _, changed in self._records[:self.position]:
            result.update(changed)
        return result

    @property
    def result(self):
        """What Session.run returns, once the run is done (ValueError before; the run's error
        if it failed)."""
        if not self._finished:
            raise ValueError("The run is not finished: %d of %d ops ran. Step to the end first "
                             "(stepper.finish())." % (len(self._records), len(self.order)))
        if self.failed is not None:
            raise self.error
        return self._result

    def _snapshot_variables(self):
        store = self.session._variable_store()
        return {name: _copy(store[name]) for name in _variables_of(self.ops) if name in store}

    # ------------------------------------------------------------------ moving

    @_notifies
    def step(self, n=1):
        """Runs (or replays) the next `n` ops; returns the name of the op just executed."""
        for _ in range(int(n)):
            if self.position < len(self._records):
                self.position += 1
            elif not self._advance():
                break
        return self.current

    @_notifies
    def back(self, n=1):
        """Moves the view `n` ops back (the session's variables are not restored)."""
        self.position = max(0, self.position - int(n))
        return self.current

    @_notifies
    def seek(self, position):
        """Moves the view to `position` ops executed (0 .. len(order)), running ops as needed."""
        position = max(0, min(int(position), len(self.order)))
        if position <= len(self._records):
            self.position = position
        else:
            self.position = len(self._records)
            self.step(position - self.position)
        return self.current

    @_notifies
    def run_to(self, op_name):
        """Steps (forward or back) to just after `op_name` (a name, Operation or Tensor) ran."""
        if isinstance(op_name, Tensor):
            op_name = op_name.op.name
        elif isinstance(op_name, Operation):
            op_name = op_name.name
        elif hasattr(op_name, "_as_graph_element"):
            op_name = op_name._as_graph_element().op.name
        index = self._index.get(op_name)
        if index is None:
            raise ValueError("%r is not executed by this run; its ops are: %s"
                             % (op_name, ", ".join(self.order) or "none"))
        return self.seek(index + 1)

    @_notifies
    def finish(self):
        """Runs every remaining op and returns the run's result."""
        self.seek(len(self.order))
        if not self._finished and not self.order:
            self._advance()
        return self.result

    def _advance(self):
        """Runs the next op in the session; False when the run has ended."""
        if self._finished:
            if self.failed is not None:
                raise self.error
            return False
        if self._run is None:
            raise self.error
        if self._generator is None:
            self._start_variables = self._snapshot_variables()
            self._generator = self._run.iterate()
        try:
            op, outputs = next(self._generator)
        except StopIteration as stop:
            self._finish(stop.value)
            return False
        except Exception as e:
            self.error = e
            if not self._records and isinstance(e, errors.FailedPreconditionError):
                # Nothing ran (a variable is not initialized): the run may be tried again.
                self._generator = None
            else:
                self._finished = True
                self.failed = self.order[len(self._records)]
            raise
        self.error = None
        values = {t.name: _copy(v) for t, v in zip(op._outputs, outputs)}
        store = self.session._variable_store()
        changed = {name: _copy(store[name]) for name in _ref_variables(op) if name in store}
        self._records.append((values, changed))
        self.position = len(self._records)
        if len(self._records) == len(self.order):
            try:
                next(self._generator)
            except StopIteration as stop:
                self._finish(stop.value)
        return True

    def _finish(self, result):
        self._finished = True
        self._result = result
        self._generator = None

    def __repr__(self):
        state = "done" if self.done else "at op %d of %d" % (self.position, len(self.order))
        return "<OpStepper %s%s>" % (state, ", current: %s" % self.current if self.current
                                     else "")

    def _ipython_display_(self):
        from interflow.notebook import widgets
        view = getattr(self, "_view", None)
        if view is None:
            view = self._view = widgets.OpStepperView(self)
        widgets.display_view(view)


# ---------------------------------------------------------------------------- training

def find_loss(ops):
    """The tensor tf.gradients differentiated (the loss) for the gradient ops among `ops`, or
    None. Looks at the whole gradients scope: a graph whose shapes are known may not need the
    loss itself to compute its gradient."""
    scopes = {op.name.split("/", 1)[0] for op in ops
              if op.forward_op is not None or kinds.is_gradient_scope(op.name)}
    scopes = {s for s in scopes if kinds.is_gradient_scope(s)}
    if not scopes:
        return None
    graph = next(iter(ops)).graph
    last = None
    for op in graph.get_operations():
        if op.name.split("/", 1)[0] not in scopes:
            continue
        if op.type == "Fill" and op.name.rsplit("/", 1)[-1].startswith("grad_ys_"):
            shape = op._inputs[0]._op
            if shape.type == "Shape":
                return shape._inputs[0]
        if op.forward_op is not None and (last is None or op.forward_op._id > last._id):
            last = op.forward_op
    if last is None:
        return None
    # The loss is downstream of the last forward op with a gradient: its own gradient may
    # have made no op (tf.add passes the gradient through), so follow the single float chain.
    op = last
    seen = set()
    while op not in seen:
        seen.add(op)
        nexts = {c for t in op._outputs for c in t._consumers
                 if c.forward_op is None and not kinds.is_gradient_scope(c.name)
                 and c._outputs and c._outputs[0].dtype.base_dtype.is_floating
                 and c.type not in kinds.ASSIGN_TYPES and not c.type.startswith("Apply")}
        if len(nexts) != 1:
            break
        op = nexts.pop()
    return op._outputs[0] if op._outputs else None


_PARAMETER_TYPES = frozenset(["Const", "VariableV2", "Variable", "Identity", "Cast"])


def training_phases(train_op, ops):
    """{op name: 'forward', 'gradient' or 'update'} for `ops` (what one training step needs).

    gradient: ops tf.gradients made (forward_op set, or under a gradients scope);
    update: the optimizer's apply ops and everything in its name scope, the train op and the
    Assign/NoOp groups it is made of, and the constants, variables and reads that only those
    use (learning rate, Adam's beta powers, slots); forward: the rest (what the loss needs).
    """
    ops = list(ops)
    in_set = set(ops)
    opt_scopes = kinds.optimizer_scopes(ops)
    phase = {}
    for op in ops:
        if op.forward_op is not None or (kinds.is_gradient_scope(op.name) and "/" in op.name):
            phase[op] = "gradient"
        elif kinds.classify(op, opt_scopes) == "optimizer" or \
                kinds._in_scopes(op.name, opt_scopes):
            phase[op] = "update"
    # The train op and the groups of assigns it is made of (tf.group(assign, assign_add)).
    stack = [train_op]
    while stack:
        op = stack.pop()
        if op in phase or op not in in_set:
            continue
        phase[op] = "update"
        for dep in [t._op for t in op._inputs] + list(op._control_inputs):
            if dep.type in kinds.ASSIGN_TYPES or dep.type == "NoOp" or \
                    dep.type.startswith(("Apply", "ResourceApply")):
                stack.append(dep)
    consumers = {op: [] for op in ops}
    for op in ops:
        for dep in [t._op for t in op._inputs] + list(op._control_inputs):
            if dep in consumers:
                consumers[dep].append(op)
    # Parameters only the update uses are part of it; creation order puts consumers later.
    for op in sorted(ops, key=lambda o: -(o._id or 0)):
        if op in phase or op.type not in _PARAMETER_TYPES:
            continue
        users = consumers[op]
        if users and all(phase.get(u) == "update" for u in users):
            phase[op] = "update"
    return {op.name: phase.get(op, "forward") for op in ops}


class StepRecord:
    """One training step: `index` (0 for the first), `feed` (the feed_dict used), `before`
    ({watched tensor name: value in this step's run; variables: at its start}), `after`
    ({watched variable name: value after the step}), `error` (the exception, or None) and
    `failed` (the name of the op that raised, or None)."""

    __slots__ = ("index", "feed", "before", "after", "error", "failed")

    def __init__(self, index, feed):
        self.index = index
        self.feed = feed
        self.before = {}
        self.after = {}
        self.error = None
        self.failed = None

    def __repr__(self):
        return "<StepRecord %d%s>" % (self.index, " failed" if self.error else "")


class _History(dict):
    """{tensor name: [values]} that also answers to an op name ('mse'), a Tensor or a Variable."""

    def __missing__(self, key):
        if not isinstance(key, str):
            element = key._as_graph_element() if hasattr(key, "_as_graph_element") else key
            name = getattr(element, "name", None)
            if name is not None and name != key:
                return self[name]
        elif ":" not in key and key + ":0" in self:
            return self[key + ":0"]
        raise KeyError(key)


def _pure(tensor, feeds):
    """True when evaluating `tensor` changes nothing (no assign, no random op to advance)."""
    for op in subgraph.needed_ops([tensor], feeds):
        d = op._op_def
        if d.ref_inputs or (d.stateful or d.needs_context) and op._type not in _VARIABLE_TYPES:
            return False
    return True


class TrainingStepper(_Observable):
    """Runs a training op step by step, recording the watched tensors.

        t = TrainingStepper(training_op, feed_dict=lambda step: {X: ..., y: ...},
                            watch=[mse, theta])
        t.step(); t.step(100)
        t.history["mse:0"]   # one value per step (as sess.run([training_op, mse]) gives it)
        t.phases             # op name -> 'forward' | 'gradient' | 'update'
        t.reset()            # re-runs the variables' initializers

    Args:
      train_op: the op (or tensor, e.g. an assign) one training step runs.
      feed_dict: a dict, or a callable taking the step number (0, 1, ...) and returning one.
      watch: tensors, Variables or names to record each step. Empty: the loss tf.gradients
        differentiated (when there is one) and the variables the step updates.
      session: the session (default: the default session).

    history[name][k] is the value at the start of step k, as `sess.run(tensor, feed)` just
    before `sess.run(train_op, feed)` gives it (a loss before that step's update), computed in
    the step's own run before any of its updates, so a random op is drawn once per step.
    `last.after` has the watched variables after the last step, after_values() the loss too.
    """

    def __init__(self, train_op, feed_dict=None, watch=(), session=None):
        self.session = _session(session, "TrainingStepper")
        self.graph = self.session.graph
        train = subgraph.resolve(train_op, self.graph)
        self.train_op = train.op if isinstance(train, Tensor) else train
        self._train_fetch = train
        self.feed_dict = feed_dict
        feeds = {} if callable(feed_dict) else subgraph.resolve_feeds(feed_dict, self.graph)
        base_ops = subgraph.needed_ops([train], feeds)
        self.loss = find_loss(base_ops)
        if isinstance(watch, (str, Tensor, Operation)) or hasattr(watch, "_as_graph_element"):
            watch = [watch]
        watched = []
        for w in watch or ():
            element = subgraph.resolve(w, self.graph)
            if isinstance(element, Operation):
                if not element.outputs:
                    raise ValueError("Cannot watch %s: the op has no output." % element.name)
                element = element.outputs[0]
            watched.append(element)
        if not watch:
            if self.loss is not None:
                watched.append(self.loss)
            for name in _updated_variables(base_ops, self.train_op):
                watched.append(self.graph.get_operation_by_name(name).outputs[0])
        self.watch = list(dict.fromkeys(watched))
        # Watched tensors first: the plan then computes them before any update of the step.
        self._fetches = [t for t in self.watch if t.op.type not in _VARIABLE_TYPES] + [train]
        self.ops = subgraph.needed_ops(self._fetches + self.watch, feeds)
        self.phases = training_phases(self.train_op, self.ops)
        self.history = _History((t.name, []) for t in self.watch)
        self.steps = 0
        self.last = None
        self.order = []
        self._view = None
        self._observers = []

    def _feed_for(self, index):
        if callable(self.feed_dict):
            feed = self.feed_dict(index)
            if feed is not None and not isinstance(feed, dict):
                raise TypeError("feed_dict(step) must return a dict, not a %s"
                                % type(feed).__name__)
            return feed
        return self.feed_dict

    @_notifies
    def step(self, n=1):
        """Runs `n` training steps; returns the StepRecord of the last one. An error stops
        there (raised; `last` has it) and that step does not count."""
        record = self.last
        for _ in range(int(n)):
            record = self._one_step()
        return record

    def _one_step(self):
        index = self.steps
        record = StepRecord(index, None)
        self.last = record
        try:
            record.feed = self._feed_for(index)
            prepared = self.session.plan_run(self._fetches, record.feed)
            self.order = [op.name for op in prepared.ops]
            store = self.session._variable_store()
            for t in self.watch:
                if t.op.type in _VARIABLE_TYPES and t.op.name in store:
                    record.before[t.name] = _copy(store[t.op.name])
            wanted = {t: t.name for t in self.watch if t.op.type not in _VARIABLE_TYPES}
            generator = prepared.iterate()
            try:
                while True:
                    op, outputs = next(generator)
                    for t, value in zip(op._outputs, outputs):
                        if t in wanted:
                            record.before[wanted[t]] = _copy(value)
            except StopIteration:
                pass
        except Exception as e:
            record.error = e
            op = getattr(e, "op", None)
            record.failed = op.name if isinstance(op, Operation) else None
            raise
        for t in self.watch:
            if t.op.type in _VARIABLE_TYPES and t.op.name in store:
                record.after[t.name] = _copy(store[t.op.name])
        for t in self.watch:
            self.history[t.name].append(record.before.get(t.name))
        self.steps += 1
        return record

    def after_values(self):
        """{watched name: value after the last step}: variables as they are now, and the
        watched tensors whose evaluation changes nothing, evaluated again on the same feed
        (a loss after the update). Empty before the first step."""
        record = self.last
        if record is None or record.error is not None:
            return {}
        result = dict(record.after)
        feeds = subgraph.resolve_feeds(record.feed, self.graph)
        again = [t for t in self.watch if t.op.type not in _VARIABLE_TYPES and _pure(t, feeds)]
        if again:
            for t, v in zip(again, self.session.run(again, feed_dict=record.feed)):
                result[t.name] = v
        return result

    @_notifies
    def reset(self):
        """Re-runs the initializers of the graph's variables; clears history and step count."""
        variables = self.graph.get_collection(GraphKeys.GLOBAL_VARIABLES) + \
            self.graph.get_collection(GraphKeys.LOCAL_VARIABLES)
        initializers = [v.initializer for v in variables if v.initializer is not None]
        if initializers:
            self.session.run(initializers)
        self.steps = 0
        self.last = None
        for values in self.history.values():
            del values[:]

    def __repr__(self):
        return "<TrainingStepper of %s: %d steps, watching %s>" % (
            self.train_op.name, self.steps, ", ".join(self.history) or "nothing")

    def _ipython_display_(self):
        from interflow.notebook import widgets
        view = getattr(self, "_view", None)
        if view is None:
            view = self._view = widgets.TrainingStepperView(self)
        widgets.display_view(view)


def _updated_variables(ops, train_op):
    """Names of the trainable variables the step's update ops write, in order (not the
    optimizer's slots, beta powers or the global step)."""
    graph = train_op.graph
    trainable = {v.op.name for v in graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)}
    phases = training_phases(train_op, ops)
    names = {}
    for op in ops:
        if phases.get(op.name) == "update" and op._op_def.ref_inputs:
            name = _ref_variables(op)[0]
            if name in trainable:
                names[name] = True
    return list(names)
