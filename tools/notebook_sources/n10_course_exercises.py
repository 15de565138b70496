"""10 · The course's exercises, answered with demonstrations."""

from notebook_sources.cells import Notebook, code, md

NOTEBOOK = Notebook("notebooks/10_course_exercises.ipynb", [
    md("""
    # 10 · The course's exercises (练习), answered by experiment

    **Goal.** The course ends its chapter with five questions. For each one: think first, then
    run the cells that *show* the answer (with `%%trace` and drawings where they help). The
    self-checking classroom exercises are in the folder `exercises/`.
    """),
    code("""
    %load_ext interflow
    import numpy as np
    import interflow as tf
    """),
    md("""
    ## Question 1

    *Is `a_val = a.eval(session=sess)` the same as `a_val = sess.run(a)`?*

    **Answer: yes.** `eval(session=sess)` is a shortcut for `sess.run` with that one tensor
    (without `session=`, it uses the default session). The trace shows two identical runs:
    """),
    code("""
    a = tf.constant(2) * 21
    sess = tf.Session()
    """),
    code("""
    %%trace
    a_val = a.eval(session=sess)
    a_val2 = sess.run(a)
    print(a_val, a_val2)
    """),
    md("""
    ## Question 2

    *Is `a_val, b_val = a.eval(session=sess), b.eval(session=sess)` the same as
    `a_val, b_val = sess.run([a, b])`?*

    **Answer: no.** The first form runs the graph **twice**, so everything `a` and `b` share is
    computed twice; the second runs it once. With a random node in the shared part, the values
    even disagree:
    """),
    code("""
    shared = tf.random_uniform([], name="shared")   # one random draw per run
    a = shared + 1
    b = shared + 2
    """),
    code("""
    %%trace
    a_val, b_val = a.eval(session=sess), b.eval(session=sess)   # two runs
    print("two runs: b - a =", round(float(b_val - a_val), 4))
    """),
    code("""
    %%trace
    a_val, b_val = sess.run([a, b])                              # one run
    print("one run:  b - a =", round(float(b_val - a_val), 4))
    """),
    md("""
    **What to notice.** In the first trace `shared` ran twice (`ran 2×`), so `b - a` is not 1;
    in the second it ran once and `b - a` is 1 (printed to 4 places: in float32,
    `(s + 2) - (s + 1)` can miss 1 in the last bit).
    """),
    code("""
    sess.close()
    """),
    md("""
    ## Question 3

    *Can you run two graphs in the same session?*

    **No**: a session runs one graph (the default graph when it was created, or its `graph=`
    argument). Merge the graphs into one first. Asking a session for a node of another graph
    is an error:
    """),
    code("""
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default():
        one = tf.constant(1, name="one")
    with g2.as_default():
        two = tf.constant(2, name="two")

    with tf.Session(graph=g1) as sess:
        print(sess.run(one))
        try:
            sess.run(two)
        except ValueError as e:
            print("ValueError:", str(e).splitlines()[0])
    """),
    md("""
    ## Question 4

    *If you create a graph containing a variable `w`, then start two threads and open a session
    in each thread, both using the same graph, will each session have its own copy of `w`, or
    will it be shared?*

    **Answer:** in local TensorFlow, sessions manage variable values, so **each session has its
    own copy**. (In distributed TensorFlow, values live in containers managed by the cluster;
    sessions connected to the same cluster can share `w`.) Two sessions, one after the other,
    show it as well as two threads would:
    """),
    code("""
    tf.reset_default_graph()
    w = tf.Variable(0, name="w")
    add_one = tf.assign_add(w, 1)

    sess1, sess2 = tf.Session(), tf.Session()
    sess1.run(w.initializer)
    sess2.run(w.initializer)
    for _ in range(5):
        sess1.run(add_one)
    print("w in session 1:", sess1.run(w), "  w in session 2:", sess2.run(w))
    """),
    md("""
    ## Question 5

    *When is a variable initialized? When is it destroyed?*

    **Answer:** a variable's value comes to life when its **initializer runs** (or when it is
    restored from a checkpoint), and dies when the **session is closed**. Using it before, or
    in another session, fails:
    """),
    code("""
    sess1.close()
    try:
        sess1.run(w)
    except RuntimeError as e:
        print("closed session:", e)

    sess3 = tf.Session()
    try:
        sess3.run(w)
    except tf.errors.FailedPreconditionError as e:
        print("new session:", e.message.splitlines()[0])
    sess2.close()
    sess3.close()
    """),
    md("""
    ## Question 6

    *What is the difference between a placeholder and a variable? How can you set a variable to
    any value you want during the execution phase?*

    **Answer:** a **variable** is a node that holds a value: it must be initialized, it keeps
    its value between runs, and the optimizer changes it. A **placeholder** holds nothing: it
    only has a dtype and (maybe) a shape, and it must be fed a value in every run that needs it.

    To set a variable to any value at run time, build an assignment node whose value comes from
    a placeholder, and run it with a feed:
    """),
    code("""
    x = tf.Variable(tf.random_uniform(shape=(), minval=0.0, maxval=1.0))
    x_new_val = tf.placeholder(shape=(), dtype=tf.float32)
    x_assign = tf.assign(x, x_new_val)
    with tf.Session():
        x.initializer.run() # random number is sampled *now*
        print(x.eval()) # 0.646157 (some random number)
        x_assign.eval(feed_dict={x_new_val: 5.0})
        print(x.eval()) # 5.0
    """),
    code("""
    %graph x_assign
    """),
    md("""
    **What to notice.** The orange `Assign` node takes the variable (by reference) and the
    placeholder, the blue input shape. Running it with a feed writes the fed value into `x`.

    ## On to the classroom exercises

    The notebooks in `exercises/` ask you to write code yourself; a check under each exercise
    says right or wrong and gives a hint (never the answer).
    """),
])
