"""Graphs and variables to files: GraphDef / MetaGraphDef protobufs (TF's schema, imported
lazily from tensorboard) and interflow's versioned, pickle-free checkpoints."""

from interflow.framework.graph import Graph
from interflow.saving import io_ops  # noqa: F401  registers SaveV2 / RestoreV2
from interflow.saving.graph_def import as_graph_def as _as_graph_def


def _graph_as_graph_def(self, from_version=None, add_shapes=False, use_pybind11_proto=False):
    """A GraphDef protocol buffer of this graph (see interflow.saving.graph_def.as_graph_def)."""
    return _as_graph_def(self, from_version=from_version, add_shapes=add_shapes)


# framework/ must not import saving/ (the core runs on NumPy alone, protobuf is optional), so
# saving installs Graph.as_graph_def when it is imported, as TF installs Tensor's operators
# from math_ops. interflow/__init__.py imports this package, so the method is always there.
Graph.as_graph_def = _graph_as_graph_def

from interflow.saving.graph_def import import_graph_def  # noqa: E402
from interflow.saving.protos import LazyProto as _LazyProto  # noqa: E402

# tf.GraphDef: TF's protobuf class itself, imported from tensorboard on first use.
GraphDef = _LazyProto("graph_pb2", "GraphDef")
MetaGraphDef = _LazyProto("meta_graph_pb2", "MetaGraphDef")
NodeDef = _LazyProto("node_def_pb2", "NodeDef")
