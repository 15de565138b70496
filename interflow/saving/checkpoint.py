"""interflow's checkpoint files: named arrays in one NumPy .npz archive, never pickled.

Format (version 1). A checkpoint with prefix P (what Saver.save returns, "/tmp/model.ckpt-100")
is the single file `P.npz`, a zip archive of .npy members written with numpy.savez:

  __interflow_checkpoint__   uint8 array: UTF-8 JSON
                             {"format": "interflow-checkpoint", "version": 1,
                              "tensors": [{"name": "theta", "dtype": "float32",
                                           "shape": [9, 1], "entry": "t0"}, ...]}
  t0, t1, ...                one member per tensor, in the listed dtype and shape
  t<k>_lengths               for a string tensor only: int64 byte length of each element;
                             member t<k> then holds all elements' bytes back to back (uint8)

Reading never unpickles: archives are opened with numpy.load(allow_pickle=False), and a member
holding Python objects is refused (DataLossError) without running anything. Every member's
dtype and shape are checked against the index. A reader of version V refuses files of a newer
version with a message saying so.

Writes are atomic: the archive is written to a temporary file in the same directory, flushed and
fsync'ed, then moved over `P.npz` with os.replace, so a crash mid-save leaves the previous
checkpoint intact. The `checkpoint` state file (TensorFlow's CheckpointState text format) is
written the same way.
"""

import json
import os
import tempfile
import zipfile

import numpy as np

from interflow.framework import dtypes, errors

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "SUFFIX", "data_path", "checkpoint_exists",
           "write_checkpoint", "CheckpointReader", "atomic_write", "CheckpointState",
           "read_checkpoint_state", "write_checkpoint_state"]

FORMAT_NAME = "interflow-checkpoint"
FORMAT_VERSION = 1
SUFFIX = ".npz"
_INDEX_KEY = "__interflow_checkpoint__"


def data_path(prefix):
    """The file holding the checkpoint with prefix `prefix`."""
    return prefix + SUFFIX


def checkpoint_exists(prefix):
    return os.path.isfile(data_path(prefix))


# ----------------------------------------------------------------------------- writing


def atomic_write(path, write):
    """Calls `write(f)` on a temporary file next to `path`, then moves it over `path`.

    The file is flushed and fsync'ed before the move, and the directory after it: a reader
    (or a crash) sees either the old file or the complete new one.
    """
    directory = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _string_members(value):
    flat = [v if isinstance(v, bytes) else str(v).encode("utf-8")
            for v in np.asarray(value, dtype=object).reshape(-1)]
    lengths = np.array([len(v) for v in flat], dtype=np.int64)
    data = np.frombuffer(b"".join(flat), dtype=np.uint8)
    return data, lengths


def write_checkpoint(prefix, tensors):
    """Writes {name: ndarray} as the checkpoint `prefix` (atomically). Returns the file path.

    Raises:
      NotFoundError: if the directory of `prefix` does not exist.
    """
    path = data_path(prefix)
    directory = os.path.dirname(path) or "."
    if not os.path.isdir(directory):
        raise errors.NotFoundError(None, None, "Failed to create a NewWriteableFile: %s : No "
                                   "such file or directory (the directory %s does not exist)"
                                   % (path, directory))
    members = {}
    index = []
    for k, (name, value) in enumerate(tensors.items()):
        arr = np.asarray(value)
        dtype = dtypes.as_dtype(arr.dtype)
        entry = "t%d" % k
        if dtype is dtypes.string:
            members[entry], members[entry + "_lengths"] = _string_members(arr)
        else:
            members[entry] = np.asarray(arr, order="C")
        index.append({"name": name, "dtype": dtype.name, "shape": list(arr.shape),
                      "entry": entry})
    header = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "tensors": index}
    members[_INDEX_KEY] = np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)
    try:
        atomic_write(path, lambda f: np.savez(f, **members))
    except OSError as e:
        raise errors.PermissionDeniedError(None, None, "Could not write checkpoint %s: %s"
                                           % (path, e)) from None
    return path


# ----------------------------------------------------------------------------- reading


def _data_loss(path, why):
    return errors.DataLossError(None, None, "Unable to read checkpoint %s: %s" % (path, why))


class CheckpointReader:
    """Reads a checkpoint's index and tensors (tf.train.NewCheckpointReader).

    Raises NotFoundError when the file is missing and DataLossError when it is truncated,
    not an interflow checkpoint, of a newer format version, or holds pickled objects.
    """

    def __init__(self, prefix):
        self._prefix = prefix
        self._path = path = data_path(prefix)
        if not os.path.isfile(path):
            raise errors.NotFoundError(
                None, None, "Unsuccessful TensorSliceReader constructor: Failed to find any "
                "matching files for %s" % prefix)
        try:
            self._npz = np.load(path, allow_pickle=False)
        except ValueError as e:  # a raw pickle, or a file numpy cannot identify
            raise _data_loss(path, "not an interflow checkpoint (%s)" % e) from None
        except (OSError, EOFError, zipfile.BadZipFile) as e:
            raise _data_loss(path, "the file is truncated or corrupt (%s)" % e) from None
        if not isinstance(self._npz, np.lib.npyio.NpzFile) or \
                _INDEX_KEY not in self._npz.files:
            self.close()
            raise _data_loss(path, "not an interflow checkpoint (no %s entry)" % _INDEX_KEY)
        header = self._member(_INDEX_KEY, "the index")
        try:
            header = json.loads(header.tobytes().decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise _data_loss(path, "its index is not valid JSON (%s)" % e) from None
        if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
            raise _data_loss(path, "not an interflow checkpoint")
        version = header.get("version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise _data_loss(path, "written in checkpoint format version %r; this interflow "
                             "reads versions up to %d (upgrade interflow)"
                             % (version, FORMAT_VERSION))
        self._index = {}
        try:
            for entry in header["tensors"]:
                self._index[str(entry["name"])] = (
                    dtypes.as_dtype(str(entry["dtype"])),
                    tuple(int(d) for d in entry["shape"]), str(entry["entry"]))
        except (KeyError, TypeError, ValueError) as e:
            raise _data_loss(path, "its index is malformed (%s)" % e) from None

    def _member(self, key, what):
        try:
            arr = self._npz[key]
        except KeyError:
            raise _data_loss(self._path, "%s (member %s) is missing" % (what, key)) from None
        except ValueError as e:
            # numpy refuses object arrays when allow_pickle=False: nothing was unpickled.
            raise _data_loss(self._path, "%s holds pickled Python objects, which interflow "
                             "never loads (%s)" % (what, e)) from None
        except (OSError, EOFError, zipfile.BadZipFile) as e:
            raise _data_loss(self._path, "%s is truncated or corrupt (%s)" % (what, e)) from None
        if arr.dtype.hasobject:
            raise _data_loss(self._path, "%s holds Python objects" % what)
        return arr

    def close(self):
        npz = getattr(self, "_npz", None)
        if npz is not None and hasattr(npz, "close"):
            npz.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # TF's CheckpointReader API
    def get_variable_to_shape_map(self):
        return {name: list(shape) for name, (_, shape, _) in self._index.items()}

    def get_variable_to_dtype_map(self):
        return {name: dtype for name, (dtype, _, _) in self._index.items()}

    def has_tensor(self, name):
        return name in self._index

    def debug_string(self):
        return "".join("%s (%s) %s\n" % (n, d.name, list(s))
                       for n, (d, s, _) in sorted(self._index.items())).encode()

    def entry(self, name):
        """(DType, shape tuple) of tensor `name`; NotFoundError if absent."""
        try:
            dtype, shape, _ = self._index[name]
        except KeyError:
            raise errors.NotFoundError(None, None, "Key %s not found in checkpoint"
                                       % name) from None
        return dtype, shape

    def get_tensor(self, name):
        """The value of tensor `name`, checked against the index."""
        dtype, shape = self.entry(name)
        entry = self._index[name][2]
        what = "tensor '%s'" % name
        if dtype is dtypes.string:
            data = self._member(entry, what)
            lengths = self._member(entry + "_lengths", what)
            if data.dtype != np.uint8 or lengths.dtype != np.int64 or \
                    lengths.size != int(np.prod(shape, dtype=np.int64)) or \
                    int(lengths.sum()) != data.size or (lengths < 0).any():
                raise _data_loss(self._path, "%s is malformed" % what)
            raw = data.tobytes()
            ends = np.cumsum(lengths)
            out = np.empty(lengths.size, dtype=object)
            start = 0
            for i, end in enumerate(ends.tolist()):
                out[i] = raw[start:end]
                start = end
            return out.reshape(shape)
        arr = self._member(entry, what)
        if arr.dtype != dtype.np_dtype or arr.shape != shape:
            raise _data_loss(self._path, "%s has dtype %s and shape %s, but its index says %s "
                             "and %s" % (what, arr.dtype, list(arr.shape), dtype.name,
                                         list(shape)))
        return arr


# ----------------------------------------------------------------------------- state file


def _escape(text):
    out = []
    for ch in text.encode("utf-8"):
        c = chr(ch)
        if c in "\"'\\":
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif 32 <= ch < 127:
            out.append(c)
        else:
            out.append("\\%03o" % ch)
    return "".join(out)


def _unescape(text):
    raw = bytearray()
    i = 0
    simple = {"n": 10, "t": 9, "r": 13, "\"": 34, "'": 39, "\\": 92, "a": 7, "b": 8, "f": 12,
              "v": 11}
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in simple:
                raw.append(simple[nxt])
                i += 2
                continue
            if nxt in "01234567":
                j = i + 1
                while j < len(text) and j < i + 4 and text[j] in "01234567":
                    j += 1
                raw.append(int(text[i + 1:j], 8) & 0xFF)
                i = j
                continue
            if nxt == "x":
                j = i + 2
                while j < len(text) and j < i + 4 and text[j] in "0123456789abcdefABCDEF":
                    j += 1
                raw.append(int(text[i + 2:j], 16))
                i = j
                continue
        raw.extend(c.encode("utf-8"))
        i += 1
    return raw.decode("utf-8", errors="surrogateescape")


class CheckpointState:
    """TF's CheckpointState (the `checkpoint` file): the latest and all kept checkpoints."""

    def __init__(self, model_checkpoint_path="", all_model_checkpoint_paths=(),
                 all_model_checkpoint_timestamps=(), last_preserved_timestamp=0.0):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths)
        self.all_model_checkpoint_timestamps = list(all_model_checkpoint_timestamps)
        self.last_preserved_timestamp = last_preserved_timestamp

    def to_text(self):
        """The protobuf text format TF writes."""
        lines = []
        if self.model_checkpoint_path:
            lines.append('model_checkpoint_path: "%s"' % _escape(self.model_checkpoint_path))
        lines += ['all_model_checkpoint_paths: "%s"' % _escape(p)
                  for p in self.all_model_checkpoint_paths]
        lines += ["all_model_checkpoint_timestamps: %r" % float(t)
                  for t in self.all_model_checkpoint_timestamps]
        if self.last_preserved_timestamp:
            lines.append("last_preserved_timestamp: %r" % float(self.last_preserved_timestamp))
        return "".join(line + "\n" for line in lines)

    @classmethod
    def from_text(cls, text):
        """Parses the text format; ValueError for anything else."""
        state = cls()
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition(":")
            key, value = key.strip(), value.strip()
            if not sep:
                raise ValueError("line %d: expected 'field: value', got %r" % (number, line))
            if key in ("model_checkpoint_path", "all_model_checkpoint_paths"):
                if len(value) < 2 or value[0] != value[-1] or value[0] not in "\"'":
                    raise ValueError("line %d: expected a quoted string, got %r"
                                     % (number, value))
                value = _unescape(value[1:-1])
                if key == "model_checkpoint_path":
                    state.model_checkpoint_path = value
                else:
                    state.all_model_checkpoint_paths.append(value)
            elif key == "all_model_checkpoint_timestamps":
                state.all_model_checkpoint_timestamps.append(float(value))
            elif key == "last_preserved_timestamp":
                state.last_preserved_timestamp = float(value)
            else:
                raise ValueError("line %d: unknown field %r" % (number, key))
        return state

    def __eq__(self, other):
        return isinstance(other, CheckpointState) and self.to_text() == other.to_text()

    def __str__(self):
        return self.to_text()

    __repr__ = __str__


def read_checkpoint_state(path):
    """The CheckpointState in file `path`, or None when the file is missing.

    Raises:
      ValueError: the file is not a CheckpointState or has no model_checkpoint_path.
    """
    try:
        with open(path, "r", encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return None
    return CheckpointState.from_text(text)


def write_checkpoint_state(path, state):
    data = state.to_text().encode("utf-8")
    atomic_write(path, lambda f: f.write(data))
