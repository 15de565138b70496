import interflow as tf
x = tf.Variable(tf.random_uniform(shape=(), minval=0.0, maxval=1.0))
x_new_val = tf.placeholder(shape=(), dtype=tf.float32)
x_assign = tf.assign(x, x_new_val)
with tf.Session():
    x.initializer.run() # random number is sampled *now*
    v = x.eval()
    print(0.0 <= v < 1.0) # 0.646157 (some random number)
    x_assign.eval(feed_dict={x_new_val: 5.0})
    print(x.eval()) # 5.0
a = tf.constant(3.0)
with tf.Session() as sess:
    a_val = a.eval(session=sess)
    print(a_val == sess.run(a))
print([op.name for op in tf.get_default_graph().get_operations()])
