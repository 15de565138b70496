import interflow as tf
with tf.variable_scope("relu"):
    threshold = tf.get_variable("threshold", shape=(),
                                initializer=tf.constant_initializer(0.0))
print(threshold)
with tf.variable_scope("relu", reuse=True):
    threshold = tf.get_variable("threshold")
print(threshold)
with tf.variable_scope("relu") as scope:
    scope.reuse_variables()
    threshold = tf.get_variable("threshold")
print(threshold)
print([op.name for op in tf.get_default_graph().get_operations()])
