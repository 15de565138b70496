"""Run observers: the RunHook protocol, the hooks attached process-wide, and step stats
(tf.RunOptions / tf.RunMetadata) built as one such observer."""

import threading
import time

__all__ = ["RunHook", "add_hook", "remove_hook", "active_hooks", "RunOptions", "RunMetadata",
           "StepStatsHook"]

_hooks = []
_lock = threading.Lock()


class RunHook:
    """Observer of Session.run. Subclass and override what you need; attach with add_hook().

    on_run_start(session, fetches, feeds, ops): before a run; `ops` in execution order.
    on_op_done(op, outputs, seconds): after each op, with its output values.
    on_run_end(session, results): after a successful run.
    on_run_error(session, error): after a failed run.
    """

    def on_run_start(self, session, fetches, feeds, ops):
        pass

    def on_op_done(self, op, outputs, seconds):
        pass

    def on_run_end(self, session, results):
        pass

    def on_run_error(self, session, error):
        pass


def add_hook(hook):
    """Attaches `hook` to every Session.run in this process until remove_hook(hook)."""
    with _lock:
        _hooks.append(hook)


def remove_hook(hook):
    with _lock:
        if hook in _hooks:
            _hooks.remove(hook)


def active_hooks():
    return _hooks


class RunOptions:
    """tf.RunOptions: trace_level FULL_TRACE asks Session.run to fill run_metadata.step_stats."""
    NO_TRACE = 0
    SOFTWARE_TRACE = 1
    HARDWARE_TRACE = 2
    FULL_TRACE = 3

    def __init__(self, trace_level=0, timeout_in_ms=0, inter_op_thread_pool=0,
                 output_partition_graphs=False, report_tensor_allocations_upon_oom=False):
        self.trace_level = trace_level
        self.timeout_in_ms = timeout_in_ms
        self.inter_op_thread_pool = inter_op_thread_pool
        self.output_partition_graphs = output_partition_graphs
        self.report_tensor_allocations_upon_oom = report_tensor_allocations_upon_oom


class NodeExecStats:
    """Timing of one op in one run, with the field names of TF's NodeExecStats (microseconds)."""

    def __init__(self, node_name, op_type, start_micros, duration_micros, output_shapes):
        self.node_name = node_name
        self.op_type = op_type
        self.all_start_micros = start_micros
        self.op_start_rel_micros = 0
        self.op_end_rel_micros = duration_micros
        self.all_end_rel_micros = duration_micros
        self.output_shapes = output_shapes
        self.timeline_label = "%s = %s()" % (node_name, op_type)

    def __repr__(self):
        return "NodeExecStats(%s, %d us)" % (self.node_name, self.all_end_rel_micros)


class DeviceStepStats:
    def __init__(self, device):
        self.device = device
        self.node_stats = []


class StepStats:
    def __init__(self):
        self.dev_stats = []


class RunMetadata:
    """tf.RunMetadata: after a FULL_TRACE run, step_stats.dev_stats[0].node_stats lists every
    executed op with its timing."""

    def __init__(self):
        self.step_stats = StepStats()
        self.partition_graphs = []
        self.cost_graph = None

    def Clear(self):
        self.__init__()


class StepStatsHook(RunHook):
    """Fills a RunMetadata for one run."""

    def __init__(self, run_metadata):
        self._device = DeviceStepStats("/job:localhost/replica:0/task:0/device:CPU:0")
        run_metadata.step_stats.dev_stats.append(self._device)
        self._clock_origin = time.time() - time.perf_counter()

    def on_op_done(self, op, outputs, seconds):
        end = time.perf_counter()
        start_micros = int((self._clock_origin + end - seconds) * 1e6)
        shapes = [getattr(v, "shape", ()) for v in outputs]
        self._device.node_stats.append(
            NodeExecStats(op.name, op.type, start_micros, int(seconds * 1e6), shapes))
