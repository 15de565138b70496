"""Picture: a dot SVG made ready for restyling (ids prefixed, node and edge ids by name, the
reserved value lines taken out and their places kept)."""

import re
import shutil
import xml.dom.minidom

import pytest

import interflow as tf
from interflow.notebook import drawing, render
from interflow.notebook.picture import Picture

pytestmark = pytest.mark.skipif(shutil.which("dot") is None,
                                reason="Graphviz's dot is not installed (apt-get install graphviz)")


def picture(reserved=("model/MatMul", "Square")):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.name_scope("model"):
        w = tf.Variable([[1.0], [2.0]], name="w")
        y = tf.matmul(x, w)
    tf.reduce_mean(tf.square(y), name="loss")
    ops = tf.get_default_graph().get_operations()
    values = {"model/MatMul": "0000000\n0000", "Square": "0.1234", "x": "fed value"}
    svg = drawing.dot_to_svg(render.to_dot(ops, values=values))
    return Picture(svg, "pfx", reserved=reserved), ops


def test_every_op_and_edge_is_found_by_name():
    pic, ops = picture()
    assert {op.name for op in ops} <= set(pic.node_ids)
    assert all(i.startswith("pfx-node") for i in pic.node_ids.values())
    edges = {(src, dst) for src, dst, _ in pic.edges}
    assert ("x", "model/MatMul") in edges and ("Square", "loss") in edges
    assert pic.width > 0 and pic.height > 0


def test_every_id_is_prefixed_and_the_svg_stays_well_formed():
    pic, _ = picture()
    ids = re.findall(r'\bid="([^"]*)"', pic.base)
    assert ids and all(i.startswith("pfx-") for i in ids)
    xml.dom.minidom.parseString(pic.base)
    xml.dom.minidom.parseString(pic.standalone({"Square": ("1.5", "v")}, "text { }", "mark"))


def test_reserved_lines_are_taken_out_and_their_places_kept():
    pic, _ = picture()
    assert "0000000" not in pic.base and "0.1234" not in pic.base
    assert "fed value" in pic.base                       # not reserved: stays drawn
    assert [s.centred for s in pic.slots["model/MatMul"]] == [False, False]
    assert [s.centred for s in pic.slots["Square"]] == [True]
    first, second = pic.slots["model/MatMul"]
    assert second.y > first.y and first.x == second.x
    overlay = pic.overlay({"model/MatMul": ("[[5.]\n [11.]\n [7.]]", "v"),
                           "Square": ("2.0", "c")})
    assert overlay.count("<text") == 4
    assert 'text-anchor="middle"' in overlay and "[[5.]" in overlay
    xml.dom.minidom.parseString(overlay)


def test_rules_select_only_drawn_nodes():
    pic, _ = picture()
    assert pic.rule(["no such op"], "opacity: 0") == ""
    rule = pic.shape_rule(["Square"], "stroke: red")
    node = pic.node_ids["Square"]
    assert rule.startswith("#%s path, #%s polygon, #%s ellipse" % (node, node, node))
    assert pic.edge_rule(lambda s, d: s == "Square", "opacity: .2").count("#pfx-edge") == 1
    w, h = pic.size(max_width=pic.width / 4)
    assert w == pytest.approx(pic.width * 0.6)       # never below 60%: it scrolls instead
    assert 'width="%.2fpt"' % w in pic.sized(pic.base, (w, h))
