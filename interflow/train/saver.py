"""tf.train.Saver and the checkpoint helpers of tf.train (latest_checkpoint, list_variables, ...).

The Saver adds TF's ops to the graph (save/Const, save/SaveV2, save/control_dependency,
save/RestoreV2, save/Assign..., save/restore_all), named as TF names them so that its SaverDef
means the same in a meta graph. The file I/O happens in the SaveV2 / RestoreV2 kernels, which get
the path through the save/Const feed: `sess.run(saver_def.restore_op_name,
{saver_def.filename_tensor_name: path})` works as in TF. Checkpoint files use interflow's own
format (interflow/saving/checkpoint.py), not TF's: TensorFlow cannot read them, nor can interflow
read TensorFlow's.
"""

import os
import time
import warnings

import numpy as np

from interflow.framework import errors
from interflow.framework.graph import GraphKeys, get_default_graph
from interflow.framework.operation import Tensor
from interflow.framework.tensor_conversion import constant
from interflow.framework.op_registry import apply_op
from interflow.framework.shapes import TensorShape
from interflow.ops import control_flow_ops, state_ops
from interflow.saving import checkpoint as ckpt_lib
from interflow.saving import io_ops
from interflow.saving import meta_graph as meta_graph_lib
from interflow.saving.graph_io import write_graph
from interflow.saving.protos import proto_module
from interflow.train import training_util
from interflow.variables import Variable

__all__ = ["Saver", "SaverDef", "latest_checkpoint", "get_checkpoint_state",
           "update_checkpoint_state", "generate_checkpoint_state_proto", "checkpoint_exists",
           "get_checkpoint_mtimes", "remove_checkpoint", "list_variables", "load_variable",
           "load_checkpoint", "NewCheckpointReader", "export_meta_graph", "import_meta_graph",
           "write_graph", "CheckpointState"]

CheckpointState = ckpt_lib.CheckpointState


class SaverDef:
    """TF's SaverDef as a plain object (protobuf is only needed to write it to a meta graph)."""

    LEGACY = 0
    V1 = 1
    V2 = 2

    def __init__(self, filename_tensor_name="", save_tensor_name="", restore_op_name="",
                 max_to_keep=0, sharded=False, keep_checkpoint_every_n_hours=0.0, version=2):
        self.filename_tensor_name = filename_tensor_name
        self.save_tensor_name = save_tensor_name
        self.restore_op_name = restore_op_name
        self.max_to_keep = max_to_keep
        self.sharded = sharded
        self.keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self.version = version

    _FIELDS = ("filename_tensor_name", "save_tensor_name", "restore_op_name", "max_to_keep",
               "sharded", "keep_checkpoint_every_n_hours", "version")

    def to_proto(self):
        proto = proto_module("saver_pb2").SaverDef()
        for field in self._FIELDS:
            setattr(proto, field, getattr(self, field))
        return proto

    @classmethod
    def from_proto(cls, proto):
        """A copy of a SaverDef (this class or the protobuf)."""
        return cls(**{f: getattr(proto, f) for f in cls._FIELDS})

    def SerializeToString(self):
        return self.to_proto().SerializeToString()

    def __str__(self):
        return "".join("%s: %r\n" % (f, getattr(self, f)) for f in self._FIELDS)

    __repr__ = __str__


def _prepend_scope(name, scope):
    scope = scope.rstrip("/") if scope else ""
    return "%s/%s" % (scope, name) if scope else name


def _strip_scope(name, scope):
    scope = scope.rstrip("/") + "/" if scope else ""
    return name[len(scope):] if scope and name.startswith(scope) else name


def _var_name(v):
    if isinstance(v, Variable):
        return v.op.name
    if isinstance(v, Tensor) and v.dtype.is_ref_dtype:
        return v.op.name
    raise TypeError("Variable to save is not a Variable: %s" % (v,))


def _op_list_to_dict(var_list):
    """{checkpoint key: Variable}, keyed by each variable's op name for lists, as TF."""
    if isinstance(var_list, dict):
        result = {}
        seen = {}
        for name, var in sorted(var_list.items(), key=lambda kv: kv[0]):
            if not isinstance(var, (Variable, Tensor)):
                raise TypeError("Variable to save is not a Variable: %s" % (var,))
            if id(var) in seen:
                raise ValueError("The same saveable will be restored with two names: %s" % name)
            seen[id(var)] = name
            result[name] = var
        return result
    if not isinstance(var_list, (list, tuple, set)):
        raise TypeError("Variables to save should be passed in a dict or a list. Got %s"
                        % (var_list,))
    result = {}
    for var in var_list:
        name = _var_name(var)
        if name in result:
            raise ValueError("At least two variables have the same name: %s" % name)
        result[name] = var
    return dict(sorted(result.items()))


def _ref(var):
    return var._ref() if isinstance(var, Variable) else var


def _wrap_restore_error(err, extra):
    message = ("Restoring from checkpoint failed. This is most likely due to %s from the "
               "checkpoint. Please ensure that you have not altered the graph expected based on "
               "the checkpoint. Original error:\n\n%s" % (extra, err.message))
    return type(err)(err.node_def, err.op, message)


class Saver:
    """Saves and restores variables (tf.train.Saver).

    Args:
      var_list: the variables to save: None (all global variables, keyed by op name), a list
        (keyed by op name), or a dict {checkpoint key: variable}.
      max_to_keep: how many recent checkpoints to keep (older files are deleted); None or 0
        keeps all.
      keep_checkpoint_every_n_hours: also keep one checkpoint per this many hours.
      name: the name scope of the save/restore ops (default "save").
      allow_empty: with no variables, make a Saver that does nothing instead of raising.
      saver_def: rebuild a Saver from a SaverDef (import_meta_graph does this).
      sharded, restore_sequentially, builder, write_version, pad_step_number,
      save_relative_paths, filename: as in TF (interflow always writes one file per
        checkpoint).
    """

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False,
                 saver_def=None, builder=None, defer_build=False, allow_empty=False,
                 write_version=SaverDef.V2, pad_step_number=False, save_relative_paths=False,
                 filename=None):
        if defer_build and var_list:
            raise ValueError("If `var_list` is provided then build cannot be deferred. Either "
                             "set defer_build=False or var_list=None.")
        if reshape:
            raise NotImplementedError("Saver(reshape=True) is not supported by interflow: "
                                      "restore into variables of the saved shapes.")
        self._var_list = var_list
        self._sharded = sharded
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._name = name
        self._filename = filename
        self._allow_empty = allow_empty
        self._is_empty = None
        self._is_built = False
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._last_checkpoints = []
        self._checkpoints_to_be_deleted = []
        self._graph = None
        self.saver_def = None if saver_def is None else SaverDef.from_proto(saver_def)
        self._write_version = write_version
        if not defer_build:
            self.build()
        if self.saver_def is not None:
            self._write_version = self.saver_def.version

    # ------------------------------------------------------------------ building

    def build(self):
        """Adds the save and restore ops (done by the constructor unless defer_build)."""
        if self._is_built:
            return
        self._is_built = True
        if self.saver_def is None:
            var_list = self._var_list
            if var_list is None:
                graph = get_default_graph()
                var_list = graph.get_collection(GraphKeys.GLOBAL_VARIABLES) + \
                    graph.get_collection(GraphKeys.SAVEABLE_OBJECTS)
            names_to_vars = _op_list_to_dict(var_list)
            if not names_to_vars:
                if self._allow_empty:
                    self._is_empty = True
                    return
                raise ValueError("No variables to save")
            self._is_empty = False
            self.saver_def = self._add_ops(names_to_vars)
        else:
            if self._name:
                # As TF: `name` doubles as the import scope of a SaverDef's names.
                for field in ("filename_tensor_name", "save_tensor_name", "restore_op_name"):
                    setattr(self.saver_def, field, _prepend_scope(getattr(self.saver_def, field),
                                                                  self._name))
            self._is_empty = False
        self._next_checkpoint_time = (time.time() +
                                      self.saver_def.keep_checkpoint_every_n_hours * 3600)

    def _add_ops(self, names_to_vars):
        names = list(names_to_vars)
        refs = [_ref(v) for v in names_to_vars.values()]
        graph = refs[0].graph
        self._graph = graph
        with graph.as_default(), graph.name_scope(self._name or "save"):
            with graph.name_scope("filename") as fscope:
                default = constant(self._filename or "model", name="input")
                filename = apply_op("PlaceholderWithDefault", [default],
                                    {"dtype": default.dtype, "shape": TensorShape([])},
                                    name=fscope)
            # "Const" is kept for backwards compatibility, as TF does.
            filename = apply_op("PlaceholderWithDefault", [filename],
                                {"dtype": filename.dtype, "shape": TensorShape([])},
                                name="Const")
            with graph.name_scope("SaveV2") as sscope:
                tensor_names = constant(names, name="tensor_names")
                slices = constant([""] * len(names), name="shape_and_slices")
                save_op = io_ops.save_v2(filename, tensor_names, slices, refs, name=sscope)
            save_tensor = control_flow_ops.with_dependencies([save_op], filename)
            with graph.device("/cpu:0"), graph.name_scope("RestoreV2") as rscope:
                tensor_names = constant(names, name="tensor_names")
                slices = constant([""] * len(names), name="shape_and_slices")
                restored = io_ops.restore_v2(filename, tensor_names, slices,
                                             [r.dtype.base_dtype for r in refs], name=rscope)
            assigns = []
            for ref, value in zip(refs, restored):
                assigns.append(state_ops.assign(
                    ref, value, validate_shape=ref.shape.is_fully_defined(),
                    use_locking=True, name="Assign").op)
            restore_op = control_flow_ops.group(*assigns, name="restore_all")
        return SaverDef(filename_tensor_name=filename.name,
                        save_tensor_name=save_tensor.name,
                        restore_op_name=restore_op.name,
                        max_to_keep=self._max_to_keep or 0,
                        sharded=False,
                        keep_checkpoint_every_n_hours=self._keep_checkpoint_every_n_hours,
                        version=SaverDef.V2)

    def as_saver_def(self):
        return self.saver_def

    def to_proto(self, export_scope=None):
        """The SaverDef protobuf, with `export_scope` stripped from its names."""
        if export_scope is None:
            return self.saver_def.to_proto()
        fields = ("filename_tensor_name", "save_tensor_name", "restore_op_name")
        if not all(getattr(self.saver_def, f).startswith(export_scope) for f in fields):
            return None
        proto = self.saver_def.to_proto()
        for f in fields:
            setattr(proto, f, _strip_scope(getattr(proto, f), export_scope))
        return proto

    @staticmethod
    def from_proto(saver_def, import_scope=None):
        return Saver(saver_def=saver_def, name=import_scope)

    # ------------------------------------------------------------------ checkpoint bookkeeping

    @property
    def last_checkpoints(self):
        """The not-yet-deleted checkpoint prefixes, oldest first."""
        return [p for p, _ in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints):
        assert isinstance(last_checkpoints, list)
        self._last_checkpoints = [(s, np.inf) for s in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        assert isinstance(last_checkpoints_with_time, list)
        self._last_checkpoints = last_checkpoints_with_time

    def recover_last_checkpoints(self, checkpoint_paths):
        """Rebuilds the list of kept checkpoints (after a restart) from existing files."""
        found = []
        for path in checkpoint_paths:
            mtimes = get_checkpoint_mtimes([path])
            if mtimes:
                found.append((path, mtimes[0]))
        self.set_last_checkpoints_with_time(found)

    def _record_last_checkpoint(self, latest_save_path):
        if not self.saver_def.max_to_keep:
            return
        self._last_checkpoints = [p for p in self._last_checkpoints if p[0] != latest_save_path]
        self._last_checkpoints.append((latest_save_path, time.time()))
        if len(self._last_checkpoints) > self.saver_def.max_to_keep:
            self._checkpoints_to_be_deleted.append(self._last_checkpoints.pop(0))

    def _maybe_delete_old_checkpoints(self, meta_graph_suffix="meta"):
        if self._checkpoints_to_be_deleted:
            path, stamp = self._checkpoints_to_be_deleted.pop(0)
            if stamp > self._next_checkpoint_time:
                self._next_checkpoint_time += self.saver_def.keep_checkpoint_every_n_hours * 3600
                return
            try:
                remove_checkpoint(path, self.saver_def.version, meta_graph_suffix)
            except OSError as e:
                warnings.warn("Ignoring: %s" % e, stacklevel=3)

    # ------------------------------------------------------------------ save / restore

    def save(self, sess, save_path, global_step=None, latest_filename=None,
             meta_graph_suffix="meta", write_meta_graph=True, write_state=True,
             strip_default_attrs=False, save_debug_info=False):
        """Saves the variables' values in `sess` to checkpoint `save_path` (suffixed
        `-<global_step>` when given); returns the checkpoint prefix to pass to restore().

        Also writes `<prefix>.meta` (the meta graph) and the `checkpoint` state file next to
        it, and deletes checkpoints beyond max_to_keep.
        """
        if not self._is_built:
            raise RuntimeError("`build()` should be called before save if defer_build==True")
        if latest_filename is None:
            latest_filename = "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        save_path = os.fspath(save_path)
        if isinstance(save_path, bytes):
            save_path = save_path.decode("utf-8")
        if global_step is not None:
            if not isinstance(global_step, (int, np.integer)):
                global_step = training_util.global_step(sess, global_step)
            if self._pad_step_number:
                checkpoint_file = "%s-%s" % (save_path, "{:08d}".format(int(global_step)))
            else:
                checkpoint_file = "%s-%d" % (save_path, int(global_step))
        else:
            checkpoint_file = save_path
            if os.path.basename(save_path) == latest_filename:
                raise ValueError("'latest_filename' collides with 'save_path': '%s' and '%s'"
                                 % (latest_filename, save_path))
        if not hasattr(sess, "run") or not hasattr(sess, "graph"):
            raise TypeError("'sess' must be a Session; %s" % (sess,))
        save_path_parent = os.path.dirname(save_path)
        model_checkpoint_path = None
        if not self._is_empty:
            try:
                model_checkpoint_path = sess.run(
                    self.saver_def.save_tensor_name,
                    {self.saver_def.filename_tensor_name: checkpoint_file})
            except (errors.FailedPreconditionError, errors.NotFoundError) as exc:
                if not os.path.isdir(save_path_parent or "."):
                    raise ValueError("Parent directory of {} doesn't exist, can't save."
                                     .format(save_path)) from None
                raise
            if isinstance(model_checkpoint_path, bytes):
                model_checkpoint_path = model_checkpoint_path.decode("utf-8")
            if write_state:
                self._record_last_checkpoint(model_checkpoint_path)
                update_checkpoint_state_internal(
                    save_dir=save_path_parent, model_checkpoint_path=model_checkpoint_path,
                    all_model_checkpoint_paths=self.last_checkpoints,
                    latest_filename=latest_filename,
                    save_relative_paths=self._save_relative_paths)
                self._maybe_delete_old_checkpoints(meta_graph_suffix=meta_graph_suffix)
        if write_meta_graph:
            meta_file = meta_graph_filename(checkpoint_file, meta_graph_suffix)
            try:
                with sess.graph.as_default():
                    self.export_meta_graph(meta_file, strip_default_attrs=strip_default_attrs)
            except ImportError as e:
                warnings.warn("The checkpoint was saved, but not its meta graph %s: %s"
                              % (meta_file, e), stacklevel=2)
        return model_checkpoint_path

    def export_meta_graph(self, filename=None, collection_list=None, as_text=False,
                          export_scope=None, clear_devices=False,
                          clear_extraneous_savers=False, strip_default_attrs=False,
                          save_debug_info=False):
        """Writes the default graph's MetaGraphDef, with this Saver's SaverDef, to `filename`."""
        return export_meta_graph(filename=filename, saver_def=self.saver_def,
                                 collection_list=collection_list, as_text=as_text,
                                 export_scope=export_scope, clear_devices=clear_devices,
                                 clear_extraneous_savers=clear_extraneous_savers,
                                 strip_default_attrs=strip_default_attrs)

    def restore(self, sess, save_path):
        """Restores the variables from checkpoint `save_path` (which need not be initialized).

        Everything is checked against the checkpoint first (names, dtypes, shapes): when
        anything does not match, the error names the variable and nothing in `sess` changes.

        Raises:
          ValueError: `save_path` is None or not a checkpoint.
          NotFoundError: a variable's key is missing from the checkpoint.
          InvalidArgumentError: a variable's dtype or shape differs from the checkpoint's.
          DataLossError: the checkpoint file is truncated or corrupt.
        """
        if self._is_empty:
            return
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        save_path = os.fspath(save_path)
        if isinstance(save_path, bytes):
            save_path = save_path.decode("utf-8")
        if not ckpt_lib.checkpoint_exists(save_path):
            if os.path.isfile(save_path + ".index"):
                raise ValueError(
                    "The passed save_path is not a valid checkpoint: %s (it is a TensorFlow "
                    "checkpoint; interflow reads only its own format, %s files)"
                    % (save_path, ckpt_lib.SUFFIX))
            raise ValueError("The passed save_path is not a valid checkpoint: " + save_path)
        try:
            self._check_against_checkpoint(sess.graph, save_path)
            sess.run(self.saver_def.restore_op_name,
                     {self.saver_def.filename_tensor_name: save_path})
        except errors.NotFoundError as err:
            raise _wrap_restore_error(
                err, "a Variable name or other graph key that is missing") from None
        except errors.InvalidArgumentError as err:
            raise _wrap_restore_error(
                err, "a mismatch between the current graph and the graph") from None

    def _check_against_checkpoint(self, graph, save_path):
        """Raises before anything is assigned if a variable does not match the checkpoint."""
        entries = restore_entries(graph, self.saver_def.restore_op_name)
        with ckpt_lib.CheckpointReader(save_path) as reader:
            for key, assign in entries:
                var_op = assign.inputs[0].op
                dtype, shape = reader.entry(key)
                want = var_op._attrs.get("dtype")
                if want is not None and want.base_dtype is not dtype:
                    raise errors.InvalidArgumentError(
                        None, assign, "tensor_name = %s; expected dtype %s does not equal "
                        "original dtype %s (variable '%s')" % (
                            key, _tf_dtype(want), _tf_dtype(dtype), var_op.name))
                var_shape = var_op._attrs.get("shape", TensorShape(None))
                if assign._attrs.get("validate_shape", True) and \
                        not var_shape.is_compatible_with(shape):
                    raise errors.InvalidArgumentError(
                        None, assign, "Assign requires shapes of both tensors to match. lhs "
                        "shape= %s rhs shape= %s (variable '%s' has shape %s; checkpoint key "
                        "'%s' holds shape %s)" % (
                            _shape_text(var_shape), _shape_text(shape), var_op.name,
                            _shape_text(var_shape), key, _shape_text(shape)))


def _tf_dtype(dtype):
    return {"float32": "float", "float64": "double", "float16": "half"}.get(
        dtype.base_dtype.name, dtype.base_dtype.name)


def _shape_text(shape):
    shape = shape if isinstance(shape, TensorShape) else TensorShape(shape)
    if shape.ndims is None:
        return "<unknown>"
    return "[%s]" % ",".join("?" if d is None else str(d) for d in shape.as_list())


def restore_entries(graph, restore_op_name):
    """[(checkpoint key, Assign op)] a restore op runs: found by walking its control inputs to
    the Assign ops fed by RestoreV2 (so it works for imported savers too)."""
    root = graph.as_graph_element(restore_op_name)
    root = root.op if isinstance(root, Tensor) else root
    entries, seen, stack = [], set(), [root]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type == "Assign" and len(op.inputs) == 2 and op.inputs[1].op.type == "RestoreV2":
            restore = op.inputs[1].op
            names_op = restore.inputs[1].op
            if names_op.type == "Const":
                names = [n.decode() if isinstance(n, bytes) else str(n)
                         for n in names_op._attrs["value"].reshape(-1)]
                entries.append((names[op.inputs[1].value_index], op))
            continue
        stack.extend(op.control_inputs)
    return entries


# ----------------------------------------------------------------------------- checkpoint files


def meta_graph_filename(checkpoint_filename, meta_graph_suffix="meta"):
    import re
    basename = re.sub(r"-[\d\?]+-of-\d+$", "", checkpoint_filename)
    return ".".join([basename, meta_graph_suffix])


def checkpoint_exists(checkpoint_prefix):
    """True if an interflow checkpoint with this prefix exists."""
    return ckpt_lib.checkpoint_exists(os.fspath(checkpoint_prefix))


def get_checkpoint_mtimes(checkpoint_prefixes):
    result = []
    for prefix in checkpoint_prefixes:
        path = ckpt_lib.data_path(prefix)
        if os.path.isfile(path):
            result.append(os.stat(path).st_mtime_ns / 1e9)
    return result


def remove_checkpoint(checkpoint_prefix, checkpoint_format_version=SaverDef.V2,
                      meta_graph_suffix="meta"):
    """Deletes the files of checkpoint `checkpoint_prefix` (values and meta graph)."""
    for path in (meta_graph_filename(checkpoint_prefix, meta_graph_suffix),
                 ckpt_lib.data_path(checkpoint_prefix)):
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def _state_filename(save_dir, latest_filename):
    return os.path.join(save_dir, latest_filename or "checkpoint")


def generate_checkpoint_state_proto(save_dir, model_checkpoint_path,
                                    all_model_checkpoint_paths=None,
                                    all_model_checkpoint_timestamps=None,
                                    last_preserved_timestamp=None):
    """A CheckpointState with paths relative to `save_dir` when it is relative, as TF."""
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    if all_model_checkpoint_timestamps and len(all_model_checkpoint_timestamps) != len(paths):
        raise ValueError("Checkpoint timestamps, if provided, must match checkpoint paths (got "
                         "paths %s and timestamps %s)" % (paths,
                                                          all_model_checkpoint_timestamps))
    if not os.path.isabs(save_dir):
        if not os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        paths = [p if os.path.isabs(p) else os.path.relpath(p, save_dir) for p in paths]
    return CheckpointState(model_checkpoint_path, paths,
                           all_model_checkpoint_timestamps or (),
                           last_preserved_timestamp or 0.0)


def update_checkpoint_state_internal(save_dir, model_checkpoint_path,
                                     all_model_checkpoint_paths=None, latest_filename=None,
                                     save_relative_paths=False,
                                     all_model_checkpoint_timestamps=None,
                                     last_preserved_timestamp=None):
    """Writes the `checkpoint` state file in `save_dir` (atomically)."""
    filename = _state_filename(save_dir, latest_filename)
    all_paths = list(all_model_checkpoint_paths or [])
    if save_relative_paths:
        model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir) \
            if os.path.isabs(model_checkpoint_path) else model_checkpoint_path
        all_paths = [os.path.relpath(p, save_dir) if os.path.isabs(p) else p for p in all_paths]
    state = generate_checkpoint_state_proto(save_dir, model_checkpoint_path, all_paths,
                                            all_model_checkpoint_timestamps,
                                            last_preserved_timestamp)
    if filename == state.model_checkpoint_path:
        raise RuntimeError("Save path '%s' conflicts with path used for checkpoint state.  "
                           "Please use a different save path." % model_checkpoint_path)
    ckpt_lib.write_checkpoint_state(filename, state)


def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                            latest_filename=None, all_model_checkpoint_timestamps=None,
                            last_preserved_timestamp=None):
    update_checkpoint_state_internal(save_dir, model_checkpoint_path,
                                     all_model_checkpoint_paths, latest_filename, False,
                                     all_model_checkpoint_timestamps, last_preserved_timestamp)


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The CheckpointState of `checkpoint_dir` (model_checkpoint_path,
    all_model_checkpoint_paths), or None when it has no state file."""
    checkpoint_dir = os.fspath(checkpoint_dir)
    filename = _state_filename(checkpoint_dir, latest_filename)
    try:
        state = ckpt_lib.read_checkpoint_state(filename)
    except (ValueError, UnicodeDecodeError, OSError) as e:
        warnings.warn("%s: %s\n%s: Checkpoint ignored" % (type(e).__name__, e, filename),
                      stacklevel=2)
        return None
    if state is None:
        return None
    if not state.model_checkpoint_path:
        raise ValueError("Invalid checkpoint state loaded from " + checkpoint_dir)
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [
        p if os.path.isabs(p) else os.path.join(checkpoint_dir, p)
        for p in state.all_model_checkpoint_paths]
    return state


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest checkpoint in `checkpoint_dir`, or None."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state and state.model_checkpoint_path:
        # As TF, which also accepts a prefix that exists itself (its V1 format's rule).
        if ckpt_lib.checkpoint_exists(state.model_checkpoint_path) or \
                os.path.exists(state.model_checkpoint_path):
            return state.model_checkpoint_path
        warnings.warn("Couldn't match files for checkpoint %s" % state.model_checkpoint_path,
                      stacklevel=2)
    return None


def NewCheckpointReader(filepattern):
    """A reader of checkpoint `filepattern` (get_tensor, get_variable_to_shape_map, ...)."""
    return ckpt_lib.CheckpointReader(os.fspath(filepattern))


def load_checkpoint(ckpt_dir_or_file):
    """A CheckpointReader for a checkpoint prefix, or the latest checkpoint of a directory."""
    path = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(path):
        latest = latest_checkpoint(path)
        if latest is None:
            raise ValueError("Couldn't find 'checkpoint' file or checkpoints in given directory "
                             "%s" % path)
        path = latest
    return NewCheckpointReader(path)


def list_variables(ckpt_dir_or_file):
    """[(name, shape)] of the tensors in a checkpoint, sorted by name."""
    with load_checkpoint(ckpt_dir_or_file) as reader:
        shapes = reader.get_variable_to_shape_map()
    return [(name, shapes[name]) for name in sorted(shapes)]


def load_variable(ckpt_dir_or_file, name):
    """The saved value of `name` ("theta" or "theta:0")."""
    if name.endswith(":0"):
        name = name[:-2]
    with load_checkpoint(ckpt_dir_or_file) as reader:
        value = reader.get_tensor(name)
    return value[()] if value.ndim == 0 else value


# ----------------------------------------------------------------------------- meta graphs


def export_meta_graph(filename=None, meta_info_def=None, graph_def=None, saver_def=None,
                      collection_list=None, as_text=False, graph=None, export_scope=None,
                      clear_devices=False, clear_extraneous_savers=False,
                      strip_default_attrs=False, save_debug_info=False, **kwargs):
    """The MetaGraphDef of `graph` (default graph): graph, collections, and `saver_def`;
    written to `filename` when given."""
    mgd, _ = meta_graph_lib.export_scoped_meta_graph(
        filename=filename, meta_info_def=meta_info_def, graph_def=graph_def,
        saver_def=saver_def, collection_list=collection_list, as_text=as_text, graph=graph,
        export_scope=export_scope, clear_devices=clear_devices,
        clear_extraneous_savers=clear_extraneous_savers,
        strip_default_attrs=strip_default_attrs, **kwargs)
    return mgd


def import_meta_graph(meta_graph_or_file, clear_devices=False, import_scope=None, **kwargs):
    """Rebuilds the graph and collections of a meta graph (file or MetaGraphDef) in the default
    graph and returns a Saver for its variables (None when it has none)."""
    mgd = meta_graph_or_file
    if not (hasattr(mgd, "graph_def") and hasattr(mgd, "collection_def")):
        mgd = meta_graph_lib.read_meta_graph_file(os.fspath(meta_graph_or_file))
    imported_vars, _ = meta_graph_lib.import_scoped_meta_graph(
        mgd, clear_devices=clear_devices, import_scope=import_scope, **kwargs)
    if mgd.HasField("saver_def"):
        scope = import_scope
        if imported_vars:
            key, var = next(iter(imported_vars.items()))
            scope = var.name[:-len(key)]
        return Saver(saver_def=mgd.saver_def, name=scope)
    graph = get_default_graph()
    if graph.get_collection(GraphKeys.GLOBAL_VARIABLES, scope=import_scope) or \
            graph.get_collection(GraphKeys.SAVEABLE_OBJECTS, scope=import_scope):
        return Saver()
    return None


meta_graph_lib.register_proto_function(
    GraphKeys.SAVERS, "saver_pb2", "SaverDef",
    lambda saver, export_scope=None: saver.to_proto(export_scope),
    lambda proto, import_scope=None: Saver.from_proto(proto, import_scope))
