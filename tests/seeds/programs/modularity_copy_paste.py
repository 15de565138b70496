import interflow as tf
n_features = 3
X = tf.placeholder(tf.float32, shape=(None, n_features), name="XX")

w1 = tf.Variable(tf.random_normal((n_features, 1)), name="weights11")
w2 = tf.Variable(tf.random_normal((n_features, 1)), name="weights22")
b1 = tf.Variable(0.0, name="bias11")
b2 = tf.Variable(0.0, name="bias22")

z1 = tf.add(tf.matmul(X, w1), b1, name="z11")
z2 = tf.add(tf.matmul(X, w2), b2, name="z22")

relu1 = tf.maximum(z1, 0., name="relu11")
relu2 = tf.maximum(z1, 0., name="relu22")  # Oops, cut&paste error! Did you spot it?

output = tf.add(relu1, relu2, name="output")
print([op.name for op in tf.get_default_graph().get_operations()])
print([t.name for t in relu2.op.inputs])
