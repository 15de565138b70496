"""TensorFlow's protobuf schemas (GraphDef, MetaGraphDef, Summary, Event, ...), imported lazily
from the tensorboard package so that the core of interflow needs NumPy alone."""

import importlib

__all__ = ["proto_module", "LazyProto", "MISSING_MESSAGE"]

MISSING_MESSAGE = (
    "Reading or writing TensorFlow graph files, meta graphs and summaries needs TensorFlow's "
    "protobuf schemas, which interflow takes from the tensorboard package. Install them with: "
    "pip install interflow[tensorboard]   (the underlying error was: %s)")


def proto_module(name):
    """The module `tensorboard.compat.proto.<name>` (e.g. "graph_pb2"), imported now.

    Raises:
      ImportError: naming `pip install interflow[tensorboard]` when tensorboard or protobuf
        is missing.
    """
    try:
        return importlib.import_module("tensorboard.compat.proto." + name)
    except ImportError as e:
        raise ImportError(MISSING_MESSAGE % e) from e


class _LazyProtoMeta(type):
    """A stand-in class for a protobuf message class that imports it on first real use:
    calling it builds the real message, isinstance() checks against the real class, and
    attributes (FromString, DESCRIPTOR, nested enums) come from the real class."""

    def _real(cls):
        real = cls.__dict__.get("_cached")
        if real is None:
            real = getattr(proto_module(cls._module), cls._message)
            type.__setattr__(cls, "_cached", real)
        return real

    def __call__(cls, *args, **kwargs):
        return cls._real()(*args, **kwargs)

    def __instancecheck__(cls, obj):
        try:
            return isinstance(obj, cls._real())
        except ImportError:
            return False

    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(cls._real(), name)

    def __repr__(cls):
        return "<class '%s' (TensorFlow's %s, from tensorboard.compat.proto.%s)>" % (
            cls.__name__, cls._message, cls._module)


def LazyProto(module, message, public_name=None):
    """A class standing for protobuf message `message` of `tensorboard.compat.proto.<module>`
    (tf.GraphDef, tf.summary.Summary, ...), importing protobuf only when first used."""
    return _LazyProtoMeta(public_name or message, (), {
        "_module": module, "_message": message, "_cached": None,
        "__doc__": "TensorFlow's %s protocol buffer (imported when first used)." % message})
