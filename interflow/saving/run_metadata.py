"""interflow's tf.RunMetadata (step stats from a traced run) -> TF's RunMetadata protobuf."""

from interflow.framework import dtypes
from interflow.saving import attr_value
from interflow.saving.protos import proto_module

__all__ = ["run_metadata_to_proto"]


def run_metadata_to_proto(run_metadata):
    """A config_pb2.RunMetadata with the step stats of `run_metadata` (already a protobuf:
    returned as is)."""
    if hasattr(run_metadata, "SerializeToString"):
        return run_metadata
    proto = proto_module("config_pb2").RunMetadata()
    step_stats = getattr(run_metadata, "step_stats", None)
    for dev in getattr(step_stats, "dev_stats", ()):
        dev_proto = proto.step_stats.dev_stats.add(device=dev.device)
        for stats in dev.node_stats:
            node = dev_proto.node_stats.add(
                node_name=stats.node_name, all_start_micros=int(stats.all_start_micros),
                op_start_rel_micros=int(stats.op_start_rel_micros),
                op_end_rel_micros=int(stats.op_end_rel_micros),
                all_end_rel_micros=int(stats.all_end_rel_micros),
                timeline_label=stats.timeline_label)
            for slot, shape in enumerate(getattr(stats, "output_shapes", ()) or ()):
                out = node.output.add(slot=slot)
                dtype = getattr(stats, "output_dtypes", None)
                if dtype:
                    out.tensor_description.dtype = dtypes.as_dtype(dtype[slot]).as_datatype_enum
                attr_value.shape_to_proto([int(d) for d in shape],
                                          out.tensor_description.shape)
    for graph in getattr(run_metadata, "partition_graphs", ()) or ():
        proto.partition_graphs.add().CopyFrom(graph)
    return proto
