"""Small graphs the notebook tests draw, trace and run."""

import interflow as tf


def lifecycle():
    """The seeds' "lifecycle of a node value" example: w = 3, x = w + 2, y = x + 5, z = x * 3."""
    w = tf.constant(3, name="w")
    x = w + 2
    y = x + 5
    z = x * 3
    return w, x, y, z


def training():
    """A placeholder, a Variable in a scope, a gradients/ scope and an optimizer update.

    The gradient is built by hand (its ops under gradients/, forward_op set as tf.gradients
    sets it), so the drawing tests do not depend on every op having a gradient.
    """
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.name_scope("model"):
        w = tf.Variable([[1.0], [2.0]], name="w")
        y = tf.matmul(x, w)
    with tf.name_scope("gradients"):
        grad = tf.identity(w.value() * 2.0, name="w_grad")
    for op in tf.get_default_graph().get_operations():
        if op.name.startswith("gradients/"):
            op._forward_op = y.op
    train = tf.train.GradientDescentOptimizer(0.1).apply_gradients([(grad, w)])
    init = tf.global_variables_initializer()
    return {"x": x, "w": w, "y": y, "grad": grad, "train": train, "init": init}


def blocks(n, width=2):
    """`n` dense blocks in name scopes block0, block1, ... (about 12 ops each)."""
    h = tf.placeholder(tf.float32, [None, width], name="x")
    for i in range(n):
        with tf.name_scope("block%d" % i):
            w = tf.Variable(tf.ones([width, width]), name="W")
            b = tf.Variable(tf.zeros([width]), name="b")
            h = tf.nn.relu(tf.matmul(h, w) + b)
    return h
