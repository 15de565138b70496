"""Control flow without data: no_op, group, tuple, with_dependencies."""

from interflow.framework.op_registry import apply_op, define_op, graph_of
from interflow.framework.operation import Operation, Tensor

__all__ = ["no_op", "group", "tuple", "with_dependencies"]

_tuple = tuple

define_op("NoOp", lambda: (), None, num_outputs=0, input_names=(), type_attr=None,
          differentiable=False)


def no_op(name=None):
    """An op that does nothing; with control inputs, it waits for them."""
    return apply_op("NoOp", [], name=name or "NoOp")


def group(*inputs, **kwargs):
    """An op that runs all `inputs` (ops or tensors) and outputs nothing."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError("Unknown keyword arguments: " + ", ".join(kwargs))
    ops = []
    for x in inputs:
        if isinstance(x, (list, _tuple)):
            ops.extend(x)
        else:
            ops.append(x)
    deps = []
    for x in ops:
        if isinstance(x, Tensor):
            x = x.op
        elif hasattr(x, "_as_graph_element"):
            x = x._as_graph_element().op
        if not isinstance(x, Operation):
            raise TypeError("Expected tf.group() expected Tensor arguments not '%s' with type '%s'"
                            % (x, type(x)))
        deps.append(x)
    graph = graph_of(deps)
    with graph.as_default():
        if not deps:
            return no_op(name=name or "group_deps")
        with graph.control_dependencies(deps):
            return no_op(name=name or "group_deps")


def with_dependencies(dependencies, output_tensor, name=None):
    """`output_tensor`'s value, produced only after `dependencies` ran."""
    from interflow.ops import array_ops
    graph = graph_of([output_tensor])
    with graph.as_default(), graph.name_scope(name or "control_dependency") as scope:
        with graph.control_dependencies(dependencies):
            if isinstance(output_tensor, Operation):
                with graph.control_dependencies([output_tensor]):
                    return no_op(name=scope)
            return array_ops.identity(output_tensor, name=scope)


def tuple(tensors, name=None, control_inputs=None):
    """The same tensors, each available only after all of them (and `control_inputs`) ran."""
    from interflow.ops import array_ops
    tensors = list(tensors)
    graph = graph_of([t for t in tensors if t is not None])
    with graph.as_default(), graph.name_scope(name or "tuple") as scope:
        gating = [t.op if isinstance(t, Tensor) else t for t in tensors if t is not None]
        if control_inputs:
            gating += list(control_inputs)
        gate = group(*gating, name="gate")
        return [None if t is None else with_dependencies([gate], t) for t in tensors]
