"""The course notebooks (notebooks/, notebooks/exercises/) and the teacher solutions
(solutions/) run top to bottom in a real kernel without an error; their nbconvert HTML keeps the
SVG drawings; the teacher's answers pass every check and the unfilled exercises fail them; the
prose's claims hold; one headless-Chromium screenshot per notebook goes to
artifacts/screenshots/notebooks/."""

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.notebook.conftest import write_kernelspec

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "interflow-course"
SCREENSHOTS = ROOT / "artifacts" / "screenshots" / "notebooks"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _course_notebooks():
    found = []
    for folder in (ROOT / "notebooks", ROOT / "solutions"):
        for path in sorted(folder.rglob("*.ipynb")):
            if not {".ipynb_checkpoints", "_executed"}.intersection(path.parts):
                found.append(path.relative_to(ROOT).as_posix())
    return found


NOTEBOOKS = _course_notebooks()
needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz's dot is not installed (apt-get install graphviz)")


def test_the_course_is_all_there():
    expected = {"notebooks/%s.ipynb" % n for n in (
        "00_getting_started", "01_graphs_and_sessions", "02_lifecycle_of_a_node_value",
        "03_linear_regression_normal_equation", "04_gradient_descent",
        "05_mini_batches_and_placeholders", "06_saving_and_restoring",
        "07_visualizing_graphs_and_training_curves", "08_name_scopes_and_modularity",
        "09_sharing_variables", "10_course_exercises")}
    for name in ("01_graphs_and_sessions", "02_linear_regression", "03_scopes_and_sharing"):
        expected.add("notebooks/exercises/%s.ipynb" % name)
        expected.add("solutions/%s_solution.ipynb" % name)
    assert expected <= set(NOTEBOOKS)


def test_generated_notebooks_are_up_to_date_and_have_no_outputs():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "make_notebooks.py"), "--check"],
                          capture_output=True, text=True, cwd=str(ROOT))
    assert proc.returncode == 0, proc.stderr
    for rel in NOTEBOOKS:
        nb = json.loads((ROOT / rel).read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, rel


def test_solutions_are_kept_out_of_the_students_folder():
    student = [p for p in NOTEBOOKS if p.startswith("notebooks/exercises/")]
    for rel in student:
        text = (ROOT / rel).read_text(encoding="utf-8")
        assert "Teacher" not in text and '"solution"' not in text, rel
    assert not list((ROOT / "notebooks").rglob("*solution*"))


# ------------------------------------------------------------------ running the notebooks


@pytest.fixture(scope="session")
def kernel_dirs(tmp_path_factory):
    kernels = tmp_path_factory.mktemp("course-kernels")
    write_kernelspec(kernels, KERNEL)
    return [str(kernels)]


def _cache_dir(tmp_path_factory):
    # Shared by pytest-xdist workers (their basetemps are siblings), so a notebook executed for
    # one test is reused by the others.
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    path = base / "course-notebooks"
    path.mkdir(parents=True, exist_ok=True)
    return path


def execute(rel, kernel_dirs, tmp_path_factory):
    """The executed notebook `rel` (run once per content, cached on disk)."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    source = (ROOT / rel).read_bytes()
    key = hashlib.sha256(source + rel.encode()).hexdigest()[:16]
    cache = _cache_dir(tmp_path_factory) / ("%s-%s.ipynb" % (rel.replace("/", "__"), key))
    if cache.exists():
        return nbformat.read(str(cache), as_version=4)
    nb = nbformat.reads(source.decode("utf-8"), as_version=4)
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": KERNEL, "language": "python"}
    workdir = tmp_path_factory.mktemp("run-" + Path(rel).stem)  # tf_logs/ etc. go here
    km = KernelManager(kernel_name=KERNEL,
                       kernel_spec_manager=KernelSpecManager(kernel_dirs=kernel_dirs))
    client = nbclient.NotebookClient(nb, km=km, timeout=300, allow_errors=False,
                                     resources={"metadata": {"path": str(workdir)}})
    client.execute()
    partial = cache.with_suffix(".tmp%d" % os.getpid())
    nbformat.write(nb, str(partial))
    os.replace(partial, cache)
    return nb


def to_html(nb):
    from nbconvert import HTMLExporter
    html, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    return html


def svg_pictures(html):
    return [base64.b64decode(m).decode("utf-8") for m in
            re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)]


def _source(cell):
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def _text(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out:
            parts.append(out.data.get("text/plain", ""))
    return "".join(parts)


def _svgs(cell):
    return [out.data["image/svg+xml"] for out in cell.get("outputs", [])
            if "data" in out and "image/svg+xml" in out.data]


def _check_results(nb):
    """The text of every exercise check's result, in order."""
    return [_text(cell) for cell in nb.cells
            if cell.cell_type == "code" and _source(cell).lstrip().startswith("ex.check_")]


def _cell(nb, startswith):
    for cell in nb.cells:
        if cell.cell_type == "code" and _source(cell).lstrip().startswith(startswith):
            return cell
    raise AssertionError("no cell starts with %r" % startswith)


# What the prose of each tutorial says the outputs show: (cell start, what it must print).
CLAIMS = {
    "notebooks/01_graphs_and_sessions.ipynb": [
        ("y2 = tf.nn.conv2d", "FailedPreconditionError"),
        ("sess = tf.Session()\nsess.run(x.initializer)", "42"),
        ("for attempt in range(3)", "'v', 'v_1', 'v_2'"),
        ("G = tf.Graph()", "Graph is finalized"),
        ("tf.reset_default_graph()\ng = tf.get_default_graph()", "MatMul   MatMul  /device:GPU:0"),
    ],
    "notebooks/02_lifecycle_of_a_node_value.ipynb": [
        ("%%trace t\n", "computed more than once: w ×2, x ×2"),
        ("print(t.counts)", "'add': 2"),
        ("%%trace t2", "run 1: sess.run([y, z]) computed w, x, y, z"),
        ("%%trace counting", "0\n1\n2\n3\n"),
        ("sess_a = tf.Session()", "session a: 3   session b: 0"),
        ("%%trace\nwith tf.Session() as sess:\n    print(y.eval(feed_dict",
         "computed y (+1 constant"),
        ("stepper.step(3)", "just ran: add\nvalues:   {'Const:0': 3, 'add/y:0': 2, 'add:0': 5}"),
    ],
    "notebooks/04_gradient_descent.ipynb": [
        ("from interflow.testing import check_gradients", "GradientCheck(ok"),
    ],
    "notebooks/05_mini_batches_and_placeholders.ipynb": [
        ("with tf.Session() as sess:\n    for feed in", "You must feed a value for placeholder"),
        ("trainer.step(300)", "300 steps; MSE every 50 steps: [3.0"),
    ],
    "notebooks/06_saving_and_restoring.ipynb": [
        ("with tf.Session() as sess:\n    saver.restore", "True"),
        ("saver = tf.train.Saver({\"weights\": theta})", "('weights', [9, 1])"),
        ("reset_graph()\n# notice that we start with an empty graph.", "0 nodes"),
    ],
    "notebooks/07_visualizing_graphs_and_training_curves.ipynb": [
        ("from tensorboard", "scalar tags: ['MSE_1']"),
    ],
    "notebooks/09_sharing_variables.ipynb": [
        ("reset_graph()\n\nwith tf.variable_scope(\"my_scope\")",
         "x4: my_scope_1/x\nx5: my_scope/x\nTrue"),
        ("[v.name for v in tf.global_variables()", "['relu/threshold:0']"),
    ],
    "notebooks/10_course_exercises.ipynb": [
        ("%%trace\na_val, b_val = sess.run([a, b])", "one run:  b - a = 1.0"),
        ("tf.reset_default_graph()\nw = tf.Variable(0", "w in session 1: 5   w in session 2: 0"),
    ],
}


def _number(text, label):
    match = re.search(re.escape(label) + r"\s*([-\d.e]+)", text)
    assert match, (label, text)
    return float(match.group(1))


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_notebook_runs_and_its_html_keeps_the_graphs(rel, kernel_dirs, tmp_path_factory):
    nb = execute(rel, kernel_dirs, tmp_path_factory)   # raises on any cell error
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "error"], _source(cell)
            assert "Traceback" not in _text(cell), _source(cell)
    for start, expected in CLAIMS.get(rel, []):
        assert expected in _text(_cell(nb, start)), (start, _text(_cell(nb, start)))
    if shutil.which("dot"):
        pictures = svg_pictures(to_html(nb))
        assert pictures, "no SVG drawing in the HTML of %s" % rel
        assert all(p.lstrip().startswith("<svg") for p in pictures)


@pytest.mark.parametrize("rel", [p for p in NOTEBOOKS if p.startswith("solutions/")])
def test_teacher_solutions_pass_every_check(rel, kernel_dirs, tmp_path_factory):
    results = _check_results(execute(rel, kernel_dirs, tmp_path_factory))
    assert results and all(r.startswith("✓") for r in results), results


@pytest.mark.parametrize("rel", [p for p in NOTEBOOKS if p.startswith("notebooks/exercises/")])
def test_unfilled_exercises_fail_every_check_with_a_hint(rel, kernel_dirs, tmp_path_factory):
    results = _check_results(execute(rel, kernel_dirs, tmp_path_factory))
    assert results and all(r.startswith("✗") and "Hint:" in r for r in results), results
    solution = nbformat.read(str(ROOT / "solutions" / (Path(rel).stem + "_solution.ipynb")),
                             as_version=4)
    assert len(results) == len(_check_results(solution))   # same exercises as the solution


@needs_dot
def test_drawings_show_what_the_prose_says(kernel_dirs, tmp_path_factory):
    nb = execute("notebooks/08_name_scopes_and_modularity.ipynb", kernel_dirs, tmp_path_factory)
    bug = _svgs(_cell(nb, "%graph output"))[0]
    assert "<title>weights11</title>" in bug and "weights22" not in bug and "z22" not in bug
    nb = execute("notebooks/02_lifecycle_of_a_node_value.ipynb", kernel_dirs, tmp_path_factory)
    assert _svgs(_cell(nb, "%%trace t\n"))[0].count("ran 2×") == 3      # w, add/y, x
    nb = execute("notebooks/04_gradient_descent.ipynb", kernel_dirs, tmp_path_factory)
    for cell in nb.cells:
        if _source(cell).startswith("print(\"largest difference"):
            assert _number(_text(cell), "best theta:") < 0.01


# ------------------------------------------------------------------ screenshots


def _chromium():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Playwright for Python is not installed")
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip("Debian's Chromium is not installed at %s" % CHROMIUM)
    return sync_api


@pytest.mark.browser
@needs_dot
@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_screenshot_of_the_html(rel, kernel_dirs, tmp_path_factory, tmp_path):
    sync_api = _chromium()
    nb = execute(rel, kernel_dirs, tmp_path_factory)
    page_file = tmp_path / "notebook.html"
    page_file.write_text(to_html(nb), encoding="utf-8")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / (rel[:-len(".ipynb")].replace("/", "__") + ".png")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1500})
            # Offline: the page's CDN scripts (require.js, MathJax) are refused at once.
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith(("file:", "data:")) else route.abort())
            page.goto(page_file.as_uri(), wait_until="load")
            images = page.locator("img[src^='data:image/svg+xml']")
            assert images.count() >= 1
            # Every drawing decoded and laid out (without a kernel: the SVG is in the page).
            assert page.evaluate("""() => [...document.querySelectorAll(
                "img[src^='data:image/svg+xml']")].every(i => i.complete && i.naturalWidth > 50)
                """)
            # The first drawing, with the code cell that made it, at the top of the picture.
            first = images.first
            first.evaluate("""img => {
                const cell = img.closest('.jp-Cell') || img;
                window.scrollTo(0, cell.getBoundingClientRect().top + window.scrollY - 10);
            }""")
            page.screenshot(path=str(target))
        finally:
            browser.close()
    assert target.stat().st_size > 10000
