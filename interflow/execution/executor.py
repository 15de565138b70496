"""Runs a Plan: calls kernels in order, frees values after their last use, and turns any failure
into a tf.errors exception that names the op, its inputs and the user's line."""

import time

import numpy as np

from interflow.execution import compiled
from interflow.execution.plan import uninitialized_error
from interflow.framework import errors

__all__ = ["execute", "iterate"]


def execute(plan, feed_values, variables, hooks=None):
    """Runs `plan` with `feed_values` (one per plan feed) and returns the fetched values."""
    if hooks:
        _check_initialized(plan, variables)
        slots = list(plan.initial)
    else:
        slots = list(plan.fast_initial)
        for s, var_op in plan.variable_loads:
            try:
                slots[s] = variables[var_op._name]
            except KeyError:
                raise _with_node(uninitialized_error(var_op), var_op) from None
    if feed_values:
        slots[:len(feed_values)] = feed_values  # feeds take the first slots
    # TF returns inf and nan silently: NumPy's float warnings are off for the whole run.
    with np.errstate(all="ignore"):
        if hooks:
            _run_observed(plan, slots, hooks)
        else:
            _run_fast(plan, slots)
    return _collect(plan, slots)


def _run_fast(plan, slots):
    """The unobserved steps: compiled once the plan has run often, else the loop below."""
    run = plan.compiled
    if run is None:
        plan.unobserved_runs += 1
        if plan.unobserved_runs == compiled.COMPILE_AFTER_RUNS and \
                len(plan.fast_steps) <= compiled.MAX_COMPILED_STEPS:
            plan.compiled = compiled.compile_steps(plan.fast_steps)
        _run(plan.fast_steps, slots)
        return
    try:
        run(slots)
    except Exception as e:
        index = compiled.failed_step(e.__traceback__, run)
        if index is None:
            raise
        step = plan.fast_steps[index]
        raise op_error(e, step[4], [slots[i] for i in step[1]]) from _cause(e)


def _run(steps, slots):
    """The hot loop: a flat list of steps over one list of value slots."""
    step = None
    try:
        for step in steps:
            fn, ins, out, free, _, multi = step
            n = len(ins)
            if n == 2:
                r = fn(slots[ins[0]], slots[ins[1]])
            elif n == 1:
                r = fn(slots[ins[0]])
            elif n == 0:
                r = fn()
            else:
                r = fn(*[slots[i] for i in ins])
            if multi:
                if out:
                    for s, v in zip(out, r):
                        slots[s] = v
            else:
                slots[out] = r
            for s in free:
                slots[s] = None
    except Exception as e:
        raise op_error(e, step[4], [slots[i] for i in step[1]]) from _cause(e)


def _run_observed(plan, slots, hooks):
    """The same loop, timing each op and telling every hook about it."""
    clock = time.perf_counter
    for step in plan.steps:
        fn, ins, out, free, op, multi = step
        args = [slots[i] for i in ins]
        start = clock()
        try:
            r = fn(*args)
        except Exception as e:
            raise op_error(e, op, args) from _cause(e)
        seconds = clock() - start
        outputs = (tuple(r) if out else ()) if multi else (r,)
        if multi:
            for s, v in zip(out, outputs):
                slots[s] = v
        else:
            slots[out] = r
        for hook in hooks:
            hook.on_op_done(op, outputs, seconds)
        for s in free:
            slots[s] = None


def iterate(plan, feed_values, variables):
    """Runs `plan` one op at a time: yields (op, outputs, slots) after each op.

    The notebook's op stepper drives runs through this; the last value sent back by the
    generator's close is irrelevant. Returns the fetched values via StopIteration.value.
    """
    _check_initialized(plan, variables)
    slots = list(plan.initial)
    for s, v in zip(plan.feed_slots, feed_values):
        slots[s] = v
    for fn, ins, out, free, op, multi in plan.steps:
        args = [slots[i] for i in ins]
        try:
            with np.errstate(all="ignore"):
                r = fn(*args)
        except Exception as e:
            raise op_error(e, op, args) from _cause(e)
        outputs = (tuple(r) if out else ()) if multi else (r,)
        if multi:
            for s, v in zip(out, outputs):
                slots[s] = v
        else:
            slots[out] = r
        yield op, outputs
        for s in free:
            slots[s] = None
    return _collect(plan, slots)


def _check_initialized(plan, variables):
    """Every variable the run reads without assigning it first has a value (else the error
    names the first that has none, before any op runs)."""
    for var_op in plan.variable_reads:
        if var_op.name not in variables:
            raise _with_node(uninitialized_error(var_op), var_op)


def _collect(plan, slots):
    results = []
    for s, copy in zip(plan.fetch_slots, plan.fetch_copy):
        if s is None:
            results.append(None)
            continue
        v = slots[s]
        if type(v) is np.ndarray:
            if v.ndim == 0:
                v = v[()]  # TF returns NumPy scalars (np.float32) for 0-d tensors
            elif copy:
                v = v.copy()
        elif isinstance(v, np.generic) or v is None:
            pass
        else:
            v = np.asarray(v).copy()
        results.append(v)
    return results


def _cause(e):
    return None if isinstance(e, errors.OpError) else e


def _describe(value):
    shape = getattr(value, "shape", None)
    dtype = getattr(value, "dtype", None)
    if shape is None or dtype is None:
        return type(value).__name__
    name = "string" if dtype == object else dtype.name
    return "%s[%s]" % (name, ",".join(str(d) for d in shape))


def _with_node(error, op):
    where = op.where()
    message = "%s\n\t [[node %s (op: %s) defined at %s ]]" % (
        error.message, op.name, op.type, where or "<unknown>")
    return type(error)(error.node_def, op, message)


def op_error(e, op, args):
    """The tf.errors exception for `e`, raised by `op`'s kernel on `args`."""
    if isinstance(e, errors.OpError):
        if e.op is None or e.op is op or "[[node " not in e.message:
            return _with_node(e if e.op is not None else type(e)(e.node_def, op, e.message), op)
        return e
    from interflow.execution.plan import VariableRef
    inputs = ", ".join(_describe(a) if not isinstance(a, VariableRef) else "ref " + a.name
                       for a in args)
    message = "%s (in op '%s' of type %s, inputs: %s)" % (
        _kernel_message(e), op.name, op.type, inputs or "none")
    cls = errors.InvalidArgumentError
    if isinstance(e, MemoryError):
        cls = errors.ResourceExhaustedError
    elif isinstance(e, (NotImplementedError,)):
        cls = errors.UnimplementedError
    elif isinstance(e, (KeyError, AttributeError, IndexError, AssertionError)) and \
            not isinstance(e, IndexError):
        cls = errors.InternalError
    return _with_node(cls(None, op, message), op)


def _kernel_message(e):
    text = str(e)
    if isinstance(e, np.linalg.LinAlgError):
        return "Input is not invertible (%s)" % text
    return "%s: %s" % (type(e).__name__, text) if text else type(e).__name__
