"""Operation (a node of the graph) and Tensor (one output of an Operation)."""

import linecache
import os
import sys

from interflow.framework import session_stack
from interflow.framework.shapes import TensorShape, as_shape

__all__ = ["Operation", "Tensor", "user_frame", "format_frame"]

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def user_frame(skip=1):
    """(filename, lineno, function) of the innermost caller outside the interflow package."""
    frame = sys._getframe(skip)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
    if frame is None:
        return None
    return frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name


def format_frame(frame):
    """'File "x.py", line 3, in f: y = a + b' for a frame from user_frame(), or ''."""
    if frame is None:
        return ""
    filename, lineno, func = frame
    text = linecache.getline(filename, lineno).strip()
    where = 'File "%s", line %d, in %s' % (filename, lineno, func)
    return where + (": " + text if text else "")


class Tensor:
    """A symbolic handle to one output of an Operation; its value exists only inside a run."""

    __slots__ = ("_op", "_value_index", "_dtype", "_shape", "_consumers", "__weakref__")

    # Makes NumPy defer to our reflected operators (np.float32(2) * t -> t.__rmul__).
    __array_priority__ = 100

    def __init__(self, op, value_index, dtype, shape=None):
        self._op = op
        self._value_index = value_index
        self._dtype = dtype
        self._shape = shape if isinstance(shape, TensorShape) else TensorShape(shape)
        self._consumers = []

    op = property(lambda self: self._op)
    value_index = property(lambda self: self._value_index)
    dtype = property(lambda self: self._dtype)
    graph = property(lambda self: self._op._graph)
    device = property(lambda self: self._op.device)
    shape = property(lambda self: self._shape)

    @property
    def name(self):
        return "%s:%d" % (self._op._name, self._value_index)

    def get_shape(self):
        return self._shape

    def set_shape(self, shape):
        """Narrows the static shape; raises ValueError if `shape` is incompatible."""
        self._shape = self._shape.merge_with(as_shape(shape))

    def consumers(self):
        """The Operations that take this tensor as an input."""
        return list(self._consumers)

    def eval(self, feed_dict=None, session=None):
        """The value of this tensor in `session` (default: the default session)."""
        return session_stack.run_with_default_session(self, feed_dict, self.graph, session,
                                                      "tensor")

    def _as_node_def_input(self):
        if self._value_index == 0:
            return self._op._name
        return "%s:%d" % (self._op._name, self._value_index)

    def __repr__(self):
        return "<tf.Tensor '%s' shape=%s dtype=%s>" % (self.name, self._shape, self._dtype.name)

    def __str__(self):
        return 'Tensor("%s", shape=%s, dtype=%s)' % (self.name, self._shape, self._dtype.name)

    __hash__ = object.__hash__  # identity, as TF1's Tensor: usable as a dict key

    def __bool__(self):
        raise TypeError("Using a `tf.Tensor` as a Python `bool` is not allowed. Use `if t is not "
                        "None:` instead of `if t:` to test if a tensor is defined, and use "
                        "TensorFlow ops such as tf.cond to execute subgraphs conditioned on the "
                        "value of a tensor.")

    __nonzero__ = __bool__

    def __iter__(self):
        raise TypeError("Tensor objects are only iterable when eager execution is enabled. To "
                        "iterate over this tensor use tf.unstack or index it (t[0], t[1], ...).")

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(
            "Cannot convert a symbolic Tensor (%s) to a numpy array: it has no value until a "
            "Session runs it. Use sess.run(t) or t.eval()." % self.name)

    def __reduce__(self):
        raise TypeError("A symbolic Tensor (%s) cannot be pickled; save its value "
                        "(sess.run(t)) or the graph (tf.train.export_meta_graph)." % self.name)

    @staticmethod
    def _override_operator(operator, func):
        """Installs `func` as Tensor.<operator>; the op modules call this, as TF's math_ops does."""
        setattr(Tensor, operator, func)


class Operation:
    """A node: an op type applied to input tensors, with attrs; produces output tensors."""

    __slots__ = ("_graph", "_name", "_type", "_inputs", "_outputs", "_control_inputs",
                 "_device", "_attrs", "_op_def", "_traceback", "_id", "_forward_op",
                 "_control_outputs", "__weakref__")

    def __init__(self, graph, name, op_type, inputs, attrs, op_def, control_inputs=(),
                 device="", traceback=None):
        self._graph = graph
        self._name = name
        self._type = op_type
        self._inputs = tuple(inputs)
        self._attrs = attrs
        self._op_def = op_def
        self._control_inputs = list(control_inputs)
        self._device = device
        self._traceback = traceback
        self._outputs = []
        self._id = None
        self._forward_op = None
        self._control_outputs = []

    name = property(lambda self: self._name)
    type = property(lambda self: self._type)
    graph = property(lambda self: self._graph)
    outputs = property(lambda self: list(self._outputs))
    control_inputs = property(lambda self: list(self._control_inputs))
    device = property(lambda self: self._device)
    op_def = property(lambda self: self._op_def)

    @property
    def inputs(self):
        return list(self._inputs)

    @property
    def traceback(self):
        """[(filename, lineno, function)] of the user code that created this op."""
        return [self._traceback] if self._traceback else []

    @property
    def forward_op(self):
        """For an op made by tf.gradients: the forward op whose gradient it helps compute."""
        return self._forward_op

    @property
    def node_def(self):
        from interflow.framework import node_def
        return node_def.NodeDefView(self)

    def values(self):
        return tuple(self._outputs)

    def get_attr(self, name):
        """The value of attr `name` (ValueError if the op has no such attr)."""
        try:
            return self._attrs[name]
        except KeyError:
            raise ValueError("Operation '%s' (type %s) has no attr named '%s'."
                             % (self._name, self._type, name)) from None

    @property
    def attrs(self):
        """A copy of the attrs dict (interflow helper; TF exposes them through node_def)."""
        return dict(self._attrs)

    def _add_control_input(self, op):
        if not isinstance(op, Operation):
            raise TypeError("op must be an Operation: %s" % (op,))
        if op not in self._control_inputs:
            self._control_inputs.append(op)
            op._control_outputs.append(self)
            self._graph._bump_version()

    def run(self, feed_dict=None, session=None):
        """Runs this op in `session` (default: the default session); returns None."""
        session_stack.run_with_default_session(self, feed_dict, self._graph, session, "operation")

    def where(self):
        """The user's line that created this op, formatted for error messages."""
        return format_frame(self._traceback)

    def __repr__(self):
        return "<tf.Operation '%s' type=%s>" % (self._name, self._type)

    def __str__(self):
        return str(self.node_def)

    __hash__ = object.__hash__
