"""Graph -> DOT source, a pure function (no graphviz needed): ops are nodes labelled with name and
type, edges carry shape and dtype, control dependencies are dashed, name scopes are clusters
(collapsed into one box past a few dozen nodes), and a legend names the kinds of node."""

from collections import deque

from interflow.notebook import kinds, scopes, values as values_lib

__all__ = ["to_dot", "tensor_label", "MAX_NODES"]

# Past this many nodes even collapsed, dot's layout gets slow and the picture unreadable: the
# nodes farthest from the graph's results are left out (and the caption says how many).
MAX_NODES = 300
# Past this many edges, edge labels become `xlabel`s (placed after layout instead of taking
# part in it) and dot's network simplex is cut short: a 1,000-op training graph then lays out
# in well under a second instead of fifteen.
FAST_LAYOUT_EDGES = 60

_HEADER = """digraph interflow {
  graph [rankdir=TB, bgcolor="white", fontname="Helvetica,Arial,sans-serif", fontsize=10,
         nodesep=0.25, ranksep=0.35, labelloc=b, labeljust=l, newrank=true];
  node [fontname="Helvetica,Arial,sans-serif", fontsize=10, height=0.3, margin="0.08,0.03"];
  edge [fontname="Helvetica,Arial,sans-serif", fontsize=8, fontcolor="#555555",
        color="#6b6b6b", arrowsize=0.6];
"""


def _q(text):
    """A DOT double-quoted string."""
    return '"%s"' % str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _h(text):
    """Text for an HTML-like label."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _attrs(attrs):
    parts = []
    for key, value in attrs.items():
        if isinstance(value, _Html):
            parts.append("%s=<%s>" % (key, value))
        else:
            parts.append("%s=%s" % (key, _q(value)))
    return "[" + ", ".join(parts) + "]"


class _Html(str):
    """An HTML-like label value (written between < >)."""


def tensor_label(tensor):
    """'?×3 float32' (and 'out 1: ...' for an op's second output)."""
    text = "%s %s" % (values_lib.shape_text(tensor.shape), tensor.dtype.name)
    if tensor.value_index:
        text = "out %d: %s" % (tensor.value_index, text)
    return text


def _relative(name, scope):
    if scope and name.startswith(scope + "/"):
        return name[len(scope) + 1:]
    if name == scope:
        return name.rsplit("/", 1)[-1]
    return name


def _lines(text):
    return '<br align="left"/>'.join(_h(line) for line in text.split("\n")) + \
        ('<br align="left"/>' if "\n" in text else "")


class _Dot:
    """The options of one drawing and the DOT text being written."""

    def __init__(self, ops, context, graph_ops, opts):
        self.ops = ops
        self.context = context
        self.opts = opts
        self.opt_scopes = kinds.optimizer_scopes(graph_ops)
        self.kind = {op: kinds.classify(op, self.opt_scopes) for op in list(ops) + list(context)}
        self.lay = scopes.layout(ops, opts["depth"], opts["expand"], opts["max_visible"])
        self.sizes = {}
        for op, scope in self.lay.scope_of.items():
            while scope:
                self.sizes[scope] = self.sizes.get(scope, 0) + 1
                scope = scope.rsplit("/", 1)[0] if "/" in scope else ""
        self.used_kinds = set()
        self.out = []
        self.kept = None

    # ------------------------------------------------------------------ nodes

    def op_node(self, op, indent, scope):
        o = self.opts
        kind = "context" if op in self.context else self.kind[op]
        self.used_kinds.add(kind)
        attrs = dict(kinds.STYLES[kind][1])
        name = op.name
        alias = o["aliases"].get(name)
        head = "<b>%s</b>" % _h(_relative(name, scope) if op not in self.context else name)
        if alias and alias != name:
            head += ' <i>%s</i>' % _h(alias)
        parts = [head, '<font point-size="8" color="#555555">%s</font>' % _h(op.type)]
        if name in o["values"]:
            text = o["values"][name]
            if not isinstance(text, str):
                text = values_lib.format_outputs(text)
            if text:
                parts.append('<font face="monospace" point-size="8">%s</font>' % _lines(text))
        if name in o["fed_ops"]:
            parts.append('<font point-size="8" color="#2f6db5">fed</font>')
        if o["counts"] is not None and op not in self.context:
            n = o["counts"].get(name, 0)
            parts.append('<font point-size="9" color="%s"><b>%s</b></font>'
                         % (("#b3261e", "ran %d×" % n) if n else ("#8a8a8a", "not run")))
            if not n:
                attrs["fontcolor"] = "#8a8a8a"
        if name in o["missing"]:
            parts.append('<font point-size="9" color="#c00000"><b>needs a feed</b></font>')
            attrs.update(color="#c00000", penwidth="2.5")
        if name == o["failed"]:
            parts.append('<font point-size="9" color="#c00000"><b>failed here</b></font>')
            attrs.update(color="#c00000", penwidth="2.5")
        attrs["label"] = _Html("<br/>".join(parts))
        attrs["tooltip"] = self.tooltip(op)
        self.out.append("%s%s %s;" % (indent, _q(name), _attrs(attrs)))

    def tooltip(self, op):
        lines = ["%s (%s)" % (op.name, op.type)]
        for t in op.outputs:
            lines.append("%s: %s" % (t.name, tensor_label(t).split(": ")[-1]))
        where = op.where()
        if where:
            lines.append("built at " + where)
        return "\n".join(lines)

    def box_node(self, scope, indent):
        inside = self.lay.boxes[scope]
        attrs = dict(kinds.STYLES["scope"][1])
        self.used_kinds.add("scope")
        main = next((op for op in inside if op.name == scope), None)
        inner = {self.kind[op] for op in inside}
        if kinds.is_gradient_scope(scope):
            attrs["fillcolor"] = kinds.STYLES["gradient"][1]["fillcolor"]
        elif main is not None:
            attrs["fillcolor"] = kinds.STYLES[self.kind[main]][1]["fillcolor"]
        elif len(inner) == 1 and inner != {"op"}:   # all optimizer updates, say
            attrs["fillcolor"] = kinds.STYLES[inner.pop()][1]["fillcolor"]
        detail = "%d ops" % len(inside)
        if main is not None:
            detail = "%s · %s" % (main.type, detail)
        parts = ["<b>%s</b>" % _h(scope.rsplit("/", 1)[-1]),
                 '<font point-size="8" color="#555555">%s</font>' % _h(detail)]
        counts = self.opts["counts"]
        if counts is not None:
            total = sum(counts.get(op.name, 0) for op in inside)
            parts.append('<font point-size="9" color="%s"><b>%s</b></font>'
                         % (("#b3261e", "%d op runs" % total) if total
                            else ("#8a8a8a", "not run")))
        missing = [op.name for op in inside if op.name in self.opts["missing"]]
        if missing:
            parts.append('<font point-size="9" color="#c00000"><b>needs a feed</b></font>')
            attrs.update(color="#c00000", penwidth="2.5")
        attrs["label"] = _Html("<br/>".join(parts))
        attrs["tooltip"] = "%s: %d ops, collapsed (expand it to see them)" % (scope, len(inside))
        self.out.append("%s%s %s;" % (indent, _q(self.lay.box_id(scope)), _attrs(attrs)))

    def series_node(self, sid, series, indent):
        attrs = dict(kinds.STYLES["series"][1])
        self.used_kinds.add("series")
        first = _relative(series.names[0], series.parent)
        last = _relative(series.names[-1], series.parent)
        if series.of_scopes:
            detail = "%d scopes · %d ops" % (len(series.names), len(series.ops))
        else:
            detail = "%s ×%d" % (series.op_type, len(series.names))
        parts = ["<b>%s … %s</b>" % (_h(first), _h(last)),
                 '<font point-size="8" color="#555555">%s</font>' % _h(detail)]
        counts = self.opts["counts"]
        if counts is not None:
            total = sum(counts.get(op.name, 0) for op in series.ops)
            parts.append('<font point-size="9" color="%s"><b>%s</b></font>'
                         % (("#b3261e", "%d op runs" % total) if total
                            else ("#8a8a8a", "not run")))
        attrs["label"] = _Html("<br/>".join(parts))
        attrs["tooltip"] = "%d repeated %s grouped: %s" % (
            len(series.names), "scopes" if series.of_scopes else "ops",
            ", ".join(series.names[:20]) + (" ..." if len(series.names) > 20 else ""))
        self.out.append("%s%s %s;" % (indent, _q(sid), _attrs(attrs)))

    # ------------------------------------------------------------------ clusters

    def scope_body(self, scope, indent):
        lay = self.lay
        for op in lay.members.get(scope, ()):
            if lay.node_of[op] == op.name and self.visible(op.name):
                self.op_node(op, indent, scope)
        for sid, series in lay.series_at(scope):
            if self.visible(sid):
                self.series_node(sid, series, indent)
        for child in lay.children.get(scope, ()):
            if child in lay.boxes:
                box = lay.box_id(child)
                if lay.node_of[lay.boxes[child][0]] == box and self.visible(box):
                    self.box_node(child, indent)
            elif child in lay.closed:
                op = lay.closed[child][0]
                if lay.node_of[op] == op.name and self.visible(op.name):
                    self.op_node(op, indent, scope)
            else:
                start = len(self.out)
                gradient = kinds.is_gradient_scope(child)
                n = self.sizes.get(child, 0)
                self.out.append('%ssubgraph %s {' % (indent, _q("cluster_" + child)))
                self.out.append('%s  label=<<b>%s</b>>; tooltip=%s; style="rounded,dashed"; '
                                'labelloc=t; color="%s"; fontcolor="#333333"; fontsize=10;'
                                % (indent, _h(child.rsplit("/", 1)[-1]),
                                   _q("%s (%d ops)" % (child, n)),
                                   "#b03030" if gradient else "#8c8c8c"))
                mark = len(self.out)
                self.scope_body(child, indent + "  ")
                if len(self.out) == mark:  # everything inside was left out
                    del self.out[start:]
                else:
                    self.out.append("%s}" % indent)

    def visible(self, node_id):
        return self.kept is None or node_id in self.kept

    # ------------------------------------------------------------------ edges

    def edges(self):
        """{(src, dst, control): [labels]} between visible nodes, in a stable order."""
        node_of = dict(self.lay.node_of)
        for op in self.context:
            node_of[op] = op.name
        result = {}
        for op in self.ops:
            dst = node_of[op]
            for t in op._inputs:
                src = node_of.get(t._op)
                if src is not None and src != dst:
                    result.setdefault((src, dst, False), []).append(tensor_label(t))
            for c in op._control_inputs:
                src = node_of.get(c)
                if src is not None and src != dst:
                    result.setdefault((src, dst, True), []).append("")
        return result

    def choose_kept(self, edges, node_ids):
        """At most MAX_NODES node ids: breadth-first back from the graph's results."""
        limit = self.opts["max_nodes"]
        if len(node_ids) <= limit:
            return None
        preds = {}
        has_succ = set()
        for (src, dst, _) in edges:
            preds.setdefault(dst, []).append(src)
            has_succ.add(src)
        queue = deque(n for n in reversed(node_ids) if n not in has_succ)
        kept = {}
        while queue and len(kept) < limit:
            n = queue.popleft()
            if n in kept:
                continue
            kept[n] = True
            queue.extend(p for p in preds.get(n, ()) if p not in kept)
        for n in reversed(node_ids):  # nodes on cycles or left over
            if len(kept) >= limit:
                break
            kept.setdefault(n, True)
        return set(kept)

    def write_edges(self, edges):
        shown = [(key, labels) for key, labels in edges.items()
                 if self.visible(key[0]) and self.visible(key[1])]
        label_key = "label"
        if len(shown) > FAST_LAYOUT_EDGES:
            label_key = "xlabel"
            self.out.append("  graph [nslimit=1, nslimit1=1];")
        for (src, dst, control), labels in shown:
            if control:
                self.used_kinds.add("control")
                attrs = {"style": "dashed", "arrowhead": "odot", "color": "#8a8a8a",
                         "tooltip": "control dependency: %s runs before %s" % (src, dst)}
            else:
                distinct = sorted(set(labels))
                label = distinct[0] if len(distinct) == 1 else "%d tensors" % len(labels)
                if len(distinct) == 1 and len(labels) > 1:
                    label = "%d× %s" % (len(labels), label)
                attrs = {label_key: label,
                         "tooltip": "%s → %s: %s" % (src, dst, ", ".join(labels))}
            self.out.append("  %s -> %s %s;" % (_q(src), _q(dst), _attrs(attrs)))

    # ------------------------------------------------------------------ legend, caption

    def legend(self):
        entries = [k for k in kinds.LEGEND_ORDER if k in self.used_kinds]
        if not entries and "control" not in self.used_kinds:
            return
        self.out.append('  subgraph "cluster_legend" {')
        self.out.append('    label=<<b>legend</b>>; style="rounded"; color="#c8c8c8"; '
                        'fontsize=9; fontcolor="#555555"; labelloc=t;')
        ids = []
        for k in entries:
            attrs = dict(kinds.STYLES[k][1])
            attrs.update(label=kinds.STYLES[k][0], fontsize="8", tooltip=kinds.STYLES[k][0])
            ids.append(_q("legend:" + k))
            self.out.append("    %s %s;" % (ids[-1], _attrs(attrs)))
        if self.opts["missing"]:
            attrs = dict(kinds.STYLES["placeholder"][1])
            attrs.update(label="placeholder, not fed", fontsize="8", color="#c00000",
                         penwidth="2.5")
            ids.append(_q("legend:missing"))
            self.out.append("    %s %s;" % (ids[-1], _attrs(attrs)))
        if "control" in self.used_kinds:
            ids.append(_q("legend:control"))
            self.out.append('    %s [shape=plaintext, fontsize=8, '
                            'label="- - -o  control dependency (runs first)"];' % ids[-1])
        if len(ids) > 1:
            # One row, in this order.
            self.out.append("    {rank=same; %s [style=invis];}" % " -> ".join(ids))
        self.out.append("  }")

    def caption(self, lay, node_ids):
        lines = []
        for note in self.opts["notes"]:
            lines.append('<font color="#c00000">%s</font>' % _h(note))
        if lay.boxes:
            shown = ["%s (%d ops)" % (s, len(v)) for s, v in list(lay.boxes.items())[:6]]
            more = len(lay.boxes) - len(shown)
            biggest = max(lay.boxes, key=lambda s: len(lay.boxes[s]))
            lines.append(_h("collapsed: %s%s; open one with expand=['%s'] (%%graph --expand "
                            "%s), or set depth" % (", ".join(shown),
                                                   " and %d more" % more if more else "",
                                                   biggest, biggest)))
        if self.kept is not None:
            lines.append(_h("%d of %d nodes drawn (the ones nearest the results): draw "
                            "fewer fetches, a depth, or put ops in name scopes"
                            % (len(self.kept), len(node_ids))))
        if lines:
            self.out.append('  label=<%s>;' % '<br align="left"/>'.join(lines))


def to_dot(ops, *, graph_ops=None, depth=None, expand=(), values=None, counts=None,
           fed_ops=(), missing=(), failed=None, aliases=None, context=(), notes=(),
           legend=True, max_visible=scopes.DEFAULT_MAX_VISIBLE, max_nodes=MAX_NODES):
    """DOT source drawing `ops` (a list of Operations of one graph, in creation order).

    Args:
      graph_ops: all ops of the graph (to recognize optimizer scopes); default `ops`.
      depth: scope levels drawn open (0: every top-level scope is one box); None chooses the
        deepest that keeps the drawing under `max_visible` nodes.
      expand: scope names drawn open whatever the depth ('gradients', 'layer1/dense'; '*': all).
      values: {op name: [output values] or their text} written on the nodes.
      counts: {op name: times run}; when given, every node shows its count.
      fed_ops, missing: names of ops whose output was fed / placeholders nobody fed.
      failed: the name of the op a run failed in.
      aliases: {op name: the Python name bound to it}, shown beside the op name.
      context: ops outside `ops` that feed them, drawn faded (what a cell's ops read).
      notes: lines for the caption (drawn in red).
    """
    ops = list(ops)
    context = [op for op in context if op not in set(ops)]
    d = _Dot(ops, context, graph_ops if graph_ops is not None else ops, {
        "depth": depth, "expand": tuple(expand), "values": values or {}, "counts": counts,
        "fed_ops": set(fed_ops), "missing": set(missing), "failed": failed,
        "aliases": aliases or {}, "notes": list(notes), "max_visible": max_visible,
        "max_nodes": max_nodes})
    edges = d.edges()
    node_ids = list(dict.fromkeys([op.name for op in context] +
                                  [d.lay.node_of[op] for op in ops]))
    d.kept = d.choose_kept(edges, node_ids)
    d.out.append(_HEADER.rstrip("\n"))
    for op in context:
        if d.visible(op.name):
            d.op_node(op, "  ", "")
    d.scope_body("", "  ")
    d.write_edges(edges)
    if legend:
        d.legend()
    d.caption(d.lay, node_ids)
    d.out.append("}")
    return "\n".join(d.out) + "\n"
