"""tf.compat: `tf.compat.v1` is interflow itself (it implements the v1 API)."""

import sys


def __getattr__(name):
    if name == "v1":
        return sys.modules["interflow"]
    raise AttributeError("module 'interflow.compat' has no attribute %r" % name)
