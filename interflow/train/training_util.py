"""The global step variable: get_or_create_global_step and friends."""

from interflow.framework import dtypes
from interflow.framework.graph import GraphKeys, get_default_graph

__all__ = ["get_global_step", "create_global_step", "get_or_create_global_step",
           "global_step"]


def get_global_step(graph=None):
    """The graph's global step variable, or None."""
    graph = graph or get_default_graph()
    found = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(found) > 1:
        raise TypeError("There are %d global steps: %s" % (len(found), found))
    if found:
        return found[0]
    try:
        tensor = graph.get_tensor_by_name("global_step:0")
    except (KeyError, ValueError):
        return None
    if not tensor.dtype.base_dtype.is_integer:
        raise TypeError("Existing 'global_step' does not have integer type: %s" % tensor.dtype)
    return tensor


def create_global_step(graph=None):
    """A new int64 scalar variable `global_step` (ValueError if the graph has one)."""
    from interflow.init_ops import zeros_initializer
    from interflow.variable_scope import get_variable
    graph = graph or get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    with graph.as_default(), graph.name_scope(None):
        return get_variable(GraphKeys.GLOBAL_STEP, shape=[], dtype=dtypes.int64,
                            initializer=zeros_initializer(), trainable=False,
                            collections=[GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP])


def get_or_create_global_step(graph=None):
    graph = graph or get_default_graph()
    step = get_global_step(graph)
    return step if step is not None else create_global_step(graph)


def global_step(sess, global_step_tensor):
    """The current value of the global step, as a Python int."""
    return int(sess.run(global_step_tensor))
