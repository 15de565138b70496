"""Which ops each notebook cell added to the default graph, to notice a re-run cell that
duplicated its ops (Variable_1 and add_3 beside Variable and add_2)."""

import weakref

from interflow.framework.graph import get_default_graph

__all__ = ["CellLog", "duplicate_message"]


class _Entry:
    __slots__ = ("source", "graph", "names")

    def __init__(self, source, graph, names):
        self.source = source
        self.graph = weakref.ref(graph)
        self.names = names


class CellLog:
    """IPython pre/post_run_cell observer remembering the op names each cell execution added."""

    def __init__(self, limit=500):
        self.entries = []
        self.limit = limit
        self.paused = 0       # > 0 while a magic runs a cell body itself
        self._start = None

    def pre_run_cell(self, info=None):
        if self.paused:
            return
        graph = get_default_graph()
        source = getattr(info, "raw_cell", None) or ""
        self._start = (source, graph, len(graph._nodes_in_order))

    def post_run_cell(self, result=None):
        if self.paused or self._start is None:
            return
        source, graph, start = self._start
        self._start = None
        now = get_default_graph()
        if now is not graph:   # the cell reset the graph: all of the new one is the cell's
            graph, start = now, 0
        names = [op.name for op in graph._nodes_in_order[start:]]
        if names and source.strip():
            self.entries.append(_Entry(" ".join(source.split()), graph, names))
            del self.entries[:-self.limit]

    def clear(self):
        self.entries = []

    def current_source(self):
        """The source of the cell running now (None outside a cell)."""
        return self._start[0] if self._start is not None else None

    def latest(self, graph, source):
        """The op names the latest earlier run of `source` added to `graph`, or None."""
        if not source:
            return None
        key = " ".join(source.split())
        for entry in reversed(self.entries):
            if entry.source == key and entry.graph() is graph:
                return entry.names
        return None

    def duplicates(self, graph, source=None):
        """[(earlier names, later names)] for cells run again on `graph` that added the same
        ops again (only the latest run of `source`, when given)."""
        seen = {}
        pairs = []
        for entry in self.entries:
            if entry.graph() is not graph:
                continue
            earlier = seen.get(entry.source)
            if earlier is not None:
                pairs.append((earlier, entry))
            seen[entry.source] = entry
        if source is not None:
            key = " ".join(source.split())
            pairs = [p for p in pairs if p[1].source == key][-1:]
        return [(a.names, b.names) for a, b in pairs]


def _pick(old, new):
    """Two telling (new, old) name pairs: variables first, then top-level ops."""
    pairs = [(n, o) for o, n in zip(old, new) if o != n]

    def rank(pair):
        name = pair[1]
        return ("/" in name, name.endswith(("/y", "/x")))
    return sorted(pairs, key=rank)[:2]


def duplicate_message(pairs, where="this cell"):
    """One line saying re-running added copies, and how to avoid it; '' when nothing to say."""
    if not pairs:
        return ""
    old, new = pairs[-1]
    picked = _pick(old, new)
    if not picked:
        return ""
    news = ", ".join(n for n, _ in picked)
    olds = ", ".join(o for _, o in picked)
    return ("Re-running %s added copies of its ops (%s beside %s): run %%reset_graph, or put "
            "tf.reset_default_graph() at the top of the cell." % (where, news, olds))
