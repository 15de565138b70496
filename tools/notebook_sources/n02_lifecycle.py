"""02 · The lifecycle of a node value."""

from notebook_sources.cells import Notebook, code, md

NOTEBOOK = Notebook("notebooks/02_lifecycle_of_a_node_value.ipynb", [
    md("""
    # 2 · The lifecycle of a node value (节点值的生命周期)

    **Goal.** Know exactly what a session computes when you evaluate a tensor, what it keeps
    afterwards (only variables' values), and how to fetch several values in one run. We *watch*
    the runs with `%%trace`: it runs a cell and counts how many times each node was computed.
    """),
    code("""
    %load_ext interflow
    import interflow as tf
    """),
    md("""
    The course's example: `y` and `z` both depend on `x`, which depends on `w`.
    """),
    code("""
    w = tf.constant(3)
    x = w + 2
    y = x + 5
    z = x * 3
    """),
    code("""
    %graph
    """),
    md("""
    ## 1. Two `eval()` calls are two runs

    When you evaluate a node, TensorFlow finds the nodes it depends on and computes those first.
    Evaluating `y` computes `w`, then `x`, then `y`. Evaluating `z` afterwards starts again from
    scratch: the session does **not** reuse the `w` and `x` it computed a moment ago.
    """),
    code("""
    %%trace t
    with tf.Session() as sess:
        print(y.eval())  # 10
        print(z.eval())  # 15
    """),
    md("""
    **What to notice.** The drawing writes on each node how many times it ran: `w` and `x`
    (`add`) ran **twice**, once for each `eval()`. The table lists each run and what it computed,
    in order. `%%trace t` also kept the trace in the Python variable `t`:
    """),
    code("""
    print(t.counts)
    print(len(t.runs), "runs")
    """),
    md("""
    ## 2. One run for several values

    To compute `w` and `x` only once, ask for `y` and `z` in the **same** run:
    """),
    code("""
    %%trace t2
    with tf.Session() as sess:
        y_val, z_val = sess.run([y, z])
        print(y_val)  # 10
        print(z_val)  # 15
    """),
    md("""
    **What to notice.** One run, and every node ran once. This matters when the shared part is
    expensive (a whole network) or random: two `eval()`s of a random tensor's descendants see
    two different random draws.

    The values are written on the drawing too: `%graph y z --values` runs the fetches in the
    default session and labels every node with its value.
    """),
    code("""
    sess = tf.InteractiveSession()
    %graph y z --values
    """),
    md("""
    **Step through the run yourself.** `%step y z` opens the *op stepper* on that same run, in
    the default session: **Step** computes the next node, **Back** goes back, **Play** runs on
    its own, and the drawing shows each value as it is computed. (A saved copy of the notebook,
    opened without a kernel, shows the drawing as the stepper last left it.)
    """),
    code("""
    stepper = %step y z
    stepper
    """),
    md("""
    The stepper is also a Python object: `step(n)` computes the next `n` nodes, `order` is the
    order the session runs them in, `values` what has been computed so far.
    """),
    code("""
    stepper.step(3)
    print("order:   ", stepper.order)
    print("just ran:", stepper.current)
    print("values:  ", {name: int(v) for name, v in stepper.values.items()})
    """),
    md("""
    **What to notice.** The session orders the nodes so that each one runs after its inputs:
    `w` (`Const`) and the constant `add/y` before `x` (`add`). After three steps `x` is known,
    and neither `y` nor `z` is computed yet; press **Step** above (or run `stepper.finish()`)
    to go on.

    ## 3. What survives a run: only variables (变量)

    All node values are dropped between graph runs, **except variables' values**, which the
    session keeps from their initialization until the session is closed. The counter from the
    course (`tf.initialize_all_variables()` is the old name of
    `tf.global_variables_initializer()`):
    """),
    code("""
    %reset_graph
    # 创建一个变量, 初始化为标量 0.  (a variable, initialized to the scalar 0)
    state = tf.Variable(0, name="counter")

    # 创建一个 op, 其作用是使 state 增加 1  (an op that adds 1 to state)
    one = tf.constant(1)
    new_value = tf.add(state, one)
    update = tf.assign(state, new_value)

    init_op = tf.initialize_all_variables()
    """),
    code("""
    %%trace counting
    with tf.Session() as sess:
      sess.run(init_op)
      print(sess.run(state))
      for _ in range(3):
        sess.run(update)
        print(sess.run(state))
    """),
    md("""
    **What to notice.** Each `sess.run(update)` recomputed `one` and `Add` from scratch, yet the
    printed value grows 0, 1, 2, 3: the number lives in the variable `counter`, inside the
    session. `tf.assign` (赋值) is a node like any other: building it changes nothing, *running*
    it writes into the variable.

    ## 4. Every session has its own copy

    Sessions do not share variable values, even when they run the same graph. (In distributed
    TensorFlow values live on parameter servers and sessions connected to the same cluster do
    share them.) A variable's life starts when its initializer runs and ends when its session
    is closed:
    """),
    code("""
    sess_a = tf.Session()
    sess_b = tf.Session()
    sess_a.run(init_op)
    sess_b.run(init_op)
    for _ in range(3):
        sess_a.run(update)
    print("session a:", sess_a.run(state), "  session b:", sess_b.run(state))
    sess_a.close()
    sess_b.close()
    """),
    md("""
    ## 5. Feeding: replacing a value for one run

    A **feed** replaces the value of a tensor for the duration of one `run()` call. Usually you
    feed **placeholders** (占位符), nodes that exist only to be fed; running one without a feed
    is an error.
    """),
    code("""
    input1 = tf.placeholder(tf.float32)
    input2 = tf.placeholder(tf.float32)
    output = tf.multiply(input1, input2)

    with tf.Session() as sess:
      print(sess.run([output], feed_dict={input1:[7.], input2:[2.]}))
    """),
    md("""
    But any tensor can be fed, not only placeholders. Back to the first graph: feed `x` and the
    session does not even compute `w`:
    """),
    code("""
    %reset_graph
    w = tf.constant(3)
    x = w + 2
    y = x + 5
    z = x * 3
    """),
    code("""
    %%trace
    with tf.Session() as sess:
        print(y.eval(feed_dict={x: 100}))
    """),
    md("""
    **What to notice.** The run computed only `y` (and its constant `5`): `x` was fed, so
    nothing above it was needed. The feed lasts for that one run.

    ## Summary

    * Evaluating a node computes everything it depends on, every time.
    * `sess.run([y, z])` computes shared nodes once; `y.eval(); z.eval()` computes them twice.
    * Values are dropped after each run, except variables', which live in the session from
      initialization to `close()`; each session has its own copy.
    * Feeds replace a tensor's value for one run; placeholders must be fed.

    Next: **03 · Linear regression with the normal equation**.
    """),
])
