"""01 · Graphs and sessions."""

from notebook_sources.cells import Notebook, code, md

NOTEBOOK = Notebook("notebooks/01_graphs_and_sessions.ipynb", [
    md("""
    # 1 · Graphs and sessions (图 与 会话)

    **Goal.** After this notebook you can say what a TensorFlow 1 *graph* (图, `tf.Graph`) and a
    *session* (会话, `tf.Session`) are, build a small graph, run it the three usual ways, work
    with several graphs, and read devices and control dependencies on a drawing.

    The course notes put it in two lines:

    * **图 (`tf.Graph`)** — the computation graph *describes* the network; it computes nothing.
    * **会话 (`tf.Session`)** — the session *executes* the graph (or the part of it a result
      needs), places the work on devices and keeps the variables' values (变量, *variables*).

    `%load_ext interflow` adds the notebook magics we use to *see* graphs: `%graph` draws the
    default graph (or the part a tensor needs), `%%graph` draws what one cell added.
    """),
    code("""
    %load_ext interflow
    import numpy as np
    import interflow as tf   # with TensorFlow 1.x: import tensorflow as tf
    """),
    md("""
    ## 1. A graph is made of nodes; building it computes nothing

    The course's first example builds a graph explicitly and puts a constant (常量) in it.
    `graph.as_default()` makes `graph` the graph new nodes go to, inside the `with` block.
    """),
    code("""
    graph = tf.Graph()
    with graph.as_default():
      img = tf.constant(1.0, shape=[1,5,5,3])

    img
    """),
    md("""
    `img` is not an array of ones: it is a **Tensor**, a handle on the first output (`:0`) of
    the node `Const`. A node (an *operation*) has a **name**, an **op** type, **inputs** and
    **attrs** (attributes):
    """),
    code("""
    node = img.op
    print("name:  ", node.name)
    print("op:    ", node.type)
    print("inputs:", list(node.inputs))
    print("attrs:  dtype =", node.get_attr("dtype"), "| value:", node.get_attr("value").shape, "array")
    print("graph: ", node.graph is graph)
    """),
    md("""
    TensorFlow always has a **default graph** (默认图); without the two `graph` lines above the
    constant would have gone there. Nodes without a `name=` are named after their type, then
    made unique: `Const`, `Const_1`, `Const_2`, ...

    A `tf.Variable` (变量) is not one node but three. `%%graph` runs the cell and draws only the
    nodes it added (the constant `k` is drawn grey: it existed before):
    """),
    code("""
    img = tf.constant(1.0, shape=[1,5,5,3])
    k = tf.constant(1.0, shape=[3,3,3,1])
    """),
    code("""
    %%graph
    kernel = tf.Variable(k)
    """),
    md("""
    **What to notice.**

    * `Variable` (a `VariableV2` op) *holds* the value between runs; it stores nothing yet.
    * `Variable/Assign` writes the initial value (`k`) into it — the **initializer**.
    * `Variable/read` is what other ops use.

    Building `Variable/Assign` does not run it. So this course example fails: the session is
    asked for the convolution, follows the arrows back to `Variable`, and finds no value there.
    (We catch the error so the notebook keeps going; the message says how to fix it.)
    """),
    code("""
    y2 = tf.nn.conv2d(img, kernel, strides=[1,2,2,1], padding="SAME")
    try:
        with tf.Session() as sess:
            sess.run(y2)
    except tf.errors.FailedPreconditionError as e:
        print(type(e).__name__ + ":", e.message.splitlines()[0])
    """),
    code("""
    %graph y2
    """),
    md("""
    `%graph y2` draws only what `y2` needs. Follow the arrows up from `Conv2D`: they reach the
    `Variable`, and stop there. `Variable/Assign` is not even in the picture: computing `y2` never
    runs it, so nothing ever put a value into the variable. The fix is an *init* op that runs
    every initializer, run once per session:
    """),
    code("""
    init = tf.global_variables_initializer()
    with tf.Session() as sess:
        sess.run(init)
        print(sess.run(y2)[0, :, :, 0])
    """),
    md("""
    `tf.Session().run(fetches)` runs the operations in `fetches`, or computes the Tensors in it
    (`fetches` can be one Tensor or op, or a list, tuple or dict of them).

    ## 2. Your first graph, run three ways

    The book's first graph: f(x, y) = x²y + y + 2.
    """),
    code("""
    tf.reset_default_graph()

    x = tf.Variable(3, name="x")
    y = tf.Variable(4, name="y")
    f = x*x*y + y + 2
    f
    """),
    code("""
    %graph f
    """),
    md("""
    **What to notice.** Each Python operator added a node (`mul`, `mul_1`, `add`, `add_1`), and
    the Python number `2` became a constant `add_1/y`. `f` is the tensor `add_1:0`, an `int32`
    because `3` and `4` are Python ints.

    **Way 1: a session object you close yourself.** Initialize each variable, run, close.
    """),
    code("""
    sess = tf.Session()
    sess.run(x.initializer)
    sess.run(y.initializer)
    result = sess.run(f)
    print(result)
    sess.close()
    """),
    md("""
    **Way 2: a `with` block.** Inside it the session is the *default session*, so
    `x.initializer.run()` means `tf.get_default_session().run(x.initializer)` and `f.eval()`
    means `tf.get_default_session().run(f)`. The block closes the session for you.
    """),
    code("""
    with tf.Session() as sess:
        x.initializer.run()
        y.initializer.run()
        result = f.eval()
    print(result)
    """),
    md("""
    **Way 3: one initializer for all variables.** `tf.global_variables_initializer()` adds one
    node (`init`) that runs every variable's initializer.
    """),
    code("""
    init = tf.global_variables_initializer()

    with tf.Session() as sess:
        init.run()
        result = f.eval()
    print(result)
    """),
    md("""
    **Interactive use: `tf.InteractiveSession`.** In a notebook or IPython it is handy to keep a
    session open between cells: an `InteractiveSession` makes itself the default session when
    it is created, so `eval()` and `run()` work without a `with` block. Close it when done.
    """),
    code("""
    sess = tf.InteractiveSession()
    init.run()
    result = f.eval()
    print(result)
    sess.close()
    """),
    md("""
    The older course text shows the same with a subtraction (TF 0.x's `tf.sub` is
    `tf.subtract` in TF1):
    """),
    code("""
    sess = tf.InteractiveSession()

    x = tf.Variable([1.0, 2.0])
    a = tf.constant([3.0, 3.0])
    x.initializer.run()

    sub = tf.subtract(x, a)
    print(sub.eval())
    sess.close()
    """),
    md("""
    ## 3. Fetching several values in one run

    `sess.run` takes a list of fetches and returns a list of values, all computed in **one**
    run (the next notebook shows why that matters):
    """),
    code("""
    tf.reset_default_graph()

    input1 = tf.constant(3.0)
    input2 = tf.constant(2.0)
    input3 = tf.constant(5.0)
    intermed = tf.add(input2, input3)
    mul = tf.multiply(input1, intermed)

    with tf.Session() as sess:
      result = sess.run([mul, intermed])
      print(result)
    """),
    md("""
    (NumPy 2 prints a scalar inside a list as `np.float32(21.0)`; it is just the number 21.0.)
    """),
    md("""
    ## 4. Managing graphs (管理多个图)

    Every node you create goes to the default graph...
    """),
    code("""
    tf.reset_default_graph()

    x1 = tf.Variable(1)
    x1.graph is tf.get_default_graph()
    """),
    md("""
    ...unless you make another graph the default, temporarily, in a `with` block:
    """),
    code("""
    graph = tf.Graph()
    with graph.as_default():
        x2 = tf.Variable(2)

    print(x2.graph is graph)
    print(x2.graph is tf.get_default_graph())
    """),
    md("""
    A session runs one graph: `tf.Session(graph=graph)` runs `graph`, `tf.Session()` the default
    graph. Asking a session for a node of another graph is an error.

    **Re-running cells adds nodes again.** In a notebook you often run the same cell twice:
    each run adds a new copy of its nodes to the default graph (here the cell's two lines run
    three times):
    """),
    code("""
    for attempt in range(3):
        v = tf.Variable(0.0, name="v")
        double = v * 2
    [op.name for op in tf.get_default_graph().get_operations() if op.type == "VariableV2"]
    """),
    md("""
    The duplicates are harmless but confusing (`v_1`, `v_2` in drawings and error messages).
    Start over with `tf.reset_default_graph()` at the top of the cell that builds the graph, or
    the magic `%reset_graph` (which also closes an open `InteractiveSession`). When a re-run
    cell duplicates nodes, `%graph` and `%%graph` say so and suggest this.
    """),
    code("""
    %reset_graph
    """),
    md("""
    The course's API notes (tf.Graph) also show a finalized graph: `g.finalize()` makes a graph
    read-only, so adding a node raises an error (useful when several threads share a graph).
    """),
    code("""
    G = tf.Graph()
    with G.as_default() as g:
        c = tf.constant(1.)
        assert c.graph is g
        print('c ok')
        G.finalize()
    print("finalized:", G.finalized)
    try:
        with G.as_default() as gg:
            a = tf.constant(2.)
    except RuntimeError as e:
        print("RuntimeError:", e)
    """),
    md("""
    ## 5. Devices (设备)

    `with tf.device(...)` records on each node where it should run: `"/cpu:0"`, `"/gpu:0"`,
    or in a cluster `"/job:ps/task:0"`. A function of the op may choose the device instead:
    """),
    code("""
    tf.reset_default_graph()
    g = tf.get_default_graph()

    def matmul_on_gpu(n):
      if n.type == "MatMul":
        return "/gpu:0"
      else:
        return "/cpu:0"

    with g.device(matmul_on_gpu):
        matrix1 = tf.constant([[3., 3.]])
        matrix2 = tf.constant([[2.],[2.]])
        product = tf.matmul(matrix1, matrix2)

    for op in g.get_operations():
        print("%-8s %-7s %s" % (op.name, op.type, op.device))
    """),
    md("""
    **What to notice.** The device is part of the graph (a node attribute), not of the Python
    code around it. interflow records devices as TensorFlow does but runs everything with NumPy
    on the CPU, so this runs anywhere. Real TensorFlow on a machine without a GPU refuses a node
    pinned to `/gpu:0` unless the session is created with
    `tf.Session(config=tf.ConfigProto(allow_soft_placement=True))`.
    """),
    code("""
    with tf.Session(config=tf.ConfigProto(allow_soft_placement=True)) as sess:
        print(sess.run(product))
    """),
    md("""
    ## 6. Control dependencies (控制依赖)

    Data flows along the arrows; a **control dependency** adds an arrow that carries no data and
    only says "run that first". Ops created inside `with g.control_dependencies([...])` wait for
    the listed ops. The course's nested example (TF 0.x's `tf.mul` is `tf.multiply` in TF1;
    interflow accepts both):
    """),
    code("""
    with tf.Graph().as_default() as g:
        a = tf.constant(1.)
        b = tf.constant(2.)
        with tf.Session() as sess:
            with g.control_dependencies([a,b]):
                # Ops constructed here run after 'a' and 'b'.
                c = tf.constant(3.)
                d = tf.constant(4.)
                with g.control_dependencies([c, d]):
                    # Ops constructed here run after 'a', 'b', 'c' and 'd'.
                    e = tf.add(tf.add(a, b), tf.add(c, d))
                    print(sess.run(e))
    """),
    md("""
    The drawing shows control dependencies as **dashed** arrows. We pass the tensor to
    `interflow.notebook.draw` because `g` is not the default graph:
    """),
    code("""
    from interflow.notebook import draw
    draw(e)
    """),
    md("""
    **What to notice.** `c` and `d` (`Const_2`, `Const_3`) wait for `a` and `b` (`Const`,
    `Const_1`): dashed arrows. Of the three adds, only `Add` (`a + b`) gets dashed arrows from
    `c` and `d`: `Add_1` takes `c` and `d` as inputs anyway, and `Add_2`'s inputs were created
    inside the same block, so TensorFlow leaves out dependencies that are already implied.
    A dependency is attached when a node is **created** inside the block: an op built earlier and
    merely *returned* inside the block gets none — the pitfall of the course's "WRONG / RIGHT"
    `my_func` example.

    ## Summary

    * Building (`tf.constant`, `tf.Variable`, `x*y`, ...) adds nodes to a graph; nothing runs.
    * A session runs what the fetches need; variables must be initialized in each session.
    * Three ways to run: `sess.run` + `close()`, a `with` block with `eval()`/`run()`, and
      `InteractiveSession` in notebooks.
    * Several graphs can live side by side; `tf.reset_default_graph()` (or `%reset_graph`) gives
      a clean default graph.
    * Devices and control dependencies are recorded on the nodes.

    Next: **02 · The lifecycle of a node value**.
    """),
])
