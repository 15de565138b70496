"""variable_scope and get_variable: variables shared by name, with reuse rules as TF1.

Each graph keeps a variable store (name -> Variable made by get_variable) and a per-thread
variable-scope store (the current VariableScope and how often each scope name was opened) in
collections with tuple keys, as TF does, so get_all_collection_keys does not list them.
A variable's name is its variable-scope path only: get_variable ignores name scopes.
"""

import enum
import functools
import inspect
import linecache
import threading
import traceback

from interflow.framework import dtypes
from interflow.framework.graph import GraphKeys, get_default_graph
from interflow.framework.op_registry import graph_of
from interflow.framework.shapes import TensorShape, as_shape
from interflow.framework.tensor_conversion import convert_to_tensor

__all__ = ["VariableScope", "variable_scope", "variable_op_scope", "get_variable",
           "get_local_variable", "get_variable_scope", "AUTO_REUSE", "no_regularizer"]

_VARSTORE_KEY = ("__variable_store",)
_VARSCOPESTORE_KEY = ("__varscope",)


class _ReuseMode(enum.Enum):
    """Mode for variable access within a variable scope."""
    # get_variable creates the variable when it does not exist, else returns it.
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE


def no_regularizer(_):
    """Use this function to prevent regularization of variables."""
    return None


def _needs_no_arguments(fn):
    """True when `fn` can be called without arguments (an initial-value function)."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in signature.parameters.values())


def _accepts(fn, arg):
    try:
        parameters = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return arg in parameters or any(p.kind == p.VAR_KEYWORD for p in parameters.values())


class _VariableStore:
    """The variables made by get_variable in one graph, by full name."""

    def __init__(self):
        self._vars = {}

    def get_variable(self, name, shape=None, dtype=dtypes.float32, initializer=None,
                     regularizer=None, reuse=None, trainable=None, collections=None,
                     caching_device=None, partitioner=None, validate_shape=True,
                     use_resource=None, custom_getter=None, constraint=None,
                     synchronization=None, aggregation=None):
        """Returns the stored variable `name`, or creates it (see tf.get_variable)."""
        if custom_getter is not None and not callable(custom_getter):
            raise ValueError("Passed a custom_getter which is not callable: %s" % custom_getter)
        dtype = getattr(dtype, "base_dtype", dtype)

        # Mirrors get_variable's parameters exactly: custom getters receive it as `getter`.
        def _true_getter(name, shape=None, dtype=dtypes.float32, initializer=None,
                         regularizer=None, reuse=None, trainable=None, collections=None,
                         caching_device=None, partitioner=None, validate_shape=True,
                         use_resource=None, constraint=None, synchronization=None,
                         aggregation=None):
            is_scalar = shape is not None and isinstance(shape, (list, tuple)) and not shape
            if partitioner is not None and not is_scalar:
                raise NotImplementedError("Partitioned variables (get_variable(..., "
                                          "partitioner=...)) are not supported by interflow.")
            return self._get_single_variable(
                name, shape=shape, dtype=dtype, initializer=initializer,
                regularizer=regularizer, reuse=reuse, trainable=trainable,
                collections=collections, caching_device=caching_device,
                validate_shape=validate_shape, constraint=constraint)

        if trainable is None:
            trainable = True
        if custom_getter is not None:
            kwargs = {"getter": _true_getter, "name": name, "shape": shape, "dtype": dtype,
                      "initializer": initializer, "regularizer": regularizer, "reuse": reuse,
                      "trainable": trainable, "collections": collections,
                      "caching_device": caching_device, "partitioner": partitioner,
                      "validate_shape": validate_shape, "use_resource": use_resource,
                      "synchronization": synchronization, "aggregation": aggregation}
            if _accepts(custom_getter, "constraint"):
                kwargs["constraint"] = constraint
            return custom_getter(**kwargs)
        return _true_getter(name, shape=shape, dtype=dtype, initializer=initializer,
                            regularizer=regularizer, reuse=reuse, trainable=trainable,
                            collections=collections, caching_device=caching_device,
                            partitioner=partitioner, validate_shape=validate_shape,
                            use_resource=use_resource, constraint=constraint)

    def _get_single_variable(self, name, shape=None, dtype=dtypes.float32, initializer=None,
                             regularizer=None, partition_info=None, reuse=None, trainable=True,
                             collections=None, caching_device=None, validate_shape=True,
                             constraint=None):
        from interflow.variables import Variable
        initializing_from_value = initializer is not None and not callable(initializer)
        if shape is not None and initializing_from_value:
            raise ValueError("If initializer is a constant, do not specify shape.")
        dtype = dtypes.as_dtype(dtype)
        if shape is not None:
            shape = as_shape(shape)

        if name in self._vars:
            found = self._vars[name]
            if reuse is False:
                message = ("Variable %s already exists, disallowed. Did you mean to set "
                           "reuse=True or reuse=tf.AUTO_REUSE in VarScope?" % name)
                raise ValueError("%s Originally defined at:\n\n%s"
                                 % (message, _definition_site(found)))
            if shape is not None and not shape.is_compatible_with(found.get_shape()):
                raise ValueError("Trying to share variable %s, but specified shape %s and found "
                                 "shape %s." % (name, shape, found.get_shape()))
            if dtype.base_dtype is not found.dtype.base_dtype:
                raise ValueError("Trying to share variable %s, but specified dtype %s and found "
                                 "dtype %s." % (name, dtype.name, found.dtype.name))
            return found

        if reuse is True:
            raise ValueError("Variable %s does not exist, or was not created with "
                             "tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
                             "VarScope?" % name)

        if initializer is None:
            if shape is None or not shape.is_fully_defined():
                raise _shape_not_defined(name, shape)
            initializer = _default_initializer(name, dtype)
        if initializing_from_value:
            init_val, variable_dtype = initializer, None
        else:
            if inspect.isclass(initializer):
                initializer = initializer()
            if shape is not None and shape.is_fully_defined():
                if _accepts(initializer, "partition_info"):
                    init_val = functools.partial(initializer, shape.as_list(), dtype=dtype,
                                                 partition_info=partition_info)
                else:
                    init_val = functools.partial(initializer, shape.as_list(), dtype=dtype)
                variable_dtype = dtype.base_dtype
            elif _needs_no_arguments(initializer):
                init_val, variable_dtype = initializer, None
            else:
                raise _shape_not_defined(name, shape)

        v = Variable(initial_value=init_val, name=name, trainable=trainable,
                     collections=collections, caching_device=caching_device,
                     dtype=variable_dtype, validate_shape=validate_shape, constraint=constraint,
                     shape=shape if validate_shape else None)
        self._vars[name] = v

        if regularizer:
            graph = v.graph
            with graph.as_default(), graph._clear_control_dependencies(), \
                    graph.name_scope(name + "/Regularizer/"):
                loss = regularizer(v)
            if loss is not None:
                graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
        return v


def _shape_not_defined(name, shape):
    return ValueError("Shape of a new variable (%s) must be fully defined, but instead was %s."
                      % (name, shape if shape is not None else TensorShape(None)))


def _definition_site(variable):
    """TF's 'Originally defined at' text: the user's line that created `variable`."""
    frame = variable.op._traceback
    if frame is None:
        return ""
    filename, lineno, func = frame
    return "".join(traceback.format_list(
        [(filename, lineno, func, linecache.getline(filename, lineno).strip())]))


def _default_initializer(name, dtype):
    """glorot_uniform for floats, zeros for integers, bools and strings (as TF)."""
    from interflow import init_ops
    if dtype.is_floating:
        return init_ops.glorot_uniform_initializer()
    if dtype.is_integer or dtype.is_bool or dtype is dtypes.string:
        return init_ops.zeros_initializer()
    raise ValueError("An initializer for variable %s of %s is required"
                     % (name, dtype.base_dtype))


class VariableScope:
    """Variable scope object to carry defaults to provide to `get_variable`.

    Attributes:
      name: the scope's path, the prefix of get_variable names ("" at the root).
      original_name_scope: the name scope opened when the scope was first entered.
      reuse: False, True or tf.AUTO_REUSE.
      initializer, regularizer, dtype, ...: defaults for get_variable in this scope.
    """

    def __init__(self, reuse, name="", initializer=None, regularizer=None,
                 caching_device=None, partitioner=None, custom_getter=None, name_scope="",
                 dtype=dtypes.float32, use_resource=None, constraint=None):
        self._name = name
        self._initializer = initializer
        self._regularizer = regularizer
        self._reuse = reuse
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint

    name = property(lambda self: self._name)
    original_name_scope = property(lambda self: self._name_scope)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    dtype = property(lambda self: self._dtype)
    use_resource = property(lambda self: self._use_resource)
    regularizer = property(lambda self: self._regularizer)
    caching_device = property(lambda self: self._caching_device)
    partitioner = property(lambda self: self._partitioner)
    custom_getter = property(lambda self: self._custom_getter)
    constraint = property(lambda self: self._constraint)

    def reuse_variables(self):
        """Reuse variables in this scope: get_variable then only returns existing ones."""
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_dtype(self, dtype):
        self._dtype = dtype

    def set_use_resource(self, use_resource):
        self._use_resource = use_resource

    def set_regularizer(self, regularizer):
        self._regularizer = regularizer

    def set_caching_device(self, caching_device):
        self._caching_device = caching_device

    def set_partitioner(self, partitioner):
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter):
        self._custom_getter = custom_getter

    def get_collection(self, name):
        """The items of collection `name` whose names start with this scope."""
        scope = self._name + "/" if self._name else ""
        return get_default_graph().get_collection(name, scope)

    def trainable_variables(self):
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def global_variables(self):
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def local_variables(self):
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    def get_variable(self, var_store, name, shape=None, dtype=None, initializer=None,
                     regularizer=None, reuse=None, trainable=None, collections=None,
                     caching_device=None, partitioner=None, validate_shape=True,
                     use_resource=None, custom_getter=None, constraint=None,
                     synchronization=None, aggregation=None):
        """Gets an existing variable with this name or creates a new one, with this scope's
        defaults."""
        if regularizer is None:
            regularizer = self._regularizer
        if caching_device is None:
            caching_device = self._caching_device
        if partitioner is None:
            partitioner = self._partitioner
        if custom_getter is None:
            custom_getter = self._custom_getter
        if reuse is None:
            reuse = self._reuse
        if use_resource is None:
            use_resource = self._use_resource
        full_name = self.name + "/" + name if self.name else name
        # Variables are named by variable scope only, whatever name scope is open.
        with get_default_graph().name_scope(None):
            if dtype is not None and initializer is not None and not callable(initializer):
                init_dtype = convert_to_tensor(initializer).dtype.base_dtype
                if init_dtype != dtype:
                    raise ValueError("Initializer type '%s' and explicit dtype '%s' don't "
                                     "match." % (init_dtype, dtypes.as_dtype(dtype)))
            if initializer is None:
                initializer = self._initializer
            if constraint is None:
                constraint = self._constraint
            if dtype is None:
                dtype = self._dtype
            return var_store.get_variable(
                full_name, shape=shape, dtype=dtype, initializer=initializer,
                regularizer=regularizer, reuse=reuse, trainable=trainable,
                collections=collections, caching_device=caching_device,
                partitioner=partitioner, validate_shape=validate_shape,
                use_resource=use_resource, custom_getter=custom_getter, constraint=constraint,
                synchronization=synchronization, aggregation=aggregation)


class _VariableScopeStore(threading.local):
    """A graph's per-thread current variable scope and count of openings per scope name."""

    def __init__(self):
        super().__init__()
        self.current_scope = VariableScope(False)
        self.variable_scopes_count = {}

    def open_variable_scope(self, scope_name):
        self.variable_scopes_count[scope_name] = \
            self.variable_scopes_count.get(scope_name, 0) + 1

    def close_variable_subscopes(self, scope_name):
        # Leaving a scope forgets its sub-scopes: reopening it starts their names afresh.
        prefix = None if scope_name is None else scope_name + "/"
        for k in self.variable_scopes_count:
            if prefix is None or k.startswith(prefix):
                self.variable_scopes_count[k] = 0

    def variable_scope_count(self, scope_name):
        return self.variable_scopes_count.get(scope_name, 0)


def _get_variable_scope_store():
    graph = get_default_graph()
    stores = graph.get_collection(_VARSCOPESTORE_KEY)
    if stores:
        return stores[0]
    store = _VariableScopeStore()
    graph.add_to_collection(_VARSCOPESTORE_KEY, store)
    return store


def _get_default_variable_store():
    graph = get_default_graph()
    stores = graph.get_collection(_VARSTORE_KEY)
    if stores:
        return stores[0]
    store = _VariableStore()
    graph.add_to_collection(_VARSTORE_KEY, store)
    return store


def get_variable_scope():
    """The current VariableScope (the root scope, named "", outside any variable_scope)."""
    return _get_variable_scope_store().current_scope


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                 trainable=None, collections=None, caching_device=None, partitioner=None,
                 validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                 synchronization=None, aggregation=None):
    """Gets an existing variable `<scope>/name` or creates a new one, by the scope's reuse.

    With reuse False (the default) the variable must not exist yet; with reuse=True it must
    exist (shape and dtype must match); with tf.AUTO_REUSE it is created when missing.
    A new variable needs a fully defined `shape` unless `initializer` is a value or tensor;
    the default initializer is glorot_uniform for floats and zeros otherwise.
    """
    return get_variable_scope().get_variable(
        _get_default_variable_store(), name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, trainable=trainable, collections=collections,
        caching_device=caching_device, partitioner=partitioner, validate_shape=validate_shape,
        use_resource=use_resource, custom_getter=custom_getter, constraint=constraint,
        synchronization=synchronization, aggregation=aggregation)


def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                       trainable=False, collections=None, caching_device=None,
                       partitioner=None, validate_shape=True, use_resource=None,
                       custom_getter=None, constraint=None, synchronization=None,
                       aggregation=None):
    """get_variable for a LOCAL_VARIABLES (non-trainable, not saved) variable."""
    collections = list(collections or []) + [GraphKeys.LOCAL_VARIABLES]
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                        regularizer=regularizer, trainable=trainable, collections=collections,
                        caching_device=caching_device, partitioner=partitioner,
                        validate_shape=validate_shape, use_resource=use_resource,
                        custom_getter=custom_getter, constraint=constraint,
                        synchronization=synchronization, aggregation=aggregation)


def _maybe_wrap_custom_getter(custom_getter, old_getter):
    """Nested scopes' custom getters compose: the inner one wraps the outer one."""
    if old_getter is None:
        return custom_getter

    def wrapped_custom_getter(getter, *args, **kwargs):
        return custom_getter(functools.partial(old_getter, getter), *args, **kwargs)
    return wrapped_custom_getter


class _pure_variable_scope:  # noqa: N801  (TF's name)
    """Makes a VariableScope current (no name scope): the half of variable_scope that
    concerns get_variable."""

    def __init__(self, name_or_scope, reuse=None, initializer=None, regularizer=None,
                 caching_device=None, partitioner=None, custom_getter=None,
                 old_name_scope=None, dtype=None, use_resource=None, constraint=None):
        self._name_or_scope = name_or_scope
        self._reuse = reuse
        self._defaults = dict(initializer=initializer, regularizer=regularizer,
                              caching_device=caching_device, partitioner=partitioner,
                              dtype=dtype, use_resource=use_resource)
        self._custom_getter = custom_getter
        self._old_name_scope = old_name_scope
        self._constraint = constraint
        self._var_scope_store = _get_variable_scope_store()
        self._last_variable_scope_object = None
        if isinstance(name_or_scope, VariableScope):
            self._new_name = name_or_scope.name
            scope = VariableScope(
                name_or_scope.reuse if not reuse else reuse, name=self._new_name,
                initializer=name_or_scope.initializer, regularizer=name_or_scope.regularizer,
                caching_device=name_or_scope.caching_device,
                partitioner=name_or_scope.partitioner, dtype=name_or_scope.dtype,
                custom_getter=name_or_scope.custom_getter,
                name_scope=name_or_scope.original_name_scope,
                use_resource=name_or_scope.use_resource, constraint=constraint)
            self._apply_overrides(scope, name_or_scope.custom_getter)
            self._cached_variable_scope_object = scope

    def _apply_overrides(self, scope, old_custom_getter):
        for attr, value in self._defaults.items():
            if value is not None:
                getattr(scope, "set_" + attr)(value)
        if self._custom_getter is not None:
            scope.set_custom_getter(_maybe_wrap_custom_getter(self._custom_getter,
                                                              old_custom_getter))

    def __enter__(self):
        store = self._var_scope_store
        self._old = store.current_scope
        if isinstance(self._name_or_scope, VariableScope):
            store.open_variable_scope(self._new_name)
            self._old_subscopes = dict(store.variable_scopes_count)
            scope = self._cached_variable_scope_object
        else:
            old = self._old
            self._new_name = (old.name + "/" + self._name_or_scope if old.name
                              else self._name_or_scope)
            # Reuse is inherited by sub-scopes and cannot be turned off inside them.
            self._reuse = self._reuse or old.reuse
            scope = VariableScope(
                self._reuse, name=self._new_name, initializer=old.initializer,
                regularizer=old.regularizer, caching_device=old.caching_device,
                partitioner=old.partitioner, dtype=old.dtype, use_resource=old.use_resource,
                custom_getter=old.custom_getter,
                name_scope=self._name_or_scope if self._old_name_scope is None
                else self._old_name_scope,
                constraint=self._constraint)
            self._apply_overrides(scope, old.custom_getter)
            store.open_variable_scope(self._new_name)
        store.current_scope = scope
        self._last_variable_scope_object = scope
        return scope

    def __exit__(self, *exc):
        store = self._var_scope_store
        if store.current_scope is not self._last_variable_scope_object:
            raise RuntimeError("Improper nesting of variable_scope.")
        if isinstance(self._name_or_scope, VariableScope):
            store.variable_scopes_count = self._old_subscopes
        else:
            store.close_variable_subscopes(self._new_name)
        store.current_scope = self._old


def _get_unique_variable_scope(prefix):
    """`prefix`, or `prefix_N`, unused as a variable scope under the current one (variable
    scopes count apart from name scopes)."""
    store = _get_variable_scope_store()
    current = get_variable_scope()
    name = current.name + "/" + prefix if current.name else prefix
    if store.variable_scope_count(name) == 0:
        return prefix
    idx = 1
    while store.variable_scope_count(name + ("_%d" % idx)) > 0:
        idx += 1
    return prefix + ("_%d" % idx)


# Marker: the scope's original_name_scope is the name scope opened when it is first entered.
_FROM_NAME_SCOPE = object()


class variable_scope:  # noqa: N801  (TF's name)
    """`with tf.variable_scope(name_or_scope, default_name=None, values=None, ...) as scope:`.

    Opens a variable scope (the prefix of get_variable names, with defaults such as reuse and
    initializer) and a name scope for the other ops. A string opens a uniquified name scope
    ("relu", "relu_1", ...) but always the same variable scope "relu"; a VariableScope object
    re-enters that variable scope. With name_or_scope None, `default_name` is made unique among
    variable scopes. `reuse=True` or `tf.AUTO_REUSE` is inherited by all sub-scopes.
    """

    def __init__(self, name_or_scope, default_name=None, values=None, initializer=None,
                 regularizer=None, caching_device=None, partitioner=None, custom_getter=None,
                 reuse=None, dtype=None, use_resource=None, constraint=None,
                 auxiliary_name_scope=True):
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._values = values if values is not None else []
        self._scope_args = dict(initializer=initializer, regularizer=regularizer,
                                caching_device=caching_device, partitioner=partitioner,
                                custom_getter=custom_getter, dtype=dtype,
                                use_resource=use_resource, constraint=constraint)
        if default_name is None and name_or_scope is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if reuse is False:
            reuse = None  # False only means "inherit": reuse cannot be turned off
        if not (reuse is True or reuse is None or reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or None.")
        self._reuse = reuse
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError("The auxiliary_name_scope must be `True` or `False`, while get {}"
                            .format(auxiliary_name_scope))
        self._auxiliary_name_scope = auxiliary_name_scope
        self._graph = graph_of(self._values)
        self._name_scope_arg = None     # what to pass to graph.name_scope on each entry
        self._pure_args = None          # (name_or_scope, old_name_scope) once entered
        self._entered = []

    def __enter__(self):
        graph = self._graph
        graph_cm = graph.as_default()
        graph_cm.__enter__()
        cms = [graph_cm]
        try:
            if self._pure_args is None:
                self._prepare(graph)
            opened = None
            if self._name_scope_arg is not None:
                ns_cm = graph.name_scope(self._name_scope_arg)
                opened = ns_cm.__enter__()
                cms.append(ns_cm)
            name_or_scope, old_name_scope = self._pure_args
            if old_name_scope is _FROM_NAME_SCOPE:
                # The first name scope opened stays the scope's original_name_scope, even
                # when this object is entered again (and opens "name_1").
                old_name_scope = opened
                self._pure_args = (name_or_scope, opened)
            pure = _pure_variable_scope(name_or_scope, reuse=self._reuse,
                                        old_name_scope=old_name_scope, **self._scope_args)
            scope = pure.__enter__()
        except BaseException:
            for cm in reversed(cms):
                cm.__exit__(None, None, None)
            raise
        self._entered.append((pure, cms))
        return scope

    def _prepare(self, graph):
        """Decides, on first entry, which name scope this variable_scope opens (TF caches
        it: entering the same object again reopens the same request)."""
        if self._auxiliary_name_scope:
            name_scope_arg = None
        else:
            current = graph.get_name_scope()
            name_scope_arg = current + "/" if current else ""
        name_or_scope = self._name_or_scope
        if name_or_scope is not None:
            if not isinstance(name_or_scope, (VariableScope, str)):
                raise TypeError("VariableScope: name_or_scope must be a string or "
                                "VariableScope.")
            if isinstance(name_or_scope, str):
                ns = name_or_scope
            else:
                ns = name_or_scope.name.split("/")[-1]
            if ns or name_scope_arg is not None:
                self._name_scope_arg = name_scope_arg if name_scope_arg is not None else ns
                old_name_scope = (_FROM_NAME_SCOPE if isinstance(name_or_scope, str)
                                  else name_or_scope.original_name_scope)
            else:
                self._name_scope_arg = None
                old_name_scope = None
            self._pure_args = (name_or_scope, old_name_scope)
        else:
            if self._reuse:
                raise ValueError("reuse=True cannot be used without a name_or_scope")
            self._name_scope_arg = (name_scope_arg if name_scope_arg is not None
                                    else self._default_name)
            self._pure_args = (_get_unique_variable_scope(self._default_name),
                               _FROM_NAME_SCOPE)

    def __exit__(self, *exc):
        pure, cms = self._entered.pop()
        try:
            pure.__exit__(*exc)
        finally:
            for cm in reversed(cms):
                cm.__exit__(None, None, None)
        return False


def variable_op_scope(values, name_or_scope, default_name=None, initializer=None,
                      regularizer=None, caching_device=None, partitioner=None,
                      custom_getter=None, reuse=None, dtype=None, use_resource=None,
                      constraint=None):
    """Deprecated TF1 form of variable_scope(name_or_scope, default_name, values)."""
    return variable_scope(name_or_scope, default_name=default_name, values=values,
                          initializer=initializer, regularizer=regularizer,
                          caching_device=caching_device, partitioner=partitioner,
                          custom_getter=custom_getter, reuse=reuse, dtype=dtype,
                          use_resource=use_resource, constraint=constraint)
