"""Graph <-> TensorFlow's GraphDef: Graph.as_graph_def and tf.import_graph_def.

Nodes carry TF's op types, inputs ("op", "op:1", "^control"), devices and attrs, so a graph
written here opens in TensorFlow and a GraphDef TensorFlow wrote is rebuilt here through the
op registry, with each op's attrs as interflow's own wrappers store them.
"""

import warnings

from interflow.framework import device as device_lib
from interflow.framework import dtypes
from interflow.framework.graph import get_default_graph
from interflow.framework.op_registry import _make_outputs, get_op_def, has_gradient_entry
from interflow.framework.operation import Operation, Tensor
from interflow.framework.shapes import TensorShape
from interflow.saving import attr_value
from interflow.saving.protos import proto_module

__all__ = ["as_graph_def", "import_graph_def", "graph_def_class"]

# Attrs TF derives when writing a GraphDef, not part of an op.
_DERIVED_ATTRS = frozenset(["_output_shapes"])

# Defaults of TF attrs a GraphDef may leave out (TF strips default-valued attrs when asked to);
# the kernels of the ops that have them expect them present.
_TF_ATTR_DEFAULTS = {
    "transpose_a": False, "transpose_b": False, "adj_x": False, "adj_y": False,
    "keep_dims": False, "use_locking": False, "validate_shape": True, "seed": 0, "seed2": 0,
    "data_format": "NHWC", "use_cudnn_on_gpu": True, "container": "", "shared_name": "",
    "Tidx": dtypes.int32, "Tshape": dtypes.int32, "Tpaddings": dtypes.int32,
    "Tmultiples": dtypes.int32, "Tperm": dtypes.int32, "Tindices": dtypes.int32,
    "Taxis": dtypes.int32, "out_type": dtypes.int32, "index_type": dtypes.int32,
    "output_type": dtypes.int64, "Truncate": False, "use_nesterov": False,
    "update_slots": True, "batch_dims": 0, "begin_mask": 0, "end_mask": 0,
    "ellipsis_mask": 0, "new_axis_mask": 0, "shrink_axis_mask": 0, "squeeze_dims": [],
    "dilations": [1, 1, 1, 1], "explicit_paddings": [], "exclusive": False, "reverse": False,
    "adjoint": False, "alpha": 0.2,
}
_TF_OP_ATTR_DEFAULTS = {("Pack", "axis"): 0, ("Unpack", "axis"): 0, ("OneHot", "axis"): -1}


def graph_def_class():
    """TF's GraphDef message class (imports protobuf now)."""
    return proto_module("graph_pb2").GraphDef


def as_graph_def(graph, from_version=None, add_shapes=False):
    """A GraphDef protocol buffer of `graph` (TF's schema, from the tensorboard package).

    Args:
      graph: the Graph.
      from_version: only the ops added after the graph's `version` had this value.
      add_shapes: add each node's inferred output shapes as the `_output_shapes` attr.
    """
    gd = graph_def_class()()
    versions = graph.graph_def_versions
    gd.versions.producer = versions.get("producer", 0)
    if versions.get("min_consumer"):
        gd.versions.min_consumer = versions["min_consumer"]
    for op in graph.get_operations():
        # An op's id is the graph's version right after it was added (control inputs added
        # later also bump the version, so this is exact only for graphs built without them).
        if from_version is not None and op._id <= from_version:
            continue
        _fill_node_def(gd.node.add(), op, add_shapes)
    return gd


def _fill_node_def(node, op, add_shapes):
    node.name = op._name
    node.op = op._type
    node.input.extend(t._as_node_def_input() for t in op._inputs)
    node.input.extend("^" + c._name for c in op._control_inputs)
    if op._device:
        node.device = op._device
    for key in sorted(op._attrs):
        if key in _DERIVED_ATTRS:
            continue
        value = op._attrs[key]
        if value is None:
            continue
        try:
            attr_value.to_attr_value(value, node.attr[key])
        except attr_value.UnsupportedAttr as e:
            del node.attr[key]
            if not key.startswith("_"):
                warnings.warn("Attr '%s' of op '%s' (type %s) cannot be written to a GraphDef "
                              "(%s); it is left out of the file." % (key, op._name, op._type, e),
                              stacklevel=4)
    if add_shapes and op._outputs:
        shapes = node.attr["_output_shapes"].list.shape
        for t in op._outputs:
            attr_value.shape_to_proto(t._shape, shapes.add())


# ---------------------------------------------------------------------------- importing


def _parse_input(name):
    """'^a' -> ('a', None, True); 'a:1' -> ('a', 1, False); 'a' -> ('a', 0, False)."""
    if name.startswith("^"):
        return name[1:], None, True
    op_name, sep, index = name.rpartition(":")
    if sep and index.isdigit():
        return op_name, int(index), False
    return name, 0, False


def _canonical_tensor_name(name):
    if name.startswith("^"):
        return name
    op_name, index, _ = _parse_input(name)
    return "%s:%d" % (op_name, index)


def _order_nodes(nodes, by_name):
    """The nodes, each after the nodes it reads (GraphDefs need not be sorted); iterative."""
    order = []
    state = {}  # name -> 1 visiting, 2 done
    for root in nodes:
        if state.get(root.name) == 2:
            continue
        stack = [(root, iter(root.input))]
        state[root.name] = 1
        while stack:
            node, it = stack[-1]
            for inp in it:
                dep = by_name.get(_parse_input(inp)[0])
                if dep is None or state.get(dep.name) == 2:
                    continue
                if state.get(dep.name) == 1:
                    raise ValueError("The GraphDef has a cycle through node '%s' (while loops "
                                     "are not supported by interflow)." % dep.name)
                state[dep.name] = 1
                stack.append((dep, iter(dep.input)))
                break
            else:
                stack.pop()
                state[node.name] = 2
                order.append(node)
    return order


def _check_import_args(graph_def, input_map, return_elements):
    if not hasattr(graph_def, "node") or not hasattr(graph_def, "SerializeToString"):
        raise TypeError("Argument `graph_def` must be a GraphDef proto.")
    if input_map is None:
        input_map = {}
    elif not isinstance(input_map, dict):
        raise TypeError("Argument `input_map` must be a dictionary. Obtained %s."
                        % type(input_map).__name__)
    for key, value in input_map.items():
        if not isinstance(key, str):
            raise TypeError("All keys for argument `input_map` must be strings. Obtained %r."
                            % (key,))
        if not isinstance(value, (Tensor, Operation)):
            raise TypeError("All values for argument `input_map` must be Tensor objects (or "
                            "Operations, for control inputs). Obtained %r for %r."
                            % (value, key))
    if return_elements is not None:
        if isinstance(return_elements, str) or not all(
                isinstance(x, str) for x in return_elements):
            raise TypeError("Argument `return_elements` must be a list of strings. Obtained %r."
                            % (return_elements,))
    if len(graph_def.library.function):
        raise ValueError("The GraphDef defines functions (tf.function / Defun: %s), which "
                         "interflow does not support." % ", ".join(
                             f.signature.name for f in graph_def.library.function))
    return {_canonical_tensor_name(k): v for k, v in input_map.items()}


def import_graph_def(graph_def, input_map=None, return_elements=None, name=None, op_dict=None,
                     producer_op_list=None):
    """Imports the ops of `graph_def` into the default graph, under name scope `name`.

    Args:
      graph_def: a GraphDef protocol buffer (tf.GraphDef).
      input_map: {name in graph_def ("x:0", "x" or "^x"): Tensor (Operation for "^x")}; the
        imported ops read these instead.
      return_elements: names in graph_def of tensors ("z:0") or ops ("train") to return.
      name: the scope prefixed to the imported names (default "import"; "" for none).
      op_dict, producer_op_list: accepted for compatibility; ops come from interflow's registry.

    Returns:
      The list of the requested Tensors and Operations, or None without return_elements.

    Raises:
      TypeError: for arguments of the wrong type.
      ValueError: for an op type interflow does not know, names not in graph_def, or inputs
        of mismatched dtypes.
    """
    del op_dict, producer_op_list  # ops come from interflow's registry
    input_map = _check_import_args(graph_def, input_map, return_elements)
    graph = get_default_graph()
    by_name = {}
    for node in graph_def.node:
        if node.name in by_name:
            raise ValueError("Duplicate node name in graph: '%s'" % node.name)
        by_name[node.name] = node
    if name == "":
        prefix = ""
    else:
        with graph.name_scope(name or "import") as scope:
            prefix = scope
    created = {}
    used_map_keys = set()
    missing_grads = {}
    for node in _order_nodes(list(graph_def.node), by_name):
        op = _import_node(graph, node, prefix, created, by_name, input_map, used_map_keys)
        created[node.name] = op
        grad_name = op._attrs.get("_gradient_op_type")
        if isinstance(grad_name, str) and not has_gradient_entry(grad_name):
            missing_grads.setdefault(grad_name, []).append(op._name)
    unused = [k for k in input_map if k not in used_map_keys]
    if unused:
        raise ValueError("Attempted to map inputs that were not found in graph_def: [%s]"
                         % ", ".join(unused))
    for grad_name, ops in sorted(missing_grads.items()):
        warnings.warn(
            "Imported op(s) %s use the gradient registered as '%s' (tf.gradient_override_map "
            "in the program that wrote the graph). The graph file records only that name, not "
            "the Python function: register it again with @tf.RegisterGradient('%s') before "
            "calling tf.gradients through these ops." % (", ".join(ops), grad_name, grad_name),
            stacklevel=2)
    if return_elements is None:
        return None
    return [_return_element(created, r) for r in return_elements]


def _return_element(created, requested):
    if ":" in requested:
        op_name, index, _ = _parse_input(requested)
        op = created.get(op_name)
        if op is None or index >= len(op._outputs):
            raise ValueError("Requested return tensor '%s' not found in graph def" % requested)
        return op._outputs[index]
    op = created.get(requested)
    if op is None:
        raise ValueError("Requested return node '%s' not found in graph def" % requested)
    return op


def _resolve_inputs(node, created, by_name, input_map, used_map_keys, final_name):
    inputs, controls = [], []
    for i, inp in enumerate(node.input):
        src, index, is_control = _parse_input(inp)
        key = "^" + src if is_control else "%s:%d" % (src, index)
        mapped = input_map.get(key)
        if mapped is not None:
            used_map_keys.add(key)
            if is_control:
                controls.append(mapped.op if isinstance(mapped, Tensor) else mapped)
                continue
            if not isinstance(mapped, Tensor):
                raise TypeError("input_map maps '%s' to %r, which is not a Tensor." % (key, mapped))
            original = created.get(src)
            if original is not None and index < len(original._outputs):
                want = original._outputs[index]._dtype
                if mapped._dtype.base_dtype is not want.base_dtype:
                    raise ValueError(
                        "Input %d of node %s was passed %s from %s incompatible with expected %s."
                        % (i, final_name, attr_value.dtype_name(mapped._dtype), mapped.name,
                           attr_value.dtype_name(want)))
            inputs.append(mapped)
            continue
        if src not in created:
            if src in by_name:  # only reachable through a cycle, which _order_nodes refuses
                raise ValueError("Node '%s': input '%s' is not yet imported" % (node.name, inp))
            raise ValueError("Node '%s': Unknown input node '%s'" % (node.name, inp))
        producer = created[src]
        if is_control:
            controls.append(producer)
            continue
        if index >= len(producer._outputs):
            raise ValueError("Node '%s': Connecting to invalid output %d of source node %s "
                             "which has %d outputs." % (node.name, index, src,
                                                        len(producer._outputs)))
        inputs.append(producer._outputs[index])
    return inputs, controls


def _import_node(graph, node, prefix, created, by_name, input_map, used_map_keys):
    try:
        op_def = get_op_def(node.op)
    except ValueError:
        raise ValueError(
            "Cannot import node '%s': op type '%s' is not registered in interflow (Op type not "
            "registered '%s'). interflow implements a subset of TensorFlow's ops; this graph "
            "needs one it does not have." % (node.name, node.op, node.op)) from None
    # The prefix already holds any enclosing name scope; TF renames clashing nodes 'x_1'.
    final_name = _unique_at_root(graph, prefix + node.name)
    inputs, controls = _resolve_inputs(node, created, by_name, input_map, used_map_keys,
                                       final_name)
    attrs = {}
    output_shapes = None
    for key in node.attr:
        try:
            value = attr_value.from_attr_value(node.attr[key])
        except attr_value.UnsupportedAttr as e:
            raise ValueError("Cannot import node '%s' (op %s): attr '%s': %s"
                             % (node.name, node.op, key, e)) from None
        if key == "_output_shapes":
            output_shapes = value
        else:
            attrs[key] = value
    for key in op_def.kernel_attrs:
        if key not in attrs:
            default = _TF_OP_ATTR_DEFAULTS.get((node.op, key), _TF_ATTR_DEFAULTS.get(key, attrs))
            if default is attrs:
                raise ValueError("Cannot import node '%s' (op %s): it has no attr '%s', which "
                                 "interflow's kernel needs." % (node.name, node.op, key))
            attrs[key] = default
    if op_def.type_attr and op_def.type_attr not in attrs and inputs:
        first = inputs[op_def.same_dtype[0]] if op_def.same_dtype else inputs[0]
        attrs[op_def.type_attr] = first._dtype.base_dtype
    op = Operation(graph, final_name, node.op, inputs, attrs, op_def, control_inputs=controls)
    try:
        _make_outputs(op, op_def)
    except (ValueError, KeyError, TypeError) as e:
        raise ValueError("Cannot import node '%s' (op %s): %s" % (node.name, node.op, e)) \
            from None
    graph._register_op(op)
    for c in controls:
        if c not in op._control_inputs:
            op._control_inputs.append(c)
            c._control_outputs.append(op)
    if node.device:
        op._device = device_lib.merge(op._device, node.device) if op._device else \
            device_lib.canonical(node.device)
    if output_shapes and len(output_shapes) == len(op._outputs):
        for t, shape in zip(op._outputs, output_shapes):
            if isinstance(shape, TensorShape) and t._shape.is_compatible_with(shape):
                t._shape = t._shape.merge_with(shape)
    return op


def _unique_at_root(graph, name):
    state = graph._state
    old = state.name_stack
    state.name_stack = ""
    try:
        return graph.unique_name(name)
    finally:
        state.name_stack = old
