import interflow as tf
with tf.Graph().as_default() as g:
    c = tf.constant(5.0, name="c")
    assert c.op.name == "c"
    c_1 = tf.constant(6., name="c")
    assert c_1.op.name == "c_1"
    # Creates a scope called "nested"
    with g.name_scope("nested") as scope:
        nested_c = tf.constant(10., name="c")
        assert nested_c.op.name =="nested/c"
        # Creates a nested scope called "inner"
        with g.name_scope("inner"):
            nested_inner_c = tf.constant(20., name="c")
            assert nested_inner_c.op.name == "nested/inner/c"
        # Create a nested scope called "inner_1"
        with g.name_scope("inner"):
            nested_inner_12_c = tf.constant(30., name="c")
            assert nested_inner_12_c.op.name == "nested/inner_1/c"
        # Treats 'scope' as an absolute name scope, and swithes to the "nested/" scope.
        with g.name_scope(scope):
            nested_d = tf.constant(40., name="d")
            assert nested_d.op.name == "nested/d"
            with g.name_scope(""):
                e = tf.constant(50., name="e")
                assert e.op.name == "e"
with tf.Graph().as_default() as g:
    input = tf.constant(2., name="input")
    assert input.op.name == 'input'
    with g.name_scope("my_layer") as scope:
        weights = tf.constant(4., name="weights")
        biases = tf.constant(1., name="biases")
        affine = tf.mul(input, weights) + biases
        output = tf.nn.relu(affine, name=scope)
        print(output.op.name)
    print([op.name for op in g.get_operations()])
