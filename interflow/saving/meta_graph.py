"""MetaGraphDef export and import: the graph plus its collections (variables as VariableDef,
ops and tensors by name, numbers, strings) and a Saver's SaverDef, in TF's schema."""

import os
import warnings

from interflow.framework.graph import GraphKeys, get_default_graph
from interflow.framework.operation import Operation, Tensor
from interflow.saving import graph_def as graph_def_lib
from interflow.saving.checkpoint import atomic_write
from interflow.saving.protos import proto_module

__all__ = ["register_proto_function", "export_scoped_meta_graph", "read_meta_graph_file",
           "import_scoped_meta_graph", "write_proto"]

_UNBOUND_INPUT_PREFIX = "$unbound_inputs_"
_VARIABLE_COLLECTIONS = frozenset([
    GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES,
    GraphKeys.MODEL_VARIABLES, GraphKeys.TRAINABLE_VARIABLES,
    GraphKeys.MOVING_AVERAGE_VARIABLES, GraphKeys.CONCATENATED_VARIABLES,
    GraphKeys.TRAINABLE_RESOURCE_VARIABLES])

# collection key -> (proto module, message name, to_proto(obj, export_scope), from_proto(proto,
# import_scope)), as TF's ops.register_proto_function.
_PROTO_FUNCTIONS = {}


def register_proto_function(key, module, message, to_proto, from_proto):
    """Items of collection `key` are written as `message` protos (bytes_list) and rebuilt by
    `from_proto` on import."""
    _PROTO_FUNCTIONS[key] = (module, message, to_proto, from_proto)


def _variable_to_proto(var, export_scope=None):
    fields = var.to_proto(export_scope=export_scope)
    proto = proto_module("variable_pb2").VariableDef()
    for key in ("variable_name", "initial_value_name", "initializer_name", "snapshot_name"):
        if fields.get(key):
            setattr(proto, key, fields[key])
    proto.trainable = bool(fields.get("trainable", True))
    return proto


def _variable_from_proto(proto, import_scope=None):
    from interflow.variables import Variable
    fields = {"variable_name": proto.variable_name, "initializer_name": proto.initializer_name,
              "snapshot_name": proto.snapshot_name,
              "initial_value_name": proto.initial_value_name, "trainable": proto.trainable}
    return Variable(variable_def=fields, import_scope=import_scope or None)


for _key in _VARIABLE_COLLECTIONS:
    register_proto_function(_key, "variable_pb2", "VariableDef", _variable_to_proto,
                            _variable_from_proto)


def _strip_scope(name, scope):
    if not scope:
        return name
    prefix = scope.rstrip("/") + "/"
    if name.startswith("^"):
        return "^" + _strip_scope(name[1:], scope)
    return name[len(prefix):] if name.startswith(prefix) else name


def _prepend_scope(name, scope):
    if not scope:
        return name
    scope = scope.rstrip("/")
    if name.startswith("^"):
        return "^%s/%s" % (scope, name[1:])
    return "%s/%s" % (scope, name)


def _in_scope(name, scope):
    return not scope or name.lstrip("^").startswith(scope.rstrip("/") + "/")


def _kind(item):
    if isinstance(item, (str, bytes)):
        return "bytes_list"
    if isinstance(item, bool):
        return None
    if isinstance(item, int):
        return "int64_list"
    if isinstance(item, float):
        return "float_list"
    if isinstance(item, (Tensor, Operation)) or (
            hasattr(item, "name") and hasattr(item, "graph") and hasattr(item, "op")):
        return "node_list"
    return None


def _warn_collection(key, why):
    warnings.warn(
        "Collection '%s' cannot be written to the meta graph and is left out: %s. (TF logs "
        "\"Issue encountered when serializing %s\" for the same reason; a program that imports "
        "the meta graph will not find this collection.)" % (key, why, key), stacklevel=4)


def _add_collection_def(meta_graph_def, graph, key, export_scope):
    if not isinstance(key, str):
        warnings.warn("Only collections with string keys are written to meta graphs; "
                      "collection %r is left out." % (key,), stacklevel=3)
        return
    items = [x for x in graph.get_collection(key)
             if not hasattr(x, "name") or not isinstance(x.name, str)
             or _in_scope(x.name, export_scope)]
    if not items:
        return
    col_def = meta_graph_def.collection_def[key]
    registered = _PROTO_FUNCTIONS.get(key)
    try:
        if registered is not None:
            _, _, to_proto, _ = registered
            for x in items:
                proto = to_proto(x, export_scope=export_scope)
                if proto is not None:
                    col_def.bytes_list.value.append(proto.SerializeToString())
            return
        kinds = set(_kind(x) for x in items)
        if len(kinds) != 1 or None in kinds:
            types = sorted(set(type(x).__name__ for x in items))
            raise TypeError("its items (%s) are not all ops/tensors, all ints, all floats or "
                            "all strings" % ", ".join(types))
        kind = kinds.pop()
        if kind == "node_list":
            col_def.node_list.value.extend(_strip_scope(x.name, export_scope) for x in items)
        elif kind == "bytes_list":
            col_def.bytes_list.value.extend(
                x if isinstance(x, bytes) else x.encode("utf-8") for x in items)
        else:
            getattr(col_def, kind).value.extend(items)
    except Exception as e:  # noqa: BLE001  any failure leaves the collection out, loudly
        del meta_graph_def.collection_def[key]
        _warn_collection(key, e)


def _scoped_graph_def(graph, export_scope, clear_devices, graph_def=None):
    full = graph_def if graph_def is not None else graph.as_graph_def(add_shapes=True)
    if not export_scope and not clear_devices:
        return full, []
    gd = graph_def_lib.graph_def_class()()
    gd.versions.CopyFrom(full.versions)
    unbound = []
    for node in full.node:
        if not _in_scope(node.name, export_scope):
            continue
        new = gd.node.add()
        new.CopyFrom(node)
        new.name = _strip_scope(node.name, export_scope)
        del new.input[:]
        for inp in node.input:
            if _in_scope(inp, export_scope):
                new.input.append(_strip_scope(inp, export_scope))
            else:
                marked = ("^" + _UNBOUND_INPUT_PREFIX + inp[1:]) if inp.startswith("^") \
                    else _UNBOUND_INPUT_PREFIX + inp
                new.input.append(marked)
                unbound.append(marked)
        if clear_devices:
            new.device = ""
    return gd, unbound


def _warn_lost_python_state(graph):
    overridden = {}
    for op in graph.get_operations():
        name = op._attrs.get("_gradient_op_type")
        if isinstance(name, str):
            overridden.setdefault(name, []).append(op.name)
    for name, ops in sorted(overridden.items()):
        warnings.warn(
            "Op(s) %s use the gradient registered as '%s' (tf.gradient_override_map). The meta "
            "graph records that name, not the Python gradient function: a program importing it "
            "must run @tf.RegisterGradient('%s') again before tf.gradients can differentiate "
            "through these ops." % (", ".join(ops[:5]) + (" ..." if len(ops) > 5 else ""),
                                    name, name), stacklevel=4)
    for var in graph.get_collection(GraphKeys.GLOBAL_VARIABLES):
        if getattr(var, "constraint", None) is not None:
            warnings.warn("Variable '%s' has a constraint (a Python function), which the meta "
                          "graph cannot hold; the imported Variable has none."
                          % var.op.name, stacklevel=4)


def export_scoped_meta_graph(filename=None, meta_info_def=None, graph_def=None, saver_def=None,
                             collection_list=None, as_text=False, graph=None, export_scope=None,
                             clear_devices=False, clear_extraneous_savers=False,
                             strip_default_attrs=False, **kwargs):
    """A MetaGraphDef of `graph` (default: the default graph), written to `filename` if given.

    Returns:
      (MetaGraphDef, {name: Variable} of the exported variables).
    """
    del clear_extraneous_savers, strip_default_attrs, kwargs  # accepted for compatibility
    graph = graph or get_default_graph()
    export_scope = export_scope.rstrip("/") if export_scope else None
    meta_pb2 = proto_module("meta_graph_pb2")
    mgd = meta_pb2.MetaGraphDef()
    if meta_info_def is not None:
        mgd.meta_info_def.MergeFrom(meta_info_def)
    from interflow import __version__
    mgd.meta_info_def.tensorflow_version = "1.15.0"  # the TF1 API interflow implements
    mgd.meta_info_def.tensorflow_git_version = "interflow-%s" % __version__
    gd, unbound = _scoped_graph_def(graph, export_scope, clear_devices, graph_def)
    mgd.graph_def.CopyFrom(gd)
    if saver_def is not None:
        # interflow's SaverDef object converts itself; a protobuf SaverDef is copied as is.
        mgd.saver_def.CopyFrom(saver_def.to_proto() if hasattr(saver_def, "to_proto")
                               else saver_def)
    if unbound:
        mgd.collection_def["unbound_inputs"].bytes_list.value.extend(
            u.encode("utf-8") for u in unbound)
    keys = collection_list if collection_list is not None else graph.get_all_collection_keys()
    for key in keys:
        if key == "unbound_inputs" and unbound:
            continue
        _add_collection_def(mgd, graph, key, export_scope)
    _warn_lost_python_state(graph)
    variables = {}
    for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES):
        if _in_scope(v.name, export_scope):
            variables[_strip_scope(v.name, export_scope)] = v
    if filename:
        write_proto(mgd, filename, as_text)
    return mgd, variables


def write_proto(message, path, as_text=False):
    """Writes a protobuf message to `path` atomically (text format when `as_text`)."""
    if as_text:
        from google.protobuf import text_format
        data = text_format.MessageToString(message).encode("utf-8")
    else:
        data = message.SerializeToString(deterministic=True)
    directory = os.path.dirname(path)
    if directory:
        os.makedirs(directory, exist_ok=True)
    atomic_write(path, lambda f: f.write(data))
    return path


def read_meta_graph_file(filename):
    """The MetaGraphDef in `filename` (binary, else text format).

    Raises:
      IOError: if the file does not exist or cannot be parsed.
    """
    mgd = proto_module("meta_graph_pb2").MetaGraphDef()
    if not os.path.isfile(filename):
        raise IOError("File does not exist. Received: %s." % filename)
    with open(filename, "rb") as f:
        content = f.read()
    try:
        mgd.ParseFromString(content)
        return mgd
    except Exception:  # noqa: BLE001  not binary: try the text format below
        pass
    from google.protobuf import text_format
    try:
        text_format.Merge(content.decode("utf-8"), mgd)
    except (text_format.ParseError, UnicodeDecodeError) as e:
        raise IOError("Cannot parse file %s: %s." % (filename, e)) from None
    return mgd


def import_scoped_meta_graph(meta_graph_or_file, clear_devices=False, graph=None,
                             import_scope=None, input_map=None,
                             unbound_inputs_col_name="unbound_inputs",
                             restore_collections_predicate=(lambda key: True),
                             return_elements=None):
    """Imports a MetaGraphDef's graph and collections into `graph` (default: the default graph).

    Returns:
      ({name: Variable} of the imported global variables, the requested return elements).
    """
    if hasattr(meta_graph_or_file, "graph_def") and hasattr(meta_graph_or_file,
                                                            "collection_def"):
        mgd = meta_graph_or_file
    else:
        mgd = read_meta_graph_file(os.fspath(meta_graph_or_file))
    if unbound_inputs_col_name and unbound_inputs_col_name in mgd.collection_def:
        col = mgd.collection_def[unbound_inputs_col_name]
        values = [v.decode("utf-8") for v in col.bytes_list.value]
        if values and (not input_map or sorted(values) != sorted(input_map)):
            raise ValueError("Graph contains unbound inputs: %s. Must provide these inputs "
                             "through input_map." % ",".join(
                                 v for v in values if not input_map or v not in input_map))
    graph = graph or get_default_graph()
    with graph.as_default():
        gd = mgd.graph_def
        if clear_devices:
            gd = graph_def_lib.graph_def_class()()
            gd.CopyFrom(mgd.graph_def)
            for node in gd.node:
                node.device = ""
        scope = graph.unique_name(import_scope or "", mark_as_used=False)
        returned = graph_def_lib.import_graph_def(gd, name=import_scope or scope,
                                                  input_map=input_map,
                                                  return_elements=return_elements)
        _restore_collections(graph, mgd, scope, unbound_inputs_col_name,
                             restore_collections_predicate)
        variables = {}
        for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES, scope=scope or None):
            variables[_strip_scope(v.name, scope)] = v
    return variables, returned


def _restore_collections(graph, mgd, scope, unbound_inputs_col_name, predicate):
    keys = sorted(mgd.collection_def)
    if GraphKeys.TRAINABLE_VARIABLES in keys:
        keys.remove(GraphKeys.TRAINABLE_VARIABLES)
        keys.insert(0, GraphKeys.TRAINABLE_VARIABLES)
    variable_objects = {}
    for key in keys:
        if key == unbound_inputs_col_name or not predicate(key):
            continue
        col_def = mgd.collection_def[key]
        kind = col_def.WhichOneof("kind")
        if kind is None:
            warnings.warn("Cannot identify data type for collection %s. Skipping." % key,
                          stacklevel=3)
            continue
        registered = _PROTO_FUNCTIONS.get(key)
        if registered is not None and kind == "bytes_list":
            module, message, _, from_proto = registered
            cls = getattr(proto_module(module), message)
            for value in col_def.bytes_list.value:
                obj = variable_objects.get(value) if key in _VARIABLE_COLLECTIONS else None
                if obj is None:
                    proto = cls()
                    proto.ParseFromString(value)
                    obj = from_proto(proto, import_scope=scope)
                    if key in _VARIABLE_COLLECTIONS:
                        variable_objects[value] = obj
                graph.add_to_collection(key, obj)
        elif kind == "node_list":
            for value in col_def.node_list.value:
                graph.add_to_collection(key, graph.as_graph_element(_prepend_scope(value, scope)))
        elif kind == "int64_list":
            for value in col_def.int64_list.value:
                graph.add_to_collection(key, int(value))
        elif kind == "float_list":
            for value in col_def.float_list.value:
                graph.add_to_collection(key, float(value))
        elif kind == "bytes_list":
            for value in col_def.bytes_list.value:
                graph.add_to_collection(key, value)
        else:
            warnings.warn("Collection %s holds %s items, which interflow cannot rebuild; it is "
                          "skipped." % (key, kind), stacklevel=3)
