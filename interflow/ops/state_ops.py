"""Variable storage ops: VariableV2 (a value kept by the session), Assign, AssignAdd, AssignSub."""

import numpy as np

from interflow.framework import dtypes, errors
from interflow.framework.common_shapes import same_as_input, scalar_shape, shape_text
from interflow.framework.op_registry import apply_op, define_op
from interflow.framework.shapes import TensorShape

__all__ = ["variable_op_v2", "assign", "assign_add", "assign_sub", "is_variable_initialized"]


def _variable_kernel(ctx, **_):
    return ctx.variable()


def _variable_kernel_for(op, context):
    variables, name = context.variables, op._name

    def kernel():
        try:
            return variables[name]
        except KeyError:
            return context.variable()  # raises FailedPreconditionError, naming the variable
    return kernel


define_op("VariableV2", _variable_kernel, lambda op: op._attrs["shape"], input_names=(),
          type_attr=None, output_dtype=lambda op: op._attrs["dtype"]._as_ref,
          stateful=True, needs_context=True, differentiable=False,
          kernel_for=_variable_kernel_for)


def variable_op_v2(shape, dtype, name="Variable", container="", shared_name=""):
    """The VariableV2 op: its output (dtype `<type>_ref`) reads the session's current value."""
    return apply_op("VariableV2", [], {"shape": TensorShape(shape), "dtype": dtypes.as_dtype(dtype),
                                       "container": container, "shared_name": shared_name},
                    name=name)


def _check_assign_shapes(op):
    ref, value = op._inputs
    if op._attrs.get("validate_shape", True) and not ref._shape.is_compatible_with(value._shape):
        raise ValueError("Shapes must be equal rank, but are %s and %s" % (
            ref._shape.ndims, value._shape.ndims) if ref._shape.ndims != value._shape.ndims
            else "Dimension mismatch: the variable has shape %s, the value %s"
            % (shape_text(ref._shape), shape_text(value._shape)))
    return value._shape if not op._attrs.get("validate_shape", True) else \
        ref._shape.merge_with(value._shape)


def _assign_kernel_for(op, _context):
    validate_shape = op._attrs["validate_shape"]

    def kernel(ref, value):
        current = ref.store.get(ref.name)
        if current is not None and type(value) is np.ndarray and \
                value.shape == current.shape and value.dtype == current.dtype:
            # The training-loop case, kept quick. In place, as TF's Assign: reads of the
            # variable made earlier in this run (its `read` snapshot) alias this buffer.
            current[...] = value
            return current
        return _assign_kernel(ref, value, validate_shape=validate_shape)
    return kernel


def _assign_kernel(ref, value, *, validate_shape):
    current = ref.store.get(ref.name)
    dtype = ref.op._attrs["dtype"].np_dtype
    value = np.asarray(value, dtype=dtype)
    if validate_shape:
        shape = ref.op._attrs["shape"]
        if shape.ndims is not None and not shape.is_compatible_with(value.shape):
            raise errors.InvalidArgumentError(
                None, None, "Assign requires shapes of both tensors to match. lhs shape= %s "
                "rhs shape= %s" % (shape_text(shape), shape_text(TensorShape(value.shape))))
    if current is not None and current.shape == value.shape:
        current[...] = value
        return current
    value = np.array(value, dtype=dtype, copy=True)  # the session owns the variable's buffer
    ref.set(value)
    return value


def _update_kernel(ufunc):
    def kernel(ref, value):
        current = ref.get()
        result = ufunc(current, value)
        if np.shape(result) != current.shape:
            raise errors.InvalidArgumentError(
                None, None, "Update requires shapes of both tensors to match: variable %s has "
                "shape %s, update has shape %s" % (ref.name, shape_text(TensorShape(current.shape)),
                                                   shape_text(TensorShape(np.shape(value)))))
        current[...] = result  # in place: the variable keeps its buffer
        return current
    return kernel


define_op("Assign", _assign_kernel, _check_assign_shapes, input_names=("ref", "value"),
          ref_inputs=(0,), same_dtype=(0, 1), kernel_attrs=("validate_shape",), stateful=True,
          kernel_for=_assign_kernel_for,
          output_dtype=lambda op: op._inputs[0]._dtype, differentiable=False)
define_op("AssignAdd", _update_kernel(np.add), _check_assign_shapes,
          input_names=("ref", "value"), ref_inputs=(0,), same_dtype=(0, 1), stateful=True,
          output_dtype=lambda op: op._inputs[0]._dtype, differentiable=False)
define_op("AssignSub", _update_kernel(np.subtract), _check_assign_shapes,
          input_names=("ref", "value"), ref_inputs=(0,), same_dtype=(0, 1), stateful=True,
          output_dtype=lambda op: op._inputs[0]._dtype, differentiable=False)
define_op("IsVariableInitialized", lambda ref: np.bool_(ref.is_initialized()), scalar_shape,
          input_names=("ref",), ref_inputs=(0,), same_dtype=(), stateful=True,
          output_dtype=lambda op: dtypes.bool_, type_attr="dtype", differentiable=False)


def _ref_of(ref, op_name):
    if hasattr(ref, "_ref"):
        return ref._ref()
    if getattr(ref, "dtype", None) is not None and ref.dtype.is_ref_dtype:
        return ref
    raise TypeError("'%s' Op requires that input 'ref' be a mutable tensor (e.g.: a tf.Variable);"
                    " got %r" % (op_name, ref))


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """Makes an op that stores `value` in variable `ref` and outputs the new value."""
    validate = True if validate_shape is None else bool(validate_shape)
    return apply_op("Assign", [_ref_of(ref, "Assign"), value],
                    {"validate_shape": validate, "use_locking": bool(use_locking)},
                    name=name or "Assign")


def assign_add(ref, value, use_locking=None, name=None):
    """Makes an op that adds `value` to variable `ref` in place and outputs the new value."""
    return apply_op("AssignAdd", [_ref_of(ref, "AssignAdd"), value],
                    {"use_locking": bool(use_locking)}, name=name or "AssignAdd")


def assign_sub(ref, value, use_locking=None, name=None):
    """Makes an op that subtracts `value` from variable `ref` in place."""
    return apply_op("AssignSub", [_ref_of(ref, "AssignSub"), value],
                    {"use_locking": bool(use_locking)}, name=name or "AssignSub")


def is_variable_initialized(variable):
    ref = _ref_of(variable, "IsVariableInitialized")
    return apply_op("IsVariableInitialized", [ref], {"dtype": ref.dtype.base_dtype},
                    name="IsVariableInitialized")
