"""The steppers' widgets in a real browser: JupyterLab (and Voila) on localhost, Debian's headless
Chromium driven by Playwright for Python. A notebook opens %step and %train; clicking Step, Back
and Play moves the highlighted op and changes the values shown. Screenshots go to
artifacts/screenshots/."""

import os
import socket
import sys
import time

import numpy as np
import pytest

from tests.notebook.conftest import KERNEL_NAME, ROOT
from tests.notebook.test_browser import (CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, _free_port,
                                         jupyterlab,  # noqa: F401  (a fixture)
                                         all_cells_ran, local_server, open_and_run_all)

pytestmark = pytest.mark.browser

PROGRAM = """import numpy as np
import interflow as tf
x = tf.placeholder(tf.float32, [None, 2], name="x")
with tf.name_scope("model"):
    w = tf.Variable([[1.0], [2.0]], name="w")
    y = tf.matmul(x, w, name="y")
loss = tf.reduce_mean(tf.square(y - 1.0), name="loss")
train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
sess = tf.InteractiveSession()
sess.run(tf.global_variables_initializer())"""
BATCH = "np.array([[1., 2.], [3., 4.]], np.float32)"
CELLS = [
    "%load_ext interflow",
    PROGRAM,
    "%step loss --feed x=" + BATCH,
    "%train train --feed x=np.ones((4, 2), np.float32) --watch loss,w",
]
NOTEBOOK = "stepper_demo.ipynb"


def expected_run():
    """The op order and each op's value text, from the same program run here."""
    import interflow as tf
    from interflow.notebook import values
    from interflow.notebook.stepper import OpStepper
    ns = {}
    tf.reset_default_graph()
    try:
        exec(PROGRAM, ns)
        stepper = OpStepper(ns["loss"], feed_dict={ns["x"]: eval(BATCH, {"np": np})},
                            session=ns["sess"])
        texts = []
        while not stepper.done:
            op = tf.get_default_graph().get_operation_by_name(stepper.step())
            texts.append(values.format_outputs([stepper.values[t.name] for t in op.outputs]))
        return stepper.order, texts, stepper.result
    finally:
        ns["sess"].close()
        tf.reset_default_graph()


def write_notebook(directory):
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": KERNEL_NAME,
                                 "language": "python"}
    nbformat.write(nb, str(directory / NOTEBOOK))


def browser_or_skip():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Playwright for Python is not installed (pip install "
                                          "playwright)")
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip("Debian's Chromium is not installed at %s (apt-get install chromium)"
                    % CHROMIUM)
    pytest.importorskip("ipywidgets", reason="ipywidgets is not installed")
    return sync_api


def launch(p, tmp_path):
    return p.chromium.launch_persistent_context(
        str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True,
        args=CHROMIUM_ARGS, viewport={"width": 1500, "height": 1400})


# ----------------------------------------------------------------------------- page helpers

_HIGHLIGHTED = """(root) => {
    // The op drawn with the current op's outline (the overlay's CSS), and how many are.
    const found = [];
    for (const g of root.querySelectorAll('g.node')) {
        const shape = g.querySelector('path, polygon, ellipse');
        if (shape && getComputedStyle(shape).strokeWidth === '4px') {
            found.push(g.querySelector('title').textContent);
        }
    }
    return found;
}"""

_OVERLAY_TEXT = """(root) => Array.from(root.querySelectorAll('[class$="-overlay-svg"] text'))
    .map(t => t.textContent).join('\\n')"""


def stepper_state(widget):
    status = widget.locator("[class*='-status']").first.inner_text()
    return {"status": status.strip(),
            "highlighted": widget.evaluate(_HIGHLIGHTED),
            "overlay": widget.evaluate(_OVERLAY_TEXT),
            "panel": widget.locator("[class*='-panel']").first.inner_text()}


def wait_for_status(widget, text, timeout=60):
    deadline = time.time() + timeout
    while True:
        status = widget.locator("[class*='-status']").first.inner_text()
        if text in status:
            return status
        assert time.time() < deadline, "status %r never showed %r" % (status, text)
        time.sleep(0.2)


def wait_until(condition, message, timeout=30):
    deadline = time.time() + timeout
    while not condition():
        assert time.time() < deadline, message
        time.sleep(0.2)


def check_op_stepper(page, widget, order, texts, shot):
    """Step, Step, Step, Back, then Play to the end: status, highlight and values follow."""
    n = len(order)
    assert "before the first op" in stepper_state(widget)["status"]
    step = widget.locator("button:has-text('Step')").first
    back = widget.locator("button:has-text('Back')").first
    for k in range(1, 4):
        step.click()
        wait_for_status(widget, "op %d of %d: %s" % (k, n, order[k - 1]))
    state = stepper_state(widget)
    assert state["highlighted"] == [order[2]], state
    assert texts[2].split("\n")[0] in state["overlay"]
    assert "current op: %s" % order[2] in state["panel"]
    page.screenshot(path=str(SCREENSHOTS / (shot + "_step3.png")))
    back.click()
    wait_for_status(widget, "op 2 of %d: %s" % (n, order[1]))
    state = stepper_state(widget)
    assert state["highlighted"] == [order[1]], state
    assert "current op: %s" % order[1] in state["panel"]
    # Play: the ops run one after the other up to the end of the run.
    widget.locator(".widget-play button").first.click()
    wait_for_status(widget, "done", timeout=90)
    state = stepper_state(widget)
    assert state["highlighted"] == [order[-1]], state
    assert texts[-1] in state["overlay"] and texts[-1] in state["panel"]
    page.screenshot(path=str(SCREENSHOTS / (shot + "_done.png")))
    widget.screenshot(path=str(SCREENSHOTS / (shot + "_widget.png")))


def check_training(page, widget, shot):
    wait_for_status(widget, "0 steps run")
    widget.locator("button:has-text('Step')").first.click()
    wait_for_status(widget, "1 step run")
    assert "before step 1" in widget.inner_text()
    widget.locator("button:has-text('Run N')").first.click()
    wait_for_status(widget, "11 steps run")
    wait_until(lambda: widget.locator("svg.interflow-loss-curve polyline").count() == 2,
               "the loss curve was not drawn")
    # Play trains on, one step per tick; the same button pauses.
    play = widget.locator(".widget-play button").first
    play.click()
    wait_for_status(widget, "13 steps run")
    play.click()
    time.sleep(1.0)
    paused = widget.locator("[class*='-status']").first.inner_text()
    time.sleep(1.5)
    assert widget.locator("[class*='-status']").first.inner_text() == paused
    widget.screenshot(path=str(SCREENSHOTS / (shot + "_training.png")))


# ----------------------------------------------------------------------------- JupyterLab

def test_steppers_in_jupyterlab(jupyterlab, tmp_path):  # noqa: F811
    sync_api = browser_or_skip()
    url, token = jupyterlab
    write_notebook(tmp_path / "root")
    order, texts, _ = expected_run()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        context = launch(p, tmp_path)
        try:
            page = context.pages[0] if context.pages else context.new_page()
            open_and_run_all(page, url, token, NOTEBOOK, lambda: all_cells_ran(page, len(CELLS)))
            cells = page.locator(".jp-Notebook .jp-CodeCell")
            op_widget = cells.nth(2).locator(".jp-OutputArea-output").first
            op_widget.locator("button:has-text('Step')").wait_for(timeout=30000)
            assert "Traceback" not in page.locator(".jp-Notebook").inner_text()
            # The static SVG kept for a saved notebook is there, and hidden while live.
            snapshot = cells.nth(2).locator("img[src^='data:image/svg+xml']")
            assert snapshot.count() == 1 and not snapshot.is_visible()
            check_op_stepper(page, op_widget, order, texts, "jupyterlab_stepper")
            train_widget = cells.nth(3).locator(".jp-OutputArea-output").first
            train_widget.scroll_into_view_if_needed()
            check_training(page, train_widget, "jupyterlab")
            page.screenshot(path=str(SCREENSHOTS / "jupyterlab_stepper_notebook.png"),
                            full_page=True)
        finally:
            context.close()


# ----------------------------------------------------------------------------- Voila

@pytest.fixture
def voila(jupyter_data, tmp_path):
    """Voila on a free localhost port serving the stepper notebook."""
    pytest.importorskip("voila", reason="Voila is not installed (pip install voila)")
    root = tmp_path / "voila-root"
    root.mkdir()
    write_notebook(root)
    port = _free_port()
    env = dict(os.environ)
    env.update({
        "JUPYTER_PATH": str(jupyter_data),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "PYTHONPATH": str(ROOT),
    })
    argv = [sys.executable, "-m", "voila", NOTEBOOK, "--no-browser", "--port=%d" % port,
            "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--show_tracebacks=True"]

    def ready():
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    with local_server("Voila", argv, env, root, tmp_path / "voila.log", ready):
        yield "http://127.0.0.1:%d" % port


def test_steppers_in_voila(voila, tmp_path):
    sync_api = browser_or_skip()
    order, texts, _ = expected_run()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        context = launch(p, tmp_path)
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.goto(voila, wait_until="domcontentloaded", timeout=90000)
            steppers = page.locator(".widget-vbox:has(> .widget-hbox button:has-text('Back'))")
            steppers.first.wait_for(timeout=90000)
            op_widget = steppers.first
            assert "Traceback" not in page.inner_text("body")
            snapshots = page.locator("img[src^='data:image/svg+xml']")
            assert all(not snapshots.nth(i).is_visible() for i in range(snapshots.count()))
            check_op_stepper(page, op_widget, order, texts, "voila_stepper")
            train_widget = page.locator(
                ".widget-vbox:has(> .widget-hbox button:has-text('Reset'))").first
            train_widget.scroll_into_view_if_needed()
            check_training(page, train_widget, "voila")
        finally:
            context.close()
