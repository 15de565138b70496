import interflow as tf
graph = tf.Graph()
with graph.as_default():
  img = tf.constant(1.0, shape=[1,5,5,3])
print(img.op.name, img.shape, img.dtype)
print([n.name for n in graph.get_operations()])
