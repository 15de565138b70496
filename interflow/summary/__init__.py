"""tf.summary: summary ops and FileWriter (re-exports only)."""

from interflow.saving.protos import LazyProto as _LazyProto
from interflow.summary.summary_ops import *  # noqa: F401,F403
from interflow.summary.writer import FileWriter  # noqa: F401

# TF's protocol buffer classes, as tf.summary exposes them (protobuf imported on first use).
Summary = _LazyProto("summary_pb2", "Summary")
SummaryDescription = _LazyProto("summary_pb2", "SummaryDescription")
Event = _LazyProto("event_pb2", "Event")
SessionLog = _LazyProto("event_pb2", "SessionLog")
TaggedRunMetadata = _LazyProto("event_pb2", "TaggedRunMetadata")
