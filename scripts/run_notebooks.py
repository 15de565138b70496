"""Executes notebooks headless (nbclient) and writes executed copies and HTML (nbconvert).

    python scripts/run_notebooks.py [NOTEBOOK_OR_DIR ...] [--out DIR] [--timeout SECONDS]
    python scripts/run_notebooks.py --ensure-kernel

With no paths it runs every .ipynb under notebooks/ (recursively, skipping checkpoints and
_executed/). Notebooks run in this interpreter's kernel (registered in sys.prefix as the
`interflow` kernelspec), with the notebook's folder as working directory. Exits 1 if any cell
raised; the partly executed copy is still written so the error can be read in the HTML.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERNEL_NAME = "interflow"
SKIP_PARTS = {".ipynb_checkpoints", "_executed"}

# An environment's own kernelspecs win over same-named ones in ~/.local (jupyter_core >= 5).
os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")


def ensure_kernel():
    """Registers this interpreter as the `interflow` kernelspec in sys.prefix if needed."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        if _same_file(spec.argv[0], sys.executable):
            return KERNEL_NAME
    except NoSuchKernel:
        pass
    from ipykernel.kernelspec import install
    install(kernel_name=KERNEL_NAME, display_name="Python 3 (interflow)", prefix=sys.prefix)
    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    if not _same_file(spec.argv[0], sys.executable):
        sys.exit("kernelspec %r runs %s, not %s: remove the other %r kernelspec "
                 "(jupyter kernelspec list)" % (KERNEL_NAME, spec.argv[0], sys.executable,
                                               KERNEL_NAME))
    return KERNEL_NAME


def _same_file(a, b):
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def find_notebooks(paths):
    """The .ipynb files in `paths` (files or folders, searched recursively), sorted."""
    found = []
    for p in paths:
        p = Path(p).resolve()
        candidates = [p] if p.is_file() else sorted(p.rglob("*.ipynb"))
        for nb in candidates:
            if nb.suffix == ".ipynb" and not SKIP_PARTS.intersection(nb.parts):
                found.append(nb)
    return found


def run_notebook(path, out_dir, kernel_name, timeout):
    """Executes one notebook; writes OUT/<relative>.ipynb and .html. Returns an error or None."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter

    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name,
                            resources={"metadata": {"path": str(path.parent)}})
    error = None
    try:
        client.execute()
    except CellExecutionError as e:
        error = str(e)
    except Exception as e:  # a dead kernel or a timeout is a failure too, not a crash
        error = "%s: %s" % (type(e).__name__, e)
    try:
        rel = path.relative_to(ROOT / "notebooks")
    except ValueError:
        rel = Path(path.name)
    target = out_dir / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(target))
    html, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    target.with_suffix(".html").write_text(html, encoding="utf-8")
    return error


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="notebooks or folders (default: notebooks/)")
    parser.add_argument("--out", default=str(ROOT / "artifacts" / "notebooks"))
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--ensure-kernel", action="store_true",
                        help="only register the kernelspec, then exit")
    args = parser.parse_args(argv)

    kernel_name = ensure_kernel()
    if args.ensure_kernel:
        return 0
    # The kernel imports this checkout even if it was not pip-installed.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    notebooks = find_notebooks(args.paths or [ROOT / "notebooks"])
    if not notebooks:
        print("no notebooks found in %s" % (args.paths or "notebooks/"), file=sys.stderr)
        return 1
    out_dir = Path(args.out).resolve()
    failed = []
    for nb in notebooks:
        start = time.perf_counter()
        error = run_notebook(nb, out_dir, kernel_name, args.timeout)
        status = "ok" if error is None else "FAILED"
        print("%-6s %5.1fs  %s" % (status, time.perf_counter() - start,
                                   os.path.relpath(nb, ROOT)), flush=True)
        if error is not None:
            failed.append(nb)
            print(error, file=sys.stderr)
    print("%d notebook(s) ran cleanly, %d failed; executed copies and HTML in %s"
          % (len(notebooks) - len(failed), len(failed), out_dir))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
