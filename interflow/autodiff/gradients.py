"""tf.gradients: reverse-mode autodiff as a graph-to-graph transform (no recursion, no running)."""

import collections

from interflow.framework.api import name_scope
from interflow.framework.common_shapes import never_broadcast
from interflow.framework.op_registry import get_gradient_function, graph_of
from interflow.framework.operation import Tensor
from interflow.framework.tensor_conversion import convert_to_tensor
from interflow.ops import array_ops, math_ops

__all__ = ["gradients"]


def _is_trainable(tensor):
    """Only floating and complex tensors carry gradients, as in TF."""
    base = tensor.dtype.base_dtype
    return base.is_floating or base.is_complex


def _as_tensors(values, as_ref):
    values = list(values) if isinstance(values, (list, tuple)) else [values]
    return [convert_to_tensor(v, as_ref=as_ref) if not isinstance(v, Tensor) else v
            for v in values]


def _ops_between(ys, xs, stop_ops):
    """The ops on some path from an x to a y: forward from xs, then backward from ys."""
    from_xs = set()
    queue = collections.deque(x.op for x in xs)
    while queue:
        op = queue.popleft()
        if op in from_xs:
            continue
        from_xs.add(op)
        for out in op._outputs:
            queue.extend(out._consumers)
    between = set()
    queue = collections.deque(y.op for y in ys)
    while queue:
        op = queue.popleft()
        if op in between or op not in from_xs:
            continue
        between.add(op)
        if op in stop_ops:
            continue
        queue.extend(t.op for t in op._inputs)
    return between


def gradients(ys, xs, grad_ys=None, name="gradients", colocate_gradients_with_ops=False,
              gate_gradients=False, aggregation_method=None, stop_gradients=None,
              unconnected_gradients="none"):
    """Symbolic derivatives of sum(ys) with respect to each x in xs.

    Adds the gradient ops to the graph under the name scope `gradients` (`gradients_1`, ...
    for later calls), one `<op>_grad` scope per forward op, and returns one tensor per x:
    None where ys do not depend on x (or x is not a float tensor).

    Args:
      ys: a tensor or list of tensors to differentiate.
      xs: a tensor, Variable, or list of them.
      grad_ys: optional initial gradients, one per y (default: ones).
      stop_gradients: tensors treated as constants (no gradient flows through them).
      unconnected_gradients: 'none' (default) or 'zero'.
    """
    ys = _as_tensors(ys, as_ref=False)
    xs = _as_tensors(xs, as_ref=True)
    if grad_ys is None:
        grad_ys = [None] * len(ys)
    else:
        grad_ys = list(grad_ys) if isinstance(grad_ys, (list, tuple)) else [grad_ys]
        if len(grad_ys) != len(ys):
            raise ValueError("Passed %d grad_ys for %d ys" % (len(grad_ys), len(ys)))
    if unconnected_gradients not in ("none", "zero"):
        raise ValueError("Unknown value for unconnected_gradients: %r" % unconnected_gradients)
    stop_tensors = _as_tensors(stop_gradients, as_ref=False) if stop_gradients is not None \
        else []
    graph = graph_of(ys + xs + stop_tensors)
    with graph.as_default(), name_scope(name, "gradients") as scope:
        return _gradients(graph, ys, xs, grad_ys, stop_tensors, unconnected_gradients, scope)


def _gradients(graph, ys, xs, grad_ys, stop_tensors, unconnected, scope):
    for i, (y, g) in enumerate(zip(ys, grad_ys)):
        if g is None:
            if not _is_trainable(y):
                raise TypeError("Gradients of complex or integer tensors are not supported: "
                                "y %s has dtype %s." % (y.name, y.dtype.name))
            grad_ys[i] = array_ops.ones(array_ops.shape(y), dtype=y.dtype.base_dtype,
                                        name="grad_ys_%d" % i)
        else:
            grad_ys[i] = convert_to_tensor(g, dtype=y.dtype.base_dtype)

    stop_ops = set(t.op for t in stop_tensors)
    between = _ops_between(ys, xs, stop_ops)

    # How many gradient contributions each op waits for before its own gradient can be built.
    pending = collections.Counter()
    for op in between:
        if op in stop_ops:
            continue
        for t in op._inputs:
            if t.op in between:
                pending[t.op] += 1

    grads = collections.defaultdict(list)   # tensor -> gradient contributions
    for y, g in zip(ys, grad_ys):
        grads[y].append(g)

    queue = collections.deque()
    queued = set()
    for y in ys:
        if y.op in between and pending[y.op] == 0 and y.op not in queued:
            queue.append(y.op)
            queued.add(y.op)

    while queue:
        op = queue.popleft()
        out_grads = []
        for t in op._outputs:
            g = _aggregate(grads.get(t), op)
            if g is not None:
                grads[t] = [g]  # summed once, even if t is also one of the xs
            out_grads.append(g)
        has_grads = any(g is not None for g in out_grads)
        in_grads = [None] * len(op._inputs)
        if has_grads and op not in stop_ops:
            grad_fn = get_gradient_function(op)
            if grad_fn is not None:
                for i, g in enumerate(out_grads):
                    if g is None and _is_trainable(op._outputs[i]):
                        # This output does not reach ys: its gradient is zero.
                        out_grads[i] = array_ops.zeros_like(op._outputs[i], optimize=False)
                start = len(graph._nodes_in_order)
                with graph.name_scope(op.name + "_grad"):
                    result = grad_fn(op, *out_grads)
                    result = list(result) if isinstance(result, (list, tuple)) else [result]
                    if len(result) != len(op._inputs):
                        raise ValueError("Num gradients %d generated for op %s do not match "
                                         "num inputs %d" % (len(result), op.node_def,
                                                            len(op._inputs)))
                    if op._op_def.elementwise and len(op._inputs) > 1:
                        result = [None if g is None else _unbroadcast(g, t, op._inputs)
                                  for g, t in zip(result, op._inputs)]
                in_grads = result
                _mark_forward(graph, start, op)
        for i, (t, g) in enumerate(zip(op._inputs, in_grads)):
            if g is not None and _is_trainable(t):
                if isinstance(g, Tensor):
                    try:
                        g.set_shape(t.get_shape())
                    except ValueError:
                        raise ValueError(
                            "Incompatible shapes between op input and calculated input "
                            "gradient. Forward operation: %s. Input index: %d. Original input "
                            "shape: %s. Calculated input gradient shape: %s"
                            % (op.name, i, t.shape, g.shape)) from None
                grads[t].append(g)
        for t in op._inputs:
            producer = t.op
            if producer in between:
                pending[producer] -= 1
                if pending[producer] == 0 and producer not in queued:
                    queue.append(producer)
                    queued.add(producer)

    result = []
    for x in xs:
        g = _aggregate(grads.get(x), x.op) if x in grads else None
        if g is None and unconnected == "zero" and _is_trainable(x):
            g = array_ops.zeros_like(x)
        result.append(g if _is_trainable(x) else None)
    return result


def _aggregate(contributions, op):
    """Sums several gradient contributions to one tensor with AddN (None if there are none)."""
    if not contributions:
        return None
    contributions = [g for g in contributions if g is not None]
    if not contributions:
        return None
    if len(contributions) == 1:
        return contributions[0]
    graph = contributions[0].graph
    start = len(graph._nodes_in_order)
    total = math_ops.add_n(contributions)
    _mark_forward(graph, start, op)
    return total


def _unbroadcast(grad, x, inputs):
    """Sums `grad` over the dimensions along which `x` was broadcast, back to x's shape.

    Decided at build time whenever the static shapes allow, with no run-time shape ops:
    x fully known gives the axes (even with an unknown batch dimension in grad); an x that no
    other input of the op can have broadcast needs nothing at all.
    """
    gs, xs_ = grad.shape, x.shape
    if xs_.is_fully_defined() and gs.ndims is not None and gs.ndims >= xs_.ndims:
        gdims, xdims = gs.as_list(), xs_.as_list()
        if gdims == xdims:
            return grad
        lead = len(gdims) - len(xdims)
        axes = list(range(lead)) + [lead + i for i, d in enumerate(xdims)
                                    if d == 1 and gdims[lead + i] != 1]
        summed = math_ops.reduce_sum(grad, axes) if axes else grad
        if summed.shape.as_tuple() == tuple(xdims):
            return summed
        return array_ops.reshape(summed, xdims)
    if never_broadcast(x, inputs):
        return grad
    sx = array_ops.shape(x)
    sg = array_ops.shape(grad)
    rx, _ = array_ops.broadcast_gradient_args(sx, sg)
    return array_ops.reshape(math_ops.reduce_sum(grad, rx), sx)


def _mark_forward(graph, start, op):
    """Records on each op made since `start` that it belongs to `op`'s gradient."""
    for new_op in graph._nodes_in_order[start:]:
        if new_op._forward_op is None:
            new_op._forward_op = op
