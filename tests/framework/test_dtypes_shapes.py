"""DTypes and static shapes; constant() dtype inference and shape broadcasting."""

import numpy as np
import pytest

import interflow as tf
from interflow.framework import dtypes


@pytest.mark.parametrize("dtype, np_type", [
    (tf.float32, np.float32), (tf.float64, np.float64), (tf.int32, np.int32),
    (tf.int64, np.int64), (tf.bool, np.bool_), (tf.uint8, np.uint8), (tf.float16, np.float16),
    (tf.complex64, np.complex64)])
def test_dtype_numpy_round_trip(dtype, np_type):
    assert dtype.as_numpy_dtype is np_type
    assert tf.as_dtype(np_type) is dtype
    assert tf.as_dtype(np.dtype(np_type)) is dtype
    assert tf.as_dtype(dtype.name) is dtype
    assert tf.as_dtype(dtype.as_datatype_enum) is dtype
    assert dtype._as_ref.base_dtype is dtype


def test_dtype_properties():
    assert tf.float32.is_floating and not tf.int32.is_floating
    assert tf.int32.is_integer and tf.bool.is_bool
    assert tf.float32_ref.base_dtype is tf.float32 and tf.float32_ref.is_ref_dtype
    assert tf.float32 == "float32" and tf.float32 != tf.float64
    assert repr(tf.float32) == "tf.float32" and str(tf.float32) == "<dtype: 'float32'>"
    assert tf.float32.as_datatype_enum == 1 and tf.int32.as_datatype_enum == 3
    with pytest.raises(TypeError):
        tf.as_dtype("float33")


@pytest.mark.parametrize("value, dtype", [
    (1, tf.int32), (1.0, tf.float32), (True, tf.bool), ([1, 2], tf.int32),
    ([1, 2.0], tf.float32), (np.array([1.0]), tf.float64), (np.float64(1.0), tf.float64),
    (np.int64(3), tf.int64), (2 ** 40, tf.int64), ("hi", tf.string), ([[True, False]], tf.bool)])
def test_constant_dtype_inference(value, dtype):
    assert tf.constant(value).dtype is dtype


def test_constant_with_dtype_converts_or_refuses():
    assert tf.constant([1, 2], dtype=tf.float32).dtype is tf.float32
    assert tf.constant(np.array([1.7]), dtype=tf.int32).op.get_attr("value").tolist() == [1]
    with pytest.raises(TypeError, match="Expected int32, got 2.5 of type 'float' instead"):
        tf.constant(2.5, dtype=tf.int32)
    with pytest.raises(TypeError):
        tf.constant("a", dtype=tf.float32)


def test_constant_shape_broadcast_reshape_and_padding():
    with tf.Session() as sess:
        img = tf.constant(1.0, shape=[1, 5, 5, 3])
        assert img.shape.as_list() == [1, 5, 5, 3]
        assert sess.run(img).sum() == 75
        assert sess.run(tf.constant([1, 2, 3, 4], shape=[2, 2])).tolist() == [[1, 2], [3, 4]]
        # TF1 pads a short value with its last element.
        assert sess.run(tf.constant([1, 2], shape=[4])).tolist() == [1, 2, 2, 2]
    with pytest.raises(ValueError, match="Too many elements"):
        tf.constant([1, 2, 3], shape=[2])
    with pytest.raises(TypeError):
        tf.constant([1, 2], shape=[2, 1], verify_shape=True)


def test_ragged_lists_are_refused():
    with pytest.raises(ValueError, match="dense"):
        tf.constant([[1, 2], [3]])


def test_string_constants_fetch_as_bytes():
    with tf.Session() as sess:
        assert sess.run(tf.constant("hi")) == b"hi"
        assert sess.run(tf.constant(["a", "bc"])).tolist() == [b"a", b"bc"]


def test_convert_to_tensor_checks_dtype():
    t = tf.constant(1.0)
    assert tf.convert_to_tensor(t) is t
    with pytest.raises(ValueError, match="requested dtype int32"):
        tf.convert_to_tensor(t, dtype=tf.int32)
    assert tf.convert_to_tensor(3, dtype=tf.float64).dtype is tf.float64
    v = tf.Variable(2.0)
    assert tf.convert_to_tensor(v) is v.value()


class TestTensorShape:
    def test_unknown_dims_and_rank(self):
        s = tf.TensorShape([None, 3])
        assert s.ndims == 2 and s.as_list() == [None, 3] and str(s) == "(?, 3)"
        assert not s.is_fully_defined()
        assert tf.TensorShape(None).ndims is None
        assert str(tf.TensorShape(None)) == "<unknown>"
        with pytest.raises(ValueError):
            tf.TensorShape(None).as_list()

    def test_dimension_index_and_int(self):
        s = tf.TensorShape([None, 3])
        assert int(s[1]) == 3 and s[1].value == 3 and s[0].value is None
        assert (int(s[1]), 1) == (3, 1)
        with pytest.raises(TypeError):
            int(s[0])
        assert s[1] == 3 and (s[0] == 3) is None

    def test_compatibility_and_merge(self):
        a = tf.TensorShape([None, 3])
        assert a.is_compatible_with([2, 3]) and not a.is_compatible_with([2, 4])
        assert not a.is_compatible_with([3])
        assert a.merge_with([2, None]).as_list() == [2, 3]
        with pytest.raises(ValueError):
            a.merge_with([2, 4])
        assert tf.TensorShape(None).is_compatible_with([1, 2, 3])

    def test_equality_and_concatenate(self):
        assert tf.TensorShape([1, 2]) == [1, 2]
        assert tf.TensorShape([1]).concatenate([2]).as_list() == [1, 2]
        assert tf.TensorShape([2, 3]).num_elements() == 6

    def test_bad_dimension(self):
        with pytest.raises(ValueError):
            tf.Dimension(-1)
        with pytest.raises(TypeError):
            tf.Dimension(1.5)


def test_device_spec_canonical_forms():
    from interflow.framework import device
    assert device.canonical("/cpu:0") == "/device:CPU:0"
    assert device.canonical("/job:worker/task:1/device:GPU:2") == \
        "/job:worker/task:1/device:GPU:2"
    assert device.merge("/job:ps/task:0", "/gpu:1") == "/job:ps/task:0/device:GPU:1"


def test_dtypes_pickle():
    import pickle
    assert pickle.loads(pickle.dumps(tf.float32)) is tf.float32
    assert pickle.loads(pickle.dumps(dtypes.float32_ref)) is dtypes.float32_ref
