"""Session and InteractiveSession: normalize fetches and feeds, plan (cached), execute."""

import threading

import numpy as np

from interflow.execution import executor, hooks as hooks_lib
from interflow.execution.plan import build_plan
from interflow.framework import dtypes, errors, session_stack
from interflow.framework.graph import get_default_graph
from interflow.framework.operation import Operation, Tensor

__all__ = ["Session", "InteractiveSession", "PreparedRun", "ConfigProto", "GPUOptions",
           "GraphOptions", "OptimizerOptions"]

_PLAN_CACHE_LIMIT = 4096


class ConfigProto:
    """Accepted for compatibility (allow_soft_placement, log_device_placement, ...); interflow
    runs every op on the CPU."""

    def __init__(self, **kwargs):
        self.gpu_options = kwargs.pop("gpu_options", None) or GPUOptions()
        self.graph_options = kwargs.pop("graph_options", None) or GraphOptions()
        for key, value in kwargs.items():
            setattr(self, key, value)


class GPUOptions:
    def __init__(self, allow_growth=False, per_process_gpu_memory_fraction=1.0, **kwargs):
        self.allow_growth = allow_growth
        self.per_process_gpu_memory_fraction = per_process_gpu_memory_fraction
        self.__dict__.update(kwargs)


class GraphOptions:
    def __init__(self, optimizer_options=None, **kwargs):
        self.optimizer_options = optimizer_options
        self.__dict__.update(kwargs)


class OptimizerOptions:
    L0 = 0
    L1 = 1

    def __init__(self, opt_level=0, **kwargs):
        self.opt_level = opt_level
        self.__dict__.update(kwargs)


class _FetchStructure:
    """Flattens any nesting of lists, tuples, namedtuples and dicts into graph elements, and
    rebuilds the same structure from their values."""

    __slots__ = ("elements", "_build")

    def __init__(self, graph, fetches):
        self.elements = []
        self._build = self._flatten(graph, fetches)

    def _flatten(self, graph, fetch):
        if isinstance(fetch, (list, tuple)) and not hasattr(fetch, "_as_graph_element"):
            builders = [self._flatten(graph, f) for f in fetch]
            if isinstance(fetch, list):
                return lambda values: [b(values) for b in builders]
            if hasattr(fetch, "_fields"):  # namedtuple
                cls = type(fetch)
                return lambda values: cls(*[b(values) for b in builders])
            cls = type(fetch)
            if cls is tuple:
                return lambda values: tuple(b(values) for b in builders)
            return lambda values: cls(b(values) for b in builders)
        if isinstance(fetch, dict):
            keys = list(fetch.keys())
            builders = [self._flatten(graph, fetch[k]) for k in keys]
            cls = type(fetch)

            def build_dict(values):
                result = cls() if cls is not dict else {}
                for k, b in zip(keys, builders):
                    result[k] = b(values)
                return result
            return build_dict
        index = len(self.elements)
        self.elements.append(_fetch_element(graph, fetch))
        return lambda values: values[index]

    def build(self, values):
        return self._build(values)


def _fetch_element(graph, fetch):
    if fetch is None:
        raise TypeError("Fetch argument None has invalid type <class 'NoneType'>")
    if isinstance(fetch, (Tensor, Operation, str)) or hasattr(fetch, "_as_graph_element"):
        try:
            element = graph.as_graph_element(fetch, allow_tensor=True, allow_operation=True)
        except TypeError as e:
            raise TypeError("Fetch argument %r has invalid type %r, must be a string or Tensor. "
                            "(%s)" % (fetch, type(fetch), e)) from None
        except (ValueError, KeyError) as e:
            raise ValueError("Fetch argument %r cannot be interpreted as a Tensor. (%s)"
                             % (fetch, e.args[0] if e.args else e)) from None
        if not graph.is_fetchable(element):
            raise ValueError("Operation %r has been marked as not fetchable." % (
                element.op.name if isinstance(element, Tensor) else element.name))
        return element
    raise TypeError("Fetch argument %r has invalid type %r, must be a string or Tensor. (Can "
                    "not convert a %s into a Tensor or Operation.)"
                    % (fetch, type(fetch), type(fetch).__name__))


def _feed_value(tensor, value, key):
    if isinstance(value, Tensor):
        raise TypeError("The value of a feed cannot be a tf.Tensor object. Acceptable feed "
                        "values include Python scalars, strings, lists, numpy ndarrays, or "
                        "TensorHandles. For reference, the tensor object was %s which was "
                        "passed to the feed with key %s." % (value, key))
    dtype = tensor._dtype.base_dtype
    if type(value) is np.ndarray and value.dtype == dtype.np_dtype:
        _check_feed_shape(tensor, value.shape)  # the common case: no conversion at all
        return value
    try:
        if dtype is dtypes.string:
            arr = np.asarray(value, dtype=object)
            if arr.dtype != object or any(isinstance(v, str) for v in arr.reshape(-1)):
                arr = np.vectorize(lambda s: s.encode() if isinstance(s, str) else s,
                                   otypes=[object])(arr)
        else:
            arr = np.asarray(value, dtype=dtype.np_dtype)
    except OverflowError:
        raise TypeError("Type of feed value %r with type %s is not compatible with Tensor type "
                        "%s. Try explicitly setting the type of the feed tensor to a larger type "
                        "(e.g. int64)." % (_short(value), type(value), dtype.name)) from None
    except (TypeError, ValueError) as e:
        raise type(e)("Cannot feed %r to Tensor '%s' of dtype %s: %s"
                      % (_short(value), tensor.name, dtype.name, e)) from None
    if isinstance(value, int) and not isinstance(value, bool) and dtype.is_integer and \
            int(arr) != value:
        raise TypeError("Type of feed value %d with type %s is not compatible with Tensor type "
                        "%s. Try explicitly setting the type of the feed tensor to a larger type "
                        "(e.g. int64)." % (value, type(value), dtype.name))
    _check_feed_shape(tensor, arr.shape)
    return arr


def _check_feed_shape(tensor, shape):
    dims = tensor._shape.as_tuple()
    if dims is None:
        return
    if len(dims) == len(shape):
        for d, n in zip(dims, shape):
            if d is not None and d != n:
                break
        else:
            return
    raise ValueError("Cannot feed value of shape %r for Tensor %r, which has shape %r"
                     % (shape, tensor.name, str(tensor._shape)))


def _short(value):
    text = repr(value)
    return text if len(text) < 60 else text[:56] + "..."


class Session:
    """Runs (parts of) a graph. Keeps variable values between runs; nothing else persists.

    Args:
      target: accepted for compatibility; only the local in-process runtime ('') exists.
      graph: the graph to run (default: the default graph when the session is made).
      config: a tf.ConfigProto, accepted and ignored.
    """

    def __init__(self, target="", graph=None, config=None):
        if target not in ("", None, b""):
            raise errors.UnimplementedError(
                None, None, "interflow runs in-process only; target %r is not supported." % (target,))
        self._graph = graph if graph is not None else get_default_graph()
        self._config = config
        self._variables = {}
        self._random_states = {}
        self._plans = {}
        self._closed = False
        self._default_cm = None
        self._lock = threading.Lock()

    graph = property(lambda self: self._graph)
    graph_def = property(lambda self: self._graph.as_graph_def())
    sess_str = property(lambda self: "")

    # ------------------------------------------------------------------ lifecycle

    def close(self):
        """Frees the session's variables; using it afterwards raises RuntimeError."""
        self._closed = True
        self._variables = {}
        self._random_states = {}
        self._plans = {}

    def as_default(self):
        """A context manager making this the default session (for eval/run) in this thread."""
        return session_stack.default_session(self)

    def __enter__(self):
        if self._default_cm is not None:
            raise RuntimeError("Session context managers are not re-entrant. Use "
                               "`Session.as_default()` if you want to enter a session multiple "
                               "times.")
        self._default_graph_cm = self._graph.as_default()
        self._default_graph_cm.__enter__()
        self._default_cm = self.as_default()
        self._default_cm.__enter__()
        return self

    def __exit__(self, exc_type, exc_value, tb):
        try:
            self._default_cm.__exit__(exc_type, exc_value, tb)
            self._default_graph_cm.__exit__(exc_type, exc_value, tb)
        finally:
            self._default_cm = None
            self.close()

    def __del__(self):
        self._variables = None

    # ------------------------------------------------------------------ running

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Runs the ops needed for `fetches` and returns their values in the same structure.

        Args:
          fetches: a Tensor, Operation (gives None), Variable, tensor or op name, or any nesting
            of lists, tuples, namedtuples and dicts of those.
          feed_dict: {tensor or name: value} overriding tensor values for this run.
          options: a tf.RunOptions; FULL_TRACE fills `run_metadata`.
          run_metadata: a tf.RunMetadata to receive step stats.
        """
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        observers = hooks_lib.active_hooks()
        if observers:
            observers = list(observers)  # hooks may remove themselves while being told
        if run_metadata is not None and options is not None and \
                getattr(options, "trace_level", 0) > 0:
            observers = observers + [hooks_lib.StepStatsHook(run_metadata)]
        kind = type(fetches)
        graph = self._graph
        if (kind is Tensor and fetches._op._graph is graph or
                kind is Operation and fetches._graph is graph) and \
                (not graph._unfetchable or graph.is_fetchable(fetches)):
            # The common case (one tensor or op, as a training step): no structure to build.
            if feed_dict:
                feeds, feed_values = self._normalize_feeds(feed_dict)
                key = ((fetches,), tuple(feeds))
            else:
                feeds = feed_values = ()
                key = fetches
            plan = self._plans.get(key)
            if plan is None:
                plan = self._plan([fetches], list(feeds), key)
            if not observers:
                return executor.execute(plan, feed_values, self._variables)[0]
            return self._execute(plan, [fetches], feeds, feed_values, observers)[0]
        structure = _FetchStructure(self._graph, fetches)
        elements = structure.elements
        feeds, feed_values = self._normalize_feeds(feed_dict)
        key = (tuple(elements), tuple(feeds))
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plan(elements, feeds, key)
        values = self._execute(plan, elements, feeds, feed_values, observers)
        return structure.build(values)

    def plan_run(self, fetches, feed_dict=None):
        """Plans one run of `fetches` exactly as run() would, without running anything.

        For observers that drive a run themselves (the notebook's op stepper): the returned
        PreparedRun lists the ops in execution order and runs them one at a time.

        Raises what run() raises before its first op: bad fetches or feeds, and
        InvalidArgumentError for a placeholder the fetches need that is not fed.
        """
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        structure = _FetchStructure(self._graph, fetches)
        elements = structure.elements
        feeds, feed_values = self._normalize_feeds(feed_dict)
        key = (tuple(elements), tuple(feeds))
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plan(elements, feeds, key)
        return PreparedRun(self, plan, elements, feeds, feed_values, structure.build)

    def _plan(self, fetches, feeds, key):
        plan = build_plan(fetches, feeds, self._variables, self._random_states)
        with self._lock:
            if len(self._plans) >= _PLAN_CACHE_LIMIT:
                self._plans.clear()
            self._plans[key] = plan
        return plan

    def _execute(self, plan, fetches, feeds, feed_values, observers):
        if not observers:
            return executor.execute(plan, feed_values, self._variables)
        for hook in observers:
            hook.on_run_start(self, fetches, feeds, plan.ops)
        try:
            results = executor.execute(plan, feed_values, self._variables, observers)
        except Exception as e:
            for hook in observers:
                hook.on_run_error(self, e)
            raise
        for hook in observers:
            hook.on_run_end(self, results)
        return results

    def _normalize_feeds(self, feed_dict):
        if not feed_dict:
            return [], []
        if not isinstance(feed_dict, dict):
            raise TypeError("feed_dict must be a dictionary, not %s." % type(feed_dict).__name__)
        feeds = []
        values = []
        graph = self._graph
        for key, value in feed_dict.items():
            if type(key) is Tensor and key._op._graph is graph:
                tensor = key
            else:
                tensor = self._feed_key(key)
            if not graph.is_feedable(tensor):
                raise ValueError("Tensor %s may not be fed." % tensor)
            feeds.append(tensor)
            values.append(_feed_value(tensor, value, key))
        return feeds, values

    def _feed_key(self, key):
        try:
            return self._graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
        except TypeError as e:
            raise TypeError("Cannot interpret feed_dict key as Tensor: %s" % e) from None
        except (ValueError, KeyError) as e:
            raise type(e)("Cannot interpret feed_dict key as Tensor: %s"
                          % (e.args[0] if e.args else e)) from None

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        """A function running `fetches` with positional feed values for `feed_list`."""
        feed_list = list(feed_list or [])

        def run_callable(*feed_args, **kwargs):
            if len(feed_args) != len(feed_list):
                raise ValueError("Expected %d feed values, got %d."
                                 % (len(feed_list), len(feed_args)))
            return self.run(fetches, dict(zip(feed_list, feed_args)), **kwargs)
        return run_callable

    def list_devices(self):
        return [_Device("/job:localhost/replica:0/task:0/device:CPU:0", "CPU")]

    # ------------------------------------------------------------------ state

    def _variable_store(self):
        """name -> value of the variables initialized in this session (interflow helper)."""
        return self._variables


class PreparedRun:
    """One planned Session.run, run op by op with iterate() (see Session.plan_run).

    Attributes:
      session: the session whose variables the run reads and writes.
      plan: the Plan; `ops` is plan.ops, the ops in execution order.
      fetches: the fetched Tensors and Operations, flattened.
      feeds: the fed Tensors; feed_values their values, converted as run() converts them.
    """

    __slots__ = ("session", "plan", "fetches", "feeds", "feed_values", "_build")

    def __init__(self, session, plan, fetches, feeds, feed_values, build):
        self.session = session
        self.plan = plan
        self.fetches = fetches
        self.feeds = feeds
        self.feed_values = feed_values
        self._build = build

    ops = property(lambda self: self.plan.ops)

    def iterate(self):
        """A generator running the ops in order: yields (op, outputs) after each op and returns
        (StopIteration.value) what run() would return. Hooks are not called."""
        if self.session._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        values = yield from executor.iterate(self.plan, self.feed_values,
                                             self.session._variables)
        return self._build(values)


class _Device:
    def __init__(self, name, device_type):
        self.name = name
        self.device_type = device_type
        self.memory_limit_bytes = 0


class InteractiveSession(Session):
    """A Session that makes itself the default session when created, until closed, so that
    `Tensor.eval()` and `Operation.run()` work without a handle (for shells and notebooks)."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        session_stack.push(self)

    def close(self):
        session_stack.remove(self)
        super().close()
