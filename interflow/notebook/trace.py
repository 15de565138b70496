"""trace(): a RunHook that counts every op execution in every Session.run inside it, run by run,
and shows the counts on the graph with a per-run table ("run 1: y.eval() computed w, x, y")."""

import html
import sys
import threading

from interflow.execution import hooks
from interflow.framework import session_stack
from interflow.framework.operation import Operation, Tensor, _PACKAGE_DIR
from interflow.notebook import drawing, subgraph

__all__ = ["trace", "Trace", "Run", "python_names"]

_SHOWN = 12         # names listed per run before "and N more"
_SKIP_NAMES = frozenset(["In", "Out", "exit", "quit", "get_ipython"])


class Run:
    """One Session.run seen by a trace.

    Attributes:
      index: 1 for the first run of the trace.
      fetches: the Tensors and Operations fetched (flattened).
      feeds: the Tensors fed.
      ops: names of the ops executed, in order.
      call: 'run' for Session.run, 'eval' for Tensor.eval / Variable.eval, 'op.run' for
        Operation.run.
      error: the first line of the error the run failed with, else None.
    """

    __slots__ = ("index", "session", "fetches", "feeds", "ops", "call", "error", "graph")

    def __init__(self, index, session, fetches, feeds, call):
        self.index = index
        self.session = session
        self.graph = session.graph
        self.fetches = list(fetches)
        self.feeds = list(feeds)
        self.ops = []
        self.call = call
        self.error = None

    def __repr__(self):
        return "<Run %d: %d ops%s>" % (self.index, len(self.ops),
                                       ", failed" if self.error else "")


def python_names(namespace, graph=None):
    """{op name: the Python name bound to it (its first output, or a Variable)} in `namespace`,
    for the ops of `graph` (default: any graph)."""
    from interflow.variables import Variable
    names = {}
    for name, value in list((namespace or {}).items()):
        if name.startswith("_") or name in _SKIP_NAMES:
            continue
        if isinstance(value, Tensor):
            op = value.op if value.value_index == 0 else None
        elif isinstance(value, Operation):
            op = value
        elif isinstance(value, Variable):
            op = value.op
        else:
            continue
        if op is not None and (graph is None or op.graph is graph):
            names.setdefault(op.name, name)
    return names


def _shortcut_kind():
    """'eval' or 'op.run' when this run comes from Tensor.eval / Operation.run, else 'run'."""
    code = session_stack.run_with_default_session.__code__
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        if frame.f_code is code:
            return "eval" if frame.f_locals.get("what") == "tensor" else "op.run"
        frame = frame.f_back
    return "run"


class Trace(hooks.RunHook):
    """Counts op executions in the Session.runs (and eval/run shortcuts) inside `with`.

    Attributes:
      counts: {op name: times executed}, in order of first execution.
      runs: [Run], one per Session.run: its fetches, feeds and the ops executed in order.
    """

    def __init__(self, namespace=None, _frame=None):
        self.counts = {}
        self.runs = []
        self._thread = None
        self._current = None
        self._locals = None
        if namespace is None:
            frame = _frame if _frame is not None else sys._getframe(1)
            namespace = frame.f_globals
        self._namespace = namespace

    # ------------------------------------------------------------------ recording

    def __enter__(self):
        self._thread = threading.get_ident()
        hooks.add_hook(self)
        return self

    def __exit__(self, exc_type, exc_value, tb):
        hooks.remove_hook(self)
        frame = sys._getframe(1)
        if frame.f_locals is not frame.f_globals and frame.f_globals is self._namespace:
            self._locals = dict(frame.f_locals)  # names bound inside a function
        return False

    def on_run_start(self, session, fetches, feeds, ops):
        if threading.get_ident() != self._thread:
            return
        self._current = Run(len(self.runs) + 1, session, fetches, feeds, _shortcut_kind())
        self.runs.append(self._current)

    def on_op_done(self, op, outputs, seconds):
        if self._current is None or threading.get_ident() != self._thread:
            return
        self._current.ops.append(op.name)
        self.counts[op.name] = self.counts.get(op.name, 0) + 1

    def on_run_end(self, session, results):
        if threading.get_ident() == self._thread:
            self._current = None

    def on_run_error(self, session, error):
        if threading.get_ident() == self._thread and self._current is not None:
            self._current.error = drawing.first_line(error)
            self._current = None

    # ------------------------------------------------------------------ describing

    def names(self, graph=None):
        """{op name: Python name} for the objects bound in the traced code's namespace (to
        ops of `graph`, by default the graph of the last run)."""
        if graph is None and self.runs:
            graph = self.runs[-1].graph
        names = python_names(self._namespace, graph)
        if self._locals:
            names.update(python_names(self._locals, graph))
        return names

    def _names_by_graph(self):
        result = {}
        for run in self.runs:
            if id(run.graph) not in result:
                result[id(run.graph)] = self.names(run.graph)
        return result

    def _label(self, element, names):
        if isinstance(element, Tensor):
            if element.value_index == 0:
                return names.get(element.op.name, element.op.name)
            return element.name
        return names.get(element.name, element.name)

    def call_text(self, run, names=None):
        """'y.eval()', 'init.run()' or 'sess.run([y, z])' for one run."""
        names = self.names(run.graph) if names is None else names
        feeds = ""
        if run.feeds:
            feeds = "feed_dict={%s}" % ", ".join("%s: ..." % self._label(t, names)
                                                  for t in run.feeds)
        if run.call in ("eval", "op.run") and len(run.fetches) == 1:
            return "%s.%s(%s)" % (self._label(run.fetches[0], names),
                                  "eval" if run.call == "eval" else "run", feeds)
        fetched = [self._label(f, names) for f in run.fetches]
        what = fetched[0] if len(fetched) == 1 else "[%s]" % ", ".join(fetched)
        session = self._session_name(run.session)
        return "%s.run(%s%s)" % (session, what, ", " + feeds if feeds else "")

    def _session_name(self, session):
        for space in (self._locals or {}, self._namespace or {}):
            for name, value in list(space.items()):
                if value is session and not name.startswith("_"):
                    return name
        return "sess"

    def _split(self, run, names):
        """(labels of the ops worth naming, names of unnamed constants), in run order."""
        graph = run.graph
        shown, constants = [], []
        for name in run.ops:
            if name in names:
                shown.append(names[name])
                continue
            try:
                op_type = graph.get_operation_by_name(name).type
            except (KeyError, ValueError):
                op_type = None
            (constants if op_type == "Const" else shown).append(name)
        return shown, constants

    def describe(self, run, names=None):
        """'run 1: y.eval() computed w, x, y (+2 constants: add/y, add_1/y)'."""
        names = self.names(run.graph) if names is None else names
        shown, constants = self._split(run, names)
        text = "run %d: %s computed %s" % (run.index, self.call_text(run, names),
                                           _listing(shown) or "nothing")
        if constants:
            text += " (+%d constant%s: %s)" % (len(constants), "s" * (len(constants) > 1),
                                               _listing(constants))
        if run.error:
            text += "; failed: %s" % run.error
        return text

    def repeated(self, names=None):
        """[(label, count)] of the ops computed in more than one run (Variables aside)."""
        names = self.names() if names is None else names
        graphs = {id(r.graph): r.graph for r in self.runs}
        result = []
        for name, n in self.counts.items():
            if n < 2:
                continue
            op = _find(graphs.values(), name)
            if op is None or op.type in ("VariableV2", "Variable", "VarHandleOp"):
                continue
            if op.type == "Const" and name not in names:
                continue
            result.append((names.get(name, name), n))
        return result

    def text(self):
        """The per-run table as text: one line per run, then what was recomputed."""
        if not self.runs:
            return "trace: no Session.run happened inside."
        names = self._names_by_graph()
        lines = [self.describe(run, names[id(run.graph)]) for run in self.runs]
        again = self.repeated()
        if again:
            lines.append("computed more than once: %s. Every run recomputes what its fetches "
                         "need; only Variables keep their values between runs (fetch several "
                         "tensors in one sess.run([...]) to compute shared ops once)."
                         % _listing(["%s ×%d" % item for item in again]))
        return "\n".join(lines)

    def _repr_html_(self):
        if not self.runs:
            return "<p>%s</p>" % html.escape(self.text())
        by_graph = self._names_by_graph()
        rows = []
        for run in self.runs:
            names = by_graph[id(run.graph)]
            shown, constants = self._split(run, names)
            extra = ""
            if constants:
                extra = ' <span style="color:#777">(+%d constant%s: %s)</span>' % (
                    len(constants), "s" * (len(constants) > 1), html.escape(_listing(constants)))
            status = ("<br><span style=\"color:#c00000\">failed: %s</span>"
                      % html.escape(run.error)) if run.error else ""
            rows.append("<tr><td>%d</td><td><code>%s</code></td><td style=\"text-align:left\">"
                        "%s%s%s</td><td>%d</td></tr>"
                        % (run.index, html.escape(self.call_text(run, names)),
                           html.escape(_listing(shown) or "nothing"), extra, status,
                           len(run.ops)))
        again = self.repeated()
        foot = ""
        if again:
            foot = ("<p>Computed more than once: <b>%s</b>. Every run recomputes what its "
                    "fetches need; only Variables keep their values between runs.</p>"
                    % html.escape(_listing(["%s ×%d" % item for item in again])))
        return ('<table class="interflow-trace"><thead><tr><th>run</th><th>call</th>'
                '<th style="text-align:left">computed, in order</th><th>ops</th></tr></thead>'
                "<tbody>%s</tbody></table>%s" % ("".join(rows), foot))

    def __repr__(self):
        return self.text()

    # ------------------------------------------------------------------ drawing

    def draw(self, graph=None, **options):
        """The graph of the traced runs with the count on each node (a Drawing)."""
        if not self.runs:
            raise ValueError("Nothing to draw: no Session.run happened inside the trace.")
        graph = graph if graph is not None else self.runs[-1].graph
        runs = [r for r in self.runs if r.graph is graph]
        fetches = [f for r in runs for f in r.fetches]
        ops = set(subgraph.needed_ops(fetches))
        ops.update(_find([graph], name) for r in runs for name in r.ops)
        ops.discard(None)
        fed = {t.op.name for r in runs for t in r.feeds}
        options.setdefault("aliases", self.names(graph))
        return drawing.draw_ops(sorted(ops, key=lambda op: op._id or 0), graph,
                                counts=self.counts, fed_ops=fed, **options)

    def _ipython_display_(self):
        from IPython.display import display
        if self.runs:
            graphs = list({id(r.graph): r.graph for r in self.runs}.values())
            for graph in graphs:
                display(self.draw(graph))
        display({"text/html": self._repr_html_(), "text/plain": self.text()}, raw=True)


def _find(graphs, name):
    for g in graphs:
        try:
            return g.get_operation_by_name(name)
        except (KeyError, ValueError):
            continue
    return None


def _listing(items):
    items = list(items)
    if len(items) <= _SHOWN:
        return ", ".join(items)
    return "%s and %d more" % (", ".join(items[:_SHOWN]), len(items) - _SHOWN)


def trace(namespace=None):
    """A context manager counting every op execution in every Session.run inside it.

        with interflow.notebook.trace() as t:
            y.eval(); z.eval()
        t.counts      # {'w': 2, ...}: op name -> times executed
        t.runs[0].ops # the ops run 1 executed, in order
        t             # in a notebook: the graph with counts, and a table of the runs

    Args:
      namespace: where to look up the Python names shown beside op names (default: the
        caller's globals).
    """
    return Trace(namespace, _frame=sys._getframe(1))
