"""Which ops a drawing shows: the fetches' flattened elements, the subgraph they need, and the
placeholders that subgraph needs but nobody fed."""

from interflow.framework.operation import Operation, Tensor

__all__ = ["flatten", "resolve", "resolve_feeds", "needed_ops", "missing_feeds"]


def flatten(fetches):
    """The leaves of any nesting of lists, tuples and dicts of fetches, in order."""
    out = []
    stack = [fetches]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, (list, tuple)) and not hasattr(item, "_as_graph_element"):
            stack.extend(reversed(list(item)))
        else:
            out.append(item)
    return out


def resolve(element, graph):
    """A Tensor or Operation for `element` (a Tensor, Operation, Variable or name in `graph`)."""
    if isinstance(element, (Tensor, Operation)):
        return element
    if hasattr(element, "_as_graph_element"):
        return element._as_graph_element()
    if isinstance(element, str):
        return graph.as_graph_element(element, allow_tensor=True, allow_operation=True)
    raise TypeError("Cannot draw %r (a %s): give a Tensor, an Operation, a Variable or a name."
                    % (element, type(element).__name__))


def resolve_feeds(feed_dict, graph):
    """{Tensor: value} for a feed_dict whose keys may be tensors, Variables or names."""
    result = {}
    for key, value in (feed_dict or {}).items():
        if hasattr(key, "_as_graph_element") and not isinstance(key, Tensor):
            key = key._as_graph_element()
        result[graph.as_graph_element(key, allow_tensor=True, allow_operation=False)] = value
    return result


def needed_ops(fetches, feeds=()):
    """The ops running `fetches` needs, in creation order: inputs (variables an Assign writes
    included) and control inputs, walked back until a fed tensor, whose op is kept but not
    walked past. Iterative, so very deep graphs are fine."""
    fed = set(feeds)
    included = set()
    expanded = set()
    stack = []
    for f in fetches:
        op = f if isinstance(f, Operation) else f.op
        included.add(op)
        if isinstance(f, Operation) or f not in fed:
            stack.append(op)
    while stack:
        op = stack.pop()
        if op in expanded:
            continue
        expanded.add(op)
        for c in op._control_inputs:
            included.add(c)
            if c not in expanded:
                stack.append(c)
        for t in op._inputs:
            producer = t._op
            included.add(producer)
            if t not in fed and producer not in expanded:
                stack.append(producer)
    return sorted(included, key=lambda op: op._id or 0)


def missing_feeds(ops, feeds=()):
    """The Placeholder ops among `ops` nobody fed (a PlaceholderWithDefault needs no feed)."""
    fed = set(feeds)
    return [op for op in ops if op.type in ("Placeholder", "PlaceholderV2")
            and not any(t in fed for t in op._outputs)]
