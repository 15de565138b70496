"""Drawing benchmark: time to draw 100, 1,000 and 5,000-op graphs, collapsed and expanded.

    python bench/bench_drawing.py [--sizes 100,1000,5000] [--dot-timeout 300] [--strict]

Each graph is a stack of dense blocks in name scopes (Variables, matmul, bias, relu), a
gradients/ scope (tf.gradients when the ops have gradients, else a stand-in of the same shape)
and an optimizer's updates. For each graph, two phases are timed separately:

  DOT   interflow.notebook's Graph -> DOT source (pure Python)
  SVG   Graphviz's dot laying out that source (an external program)

"collapsed" is the default drawing (scopes collapse past a few dozen nodes; gradients/ closed);
"expanded" opens every scope (expand=['*']). Target: a 1,000-op graph draws collapsed (DOT +
SVG) in under 2 s. Results also go to artifacts/bench/drawing.json.
"""

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness as h  # noqa: E402

sys.path.insert(0, str(h.ROOT))

_NODE_LINE = re.compile(r'^\s*"(?!legend:)[^"]*" \[', re.M)
TARGET_OPS = 1000
TARGET_SECONDS = 2.0


def build_graph(n_ops):
    """A training graph of about `n_ops` ops; returns (graph, how gradients were made)."""
    one = len(_build(1)[0].get_operations())
    per_block = len(_build(2)[0].get_operations()) - one
    return _build(max(1, 1 + round((n_ops - one) / per_block)))


def _build(blocks):
    try:
        return _build_with(blocks, True)
    except Exception:  # gradients not declared for every op yet: a stand-in of that size
        return _build_with(blocks, False)


def _build_with(blocks, real_gradients):
    import interflow as tf
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 16], name="x")
        h_ = x
        params = []
        for i in range(blocks):
            with tf.name_scope("block%d" % i):
                w = tf.Variable(tf.random_normal([16, 16], stddev=0.1), name="W")
                b = tf.Variable(tf.zeros([16]), name="b")
                h_ = tf.nn.relu(tf.matmul(h_, w) + b)
                params += [w, b]
        with tf.name_scope("loss"):
            loss = tf.reduce_mean(h_ * h_)
        if real_gradients:
            grads = tf.gradients(loss, params)
            how = "tf.gradients"
        else:
            grads = []
            with tf.name_scope("gradients"):
                for p in params:
                    with tf.name_scope(p.op.name.replace("/", "_") + "_grad"):
                        grads.append(tf.identity(p.value() * 0.01 + h_[0, 0] * 0.0))
            how = "stand-in gradients/ scope"
        tf.train.GradientDescentOptimizer(0.1).apply_gradients(list(zip(grads, params)))
        tf.global_variables_initializer()
    return g, how


def _time_svg(dot, timeout):
    """(seconds, note) for laying `dot` out with dot, as the notebook does (a dot failure is
    retried without cluster boxes, as interflow.notebook.drawing.dot_to_svg does)."""
    start = time.perf_counter()
    note = ""
    try:
        proc = subprocess.run(["dot", "-Tsvg", "-o", "/dev/null"], input=dot.encode(),
                              timeout=timeout, capture_output=True)
        if proc.returncode:
            note = "dot failed (%s); laid out without cluster boxes" % (
                proc.stderr.decode(errors="replace").split("\n")[0])
            flat = dot.replace('subgraph "cluster_', 'subgraph "flat_')
            subprocess.run(["dot", "-Tsvg", "-o", "/dev/null"], input=flat.encode(),
                           timeout=timeout, capture_output=True, check=True)
    except subprocess.TimeoutExpired:
        return None, "gave up after %d s" % timeout
    return time.perf_counter() - start, note


def bench(sizes, dot_timeout):
    from interflow.notebook import draw
    from interflow.notebook.render import MAX_NODES
    results = []
    for n in sizes:
        graph, how = build_graph(n)
        n_ops = len(graph.get_operations())
        for mode, expand in (("collapsed", ()), ("expanded", ("*",))):
            # Expanded drawings keep MAX_NODES nodes; 'everything' lifts that cap too.
            variants = [(mode, expand, None)]
            if mode == "expanded":
                variants.append(("expanded, no node cap", expand, 10 ** 9))
            for label, exp, cap in variants:
                def make():
                    if cap is None:
                        return draw(graph, expand=exp).dot
                    from interflow.notebook.drawing import draw_ops
                    return draw_ops(graph.get_operations(), graph, expand=exp,
                                    max_nodes=cap).dot
                dot_s = h.time_once(make, repeat=3)
                dot = make()
                nodes = len(_NODE_LINE.findall(dot))
                svg_s, note = _time_svg(dot, dot_timeout) if shutil.which("dot") else (None, "")
                results.append({"ops": n_ops, "mode": label, "nodes": nodes, "dot_s": dot_s,
                                "svg_s": svg_s, "gradients": how, "note": note,
                                "dot_bytes": len(dot), "max_nodes": cap or MAX_NODES})
    return results


def _fmt(s):
    return "-" if s is None else ("%.3f" % s if s < 10 else "%.1f" % s)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--dot-timeout", type=float, default=300.0,
                        help="seconds before giving up on one dot layout")
    parser.add_argument("--strict", action="store_true", help="exit 1 if the target is missed")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if shutil.which("dot") is None:
        print("Graphviz's dot is not installed: only DOT generation is timed.")
    results = bench(sizes, args.dot_timeout)
    header = ("ops", "drawing", "nodes drawn", "DOT (s)", "dot -> SVG (s)", "total (s)")
    rows = []
    for r in results:
        total = None if r["svg_s"] is None else r["dot_s"] + r["svg_s"]
        svg = _fmt(r["svg_s"]) if r["svg_s"] is not None or not shutil.which("dot") else \
            "> %d" % args.dot_timeout
        rows.append((str(r["ops"]), r["mode"], str(r["nodes"]), _fmt(r["dot_s"]), svg,
                     _fmt(total)))
    widths = [max(len(hd), *(len(row[i]) for row in rows)) for i, hd in enumerate(header)]
    print("Drawing graphs (interflow.notebook.draw; gradients: %s)" % results[0]["gradients"])
    print("  ".join(hd.ljust(w) for hd, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) if i in (1,) else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths))))
    for r in results:
        if r["note"]:
            print("  %d ops, %s: %s" % (r["ops"], r["mode"], r["note"]))
    target = [r for r in results if r["mode"] == "collapsed" and
              abs(r["ops"] - TARGET_OPS) <= TARGET_OPS // 5]
    passed = None
    if target and target[0]["svg_s"] is not None:
        total = target[0]["dot_s"] + target[0]["svg_s"]
        passed = total < TARGET_SECONDS
        print("target: %d-op graph collapsed in < %.0f s: %.3f s  %s"
              % (target[0]["ops"], TARGET_SECONDS, total, "PASS" if passed else "FAIL"))
    path = h.write_json("drawing", {"environment": h.environment(), "results": results,
                                    "target_passed": passed})
    print("results: %s" % path)
    return 1 if args.strict and passed is False else 0


if __name__ == "__main__":
    sys.exit(main())
