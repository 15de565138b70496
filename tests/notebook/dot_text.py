"""Reads back the DOT text interflow.notebook.render writes (one statement per line), so the
tests can check nodes, edges and clusters without Graphviz."""

import re

_NODE = re.compile(r'^\s*"((?:[^"\\]|\\.)*)" \[(.*)\];$')
_EDGE = re.compile(r'^\s*"((?:[^"\\]|\\.)*)" -> "((?:[^"\\]|\\.)*)" \[(.*)\];$')
_CLUSTER = re.compile(r'^(\s*)subgraph "cluster_([^"]*)" \{$')
_ATTR = re.compile(r'(\w+)=(?:"((?:[^"\\]|\\.)*)"|<(.*?)>(?=, \w+=|$))')


class Dot:
    """nodes: {id: {attr: value}}; edges: [(src, dst, {attr: value})]; clusters: {name: [ids]}."""

    def __init__(self, text):
        self.text = text
        self.nodes = {}
        self.edges = []
        self.clusters = {}
        self.parent = {}       # node id -> innermost cluster name ('' at top level)
        stack = []
        for line in text.splitlines():
            m = _CLUSTER.match(line)
            if m:
                stack.append(m.group(2))
                self.clusters[m.group(2)] = []
                continue
            if line.strip() == "}" and stack:
                stack.pop()
                continue
            m = _EDGE.match(line)
            if m:
                self.edges.append((m.group(1), m.group(2), _attrs(m.group(3))))
                continue
            m = _NODE.match(line)
            if m:
                node = m.group(1)
                self.nodes[node] = _attrs(m.group(2))
                self.parent[node] = stack[-1] if stack else ""
                if stack:
                    self.clusters[stack[-1]].append(node)

    def edge(self, src, dst, control=False):
        """The attrs of the edge src -> dst (of that kind), or None."""
        for s, d, attrs in self.edges:
            if s == src and d == dst and (attrs.get("style") == "dashed") == control:
                return attrs
        return None

    def label(self, node):
        """The node's label as plain text (HTML tags dropped, lines joined by ' | ')."""
        raw = self.nodes[node].get("label", "")
        raw = re.sub(r"<br[^>]*>", " | ", raw)
        raw = re.sub(r"<[^>]+>", "", raw)
        return raw.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").strip(" |")

    def ops(self):
        """Node ids that are ops (not legend entries, boxes or series)."""
        return [n for n in self.nodes if ":" not in n]


def _attrs(text):
    result = {}
    for m in _ATTR.finditer(text):
        key = m.group(1)
        result[key] = m.group(3) if m.group(3) is not None else \
            m.group(2).replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
    return result
