"""Exercises 3 · Name scopes, modularity and sharing variables."""

from notebook_sources.cells import Notebook, code, exercise, md, teacher_only
from notebook_sources.n11_exercises_graphs_and_sessions import CHECK_INTRO

NOTEBOOK = Notebook(
    "notebooks/exercises/03_scopes_and_sharing.ipynb",
    solution_path="solutions/03_scopes_and_sharing_solution.ipynb",
    cells=[
        md("""
        # Exercises 3 · Name scopes and sharing variables (名字空间 与 共享变量)

        Practice for notebooks 8 and 9: fix a wiring bug by looking at the graph, give a
        function its own name scope, share one variable between five calls, and predict
        variable names.
        """),
        CHECK_INTRO,
        code("""
        %load_ext interflow
        import numpy as np
        import interflow as tf
        from interflow import exercises as ex

        def reset_graph(seed=42):
            tf.reset_default_graph()
            tf.set_random_seed(seed)
            np.random.seed(seed)

        n_features = 3
        """),
        md("""
        ## Exercise 1 · Find and fix the copy-paste bug

        This code should build two independent ReLUs and add them, but a copy-paste slip wires
        it wrong. Draw it (the cell after it does) and fix the code so that both branches
        reach `output`. Keep the names.
        """),
        exercise("""
        reset_graph()

        X = tf.placeholder(tf.float32, shape=(None, n_features), name="XX")

        w1 = tf.Variable(tf.random_normal((n_features, 1)), name="weights11")
        w2 = tf.Variable(tf.random_normal((n_features, 1)), name="weights22")
        b1 = tf.Variable(0.0, name="bias11")
        b2 = tf.Variable(0.0, name="bias22")

        z1 = tf.add(tf.matmul(X, w1), b1, name="z11")
        z2 = tf.add(tf.matmul(X, w2), b2, name="z22")

        relu1 = tf.maximum(z1, 0., name="relu11")
        relu2 = tf.maximum(z1, 0., name="relu22")

        output = tf.add(relu1, relu2, name="output")
        """, """
        reset_graph()

        X = tf.placeholder(tf.float32, shape=(None, n_features), name="XX")

        w1 = tf.Variable(tf.random_normal((n_features, 1)), name="weights11")
        w2 = tf.Variable(tf.random_normal((n_features, 1)), name="weights22")
        b1 = tf.Variable(0.0, name="bias11")
        b2 = tf.Variable(0.0, name="bias22")

        z1 = tf.add(tf.matmul(X, w1), b1, name="z11")
        z2 = tf.add(tf.matmul(X, w2), b2, name="z22")

        relu1 = tf.maximum(z1, 0., name="relu11")
        relu2 = tf.maximum(z2, 0., name="relu22")

        output = tf.add(relu1, relu2, name="output")
        """),
        code("""
        %graph output
        """),
        code("""
        ex.check_copy_paste_fixed(output)
        """),
        md("""
        ## Exercise 2 · One name scope per call

        `relu()` below works, but its nodes land at the top level (`weights`, `weights_1`, ...).
        Change the function so that each call's nodes live in their own name scope:
        `relu`, `relu_1`, ..., `relu_4`. The drawing should then show five boxes.
        """),
        exercise("""
        reset_graph()

        def relu(X):
            w_shape = (int(X.get_shape()[1]), 1)
            w = tf.Variable(tf.random_normal(w_shape), name="weights")
            b = tf.Variable(0.0, name="bias")
            z = tf.add(tf.matmul(X, w), b, name="z")
            return tf.maximum(z, 0., name="max")

        X = tf.placeholder(tf.float32, shape=(None, n_features), name="X")
        relus = [relu(X) for i in range(5)]
        output = tf.add_n(relus, name="output")
        """, """
        reset_graph()

        def relu(X):
            with tf.name_scope("relu"):
                w_shape = (int(X.get_shape()[1]), 1)
                w = tf.Variable(tf.random_normal(w_shape), name="weights")
                b = tf.Variable(0.0, name="bias")
                z = tf.add(tf.matmul(X, w), b, name="z")
                return tf.maximum(z, 0., name="max")

        X = tf.placeholder(tf.float32, shape=(None, n_features), name="X")
        relus = [relu(X) for i in range(5)]
        output = tf.add_n(relus, name="output")
        """),
        code("""
        %graph output --depth 0
        """),
        code("""
        ex.check_relu_name_scopes(output)
        """),
        md("""
        ## Exercise 3 · Share one threshold

        Now each ReLU compares with a `threshold` variable instead of 0, but every call creates
        its own. Change the code so that all five ReLUs share **one** variable named
        `relu/threshold` (initialized to 0.0), created on the first call and reused by the
        others.
        """),
        exercise("""
        reset_graph()

        def relu(X):
            threshold = tf.Variable(0.0, name="threshold")
            w_shape = (int(X.get_shape()[1]), 1)
            w = tf.Variable(tf.random_normal(w_shape), name="weights")
            b = tf.Variable(0.0, name="bias")
            z = tf.add(tf.matmul(X, w), b, name="z")
            return tf.maximum(z, threshold, name="max")

        X = tf.placeholder(tf.float32, shape=(None, n_features), name="X")
        relus = []
        for relu_index in range(5):
            with tf.name_scope("relu"):
                relus.append(relu(X))
        output = tf.add_n(relus, name="output")
        """, """
        reset_graph()

        def relu(X):
            threshold = tf.get_variable("threshold", shape=(),
                                        initializer=tf.constant_initializer(0.0))
            w_shape = (int(X.get_shape()[1]), 1)
            w = tf.Variable(tf.random_normal(w_shape), name="weights")
            b = tf.Variable(0.0, name="bias")
            z = tf.add(tf.matmul(X, w), b, name="z")
            return tf.maximum(z, threshold, name="max")

        X = tf.placeholder(tf.float32, shape=(None, n_features), name="X")
        relus = []
        for relu_index in range(5):
            with tf.variable_scope("relu", reuse=(relu_index >= 1)):
                relus.append(relu(X))
        output = tf.add_n(relus, name="output")
        """),
        code("""
        %graph output --depth 0
        """),
        code("""
        ex.check_shared_threshold(output)
        """),
        teacher_only("""
        *Teacher's note.* The solution in notebook 9 that creates the threshold *outside* the
        function (`with tf.variable_scope("relu"): threshold = tf.get_variable(...)`, then
        `reuse=True` inside) passes too. `tf.Variable` inside a `variable_scope(reuse=True)`
        still makes five thresholds: the check's hint points at the `reuse` argument.
        """),
        md("""
        ## Exercise 4 · Predict the names

        **Without running it**, predict the op name of each variable this program creates, and
        whether `x0 is x3 and x3 is x5`:

        ```python
        with tf.variable_scope("my_scope"):
            x0 = tf.get_variable("x", shape=(), initializer=tf.constant_initializer(0.))
            x1 = tf.Variable(0., name="x")
            x2 = tf.Variable(0., name="x")

        with tf.variable_scope("my_scope", reuse=True):
            x3 = tf.get_variable("x")
            x4 = tf.Variable(0., name="x")

        with tf.variable_scope("", default_name="", reuse=True):
            x5 = tf.get_variable("my_scope/x")
        ```

        Write names like `"some_scope/name"`; the check runs the program in a graph of its own.
        """),
        exercise("""
        predictions = {
            "x0": None,
            "x1": None,
            "x2": None,
            "x3": None,
            "x4": None,
            "x5": None,
            "same": None,   # True or False: x0 is x3 and x3 is x5
        }
        """, """
        predictions = {
            "x0": "my_scope/x",
            "x1": "my_scope/x_1",
            "x2": "my_scope/x_2",
            "x3": "my_scope/x",
            "x4": "my_scope_1/x",
            "x5": "my_scope/x",
            "same": True,   # True or False: x0 is x3 and x3 is x5
        }
        """),
        code("""
        ex.check_scope_names(predictions)
        """),
        md("""
        That's the course. Well done!
        """),
    ])
