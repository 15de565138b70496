"""`%load_ext interflow`: %graph, %%graph, %%trace and %reset_graph, and Graphs that draw
themselves when a cell evaluates one.

A magic that cannot do its work prints one line saying why (never a traceback) and leaves the
kernel, the graph and the session as they were.
"""

import argparse
import re
import shlex
import sys

from IPython.core.magic import Magics, cell_magic, line_cell_magic, line_magic, magics_class

try:
    from IPython.core.magic import no_var_expand
except ImportError:  # IPython < 7.3 expands $x and {x} in magic lines
    def no_var_expand(f):
        return f

from interflow.framework import errors, session_stack
from interflow.framework.graph import Graph, get_default_graph, reset_default_graph
from interflow.framework.operation import Operation, Tensor
from interflow.notebook import cells, drawing
from interflow.notebook.trace import Trace, python_names

__all__ = ["InterflowMagics", "load_ipython_extension"]

_IDENT = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
_registered = {}


class _Fail(Exception):
    """A magic's one-line failure."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        usage = " ".join(self.format_usage().split()[1:])
        raise _Fail("%s (usage: %s)" % (message, usage))


def _parser(prog, fetches):
    p = _Parser(prog=prog, add_help=False, allow_abbrev=False)
    if fetches:
        p.add_argument("fetch", nargs="*")
    p.add_argument("--depth", type=int, metavar="N")
    p.add_argument("--expand", action="append", default=[], metavar="SCOPE")
    if fetches:
        p.add_argument("--values", action="store_true")
        p.add_argument("--feed_dict", "--feed-dict", dest="feed_dict", metavar="EXPR")
    return p


_FEED = re.compile(r"(?:^|\s)--feed[_-]dict(?:\s+|=)(.*?)(?=\s--[A-Za-z]|$)")


def _parse(parser, line):
    # --feed_dict takes a Python expression, spaces and all, up to the next option.
    feed = _FEED.search(line)
    if feed is not None:
        line = line[:feed.start()] + " " + line[feed.end():]
    try:
        tokens = shlex.split(line)
    except ValueError as e:
        raise _Fail("cannot read the options (%s)" % e) from None
    opts = parser.parse_args(tokens)
    if feed is not None:
        if not hasattr(opts, "feed_dict"):
            raise _Fail("--feed_dict is an option of %graph only")
        expr = feed.group(1).strip()
        if len(expr) >= 2 and expr[0] == expr[-1] and expr[0] in "'\"":
            expr = expr[1:-1]
        if not expr:
            raise _Fail("--feed_dict needs a dict, e.g. --feed_dict {x: data}")
        opts.feed_dict = expr
    if opts.depth is not None and opts.depth < 0:
        raise _Fail("--depth must be 0 or more")
    opts.expand = tuple(s for e in opts.expand for s in e.split(",") if s)
    return opts


def _say(prog, message):
    print("%s: %s" % (prog, message), file=sys.stderr)


def _first_line(error):
    if isinstance(error, KeyError) and error.args:
        return str(error.args[0])
    return drawing.first_line(error)


@magics_class
class InterflowMagics(Magics):
    """The notebook magics of interflow."""

    def __init__(self, shell, log):
        super().__init__(shell)
        self.log = log

    # ------------------------------------------------------------------ %graph / %%graph

    @no_var_expand
    @line_cell_magic
    def graph(self, line, cell=None):
        """%graph [fetch ...] [--depth N] [--expand SCOPE] [--values] [--feed_dict EXPR]

        Draws the default graph, or the subgraph the fetches need (Python names or op names).
        --values runs the fetches in the default session and writes each op's value on it.

        %%graph [--depth N] [--expand SCOPE] runs the cell and draws only the ops it added.
        """
        if cell is not None:
            return self._graph_cell(line, cell)
        try:
            return self._graph_line(line)
        except _Fail as e:
            _say("%graph", e)
        except (KeyError, ValueError, TypeError, AssertionError, errors.OpError) as e:
            _say("%graph", _first_line(e))
        return None

    def _graph_line(self, line):
        opts = _parse(_parser("%graph", True), line)
        graph = get_default_graph()
        fetches = []
        for token in opts.fetch:
            fetches.extend(self._resolve(token, graph))
        if opts.values and not fetches:
            raise _Fail("--values runs the fetches: name them, e.g. %graph y --values")
        feed_dict = None
        if opts.feed_dict:
            try:
                feed_dict = self.shell.ev(opts.feed_dict)
            except Exception as e:
                raise _Fail("cannot evaluate --feed_dict %s: %s" % (opts.feed_dict,
                                                                    _first_line(e))) from None
            if not isinstance(feed_dict, dict):
                raise _Fail("--feed_dict must be a dict such as {x: data}, not a %s"
                            % type(feed_dict).__name__)
        if opts.values:
            session = session_stack.get_default_session()
            if session is None:
                raise _Fail("--values runs the fetches in the default session, and there is "
                            "none: create one first, e.g. sess = tf.InteractiveSession()")
            if session.graph is not graph:
                raise _Fail("the default session runs another graph than the default graph "
                            "(run %reset_graph, or close that session)")
        names = python_names(self.shell.user_ns, graph)
        result = drawing.draw(fetches or graph, depth=opts.depth, expand=opts.expand,
                              values=opts.values, feed_dict=feed_dict, aliases=names)
        for note in result.notes:
            _say("%graph", note)
        if not fetches:
            message = cells.duplicate_message(self.log.duplicates(graph), "a cell")
            if message:
                _say("%graph", message)
        return result

    def _resolve(self, token, graph):
        """The graph elements `token` names: a Python name (or a.b) bound to a Tensor,
        Operation, Variable or list of them, else an op or tensor name of the default graph."""
        from interflow.variables import Variable
        found = None
        if _IDENT.match(token):
            head, *rest = token.split(".")
            ns = self.shell.user_ns
            if head in ns:
                obj = ns[head]
                try:
                    for attr in rest:
                        obj = getattr(obj, attr)
                except AttributeError:
                    obj = None
                items = obj if isinstance(obj, (list, tuple)) else [obj]
                if items and all(isinstance(i, (Tensor, Operation, Variable)) for i in items):
                    found = list(items)
                elif obj is not None and not _in_graph(token, graph):
                    raise _Fail("%s is a %s, not a tensor, an op or a Variable"
                                % (token, type(obj).__name__))
        if found is None:
            try:
                found = [graph.as_graph_element(token)]
            except (KeyError, ValueError, TypeError):
                raise _Fail("unknown tensor or op %r: no such Python name in this notebook, nor "
                            "an op of the default graph" % token) from None
        for item in found:
            if item.graph is not graph:
                raise _Fail("%s belongs to an older graph than the default graph (made before "
                            "a reset?): re-run the cell that builds it" % token)
        return found

    def _graph_cell(self, line, cell):
        try:
            opts = _parse(_parser("%%graph", False), line)
        except _Fail as e:
            _say("%%graph", e)
            return None
        graph = get_default_graph()
        start = len(graph.get_operations())
        source = self.log.current_source()
        result = self._run_body(cell)
        if result.error_before_exec is not None or result.error_in_exec is not None:
            return None
        now = get_default_graph()
        if now is not graph:
            graph, start = now, 0
        new = graph.get_operations()[start:]
        if not new:
            _say("%%graph", "the cell added no ops to the default graph")
            return None
        inside = set(new)
        context = []
        for op in new:
            for producer in [t.op for t in op.inputs] + op.control_inputs:
                if producer not in inside and producer not in context:
                    context.append(producer)
        names = python_names(self.shell.user_ns, graph)
        try:
            picture = drawing.draw_ops(new, graph, context=context, depth=opts.depth,
                                       expand=opts.expand, aliases=names)
        except (ValueError, TypeError) as e:
            _say("%%graph", _first_line(e))
            return None
        earlier = self.log.latest(graph, source)
        if earlier is not None:
            message = cells.duplicate_message([(earlier, [op.name for op in new])])
            if message:
                _say("%%graph", message)
        return picture

    def _run_body(self, cell):
        """Runs a cell magic's body as a cell (its output and errors shown as usual)."""
        hook = self.shell.displayhook
        outer = getattr(hook, "exec_result", None)
        self.log.paused += 1
        try:
            result = self.shell.run_cell(cell, store_history=False)
        finally:
            self.log.paused -= 1
            # The inner run detached the outer cell's result: give the magic's value a home.
            if hasattr(hook, "exec_result"):
                hook.exec_result = outer
        if outer is not None:
            # The body's error (already shown) is the cell's: "Run all" stops here as usual.
            if result.error_before_exec is not None:
                outer.error_before_exec = result.error_before_exec
            elif result.error_in_exec is not None:
                outer.error_in_exec = result.error_in_exec
        return result

    # ------------------------------------------------------------------ %%trace

    @no_var_expand
    @cell_magic
    def trace(self, line, cell):
        """%%trace [NAME]: runs the cell inside interflow.notebook.trace() and shows which ops
        every Session.run (and eval/run shortcut) computed; NAME keeps the trace."""
        name = line.strip() or None
        if name is not None and not name.isidentifier():
            _say("%%trace", "%r is not a Python name to keep the trace in (usage: %%%%trace "
                 "[NAME])" % name)
            return None
        result_trace = Trace(namespace=self.shell.user_ns)
        with result_trace:
            result = self._run_body(cell)
        if result.error_before_exec is not None:
            return None
        if name is not None:
            self.shell.user_ns[name] = result_trace
        return result_trace

    # ------------------------------------------------------------------ %reset_graph

    @line_magic
    def reset_graph(self, line):
        """%reset_graph: a new, empty default graph; closes the default InteractiveSession."""
        if line.strip():
            _say("%reset_graph", "takes no arguments")
            return
        from interflow.execution.session import InteractiveSession
        n = len(get_default_graph().get_operations())
        try:
            reset_default_graph()
        except AssertionError as e:
            _say("%reset_graph", _first_line(e))
            return
        closed = 0
        session = session_stack.get_default_session()
        while isinstance(session, InteractiveSession):
            session.close()
            closed += 1
            session = session_stack.get_default_session()
        self.log.clear()
        text = "Reset the default graph (%d op%s removed)" % (n, "" if n == 1 else "s")
        if closed:
            text += " and closed the default InteractiveSession"
        if n:
            text += ". Python names still point at the old graph's tensors: re-run the cells "
            text += "that build the graph"
        print(text + ".")


def _in_graph(token, graph):
    try:
        graph.as_graph_element(token)
        return True
    except (KeyError, ValueError, TypeError):
        return False


def _graph_bundle(graph):
    """The display of a Graph evaluated in a cell: its drawing (never an exception)."""
    try:
        return drawing.draw(graph)._repr_mimebundle_()
    except Exception as e:
        return {"text/plain": "%r\n(could not draw it: %s)" % (graph, _first_line(e))}


def load_ipython_extension(ipython):
    """Registers the magics, the cell log and the drawing of Graphs (no graphviz needed now)."""
    old = _registered.pop(id(ipython), None)
    if old is not None:
        for event, callback in (("pre_run_cell", old.pre_run_cell),
                                ("post_run_cell", old.post_run_cell)):
            try:
                ipython.events.unregister(event, callback)
            except ValueError:
                pass
    log = cells.CellLog()
    _registered[id(ipython)] = log
    ipython.events.register("pre_run_cell", log.pre_run_cell)
    ipython.events.register("post_run_cell", log.post_run_cell)
    ipython.register_magics(InterflowMagics(ipython, log))
    # --- notebook layer part 2: %step and %train (interflow/notebook/step_magics.py) ---
    from interflow.notebook.step_magics import StepperMagics
    ipython.register_magics(StepperMagics(ipython))
    # --- end of part 2 ---
    ipython.display_formatter.mimebundle_formatter.for_type(Graph, _graph_bundle)


def unload_ipython_extension(ipython):
    """Removes the cell log and the Graph drawing (IPython cannot unregister magics)."""
    log = _registered.pop(id(ipython), None)
    if log is not None:
        for event, callback in (("pre_run_cell", log.pre_run_cell),
                                ("post_run_cell", log.post_run_cell)):
            try:
                ipython.events.unregister(event, callback)
            except ValueError:
                pass
    ipython.display_formatter.mimebundle_formatter.pop(Graph, None)
