"""05 · Feeding data: placeholders and mini-batch gradient descent."""

from notebook_sources.cells import Notebook, code, md
from notebook_sources.n03_normal_equation import DATA_CELLS, SETUP
from notebook_sources.n04_gradient_descent import SCALING

NOTEBOOK = Notebook("notebooks/05_mini_batches_and_placeholders.ipynb", [
    md("""
    # 5 · Feeding data: placeholders and mini-batches (占位符 与 小批量)

    **Goal.** Replace the constant data of notebook 4 by **placeholders**, so that each
    training step can be fed a different *mini-batch*, and watch the training step by step.
    """),
    SETUP,
    md("""
    ## 1. Placeholders

    A placeholder computes nothing: it outputs whatever you feed it, for one run. You declare
    its dtype and, optionally, its shape; `None` leaves a dimension free ("any number of rows").
    """),
    code("""
    reset_graph()

    A = tf.placeholder(tf.float32, shape=(None, 3))
    B = A + 5
    with tf.Session() as sess:
        B_val_1 = B.eval(feed_dict={A: [[1, 2, 3]]})
        B_val_2 = B.eval(feed_dict={A: [[4, 5, 6], [7, 8, 9]]})

    print(B_val_1)
    print(B_val_2)
    """),
    md("""
    The drawing shows the free dimension as `?` on the edge: `?×3 float32`.
    """),
    code("""
    %graph B
    """),
    md("""
    Forget the feed, or feed the wrong shape, and the run fails with a message that names the
    placeholder (we print just the first line):
    """),
    code("""
    with tf.Session() as sess:
        for feed in [{}, {A: [[1, 2]]}]:
            try:
                sess.run(B, feed_dict=feed)
            except (tf.errors.InvalidArgumentError, ValueError) as e:
                print(type(e).__name__ + ":", str(getattr(e, "message", e)).splitlines()[0])
    """),
    md("""
    ## 2. Mini-batch gradient descent

    The data and the scaling of notebook 4:
    """),
    *DATA_CELLS,
    *SCALING,
    md("""
    Only the first lines of the model change: `X` and `y` become placeholders with a free
    number of rows. `fetch_batch` picks `batch_size` random rows; seeding NumPy with the epoch
    and batch index makes every batch reproducible.
    """),
    code("""
    reset_graph()

    n_epochs = 10
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

    batch_size = 100
    n_batches = int(np.ceil(m / batch_size))

    def fetch_batch(epoch, batch_index, batch_size):
        np.random.seed(epoch * n_batches + batch_index)  # not shown in the book
        indices = np.random.randint(m, size=batch_size)  # not shown
        X_batch = scaled_housing_data_plus_bias[indices] # not shown
        y_batch = housing.target.reshape(-1, 1)[indices] # not shown
        return X_batch, y_batch

    with tf.Session() as sess:
        sess.run(init)

        for epoch in range(n_epochs):
            for batch_index in range(n_batches):
                X_batch, y_batch = fetch_batch(epoch, batch_index, batch_size)
                sess.run(training_op, feed_dict={X: X_batch, y: y_batch})

        best_theta = theta.eval()

    best_theta
    """),
    md("""
    **What to notice.** 10 epochs × 207 batches = 2,070 small steps, each on 100 rows instead
    of 20,640. The result is close to the best θ, not equal: every step follows the gradient of
    a random sample, so θ keeps jittering around the optimum.
    """),
    code("""
    target = housing.target.reshape(-1, 1)
    theta_best = np.linalg.lstsq(scaled_housing_data_plus_bias, target, rcond=None)[0]

    def full_mse(theta):
        return np.mean((scaled_housing_data_plus_bias @ theta - target) ** 2)

    print("MSE of the mini-batch theta:", full_mse(best_theta))
    print("MSE of the best theta:      ", full_mse(theta_best))
    """),
    md("""
    The graph is the same as with constants, except that `X` and `y` are placeholders (drawn as
    inputs, with `?` rows):
    """),
    code("""
    %graph training_op
    """),
    md("""
    Drawn with the values of one step, for one mini-batch: `--feed_dict` gives the feed, and
    `--values` runs the fetch once in the default session and writes each node's value on it
    (big arrays are summarized by their shape and a few numbers).
    """),
    code("""
    sess = tf.InteractiveSession()
    sess.run(init)
    X_batch, y_batch = fetch_batch(0, 0, batch_size)
    %graph mse --values --feed_dict {X: X_batch, y: y_batch}
    """),
    md("""
    ## 3. Watching the training, step by step

    `%train` opens the *training stepper* on `training_op` in the default session: **Step**
    runs one training step, **Run N** runs N of them, **Play** keeps training, **Reset** runs the
    initializers again. The drawing colours the nodes of one step by phase — forward pass,
    gradients, update — and the side panel plots the watched loss step after step.

    Each step needs its own mini-batch: `--feed feed_for` calls `feed_for(step)` at every step
    (step 0, 1, 2, ...) and feeds the dict it returns.
    """),
    code("""
    sess.run(init)   # start again from the initial theta

    def feed_for(step):
        \"\"\"The feed of training step `step`: batch after batch, epoch after epoch.\"\"\"
        X_batch, y_batch = fetch_batch(step // n_batches, step % n_batches, batch_size)
        return {X: X_batch, y: y_batch}

    trainer = %train training_op --feed feed_for --watch mse,theta
    trainer
    """),
    md("""
    The stepper is a Python object too: `trainer.step(n)` is the **Run N** button, and
    `trainer.history` keeps every watched value, step by step (the MSE of each step's batch,
    computed before that step's update).
    """),
    code("""
    trainer.step(300)
    mse_by_step = trainer.history[mse]
    print(trainer.steps, "steps; MSE every 50 steps:",
          [round(float(v), 3) for v in mse_by_step[::50]])
    print("theta after them:", trainer.history[theta][-1].ravel().round(3))
    """),
    md("""
    **What to notice.** The MSE falls from about 3 to about 0.3 within the first 300 steps,
    less than two epochs, then jitters: each value is measured on a different batch. Compare
    with the curve of notebook 7, written to TensorBoard.
    """),
    code("""
    sess.close()
    """),
    md("""
    ## Summary

    * `tf.placeholder(dtype, shape)` declares an input; `None` in the shape accepts any size.
    * Every run that needs a placeholder must feed it: `feed_dict={X: X_batch, y: y_batch}`.
    * Mini-batch gradient descent = the same training op, run on a new batch each step.
    * `%train training_op --feed feed_for` (or `interflow.notebook.stepper.TrainingStepper`)
      runs training step by step and records the loss.

    Next: **06 · Saving and restoring models**.
    """),
])
