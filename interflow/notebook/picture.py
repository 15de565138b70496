"""A graph laid out once by dot and restyled per state: the SVG's node and edge ids, the value
lines reserved in node labels, and the CSS and text overlay that show one state of a run
without a new layout (so nothing on the page moves from one step to the next)."""

import html
import re

__all__ = ["Picture"]

_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_WIDTH = re.compile(r'\bwidth="([\d.]+)pt"')
_HEIGHT = re.compile(r'\bheight="([\d.]+)pt"')
_VIEWBOX = re.compile(r'\bviewBox="([^"]*)"')
_GRAPH = re.compile(r'<g id="graph0" class="graph" transform="([^"]*)">')
_ELEMENT = re.compile(r'<g id="((?:node|edge|clust)\d+)" class="(node|edge|cluster)">\s*'
                      r'<title>([^<]*)</title>')
_MONO_TEXT = re.compile(r'<text\b([^>]*font-family="monospace"[^>]*)>([^<]*)</text>\n?')
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')
_POINTS = re.compile(r'(?:points|d)="([^"]*)"')
_NUMBER_PAIR = re.compile(r'(-?[\d.]+),(-?[\d.]+)')
_ID = re.compile(r'\bid="')


class _Slot:
    """One reserved value line: where its text starts, its font size, and whether the label
    centred it (a single line) or aligned it left (several lines)."""

    __slots__ = ("x", "y", "size", "centred")

    def __init__(self, x, y, size, centred):
        self.x, self.y, self.size, self.centred = x, y, size, centred


class Picture:
    """A graphviz SVG made ready for restyling.

    Args:
      svg: dot's SVG output (of render.to_dot).
      prefix: a page-unique prefix for every id, so CSS for this picture touches nothing else.
      reserved: names of the nodes whose monospace label lines (written by to_dot's `values`)
        are placeholders: they are taken out of the picture and their positions kept, for the
        overlay to write values there.

    Attributes:
      base: the SVG with prefixed ids and without the reserved lines.
      node_ids: {DOT node name (op name, 'scope:...', 'series:...'): element id}.
      edges: [(source node name, destination node name, element id)].
      slots: {node name: [_Slot]}; centres: {node name: x of the node's middle}.
      width, height: the drawing's size in points.
    """

    def __init__(self, svg, prefix, reserved=()):
        self.prefix = prefix
        reserved = set(reserved)
        start = svg.find("<svg")
        svg = svg[start:] if start > 0 else svg
        root = _ROOT.search(svg)
        self.width = float(_WIDTH.search(root.group(0)).group(1))
        self.height = float(_HEIGHT.search(root.group(0)).group(1))
        self.viewbox = _VIEWBOX.search(root.group(0)).group(1)
        graph = _GRAPH.search(svg)
        self.transform = graph.group(1) if graph else ""
        self.node_ids = {}
        self.edges = []
        self.slots = {}
        self.centres = {}
        matches = list(_ELEMENT.finditer(svg))
        pieces = [svg[:matches[0].start()] if matches else svg]
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(svg)
            chunk = svg[m.start():end]
            eid, kind, title = m.group(1), m.group(2), html.unescape(m.group(3))
            full_id = "%s-%s" % (prefix, eid)
            if kind == "node":
                self.node_ids[title] = full_id
                xs = [float(x) for part in _POINTS.findall(chunk)
                      for x, _ in _NUMBER_PAIR.findall(part)]
                if xs:
                    self.centres[title] = (min(xs) + max(xs)) / 2
                if title in reserved:
                    chunk = self._take_slots(title, chunk)
            elif kind == "edge":
                cut = title.find(">")
                if cut > 0:
                    self.edges.append((title[:cut - 1], title[cut + 1:], full_id))
            pieces.append(chunk)
        self.base = _ID.sub('id="%s-' % prefix, "".join(pieces))

    def _take_slots(self, title, chunk):
        lines = []

        def take(m):
            attrs = dict(_ATTR.findall(m.group(1)))
            lines.append((float(attrs.get("x", 0)), float(attrs.get("y", 0)),
                          float(attrs.get("font-size", 8))))
            return ""
        chunk = _MONO_TEXT.sub(take, chunk)
        centred = len(lines) == 1
        self.slots[title] = [_Slot(x, y, size, centred) for x, y, size in lines]
        return chunk

    # ------------------------------------------------------------------ sizes

    def size(self, max_width=None, min_scale=0.6):
        """(width, height) in points to show the picture at, shrunk to `max_width` points
        but never below `min_scale` (a larger picture scrolls instead)."""
        scale = 1.0
        if max_width and self.width > max_width:
            scale = max(min_scale, max_width / self.width)
        return self.width * scale, self.height * scale

    def sized(self, svg, size):
        """`svg` (this picture's base or overlay) with its root sized to `size` points."""
        if size is None:
            return svg
        w, h = size
        root = _ROOT.search(svg)
        tag = _WIDTH.sub('width="%.2fpt"' % w, root.group(0), 1)
        tag = _HEIGHT.sub('height="%.2fpt"' % h, tag, 1)
        return svg[:root.start()] + tag + svg[root.end():]

    # ------------------------------------------------------------------ styling

    def selector(self, names, parts=""):
        """A CSS selector list for the nodes `names` that are drawn ('' when none is)."""
        ids = [self.node_ids[n] for n in dict.fromkeys(names) if n in self.node_ids]
        if not parts:
            return ", ".join("#" + i for i in ids)
        return ", ".join("#%s %s" % (i, p) for i in ids for p in parts.split(","))

    def rule(self, names, declarations, parts=""):
        sel = self.selector(names, parts)
        return "%s { %s }\n" % (sel, declarations) if sel else ""

    def shape_rule(self, names, declarations):
        """CSS for the outlines and fills of the nodes `names`."""
        return self.rule(names, declarations, "path,polygon,ellipse")

    def edge_rule(self, predicate, declarations):
        ids = ["#" + eid for src, dst, eid in self.edges if predicate(src, dst)]
        return "%s { %s }\n" % (", ".join(ids), declarations) if ids else ""

    # ------------------------------------------------------------------ text overlay

    def _text(self, name, text, cls):
        slots = self.slots.get(name)
        if not slots or not text:
            return ""
        lines = text.split("\n")
        step = (slots[1].y - slots[0].y) if len(slots) > 1 else slots[0].size * 1.2
        out = []
        for i, line in enumerate(lines):
            slot = slots[min(i, len(slots) - 1)]
            y = slot.y + (i - len(slots) + 1) * step if i >= len(slots) else slot.y
            if slot.centred or (len(lines) == 1 and len(slots) > 1):
                x, anchor = self.centres.get(name, slot.x), "middle"
            else:
                x, anchor = slot.x, "start"
            out.append('<text class="%s" x="%.2f" y="%.2f" text-anchor="%s" '
                       'font-family="monospace" font-size="%.2f">%s</text>'
                       % (cls, x, y, anchor, slot.size, html.escape(line, quote=False)))
        return "".join(out)

    def texts(self, values):
        """SVG text elements writing `values` ({node name: (text, css class)}) in the slots."""
        return "".join(self._text(name, text, cls) for name, (text, cls) in values.items())

    def overlay(self, values, css="", size=None):
        """A transparent SVG the size of the picture, with `values` written where the
        reserved lines were, and `css` (applies to the page: it targets the prefixed ids)."""
        w, h = size if size is not None else (self.width, self.height)
        return ('<svg xmlns="http://www.w3.org/2000/svg" width="%.2fpt" height="%.2fpt" '
                'viewBox="%s" class="%s-overlay-svg"><style>%s</style>'
                '<g transform="%s">%s</g></svg>'
                % (w, h, self.viewbox, self.prefix, css, self.transform, self.texts(values)))

    def standalone(self, values, css="", marker=""):
        """One SVG with the state baked in (for a saved notebook): the base picture, `css`
        inside it and the value texts on top. `marker` goes in a comment near the start."""
        root = _ROOT.search(self.base)
        head = self.base[:root.end()]
        body = self.base[root.end():]
        end = body.rfind("</g>")
        comment = "<!-- %s -->" % marker if marker else ""
        return "%s%s<style>%s</style>%s%s</g></svg>\n" % (
            head, comment, css, body[:end], self.texts(values))
