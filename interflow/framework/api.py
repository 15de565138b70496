"""Graph-level functions of the tf namespace: name_scope, control_dependencies, device,
collections, random seed, and tf.get_default_graph's helpers."""

import numpy as np

from interflow.framework.graph import get_default_graph
from interflow.framework.op_registry import graph_of

__all__ = ["name_scope", "control_dependencies", "device", "colocate_with",
           "add_to_collection", "add_to_collections", "get_collection", "get_collection_ref",
           "set_random_seed", "get_seed", "container", "op_scope"]

DEFAULT_GRAPH_SEED = 87654321


class name_scope:
    """`with tf.name_scope(name, default_name=None, values=None) as scope:`.

    Opens `name` (or `default_name` when name is None) in the graph of `values` (else the
    default graph); yields the scope string ending in '/'.
    """

    def __init__(self, name, default_name=None, values=None):
        self._name = default_name if name is None else name
        self._default_name = default_name
        self._values = values
        self._cms = []

    def __enter__(self):
        if self._name is None and self._values is not None:
            raise ValueError("At least one of name (%s) and default_name (%s) must be provided."
                             % (self._name, self._default_name))
        graph = graph_of(self._values) if self._values else get_default_graph()
        if graph is not get_default_graph():
            cm = graph.as_default()
            cm.__enter__()
            self._cms.append(cm)
        cm = graph.name_scope(self._name)
        scope = cm.__enter__()
        self._cms.append(cm)
        return scope

    def __exit__(self, *exc):
        while self._cms:
            self._cms.pop().__exit__(*exc)
        return False


op_scope = name_scope


def control_dependencies(control_inputs):
    """Ops created inside run after `control_inputs`; None clears. See Graph.control_dependencies."""
    return get_default_graph().control_dependencies(control_inputs)


def device(device_name_or_function):
    """Places ops created inside on a device (recorded on each op; interflow computes on CPU)."""
    return get_default_graph().device(device_name_or_function)


def colocate_with(op, ignore_existing=False):
    return get_default_graph().colocate_with(op, ignore_existing)


class container:
    """Accepted for compatibility: resource containers do not exist in interflow."""

    def __init__(self, container_name):
        self.name = container_name

    def __enter__(self):
        return self.name

    def __exit__(self, *exc):
        return False


def add_to_collection(name, value):
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value):
    get_default_graph().add_to_collections(names, value)


def get_collection(key, scope=None):
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key):
    return get_default_graph().get_collection_ref(key)


def set_random_seed(seed):
    """Sets the graph-level seed: ops' random numbers become repeatable across sessions."""
    get_default_graph().seed = seed


def get_seed(op_seed):
    """(graph seed, op seed) for a random op, by TF's rules.

    Both None when neither is set (truly random); a missing op seed comes from the graph's op
    count, a missing graph seed is DEFAULT_GRAPH_SEED.
    """
    graph = get_default_graph()
    global_seed = graph.seed
    if global_seed is not None:
        if op_seed is None:
            op_seed = graph._last_id
        seeds = _as_seed(global_seed), _as_seed(op_seed)
    elif op_seed is not None:
        seeds = DEFAULT_GRAPH_SEED, _as_seed(op_seed)
    else:
        seeds = None, None
    # (0, 0) would mean "nondeterministic" to the kernels, as in TF.
    if seeds == (0, 0):
        seeds = (0, 2**31 - 1)
    return seeds


def _as_seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError("A random seed must be an integer, got %r." % (seed,))
    return int(seed)
