"""tf.train.write_graph: a Graph or GraphDef to a .pbtxt (text) or .pb (binary) file."""

import os

from interflow.framework.graph import Graph
from interflow.saving.meta_graph import write_proto
from interflow.saving.protos import proto_module

__all__ = ["write_graph", "read_graph_def"]


def write_graph(graph_or_graph_def, logdir, name, as_text=True):
    """Writes a graph proto to `logdir/name` (created if needed) and returns that path.

    Args:
      graph_or_graph_def: a Graph or a GraphDef protocol buffer.
      logdir: the directory to write into.
      name: the file name ("model.pbtxt", "model.pb").
      as_text: text format (as TF's .pbtxt) when True, binary protobuf otherwise.
    """
    if isinstance(graph_or_graph_def, Graph):
        graph_def = graph_or_graph_def.as_graph_def()
    else:
        graph_def = graph_or_graph_def
    if not hasattr(graph_def, "SerializeToString"):
        raise TypeError("write_graph takes a tf.Graph or a GraphDef protocol buffer, not %s."
                        % type(graph_or_graph_def).__name__)
    os.makedirs(logdir, exist_ok=True)
    path = os.path.join(logdir, name)
    return write_proto(graph_def, path, as_text=as_text)


def read_graph_def(path):
    """The GraphDef in file `path`, binary (.pb) or text format (.pbtxt)."""
    graph_def = proto_module("graph_pb2").GraphDef()
    with open(path, "rb") as f:
        content = f.read()
    from google.protobuf import text_format
    if not path.endswith("txt"):
        try:
            graph_def.ParseFromString(content)
            return graph_def
        except Exception:  # noqa: BLE001  not binary: try the text format
            graph_def.Clear()
    text_format.Merge(content.decode("utf-8"), graph_def)
    return graph_def
