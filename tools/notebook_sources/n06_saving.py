"""06 · Saving and restoring models."""

from notebook_sources.cells import Notebook, code, md
from notebook_sources.n03_normal_equation import DATA_CELLS, SETUP
from notebook_sources.n04_gradient_descent import SCALING

NOTEBOOK = Notebook("notebooks/06_saving_and_restoring.ipynb", [
    md("""
    # 6 · Saving and restoring models (保存 与 恢复模型)

    **Goal.** Save a model's variables during and after training with `tf.train.Saver`,
    restore them in a new session, save only some variables under other names, and rebuild a
    whole graph from its `.meta` file with `tf.train.import_meta_graph` — starting from an
    empty graph.
    """),
    SETUP,
    *DATA_CELLS,
    *SCALING,
    md("""
    The course saves to `/tmp/my_model.ckpt`. So that this notebook also runs on Windows and
    keeps its files together, we save into a folder `tf_checkpoints/` next to the notebook
    (the repository ignores it); otherwise the code is the course's.
    """),
    code("""
    import os
    os.makedirs("tf_checkpoints", exist_ok=True)
    """),
    md("""
    ## 1. Saving during and after training

    Create a `Saver` at the end of the construction phase, once all variables exist. In the
    execution phase, `saver.save(sess, path)` writes the variables' current values; here every
    100 epochs (so a crash loses little) and at the end.
    """),
    code("""
    reset_graph()

    n_epochs = 1000                                                                       # not shown in the book
    learning_rate = 0.01                                                                  # not shown

    X = tf.constant(scaled_housing_data_plus_bias, dtype=tf.float32, name="X")            # not shown
    y = tf.constant(housing.target.reshape(-1, 1), dtype=tf.float32, name="y")            # not shown
    theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
    y_pred = tf.matmul(X, theta, name="predictions")                                      # not shown
    error = y_pred - y                                                                    # not shown
    mse = tf.reduce_mean(tf.square(error), name="mse")                                    # not shown
    optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)            # not shown
    training_op = optimizer.minimize(mse)                                                 # not shown

    init = tf.global_variables_initializer()
    saver = tf.train.Saver()

    with tf.Session() as sess:
        sess.run(init)

        for epoch in range(n_epochs):
            if epoch % 100 == 0:
                print("Epoch", epoch, "MSE =", mse.eval())                                # not shown
                save_path = saver.save(sess, "tf_checkpoints/my_model.ckpt")
            sess.run(training_op)

        best_theta = theta.eval()
        save_path = saver.save(sess, "tf_checkpoints/my_model_final.ckpt")
    """),
    md("""
    A checkpoint *path* such as `tf_checkpoints/my_model_final.ckpt` is a **prefix**: the
    saver writes several files starting with it — the variables' values, and the graph's
    structure in `.meta` — plus a small `checkpoint` file that remembers the latest saves.
    (TensorFlow writes the values as `.index` + `.data-00000-of-00001` files, interflow as one
    `.npz`; you only ever pass the prefix around.)
    """),
    code("""
    print(save_path)
    sorted(os.listdir("tf_checkpoints"))
    """),
    code("""
    tf.train.list_variables(save_path)
    """),
    md("""
    The `Saver` added its own nodes to the graph, in a name scope `save`: a `SaveV2` node that
    writes the variables, a `RestoreV2` node that reads them, and one `Assign` per variable.
    Open the box to see them:
    """),
    code("""
    %graph --expand save
    """),
    md("""
    ## 2. Restoring

    To restore, build the same graph (here it still exists) and, instead of running the
    initializer, call `saver.restore()`: it runs the restore nodes, which assign the saved
    values to the variables.
    """),
    code("""
    with tf.Session() as sess:
        saver.restore(sess, "tf_checkpoints/my_model_final.ckpt")
        best_theta_restored = theta.eval() # not shown in the book

    np.allclose(best_theta, best_theta_restored)
    """),
    md("""
    By default a saver saves and restores **all** variables, under their own names. A dict
    chooses which variables, and the names they have in the checkpoint; here `theta` is saved
    as `weights`:
    """),
    code("""
    saver = tf.train.Saver({"weights": theta})

    with tf.Session() as sess:
        sess.run(init)
        saver.save(sess, "tf_checkpoints/my_weights.ckpt")

    tf.train.list_variables("tf_checkpoints/my_weights.ckpt")
    """),
    md("""
    ## 3. Restoring a graph you did not build: `import_meta_graph`

    The `.meta` file holds the graph's structure (a `MetaGraphDef`): every node, the
    collections, and the saver's settings. `tf.train.import_meta_graph` adds that graph to the
    default graph and returns a `Saver` for it, so a program that never built the model can
    load it. We start with an **empty** graph:
    """),
    code("""
    reset_graph()
    # notice that we start with an empty graph.
    print(len(tf.get_default_graph().get_operations()), "nodes")

    saver = tf.train.import_meta_graph("tf_checkpoints/my_model_final.ckpt.meta")  # this loads the graph structure
    theta = tf.get_default_graph().get_tensor_by_name("theta:0") # not shown in the book

    with tf.Session() as sess:
        saver.restore(sess, "tf_checkpoints/my_model_final.ckpt")  # this restores the graph's state
        best_theta_restored = theta.eval() # not shown in the book

    np.allclose(best_theta, best_theta_restored)
    """),
    md("""
    **What to notice.** We got `theta` back by **name**: `"theta:0"` is the first output of the
    node `theta`. Names are how you find things in an imported graph, which is one more reason
    to name the nodes you care about. The imported graph is the complete training graph:
    """),
    code("""
    %graph
    """),
    md("""
    So we can even **continue training** it. The training op is the node the optimizer named
    `GradientDescent`; the MSE is the tensor `mse:0`:
    """),
    code("""
    graph = tf.get_default_graph()
    training_op = graph.get_operation_by_name("GradientDescent")
    mse = graph.get_tensor_by_name("mse:0")

    with tf.Session() as sess:
        saver.restore(sess, "tf_checkpoints/my_model_final.ckpt")
        print("MSE after restoring:     ", mse.eval())
        for step in range(100):
            sess.run(training_op)
        print("MSE after 100 more steps:", mse.eval())
    """),
    md("""
    ## Summary

    * `saver = tf.train.Saver()` after building the graph; `saver.save(sess, prefix)` during
      and after training; `saver.restore(sess, prefix)` instead of the initializer.
    * `tf.train.Saver({"weights": theta})` picks variables and their checkpoint names.
    * `tf.train.import_meta_graph(prefix + ".meta")` rebuilds the graph; find tensors and ops by
      name (`get_tensor_by_name("theta:0")`, `get_operation_by_name(...)`).

    Next: **07 · Visualizing the graph and training curves**.
    """),
])
