"""tf.summary.FileWriter: event files read back with TensorBoard's own EventAccumulator."""

import os
from datetime import datetime

import numpy as np
import pytest
from tensorboard.backend.event_processing import event_accumulator

import interflow as tf
from tests.summary.png_decode import decode_png

_SIZES = {"scalars": 0, "histograms": 0, "images": 0, "tensors": 0}


def _load(logdir):
    acc = event_accumulator.EventAccumulator(str(logdir), size_guidance=_SIZES)
    acc.Reload()
    return acc


def test_graph_scalars_histograms_images_text_and_run_metadata(tmp_path):
    x = tf.placeholder(tf.float32, (None, 2), name="x")
    with tf.name_scope("layer"):
        w = tf.Variable([[1.0], [2.0]], name="w")
        out = tf.matmul(x, w, name="out")
    mse = tf.reduce_mean(tf.square(out), name="mse")
    summaries = [tf.summary.scalar("MSE", mse), tf.summary.histogram("out", out),
                 tf.summary.image("x_img", tf.reshape(x, [-1, 1, 2, 1])),
                 tf.summary.text("note", tf.constant("step **done**"))]
    merged = tf.summary.merge_all()
    writer = tf.summary.FileWriter(str(tmp_path / "run"), tf.get_default_graph())
    written = [op.name for op in tf.get_default_graph().get_operations()]
    assert writer.get_logdir() == str(tmp_path / "run")
    feed = {x: [[1.0, 2.0], [3.0, 4.0]]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            writer.add_summary(sess.run(merged, feed), step)
        run_metadata = tf.RunMetadata()
        sess.run(mse, feed, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                 run_metadata=run_metadata)
        writer.add_run_metadata(run_metadata, "step3", 3)
        with pytest.raises(ValueError, match="tag was already used"):
            writer.add_run_metadata(run_metadata, "step3")
        writer.add_summary(_proto(sess.run(summaries[0], feed)), 10)
    writer.close()
    writer.add_summary(b"", 11)  # ignored after close, as TF1
    assert len(os.listdir(tmp_path / "run")) == 1
    acc = _load(tmp_path / "run")
    graph = acc.Graph()
    names = [n.name for n in graph.node]
    assert names == written
    assert "layer/out" in names and "_output_shapes" in graph.node[names.index("layer/out")].attr
    assert acc.MetaGraph().graph_def == graph
    # Names are unique regardless of case, as in TF: op "mse" exists, so the summary is "MSE_1".
    assert [(e.step, e.value) for e in acc.Scalars("MSE_1")] == [
        (0, 73.0), (1, 73.0), (2, 73.0), (10, 73.0)]
    histo = acc.Histograms("out")[0].histogram_value
    assert (histo.min, histo.max, histo.num, histo.sum) == (5.0, 11.0, 2.0, 16.0)
    images = acc.Images("x_img/image/0")
    assert len(images) == 3 and (images[0].width, images[0].height) == (2, 1)
    assert decode_png(images[0].encoded_image_string).reshape(-1).tolist() == [127, 255]
    text = acc.Tensors("note")
    assert [t.step for t in text] == [0, 1, 2]
    assert text[0].tensor_proto.string_val == [b"step **done**"]
    assert acc.SummaryMetadata("note").plugin_data.plugin_name == "text"
    stats = acc.RunMetadata("step3").step_stats.dev_stats[0]
    assert "mse" in [n.node_name for n in stats.node_stats]


def _proto(serialized):
    summary = tf.summary.Summary()
    summary.ParseFromString(serialized)
    return summary


def test_tensorboard_program_of_the_seed(tmp_path, monkeypatch):
    """The seed's TensorBoard section (mini-batches, mse_summary every 10 batches) on a smaller
    synthetic data set."""
    monkeypatch.chdir(tmp_path)
    rng = np.random.RandomState(42)
    m, n = 1000, 3
    data = np.c_[np.ones((m, 1)), rng.randn(m, n)]
    target = data @ [1.0, 2.0, -1.0, 0.5] + 0.1 * rng.randn(m)

    now = datetime.utcnow().strftime("%Y%m%d%H%M%S")
    root_logdir = "tf_logs"
    logdir = "{}/run-{}/".format(root_logdir, now)

    n_epochs = 10
    learning_rate = 0.01
    batch_size = 100
    n_batches = int(np.ceil(m / batch_size))

    X = tf.placeholder(tf.float32, shape=(None, n + 1), name="X")
    y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
    theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
    y_pred = tf.matmul(X, theta, name="predictions")
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
    training_op = optimizer.minimize(mse)

    init = tf.global_variables_initializer()
    mse_summary = tf.summary.scalar('MSE', mse)
    file_writer = tf.summary.FileWriter(logdir, tf.get_default_graph())

    def fetch_batch(epoch, batch_index, batch_size):
        np.random.seed(epoch * n_batches + batch_index)
        indices = np.random.randint(m, size=batch_size)
        return data[indices], target.reshape(-1, 1)[indices]

    with tf.Session() as sess:
        sess.run(init)
        for epoch in range(n_epochs):
            for batch_index in range(n_batches):
                X_batch, y_batch = fetch_batch(epoch, batch_index, batch_size)
                if batch_index % 10 == 0:
                    summary_str = mse_summary.eval(feed_dict={X: X_batch, y: y_batch})
                    step = epoch * n_batches + batch_index
                    file_writer.add_summary(summary_str, step)
                sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
    file_writer.close()

    acc = _load(logdir)
    # As in TF, names are unique regardless of case: next to op "mse" the summary is "MSE_1".
    curve = acc.Scalars("MSE_1")
    assert [e.step for e in curve] == list(range(0, 100, 10))
    assert curve[-1].value < curve[0].value
    names = [node.name for node in acc.Graph().node]
    assert "mse" in names and "GradientDescent/update_theta/ApplyGradientDescent" in names


def test_modularity_program_writes_name_scopes(tmp_path, monkeypatch):
    """The seed's modularity lesson: relu() in a name scope, five times; TensorBoard groups
    the nodes by scope (relu, relu_1, ...)."""
    monkeypatch.chdir(tmp_path)

    def relu(X):
        with tf.name_scope("relu"):
            w_shape = (int(X.get_shape()[1]), 1)
            w = tf.Variable(tf.random_normal(w_shape), name="weightss")
            b = tf.Variable(0.0, name="biass")
            z = tf.add(tf.matmul(X, w), b, name="zz")
            return tf.maximum(z, 0., name="maxx")

    n_features = 3
    X = tf.placeholder(tf.float32, shape=(None, n_features), name="XX")
    relus = [relu(X) for i in range(5)]
    output = tf.add_n(relus, name="outputt")  # noqa: F841

    file_writer = tf.summary.FileWriter("logs/relu22", tf.get_default_graph())
    file_writer.close()

    names = [node.name for node in _load("logs/relu22").Graph().node]
    scopes = sorted(set(name.split("/")[0] for name in names))
    assert scopes == ["XX", "outputt", "relu", "relu_1", "relu_2", "relu_3", "relu_4"]
    assert "relu_3/maxx" in names and "relu/weightss/Assign" in names


def test_add_graph_variants_reopen_and_context_manager(tmp_path):
    tf.constant(1.0, name="c")
    graph_def = tf.get_default_graph().as_graph_def()
    with tf.summary.FileWriter(str(tmp_path / "a")) as writer:
        with pytest.warns(UserWarning, match="Passing a `GraphDef` to the SummaryWriter"):
            writer.add_graph(graph_def)
        with pytest.raises(ValueError, match="not both"):
            writer.add_graph(tf.get_default_graph(), graph_def=graph_def)
        with pytest.raises(TypeError, match="must be an instance of `Graph`"):
            writer.add_graph("graph")
        with pytest.raises(TypeError, match="Summary protocol buffer"):
            writer.add_summary(3.0)
    assert [n.name for n in _load(tmp_path / "a").Graph().node] == ["c"]
    writer.reopen()
    writer.add_summary(_proto(b"\n\n\n\x03MSE\x15\x00\x00`@"), 1)
    writer.flush()
    writer.close()
    assert len(os.listdir(tmp_path / "a")) == 2
