"""Graph: default graphs, names and name scopes, control dependencies, devices, collections."""

import threading

import pytest

import interflow as tf


def test_ops_go_into_the_default_graph():
    c = tf.constant(4.0)
    assert c.graph is tf.get_default_graph()


def test_as_default_nests_and_restores():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(2.0)
        assert c.graph is g
        with tf.Graph().as_default() as gg:
            cf = tf.constant(3.0)
            assert cf.graph is gg and gg is not g
        assert tf.get_default_graph() is g
    assert tf.get_default_graph() is not g


def test_reset_default_graph_replaces_it_and_refuses_inside_a_nested_graph():
    old = tf.get_default_graph()
    tf.constant(1)
    tf.reset_default_graph()
    assert tf.get_default_graph() is not old
    assert tf.get_default_graph().get_operations() == []
    with tf.Graph().as_default():
        with pytest.raises(AssertionError):
            tf.reset_default_graph()


def test_default_graph_stack_is_per_thread():
    g = tf.Graph()
    seen = {}

    def worker():
        seen["thread"] = tf.get_default_graph()

    with g.as_default():
        t = threading.Thread(target=worker)
        t.start()
        t.join()
    assert seen["thread"] is not g


def test_auto_names_count_per_type():
    names = [tf.constant(1).op.name for _ in range(3)]
    assert names == ["Const", "Const_1", "Const_2"]


def test_seed_name_scope_example():
    """The name_scope example of the framework API seed, assertion for assertion."""
    with tf.Graph().as_default() as g:
        c = tf.constant(5.0, name="c")
        assert c.op.name == "c"
        c_1 = tf.constant(6.0, name="c")
        assert c_1.op.name == "c_1"
        with g.name_scope("nested") as scope:
            assert tf.constant(10.0, name="c").op.name == "nested/c"
            with g.name_scope("inner"):
                assert tf.constant(20.0, name="c").op.name == "nested/inner/c"
            with g.name_scope("inner"):
                assert tf.constant(30.0, name="c").op.name == "nested/inner_1/c"
            with g.name_scope(scope):
                assert tf.constant(40.0, name="d").op.name == "nested/d"
                with g.name_scope(""):
                    assert tf.constant(50.0, name="e").op.name == "e"


def test_scope_used_as_op_name():
    with tf.name_scope("my_layer") as scope:
        w = tf.constant(4.0, name="weights")
        out = tf.identity(w, name=scope)
    assert scope == "my_layer/"
    assert out.op.name == "my_layer"
    assert w.op.name == "my_layer/weights"


def test_name_scope_none_resets_to_root_and_names_share_one_namespace():
    with tf.name_scope("a"):
        with tf.name_scope(None):
            assert tf.constant(1).op.name == "Const"
    tf.constant(1, name="param")
    with tf.name_scope("param") as scope:
        pass
    assert scope == "param_1/"


def test_names_are_unique_case_insensitively():
    a = tf.constant(1, name="foo")
    b = tf.constant(1, name="Foo")
    assert (a.op.name, b.op.name) == ("foo", "Foo_1")


def test_unique_name_skips_taken_suffixes():
    g = tf.get_default_graph()
    tf.constant(1, name="x_1")
    tf.constant(1, name="x")
    assert tf.constant(1, name="x").op.name == "x_2"
    assert g.unique_name("x", mark_as_used=False) == "x_3"
    assert g.unique_name("x", mark_as_used=False) == "x_3"


@pytest.mark.parametrize("bad", ["-a", "/a", "a b", "a!"])
def test_invalid_scope_names_raise_value_error(bad):
    with pytest.raises(ValueError, match="not a valid scope name"):
        with tf.name_scope(bad):
            pass


def test_nested_scopes_may_start_with_underscore_or_dash():
    with tf.name_scope("outer"):
        with tf.name_scope("_inner") as scope:
            assert scope == "outer/_inner/"


def test_function_name_scope_with_default_name_and_values():
    with tf.name_scope(None, "dflt"):
        assert tf.constant(1).op.name == "dflt/Const"
    with pytest.raises(ValueError):
        with tf.name_scope(None, None, [tf.constant(1)]):
            pass


def test_finalize_blocks_new_ops():
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0)
        g.finalize()
        assert g.finalized
        with pytest.raises(RuntimeError, match="finalized"):
            tf.constant(2.0)


def test_version_grows_with_ops():
    g = tf.get_default_graph()
    v0 = g.version
    tf.constant(1)
    assert g.version > v0


def test_lookup_by_name_returns_the_same_objects():
    x = tf.Variable(1.0, name="theta")
    g = tf.get_default_graph()
    assert g.get_tensor_by_name("theta:0") is x.op.outputs[0]
    assert g.get_operation_by_name("theta") is x.op
    assert g.as_graph_element("theta/read:0") is x.value()
    with pytest.raises(KeyError):
        g.get_tensor_by_name("nope:0")
    with pytest.raises(KeyError):
        g.get_tensor_by_name("theta:3")
    with pytest.raises(ValueError):
        g.get_tensor_by_name("theta")
    with pytest.raises(ValueError):
        g.get_operation_by_name("theta:0")
    with pytest.raises(TypeError):
        g.get_tensor_by_name(3)


def test_get_operations_in_creation_order():
    a = tf.constant(1)
    b = tf.constant(2)
    c = a + b
    assert tf.get_default_graph().get_operations() == [a.op, b.op, c.op]


class TestControlDependencies:
    def test_only_ops_created_inside_get_them_and_inputs_are_not_repeated(self):
        a, b, c = tf.constant(1.0), tf.constant(2.0), tf.constant(3.0)
        pre = tf.multiply(a, b)
        with tf.control_dependencies([a, b, c]):
            d = tf.multiply(a, b)
            e = tf.add(d, a)
        assert d.op.control_inputs == [c.op]
        # e's input d was made inside the block, so e already waits for a, b and c.
        assert e.op.control_inputs == []
        assert pre.op.control_inputs == []

    def test_nesting_accumulates_and_none_clears(self):
        a, b = tf.constant(1.0), tf.constant(2.0)
        with tf.control_dependencies([a]):
            c = tf.constant(3.0)
            with tf.control_dependencies([b]):
                d = tf.constant(4.0)
                with tf.control_dependencies(None):
                    e = tf.constant(5.0)
                    with tf.control_dependencies([c]):
                        f = tf.constant(6.0)
        assert c.op.control_inputs == [a.op]
        assert set(d.op.control_inputs) == {a.op, b.op}
        assert e.op.control_inputs == []
        assert f.op.control_inputs == [c.op]

    def test_control_inputs_run(self):
        v = tf.Variable(0, name="v")
        inc = tf.assign_add(v, 1)
        with tf.control_dependencies([inc]):
            out = tf.constant(7)
        with tf.Session() as sess:
            sess.run(v.initializer)
            assert sess.run(out) == 7
            sess.run(out)
            assert sess.run(v) == 2

    def test_non_op_raises_type_error(self):
        with pytest.raises(TypeError):
            with tf.control_dependencies([3]):
                pass

    def test_names_resolve(self):
        a = tf.constant(1.0, name="a")
        with tf.control_dependencies(["a"]):
            b = tf.constant(2.0)
        assert b.op.control_inputs == [a.op]


class TestDevices:
    def test_string_devices_are_canonical_and_nest(self):
        with tf.device("/job:ps"):
            with tf.device("/gpu:1"):
                a = tf.constant(1)
            b = tf.constant(2)
        assert a.op.device == "/job:ps/device:GPU:1"
        assert b.op.device == "/job:ps"
        assert a.device == a.op.device

    def test_none_clears_and_functions_choose_per_op(self):
        def matmul_on_gpu(op):
            return "/gpu:0" if op.type == "Mul" else "/cpu:0"

        with tf.device("/gpu:0"):
            with tf.device(None):
                a = tf.constant(1.0)
        with tf.device(matmul_on_gpu):
            b = tf.constant(2.0)
            c = b * b
        assert a.op.device == ""
        assert b.op.device == "/device:CPU:0"
        assert c.op.device == "/device:GPU:0"

    def test_devices_do_not_change_results(self):
        with tf.device("/gpu:1"):
            product = tf.constant([[3.0, 3.0]]) * tf.constant([[2.0], [2.0]])
        with tf.Session() as sess:
            assert sess.run(product).tolist() == [[6.0, 6.0], [6.0, 6.0]]

    def test_bad_device_string(self):
        with pytest.raises(ValueError):
            with tf.device("/foo:bar:baz"):
                pass


class TestCollections:
    def test_add_get_and_scope_filter(self):
        a = tf.constant(1, name="s1/a")
        b = tf.constant(2, name="s2/b")
        tf.add_to_collection("things", a)
        tf.add_to_collections(["things", "more"], b)
        assert tf.get_collection("things") == [a, b]
        assert tf.get_collection("things", scope="s2") == [b]
        assert tf.get_collection("more") == [b]
        assert tf.get_collection("missing") == []
        copy = tf.get_collection("things")
        copy.append(1)
        assert len(tf.get_collection("things")) == 2

    def test_collection_ref_is_live(self):
        ref = tf.get_collection_ref("live")
        ref.append("x")
        assert tf.get_collection("live") == ["x"]
        assert "live" in tf.get_default_graph().get_all_collection_keys()

    def test_variables_join_standard_collections(self):
        v = tf.Variable(1.0)
        w = tf.Variable(1.0, trainable=False)
        assert tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) == [v, w]
        assert tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES) == [v]
