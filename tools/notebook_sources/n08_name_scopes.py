"""08 · Name scopes and modularity."""

from notebook_sources.cells import Notebook, code, md

NOTEBOOK = Notebook("notebooks/08_name_scopes_and_modularity.ipynb", [
    md("""
    # 8 · Name scopes and modularity (名字空间 与 模块化)

    **Goal.** Keep graphs readable as they grow: group nodes with **name scopes** (drawn as
    boxes), find a copy-paste bug by *looking* at the graph, and build repeated pieces with a
    Python function, each call in its own scope.
    """),
    code("""
    %load_ext interflow
    import numpy as np
    import interflow as tf

    def reset_graph(seed=42):
        tf.reset_default_graph()
        tf.set_random_seed(seed)
        np.random.seed(seed)
    """),
    md("""
    ## 1. Name scopes

    Every node created inside `with tf.name_scope("losss")` gets the prefix `losss/` (the
    course spells it with three s's to tell it apart from other "loss" names; so do we):
    """),
    code("""
    reset_graph()

    n = 8
    X = tf.placeholder(tf.float32, shape=(None, n + 1), name="X")
    y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
    theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
    y_pred = tf.matmul(X, theta, name="predictions")

    with tf.name_scope("losss") as scope:
        error = y_pred - y
        mse = tf.reduce_mean(tf.square(error), name="msee")

    print(error.op.name)
    print(mse.op.name)
    """),
    code("""
    %graph mse
    """),
    md("""
    **What to notice.** The `losss` box holds `sub`, `Square` and `msee`: in TensorBoard and in
    these drawings, a scope is a box you can close to hide its details.

    Scope names are made unique like node names: opening `param` a second time gives `param_1`.
    Node names inside different scopes do not clash:
    """),
    code("""
    reset_graph()

    a1 = tf.Variable(0, name="a")      # name == "a"
    a2 = tf.Variable(0, name="a")      # name == "a_1"

    with tf.name_scope("param"):       # name == "param"
        a3 = tf.Variable(0, name="a")  # name == "param/a"

    with tf.name_scope("param"):       # name == "param_1"
        a4 = tf.Variable(0, name="a")  # name == "param_1/a"

    for node in (a1, a2, a3, a4):
        print(node.op.name)
    """),
    md("""
    ## 2. Modularity: spot the copy-paste bug

    Two ReLU units (rectified linear units: max(X·w + b, 0)), written out by hand. The code
    is repetitive, and repetitive code invites mistakes. There is one below; can you see it in
    the code?
    """),
    code("""
    reset_graph()

    n_features = 3
    X = tf.placeholder(tf.float32, shape=(None, n_features), name="XX")

    w1 = tf.Variable(tf.random_normal((n_features, 1)), name="weights11")
    w2 = tf.Variable(tf.random_normal((n_features, 1)), name="weights22")
    b1 = tf.Variable(0.0, name="bias11")
    b2 = tf.Variable(0.0, name="bias22")

    z1 = tf.add(tf.matmul(X, w1), b1, name="z11")
    z2 = tf.add(tf.matmul(X, w2), b2, name="z22")

    relu1 = tf.maximum(z1, 0., name="relu11")
    relu2 = tf.maximum(z1, 0., name="relu22")  # Oops, cut&paste error! Did you spot it?

    output = tf.add(relu1, relu2, name="output")
    """),
    md("""
    In the graph it is hard to miss. Draw what `output` needs:
    """),
    code("""
    %graph output
    """),
    md("""
    **What to notice.** `weights22`, `bias22` and `z22` are not in the picture at all: nothing
    that `output` needs uses them. Both `relu11` and `relu22` hang off `z11`. Drawing the whole
    graph instead (`%graph`) shows `z22` as a dead end. When a model "trains but half of it never
    changes", draw what the loss needs.

    ## 3. A function instead of copy-paste

    A Python function builds one ReLU; calling it five times builds five. TensorFlow makes the
    node names unique by adding `_1`, `_2`, ...:
    """),
    code("""
    reset_graph()

    def relu(X):
        w_shape = (int(X.get_shape()[1]), 1)
        w = tf.Variable(tf.random_normal(w_shape), name="weightss")
        b = tf.Variable(0.0, name="biass")
        z = tf.add(tf.matmul(X, w), b, name="zz")
        return tf.maximum(z, 0., name="reluu")

    n_features = 3
    X = tf.placeholder(tf.float32, shape=(None, n_features), name="XX")
    relus = [relu(X) for i in range(5)]
    output = tf.add_n(relus, name="outputt")
    file_writer = tf.summary.FileWriter("tf_logs/relu11", tf.get_default_graph())
    file_writer.close()
    """),
    code("""
    %graph output
    """),
    md("""
    **What to notice.** Correct, but a tangle: five copies of every node at the same level,
    `weightss`, `weightss_1`, ..., `zz_4`, and nothing tells which nodes belong together.
    (The course writes the graph to `logs/relu11` for TensorBoard; we use `tf_logs/relu11`,
    next to the other logs.)

    ## 4. Each call in its own name scope

    One line more: open a name scope `relu` inside the function. Each call gets its own scope,
    `relu`, `relu_1`, ..., `relu_4`, and the drawing shows five boxes:
    """),
    code("""
    reset_graph()

    def relu(X):
        with tf.name_scope("relu"):
            w_shape = (int(X.get_shape()[1]), 1)                          # not shown in the book
            w = tf.Variable(tf.random_normal(w_shape), name="weightss")    # not shown
            b = tf.Variable(0.0, name="biass")                             # not shown
            z = tf.add(tf.matmul(X, w), b, name="zz")                      # not shown
            return tf.maximum(z, 0., name="maxx")

    n_features = 3
    X = tf.placeholder(tf.float32, shape=(None, n_features), name="XX")
    relus = [relu(X) for i in range(5)]
    output = tf.add_n(relus, name="outputt")

    file_writer = tf.summary.FileWriter("tf_logs/relu22", tf.get_default_graph())
    file_writer.close()
    """),
    code("""
    %graph output --depth 0
    """),
    md("""
    **What to notice.** With `--depth 0` every top-level scope is one closed box: the model
    reads as *five ReLUs feeding an `add_n`*. Open one box to see inside it; the others stay
    closed:
    """),
    code("""
    %graph output --depth 0 --expand relu_2
    """),
    md("""
    TensorBoard draws the graphs in `tf_logs/relu11` and `tf_logs/relu22` the same way:
    `tensorboard --logdir tf_logs/`, tab **Graphs**, then pick the run.

    ## Summary

    * `with tf.name_scope("name"):` prefixes the names of the nodes created inside; scopes are
      drawn as boxes, opened with `--expand` / `expand=[...]`.
    * Repeated structure belongs in a function; a name scope inside the function keeps each
      call's nodes together.
    * To find wiring mistakes, draw what the result needs (`%graph output`): unused parts are
      simply missing.

    Next: **09 · Sharing variables**.
    """),
])
