"""04 · Gradient descent: manual gradients, tf.gradients, an optimizer."""

from notebook_sources.cells import Notebook, code, md
from notebook_sources.n03_normal_equation import DATA_CELLS, SETUP

SCALING = [
    md("""
    Gradient descent needs features on similar scales. The course scales them with
    scikit-learn:

    ```python
    from sklearn.preprocessing import StandardScaler
    scaler = StandardScaler()
    scaled_housing_data = scaler.fit_transform(housing.data)
    ```

    which subtracts each column's mean and divides by its standard deviation; here is the same
    in NumPy, so the notebook needs no scikit-learn:
    """),
    code("""
    scaled_housing_data = (housing.data - housing.data.mean(axis=0)) / housing.data.std(axis=0)
    scaled_housing_data_plus_bias = np.c_[np.ones((m, 1)), scaled_housing_data]
    """),
]

NOTEBOOK = Notebook("notebooks/04_gradient_descent.ipynb", [
    md("""
    # 4 · Gradient descent (梯度下降): by hand, with autodiff, with an optimizer

    **Goal.** Train the linear model of notebook 3 by batch gradient descent, three ways, each
    shorter than the last:

    1. computing the gradient of the MSE **by hand** and writing the update with `tf.assign`;
    2. letting **`tf.gradients`** (autodiff, 自动微分) compute the gradient;
    3. letting an **optimizer** build both the gradient and the update.

    All three give the same θ; the drawings show what each one added to the graph.
    """),
    SETUP,
    *DATA_CELLS,
    *SCALING,
    md("""
    For comparison, the best θ for the scaled data (normal equation, NumPy):
    """),
    code("""
    target = housing.target.reshape(-1, 1)
    theta_best = np.linalg.lstsq(scaled_housing_data_plus_bias, target, rcond=None)[0]
    print(theta_best.ravel())
    """),
    md("""
    ## 1. Manually computing the gradients

    For MSE(θ) = 1/m Σ (xᵢ·θ − yᵢ)², the gradient is ∇θ MSE = 2/m Xᵀ (Xθ − y), and a step is
    θ ← θ − η ∇θ MSE. `tf.random_uniform()` creates a node that generates a random tensor (like
    NumPy's `rand()`), here θ's initial value; `tf.assign()` creates a node that writes a new
    value into a variable.
    """),
    code("""
    reset_graph()

    n_epochs = 1000
    learning_rate = 0.01

    X = tf.constant(scaled_housing_data_plus_bias, dtype=tf.float32, name="X")
    y = tf.constant(housing.target.reshape(-1, 1), dtype=tf.float32, name="y")
    theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
    y_pred = tf.matmul(X, theta, name="predictions")
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    gradients = 2/m * tf.matmul(tf.transpose(X), error)
    training_op = tf.assign(theta, theta - learning_rate * gradients)

    init = tf.global_variables_initializer()

    with tf.Session() as sess:
        sess.run(init)

        for epoch in range(n_epochs):
            if epoch % 100 == 0:
                print("Epoch", epoch, "MSE =", mse.eval())
            sess.run(training_op)

        best_theta = theta.eval()
    """),
    code("""
    %graph training_op
    """),
    md("""
    **What to notice.** The whole training step is one graph: from `X` and `theta` down to the
    prediction, the error, the hand-written gradient (`transpose`, `MatMul_1`, `mul`), and the
    orange `Assign` node that writes the new θ back into the variable `theta`. Running
    `training_op` once runs all of it once. The MSE fell from about 3.1 to 0.27.
    """),
    code("""
    print("largest difference to the best theta:", np.abs(best_theta - theta_best).max())
    """),
    md("""
    ## 2. Using autodiff: `tf.gradients`

    Differentiating by hand is tedious and error-prone for anything bigger than a linear model.
    `tf.gradients(ys, xs)` adds the nodes that compute the gradient of `ys` with respect to each
    of `xs`, and returns them **as a list**, one gradient per variable, hence the `[0]`.
    Only the `gradients = ...` line changes:
    """),
    code("""
    reset_graph()

    X = tf.constant(scaled_housing_data_plus_bias, dtype=tf.float32, name="X")
    y = tf.constant(housing.target.reshape(-1, 1), dtype=tf.float32, name="y")
    theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
    y_pred = tf.matmul(X, theta, name="predictions")
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    gradients = tf.gradients(mse, [theta])[0]
    training_op = tf.assign(theta, theta - learning_rate * gradients)

    init = tf.global_variables_initializer()

    with tf.Session() as sess:
        sess.run(init)

        for epoch in range(n_epochs):
            if epoch % 100 == 0:
                print("Epoch", epoch, "MSE =", mse.eval())
            sess.run(training_op)

        best_theta = theta.eval()

    print("largest difference to the best theta:", np.abs(best_theta - theta_best).max())
    """),
    md("""
    The gradient nodes live in a name scope `gradients/`, drawn as one box; `--expand gradients`
    opens it. Autodiff walked the graph backwards from `mse`, adding one `..._grad` scope per
    op it differentiated through (pink nodes); follow the arrows and you find your formula of
    section 1: the error times a constant (`Square_grad`: 2/m, from the mean of squares), then
    a `MatMul` with `X` transposed (`predictions_grad`).
    """),
    code("""
    %graph gradients --expand gradients
    """),
    md("""
    Is the autodiff gradient right? `interflow.testing.check_gradients` compares it with
    *finite differences*: it nudges each element of θ up and down a little and measures how
    the MSE changes.
    """),
    code("""
    from interflow.testing import check_gradients

    check_gradients(mse, theta)
    """),
    md("""
    ## 3. Using an optimizer

    Simpler still: an optimizer computes the gradients *and* builds the update. Replace the
    `gradients = ...` and `training_op = ...` lines by:
    """),
    code("""
    reset_graph()

    n_epochs = 1000
    learning_rate = 0.01

    X = tf.constant(scaled_housing_data_plus_bias, dtype=tf.float32, name="X")
    y = tf.constant(housing.target.reshape(-1, 1), dtype=tf.float32, name="y")
    theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
    y_pred = tf.matmul(X, theta, name="predictions")
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
    training_op = optimizer.minimize(mse)
    init = tf.global_variables_initializer()

    with tf.Session() as sess:
        sess.run(init)

        for epoch in range(n_epochs):
            if epoch % 100 == 0:
                print("Epoch", epoch, "MSE =", mse.eval())
            sess.run(training_op)

        best_theta = theta.eval()

    print("Best theta:")
    print(best_theta)
    """),
    code("""
    %graph training_op
    """),
    md("""
    **What to notice.** `minimize()` added the `gradients` box (the same backward pass as
    `tf.gradients`) and a `GradientDescent` box holding the update op, `ApplyGradientDescent`,
    which writes into `theta`. `training_op` is that update. Swapping in another optimizer
    (`tf.train.MomentumOptimizer`, `tf.train.AdamOptimizer`, ...) changes one line.
    """),
    code("""
    print("largest difference to the best theta:", np.abs(best_theta - theta_best).max())
    """),
    md("""
    ## Summary

    | gradient | update | lines you write |
    |---|---|---|
    | by hand: `2/m * tf.matmul(tf.transpose(X), error)` | `tf.assign(theta, theta - learning_rate * gradients)` | both |
    | `tf.gradients(mse, [theta])[0]` | `tf.assign(...)` | the update |
    | `optimizer.minimize(mse)` | (built by the optimizer) | one |

    All three train the same graph to the same θ. Next: **05 · Mini-batches and placeholders**,
    where the data comes in through placeholders instead of constants.
    """),
])
