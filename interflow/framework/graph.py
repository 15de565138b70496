"""Graph: ops by name, the name-scope / control-dependency / device stacks, collections, default graph."""

import contextlib
import re
import threading

from interflow.framework import device as device_lib
from interflow.framework.operation import Operation, Tensor

__all__ = ["Graph", "GraphKeys", "get_default_graph", "reset_default_graph"]

_VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\-/>]*$")
_VALID_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_.\-/>]*$")


class GraphKeys:
    """Standard collection names."""
    GLOBAL_VARIABLES = "variables"
    VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    METRIC_VARIABLES = "metric_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    ASSET_FILEPATHS = "asset_filepaths"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    CONCATENATED_VARIABLES = "concatenated_variables"
    SAVERS = "savers"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    SAVEABLE_OBJECTS = "saveable_objects"
    RESOURCES = "resources"
    LOCAL_RESOURCES = "local_resources"
    TRAINABLE_RESOURCE_VARIABLES = "trainable_resource_variables"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
    SUMMARY_OP = "summary_op"
    GLOBAL_STEP = "global_step"
    EVAL_STEP = "eval_step"
    TRAIN_OP = "train_op"
    COND_CONTEXT = "cond_context"
    WHILE_CONTEXT = "while_context"


def name_from_scope_name(name):
    """'a/b/' -> 'a/b': a scope string used as an exact op name."""
    return name[:-1] if name and name[-1] == "/" else name


class _ControlDependencies:
    """One `with g.control_dependencies(...)` frame; remembers the ops created inside it."""

    def __init__(self, control_inputs, new_stack):
        self.control_inputs = control_inputs
        self.new_stack = new_stack
        self.seen_ops = set()


class _ThreadState(threading.local):
    """The per-thread building context of one graph."""

    def __init__(self):
        self.name_stack = ""
        self.control_stack = []
        self.device_stack = []
        self.gradient_override = {}


class Graph:
    """A TensorFlow computation: Operations connected by Tensors, plus collections.

    Graphs are built in one phase and run by Sessions in another; building adds ops and
    never computes anything.
    """

    def __init__(self):
        self._lock = threading.RLock()
        self._nodes_by_name = {}
        self._nodes_in_order = []
        self._names_in_use = {}
        self._state = _ThreadState()
        self._collections = {}
        self._finalized = False
        self._version = 0
        self._last_id = 0
        self._seed = None
        self._unfeedable = set()
        self._unfetchable = set()
        self._stateful_ops_by_type = None

    # ------------------------------------------------------------------ identity and defaults

    def as_default(self):
        """A context manager that makes this graph the default graph of this thread."""
        return _default_graph_stack.get_controller(self)

    @property
    def version(self):
        """Grows whenever the graph changes (an op is added, say)."""
        return self._version

    def _bump_version(self):
        self._version += 1

    @property
    def finalized(self):
        return self._finalized

    def finalize(self):
        """Makes the graph read-only: adding an op afterwards raises RuntimeError."""
        self._finalized = True

    def _unsafe_unfinalize(self):
        self._finalized = False

    @property
    def seed(self):
        return self._seed

    @seed.setter
    def seed(self, seed):
        self._seed = seed

    @property
    def building_function(self):
        return False

    @property
    def graph_def_versions(self):
        return {"producer": 27, "min_consumer": 0}

    # ------------------------------------------------------------------ names

    def unique_name(self, name, mark_as_used=True):
        """`name` under the current name scope, suffixed `_1`, `_2`... to be unique.

        Names are compared case-insensitively, as in TF ('foo' and 'Foo' collide).
        """
        stack = self._state.name_stack
        if stack:
            name = stack + "/" + name
        key = name.lower()
        with self._lock:
            i = self._names_in_use.get(key, 0)
            if mark_as_used:
                self._names_in_use[key] = i + 1
            if i > 0:
                base_key = key
                while key in self._names_in_use:
                    key = "%s_%d" % (base_key, i)
                    i += 1
                if mark_as_used:
                    self._names_in_use[key] = 1
                name = "%s_%d" % (name, i - 1)
        return name

    def get_name_scope(self):
        """The current name scope, without a trailing '/'."""
        return self._state.name_stack

    @contextlib.contextmanager
    def name_scope(self, name):
        """Opens a name scope: ops created inside are named 'scope/op'.

        `name` ending in '/' re-enters that exact (captured) scope; '' or None goes back to
        the root; anything else is made unique ('param', 'param_1', ...).
        """
        state = self._state
        if name:
            if not isinstance(name, str):
                name = name.decode() if isinstance(name, bytes) else str(name)
            regex = _VALID_SCOPE_NAME if state.name_stack else _VALID_OP_NAME
            if not regex.match(name):
                raise ValueError("'%s' is not a valid scope name" % name)
        old = state.name_stack
        if not name:
            new_stack, returned = "", ""
        elif name[-1] == "/":
            new_stack, returned = name[:-1], name
        else:
            new_stack = self.unique_name(name)
            returned = new_stack + "/"
        state.name_stack = new_stack
        try:
            yield returned
        finally:
            state.name_stack = old

    # ------------------------------------------------------------------ ops and tensors

    def _next_op_name(self, name):
        """The final name of a new op asked to be called `name` (a scope string is used as is)."""
        final = name[:-1] if name[-1] == "/" else self.unique_name(name)
        if not _VALID_OP_NAME.match(final):
            raise ValueError("'%s' is not a valid node name" % final)
        return final

    def _register_op(self, op):
        """Records a new Operation; applies the control-dependency, device and gradient-override
        stacks of this thread."""
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        state = self._state
        inputs = op._inputs
        if state.control_stack:
            op._control_inputs = self._control_dependencies_for(inputs)
        if state.device_stack:
            op._device = self._device_for(op)
        if state.gradient_override and op._type in state.gradient_override:
            op._attrs["_gradient_op_type"] = state.gradient_override[op._type]
        with self._lock:
            if op._name in self._nodes_by_name:
                raise ValueError("Duplicate node name in graph: '%s'" % op._name)
            self._last_id += 1
            op._id = self._last_id
            self._nodes_by_name[op._name] = op
            self._nodes_in_order.append(op)
            self._version += 1
        for t in inputs:
            t._consumers.append(op)
        for c in op._control_inputs:
            c._control_outputs.append(op)
        for frame in state.control_stack:
            frame.seen_ops.add(op)

    def get_operations(self):
        """All ops in the order they were added."""
        return list(self._nodes_in_order)

    def get_operation_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError("Operation names are strings (or similar), not %s."
                            % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError("Tensor names are strings (or similar), not %s."
                            % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        """Resolves a Tensor, Operation or name ('op' or 'op:0') to an element of this graph."""
        if allow_tensor and allow_operation:
            types_str = "Tensor or Operation"
        elif allow_tensor:
            types_str = "Tensor"
        else:
            types_str = "Operation"
        conv = getattr(obj, "_as_graph_element", None)
        if conv is not None and callable(conv):
            obj = conv()
        if isinstance(obj, str):
            name = obj
            if ":" in name and allow_tensor:
                op_name, _, out_n = name.rpartition(":")
                try:
                    out_n = int(out_n)
                except ValueError:
                    raise ValueError("The name %s looks a like a Tensor name, but is not a valid "
                                     "one. Tensor names must be of the form "
                                     "\"<op_name>:<output_index>\"." % repr(name)) from None
                op = self._nodes_by_name.get(op_name)
                if op is None:
                    raise KeyError("The name %s refers to a Tensor which does not exist. The "
                                   "operation, %s, does not exist in the graph."
                                   % (repr(name), repr(op_name)))
                if not 0 <= out_n < len(op._outputs):
                    raise KeyError("The name %s refers to a Tensor which does not exist. The "
                                   "operation, %s, exists but only has %s outputs."
                                   % (repr(name), repr(op_name), len(op._outputs)))
                return op._outputs[out_n]
            if ":" in name:
                raise ValueError("Name %s appears to refer to a Tensor, not a %s."
                                 % (repr(name), types_str))
            if not allow_operation:
                if name in self._nodes_by_name:
                    raise ValueError("The name %s refers to an Operation, not a %s. Tensor "
                                     "names must be of the form \"<op_name>:<output_index>\"."
                                     % (repr(name), types_str))
                raise ValueError("The name %s looks like an (invalid) Operation name, not a %s."
                                 % (repr(name), types_str))
            op = self._nodes_by_name.get(name)
            if op is None:
                raise KeyError("The name %s refers to an Operation not in the graph."
                               % repr(name))
            return op
        if isinstance(obj, Tensor) and allow_tensor:
            if obj.graph is not self:
                raise ValueError("Tensor %s is not an element of this graph." % (obj,))
            return obj
        if isinstance(obj, Operation) and allow_operation:
            if obj._graph is not self:
                raise ValueError("Operation %s is not an element of this graph." % (obj,))
            return obj
        raise TypeError("Can not convert a %s into a %s." % (type(obj).__name__, types_str))

    def _is_function(self, name):
        return False

    # ------------------------------------------------------------------ control dependencies

    def control_dependencies(self, control_inputs):
        """Ops created inside run only after `control_inputs` (ops or tensors); None clears."""
        if control_inputs is None:
            return self._control_controller(_ControlDependencies([], new_stack=True))
        ops = []
        current = set(c for frame in self._state.control_stack for c in frame.control_inputs)
        for c in control_inputs:
            if isinstance(c, str) or hasattr(c, "_as_graph_element"):
                c = self.as_graph_element(c)
            if isinstance(c, Tensor):
                c = c.op
            elif not isinstance(c, Operation):
                raise TypeError("Control input must be Operation or Tensor: %s" % (c,))
            if c._graph is not self:
                raise ValueError("Control input %s is not an element of this graph." % (c,))
            if c not in current:
                ops.append(c)
                current.add(c)
        return self._control_controller(_ControlDependencies(ops, new_stack=False))

    @contextlib.contextmanager
    def _control_controller(self, frame):
        state = self._state
        old = state.control_stack
        state.control_stack = ([] if frame.new_stack else list(old)) + [frame]
        try:
            yield
        finally:
            state.control_stack = old

    def _control_dependencies_for(self, inputs):
        stack = self._state.control_stack
        if not stack:
            return []
        input_ops = [t._op for t in inputs]
        result = []
        for frame in stack:
            # An input made inside this frame already waits for its control inputs.
            if any(op in frame.seen_ops for op in input_ops):
                continue
            for c in frame.control_inputs:
                if c not in input_ops and c not in result:
                    result.append(c)
        return result

    @contextlib.contextmanager
    def _clear_control_dependencies(self):
        """For ops that must not inherit control deps (variable initializers: TF's init_scope)."""
        state = self._state
        old = state.control_stack
        state.control_stack = []
        try:
            yield
        finally:
            state.control_stack = old

    # ------------------------------------------------------------------ devices

    @contextlib.contextmanager
    def device(self, device_name_or_function):
        """Places ops created inside on a device: a string, a function op -> string, or None."""
        if device_name_or_function is not None and not callable(device_name_or_function):
            if not isinstance(device_name_or_function, str):
                device_name_or_function = getattr(device_name_or_function, "to_string",
                                                  lambda: str(device_name_or_function))()
            device_lib.canonical(device_name_or_function)  # validates now, not at op creation
        state = self._state
        state.device_stack.append(device_name_or_function)
        try:
            yield
        finally:
            state.device_stack.pop()

    def _device_for(self, op):
        current = ""
        for spec in self._state.device_stack:
            if spec is None:
                current = ""
            elif callable(spec):
                result = spec(op)
                current = device_lib.merge(current, result) if result else current
            else:
                current = device_lib.merge(current, spec)
        return current

    @contextlib.contextmanager
    def colocate_with(self, op, ignore_existing=False):
        """Accepted for compatibility; interflow runs everything on the CPU."""
        yield

    # ------------------------------------------------------------------ collections

    def add_to_collection(self, name, value):
        with self._lock:
            self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        names = (names,) if isinstance(names, str) else set(names)
        for name in names:
            self.add_to_collection(name, value)

    def get_collection_ref(self, name):
        """The collection list itself (mutations are seen by the graph)."""
        with self._lock:
            return self._collections.setdefault(name, [])

    def get_collection(self, name, scope=None):
        """A copy of collection `name`, keeping items whose name matches regex `scope`."""
        items = self._collections.get(name)
        if items is None:
            return []
        if scope is None:
            return list(items)
        regex = re.compile(scope)
        result = []
        for item in items:
            item_name = getattr(item, "name", None)
            if isinstance(item_name, str) and regex.match(item_name):
                result.append(item)
        return result

    def get_all_collection_keys(self):
        return [k for k in self._collections if isinstance(k, str)]

    def clear_collection(self, name):
        with self._lock:
            self._collections.pop(name, None)

    # ------------------------------------------------------------------ feeding and fetching

    def prevent_feeding(self, tensor):
        self._unfeedable.add(tensor)

    def is_feedable(self, tensor):
        return tensor not in self._unfeedable

    def prevent_fetching(self, op):
        self._unfetchable.add(op)

    def is_fetchable(self, tensor_or_op):
        op = tensor_or_op.op if isinstance(tensor_or_op, Tensor) else tensor_or_op
        return op not in self._unfetchable

    # ------------------------------------------------------------------ gradients

    @contextlib.contextmanager
    def gradient_override_map(self, op_type_map):
        """Ops created inside use the gradient registered under the mapped name."""
        if not isinstance(op_type_map, dict):
            raise TypeError("op_type_map must be a dictionary mapping strings to strings")
        for k, v in op_type_map.items():
            if not (isinstance(k, str) and isinstance(v, str)):
                raise TypeError("op_type_map must be a dictionary mapping strings to strings")
        state = self._state
        old = state.gradient_override
        state.gradient_override = dict(old, **op_type_map)
        try:
            yield
        finally:
            state.gradient_override = old

    def __repr__(self):
        return "<interflow.Graph object at 0x%x: %d ops>" % (id(self), len(self._nodes_in_order))


class _DefaultGraphStack(threading.local):
    """Each thread's stack of graphs made default by `as_default()`; below it, one global graph."""

    def __init__(self):
        self.stack = []

    @contextlib.contextmanager
    def get_controller(self, graph):
        self.stack.append(graph)
        try:
            yield graph
        finally:
            # Tolerate a stack mangled by reset inside the block.
            if self.stack and self.stack[-1] is graph:
                self.stack.pop()
            elif graph in self.stack:
                self.stack.remove(graph)


_default_graph_stack = _DefaultGraphStack()
_global_default_graph = None
_global_lock = threading.Lock()


def get_default_graph():
    """The graph new ops go into: the innermost `as_default()` graph, else the global one."""
    stack = _default_graph_stack.stack
    if stack:
        return stack[-1]
    global _global_default_graph
    if _global_default_graph is None:
        with _global_lock:
            if _global_default_graph is None:
                _global_default_graph = Graph()
    return _global_default_graph


def reset_default_graph():
    """Replaces the global default graph with a new, empty one.

    Raises AssertionError inside a `with graph.as_default()` block, as TF does.
    """
    if _default_graph_stack.stack:
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If "
                             "you need a cleared graph, exit the nesting and create a new graph.")
    global _global_default_graph
    _global_default_graph = Graph()
