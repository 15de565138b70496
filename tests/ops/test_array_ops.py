"""Array ops against NumPy: values, dtypes, static shapes, TF1's op names, build- and run-time
errors, Tensor.__getitem__'s slicing grammar, list auto-packing and multi-output ops.

Op names and error classes were checked against TensorFlow (tf.compat.v1 with v2 behaviour
disabled); the tables below hard-code them so the tests do not need TensorFlow.
"""

import numpy as np
import pytest

import interflow as tf


# ---------------------------------------------------------------------------- helpers

def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict=feed)


def check(t, expected, feed=None, exact=True):
    """t's value equals `expected`, has t's dtype, and fits t's static shape."""
    value = run(t, feed)
    # A 0-d string comes back as bytes, as in TF.
    value = np.asarray(value, dtype=object if t.dtype == tf.string else None)
    expected = np.asarray(expected)
    assert value.dtype == t.dtype.as_numpy_dtype, (value.dtype, t.dtype)
    assert t.shape.is_compatible_with(value.shape), (t.shape, value.shape)
    assert value.shape == expected.shape, (value.shape, expected.shape)
    if exact or value.dtype.kind not in "fc":
        np.testing.assert_array_equal(value, expected)
    else:
        np.testing.assert_allclose(value, expected, rtol=1e-6, atol=1e-6)
    return value


def ops_created(skip=("Placeholder",)):
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()
            if op.type not in skip]


def ph(shape=(2, 3), dtype=tf.float32, name="x"):
    return tf.placeholder(dtype, shape, name=name)


DTYPES = [np.float32, np.float64, np.int32, np.int64, np.bool_]


def sample(shape, dtype, seed=0):
    rng = np.random.RandomState(seed)
    if dtype is np.bool_:
        return rng.random_sample(shape) > 0.5
    return (rng.random_sample(shape) * 20 - 10).astype(dtype)


def has_op(op_type):
    from interflow.framework.op_registry import registered_op_types
    return op_type in registered_op_types()


# ---------------------------------------------------------------------------- op names (TF1)

NAME_CASES = [
    ("reshape", lambda: tf.reshape(ph(), [3, -1]),
     [("Reshape/shape", "Const"), ("Reshape", "Reshape")]),
    ("reshape_named", lambda: tf.reshape(ph(), [3, 2], name="foo"),
     [("foo/shape", "Const"), ("foo", "Reshape")]),
    ("transpose", lambda: tf.transpose(ph()),
     [("transpose/perm", "Const"), ("transpose", "Transpose")]),
    ("transpose_named", lambda: tf.transpose(ph(), name="tt"),
     [("tt/perm", "Const"), ("tt", "Transpose")]),
    ("concat", lambda: tf.concat([ph(), ph()], 0),
     [("concat/axis", "Const"), ("concat", "ConcatV2")]),
    ("concat_named", lambda: tf.concat([ph(), ph()], 0, name="bar"),
     [("bar/axis", "Const"), ("bar", "ConcatV2")]),
    ("concat_single", lambda: tf.concat([ph()], 0),
     [("concat/concat_dim", "Const"), ("concat/concat", "Identity")]),
    ("concat_python", lambda: tf.concat([[1, 2], [3]], 0),
     [("concat/values_0", "Const"), ("concat/values_1", "Const"), ("concat/axis", "Const"),
      ("concat", "ConcatV2")]),
    ("concat_mixed", lambda: tf.concat([ph((1, 3)), [[1, 2, 3]]], 0),
     [("concat/values_1", "Const"), ("concat/axis", "Const"), ("concat", "ConcatV2")]),
    ("stack", lambda: tf.stack([ph(), ph()], axis=1), [("stack", "Pack")]),
    ("stack_python", lambda: tf.stack([1, 2]), [("stack", "Const")]),
    ("stack_python_axis1", lambda: tf.stack([[1, 2], [3, 4]], axis=1),
     [("stack", "Const"), ("stack_1/values_0", "Const"), ("stack_1/values_1", "Const"),
      ("stack_1", "Pack")]),
    ("stack_mixed", lambda: tf.stack([ph((2,)), [1., 2.]]),
     [("stack/1_1", "Const"), ("stack", "Pack")]),
    ("stack_mixed_axis1", lambda: tf.stack([ph((2,)), [1., 2.]], axis=1),
     [("stack/values_1", "Const"), ("stack", "Pack")]),
    ("unstack", lambda: tf.unstack(ph()), [("unstack", "Unpack")]),
    ("split", lambda: tf.split(ph(), 3, axis=1),
     [("split/split_dim", "Const"), ("split", "Split")]),
    ("split_named", lambda: tf.split(ph(), 3, 1, name="sp"),
     [("sp/split_dim", "Const"), ("sp", "Split")]),
    ("split_sizes", lambda: tf.split(ph(), [1, 2], axis=1),
     [("Const", "Const"), ("split/split_dim", "Const"), ("split", "SplitV")]),
    ("squeeze", lambda: tf.squeeze(ph((1, 3, 1))), [("Squeeze", "Squeeze")]),
    ("expand_dims", lambda: tf.expand_dims(ph(), 1),
     [("ExpandDims/dim", "Const"), ("ExpandDims", "ExpandDims")]),
    ("tile", lambda: tf.tile(ph(), [2, 2]), [("Tile/multiples", "Const"), ("Tile", "Tile")]),
    ("pad", lambda: tf.pad(ph(), [[1, 1], [2, 2]]), [("Pad/paddings", "Const"), ("Pad", "Pad")]),
    ("pad_value", lambda: tf.pad(ph(), [[1, 1], [2, 2]], constant_values=3),
     [("PadV2/paddings", "Const"), ("PadV2/constant_values", "Const"), ("PadV2", "PadV2")]),
    ("pad_reflect", lambda: tf.pad(ph(), [[1, 1], [2, 2]], mode="REFLECT"),
     [("MirrorPad/paddings", "Const"), ("MirrorPad", "MirrorPad")]),
    ("pad_symmetric", lambda: tf.pad(ph(), [[1, 1], [0, 0]], mode="symmetric"),
     [("MirrorPad/paddings", "Const"), ("MirrorPad", "MirrorPad")]),
    ("fill", lambda: tf.fill([2, 3], 5),
     [("Fill/dims", "Const"), ("Fill/value", "Const"), ("Fill", "Fill")]),
    ("zeros", lambda: tf.zeros([2, 3]), [("zeros", "Const")]),
    ("zeros_named", lambda: tf.zeros([2, 2], name="zz"), [("zz", "Const")]),
    ("zeros_tensorshape", lambda: tf.zeros(tf.TensorShape([2, 3])), [("zeros", "Const")]),
    ("zeros_large", lambda: tf.zeros([2000, 3000]),
     [("zeros/shape_as_tensor", "Const"), ("zeros/Const", "Const"), ("zeros", "Fill")]),
    ("zeros_int", lambda: tf.zeros(5),
     [("zeros/shape_as_tensor", "Const"), ("zeros/Const", "Const"), ("zeros", "Fill")]),
    ("zeros_of_shape", lambda: tf.zeros(tf.shape(ph())),
     [("Shape", "Const"), ("zeros/Const", "Const"), ("zeros", "Fill")]),
    ("ones", lambda: tf.ones([2, 3], dtype=tf.int32), [("ones", "Const")]),
    ("ones_scalar_shape", lambda: tf.ones(ph((), tf.int32)),
     [("ones/Reshape/shape", "Const"), ("ones/Reshape", "Reshape"), ("ones/Const", "Const"),
      ("ones", "Fill")]),
    ("ones_packed_shape", lambda: tf.ones([ph((), tf.int32), 2]),
     [("ones/packed/1", "Const"), ("ones/packed", "Pack"), ("ones/Const", "Const"),
      ("ones", "Fill")]),
    ("zeros_like", lambda: tf.zeros_like(ph()), [("zeros_like", "Const")]),
    ("zeros_like_python", lambda: tf.zeros_like([1, 2]),
     [("zeros_like/tensor", "Const"), ("zeros_like", "Const")]),
    ("zeros_like_unknown", lambda: tf.zeros_like(ph((None, 3))), [("zeros_like", "ZerosLike")]),
    ("zeros_like_unknown_dtype", lambda: tf.zeros_like(ph((None, 3)), dtype=tf.int32),
     [("zeros_like/Shape", "Shape"), ("zeros_like/Const", "Const"), ("zeros_like", "Fill")]),
    ("ones_like_unknown", lambda: tf.ones_like(ph((None, 3))),
     [("ones_like/Shape", "Shape"), ("ones_like/Const", "Const"), ("ones_like", "Fill")]),
    ("ones_like_named", lambda: tf.ones_like(ph((None, 2)), name="ol"),
     [("ol/Shape", "Shape"), ("ol/Const", "Const"), ("ol", "Fill")]),
    ("range", lambda: tf.range(5),
     [("range/start", "Const"), ("range/limit", "Const"), ("range/delta", "Const"),
      ("range", "Range")]),
    ("range_named", lambda: tf.range(3, name="rr"),
     [("rr/start", "Const"), ("rr/limit", "Const"), ("rr/delta", "Const"), ("rr", "Range")]),
    ("range_dtype", lambda: tf.range(5, dtype=tf.float32),
     [("range/start", "Const"), ("range/limit", "Const"), ("range/delta", "Const"),
      ("range", "Range")]),
    ("range_unknown", lambda: tf.range(ph((), tf.int32)),
     [("range/start", "Const"), ("range/delta", "Const"), ("range", "Range")]),
    ("shape", lambda: tf.shape(ph()), [("Shape", "Const")]),
    ("shape_unknown", lambda: tf.shape(ph((None, 3))), [("Shape", "Shape")]),
    ("shape_named", lambda: tf.shape(ph((None, 2)), name="sh"), [("sh", "Shape")]),
    ("size", lambda: tf.size(ph()), [("Size", "Const")]),
    ("size_zero_dim", lambda: tf.size(ph((None, 0))), [("Size", "Const")]),
    ("size_unknown", lambda: tf.size(ph((None, 3))), [("Size", "Size")]),
    ("rank", lambda: tf.rank(ph((None, 3))), [("Rank", "Const")]),
    ("rank_unknown", lambda: tf.rank(ph(None)), [("Rank", "Rank")]),
    ("where", lambda: tf.where(ph((2, 3), tf.bool)), [("Where", "Where")]),
    ("where_python", lambda: tf.where([True, False]),
     [("Where/condition", "Const"), ("Where", "Where")]),
    ("where_named", lambda: tf.where([True, False], name="ww"),
     [("ww/condition", "Const"), ("ww", "Where")]),
    ("select", lambda: tf.where(ph((2, 3), tf.bool, "c"), ph(), ph()), [("Select", "Select")]),
    ("select_python", lambda: tf.where([True, False], [1, 2], [3, 4]),
     [("Select/condition", "Const"), ("Select/t", "Const"), ("Select/e", "Const"),
      ("Select", "Select")]),
    ("gather", lambda: tf.gather(ph(), [1, 0], axis=1),
     [("GatherV2/indices", "Const"), ("GatherV2/axis", "Const"), ("GatherV2", "GatherV2")]),
    ("one_hot", lambda: tf.one_hot([1, 0], 3),
     [("one_hot/on_value", "Const"), ("one_hot/off_value", "Const"),
      ("one_hot/indices", "Const"), ("one_hot/depth", "Const"), ("one_hot", "OneHot")]),
    ("slice", lambda: tf.slice(ph(), [0, 1], [-1, 2]),
     [("Slice/begin", "Const"), ("Slice/size", "Const"), ("Slice", "Slice")]),
    ("getitem", lambda: ph()[0, 1:],
     [("strided_slice/stack", "Const"), ("strided_slice/stack_1", "Const"),
      ("strided_slice/stack_2", "Const"), ("strided_slice", "StridedSlice")]),
    ("getitem_twice", lambda: (lambda x: (x[1], x[2]))(ph((5,))),
     [("strided_slice/stack", "Const"), ("strided_slice/stack_1", "Const"),
      ("strided_slice/stack_2", "Const"), ("strided_slice", "StridedSlice"),
      ("strided_slice_1/stack", "Const"), ("strided_slice_1/stack_1", "Const"),
      ("strided_slice_1/stack_2", "Const"), ("strided_slice_1", "StridedSlice")]),
    ("getitem_empty", lambda: ph()[()],
     [("strided_slice/Const", "Const"), ("strided_slice", "StridedSlice")]),
    ("stop_gradient", lambda: tf.stop_gradient(ph()), [("StopGradient", "StopGradient")]),
    ("packed", lambda: tf.convert_to_tensor([ph(), ph()]), [("packed", "Pack")]),
    ("packed_tuple", lambda: tf.convert_to_tensor((ph(()), ph(()))), [("packed", "Pack")]),
    ("packed_named", lambda: tf.convert_to_tensor([ph(()), ph(())], name="foo"),
     [("foo", "Pack")]),
    ("packed_mixed", lambda: tf.convert_to_tensor([ph(()), 1.0]),
     [("packed/1", "Const"), ("packed", "Pack")]),
    ("packed_nested", lambda: tf.convert_to_tensor([[ph(()), 1.0], [2.0, 3.0]]),
     [("packed/0/1", "Const"), ("packed/0", "Pack"), ("packed/1_1", "Const"),
      ("packed", "Pack")]),
    ("packed_nested_second", lambda: tf.convert_to_tensor([[1.0, 2.0], [ph(()), 3.0]]),
     [("packed/1/1", "Const"), ("packed/1", "Pack"), ("packed/0_1", "Const"),
      ("packed", "Pack")]),
    ("reshape_packed_shape", lambda: tf.reshape(ph(), [ph((), tf.int32, "n"), 3]),
     [("Reshape/shape/1", "Const"), ("Reshape/shape", "Pack"), ("Reshape", "Reshape")]),
    ("reverse", lambda: tf.reverse(ph(), [1]),
     [("ReverseV2/axis", "Const"), ("ReverseV2", "ReverseV2")]),
    ("broadcast_to", lambda: tf.broadcast_to(ph((3,)), [2, 3]),
     [("BroadcastTo/shape", "Const"), ("BroadcastTo", "BroadcastTo")]),
    ("identity_n", lambda: tf.identity_n([ph(), ph((3,), tf.int32)]),
     [("IdentityN", "IdentityN")]),
    ("invert_permutation", lambda: tf.invert_permutation([2, 0, 1]),
     [("InvertPermutation/x", "Const"), ("InvertPermutation", "InvertPermutation")]),
    # TF1's tf.linspace is gen_math_ops.lin_space (TF2's compat.v1 builds a composite).
    ("linspace", lambda: tf.linspace(0., 1., 5),
     [("LinSpace/start", "Const"), ("LinSpace/stop", "Const"), ("LinSpace/num", "Const"),
      ("LinSpace", "LinSpace")]),
]


@pytest.mark.parametrize("build,expected", [c[1:] for c in NAME_CASES],
                         ids=[c[0] for c in NAME_CASES])
def test_op_names_match_tf(build, expected):
    build()
    assert ops_created() == expected


def test_boolean_mask_names_match_tf():
    tf.boolean_mask(ph(), ph((2, 3), tf.bool, "c"))
    expected = [("boolean_mask/Shape", "Const")]
    for i, suffix in enumerate(("", "_1", "_2")):
        expected += [("boolean_mask/strided_slice%s/stack" % suffix, "Const"),
                     ("boolean_mask/strided_slice%s/stack_1" % suffix, "Const"),
                     ("boolean_mask/strided_slice%s/stack_2" % suffix, "Const"),
                     ("boolean_mask/strided_slice%s" % suffix, "StridedSlice")]
        if i == 0:
            expected += [("boolean_mask/Prod/reduction_indices", "Const"),
                         ("boolean_mask/Prod", "Prod")]
        if i < 2:
            expected.append(("boolean_mask/Shape_%d" % (i + 1), "Const"))
    expected += [("boolean_mask/concat/values_1", "Pack"), ("boolean_mask/concat/axis", "Const"),
                 ("boolean_mask/concat", "ConcatV2"), ("boolean_mask/Reshape", "Reshape"),
                 ("boolean_mask/Reshape_1/shape", "Const"), ("boolean_mask/Reshape_1", "Reshape"),
                 ("boolean_mask/Where", "Where"), ("boolean_mask/Squeeze", "Squeeze"),
                 ("boolean_mask/GatherV2/axis", "Const"), ("boolean_mask/GatherV2", "GatherV2")]
    assert ops_created() == expected


def test_getitem_with_tensor_index_names_match_tf():
    x = ph((4, 3))
    i = ph((), tf.int32, "i")
    y = x[1, i]
    names = [name for name, _ in ops_created()]
    # `i + 1` is built before the strided_slice scope opens, as in TF.
    assert names[:2] == ["add/y", "add"]
    assert ops_created()[2:] == [
        ("strided_slice/stack/0", "Const"), ("strided_slice/stack", "Pack"),
        ("strided_slice/stack_1/0", "Const"), ("strided_slice/stack_1", "Pack"),
        ("strided_slice/stack_2", "Const"), ("strided_slice", "StridedSlice")]
    assert y.shape.as_list() == []
    assert y.op.get_attr("shrink_axis_mask") == 3


def test_transpose_of_unknown_rank_builds_perm_at_run_time():
    x = ph(None)
    y = tf.transpose(x)
    names = [name for name, _ in ops_created()]
    assert names == ["transpose/Rank", "transpose/sub/y", "transpose/sub",
                     "transpose/Range/limit", "transpose/Range/delta", "transpose/Range",
                     "transpose"]
    assert y.shape.ndims is None
    v = sample((2, 3, 4), np.float32)
    check(y, v.T, {x: v})


def test_range_casts_mixed_arguments_like_tf():
    y = tf.range(1, 5.0, 2)
    assert ops_created() == [("range/start", "Const"), ("range/limit", "Const"),
                             ("range/delta", "Const"), ("range/Cast", "Cast"),
                             ("range/Cast_1", "Cast"), ("range", "Range")]
    assert y.dtype == tf.float32
    check(y, np.array([1., 3.], np.float32))


def test_autopacking_in_op_inputs():
    x = ph(())
    y = tf.add([x, 1.0], 1.0)
    pack = tf.get_default_graph().get_operation_by_name("Add/x")
    assert pack.type == "Pack"
    assert [t.name for t in pack.inputs] == ["x:0", "Add/x/1:0"]
    check(y, np.array([3., 2.], np.float32), {x: 2.0})


def test_index_dtype_attrs_are_recorded():
    assert tf.reshape(ph(), [3, 2]).op.get_attr("Tshape") == tf.int32
    assert tf.reshape(ph(), np.array([3, 2], np.int64)).op.get_attr("Tshape") == tf.int64
    assert tf.concat([ph(), ph()], 0).op.get_attr("Tidx") == tf.int32
    assert tf.concat([ph(), ph()], 0).op.get_attr("N") == 2
    g = tf.gather(ph(), [1], axis=1).op
    assert (g.get_attr("Tparams"), g.get_attr("Tindices"), g.get_attr("Taxis")) == (
        tf.float32, tf.int32, tf.int32)
    s = ph()[1:, ::2].op
    assert (s.get_attr("begin_mask"), s.get_attr("end_mask"), s.get_attr("Index")) == (
        2, 3, tf.int32)
    assert tf.squeeze(ph((1, 3)), [0]).op.get_attr("squeeze_dims") == [0]
    assert tf.stack([ph(), ph()], axis=1).op.get_attr("axis") == 1


# ---------------------------------------------------------------------------- values vs NumPy

SHAPES = [(6,), (2, 3), (2, 3, 4)]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_reshape(dtype, shape):
    v = sample(shape, dtype)
    x = ph(shape, tf.as_dtype(dtype))
    check(tf.reshape(x, [-1]), v.reshape(-1), {x: v})
    check(tf.reshape(x, [3, -1]), v.reshape(3, -1), {x: v})
    free = ph([None] * len(shape), tf.as_dtype(dtype), "free")
    y = tf.reshape(free, [-1, 2])
    assert y.shape.as_list() == [None, 2]
    check(y, v.reshape(-1, 2), {free: v})


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,perm", [((2, 3), None), ((2, 3), [1, 0]), ((2, 3, 4), None),
                                        ((2, 3, 4), [0, 2, 1]), ((2, 3, 4), [2, 0, 1])])
def test_transpose(dtype, shape, perm):
    v = sample(shape, dtype)
    x = ph(shape, tf.as_dtype(dtype))
    y = tf.transpose(x, perm)
    assert y.shape.as_list() == list(np.transpose(v, perm).shape)
    check(y, np.transpose(v, perm), {x: v})


def test_conjugate_transpose():
    v = np.array([[1 + 2j, 3 - 1j]], np.complex64)
    check(tf.transpose(tf.constant(v), conjugate=True), np.conj(v.T))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shapes,axis", [([(2, 3), (4, 3)], 0), ([(2, 3), (2, 1), (2, 2)], 1),
                                         ([(2, 3), (2, 4)], -1), ([(3,), (0,)], 0)])
def test_concat(dtype, shapes, axis):
    values = [sample(s, dtype, i) for i, s in enumerate(shapes)]
    xs = [ph(s, tf.as_dtype(dtype), "x%d" % i) for i, s in enumerate(shapes)]
    y = tf.concat(xs, axis)
    expected = np.concatenate(values, axis=axis)
    assert y.shape.as_list() == list(expected.shape)
    check(y, expected, dict(zip(xs, values)))


def test_concat_of_python_lists_and_strings():
    check(tf.concat([[1, 2], [3]], 0), np.array([1, 2, 3], np.int32))
    check(tf.concat([tf.constant([b"a"]), [b"b", b"c"]], 0),
          np.array([b"a", b"b", b"c"], dtype=object))
    x = ph((1, 3))
    check(tf.concat([x, [[1, 2, 3]]], 0), np.array([[0, 0, 0], [1, 2, 3]], np.float32),
          {x: np.zeros((1, 3))})
    single = ph((2,), name="single")
    check(tf.concat(single, 0, name="c"), np.array([1., 2.], np.float32),
          {single: np.array([1., 2.])})


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,axis", [((), 0), ((), -1), ((3,), 0), ((3,), 1), ((3,), -1),
                                        ((2, 3), 0), ((2, 3), 1), ((2, 3), -1), ((2, 3), -3)])
def test_stack_and_unstack(dtype, shape, axis):
    values = [sample(shape, dtype, i) for i in range(3)]
    xs = [ph(shape, tf.as_dtype(dtype), "x%d" % i) for i in range(3)]
    feed = dict(zip(xs, values))
    packed = tf.stack(xs, axis=axis)
    expected = np.stack(values, axis=axis)
    assert packed.shape.as_list() == list(expected.shape)
    check(packed, expected, feed)
    parts = tf.unstack(packed, axis=axis)
    assert len(parts) == 3 and parts[0].op.type == "Unpack"
    for part, value in zip(parts, values):
        assert part.shape.as_list() == list(np.shape(value))
        check(part, value, feed)


def test_unstack_multi_output():
    x = ph((None, 3))
    parts = tf.unstack(x, num=2)
    assert [p.name for p in parts] == ["unstack:0", "unstack:1"]
    assert all(p.shape.as_list() == [3] for p in parts)
    v = sample((2, 3), np.float32)
    a, b = run(parts, {x: v})
    np.testing.assert_array_equal(a, v[0])
    np.testing.assert_array_equal(b, v[1])
    columns = tf.unstack(ph((2, 3), name="y"), axis=1)
    assert len(columns) == 3 and all(c.shape.as_list() == [2] for c in columns)
    one = tf.unstack(ph((1, 2), name="z"))
    assert len(one) == 1
    check(one[0], np.array([5., 6.], np.float32), {"z:0": [[5., 6.]]})
    assert tf.unstack(ph((0, 3), name="w")) == []
    strings = tf.unstack(tf.constant([b"a", b"bc"]))
    assert run(strings) == [b"a", b"bc"]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,splits,axis", [((6,), 3, 0), ((2, 6), 2, 1), ((4, 3), 1, 0),
                                               ((2, 6), [1, 2, 3], 1), ((2, 6), [4, -1], -1),
                                               ((5, 2), [0, 5], 0)])
def test_split(dtype, shape, splits, axis):
    v = sample(shape, dtype)
    x = ph(shape, tf.as_dtype(dtype))
    parts = tf.split(x, splits, axis=axis)
    assert isinstance(parts, list)
    if isinstance(splits, int):
        expected = np.split(v, splits, axis=axis)
        assert parts[0].op.type == "Split"
    else:
        sizes = list(splits)
        if -1 in sizes:
            sizes[sizes.index(-1)] = shape[axis] - sum(s for s in sizes if s != -1)
        expected = np.split(v, np.cumsum(sizes)[:-1], axis=axis)
        assert parts[0].op.type == "SplitV"
    assert len(parts) == len(expected)
    values = run(parts, {x: v})
    for part, value, want in zip(parts, values, expected):
        assert part.shape.as_list() == list(want.shape)
        assert np.asarray(value).dtype == part.dtype.as_numpy_dtype
        np.testing.assert_array_equal(value, want)


def test_split_with_unknown_dims_and_tensor_sizes():
    x = ph((2, None))
    parts = tf.split(x, 3, axis=1)
    assert [p.shape.as_list() for p in parts] == [[2, None]] * 3
    v = sample((2, 6), np.float32)
    for part, want in zip(run(parts, {x: v}), np.split(v, 3, axis=1)):
        np.testing.assert_array_equal(part, want)
    sizes = tf.constant([1, 2])
    parts = tf.split(ph((2, 3), name="y"), sizes, axis=1)
    assert [p.shape.as_list() for p in parts] == [[2, 1], [2, 2]]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,axis", [((1, 3, 1), None), ((1, 3, 1), [0]), ((1, 3, 1), [-1]),
                                        ((2, 1), -1), ((1, 1), None), ((3,), None)])
def test_squeeze(dtype, shape, axis):
    v = sample(shape, dtype)
    x = ph(shape, tf.as_dtype(dtype))
    y = tf.squeeze(x, axis)
    expected = np.squeeze(v, axis=None if axis is None else tuple(np.atleast_1d(axis)))
    assert y.shape.as_list() == list(expected.shape)
    check(y, expected, {x: v})


def test_squeeze_dims_alias():
    x = ph((1, 3, 1))
    assert tf.squeeze(x, squeeze_dims=[2]).shape.as_list() == [1, 3]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,axis", [((), 0), ((3,), 0), ((3,), 1), ((2, 3), -1),
                                        ((2, 3), -3), ((2, 3), 1)])
def test_expand_dims(dtype, shape, axis):
    v = sample(shape, dtype)
    x = ph(shape, tf.as_dtype(dtype))
    y = tf.expand_dims(x, axis)
    assert y.shape.as_list() == list(np.expand_dims(v, axis).shape)
    check(y, np.expand_dims(v, axis), {x: v})
    assert tf.expand_dims(x, dim=axis).shape == y.shape


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,multiples", [((3,), [2]), ((2, 3), [2, 1]), ((2, 3), [0, 3]),
                                             ((1, 2, 1), [1, 1, 1])])
def test_tile(dtype, shape, multiples):
    v = sample(shape, dtype)
    x = ph(shape, tf.as_dtype(dtype))
    y = tf.tile(x, multiples)
    assert y.shape.as_list() == list(np.tile(v, multiples).shape)
    check(y, np.tile(v, multiples), {x: v})


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64])
@pytest.mark.parametrize("mode,paddings,value", [
    ("CONSTANT", [[1, 1], [2, 0]], 0), ("CONSTANT", [[0, 2], [1, 1]], 3),
    ("REFLECT", [[1, 1], [2, 2]], 0), ("SYMMETRIC", [[2, 2], [0, 3]], 0),
    ("reflect", [[0, 0], [0, 0]], 0)])
def test_pad(dtype, mode, paddings, value):
    v = sample((3, 3), dtype)
    x = ph((3, 3), tf.as_dtype(dtype))
    y = tf.pad(x, paddings, mode=mode, constant_values=value)
    if mode.upper() == "CONSTANT":
        expected = np.pad(v, paddings, mode="constant", constant_values=value)
    else:
        expected = np.pad(v, paddings, mode=mode.lower())
    assert y.shape.as_list() == list(expected.shape)
    check(y, expected, {x: v})


def test_pad_strings_and_bools():
    check(tf.pad(tf.constant([b"a"]), [[1, 0]]), np.array([b"", b"a"], dtype=object))
    check(tf.pad(tf.constant([True]), [[0, 1]]), np.array([True, False]))


@pytest.mark.parametrize("dims,value", [([2, 3], 5), ([4], 2.5), ([], True), ([2, 0], 1),
                                        ([1, 2], np.float64(-1.5)), ([2], "s")])
def test_fill(dims, value):
    y = tf.fill(dims, value)
    expected = np.full(dims, value)
    assert y.shape.as_list() == dims
    if isinstance(value, str):
        expected = np.full(dims, value.encode(), dtype=object)
    elif isinstance(value, float):
        expected = expected.astype(np.float32)
    elif isinstance(value, int) and not isinstance(value, bool):
        expected = expected.astype(np.int32)
    check(y, expected)


@pytest.mark.parametrize("dtype", [tf.float32, tf.float64, tf.int32, tf.int64, tf.bool,
                                   tf.string])
@pytest.mark.parametrize("shape", [[2, 3], [], [0], [2000, 3]])
def test_zeros_and_ones(dtype, shape):
    np_dtype = dtype.as_numpy_dtype
    if dtype == tf.string:
        expected = np.full(shape, b"", dtype=object)
    else:
        expected = np.zeros(shape, np_dtype)
    z = tf.zeros(shape, dtype=dtype)
    assert z.dtype == dtype and z.shape.as_list() == shape
    check(z, expected)
    if dtype != tf.string:
        o = tf.ones(shape, dtype)
        assert o.dtype == dtype and o.shape.as_list() == shape
        check(o, np.ones(shape, np_dtype))


def test_zeros_and_ones_of_dynamic_shapes():
    n = ph((), tf.int32, "n")
    z = tf.zeros([n, 2], dtype=tf.int64)
    assert z.shape.as_list() == [None, 2]
    check(z, np.zeros((3, 2), np.int64), {n: 3})
    o = tf.ones(n)
    assert o.shape.as_list() == [None]
    check(o, np.ones(4, np.float32), {n: 4})
    s = ph((2,), tf.int32, "s")
    check(tf.zeros(s), np.zeros((1, 2), np.float32), {s: [1, 2]})


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(2, 3), (None, 3)])
@pytest.mark.parametrize("out_dtype", [None, tf.int32, tf.float64])
def test_zeros_like_and_ones_like(dtype, shape, out_dtype):
    v = sample((2, 3), dtype)
    x = ph(shape, tf.as_dtype(dtype))
    want = v.dtype if out_dtype is None else out_dtype.as_numpy_dtype
    z = tf.zeros_like(x, dtype=out_dtype)
    o = tf.ones_like(x, dtype=out_dtype)
    for t in (z, o):
        assert t.shape.as_list() == list(shape)
        assert t.dtype.as_numpy_dtype == want
    check(z, np.zeros((2, 3), want), {x: v})
    check(o, np.ones((2, 3), want), {x: v})


def test_zeros_like_strings_and_python_values():
    check(tf.zeros_like(tf.placeholder_with_default(tf.constant([b"a", b"b"]), [None])),
          np.array([b"", b""], dtype=object))
    check(tf.zeros_like([1, 2]), np.zeros(2, np.int32))
    check(tf.ones_like([[1.5]]), np.ones((1, 1), np.float32))


@pytest.mark.parametrize("args,kwargs,expected", [
    ((5,), {}, np.arange(5, dtype=np.int32)),
    ((2, 9, 3), {}, np.arange(2, 9, 3, dtype=np.int32)),
    ((5, 1, -1), {}, np.arange(5, 1, -1, dtype=np.int32)),
    ((0,), {}, np.arange(0, dtype=np.int32)),
    ((3,), {"dtype": tf.int64}, np.arange(3, dtype=np.int64)),
    ((5,), {"dtype": tf.float32}, np.arange(5, dtype=np.float32)),
    ((0.0, 1.0, 0.3), {}, np.array([0., .3, .6, .90000004], np.float32)),
    ((1.0, -1.0, -0.5), {"dtype": tf.float64}, np.arange(1.0, -1.0, -0.5)),
    ((5.0,), {}, np.arange(5, dtype=np.float32)),
])
def test_range(args, kwargs, expected):
    y = tf.range(*args, **kwargs)
    assert y.shape.as_list() == list(expected.shape)
    check(y, expected)


def test_range_with_tensor_limits_infers_dtype():
    n = tf.constant(5, tf.int64)
    y = tf.range(n)
    assert y.dtype == tf.int64
    check(y, np.arange(5, dtype=np.int64))
    m = ph((), tf.int32, "m")
    y = tf.range(m)
    assert y.shape.as_list() == [None]
    check(y, np.arange(4, dtype=np.int32), {m: 4})


@pytest.mark.parametrize("start,stop,num,dtype", [(0., 1., 5, np.float32),
                                                  (-2., 3., 1, np.float32),
                                                  (1., -1., 7, np.float64),
                                                  (0., 10., 11, np.float64)])
def test_linspace(start, stop, num, dtype):
    y = tf.lin_space(tf.constant(start, dtype), tf.constant(stop, dtype), num)
    assert y.shape.as_list() == [num]
    check(y, np.linspace(start, stop, num, dtype=dtype), exact=False)
    assert run(y)[-1] == (stop if num > 1 else start)


@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 0, 4)])
@pytest.mark.parametrize("out_type", [tf.int32, tf.int64])
def test_shape_size_rank(shape, out_type):
    v = sample(shape, np.float32)
    free = ph([None] * len(shape), name="free")
    unknown = ph(None, name="unknown")
    feed = {free: v, unknown: v}
    for x in (free, unknown):
        s = tf.shape(x, out_type=out_type)
        n = tf.size(x, out_type=out_type)
        r = tf.rank(x)
        assert s.dtype == out_type and n.dtype == out_type and r.dtype == tf.int32
        check(s, np.array(shape, out_type.as_numpy_dtype), feed)
        check(n, np.array(v.size, out_type.as_numpy_dtype), feed)
        check(r, np.array(len(shape), np.int32), feed)
    known = ph(shape, name="known")
    check(tf.shape(known), np.array(shape, np.int32))


@pytest.mark.parametrize("dtype", [np.bool_, np.float32, np.int32])
@pytest.mark.parametrize("shape", [(5,), (2, 3), (2, 2, 2), ()])
def test_where_coordinates(dtype, shape):
    v = sample(shape, np.int32) > 2 if dtype is np.bool_ else \
        (sample(shape, np.int32) > 2).astype(dtype)
    x = ph(shape, tf.as_dtype(dtype))
    y = tf.where(x)
    assert y.dtype == tf.int64 and y.shape.as_list() == [None, len(shape)]
    check(y, np.argwhere(v).astype(np.int64), {x: v})


@pytest.mark.parametrize("dtype", DTYPES + [np.complex64])
@pytest.mark.parametrize("cond_shape,shape", [((2, 3), (2, 3)), ((2,), (2, 3)), ((), (2, 3)),
                                              ((4,), (4,)), ((2,), (2, 2, 2))])
def test_where_select(dtype, cond_shape, shape):
    c = sample(cond_shape, np.bool_, 1)
    a, b = sample(shape, dtype, 2), sample(shape, dtype, 3)
    cond = ph(cond_shape, tf.bool, "c")
    x, y = ph(shape, tf.as_dtype(dtype), "a"), ph(shape, tf.as_dtype(dtype), "b")
    z = tf.where(cond, x, y)
    assert z.op.type == "Select" and z.shape.as_list() == list(shape)
    c_b = np.reshape(c, c.shape + (1,) * (len(shape) - len(cond_shape))) if c.ndim else c
    check(z, np.where(c_b, a, b), {cond: c, x: a, y: b})


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,indices,axis", [((5,), [3, 0, 0], 0), ((4, 3), [[0, 3], [2, 1]], 0),
                                                ((4, 3), [2, 0], 1), ((4, 3), 1, 0),
                                                ((2, 3, 4), [3, 1], -1), ((4,), [], 0)])
def test_gather(dtype, shape, indices, axis):
    v = sample(shape, dtype)
    x = ph(shape, tf.as_dtype(dtype))
    y = tf.gather(x, indices, axis=axis)
    expected = np.take(v, np.asarray(indices, np.int32), axis=axis)
    assert y.shape.as_list() == list(expected.shape)
    check(y, expected, {x: v})


def test_gather_with_int64_indices_and_strings():
    check(tf.gather(tf.constant([b"a", b"b", b"c"]), tf.constant([2, 0], tf.int64)),
          np.array([b"c", b"a"], dtype=object))
    check(tf.gather(tf.constant([b"a", b"b"]), 1), np.array(b"b", dtype=object))


@pytest.mark.parametrize("indices,depth,kwargs", [
    ([0, 2, 1], 3, {}), ([[0, 2], [1, -1]], 3, {}), ([1, 5, -1], 4, {"axis": 0}),
    ([[0, 1], [2, 3]], 4, {"axis": 1}), (2, 3, {}),
    ([1, 2], 3, {"on_value": 5, "off_value": -1}),
    ([1, 0], 2, {"on_value": True, "off_value": False}),
    ([0, 1], 2, {"dtype": tf.float64}), ([0, 1], 2, {"on_value": 2.0}),
])
def test_one_hot(indices, depth, kwargs):
    y = tf.one_hot(indices, depth, **kwargs)
    idx = np.asarray(indices)
    hot = idx[..., None] == np.arange(depth)
    dtype = y.dtype.as_numpy_dtype
    on = kwargs.get("on_value", 1)
    off = kwargs.get("off_value", 0)
    expected = np.where(hot, on, off).astype(dtype)
    if "axis" in kwargs:
        expected = np.moveaxis(expected, -1, kwargs["axis"])
    if "on_value" not in kwargs and "dtype" not in kwargs:
        assert y.dtype == tf.float32
    assert y.shape.as_list() == list(expected.shape)
    check(y, expected)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("begin,size", [([0, 1], [-1, 2]), ([1, 0], [1, 3]), ([0, 0], [0, 0]),
                                        ([1, 2], [-1, -1])])
def test_slice(dtype, begin, size):
    v = sample((2, 3), dtype)
    x = ph((2, 3), tf.as_dtype(dtype))
    y = tf.slice(x, begin, size)
    index = tuple(slice(b, None if s == -1 else b + s) for b, s in zip(begin, size))
    assert y.shape.as_list() == list(v[index].shape)
    check(y, v[index], {x: v})


def test_strided_slice_function():
    v = sample((4, 5), np.int32)
    x = ph((4, 5), tf.int32)
    check(tf.strided_slice(x, [1, 4], [3, 0], [1, -2]), v[1:3, 4:0:-2], {x: v})
    y = tf.strided_slice(x, [0, 1], [2, 3])
    assert y.op.type == "StridedSlice" and y.shape.as_list() == [2, 2]
    check(y, v[0:2, 1:3], {x: v})
    check(tf.strided_slice(x, [1, 0], [0, 0], [1, 1], begin_mask=0, end_mask=3), v[1:, :],
          {x: v})


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("axis", [[0], [1], [0, 1], [-1], []])
def test_reverse(dtype, axis):
    v = sample((3, 4), dtype)
    x = ph((3, 4), tf.as_dtype(dtype))
    check(tf.reverse(x, axis), np.flip(v, axis=tuple(axis)) if axis else v, {x: v})


@pytest.mark.parametrize("shape,target", [((3,), [2, 3]), ((1, 3), [4, 3]), ((), [2, 2]),
                                          ((2, 1), [2, 5])])
def test_broadcast_to(shape, target):
    v = sample(shape, np.float32)
    x = ph(shape)
    y = tf.broadcast_to(x, target)
    assert y.shape.as_list() == target
    check(y, np.broadcast_to(v, target), {x: v})


@pytest.mark.parametrize("perm,dtype", [([2, 0, 1], tf.int32), ([0], tf.int64),
                                        ([3, 1, 0, 2], tf.int32)])
def test_invert_permutation(perm, dtype):
    expected = np.argsort(perm).astype(dtype.as_numpy_dtype)
    check(tf.invert_permutation(tf.constant(perm, dtype)), expected)


def test_identity_n_and_stop_gradient():
    a, b = ph(), ph((3,), tf.int32, "b")
    outs = tf.identity_n([a, b])
    assert [o.dtype for o in outs] == [tf.float32, tf.int32]
    assert [o.shape.as_list() for o in outs] == [[2, 3], [3]]
    va, vb = sample((2, 3), np.float32), np.array([1, 2, 3], np.int32)
    ra, rb = run(outs, {a: va, b: vb})
    np.testing.assert_array_equal(ra, va)
    np.testing.assert_array_equal(rb, vb)
    (single,) = tf.identity_n([a])
    check(single, va, {a: va})
    check(tf.stop_gradient(a), va, {a: va})


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("tensor_shape,mask_shape,axis", [((4,), (4,), None),
                                                          ((3, 2), (3,), None),
                                                          ((2, 3, 2), (2, 3), None),
                                                          ((2, 3, 4), (3,), 1),
                                                          ((2, 3, 4), (3, 4), 1)])
def test_boolean_mask(dtype, tensor_shape, mask_shape, axis):
    v = sample(tensor_shape, dtype)
    m = sample(mask_shape, np.bool_, 7)
    x = ph(tensor_shape, tf.as_dtype(dtype))
    mask = ph(mask_shape, tf.bool, "mask")
    y = tf.boolean_mask(x, mask, axis=axis)
    a = axis or 0
    expected = v[(slice(None),) * a + (m,)]
    assert y.shape.ndims == expected.ndim
    check(y, expected, {x: v, mask: m})


def test_boolean_mask_with_unknown_dims():
    x = ph((None, 3, 4))
    mask = ph((None, 3), tf.bool, "mask")
    y = tf.boolean_mask(x, mask)
    assert y.shape.as_list() == [None, 4]
    v, m = sample((2, 3, 4), np.float32), sample((2, 3), np.bool_, 3)
    check(y, v[m], {x: v, mask: m})
    assert tf.boolean_mask(ph((2, 3), name="y"), ph((3,), tf.bool, "m"), axis=1) \
        .shape.as_list() == [2, None]


# ---------------------------------------------------------------------------- __getitem__

GETITEM_SPECS = [
    1, -1, 0, (1, 2), (1, 2, 3), (-1, -2, -3), slice(None), slice(1, 3), slice(None, None, -1),
    slice(None, None, 2), slice(-3, None), slice(3, 0, -2), slice(10, 20), slice(-100, 100),
    slice(None, -100, -1), slice(2, 2), slice(3, 1), (slice(1, -1), slice(None, None, 3)),
    Ellipsis, (Ellipsis, 1), (1, Ellipsis), (Ellipsis, slice(None, None, -2)), (None,),
    (Ellipsis, None), (None, Ellipsis, None), (1, None, slice(1, 3)),
    (slice(None), None, 1, Ellipsis), (1, Ellipsis, None, slice(None, None, -2)),
    (None, 1, None, 2, None, 3), (), (np.int64(2), np.int32(-1)), (slice(np.int64(1), None),),
    (slice(None), slice(None), slice(None)), (slice(1, 3), Ellipsis, slice(4, 0, -1)),
]


def _spec_id(spec):
    return repr(spec).replace(" ", "")


@pytest.mark.parametrize("spec", GETITEM_SPECS, ids=_spec_id)
@pytest.mark.parametrize("dtype", [np.float32, np.int64, np.bool_])
def test_getitem_matches_numpy(spec, dtype):
    v = sample((4, 5, 6), dtype)
    x = ph((4, 5, 6), tf.as_dtype(dtype))
    y = x[spec]
    expected = v[spec]
    assert y.op.type == "StridedSlice" and y.op.name == "strided_slice"
    assert y.shape.as_list() == list(expected.shape)
    check(y, expected, {x: v})
    free = ph((None, 5, None), tf.as_dtype(dtype), "free")
    z = free[spec]
    assert z.shape.ndims == expected.ndim
    check(z, expected, {free: v})
    unknown = ph(None, tf.as_dtype(dtype), "unknown")
    check(unknown[spec], expected, {unknown: v})


def test_getitem_on_constants_strings_and_variables():
    check(tf.constant([1, 2, 3])[1], np.int32(2))
    check(tf.constant([[b"a", b"b"], [b"c", b"d"]])[1, ::-1], np.array([b"d", b"c"], object))
    check(tf.constant([b"a", b"b"])[0], np.array(b"a", dtype=object))
    v = tf.Variable([[1., 2.], [3., 4.]])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(v[:, 1]), [2., 4.])


@pytest.mark.parametrize("make_spec,numpy_spec", [
    (lambda i: i, lambda i: i),
    (lambda i: (1, i), lambda i: (1, i)),
    (lambda i: slice(i, None), lambda i: slice(i, None)),
    (lambda i: slice(None, i), lambda i: slice(None, i)),
    (lambda i: (Ellipsis, i), lambda i: (Ellipsis, i)),
    (lambda i: slice(None, None, i), lambda i: slice(None, None, i)),
])
@pytest.mark.parametrize("index_dtype", [tf.int32, tf.int64])
@pytest.mark.parametrize("i", [1, 2, -1])
def test_getitem_with_tensor_indices(make_spec, numpy_spec, index_dtype, i):
    v = sample((3, 4), np.float32)
    x = ph((3, 4))
    idx = ph((), index_dtype, "i")
    y = x[make_spec(idx)]
    check(y, v[numpy_spec(i)], {x: v, idx: i})


def test_getitem_with_bool_tensor_masks():
    v = sample((3, 4), np.float32)
    x = ph((3, 4))
    mask = ph((3, 4), tf.bool, "mask")
    y = x[mask]
    assert y.op.name == "boolean_mask/GatherV2"
    m = v > 0
    check(y, v[m], {x: v, mask: m})


@pytest.mark.parametrize("spec,error,message", [
    (1.0, TypeError, "Only integers, slices"),
    ("a", TypeError, "Only integers, slices"),
    (slice(0.5, 2), TypeError, "Only integers, slices"),
    ([[0, 1]], TypeError, "Only integers, slices"),
    (5, ValueError, "slice index 5 of dimension 0 out of bounds"),
    (-5, ValueError, "slice index -1 of dimension 0 out of bounds"),
    ((1, 1, 1), ValueError, "Index out of range using input dim 2; input has only 2 dims"),
    ((Ellipsis, Ellipsis), ValueError, "Multiple ellipses in slice spec not allowed"),
    (slice(None, None, 0), ValueError, "strides[0] must be non-zero"),
])
def test_getitem_build_time_errors(spec, error, message):
    x = ph((4, 3))
    with pytest.raises(error) as info:
        x[spec]
    assert message in str(info.value)


def test_getitem_rejects_vector_and_float_tensor_indices():
    x = ph((4, 3))
    with pytest.raises(TypeError, match="Only integers"):
        x[ph((2,), tf.int32, "v")]
    with pytest.raises(TypeError, match="Only integers"):
        x[ph((), tf.float32, "f")]


def test_getitem_run_time_errors_name_the_index():
    x = ph((None, 3))
    y = x[5]
    with pytest.raises(tf.errors.InvalidArgumentError, match="slice index 5 of dimension 0"):
        run(y, {x: np.zeros((2, 3))})
    i = ph((), tf.int32, "i")
    with pytest.raises(tf.errors.InvalidArgumentError, match="out of bounds"):
        run(x[1, i], {x: np.zeros((2, 3)), i: 3})


# ---------------------------------------------------------------------------- static shapes

STATIC_SHAPES = [
    ("reshape_unknown_dim", lambda: tf.reshape(ph((None, 3)), [-1, 2, 3]), [None, 2, 3]),
    ("reshape_two_minus_one", lambda: tf.reshape(ph(), [-1, -1]), [None, None]),
    ("reshape_shape_tensor", lambda: tf.reshape(ph(), ph((3,), tf.int32, "s")),
     [None, None, None]),
    ("reshape_packed_shape", lambda: tf.reshape(ph(), [ph((), tf.int32, "n"), 3]), [2, 3]),
    ("reshape_zero", lambda: tf.reshape(ph((0, 3)), [-1, 0]), [None, 0]),
    ("reshape_scalar", lambda: tf.reshape(ph((1, 1)), []), []),
    ("reshape_unknown_rank_shape", lambda: tf.reshape(ph(), ph(None, tf.int32, "s")), None),
    ("reshape_by_shape_of", lambda: tf.reshape(ph((6,)), tf.shape(ph((None, 3), name="y"))),
     [2, 3]),
    ("transpose_unknown_rank", lambda: tf.transpose(ph(None)), None),
    ("transpose_perm_tensor", lambda: tf.transpose(ph(), ph((2,), tf.int32, "p")), [None, None]),
    ("transpose_3d", lambda: tf.transpose(ph((2, 3, 4)), [2, 0, 1]), [4, 2, 3]),
    ("concat_unknown", lambda: tf.concat([ph((None, 3)), ph(None, name="y")], 0), [None, 3]),
    ("concat_axis_tensor", lambda: tf.concat([ph(), ph()], ph((), tf.int32, "a")),
     [None, None]),
    ("concat_partial", lambda: tf.concat([ph((None, 3)), ph((2, None), name="y")], 1),
     [2, None]),
    ("stack_partial", lambda: tf.stack([ph((None, 3)), ph((2, None), name="y")]), [2, 2, 3]),
    ("stack_unknown", lambda: tf.stack([ph(None), ph(None, name="y")]), None),
    ("unstack_num", lambda: tf.unstack(ph((None, 3)), num=2)[0], [3]),
    ("split_unknown", lambda: tf.split(ph((2, None)), 3, axis=1)[0], [2, None]),
    ("splitv_minus_one", lambda: tf.split(ph(), [1, -1], axis=1)[1], [2, 2]),
    ("squeeze_unknown", lambda: tf.squeeze(ph((None, 1))), None),
    ("squeeze_axis_unknown", lambda: tf.squeeze(ph((None, 1)), axis=[0]), [1]),
    ("squeeze_unknown_rank", lambda: tf.squeeze(ph(None)), None),
    ("expand_unknown_rank", lambda: tf.expand_dims(ph(None), 0), None),
    ("expand_dim_tensor", lambda: tf.expand_dims(ph(), ph((), tf.int32, "d")), None),
    ("tile_unknown", lambda: tf.tile(ph((None, 3)), [2, 2]), [None, 6]),
    ("tile_multiples_tensor", lambda: tf.tile(ph((None, 3)), ph((2,), tf.int32, "m")),
     [None, None]),
    ("pad_unknown", lambda: tf.pad(ph((None, 3)), [[1, 1], [2, 0]]), [None, 5]),
    ("pad_paddings_tensor", lambda: tf.pad(ph(), ph((2, 2), tf.int32, "p")), [None, None]),
    ("fill_dims_tensor", lambda: tf.fill(ph((2,), tf.int32, "d"), 2.5), [None, None]),
    ("fill_partial", lambda: tf.fill([ph((), tf.int32, "n"), 4], 0), [None, 4]),
    ("range_unknown", lambda: tf.range(ph((), tf.int32, "n")), [None]),
    ("shape_partial", lambda: tf.shape(ph((None, 3))), [2]),
    ("shape_unknown_rank", lambda: tf.shape(ph(None)), [None]),
    ("where_unknown_rank", lambda: tf.where(ph(None, tf.bool)), [None, None]),
    ("where_vector", lambda: tf.where(ph((3,))), [None, 1]),
    ("select_vector_cond", lambda: tf.where(ph((2,), tf.bool, "c"), ph(), ph()), [2, 3]),
    ("select_partial", lambda: tf.where(ph((None, 3), tf.bool, "c"), ph((2, None)),
                                        ph((None, None), name="y")), [2, 3]),
    ("one_hot_depth_unknown", lambda: tf.one_hot([1], ph((), tf.int32, "d")), [1, None]),
    ("one_hot_axis0", lambda: tf.one_hot(ph((4, 2), tf.int32), 3, axis=0), [3, 4, 2]),
    ("slice_unknown", lambda: tf.slice(ph((None, 3)), [1, 1], [-1, -1]), [None, 2]),
    ("gather_unknown_indices", lambda: tf.gather(ph((5, 3)), ph((None,), tf.int32, "i")),
     [None, 3]),
    ("gather_negative_axis", lambda: tf.gather(ph(), [0], axis=-1), [2, 1]),
    ("gather_axis_tensor", lambda: tf.gather(ph(), [0], axis=ph((), tf.int32, "a")),
     [None, None]),
    ("getitem_unknown_rank", lambda: ph(None)[1:, 2], None),
    ("getitem_none_dim", lambda: ph((None, 3))[1:, 2], [None]),
    ("getitem_none_dim_step", lambda: ph((None, 3))[:-1, ::2], [None, 2]),
    ("getitem_tensor_start", lambda: ph((4, 3))[ph((), tf.int32, "i"):], [None, 3]),
    ("getitem_new_axis", lambda: ph((2, 3, 4))[..., None, 1], [2, 3, 1]),
    ("getitem_ellipsis_stride", lambda: ph((2, 3, 4))[None, ..., ::-2], [1, 2, 3, 2]),
    ("boolean_mask_2d", lambda: tf.boolean_mask(ph((None, 3, 4)), ph((None, 3), tf.bool, "m")),
     [None, 4]),
    ("broadcast_to_tensor", lambda: tf.broadcast_to(ph((3,)), ph((2,), tf.int32, "s")),
     [None, None]),
    ("ones_like_partial", lambda: tf.ones_like(ph((None, 3))), [None, 3]),
    ("zeros_like_unknown_rank", lambda: tf.zeros_like(ph(None)), None),
]


@pytest.mark.parametrize("build,expected", [c[1:] for c in STATIC_SHAPES],
                         ids=[c[0] for c in STATIC_SHAPES])
def test_static_shapes(build, expected):
    t = build()
    if expected is None:
        assert t.shape.ndims is None
    else:
        assert t.shape.as_list() == expected


# ---------------------------------------------------------------------------- build-time errors

BUILD_ERRORS = [
    ("concat_dims", lambda: tf.concat([ph((2, 3)), ph((2, 4), name="y")], 0), ValueError,
     "Dimension 0 in both shapes must be equal, but are 3 and 4"),
    ("concat_rank", lambda: tf.concat([ph((2, 3)), ph((2, 3, 4), name="y")], 0), ValueError,
     "Shape must be rank 2 but is rank 3"),
    ("concat_axis", lambda: tf.concat([ph(), ph()], 2), ValueError,
     "Shape must be at least rank 3 but is rank 2"),
    ("concat_dtypes", lambda: tf.concat([ph(), ph(dtype=tf.int32)], 0), TypeError,
     "don't all match"),
    ("concat_float_axis", lambda: tf.concat([ph(), ph()], 0.5), TypeError, "axis"),
    ("reshape_divisible", lambda: tf.reshape(ph(), [4, -1]), ValueError,
     "Dimension size must be evenly divisible by 4 but is 6"),
    ("reshape_count", lambda: tf.reshape(ph(), [4, 2]), ValueError,
     "Cannot reshape a tensor with 6 elements to shape [4,2] (8 elements)"),
    ("reshape_negative", lambda: tf.reshape(ph(), [-2, 3]), ValueError, "-2"),
    ("reshape_float_shape", lambda: tf.reshape(ph(), [2.0, 3.0]), TypeError,
     "Value passed to parameter 'shape' has DataType float32"),
    ("transpose_perm_length", lambda: tf.transpose(ph(), [0, 1, 2]), ValueError,
     "Dimension must be 2 but is 3"),
    ("transpose_not_permutation", lambda: tf.transpose(ph(), [0, 0]), ValueError,
     "1 is missing from {0,0}"),
    ("stack_axis", lambda: tf.stack([ph((2,)), ph((2,), name="y")], axis=3), ValueError,
     "Argument `axis` = 3 not in range [-2, 2)"),
    ("stack_shapes", lambda: tf.stack([ph((2,)), ph((3,), name="y")], axis=1), ValueError,
     "Dimension 0 in both shapes must be equal, but are 2 and 3"),
    ("stack_dtypes", lambda: tf.stack([ph((2,)), ph((2,), tf.int32, "y")], axis=1), TypeError,
     "don't all match"),
    ("unstack_num", lambda: tf.unstack(ph((None, 3))), ValueError,
     "Cannot infer argument `num` from shape"),
    ("unstack_bad_num", lambda: tf.unstack(ph((2, 3)), num=3), ValueError,
     "Dimension must be 3 but is 2"),
    ("unstack_axis", lambda: tf.unstack(ph((2, 3)), axis=2), ValueError, "not in range"),
    ("split_divisible", lambda: tf.split(ph(), 2, axis=1), ValueError,
     "Dimension size must be evenly divisible by 2 but is 3"),
    ("split_sizes", lambda: tf.split(ph(), [1, 1], axis=1), ValueError,
     "can't split axis of size 3 into pieces of size [1,1]"),
    ("split_zero", lambda: tf.split(ph(), 0, axis=1), ValueError, "num_split"),
    ("squeeze_not_one", lambda: tf.squeeze(ph((1, 3, 1)), [1]), ValueError,
     "Can not squeeze dim[1], expected a dimension of 1, got 3"),
    ("squeeze_axis", lambda: tf.squeeze(ph((1, 3)), axis=[2]), ValueError,
     "squeeze_dims[0] not in [-2,2)"),
    ("squeeze_both", lambda: tf.squeeze(ph((1, 3)), axis=[0], squeeze_dims=[0]), ValueError,
     "Cannot specify both"),
    ("expand_dims_range", lambda: tf.expand_dims(ph(), 4), ValueError,
     "dim 4 not in the interval [-3, 2]"),
    ("expand_dims_negative", lambda: tf.expand_dims(ph(), -4), ValueError,
     "dim -4 not in the interval [-3, 2]"),
    ("expand_dims_missing", lambda: tf.expand_dims(ph()), ValueError,
     "Must specify an axis argument"),
    ("tile_rank", lambda: tf.tile(ph(), [2]), ValueError, "Shape must be rank 2 but is rank 1"),
    ("pad_rank", lambda: tf.pad(ph(), [[1, 1]]), ValueError, "paddings"),
    ("pad_negative", lambda: tf.pad(ph(), [[-1, 0], [0, 0]]), ValueError,
     "Paddings must be non-negative"),
    ("pad_mode", lambda: tf.pad(ph(), [[1, 1], [0, 0]], mode="FOO"), ValueError,
     "Received `mode` = FOO"),
    ("pad_reflect_too_much", lambda: tf.pad(ph(), [[2, 2], [0, 0]], mode="REFLECT"), ValueError,
     "REFLECT paddings must be at most 1"),
    ("fill_negative", lambda: tf.fill([-1, 2], 1.0), ValueError,
     "Fill dimensions must be >= 0"),
    ("fill_value_rank", lambda: tf.fill([1, 2], [1.0, 2.0]), ValueError,
     "Shape must be rank 0 but is rank 1"),
    ("range_delta", lambda: tf.range(0, 5, 0), ValueError, "Requires delta != 0"),
    ("range_order", lambda: tf.range(5, 1, 1), ValueError,
     "Requires start <= limit when delta > 0: 5/1"),
    ("range_string", lambda: tf.range(tf.constant("a")), TypeError, "string"),
    ("linspace_num", lambda: tf.linspace(0., 1., 0), ValueError, "Requires num > 0"),
    ("linspace_int", lambda: tf.linspace(0, 1, 3), TypeError, "int32"),
    ("select_vector", lambda: tf.where(ph((3,), tf.bool, "c"), ph(), ph()), ValueError,
     "Dimension 0 in both shapes must be equal, but are 3 and 2"),
    ("select_shape", lambda: tf.where(ph((3, 2), tf.bool, "c"), ph(), ph()), ValueError,
     "Dimension 0 in both shapes must be equal"),
    ("select_rank", lambda: tf.where(ph((2, 3), tf.bool, "c"), ph((2, 3, 4)), ph((2, 3, 4))),
     ValueError, "Shapes must be equal rank, but are 3 and 2"),
    ("select_xy", lambda: tf.where(ph((2, 3), tf.bool, "c"), ph(), ph((2, 4), name="y")),
     ValueError, "Dimension 1 in both shapes must be equal, but are 3 and 4"),
    ("select_dtypes", lambda: tf.where(ph((2, 3), tf.bool, "c"), ph(), ph(dtype=tf.int32)),
     TypeError, "Input 'e' of 'Select' Op has type int32 that does not match type float32"),
    ("select_condition", lambda: tf.where(ph(), ph(), ph()), TypeError,
     "Input 'condition' of 'Select' Op has type float32"),
    ("where_one_of_xy", lambda: tf.where(ph((2,), tf.bool), ph((2,), name="y")), ValueError,
     "x and y must both be non-None or both be None"),
    ("gather_axis", lambda: tf.gather(ph(), [0], axis=2), ValueError,
     "Shape must be at least rank 3 but is rank 2"),
    ("gather_float_indices", lambda: tf.gather(ph((5,)), [1.0]), TypeError,
     "Value passed to parameter 'indices' has DataType float32"),
    ("one_hot_dtypes", lambda: tf.one_hot([1, 2], 3, on_value=5, off_value=-1.0), TypeError,
     "does not match dtype"),
    ("one_hot_dtype_param", lambda: tf.one_hot([1], 3, on_value=1.0, dtype=tf.int32),
     TypeError, "does not match dtype parameter"),
    ("one_hot_axis", lambda: tf.one_hot([1], 3, axis=3), ValueError, "Expected axis"),
    ("slice_size", lambda: tf.slice(ph(), [0, 1], [3, 1]), ValueError,
     "Expected size[0] in [0, 2], but got 3"),
    ("slice_begin", lambda: tf.slice(ph(), [-1, 0], [1, 1]), ValueError,
     "Expected begin[0] in [0, 2], but got -1"),
    ("slice_rank", lambda: tf.slice(ph(), [1], [1]), ValueError, "Expected begin and size"),
    ("boolean_mask_scalar", lambda: tf.boolean_mask(ph((3,)), ph((), tf.bool, "m")),
     ValueError, "mask cannot be scalar."),
    ("boolean_mask_unknown", lambda: tf.boolean_mask(ph((3,)), ph(None, tf.bool, "m")),
     ValueError, "Number of mask dimensions must be specified"),
    ("boolean_mask_shapes", lambda: tf.boolean_mask(ph((3,)), ph((4,), tf.bool, "m")),
     ValueError, "Shapes (3,) and (4,) are incompatible"),
    ("broadcast_to", lambda: tf.broadcast_to(ph((3,)), [2, 4]), ValueError,
     "Dimensions must be equal, but are 3 and 4"),
    ("reverse_axis", lambda: tf.reverse(ph(), [2]), ValueError, "out of valid range"),
    ("shape_out_type", lambda: tf.shape(ph(), out_type=tf.float32), TypeError, "out_type"),
    ("concat_nothing", lambda: tf.concat([], 0), ValueError, "at least one"),
    ("stack_nothing", lambda: tf.stack([], axis=1), ValueError, "at least one"),
    ("pad_mode_type", lambda: tf.pad(ph(), [[1, 1], [0, 0]], mode=None), TypeError, "mode"),
    ("constant_of_tensors", lambda: tf.constant([ph(), ph()]), TypeError,
     "List of Tensors when single Tensor expected"),
    ("pack_mixed_dtypes", lambda: tf.convert_to_tensor([ph(()), ph((), tf.int32, "y")]),
     TypeError, "Cannot convert a list containing a tensor of dtype"),
]


@pytest.mark.parametrize("build,error,message", [c[1:] for c in BUILD_ERRORS],
                         ids=[c[0] for c in BUILD_ERRORS])
def test_build_time_errors(build, error, message):
    with pytest.raises(error) as info:
        build()
    assert message in str(info.value)


def test_build_time_shape_errors_name_op_and_shapes():
    with pytest.raises(ValueError) as info:
        tf.concat([ph((2, 3)), ph((2, 4), name="y")], 0)
    text = str(info.value)
    assert "'concat' (op: 'ConcatV2')" in text and "[2,3], [2,4], []" in text
    assert "test_array_ops.py" in text  # the user's line


# ---------------------------------------------------------------------------- run-time errors

RUN_ERRORS = [
    ("reshape", lambda x: tf.reshape(x, [2, 2]), (3,),
     "Input to reshape is a tensor with 3 values, but the requested shape has 4"),
    ("reshape_multiple", lambda x: tf.reshape(x, [-1, 2]), (3,),
     "requested shape requires a multiple of 2"),
    ("gather", lambda x: tf.gather(x, [1, 5]), (3,), "indices[1] = 5 is not in [0, 3)"),
    ("gather_negative", lambda x: tf.gather(x, [-1]), (3,), "indices[0] = -1 is not in [0, 3)"),
    ("gather_2d", lambda x: tf.gather(x, [[0, 1], [2, 7]]), (5,),
     "indices[1,1] = 7 is not in [0, 5)"),
    ("gather_scalar", lambda x: tf.gather(x, 9), (5,), "indices = 9 is not in [0, 5)"),
    ("getitem", lambda x: x[5], (2,), "slice index 5 of dimension 0 out of bounds"),
    ("concat", lambda x: tf.concat([x, tf.ones([3, 3])], 1), (2, 3),
     "Dimension 0 in both shapes must be equal"),
    ("split", lambda x: tf.split(x, 2)[0], (3,), "Number of ways to split should evenly divide"),
    ("splitv", lambda x: tf.split(x, [1, 1])[1], (3,), "can't split axis of size 3"),
    ("squeeze", lambda x: tf.squeeze(x, [0]), (3,), "Can not squeeze dim[0]"),
    ("unstack", lambda x: tf.unstack(x, num=2)[0], (3,), "Input shape axis 0 must equal 2"),
    ("stack", lambda x: tf.stack([x, tf.ones([2])]), (3,), "Shapes of all inputs must match"),
    ("slice", lambda x: tf.slice(x, [1, 0], [3, 1]), (2, 3), "Expected size[0] in [0, 1]"),
    ("range", lambda x: tf.range(tf.size(x), 1, 1), (5,), "Requires start <= limit"),
    ("transpose", lambda x: tf.transpose(x, tf.placeholder_with_default([0, 0], [2])), (2, 3),
     "1 is missing from {0,0}."),
    ("select", lambda x: tf.where(tf.placeholder_with_default([True, False, True], [None]), x, x),
     (2, 2), "Number of batches of 'then' must match size of 'cond'"),
    ("mirror_pad", lambda x: tf.pad(x, [[3, 0]], mode="REFLECT"), (3,),
     "paddings must be less than the dimension size"),
    ("tile", lambda x: tf.tile(x, tf.placeholder_with_default([2, 2], [None])), (3,),
     "Expected multiples argument to be a vector of length 1"),
    ("fill", lambda x: tf.fill(tf.cast(x, tf.int32), 1.0), (2,), "dims must be non-negative"),
    ("invert_permutation", lambda x: tf.invert_permutation(tf.cast(x, tf.int32)), (2,),
     "is not a permutation"),
    ("strided_slice_stride", lambda x: x[::tf.placeholder_with_default(0, [])], (3,),
     "strides[0] must be non-zero"),
]


@pytest.mark.parametrize("build,feed_shape,message", [c[1:] for c in RUN_ERRORS],
                         ids=[c[0] for c in RUN_ERRORS])
def test_run_time_errors(build, feed_shape, message):
    x = ph([None] * len(feed_shape))
    y = build(x)
    value = -np.ones(feed_shape, np.float32)
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        run(y, {x: value})
    assert message in str(info.value)
    assert y.op.name in str(info.value)


# ---------------------------------------------------------------------------- auto-packing

def test_autopacking_values_and_shapes():
    a, b = ph((2,), name="a"), ph((2,), name="b")
    packed = tf.convert_to_tensor([a, b])
    assert packed.op.type == "Pack" and packed.shape.as_list() == [2, 2]
    va, vb = np.array([1., 2.]), np.array([3., 4.])
    check(packed, np.array([va, vb], np.float32), {a: va, b: vb})
    nested = tf.convert_to_tensor([[a, [5., 6.]], [b, a]])
    assert nested.shape.as_list() == [2, 2, 2]
    check(nested, np.array([[va, [5, 6]], [vb, va]], np.float32), {a: va, b: vb})


def test_autopacking_converts_python_elements_to_the_tensor_dtype():
    s = ph((), tf.int64, "s")
    packed = tf.convert_to_tensor([s, 2, 3])
    assert packed.dtype == tf.int64
    check(packed, np.array([7, 2, 3], np.int64), {s: 7})
    f = ph((), name="f")
    check(tf.convert_to_tensor([f, 1]), np.array([0.5, 1.], np.float32), {f: 0.5})


def test_autopacking_with_requested_dtype_casts_tensors():
    f = ph((), name="f")
    packed = tf.convert_to_tensor([f, 1], dtype=tf.int32)
    assert packed.dtype == tf.int32
    assert [op.type for op in tf.get_default_graph().get_operations()].count("Cast") == 1
    check(packed, np.array([2, 1], np.int32), {f: 2.7})


def test_autopacking_of_variables_and_plain_lists():
    v = tf.Variable(3.0, name="v")
    packed = tf.convert_to_tensor([v, 1.0])
    assert packed.op.inputs[0].name == "v/read:0"
    plain = tf.convert_to_tensor([[1, 2], [3, 4]])
    assert plain.op.type == "Const" and plain.dtype == tf.int32
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(packed), [3., 1.])


def test_autopacking_feeds_op_inputs():
    n = ph((), tf.int32, "n")
    x = ph((None,))
    y = tf.reshape(x, [n, -1])
    assert y.shape.as_list() == [None, None]
    check(y, np.arange(6, dtype=np.float32).reshape(2, 3), {x: np.arange(6), n: 2})
    z = tf.fill([n, 2], 1)
    check(z, np.ones((3, 2), np.int32), {n: 3})


def test_tf_constant_still_rejects_tensors():
    x = ph()
    with pytest.raises(TypeError):
        tf.constant([x, x])
    with pytest.raises(TypeError):
        tf.constant([[1.0, x]])


def test_stack_of_python_values_is_a_const():
    y = tf.stack([[1, 2], [3, 4]])
    assert y.op.type == "Const"
    check(y, np.array([[1, 2], [3, 4]], np.int32))


# ---------------------------------------------------------------------------- kernels' dtypes

@pytest.mark.parametrize("build,dtype", [
    (lambda x: tf.shape(x), np.int32), (lambda x: tf.size(x), np.int32),
    (lambda x: tf.rank(x), np.int32), (lambda x: tf.shape(x, out_type=tf.int64), np.int64),
    (lambda x: tf.size(x, out_type=tf.int64), np.int64), (lambda x: tf.where(x > 0), np.int64),
    (lambda x: tf.range(tf.size(x)), np.int32), (lambda x: tf.one_hot(tf.size(x), 3), np.float32),
])
def test_kernels_return_declared_dtype(build, dtype):
    x = ph(None)
    y = build(x)
    assert y.dtype.as_numpy_dtype == dtype
    value = run(y, {x: np.ones((2, 3), np.float32)})
    assert np.asarray(value).dtype == dtype


def test_fetched_views_are_independent_copies():
    x = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
    with tf.Session() as sess:
        a, b = sess.run([tf.reshape(x, [3, 2]), tf.transpose(x)])
        a[0, 0] = 100.
        assert sess.run(x)[0, 0] == 0.
        assert b[0, 0] == 0.


def test_views_survive_in_place_kernels():
    # t is a fresh buffer that an elementwise op may overwrite once t dies; the views of it
    # (reshape, identity, slicing, transpose) must keep their values.
    a = ph((200, 200), name="a")
    t = a + 1.0
    views = [tf.reshape(t, [-1]), tf.identity(t), t[1:, :], tf.transpose(t), tf.squeeze(t)]
    u = t * 2.0
    values = run(views + [u], {a: np.zeros((200, 200), np.float32)})
    for v in values[:-1]:
        assert np.all(v == 1.0)
    assert np.all(values[-1] == 2.0)


# ---------------------------------------------------------------------------- matrices, gradients

@pytest.mark.parametrize("s0,s1,r0,r1", [  # values from TF's BroadcastGradientArgs
    ([2, 3], [3], [], [0]), ([1], [1], [], []), ([2, 1], [1, 3], [1], [0]),
    ([], [2, 2], [0, 1], []), ([2, 3], [2, 3], [], []), ([1, 1], [1], [0, 1], [0, 1]),
    ([5, 1, 3], [1, 4, 1], [1], [0, 2])])
@pytest.mark.parametrize("dtype", [tf.int32, tf.int64])
def test_broadcast_gradient_args(s0, s1, r0, r1, dtype):
    from interflow.ops import array_ops
    a, b = tf.constant(s0, dtype), tf.constant(s1, dtype)
    out = array_ops.broadcast_gradient_args(a, b)
    assert [t.name for t in out] == ["BroadcastGradientArgs:0", "BroadcastGradientArgs:1"]
    assert all(t.shape.as_list() == [None] and t.dtype == dtype for t in out)
    got = run(list(out))
    np.testing.assert_array_equal(got[0], np.array(r0, dtype.as_numpy_dtype))
    np.testing.assert_array_equal(got[1], np.array(r1, dtype.as_numpy_dtype))
    assert all(g.dtype == dtype.as_numpy_dtype for g in got)


def test_broadcast_gradient_args_rejects_incompatible_shapes():
    from interflow.ops import array_ops
    r0, _ = array_ops.broadcast_gradient_args([2, 3], [2, 4])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2,3\] vs"):
        run(r0)


@pytest.mark.parametrize("shape", [(2, 3), (4, 2, 3), (1, 2, 3, 4)])
def test_matrix_transpose(shape):
    v = sample(shape, np.float32)
    x = ph(shape)
    y = tf.matrix_transpose(x)
    assert ops_created() == [("matrix_transpose/transpose/perm", "Const"),
                             ("matrix_transpose/transpose", "Transpose")]
    check(y, np.swapaxes(v, -1, -2), {x: v})
    unknown = ph(None, name="u")
    z = tf.matrix_transpose(unknown)
    assert z.op.name == "matrix_transpose_1/transpose" and z.shape.ndims is None
    check(z, np.swapaxes(v, -1, -2), {unknown: v})
    with pytest.raises(ValueError, match="rank >= 2"):
        tf.matrix_transpose(ph((3,), name="v"))


@pytest.mark.parametrize("shape", [(3, 3), (2, 3, 2, 3), (1, 1)])
def test_diag_and_diag_part(shape):
    v = sample(shape, np.float64)
    x = ph(shape, tf.float64)
    k = len(shape) // 2
    n = int(np.prod(shape[:k]))
    d = tf.diag_part(x)
    assert d.op.name == "DiagPart" and d.shape.as_list() == list(shape[:k])
    check(d, np.diagonal(v.reshape(n, n)).reshape(shape[:k]), {x: v})
    back = tf.diag(d)
    assert back.op.type == "Diag" and back.shape.as_list() == list(shape)
    check(back, np.diag(np.diagonal(v.reshape(n, n))).reshape(shape), {x: v})
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.diag_part(ph((2, 3), name="bad"))
