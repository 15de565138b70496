"""09 · Sharing variables: variable_scope, get_variable, reuse."""

from notebook_sources.cells import Notebook, code, md

NOTEBOOK = Notebook("notebooks/09_sharing_variables.ipynb", [
    md("""
    # 9 · Sharing variables (共享变量)

    **Goal.** Let several parts of a graph use **one** variable: pass it around, or — the TF1
    way — create it with `tf.get_variable()` and get it back later through a
    `tf.variable_scope(..., reuse=True)`. Then predict the names in the course's puzzling
    x0...x5 example, and understand why.
    """),
    code("""
    %load_ext interflow
    import numpy as np
    import interflow as tf

    def reset_graph(seed=42):
        tf.reset_default_graph()
        tf.set_random_seed(seed)
        np.random.seed(seed)

    n_features = 3
    """),
    md("""
    ## 1. The simple way: create it once, pass it in

    Suppose every ReLU of notebook 8 should use the same `threshold` instead of 0. The most
    direct way: create the variable first, then pass it to the function.
    """),
    code("""
    reset_graph()

    def relu(X, threshold):
        with tf.name_scope("relu"):
            w_shape = (int(X.get_shape()[1]), 1)                        # not shown in the book
            w = tf.Variable(tf.random_normal(w_shape), name="weights")  # not shown
            b = tf.Variable(0.0, name="bias")                           # not shown
            z = tf.add(tf.matmul(X, w), b, name="z")                    # not shown
            return tf.maximum(z, threshold, name="max")

    threshold = tf.Variable(0.0, name="threshold")
    X = tf.placeholder(tf.float32, shape=(None, n_features), name="X")
    relus = [relu(X, threshold) for i in range(5)]
    output = tf.add_n(relus, name="output")
    """),
    code("""
    %graph output --depth 0
    """),
    md("""
    **What to notice.** One `threshold` node with five arrows, one into each `relu` box. This
    works, but with many shared parameters (every layer's weights...) passing them all around
    gets clumsy.

    ## 2. `get_variable` and `variable_scope`

    `tf.get_variable(name, shape, initializer)` creates a variable, or returns an existing
    one: which of the two is decided by the current `tf.variable_scope` (变量作用域). By default
    it *creates*, and refuses if the variable already exists:
    """),
    code("""
    reset_graph()

    with tf.variable_scope("relu"):
        threshold = tf.get_variable("threshold", shape=(),
                                    initializer=tf.constant_initializer(0.0))

    print(threshold.op.name)
    try:
        with tf.variable_scope("relu"):
            threshold = tf.get_variable("threshold", shape=(),
                                        initializer=tf.constant_initializer(0.0))
    except ValueError as e:
        print("ValueError:", str(e).splitlines()[0])
    """),
    md("""
    With `reuse=True`, `get_variable` *returns* the existing variable (no shape or initializer
    needed), and refuses if it does not exist yet. Both spellings below give the same
    variable; once a scope reuses, it cannot be switched back, and scopes opened inside it
    reuse too.
    """),
    code("""
    with tf.variable_scope("relu", reuse=True):
        threshold = tf.get_variable("threshold")

    with tf.variable_scope("relu") as scope:
        scope.reuse_variables()
        threshold_again = tf.get_variable("threshold")

    print(threshold.op.name, threshold is threshold_again)
    """),
    md("""
    ## 3. ReLUs sharing a threshold, created outside

    The function now *fetches* the threshold itself, with `reuse=True`; it has to exist before
    the first call.
    """),
    code("""
    reset_graph()

    def relu(X):
        with tf.variable_scope("relu", reuse=True):
            threshold = tf.get_variable("threshold")
            w_shape = int(X.get_shape()[1]), 1                          # not shown
            w = tf.Variable(tf.random_normal(w_shape), name="weights")  # not shown
            b = tf.Variable(0.0, name="bias")                           # not shown
            z = tf.add(tf.matmul(X, w), b, name="z")                    # not shown
            return tf.maximum(z, threshold, name="max")

    X = tf.placeholder(tf.float32, shape=(None, n_features), name="X")
    with tf.variable_scope("relu"):
        threshold = tf.get_variable("threshold", shape=(),
                                    initializer=tf.constant_initializer(0.0))
    relus = [relu(X) for relu_index in range(5)]
    output = tf.add_n(relus, name="output")
    """),
    code("""
    %graph output --depth 0
    """),
    md("""
    **What to notice.** The variable is `relu/threshold`, in the first `relu` box; the five
    ReLUs are `relu_1` to `relu_5` (the name `relu` was taken by the scope that created the
    threshold), and each gets an arrow from inside the first box. A `variable_scope` also opens
    a name scope, and name scopes are made unique even when the variable scope is reused.

    ## 4. Created inside, on the first call

    Tidier: the function creates the threshold on its first call and reuses it afterwards. The
    caller chooses: `reuse=False` for the first call, `True` for the others.
    """),
    code("""
    reset_graph()

    def relu(X):
        threshold = tf.get_variable("threshold", shape=(),
                                    initializer=tf.constant_initializer(0.0))
        w_shape = (int(X.get_shape()[1]), 1)                        # not shown in the book
        w = tf.Variable(tf.random_normal(w_shape), name="weights")  # not shown
        b = tf.Variable(0.0, name="bias")                           # not shown
        z = tf.add(tf.matmul(X, w), b, name="z")                    # not shown
        return tf.maximum(z, threshold, name="max")

    X = tf.placeholder(tf.float32, shape=(None, n_features), name="X")
    relus = []
    for relu_index in range(5):
        with tf.variable_scope("relu", reuse=(relu_index >= 1)) as scope:
            relus.append(relu(X))
    output = tf.add_n(relus, name="output")
    """),
    code("""
    %graph output --depth 0
    """),
    md("""
    **What to notice.** Now the first ReLU is `relu` itself, holding `relu/threshold`; one arrow
    goes from `relu` to `output` and four go to `relu_1` ... `relu_4`, which use its threshold.
    Only one threshold variable exists:
    """),
    code("""
    [v.name for v in tf.global_variables() if "threshold" in v.name]
    """),
    md("""
    ## 5. Puzzle: the names of x0 ... x5

    `tf.Variable` and `tf.get_variable` follow different rules inside a `variable_scope`.
    **Before running the next cell**, write down the name of each variable, and whether
    `x0`, `x3` and `x5` are the same object.
    """),
    code("""
    reset_graph()

    with tf.variable_scope("my_scope"):
        x0 = tf.get_variable("x", shape=(), initializer=tf.constant_initializer(0.))
        x1 = tf.Variable(0., name="x")
        x2 = tf.Variable(0., name="x")

    with tf.variable_scope("my_scope", reuse=True):
        x3 = tf.get_variable("x")
        x4 = tf.Variable(0., name="x")

    with tf.variable_scope("", default_name="", reuse=True):
        x5 = tf.get_variable("my_scope/x")

    print("x0:", x0.op.name)
    print("x1:", x1.op.name)
    print("x2:", x2.op.name)
    print("x3:", x3.op.name)
    print("x4:", x4.op.name)
    print("x5:", x5.op.name)
    print(x0 is x3 and x3 is x5)
    """),
    md("""
    **Why.**

    * `x0`: `get_variable` creates `my_scope/x`.
    * `x1`, `x2`: `tf.Variable` ignores the variable store and `reuse`; its name is simply made
      unique in the current name scope: `my_scope/x_1`, `my_scope/x_2`.
    * `x3`: with `reuse=True`, `get_variable("x")` returns `my_scope/x` itself.
    * `x4`: reopening the variable scope `my_scope` opened a **new name scope**, `my_scope_1`
      (name scopes are made unique, variable scopes are not), so the `tf.Variable` is
      `my_scope_1/x`.
    * `x5`: the empty variable scope is the root; with `reuse=True`, `get_variable` looks up the
      full name `my_scope/x`: the same variable again, so the last line prints `True`.

    For non-shared variables a name scope is just a prefix, made unique; shared variables are
    found by their full name in the variable store.
    """),
    code("""
    %graph
    """),
    md("""
    The drawing has three variables, not six: `my_scope/x` (x0, x3 and x5), `my_scope/x_1` and
    `my_scope/x_2` in the `my_scope` box, and `x4` in its own `my_scope_1` box.

    ## Summary

    * Sharing by passing variables works; `tf.get_variable` + `tf.variable_scope(reuse=...)`
      scales better.
    * `reuse=False` (default): `get_variable` creates, and fails if the name exists;
      `reuse=True`: it returns the existing variable, and fails if there is none.
    * `tf.Variable` never shares: it always creates a new variable with a unique name.

    Next: **10 · The course's exercises**, then the self-checking exercises in `exercises/`.
    """),
])
