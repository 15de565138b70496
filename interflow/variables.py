"""tf.Variable: a VariableV2 op with its Assign initializer and read snapshot; initializers of
variable collections."""

from interflow.framework import dtypes
from interflow.framework.graph import GraphKeys, get_default_graph
from interflow.framework.operation import Tensor
from interflow.framework.shapes import TensorShape, as_shape
from interflow.framework.tensor_conversion import (constant, convert_to_tensor,
                                                   register_tensor_conversion_function)
from interflow.ops import array_ops, control_flow_ops, math_ops, state_ops

__all__ = ["Variable", "global_variables_initializer", "initialize_all_variables",
           "variables_initializer", "initialize_variables", "global_variables", "all_variables",
           "trainable_variables", "local_variables", "model_variables",
           "report_uninitialized_variables", "is_variable_initialized",
           "local_variables_initializer", "initialize_local_variables"]


class Variable:
    """A tensor whose value lives in the session between runs.

    Creates ops `name` (VariableV2), `name/Assign` (its initializer, from `initial_value`, a
    value or a callable) and `name/read` (the snapshot other ops read), and adds itself to the
    GLOBAL_VARIABLES collection (and TRAINABLE_VARIABLES when `trainable`).
    """

    def __init__(self, initial_value=None, trainable=True, collections=None,
                 validate_shape=True, caching_device=None, name=None, variable_def=None,
                 dtype=None, expected_shape=None, import_scope=None, constraint=None,
                 use_resource=None, synchronization=None, aggregation=None, shape=None):
        if variable_def is not None:
            self._init_from_graph(variable_def, import_scope)
            return
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        if not isinstance(collections, (list, tuple, set)):
            raise ValueError("collections argument to Variable constructor must be a list, "
                             "tuple, or set. Got %s of type %s"
                             % (collections, type(collections)))
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections = list(collections) + [GraphKeys.TRAINABLE_VARIABLES]
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype)
        init_from_fn = callable(initial_value)
        graph = get_default_graph() if init_from_fn or not isinstance(initial_value, Tensor) \
            else initial_value.graph
        with graph.as_default(), graph._clear_control_dependencies():
            with graph.name_scope(name or "Variable") as scope:
                if init_from_fn:
                    with graph.name_scope("Initializer"), graph.device(None):
                        initial = convert_to_tensor(initial_value(), name="initial_value",
                                                    dtype=dtype)
                else:
                    initial = convert_to_tensor(initial_value, name="initial_value", dtype=dtype)
                if validate_shape and not initial.shape.is_fully_defined():
                    raise ValueError("initial_value must have a shape specified: %s" % initial)
                if shape is not None:
                    var_shape = as_shape(shape)
                elif validate_shape:
                    var_shape = initial.shape
                else:
                    var_shape = TensorShape(None)
                self._variable = state_ops.variable_op_v2(var_shape, initial.dtype.base_dtype,
                                                          name=scope)
                self._initial_value = initial
                self._initializer_op = state_ops.assign(
                    self._variable, initial, validate_shape=validate_shape, name="Assign").op
                self._snapshot = array_ops.identity(self._variable, name="read")
        self._trainable = trainable
        self._constraint = constraint
        self._caching_device = caching_device
        self._save_slice_info = None
        graph.add_to_collections(collections, self)

    def _init_from_graph(self, variable_def, import_scope):
        """Rebinds a Variable to ops already in the graph (import_meta_graph), by names."""
        graph = get_default_graph()

        def scoped(name):
            return name if not import_scope else import_scope + "/" + name
        self._variable = graph.as_graph_element(scoped(variable_def["variable_name"]))
        self._initializer_op = graph.as_graph_element(scoped(variable_def["initializer_name"]))
        self._snapshot = graph.as_graph_element(scoped(variable_def["snapshot_name"]))
        initial_name = variable_def.get("initial_value_name")
        self._initial_value = graph.as_graph_element(scoped(initial_name)) if initial_name \
            else None
        self._trainable = variable_def.get("trainable", True)
        self._constraint = None
        self._caching_device = None
        self._save_slice_info = None

    # -------------------------------------------------------------- what TF exposes

    name = property(lambda self: self._variable.name)
    op = property(lambda self: self._variable.op)
    dtype = property(lambda self: self._variable.dtype)
    graph = property(lambda self: self._variable.graph)
    device = property(lambda self: self._variable.device)
    shape = property(lambda self: self._variable.shape)
    initializer = property(lambda self: self._initializer_op)
    initial_value = property(lambda self: self._initial_value)
    trainable = property(lambda self: self._trainable)
    constraint = property(lambda self: self._constraint)

    def get_shape(self):
        return self._variable.shape

    def set_shape(self, shape):
        self._variable.set_shape(shape)
        self._snapshot.set_shape(shape)

    def value(self):
        """The snapshot tensor `name/read` that ops read the variable through."""
        return self._snapshot

    def read_value(self):
        """A new tensor reading the variable's current value."""
        return array_ops.identity(self._variable, name="read")

    def _ref(self):
        return self._variable

    def _as_graph_element(self):
        return self._variable

    def _AsTensor(self):
        return self._snapshot

    def eval(self, session=None):
        """The variable's value in `session` (default: the default session)."""
        return self._variable.eval(session=session)

    def initialized_value(self):
        """The value after initialization: runs the initializer first when fetched."""
        graph = self.graph
        with graph.as_default(), graph._clear_control_dependencies():
            with graph.control_dependencies([self._initializer_op]):
                return array_ops.identity(self._variable, name="initialized_value")

    def assign(self, value, use_locking=False, name=None, read_value=True):
        op = state_ops.assign(self._variable, value, use_locking=use_locking, name=name)
        return op if read_value else op.op

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        op = state_ops.assign_add(self._variable, delta, use_locking=use_locking, name=name)
        return op if read_value else op.op

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        op = state_ops.assign_sub(self._variable, delta, use_locking=use_locking, name=name)
        return op if read_value else op.op

    def load(self, value, session=None):
        """Writes `value` into the variable in `session` without adding ops to the graph."""
        from interflow.framework import session_stack
        if session is None:
            session = session_stack.get_default_session()
            if session is None:
                raise ValueError("Either session argument should be provided or default session "
                                 "should be established")
        session.run(self._initializer_op, {self._initializer_op.inputs[1]: value})

    def count_up_to(self, limit):
        raise NotImplementedError("count_up_to is not supported by interflow.")

    def to_proto(self, export_scope=None):
        """A dict with the names TF's VariableDef holds (saving/ turns it into the protobuf)."""
        def strip(name):
            if export_scope and name.startswith(export_scope + "/"):
                return name[len(export_scope) + 1:]
            return name
        return {"variable_name": strip(self._variable.name),
                "initializer_name": strip(self._initializer_op.name),
                "snapshot_name": strip(self._snapshot.name),
                "initial_value_name": strip(self._initial_value.name)
                if self._initial_value is not None else "",
                "trainable": self._trainable}

    def __repr__(self):
        return "<tf.Variable '%s' shape=%s dtype=%s>" % (self.name, self.shape, self.dtype.name)

    __hash__ = object.__hash__
    __array_priority__ = 100

    def __iter__(self):
        raise TypeError("'Variable' object is not iterable.")

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError("Cannot convert a symbolic Variable (%s) to a numpy array: "
                                  "use sess.run(v) or v.eval()." % self.name)


def _delegate(operator):
    def method(self, *args):
        return getattr(self._snapshot, operator)(*args)
    method.__name__ = operator
    return method


for _operator in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
                  "__div__", "__rdiv__", "__truediv__", "__rtruediv__", "__floordiv__",
                  "__rfloordiv__", "__mod__", "__rmod__", "__pow__", "__rpow__", "__matmul__",
                  "__rmatmul__", "__neg__", "__abs__", "__invert__", "__lt__", "__le__",
                  "__gt__", "__ge__", "__and__", "__rand__", "__or__", "__ror__", "__xor__",
                  "__rxor__", "__getitem__"):
    setattr(Variable, _operator, _delegate(_operator))


def _variable_to_tensor(v, dtype=None, name=None, as_ref=False):
    return v._ref() if as_ref else v.value()


register_tensor_conversion_function(Variable, _variable_to_tensor)


def global_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


all_variables = global_variables


def trainable_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.MODEL_VARIABLES, scope)


def variables_initializer(var_list, name="init"):
    """One op running the initializers of `var_list` (a NoOp when the list is empty)."""
    if var_list:
        return control_flow_ops.group(*[v.initializer for v in var_list], name=name)
    return control_flow_ops.no_op(name=name)


initialize_variables = variables_initializer


def global_variables_initializer():
    """The op `init` that initializes every global variable (run it in each new session)."""
    return variables_initializer(global_variables())


initialize_all_variables = global_variables_initializer


def local_variables_initializer():
    return variables_initializer(local_variables())


initialize_local_variables = local_variables_initializer


def is_variable_initialized(variable):
    return state_ops.is_variable_initialized(variable)


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """A 1-D string tensor of the names of the variables in `var_list` (default: all global and
    local variables) not yet initialized in the session that runs it."""
    graph = get_default_graph()
    if var_list is None:
        var_list = global_variables() + local_variables()
        if not var_list:
            # Variables made without tf.Variable (raw VariableV2 ops), as TF also looks for.
            var_list = [op.outputs[0] for op in graph.get_operations()
                        if op.type in ("Variable", "VariableV2")]
    with graph.name_scope(name):
        if not var_list:
            return constant([], dtype=dtypes.string)
        # Built as TF builds it (so the graph opens in TF): the names where not initialized.
        flags = [state_ops.is_variable_initialized(v) for v in var_list]
        not_initialized = math_ops.logical_not(array_ops.stack(flags))
        names = constant([v.op.name for v in var_list])
        return array_ops.boolean_mask(names, not_initialized)
