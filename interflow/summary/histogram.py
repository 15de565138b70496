"""TensorFlow's histogram summary: exponential buckets (10% wide, from 1e-12 to 1e20, mirrored
for negatives, around 0), with runs of empty buckets collapsed, as histogram.cc encodes them."""

import numpy as np

__all__ = ["bucket_limits", "fill_histogram_proto"]

_DBL_MAX = np.finfo(np.float64).max
_LIMITS = None


def bucket_limits():
    """TF's default bucket upper limits, ascending: -DBL_MAX ... -1e-12, 0, 1e-12 ... DBL_MAX."""
    global _LIMITS
    if _LIMITS is None:
        positive = []
        v = 1.0e-12
        while v < 1.0e20:
            positive.append(v)
            v *= 1.1
        positive.append(_DBL_MAX)
        negative = [-x for x in reversed(positive)]
        _LIMITS = np.array(negative + [0.0] + positive, dtype=np.float64)
    return _LIMITS


def fill_histogram_proto(proto, values):
    """Fills a HistogramProto from finite `values` exactly as TF's Histogram::EncodeToProto."""
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    limits = bucket_limits()
    if values.size:
        proto.min = float(values.min())
        proto.max = float(values.max())
        # Sequential sums, as the C++ loop adds one value at a time.
        proto.sum = float(np.cumsum(values)[-1])
        proto.sum_squares = float(np.cumsum(values * values)[-1])
    else:
        proto.min = float(_DBL_MAX)
        proto.max = float(-_DBL_MAX)
    proto.num = float(values.size)
    index = np.minimum(np.searchsorted(limits, values, side="right"), len(limits) - 1)
    counts = np.bincount(index, minlength=len(limits)).astype(np.float64)
    i, n = 0, len(limits)
    while i < n:
        end, count = limits[i], counts[i]
        i += 1
        if count <= 0.0:
            while i < n and counts[i] <= 0.0:
                end, count = limits[i], counts[i]
                i += 1
        proto.bucket_limit.append(float(end))
        proto.bucket.append(float(count))
    if not proto.bucket:
        proto.bucket_limit.append(float(_DBL_MAX))
        proto.bucket.append(0.0)
    return proto
