"""Plans: prune the graph to what the fetches need, order it without recursion, and lay it out as
a flat list of steps with value slots, last uses and buffer reuse."""

import functools

import numpy as np

from interflow.execution.fast_path import fast_path
from interflow.framework import errors
from interflow.framework.common_shapes import never_broadcast
from interflow.framework.op_registry import get_op_def
from interflow.framework.operation import Operation

__all__ = ["Plan", "build_plan", "topological_order", "VariableRef", "OpContext"]

# Below this many elements, writing into an input buffer saves nothing worth a check.
_INPLACE_MIN_SIZE = 1 << 12


class VariableRef:
    """A reference to one variable's value in one session: what ref-taking kernels get."""

    __slots__ = ("store", "name", "op")

    def __init__(self, store, name, op):
        self.store = store
        self.name = name
        self.op = op

    def get(self):
        try:
            return self.store[self.name]
        except KeyError:
            raise uninitialized_error(self.op) from None

    def set(self, value):
        self.store[self.name] = value

    def is_initialized(self):
        return self.name in self.store


def uninitialized_error(var_op):
    name = var_op.name
    return errors.FailedPreconditionError(
        None, var_op,
        "Attempting to use uninitialized value %s: variable '%s' is not initialized. Run "
        "tf.global_variables_initializer() (or %s's initializer) in this session first."
        % (name, name, name))


class OpContext:
    """What a stateful kernel may touch: its op, the session's variables and random state."""

    __slots__ = ("op", "variables", "_random_states", "_name")

    def __init__(self, op, variables, random_states):
        self.op = op
        self.variables = variables
        self._random_states = random_states
        self._name = op._name

    def random_generator(self, seed, seed2):
        """This op's NumPy Generator in this session: seeded from (seed, seed2) when either is
        set, so a new session replays the same numbers; each run continues the stream."""
        gen = self._random_states.get(self.op.name)
        if gen is None:
            if seed or seed2:
                gen = np.random.Generator(np.random.Philox(key=[seed & (2**64 - 1),
                                                                seed2 & (2**64 - 1)]))
            else:
                gen = np.random.default_rng()
            self._random_states[self.op.name] = gen
        return gen

    def variable(self):
        """The value of this VariableV2 op; FailedPreconditionError if uninitialized."""
        try:
            return self.variables[self._name]
        except KeyError:
            raise uninitialized_error(self.op) from None


class Plan:
    """A pruned, ordered run of a graph: `steps` are (fn, input slots, output slot(s), slots
    to free after, op, multi_output), executed in order over one list of value slots.

    `fast_steps` / `fast_initial` are the same run with what is known before it taken out
    (constants folded, static shape values, Identity aliased; see fast_path.py); runs that
    nobody observes use them, observed runs (hooks, stepping) execute every op.
    """

    __slots__ = ("steps", "ops", "n_slots", "initial", "feed_slots", "fetch_slots",
                 "fetch_copy", "variable_reads", "fast_steps", "fast_initial", "variable_loads",
                 "compiled", "unobserved_runs")

    def __len__(self):
        return len(self.steps)


def _deps(op, fed, op_defs):
    """The ops `op` needs to run first (inputs not fed, not taken by reference; control inputs)."""
    refs = op_defs[op._type].ref_inputs
    # Control inputs first: in `with tf.control_dependencies([v.assign(1)]): tf.identity(v)`
    # the assign must run before the variable is read, as TF1 programs rely on.
    result = list(op._control_inputs)
    for i, t in enumerate(op._inputs):
        if t in fed or i in refs:
            continue
        result.append(t._op)
    return result


def topological_order(roots, fed=(), op_defs=None):
    """The ops `roots` need, each after its dependencies, in depth-first order.

    Iterative: graphs a hundred thousand ops deep order without recursion.
    """
    if op_defs is None:
        op_defs = _OpDefLookup()
    order = []
    done = set()
    on_path = set()
    for root in roots:
        if root in done:
            continue
        stack = [(root, iter(_deps(root, fed, op_defs)))]
        on_path.add(root)
        while stack:
            op, it = stack[-1]
            for dep in it:
                if dep not in done:
                    if dep in on_path:
                        raise errors.InvalidArgumentError(
                            None, dep, "Graph has a cycle through '%s'." % dep.name)
                    on_path.add(dep)
                    stack.append((dep, iter(_deps(dep, fed, op_defs))))
                    break
            else:
                stack.pop()
                on_path.discard(op)
                done.add(op)
                order.append(op)
    return order


class _OpDefLookup(dict):
    def __missing__(self, key):
        value = self[key] = get_op_def(key)
        return value


_TF_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def _missing_feed_error(op):
    dtype = op._attrs["dtype"]
    shape = op._attrs.get("shape")
    if shape is None or shape.ndims is None:
        shape_text = "<unknown>"
    else:
        shape_text = "[%s]" % ",".join("?" if d is None else str(d) for d in shape.as_tuple())
    where = op.where()
    return errors.InvalidArgumentError(
        None, op,
        "You must feed a value for placeholder tensor '%s' with dtype %s and shape %s\n"
        "\t [[node %s (defined at %s) ]]\nGive it a value in this run: "
        "sess.run(..., feed_dict={<the placeholder tensor %s:0>: value})."
        % (op.name, _TF_TYPE_NAMES.get(dtype.name, dtype.name), shape_text, op.name,
           where or "?", op.name))


def build_plan(fetches, feeds, session_variables, random_states):
    """Plans one run: `fetches` is a list of Tensors and Operations, `feeds` a list of Tensors.

    Raises InvalidArgumentError before anything runs when a placeholder the fetches need is
    not fed.
    """
    op_defs = _OpDefLookup()
    fed = set(feeds)
    roots = []
    for f in fetches:
        if isinstance(f, Operation):
            roots.append(f)
        elif f not in fed:
            roots.append(f._op)
    order = topological_order(roots, fed, op_defs)

    slot_of = {}
    n_slots = 0
    for t in feeds:
        slot_of[t] = n_slots
        n_slots += 1
    initial = [None] * n_slots
    fresh = set()        # slots holding buffers the run allocated itself
    producer_step = {}
    steps = []
    ref_slots = {}
    assigned_vars = set()
    read_vars = []
    for step_index, op in enumerate(order):
        op_def = op_defs[op._type]
        if op._type == "Placeholder":
            raise _missing_feed_error(op)
        in_slots = []
        for i, t in enumerate(op._inputs):
            if i in op_def.ref_inputs:
                var_op = t._op
                if var_op._type not in ("VariableV2", "Variable"):
                    raise errors.UnimplementedError(
                        None, op, "Op '%s' takes a reference to '%s', which is not a variable."
                        % (op.name, var_op.name))
                s = ref_slots.get(var_op)
                if s is None:
                    s = ref_slots[var_op] = n_slots
                    n_slots += 1
                    initial.append(VariableRef(session_variables, var_op.name, var_op))
                assigned_vars.add(var_op)
                in_slots.append(s)
            else:
                in_slots.append(slot_of[t])
        outs = []
        for t in op._outputs:
            if t in fed:
                # The op runs for its other outputs; this one keeps the fed value.
                outs.append(n_slots)
                initial.append(None)
                n_slots += 1
                continue
            slot_of[t] = n_slots
            outs.append(n_slots)
            initial.append(None)
            if op_def.fresh_output:
                fresh.add(n_slots)
            producer_step[n_slots] = step_index
            n_slots += 1
        if op._type in ("VariableV2", "Variable"):
            read_vars.append(op)
        fn = _bind_kernel(op_def.kernel, op, op_def, session_variables, random_states)
        multi = len(outs) != 1
        steps.append([fn, tuple(in_slots), tuple(outs) if multi else outs[0], (), op, multi])

    fetch_slots = []
    fetch_copy = []
    fetch_set = set()
    for f in fetches:
        if isinstance(f, Operation):
            fetch_slots.append(None)
            fetch_copy.append(False)
            continue
        s = slot_of[f]
        # Values the caller gets must be theirs: copy anything the run does not own outright,
        # and duplicates, so mutating one result changes nothing else.
        fetch_copy.append(s not in fresh or s in fetch_set)
        fetch_slots.append(s)
        fetch_set.add(s)

    # Last use of each slot; fetched and feed slots live to the end.
    last_use = {}
    for step_index, step in enumerate(steps):
        for s in step[1]:
            last_use[s] = step_index
        outs = step[2] if step[5] else (step[2],)
        for s in outs:
            last_use.setdefault(s, step_index)
    kept_slots = fetch_set | set(range(len(feeds))) | {
        s for s, v in enumerate(initial) if isinstance(v, VariableRef)}
    frees = [[] for _ in steps]
    for s, step_index in last_use.items():
        if s not in kept_slots:
            frees[step_index].append(s)
    # A kernel that is not fresh_output may return a view of an input (reshape, identity,
    # slicing): writing into that input in place would change the view as well.
    # (An op's scratch inputs are never what its output views.)
    viewed = set()
    for step in steps:
        op_def = op_defs[step[4]._type]
        if not op_def.fresh_output:
            viewed.update(s for i, s in enumerate(step[1]) if i not in op_def.scratch_inputs)
    writable = fresh - viewed
    for step_index, step in enumerate(steps):
        step[3] = tuple(frees[step_index])
        op = step[4]
        op_def = op_defs[op._type]
        if op_def.elementwise and not step[5]:
            _try_inplace(step, step_index, last_use, writable, fetch_set)
        elif op_def.scratch_kernel is not None and all(
                _dies_here(step[1][i], step_index, last_use, writable, fetch_set)
                for i in op_def.scratch_inputs):
            step[0] = _bind_kernel(op_def.scratch_kernel, op, op_def, session_variables,
                                   random_states)

    plan = Plan()
    plan.steps = [tuple(s) for s in steps]
    plan.compiled = None  # executor.py compiles fast_steps once the plan has run often
    plan.unobserved_runs = 0
    plan.variable_reads = [v for v in read_vars if v not in assigned_vars]
    plan.fast_steps, plan.fast_initial, folded, plan.variable_loads = fast_path(
        plan.steps, initial, op_defs, fetch_set, kept_slots, set(plan.variable_reads))
    # A folded value lives in the plan and is shared by every run: hand out copies.
    fetch_copy = [copy or s in folded for s, copy in zip(fetch_slots, fetch_copy)]
    plan.ops = order
    plan.n_slots = n_slots
    plan.initial = initial
    plan.feed_slots = list(range(len(feeds)))
    plan.fetch_slots = fetch_slots
    plan.fetch_copy = fetch_copy
    return plan


def _bind_kernel(kernel, op, op_def, session_variables, random_states):
    """`kernel` as a function of the op's input values alone: attrs and context bound."""
    context = OpContext(op, session_variables, random_states) if op_def.needs_context else None
    if kernel is op_def.kernel and op_def.kernel_for is not None:
        return op_def.kernel_for(op, context)
    if op_def.kernel_attrs:
        kernel = functools.partial(kernel, **{k: op._attrs[k] for k in op_def.kernel_attrs})
    if context is not None:
        kernel = functools.partial(kernel, context)
    return kernel


def _dies_here(slot, step_index, last_use, writable, fetch_set):
    """True when `slot` holds a buffer this run allocated, read last by this step."""
    return slot in writable and last_use.get(slot) == step_index and slot not in fetch_set


def _try_inplace(step, step_index, last_use, fresh, fetch_set):
    """Lets an elementwise kernel write into an input buffer that dies here and that the run
    allocated itself (never a variable's, a feed's or a constant's)."""
    fn, in_slots, op = step[0], step[1], step[4]
    out = op._outputs[0]
    size = out._shape.num_elements()
    if size is not None and size < _INPLACE_MIN_SIZE:
        return  # known small: the wrapper's checks would cost more than they save
    for position, s in enumerate(in_slots):
        if _dies_here(s, step_index, last_use, fresh, fetch_set):
            buf = op._inputs[position]
            if all(t.dtype == out.dtype for t in op._inputs):
                if size is not None and buf._shape == out._shape:
                    step[0] = _inplace_known_kernel(fn, position, len(in_slots),
                                                    tuple(out._shape.as_list()))
                    return
                if never_broadcast(buf, op._inputs):  # the result has buf's shape, whatever
                    step[0] = _inplace_known_kernel(fn, position, len(in_slots))
                    return
            step[0] = _inplace_kernel(fn, position)
            return


def _inplace_kernel(ufunc, position):
    def kernel(*args):
        buf = args[position]
        # Only worth it (and only safe) for a real array of the result's shape and dtype:
        # every other input has buf's dtype and broadcasts into buf's shape unchanged.
        if type(buf) is np.ndarray and buf.size >= _INPLACE_MIN_SIZE and buf.flags.writeable:
            shape, dtype = buf.shape, buf.dtype
            for a in args:
                if a is not buf and (getattr(a, "dtype", None) != dtype or
                                     a.shape != shape and not _broadcasts_into(a.shape, shape)):
                    return ufunc(*args)
            return ufunc(*args, out=buf)
        return ufunc(*args)
    kernel.inplace_of = ufunc
    return kernel


def _broadcasts_into(small, big):
    """True when broadcasting a `small`-shaped array with a `big` one gives `big`."""
    return len(small) <= len(big) and all(
        d == 1 or d == b for d, b in zip(reversed(small), reversed(big)))


def _inplace_known_kernel(ufunc, position, arity, shape=None):
    """As _inplace_kernel, when the graph already proves the result has the buffer's shape
    (and, given `shape`, what that shape is) and every input its dtype: only what a run can
    change is checked."""
    if arity == 2 and shape is None:
        def kernel(a, b):
            buf = b if position else a
            if type(buf) is np.ndarray and buf.flags.writeable:
                return ufunc(a, b, out=buf)
            return ufunc(a, b)
    elif arity == 2:
        def kernel(a, b):
            buf = b if position else a
            if type(buf) is np.ndarray and buf.shape == shape and buf.flags.writeable:
                return ufunc(a, b, out=buf)
            return ufunc(a, b)
    else:
        def kernel(*args):
            buf = args[position]
            if type(buf) is np.ndarray and (shape is None or buf.shape == shape) and \
                    buf.flags.writeable:
                return ufunc(*args, out=buf)
            return ufunc(*args)
    kernel.inplace_of = ufunc
    return kernel
