"""Attr values and tensors <-> TensorFlow's AttrValue / TensorProto, both ways."""

import numpy as np
import pytest

import interflow as tf
from interflow.framework.shapes import TensorShape
from interflow.saving import attr_value
from interflow.saving.protos import proto_module

tensor_pb2 = proto_module("tensor_pb2")

ARRAYS = [
    np.array(1.5, np.float32), np.arange(6, dtype=np.float32).reshape(2, 3),
    np.array([1e300, -2.0]), np.array([0.5, -1.5], np.float16), np.array(7, np.int32),
    np.array([[1, -2]], np.int8), np.array([3, 4], np.int16), np.array([255, 0], np.uint8),
    np.array([65535], np.uint16), np.array([2 ** 40, -1], np.int64),
    np.array([2 ** 31 + 5], np.uint32), np.array([2 ** 63 + 1], np.uint64),
    np.array([True, False]), np.array(True), np.array([1 + 2j, -3j], np.complex64),
    np.array(2 - 1j, np.complex128), np.zeros((0, 3), np.float32),
    np.array([b"ab", "\u00e9".encode()], dtype=object), np.array(b"x\x00y", dtype=object),
]


@pytest.mark.parametrize("value", ARRAYS, ids=lambda a: "%s%s" % (a.dtype, list(a.shape)))
def test_tensor_proto_round_trip(value):
    proto = attr_value.make_tensor_proto(value)
    assert proto.dtype == tf.as_dtype(value.dtype).as_datatype_enum
    back = attr_value.make_ndarray(proto)
    assert back.dtype == value.dtype and back.shape == value.shape
    assert not back.flags.writeable
    if value.dtype == object:
        assert list(back.reshape(-1)) == list(value.reshape(-1))
    else:
        np.testing.assert_array_equal(back, value)


def test_tensor_content_is_used_as_tf_does():
    # TF: more than one element of a numeric type -> raw little-endian tensor_content.
    assert attr_value.make_tensor_proto(np.array([1.0, 2.0], np.float32)).tensor_content == \
        np.array([1.0, 2.0], "<f4").tobytes()
    scalar = attr_value.make_tensor_proto(np.array(2.0, np.float32))
    assert not scalar.tensor_content and list(scalar.float_val) == [2.0]
    assert scalar.HasField("tensor_shape")


def test_short_value_lists_are_padded_with_the_last_value_as_tf():
    proto = tensor_pb2.TensorProto(dtype=1)
    proto.tensor_shape.dim.add(size=2)
    proto.tensor_shape.dim.add(size=3)
    proto.float_val.append(7.0)
    np.testing.assert_array_equal(attr_value.make_ndarray(proto), np.full((2, 3), 7, np.float32))
    proto.ClearField("float_val")
    np.testing.assert_array_equal(attr_value.make_ndarray(proto), np.zeros((2, 3), np.float32))


ATTRS = [
    (tf.float32, "type"), (tf.int64, "type"), (tf.float32_ref, "type"),
    (TensorShape(None), "shape"), (TensorShape([None, 3]), "shape"), (TensorShape([]), "shape"),
    (True, "b"), (False, "b"), (3, "i"), (-1, "i"), (0.25, "f"), ("SAME", "s"),
    (np.array([1, 2], np.int32), "tensor"), ([1, 2, 3], "list"), ([0.5, 1], "list"),
    (["a", "b"], "list"), ([tf.float32, tf.int32], "list"), ([TensorShape([2]), TensorShape(None)],
                                                             "list"), ([], "list"),
]


def _plain(value):
    """A comparable form (TensorShapes with unknown dims do not compare equal in TF)."""
    if isinstance(value, TensorShape):
        return ("shape", value.as_tuple())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.mark.parametrize("value,field", ATTRS, ids=lambda x: repr(x)[:30])
def test_attr_round_trip_keeps_python_types(value, field):
    proto = attr_value.to_attr_value(value)
    assert proto.WhichOneof("value") == field
    back = attr_value.from_attr_value(proto)
    if isinstance(value, np.ndarray):
        np.testing.assert_array_equal(back, value)
        assert back.dtype == value.dtype
        return
    if value == [0.5, 1]:
        value = [0.5, 1.0]  # a list of numbers with a float is a list(float)
    assert _plain(back) == _plain(value)
    if isinstance(value, list):
        assert [type(v) for v in back] == [type(v) for v in value]
    else:
        assert type(back) is type(value)
    if isinstance(value, tf.DType):
        assert back is value


def test_bytes_that_are_not_utf8_stay_bytes():
    assert attr_value.from_attr_value(attr_value.to_attr_value(b"\xff\x00")) == b"\xff\x00"


def test_values_without_an_attr_form_are_refused():
    with pytest.raises(attr_value.UnsupportedAttr):
        attr_value.to_attr_value(lambda x: x)
    with pytest.raises(attr_value.UnsupportedAttr):
        attr_value.to_attr_value([1, "a"])
