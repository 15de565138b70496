import interflow as tf
img = tf.constant(1.0, shape=[1,5,5,3])
k = tf.constant(1.0, shape=[3,3,3,1])
kernel = tf.Variable(k)
y2 = tf.nn.conv2d(img, kernel, strides=[1,2,2,1], padding="SAME")
try:
    with tf.Session() as sess:
        sess.run(y2)
except tf.errors.FailedPreconditionError as e:
    print("FailedPreconditionError", "Variable" in str(e))
print([n.name for n in tf.get_default_graph().get_operations()])
