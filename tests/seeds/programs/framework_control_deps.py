import interflow as tf
with tf.Graph().as_default() as g:
    a = tf.constant(1.)
    b = tf.constant(2.)
    c = tf.constant(3.)
    with tf.Session() as sess:
        with g.control_dependencies([a,b,c]):
            # 'd' and 'e' will only run after 'a', 'b' and 'c' have executed.
            d = tf.mul(a, b)
            e = tf.add(d, a)
            print(sess.run(e))
        print([x.name for x in d.op.control_inputs], [x.name for x in e.op.control_inputs])
with tf.Graph().as_default() as g:
    a = tf.constant(1.)
    b = tf.constant(2.)
    with tf.Session() as sess:
        with g.control_dependencies([a,b]):
            # Ops constructed here run after 'a' and 'b'.
            c = tf.constant(3.)
            d = tf.constant(4.)
            with g.control_dependencies([c, d]):
                # Ops constructed here run after 'a', 'b', 'c' and 'd'.
                e = tf.add(tf.add(a, b), tf.add(c, d))
                print(sess.run(e))
with tf.Graph().as_default() as g:
    a = tf.constant(1.)
    b = tf.constant(2.)
    with tf.Session() as sess:
        with g.control_dependencies([a,b]):
            # Ops constructed here run after 'a' and 'b'.
            c = tf.constant(3.)
            d = tf.constant(4.)
            # delete a,b
            del a,b
            with g.control_dependencies(None):
                # Ops constructed here run normally, not waiting for either 'a' or 'b'
                with g.control_dependencies([c, d]):
                    # Ops constructed here run after 'c' and 'd', also not waiting for either 'a' or 'b'
                    a = tf.constant(1.)
                    b = tf.constant(2.)
                    e = tf.add(tf.add(a, b), tf.add(c, d))
                    print(sess.run(e))
                    print(sorted(x.name for x in a.op.control_inputs))
