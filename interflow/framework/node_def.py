"""A read-only NodeDef-like view of an Operation, printed in protobuf text format as TF prints it."""

import numpy as np

from interflow.framework.dtypes import DType
from interflow.framework.shapes import TensorShape


class NodeDefView:
    """What TF1's `op.node_def` shows: name, op, input, device and attr."""

    def __init__(self, op):
        self.name = op.name
        self.op = op.type
        self.input = [t._as_node_def_input() for t in op._inputs] + \
            ["^" + c.name for c in op._control_inputs]
        self.device = op.device
        self.attr = dict(op._attrs)

    def __repr__(self):
        return str(self)

    def __str__(self):
        lines = ['name: "%s"' % self.name, 'op: "%s"' % self.op]
        lines += ['input: "%s"' % i for i in self.input]
        if self.device:
            lines.append('device: "%s"' % self.device)
        for key in sorted(self.attr):
            lines += ["attr {", '  key: "%s"' % key, "  value {"]
            lines += ["    " + line for line in _attr_text(self.attr[key])]
            lines += ["  }", "}"]
        return "\n".join(lines) + "\n"


# TensorFlow's DataType enum names where they differ from "DT_" + the dtype's name.
_DT_NAMES = {"float32": "DT_FLOAT", "float64": "DT_DOUBLE", "float16": "DT_HALF"}


def _attr_text(value):
    if isinstance(value, DType):
        return ["type: %s" % _DT_NAMES.get(value.base_dtype.name,
                                           "DT_" + value.base_dtype.name.upper())]
    if isinstance(value, bool):
        return ["b: %s" % ("true" if value else "false")]
    if isinstance(value, int):
        return ["i: %d" % value]
    if isinstance(value, float):
        return ["f: %r" % value]
    if isinstance(value, (str, bytes)):
        return ['s: "%s"' % (value.decode("latin-1") if isinstance(value, bytes) else value)]
    if isinstance(value, TensorShape):
        if value.ndims is None:
            return ["shape {", "  unknown_rank: true", "}"]
        dims = []
        for d in value.as_list():
            dims += ["  dim {", "    size: %d" % (-1 if d is None else d), "  }"]
        return ["shape {"] + dims + ["}"]
    if isinstance(value, np.ndarray):
        return ["tensor {", "  dtype: %s" % value.dtype.name, "  shape: %s" % (value.shape,),
                "  value: %s" % np.array2string(value, threshold=10).replace("\n", " "), "}"]
    if isinstance(value, (list, tuple)):
        return ["list { %s }" % ", ".join(str(v) for v in value)]
    return ["%r" % (value,)]
