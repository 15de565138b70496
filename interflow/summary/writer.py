"""tf.summary.FileWriter: graphs, summaries and run metadata to an event file that TensorBoard
reads, written through TensorBoard's own EventFileWriter."""

import time
import warnings

from interflow.framework.graph import Graph
from interflow.saving.protos import MISSING_MESSAGE, proto_module
from interflow.saving.run_metadata import run_metadata_to_proto

__all__ = ["FileWriter"]


def _event_file_writer_class():
    try:
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
    except ImportError as e:
        raise ImportError(MISSING_MESSAGE % e) from e
    return EventFileWriter


class FileWriter:
    """Writes Summary protocol buffers and graphs to an event file in `logdir`.

    Args:
      logdir: the directory of the event file (created if needed).
      graph: a Graph (or, deprecated, a GraphDef) to write now, for TensorBoard's GRAPHS tab;
        name scopes become its collapsible boxes.
      max_queue: how many events to queue before writing to disk.
      flush_secs: how often (seconds) queued events are flushed to disk.
      graph_def: deprecated, a GraphDef to write.
      filename_suffix: appended to the event file's name.
      session: accepted for compatibility (TF2's summary writer ops are not supported).
    """

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None,
                 filename_suffix=None, session=None):
        if session is not None:
            warnings.warn("FileWriter(session=...) is not supported by interflow; the writer "
                          "writes from Python as TF1's FileWriter does.", stacklevel=2)
        self._event_pb2 = proto_module("event_pb2")
        self._logdir = str(logdir)
        self._writer_args = (max_queue, flush_secs, filename_suffix or "")
        self.event_writer = _event_file_writer_class()(self._logdir, *self._writer_args)
        self._closed = False
        self._seen_summary_tags = set()
        self._session_run_tags = {}
        if graph is not None or graph_def is not None:
            self.add_graph(graph=graph, graph_def=graph_def)
            graph_def_proto = graph.as_graph_def(add_shapes=True) if isinstance(graph, Graph) \
                else (graph_def if graph_def is not None else graph)
            meta = proto_module("meta_graph_pb2").MetaGraphDef()
            meta.graph_def.CopyFrom(graph_def_proto)
            self.add_meta_graph(meta)

    # ------------------------------------------------------------------ context manager

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def get_logdir(self):
        """The directory of the event file."""
        return self._logdir

    # ------------------------------------------------------------------ adding events

    def add_event(self, event):
        """Adds an Event protocol buffer to the file (ignored after close(), as TF1)."""
        if not self._closed:
            self.event_writer.add_event(event)

    def _add_event(self, event, step):
        event.wall_time = time.time()
        if step is not None:
            event.step = int(step)
        self.add_event(event)

    def add_summary(self, summary, global_step=None):
        """Adds a Summary: a protobuf or the serialized string a summary op returns."""
        if isinstance(summary, bytes):
            parsed = proto_module("summary_pb2").Summary()
            parsed.ParseFromString(summary)
            summary = parsed
        elif not hasattr(summary, "value"):
            raise TypeError("add_summary takes a Summary protocol buffer or the bytes a "
                            "summary op returns (sess.run(summary_op)), not %s"
                            % type(summary).__name__)
        # As TF: plugin metadata is kept only on the first value of each tag.
        for value in summary.value:
            if not value.metadata.ByteSize():
                continue
            if value.tag in self._seen_summary_tags:
                value.ClearField("metadata")
                continue
            self._seen_summary_tags.add(value.tag)
        self._add_event(self._event_pb2.Event(summary=summary), global_step)

    def add_session_log(self, session_log, global_step=None):
        self._add_event(self._event_pb2.Event(session_log=session_log), global_step)

    def add_graph(self, graph, global_step=None, graph_def=None):
        """Adds a Graph (or a GraphDef) to the event file, for TensorBoard's GRAPHS tab."""
        if graph is not None and graph_def is not None:
            raise ValueError("Please pass only graph, or graph_def (deprecated), but not both.")
        if isinstance(graph, Graph) or isinstance(graph_def, Graph):
            if not isinstance(graph, Graph):
                graph = graph_def
            true_graph_def = graph.as_graph_def(add_shapes=True)
        elif hasattr(graph, "node") or hasattr(graph_def, "node"):
            warnings.warn("Passing a `GraphDef` to the SummaryWriter is deprecated. Pass a "
                          "`Graph` object instead, such as `sess.graph`.", stacklevel=2)
            true_graph_def = graph if hasattr(graph, "node") else graph_def
        else:
            raise TypeError("The passed graph must be an instance of `Graph` or the deprecated "
                            "`GraphDef`")
        self._add_event(self._event_pb2.Event(graph_def=true_graph_def.SerializeToString()),
                        global_step)

    def add_meta_graph(self, meta_graph_def, global_step=None):
        if not hasattr(meta_graph_def, "graph_def"):
            raise TypeError("meta_graph_def must be type MetaGraphDef, saw type: %s"
                            % type(meta_graph_def))
        self._add_event(self._event_pb2.Event(
            meta_graph_def=meta_graph_def.SerializeToString()), global_step)

    def add_run_metadata(self, run_metadata, tag, global_step=None):
        """Adds the step stats of a traced run (sess.run(..., options=tf.RunOptions(
        trace_level=tf.RunOptions.FULL_TRACE), run_metadata=run_metadata)) under `tag`."""
        if tag in self._session_run_tags:
            raise ValueError("The provided tag was already used for this event type")
        self._session_run_tags[tag] = True
        tagged = self._event_pb2.TaggedRunMetadata()
        tagged.tag = tag
        tagged.run_metadata = run_metadata_to_proto(run_metadata).SerializeToString()
        self._add_event(self._event_pb2.Event(tagged_run_metadata=tagged), global_step)

    # ------------------------------------------------------------------ file lifecycle

    def flush(self):
        """Writes every queued event to disk."""
        if not self._closed:
            self.event_writer.flush()

    def close(self):
        """Flushes and closes the event file; reopen() starts a new one."""
        if not self._closed:
            self.event_writer.flush()
            self.event_writer.close()
            self._closed = True

    def reopen(self):
        """Opens a new event file in the same logdir after close()."""
        if self._closed:
            self.event_writer = _event_file_writer_class()(self._logdir, *self._writer_args)
            self._closed = False
