"""interflow's checkpoint file format: round trips, versioning, refusing pickles, atomic writes."""

import json
import os
import pickle
import signal
import subprocess
import sys
import textwrap
import time
import zipfile

import numpy as np
import pytest

import interflow as tf
from interflow.saving import checkpoint
from tests.saving.subprocesses import REPO

VALUES = {
    "theta": np.arange(6, dtype=np.float32).reshape(3, 2),
    "scope/step": np.array(7, np.int64),
    "half": np.array([0.5, 1.5], np.float16),
    "flags": np.array([True, False]),
    "complex": np.array([1 + 2j], np.complex128),
    "empty": np.zeros((0, 4), np.float64),
    "words": np.array([[b"ab", b""], ["\u00e9t\u00e9".encode(), b"\x00\xff"]], dtype=object),
    "\u00fcnicode name": np.array([1, 2], np.uint16),
}


def test_round_trip_of_every_dtype_and_shape(tmp_path):
    prefix = str(tmp_path / "model.ckpt")
    assert checkpoint.write_checkpoint(prefix, VALUES) == prefix + ".npz"
    assert checkpoint.checkpoint_exists(prefix)
    with checkpoint.CheckpointReader(prefix) as reader:
        assert reader.get_variable_to_shape_map() == {k: list(v.shape) for k, v in VALUES.items()}
        assert reader.get_variable_to_dtype_map()["words"] is tf.string
        for name, value in VALUES.items():
            got = reader.get_tensor(name)
            assert got.dtype == value.dtype and got.shape == value.shape
            assert list(got.reshape(-1)) == list(value.reshape(-1))
        with pytest.raises(tf.errors.NotFoundError, match="Key nope not found in checkpoint"):
            reader.get_tensor("nope")


def test_the_file_is_a_plain_npz_with_a_versioned_index(tmp_path):
    prefix = str(tmp_path / "m")
    checkpoint.write_checkpoint(prefix, {"theta": VALUES["theta"], "words": VALUES["words"]})
    with zipfile.ZipFile(prefix + ".npz") as z:
        assert sorted(z.namelist()) == ["__interflow_checkpoint__.npy", "t0.npy", "t1.npy",
                                        "t1_lengths.npy"]
    with np.load(prefix + ".npz", allow_pickle=False) as npz:
        index = json.loads(npz["__interflow_checkpoint__"].tobytes())
        assert index == {"format": "interflow-checkpoint", "version": 1, "tensors": [
            {"name": "theta", "dtype": "float32", "shape": [3, 2], "entry": "t0"},
            {"name": "words", "dtype": "string", "shape": [2, 2], "entry": "t1"}]}
        np.testing.assert_array_equal(npz["t0"], VALUES["theta"])


def _write_npz(path, members):
    with open(path, "wb") as f:
        np.savez(f, **members)


def _index(tensors, version=1):
    header = {"format": "interflow-checkpoint", "version": version, "tensors": tensors}
    return np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)


class _Payload:
    """Unpickling this would create a file: proof that nothing was unpickled."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_a_pickle_in_a_checkpoint_is_refused_without_running_it(tmp_path):
    marker = tmp_path / "pwned"
    evil = np.empty(1, dtype=object)
    evil[0] = _Payload(str(marker))
    prefix = str(tmp_path / "evil")
    _write_npz(prefix + ".npz", {
        "__interflow_checkpoint__": _index([{"name": "v", "dtype": "float32", "shape": [1],
                                             "entry": "t0"}]),
        "t0": evil})
    with pytest.raises(tf.errors.DataLossError, match="pickled Python objects"):
        checkpoint.CheckpointReader(prefix).get_tensor("v")
    v = tf.Variable([1.0], name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(v.initializer)
        with pytest.raises(tf.errors.DataLossError, match="pickled"):
            saver.restore(sess, prefix)
        assert sess.run(v) == [1.0]
    # A raw pickle under the checkpoint's name is refused too.
    with open(prefix + ".npz", "wb") as f:
        pickle.dump(_Payload(str(marker)), f)
    with pytest.raises(tf.errors.DataLossError, match="not an interflow checkpoint"):
        checkpoint.CheckpointReader(prefix)
    assert not marker.exists()


def test_the_index_itself_may_not_hold_objects(tmp_path):
    marker = tmp_path / "pwned"
    evil = np.empty(1, dtype=object)
    evil[0] = _Payload(str(marker))
    _write_npz(str(tmp_path / "e.npz"), {"__interflow_checkpoint__": evil})
    with pytest.raises(tf.errors.DataLossError, match="pickled"):
        checkpoint.CheckpointReader(str(tmp_path / "e"))
    assert not marker.exists()


@pytest.mark.parametrize("members,message", [
    ({"x": np.zeros(2)}, "not an interflow checkpoint"),
    ({"__interflow_checkpoint__": _index([], version=99)}, "format version 99"),
    ({"__interflow_checkpoint__": np.frombuffer(b"{nope", np.uint8)}, "not valid JSON"),
    ({"__interflow_checkpoint__": _index([{"name": "v"}])}, "index is malformed"),
])
def test_files_that_are_not_checkpoints(tmp_path, members, message):
    _write_npz(str(tmp_path / "c.npz"), members)
    with pytest.raises(tf.errors.DataLossError, match=message):
        checkpoint.CheckpointReader(str(tmp_path / "c"))


def test_members_must_match_the_index(tmp_path):
    _write_npz(str(tmp_path / "c.npz"), {
        "__interflow_checkpoint__": _index([
            {"name": "v", "dtype": "float32", "shape": [2], "entry": "t0"},
            {"name": "w", "dtype": "float32", "shape": [2], "entry": "t9"}]),
        "t0": np.zeros(3, np.float64)})
    reader = checkpoint.CheckpointReader(str(tmp_path / "c"))
    with pytest.raises(tf.errors.DataLossError, match="dtype float64 and shape \\[3\\], but its "
                                                      "index says float32 and \\[2\\]"):
        reader.get_tensor("v")
    with pytest.raises(tf.errors.DataLossError, match="missing"):
        reader.get_tensor("w")


def test_truncated_and_missing_files(tmp_path):
    prefix = str(tmp_path / "m")
    checkpoint.write_checkpoint(prefix, VALUES)
    data = open(prefix + ".npz", "rb").read()
    with open(prefix + ".npz", "wb") as f:
        f.write(data[:len(data) // 2])
    with pytest.raises(tf.errors.DataLossError, match="truncated or corrupt"):
        checkpoint.CheckpointReader(prefix)
    with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files"):
        checkpoint.CheckpointReader(str(tmp_path / "nothing"))


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    path = str(tmp_path / "f")
    checkpoint.atomic_write(path, lambda f: f.write(b"old"))

    def fail(f):
        f.write(b"half of the new")
        raise RuntimeError("disk full")
    with pytest.raises(RuntimeError):
        checkpoint.atomic_write(path, fail)
    assert open(path, "rb").read() == b"old"
    assert os.listdir(tmp_path) == ["f"]


def test_checkpoint_state_text_format():
    state = checkpoint.CheckpointState("/a/m-2", ["/a/m-1", "/a/m-2"])
    text = state.to_text()
    assert text == ('model_checkpoint_path: "/a/m-2"\nall_model_checkpoint_paths: "/a/m-1"\n'
                    'all_model_checkpoint_paths: "/a/m-2"\n')
    assert checkpoint.CheckpointState.from_text(text) == state
    odd = checkpoint.CheckpointState('we"ird\\ \u00e9\n', [])
    assert checkpoint.CheckpointState.from_text(odd.to_text()).model_checkpoint_path == \
        'we"ird\\ \u00e9\n'
    with pytest.raises(ValueError):
        checkpoint.CheckpointState.from_text("garbage")


_SAVER_LOOP = """
import sys
import numpy as np
import interflow as tf
v = tf.Variable(tf.zeros([2_000_000]), name="big")
step = tf.placeholder(tf.float32, name="step")
set_v = tf.assign(v, tf.fill([2_000_000], step))
saver = tf.train.Saver()
with tf.Session() as sess:
    for i in range(1, 10**6):
        sess.run(set_v, {step: float(i)})
        print("saving", i, flush=True)
        saver.save(sess, sys.argv[1], write_meta_graph=False)
"""


def _temp_files(directory):
    return [f for f in os.listdir(directory) if f.endswith(".tmp")]


def test_a_save_killed_midway_leaves_the_previous_checkpoint(tmp_path):
    """SIGKILL while a save is writing its temporary file (at various moments): the checkpoint
    on disk always restores completely (all elements equal to one step's value)."""
    prefix = str(tmp_path / "model.ckpt")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    killed_mid_write = 0
    for delay in [0.0, 0.002, 0.005, 0.01, 0.02]:
        before = set(_temp_files(tmp_path))
        proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(_SAVER_LOOP), prefix],
                                stdout=subprocess.PIPE, env=env, text=True)
        saved = 0
        for line in proc.stdout:
            saved = int(line.split()[1])
            if saved >= 3:  # at least two complete saves are behind us
                break
        for _ in range(100000):  # until the save of step 3 has its temporary file open
            if set(_temp_files(tmp_path)) - before:
                break
            time.sleep(0.0005)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        killed_mid_write += bool(set(_temp_files(tmp_path)) - before)
        tf.reset_default_graph()
        v = tf.Variable(tf.ones([2_000_000]), name="big")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            saver.restore(sess, prefix)
            value = sess.run(v)
        assert value[0] >= saved - 1 and (value == value[0]).all()
        assert tf.train.latest_checkpoint(str(tmp_path)) == prefix
    # A killed save leaves its temporary file behind: at least one kill hit a write.
    assert killed_mid_write >= 1
