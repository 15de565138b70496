"""Core benchmark: interflow vs hand-written NumPy vs TensorFlow (tf.compat.v1), in one table.

    python bench/bench_core.py [--no-tf] [--strict]

a. sess.run(f) for f = x*x*y + y + 2 (int32 Variables)      target: <= 1/5 of TF's time
b. one placeholder feed per run: B = A + 5, A (1,3) float32  reported
c. graph building: a 5,000-step chain x = x + 1              target: <= 1/10 of TF's time per step
d. import time in a fresh process                            target: < 0.3 s
e. 30 chained elementwise ops (Mul, Add, Sub) on a 64 MiB float32 feed:
   time per run (target <= 1.1x NumPy in place) and peak traced memory (target <= naive NumPy)

TensorFlow runs in a subprocess under $INTERFLOW_TF_PYTHON (default /work/.tfvenv/bin/python
when it exists). Results also go to artifacts/bench/core.json.
"""

import argparse
import gc
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness as h  # noqa: E402

sys.path.insert(0, str(h.ROOT))
import numpy as np  # noqa: E402

CHAIN_STEPS = 5000
N_OPS = 30
BIG_ELEMENTS = 64 * 2 ** 20 // 4  # 64 MiB of float32
MIB = 2.0 ** 20

# e's chain: op i is x*1.0001, x+0.5 or x-0.25 in turn (the ops every backend has today).
CHAIN = [("mul", 1.0001), ("add", 0.5), ("sub", 0.25)]

# The same program text runs under interflow and under TensorFlow (`tf` bound by the caller,
# `h` the harness, and CHAIN_STEPS, N_OPS, CHAIN defined).
PROGRAMS = r'''
import numpy as np

def run_overhead(tf):
    """a: seconds per sess.run(f), f = x*x*y + y + 2 on int32 Variables."""
    with tf.Graph().as_default():
        x = tf.Variable(3, name="x")
        y = tf.Variable(4, name="y")
        f = x * x * y + y + 2
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert sess.run(f) == 42
            return h.time_per_call(lambda: sess.run(f))

def feed_overhead(tf):
    """b: seconds per run of B = A + 5 with A (1, 3) fed."""
    with tf.Graph().as_default():
        A = tf.placeholder(tf.float32, shape=(None, 3))
        B = A + 5
        a_value = np.array([[1.0, 2.0, 3.0]], dtype=np.float32)
        with tf.Session() as sess:
            assert sess.run(B, feed_dict={A: a_value}).tolist() == [[6.0, 7.0, 8.0]]
            return h.time_per_call(lambda: sess.run(B, feed_dict={A: a_value}))

def build_time(tf):
    """c: seconds per step of building a CHAIN_STEPS-step chain v = v + 1."""
    def build_chain():
        with tf.Graph().as_default():
            v = tf.constant(0)
            for _ in range(CHAIN_STEPS):
                v = v + 1
    build_chain()
    return h.time_once(build_chain, repeat=3) / CHAIN_STEPS

def elementwise_chain(tf):
    """e's graph: (placeholder X, the output of N_OPS ops in CHAIN's order)."""
    X = tf.placeholder(tf.float32, shape=(None,))
    v = X
    for i in range(N_OPS):
        kind, c = CHAIN[i % len(CHAIN)]
        v = v * c if kind == "mul" else (v + c if kind == "add" else v - c)
    return X, v
'''


def _programs():
    ns = {"h": h, "CHAIN_STEPS": CHAIN_STEPS, "N_OPS": N_OPS, "CHAIN": CHAIN}
    exec(PROGRAMS, ns)
    return ns


def _chain_step(i):
    return CHAIN[i % len(CHAIN)]


# ------------------------------------------------------------------------ in-process runs

def bench_interflow():
    import interflow as tf
    ns = _programs()
    return {"a": ns["run_overhead"](tf), "b": ns["feed_overhead"](tf),
            "c": ns["build_time"](tf)}


def _big_feed():
    return np.linspace(-1.0, 1.0, BIG_ELEMENTS, dtype=np.float32)


def _peak_bytes(fn):
    """Peak traced bytes allocated while `fn()` runs, its result included (NumPy reports its
    buffers to tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        peak = tracemalloc.get_traced_memory()[1]
        del result
    finally:
        tracemalloc.stop()
    return peak - base


def bench_numpy():
    res = {}
    x = np.array(3, dtype=np.int32)
    y = np.array(4, dtype=np.int32)
    two = np.int32(2)
    assert x * x * y + y + two == 42
    res["a"] = h.time_per_call(lambda: x * x * y + y + two)

    a_value = np.array([[1.0, 2.0, 3.0]], dtype=np.float32)
    res["b"] = h.time_per_call(lambda: a_value + 5)

    return res


def bench_chain():
    """e: interflow, naive NumPy and NumPy in place on the same 64 MiB feed, timed in turn."""
    import interflow as tf
    feed = _big_feed()
    kinds = [_chain_step(i)[0] for i in range(N_OPS)]
    consts = [np.float32(_chain_step(i)[1]) for i in range(N_OPS)]
    ufuncs = {"mul": np.multiply, "add": np.add, "sub": np.subtract}

    def naive():
        y = feed
        for kind, c in zip(kinds, consts):
            y = y * c if kind == "mul" else (y + c if kind == "add" else y - c)
        return y

    def in_place():
        y = ufuncs[kinds[0]](feed, consts[0])
        for kind, c in zip(kinds[1:], consts[1:]):
            ufuncs[kind](y, c, out=y)
        return y

    graph = tf.Graph()
    with graph.as_default():
        X, v = _programs()["elementwise_chain"](tf)
    with tf.Session(graph=graph) as sess:
        def interflow_run():
            return sess.run(v, feed_dict={X: feed})
        if not np.allclose(interflow_run(), naive(), rtol=1e-5, atol=1e-5):
            raise SystemExit("interflow and NumPy disagree on benchmark e")
        times = h.time_interleaved({"interflow": interflow_run, "naive": naive,
                                    "in_place": in_place})
        peaks = {"interflow": _peak_bytes(interflow_run), "naive": _peak_bytes(naive),
                 "in_place": _peak_bytes(in_place)}
    return {"e_time": times["interflow"], "e_peak": peaks["interflow"],
            "e_naive_time": times["naive"], "e_inplace_time": times["in_place"],
            "e_naive_peak": peaks["naive"], "e_inplace_peak": peaks["in_place"]}


# ------------------------------------------------------------------------ TensorFlow

TF_SCRIPT = r"""
import time
t0 = time.perf_counter()
import tensorflow.compat.v1 as tf
import_s = time.perf_counter() - t0
import numpy as np
import _harness as h
tf.disable_v2_behavior()
tf.logging.set_verbosity(tf.logging.ERROR)
exec(PROGRAMS)
res = {"version": tf.__version__, "d": import_s, "a": run_overhead(tf),
       "b": feed_overhead(tf), "c": build_time(tf)}
with tf.Graph().as_default():
    X, v = elementwise_chain(tf)
    feed = np.linspace(-1.0, 1.0, BIG_ELEMENTS, dtype=np.float32)
    with tf.Session() as sess:
        run = lambda: sess.run(v, feed_dict={X: feed})
        run()
        res["e_time"] = h.time_interleaved({"run": run})["run"]
h.emit(res)
"""


def bench_tf():
    script = ("CHAIN_STEPS = %d\nN_OPS = %d\nBIG_ELEMENTS = %d\nCHAIN = %r\nPROGRAMS = %r\n"
              % (CHAIN_STEPS, N_OPS, BIG_ELEMENTS, CHAIN, PROGRAMS)) + TF_SCRIPT
    return h.run_tf(script)


# ------------------------------------------------------------------------ report

def _ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def make_rows(itf, npy, tf, import_s):
    us = 1e6
    tf = tf or {}
    rows = []

    r = _ratio(itf["a"], tf.get("a"))
    rows.append(h.row("a. sess.run(x*x*y+y+2)", "us/run", itf["a"] * us, npy["a"] * us,
                      tf.get("a") and tf["a"] * us, "interflow <= TF/5 (ratio <= 0.2)", r,
                      "no TF" if r is None else r <= 0.2,
                      "interflow = %.1fx NumPy on 0-d int32 arrays" % (itf["a"] / npy["a"])))
    r = _ratio(itf["b"], tf.get("b"))
    rows.append(h.row("b. feed (1,3) float32, A+5", "us/run", itf["b"] * us, npy["b"] * us,
                      tf.get("b") and tf["b"] * us, "report (ratio to TF)", r, None,
                      "interflow = %.1fx NumPy a + 5" % (itf["b"] / npy["b"])))
    r = _ratio(itf["c"], tf.get("c"))
    rows.append(h.row("c. build x = x + 1 chain", "us/step", itf["c"] * us, None,
                      tf.get("c") and tf["c"] * us, "interflow <= TF/10 (ratio <= 0.1)", r,
                      "no TF" if r is None else r <= 0.1,
                      "%d steps in a fresh graph; each step adds a Const and an Add"
                      % CHAIN_STEPS))
    rows.append(h.row("d. import", "s", import_s, None, tf.get("d"), "interflow < 0.3 s",
                      import_s, import_s < 0.3,
                      "fresh process, median of 5 (TF: one import of tensorflow.compat.v1)"))
    r = _ratio(itf["e_time"], npy["e_inplace_time"])
    rows.append(h.row("e. 30 ops on 64 MiB: time", "ms/run", itf["e_time"] * 1e3,
                      npy["e_inplace_time"] * 1e3, tf.get("e_time") and tf["e_time"] * 1e3,
                      "<= 1.1x NumPy in place", r, r <= 1.1,
                      "median of 7 runs interleaved with NumPy's; NumPy column: in place "
                      "(out=); naive NumPy: %.1f ms/run"
                      % (npy["e_naive_time"] * 1e3)))
    r = _ratio(itf["e_peak"], npy["e_naive_peak"])
    rows.append(h.row("e. 30 ops on 64 MiB: peak", "MiB", itf["e_peak"] / MIB,
                      npy["e_naive_peak"] / MIB, None, "<= naive NumPy (ratio <= 1)", r,
                      r <= 1.0, "NumPy column: naive y = y*a; in place peaks at %.0f MiB; "
                      "peak = traced allocations during a run, result included"
                      % (npy["e_inplace_peak"] / MIB)))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-tf", action="store_true", help="skip TensorFlow")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)

    tf_python = None if args.no_tf else h.tf_python()
    print("interflow core benchmark (TensorFlow: %s)" % (tf_python or "not installed"),
          flush=True)
    import_s = h.import_time(sys.executable, "interflow", repeats=5, env=h.project_env(),
                             cwd=str(h.ROOT))
    itf = bench_interflow()
    npy = bench_numpy()
    chain = bench_chain()
    itf["e_time"], itf["e_peak"] = chain.pop("e_time"), chain.pop("e_peak")
    npy.update(chain)
    tf = bench_tf() if tf_python else None
    tf_note = "not installed"
    if tf and "error" in tf:
        tf_note = "failed: " + tf["error"]
        tf = None
    elif tf:
        tf_note = "%s (%s)" % (tf.get("version"), tf_python)

    rows = make_rows(itf, npy, tf, import_s)
    print()
    h.print_table(rows, "interflow vs NumPy vs TensorFlow %s" % tf_note)
    failed = [r["name"] for r in rows if r["status"] == "FAIL"]
    path = h.write_json("core", {"environment": h.environment(), "tensorflow": tf_note,
                                 "rows": rows,
                                 "raw_seconds_or_bytes": {"interflow": itf, "numpy": npy,
                                                          "tf": tf, "import_interflow": import_s}})
    print("\n%d of %d targets met; JSON: %s" % (
        sum(r["status"] == "PASS" for r in rows),
        sum(r["status"] in ("PASS", "FAIL") for r in rows), path))
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
