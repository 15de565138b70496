"""tf.train.Saver and the checkpoint helpers of tf.train."""

import os

import numpy as np
import pytest

import interflow as tf

TF_SAVE_OPS = [  # what TensorFlow's Saver adds for one variable (verified with tf.compat.v1)
    ("save/filename/input", "Const"), ("save/filename", "PlaceholderWithDefault"),
    ("save/Const", "PlaceholderWithDefault"), ("save/SaveV2/tensor_names", "Const"),
    ("save/SaveV2/shape_and_slices", "Const"), ("save/SaveV2", "SaveV2"),
    ("save/control_dependency", "Identity"), ("save/RestoreV2/tensor_names", "Const"),
    ("save/RestoreV2/shape_and_slices", "Const"), ("save/RestoreV2", "RestoreV2"),
    ("save/Assign", "Assign"), ("save/restore_all", "NoOp")]


def _model():
    theta = tf.Variable([[1.0], [2.0], [3.0]], name="theta")
    step = tf.Variable(0, name="step")
    return theta, step


def _ops_after(graph, count):
    return [(op.name, op.type) for op in graph.get_operations()[count:]]


def test_saver_adds_tf_ops_and_saver_def():
    theta = tf.Variable([[1.0]], name="theta")
    n = len(tf.get_default_graph().get_operations())
    saver = tf.train.Saver()
    assert _ops_after(tf.get_default_graph(), n) == TF_SAVE_OPS
    g = tf.get_default_graph()
    assert [t.name for t in g.get_operation_by_name("save/SaveV2").inputs] == [
        "save/Const:0", "save/SaveV2/tensor_names:0", "save/SaveV2/shape_and_slices:0",
        "theta:0"]
    assert g.get_operation_by_name("save/SaveV2").get_attr("dtypes") == [tf.float32]
    assert [c.name for c in g.get_operation_by_name("save/control_dependency").control_inputs] \
        == ["save/SaveV2"]
    assert g.get_operation_by_name("save/RestoreV2").device == "/device:CPU:0"
    assign = g.get_operation_by_name("save/Assign")
    assert [t.name for t in assign.inputs] == ["theta:0", "save/RestoreV2:0"]
    assert assign.get_attr("use_locking") is True
    d = saver.saver_def
    assert (d.filename_tensor_name, d.save_tensor_name, d.restore_op_name, d.max_to_keep,
            d.keep_checkpoint_every_n_hours, d.version) == (
        "save/Const:0", "save/control_dependency:0", "save/restore_all", 5, 10000.0, 2)
    tf.train.Saver({"weights": theta}, name="other")
    assert g.get_operation_by_name("other/SaveV2/tensor_names").get_attr("value")[0] == \
        b"weights"
    second = tf.train.Saver()
    assert second.saver_def.restore_op_name == "save_1/restore_all"


def test_variables_are_saved_sorted_by_name_with_one_assign_each():
    b = tf.Variable(1.0, name="b")
    a = tf.Variable(2, name="a")  # noqa: F841
    tf.train.Saver()
    g = tf.get_default_graph()
    assert list(g.get_operation_by_name("save/SaveV2/tensor_names").get_attr("value")) == \
        [b"a", b"b"]
    assert g.get_operation_by_name("save/RestoreV2").get_attr("dtypes") == [tf.int32, tf.float32]
    assert [t.name for t in g.get_operation_by_name("save/Assign_1").inputs] == \
        ["b:0", "save/RestoreV2:1"]
    del b


def test_save_and_restore_round_trip(tmp_path):
    theta, step = _model()
    saver = tf.train.Saver()
    prefix = str(tmp_path / "model.ckpt")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(tf.assign(theta, [[4.0], [5.0], [6.0]]))
        assert saver.save(sess, prefix) == prefix
        sess.run(tf.assign(step, 9))
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "model.ckpt.meta", "model.ckpt.npz"]
    assert (tmp_path / "checkpoint").read_text() == (
        'model_checkpoint_path: "%s"\nall_model_checkpoint_paths: "%s"\n' % (prefix, prefix))
    with tf.Session() as sess:
        saver.restore(sess, prefix)  # restoring initializes
        np.testing.assert_array_equal(sess.run(theta), [[4.0], [5.0], [6.0]])
        assert sess.run(step) == 0 and sess.run(step).dtype == np.int32
    assert tf.train.list_variables(str(tmp_path)) == [("step", []), ("theta", [3, 1])]
    np.testing.assert_array_equal(tf.train.load_variable(prefix, "theta:0"), [[4], [5], [6]])
    assert tf.train.load_variable(str(tmp_path), "step") == 0
    assert tf.train.checkpoint_exists(prefix)
    assert not tf.train.checkpoint_exists(prefix + "x")
    reader = tf.train.NewCheckpointReader(prefix)
    assert reader.get_variable_to_shape_map() == {"step": [], "theta": [3, 1]}


def test_raw_graph_path_runs_the_save_and_restore_ops(tmp_path):
    theta, _ = _model()
    saver = tf.train.Saver()
    d = saver.saver_def
    prefix = str(tmp_path / "raw")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(d.save_tensor_name, {d.filename_tensor_name: prefix}) == prefix.encode()
    with tf.Session() as sess:
        sess.run(d.restore_op_name, {d.filename_tensor_name: prefix})
        np.testing.assert_array_equal(sess.run(theta), [[1.0], [2.0], [3.0]])


def test_global_step_max_to_keep_and_relative_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    theta, step = _model()
    saver = tf.train.Saver(max_to_keep=2)
    os.mkdir("rel")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        paths = [saver.save(sess, "rel/model.ckpt", global_step=i) for i in range(4)]
        assert paths == ["rel/model.ckpt-%d" % i for i in range(4)]
        assert saver.last_checkpoints == ["rel/model.ckpt-2", "rel/model.ckpt-3"]
        assert sorted(os.listdir("rel")) == ["checkpoint", "model.ckpt-2.meta",
                                             "model.ckpt-2.npz", "model.ckpt-3.meta",
                                             "model.ckpt-3.npz"]
        assert open("rel/checkpoint").read() == (
            'model_checkpoint_path: "model.ckpt-3"\n'
            'all_model_checkpoint_paths: "model.ckpt-2"\n'
            'all_model_checkpoint_paths: "model.ckpt-3"\n')
        sess.run(tf.assign(step, 7))
        assert saver.save(sess, "rel/x", global_step=step, latest_filename="foo",
                          write_meta_graph=False) == "rel/x-7"
        assert saver.save(sess, "rel/y", global_step=tf.constant(8), write_state=False) == \
            "rel/y-8"
    assert open("rel/foo").read() == ('model_checkpoint_path: "x-7"\n'
                                      'all_model_checkpoint_paths: "model.ckpt-3"\n'
                                      'all_model_checkpoint_paths: "x-7"\n')
    assert not os.path.exists("rel/x-7.meta") and os.path.exists("rel/y-8.meta")
    assert tf.train.latest_checkpoint("rel") == "rel/model.ckpt-3"
    assert tf.train.latest_checkpoint("rel", "foo") == "rel/x-7"
    assert tf.train.latest_checkpoint("nonexistent") is None
    state = tf.train.get_checkpoint_state("rel")
    assert state.model_checkpoint_path == "rel/model.ckpt-3"
    assert list(state.all_model_checkpoint_paths) == ["rel/model.ckpt-2", "rel/model.ckpt-3"]
    assert tf.train.get_checkpoint_state("nonexistent") is None


def test_max_to_keep_none_keeps_every_file(tmp_path):
    _model()
    saver = tf.train.Saver(max_to_keep=None)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(7):
            saver.save(sess, str(tmp_path / "m"), global_step=i, write_meta_graph=False)
    assert len([f for f in os.listdir(tmp_path) if f.endswith(".npz")]) == 7
    # Without max_to_keep the state file names only the latest checkpoint, as TF.
    assert tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths == \
        [str(tmp_path / "m-6")]


def test_dict_var_list_keys_the_checkpoint(tmp_path):
    theta, _ = _model()
    saver = tf.train.Saver({"weights": theta})
    with tf.Session() as sess:
        sess.run(theta.initializer)
        saver.save(sess, str(tmp_path / "w"))
    assert tf.train.list_variables(str(tmp_path / "w")) == [("weights", [3, 1])]
    with pytest.raises(tf.errors.NotFoundError, match="Key theta not found in checkpoint"):
        with tf.Session() as sess:
            tf.train.Saver([theta]).restore(sess, str(tmp_path / "w"))


@pytest.mark.parametrize("var_list,error,message", [
    ("theta", TypeError, "Variables to save should be passed in a dict or a list"),
    ([1], TypeError, "Variable to save is not a Variable"),
    (["theta", "theta"], ValueError, "At least two variables have the same name: theta"),
    ({"x": "theta", "y": "theta"}, ValueError,
     "The same saveable will be restored with two names: y"),
    ([], ValueError, "No variables to save"),
])
def test_bad_var_lists(var_list, error, message):
    theta, _ = _model()

    def resolve(v):
        return theta if v == "theta" else v
    if isinstance(var_list, list):
        var_list = [resolve(v) for v in var_list]
    elif isinstance(var_list, dict):
        var_list = {k: resolve(v) for k, v in var_list.items()}
    else:
        var_list = resolve(var_list)
    with pytest.raises(error, match=message):
        tf.train.Saver(var_list)


def test_no_variables():
    with pytest.raises(ValueError, match="No variables to save"):
        tf.train.Saver()
    saver = tf.train.Saver(allow_empty=True)
    with tf.Session() as sess:
        assert saver.save(sess, "/nonexistent/x") is None
        assert saver.restore(sess, "/nonexistent/x") is None


def test_save_errors(tmp_path):
    theta, _ = _model()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized"):
            saver.save(sess, str(tmp_path / "m"))
        sess.run(tf.global_variables_initializer())
        with pytest.raises(ValueError, match="Parent directory of .*/nodir/m doesn't exist, "
                                             "can't save."):
            saver.save(sess, str(tmp_path / "nodir" / "m"))
        with pytest.raises(ValueError, match="'latest_filename' collides with 'save_path'"):
            saver.save(sess, str(tmp_path / "checkpoint"))
        with pytest.raises(ValueError, match="must not contain path components"):
            saver.save(sess, str(tmp_path / "m"), latest_filename="a/b")
        with pytest.raises(TypeError, match="'sess' must be a Session"):
            saver.save("notasession", str(tmp_path / "m"))


def test_restore_errors_name_the_problem(tmp_path):
    theta, _ = _model()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, str(tmp_path / "m"))
        with pytest.raises(ValueError, match="Can't load save_path when it is None."):
            saver.restore(sess, None)
        with pytest.raises(ValueError, match="The passed save_path is not a valid checkpoint: "
                                             ".*/nothing"):
            saver.restore(sess, str(tmp_path / "nothing"))
        (tmp_path / "tfckpt.index").write_bytes(b"")
        with pytest.raises(ValueError, match="it is a TensorFlow checkpoint"):
            saver.restore(sess, str(tmp_path / "tfckpt"))


def test_a_mismatched_checkpoint_changes_nothing(tmp_path):
    """Validation happens before any assignment: a good variable listed before the bad one
    keeps its value in the session."""
    a = tf.Variable([1.0, 2.0], name="a")
    b = tf.Variable([1.0, 2.0], name="b")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, str(tmp_path / "m"))
    tf.reset_default_graph()
    a = tf.Variable([5.0, 6.0], name="a")
    b = tf.Variable([5.0, 6.0, 7.0], name="b")
    c = tf.Variable([5, 6], name="c")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            tf.train.Saver([a, b]).restore(sess, str(tmp_path / "m"))
        message = str(info.value)
        assert message.startswith("Restoring from checkpoint failed. This is most likely due to "
                                  "a mismatch between the current graph and the graph from the "
                                  "checkpoint.")
        assert "lhs shape= [3] rhs shape= [2]" in message and "variable 'b'" in message
        np.testing.assert_array_equal(sess.run(a), [5.0, 6.0])
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="tensor_name = a; expected dtype int32 does not equal original "
                                 "dtype float"):
            tf.train.Saver({"a": c}).restore(sess, str(tmp_path / "m"))
        with pytest.raises(tf.errors.NotFoundError,
                           match="due to a Variable name or other graph key that is missing"):
            tf.train.Saver({"zzz": c}).restore(sess, str(tmp_path / "m"))
        np.testing.assert_array_equal(sess.run(c), [5, 6])
    # A truncated file fails before anything is assigned too.
    data = (tmp_path / "m.npz").read_bytes()
    (tmp_path / "m.npz").write_bytes(data[:-40])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.DataLossError):
            tf.train.Saver([a]).restore(sess, str(tmp_path / "m"))
        np.testing.assert_array_equal(sess.run(a), [5.0, 6.0])


def test_keep_checkpoint_every_n_hours(tmp_path, monkeypatch):
    _model()
    clock = [1000.0]
    monkeypatch.setattr("interflow.train.saver.time.time", lambda: clock[0])
    saver = tf.train.Saver(max_to_keep=1, keep_checkpoint_every_n_hours=1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(4):
            clock[0] += 2000.0
            saver.save(sess, str(tmp_path / "m"), global_step=i, write_meta_graph=False)
    kept = sorted(f for f in os.listdir(tmp_path) if f.endswith(".npz"))
    assert kept == ["m-1.npz", "m-3.npz"]  # m-1 was written after the first hour


def test_export_and_import_meta_graph_in_one_process(tmp_path):
    theta, step = _model()
    tf.add_to_collection("my_numbers", 3)
    tf.add_to_collection("my_numbers", 4)
    tf.add_to_collection("my_strings", "hello")
    tf.add_to_collection("my_tensors", theta.value())
    tf.add_to_collection("my_floats", 0.5)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, str(tmp_path / "m"))
    tf.reset_default_graph()
    new_saver = tf.train.import_meta_graph(str(tmp_path / "m.meta"))
    assert new_saver.saver_def.restore_op_name == "save/restore_all"
    assert tf.get_collection("my_numbers") == [3, 4]
    assert tf.get_collection("my_strings") == [b"hello"]
    assert tf.get_collection("my_floats") == [0.5]
    assert tf.get_collection("my_tensors")[0].name == "theta/read:0"
    variables = tf.global_variables()
    assert [v.name for v in variables] == ["theta:0", "step:0"]
    assert [v.name for v in tf.trainable_variables()] == ["theta:0", "step:0"]
    assert tf.trainable_variables()[0] is variables[0]
    with tf.Session() as sess:
        new_saver.restore(sess, str(tmp_path / "m"))
        np.testing.assert_array_equal(sess.run("theta:0"), [[1.0], [2.0], [3.0]])
        sess.run(variables[1].assign_add(2))
        assert sess.run(variables[1]) == 2
    mgd = tf.train.export_meta_graph()
    assert mgd.saver_def.restore_op_name == ""
    assert sorted(mgd.collection_def) == ["my_floats", "my_numbers", "my_strings", "my_tensors",
                                          "trainable_variables", "variables"]


def test_import_meta_graph_with_scope_and_unsupported_collections(tmp_path):
    _model()
    tf.add_to_collection("python_objects", object())
    saver = tf.train.Saver()
    with pytest.warns(UserWarning, match="Collection 'python_objects' cannot be written"):
        mgd = saver.export_meta_graph(str(tmp_path / "m.meta"))
    assert "python_objects" not in mgd.collection_def
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, str(tmp_path / "m"), write_meta_graph=False)
    tf.reset_default_graph()
    imported = tf.train.import_meta_graph(str(tmp_path / "m.meta"), import_scope="imp")
    assert imported.saver_def.restore_op_name == "imp/save/restore_all"
    with tf.Session() as sess:
        imported.restore(sess, str(tmp_path / "m"))
        np.testing.assert_array_equal(sess.run("imp/theta:0"), [[1.0], [2.0], [3.0]])
    with pytest.raises(IOError, match="File does not exist"):
        tf.train.import_meta_graph(str(tmp_path / "nope.meta"))


def test_meta_graph_reports_gradient_overrides_it_cannot_carry(tmp_path):
    theta, _ = _model()
    with tf.get_default_graph().gradient_override_map({"Identity": "MyCustomGrad"}):
        tf.identity(theta, name="custom")
    with pytest.warns(UserWarning, match="gradient registered as 'MyCustomGrad'"):
        tf.train.export_meta_graph(str(tmp_path / "m.meta"))


OPTIMIZERS = {
    "GradientDescent": lambda: tf.train.GradientDescentOptimizer(0.1),
    "Momentum": lambda: tf.train.MomentumOptimizer(0.1, 0.9),
    "Adam": lambda: tf.train.AdamOptimizer(0.1),
    "Adagrad": lambda: tf.train.AdagradOptimizer(0.1),
    "RMSProp": lambda: tf.train.RMSPropOptimizer(0.1),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_training_continues_after_import_meta_graph_and_restore(tmp_path, name):
    """Save after 3 steps, rebuild everything from the .meta and the checkpoint in an empty
    graph, 4 more steps: the same values as 7 uninterrupted steps (slots restored too)."""
    rng = np.random.RandomState(0)
    x_, y_ = rng.randn(30, 3).astype(np.float32), rng.randn(30, 1).astype(np.float32)
    X = tf.placeholder(tf.float32, (None, 3), name="X")
    y = tf.placeholder(tf.float32, (None, 1), name="y")
    theta = tf.Variable(tf.random_uniform([3, 1], -1.0, 1.0, seed=42), name="theta")
    step = tf.train.get_or_create_global_step()
    mse = tf.reduce_mean(tf.square(tf.matmul(X, theta, name="predictions") - y), name="mse")
    train_op = OPTIMIZERS[name]().minimize(mse, global_step=step)
    saver = tf.train.Saver()
    feed = {X: x_, y: y_}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(7):
            if i == 3:
                path = saver.save(sess, str(tmp_path / "model"), global_step=step)
            sess.run(train_op, feed)
        expected = sess.run(theta)
    assert path.endswith("model-3")
    original = tf.get_default_graph()
    tf.reset_default_graph()
    saver = tf.train.import_meta_graph(path + ".meta")
    graph = tf.get_default_graph()
    for op in original.get_operations():
        imported = graph.get_operation_by_name(op.name)
        assert imported.type == op.type and sorted(imported._attrs) == sorted(op._attrs)
    train_op = tf.get_collection(tf.GraphKeys.TRAIN_OP)[0]
    with tf.Session() as sess:
        saver.restore(sess, path)
        assert sess.run("global_step:0") == 3
        for _ in range(4):
            sess.run(train_op, {"X:0": x_, "y:0": y_})
        np.testing.assert_allclose(sess.run("theta:0"), expected, rtol=1e-6)
        assert sess.run("global_step:0") == 7
