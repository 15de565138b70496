"""Summary ops: TF's op names and types, and Summary protos byte-for-byte as TF makes them
(the expected values were recorded from tf.compat.v1)."""

import numpy as np
import pytest

import interflow as tf
from tests.summary.png_decode import decode_png


def _parse(serialized):
    summary = tf.summary.Summary()
    summary.ParseFromString(serialized)
    return summary


def _graph_ops():
    return [(op.name, op.type, [t.name for t in op.inputs])
            for op in tf.get_default_graph().get_operations()]


def test_op_names_types_inputs_and_collection_as_tf():
    x = tf.placeholder(tf.float32, name="x")
    s1 = tf.summary.scalar("MSE", x)
    s2 = tf.summary.scalar("MSE", x, family="fam")
    h = tf.summary.histogram("hist", x)
    img = tf.placeholder(tf.float32, (None, 2, 3, 1), name="img")
    im = tf.summary.image("img", img, max_outputs=2)
    t = tf.placeholder(tf.string, name="t")
    txt = tf.summary.text("txt", t)
    with tf.name_scope("scope"):
        s5 = tf.summary.scalar("in scope", x)
    merged = tf.summary.merge([s1, h])
    merged_all = tf.summary.merge_all()
    assert _graph_ops() == [
        ("x", "Placeholder", []), ("MSE/tags", "Const", []),
        ("MSE", "ScalarSummary", ["MSE/tags:0", "x:0"]), ("fam/MSE/tags", "Const", []),
        ("fam/MSE", "ScalarSummary", ["fam/MSE/tags:0", "x:0"]), ("hist/tag", "Const", []),
        ("hist", "HistogramSummary", ["hist/tag:0", "x:0"]), ("img", "Placeholder", []),
        ("img_1/tag", "Const", []), ("img_1", "ImageSummary", ["img_1/tag:0", "img:0"]),
        ("t", "Placeholder", []), ("txt/tag", "Const", []),
        ("txt/serialized_summary_metadata", "Const", []),
        ("txt", "TensorSummaryV2", ["txt/tag:0", "t:0", "txt/serialized_summary_metadata:0"]),
        ("scope/in_scope/tags", "Const", []),
        ("scope/in_scope", "ScalarSummary", ["scope/in_scope/tags:0", "x:0"]),
        ("Merge/MergeSummary", "MergeSummary", ["MSE:0", "hist:0"]),
        ("Merge_1/MergeSummary", "MergeSummary",
         ["MSE:0", "fam/MSE:0", "hist:0", "img_1:0", "txt:0", "scope/in_scope:0"])]
    assert tf.get_collection(tf.GraphKeys.SUMMARIES) == [s1, s2, h, im, txt, s5]
    for s in (s1, h, im, txt, merged, merged_all):
        assert s.dtype == tf.string and s.shape.as_tuple() == ()
    assert im.op.get_attr("max_images") == 2
    assert list(im.op.get_attr("bad_color")) == [255, 0, 0, 255]
    assert merged.op.get_attr("N") == 2
    assert tf.summary.merge_all(key="nonexistent") is None


def test_scalar_bytes_equal_tensorflows():
    x = tf.placeholder(tf.float32, name="x")
    s = tf.summary.scalar("MSE", x)
    fam = tf.summary.scalar("MSE", x, family="fam")
    with tf.Session() as sess:
        assert sess.run(s, {x: 3.5}) == b"\n\n\n\x03MSE\x15\x00\x00`@"
        assert _parse(sess.run(fam, {x: 3.5})).value[0].tag == "fam/fam/MSE"
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"tags and values are not the same shape: \[\] != \[2\] "
                                 r"\(tag 'MSE'\)"):
            sess.run(s, {x: [1.0, 2.0]})
    with pytest.raises(TypeError, match="'values' has DataType string not in list of allowed"):
        tf.summary.scalar("bad", tf.constant("text"))


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32])
def test_histogram_equals_tensorflows(dtype):
    x = tf.placeholder(tf.as_dtype(dtype), name="x")
    h = tf.summary.histogram("hist", x)
    with tf.Session() as sess:
        histo = _parse(sess.run(h, {x: np.array([1, 2, 3, -4.5, 0, 1e-3]).astype(dtype)}
                                )).value[0].histo
        empty = _parse(sess.run(h, {x: np.zeros(0, dtype)})).value[0].histo
        seven = _parse(sess.run(h, {x: np.array(7, dtype)})).value[0].histo
        if dtype is not np.int32:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="Nan in summary histogram for: hist"):
                sess.run(h, {x: np.array([np.nan, 1], dtype)})
            with pytest.raises(tf.errors.InvalidArgumentError, match="Infinity in Histogram"):
                sess.run(h, {x: np.array([np.inf], dtype)})
    if dtype is np.float32:  # recorded from TensorFlow
        assert (histo.min, histo.max, histo.num, histo.sum, histo.sum_squares) == (
            -4.5, 3.0, 6.0, 1.5010000000474975, 34.2500010000001)
        assert list(histo.bucket_limit) == [
            -4.6361946174186253, -4.2147223794714774, 0.0, 1e-12, 0.00095987057683278915,
            0.001055857634516068, 0.917246389039776, 1.0089710279437536, 1.9661990955585713,
            2.1628190051144287, 2.8787120958073054, 3.1665833053880363, 1.7976931348623157e308]
        assert list(histo.bucket) == [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]
    assert histo.num == 6 and sum(histo.bucket) == 6
    assert (empty.min, empty.max, empty.num, list(empty.bucket_limit), list(empty.bucket)) == (
        1.7976931348623157e308, -1.7976931348623157e308, 0, [1.7976931348623157e308], [0])
    assert list(seven.bucket_limit) == [6.7878525393626115, 7.4666377932988732,
                                        1.7976931348623157e308]
    assert list(seven.bucket) == [0, 1, 0] and seven.sum_squares == 49


# Pixels TensorFlow's ImageSummary produced for these inputs (decoded from its PNGs).
IMAGES = [
    ("neg", np.linspace(0, 1, 12).reshape(2, 2, 3, 1).astype(np.float32) - 0.2,
     [[28, 73, 118, 164, 209, 255], [110, 139, 168, 197, 226, 255]]),
    ("pos", np.linspace(0, 2, 18).reshape(1, 2, 3, 3).astype(np.float32),
     [list(range(0, 256, 15))]),
    ("nan", np.array([[[[np.nan, 0.5, 1.0], [1.0, 0.25, 0.0]]]], np.float32),
     [[255, 0, 0, 255, 63, 0]]),
    ("zero", np.zeros((1, 1, 2, 4), np.float32), [[0] * 8]),
    ("u8", np.arange(36, dtype=np.uint8).reshape(2, 2, 3, 3),
     [list(range(18)), list(range(18, 36))]),
]


@pytest.mark.parametrize("name,images,pixels", IMAGES, ids=[i[0] for i in IMAGES])
def test_images_scale_and_encode_as_tensorflow(name, images, pixels):
    p = tf.placeholder(tf.as_dtype(images.dtype), images.shape)
    s = tf.summary.image(name, p, max_outputs=5)
    with tf.Session() as sess:
        values = _parse(sess.run(s, {p: images})).value
    assert [v.tag for v in values] == ["%s/image/%d" % (name, i) for i in range(len(pixels))]
    for value, expected in zip(values, pixels):
        height, width, channels = images.shape[1:]
        assert (value.image.height, value.image.width, value.image.colorspace) == (
            height, width, channels)
        decoded = decode_png(value.image.encoded_image_string)
        assert decoded.shape == (height, width, channels)
        assert decoded.reshape(-1).tolist() == expected


def test_image_tags_max_outputs_and_bad_shapes():
    p = tf.placeholder(tf.uint8, (None, 1, 1, 1))
    one = tf.summary.image("one", p, max_outputs=1)
    three = tf.summary.image("three", p)
    bad = tf.summary.image("bad", tf.placeholder(tf.uint8, (None, 1, 1, 2)))
    batch = np.zeros((5, 1, 1, 1), np.uint8)
    with tf.Session() as sess:
        assert [v.tag for v in _parse(sess.run(one, {p: batch})).value] == ["one/image"]
        assert [v.tag for v in _parse(sess.run(three, {p: batch})).value] == [
            "three/image/0", "three/image/1", "three/image/2"]
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"Tensor must be 4-D with last dim 1, 3, or 4, not \[1,1,1,2\]"):
            sess.run(bad, {"Placeholder_1:0": np.zeros((1, 1, 1, 2), np.uint8)})


def test_text_summary_equals_tensorflows():
    t = tf.placeholder(tf.string, name="t")
    s = tf.summary.text("txt", t)
    words = tf.summary.text("t2", tf.constant(["a", "b"]))
    with tf.Session() as sess:
        assert sess.run(s, {t: "hello **world**"}) == (
            b"\n&\n\x03txtB\x15\x08\x07\x12\x00B\x0fhello **world**J\x08\n\x06\n\x04text")
        value = _parse(sess.run(words)).value[0]
    assert value.metadata.plugin_data.plugin_name == "text"
    assert list(value.tensor.string_val) == [b"a", b"b"]
    with pytest.raises(ValueError, match="Expected tensor Const_1:0 to have dtype string, got "
                                         "<dtype: 'float32'>"):
        tf.summary.text("x", tf.constant(1.0))


def test_merge_and_duplicate_tags():
    a = tf.summary.scalar("d", 1.0)
    b = tf.summary.scalar("d", 2.0)
    same = tf.summary.merge([a, a], name="m")
    with tf.Session() as sess:
        merged = _parse(sess.run(tf.summary.merge([a, b])))
        assert [(v.tag, v.simple_value) for v in merged.value] == [("d", 1.0), ("d_1", 2.0)]
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Duplicate tag d found in summary inputs"):
            sess.run(same)
    assert same.op.name == "m/m"
