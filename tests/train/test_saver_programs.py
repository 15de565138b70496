"""The seed's saving programs, run unchanged in fresh processes, and training that survives a
killed process."""

import numpy as np
import pytest

from tests.saving.subprocesses import run_python
from tests.train import seed_programs as sp


def _run(source, cwd, *args):
    return run_python(source, cwd) if not args else run_python(
        "import sys; sys.argv[1:] = %r\n" % (list(args),) + source, cwd)


TRAINING = pytest.mark.parametrize("optimizer", [True, False], ids=["optimizer", "manual"])


@TRAINING
def test_save_every_100_epochs_then_restore_then_import_meta_graph(tmp_path, optimizer):
    out = _run(sp.program(sp.MODEL, "__TRAINING__", sp.SAVE_EVERY_100, directory=tmp_path,
                          optimizer=optimizer), tmp_path).stdout.splitlines()
    assert [line.split(" MSE")[0] for line in out[:10]] == ["Epoch %d" % e
                                                            for e in range(0, 1000, 100)]
    mses = [float(line.split("= ")[1]) for line in out[:10]]
    assert mses == sorted(mses, reverse=True)  # training lowered the error
    assert out[10:] == ["True"]
    assert open(tmp_path / "checkpoint").read() == (
        'model_checkpoint_path: "%s/my_model_final.ckpt"\n'
        'all_model_checkpoint_paths: "%s/my_model.ckpt"\n'
        'all_model_checkpoint_paths: "%s/my_model_final.ckpt"\n' % ((tmp_path,) * 3))
    # A new process, an empty graph: the graph comes from the .meta file.
    out = _run(sp.program(sp.IMPORT_META_GRAPH, directory=tmp_path), tmp_path).stdout
    assert out == "True\n"


def test_saver_with_a_dict_of_names(tmp_path):
    out = _run(sp.program(sp.MODEL, "__TRAINING__", sp.WEIGHTS_SAVER, directory=tmp_path),
               tmp_path).stdout
    assert out == "True\n[('weights', [9, 1])]\n"


@TRAINING
def test_training_killed_midway_continues_in_a_new_process(tmp_path, optimizer):
    """Train with checkpoints every 50 steps, SIGKILL at step 321, continue from the meta graph
    and the latest checkpoint (step 300) in a new process: the result equals an uninterrupted
    run's."""
    (tmp_path / "run").mkdir()
    train = sp.minibatch_program(sp.MINIBATCH_MODEL, "__TRAINING__", sp.FETCH_BATCH,
                                 sp.TRAIN_AND_DIE, directory=tmp_path, optimizer=optimizer)
    died = run_python("import sys; sys.argv[1:] = ['321']\n" + train, tmp_path, check=False)
    assert died.returncode == -9 and "killing myself at step 321" in died.stdout
    assert sorted(p.name for p in (tmp_path / "run").iterdir() if p.suffix == ".npz") == [
        "model.ckpt-200.npz", "model.ckpt-250.npz", "model.ckpt-300.npz"]
    cont = run_python(sp.minibatch_program(sp.MINIBATCH_PARAMS, sp.FETCH_BATCH, sp.CONTINUE,
                                           directory=tmp_path), tmp_path)
    assert "at step 300" in cont.stdout
    run_python("import sys; sys.argv[1:] = ['-1']\n" + train, tmp_path)
    continued = np.load(tmp_path / "continued.npy")
    uninterrupted = np.load(tmp_path / "uninterrupted.npy")
    np.testing.assert_allclose(continued, uninterrupted, rtol=1e-6)
