"""The steps of an unobserved run: a plan's steps with what is known before the run taken out.

Runs that nobody watches (no hooks, no stepping) execute these; observed runs execute every op.
- Constant folding: an op whose inputs are all constants runs once, at planning time (as TF's
  Grappler folds constants).
- Static shape values: a Shape, Size or Rank, or a Slice or ConcatV2 of shape vectors, whose
  value the graph's static shapes already fix becomes a constant (softmax cross-entropy's
  [-1, classes] for logits of shape [?, 10]); Shape, Size and Rank ops nobody reads then are
  dropped. Static shapes hold at run time: the session checks every fed value against them.
- Aliasing: an Identity (a variable's `read`), or a Reshape to the shape its input already has,
  hands its input's slot to its consumers.
- Variable loads: a variable the run reads but never assigns is put in its slot before the first
  step, by the executor's initialization check, instead of by a step.
- Liveness is recomputed over what is left, so values are still freed after their last use.
"""

import numpy as np

__all__ = ["fast_path"]

_ALIASES = frozenset(["Identity", "StopGradient"])
_SHAPE_OPS = frozenset(["Shape", "Size", "Rank"])  # pure and infallible: safe to drop
_UNKNOWN = object()


def fast_path(steps, initial, op_defs, fetch_set, kept_slots, loaded_variables):
    """(steps, initial slot values, {slot: folded value}, [(slot, variable op)] to load) for
    runs nobody observes.

    `kept_slots` are never freed (fetches, feeds, variable references); `loaded_variables`
    are the variable ops whose values the executor loads before the run."""
    folded = {}
    fast_initial = list(initial)
    alias = {}
    partial = {}  # slot -> a 1-D int value with some elements known before the run
    kept = []
    loads = []
    for step in steps:
        fn, ins, out, _, op, multi = step
        if op in loaded_variables:
            loads.append((out, op))
            continue
        if alias:
            ins = tuple(alias.get(s, s) for s in ins)
        op_def = op_defs[op._type]
        if not multi and not op_def.stateful and not op_def.needs_context \
                and not op_def.ref_inputs:
            value = _UNKNOWN
            if all(s in folded for s in ins):
                value = _evaluate(fn, [folded[s] for s in ins])
            else:
                known = _static_value(op, ins, folded, partial)
                if type(known) is list:
                    partial[out] = known
                elif known is not None:
                    value = known
            if value is not _UNKNOWN:
                if type(value) is np.ndarray and value.flags.writeable:
                    value.flags.writeable = False  # shared by every run
                folded[out] = fast_initial[out] = value
                continue
            if out not in fetch_set and (op._type in _ALIASES or op._type == "Reshape" and
                                         _reshapes_to_itself(op, folded.get(ins[1]))):
                alias[out] = ins[0]
                continue
        kept.append([fn, ins, out, (), op, multi])
    kept = _without_unread_shape_ops(kept, fetch_set)
    _set_frees(kept, kept_slots)
    return [tuple(s) for s in kept], fast_initial, folded, loads


def _evaluate(fn, args):
    kernel = getattr(fn, "inplace_of", fn)  # never write into a folded input
    try:
        with np.errstate(all="ignore"):
            return kernel(*args)
    except Exception:
        return _UNKNOWN  # left to the run, which reports the error with the op and the line


def _reshapes_to_itself(op, shape):
    """True when the static shapes prove Reshape(x, shape) gives x's shape back: each target
    dim equals x's, or is the one -1 standing for x's unknown dim ([-1, 10] for [?, 10])."""
    dims = op._inputs[0]._shape.as_tuple()
    if shape is None or dims is None or shape.ndim != 1 or len(shape) != len(dims):
        return False
    target = shape.tolist()
    if target.count(-1) > 1:
        return False
    return all(t == d or t == -1 for t, d in zip(target, dims) if d is not None) and \
        all(t == -1 for t, d in zip(target, dims) if d is None)


def _static_value(op, ins, folded, partial):
    """The op's value when static shapes fix it (an array), the elements they fix of a 1-D
    value (a list with None for the rest), or None."""
    kind = op._type
    if kind in _SHAPE_OPS:
        shape = op._inputs[0]._shape
        dtype = op._outputs[0].dtype.np_dtype
        if kind == "Rank":
            return None if shape.ndims is None else np.array(shape.ndims, dtype)
        if kind == "Size":
            n = shape.num_elements()
            return None if n is None else np.array(n, dtype)
        if shape.ndims is None:
            return None
        return _vector(list(shape.as_tuple()), dtype)
    if kind == "Slice":
        x = _known_vector(ins[0], folded, partial)
        begin, size = folded.get(ins[1]), folded.get(ins[2])
        if x is None or begin is None or size is None or begin.shape != (1,) or \
                size.shape != (1,):
            return None
        b, n = int(begin[0]), int(size[0])
        n = len(x) - b if n == -1 else n
        if not (0 <= b and 0 <= n and b + n <= len(x)):
            return None  # the kernel reports it
        return _vector(x[b:b + n], op._outputs[0].dtype.np_dtype)
    if kind == "ConcatV2":
        axis = folded.get(ins[-1])
        parts = [_known_vector(s, folded, partial) for s in ins[:-1]]
        if axis is None or axis.ndim or int(axis) not in (0, -1) or None in parts:
            return None
        return _vector([d for p in parts for d in p], op._outputs[0].dtype.np_dtype)
    return None


def _known_vector(slot, folded, partial):
    value = folded.get(slot)
    if value is not None:
        return value.tolist() if type(value) is np.ndarray and value.ndim == 1 else None
    return partial.get(slot)


def _vector(elements, dtype):
    return elements if None in elements else np.array(elements, dtype)


def _without_unread_shape_ops(steps, fetch_set):
    read = set(fetch_set)
    for step in steps:
        read.update(step[1])
    return [s for s in steps if s[4]._type not in _SHAPE_OPS or s[2] in read]


def _set_frees(steps, kept_slots):
    """Each slot freed after the step that reads it last (or makes it, if nothing reads it)."""
    last_use = {}
    for index, step in enumerate(steps):
        for s in step[1]:
            last_use[s] = index
        for s in (step[2] if step[5] else (step[2],)):
            last_use.setdefault(s, index)
    frees = [[] for _ in steps]
    for s, index in last_use.items():
        if s not in kept_slots:
            frees[index].append(s)
    for step, free in zip(steps, frees):
        step[3] = tuple(free)
