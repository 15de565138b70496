"""Graph -> DOT, tested as text: nodes, edge labels, control edges, kinds and legend, name-scope
clusters, collapsing (depth, expand, gradients/), series, the node cap, values and counts."""

import subprocess
import sys

import pytest

import interflow as tf
from interflow.notebook import draw
from interflow.notebook.drawing import draw_ops
from interflow.notebook.render import to_dot
from tests.notebook import graphs
from tests.notebook.dot_text import Dot


def dot_of(what=None, **options):
    return Dot(draw(what, **options).dot)


# ----------------------------------------------------------------------------- nodes, edges

def test_ops_are_nodes_labelled_with_name_and_type():
    graphs.lifecycle()
    d = dot_of()
    assert sorted(d.ops()) == sorted(["w", "add/y", "add", "add_1/y", "add_1", "mul/y", "mul"])
    assert d.label("w") == "w | Const"
    assert d.label("add") == "add | Add"
    assert d.label("mul") == "mul | Mul"


def test_edges_carry_shape_and_dtype():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = x * 2.0
    tf.cast(y, tf.int64, name="out")
    d = dot_of()
    assert d.edge("x", "mul")["label"] == "?×3 float32"
    assert d.edge("mul/y", "mul")["label"] == "scalar float32"
    assert d.edge("mul", "out")["label"] == "?×3 float32"
    tf.Variable([[1, 2]], name="v")
    d = dot_of()
    assert d.edge("v", "v/Assign")["label"] == "1×2 int32_ref"
    assert d.edge("v/initial_value", "v/Assign")["label"] == "1×2 int32"


def test_second_outputs_are_named_on_the_edge():
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]], name="a")
    first, second = tf.unstack(a, name="two")
    tf.identity(second, name="use")
    assert dot_of().edge("two", "use")["label"] == "out 1: 2 float32"


def test_control_dependencies_are_dashed():
    a = tf.constant(1.0, name="a")
    c = tf.constant(2.0, name="c")
    with tf.control_dependencies([a]):
        tf.identity(c, name="b")
    d = dot_of()
    edge = d.edge("a", "b", control=True)
    assert edge is not None and edge["style"] == "dashed"
    assert d.edge("a", "b", control=False) is None
    assert d.edge("c", "b")["label"] == "scalar float32" and "style" not in d.edge("c", "b")
    assert "legend:control" in d.nodes


def test_nodes_carry_a_tooltip_with_outputs_and_the_line_that_built_them():
    tf.placeholder(tf.float32, [2], name="x")  # the line the tooltip names
    tip = dot_of().nodes["x"]["tooltip"]
    assert tip.startswith("x (Placeholder)\nx:0: 2 float32\nbuilt at File ")
    assert 'tf.placeholder(tf.float32, [2], name="x")  # the line the tooltip names' in tip


# ----------------------------------------------------------------------------- kinds, legend

def test_kinds_differ_by_shape_and_colour_with_a_legend():
    g = graphs.training()
    d = dot_of(expand=["gradients"])
    shape = {n: d.nodes[n].get("shape") for n in d.nodes}
    fill = {n: d.nodes[n].get("fillcolor") for n in d.nodes}
    assert shape["x"] == "invhouse"                          # placeholder
    assert shape["model/w"] == "cylinder"                    # Variable
    assert shape["model/w/initial_value"] == "box"           # constant
    assert shape["gradients/w_grad"] == "ellipse"            # gradient op (forward_op set)
    assert shape["gradients/mul/y"] == "ellipse"             # gradient scope constant
    apply = "GradientDescent/update_model/w/ApplyGradientDescent"
    assert shape[apply] == "hexagon" and shape["GradientDescent"] == "hexagon"  # optimizer
    assert d.nodes["model/w/Assign"]["fillcolor"] == "#fff3d6"                 # assign
    kinds_drawn = {"x": "placeholder", "model/w": "variable", "model/w/initial_value":
                   "constant", "gradients/w_grad": "gradient", apply: "optimizer",
                   "model/MatMul": "op", "model/w/Assign": "assign"}
    assert len({fill[n] for n in kinds_drawn}) == len(kinds_drawn)
    for node, kind in kinds_drawn.items():
        legend = d.nodes["legend:" + kind]
        assert (legend["shape"], legend["fillcolor"]) == (shape[node], fill[node]), kind
    assert g["train"].type == "NoOp"


def test_legend_lists_only_the_kinds_drawn():
    graphs.lifecycle()
    d = dot_of()
    assert sorted(n for n in d.nodes if n.startswith("legend:")) == \
        ["legend:constant", "legend:op"]
    assert dot_of().nodes["legend:op"]["label"] == "operation"
    assert "legend" not in Dot(draw_ops(tf.get_default_graph().get_operations(),
                                        tf.get_default_graph(), legend=False).dot).clusters


def test_gradient_ops_are_recognized_by_forward_op_outside_the_gradients_scope():
    a = tf.constant(1.0, name="a")
    b = tf.identity(a, name="b")
    b.op._forward_op = a.op
    assert dot_of().nodes["b"]["shape"] == "ellipse"


# ----------------------------------------------------------------------------- scopes

def test_name_scopes_are_clusters_and_variables_sit_in_their_own():
    graphs.training()
    d = dot_of()
    assert d.parent["model/MatMul"] == "model"
    assert d.parent["model/w"] == "model/w"            # the Variable op inside its scope
    assert sorted(d.clusters["model/w"]) == sorted(["model/w", "model/w/initial_value",
                                                    "model/w/Assign", "model/w/read"])
    assert d.label("model/w/read") == "read | Identity"  # names relative to the cluster
    assert '"cluster_model" {' in d.text and '"cluster_model/w" {' in d.text


def test_a_scope_of_one_op_and_its_constants_is_drawn_inline():
    w, x, y, z = graphs.lifecycle()
    d = dot_of()
    assert not [c for c in d.clusters if c != "legend"]
    assert d.parent["add/y"] == "" and d.label("add/y") == "add/y | Const"
    with tf.name_scope("outer"):
        with tf.name_scope("inner"):
            tf.identity(x, name="only")
    d = dot_of()
    assert d.parent["outer/inner/only"] == "" and not [c for c in d.clusters if c != "legend"]
    with tf.name_scope("pair"):
        tf.identity(tf.constant(1.0), name="id")
    assert sorted(dot_of().clusters["pair"]) == ["pair/Const", "pair/id"]


def test_the_gradients_scope_is_collapsed_by_default_and_opens_on_request():
    graphs.training()
    d = dot_of()
    assert "scope:gradients" in d.nodes and "gradients/w_grad" not in d.nodes
    assert d.label("scope:gradients") == "gradients | 3 ops"
    assert d.nodes["scope:gradients"]["shape"] == "box3d"
    assert d.edge("model/w/read", "scope:gradients")["label"] == "2×1 float32"
    assert d.edge("scope:gradients", "GradientDescent/update_model/w/ApplyGradientDescent")
    assert "collapsed: gradients (3 ops)" in d.text
    for expand in (["gradients"], "gradients", ["*"]):
        opened = dot_of(expand=expand)
        assert "gradients/w_grad" in opened.nodes and "scope:gradients" not in opened.nodes
        assert opened.parent["gradients/w_grad"] == "gradients"


def test_past_a_few_dozen_ops_scopes_collapse_into_boxes_with_their_op_count():
    graphs.blocks(5)                         # 5 blocks of 11 ops + x = 56 ops
    d = dot_of()
    boxes = sorted(n for n in d.nodes if n.startswith("scope:"))
    assert boxes == ["scope:block%d/%s" % (i, v) for i in range(5) for v in ("W", "b")]
    assert d.label("scope:block0/W") == "W | VariableV2 · 3 ops"
    assert d.nodes["scope:block0/W"]["fillcolor"] == "#ffe2b0"   # a Variable's colour
    assert d.edge("scope:block0/W", "block0/MatMul")["label"] == "2×2 float32"
    assert "block0/MatMul" in d.nodes
    assert len([n for n in d.nodes if not n.startswith("legend:")]) <= 40


def test_depth_sets_how_many_scope_levels_are_open():
    graphs.blocks(2)
    zero = dot_of(depth=0)
    assert sorted(n for n in zero.nodes if not n.startswith("legend:")) == \
        ["scope:block0", "scope:block1", "x"]
    assert zero.label("scope:block0") == "block0 | 11 ops"
    assert zero.edge("x", "scope:block0")["label"] == "?×2 float32"
    assert zero.edge("scope:block0", "scope:block1")["label"] == "?×2 float32"
    one = dot_of(depth=1)
    assert "scope:block0/W" in one.nodes and "block0/MatMul" in one.nodes
    two = dot_of(depth=2)
    assert "block0/W/read" in two.nodes and not [n for n in two.nodes if "scope:" in n]
    assert dot_of(depth=0, expand=["block1"]).nodes.keys() >= {"scope:block0", "block1/Relu"}


def test_many_repeated_scopes_become_one_series_node():
    graphs.blocks(40)
    d = dot_of()
    series = [n for n in d.nodes if n.startswith("series:")]
    assert series == ["series::scope:block"]
    assert d.label(series[0]) == "block0 … block39 | 40 scopes · 440 ops"
    assert "series:" not in draw(depth=0).dot     # a depth the user chose is kept
    assert "series:" not in draw(expand=["*"]).dot
    assert "series::scope:block" in draw(expand=["block3"]).dot
    assert "block3/MatMul" in draw(expand=["block3"]).dot
    assert d.edge("x", series[0])["label"] == "?×2 float32"
    assert "legend:series" in d.nodes


def test_a_long_flat_chain_groups_repeated_ops():
    x = tf.constant(0.0, name="x")
    for _ in range(200):
        x = x + 1.0
    d = dot_of()
    assert sorted(n for n in d.nodes if not n.startswith("legend:")) == \
        ["series::op:add", "series::op:add/y", "x"]
    assert d.label("series::op:add") == "add … add_199 | Add ×200"
    assert d.edge("series::op:add/y", "series::op:add")["label"] == "200× scalar float32"


def test_the_node_cap_keeps_the_nodes_nearest_the_results():
    x = tf.constant(0.0, name="x")
    for i in range(30):
        x = tf.identity(x, name="n%d" % i)
    text = draw_ops(tf.get_default_graph().get_operations(), tf.get_default_graph(),
                    depth=0, max_nodes=10).dot
    d = Dot(text)
    assert sorted(d.ops()) == sorted("n%d" % i for i in range(20, 30))
    assert "10 of 31 nodes drawn" in text


def test_dot_text_is_deterministic():
    graphs.training()
    assert draw().dot == draw().dot


# ----------------------------------------------------------------------------- fetches

def test_fetches_draw_only_the_subgraph_they_need():
    w, x, y, z = graphs.lifecycle()
    assert sorted(dot_of(y).ops()) == sorted(["w", "add/y", "add", "add_1/y", "add_1"])
    assert sorted(dot_of([y, z]).ops()) == sorted(dot_of().ops())
    assert sorted(dot_of({"a": x}).ops()) == sorted(["w", "add/y", "add"])
    assert sorted(dot_of("add_1:0").ops()) == sorted(dot_of(y).ops())


def test_fetch_subgraph_follows_control_inputs_and_stops_at_feeds():
    g = graphs.training()
    assert {"init", "model/w/Assign", "model/w/initial_value", "model/w"} == \
        set(dot_of(g["init"]).ops())
    fed = dot_of(g["y"], feed_dict={g["x"]: [[1.0, 2.0]]})
    assert "x" in fed.ops() and "fed" in fed.label("x")
    w, x, y, z = graphs.lifecycle()
    assert sorted(dot_of(y, feed_dict={x: 7}).ops()) == ["add", "add_1", "add_1/y"]


def test_a_variable_fetch_draws_its_op():
    v = tf.Variable(1.0, name="v")
    assert dot_of(v).ops() == ["v"]


def test_draw_rejects_what_it_cannot_draw():
    with pytest.raises(TypeError, match="Cannot draw 3"):
        draw(3)
    with pytest.raises(ValueError, match="Nothing to draw"):
        draw([])
    with pytest.raises(KeyError):
        draw("no_such_op")


# ----------------------------------------------------------------------------- values, counts

def test_values_are_written_on_the_nodes():
    w, x, y, z = graphs.lifecycle()
    with tf.Session() as sess:
        d = dot_of([y, z], values=True, session=sess)
    assert d.label("w") == "w | Const | 3"
    assert d.label("add_1") == "add_1 | Add | 10"
    assert d.label("mul") == "mul | Mul | 15"


def test_small_arrays_are_written_in_full_and_large_ones_summarized():
    small = tf.constant([[1.5, 2.0], [3.0, 4.25]], name="small")
    big = tf.constant([[float(i) for i in range(10)]] * 3, name="big")
    flags = tf.constant([True, False] * 8, name="flags")
    with tf.Session() as sess:
        d = dot_of([small, big, flags], values=True, session=sess)
    assert d.label("small") == "small | Const | [[1.5 2.] |  [3. 4.25]]"
    assert d.label("big") == "big | Const | 3×10 float32 | min 0.0 mean 4.5 max 9.0"
    assert d.label("flags") == "flags | Const | 16 bool | 50% true"


def test_values_of_fed_placeholders_are_shown():
    g = graphs.training()
    with tf.Session() as sess:
        sess.run(g["init"])
        d = dot_of(g["y"], values=True, session=sess, feed_dict={g["x"]: [[1, 1]]})
    assert d.label("x") == "x | Placeholder | [[1. 1.]] | fed"
    assert d.label("model/MatMul") == "MatMul | MatMul | [[3.]]"


def test_unfed_placeholders_are_marked_and_nothing_runs():
    from interflow.notebook import trace
    g = graphs.training()
    with tf.Session() as sess, trace() as t:
        drawing = draw(g["y"], values=True, session=sess)
    assert t.runs == []
    assert drawing.missing == ["x"]
    assert drawing.notes == ["Not run: model/MatMul needs a value for placeholder x (float32, "
                             "shape ?×2); feed it, e.g. feed_dict={x: ...}"]
    d = Dot(drawing.dot)
    assert "needs a feed" in d.label("x") and d.nodes["x"]["color"] == "#c00000"
    assert "legend:missing" in d.nodes and "Not run: model/MatMul needs" in d.text


def test_a_failed_run_marks_the_op_it_failed_in():
    g = graphs.training()
    with tf.Session() as sess:
        drawing = draw(g["y"], values=True, session=sess, feed_dict={g["x"]: [[1, 1]]})
    assert drawing.notes[0].startswith("The run failed: Attempting to use uninitialized "
                                       "value model/w")
    assert "failed here" in Dot(drawing.dot).label("model/w")


def test_values_need_fetches_and_a_session():
    w, x, y, z = graphs.lifecycle()
    with pytest.raises(ValueError, match="say which"):
        draw(values=True)
    with pytest.raises(ValueError, match="there is none"):
        draw(y, values=True)
    with tf.Graph().as_default(), tf.Session() as other:
        with pytest.raises(ValueError, match="another graph"):
            draw(y, values=True, session=other)


def test_counts_are_written_on_every_node():
    w, x, y, z = graphs.lifecycle()
    ops = tf.get_default_graph().get_operations()
    d = Dot(to_dot(ops, counts={"w": 2, "add": 2, "add_1": 1}))
    assert d.label("w") == "w | Const | ran 2×"
    assert d.label("mul") == "mul | Mul | not run"
    assert d.nodes["mul"]["fontcolor"] == "#8a8a8a"


def test_aliases_are_shown_beside_op_names():
    w, x, y, z = graphs.lifecycle()
    d = Dot(to_dot(tf.get_default_graph().get_operations(), aliases={"add": "x", "w": "w"}))
    assert d.label("add") == "add x | Add"
    assert d.label("w") == "w | Const"


def test_context_ops_are_drawn_faded():
    a = tf.constant(1.0, name="a")
    b = tf.identity(a, name="b")
    d = Dot(to_dot([b.op], context=[a.op]))
    assert d.nodes["a"]["style"] == "rounded,dotted" and d.label("a") == "a | Const"
    assert d.edge("a", "b")["label"] == "scalar float32"
    assert "legend:context" in d.nodes


def test_big_drawings_use_a_fast_layout():
    graphs.blocks(6)
    small = draw(depth=1).dot
    assert "xlabel" not in small and "nslimit" not in small
    big = draw(expand=["*"]).dot
    assert "nslimit=1" in big and 'xlabel="2×2 float32"' in big


def test_rendering_needs_neither_graphviz_nor_ipython():
    code = ("import sys\n"
            "class Block:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in ('graphviz', 'IPython', 'ipywidgets'):\n"
            "            raise ImportError('blocked: ' + name)\n"
            "sys.meta_path.insert(0, Block())\n"
            "import interflow as tf\n"
            "from interflow.notebook import draw, trace\n"
            "y = tf.constant(1.0) + 2.0\n"
            "with trace() as t, tf.Session() as s:\n"
            "    s.run(y)\n"
            "print(draw(y).dot.startswith('digraph'), t.counts['add'])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]))
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "1"]


def test_a_box_of_one_kind_of_op_takes_that_kind_s_colour():
    with tf.name_scope("model"):
        w = tf.Variable(1.0, name="w")
        b = tf.Variable(2.0, name="b")
    grads = [tf.constant(0.5, name="gw"), tf.constant(0.5, name="gb")]
    tf.train.GradientDescentOptimizer(0.1).apply_gradients(list(zip(grads, [w, b])))
    d = dot_of(depth=1)
    assert d.label("scope:GradientDescent/update_model") == "update_model | 2 ops"
    assert d.nodes["scope:GradientDescent/update_model"]["fillcolor"] == "#d8f0d8"
    assert d.nodes["scope:model/w"]["fillcolor"] == "#ffe2b0"       # its Variable's colour
    assert "expand=['model/w']" in d.text                            # the biggest box
