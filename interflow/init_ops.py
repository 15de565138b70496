"""Initializers for get_variable: constant, zeros, ones, random normal/uniform, truncated normal,
variance scaling (glorot, he, lecun) and orthogonal, as TF1's init_ops.

An initializer is a callable `init(shape, dtype=None, partition_info=None)` returning a Tensor;
get_variable calls it inside `<variable>/Initializer/`, so its ops are named as in TF
(`x/Initializer/random_uniform/RandomUniform`, `x/Initializer/Const`, `x/Initializer/zeros`).
"""

import math
import sys
import types

import numpy as np

from interflow.framework import dtypes
from interflow.framework.shapes import TensorShape
from interflow.framework.tensor_conversion import constant
from interflow.ops import array_ops, math_ops, random_ops

__all__ = ["Initializer", "Zeros", "Ones", "Constant", "RandomUniform", "RandomNormal",
           "TruncatedNormal", "UniformUnitScaling", "VarianceScaling", "GlorotUniform",
           "GlorotNormal", "Orthogonal", "zeros_initializer", "ones_initializer",
           "constant_initializer", "random_uniform_initializer", "random_normal_initializer",
           "truncated_normal_initializer", "uniform_unit_scaling_initializer",
           "variance_scaling_initializer", "glorot_uniform_initializer",
           "glorot_normal_initializer", "orthogonal_initializer", "lecun_normal",
           "lecun_uniform", "he_normal", "he_uniform", "initializers"]

# scipy.stats.truncnorm.std(a=-2, b=2, loc=0., scale=1.): a truncated normal of stddev s has
# this much less spread, so VarianceScaling divides it out.
_TRUNCATED_NORMAL_STDDEV = .87962566103423978


def _assert_float_dtype(dtype):
    if not dtype.is_floating:
        raise ValueError("Expected floating point type, got %s." % dtype)
    return dtype


def _dims(shape):
    """`shape` (list, tuple, TensorShape) as a list of ints, for fan computations."""
    if isinstance(shape, TensorShape):
        return shape.as_list()
    return [int(d) for d in shape]


def _compute_fans(shape):
    """(fan_in, fan_out) as TF's VarianceScaling: a conv kernel's receptive field multiplies
    both (shape [..., in, out])."""
    shape = _dims(shape)
    if len(shape) < 1:
        fan_in = fan_out = 1
    elif len(shape) == 1:
        fan_in = fan_out = shape[0]
    elif len(shape) == 2:
        fan_in, fan_out = shape
    else:
        receptive_field_size = 1
        for dim in shape[:-2]:
            receptive_field_size *= dim
        fan_in = shape[-2] * receptive_field_size
        fan_out = shape[-1] * receptive_field_size
    return int(fan_in), int(fan_out)


class Initializer:
    """Initializer base class: all initializers inherit from this class."""

    def __call__(self, shape, dtype=None, partition_info=None):
        raise NotImplementedError

    def get_config(self):
        """The initializer's constructor arguments, as a JSON-serializable dict."""
        return {}

    @classmethod
    def from_config(cls, config):
        """An initializer built from `get_config()`'s dict."""
        return cls(**config)


class Zeros(Initializer):
    """Initializer that generates tensors initialized to 0 (tf.zeros_initializer)."""

    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        from interflow.ops import array_ops
        return array_ops.zeros(shape, dtype if dtype is not None else self.dtype)

    def get_config(self):
        return {"dtype": self.dtype.name}


class Ones(Initializer):
    """Initializer that generates tensors initialized to 1 (tf.ones_initializer)."""

    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        from interflow.ops import array_ops
        return array_ops.ones(shape, dtype if dtype is not None else self.dtype)

    def get_config(self):
        return {"dtype": self.dtype.name}


class Constant(Initializer):
    """Initializer that generates a Const of `value`, reshaped or broadcast to the shape.

    A list shorter than the shape is padded with its last element, as tf.constant does;
    `verify_shape=True` requires `value` to have the shape exactly.
    """

    def __init__(self, value=0, dtype=dtypes.float32, verify_shape=False):
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise TypeError("Invalid type for initial value: %s (expected Python scalar, list "
                            "or tuple of values, or numpy.ndarray)." % type(value))
        self.value = value
        self.dtype = dtypes.as_dtype(dtype)
        self._verify_shape = verify_shape

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None):
        if verify_shape is None:
            verify_shape = self._verify_shape
        return constant(self.value, dtype=dtype if dtype is not None else self.dtype,
                        shape=shape, verify_shape=verify_shape)

    def get_config(self):
        return {"value": self.value, "dtype": self.dtype.name}


class RandomUniform(Initializer):
    """Initializer drawing uniformly from [minval, maxval) (tf.random_uniform)."""

    def __init__(self, minval=0, maxval=None, seed=None, dtype=dtypes.float32):
        self.minval = minval
        self.maxval = maxval
        self.seed = seed
        self.dtype = dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.random_uniform(shape, self.minval, self.maxval,
                                         dtype if dtype is not None else self.dtype,
                                         seed=self.seed)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed,
                "dtype": self.dtype.name}


class RandomNormal(Initializer):
    """Initializer drawing from a normal distribution (tf.random_normal)."""

    _sample = staticmethod(random_ops.random_normal)

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=dtypes.float32):
        self.mean = mean
        self.stddev = stddev
        self.seed = seed
        self.dtype = _assert_float_dtype(dtypes.as_dtype(dtype))

    def __call__(self, shape, dtype=None, partition_info=None):
        return self._sample(shape, self.mean, self.stddev,
                            dtype if dtype is not None else self.dtype, seed=self.seed)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed,
                "dtype": self.dtype.name}


class TruncatedNormal(RandomNormal):
    """Initializer drawing from a normal distribution cut at two standard deviations."""

    _sample = staticmethod(random_ops.truncated_normal)


class UniformUnitScaling(Initializer):
    """Deprecated in TF1 for variance_scaling: uniform within sqrt(3 / input_size) * factor."""

    def __init__(self, factor=1.0, seed=None, dtype=dtypes.float32):
        self.factor = factor
        self.seed = seed
        self.dtype = _assert_float_dtype(dtypes.as_dtype(dtype))

    def __call__(self, shape, dtype=None, partition_info=None):
        scale_shape = _dims(partition_info.full_shape if partition_info is not None else shape)
        input_size = 1.0
        for dim in scale_shape[:-1]:
            input_size *= float(dim)
        input_size = max(input_size, 1.0)
        max_val = math.sqrt(3 / input_size) * self.factor
        return random_ops.random_uniform(shape, -max_val, max_val,
                                         dtype if dtype is not None else self.dtype,
                                         seed=self.seed)

    def get_config(self):
        return {"factor": self.factor, "seed": self.seed, "dtype": self.dtype.name}


class VarianceScaling(Initializer):
    """Initializer whose spread adapts to the shape: variance `scale / n`, where n is fan_in,
    fan_out or their average (`mode`).

    `distribution` "truncated_normal" (or its alias "normal") draws from a truncated normal
    of that variance, "untruncated_normal" from a normal, "uniform" from
    [-sqrt(3 * scale / n), sqrt(3 * scale / n)].
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 dtype=dtypes.float32):
        if scale <= 0.:
            raise ValueError("`scale` must be positive float.")
        if mode not in {"fan_in", "fan_out", "fan_avg"}:
            raise ValueError("Invalid `mode` argument:", mode)
        distribution = distribution.lower()
        if distribution not in {"normal", "uniform", "truncated_normal", "untruncated_normal"}:
            raise ValueError("Invalid `distribution` argument:", distribution)
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.seed = seed
        self.dtype = _assert_float_dtype(dtypes.as_dtype(dtype))

    def __call__(self, shape, dtype=None, partition_info=None):
        if dtype is None:
            dtype = self.dtype
        scale = self.scale
        fan_in, fan_out = _compute_fans(
            partition_info.full_shape if partition_info is not None else shape)
        if self.mode == "fan_in":
            scale /= max(1., fan_in)
        elif self.mode == "fan_out":
            scale /= max(1., fan_out)
        else:
            scale /= max(1., (fan_in + fan_out) / 2.)
        if self.distribution in ("normal", "truncated_normal"):
            stddev = math.sqrt(scale) / _TRUNCATED_NORMAL_STDDEV
            return random_ops.truncated_normal(shape, 0.0, stddev, dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return random_ops.random_normal(shape, 0.0, math.sqrt(scale), dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return random_ops.random_uniform(shape, -limit, limit, dtype, seed=self.seed)

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "seed": self.seed, "dtype": self.dtype.name}


class GlorotUniform(VarianceScaling):
    """Glorot (Xavier) uniform: U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)).

    The default initializer of tf.get_variable for floating-point variables.
    """

    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(scale=1.0, mode="fan_avg", distribution="uniform", seed=seed,
                         dtype=dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


class GlorotNormal(VarianceScaling):
    """Glorot (Xavier) normal: a truncated normal of stddev sqrt(2 / (fan_in + fan_out))."""

    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(scale=1.0, mode="fan_avg", distribution="truncated_normal", seed=seed,
                         dtype=dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


class Orthogonal(Initializer):
    """Initializer producing a (scaled by `gain`) orthogonal matrix, reshaped to the shape.

    The shape is flattened to (prod(shape[:-1]), shape[-1]); a normal matrix of that shape is
    QR-decomposed and Q, sign-corrected by R's diagonal, is the result.
    """

    def __init__(self, gain=1.0, seed=None, dtype=dtypes.float32):
        self.gain = gain
        self.dtype = _assert_float_dtype(dtypes.as_dtype(dtype))
        self.seed = seed

    def __call__(self, shape, dtype=None, partition_info=None):
        dims = _dims(shape)
        if len(dims) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional")
        try:
            from interflow.ops import linalg_ops
        except ImportError:
            raise NotImplementedError("orthogonal_initializer needs tf.qr, which interflow "
                                      "does not have yet.") from None
        if dtype is None:
            dtype = self.dtype
        num_rows = 1
        for dim in dims[:-1]:
            num_rows *= dim
        num_cols = dims[-1]
        flat_shape = (num_cols, num_rows) if num_rows < num_cols else (num_rows, num_cols)
        a = random_ops.random_normal(flat_shape, dtype=dtype, seed=self.seed)
        q, r = linalg_ops.qr(a, full_matrices=False)
        q *= math_ops.sign(array_ops.diag_part(r))
        if num_rows < num_cols:
            q = array_ops.matrix_transpose(q)
        return self.gain * array_ops.reshape(q, dims)

    def get_config(self):
        return {"gain": self.gain, "seed": self.seed, "dtype": self.dtype.name}


# TF1 exposes the classes under these names: users write tf.zeros_initializer() and
# tf.constant_initializer(0.), and may pass the class itself (get_variable instantiates it).
zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_uniform_initializer = RandomUniform
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
uniform_unit_scaling_initializer = UniformUnitScaling
variance_scaling_initializer = VarianceScaling
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal
orthogonal_initializer = Orthogonal


def lecun_normal(seed=None):
    """LeCun normal: truncated normal of stddev sqrt(1 / fan_in)."""
    return VarianceScaling(scale=1., mode="fan_in", distribution="truncated_normal", seed=seed)


def lecun_uniform(seed=None):
    """LeCun uniform: U(-limit, limit) with limit sqrt(3 / fan_in)."""
    return VarianceScaling(scale=1., mode="fan_in", distribution="uniform", seed=seed)


def he_normal(seed=None):
    """He normal: truncated normal of stddev sqrt(2 / fan_in)."""
    return VarianceScaling(scale=2., mode="fan_in", distribution="truncated_normal", seed=seed)


def he_uniform(seed=None):
    """He uniform: U(-limit, limit) with limit sqrt(6 / fan_in)."""
    return VarianceScaling(scale=2., mode="fan_in", distribution="uniform", seed=seed)


def _variables_initializers(name, default):
    def initializer(*args, **kwargs):
        from interflow import variables
        return getattr(variables, default)(*args, **kwargs)
    initializer.__name__ = name
    return initializer


# tf.initializers: TF1's namespace of the same initializers under short names.
initializers = types.ModuleType("interflow.initializers",
                                "tf.initializers: the initializers under their short names.")
for _short, _value in (("zeros", Zeros), ("ones", Ones), ("constant", Constant),
                       ("random_uniform", RandomUniform), ("random_normal", RandomNormal),
                       ("truncated_normal", TruncatedNormal),
                       ("uniform_unit_scaling", UniformUnitScaling),
                       ("variance_scaling", VarianceScaling),
                       ("glorot_uniform", GlorotUniform), ("glorot_normal", GlorotNormal),
                       ("orthogonal", Orthogonal), ("lecun_normal", lecun_normal),
                       ("lecun_uniform", lecun_uniform), ("he_normal", he_normal),
                       ("he_uniform", he_uniform),
                       ("global_variables",
                        _variables_initializers("global_variables",
                                                "global_variables_initializer")),
                       ("local_variables",
                        _variables_initializers("local_variables",
                                                "local_variables_initializer")),
                       ("variables", _variables_initializers("variables",
                                                             "variables_initializer"))):
    setattr(initializers, _short, _value)
sys.modules.setdefault("interflow.initializers", initializers)
