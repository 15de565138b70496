"""OpDef: each op type's kernel, shape function and gradient, declared once; apply_op builds an op."""

from interflow.framework import dtypes as dtypes_lib
from interflow.framework.graph import get_default_graph
from interflow.framework.operation import Operation, Tensor, format_frame, user_frame
from interflow.framework.shapes import TensorShape

__all__ = ["OpDef", "define_op", "get_op_def", "registered_op_types", "apply_op",
           "RegisterGradient", "NotDifferentiable", "get_gradient_function"]

_REGISTRY = {}
_GRADIENTS = {}


class OpDef:
    """How to build, run and differentiate one op type.

    Attributes:
      type: the TF op type name ("MatMul").
      kernel: NumPy function `kernel(*inputs, **kernel_attrs)` returning one array, or a tuple
        when the op has several outputs. With `needs_context`, called as
        `kernel(ctx, *inputs, **kernel_attrs)` where ctx is the executor's per-op context.
      infer_shape: `infer_shape(op)` -> TensorShape (or a list, one per output). Raises
        ValueError for inputs that cannot work; apply_op adds the op and the user's line.
      output_dtype: `output_dtype(op)` -> DType (or a list); default: attr T, else the first
        input's dtype, else attr dtype.
      num_outputs: int, or `num_outputs(op)` for ops like Split.
      input_names: TF's names of the inputs; non-tensor inputs become Consts named after them.
      same_dtype: indices of inputs that share the type attr T (checked, converted to it).
      allowed_dtypes: the DTypes T may take, or None for any.
      kernel_attrs: names of attrs passed to the kernel as keyword arguments.
      stateful: the op has effects or randomness (never cached or folded).
      needs_context: the kernel takes the executor's context first (variables, random state).
      ref_inputs: input indices taken by reference (a variable to assign to), not by value.
      elementwise: a NumPy ufunc-like kernel accepting `out=`; output dtype and shape follow the
        inputs, so the executor may write into a dying input's buffer.
      fresh_output: the kernel always returns newly allocated arrays (never a view of an input).
      kernel_for: `kernel_for(op, context)` -> the kernel with the op's attrs (and, with
        needs_context, the context) bound, taking the inputs only: for hot ops, where binding
        by keyword costs more than the op. `context` is None without needs_context.
      scratch_kernel: the same computation, free to overwrite the inputs listed in
        `scratch_inputs`; the executor uses it when those buffers die at this op and belong to
        the run (it must still check what only a run knows: type, writeability, shape).
    """

    __slots__ = ("type", "kernel", "infer_shape", "output_dtype", "num_outputs", "input_names",
                 "same_dtype", "allowed_dtypes", "kernel_attrs", "stateful", "needs_context",
                 "ref_inputs", "elementwise", "fresh_output", "type_attr", "list_input",
                 "scratch_kernel", "scratch_inputs", "kernel_for")

    def __repr__(self):
        return "<OpDef %s>" % self.type


def define_op(type, kernel, infer_shape, gradient=None, *, output_dtype=None, num_outputs=1,
              input_names=("x",), same_dtype=None, allowed_dtypes=None, kernel_attrs=(),
              stateful=False, needs_context=False, ref_inputs=(), elementwise=False,
              fresh_output=None, type_attr="T", list_input=False, differentiable=True,
              scratch_kernel=None, scratch_inputs=(), kernel_for=None):
    """Registers op `type`. `gradient(op, *output_grads)` returns one gradient per input.

    `differentiable=False` marks the op as having no gradient (as tf.NotDifferentiable).
    `list_input=True` means the op takes one list of tensors (AddN, Pack, ConcatV2's values).
    """
    if type in _REGISTRY:
        raise KeyError("Op type %r is already defined." % type)
    d = OpDef()
    d.type = type
    d.kernel = kernel
    d.infer_shape = infer_shape
    d.output_dtype = output_dtype
    d.num_outputs = num_outputs
    d.input_names = tuple(input_names)
    if same_dtype is None:
        same_dtype = tuple(i for i in range(len(d.input_names)) if i not in ref_inputs)
    d.same_dtype = tuple(same_dtype)
    d.allowed_dtypes = frozenset(allowed_dtypes) if allowed_dtypes is not None else None
    d.kernel_attrs = tuple(kernel_attrs)
    d.stateful = stateful
    d.needs_context = needs_context
    d.ref_inputs = tuple(ref_inputs)
    d.elementwise = elementwise
    d.fresh_output = elementwise if fresh_output is None else fresh_output
    d.type_attr = type_attr
    d.list_input = list_input
    d.scratch_kernel = scratch_kernel
    d.scratch_inputs = tuple(scratch_inputs)
    d.kernel_for = kernel_for
    _REGISTRY[type] = d
    if gradient is not None:
        _GRADIENTS[type] = gradient
    elif not differentiable:
        _GRADIENTS[type] = None
    return d


def get_op_def(type):
    try:
        return _REGISTRY[type]
    except KeyError:
        raise ValueError("Op type not registered '%s' in interflow." % type) from None


def registered_op_types():
    return sorted(_REGISTRY)


class RegisterGradient:
    """Decorator: `@tf.RegisterGradient("MyGrad")` registers `f(op, *grads)` under that name."""

    def __init__(self, op_type):
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type

    def __call__(self, f):
        if self._op_type in _GRADIENTS:
            raise KeyError("Registering two gradient with name '%s'! (Previous registration "
                           "was in interflow)" % self._op_type)
        _GRADIENTS[self._op_type] = f
        return f


def NotDifferentiable(op_type):
    """Marks `op_type` as having no gradient: tf.gradients passes None through it."""
    if not isinstance(op_type, str):
        raise TypeError("op_type must be a string")
    _GRADIENTS[op_type] = None


NoGradient = NotDifferentiable


def has_gradient_entry(op_type):
    return op_type in _GRADIENTS


def get_gradient_function(op):
    """The gradient function for `op` (honouring gradient_override_map), or None.

    Raises LookupError when the op type has no gradient registered at all.
    """
    name = op._attrs.get("_gradient_op_type", op._type)
    try:
        return _GRADIENTS[name]
    except KeyError:
        raise LookupError("No gradient defined for operation '%s' (op type: %s)"
                          % (op._name, name)) from None


def _flatten(values):
    for v in values:
        if isinstance(v, (list, tuple)):
            yield from _flatten(v)
        else:
            yield v


def graph_of(values):
    """The graph of the tensors among `values`, else the default graph (TF's rule).

    Raises ValueError when they come from different graphs.
    """
    graph = first = None
    for v in values:
        if type(v) is Tensor:
            g = v._op._graph
        elif isinstance(v, (list, tuple)):
            if not v:
                continue
            g = graph_of(v)
            if g is get_default_graph() and not any(_has_graph(x) for x in _flatten(v)):
                continue
        elif isinstance(v, (Tensor, Operation)) or hasattr(v, "_as_graph_element"):
            g = v.graph
        else:
            continue
        if graph is None:
            graph, first = g, v
        elif g is not graph:
            raise ValueError("%s must be from the same graph as %s." % (v, first))
    return graph if graph is not None else get_default_graph()


def _has_graph(v):
    return isinstance(v, (Tensor, Operation)) or hasattr(v, "_as_graph_element")


def _shape_list(tensors):
    def fmt(t):
        s = t.shape
        return "?" if s.ndims is None else "[%s]" % ",".join(
            "?" if d is None else str(d) for d in s.as_tuple())
    return ", ".join(fmt(t) for t in tensors)


def apply_op(op_type, inputs, attrs=None, name=None):
    """Adds an op of `op_type` to the graph of its inputs and returns its output(s).

    Non-tensor inputs are converted to Consts named after the op's input names, inside the
    op's own name scope, as TF's generated wrappers do. Returns a Tensor, a list of Tensors
    (several outputs) or the Operation (no outputs).
    """
    from interflow.framework.tensor_conversion import convert_to_tensor  # cycle: Const is an op

    op_def = _REGISTRY.get(op_type)
    if op_def is None:
        raise ValueError("Op type not registered '%s' in interflow." % op_type)
    attrs = {} if attrs is None else attrs
    frame = user_frame(2)
    if name is not None and not isinstance(name, str):
        raise TypeError(_with_where("The name of a %s op must be a string, not %r."
                                    % (op_type, name), frame))
    try:
        graph = graph_of(inputs)
    except ValueError as e:
        raise ValueError(_with_where(str(e), frame)) from None
    final_name = graph._next_op_name(name or op_type)
    if op_def.list_input or op_def.ref_inputs or any(type(x) is not Tensor for x in inputs):
        try:
            inputs = _convert_inputs(op_def, inputs, graph, final_name, convert_to_tensor)
        except (TypeError, ValueError) as e:
            raise type(e)(_with_where(str(e), frame)) from None
    elif op_def.same_dtype:
        _check_same_dtype(op_def, inputs, frame)
    if op_def.type_attr and op_def.type_attr not in attrs and inputs:
        first = inputs[op_def.same_dtype[0]] if op_def.same_dtype else inputs[0]
        attrs[op_def.type_attr] = first._dtype.base_dtype
    op = Operation(graph, final_name, op_type, inputs, attrs, op_def, traceback=frame)
    try:
        _make_outputs(op, op_def)
    except ValueError as e:
        message = str(e).rstrip(".")
        raise ValueError(_with_where(
            "%s for '%s' (op: '%s') with input shapes: %s."
            % (message, final_name, op_type, _shape_list(inputs)), frame)) from None
    graph._register_op(op)
    outputs = op._outputs
    if len(outputs) == 1:
        return outputs[0]
    if not outputs:
        return op
    return list(outputs)


def _check_same_dtype(op_def, inputs, frame):
    """The fast path of _convert_inputs: all inputs are tensors already."""
    same = op_def.same_dtype
    first = inputs[same[0]]._dtype.base_dtype
    allowed = op_def.allowed_dtypes
    for i in same:
        base = inputs[i]._dtype.base_dtype
        if base is not first or (allowed is not None and base not in allowed):
            try:
                _convert_inputs(op_def, inputs, inputs[0].graph, None, None)
            except TypeError as e:
                raise TypeError(_with_where(str(e), frame)) from None


def _with_where(message, frame):
    where = format_frame(frame)
    return message + ("\n  (op built at %s)" % where if where else "")


def _convert_inputs(op_def, inputs, graph, scope, convert_to_tensor):
    if op_def.list_input:
        inputs = list(inputs)
    names = op_def.input_names
    same = op_def.same_dtype
    result = list(inputs)
    group_dtype = None
    group_from = None
    needs_scope = any(not isinstance(x, Tensor) for x in inputs)
    # New Consts go into the op's graph and scope, as the inputs of TF's wrappers do.
    scope_cms = [graph.as_default(), graph.name_scope(scope + "/")] if needs_scope else []
    for cm in scope_cms:
        cm.__enter__()
    try:
        for i, value in enumerate(inputs):
            arg = names[i] if i < len(names) else (names[-1] if op_def.list_input else "x%d" % i)
            if i in op_def.ref_inputs:
                if not isinstance(value, Tensor) or not value._dtype.is_ref_dtype:
                    ref = getattr(value, "_ref", None)
                    if ref is None:
                        raise TypeError("'%s' Op requires that input '%s' be a mutable tensor "
                                        "(e.g.: a tf.Variable)" % (op_def.type, arg))
                    value = ref()
                t = value
            in_group = i in same or (op_def.list_input and same)
            want = group_dtype if in_group else None
            if i in op_def.ref_inputs:
                pass
            elif isinstance(value, Tensor):
                t = value
                if t.graph is not graph:
                    raise ValueError("%s must be from the same graph as %s." % (t, result[0]))
            else:
                t = convert_to_tensor(value, dtype=want, name=arg)
            if in_group:
                base = t._dtype.base_dtype
                if group_dtype is None:
                    group_dtype, group_from = base, arg
                elif base is not group_dtype:
                    raise TypeError("Input '%s' of '%s' Op has type %s that does not match "
                                    "type %s of argument '%s'."
                                    % (arg, op_def.type, base.name, group_dtype.name, group_from))
                if op_def.allowed_dtypes is not None and base not in op_def.allowed_dtypes:
                    raise TypeError("Value passed to parameter '%s' has DataType %s not in "
                                    "list of allowed values: %s" % (
                                        arg, base.name, ", ".join(sorted(
                                            d.name for d in op_def.allowed_dtypes))))
            result[i] = t
    finally:
        for cm in reversed(scope_cms):
            cm.__exit__(None, None, None)
    return result


def _make_outputs(op, op_def):
    n = op_def.num_outputs
    if callable(n):
        n = n(op)
    if n == 0:
        return
    if op_def.output_dtype is not None:
        out_dtypes = op_def.output_dtype(op)
    else:
        out_dtypes = op._attrs.get("T") or (op._inputs[0]._dtype.base_dtype if op._inputs
                                             else op._attrs["dtype"])
    shapes = op_def.infer_shape(op) if op_def.infer_shape is not None else None
    if n == 1:
        if isinstance(out_dtypes, (list, tuple)):
            out_dtypes = out_dtypes[0]
        if isinstance(shapes, list):
            shapes = shapes[0]
        op._outputs = [Tensor(op, 0, out_dtypes, shapes if shapes is not None
                              else TensorShape(None))]
        return
    if not isinstance(out_dtypes, (list, tuple)):
        out_dtypes = [out_dtypes] * n
    if shapes is None or isinstance(shapes, TensorShape):
        shapes = [shapes if shapes is not None else TensorShape(None)] * n
    op._outputs = [Tensor(op, i, out_dtypes[i], shapes[i]) for i in range(n)]


def as_dtype_or_none(dtype):
    return None if dtype is None else dtypes_lib.as_dtype(dtype)
