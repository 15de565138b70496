"""Placeholder, PlaceholderWithDefault, and identities: Identity, IdentityN, StopGradient."""

from interflow.framework import dtypes, errors
from interflow.framework.api import name_scope as _name_scope
from interflow.framework.common_shapes import same_as_input, shape_text
from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.shapes import TensorShape
from interflow.framework.tensor_conversion import convert_to_tensor
from interflow.ops.array._util import _identity_dtype, _single_or_tuple

__all__ = ["placeholder", "placeholder_with_default", "identity", "identity_n", "stop_gradient"]


def _placeholder_kernel(**_):
    # Plans refuse an unfed placeholder before anything runs; this is the last line of defence.
    raise errors.InvalidArgumentError(None, None, "You must feed a value for placeholder tensor")


define_op("Placeholder", _placeholder_kernel, lambda op: op._attrs["shape"], input_names=(),
          type_attr=None, output_dtype=lambda op: op._attrs["dtype"], differentiable=False)


def placeholder(dtype, shape=None, name=None):
    """A tensor that must be fed (feed_dict) in every run that needs it.

    `shape` may have None dimensions, or be None for any shape.
    """
    return apply_op("Placeholder", [], {"dtype": dtypes.as_dtype(dtype),
                                        "shape": TensorShape(shape)}, name=name or "Placeholder")


def _check_default_shape(op):
    shape = op._attrs["shape"]
    default = op._inputs[0]._shape
    if not shape.is_compatible_with(default):
        raise ValueError("Shapes %s and %s are incompatible" % (shape_text(shape),
                                                                 shape_text(default)))
    return shape


define_op("PlaceholderWithDefault", lambda x: x, _check_default_shape, input_names=("input",),
          type_attr="dtype", output_dtype=lambda op: op._attrs["dtype"],
          gradient=lambda op, grad: [grad])


def placeholder_with_default(input, shape, name=None):
    """A placeholder that yields `input` when not fed."""
    x = convert_to_tensor(input)
    return apply_op("PlaceholderWithDefault", [x], {"dtype": x.dtype.base_dtype,
                                                    "shape": TensorShape(shape)},
                    name=name or "PlaceholderWithDefault")


define_op("Identity", lambda x: x, same_as_input, output_dtype=_identity_dtype,
          input_names=("input",), gradient=lambda op, grad: [grad])


def identity(input, name=None):
    """The same value as `input` (a ref input is read: Variable/read)."""
    return apply_op("Identity", [input], name=name or "Identity")


define_op("StopGradient", lambda x: x, same_as_input, output_dtype=_identity_dtype,
          input_names=("input",), differentiable=False)


def stop_gradient(input, name=None):
    """The same value as `input`, but tf.gradients treats it as a constant."""
    return apply_op("StopGradient", [input], name=name or "StopGradient")


def _identity_n_kernel(*values):
    return _single_or_tuple(values)


def _identity_n_grad(op, *grads):
    return list(grads)


define_op("IdentityN", _identity_n_kernel, lambda op: [t._shape for t in op._inputs],
          num_outputs=lambda op: len(op._inputs), input_names=("input",), same_dtype=(),
          type_attr=None, output_dtype=lambda op: [t._dtype.base_dtype for t in op._inputs],
          gradient=_identity_n_grad)


def identity_n(input, name=None):
    """Each tensor of the list `input`, unchanged (one op, several outputs)."""
    with _name_scope(name, "IdentityN", list(input)) as scope:
        tensors = [convert_to_tensor(v, name="input_%d" % i) for i, v in enumerate(input)]
        out = apply_op("IdentityN", tensors, {"T": [t.dtype.base_dtype for t in tensors]},
                       name=scope)
    return out if isinstance(out, list) else [out]
