"""%step and %train (registered by `%load_ext interflow`): open the op stepper on one run, or
the training stepper on a train op. A magic that cannot start prints one line saying why."""

import re

from IPython.core.magic import Magics, line_magic, magics_class

from interflow.framework import errors, session_stack
from interflow.framework.graph import get_default_graph
from interflow.framework.operation import Operation
from interflow.notebook.magics import (InterflowMagics, _Fail, _first_line, _parse, _Parser,
                                      _say, no_var_expand)
from interflow.notebook.stepper import OpStepper, TrainingStepper
from interflow.notebook.widgets import OpStepperView, TrainingStepperView

__all__ = ["StepperMagics"]


_FEED = re.compile(r"(?:^|\s)--feed(?:\s+|=)(.*?)(?=\s--[A-Za-z]|$)")


def _parse_line(parser, line):
    """Options of a %step / %train line; each --feed takes everything up to the next option,
    so its expression may hold spaces (--feed x=batches[step % 4])."""
    feeds = []

    def take(m):
        text = m.group(1).strip()
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            text = text[1:-1]
        feeds.append(text)
        return " "
    opts = _parse(parser, _FEED.sub(take, line))
    opts.feed = feeds
    return opts


def _parser(prog, train):
    p = _Parser(prog=prog, add_help=False, allow_abbrev=False)
    p.add_argument("fetch", nargs="+" if not train else 1)
    if train:
        p.add_argument("--watch", action="append", default=[], metavar="T1,T2")
    p.add_argument("--depth", type=int, metavar="N")
    p.add_argument("--expand", action="append", default=[], metavar="SCOPE")
    return p


@magics_class
class StepperMagics(Magics):
    """%step and %train."""

    _resolve = InterflowMagics._resolve

    @no_var_expand
    @line_magic
    def step(self, line):
        """%step FETCH [FETCH ...] [--feed NAME=EXPR ...] [--depth N] [--expand SCOPE]

        Opens the op stepper on one run of the fetches in the default session: Step, Back,
        Play and a slider walk through the run op by op (the run is real).
        """
        try:
            return self._step(line)
        except _Fail as e:
            _say("%step", e)
        except (KeyError, ValueError, TypeError, errors.OpError) as e:
            _say("%step", _first_line(e))
        return None

    @no_var_expand
    @line_magic
    def train(self, line):
        """%train TRAIN_OP [--feed NAME=EXPR ...] [--watch T1,T2] [--depth N] [--expand SCOPE]

        Opens the training stepper in the default session. Each --feed EXPR is evaluated at
        every step with `step` (0, 1, ...) defined, e.g. --feed X=X_batches[step % 10].
        """
        try:
            return self._train(line)
        except _Fail as e:
            _say("%train", e)
        except (KeyError, ValueError, TypeError, errors.OpError) as e:
            _say("%train", _first_line(e))
        return None

    # ------------------------------------------------------------------ helpers

    def _session(self, graph):
        session = session_stack.get_default_session()
        if session is None:
            raise _Fail("the run needs a default session, and there is none: create one "
                        "first, e.g. sess = tf.InteractiveSession()")
        if session.graph is not graph:
            raise _Fail("the default session runs another graph than the default graph "
                        "(run %reset_graph, or close that session)")
        return session

    def _one(self, token, graph, what):
        found = self._resolve(token, graph)
        if len(found) != 1:
            raise _Fail("%s %s names %d things; give one" % (what, token, len(found)))
        item = found[0]
        if hasattr(item, "_as_graph_element") and not isinstance(item, Operation):
            item = item._as_graph_element()
        return item

    def _feeds(self, specs, graph):
        """[(tensor or None, expression source)] from NAME=EXPR (or a bare dict EXPR)."""
        result = []
        for spec in specs:
            name, eq, expr = spec.partition("=")
            if not eq or not name.strip() or not expr.strip():
                if not eq and spec.strip():
                    result.append((None, spec.strip()))
                    continue
                raise _Fail("--feed takes NAME=EXPR, e.g. --feed x=data (got %r)" % spec)
            target = self._one(name.strip(), graph, "--feed")
            if isinstance(target, Operation):
                if not target.outputs:
                    raise _Fail("--feed %s: the op has no output to feed" % name)
                target = target.outputs[0]
            result.append((target, expr.strip()))
        return result

    def _evaluate(self, source, step=None):
        try:
            if step is None:
                return self.shell.ev(source)
            return eval(compile(source, "<--feed>", "eval"), self.shell.user_ns,
                        {"step": step})
        except Exception as e:
            raise _Fail("cannot evaluate --feed %s: %s" % (source, _first_line(e))) from None

    def _feed_dict(self, feeds, step=None):
        result = {}
        for target, source in feeds:
            value = self._evaluate(source, step)
            if target is None:
                if callable(value) and step is not None:
                    value = value(step)
                if not isinstance(value, dict):
                    raise _Fail("--feed %s must be NAME=EXPR, a dict%s, not a %s"
                                % (source, " or a function of the step" if step is not None
                                   else "", type(value).__name__))
                result.update(value)
            else:
                result[target] = value
        return result

    def _view_options(self, opts):
        return {"depth": opts.depth, "expand": opts.expand}

    # ------------------------------------------------------------------ %step

    def _step(self, line):
        opts = _parse_line(_parser("%step", False), line)
        graph = get_default_graph()
        fetches = []
        for token in opts.fetch:
            fetches.extend(self._resolve(token, graph))
        session = self._session(graph)
        feed_dict = self._feed_dict(self._feeds(opts.feed, graph)) or None
        stepper = OpStepper(fetches if len(fetches) > 1 else fetches[0], feed_dict=feed_dict,
                            session=session)
        stepper._view = OpStepperView(stepper, **self._view_options(opts))
        return stepper

    # ------------------------------------------------------------------ %train

    def _train(self, line):
        opts = _parse_line(_parser("%train", True), line)
        graph = get_default_graph()
        train_op = self._one(opts.fetch[0], graph, "TRAIN_OP")
        session = self._session(graph)
        watch = []
        for spec in opts.watch:
            for token in spec.split(","):
                if token.strip():
                    watch.append(self._one(token.strip(), graph, "--watch"))
        feeds = self._feeds(opts.feed, graph)
        if not feeds:
            feed_dict = None
        else:
            self._feed_dict(feeds, 0)  # fail now, with one line, rather than at step 1

            def feed_dict(step):
                return self._feed_dict(feeds, step)
        stepper = TrainingStepper(train_op, feed_dict=feed_dict, watch=watch, session=session)
        stepper._view = TrainingStepperView(stepper, **self._view_options(opts))
        return stepper
