"""Writes tf_linear_model.pbtxt (run with a TensorFlow python: python make_tf_linear_model.py DIR).

It prints the values the tests expect (test_graph_def.py hard-codes them)."""
import sys
import numpy as np
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()

with tf.name_scope("inputs"):
    X = tf.placeholder(tf.float32, (None, 3), name="X")
    y = tf.placeholder(tf.float32, (None, 1), name="y")
with tf.name_scope("model"):
    theta = tf.Variable([[1.0], [-2.0], [0.5]], name="theta")
    b = tf.Variable(0.25, name="b")
    y_pred = tf.add(tf.matmul(X, theta), b, name="predictions")
    hidden = tf.nn.relu(tf.concat([y_pred, -y_pred], axis=1), name="hidden")
with tf.name_scope("loss"):
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
    with tf.device("/cpu:0"):
        rmse = tf.sqrt(mse, name="rmse")
grad = tf.multiply(2.0, tf.matmul(X, error, transpose_a=True)) / tf.cast(tf.shape(X)[0], tf.float32)
train = tf.assign_sub(theta, 0.1 * grad, name="train")
with tf.control_dependencies([train]):
    step_done = tf.no_op(name="step_done")
init = tf.global_variables_initializer()
tf.train.write_graph(tf.get_default_graph(), sys.argv[1], "tf_linear_model.pbtxt")
X_ = np.array([[1., 2., 3.], [0.5, -1., 2.], [-1., 0., 1.], [2., 2., -2.]], np.float32)
y_ = np.array([[1.], [0.], [-1.], [2.]], np.float32)
with tf.Session() as sess:
    sess.run(init)
    print(repr(sess.run([y_pred, hidden, mse, rmse], {X: X_, y: y_})))
    sess.run(step_done, {X: X_, y: y_})
    print(repr(sess.run([theta, mse], {X: X_, y: y_})))
