"""Exercises 1 · Graphs, sessions and the lifecycle of a node value."""

from notebook_sources.cells import Notebook, code, exercise, md, teacher_only

CHECK_INTRO = md("""
**How these exercises work.** Fill in each cell marked *Your turn* (replace the `None`s), run
it, then run the **check** below it. The check says ✓ when your answer is right, or ✗ with a
hint; it never shows the answer. Run the notebook top to bottom (Run ▸ Run All Cells) at any
time: unfinished exercises just show ✗.
""")

NOTEBOOK = Notebook(
    "notebooks/exercises/01_graphs_and_sessions.ipynb",
    solution_path="solutions/01_graphs_and_sessions_solution.ipynb",
    cells=[
        md("""
        # Exercises 1 · Graphs and sessions (图 与 会话)

        Practice for notebooks 1 and 2: build a graph, run it efficiently, change a variable
        at run time, and keep a second graph apart from the default one.
        """),
        CHECK_INTRO,
        code("""
        %load_ext interflow
        import numpy as np
        import interflow as tf
        from interflow import exercises as ex
        """),
        md("""
        ## Exercise 1 · Your first graph

        Build the graph of f(x, y) = x²y + y + 2, where `x` and `y` are **variables** (变量)
        named `"x"` and `"y"`, starting at 3 and 4. Build only; the check runs it.
        """),
        exercise("""
        tf.reset_default_graph()

        # Your turn: create the variables x and y, then the tensor f.
        f = None
        """, """
        tf.reset_default_graph()

        x = tf.Variable(3, name="x")
        y = tf.Variable(4, name="y")
        f = x*x*y + y + 2
        """),
        code("""
        ex.check_first_graph(f)
        """),
        teacher_only("""
        *Teacher's note.* Wrong answers the check catches: `f = 3*3*4 + 4 + 2` (a number,
        not a graph); forgetting `name=` (no variable named `x`); `tf.constant` instead of
        `tf.Variable` (no variables); a formula that happens to give 42 at (3, 4), such as
        `x*y*3 + 6` (the check also feeds other values of `x` and `y`).
        """),
        md("""
        ## Exercise 2 · Compute `x` only once

        Here is the lifecycle example. `y` and `z` both need `x`:
        """),
        code("""
        tf.reset_default_graph()

        w = tf.constant(3)
        x = w + 2
        y = x + 5
        z = x * 3
        """),
        code("""
        %graph
        """),
        md("""
        Complete the cell so that `y_val` and `z_val` hold the values of `y` and `z`, **while
        computing `x` only once**. The first line, `%%trace t`, records what every run
        computes; the check reads that record.
        """),
        exercise("""
        %%trace t
        with tf.Session() as sess:
            # Your turn: set y_val and z_val, computing x only once.
            y_val = None
            z_val = None
        """, """
        %%trace t
        with tf.Session() as sess:
            y_val, z_val = sess.run([y, z])
        """),
        code("""
        ex.check_computed_once(t, [y, z], [y_val, z_val], once=x)
        """),
        teacher_only("""
        *Teacher's note.* `y_val = y.eval(); z_val = z.eval()` gives the right values but the
        check fails: the trace shows two runs and `x` computed twice. Good moment to show the
        trace's drawing ("ran 2×") to the class.
        """),
        md("""
        ## Exercise 3 · Set a variable to any value, at run time

        `x` below is a variable with a random initial value. Build two nodes:

        * `x_new_val`, whose value you give **when running** the graph (not when building it);
        * `x_assign`, which writes that value into `x` when it runs.
        """),
        code("""
        tf.reset_default_graph()

        x = tf.Variable(tf.random_uniform(shape=(), minval=0.0, maxval=1.0), name="x")
        """),
        exercise("""
        # Your turn:
        x_new_val = None
        x_assign = None
        """, """
        x_new_val = tf.placeholder(shape=(), dtype=tf.float32)
        x_assign = tf.assign(x, x_new_val)
        """),
        code("""
        ex.check_assign_placeholder(x, x_new_val, x_assign)
        """),
        md("""
        ## Exercise 4 · A graph of your own

        Create a **new** graph `g` and, in it, a constant `c` with value 2.0 and name `"c"`.
        The default graph must not get `c`.
        """),
        exercise("""
        tf.reset_default_graph()

        # Your turn:
        g = None
        c = None
        """, """
        tf.reset_default_graph()

        g = tf.Graph()
        with g.as_default():
            c = tf.constant(2.0, name="c")
        """),
        code("""
        ex.check_own_graph(g, c)
        """),
        md("""
        When all four checks show ✓, go on with notebook 3 (linear regression) and then
        `exercises/02_linear_regression.ipynb`.
        """),
    ])
