import interflow as tf
G = tf.Graph()
with G.as_default() as g:
    c = tf.constant(1.)
    assert c.graph is g
    print('c ok')
    G.finalize()
try:
    with G.as_default() as gg:
        a = tf.constant(2.)
        assert a.graph is gg
        print('a ok')
except RuntimeError as e:
    print("RuntimeError:", e)

G = tf.Graph()
with G.as_default() as g:
    c = tf.constant(1.)
    assert c.graph is g
    print('add c op')
    G.finalize()
if G.finalized:
    print('已经锁住图')
else:
    print('没有锁住图')
