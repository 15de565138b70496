"""The ipywidgets views of the steppers: OpStepperView (Step, Back, Play and a slider over one
run; the current op highlighted, values on the nodes and beside the graph) and
TrainingStepperView (Step, Run N, Play, Reset; the ops coloured by phase, the watched tensors
before and after the step, the loss curve). Standard controls only (Button, Play, IntSlider,
HTML), so they work in JupyterLab, Notebook 7, VS Code and Voila without a front-end build.

Beside each widget, a plain image/svg+xml output holds the last state, kept up to date while
the widget lives and hidden by the widget's CSS; a saved notebook shows it where no widget
state was saved (nbconvert, GitHub, a reopened notebook).
"""

import html
import math

import numpy as np

from interflow.notebook import drawing, subgraph, values as values_lib
from interflow.notebook.graph_view import (MAX_WIDTH, GraphView, display_view, fit_text,
                                           reserve_text)

__all__ = ["OpStepperView", "TrainingStepperView", "display_view", "loss_curve_svg",
           "PHASE_COLOURS"]

PHASE_COLOURS = {"forward": ("#d6e6fa", "#2f6db5", "forward pass"),
                 "gradient": ("#fbdede", "#b03030", "gradients"),
                 "update": ("#d8f0d8", "#2e7d32", "updates")}
_LISTED = 40            # computed values listed in the side panel


def _esc(text):
    return html.escape(str(text), quote=True)


def _first_line(error):
    return drawing.first_line(error)


class OpStepperView(GraphView):
    """Step / Back / Play and a slider over an OpStepper; the current op highlighted, the
    computed values written on the nodes and listed beside the graph.

    Args:
      stepper: the OpStepper.
      depth, expand: as for draw(): scope levels drawn open, scopes to open. The current op's
        scope is opened when it is collapsed (the only time the layout changes).
      aliases: {op name: Python name} shown beside op names (default: the notebook's names).
      interval: milliseconds between ops while playing.
    """

    def __init__(self, stepper, depth=None, expand=(), aliases=None, interval=700):
        fed = {t: v for t, v in stepper.fed.items()}
        super().__init__(stepper.graph, subgraph.needed_ops(stepper.elements, fed),
                         depth, expand, aliases)
        self.stepper = stepper
        self.interval = interval
        self._syncing = False
        self._variables = {op.name for op in self.all_ops
                           if op.type in ("VariableV2", "Variable")}
        if stepper.error is not None and not stepper.executed:
            self.error_text = self._error_message(stepper.error)

    def _dot_options(self):
        s = self.stepper
        texts = {op.name: reserve_text(op) for op in s.ops}
        for name in self._variables:
            texts[name] = reserve_text(self.graph.get_operation_by_name(name))
        for t, v in s.fed.items():
            texts[t.op.name] = values_lib.format_value(v)
        notes = []
        if s.missing:
            notes.append(self._error_message(s.error))
        return {"values": texts, "fed_ops": {t.op.name for t in s.fed},
                "missing": list(s.missing), "notes": notes}

    def _reserved(self):
        return set(self.stepper.order) | self._variables

    def _error_message(self, error):
        if self.stepper.missing:
            names = ", ".join(self.aliases.get(n, n) for n in self.stepper.missing)
            return ("Nothing can run: placeholder%s %s not fed. The run would raise "
                    "InvalidArgumentError: %s" % ("s" if len(self.stepper.missing) > 1 else "",
                                                  names, _first_line(error)))
        return "%s: %s" % (type(error).__name__, _first_line(error))

    # ------------------------------------------------------------------ building

    def _build(self, w):
        s = self.stepper
        n = len(s.order)
        self._header = w.HTML(self._style() + self._title())
        self._back = w.Button(description="Back", icon="step-backward",
                              tooltip="Show the state before the current op",
                              layout=w.Layout(width="90px"))
        self._step = w.Button(description="Step", icon="step-forward",
                              tooltip="Run the next op", button_style="primary",
                              layout=w.Layout(width="90px"))
        self._play = w.Play(value=0, min=0, max=max(n, 1), step=1, interval=self.interval,
                            show_repeat=False, description="Play",
                            tooltip="Run the ops one after the other")
        self._slider = w.IntSlider(value=0, min=0, max=max(n, 1), step=1,
                                   description="ops run", continuous_update=False,
                                   layout=w.Layout(width="360px"))
        w.jslink((self._play, "value"), (self._slider, "value"))
        self._status = w.HTML("")
        self._status.add_class(self.prefix + "-status")
        self._error = w.HTML("")
        self._panel = w.HTML("")
        self._panel.add_class(self.prefix + "-panel")
        self._panel.layout = w.Layout(width="330px", max_height="78vh", overflow="auto",
                                      flex="0 0 auto")
        for button in (self._back, self._step, self._play, self._slider):
            button.disabled = s._run is None or n == 0
        self._back.on_click(lambda _: self._act(lambda: s.back()))
        self._step.on_click(lambda _: self._act(lambda: s.step()))
        self._slider.observe(self._on_slider, names="value")
        self._play.observe(self._on_playing, names="playing")
        controls = w.HBox([self._back, self._step, self._play, self._slider],
                          layout=w.Layout(flex_flow="row wrap", align_items="center"))
        body = w.HBox([self._stack(w), self._panel],
                      layout=w.Layout(flex_flow="row wrap", align_items="flex-start"))
        box = w.VBox([self._header, controls, self._status, self._error, body])
        box.add_class(self.prefix)
        return box

    def _title(self):
        names = [self.aliases.get(e.name if hasattr(e, "type") else e.op.name, e.name)
                 for e in self.stepper.elements]
        return ("<b>Stepping through one run of %s</b> <span style='color:#666'>"
                "(%d ops; the run is real: each op runs in the session when first stepped "
                "over, Back only rewinds this view)</span>"
                % (_esc(", ".join(names)), len(self.stepper.order)))

    # ------------------------------------------------------------------ events

    def _on_slider(self, change):
        if not self._syncing:
            self._act(lambda: self.stepper.seek(change["new"]))

    def _on_playing(self, change):
        if not change["new"]:
            self.update_snapshot()

    def _sync_controls(self):
        s = self.stepper
        self._syncing = True
        try:
            if self._slider.value != s.position:
                self._slider.value = s.position
                self._play.value = s.position
        finally:
            self._syncing = False
        self._back.disabled = s.position == 0
        self._step.disabled = s.done or s._run is None

    # ------------------------------------------------------------------ state

    def refresh(self):
        """Restyles the picture and rewrites the panel for the stepper's position."""
        s = self.stepper
        d = self.follow(s.current)
        css, texts = self.state()
        if self._widget is not None:
            self._overlay.value = d.picture.overlay(
                texts, css + self._text_css(), d.picture.size(MAX_WIDTH))
            self._panel.value = self._panel_html()
            # Last: the front-end applies updates in order, so a new status means all is shown.
            self._status.value = "<b>%s</b>" % _esc(self.status())

    def _text_css(self):
        p = self.prefix
        return (".%(p)s text.v-cur { fill: #bf360c; font-weight: bold; }"
                ".%(p)s text.v-val { fill: #1a237e; }"
                ".%(p)s text.v-var { fill: #8d4b00; }"
                "text.v-cur { fill: #bf360c; font-weight: bold; } text.v-val { fill: #1a237e; }"
                " text.v-var { fill: #8d4b00; }" % {"p": p})

    def status(self):
        s = self.stepper
        n = len(s.order)
        if s._run is None:
            return "Not run: a placeholder is not fed."
        if s.failed is not None and s.position == s.executed:
            return "op %d of %d failed: %s" % (s.position + 1, n, s.failed)
        if s.done:
            return "done: all %d ops ran; the run's result: %s" % (
                n, values_lib.format_value(_first_value(s.result)).replace("\n", " "))
        if s.position == 0:
            nxt = s.next_op
            return "before the first op (%d to run%s)" % (
                n, "; next: %s (%s)" % (nxt.name, nxt.type) if nxt else "")
        op = s.current_op
        return "op %d of %d: %s (%s)" % (s.position, n, op.name, op.type)

    def state(self):
        s = self.stepper
        d = self.drawn()
        pic = d.picture
        done_names = s.order[:s.position]
        pending = s.order[s.position:]
        done_nodes = {d.node(n) for n in done_names}
        pending_nodes = {d.node(n) for n in pending} - done_nodes
        current = s.current
        css = [pic.rule(pending_nodes, "opacity: 0.35")]
        nxt = s.next_op
        if nxt is not None and s._run is not None:
            css.append(pic.shape_rule([d.node(nxt.name)],
                                      "stroke: #ff9800; stroke-dasharray: 4,2; "
                                      "stroke-width: 2px"))
        if current is not None:
            node = d.node(current)
            css.append(pic.shape_rule([node], "stroke: #e65100; stroke-width: 4px"))
            css.append(pic.rule([node], "filter: drop-shadow(0 0 4px #ff9800)"))
        if s.failed is not None and s.position == s.executed:
            css.append(pic.shape_rule([d.node(s.failed)], "stroke: #c00000; stroke-width: 4px;"
                                      " fill: #ffd6d6"))
        css.append(pic.edge_rule(lambda src, dst: src in pending_nodes, "opacity: 0.25"))
        values = s.values
        texts = {}
        for name in done_names:
            if d.shows(name):
                op = s.ops[s._index[name]]
                outputs = [values.get(t.name) for t in op.outputs]
                text = fit_text(outputs, len(pic.slots.get(name, ()))) if outputs else ""
                texts[name] = (text, "v-cur" if name == current else "v-val")
        variables = s.variables
        for name in self._variables:
            if name in variables and d.shows(name):
                texts[name] = (fit_text([variables[name]], len(pic.slots.get(name, ()))),
                               "v-cur" if name == current else "v-var")
        return "".join(css), texts

    def _panel_html(self):
        s = self.stepper
        rows = []
        if s.current is not None:
            op = s.current_op
            values = s.values
            outputs = [values.get(t.name) for t in op.outputs]
            rows.append("<div><b>current op</b>: %s <span style='color:#666'>(%s)</span>"
                        "<pre>%s</pre></div>"
                        % (_esc(op.name), _esc(op.type),
                           _esc(values_lib.format_outputs(outputs) or "(no output)")))
        variables = s.variables
        if variables:
            before = {}
            if s.position:
                before = dict(s._start_variables)
                for _, changed in s._records[:s.position - 1]:
                    before.update(changed)
            items = []
            for name, value in variables.items():
                changed = s.position and name in before and not _same(before[name], value)
                items.append("<tr><td>%s%s</td><td><pre>%s</pre></td></tr>"
                             % (_esc(name), " <b style='color:#bf360c'>changed</b>"
                                if changed else "", _esc(values_lib.format_value(value))))
            rows.append("<div><b>variables</b> (as at this point of the run)"
                        "<table>%s</table></div>" % "".join(items))
        values = s.values
        listed = []
        for name in reversed(s.order[:s.position]):
            op = s.ops[s._index[name]]
            for t in op.outputs:
                if t.name in values:
                    listed.append((t.name, values[t.name], name == s.current))
            if len(listed) >= _LISTED:
                break
        fed = [(t.name, v, False) for t, v in s.fed.items()]
        items = "".join("<tr%s><td>%s</td><td><pre>%s</pre></td></tr>"
                        % (" style='background:#fff3e0'" if cur else "", _esc(name),
                           _esc(values_lib.format_value(v))) for name, v, cur in listed + fed)
        rows.append("<div><b>computed so far</b> (latest first)<table class='values'>%s"
                    "</table></div>" % (items or "<tr><td>nothing yet</td></tr>"))
        return "".join(rows)


def _first_value(result):
    while isinstance(result, (list, tuple)) and result:
        result = result[0]
    if isinstance(result, dict) and result:
        return _first_value(next(iter(result.values())))
    return result


def _same(a, b):
    try:
        return np.array_equal(a, b)
    except Exception:
        return a is b


# ---------------------------------------------------------------------------- training

def loss_curve_svg(values, width=330, height=170, title="loss"):
    """A small SVG line chart of `values` (one per step)."""
    pts = [(i + 1, float(v)) for i, v in enumerate(values)
           if v is not None and np.size(v) == 1 and math.isfinite(float(np.asarray(v)))]
    head = ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
            'viewBox="0 0 %d %d" class="interflow-loss-curve">' % (width, height, width, height))
    label = ('<text x="6" y="14" font-size="12" font-family="sans-serif" font-weight="bold">'
             '%s</text>' % _esc(title))
    if len(pts) < 2:
        return (head + label + '<text x="6" y="40" font-size="11" font-family="sans-serif" '
                'fill="#666">%s</text></svg>'
                % ("the curve starts after two steps" if values else "no step yet"))
    left, right, top, bottom = 52, width - 10, 24, height - 22
    ys = [y for _, y in pts]
    lo, hi = min(ys), max(ys)
    log = lo > 0 and hi / lo > 1000
    f = (lambda y: math.log10(y)) if log else (lambda y: y)
    flo, fhi = f(lo), f(hi)
    if fhi == flo:
        fhi, flo = fhi + 1, flo - 1
    n = pts[-1][0]
    stride = max(1, len(pts) // 600)
    sample = pts[::stride] + ([pts[-1]] if (len(pts) - 1) % stride else [])

    def xy(x, y):
        px = left + (right - left) * ((x - 1) / max(n - 1, 1))
        py = bottom - (bottom - top) * ((f(y) - flo) / (fhi - flo))
        return "%.1f,%.1f" % (px, py)
    line = " ".join(xy(x, y) for x, y in sample)
    axis = ('<polyline points="%d,%d %d,%d %d,%d" fill="none" stroke="#888"/>'
            % (left, top, left, bottom, right, bottom))
    ticks = "".join('<text x="%d" y="%.1f" font-size="10" font-family="sans-serif" '
                    'text-anchor="end" fill="#444">%s</text>'
                    % (left - 4, y + 3, _esc(values_lib.format_value(v)))
                    for y, v in ((top, hi), (bottom, lo)))
    steps = ('<text x="%d" y="%d" font-size="10" font-family="sans-serif" fill="#444">1</text>'
             '<text x="%d" y="%d" font-size="10" font-family="sans-serif" text-anchor="end" '
             'fill="#444">step %d</text>' % (left, height - 6, right, height - 6, n))
    last = ('<text x="%d" y="14" font-size="11" font-family="sans-serif" text-anchor="end" '
            'fill="#1a237e">last: %s%s</text>'
            % (right, _esc(values_lib.format_value(pts[-1][1])), " (log scale)" if log else ""))
    return (head + label + last + axis + ticks + steps +
            '<polyline points="%s" fill="none" stroke="#1565c0" stroke-width="1.6"/></svg>'
            % line)


class TrainingStepperView(GraphView):
    """Step / Run N / Play / Pause / Reset over a TrainingStepper: the step's ops coloured by
    phase, the watched tensors before and after the last step, and the loss curve.

    Args:
      stepper: the TrainingStepper.
      depth, expand: as for draw().
      aliases: {op name: Python name} shown beside op names (default: the notebook's names).
      interval: milliseconds between steps while playing.
    """

    def __init__(self, stepper, depth=None, expand=(), aliases=None, interval=300):
        super().__init__(stepper.graph, stepper.ops, depth, expand, aliases)
        self.stepper = stepper
        self.interval = interval
        self._syncing = False
        self.curve_tensor = None
        names = [t.name for t in stepper.watch]
        if stepper.loss is not None and stepper.loss.name in names:
            self.curve_tensor = stepper.loss.name
        else:
            for t in stepper.watch:
                if t.shape.ndims == 0:
                    self.curve_tensor = t.name
                    break

    def _dot_options(self):
        # The phase colours replace the kinds' fills: the kinds' legend would contradict them.
        return {"notes": [], "legend": False}

    # ------------------------------------------------------------------ building

    def _build(self, w):
        s = self.stepper
        self._header = w.HTML(self._style() + self._title())
        self._step = w.Button(description="Step", icon="step-forward", button_style="primary",
                              tooltip="Run one training step", layout=w.Layout(width="90px"))
        self._n = w.BoundedIntText(value=10, min=1, max=100000, layout=w.Layout(width="80px"))
        self._run_n = w.Button(description="Run N", icon="forward",
                               tooltip="Run N training steps", layout=w.Layout(width="90px"))
        self._play = w.Play(value=0, min=0, max=10 ** 9, step=1, interval=self.interval,
                            show_repeat=False, description="Play",
                            tooltip="Keep training, one step per tick")
        self._reset = w.Button(description="Reset", icon="undo", button_style="warning",
                               tooltip="Run the variables' initializers again",
                               layout=w.Layout(width="90px"))
        self._status = w.HTML("")
        self._status.add_class(self.prefix + "-status")
        self._error = w.HTML("")
        self._watched = w.HTML("")
        self._watched.add_class(self.prefix + "-panel")
        self._curve = w.HTML("")
        self._curve.add_class(self.prefix + "-curve")
        legend = "".join(
            "<span style='display:inline-block;margin-right:10px'><span style='display:"
            "inline-block;width:12px;height:12px;background:%s;border:1px solid %s;"
            "vertical-align:middle'></span> %s</span>" % (fill, stroke, _esc(label))
            for fill, stroke, label in PHASE_COLOURS.values())
        self._legend = w.HTML("<div style='font-size:12px'>%s</div>" % legend)
        self._step.on_click(lambda _: self._act(lambda: s.step()))
        self._run_n.on_click(lambda _: self._act(lambda: s.step(self._n.value)))
        self._reset.on_click(lambda _: self._act(self._do_reset))
        self._play.observe(self._on_play, names="value")
        self._play.observe(self._on_playing, names="playing")
        controls = w.HBox([self._step, self._n, self._run_n, self._play, self._reset],
                          layout=w.Layout(flex_flow="row wrap", align_items="center"))
        side = w.VBox([self._curve, self._watched],
                      layout=w.Layout(width="350px", flex="0 0 auto"))
        body = w.HBox([self._stack(w), side],
                      layout=w.Layout(flex_flow="row wrap", align_items="flex-start"))
        box = w.VBox([self._header, controls, self._status, self._error, body, self._legend])
        box.add_class(self.prefix)
        return box

    def _title(self):
        s = self.stepper
        name = self.aliases.get(s.train_op.name, s.train_op.name)
        return ("<b>Training step by step: %s</b> <span style='color:#666'>(each step is one "
                "sess.run(%s%s): forward pass, gradients, updates)</span>"
                % (_esc(name), _esc(name), ", feed_dict=..." if s.feed_dict is not None else ""))

    # ------------------------------------------------------------------ events

    def _do_reset(self):
        self._play.playing = False
        self.stepper.reset()
        self._syncing = True
        try:
            self._play.value = 0
        finally:
            self._syncing = False

    def _error_message(self, error):
        text = "Step %d failed: %s: %s" % (self.stepper.steps + 1, type(error).__name__,
                                           _first_line(error))
        if "not initialized" in text or "uninitialized" in text:
            text += " (Reset runs the initializers)"
        return text

    def _on_play(self, change):
        if not self._syncing and change["new"] > change["old"] and self._play.playing:
            self._act(lambda: self.stepper.step())

    def _on_playing(self, change):
        if not change["new"]:
            self.update_snapshot()

    # ------------------------------------------------------------------ state

    def status(self):
        s = self.stepper
        text = "%d step%s run" % (s.steps, "" if s.steps == 1 else "s")
        if self.curve_tensor and s.history.get(self.curve_tensor):
            text += "; %s = %s" % (self._label(self.curve_tensor), values_lib.format_value(
                s.history[self.curve_tensor][-1]).replace("\n", " "))
        return text

    def _label(self, tensor_name):
        op_name, _, index = tensor_name.rpartition(":")
        return self.aliases.get(op_name, op_name) if index == "0" else tensor_name

    def state(self):
        s = self.stepper
        d = self.drawn()
        pic = d.picture
        by_node = {}
        for name, phase in s.phases.items():
            by_node.setdefault(d.node(name), set()).add(phase)
        css = []
        for phase, (fill, stroke, _) in PHASE_COLOURS.items():
            nodes = [node for node, phases in by_node.items() if phases == {phase}]
            css.append(pic.shape_rule(nodes, "fill: %s; stroke: %s" % (fill, stroke)))
        last = s.last
        if last is not None and last.failed is not None:
            css.append(pic.shape_rule([d.node(last.failed)],
                                      "fill: #ffd6d6; stroke: #c00000; stroke-width: 4px"))
        return "".join(css), {}

    def refresh(self):
        if self._widget is None:
            return
        s = self.stepper
        d = self.drawn()
        if s.last is not None and s.last.failed is not None:
            d = self.follow(s.last.failed)
        css, texts = self.state()
        self._overlay.value = d.picture.overlay(texts, css, d.picture.size(MAX_WIDTH))
        title = "loss curve"
        values = []
        if self.curve_tensor is not None:
            title = "%s by step" % self._label(self.curve_tensor)
            values = s.history.get(self.curve_tensor, [])
        self._curve.value = loss_curve_svg(values, title=title) if self.curve_tensor else (
            "<i>No loss to plot: watch a scalar tensor (watch=[loss]).</i>")
        self._watched.value = self._watched_html()
        self._status.value = "<b>%s</b>" % _esc(self.status())   # last, as for the op stepper

    def _watched_html(self):
        s = self.stepper
        last = s.last
        if not s.watch:
            return "<i>Nothing watched.</i>"
        try:
            after = s.after_values() if last is not None and last.error is None else {}
        except Exception as e:
            after = {}
            self.set_error("Evaluating the watched tensors after the step failed: %s"
                           % _first_line(e))
        rows = []
        done = last is not None and last.error is None
        for t in s.watch:
            label = self.aliases.get(t.op.name, t.op.name)
            before = last.before.get(t.name) if done else None
            now = after.get(t.name) if done else None
            rows.append("<tr><td>%s</td><td><pre>%s</pre></td><td><pre>%s</pre></td></tr>"
                        % (_esc(label), _esc(values_lib.format_value(before)) if done else "",
                           _esc(values_lib.format_value(now)) if now is not None else
                           ("" if not done else "—")))
        # Steps count from 1 here, as in the status ("1 step run") and the loss curve.
        head = ("<tr><th>watched</th><th>before step %d</th><th>after</th></tr>"
                % (last.index + 1) if done else
                "<tr><th>watched</th><th>before</th><th>after</th></tr>")
        return "<table>%s%s</table>" % (head, "".join(rows))
