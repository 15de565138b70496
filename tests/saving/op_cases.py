"""A graph over many op families (and summaries, a variable, a control input, a device), built
with interflow's wrappers: for GraphDef round trips and TensorFlow interop."""

import numpy as np

import interflow as tf


def interflow_cases():
    """{name: tensor} over many op families, built with interflow's wrappers."""
    rng = np.random.RandomState(1)
    with tf.name_scope("inputs"):
        a = tf.placeholder(tf.float32, (None, 4), name="a")
        b = tf.constant(rng.randn(4, 2).astype(np.float32), name="b")
        i = tf.constant([[1, 2], [3, 4]], name="i")
    img = tf.constant(rng.randn(2, 5, 5, 3).astype(np.float32), name="img")
    filt = tf.constant(rng.randn(3, 3, 3, 4).astype(np.float32), name="filt")
    cases = {
        "matmul": tf.matmul(a, b), "matmul_t": tf.matmul(a, a, transpose_b=True),
        "add": a + 1.0, "sub": a - 2.0, "mul": a * a, "div": a / 3.0, "neg": -a,
        "abs": tf.abs(a), "square": tf.square(a), "exp": tf.exp(a),
        "sqrt": tf.sqrt(tf.abs(a)), "log": tf.log(tf.abs(a) + 1), "tanh": tf.tanh(a),
        "sigmoid": tf.sigmoid(a), "max": tf.maximum(a, 0.), "min": tf.minimum(a, 0.5),
        "pow": tf.pow(tf.abs(a), 2.0), "sqdiff": tf.squared_difference(a, 1.0),
        "sum": tf.reduce_sum(a), "sum1": tf.reduce_sum(a, axis=1, keepdims=True),
        "mean": tf.reduce_mean(a, 0), "rmax": tf.reduce_max(a, 1), "rmin": tf.reduce_min(a),
        "prod": tf.reduce_prod(a, 1), "argmax": tf.argmax(a, 1), "argmin": tf.argmin(a, 0),
        "cast": tf.cast(a, tf.int32), "less": tf.less(a, 0.), "equal": tf.equal(i, 2),
        "addn": tf.add_n([a, a, a]), "cumsum": tf.cumsum(a, axis=1),
        "transpose": tf.transpose(a), "reshape": tf.reshape(a, [-1]),
        "concat": tf.concat([a, a], 0), "stack": tf.stack([a, a]),
        "expand": tf.expand_dims(a, 1), "squeeze": tf.squeeze(tf.expand_dims(a, 0)),
        "tile": tf.tile(i, [2, 3]), "pad": tf.pad(i, [[1, 0], [0, 2]]),
        "fill": tf.fill([2, 3], 7.0), "zeros_like": tf.zeros_like(a), "ones": tf.ones([2, 2]),
        "range": tf.range(0, 10, 2), "gather": tf.gather(a, [0, 2]),
        "slice": tf.slice(i, [0, 1], [2, 1]), "strided": a[1:, ::2], "shape": tf.shape(a),
        "size": tf.size(a), "rank": tf.rank(a), "onehot": tf.one_hot([0, 2], 3),
        "where": tf.where(a > 0, a, -a), "split": tf.split(a, 2, axis=1)[1],
        "unstack": tf.unstack(i)[1], "clip": tf.clip_by_value(a, -0.5, 0.5),
        "identity": tf.identity(a), "stop_gradient": tf.stop_gradient(a),
        "relu": tf.nn.relu(a), "softmax": tf.nn.softmax(a), "log_softmax": tf.nn.log_softmax(a),
        "elu": tf.nn.elu(a), "relu6": tf.nn.relu6(a), "leaky": tf.nn.leaky_relu(a),
        "softplus": tf.nn.softplus(a), "bias_add": tf.nn.bias_add(a, tf.constant([1., 2, 3, 4])),
        "conv": tf.nn.conv2d(img, filt, strides=[1, 1, 1, 1], padding="SAME"),
        "conv_valid": tf.nn.conv2d(img, filt, strides=[1, 2, 2, 1], padding="VALID"),
        "maxpool": tf.nn.max_pool(img, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"),
        "avgpool": tf.nn.avg_pool(img, [1, 2, 2, 1], [1, 1, 1, 1], "SAME"),
        "l2loss": tf.nn.l2_loss(a), "inverse": tf.matrix_inverse(tf.constant([[2., 1], [1, 3]])),
        "invert_permutation": tf.invert_permutation([2, 0, 1]),
        "seeded_random_shape": tf.shape(tf.random_uniform([3, 2], seed=1)),
    }
    cases["scalar_summary"] = tf.summary.scalar("loss", tf.reduce_mean(a))
    cases["histogram_summary"] = tf.summary.histogram("activations", a)
    cases["text_summary"] = tf.summary.text("note", tf.constant(["a", "b"]))
    cases["merged_summary"] = tf.summary.merge([cases["scalar_summary"],
                                                cases["text_summary"]])
    # PNG bytes differ between encoders: the image summary is checked for its attrs only.
    tf.summary.image("images", tf.reshape(a, [1, 3, 4, 1]))
    v = tf.Variable(tf.ones([2]), name="v")
    cases["variable"] = v * 2.0
    tf.report_uninitialized_variables()  # TF's own ops: checked for op types and attrs
    with tf.control_dependencies([cases["sum"]]):
        cases["control"] = tf.identity(a, name="after_sum")
    with tf.device("/cpu:0"):
        cases["device"] = tf.identity(a, name="on_cpu")
    tf.global_variables_initializer()
    return cases
