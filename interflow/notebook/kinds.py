"""What kind of node an op is (variable, placeholder, constant, gradient, optimizer update...),
how each kind is drawn, and the legend entries for them."""

import re

__all__ = ["classify", "optimizer_scopes", "is_gradient_scope", "STYLES", "LEGEND_ORDER"]

VARIABLE_TYPES = frozenset(["VariableV2", "Variable", "VarHandleOp"])
PLACEHOLDER_TYPES = frozenset(["Placeholder", "PlaceholderWithDefault", "PlaceholderV2"])
ASSIGN_TYPES = frozenset(["Assign", "AssignAdd", "AssignSub", "ScatterUpdate", "ScatterAdd",
                          "ScatterSub", "AssignVariableOp", "CountUpTo"])
_APPLY_PREFIXES = ("Apply", "ResourceApply", "SparseApply", "ResourceSparseApply")
_GRADIENT_SCOPE = re.compile(r"^gradients(_\d+)?$")

# One entry per kind: (legend text, DOT node attributes). Shape and colour both differ, so the
# kinds stay apart in print and for colour-blind readers.
STYLES = {
    "op": ("operation", {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff",
                         "color": "#444444"}),
    "constant": ("constant", {"shape": "box", "style": "filled", "fillcolor": "#ececec",
                              "color": "#9a9a9a"}),
    "placeholder": ("placeholder (fed)", {"shape": "invhouse", "style": "filled",
                                          "fillcolor": "#d7e9ff", "color": "#2f6db5"}),
    "variable": ("Variable", {"shape": "cylinder", "style": "filled", "fillcolor": "#ffe2b0",
                              "color": "#b86e00"}),
    "assign": ("assign (writes a variable)", {"shape": "box", "style": "rounded,filled,bold",
                                              "fillcolor": "#fff3d6", "color": "#b86e00"}),
    "gradient": ("gradient op", {"shape": "ellipse", "style": "filled", "fillcolor": "#fbdede",
                                 "color": "#b03030"}),
    "optimizer": ("optimizer update", {"shape": "hexagon", "style": "filled",
                                       "fillcolor": "#d8f0d8", "color": "#2e7d32"}),
    "scope": ("name scope, collapsed", {"shape": "box3d", "style": "filled",
                                        "fillcolor": "#eef0fb", "color": "#5c6bc0"}),
    "series": ("repeated scopes or ops, grouped", {"shape": "box3d", "style": "filled,dashed",
                                                   "fillcolor": "#f1ebfa", "color": "#7e57c2"}),
    "context": ("op outside this cell", {"shape": "box", "style": "rounded,dotted",
                                         "fillcolor": "#ffffff", "color": "#9a9a9a",
                                         "fontcolor": "#8a8a8a"}),
}
LEGEND_ORDER = ("placeholder", "variable", "constant", "op", "assign", "gradient", "optimizer",
                "scope", "series", "context")


def is_gradient_scope(path):
    """True for the top-level scopes tf.gradients makes: 'gradients', 'gradients_1', ..."""
    return bool(_GRADIENT_SCOPE.match(path.split("/", 1)[0]))


def _is_apply(op_type):
    return op_type.startswith(_APPLY_PREFIXES)


def optimizer_scopes(ops):
    """The name scopes optimizers built their updates in ('GradientDescent', 'Adam_1', ...)."""
    scopes = set()
    for op in ops:
        if _is_apply(op.type):
            name = op.name
            cut = name.find("/update_")
            if cut > 0:
                scopes.add(name[:cut])
            elif "/" in name:
                scopes.add(name.rsplit("/", 1)[0])
    return scopes


def _in_scopes(name, scopes):
    for s in scopes:
        if name == s or name.startswith(s + "/"):
            return True
    return False


def classify(op, opt_scopes=()):
    """The kind of `op`: a key of STYLES (never 'scope' or 'context')."""
    t = op.type
    if t in PLACEHOLDER_TYPES:
        return "placeholder"
    if t in VARIABLE_TYPES:
        return "variable"
    if _is_apply(t) or (opt_scopes and t in ASSIGN_TYPES | {"NoOp"}
                        and _in_scopes(op.name, opt_scopes)):
        return "optimizer"
    if op.forward_op is not None or is_gradient_scope(op.name) and "/" in op.name:
        return "gradient"
    if t in ASSIGN_TYPES:
        return "assign"
    if t == "Const":
        return "constant"
    return "op"
