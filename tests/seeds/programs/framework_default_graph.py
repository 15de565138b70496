import interflow as tf
c = tf.constant(4.0)
assert c.graph is tf.get_default_graph()
g = tf.Graph()
with g.as_default():
    # Define operations and tensors in 'g'
    c = tf.constant(2.)
    assert c.graph is g
    print('ok')
try:
    with tf.Graph().as_default() as gg:
        cf = tf.constant(3.)
        assert cf.graph is g
        print('ok')
except AssertionError:
    print("AssertionError")
g = tf.Graph()
with g.as_default():
  c = tf.constant(5.0)
  assert c.graph is g
with tf.Graph().as_default() as g:
  c = tf.constant(5.0)
  assert c.graph is g
print("done")
