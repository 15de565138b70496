"""array_ops gradients: the graphs they build (names and op types as TF1's array_grad.py builds
them, checked against TensorFlow 2.21 with tf.compat.v1), and the ops only gradients need:
ConcatOffset, ShapeN, StridedSliceGrad, MirrorPadGrad, UnsortedSegmentSum.

Values of the gradients themselves are checked by the gradient table (tests/autodiff)."""

import numpy as np
import pytest

import interflow as tf
from interflow.ops import array_ops
from interflow.ops.array.slicing import _MASKS


def _run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


# ---------------------------------------------------------------------------- graph names (TF1)

_SS = "strided_slice_grad/"
NAME_CASES = [
    ("reshape", lambda a: tf.reshape(a, [6]), (2, 3),
     [("Reshape_grad/Shape", "Const"), ("Reshape_grad/Reshape", "Reshape")]),
    ("reshape_one_unknown", lambda a: tf.reshape(a, [-1]), (None, 3),
     [("Reshape_grad/Reshape/shape", "Const"), ("Reshape_grad/Reshape", "Reshape")]),
    ("reshape_unknown_rank", lambda a: tf.reshape(a, [-1]), None,
     [("Reshape_grad/Shape", "Shape"), ("Reshape_grad/Reshape", "Reshape")]),
    ("transpose", lambda a: tf.transpose(a, [1, 0, 2]), (2, 3, 4),
     [("transpose_grad/InvertPermutation", "InvertPermutation"),
      ("transpose_grad/transpose", "Transpose")]),
    ("squeeze", lambda a: tf.squeeze(a), (2, 1, 3),
     [("Squeeze_grad/Shape", "Const"), ("Squeeze_grad/Reshape", "Reshape")]),
    ("expand_dims", lambda a: tf.expand_dims(a, 1), (2, 3),
     [("ExpandDims_grad/Shape", "Const"), ("ExpandDims_grad/Reshape", "Reshape")]),
    ("tile", lambda a: tf.tile(a, [2, 3]), (2, 3),
     [("Tile_grad/Shape", "Const"), ("Tile_grad/stack", "Pack"),
      ("Tile_grad/transpose/perm", "Const"), ("Tile_grad/transpose", "Transpose"),
      ("Tile_grad/Reshape/shape", "Const"), ("Tile_grad/Reshape", "Reshape"),
      ("Tile_grad/Size", "Const"), ("Tile_grad/range/start", "Const"),
      ("Tile_grad/range/delta", "Const"), ("Tile_grad/range", "Range"),
      ("Tile_grad/Reshape_1", "Reshape"), ("Tile_grad/Sum", "Sum")]),
    ("reverse", lambda a: tf.reverse(a, [1]), (2, 3),
     [("ReverseV2_grad/ReverseV2", "ReverseV2")]),
    ("broadcast_to", lambda a: tf.broadcast_to(a, [4, 2, 3]), (2, 1),
     [("BroadcastTo_grad/Shape", "Const"), ("BroadcastTo_grad/Const", "Const"),
      ("BroadcastTo_grad/BroadcastGradientArgs", "BroadcastGradientArgs"),
      ("BroadcastTo_grad/Sum", "Sum"), ("BroadcastTo_grad/Reshape", "Reshape")]),
    ("concat", lambda a: tf.concat([a, a[:, :2]], 1), (2, 3),
     [("concat_grad/Rank", "Const"), ("concat_grad/mod", "FloorMod"),
      ("concat_grad/Shape", "Const"), ("concat_grad/Shape_1", "Const"),
      ("concat_grad/ConcatOffset", "ConcatOffset"), ("concat_grad/Slice", "Slice"),
      ("concat_grad/Slice_1", "Slice")]),
    ("concat_unknown_shape", lambda a: tf.concat([a, tf.zeros([2, 3], tf.float64)], 0),
     (None, 3),
     [("concat_grad/Rank", "Const"), ("concat_grad/mod", "FloorMod"),
      ("concat_grad/Shape", "Shape"), ("concat_grad/ShapeN", "ShapeN"),
      ("concat_grad/ConcatOffset", "ConcatOffset"), ("concat_grad/Slice", "Slice"),
      ("concat_grad/Slice_1", "Slice")]),
    ("stack", lambda a: tf.stack([a, a], 1), (2, 3), [("stack_grad/unstack", "Unpack")]),
    ("unstack", lambda a: tf.unstack(a, axis=1)[0], (2, 3), [("unstack_grad/stack", "Pack")]),
    ("split", lambda a: tf.split(a, 3, 1)[1], (2, 3), [("split_grad/concat", "ConcatV2")]),
    ("split_v", lambda a: tf.split(a, [1, 2], 1)[1], (2, 3),
     [("split_grad/concat", "ConcatV2")]),
    ("pad", lambda a: tf.pad(a, [[1, 0], [0, 2]]), (2, 3),
     [("Pad_grad/Rank", "Const"), ("Pad_grad/stack/1", "Const"), ("Pad_grad/stack", "Pack"),
      ("Pad_grad/Slice/begin", "Const"), ("Pad_grad/Slice", "Slice"),
      ("Pad_grad/Reshape/shape", "Const"), ("Pad_grad/Reshape", "Reshape"),
      ("Pad_grad/Shape", "Const"), ("Pad_grad/Slice_1", "Slice")]),
    ("pad_v2", lambda a: tf.pad(a, [[1, 0], [0, 2]], constant_values=3.0), (2, 3),
     [("PadV2_grad/Rank", "Const"), ("PadV2_grad/stack/1", "Const"),
      ("PadV2_grad/stack", "Pack"), ("PadV2_grad/Slice/begin", "Const"),
      ("PadV2_grad/Slice", "Slice"), ("PadV2_grad/Reshape/shape", "Const"),
      ("PadV2_grad/Reshape", "Reshape"), ("PadV2_grad/Shape", "Const"),
      ("PadV2_grad/Slice_1", "Slice")]),
    ("mirror_pad", lambda a: tf.pad(a, [[1, 0], [0, 2]], mode="REFLECT"), (2, 3),
     [("MirrorPad_grad/MirrorPadGrad", "MirrorPadGrad")]),
    ("fill", lambda a: tf.fill([2, 3], a), (),
     [("Fill_grad/Const", "Const"), ("Fill_grad/Sum", "Sum")]),
    ("slice", lambda a: tf.slice(a, [0, 1], [2, 2]), (2, 3),
     [("Slice_grad/Rank", "Const"), ("Slice_grad/Shape", "Const"),
      ("Slice_grad/stack/1", "Const"), ("Slice_grad/stack", "Pack"),
      ("Slice_grad/Reshape", "Reshape"), ("Slice_grad/Shape_1", "Const"),
      ("Slice_grad/sub", "Sub"), ("Slice_grad/sub_1", "Sub"),
      ("Slice_grad/Reshape_1", "Reshape"), ("Slice_grad/concat/axis", "Const"),
      ("Slice_grad/concat", "ConcatV2"), ("Slice_grad/Pad", "Pad")]),
    ("strided_slice", lambda a: a[1:, ::2], (2, 3),
     [(_SS + "Shape", "Const"), (_SS + "StridedSliceGrad/shape", "Const"),
      (_SS + "StridedSliceGrad/begin", "Const"), (_SS + "StridedSliceGrad/end", "Const"),
      (_SS + "StridedSliceGrad/strides", "Const"), (_SS + "StridedSliceGrad",
                                                      "StridedSliceGrad")]),
    ("strided_slice_unknown_shape", lambda a: a[1:, ::2], (None, 3),
     [(_SS + "Shape", "Shape"), (_SS + "StridedSliceGrad/begin", "Const"),
      (_SS + "StridedSliceGrad/end", "Const"), (_SS + "StridedSliceGrad/strides", "Const"),
      (_SS + "StridedSliceGrad", "StridedSliceGrad")]),
    ("select", lambda a: tf.where([True, False], a, a[::-1]), (2, 3),
     [("Select_grad/zeros_like", "Const"), ("Select_grad/Select", "Select"),
      ("Select_grad/Select_1", "Select")]),
    ("select_unknown_shape", lambda a: tf.where([True, False], a, a), (2, None),
     [("Select_grad/zeros_like", "ZerosLike"), ("Select_grad/Select", "Select"),
      ("Select_grad/Select_1", "Select")]),
    ("diag", lambda a: tf.diag(a), (2,), [("Diag_grad/DiagPart", "DiagPart")]),
    ("diag_part", lambda a: tf.diag_part(a), (2, 2), [("DiagPart_grad/Diag", "Diag")]),
]


@pytest.mark.parametrize("build,shape,expected", [c[1:] for c in NAME_CASES],
                         ids=[c[0] for c in NAME_CASES])
def test_gradient_graphs_are_named_as_tf(build, shape, expected):
    x = tf.placeholder(tf.float64, shape, name="x")
    y = build(x)
    g = tf.get_default_graph()
    grad_scope = "gradients/%s_grad/" % y.op.name
    tf.gradients(y, x)
    made = [(op.name[len("gradients/"):], op.type) for op in g.get_operations()
            if op.name.startswith(grad_scope)]
    assert made == expected


def test_gather_gradient_is_dense():
    # TF returns IndexedSlices (the Reshape rows and indices); interflow sums them densely.
    x = tf.placeholder(tf.float64, [3, 2])
    g = tf.gradients(tf.gather(x, [0, 2, 0]), x)[0]
    assert g.op.type == "UnsortedSegmentSum" and g.op.name == "gradients/GatherV2_grad/" \
        "UnsortedSegmentSum"
    assert g.shape.as_list() == [3, 2]
    np.testing.assert_array_equal(_run(g, {x: np.zeros((3, 2))}), [[2, 2], [0, 0], [1, 1]])


def test_identity_n_and_unstack_gradients_fill_unused_outputs_with_zeros():
    x = tf.placeholder(tf.float64, [3])
    y = tf.placeholder(tf.float64, [2])
    gx, gy = tf.gradients(tf.identity_n([x, y])[1], [x, y])
    assert gx.name == "gradients/zeros_like:0"  # as TF: zeros, not None
    got = _run([gx, gy], {x: [1.0, 2.0, 3.0], y: [1.0, 2.0]})
    assert [v.tolist() for v in got] == [[0.0, 0.0, 0.0], [1.0, 1.0]]
    g = tf.gradients(tf.unstack(tf.reshape(x, [3, 1]))[2], x)[0]
    np.testing.assert_array_equal(_run(g, {x: [1.0, 2.0, 3.0]}), [0.0, 0.0, 1.0])


@pytest.mark.parametrize("op_type", ["Shape", "ShapeN", "Size", "Rank", "ZerosLike", "OnesLike",
                                     "Range", "LinSpace", "Where", "OneHot", "StopGradient",
                                     "InvertPermutation", "BroadcastGradientArgs",
                                     "ConcatOffset", "Placeholder"])
def test_not_differentiable_as_in_tf(op_type):
    from interflow.framework import op_registry
    assert op_registry.has_gradient_entry(op_type)
    assert op_registry._GRADIENTS[op_type] is None


def test_no_gradient_through_indices_one_hot_and_where():
    x = tf.placeholder(tf.float64, [3])
    i = tf.cast(tf.where(x > 0)[:, 0], tf.int32)
    y = tf.gather(x, i) + tf.reduce_sum(tf.one_hot(i, 3, dtype=tf.float64))
    g = tf.gradients(y, x)[0]
    np.testing.assert_array_equal(_run(g, {x: [1.0, -1.0, 2.0]}), [1.0, 0.0, 1.0])


def test_pad_v2_gives_no_gradient_to_constant_values_as_tf():
    x = tf.placeholder(tf.float64, [2])
    c = tf.placeholder(tf.float64, [])
    assert tf.gradients(tf.pad(x, [[1, 1]], constant_values=c), [x, c])[1] is None


def test_fill_gradient_sums_over_the_filled_tensor():
    v = tf.placeholder(tf.float64, [])
    g = tf.gradients(tf.fill([2, 3], v), v)[0]
    assert g.shape.as_list() == [] and _run(g, {v: 1.0}) == 6.0


def test_transpose_gradient_with_a_fed_permutation():
    x = tf.placeholder(tf.float64, [2, 3, 4])
    perm = tf.placeholder(tf.int32, [3])
    y = tf.transpose(x, perm)
    g = tf.gradients(y, x, grad_ys=tf.reshape(tf.range(24.0, dtype=tf.float64), [4, 2, 3]))[0]
    got = _run(g, {x: np.zeros((2, 3, 4)), perm: [2, 0, 1]})
    np.testing.assert_array_equal(got, np.transpose(np.arange(24.0).reshape(4, 2, 3),
                                                    [1, 2, 0]))


def test_gradient_shapes_are_static_where_the_input_shapes_are():
    x = tf.placeholder(tf.float64, [2, 3])
    ys = [tf.tile(x, [2, 2]), tf.pad(x, [[1, 1], [0, 1]]), x[:, 1:], tf.gather(x, [1], axis=1),
          tf.concat([x, x], 0), tf.broadcast_to(x, [4, 2, 3]), tf.reverse(x, [0]),
          tf.pad(x, [[1, 1], [1, 1]], mode="SYMMETRIC")]
    for y in ys:
        assert tf.gradients(y, x)[0].shape.as_list() == [2, 3], y.op.type


# ---------------------------------------------------------------------------- UnsortedSegmentSum

@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64])
@pytest.mark.parametrize("data_shape,ids,num", [
    ((4,), [0, 2, 0, 1], 3), ((4, 2), [1, 1, -1, 0], 2), ((2, 2, 3), [[0, 1], [1, 3]], 4),
    ((3, 2), [-1, -1, -1], 2), ((0, 2), np.zeros(0, np.int32), 3), ((3,), [2, 2, 2], 5)])
def test_unsorted_segment_sum(dtype, data_shape, ids, num):
    data = (np.arange(int(np.prod(data_shape))).reshape(data_shape) - 2).astype(dtype)
    ids = np.asarray(ids, np.int32)
    y = tf.unsorted_segment_sum(data, ids, num)
    expected = np.zeros((num,) + data_shape[ids.ndim:], dtype)
    keep = ids >= 0
    np.add.at(expected, ids[keep], data[keep])
    got = _run(y)
    assert got.dtype == y.dtype.as_numpy_dtype == dtype
    assert y.shape.as_list() == list(expected.shape)
    np.testing.assert_array_equal(got, expected)


def test_unsorted_segment_sum_names_and_attrs_as_tf():
    y = tf.unsorted_segment_sum(np.ones((3, 2)), tf.constant([0, 1, 0], tf.int64), 2)
    assert y.op.name == "UnsortedSegmentSum" and y.op.type == "UnsortedSegmentSum"
    assert [t.name for t in y.op.inputs] == ["UnsortedSegmentSum/data:0", "Const:0",
                                             "UnsortedSegmentSum/num_segments:0"]
    assert y.op.get_attr("T") == tf.float64 and y.op.get_attr("Tindices") == tf.int64
    assert y.op.get_attr("Tnumsegments") == tf.int32


def test_unsorted_segment_sum_unknown_shapes():
    data = tf.placeholder(tf.float32, [None, 2])
    ids = tf.placeholder(tf.int32, [None])
    num = tf.placeholder(tf.int32, [])
    y = tf.unsorted_segment_sum(data, ids, num)
    assert y.shape.as_list() == [None, 2]
    got = _run(y, {data: np.ones((3, 2)), ids: [0, 2, 0], num: 3})
    np.testing.assert_array_equal(got, [[2, 2], [0, 0], [1, 1]])
    assert tf.unsorted_segment_sum(tf.placeholder(tf.float32), [0], 1).shape.ndims is None


@pytest.mark.parametrize("data_shape,ids,num,message", [
    ((3, 2), [0, 1], 2, "Dimensions must be equal, but are 3 and 2"),
    ((3, 2), [[0, 1]], 2, "Dimensions must be equal, but are 3 and 1"),
    ((3,), [0, 1, 1], -1, "must be non-negative but is -1"),
    ((3,), [0, 1, 1], [2], "Shape must be rank 0 but is rank 1"),
    ((3,), [[[0]]], 1, "Shape must be at least rank 3 but is rank 1"),
])
def test_unsorted_segment_sum_static_errors(data_shape, ids, num, message):
    with pytest.raises(ValueError, match=message):
        tf.unsorted_segment_sum(np.ones(data_shape), ids, num)


def test_unsorted_segment_sum_run_time_errors():
    ids = tf.placeholder(tf.int32, [None])
    y = tf.unsorted_segment_sum(tf.ones([3, 2]), ids, 4)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"segment_ids\[1\] = 7 is out of "
                                                             r"range \[0, 4\)"):
        _run(y, {ids: [0, 7, 1]})
    with pytest.raises(tf.errors.InvalidArgumentError, match="does not start with"):
        _run(y, {ids: [0, 1]})
    with pytest.raises(TypeError):
        tf.unsorted_segment_sum(np.ones(3), [0.5, 1.0, 0.0], 2)


# ---------------------------------------------------------------------------- ShapeN, ConcatOffset

@pytest.mark.parametrize("out_type", [tf.int32, tf.int64])
def test_shape_n(out_type):
    a = tf.placeholder(tf.float32, [None, 3])
    b = tf.constant([1.0, 2.0])
    shapes = tf.shape_n([a, b], out_type=out_type)
    assert [s.op.name for s in shapes] == ["ShapeN", "ShapeN"]
    assert [s.name for s in shapes] == ["ShapeN:0", "ShapeN:1"]
    assert [s.shape.as_list() for s in shapes] == [[2], [1]]
    assert shapes[0].op.get_attr("N") == 2 and shapes[0].op.get_attr("out_type") == out_type
    got = _run(shapes, {a: np.zeros((4, 3))})
    assert [g.tolist() for g in got] == [[4, 3], [2]]
    assert all(g.dtype == out_type.as_numpy_dtype for g in got)


def test_shape_n_errors_as_tf():
    with pytest.raises(ValueError, match="shorter than minimum length 1"):
        tf.shape_n([])
    with pytest.raises(TypeError, match="don't all match"):
        tf.shape_n([tf.constant([1.0]), tf.constant([1])])
    with pytest.raises(TypeError):
        tf.shape_n([tf.constant([1.0])], out_type=tf.float32)


def test_concat_offset():
    offsets = array_ops.concat_offset(tf.constant(1), [tf.constant([2, 3, 4]),
                                                       tf.constant([2, 5, 4]),
                                                       tf.constant([2, 1, 4])])
    assert [t.op.type for t in offsets] == ["ConcatOffset"] * 3
    assert [o.tolist() for o in _run(offsets)] == [[0, 0, 0], [0, 3, 0], [0, 8, 0]]
    bad = array_ops.concat_offset(tf.constant(0), [tf.constant([2, 3]), tf.constant([2, 4])])
    with pytest.raises(tf.errors.InvalidArgumentError, match="All dimensions except 0 must "
                                                             "match"):
        _run(bad)


# ---------------------------------------------------------------------------- StridedSliceGrad

_SPECS = [
    ((3, 4), np.s_[1:, ::2]),
    ((3, 4), np.s_[::-1, 1]),
    ((2, 3, 2), np.s_[None, ..., 0]),
    ((3, 4, 2), np.s_[-2:, None, 1:3]),
    ((2, 3), np.s_[1, 2]),
    ((5,), np.s_[7:-9:-2]),
    ((4, 3), np.s_[..., ::-2]),
]


@pytest.mark.parametrize("shape,spec", _SPECS, ids=[str(s[1]) for s in _SPECS])
def test_strided_slice_grad_scatters_dy_into_zeros(shape, spec):
    x = tf.placeholder(tf.float64, shape)
    sliced = x[spec]
    ss = sliced.op
    dy_value = np.arange(1, 1 + int(np.prod(sliced.shape.as_list())), dtype=np.float64)
    dy_value = dy_value.reshape(sliced.shape.as_list())
    masks = {m: ss.get_attr(m) for m in _MASKS}
    grad = array_ops.strided_slice_grad(list(shape), *ss.inputs[1:4], tf.constant(dy_value),
                                        **masks)
    assert grad.op.type == "StridedSliceGrad" and grad.shape.as_list() == list(shape)
    expected = np.zeros(shape)
    target = tuple(i for i in (spec if isinstance(spec, tuple) else (spec,)) if i is not None)
    expected[target] = dy_value.reshape(np.shape(expected[target]))
    got = _run(grad)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, expected)


def test_strided_slice_grad_rejects_a_dy_of_the_wrong_size():
    grad = array_ops.strided_slice_grad([3, 4], [1, 0], [0, 0], [1, 2], tf.ones([3, 2]),
                                        end_mask=3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="shape of dy"):
        _run(grad)


# ---------------------------------------------------------------------------- MirrorPadGrad

def _mirror_pad_transpose(g, paddings, mode):
    """J^T g for J the Jacobian of np.pad (the reference MirrorPadGrad)."""
    in_shape = tuple(d - a - b for d, (a, b) in zip(g.shape, paddings))
    out = np.zeros(in_shape)
    for i in np.ndindex(*in_shape):
        e = np.zeros(in_shape)
        e[i] = 1.0
        out[i] = np.sum(np.pad(e, paddings, mode=mode.lower()) * g)
    return out


@pytest.mark.parametrize("mode", ["REFLECT", "SYMMETRIC"])
@pytest.mark.parametrize("in_shape,paddings", [((5,), [[3, 2]]), ((4, 3), [[2, 1], [0, 2]]),
                                               ((2, 3, 3), [[1, 1], [0, 0], [2, 2]]),
                                               ((3, 1), [[0, 0], [0, 0]])])
def test_mirror_pad_grad_folds_the_borders_back(mode, in_shape, paddings):
    out_shape = tuple(d + a + b for d, (a, b) in zip(in_shape, paddings))
    g = np.random.default_rng(0).uniform(-1, 1, out_shape)
    x = tf.placeholder(tf.float64, in_shape)
    y = tf.pad(x, paddings, mode=mode)
    grad = tf.gradients(y, x, grad_ys=tf.constant(g))[0]
    assert grad.op.type == "MirrorPadGrad" and grad.op.get_attr("mode") == mode
    assert grad.shape.as_list() == list(in_shape)
    np.testing.assert_allclose(_run(grad, {x: np.zeros(in_shape)}),
                               _mirror_pad_transpose(g, paddings, mode))
