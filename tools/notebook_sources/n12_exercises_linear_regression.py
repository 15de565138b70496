"""Exercises 2 · Linear regression: gradients, training steps, mini-batches."""

from notebook_sources.cells import Notebook, code, exercise, md, teacher_only
from notebook_sources.n03_normal_equation import DATA_CELLS, SETUP
from notebook_sources.n04_gradient_descent import SCALING
from notebook_sources.n11_exercises_graphs_and_sessions import CHECK_INTRO

NOTEBOOK = Notebook(
    "notebooks/exercises/02_linear_regression.ipynb",
    solution_path="solutions/02_linear_regression_solution.ipynb",
    cells=[
        md("""
        # Exercises 2 · Linear regression (线性回归)

        Practice for notebooks 4 and 5: write the gradient of the MSE yourself, turn it into a
        training step, let autodiff and an optimizer do the work, then train on mini-batches
        fed through placeholders.
        """),
        CHECK_INTRO,
        SETUP,
        code("""
        from interflow import exercises as ex
        """),
        *DATA_CELLS,
        *SCALING,
        md("""
        ## The model

        The model of notebook 4, up to the loss:
        """),
        code("""
        reset_graph()

        learning_rate = 0.01

        X = tf.constant(scaled_housing_data_plus_bias, dtype=tf.float32, name="X")
        y = tf.constant(housing.target.reshape(-1, 1), dtype=tf.float32, name="y")
        theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
        y_pred = tf.matmul(X, theta, name="predictions")
        error = y_pred - y
        mse = tf.reduce_mean(tf.square(error), name="mse")
        """),
        code("""
        %graph mse
        """),
        md("""
        ## Exercise 1 · The gradient, by hand

        Write `gradients`, the gradient of `mse` with respect to `theta`, **with graph ops**
        (no `tf.gradients` here). It must have the shape of `theta`. Recall that
        MSE(θ) = 1/m Σᵢ (xᵢ·θ − yᵢ)² and `error` is `y_pred - y`.

        The check compares your gradient with the change of `mse` measured by *finite
        differences* (nudging each element of θ), at two values of θ.
        """),
        exercise("""
        # Your turn:
        gradients = None
        """, """
        gradients = 2/m * tf.matmul(tf.transpose(X), error)
        """),
        code("""
        ex.check_manual_gradients(gradients, mse, theta)
        """),
        teacher_only("""
        *Teacher's note.* Common mistakes and the hint each one gets: forgetting `2/m` ("the
        direction is right but it is ... times too large"), `tf.matmul(error, X)` or a missing
        transpose (a shape message), `y - y_pred` ("the sign is flipped"), computing the value
        with NumPy (a value, not a node of the graph).
        """),
        md("""
        ## Exercise 2 · One step of gradient descent

        Build `training_op`: running it once must take one gradient-descent step,
        θ ← θ − η ∇θ MSE, with η = `learning_rate`, using your `gradients`.
        """),
        exercise("""
        # Your turn:
        training_op = None
        """, """
        training_op = tf.assign(theta, theta - learning_rate * gradients)
        """),
        code("""
        ex.check_training_step(training_op, theta, mse, learning_rate)
        """),
        md("""
        ## Exercise 3 · Let autodiff compute the gradient

        Same gradient as in exercise 1, but computed by TensorFlow's automatic
        differentiation (自动微分).
        """),
        exercise("""
        # Your turn:
        gradients = None
        """, """
        gradients = tf.gradients(mse, [theta])[0]
        """),
        code("""
        ex.check_autodiff_gradients(gradients, mse, theta)
        """),
        md("""
        ## Exercise 4 · Let an optimizer build the step

        Create a plain gradient-descent optimizer with our `learning_rate` and let it build
        `training_op` for `mse`.
        """),
        exercise("""
        # Your turn:
        optimizer = None
        training_op = None
        """, """
        optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
        training_op = optimizer.minimize(mse)
        """),
        code("""
        ex.check_training_step(training_op, theta, mse, learning_rate)
        """),
        md("""
        ## Exercise 5 · Mini-batches

        Now the data comes in through placeholders (占位符), one mini-batch per step:
        """),
        code("""
        reset_graph()

        X = tf.placeholder(tf.float32, shape=(None, n + 1), name="X")
        y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
        theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
        y_pred = tf.matmul(X, theta, name="predictions")
        error = y_pred - y
        mse = tf.reduce_mean(tf.square(error), name="mse")
        optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
        training_op = optimizer.minimize(mse)

        batch_size = 100
        n_batches = int(np.ceil(m / batch_size))
        """),
        md("""
        Write `fetch_batch(epoch, batch_index, batch_size)`: it returns `X_batch`, `batch_size`
        random rows of `scaled_housing_data_plus_bias`, and `y_batch`, their targets from
        `housing.target` as a column (shape `(batch_size, 1)`). Asking twice for the same
        `(epoch, batch_index)` must give the same batch.
        """),
        exercise("""
        def fetch_batch(epoch, batch_index, batch_size):
            # Your turn:
            X_batch, y_batch = None, None
            return X_batch, y_batch
        """, """
        def fetch_batch(epoch, batch_index, batch_size):
            np.random.seed(epoch * n_batches + batch_index)
            indices = np.random.randint(m, size=batch_size)
            X_batch = scaled_housing_data_plus_bias[indices]
            y_batch = housing.target.reshape(-1, 1)[indices]
            return X_batch, y_batch
        """),
        code("""
        ex.check_fetch_batch(fetch_batch, scaled_housing_data_plus_bias, housing.target)
        """),
        md("""
        ## Exercise 6 · The training loop

        Train for `n_epochs` epochs: in each epoch, run `training_op` once per batch, feeding
        that batch to the placeholders. `best_theta` must be θ's value after training.
        """),
        exercise("""
        n_epochs = 10
        init = tf.global_variables_initializer()

        with tf.Session() as sess:
            sess.run(init)

            # Your turn: the loops over epochs and batches.

            best_theta = theta.eval()
        """, """
        n_epochs = 10
        init = tf.global_variables_initializer()

        with tf.Session() as sess:
            sess.run(init)

            for epoch in range(n_epochs):
                for batch_index in range(n_batches):
                    X_batch, y_batch = fetch_batch(epoch, batch_index, batch_size)
                    sess.run(training_op, feed_dict={X: X_batch, y: y_batch})

            best_theta = theta.eval()
        """),
        code("""
        ex.check_trained_theta(best_theta, scaled_housing_data_plus_bias, housing.target)
        """),
        md("""
        All six ✓? Then go on with notebook 6 (saving and restoring).
        """),
    ])
