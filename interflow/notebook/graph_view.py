"""The restyled graph both stepper views share: laid out once per set of open scopes, shown as
two stacked HTML widgets (the SVG, set once per layout, and a transparent overlay with the
step's CSS and the values written on the nodes, set every step), plus the image/svg+xml
snapshot a saved notebook keeps. Standard ipywidgets only, imported when first shown.
"""

import html
import uuid

import numpy as np

from interflow.notebook import drawing, render, scopes, values as values_lib
from interflow.notebook.picture import Picture

__all__ = ["GraphView", "display_view", "fit_text", "reserve_text", "MAX_WIDTH"]

MAX_WIDTH = 620         # points; wider pictures shrink (down to 60%), then scroll
_NO_DOT = ("Graphviz's dot program was not found, so the graph is not drawn (the controls and "
           "values work): install Graphviz (apt-get install graphviz, brew install graphviz or "
           "conda install graphviz) and open the stepper again.")


def _esc(text):
    return html.escape(str(text), quote=True)


def _aliases():
    """{op name: Python name} from the running IPython's namespace (empty outside IPython)."""
    try:
        from IPython import get_ipython
        from interflow.notebook.trace import python_names
    except ImportError:
        return {}
    shell = get_ipython()
    return python_names(shell.user_ns) if shell is not None else {}


def display_view(view):
    """Shows `view`: its widget and the static SVG that a saved notebook keeps."""
    from IPython.display import display
    try:
        widget = view.widget
    except ImportError as e:
        display(view.snapshot_bundle(note=str(e)), raw=True)
        return
    display(widget)
    display(view.snapshot_bundle(), raw=True, display_id=view.snapshot_id)
    view.shown = True


def _first_line(error):
    return drawing.first_line(error)


def reserve_text(op):
    """Text as wide and tall as the values `op` will probably show (from static shapes)."""
    texts = []
    for t in op.outputs:
        dtype = t.dtype.base_dtype
        dims = t.shape.as_list() if t.shape.ndims is not None else None
        known = dims is not None and all(d is not None for d in dims)
        size = int(np.prod(dims)) if known else values_lib.SMALL + 1
        if size > values_lib.SMALL:
            texts.append("%s %s\nmin -0.1234 mean -0.1234 max -0.1234"
                         % (values_lib.shape_text(t.shape), dtype.name))
            continue
        try:
            if dtype.name == "string":
                fake = np.full(dims, b"abcdefgh", dtype=object)
            elif dtype.is_floating:
                fake = np.full(dims, -0.1234, dtype=dtype.as_numpy_dtype)
            elif dtype.is_bool:
                fake = np.full(dims, False)
            else:
                fake = np.full(dims, -1234, dtype=dtype.as_numpy_dtype)
            texts.append(values_lib.format_value(fake))
        except Exception:  # an exotic dtype: any reasonable width will do
            texts.append("-0.1234")
    if len(texts) <= 1:
        return texts[0] if texts else ""
    return "\n".join("%d: %s" % (i, text) for i, text in enumerate(texts))


def _summary(value):
    """'3×1 float32' and 'min .. mean .. max ..': two lines whatever the value's size."""
    arr = np.asarray(value)
    head = "%s %s" % (values_lib.shape_text(arr.shape), arr.dtype.name)
    if arr.size and np.issubdtype(arr.dtype, np.number) and arr.dtype != bool:
        finite = arr[np.isfinite(arr)] if np.issubdtype(arr.dtype, np.floating) else arr
        if finite.size:
            return "%s\nmin %s mean %s max %s" % (
                head, values_lib._num(finite.min()), values_lib._num(finite.mean()),
                values_lib._num(finite.max()))
    return head


def fit_text(outputs, lines):
    """The values of one op's outputs written in at most `lines` lines (the space its node
    kept for them): in full when they fit, else as shape and min/mean/max."""
    text = values_lib.format_outputs(outputs)
    lines = max(1, lines)
    if text.count("\n") < lines:
        return text
    if len(outputs) == 1:
        short = _summary(outputs[0])
    else:
        short = "\n".join("%d: %s" % (i, _summary(v).split("\n")[0])
                           for i, v in enumerate(outputs))
    return "\n".join(short.split("\n")[:lines])


class _NoPicture:
    """Stands for the picture when dot is missing or failed: styles nothing, says why."""

    node_ids = centres = slots = {}
    edges = ()

    def __init__(self, message):
        self.message = message
        self.base = "<div style='color:#b00020'>%s</div>" % _esc(message)

    def size(self, *args, **kwargs):
        return None

    def sized(self, svg, size):
        return svg

    def rule(self, *args, **kwargs):
        return ""

    shape_rule = edge_rule = selector = rule

    def overlay(self, *args, **kwargs):
        return ""

    def standalone(self, *args, **kwargs):
        raise drawing.DotMissing(self.message)


class _Drawn:
    """One layout of the view's ops: its Picture and where each op is drawn."""

    def __init__(self, picture, lay):
        self.picture = picture
        self.node_of = {op.name: node for op, node in lay.node_of.items()}
        self.scope_of = {op.name: scope for op, scope in lay.scope_of.items()}

    def shows(self, name):
        return self.node_of.get(name) == name and name in self.picture.node_ids

    def node(self, name):
        return self.node_of.get(name, name)


class GraphView:
    """What both views share: drawings per expanded scope, the stacked picture widgets, the
    error line and the saved-notebook snapshot."""

    def __init__(self, graph, ops, depth, expand, aliases):
        self.graph = graph
        self.all_ops = list(ops)
        self.depth = depth
        self.expand = tuple([expand] if isinstance(expand, str) else expand)
        self.aliases = _aliases() if aliases is None else dict(aliases)
        self.prefix = "ifs" + uuid.uuid4().hex[:10]
        self.snapshot_id = "interflow-snapshot-" + self.prefix
        self.shown = False
        self._drawings = {}
        self._key = self.expand
        self._widget = None
        self.error_text = ""

    # ------------------------------------------------------------------ drawings

    def _dot_options(self):
        return {}

    def _reserved(self):
        return ()

    def drawn(self, key=None):
        key = self._key if key is None else key
        d = self._drawings.get(key)
        if d is None:
            options = self._dot_options()
            dot = render.to_dot(self.all_ops, graph_ops=self.graph.get_operations(),
                                depth=self.depth, expand=key, aliases=self.aliases, **options)
            lay = scopes.layout(self.all_ops, self.depth, tuple(key))
            try:
                svg = drawing.dot_to_svg(dot, options.get("notes"))
            except drawing.DotMissing:
                picture = _NoPicture(_NO_DOT)     # the controls and panels still work
            except RuntimeError as e:
                picture = _NoPicture("The graph could not be drawn (%s)." % e)
            else:
                picture = Picture(svg, "%s-%d" % (self.prefix, len(self._drawings)),
                                  reserved=self._reserved())
            d = self._drawings[key] = _Drawn(picture, lay)
        return d

    def follow(self, name):
        """Switches to a layout with `name`'s scope open when the present one hides it."""
        d = self.drawn()
        if name is None or d.shows(name) or name not in d.node_of:
            return d
        scope = d.scope_of.get(name, "")
        if not scope:
            return d
        key = self.expand + (scope,)
        candidate = self.drawn(key)
        if candidate.shows(name):
            self._key = key
            if self._widget is not None:
                self._base.value = self._base_svg(candidate)
            return candidate
        return d

    def _base_svg(self, d):
        return d.picture.sized(d.picture.base, d.picture.size(MAX_WIDTH))

    # ------------------------------------------------------------------ widgets

    def _style(self):
        p = self.prefix
        marker = "ifsnap-" + p
        return (
            "<style>"
            ".%(p)s-stack { position: relative; overflow: auto; max-height: 78vh; "
            "max-width: 100%%; flex: 0 1 auto; align-self: flex-start; }"
            ".%(p)s-stack > .jupyter-widgets { margin: 0 !important; }"
            ".%(p)s-stack .widget-html-content { line-height: normal; }"
            ".%(p)s-stack svg { display: block; }"
            ".%(p)s-overlay { position: absolute !important; left: 0; top: 0; "
            "pointer-events: none; }"
            ".%(p)s-panel { font-size: 12px; }"
            ".%(p)s-panel table { border-collapse: collapse; }"
            ".%(p)s-panel td, .%(p)s-panel th { padding: 1px 6px; vertical-align: top; "
            "text-align: left; }"
            ".%(p)s-panel pre { margin: 0; font-size: 11px; white-space: pre; "
            "line-height: 1.3; }"
            ".%(p)s-panel .widget-html-content { line-height: 1.4; }"
            ".%(p)s-error { color: #b00020; }"
            # The snapshot for saved notebooks is not needed while the widget is live.
            ".jp-OutputArea-child:has(img[src*='%(m)s']), .output_area:has(img[src*='%(m)s']),"
            " img[src*='%(m)s'] { display: none !important; }"
            "</style>" % {"p": p, "m": marker})

    def _stack(self, ipywidgets):
        d = self.drawn()
        self._base = ipywidgets.HTML(self._base_svg(d))
        self._overlay = ipywidgets.HTML("")
        self._overlay.add_class(self.prefix + "-overlay")
        stack = ipywidgets.Box([self._base, self._overlay])
        stack.add_class(self.prefix + "-stack")
        return stack

    def set_error(self, text):
        self.error_text = text or ""
        if self._widget is not None:
            self._error.value = ('<div class="%s-error"><b>%s</b></div>'
                                 % (self.prefix, _esc(text).replace("\n", "<br>"))
                                 if text else "")

    @property
    def widget(self):
        """The ipywidgets view (built on first use; ImportError without ipywidgets)."""
        if self._widget is None:
            import ipywidgets
            self._widget = self._build(ipywidgets)
            self.set_error(self.error_text)
            self.refresh()
            self.stepper.observe(self._changed)
        return self._widget

    def _changed(self, stepper):
        """The stepper moved (a button, or code in another cell): show where it is now."""
        self._sync_controls()
        self.refresh()
        if not self._play.playing:
            self.update_snapshot()

    def _sync_controls(self):
        pass

    def _act(self, action):
        self.set_error("")
        try:
            action()
        except Exception as e:
            self._play.playing = False
            self.set_error(self._error_message(e))
            self.update_snapshot()

    def _ipython_display_(self):
        display_view(self)

    # ------------------------------------------------------------------ snapshot

    def state(self):
        """(css, {node name: (text, class)}) of the present state, for the current layout."""
        raise NotImplementedError

    def status(self):
        raise NotImplementedError

    def snapshot_svg(self):
        """The present state as one standalone SVG (what a saved notebook shows)."""
        d = self.drawn()
        css, texts = self.state()
        svg = d.picture.standalone(texts, css + self._text_css(), marker="ifsnap-" + self.prefix)
        return d.picture.sized(svg, d.picture.size(MAX_WIDTH))

    def _text_css(self):
        return ""

    def snapshot_bundle(self, note=None):
        text = self.status() + ("\n" + self.error_text if self.error_text else "")
        if note:
            text += "\n" + note
        try:
            return {"image/svg+xml": self.snapshot_svg(), "text/plain": text}
        except Exception as e:  # no dot: the text is all there is
            return {"text/plain": "%s\n(%s)" % (text, _first_line(e))}

    def update_snapshot(self):
        if not self.shown:
            return
        from IPython.display import update_display
        update_display(self.snapshot_bundle(), raw=True, display_id=self.snapshot_id)
