"""Random ops: random_uniform, random_normal, truncated_normal, random_shuffle, with TF seed rules.

Seeds follow TF1: `tf.set_random_seed` and/or an op's `seed` (see framework.api.get_seed) become
the op's `seed`/`seed2` attrs; with either set, every new session replays the same numbers, and
successive runs of one session continue the stream. The numbers come from NumPy's Philox
Generator, not TensorFlow's Philox kernels, so exact values differ from TF's for the same seeds.
"""

import numpy as np

from interflow.framework import dtypes, errors
from interflow.framework.api import get_seed, name_scope
from interflow.framework.common_shapes import same_as_input, shape_text
from interflow.framework.op_registry import apply_op, define_op, graph_of
from interflow.framework.shapes import Dimension, TensorShape
from interflow.framework.tensor_conversion import convert_to_tensor
from interflow.ops import math_ops
from interflow.ops.array.static_values import _partial_vector

__all__ = ["random_uniform", "random_normal", "truncated_normal", "random_shuffle"]

_FLOATS = (dtypes.float16, dtypes.float32, dtypes.float64)
_SHAPE_DTYPES = (dtypes.int32, dtypes.int64)
_UNIFORM_DTYPES = _FLOATS + (dtypes.int32, dtypes.int64)


# ----------------------------------------------------------------------------- shapes


def _static_shape(shape_tensor):
    """The static shape a shape-valued tensor describes (TF's constant_value_as_shape)."""
    ndims = shape_tensor._shape.ndims
    if ndims is not None and ndims != 1:
        raise ValueError("Shape must be rank 1 but is rank %d" % ndims)
    dims = _partial_vector(shape_tensor)
    if dims is None:
        return TensorShape(None)
    # A negative size fails when the op runs, as in TF; statically it is just unknown.
    return TensorShape([d if d is None or d >= 0 else None for d in dims])


def _shape_tensor(shape):
    """TF's tensor_util.shape_tensor: a list, tuple, TensorShape or tensor as an int tensor
    named 'shape' (an empty list is an int32 scalar shape)."""
    if isinstance(shape, TensorShape):
        if not shape.is_fully_defined():
            raise ValueError("Cannot convert a partially known TensorShape %s to a Tensor."
                             % shape_text(shape))
        shape = shape.as_list()
    dtype = None
    if isinstance(shape, (tuple, list)):
        if not shape:
            dtype = dtypes.int32
        else:
            shape = [d.value if isinstance(d, Dimension) else d for d in shape]
    return convert_to_tensor(shape, dtype=dtype, name="shape")


def _runtime_shape(shape):
    shape = np.asarray(shape)
    if shape.ndim != 1:
        raise errors.InvalidArgumentError(
            None, None, "shape must be a vector of {int32,int64}, got shape %s"
            % shape_text(TensorShape(shape.shape)))
    for d in shape:
        if d < 0:
            raise errors.InvalidArgumentError(None, None, "Dimension %d must be >= 0" % d)
    return tuple(int(d) for d in shape)


def _check_scalar(op, index):
    s = op._inputs[index]._shape
    if s.ndims is not None and s.ndims != 0:
        raise ValueError("Shape must be rank 0 but is rank %d" % s.ndims)


def _random_shape(op):
    for i in range(1, len(op._inputs)):
        _check_scalar(op, i)
    return _static_shape(op._inputs[0])


# ----------------------------------------------------------------------------- kernels


def _uniform_kernel(ctx, shape, *, seed, seed2, dtype):
    gen = ctx.random_generator(seed, seed2)
    shape = _runtime_shape(shape)
    if dtype is dtypes.float16:
        # float32 values just below 1 would round up to 1.0 in float16: keep [0, 1).
        values = gen.random(shape, dtype=np.float32).astype(np.float16)
        return np.minimum(values, np.nextafter(np.float16(1), np.float16(0)))
    return gen.random(shape, dtype=dtype.np_dtype)


def _uniform_int_kernel(ctx, shape, minval, maxval, *, seed, seed2, Tout):
    gen = ctx.random_generator(seed, seed2)
    shape = _runtime_shape(shape)
    if np.ndim(minval) or np.ndim(maxval):
        raise errors.InvalidArgumentError(
            None, None, "minval and maxval must be 0-D, got shapes %s and %s"
            % (list(np.shape(minval)), list(np.shape(maxval))))
    if not minval < maxval:
        raise errors.InvalidArgumentError(
            None, None, "Need minval < maxval, got %d >= %d" % (minval, maxval))
    return gen.integers(minval, maxval, size=shape, dtype=Tout.np_dtype)


def _standard_normal(gen, shape, dtype):
    if dtype is dtypes.float16:
        return gen.standard_normal(shape, dtype=np.float32).astype(np.float16)
    return gen.standard_normal(shape, dtype=dtype.np_dtype)


def _normal_kernel(ctx, shape, *, seed, seed2, dtype):
    return _standard_normal(ctx.random_generator(seed, seed2), _runtime_shape(shape), dtype)


def _truncated_normal_kernel(ctx, shape, *, seed, seed2, dtype):
    gen = ctx.random_generator(seed, seed2)
    values = _standard_normal(gen, _runtime_shape(shape), dtype)
    # As TF: values 2 or more standard deviations out are drawn again (rejection sampling).
    bad = np.abs(values) >= 2
    while bad.any():
        values[bad] = _standard_normal(gen, int(bad.sum()), dtype)
        bad = np.abs(values) >= 2
    return values


def _shuffle_kernel(ctx, value, *, seed, seed2):
    gen = ctx.random_generator(seed, seed2)
    value = np.asarray(value)
    if value.ndim == 0 or len(value) <= 1:
        return value.copy()
    return value[gen.permutation(len(value))]


_OUTPUT_DTYPE = lambda op: op._attrs["dtype"]  # noqa: E731
_SEED_ATTRS = ("seed", "seed2")

define_op("RandomUniform", _uniform_kernel, _random_shape, input_names=("shape",),
          allowed_dtypes=_SHAPE_DTYPES, output_dtype=_OUTPUT_DTYPE,
          kernel_attrs=_SEED_ATTRS + ("dtype",), stateful=True, needs_context=True,
          fresh_output=True, differentiable=False)
define_op("RandomUniformInt", _uniform_int_kernel, _random_shape,
          input_names=("shape", "minval", "maxval"), same_dtype=(0,),
          allowed_dtypes=_SHAPE_DTYPES, output_dtype=lambda op: op._attrs["Tout"],
          kernel_attrs=_SEED_ATTRS + ("Tout",), stateful=True, needs_context=True,
          fresh_output=True, differentiable=False)
define_op("RandomStandardNormal", _normal_kernel, _random_shape, input_names=("shape",),
          allowed_dtypes=_SHAPE_DTYPES, output_dtype=_OUTPUT_DTYPE,
          kernel_attrs=_SEED_ATTRS + ("dtype",), stateful=True, needs_context=True,
          fresh_output=True, differentiable=False)
define_op("TruncatedNormal", _truncated_normal_kernel, _random_shape, input_names=("shape",),
          allowed_dtypes=_SHAPE_DTYPES, output_dtype=_OUTPUT_DTYPE,
          kernel_attrs=_SEED_ATTRS + ("dtype",), stateful=True, needs_context=True,
          fresh_output=True, differentiable=False)
define_op("RandomShuffle", _shuffle_kernel, same_as_input, input_names=("value",),
          kernel_attrs=_SEED_ATTRS, stateful=True, needs_context=True, fresh_output=True,
          differentiable=False)


# ----------------------------------------------------------------------------- wrappers


def _seed_attrs(op_seed):
    seed, seed2 = get_seed(op_seed)
    return {"seed": seed or 0, "seed2": seed2 or 0}


def _check_float_dtype(dtype):
    if dtype not in _FLOATS:
        raise TypeError("Value for attr 'dtype' of %s is not in the list of allowed values: "
                        "half, float, double" % dtype.name)


def random_uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Uniform values in [minval, maxval) (maxval defaults to 1 for floats).

    Floats: `rnd * (maxval - minval) + minval` over a RandomUniform in [0, 1). Integers
    (int32, int64) use RandomUniformInt and need `maxval`.
    """
    dtype = dtypes.as_dtype(dtype).base_dtype
    if dtype not in _UNIFORM_DTYPES:
        raise ValueError("Argument `dtype` got invalid value %s. Accepted dtypes are "
                         "(tf.float16, tf.float32, tf.float64, tf.int32, tf.int64)." % dtype)
    if maxval is None:
        if dtype.is_integer:
            raise ValueError("Must specify maxval for integer dtype %r" % dtype)
        maxval = 1
    with name_scope(name, "random_uniform", [shape, minval, maxval]) as scope:
        shape = _shape_tensor(shape)
        minval = convert_to_tensor(minval, dtype=dtype, name="min")
        maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
        attrs = _seed_attrs(seed)
        if dtype.is_integer:
            attrs["Tout"] = dtype
            return apply_op("RandomUniformInt", [shape, minval, maxval], attrs, name=scope)
        attrs["dtype"] = dtype
        rnd = apply_op("RandomUniform", [shape], attrs, name="RandomUniform")
        return math_ops.add(rnd * (maxval - minval), minval, name=scope)


def _normal(op_type, default_name, shape, mean, stddev, dtype, seed, name):
    dtype = dtypes.as_dtype(dtype).base_dtype
    with name_scope(name, default_name, [shape, mean, stddev]) as scope:
        shape = _shape_tensor(shape)
        mean = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        _check_float_dtype(dtype)
        attrs = _seed_attrs(seed)
        attrs["dtype"] = dtype
        rnd = apply_op(op_type, [shape], attrs, name=op_type)
        return math_ops.add(rnd * stddev, mean, name=scope)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normally distributed values: `RandomStandardNormal * stddev + mean`."""
    return _normal("RandomStandardNormal", "random_normal", shape, mean, stddev, dtype, seed,
                   name)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal values, where those beyond 2 standard deviations from the mean are re-drawn."""
    return _normal("TruncatedNormal", "truncated_normal", shape, mean, stddev, dtype, seed, name)


def random_shuffle(value, seed=None, name=None):
    """`value` with its first dimension randomly permuted."""
    with graph_of([value]).as_default():
        attrs = _seed_attrs(seed)
        return apply_op("RandomShuffle", [value], attrs, name=name or "RandomShuffle")
