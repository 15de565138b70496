"""Summary ops (tf.summary.scalar, histogram, image, text, merge, merge_all): graph ops whose
value is a serialized Summary protocol buffer (a string scalar), for FileWriter.add_summary."""

import re

import numpy as np

from interflow.framework import dtypes, errors
from interflow.framework.api import name_scope
from interflow.framework.common_shapes import scalar_shape
from interflow.framework.graph import GraphKeys, get_default_graph
from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.tensor_conversion import constant, convert_to_tensor
from interflow.saving import attr_value
from interflow.saving.protos import proto_module
from interflow.summary.histogram import fill_histogram_proto
from interflow.summary.png import encode_png

__all__ = ["scalar", "histogram", "image", "text", "tensor_summary", "merge", "merge_all"]

_REAL = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.uint8, dtypes.int16, dtypes.int8,
         dtypes.int64, dtypes.uint16, dtypes.float16, dtypes.uint32, dtypes.uint64)
_IMAGE = (dtypes.uint8, dtypes.float32, dtypes.float16, dtypes.float64)
_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w\.]")


def _summary_pb2():
    return proto_module("summary_pb2")


def _string_scalar(data):
    out = np.empty((), dtype=object)
    out[()] = data
    return out


def _text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _shape_text(shape):
    return "[%s]" % ",".join(str(d) for d in shape)


# ----------------------------------------------------------------------------- kernels


def _scalar_kernel(tags, values):
    tags = np.asarray(tags, dtype=object)
    values = np.asarray(values)
    if tags.shape != values.shape:
        first = _text(tags.reshape(-1)[0]) if tags.size else ""
        raise errors.InvalidArgumentError(
            None, None, "tags and values are not the same shape: %s != %s (tag '%s')"
            % (_shape_text(tags.shape), _shape_text(values.shape), first))
    summary = _summary_pb2().Summary()
    for tag, value in zip(tags.reshape(-1), values.reshape(-1)):
        summary.value.add(tag=_text(tag), simple_value=float(value))
    return _string_scalar(summary.SerializeToString())


def _histogram_kernel(tag, values):
    tag = _text(np.asarray(tag, dtype=object).reshape(-1)[0])
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    if np.isnan(values).any():
        raise errors.InvalidArgumentError(None, None, "Nan in summary histogram for: %s" % tag)
    if np.isinf(values).any():
        raise errors.InvalidArgumentError(None, None, "Infinity in Histogram for: %s" % tag)
    summary = _summary_pb2().Summary()
    value = summary.value.add(tag=tag)
    fill_histogram_proto(value.histo, values)
    return _string_scalar(summary.SerializeToString())


def _to_uint8_image(image, bad_color):
    """One [h, w, c] image as uint8, scaled as TF's ImageSummary does: all >= 0 -> times
    255/max; else centred on 128, times 127/max|x|; non-finite pixels become bad_color."""
    if image.dtype == np.uint8:
        return image
    pixels = image.astype(np.float32).reshape(-1, image.shape[-1])
    finite = np.isfinite(pixels).all(axis=1)
    good = pixels[finite]
    lo = float(good.min()) if good.size else np.inf
    hi = float(good.max()) if good.size else -np.inf
    if lo < 0:
        top = max(abs(lo), abs(hi))
        scale = np.float32(0.0 if top < 1e-6 else 127.0 / top)
        offset = np.float32(128.0)
    else:
        scale = np.float32(0.0 if hi < 1e-6 else 255.0 / hi)
        offset = np.float32(0.0)
    out = np.zeros(pixels.shape, dtype=np.uint8)
    with np.errstate(invalid="ignore"):
        out[finite] = (good * scale + offset).astype(np.uint8)
    out[~finite] = np.asarray(bad_color, dtype=np.uint8)[:image.shape[-1]]
    return out.reshape(image.shape)


def _image_kernel(tag, tensor, *, max_images, bad_color):
    tag = _text(np.asarray(tag, dtype=object).reshape(-1)[0])
    tensor = np.asarray(tensor)
    if tensor.ndim != 4 or tensor.shape[-1] not in (1, 3, 4):
        raise errors.InvalidArgumentError(
            None, None, "Tensor must be 4-D with last dim 1, 3, or 4, not %s"
            % _shape_text(tensor.shape))
    summary = _summary_pb2().Summary()
    count = min(max_images, tensor.shape[0])
    for i in range(count):
        image = _to_uint8_image(tensor[i], bad_color)
        value = summary.value.add(tag="%s/image/%d" % (tag, i) if max_images > 1
                                  else "%s/image" % tag)
        value.image.height, value.image.width, value.image.colorspace = image.shape
        value.image.encoded_image_string = encode_png(image)
    return _string_scalar(summary.SerializeToString())


def _tensor_summary_kernel(tag, tensor, serialized_summary_metadata):
    summary = _summary_pb2().Summary()
    value = summary.value.add(tag=_text(np.asarray(tag, dtype=object).reshape(-1)[0]))
    metadata = np.asarray(serialized_summary_metadata, dtype=object).reshape(-1)[0]
    value.metadata.ParseFromString(metadata)
    attr_value.make_tensor_proto(np.asarray(tensor), value.tensor)
    return _string_scalar(summary.SerializeToString())


def _merge_kernel(*inputs):
    merged = _summary_pb2().Summary()
    seen = set()
    for serialized in inputs:
        part = _summary_pb2().Summary()
        try:
            part.ParseFromString(np.asarray(serialized, dtype=object).reshape(-1)[0])
        except Exception:  # noqa: BLE001  protobuf's DecodeError, whatever its module
            raise errors.InvalidArgumentError(None, None, "Could not parse one of the summary "
                                              "inputs") from None
        for value in part.value:
            if value.tag in seen:
                raise errors.InvalidArgumentError(
                    None, None, "Duplicate tag %s found in summary inputs " % value.tag)
            seen.add(value.tag)
            merged.value.add().CopyFrom(value)
    return _string_scalar(merged.SerializeToString())


_STRING = lambda op: dtypes.string  # noqa: E731

define_op("ScalarSummary", _scalar_kernel, scalar_shape, input_names=("tags", "values"),
          same_dtype=(1,), allowed_dtypes=_REAL, output_dtype=_STRING, stateful=False,
          fresh_output=True, differentiable=False)
define_op("HistogramSummary", _histogram_kernel, scalar_shape, input_names=("tag", "values"),
          same_dtype=(1,), allowed_dtypes=_REAL, output_dtype=_STRING, fresh_output=True,
          differentiable=False)
define_op("ImageSummary", _image_kernel, scalar_shape, input_names=("tag", "tensor"),
          same_dtype=(1,), allowed_dtypes=_IMAGE, output_dtype=_STRING,
          kernel_attrs=("max_images", "bad_color"), fresh_output=True, differentiable=False)
define_op("TensorSummaryV2", _tensor_summary_kernel, scalar_shape,
          input_names=("tag", "tensor", "serialized_summary_metadata"), same_dtype=(1,),
          output_dtype=_STRING, fresh_output=True, differentiable=False)
define_op("MergeSummary", _merge_kernel, scalar_shape, input_names=("inputs",),
          list_input=True, allowed_dtypes=(dtypes.string,), type_attr=None,
          output_dtype=_STRING, fresh_output=True, differentiable=False)


# ----------------------------------------------------------------------------- wrappers


def _clean_tag(name):
    if name is None:
        return None
    new_name = _INVALID_TAG_CHARACTERS.sub("_", name).lstrip("/")
    return new_name


class _summary_scope:
    """TF's summary_scope: yields (tag, scope); `family` prefixes both so TensorBoard shows the
    summary under that tab."""

    def __init__(self, name, family=None, values=None):
        name, family = _clean_tag(name), _clean_tag(family)
        self._family = family
        self._scope = name_scope(name if family is None else "%s/%s" % (family, name),
                                 values=values)

    def __enter__(self):
        scope = self._scope.__enter__()
        tag = scope.rstrip("/")
        if self._family is not None:
            tag = "%s/%s" % (self._family, tag)
        return tag, scope

    def __exit__(self, *exc):
        return self._scope.__exit__(*exc)


def _collect(value, collections, default):
    if collections is None:
        collections = default
    graph = get_default_graph()
    for key in collections:
        graph.add_to_collection(key, value)


def _check_protobuf():
    # Fail at the user's line (with the pip hint), not at the first run.
    _summary_pb2()


def scalar(name, tensor, collections=None, family=None):
    """A summary op holding one scalar value (a TensorBoard SCALARS curve under tag `name`).

    Args:
      name: the summary's name (its tag; characters other than [-/\\w.] become '_').
      tensor: a real numeric scalar tensor.
      collections: collections to add the op to (default [GraphKeys.SUMMARIES]).
      family: a prefix of the tag and op name, shown as a TensorBoard tab.
    """
    _check_protobuf()
    with _summary_scope(name, family, values=[tensor]) as (tag, scope):
        tags = constant(tag, name="tags")
        val = apply_op("ScalarSummary", [tags, tensor], name=scope)
    _collect(val, collections, [GraphKeys.SUMMARIES])
    return val


def histogram(name, values, collections=None, family=None):
    """A summary op with a histogram of `values` (TensorBoard HISTOGRAMS / DISTRIBUTIONS)."""
    _check_protobuf()
    with _summary_scope(name, family, values=[values]) as (tag, scope):
        tag_t = constant(tag, name="tag")
        val = apply_op("HistogramSummary", [tag_t, values], name=scope)
    _collect(val, collections, [GraphKeys.SUMMARIES])
    return val


def image(name, tensor, max_outputs=3, collections=None, family=None):
    """A summary op with up to `max_outputs` PNG images from a [batch, height, width, channels]
    tensor (channels 1, 3 or 4; uint8 as is, floats rescaled per image to [0, 255])."""
    _check_protobuf()
    with _summary_scope(name, family, values=[tensor]) as (tag, scope):
        tag_t = constant(tag, name="tag")
        bad_color = np.array([255, 0, 0, 255], dtype=np.uint8)
        bad_color.flags.writeable = False
        val = apply_op("ImageSummary", [tag_t, tensor],
                       {"max_images": int(max_outputs), "bad_color": bad_color}, name=scope)
    _collect(val, collections, [GraphKeys.SUMMARIES])
    return val


def tensor_summary(name, tensor, summary_description=None, collections=None,
                   summary_metadata=None, family=None, display_name=None):
    """A summary op holding a whole tensor (with optional SummaryMetadata)."""
    pb2 = _summary_pb2()
    if summary_metadata is None:
        summary_metadata = pb2.SummaryMetadata()
    if summary_description is not None:
        summary_metadata.summary_description = summary_description
    if display_name is not None:
        summary_metadata.display_name = display_name
    serialized = summary_metadata.SerializeToString()
    with _summary_scope(name, family, values=[tensor]) as (tag, scope):
        tensor = convert_to_tensor(tensor)
        tag_t = constant(tag, name="tag")
        meta = constant(serialized, name="serialized_summary_metadata")
        val = apply_op("TensorSummaryV2", [tag_t, tensor, meta], name=scope)
    _collect(val, collections, [GraphKeys.SUMMARIES])
    return val


def text(name, tensor, collections=None):
    """A summary op with string `tensor` as text (TensorBoard TEXT tab; markdown rendered)."""
    tensor = convert_to_tensor(tensor) if not hasattr(tensor, "dtype") else tensor
    if tensor.dtype.base_dtype is not dtypes.string:
        raise ValueError("Expected tensor %s to have dtype string, got %s"
                         % (tensor.name, tensor.dtype))
    pb2 = _summary_pb2()
    metadata = pb2.SummaryMetadata(
        plugin_data=pb2.SummaryMetadata.PluginData(plugin_name="text"))
    return tensor_summary(name, tensor, summary_metadata=metadata, collections=collections)


def merge(inputs, collections=None, name=None):
    """One summary op merging the Summary protos of `inputs` (tags must be unique)."""
    _check_protobuf()
    inputs = list(inputs)
    with name_scope(name, "Merge", inputs):
        val = apply_op("MergeSummary", inputs, {"N": len(inputs)}, name=name or "MergeSummary")
    _collect(val, collections, [])
    return val


def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """merge() of every summary op in collection `key` (regex `scope` filters), or None."""
    summary_ops = get_default_graph().get_collection(key, scope=scope)
    if not summary_ops:
        return None
    return merge(summary_ops, name=name)
