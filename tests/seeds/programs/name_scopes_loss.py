import interflow as tf
n = 8
X = tf.placeholder(tf.float32, shape=(None, n + 1), name="X")
y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
y_pred = tf.matmul(X, theta, name="predictions")
with tf.name_scope("losss") as scope:
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="msee")

print(error.op.name)
print(mse.op.name)
print([op.name for op in tf.get_default_graph().get_operations()])
