"""Writes the course notebooks (notebooks/*.ipynb, notebooks/exercises/*.ipynb) and the teacher
solutions (solutions/*.ipynb) from their sources in tools/notebook_sources/, without outputs.

    python tools/make_notebooks.py           # (re)write every notebook
    python tools/make_notebooks.py --check   # exit 1 if a committed notebook is out of date

Edit the sources, not the .ipynb files: the notebooks are generated so that cell ids and
metadata are stable (small diffs) and the student and teacher versions of an exercise cannot
drift apart. notebooks/00_getting_started.ipynb is written by hand and is not touched here.
"""

import argparse
import importlib
import json
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                   "name": "python3"},
    "language_info": {"name": "python"},
}

TEACHER_BANNER = ("> **Teacher's solution.** This notebook is the solved version of `{student}`."
                  " Keep it out of the students' folder; `tests/test_exercises.py` and "
                  "`tests/test_tutorial_notebooks.py` check that every answer here passes.")


def notebooks():
    """Every Notebook defined in tools/notebook_sources (modules named nNN_*), in order."""
    import notebook_sources
    found = []
    for info in sorted(pkgutil.iter_modules(notebook_sources.__path__), key=lambda i: i.name):
        if info.name.startswith("n"):
            module = importlib.import_module("notebook_sources." + info.name)
            found.append(module.NOTEBOOK)
    return found


def _cell_json(index, kind, source, tags):
    cell = {"cell_type": kind, "id": "cell-%02d" % index, "metadata": {}, "source": source}
    if tags:
        cell["metadata"]["tags"] = list(tags)
    if kind == "code":
        cell["execution_count"] = None
        cell["outputs"] = []
    return cell


def render(notebook, teacher=False):
    """The .ipynb JSON text of `notebook` (the teacher's version when teacher=True)."""
    cells = []
    if teacher:
        cells.append(("markdown", TEACHER_BANNER.format(student=notebook.path), ["teacher"]))
    for cell in notebook.cells:
        if getattr(cell, "teacher_only", False):
            if teacher:
                cells.append(("markdown", cell.solution, ["teacher"]))
            continue
        source = cell.solution if teacher and cell.solution is not None else cell.source
        tags = ["solution" if teacher else "exercise"] if "exercise" in cell.tags else \
            cell.tags
        cells.append((cell.kind, source, tags))
    nb = {"cells": [_cell_json(i, k, s, t) for i, (k, s, t) in enumerate(cells)],
          "metadata": METADATA, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def outputs():
    """{path relative to ROOT: JSON text} of every generated notebook."""
    result = {}
    for nb in notebooks():
        result[nb.path] = render(nb)
        if nb.solution_path:
            result[nb.solution_path] = render(nb, teacher=True)
    return result


def validate(text, path):
    try:
        import nbformat
    except ImportError:  # validation is a nicety; the JSON is written by hand above
        return
    nbformat.validate(nbformat.reads(text, as_version=4))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only compare with the files on disk; exit 1 if any differs")
    args = parser.parse_args(argv)
    stale = []
    for rel, text in outputs().items():
        validate(text, rel)
        path = ROOT / rel
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print("wrote", rel)
    if stale:
        print("out of date (run python tools/make_notebooks.py): " + ", ".join(stale),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
