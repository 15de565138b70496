"""Notebooks executed in a real kernel (nbclient): %load_ext interflow, %graph and %%trace give
SVG outputs and the lifecycle example's exact counts; nbconvert's HTML keeps the pictures."""

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

import shutil  # noqa: E402

from tests.notebook.conftest import KERNEL_NAME  # noqa: E402

needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz's dot is not installed (apt-get install graphviz)")

LIFECYCLE = "import interflow as tf\nw = tf.constant(3, name='w')\nx = w + 2\ny = x + 5\nz = x * 3"


def execute(cells, jupyter_data, tmp_path, kernel=KERNEL_NAME):
    """Runs a notebook of `cells` in a fresh kernel; returns the executed notebook."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
    specs = KernelSpecManager(kernel_dirs=[str(jupyter_data / "kernels")])
    km = KernelManager(kernel_name=kernel, kernel_spec_manager=specs)
    client = nbclient.NotebookClient(nb, km=km, timeout=120, allow_errors=False,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    return nb


def outputs(cell, output_type=None):
    return [o for o in cell.outputs if output_type is None or o.output_type == output_type]


def stream(cell, name):
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == name)


@pytest.fixture(scope="module")
def lifecycle_nb(jupyter_data, tmp_path_factory):
    cells = [
        "%load_ext interflow",                                                         # 0
        LIFECYCLE,                                                                     # 1
        "%graph",                                                                      # 2
        "%graph y",                                                                    # 3
        "%%trace t\nwith tf.Session() as sess:\n    print(y.eval())\n    print(z.eval())",  # 4
        "print(t.counts)\nprint([r.ops for r in t.runs])",                             # 5
        "%%trace t2\nwith tf.Session() as sess:\n    y_val, z_val = sess.run([y, z])",     # 6
        "print(t2.counts)",                                                            # 7
        "tf.get_default_graph()",                                                      # 8
        "y",                                                                           # 9
        "sess = tf.InteractiveSession()\n%graph y z --values",                         # 10
        "%graph nope",                                                                 # 11
        "%%graph\nv = tf.Variable(1.0, name='v')\nu = v * 2.0",                        # 12
        "%%graph\nv = tf.Variable(1.0, name='v')\nu = v * 2.0",                        # 13
        "%reset_graph",                                                                # 14
    ]
    return execute(cells, jupyter_data, tmp_path_factory.mktemp("nb"))


@needs_dot
def test_graph_magics_output_svg(lifecycle_nb):
    cells = lifecycle_nb.cells
    for i in (2, 3, 8, 10, 12, 13):
        svgs = [o for o in outputs(cells[i]) if "image/svg+xml" in o.get("data", {})]
        assert len(svgs) == 1, (i, cells[i].outputs)
        data = svgs[0]["data"]
        assert data["image/svg+xml"].lstrip().startswith("<svg")
        assert "text/plain" in data
    assert "<title>add_1</title>" in outputs(cells[3])[0]["data"]["image/svg+xml"]
    assert "<title>mul</title>" not in outputs(cells[3])[0]["data"]["image/svg+xml"]
    values_svg = outputs(cells[10], "execute_result")[0]["data"]["image/svg+xml"]
    assert ">15</text>" in values_svg and ">10</text>" in values_svg


def test_trace_counts_the_lifecycle_example_exactly(lifecycle_nb):
    cells = lifecycle_nb.cells
    assert stream(cells[4], "stdout").startswith("10\n15\n")
    assert stream(cells[5], "stdout") == (
        "{'w': 2, 'add/y': 2, 'add': 2, 'add_1/y': 1, 'add_1': 1, 'mul/y': 1, 'mul': 1}\n"
        "[['w', 'add/y', 'add', 'add_1/y', 'add_1'], ['w', 'add/y', 'add', 'mul/y', 'mul']]\n")
    assert stream(cells[7], "stdout") == (
        "{'w': 1, 'add/y': 1, 'add': 1, 'add_1/y': 1, 'add_1': 1, 'mul/y': 1, 'mul': 1}\n")


@needs_dot
def test_trace_shows_the_counted_graph_and_the_run_table(lifecycle_nb):
    trace_cell = lifecycle_nb.cells[4]
    shown = [o for o in outputs(trace_cell) if o.output_type in ("display_data",
                                                                  "execute_result")]
    assert [sorted(o["data"]) for o in shown] == [["image/svg+xml", "text/plain"],
                                                  ["text/html", "text/plain"]]
    assert shown[0]["data"]["image/svg+xml"].count("ran 2×") == 3   # w, add/y and add
    assert shown[1]["data"]["text/plain"].splitlines()[:2] == [
        "run 1: y.eval() computed w, x, y (+2 constants: add/y, add_1/y)",
        "run 2: z.eval() computed w, x, z (+2 constants: add/y, mul/y)"]
    assert "<code>y.eval()</code>" in shown[1]["data"]["text/html"]


def test_tensors_keep_their_text_repr(lifecycle_nb):
    out = outputs(lifecycle_nb.cells[9], "execute_result")[0]
    assert dict(out["data"]) == {"text/plain": "<tf.Tensor 'add_1:0' shape=() dtype=int32>"}


def test_magic_failures_and_notes_are_one_line(lifecycle_nb):
    cells = lifecycle_nb.cells
    assert stream(cells[11], "stderr") == (
        "%graph: unknown tensor or op 'nope': no such Python name in this notebook, nor an op "
        "of the default graph\n")
    assert not outputs(cells[11], "error") and not outputs(cells[11], "execute_result")
    assert stream(cells[12], "stderr") == ""
    assert stream(cells[13], "stderr") == (
        "%%graph: Re-running this cell added copies of its ops (v_1, mul_2 beside v, mul_1): "
        "run %reset_graph, or put tf.reset_default_graph() at the top of the cell.\n")
    assert stream(cells[14], "stdout").startswith(
        "Reset the default graph (19 ops removed) and closed the default InteractiveSession.")


@needs_dot
def test_nbconvert_html_keeps_the_pictures_without_a_kernel(lifecycle_nb):
    nbconvert = pytest.importorskip("nbconvert")
    import base64
    import re
    html, _ = nbconvert.HTMLExporter().from_notebook_node(lifecycle_nb)
    pictures = [base64.b64decode(m).decode("utf-8") for m in
                re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)]
    assert len(pictures) == 8 and all(p.startswith("<svg") for p in pictures)
    assert sum("ran 2×" in p for p in pictures) == 1
    assert "<code>y.eval()</code>" in html


def test_without_dot_the_kernel_shows_dot_text(jupyter_data, tmp_path):
    nb = execute(["%load_ext interflow", LIFECYCLE, "%graph y", "tf.get_default_graph()"],
                 jupyter_data, tmp_path, kernel=KERNEL_NAME + "-no-dot")
    for cell in nb.cells[2:]:
        data = outputs(cell, "execute_result")[0]["data"]
        assert list(data) == ["text/plain"]
        lines = data["text/plain"].splitlines()
        assert lines[0].startswith("Graphviz's dot program was not found")
        assert lines[1] == "digraph interflow {"
