"""The saving programs of the seed (Géron, ch. 9), as source text to run in fresh processes.

The California housing data is synthesized (20,640 x 8, standardized by hand) so that the
programs run offline; "/tmp/" in the seed's paths is replaced by each test's directory.
"""

import textwrap

# The seed trains with tf.train.GradientDescentOptimizer(...).minimize(mse) (autodiff); its first
# version computes the same gradient by hand. The tests run both.

PRELUDE = textwrap.dedent('''
    import os
    import sys
    import numpy as np
    import interflow as tf

    def reset_graph(seed=42):
        tf.reset_default_graph()
        tf.set_random_seed(seed)
        np.random.seed(seed)

    class _Dataset:
        pass

    def fetch_california_housing():
        """20,640 districts x 8 features, shaped like the real data set."""
        rng = np.random.RandomState(0)
        data = rng.randn(20640, 8) * [1.9, 12.6, 2.5, 0.5, 1132.0, 10.4, 2.1, 2.0] + \\
            [3.9, 28.6, 5.4, 1.1, 1425.0, 3.1, 35.6, -119.6]
        housing = _Dataset()
        housing.data = data
        housing.target = data[:, :3] @ [0.4, 0.01, -0.1] + 0.5 * rng.randn(20640) + 2.0
        return housing

    housing = fetch_california_housing()
    m, n = housing.data.shape
    # StandardScaler, by hand
    scaled_housing_data = (housing.data - housing.data.mean(axis=0)) / housing.data.std(axis=0)
    scaled_housing_data_plus_bias = np.c_[np.ones((m, 1)), scaled_housing_data]
''')

OPTIMIZER = '''
optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
training_op = optimizer.minimize(mse)
'''
MANUAL = '''
gradients = 2/m * tf.matmul(tf.transpose(X), error)
training_op = tf.assign(theta, theta - learning_rate * gradients)
'''

MODEL = '''
reset_graph()

n_epochs = 1000
learning_rate = 0.01

X = tf.constant(scaled_housing_data_plus_bias, dtype=tf.float32, name="X")
y = tf.constant(housing.target.reshape(-1, 1), dtype=tf.float32, name="y")
theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
y_pred = tf.matmul(X, theta, name="predictions")
error = y_pred - y
mse = tf.reduce_mean(tf.square(error), name="mse")
'''

SAVE_EVERY_100 = '''
init = tf.global_variables_initializer()
saver = tf.train.Saver()

with tf.Session() as sess:
    sess.run(init)

    for epoch in range(n_epochs):
        if epoch % 100 == 0:
            print("Epoch", epoch, "MSE =", mse.eval())
            save_path = saver.save(sess, "/tmp/my_model.ckpt")
        sess.run(training_op)

    best_theta = theta.eval()
    save_path = saver.save(sess, "/tmp/my_model_final.ckpt")

with tf.Session() as sess:
    saver.restore(sess, "/tmp/my_model_final.ckpt")
    best_theta_restored = theta.eval()

print(np.allclose(best_theta, best_theta_restored))
np.save("/tmp/best_theta.npy", best_theta)
'''

WEIGHTS_SAVER = '''
init = tf.global_variables_initializer()
saver = tf.train.Saver({"weights": theta})

with tf.Session() as sess:
    sess.run(init)
    for epoch in range(n_epochs):
        sess.run(training_op)
    best_theta = theta.eval()
    save_path = saver.save(sess, "/tmp/my_weights.ckpt")

with tf.Session() as sess:
    saver.restore(sess, "/tmp/my_weights.ckpt")
    best_theta_restored = theta.eval()

print(np.allclose(best_theta, best_theta_restored))
print(tf.train.list_variables("/tmp/my_weights.ckpt"))
'''

IMPORT_META_GRAPH = '''
best_theta = np.load("/tmp/best_theta.npy")

reset_graph()
# notice that we start with an empty graph.

saver = tf.train.import_meta_graph("/tmp/my_model_final.ckpt.meta")  # this loads the graph structure
theta = tf.get_default_graph().get_tensor_by_name("theta:0") # not shown in the book

with tf.Session() as sess:
    saver.restore(sess, "/tmp/my_model_final.ckpt")  # this restores the graph's state
    best_theta_restored = theta.eval() # not shown in the book

print(np.allclose(best_theta, best_theta_restored))
'''


def program(*parts, directory, optimizer=True):
    """The source of a program made of PRELUDE and `parts`, with the seed's "/tmp/" paths moved
    into `directory`; "__TRAINING__" becomes the optimizer's or the hand-written gradient step."""
    body = "".join(parts).replace("__TRAINING__", OPTIMIZER if optimizer else MANUAL)
    return (PRELUDE + body).replace('"/tmp/', '"%s/' % directory)


# Mini-batch training with feeds, a global step and periodic checkpoints: killed midway, then
# continued in a new process from the meta graph and the latest checkpoint.
MINIBATCH_MODEL = '''
reset_graph()
learning_rate = 0.01
n_epochs = 3
batch_size = 100
n_batches = int(np.ceil(m / batch_size))

X = tf.placeholder(tf.float32, shape=(None, n + 1), name="X")
y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
global_step = tf.Variable(0, name="global_step", trainable=False)
y_pred = tf.matmul(X, theta, name="predictions")
error = y_pred - y
mse = tf.reduce_mean(tf.square(error), name="mse")
'''

MINIBATCH_OPTIMIZER = '''
optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
training_op = optimizer.minimize(mse, global_step=global_step)
'''
MINIBATCH_MANUAL = '''
gradients = 2 / tf.cast(tf.shape(X)[0], tf.float32) * tf.matmul(tf.transpose(X), error)
training_op = tf.group(tf.assign(theta, theta - learning_rate * gradients),
                       tf.assign_add(global_step, 1), name="training_op")
tf.add_to_collection("train_op", training_op)
'''

FETCH_BATCH = '''
def fetch_batch(epoch, batch_index, batch_size):
    np.random.seed(epoch * n_batches + batch_index)  # not shown in the book
    indices = np.random.randint(m, size=batch_size)  # not shown
    X_batch = scaled_housing_data_plus_bias[indices] # not shown
    y_batch = housing.target.reshape(-1, 1)[indices] # not shown
    return X_batch, y_batch
'''

TRAIN_AND_DIE = '''
import signal
kill_at = int(sys.argv[1])
saver = tf.train.Saver(max_to_keep=3)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(n_epochs):
        for batch_index in range(n_batches):
            step = sess.run(global_step)
            if step % 50 == 0:
                saver.save(sess, "/tmp/run/model.ckpt", global_step=global_step)
            if step == kill_at:
                print("killing myself at step", step, flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
            X_batch, y_batch = fetch_batch(epoch, batch_index, batch_size)
            sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
    np.save("/tmp/uninterrupted.npy", theta.eval())
'''

CONTINUE = '''
latest = tf.train.latest_checkpoint("/tmp/run")
saver = tf.train.import_meta_graph(latest + ".meta")
graph = tf.get_default_graph()
training_op = tf.get_collection("train_op")[0]
theta = graph.get_tensor_by_name("theta:0")
global_step = [v for v in tf.global_variables() if v.op.name == "global_step"][0]
with tf.Session() as sess:
    saver.restore(sess, latest)
    start = sess.run(global_step)
    print("continuing from", latest, "at step", start, flush=True)
    for epoch in range(n_epochs):
        for batch_index in range(n_batches):
            if epoch * n_batches + batch_index < start:
                continue
            X_batch, y_batch = fetch_batch(epoch, batch_index, batch_size)
            sess.run(training_op, feed_dict={"X:0": X_batch, "y:0": y_batch})
    assert sess.run(global_step) == n_epochs * n_batches
    np.save("/tmp/continued.npy", theta.eval())
'''

MINIBATCH_PARAMS = '''
learning_rate = 0.01
n_epochs = 3
batch_size = 100
n_batches = int(np.ceil(m / batch_size))
'''


def minibatch_program(*parts, directory, optimizer=True):
    training = MINIBATCH_OPTIMIZER if optimizer else MINIBATCH_MANUAL
    body = "".join(parts).replace("__TRAINING__", training)
    return (PRELUDE + body).replace('"/tmp/', '"%s/' % directory)
