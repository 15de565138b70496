"""03 · Linear regression by the normal equation."""

from notebook_sources.cells import Notebook, code, md

DATA_CELLS = [
    md("""
    ### The data: California housing, offline

    The course uses scikit-learn's California housing data: 20,640 districts, 8 features
    (median income, house age, average rooms, ...) and the median house value in units of
    $100,000. Downloading it needs internet access:

    ```python
    from sklearn.datasets import fetch_california_housing
    housing = fetch_california_housing()
    ```

    This notebook must run offline (in a classroom, on Binder, in tests), so we use
    `interflow.datasets.california_housing()`: a **synthetic** data set with the same shapes,
    feature names and value ranges, made from a fixed linear model plus noise. The numbers you
    get differ from the book's; the code is the same. With internet access and scikit-learn,
    swap the line for the one above.
    """),
    code("""
    from interflow.datasets import california_housing

    housing = california_housing()   # offline stand-in for fetch_california_housing()
    m, n = housing.data.shape
    print(m, "rows,", n, "features:", housing.feature_names)
    """),
]

SETUP = code("""
%load_ext interflow
import numpy as np
import interflow as tf

def reset_graph(seed=42):
    \"\"\"A new, empty default graph and fixed seeds: the same numbers at every run.\"\"\"
    tf.reset_default_graph()
    tf.set_random_seed(seed)
    np.random.seed(seed)
""")

NOTEBOOK = Notebook("notebooks/03_linear_regression_normal_equation.ipynb", [
    md("""
    # 3 · Linear regression by the normal equation (正规方程)

    **Goal.** Use a graph for real numerical work: compute the best linear model of house
    prices in closed form, θ = (XᵀX)⁻¹ Xᵀ y, first with TensorFlow ops, then with NumPy,
    and compare. Unlike the NumPy version, the TensorFlow graph could run on a GPU.
    """),
    SETUP,
    *DATA_CELLS,
    md("""
    ## 1. The normal equation as a graph

    Add a column of ones (the bias term x₀ = 1), turn the NumPy arrays into constant nodes, and
    write the formula with graph ops. Nothing is computed until `theta.eval()`.
    """),
    code("""
    reset_graph()

    housing_data_plus_bias = np.c_[np.ones((m, 1)), housing.data]

    X = tf.constant(housing_data_plus_bias, dtype=tf.float32, name="X")
    y = tf.constant(housing.target.reshape(-1, 1), dtype=tf.float32, name="y")
    XT = tf.transpose(X)
    theta = tf.matmul(tf.matmul(tf.matrix_inverse(tf.matmul(XT, X)), XT), y)

    with tf.Session() as sess:
        theta_value = theta.eval()

    theta_value
    """),
    code("""
    %graph theta
    """),
    md("""
    **What to notice.** Read the drawing from the top: the data enters as two constants, `X`
    (20640×9) and `y` (20640×1); each edge is labelled with the shape and dtype of the tensor it
    carries, so you can check the algebra: `MatMul` of 9×20640 by 20640×9 gives 9×9, inverted,
    and so on down to θ, 9×1.

    ## 2. The same with NumPy
    """),
    code("""
    X = housing_data_plus_bias
    y = housing.target.reshape(-1, 1)
    theta_numpy = np.linalg.inv(X.T.dot(X)).dot(X.T).dot(y)

    print(theta_numpy)
    """),
    md("""
    With scikit-learn installed, the course also compares with its `LinearRegression`:

    ```python
    from sklearn.linear_model import LinearRegression
    lin_reg = LinearRegression()
    lin_reg.fit(housing.data, housing.target.reshape(-1, 1))

    print(np.r_[lin_reg.intercept_.reshape(-1, 1), lin_reg.coef_.T])
    ```

    ## 3. Why the numbers differ a little
    """),
    code("""
    print("largest |TF - NumPy| coefficient difference:", np.abs(theta_value - theta_numpy).max())

    def mse(theta):
        return np.mean((housing_data_plus_bias @ theta - y) ** 2)

    print("MSE with the TF (float32) theta:   ", mse(theta_value))
    print("MSE with the NumPy (float64) theta:", mse(theta_numpy))
    """),
    md("""
    **What to notice.** The graph computed in `float32` (we asked for it with
    `dtype=tf.float32`), NumPy in `float64`. XᵀX for unscaled features (population is in the
    thousands) is badly conditioned, so inverting it in single precision loses digits; yet the
    two models predict almost equally well (compare the MSEs). The next notebook avoids the
    inverse altogether and trains the model by gradient descent on scaled features.

    ## Summary

    * Graph ops (`tf.matmul`, `tf.transpose`, `tf.matrix_inverse`) build the computation;
      `theta.eval()` runs it.
    * Edge labels show shapes and dtypes: reading them is a quick check of your algebra.
    * `float32` is TensorFlow's default for floats; mind the precision on badly scaled data.

    Next: **04 · Gradient descent: by hand, with autodiff, with an optimizer**.
    """),
])
