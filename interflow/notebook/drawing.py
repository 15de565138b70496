"""draw(): a graph, or the subgraph some fetches need, as SVG in the notebook (with the DOT text
as fallback), optionally with the values one run computed written on the nodes."""

import shutil
import subprocess
import threading

import numpy as np

from interflow.execution import hooks
from interflow.framework import errors, session_stack
from interflow.framework.graph import Graph, get_default_graph
from interflow.framework.operation import Operation
from interflow.notebook import render, subgraph, values as values_lib

__all__ = ["Drawing", "draw", "draw_ops", "dot_to_svg", "DotMissing", "DOT_MISSING",
           "missing_feed_message"]

DOT_MISSING = ("Graphviz's dot program was not found, so here is the graph as DOT text: install "
               "Graphviz (apt-get install graphviz, brew install graphviz or conda install "
               "graphviz) and draw again.")


class DotMissing(RuntimeError):
    """Graphviz's `dot` program is not installed."""


FLAT_NOTE = ("Graphviz's dot could not lay out the name-scope boxes of this graph (a known "
             "dot bug), so it is drawn without them.")


def _run_dot(data):
    try:
        import graphviz
    except ImportError:
        graphviz = None
    if graphviz is not None:
        try:
            return graphviz.pipe("dot", "svg", data, quiet=True)
        except graphviz.ExecutableNotFound:
            raise DotMissing(DOT_MISSING) from None
        except graphviz.CalledProcessError as e:
            raise RuntimeError("dot failed: %s" % (e.stderr or b"").decode("utf-8", "replace")
                               .strip()[:300]) from None
    exe = shutil.which("dot")
    if exe is None:
        raise DotMissing(DOT_MISSING)
    proc = subprocess.run([exe, "-Tsvg"], input=data, capture_output=True)
    if proc.returncode:
        raise RuntimeError("dot failed: %s"
                           % proc.stderr.decode("utf-8", "replace").strip()[:300])
    return proc.stdout


def dot_to_svg(dot_source, notes=None):
    """SVG text for `dot_source`, laid out by Graphviz's `dot` (DotMissing if it is absent).

    Some large clustered graphs hit dot's 'trouble in init_rank' bug (Graphviz 2.x); those are
    laid out again without cluster boxes, and FLAT_NOTE is appended to `notes`.
    """
    try:
        svg = _run_dot(dot_source.encode("utf-8"))
    except RuntimeError as e:
        if isinstance(e, DotMissing) or 'subgraph "cluster_' not in dot_source:
            raise
        flat = dot_source.replace('subgraph "cluster_', 'subgraph "flat_')
        svg = _run_dot(flat.encode("utf-8"))
        if notes is not None:
            notes.append(FLAT_NOTE)
    text = svg.decode("utf-8")
    # The XML prolog and doctype are noise inside a notebook's JSON and an HTML page.
    start = text.find("<svg")
    return text[start:] if start > 0 else text


class Drawing:
    """A drawn graph: `.dot` is the DOT source; displays as SVG (text/plain fallback).

    Attributes:
      dot: the DOT source.
      notes: one-line messages about the drawing (a missing feed, a failed run).
      missing: names of the placeholders the fetches need that were not fed.
      values: {op name: text of the values written on it} (empty unless values were asked).
    """

    def __init__(self, dot, notes=(), missing=(), values=None, n_ops=0):
        self.dot = dot
        self.notes = list(notes)
        self.missing = list(missing)
        self.values = dict(values or {})
        self.n_ops = n_ops
        self._svg = None
        self._lock = threading.Lock()

    @property
    def svg(self):
        """The SVG text (runs dot once; DotMissing when dot is not installed)."""
        with self._lock:
            if self._svg is None:
                self._svg = dot_to_svg(self.dot, self.notes)
            return self._svg

    def save(self, path):
        """Writes the drawing to `path`: SVG for *.svg, else the DOT source."""
        text = self.svg if str(path).endswith(".svg") else self.dot
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def _summary(self):
        return "\n".join(self.notes + ["<interflow drawing of %d ops: .dot has the DOT source>"
                                       % self.n_ops])

    def _repr_mimebundle_(self, include=None, exclude=None):
        try:
            svg = self.svg
        except DotMissing as e:
            return {"text/plain": "\n".join(self.notes + [str(e), self.dot])}
        except Exception as e:  # a drawing must never break a cell's output
            return {"text/plain": "\n".join(self.notes + [str(e), self.dot])}
        return {"image/svg+xml": svg, "text/plain": self._summary()}

    def __repr__(self):
        return self._summary()


class _Collect(hooks.RunHook):
    """Writes down, as text, the value every op of one run (in this thread) computed."""

    def __init__(self):
        self.values = {}
        self._thread = threading.get_ident()

    def on_op_done(self, op, outputs, seconds):
        # Formatted now: the executor may reuse a dead value's buffer later in the run.
        if threading.get_ident() == self._thread:
            self.values[op.name] = values_lib.format_outputs(outputs)


def missing_feed_message(missing, fetch_names, aliases=None):
    """'y needs a value for placeholder x (float32, ?×3): feed it, e.g. feed_dict={x: ...}'."""
    aliases = aliases or {}
    parts = []
    for op in missing:
        t = op.outputs[0]
        parts.append("%s (%s, shape %s)" % (aliases.get(op.name, op.name), t.dtype.name,
                                            values_lib.shape_text(t.shape)))
    keys = ", ".join("%s: ..." % aliases.get(op.name, op.name) for op in missing)
    return "Not run: %s %s a value for placeholder%s %s; feed %s, e.g. feed_dict={%s}" % (
        ", ".join(fetch_names), "need" if len(fetch_names) > 1 else "needs",
        "s" if len(missing) > 1 else "", ", ".join(parts), "them" if len(missing) > 1 else "it",
        keys)


def first_line(error):
    """The first line of an error's message, without TF's '[[node ...]]' detail."""
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return message.strip().split("\n")[0].strip()


def draw_ops(ops, graph, **options):
    """A Drawing of `ops` (see render.to_dot for the options)."""
    ops = list(ops)
    dot = render.to_dot(ops, graph_ops=graph.get_operations(), **options)
    return Drawing(dot, notes=options.get("notes", ()), n_ops=len(ops),
                   values=options.get("values"),
                   missing=options.get("missing", ()))


def _graph_of(elements):
    for e in elements:
        g = getattr(e, "graph", None)
        if isinstance(g, Graph):
            return g
    return get_default_graph()


def draw(what=None, *, depth=None, expand=(), values=False, session=None, feed_dict=None,
         aliases=None):
    """Draws a graph, or the subgraph that some fetches need.

    Args:
      what: a Graph (default: the default graph), or fetches: a Tensor, Operation, Variable,
        name, or a list/tuple/dict of those.
      depth: name-scope levels drawn open (0: each top-level scope is one box); by default the
        deepest that keeps the picture to a few dozen nodes (gradients/ stays collapsed).
      expand: scope names to draw open, e.g. expand=['gradients'] ('*' opens everything).
      values: run the fetches once in `session` and write each op's value on its node.
      session: the session for `values` (default: the default session).
      feed_dict: feeds for that run (and fed tensors are drawn as such).
      aliases: {op name: label} written beside op names (the magics pass Python names).

    Returns:
      A Drawing: `.dot` is the DOT source; in a notebook it shows as SVG.
    """
    if isinstance(expand, str):
        expand = (expand,)
    if what is None or isinstance(what, Graph):
        graph = what if what is not None else get_default_graph()
        fetches = None
    else:
        elements = subgraph.flatten(what)
        if not elements:
            raise ValueError("Nothing to draw: the fetch list is empty.")
        graph = _graph_of(elements)
        fetches = [subgraph.resolve(e, graph) for e in elements]
    feeds = subgraph.resolve_feeds(feed_dict, graph)
    ops = subgraph.needed_ops(fetches, feeds) if fetches is not None else graph.get_operations()
    fed_ops = {t.op.name for t in feeds}
    notes, missing, texts, failed = [], [], {}, None
    if values:
        if fetches is None:
            raise ValueError("values=True runs the fetches to get their values: say which, "
                             "e.g. draw(y, values=True).")
        session = session if session is not None else session_stack.get_default_session()
        if session is None:
            raise ValueError("values=True runs the fetches in the default session, and there is "
                             "none: pass session=sess, or create sess = tf.InteractiveSession().")
        if session.graph is not graph:
            raise ValueError("The session runs another graph than the one drawn.")
        missing = subgraph.missing_feeds(ops, feeds)
        if missing:
            names = [(aliases or {}).get(_op_of(f).name, _op_of(f).name) for f in fetches]
            notes.append(missing_feed_message(missing, names, aliases))
        else:
            texts, failed, error = _run_for_values(session, fetches, feed_dict)
            if error is not None:
                notes.append("The run failed: " + error)
            for t, v in feeds.items():
                texts.setdefault(t.op.name, values_lib.format_value(_as_fed(t, v)))
    return draw_ops(ops, graph, depth=depth, expand=expand, values=texts, fed_ops=fed_ops,
                    missing=[op.name for op in missing], failed=failed, aliases=aliases,
                    notes=notes)


def _as_fed(tensor, value):
    try:
        return np.asarray(value, dtype=tensor.dtype.base_dtype.as_numpy_dtype)
    except Exception:  # the run itself reports bad feeds
        return value


def _op_of(element):
    return element if isinstance(element, Operation) else element.op


def _run_for_values(session, fetches, feed_dict):
    """({op name: value text}, failing op name or None, error line or None) of one run."""
    collector = _Collect()
    hooks.add_hook(collector)
    try:
        session.run(fetches, feed_dict=feed_dict)
    except errors.OpError as e:
        return collector.values, getattr(e.op, "name", None), first_line(e)
    finally:
        hooks.remove_hook(collector)
    return collector.values, None, None
