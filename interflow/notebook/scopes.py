"""Name scopes as a tree of clusters, and which scopes a drawing collapses into one box.

An op whose name is also a scope (a Variable 'W' beside 'W/read', 'W/Assign') is drawn inside
that scope, as TensorBoard does. A scope holding only an op and its constant operands ('add'
with 'add/y') is not worth a box and is drawn inline. Past `max_visible` nodes, scopes deeper
than some depth collapse; the gradients scope is collapsed unless expanded.
"""

import re

from interflow.notebook.kinds import is_gradient_scope

__all__ = ["Layout", "layout", "DEFAULT_MAX_VISIBLE"]

DEFAULT_MAX_VISIBLE = 40
SERIES_MIN = 4      # repeated siblings grouped into one node when still too many nodes
_TRAILING_NUMBER = re.compile(r"_?\d+$")
_NUMBERED = re.compile(r"_\d+(?=/|$)")


def _parent(path):
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _ancestors(path):
    """'a/b/c' -> ['a', 'a/b', 'a/b/c']."""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


class Layout:
    """Where every drawn op goes.

    Attributes:
      scope_of: {op: its scope path, '' for the top level} after inline scopes are hoisted.
      children: {scope: [child scopes in order of first op]} ('' is the root).
      members: {scope: [ops directly inside, in order]}.
      closed: {scope: [all ops inside]} for each outermost collapsed scope.
      boxes: the closed scopes holding more than one op, each drawn as one box (a closed scope
        around a single op shows the op itself).
      node_of: {op: node id}: the op's name, 'scope:<path>' when inside a box, or
        'series:...' when inside a series.
      series: {series id: Series}: repeated sibling scopes (block0 ... block99) or ops
        (add, add_1, ... add_999) drawn as one node when a drawing has too many nodes.
      depth: the depth used (None: nothing collapsed by depth).
    """

    def __init__(self):
        self.scope_of = {}
        self.children = {"": []}
        self.members = {"": []}
        self.closed = {}
        self.boxes = {}
        self.node_of = {}
        self.series = {}
        self.depth = None

    def box_id(self, scope):
        return "scope:" + scope

    def series_at(self, scope):
        """The series drawn directly inside `scope`."""
        return [(sid, s) for sid, s in self.series.items() if s.parent == scope]


class Series:
    """Repeated siblings drawn as one node: `names` (scopes or op names), all their `ops`."""

    __slots__ = ("parent", "names", "ops", "of_scopes", "op_type")

    def __init__(self, parent, of_scopes, op_type):
        self.parent = parent
        self.names = []
        self.ops = []
        self.of_scopes = of_scopes
        self.op_type = op_type


def _expanded(path, expand):
    """True when `expand` opens `path`: it is a named scope, an ancestor or a descendant of one."""
    if "*" in expand:
        return True
    for e in expand:
        if path == e or e.startswith(path + "/") or path.startswith(e + "/"):
            return True
    return False


def _trivial(scope, inside):
    """Nothing but one op (named as the scope, or alone) and constants: not worth a box."""
    others = [op for op in inside if op.type != "Const"]
    return len(inside) == 1 or (len(others) <= 1 and all(op.name == scope for op in others))


def _inline_scopes(prefixes, members):
    """{scope: parent} for the scopes drawn inline, hoisting again while a parent left with
    a single op or an op and its constants becomes inline too."""
    members = {s: list(v) for s, v in members.items()}
    live = set(prefixes) | {s for s in members if s}
    hoisted = {}
    changed = True
    while changed:
        changed = False
        has_children = {_parent(s) for s in live}
        for scope in sorted(live, key=lambda s: -s.count("/")):
            if scope in has_children:
                continue
            inside = members.get(scope, [])
            if inside and _trivial(scope, inside):
                parent = _parent(scope)
                hoisted[scope] = parent
                members.setdefault(parent, []).extend(inside)
                del members[scope]
                live.discard(scope)
                changed = True
    return hoisted


def layout(ops, depth=None, expand=(), max_visible=DEFAULT_MAX_VISIBLE):
    """The Layout of `ops` (in creation order) for `depth` (None: automatic) and `expand`."""
    expand = tuple(e.strip("/") for e in expand if e)
    auto = depth is None
    names = {op.name for op in ops}
    prefixes = set()
    for name in names:
        i = name.find("/")
        while i != -1:
            prefixes.add(name[:i])
            i = name.find("/", i + 1)
    raw = {}
    members = {}
    for op in ops:
        scope = op.name if op.name in prefixes else _parent(op.name)
        raw[op] = scope
        members.setdefault(scope, []).append(op)
    hoisted = _inline_scopes(prefixes, members)

    lay = Layout()
    chains = {}
    for op in ops:
        scope = raw[op]
        while scope in hoisted:
            scope = hoisted[scope]
        lay.scope_of[op] = scope
        lay.members.setdefault(scope, []).append(op)
        chain = _ancestors(scope) if scope else []
        chains[op] = chain
        parent = ""
        for s in chain:
            if s not in lay.children:
                lay.children[s] = []
                lay.children[parent].append(s)
            lay.members.setdefault(s, [])
            parent = s

    forced = {s for s in lay.children if s and is_gradient_scope(s) and "/" not in s
              and not _expanded(s, expand)}
    opened = {s for s in lay.children if s and _expanded(s, expand)}

    def outermost_closed(chain, d):
        for level, s in enumerate(chain, 1):
            if s in forced or (d is not None and level > d and s not in opened):
                return s
        return None

    def count(d):
        boxes = set()
        singles = 0
        for op in ops:
            s = outermost_closed(chains[op], d)
            if s is None:
                singles += 1
            else:
                boxes.add(s)
        return singles + len(boxes)

    if depth is None:
        max_level = max((len(c) for c in chains.values()), default=0)
        chosen = None
        if count(None) > max_visible:
            chosen = 0
            for d in range(max_level - 1, -1, -1):
                if count(d) <= max_visible:
                    chosen = d
                    break
        depth = chosen
    else:
        depth = max(0, int(depth))
    lay.depth = depth

    closed_of = {}
    for op in ops:
        s = outermost_closed(chains[op], depth)
        closed_of[op] = s
        if s is not None:
            lay.closed.setdefault(s, []).append(op)
    # A box around a single op says less than the op itself.
    lay.boxes = {s: inside for s, inside in lay.closed.items() if len(inside) > 1}
    for op in ops:
        s = closed_of[op]
        lay.node_of[op] = lay.box_id(s) if s in lay.boxes else op.name
    if auto and "*" not in expand and len(set(lay.node_of.values())) > max_visible:
        _group_series(lay, ops, closed_of, opened)
    return lay


def _group_series(lay, ops, closed_of, opened):
    """Groups repeated siblings (block0, block1, ...; add, add_1, ...) into Series nodes,
    except inside scopes the user expanded."""
    units = {}
    for scope in lay.boxes:
        if scope in opened or _parent(scope) in opened:
            continue
        last = scope.rsplit("/", 1)[-1]
        key = (_parent(scope), "scope", _TRAILING_NUMBER.sub("", last) or last, None)
        units.setdefault(key, []).append(("scope", scope))
    for op in ops:
        if lay.node_of[op] != op.name:
            continue
        closed = closed_of[op]
        parent = _parent(closed) if closed is not None else lay.scope_of[op]
        if parent in opened:
            continue
        rel = op.name[len(parent) + 1:] if parent else op.name
        key = (parent, "op", _NUMBERED.sub("", rel), op.type)
        units.setdefault(key, []).append(("op", op))
    for (parent, what, base, op_type), members in units.items():
        if len(members) < SERIES_MIN:
            continue
        sid = "series:%s:%s:%s" % (parent, what, base)
        series = lay.series[sid] = Series(parent, what == "scope", op_type)
        for kind, item in members:
            if kind == "scope":
                series.names.append(item)
                inside = lay.boxes[item]
            else:
                series.names.append(item.name)
                inside = [item]
            for op in inside:
                series.ops.append(op)
                lay.node_of[op] = sid
