"""Drawings in the notebook: SVG with a text/plain fallback, the DOT text when Graphviz's dot is
missing, and the retry without cluster boxes when dot trips over them."""

import shutil
import sys

import pytest

import interflow as tf
from interflow.notebook import Drawing, draw, drawing as drawing_lib
from tests.notebook import graphs

needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz's dot is not installed (apt-get install graphviz)")


@needs_dot
def test_a_drawing_displays_as_svg_with_a_text_fallback():
    graphs.training()
    d = draw()
    bundle = d._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml", "text/plain"}
    svg = bundle["image/svg+xml"]
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<title>model/MatMul</title>" in svg          # every op is in the picture
    assert ">MatMul</text>" in svg and ">gradients</text>" in svg
    assert bundle["text/plain"] == "<interflow drawing of 13 ops: .dot has the DOT source>"
    assert repr(d) == bundle["text/plain"]


@needs_dot
def test_svg_is_made_once_and_can_be_saved(tmp_path):
    graphs.lifecycle()
    d = draw()
    assert d.svg is d.svg
    d.save(tmp_path / "g.svg")
    d.save(tmp_path / "g.dot")
    assert (tmp_path / "g.svg").read_text(encoding="utf-8") == d.svg
    assert (tmp_path / "g.dot").read_text(encoding="utf-8") == d.dot


@needs_dot
def test_notes_come_first_in_the_text():
    g = graphs.training()
    with tf.Session() as sess:
        d = draw(g["y"], values=True, session=sess)
    text = d._repr_mimebundle_()["text/plain"].splitlines()
    assert text[0].startswith("Not run: model/MatMul needs a value for placeholder x")


def test_without_dot_the_drawing_says_so_in_one_line_and_shows_the_dot_text(monkeypatch,
                                                                            tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))     # no dot program on the PATH
    graphs.lifecycle()
    d = draw()
    bundle = d._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    lines = bundle["text/plain"].splitlines()
    assert lines[0] == drawing_lib.DOT_MISSING
    assert "apt-get install graphviz" in lines[0] and "brew install graphviz" in lines[0]
    assert "\n".join(lines[1:]) + "\n" == d.dot
    with pytest.raises(drawing_lib.DotMissing):
        d.svg


def test_without_the_graphviz_package_dot_runs_directly(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "graphviz", None)   # import graphviz -> ImportError
    graphs.lifecycle()
    if shutil.which("dot"):
        assert draw().svg.startswith("<svg")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(drawing_lib.DotMissing):
        draw().svg


def test_a_dot_failure_over_clusters_is_drawn_again_without_them(monkeypatch):
    calls = []

    def fake_dot(data):
        calls.append(data)
        if b'subgraph "cluster_' in data:
            raise RuntimeError("dot failed: Error: trouble in init_rank")
        return b'<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg>flat</svg>'

    monkeypatch.setattr(drawing_lib, "_run_dot", fake_dot)
    graphs.training()
    d = draw()
    assert d.svg == "<svg>flat</svg>"
    assert d.notes == [drawing_lib.FLAT_NOTE]
    assert len(calls) == 2 and b'subgraph "flat_model"' in calls[1]


def test_a_broken_drawing_never_breaks_the_output(monkeypatch):
    def broken(data):
        raise RuntimeError("dot failed: syntax error")

    monkeypatch.setattr(drawing_lib, "_run_dot", broken)
    d = Drawing("digraph {}\n")
    assert d._repr_mimebundle_() == {"text/plain": "dot failed: syntax error\ndigraph {}\n"}
