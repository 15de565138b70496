"""00 · Getting started (the landing notebook, also Binder's first page)."""

from notebook_sources.cells import Notebook, code, md

NOTEBOOK = Notebook("notebooks/00_getting_started.ipynb", [
    md("""
    # Getting started with interflow

    interflow runs TensorFlow 1.x programs — the classic *graph-and-session* model — on NumPy.
    A TensorFlow 1 program has two phases:

    1. **Build** a graph: each call like `tf.constant(3)` or `a * b` only *adds a node* (an operation)
       to a graph. Nothing is computed yet.
    2. **Run** the graph in a `Session`: you ask for some values (the *fetches*) and the session
       computes exactly the operations they need.

    By convention we import it under TensorFlow's usual name, so the code below is also valid
    TensorFlow 1 code. `%load_ext interflow` adds the notebook magics that draw graphs
    (`%graph`) and trace runs (`%%trace`).
    """),
    code("""
    %load_ext interflow
    import interflow as tf

    tf.__version__
    """),
    md("""
    ## 1. Build a graph

    `a * b + 2` does not give a number: it gives a `Tensor`, a handle to the output of an
    operation in the **default graph**. Its name (`add:0`) is the operation's name plus the output
    index; its static shape `()` says it is a scalar, and `int32` is the dtype TensorFlow gives to
    Python integers.
    """),
    code("""
    a = tf.constant(3, name="a")
    b = tf.constant(4, name="b")
    c = a * b + 2
    c
    """),
    md("""
    Every call added operations to the graph. Note `add/y`: the Python number `2` was turned into
    a constant operation for us, named after the `add` it feeds.
    """),
    code("""
    [op.name for op in tf.get_default_graph().get_operations()]
    """),
    md("""
    `%graph` draws the default graph: constants are grey boxes, operations rounded boxes, and each
    arrow is labelled with the shape and dtype of the tensor it carries (`scalar int32`). The
    Python name bound to a node is written next to its op name, in italics.
    """),
    code("""
    %graph
    """),
    md("""
    ## 2. Run it in a Session

    A `Session` computes the values of the tensors you *fetch*. Use it in a `with` block so it is
    closed (and its memory freed) at the end. You can fetch one tensor, or a list of them in one run.
    """),
    code("""
    with tf.Session() as sess:
        print(sess.run(c))
        print(sess.run([a, b, c]))
    """),
    md("""
    ## 3. InteractiveSession and `eval()`

    In a notebook it is convenient to have a session that stays open between cells.
    `tf.InteractiveSession()` makes itself the *default session*, so `tensor.eval()` works without
    naming the session. Close it when you are done.
    """),
    code("""
    sess = tf.InteractiveSession()
    print(c.eval())
    print((c * 10).eval())
    sess.close()
    """),
    md("""
    ## 4. Placeholders and `feed_dict`

    A **placeholder** is an input you provide at run time. Here `X` holds any number of rows of 3
    floats: the shape `(None, 3)` leaves the first dimension open. Each run gets its values through
    `feed_dict`.
    """),
    code("""
    X = tf.placeholder(tf.float32, shape=(None, 3), name="X")
    Y = X + 5

    with tf.Session() as sess:
        print(sess.run(Y, feed_dict={X: [[1, 2, 3]]}))
        print(sess.run(Y, feed_dict={X: [[1, 2, 3], [4, 5, 6]]}))
    """),
    md("""
    Forgetting the feed is an error *at run time*, and the message says which placeholder is
    missing. (We catch the error here so the notebook keeps going.)
    """),
    code("""
    with tf.Session() as sess:
        try:
            sess.run(Y)
        except tf.errors.InvalidArgumentError as e:
            print(type(e).__name__, ":", e.message.splitlines()[0])
    """),
    md("""
    ## 5. Variables and their initializer

    Constants and placeholders forget everything between runs; a **Variable** keeps its value in the
    session. Variables start *uninitialized*: run `tf.global_variables_initializer()` once in each
    new session before using them.

    We start a fresh graph for this example with `tf.reset_default_graph()`.
    """),
    code("""
    tf.reset_default_graph()

    x = tf.Variable(3, name="x")
    y = tf.Variable(4, name="y")
    f = x * x * y + y + 2

    init = tf.global_variables_initializer()

    with tf.Session() as sess:
        init.run()          # same as sess.run(init)
        print(f.eval())     # 3*3*4 + 4 + 2
    """),
    md("""
    A variable's value can change between runs: `x.assign(x + 1)` is an operation that stores
    `x + 1` in `x` every time it runs. The new value lives only in this session.
    """),
    code("""
    increment_x = x.assign(x + 1)

    with tf.Session() as sess:
        init.run()
        print(sess.run(increment_x), sess.run(increment_x))
        print(f.eval())     # now x == 5

    with tf.Session() as sess:
        init.run()
        print(x.eval())     # a new session starts again from the initial value
    """),
    md("""
    ## 6. Name scopes

    Graphs get big; **name scopes** group operations under a prefix, like folders. Opening the
    same scope name twice gives a new, numbered scope (`param_1`) so names stay unique.
    """),
    code("""
    tf.reset_default_graph()

    with tf.name_scope("param"):
        w = tf.constant(1.0, name="w")
    with tf.name_scope("param"):
        w2 = tf.constant(2.0, name="w")
    with tf.name_scope("loss"):
        total = w + w2

    [op.name for op in tf.get_default_graph().get_operations()]
    """),
    code("""
    %graph
    """),
    md("""
    The two `param` scopes and the `loss` scope are drawn as boxes.

    ## What next?

    - You have seen the whole TF1 workflow: build a graph, then run it in a session with feeds.
    - Try changing the shapes in section 4 (e.g. feed `[1, 2]`): the error tells you what the
      placeholder expects.
    - The course, one topic per notebook, each runnable in under a minute:

      1. [Graphs and sessions](01_graphs_and_sessions.ipynb)
      2. [The lifecycle of a node value](02_lifecycle_of_a_node_value.ipynb)
      3. [Linear regression by the normal equation](03_linear_regression_normal_equation.ipynb)
      4. [Gradient descent: by hand, with autodiff, with an optimizer](04_gradient_descent.ipynb)
      5. [Placeholders and mini-batches](05_mini_batches_and_placeholders.ipynb)
      6. [Saving and restoring models](06_saving_and_restoring.ipynb)
      7. [Visualizing the graph and training curves](07_visualizing_graphs_and_training_curves.ipynb)
      8. [Name scopes and modularity](08_name_scopes_and_modularity.ipynb)
      9. [Sharing variables](09_sharing_variables.ipynb)
      10. [The course's exercises](10_course_exercises.ipynb)

    - Self-checking exercises, in [exercises/](exercises/): [graphs and sessions](exercises/01_graphs_and_sessions.ipynb),
      [linear regression](exercises/02_linear_regression.ipynb),
      [scopes and sharing](exercises/03_scopes_and_sharing.ipynb).
    """),
])
