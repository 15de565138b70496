"""Shared benchmark helpers: timing, fresh-process import timing, running a script under
TensorFlow's interpreter, PASS/FAIL rows, the printed table and the JSON file.

Standard library only at import time: the TensorFlow subprocess imports this module too.
"""

import json
import os
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_TF_PYTHON = "/work/.tfvenv/bin/python"
_RESULT_MARK = "@@BENCH-RESULT@@"


# ----------------------------------------------------------------------------- timing

def time_per_call(fn, repeat=5):
    """Median seconds per call of `fn()` over `repeat` timeit loops of >= 0.2 s each."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return statistics.median(timer.repeat(repeat=repeat, number=number)) / number


def time_once(fn, repeat=3):
    """Median seconds of single calls of `fn()` (for calls too slow to loop)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_interleaved(fns, repeat=7):
    """{name: median seconds of one call} for the callables in `fns`, called in turn each
    round so that load from other processes hits them all alike."""
    times = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def time_paired(mine, reference, calls, rounds, warmup=60):
    """(median seconds per call of `mine`, of `reference`, median of the per-round ratios)
    for two step callables run in alternating rounds of `calls` calls each, after `warmup`
    calls each (a training loop's steady state). The ratio is taken within each round, so
    load from other processes, which shifts whole rounds, cancels out of it."""
    for step in (mine, reference):
        for _ in range(warmup):
            step()
    mine_times, reference_times = [], []
    clock = time.perf_counter
    for _ in range(rounds):
        for step, times in ((mine, mine_times), (reference, reference_times)):
            start = clock()
            for _ in range(calls):
                step()
            times.append((clock() - start) / calls)
    ratios = [a / b for a, b in zip(mine_times, reference_times)]
    return (statistics.median(mine_times), statistics.median(reference_times),
            statistics.median(ratios))


def import_time(python, module, repeats=5, env=None, cwd=None):
    """Median seconds to `import module` in a fresh `python` process (startup excluded)."""
    code = ("import time; t = time.perf_counter(); import %s; "
            "print(time.perf_counter() - t)" % module)
    # As a user's import: from cached bytecode (some shells set PYTHONDONTWRITEBYTECODE).
    env = dict(os.environ if env is None else env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([python, "-c", "import %s" % module], capture_output=True, env=env,
                   cwd=cwd, timeout=300)
    times = []
    for _ in range(repeats):
        out = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env,
                             cwd=cwd, timeout=300)
        if out.returncode != 0:
            raise RuntimeError("import %s failed in %s:\n%s" % (module, python, out.stderr))
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def project_env():
    """os.environ with the checkout first on PYTHONPATH (interflow importable uninstalled)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


# ----------------------------------------------------------------------------- TensorFlow

def tf_python():
    """TensorFlow's interpreter: $INTERFLOW_TF_PYTHON, else /work/.tfvenv's, else None."""
    path = os.environ.get("INTERFLOW_TF_PYTHON") or (
        DEFAULT_TF_PYTHON if os.path.exists(DEFAULT_TF_PYTHON) else None)
    return path if path and os.path.exists(path) else None


def run_tf(script, timeout=300):
    """Runs `script` under TensorFlow's interpreter; returns what it passed to `emit`.

    The script can `import _harness` (this module). Returns None when no TensorFlow
    interpreter is configured, and {"error": text} when the script failed.
    """
    python = tf_python()
    if python is None:
        return None
    env = dict(os.environ)
    env["PYTHONPATH"] = str(BENCH_DIR)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("CUDA_VISIBLE_DEVICES", "")
    try:
        out = subprocess.run([python, "-c", script], capture_output=True, text=True, env=env,
                             cwd="/tmp", timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": "timed out after %d s" % timeout}
    for line in out.stdout.splitlines():
        if line.startswith(_RESULT_MARK):
            return json.loads(line[len(_RESULT_MARK):])
    return {"error": "exit %d: %s" % (out.returncode, out.stderr.strip()[-2000:])}


def emit(result):
    """Sends `result` (JSON-able) from a subprocess script back to `run_tf`."""
    print(_RESULT_MARK + json.dumps(result), flush=True)


# ----------------------------------------------------------------------------- rows

def row(name, unit, interflow, numpy=None, tf=None, target="", ratio=None, passed=None,
        note=""):
    """One table row. `ratio` is the measured ratio named by `target`; `passed` is True,
    False, None (reported, no target) or a string such as "no TF" (target not measurable)."""
    if isinstance(passed, str):
        status = passed
    else:
        status = "info" if passed is None else ("PASS" if passed else "FAIL")
    return {"name": name, "unit": unit, "interflow": interflow, "numpy": numpy, "tf": tf,
            "target": target, "ratio": ratio, "status": status, "note": note}


def _fmt(value):
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return "%.0f" % value
    if abs(value) >= 10:
        return "%.1f" % value
    return "%.3g" % value


def print_table(rows, title, file=None):
    """Prints `rows` (from `row`) as an aligned text table."""
    file = file or sys.stdout
    header = ["benchmark", "unit", "interflow", "NumPy", "TF 1 (compat.v1)", "target",
              "measured", "status"]
    lines = [[r["name"], r["unit"], _fmt(r["interflow"]), _fmt(r["numpy"]), _fmt(r["tf"]),
              r["target"], _fmt(r["ratio"]) if r["ratio"] is not None else "-", r["status"]]
             for r in rows]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    print(title, file=file)
    print(rule, file=file)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)), file=file)
    print(rule, file=file)
    for line in lines:
        print("  ".join(c.ljust(w) if i in (0, 1, 5, 7) else c.rjust(w)
                        for i, (c, w) in enumerate(zip(line, widths))).rstrip(), file=file)
    print(rule, file=file)
    for r in rows:
        if r["note"]:
            print("  %s: %s" % (r["name"], r["note"]), file=file)


def write_json(name, payload):
    """Writes artifacts/bench/<name>.json; returns its path."""
    path = ROOT / "artifacts" / "bench" / (name + ".json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def environment():
    """Versions and machine facts recorded next to the numbers."""
    import platform
    info = {"python": platform.python_version(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "time": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    try:
        import numpy
        info["numpy"] = numpy.__version__
    except ImportError:
        pass
    return info
