"""07 · Visualizing the graph and training curves: drawings, summaries, TensorBoard."""

from notebook_sources.cells import Notebook, code, md
from notebook_sources.n03_normal_equation import DATA_CELLS, SETUP
from notebook_sources.n04_gradient_descent import SCALING

NOTEBOOK = Notebook("notebooks/07_visualizing_graphs_and_training_curves.ipynb", [
    md("""
    # 7 · Visualizing the graph and training curves (可视化: TensorBoard)

    **Goal.** Two ways to look at a model:

    * **in the notebook**: draw the graph (`%graph`, `interflow.notebook.draw`) and save the
      drawing;
    * **with TensorBoard**: write the graph and training statistics (*summaries*) to a log
      directory with a `tf.summary.FileWriter`, then open TensorBoard on it.
    """),
    SETUP,
    *DATA_CELLS,
    *SCALING,
    md("""
    ## 1. A fresh log directory for each run

    TensorBoard reads every event file under the directory you give it; if two runs write to
    the same directory, their curves get mixed up. The course therefore puts a timestamp in each
    run's directory name. (It uses `datetime.utcnow()`, which Python 3.12 deprecates; this is the
    same UTC time.)
    """),
    code("""
    reset_graph()

    from datetime import datetime, timezone

    now = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
    root_logdir = "tf_logs"
    logdir = "{}/run-{}/".format(root_logdir, now)
    print(logdir)
    """),
    md("""
    ## 2. The model, a summary node and a FileWriter

    The mini-batch model of notebook 5, plus two lines at the end of the construction phase:

    * `tf.summary.scalar('MSE', mse)` adds a node that evaluates the MSE and formats it as a
      *summary*, the binary record TensorBoard reads;
    * `tf.summary.FileWriter(logdir, graph)` creates the log directory and an event file in it,
      and writes the graph's definition there right away.
    """),
    code("""
    n_epochs = 10         # the course trains for 1000 epochs; 10 show the curve in a second
    learning_rate = 0.01

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
    """),
    md("""
    The summary node is an ordinary node fed by `mse`:
    """),
    code("""
    %graph mse_summary
    """),
    md("""
    ## 3. Writing the training curve

    During training, evaluate `mse_summary` every so often and hand the result to the
    FileWriter with the step number. Close the writer at the end so everything reaches the
    disk.
    """),
    code("""
    batch_size = 100
    n_batches = int(np.ceil(m / batch_size))

    def fetch_batch(epoch, batch_index, batch_size):
        np.random.seed(epoch * n_batches + batch_index)
        indices = np.random.randint(m, size=batch_size)
        X_batch = scaled_housing_data_plus_bias[indices]
        y_batch = housing.target.reshape(-1, 1)[indices]
        return X_batch, y_batch

    with tf.Session() as sess:                                                        # not shown in the book
        sess.run(init)                                                                # not shown

        for epoch in range(n_epochs):                                                 # not shown
            for batch_index in range(n_batches):
                X_batch, y_batch = fetch_batch(epoch, batch_index, batch_size)
                if batch_index % 10 == 0:
                    summary_str = mse_summary.eval(feed_dict={X: X_batch, y: y_batch})
                    step = epoch * n_batches + batch_index
                    file_writer.add_summary(summary_str, step)
                sess.run(training_op, feed_dict={X: X_batch, y: y_batch})

        best_theta = theta.eval()

    file_writer.close()
    """),
    md("""
    (The course's text says "every 10 batches"; its code tests `batch_index % 100`. We use 10,
    for a smoother curve.)

    The log directory now holds one event file, with the graph and 210 MSE values:
    """),
    code("""
    import os
    os.listdir(logdir)
    """),
    md("""
    ## 4. Opening TensorBoard

    TensorBoard is a small web server that reads the log directories. In a terminal, in the
    folder that contains `tf_logs` (here: the notebook's folder):

    ```bash
    tensorboard --logdir tf_logs/
    ```

    then open http://localhost:6006 in a browser. The **Scalars** tab shows one MSE curve per
    run (each `run-...` directory is a run; run this notebook twice and you get two curves), the
    **Graphs** tab the graph. In Jupyter you can also embed it in the notebook with the magic
    that ships with TensorBoard:

    ```
    %load_ext tensorboard
    %tensorboard --logdir tf_logs
    ```

    (TensorBoard is installed with interflow's `tensorboard` extra. Stop a terminal TensorBoard
    with Ctrl+C.)

    ## 5. The curve without TensorBoard

    The event file is not a black box: TensorBoard's own reader gives back the values we
    wrote. A few lines of SVG draw them right here (no plotting library needed):
    """),
    code("""
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from IPython.display import SVG

    events = EventAccumulator(logdir)
    events.Reload()
    print("scalar tags:", events.Tags()["scalars"])
    tag = events.Tags()["scalars"][0]
    steps = [e.step for e in events.Scalars(tag)]
    values = [e.value for e in events.Scalars(tag)]

    def plot_curve(steps, values, width=520, height=220, label="MSE"):
        \"\"\"A minimal line chart as SVG text.\"\"\"
        x0, x1, y0, y1 = min(steps), max(steps), 0.0, max(values)
        px = lambda s: 50 + (s - x0) / (x1 - x0) * (width - 70)
        py = lambda v: height - 30 - (v - y0) / (y1 - y0) * (height - 50)
        points = " ".join("%.1f,%.1f" % (px(s), py(v)) for s, v in zip(steps, values))
        return SVG(f'''<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"
          font-family="sans-serif" font-size="11">
          <line x1="50" y1="{py(0)}" x2="{width - 20}" y2="{py(0)}" stroke="#888"/>
          <line x1="50" y1="{py(0)}" x2="50" y2="20" stroke="#888"/>
          <text x="45" y="{py(y1) + 4}" text-anchor="end">{y1:.2f}</text>
          <text x="45" y="{py(0) + 4}" text-anchor="end">0</text>
          <text x="50" y="{height - 12}">step {x0}</text>
          <text x="{width - 20}" y="{height - 12}" text-anchor="end">step {x1}</text>
          <text x="60" y="16" font-weight="bold">{label}</text>
          <polyline points="{points}" fill="none" stroke="#e8710a" stroke-width="1.5"/>
        </svg>''')

    plot_curve(steps, values)
    """),
    md("""
    **What to notice.**

    * The MSE drops steeply during the first epoch, then stays noisy around its minimum: each
      point is the MSE of one mini-batch of 100 rows, not of the whole data set.
    * The tag is `MSE_1`, not `MSE`! A summary's tag is its node's name, and TensorFlow makes
      node names unique *ignoring case*: the graph already has a node `mse`. Real TensorFlow 1
      does exactly the same, so TensorBoard shows `MSE_1`; name the loss node differently (or
      the summary `'MSE_train'`) if that bothers you.

    ## 6. Drawing in the notebook, and saving the drawing

    `%graph` draws the default graph. Name scopes are drawn as boxes; big ones (like the
    optimizer's `gradients`) start closed, so the picture stays readable:
    """),
    code("""
    %graph
    """),
    md("""
    `interflow.notebook.draw` is the function behind the magic: it takes a graph, a tensor (to
    draw what it needs) or a list of tensors, and options such as `expand=` (boxes to open) and
    `depth=`. The result displays itself; `.save()` writes it as SVG for slides or a report,
    and `.dot` is its Graphviz source.
    """),
    code("""
    from interflow.notebook import draw

    picture = draw(training_op, expand=["gradients"])
    picture.save(os.path.join(logdir, "training_graph.svg"))
    picture
    """),
    md("""
    ## Summary

    * `tf.summary.scalar(name, tensor)` makes a summary node; `FileWriter(logdir, graph)` writes
      the graph and, with `add_summary(summary_str, step)`, the values; `close()` at the end.
    * One log directory per run (a timestamp in its name); `tensorboard --logdir tf_logs/`.
    * In a notebook, `%graph` and `draw()` show the same graph without leaving the page.

    Next: **08 · Name scopes and modularity**.
    """),
])
