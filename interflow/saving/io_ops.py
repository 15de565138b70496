"""SaveV2 and RestoreV2: the graph ops a Saver runs, whose kernels write and read checkpoint
files (interflow.saving.checkpoint's format) at the path they are fed."""

import numpy as np

from interflow.framework import dtypes, errors
from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.shapes import TensorShape
from interflow.saving import checkpoint

__all__ = ["save_v2", "restore_v2"]


def _text(value):
    value = value.item() if isinstance(value, np.ndarray) else value
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _names(value):
    return [_text(v) for v in np.asarray(value, dtype=object).reshape(-1)]


def _save_kernel(prefix, tensor_names, shape_and_slices, *tensors):
    names = _names(tensor_names)
    if len(names) != len(tensors):
        raise errors.InvalidArgumentError(
            None, None, "Got %d tensor names but %d tensors" % (len(names), len(tensors)))
    if any(_names(shape_and_slices)):
        raise errors.UnimplementedError(None, None, "interflow saves whole tensors only "
                                        "(shape_and_slices must be empty strings)")
    checkpoint.write_checkpoint(_text(prefix), dict(zip(names, tensors)))
    return ()


def _restore_kernel(prefix, tensor_names, shape_and_slices, *, dtypes):
    names = _names(tensor_names)
    if len(names) != len(dtypes):
        raise errors.InvalidArgumentError(
            None, None, "Got %d tensor names but %d dtypes" % (len(names), len(dtypes)))
    with checkpoint.CheckpointReader(_text(prefix)) as reader:
        # Every entry is checked before any value is read, so that a bad checkpoint fails
        # before the Assign ops that consume these outputs change anything.
        for name, dtype in zip(names, dtypes):
            saved, _ = reader.entry(name)
            if saved is not dtype.base_dtype:
                raise errors.InvalidArgumentError(
                    None, None, "tensor_name = %s; expected dtype %s does not equal original "
                    "dtype %s" % (name, _tf_name(dtype), _tf_name(saved)))
        values = [np.array(reader.get_tensor(name)) for name in names]
    return values[0] if len(values) == 1 else tuple(values)


def _tf_name(dtype):
    return {"float32": "float", "float64": "double", "float16": "half"}.get(
        dtype.base_dtype.name, dtype.base_dtype.name)


_IO_INPUTS = ("prefix", "tensor_names", "shape_and_slices", "tensors")

define_op("SaveV2", _save_kernel, None, num_outputs=0, input_names=_IO_INPUTS,
          same_dtype=(), type_attr=None, stateful=True, differentiable=False)
define_op("RestoreV2", _restore_kernel,
          lambda op: [TensorShape(None)] * len(op._attrs["dtypes"]),
          num_outputs=lambda op: len(op._attrs["dtypes"]), input_names=_IO_INPUTS[:3],
          output_dtype=lambda op: list(op._attrs["dtypes"]), same_dtype=(), type_attr=None,
          kernel_attrs=("dtypes",), stateful=True, fresh_output=True, differentiable=False)


def save_v2(prefix, tensor_names, shape_and_slices, tensors, name=None):
    """The SaveV2 op: writes `tensors` under `tensor_names` to checkpoint `prefix`."""
    tensors = list(tensors)
    return apply_op("SaveV2", [prefix, tensor_names, shape_and_slices] + tensors,
                    {"dtypes": [t.dtype.base_dtype for t in tensors]}, name=name or "SaveV2")


def restore_v2(prefix, tensor_names, shape_and_slices, dtypes_, name=None):
    """The RestoreV2 op: one output per name, read from checkpoint `prefix`."""
    out = apply_op("RestoreV2", [prefix, tensor_names, shape_and_slices],
                   {"dtypes": [dtypes.as_dtype(d).base_dtype for d in dtypes_]},
                   name=name or "RestoreV2")
    return out if isinstance(out, list) else [out]
